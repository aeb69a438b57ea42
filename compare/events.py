"""Group documents into events: front matter `event` wins; otherwise date proximity and content.

Two documents belong to the same event when their dates are at most `window_days` apart (partial
dates count as ranges) and their content vectors (the mean of their sentence vectors) are similar.
Only documents inside one date window are ever compared, so the work grows with the corpus, not
with its square. Undated documents are compared with every document, at a stricter threshold.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from compare.model import Document, Event, Kind, PartialDate

DEFAULT_WINDOW_DAYS = 3
DEFAULT_MIN_SIMILARITY = 0.6
UNDATED_MIN_SIMILARITY = 0.8  # without a date, content alone must be very close


@dataclass(frozen=True)
class GroupingSettings:
    window_days: int = DEFAULT_WINDOW_DAYS
    min_similarity: float = DEFAULT_MIN_SIMILARITY
    undated_min_similarity: float = UNDATED_MIN_SIMILARITY


def group_events(
    documents: Sequence[Document],
    *,
    document_vectors: Mapping[str, np.ndarray],
    settings: GroupingSettings = GroupingSettings(),
) -> tuple[Event, ...]:
    """Events in date order; `document_vectors` maps document id to a unit content vector."""
    parent = {doc.id: doc.id for doc in documents}

    def find(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a: str, b: str) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:
            parent[max(root_a, root_b)] = min(root_a, root_b)

    auto = [doc for doc in documents if not doc.event]
    auto_links, event_links = _candidate_links(auto, documents, document_vectors, settings)
    for doc, other in auto_links:
        union(doc.id, other.id)
    # A cluster of automatic documents joins at most one front-matter event, its closest, so two
    # declared events are never merged through documents that resemble both.
    best_event: dict[str, tuple[float, str]] = {}
    for doc, event, similarity in event_links:
        root = find(doc.id)
        if root not in best_event or (similarity, event) > best_event[root]:
            best_event[root] = (similarity, event)

    groups: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        if doc.event:
            groups[f"event:{doc.event}"].append(doc)
    for doc in auto:
        root = find(doc.id)
        key = f"event:{best_event[root][1]}" if root in best_event else f"auto:{root}"
        groups[key].append(doc)
    events = [_make_event(members) for members in groups.values()]
    events.sort(key=lambda e: (e.date is None, e.date or PartialDate(0), e.id))
    return _unique_ids(events)


def _candidate_links(
    auto: Sequence[Document],
    documents: Sequence[Document],
    vectors: Mapping[str, np.ndarray],
    settings: GroupingSettings,
) -> tuple[list[tuple[Document, Document]], list[tuple[Document, str, float]]]:
    """Links between automatic documents, and (document, declared event, similarity) candidates."""
    dated = sorted((d for d in documents if d.date), key=lambda d: (_first(d), d.id))
    undated = [d for d in documents if not d.date]
    starts = [_first(d) for d in dated]
    ends = [_last(d) for d in dated]
    max_span = max((end - start for start, end in zip(starts, ends, strict=True)), default=0)
    position = {d.id: i for i, d in enumerate(dated)}
    auto_links: list[tuple[Document, Document]] = []
    event_links: list[tuple[Document, str, float]] = []
    for doc in auto:
        if doc.date is not None:
            i = position[doc.id]
            low = int(np.searchsorted(starts, starts[i] - settings.window_days - max_span, side="left"))
            high = int(np.searchsorted(starts, ends[i] + settings.window_days, side="right"))
            neighbours = [
                d
                for d in dated[low:high]
                if d.id != doc.id and d.date is not None and doc.date.days_apart(d.date) <= settings.window_days
            ]
            neighbours += undated
        else:
            neighbours = [d for d in documents if d.id != doc.id]
        if not neighbours:
            continue
        similarities = np.stack([vectors[d.id] for d in neighbours]) @ vectors[doc.id]
        for other, similarity in zip(neighbours, similarities.tolist(), strict=True):
            both_dated = other.date is not None and doc.date is not None
            if similarity < (settings.min_similarity if both_dated else settings.undated_min_similarity):
                continue
            if other.event:
                event_links.append((doc, other.event, similarity))
            elif doc.id < other.id:
                auto_links.append((doc, other))
    return auto_links, event_links


def _first(doc: Document) -> int:
    assert doc.date is not None
    return doc.date.first_day().toordinal()


def _last(doc: Document) -> int:
    assert doc.date is not None
    return doc.date.last_day().toordinal()


def _make_event(members: list[Document]) -> Event:
    members = sorted(members, key=_reading_order)
    declared_events = {d.event for d in members if d.event}
    declared = declared_events.pop() if len(declared_events) == 1 else None
    dates = [d.date for d in members if d.date]
    date = min(dates) if dates else None
    lead = next((d for d in members if d.kind is Kind.READOUT), members[0])
    title = lead.title
    event_id = declared or _slug(f"{date or 'undated'}-{title}")
    return Event(
        id=event_id,
        title=title,
        date=date,
        documents=tuple(members),
        grouped_by="front matter" if declared else "date and content",
    )


def _reading_order(doc: Document) -> tuple[int, tuple[int, int, int], str]:
    """Readouts first (they are the primary sources), then by date, then by id."""
    date = doc.date.first_day() if doc.date else None
    key = (date.year, date.month, date.day) if date else (9999, 12, 31)
    return (0 if doc.kind is Kind.READOUT else 1, key, doc.id)


def _slug(text: str, limit: int = 56) -> str:
    """A file-name-safe id: ASCII letters, digits and dashes, cut at a word boundary."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        slug = slug[: limit + 1].rsplit("-", 1)[0]
    return slug or "event"


def _unique_ids(events: list[Event]) -> tuple[Event, ...]:
    seen: dict[str, int] = {}
    unique = []
    for event in events:
        count = seen.get(event.id, 0) + 1
        seen[event.id] = count
        if count > 1:
            event = Event(f"{event.id}-{count}", event.title, event.date, event.documents, event.grouped_by)
        unique.append(event)
    return tuple(unique)
