"""Align the sentences of one event into claims.

Given the same-claim probability of every pair of sentences from different documents, claims are
built by constrained average-linkage clustering: the two groups with the highest mean pair
probability merge first, never two groups that hold sentences of the same document, and only while
that mean stays above the threshold. Average linkage, unlike single-link chaining, does not let
A~B and B~C drag an unrelated C into A's claim. A sentence that decompose.claim_parts splits into
several parts takes part through its parts only. A sentence that also carries another claim as a
minor part (a news sentence packing three readout points, or restating a point it made earlier)
is then attached to that claim as a partial mention.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from compare.match import Calibration, Terms, event_features, pair_features, sentence_terms
from compare.model import Claim, Mention, Sentence
from compare.tokens import TokenVectors

_CANNOT_LINK = -1.0


# The calibration's own threshold is the best decision for one pair seen alone, at the even
# odds of the labelled pairs. Inside an event nearly every pair is unrelated, so groups merge only
# on stronger evidence (7:3 odds). A unit joins a further claim as a partial mention on the same
# evidence: one threshold, not two to balance.
MERGE_THRESHOLD = 0.7
PARTIAL_THRESHOLD = MERGE_THRESHOLD
# Up to this many units an event is scored densely (every cross-document pair: ~32 MB at the
# limit). Beyond it, each unit is scored only against its nearest neighbours in the other
# documents, found by blocked matrix products, so time and memory grow linearly with the event.
DENSE_LIMIT = 2_000
# The most claims one unit joins as a partial mention (the shipped corpus needs 3).
MAX_PARTIAL_CLAIMS = 4
NEIGHBOURS = 12
BLOCK_ROWS = 1_024


@dataclass(frozen=True)
class AlignmentSettings:
    # Merge while the mean pair probability is at least this; also attach a unit to a further
    # claim as a partial mention at this probability. None: the calibration's event-stage
    # threshold when it has one (fitted on real events), else MERGE_THRESHOLD.
    threshold: float | None = None
    partial_threshold: float | None = None

    def thresholds(self, calibration: Calibration) -> tuple[float, float]:
        fitted = calibration.event_stage.threshold if calibration.event_stage else MERGE_THRESHOLD
        merge = self.threshold if self.threshold is not None else fitted
        return merge, self.partial_threshold if self.partial_threshold is not None else merge


@dataclass(frozen=True)
class Unit:
    """What alignment compares: a whole sentence, or one part of it (decompose.claim_parts)."""

    sentence: int  # position in the event's sentence list
    part: int | None  # None for the whole sentence
    text: str
    document: str


def align_event(
    *,
    sentences: Sequence[Sentence],
    units: Sequence[Unit],
    vectors: np.ndarray,
    tokens: Sequence[TokenVectors] | None = None,
    calibration: Calibration,
    threshold: float,
    partial_threshold: float,
    apart: Collection[int] = (),
) -> tuple[Claim, ...]:
    """Claims in reading order; every sentence is a mention of at least one claim.

    `tokens` (one per unit) feed the event stage; without them only the first stage scores pairs.
    `apart`: positions of sentences that report another contact (contact.other_contacts); they
    are not linked to other documents' sentences, however alike the words.
    """
    probabilities = pair_probabilities(
        documents=[u.document for u in units],
        vectors=vectors,
        tokens=tokens,
        terms=sentence_terms([u.text for u in units]),
        calibration=calibration,
        apart=np.isin([u.sentence for u in units], list(apart)) if apart else None,
    )
    carriers = _carriers(units)
    clustered = cluster(
        probabilities=(
            probabilities[carriers][:, carriers]
            if sparse.issparse(probabilities)
            else probabilities[np.ix_(carriers, carriers)]
        ),
        documents=[units[i].document for i in carriers],
        threshold=threshold,
    )
    groups = _settle_parts([[carriers[i] for i in group] for group in clustered], units)
    partials = _partial_mentions(groups, probabilities, units, partial_threshold)
    claims: list[list[Mention]] = []
    for group, extra in zip(groups, partials, strict=True):
        mentions = {}
        for position in group:
            unit = units[position]
            sentence = sentences[unit.sentence]
            mentions[(sentence.document, sentence.index)] = Mention(
                sentence.document,
                sentence.index,
                partial=unit.part is not None,
                part=unit.text if unit.part is not None else None,
            )
        for position in extra:
            unit = units[position]
            sentence = sentences[unit.sentence]
            mentions.setdefault(
                (sentence.document, sentence.index),
                Mention(
                    sentence.document, sentence.index, partial=True, part=unit.text if unit.part is not None else None
                ),
            )
        claims.append(list(mentions.values()))
    claims = _fold_redundant_claims(claims)
    order = _reading_order(claims, sentences)
    rank = _document_rank(sentences)
    return tuple(
        Claim(
            id=f"c{number:02d}",
            mentions=tuple(sorted(claims[i], key=lambda m: (rank[m.document], m.partial, m.sentence))),
        )
        for number, i in enumerate(order, start=1)
    )


def pair_probabilities(
    *,
    documents: Sequence[str],
    vectors: np.ndarray,
    tokens: Sequence[TokenVectors] | None = None,
    terms: Terms,
    calibration: Calibration,
    apart: np.ndarray | None = None,
) -> np.ndarray | sparse.csr_matrix:
    """Symmetric same-claim probabilities of cross-document pairs.

    With an event stage in the calibration, each pair is re-scored inside the event (match.EventStage).
    Dense (same-document pairs -1, never linked) up to DENSE_LIMIT units; above it a sparse
    matrix holding only each unit's nearest cross-document neighbours (absent pairs: unlinked).
    `apart` (one flag per unit): units linked to no other document's, 0 when dense, absent when
    sparse (and never taken as anyone's neighbour).
    """
    count = len(documents)
    labels = np.asarray(documents)

    def score(left: np.ndarray, right: np.ndarray) -> np.ndarray:
        first = calibration.probability(pair_features(vectors=vectors, terms=terms, left=left, right=right))
        if calibration.event_stage is None or tokens is None or len(left) == 0:
            return first
        features = event_features(
            probability=first, vectors=vectors, tokens=tokens, documents=labels, terms=terms, left=left, right=right
        )
        return calibration.event_stage.probability(features)

    if count > DENSE_LIMIT:
        left, right = nearest_pairs(vectors=vectors, documents=labels, apart=apart)
        scores = score(left, right)
        matrix = sparse.coo_matrix(
            (np.concatenate([scores, scores]), (np.concatenate([left, right]), np.concatenate([right, left]))),
            shape=(count, count),
        )
        return matrix.tocsr()
    probabilities = np.full((count, count), _CANNOT_LINK)
    left, right = np.triu_indices(count, k=1)
    cross = labels[left] != labels[right]
    if apart is not None:
        held = cross & (apart[left] | apart[right])
        probabilities[left[held], right[held]] = probabilities[right[held], left[held]] = 0.0
        cross &= ~held
    left, right = left[cross], right[cross]
    if len(left):
        scores = score(left, right)
        probabilities[left, right] = scores
        probabilities[right, left] = scores
    return probabilities


def nearest_pairs(
    *, vectors: np.ndarray, documents: np.ndarray, neighbours: int = NEIGHBOURS, apart: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Unique pairs (i < j) linking each unit to its most similar units of other documents.

    Units flagged in `apart` are in no pair: they take no neighbour's place.
    """
    count = len(documents)
    _, document_codes = np.unique(documents, return_inverse=True)
    keep = min(neighbours, count - 1)
    found_left, found_right = [], []
    for start in range(0, count, BLOCK_ROWS):
        stop = min(start + BLOCK_ROWS, count)
        similarity = vectors[start:stop] @ vectors.T
        similarity[document_codes[start:stop, np.newaxis] == document_codes[np.newaxis, :]] = -np.inf
        if apart is not None:
            similarity[:, apart] = -np.inf
            similarity[apart[start:stop]] = -np.inf
        nearest = (
            np.argpartition(-similarity, keep - 1, axis=1)[:, :keep] if keep > 0 else np.zeros((stop - start, 0), int)
        )
        rows = np.repeat(np.arange(start, stop), nearest.shape[1])
        columns = nearest.ravel()
        valid = np.isfinite(similarity[rows - start, columns])
        found_left.append(np.minimum(rows, columns)[valid])
        found_right.append(np.maximum(rows, columns)[valid])
    keys = np.unique(np.concatenate(found_left).astype(np.int64) * count + np.concatenate(found_right))
    return keys // count, keys % count


def cluster(
    *, probabilities: np.ndarray | sparse.spmatrix, documents: Sequence[str], threshold: float
) -> list[list[int]]:
    """Constrained average-linkage clustering; returns groups of unit positions."""
    if sparse.issparse(probabilities):
        return _cluster_sparse(sparse.csr_matrix(probabilities), documents, threshold)
    return _cluster_dense(np.asarray(probabilities), documents, threshold)


def _cluster_dense(probabilities: np.ndarray, documents: Sequence[str], threshold: float) -> list[list[int]]:
    count = len(documents)
    if count == 0:
        return []
    linkage = probabilities.astype(np.float64, copy=True)
    labels = np.asarray(documents)
    linkage[labels[:, np.newaxis] == labels[np.newaxis, :]] = _CANNOT_LINK  # the diagonal too
    sizes = np.ones(count)
    members: list[list[int]] = [[i] for i in range(count)]
    alive = np.ones(count, dtype=bool)
    while True:
        flat = int(np.argmax(linkage))
        a, b = divmod(flat, count)
        if linkage[a, b] < threshold:
            break
        if a > b:
            a, b = b, a
        # Average linkage (Lance-Williams): the merged row is the size-weighted mean.
        merged = (sizes[a] * linkage[a] + sizes[b] * linkage[b]) / (sizes[a] + sizes[b])
        blocked = (linkage[a] == _CANNOT_LINK) | (linkage[b] == _CANNOT_LINK)
        merged[blocked] = _CANNOT_LINK
        linkage[a] = merged
        linkage[:, a] = merged
        linkage[a, a] = _CANNOT_LINK
        linkage[b] = _CANNOT_LINK
        linkage[:, b] = _CANNOT_LINK
        sizes[a] += sizes[b]
        members[a].extend(members[b])
        alive[b] = False
    return [sorted(members[i]) for i in range(count) if alive[i]]


def _cluster_sparse(probabilities: sparse.csr_matrix, documents: Sequence[str], threshold: float) -> list[list[int]]:
    """The same clustering over a sparse matrix: a pair not in it counts as probability 0.

    Linkage sums live in dictionaries and candidate merges in a heap, so the work follows the
    number of scored pairs rather than the square of the event's size.
    """
    count = len(documents)
    labels = np.asarray(documents)
    coo = sparse.triu(probabilities, k=1).tocoo()
    sums: list[dict[int, float]] = [{} for _ in range(count)]
    for i, j, value in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True):
        if labels[i] != labels[j]:
            sums[i][j] = sums[i].get(j, 0.0) + value
            sums[j][i] = sums[j].get(i, 0.0) + value
    sizes = [1] * count
    members: list[list[int]] = [[i] for i in range(count)]
    document_sets: list[set[str]] = [{str(d)} for d in labels]
    alive = [True] * count
    version = [0] * count
    heap: list[tuple[float, int, int, int, int]] = []

    def push(a: int, b: int) -> None:
        a, b = min(a, b), max(a, b)
        average = sums[a][b] / (sizes[a] * sizes[b])
        if average >= threshold and not (document_sets[a] & document_sets[b]):
            heapq.heappush(heap, (-average, a, b, version[a], version[b]))

    for a in range(count):
        for b in sums[a]:
            if a < b:
                push(a, b)
    while heap:
        _, a, b, version_a, version_b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or version[a] != version_a or version[b] != version_b:
            continue  # stale: one of the two has merged since
        for neighbour, value in sums[b].items():
            if neighbour != a:
                sums[a][neighbour] = sums[a].get(neighbour, 0.0) + value
                sums[neighbour][a] = sums[neighbour].get(a, 0.0) + value
            del sums[neighbour][b]
        sums[a].pop(b, None)
        sums[b] = {}
        sizes[a] += sizes[b]
        members[a].extend(members[b])
        document_sets[a] |= document_sets[b]
        alive[b] = False
        version[a] += 1
        for neighbour in sums[a]:
            push(a, neighbour)
    return [sorted(members[i]) for i in range(count) if alive[i]]


