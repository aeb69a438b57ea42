"""Wire the stages: files -> documents -> sentences -> vectors -> events -> claims -> findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from compare import align, clean, contact, decompose, events, ingest, segment
from compare.align import AlignmentSettings, Unit
from compare.embed import Embedder, TokenEmbedder, gives_tokens
from compare.events import GroupingSettings
from compare.framing import FramingSettings, find_framing
from compare.match import Calibration
from compare.model import AlignedEvent, Comparison, Document, DroppedLine, Event, EventComparison, Sentence
from compare.progress import SILENT, Progress
from compare.tokens import TokenVectors


@dataclass(frozen=True)
class Settings:
    grouping: GroupingSettings = field(default_factory=GroupingSettings)
    alignment: AlignmentSettings = field(default_factory=AlignmentSettings)
    framing: FramingSettings = field(default_factory=FramingSettings)


@dataclass(frozen=True)
class CorpusSentences:
    """Every document's content sentences and the unit vector of each, in one array."""

    documents: tuple[Document, ...]
    sentences: dict[str, tuple[Sentence, ...]]
    dropped: dict[str, tuple[DroppedLine, ...]]
    vectors: np.ndarray  # one row per sentence (documents in order), then one per sentence part
    rows: dict[str, range]  # document id -> its sentences' rows in `vectors`
    parts: dict[tuple[str, int], tuple[tuple[decompose.Part, int], ...]]  # sentence -> (part, row)
    tokens: tuple[TokenVectors, ...] | None = None  # one per row of `vectors`, when the embedder gives them


def run(
    *,
    corpus: Path,
    embedder: Embedder,
    calibration: Calibration,
    settings: Settings | None = None,
    progress: Progress = SILENT,
) -> Comparison:
    """Compare every event in the corpus folder."""
    warnings: list[str] = []
    documents = ingest.read_corpus(corpus, warn=warnings)
    comparison, _ = compare_documents(
        documents,
        embedder=embedder,
        calibration=calibration,
        settings=settings or Settings(),
        warnings=warnings,
        progress=progress,
    )
    return comparison


def compare_documents(
    documents: Sequence[Document],
    *,
    embedder: Embedder,
    calibration: Calibration,
    settings: Settings,
    warnings: list[str],
    progress: Progress = SILENT,
) -> tuple[Comparison, CorpusSentences]:
    """The comparison, and the prepared sentences it was made from (for `compare eval`)."""
    if calibration.model and calibration.model != embedder.identity:
        # Both stages weigh cosines as the model they were fitted with spreads them; the event stage,
        # fitted on real events, leans on that most, so it is left out.
        warnings.append(
            f"the calibration was fitted for model {calibration.model}, not {embedder.identity}; alignment may be "
            "unreliable and uses the first stage only: run `compare calibrate` (with --event-pairs) for this model"
        )
        calibration = replace(calibration, event_stage=None)
    elif calibration.event_stage is not None and not gives_tokens(embedder):
        warnings.append(
            f"{embedder.identity} gives no token vectors, which the calibration's event stage reads; "
            "alignment uses the first stage only"
        )
        calibration = replace(calibration, event_stage=None)
    prepared = prepare(documents, embedder=embedder, warnings=warnings, progress=progress)
    with progress.stage("grouping", total=len(documents), unit="documents"):
        grouped = events.group_events(
            documents,
            sentence_vectors=sentence_vectors(prepared),
            sentences={d: tuple(s.text for s in found) for d, found in prepared.sentences.items()},
            settings=settings.grouping,
        )
    with progress.stage("aligning", total=len(grouped), unit="events"):
        aligned = []
        for event in grouped:
            aligned.append(event_claims(event, prepared=prepared, calibration=calibration, settings=settings.alignment))
            progress.advance()
    with progress.stage("framing", total=len(grouped), unit="events"):
        compared = []
        for event, event_aligned in zip(grouped, aligned, strict=True):
            compared.append(frame_event(event, prepared=prepared, aligned=event_aligned, settings=settings.framing))
            progress.advance()
    warnings.extend(getattr(embedder, "warnings", []))
    return Comparison(events=tuple(compared), model=embedder.identity, warnings=tuple(warnings)), prepared


