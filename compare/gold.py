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


@dataclass(frozen=True)
class UnmatchedPrefix:
    """A gold prefix that no segmented sentence holds (a fragment, or a line set aside as chrome)."""

    source: str
    document: str
    prefix: str

    def __str__(self) -> str:
        return f"{self.source}: no sentence of {self.document} matches the gold prefix {self.prefix[:60]!r}; skipped"


@dataclass(frozen=True)
class MappedEvent:
    claims: tuple[MappedClaim, ...]
    unmatched: tuple[UnmatchedPrefix, ...]


def map_claims(event: GoldEvent, sentences: Sequence[Sentence]) -> MappedEvent:
    """Resolve each gold prefix to the system sentence that holds it.

    A prefix matches the sentence that contains it; if the system trimmed the sentence's start
    (a dateline), the sentence whose text starts inside the prefix. Several gold sentences may map
    to one system sentence when the segmenter kept them together. A prefix that matches nothing is
    reported and left out of its claim, so one fragment does not stop an evaluation.
    """
    by_document: dict[str, list[Sentence]] = {}
    for sentence in sentences:
        by_document.setdefault(sentence.document, []).append(sentence)
    cache: dict[tuple[str, str], SentenceKey | None] = {}
    unmatched: dict[tuple[str, str], UnmatchedPrefix] = {}

    def resolve(pairs: tuple[tuple[str, str], ...]) -> frozenset[SentenceKey]:
        found = set()
        for document, prefix in pairs:
            if (document, prefix) not in cache:
                cache[(document, prefix)] = _find(prefix, by_document.get(document, []))
            key = cache[(document, prefix)]
            if key is None:
                unmatched[(document, prefix)] = UnmatchedPrefix(event.source, document, prefix)
            else:
                found.add(key)
        return frozenset(found)

    claims = tuple(
        MappedClaim(id=claim.id, members=resolve(claim.members), partial=resolve(claim.partial))
        for claim in event.claims
    )
    return MappedEvent(claims=claims, unmatched=tuple(unmatched.values()))


def _find(prefix: str, sentences: Sequence[Sentence]) -> SentenceKey | None:
    wanted = _normalise(prefix)
    trimmed = _DATELINE.sub("", wanted)
    for sentence in sentences:
        text = _normalise(sentence.text)
        if wanted in text or (trimmed and trimmed in text):
            return SentenceKey(sentence.document, sentence.index)
    for sentence in sentences:
        head = _normalise(sentence.text)[:30]
        if len(head) >= 10 and head in wanted:
            return SentenceKey(sentence.document, sentence.index)
    return None