def _carriers(units: Sequence[Unit]) -> list[int]:
    """Units that take part in clustering.

    A sentence split into several parts is represented by its parts: the whole, a union of
    claims, would otherwise pull together sentences that share only some of them.
    """
    parts: dict[int, int] = {}
    for unit in units:
        if unit.part is not None:
            parts[unit.sentence] = parts.get(unit.sentence, 0) + 1
    return [i for i, unit in enumerate(units) if unit.part is not None or parts.get(unit.sentence, 0) < 2]


def _settle_parts(groups: list[list[int]], units: Sequence[Unit]) -> list[list[int]]:
    """Keep a sentence's parts only where they add an alignment.

    A part left on its own says nothing its whole sentence does not, so it is dropped; a whole
    sentence left on its own is dropped when every one of its parts found a match elsewhere; a
    sentence none of whose units is left becomes a claim of its own (its whole).
    """
    group_of = {position: index for index, group in enumerate(groups) for position in group}
    documents_in = [{units[p].document for p in group} for group in groups]
    parts_of: dict[int, list[int]] = {}
    whole_of: dict[int, int] = {}
    for position, unit in enumerate(units):
        if unit.part is None:
            whole_of[unit.sentence] = position
        else:
            parts_of.setdefault(unit.sentence, []).append(position)
    dropped: set[int] = set()
    for sentence, parts in parts_of.items():
        for part in parts:
            if len(groups[group_of[part]]) == 1:
                dropped.add(part)
        whole = whole_of[sentence]
        alone = whole in group_of and len(groups[group_of[whole]]) == 1
        if alone and all(len(documents_in[group_of[p]]) > 1 for p in parts):
            dropped.add(whole)
    kept = [group for group in groups if not all(p in dropped for p in group)]
    covered = {units[p].sentence for group in kept for p in group}
    kept += [[whole] for sentence, whole in sorted(whole_of.items()) if sentence not in covered]
    return kept