def prepare(
    documents: Sequence[Document], *, embedder: Embedder, warnings: list[str], progress: Progress = SILENT
) -> CorpusSentences:
    """Segment every document and embed all sentences in one batched pass."""
    sentences: dict[str, tuple[Sentence, ...]] = {}
    dropped: dict[str, tuple[DroppedLine, ...]] = {}
    rows: dict[str, range] = {}
    texts: list[str] = []
    not_english = []
    for document in documents:
        warnings.extend(document.warnings)
        if not clean.looks_english(document.body):
            not_english.append(document.path)
        document_sentences, document_dropped = segment.document_sentences(document)
        if not document_sentences:
            warnings.append(f"{document.path}: no content sentences after removing headline, byline and site chrome")
        sentences[document.id] = document_sentences
        dropped[document.id] = document_dropped
        rows[document.id] = range(len(texts), len(texts) + len(document_sentences))
        texts.extend(s.text for s in document_sentences)
    if not_english:
        which = "the corpus" if len(not_english) == len(documents) else ", ".join(not_english)
        warnings.append(
            f"{which}: does not look like English; the model and the framing rules are English-only, "
            "so alignment and framing there are unreliable"
        )
    parts: dict[tuple[str, int], tuple[tuple[decompose.Part, int], ...]] = {}
    for document in documents:
        for sentence in sentences[document.id]:
            found = decompose.claim_parts(sentence.text)
            if found:
                parts[(document.id, sentence.index)] = tuple((part, len(texts) + i) for i, part in enumerate(found))
                texts.extend(part.embed_text for part in found)
    # One batched pass over every sentence and part of the corpus.
    tokens: list[TokenVectors] | None = None
    with progress.stage("embedding", total=len(texts), unit="sentences"):
        if not texts:
            vectors = np.zeros((0, 1), dtype=np.float32)
            tokens = []
        elif isinstance(embedder, TokenEmbedder) and embedder.gives_tokens:
            vectors, tokens = embedder.embed_with_tokens(texts)
        else:
            vectors = embedder.embed(texts)
    return CorpusSentences(
        tuple(documents),
        sentences,
        dropped,
        np.asarray(vectors, dtype=np.float32),
        rows,
        parts,
        tuple(tokens) if tokens is not None else None,
    )


def sentence_vectors(prepared: CorpusSentences) -> dict[str, np.ndarray]:
    """Each document's sentence vectors (views into the one array, no copies)."""
    return {d.id: prepared.vectors[prepared.rows[d.id].start : prepared.rows[d.id].stop] for d in prepared.documents}


def frame_event(
    event: Event,
    *,
    prepared: CorpusSentences,
    aligned: AlignedEvent,
    settings: FramingSettings | None = None,
) -> EventComparison:
    """How the sources frame each claim of one event."""
    told = find_framing(
        event=event,
        sentences=aligned.sentences,
        claims=aligned.claims,
        settings=settings,
        other_contacts=aligned.other_contacts,
    )
    return EventComparison(
        event=event,
        sentences=aligned.sentences,
        claims=aligned.claims,
        findings=told.findings,
        framing=told.annotations,
        dropped=tuple((d.id, prepared.dropped[d.id]) for d in event.documents),
        other_contacts=aligned.other_contacts,
    )


def event_units(event: Event, *, prepared: CorpusSentences) -> tuple[list[Sentence], list[Unit], list[int]]:
    """The event's sentences, the units alignment compares (sentences and their parts), their rows."""
    event_sentences = [s for d in event.documents for s in prepared.sentences[d.id]]
    units: list[Unit] = []
    rows: list[int] = []
    for position, sentence in enumerate(event_sentences):
        units.append(Unit(position, None, sentence.text, sentence.document))
        rows.append(prepared.rows[sentence.document][sentence.index])
        for number, (part, row) in enumerate(prepared.parts.get((sentence.document, sentence.index), ())):
            units.append(Unit(position, number, part.text, sentence.document))
            rows.append(row)
    return event_sentences, units, rows


def event_claims(
    event: Event,
    *,
    prepared: CorpusSentences,
    calibration: Calibration,
    settings: AlignmentSettings,
) -> AlignedEvent:
    """Align one event's sentences into claims (no framing)."""
    event_sentences, units, rows = event_units(event, prepared=prepared)
    threshold, partial_threshold = settings.thresholds(calibration)
    elsewhere = contact.other_contacts(event.documents, {d.id: prepared.sentences[d.id] for d in event.documents})
    claims = align.align_event(
        sentences=event_sentences,
        units=units,
        vectors=prepared.vectors[rows] if rows else np.zeros((0, prepared.vectors.shape[1])),
        tokens=[prepared.tokens[r] for r in rows] if prepared.tokens is not None else None,
        calibration=calibration,
        threshold=threshold,
        partial_threshold=partial_threshold,
        apart=[i for i, s in enumerate(event_sentences) if s in elsewhere],
    )
    return AlignedEvent(tuple(event_sentences), claims, tuple(s for s in event_sentences if s in elsewhere))
