"""Hand-made gold alignments (format: gold/FORMAT.md) and their mapping onto segmented sentences."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from compare.errors import GoldError
from compare.model import Sentence


@dataclass(frozen=True)
class GoldClaim:
    id: str
    members: tuple[tuple[str, str], ...]  # (document id, verbatim sentence prefix)
    partial: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class GoldEvent:
    source: str  # file the annotation came from
    name: str
    documents: tuple[str, ...]
    claims: tuple[GoldClaim, ...]


@dataclass(frozen=True)
class SentenceKey:
    document: str
    index: int


@dataclass(frozen=True)
class MappedClaim:
    """A gold claim with its sentences resolved to the system's segmentation."""

    id: str
    members: frozenset[SentenceKey]
    partial: frozenset[SentenceKey]

    @property
    def documents(self) -> frozenset[str]:
        return frozenset(k.document for k in self.members | self.partial)


def load_gold(folder: Path) -> tuple[GoldEvent, ...]:
    if not folder.is_dir():
        raise GoldError(f"{folder}: no such folder of gold alignments")
    files = sorted(folder.glob("*.json"))
    if not files:
        raise GoldError(f"{folder}: no gold alignment files (*.json)")
    return tuple(_load_event(path) for path in files)


def _load_event(path: Path) -> GoldEvent:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GoldError(f"{path}: cannot be read as JSON ({error})") from None
    try:
        documents = tuple(str(d) for d in data["documents"])
        claims = tuple(
            GoldClaim(
                id=str(claim["id"]),
                members=_sentences(claim.get("members", {}), documents, path),
                partial=_sentences(claim.get("partial", {}), documents, path),
            )
            for claim in data["claims"]
        )
    except (KeyError, TypeError) as error:
        raise GoldError(f"{path}: missing or malformed field {error}") from None
    return GoldEvent(source=str(path), name=str(data.get("event", path.stem)), documents=documents, claims=claims)


def _sentences(section: Mapping[str, Any], documents: Sequence[str], path: Path) -> tuple[tuple[str, str], ...]:
    pairs: list[tuple[str, str]] = []
    for document, prefixes in section.items():
        if document not in documents:
            raise GoldError(f"{path}: claim cites document {document!r}, which is not in the event's documents")
        pairs.extend((document, str(prefix)) for prefix in prefixes)
    return tuple(pairs)


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split())


_DATELINE = re.compile(r"^[A-Z][A-Z.' -]{2,40}(\([^)]*\))?\s*[:—–-]\s+")


def map_claims(event: GoldEvent, sentences: Sequence[Sentence]) -> tuple[MappedClaim, ...]:
    """Resolve each gold prefix to the system sentence that holds it.

    A prefix matches the sentence that contains it; if the system trimmed the sentence's start
    (a dateline), the sentence whose text starts inside the prefix. Several gold sentences may map
    to one system sentence when the segmenter kept them together.
    """
    by_document: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_document.setdefault(sentence.document, []).append(sentence)
    cache: dict[tuple[str, str], SentenceKey] = {}

    def resolve(document: str, prefix: str) -> SentenceKey:
        if (document, prefix) not in cache:
            cache[(document, prefix)] = _find(document, prefix, by_document.get(document, []), event.source)
        return cache[(document, prefix)]

    return tuple(
        MappedClaim(
            id=claim.id,
            members=frozenset(resolve(d, p) for d, p in claim.members),
            partial=frozenset(resolve(d, p) for d, p in claim.partial),
        )
        for claim in event.claims
    )


def _find(document: str, prefix: str, sentences: Sequence[Sentence], source: str) -> SentenceKey:
    wanted = _normalise(prefix)
    trimmed = _DATELINE.sub("", wanted)
    for sentence in sentences:
        text = _normalise(sentence.text)
        if wanted in text or (trimmed and trimmed in text):
            return SentenceKey(document, sentence.index)
    for sentence in sentences:
        head = _normalise(sentence.text)[:30]
        if len(head) >= 10 and head in wanted:
            return SentenceKey(document, sentence.index)
    raise GoldError(f"{source}: no sentence of {document} matches the gold prefix {prefix[:60]!r}")
