"""Dates: sources that put the same claim on different days, once each is resolved to the calendar."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from compare.framing.common import ClaimVoices, Voice, make_finding
from compare.model import Document, Finding, FramingKind, Rule
from compare.text import WEEKDAYS, month_number, month_pattern

_MONTH = month_pattern()
_DATE_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_DATE_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_WEEKDAY = re.compile(rf"\b(?P<weekday>{'|'.join(w.capitalize() for w in WEEKDAYS)})\b")
_RELATIVE_DAY = re.compile(r"\b(?P<relative>today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will|is due to|are due to|is to|are to|would|plans? to|scheduled|next|expected to|set to)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class DateMention:
    words: str
    day: dt.date | None  # resolved calendar day, when it can be
    weekday: str | None  # for weekdays that cannot be resolved


@lru_cache(maxsize=8192)
def dates(text: str, *, published: dt.date | None) -> tuple[DateMention, ...]:
    """Dates in a sentence, resolved against the publication date where possible."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in (_DATE_MONTH_DAY, _DATE_DAY_MONTH):
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            taken.append(match.span())
            month = month_number(match.group("month"))
            year = int(match.group("year")) if match.group("year") else _nearest_year(month, published)
            day = None
            if year is not None:
                try:
                    day = dt.date(year, month, int(match.group("day")))
                except ValueError:
                    day = None
            found.append(DateMention(match.group(0), day, None))
    future = bool(_FUTURE.search(text))
    for match in _WEEKDAY.finditer(text):
        weekday = match.group("weekday").lower()
        day = None
        if published is not None:
            offset = (published.weekday() - WEEKDAYS.index(weekday)) % 7
            day = (
                published - dt.timedelta(days=offset)
                if not future
                else published + dt.timedelta(days=(-offset) % 7 or 7)
            )
        found.append(DateMention(match.group(0), day, weekday))
    for match in _RELATIVE_DAY.finditer(text):
        shift = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[match.group("relative").lower()]
        day = published + dt.timedelta(days=shift) if published else None
        found.append(DateMention(match.group(0), day, None))
    return tuple(found)


def _nearest_year(month: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    # "April 28" in a text published in January most likely means the previous April.
    return published.year - 1 if month - published.month > 6 else published.year


def find(claim: ClaimVoices) -> list[Finding]:
    """Sources grouped by the days they give; a finding when two groups share no day."""
    dated: list[tuple[Voice, tuple[DateMention, ...], frozenset[object]]] = []
    for voice in claim.voices:
        if not voice.specific:
            continue  # a partial mention's dates may belong to its other claims
        mentions = dates(voice.words, published=_exact(voice.document))
        days = frozenset(d.day for d in mentions if d.day)
        weekdays = frozenset(d.weekday for d in mentions if d.weekday)
        if days or weekdays:
            dated.append((voice, mentions, days or frozenset(f"weekday:{w}" for w in weekdays)))
    groups: dict[frozenset[object], list[tuple[Voice, tuple[DateMention, ...]]]] = {}
    for voice, mentions, key in dated:
        groups.setdefault(key, []).append((voice, mentions))
    keys = list(groups)
    conflicting: set[frozenset[object]] = set()
    for i, key in enumerate(keys):
        for other in keys[i + 1 :]:
            if not (key & other) and _comparable(key, other):
                conflicting |= {key, other}
    if not conflicting:
        return []
    members = [(v, m) for key in keys if key in conflicting for v, m in groups[key]]
    resolved = " vs ".join(_days({d for d in key if isinstance(d, dt.date)}) for key in keys if key in conflicting)
    summary = ", ".join(f"{', '.join(d.words for d in m)} in {v.name}" for v, m in members)
    if all(isinstance(d, dt.date) for key in conflicting for d in key):
        summary += f" ({resolved})"
    return [
        make_finding(
            claim.claim,
            FramingKind.DATES,
            summary,
            "the dates disagree once resolved against each source's publication date",
            [(v, ", ".join(d.words for d in m)) for v, m in members],
            claim.settings.dates_disagree,
            [f"{v.document.id}={sorted(map(str, key))}" for key in keys if key in conflicting for v, _ in groups[key]],
            rule=Rule.DATES,
        )
    ]


def _comparable(a: frozenset[object], b: frozenset[object]) -> bool:
    """Resolved days compare with resolved days; bare weekdays only with bare weekdays."""
    return all(isinstance(x, dt.date) for x in a | b) or all(isinstance(x, str) for x in a | b)


def _exact(document: Document) -> dt.date | None:
    return document.date.exact() if document.date else None


def _days(days: set[dt.date] | set[object]) -> str:
    return ", ".join(sorted(d.isoformat() for d in days if isinstance(d, dt.date)))