def _partial_mentions(
    groups: list[list[int]], probabilities: np.ndarray | sparse.csr_matrix, units: Sequence[Unit], threshold: float
) -> list[list[int]]:
    """For each group, the units of other sentences that carry its claim too (as a minor part).

    A unit qualifies when it would have been linked to one of the group's members from another
    document. Its own document may already be in the group: an article that restates a point
    ("The withdrawal ... is to end by September 11" after "... pulling out of Afghanistan").
    """
    # Only pairs at or above the threshold can attach anything, so work from those alone.
    if sparse.issparse(probabilities):
        coo = sparse.coo_matrix(probabilities)
        strong = coo.data >= threshold
        rows, columns, strength = coo.row[strong], coo.col[strong], coo.data[strong]
    else:
        rows, columns = np.nonzero(probabilities >= threshold)
        strength = probabilities[rows, columns]
    group_of = np.full(len(units), -1)
    for index, members in enumerate(groups):
        group_of[members] = index
    sentences_in = [{units[m].sentence for m in members} for members in groups]
    best: dict[int, dict[int, float]] = {}  # candidate unit -> group -> strongest link into it
    for candidate, member, p in zip(rows.tolist(), columns.tolist(), strength.tolist(), strict=True):
        group = int(group_of[member])
        if group >= 0 and units[candidate].sentence not in sentences_in[group]:
            links = best.setdefault(candidate, {})
            links[group] = max(p, links.get(group, 0.0))
    partials: list[set[int]] = [set() for _ in groups]
    for candidate, links in best.items():
        # A minor part restates one point, perhaps a few; a part that matches many claims is a
        # generic sentence (or a list of near-identical ones), so it joins only its strongest few.
        for group in sorted(links, key=lambda g: (-links[g], g))[:MAX_PARTIAL_CLAIMS]:
            partials[group].add(candidate)
    return [sorted(found) for found in partials]


