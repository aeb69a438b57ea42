"""What a reader takes in at a glance: the claim × source matrix, short claim labels, the biggest
divergences, and which words of a sentence differ from the reference wording.

Pure data, rendered twice (a Markdown table in compare.report and a picture in compare.svg), so
the two always carry the same information.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from compare.coverage import source_names
from compare.framing import FramingSettings
from compare.match import STOP_WORDS, stem
from compare.model import Claim, Document, EventComparison, Evidence, Finding, FramingKind, Kind, Mention

TOP_DIVERGENCES = 5  # a first screen holds five one-line divergences beside the matrix
MIN_DIVERGENCES = 3  # when framing findings are fewer, omissions of readout claims fill up to this
LABEL_WORDS = (2, 6)  # a label is this many words of the claim's own text
LABEL_CHARACTERS = 40  # long enough for a noun phrase, short enough for one table or picture line
QUOTE_WORDS = 9  # a divergence quotes at most this many words of each side, to stay on one line
SIDES = 2  # and two sides: the contrast; the framing details list every source

# A word and the run of characters that make it, digits and inner punctuation included
# ("7,000", "U.S.", "led-Afghan"): it starts and ends on a letter or digit, so Markdown emphasis
# placed around it is always recognised.
_TOKEN = re.compile(r"[^\W_]+(?:['’.,\-][^\W_]+)*")
# A clause, for labels: text between commas, semicolons, colons, brackets, quotation marks and dashes.
# A comma ends a clause only before a space: "2,500" is one number.
_CLAUSE = re.compile(r"(?:[^,;:()\[\]“”\"‘—–]|,(?!\s))+")


class Cell(str, Enum):
    """How one source carries one claim."""

    SAME = "same"  # carried as the reference (the readout, else the other sources) says it
    FRAMED = "framed"  # carried, framed differently (a framing finding cites this source)
    MISSING = "missing"  # not reported


SYMBOLS = {Cell.SAME: "●", Cell.FRAMED: "◐", Cell.MISSING: "○"}


@dataclass(frozen=True)
class MatrixCell:
    document: str
    state: Cell
    kinds: tuple[FramingKind, ...] = ()  # for FRAMED: what differs

    @property
    def text(self) -> str:
        """The cell as plain text: a symbol, and the kinds of difference when framed."""
        if self.state is Cell.FRAMED:
            return f"{SYMBOLS[self.state]} {', '.join(k.value for k in self.kinds)}"
        return SYMBOLS[self.state]


@dataclass(frozen=True)
class Row:
    claim: Claim
    label: str
    cells: tuple[MatrixCell, ...]  # one per document, in the event's document order


@dataclass(frozen=True)
class Matrix:
    """The claims that two or more sources carry, and every readout claim, against the sources."""

    documents: tuple[Document, ...]
    names: tuple[str, ...]  # how the report names each document, same order
    rows: tuple[Row, ...]
    same: str  # the legend for Cell.SAME: what "as said" compares with
    only_here: tuple[tuple[str, int], ...]  # (source name, claims it alone carries) left out of the rows
    labels: dict[str, str]  # every claim's label, rows or not


@dataclass(frozen=True)
class Side:
    """One source's words in a divergence."""

    document: str
    sentence: int  # index of the sentence the words come from
    words: str  # at most QUOTE_WORDS words
    quoted: bool  # False when the words describe (e.g. "no attribution") rather than quote


@dataclass(frozen=True)
class Divergence:
    claim: str
    label: str
    what: str  # plain words: "same number, hedged differently", "not reported by ISPR (readout)"
    kind: FramingKind | None  # None for an omission
    sides: tuple[Side, ...]
    more: int = 0  # sources cited beyond the sides shown


SHOWN_CONFIDENCE = FramingSettings().shown_confidence  # less certain framing findings are counted, not shown


def shown_findings(ec: EventComparison, *, all_findings: bool = False) -> tuple[Finding, ...]:
    """The findings a report shows: the confident ones, or every one with `all_findings`."""
    return tuple(f for f in ec.findings if all_findings or f.confidence >= SHOWN_CONFIDENCE)


def event_matrix(ec: EventComparison, *, all_findings: bool = False) -> Matrix:
    documents = ec.event.documents
    names = source_names(documents)
    readouts = {d.id for d in documents if d.kind is Kind.READOUT}
    kinds: dict[tuple[str, str], set[FramingKind]] = {}
    for finding in shown_findings(ec, all_findings=all_findings):
        for evidence in finding.evidence:
            kinds.setdefault((finding.claim, evidence.document), set()).add(finding.kind)
    labels = claim_labels(ec)
    rows = []
    for claim in ec.claims:
        if len(claim.documents) < 2 and not readouts & set(claim.documents):
            continue
        cells = []
        for document in documents:
            if document.id not in claim.documents:
                cells.append(MatrixCell(document.id, Cell.MISSING))
                continue
            found = kinds.get((claim.id, document.id))
            if found:
                cells.append(MatrixCell(document.id, Cell.FRAMED, tuple(k for k in FramingKind if k in found)))
            else:
                cells.append(MatrixCell(document.id, Cell.SAME))
        rows.append(Row(claim, labels[claim.id], tuple(cells)))
    shown = {row.claim.id for row in rows}
    alone = Counter(c.documents[0] for c in ec.claims if c.id not in shown)
    return Matrix(
        documents=documents,
        names=tuple(names[d.id] for d in documents),
        rows=tuple(rows),
        same="carried as the readout (else the others) says it" if readouts else "carried as the others say it",
        only_here=tuple((names[d.id], alone[d.id]) for d in documents if alone[d.id]),
        labels=labels,
    )


