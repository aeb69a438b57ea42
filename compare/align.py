"""Align the sentences of one event into claims.

Given the same-claim probability of every pair of sentences from different documents, claims are
built by constrained average-linkage clustering: the two groups with the highest mean pair
probability merge first, never two groups that hold sentences of the same document, and only while
that mean stays above the threshold. Average linkage, unlike single-link chaining, does not let
A~B and B~C drag an unrelated C into A's claim. A sentence that also carries another claim as a
minor part (a news sentence packing three readout points) is then attached to that claim as a
partial mention.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from compare.match import Calibration, Terms, pair_features, sentence_terms
from compare.model import Claim, Mention, Sentence

_CANNOT_LINK = -1.0


# The calibration's own threshold is the best decision for one pair seen alone, at the even
# odds of the labelled pairs. Inside an event nearly every pair is unrelated, so groups merge only
# on stronger evidence; a unit joins a second claim (as a partial mention) on stronger still.
MERGE_THRESHOLD = 0.7
PARTIAL_THRESHOLD = 0.75


@dataclass(frozen=True)
class AlignmentSettings:
    threshold: float = MERGE_THRESHOLD  # merge while the mean pair probability is at least this
    partial_threshold: float = PARTIAL_THRESHOLD  # also attach a unit to a claim at this probability


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
    calibration: Calibration,
    threshold: float,
    partial_threshold: float,
) -> tuple[Claim, ...]:
    """Claims in reading order; every sentence is a mention of at least one claim."""
    probabilities = pair_probabilities(
        documents=[u.document for u in units],
        vectors=vectors,
        terms=sentence_terms([u.text for u in units]),
        calibration=calibration,
    )
    groups = cluster(probabilities=probabilities, documents=[u.document for u in units], threshold=threshold)
    groups = _settle_parts(groups, units)
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
            sentence = sentences[units[position].sentence]
            mentions.setdefault(
                (sentence.document, sentence.index), Mention(sentence.document, sentence.index, partial=True)
            )
        claims.append(list(mentions.values()))
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
    terms: Terms,
    calibration: Calibration,
) -> np.ndarray:
    """Symmetric matrix of same-claim probabilities; same-document pairs are -1 (never linked)."""
    count = len(documents)
    probabilities = np.full((count, count), _CANNOT_LINK)
    labels = np.array(documents)
    left, right = np.triu_indices(count, k=1)
    cross = labels[left] != labels[right]
    left, right = left[cross], right[cross]
    if len(left):
        scores = calibration.probability(pair_features(vectors=vectors, terms=terms, left=left, right=right))
        probabilities[left, right] = scores
        probabilities[right, left] = scores
    return probabilities


def cluster(*, probabilities: np.ndarray, documents: Sequence[str], threshold: float) -> list[list[int]]:
    """Constrained average-linkage clustering; returns groups of unit positions."""
    count = len(documents)
    if count == 0:
        return []
    linkage = probabilities.astype(np.float64, copy=True)
    np.fill_diagonal(linkage, _CANNOT_LINK)
    sizes = np.ones(count)
    members: list[list[int]] = [[i] for i in range(count)]
    doc_sets: list[set[str]] = [{d} for d in documents]
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
        doc_sets[a] |= doc_sets[b]
        alive[b] = False
    return [sorted(members[i]) for i in range(count) if alive[i]]


def _settle_parts(groups: list[list[int]], units: Sequence[Unit]) -> list[list[int]]:
    """Keep a sentence's parts only where they add an alignment.

    A part left on its own says nothing its whole sentence does not, so it is dropped; a whole
    sentence left on its own is dropped when every one of its parts found a match elsewhere.
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
        if len(groups[group_of[whole]]) == 1 and all(len(documents_in[group_of[p]]) > 1 for p in parts):
            dropped.add(whole)
    return [group for group in groups if not all(p in dropped for p in group)]


def _partial_mentions(
    groups: list[list[int]], probabilities: np.ndarray, units: Sequence[Unit], threshold: float
) -> list[list[int]]:
    """For each group, units of other documents that carry its claim too (as a minor part)."""
    partials: list[list[int]] = [[] for _ in groups]
    for group_index, members in enumerate(groups):
        present = {units[i].document for i in members}
        scores = probabilities[:, members].max(axis=1)
        for candidate in np.flatnonzero(scores >= threshold):
            if units[candidate].document not in present:
                partials[group_index].append(int(candidate))
    return partials


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
