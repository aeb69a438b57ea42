"""Dates: sources that put the same claim on different days, once each is resolved to the calendar."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from compare.framing.common import ClaimVoices, EventText, Voice, make_finding
from compare.model import Document, Finding, FramingKind, Reprint, Rule, Sentence
from compare.text import RELATIVE_DAY, WEEKDAYS, month_number, month_pattern

_MONTH = month_pattern()
_DATE_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_DATE_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH})\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_WEEKDAY = re.compile(rf"\b(?P<weekday>{'|'.join(w.capitalize() for w in WEEKDAYS)})\b")
RELATIVE_DAY_CONFIDENCE = 0.4  # below the report's threshold: counted, not shown
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
    quoted = [m.span() for m in re.finditer(r"“[^”]*”|\"[^\"]*\"", text)]
    for match in RELATIVE_DAY.finditer(text):
        if any(start <= match.start() < end for start, end in quoted):
            continue  # a quoted readout's "today" is the readout's day, which this text does not give
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
        mentions = dates(voice.words, published=reference_date(voice.document, claim.documents, claim.reprints))
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
    # A "today" is only as good as the publication date it is resolved against, and aggregators
    # reprint a readout a day later: a conflict of one day that rests on such a word is less sure.
    given = sorted({d for key in conflicting for d in key if isinstance(d, dt.date)})
    one_day_apart = len(given) >= 2 and (given[-1] - given[0]).days <= 1
    relative = any(
        RELATIVE_DAY.fullmatch(d.words) and not v.document.declares_issue for v, found in members for d in found
    )
    confidence = RELATIVE_DAY_CONFIDENCE if one_day_apart and relative else 1.0
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
            confidence=confidence,
        )
    ]


def _days_given(
    first: dict[str, tuple[Sentence, DateMention]],
) -> tuple[list[dt.date], dict[dt.date, list[str]]]:
    groups: dict[dt.date, list[str]] = {}
    for document_id, (_, mention) in first.items():
        if mention.day is not None:
            groups.setdefault(mention.day, []).append(document_id)
    return sorted(groups), groups


def _comparable(a: frozenset[object], b: frozenset[object]) -> bool:
    """Resolved days compare with resolved days; bare weekdays only with bare weekdays."""
    return all(isinstance(x, dt.date) for x in a | b) or all(isinstance(x, str) for x in a | b)


_DATE_LINE = re.compile(
    rf"^\s*(?:(?:issued|released|date|published)\s*:?\s*)?(?:[A-Z][a-z]+day,?\s+)?"
    rf"(?P<month>{_MONTH})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})\s*$",
    re.IGNORECASE,
)


def reference_date(document: Document, documents: Sequence[Document], reprints: Sequence[Reprint]) -> dt.date | None:
    """The day a document's "today" and "Monday" mean: the original's issue date for a reprint.

    A newspaper that prints a readout the day after carries the readout's words, so its "today" is
    the readout's day: front matter `issued:` when the document gives it, else the original's date
    when grouping found the reprint, else the readout's own date line ("January 28, 2021" alone near
    the top), else the document's date.
    """
    if document.declares_issue and document.issue_day is not None:
        return document.issue_day.exact()
    for reprint in reprints:
        if reprint.document == document.id:
            original = next((d for d in documents if d.id == reprint.original), None)
            if original is not None and original.date and original.date.exact():
                return original.date.exact()
    for line in document.body.splitlines()[:6]:
        match = _DATE_LINE.match(line)
        if match:
            try:
                return dt.date(int(match.group("year")), month_number(match.group("month")), int(match.group("day")))
            except ValueError:
                break
    return document.date.exact() if document.date else None


# Words that say a sentence is about the call itself, and words that open another clause between
# the call and a date ("announced on March 9 that the two talked": March 9 is the announcement).
_CALL = re.compile(r"\b(?:call|called|phone|telephone|spoke|speaks|talked|talks|conversation)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"\b(?:that|after|before|since|when|which|who|while|last|previous|earlier)\b|[,;:]")


def when_the_call_happened(text: str, *, published: dt.date | None) -> DateMention | None:
    """The date a sentence gives for the call it reports ("spoke on Monday"), if it gives one."""
    calls = [m.start() for m in _CALL.finditer(text)]
    if not calls:
        return None
    best: tuple[int, DateMention] | None = None
    for mention in dates(text, published=published):
        if mention.day is None and mention.weekday is None:
            continue
        start = text.find(mention.words)
        for call in calls:
            low, high = sorted((start, call))
            between = text[low + (len(mention.words) if start < call else 0) : high]
            if _CLAUSE_BREAK.search(between) or len(between.split()) > 8:
                continue
            distance = high - low
            if best is None or distance < best[0]:
                best = (distance, mention)
    return best[1] if best else None


def find_for_event(event: EventText) -> list[Finding]:
    """Two sources that put the call itself on different days, wherever in their text they say so.

    The sentences that say when the call happened need not be aligned into one claim (they often
    differ in everything else), so they are compared across the event, one per source.
    """
    documents, reprints, claims, settings = event.documents, event.reprints, event.claims, event.settings
    by_id = event.by_id()
    first: dict[str, tuple[Sentence, DateMention]] = {}
    for sentence in event.original_sentences():
        document = by_id[sentence.document]
        if document.id in first:
            continue
        mention = when_the_call_happened(sentence.text, published=reference_date(document, documents, reprints))
        if mention is not None:
            first[document.id] = (sentence, mention)
    # "today" in a readout reprinted a day later resolves to the reprint's day: days named outright
    # ("Sunday", "March 9") are compared first, and a conflict that needs a "today" is less sure.
    # A "today" read against a declared issue date (`issued:`) is as good as a day named outright.
    explicit = {
        d: found for d, found in first.items() if not RELATIVE_DAY.fullmatch(found[1].words) or by_id[d].declares_issue
    }
    sure = 0.8
    resolved, groups = _days_given(explicit)
    if len(resolved) < 2:
        sure = 0.4
        resolved, groups = _days_given(first)
    if len(resolved) < 2:
        return []
    claim_of = {(m.document, m.sentence): c.id for c in claims for m in c.mentions}
    members = [(d, first[d]) for key in sorted(resolved) for d in groups[key]]
    voices = [(Voice(by_id[d], sentence, False, sentence.text, 2), mention.words) for d, (sentence, mention) in members]
    claim = next((claim_of[(s.document, s.index)] for _, (s, _) in members if (s.document, s.index) in claim_of), "")
    summary = ", ".join(f"{words} in {voice.name}" for voice, words in voices)
    summary += " (" + " vs ".join(_days({k}) for k in sorted(resolved)) + ")"
    return [
        make_finding(
            claim,
            FramingKind.DATES,
            f"the call: {summary}",
            "the sources put the call on different days",
            voices,
            settings.dates_disagree,
            [f"{d}={first[d][1].day}" for d, _ in members],
            rule=Rule.DATES,
            confidence=sure,
        )
    ]


def _days(days: set[dt.date] | set[object]) -> str:
    return ", ".join(sorted(d.isoformat() for d in days if isinstance(d, dt.date)))