# ----------------------------------------------------------------------------------------- labels


def lead_mention(ec: EventComparison, claim: Claim) -> Mention:
    """The mention that best states a claim: a full one, from a readout if there is one."""
    kind = {d.id: d.kind for d in ec.event.documents}
    return min(claim.mentions, key=lambda m: (m.partial and m.part is None, kind[m.document] is not Kind.READOUT))


def mention_words(ec: EventComparison, mention: Mention) -> str:
    """The words of a mention that carry its claim: its part, else its whole sentence."""
    return mention.part or ec.sentence(mention.document, mention.sentence).text


def claim_labels(ec: EventComparison) -> dict[str, str]:
    """A few words of each claim's own text that say what it is about.

    The label is the run of words, in the claim's lead wording, whose words the claim's sources
    share most and the rest of the event uses least: what the claim is about, and what tells it
    apart from its neighbours. Nothing is paraphrased.
    """
    sentence_stems = [_stems(s.text) for s in ec.sentences]
    frequency: Counter[str] = Counter(w for stems in sentence_stems for w in stems)
    total = max(len(sentence_stems), 1)
    labels: dict[str, str] = {}
    for claim in ec.claims:
        # Per source, not per mention: a source that spreads a claim over four sentences is one voice.
        words_of: dict[str, set[str]] = {}
        for mention in claim.mentions:
            words_of.setdefault(mention.document, set()).update(_stems(mention_words(ec, mention)))
        shared: Counter[str] = Counter(w for words in words_of.values() for w in words)
        sources = len(words_of)
        # Only words two of its sources use name a claim that several carry (any word, for one source).
        least = 2 if sources > 1 else 1
        weight = {
            w: (shared[w] / sources) * math.log(1 + total / frequency.get(w, 1)) for w in shared if shared[w] >= least
        }
        labels[claim.id] = best_run(mention_words(ec, lead_mention(ec, claim)), weight)
    return labels


def best_run(text: str, weight: dict[str, float]) -> str:
    """The run of LABEL_WORDS words of `text` with the most weight.

    A run stays inside one clause (it crosses no comma, bracket or quotation mark, so it reads as a
    phrase) and starts and ends on a word with weight. With no such run, the first words of `text`.
    """
    best: tuple[float, int, int] | None = None
    for clause in _CLAUSE.finditer(text):
        tokens = list(_TOKEN.finditer(text, clause.start(), clause.end()))
        content = [_content(t.group(0)) for t in tokens]
        scores = [weight.get(stem(t.group(0)), 0.0) if c else 0.0 for t, c in zip(tokens, content, strict=True)]
        shortest, longest = LABEL_WORDS
        for start in range(len(tokens)):
            if not scores[start]:
                continue
            for end in range(start + shortest - 1, min(start + longest, len(tokens))):
                if not scores[end]:
                    continue
                if tokens[end].end() - tokens[start].start() > LABEL_CHARACTERS:
                    break
                # A small cost per word keeps labels short unless a longer run says clearly more.
                score = sum(scores[start : end + 1]) - 0.1 * (end - start)
                if best is None or score > best[0] + 1e-9:
                    best = (score, tokens[start].start(), tokens[end].end())
    if best is None:
        return _clip(text)
    _, start, end = best
    return " ".join(text[start:end].split())


def _clip(text: str) -> str:
    words = text.split()
    clipped = " ".join(words[: LABEL_WORDS[1]])
    while len(clipped) > LABEL_CHARACTERS and " " in clipped:
        clipped = clipped.rsplit(" ", 1)[0]
    return clipped if clipped == " ".join(words) else clipped + " …"


@lru_cache(maxsize=1 << 16)  # the same words recur across a corpus
def _content(word: str) -> bool:
    lowered = word.lower().replace("’", "'")
    return lowered not in STOP_WORDS and (len(word) > 2 or word[0].isdigit())


@lru_cache(maxsize=1 << 14)  # a sentence is looked at for its event's labels, divergences and marks
def _stems(text: str) -> frozenset[str]:
    return frozenset(stem(t.group(0)) for t in _TOKEN.finditer(text) if _content(t.group(0)))


# ------------------------------------------------------------------------------------ divergences


