"""What every framing detector reads (one claim's voices) and writes (a finding), and its settings."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from compare.model import Attribution, Claim, Document, Evidence, Finding, FramingKind, Reprint, Rule, Sentence


@dataclass(frozen=True)
class FramingSettings:
    """Weights (significance) and thresholds of the framing detectors, in one place."""

    max_wording_per_claim: int = 3  # a claim's most telling word choices; the rest is noise
    # Significance orders findings in a report: disagreements first, word choices last.
    numbers_disagree: float = 1.0
    numbers_hedged: float = 0.7
    # Across an event (numbers.find_for_event): the smallest count that ties two sentences together
    # ("35 minutes" and "two leaders" are too common), and how sure such a finding is (below a
    # claim's own comparison, which also knows the sentences say the same thing).
    numbers_event_min_count: float = 100
    numbers_event_confidence: float = 0.8
    # A description ("the general") after the same source named the person: a second reference.
    actors_second_reference_confidence: float = 0.3
    dates_disagree: float = 0.95
    attribution_wrong_party: float = 1.0
    attribution_fact: float = 0.8
    attribution_origins: float = 0.6
    attribution_origin_unnamed: float = 0.5
    quotation_altered: float = 0.7
    quotation_paraphrased: float = 0.5
    quotation_shortened: float = 0.4
    hedging: float = 0.6
    actors_wrong: float = 1.0
    actors_described: float = 0.5
    actors_title: float = 0.35
    wording_loaded: float = 0.55
    wording: float = 0.3
    # A quotation this close to a readout passage (share of its words) but not verbatim was altered.
    quotation_overlap: float = 0.6
    # Below this, a finding is counted in the report but not shown (see Finding.confidence).
    shown_confidence: float = 0.5


@dataclass(frozen=True)
class Voice:
    """One source's sentence in a claim."""

    document: Document
    sentence: Sentence
    partial: bool
    words: str  # what carries the claim: the part, when only part of the sentence does
    specificity: int  # Mention.specificity

    @property
    def name(self) -> str:
        return self.document.label

    @property
    def specific(self) -> bool:
        """Its words are about this claim: a full mention, or a part (not a whole partial sentence)."""
        return not (self.partial and self.words == self.sentence.text)


@dataclass(frozen=True)
class EventText:
    """The one input record of the detectors that read across a whole event, not one claim."""

    documents: tuple[Document, ...]
    sentences: tuple[Sentence, ...]
    reprints: tuple[Reprint, ...]
    claims: tuple[Claim, ...]
    settings: FramingSettings = field(default_factory=FramingSettings)
    other_contacts: frozenset[Sentence] = frozenset()  # about another contact than the event's

    def by_id(self) -> dict[str, Document]:
        return {d.id: d for d in self.documents}

    def original_sentences(self) -> list[Sentence]:
        """Every sentence about the event's contact in the documents that are not reprints, document
        by document in order: a reprint repeats its original's words, so it would repeat its
        original's findings; a round-up's paragraph on another call has another day and counts."""
        copies = {r.document for r in self.reprints}
        return sorted(
            (s for s in self.sentences if s.document not in copies and s not in self.other_contacts),
            key=lambda s: (s.document, s.index),
        )


@dataclass(frozen=True)
class ClaimVoices:
    """The one input record of every detector: a claim, its sources' sentences, and the event around it."""

    claim: str  # Claim.id
    voices: tuple[Voice, ...]  # the most specific mention of each source
    mentions: tuple[Voice, ...]  # every mention, several per source when a source repeats the claim
    documents: tuple[Document, ...]  # all documents of the event
    readout_texts: tuple[str, ...]  # every readout sentence of the event (a quote may come from any)
    event_texts: tuple[str, ...] = ()  # every sentence of the event
    people: frozenset[str] = frozenset()  # surnames named in full somewhere in the event
    # Each document's sentences in order: what stands around a voice (an attribution a sentence later).
    document_sentences: Mapping[str, tuple[Sentence, ...]] = field(default_factory=dict)
    reprints: tuple[Reprint, ...] = ()  # documents that copy another's text (their "today" is the original's)
    settings: FramingSettings = field(default_factory=FramingSettings)

    @property
    def specific(self) -> list[Voice]:
        return [v for v in self.voices if v.specific]

    def around(self, voice: Voice, *, before: int, after: int) -> list[Sentence]:
        """The sentences of the voice's document just before and after its own."""
        sentences = self.document_sentences.get(voice.document.id, ())
        index = voice.sentence.index
        return [s for s in sentences if index - before <= s.index <= index + after and s.index != index]

    @property
    def issuers(self) -> set[str]:
        return {d.issuer or d.outlet for d in self.documents if d.kind.value == "readout"}


def make_finding(
    claim: str,
    kind: FramingKind,
    summary: str,
    why: str,
    evidence: Iterable[tuple[Voice, str] | tuple[Voice, str, Attribution]],
    significance: float,
    identity: Iterable[str],
    *,
    rule: Rule | None = None,
    confidence: float = 1.0,
) -> Finding:
    """A finding whose id is derived from what it is about, not from run order.

    An evidence item may carry, third, how that source attributes the claim (`check` reads it).
    """
    cited = tuple(Evidence(item[0].document.id, item[0].sentence.index, item[1], *item[2:]) for item in evidence)
    key = "|".join([claim, kind.value, *sorted(identity)])
    return Finding(
        id=f"{kind.value}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
        claim=claim,
        kind=kind,
        rule=rule,
        summary=summary,
        why=why,
        evidence=cited,
        significance=significance,
        confidence=round(min(1.0, max(0.0, confidence)), 2),
    )


def one_voice_per_document(voices: Sequence[Voice]) -> list[Voice]:
    """The most specific mention of each source: a whole sentence in full, else a part, else a sentence."""
    chosen: dict[str, Voice] = {}
    for voice in voices:
        current = chosen.get(voice.document.id)
        if current is None or voice.specificity > current.specificity:
            chosen[voice.document.id] = voice
    return list(chosen.values())


_QUOTED = re.compile(
    r"“(?P<curly>[^”]{2,})”|\"(?P<straight>[^\"]{2,})\"|(?:(?<=\s)|^)‘(?P<single>[^’]{2,}?)’(?=[\s,.;:!?]|$)"
)


@lru_cache(maxsize=8192)
def quotations(text: str) -> tuple[str, ...]:
    """Directly quoted passages of a sentence."""
    return tuple(next(g for g in match.groups() if g) for match in _QUOTED.finditer(text))
