"""Group documents into events: front matter `event` wins; otherwise dates and shared sentences.

A document's mean embedding says what it is about (Pakistan, defence, Afghanistan), not which
call it reports: on the shipped corpus it scores two reports of different calls as high as two
reports of the same one. What marks one event is sentences that say the same thing, so two
documents are related by the share of the shorter one's sentences that have a close counterpart
(cosine >= SENTENCE_MATCH) in the other.

Documents are taken in date order; each joins the open event it shares most with, if that share
reaches `min_shared` and the event began at most `window_days` earlier, or starts a new event. An
event therefore spans at most the window (daily coverage of a story does not chain into one event
for a month), and each document is compared only with the events of its window, so the work grows
with the corpus, not with its square. Undated documents go last, to the event they share most
with at a stricter threshold. Documents with front matter `event` form their events as declared;
others may join a declared event on the same evidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from compare.model import Document, Event, Kind, PartialDate

DEFAULT_WINDOW_DAYS = 3
SENTENCE_MATCH = 0.7  # two sentences this close say much the same thing
# Measured on the shipped corpus: 0.33-0.80 between the four reports of the 28 April call,
# 0.00-0.40 between reports of different calls (which only the dates then tell apart).
DEFAULT_MIN_SHARED = 0.3
UNDATED_MIN_SHARED = 0.5  # without a date, the text alone must show more


@dataclass(frozen=True)
class GroupingSettings:
    window_days: int = DEFAULT_WINDOW_DAYS
    min_shared: float = DEFAULT_MIN_SHARED
    undated_min_shared: float = UNDATED_MIN_SHARED


@dataclass
class _Forming:
    """An event being built."""

    declared: str | None
    members: list[Document] = field(default_factory=list)
    first: int | None = None  # ordinal of the earliest day, for the window

    def add(self, document: Document) -> None:
        self.members.append(document)
        if document.date is not None:
            day = document.date.first_day().toordinal()
            self.first = day if self.first is None else min(self.first, day)


def shared_share(first: np.ndarray, second: np.ndarray) -> float:
    """Share of the shorter document's sentences with a close counterpart in the other."""
    if len(first) == 0 or len(second) == 0:
        return 0.0
    similarity = first @ second.T
    return float(
        max((similarity.max(axis=1) >= SENTENCE_MATCH).mean(), (similarity.max(axis=0) >= SENTENCE_MATCH).mean())
    )


def group_events(
    documents: Sequence[Document],
    *,
    sentence_vectors: Mapping[str, np.ndarray],
    settings: GroupingSettings | None = None,
) -> tuple[Event, ...]:
    """Events in date order; `sentence_vectors` maps a document id to its sentences' unit vectors."""
    settings = settings or GroupingSettings()
    declared: dict[str, _Forming] = {}
    for document in documents:
        if document.event:
            declared.setdefault(document.event, _Forming(document.event)).add(document)
    forming: list[_Forming] = list(declared.values())
    automatic = [d for d in documents if not d.event]
    dated = sorted((d for d in automatic if d.date), key=lambda d: (_first_day(d), d.id))
    undated = sorted((d for d in automatic if not d.date), key=lambda d: d.id)

    def best(document: Document, candidates: Sequence[_Forming]) -> tuple[float, _Forming | None]:
        top: tuple[float, _Forming | None] = (0.0, None)
        for event in candidates:
            share = max(shared_share(sentence_vectors[document.id], sentence_vectors[m.id]) for m in event.members)
            if share > top[0]:
                top = (share, event)
        return top

    open_events: list[_Forming] = []
    for document in dated:
        day = _first_day(document)
        open_events = [e for e in open_events if e.first is not None and day - e.first <= settings.window_days]
        nearby_declared = [
            e
            for e in declared.values()
            if any(
                m.date and document.date and m.date.days_apart(document.date) <= settings.window_days for m in e.members
            )
        ]
        share, event = best(document, open_events + nearby_declared)
        if event is None or share < settings.min_shared:
            event = _Forming(None)
            forming.append(event)
            open_events.append(event)
        event.add(document)
    for document in undated:
        share, event = best(document, forming)
        if event is None or share < settings.undated_min_shared:
            event = _Forming(None)
            forming.append(event)
        event.add(document)

    events = [_make_event(event.members) for event in forming if event.members]
    events.sort(key=lambda e: (e.date is None, e.date or PartialDate(0), e.id))
    return _unique_ids(events)


def _first_day(document: Document) -> int:
    assert document.date is not None
    return document.date.first_day().toordinal()


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