def _fold_redundant_claims(claims: list[list[Mention]]) -> list[list[Mention]]:
    """Fold a claim into another that holds the same sentences saying the same thing.

    Sentences that pack several points take part in several claims, and the same point can then
    come out twice. A narrow claim folds into a broader one when every sentence of the narrow one
    is in the broader one, with no two different parts of one sentence, and either

    - each is led by a sentence that carries the other only in part (ISPR's "Bajwa and Austin had
      a telephone conversation, today" and the Pentagon's "Austin spoke by phone with Bajwa on
      Wednesday"), or
    - both are carried by the same sources, and a sentence that leads either claim (a mention in
      full) is aligned in the other too, in full or through one of its parts.

    Either way no source gains or loses a claim it carries. The folded claim keeps, per sentence,
    the most specific mention: the whole sentence in full, else the part, else the sentence.
    """

    def key(mention: Mention) -> tuple[str, int]:
        return (mention.document, mention.sentence)

    def whole_partial(mention: Mention) -> bool:
        return mention.specificity == 0

    def compatible(a: Mention, b: Mention) -> bool:
        return a.part is None or b.part is None or a.part == b.part

    holding: dict[tuple[str, int], set[int]] = {}
    for index, claim in enumerate(claims):
        for mention in claim:
            holding.setdefault(key(mention), set()).add(index)
    folded: set[int] = set()
    for a, narrow in enumerate(claims):
        documents = {m.document for m in narrow}
        if len(documents) < 2:
            continue  # what one source alone says is never folded away
        # Only claims that hold every sentence of this one qualify (a sentence joins at most a few).
        candidates = set.intersection(*(holding[key(m)] for m in narrow)) - folded - {a}
        for b in sorted(candidates):
            broad = {key(m): m for m in claims[b]}
            if not all(compatible(m, broad[key(m)]) for m in narrow):
                continue
            leads_in_narrow = [m for m in narrow if not m.partial]
            leads_in_broad = [m for m in broad.values() if not m.partial]
            in_narrow = {key(m): m for m in narrow}
            mirrored = (
                leads_in_narrow
                and leads_in_broad
                and all(whole_partial(broad[key(m)]) for m in leads_in_narrow)
                and all(key(m) in in_narrow and whole_partial(in_narrow[key(m)]) for m in leads_in_broad)
            )
            # Same sources, and each sentence that leads one claim is aligned in the other too (in
            # full or through a part), not merely attached as carrying it somewhere.
            same = {m.document for m in broad.values()} == documents and all(
                key(m) in other and not whole_partial(other[key(m)])
                for m, other in [*((m, broad) for m in leads_in_narrow), *((m, in_narrow) for m in leads_in_broad)]
            )
            if not (mirrored or same):
                continue
            for mention in narrow:
                if mention.specificity > broad[key(mention)].specificity:
                    broad[key(mention)] = mention
            claims[b] = list(broad.values())
            for mention in narrow:
                holding[key(mention)].discard(a)
            folded.add(a)
            break
    return [claim for i, claim in enumerate(claims) if i not in folded]


def _document_rank(sentences: Sequence[Sentence]) -> dict[str, int]:
    rank: dict[str, int] = {}
    for sentence in sentences:
        rank.setdefault(sentence.document, len(rank))
    return rank


def _reading_order(claims: list[list[Mention]], sentences: Sequence[Sentence]) -> list[int]:
    """Claims ordered by where they first appear: documents in event order, then sentence index."""
    rank = _document_rank(sentences)

    def key(i: int) -> tuple[int, int, int, int]:
        first = min(claims[i], key=lambda m: (rank[m.document], m.partial, m.sentence))
        return (rank[first.document], int(first.partial), first.sentence, i)

    return sorted(range(len(claims)), key=key)
