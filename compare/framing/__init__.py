"""Framing: how the sources that carry the same claim tell it differently.

Each detector (one module each) reads the sentences of one claim and reports what differs, with the
exact words of each source and why it was flagged: numbers and their hedges, dates (weekdays and
"today" resolved against the document's date), who is named and how, whom the claim is attributed
to, quotation versus paraphrase, hedging, and the content words each side chose. Detectors are
rules, not models: each finding can be checked against the words it cites, and each rule is
tested on pairs that must and must not be flagged.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from compare.framing import actors, attribution, dates, hedging, numbers, quotation, wording
from compare.framing.actors import actor_names, event_people
from compare.framing.attribution import attribution_of
from compare.framing.common import ClaimVoices, EventText, FramingSettings, Voice, one_voice_per_document
from compare.framing.dates import dates as date_mentions
from compare.framing.hedging import hedges
from compare.framing.numbers import quantities
from compare.framing.worddiff import substitutions
from compare.model import Claim, Event, Finding, FramingKind, Kind, Sentence, SentenceFraming

__all__ = [
    "FRAMING_KINDS",
    "ClaimVoices",
    "Framing",
    "FramingSettings",
    "actor_names",
    "attribution_of",
    "date_mentions",
    "event_people",
    "find_framing",
    "hedges",
    "quantities",
    "substitutions",
]

FRAMING_KINDS = {
    FramingKind.NUMBERS: "Numbers and quantities",
    FramingKind.DATES: "Dates and times",
    FramingKind.ATTRIBUTION: "Attribution: who is said to have said it",
    FramingKind.QUOTATION: "Quotation and paraphrase",
    FramingKind.HEDGING: "Hedging and modality",
    FramingKind.ACTORS: "Actors and titles",
    FramingKind.WORDING: "Wording",
}


@dataclass(frozen=True)
class Framing:
    """What the framing stage found for an event: findings, and how each sentence tells its claims."""

    findings: tuple[Finding, ...]
    annotations: tuple[SentenceFraming, ...]


def find_framing(
    *,
    event: Event,
    sentences: Sequence[Sentence],
    claims: Sequence[Claim],
    settings: FramingSettings | None = None,
    other_contacts: Collection[Sentence] = (),
) -> Framing:
    """All framing findings of an event, most significant first, and each sentence's annotation.

    `other_contacts`: sentences about another contact (contact.other_contacts), which the
    event-wide detectors (the call's day, counts across the event) leave out.
    """
    settings = settings or FramingSettings()
    documents = {d.id: d for d in event.documents}
    by_key = {(s.document, s.index): s for s in sentences}
    # A quotation is checked against everything the readouts say, not only the aligned sentence.
    readout_texts = tuple(s.text for s in sentences if documents[s.document].kind is Kind.READOUT)
    texts = tuple(s.text for s in sentences)
    people = event_people(texts)
    by_document: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_document.setdefault(sentence.document, []).append(sentence)
    document_sentences = {d: tuple(sorted(found, key=lambda s: s.index)) for d, found in by_document.items()}
    described_before: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    findings: list[Finding] = []
    for claim in claims:
        if len(claim.documents) < 2:
            continue
        mentions = tuple(
            Voice(
                documents[m.document],
                by_key[(m.document, m.sentence)],
                m.partial,
                m.part or by_key[(m.document, m.sentence)].text,
                m.specificity,
            )
            for m in claim.mentions
        )
        voices = ClaimVoices(
            claim=claim.id,
            voices=tuple(one_voice_per_document(mentions)),
            mentions=mentions,
            documents=tuple(event.documents),
            readout_texts=readout_texts,
            event_texts=texts,
            people=people,
            document_sentences=document_sentences,
            reprints=tuple(event.reprints),
            settings=settings,
        )
        for detector in (numbers.find, dates.find, attribution.find, hedging.find, wording.find, quotation.find):
            findings.extend(detector(voices))
        findings.extend(actors.find(voices, described_before=described_before))
    across = EventText(
        tuple(event.documents),
        tuple(sentences),
        tuple(event.reprints),
        tuple(claims),
        settings,
        frozenset(other_contacts),
    )
    for across_event in (dates.find_for_event, numbers.find_for_event):
        findings.extend(across_event(across))
    return Framing(_without_repeats(findings), _annotations(event, sentences, claims))


def _without_repeats(findings: list[Finding]) -> tuple[Finding, ...]:
    # A sentence that carries several claims would repeat the same difference under each of them.
    unique: dict[tuple[str, tuple[tuple[str, str], ...]], Finding] = {}
    for finding in findings:
        key = (finding.kind, tuple(sorted((e.document, e.words) for e in finding.evidence)))
        if key not in unique or finding.claim < unique[key].claim:
            unique[key] = finding
    # Two claims over the same sentences can word the same finding alike: show it once.
    by_summary: dict[tuple[str, str], tuple[str, tuple[tuple[str, str], ...]]] = {}
    for seen, finding in sorted(unique.items(), key=lambda item: item[1].claim):
        by_summary.setdefault((finding.kind, finding.summary), seen)
    unique = {key: unique[key] for key in by_summary.values()}
    # The same difference seen among fewer sources, under a narrower claim, is dropped. Broader
    # findings are looked up through one piece of evidence they must share, not among all of them.
    sharing: dict[tuple[str, tuple[str, str]], list[frozenset[tuple[str, str]]]] = {}
    for kind, evidence in unique:
        for item in evidence:
            sharing.setdefault((kind, item), []).append(frozenset(evidence))
    kept = [
        f
        for (kind, evidence), f in unique.items()
        if not any(frozenset(evidence) < other for other in sharing[(kind, evidence[0])])
    ]
    return tuple(sorted(kept, key=lambda f: (-f.significance, f.claim, f.kind, f.id)))


def _annotations(event: Event, sentences: Sequence[Sentence], claims: Sequence[Claim]) -> tuple[SentenceFraming, ...]:
    """Attribution and hedges of every sentence, and of every part of a sentence that carries a claim."""
    parts = {(m.document, m.sentence, m.part) for c in claims for m in c.mentions if m.part is not None}
    found = [
        SentenceFraming(s.document, s.index, None, attribution_of(s.text, documents=event.documents), hedges(s.text))
        for s in sentences
    ]
    by_key = {(s.document, s.index): s for s in sentences}
    for document, index, part in sorted(parts, key=lambda p: (p[0], p[1], p[2] or "")):
        assert part is not None
        text = by_key[(document, index)].text
        found.append(
            SentenceFraming(document, index, part, attribution_of(text, documents=event.documents), hedges(part))
        )
    return tuple(found)