def divergences(
    ec: EventComparison,
    *,
    limit: int = TOP_DIVERGENCES,
    labels: dict[str, str] | None = None,
    all_findings: bool = False,
) -> tuple[Divergence, ...]:
    """The most significant divergences, one per claim: framing findings first, then omissions."""
    names = source_names(ec.event.documents)
    labels = labels if labels is not None else claim_labels(ec)
    texts = {(s.document, s.index): s.text for s in ec.sentences}
    chosen: list[Divergence] = []
    kinds_chosen: Counter[FramingKind] = Counter()
    candidates = [f for f in shown_findings(ec, all_findings=all_findings) if len(f.evidence) >= 2]
    while candidates and len(chosen) < limit:
        # Most significant first; a difference both sides' own words show beats one only described,
        # and a kind already listed weighs less, so the few lines cover different kinds.
        def weight(finding: Finding) -> tuple[float, str, str]:
            quoted = all(_occurs(e.words, texts.get((e.document, e.sentence), "")) for e in finding.evidence)
            score = finding.significance + 0.2 * quoted - 0.1 * kinds_chosen[finding.kind]
            return (-round(score, 6), finding.claim, finding.id)

        finding = min(candidates, key=weight)
        kinds_chosen[finding.kind] += 1
        sides = tuple(
            Side(e.document, e.sentence, _shorten(e.words), _occurs(e.words, texts.get((e.document, e.sentence), "")))
            for e in _most_different(finding.evidence)
        )
        quoted = all(side.quoted for side in sides)
        what = finding.why if quoted else finding.summary
        more = len(finding.evidence) - len(sides)
        chosen.append(Divergence(finding.claim, labels[finding.claim], what, finding.kind, sides, more))
        candidates = [c for c in candidates if c.claim != finding.claim]
    if len(chosen) < MIN_DIVERGENCES:
        chosen.extend(
            _omissions(ec, names, labels, skip={d.claim for d in chosen}, wanted=MIN_DIVERGENCES - len(chosen))
        )
    return tuple(chosen)


def _most_different(evidence: Sequence[Evidence]) -> tuple[Evidence, ...]:
    """The SIDES pieces of evidence whose words overlap least: the sharpest contrast, in their order."""
    if len(evidence) <= SIDES:
        return tuple(evidence)
    stems = [_stems(e.words) | {e.words.casefold()} for e in evidence]

    def overlap(pair: tuple[int, int]) -> tuple[float, tuple[int, int]]:
        a, b = stems[pair[0]], stems[pair[1]]
        return (len(a & b) / max(len(a | b), 1), pair)

    pairs = [(i, j) for i in range(len(evidence)) for j in range(i + 1, len(evidence))]
    first, second = min(pairs, key=overlap)
    return (evidence[first], evidence[second])


def _omissions(
    ec: EventComparison, names: dict[str, str], labels: dict[str, str], *, skip: set[str], wanted: int
) -> Iterable[Divergence]:
    """Readout claims that other sources left out, the most widely left out first."""
    documents = ec.event.documents
    readouts = [d for d in documents if d.kind is Kind.READOUT]
    if len(documents) < 2:
        return []
    found = []
    for claim in ec.claims:
        carriers = [r for r in readouts if r.id in claim.documents]
        if not carriers or claim.id in skip:
            continue
        missing = [d for d in documents if d.id not in claim.documents]
        if not missing:
            continue
        mention = lead_mention(ec, claim)
        side = Side(mention.document, mention.sentence, _shorten(mention_words(ec, mention)), quoted=True)
        what = "not reported by " + ", ".join(names[d.id] for d in missing)
        found.append((-len(missing), claim.id, Divergence(claim.id, labels[claim.id], what, None, (side,))))
    return [d for *_, d in sorted(found, key=lambda item: item[:2])][:wanted]


def _shorten(words: str) -> str:
    split = words.split()
    return " ".join(split) if len(split) <= QUOTE_WORDS else " ".join(split[:QUOTE_WORDS]) + " …"


def _occurs(words: str, sentence: str) -> bool:
    """Whether evidence words are the source's own (quoted) or a description of it ("no attribution")."""
    return " ".join(words.split()).casefold() in " ".join(sentence.split()).casefold()


# ---------------------------------------------------------------------------------- word marking


def differing_spans(text: str, reference: Sequence[str]) -> tuple[tuple[int, int], ...]:
    """Character spans of `text` whose content words occur in none of the `reference` texts.

    Adjacent differing words merge into one span, so a marked phrase reads as one. A word counts
    as shared when its stem is shared, so "talks" and "talk" are the same word.
    """
    shared: set[str] = set()
    for other in reference:
        shared |= _stems(other)
    spans: list[tuple[int, int]] = []
    open_span: tuple[int, int] | None = None
    for token in _TOKEN.finditer(text):
        word = token.group(0)
        if not _content(word):
            continue  # function words neither start nor break a marked phrase
        if stem(word) in shared:
            if open_span:
                spans.append(open_span)
                open_span = None
            continue
        open_span = (open_span[0], token.end()) if open_span else (token.start(), token.end())
    if open_span:
        spans.append(open_span)
    return tuple(spans)
