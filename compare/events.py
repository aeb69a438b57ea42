"""Group documents into events: front matter `event` wins; otherwise who met whom, when, and what they share.

A reader puts two reports of one call together because they name the same participants (Blinken
and Ruto), date the call to the same day ("on Wednesday" in a 13 March article, "today" in a
readout of the 13th), report the same kind of contact (a phone call, not a visit), and often
share sentences or quotations. Topic alone does not do it: two calls between the same ministers
days apart are about the same subjects, and the two sides' readouts of one call share few
sentences. compare/contact.py reads the participants, the day and the kind; this module links
documents on that evidence and forms events.

Two documents are linked when their days agree (within `day_tolerance`), their kinds do not
conflict, no participant conflicts (each names a different counterpart of the same person), and
either they name the same pair of participants, or one of them names one participant of the
other's pair and they share a sentence or quotation, or (when neither names anyone) they share
enough sentences (`min_shared`). Links are taken strongest first; two groups merge only when no
two of their documents conflict, so a round-up article that mentions several calls joins one of
them without chaining them together.

Work stays well below quadratic: dated documents are compared only within `window_days` of each
other, and within the window only with documents that name a common person or are among the
`neighbours` nearest by mean embedding. Undated documents are placed last, by the same evidence
against the events formed, and marked uncertain when a second event fits as well. Every document
gets a `Placement` saying why it sits where it does.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum

import numpy as np

from compare import contact, origins, segment
from compare.contact import ContactKind, ContactProfile
from compare.model import Document, Event, Kind, PartialDate, Placement

DEFAULT_WINDOW_DAYS = 3
SENTENCE_MATCH = 0.7  # two sentences this close say much the same thing
# Measured on the shipped corpus: 0.33-0.80 between the four reports of the 28 April call,
# 0.00-0.40 between reports of different calls (which only the dates then tell apart).
DEFAULT_MIN_SHARED = 0.3
UNDATED_MIN_SHARED = 0.5  # without a date, the text alone must show more
QUOTE_WORDS = 5  # a quotation is matched by its runs of this many words


@dataclass(frozen=True)
class GroupingSettings:
    window_days: int = DEFAULT_WINDOW_DAYS  # documents further apart than this are never compared
    day_tolerance: int = 1  # two accounts of one call may date it a day apart (time zones, "yesterday")
    sentence_match: float = SENTENCE_MATCH
    min_shared: float = DEFAULT_MIN_SHARED  # link on content alone, when no participant is named
    undated_min_shared: float = UNDATED_MIN_SHARED
    neighbours: int = 10  # nearest documents by mean embedding compared beyond those naming a common person


class _Dates(Enum):
    AGREE = "agree"
    APART = "apart"
    UNKNOWN = "unknown"


@dataclass
class _Doc:
    document: Document
    profile: ContactProfile
    vectors: np.ndarray
    quotes: list[frozenset[tuple[str, ...]]]
    runs: frozenset[tuple[str, ...]]  # every run of QUOTE_WORDS words in the document
    day: dt.date | None  # the day of the contact, as the document dates it
    span: tuple[int, int] | None  # ordinals of the days the contact may have happened on


@dataclass(frozen=True)
class _Link:
    a: int
    b: int
    pair: bool  # both name the same two participants
    shared_sentences: int
    share: float
    quotes: int
    dates: _Dates

    @property
    def strength(self) -> tuple[int, int, float]:
        return (int(self.pair), self.shared_sentences + self.quotes, self.share)


@dataclass
class _Group:
    members: list[int]
    declared: str | None = None
    placed: dict[int, str] = field(default_factory=dict)  # member -> why
    uncertain: set[int] = field(default_factory=set)


def shared_share(first: np.ndarray, second: np.ndarray, threshold: float = SENTENCE_MATCH) -> float:
    """Share of the shorter document's sentences with a close counterpart in the other."""
    return _shared(first, second, threshold)[1]


def _shared(first: np.ndarray, second: np.ndarray, threshold: float) -> tuple[int, float]:
    if len(first) == 0 or len(second) == 0:
        return 0, 0.0
    similarity = first @ second.T
    rows = similarity.max(axis=1) >= threshold
    columns = similarity.max(axis=0) >= threshold
    return int(min(rows.sum(), columns.sum())), float(max(rows.mean(), columns.mean()))


def group_events(
    documents: Sequence[Document],
    *,
    sentence_vectors: Mapping[str, np.ndarray],
    sentences: Mapping[str, Sequence[str]] | None = None,
    settings: GroupingSettings | None = None,
) -> tuple[Event, ...]:
    """Events in date order; `sentence_vectors` maps a document id to its sentences' unit vectors.

    `sentences` gives each document's sentence texts (segmented here when not given).
    """
    settings = settings or GroupingSettings()
    if sentences is None:
        sentences = {d.id: [s.text for s in segment.document_sentences(d)[0]] for d in documents}
    profiles = contact.profiles(documents, sentences)
    docs = [_prepare(d, profiles[d.id], sentence_vectors[d.id], sentences.get(d.id, ())) for d in documents]
    groups: list[_Group] = []
    group_of: dict[int, _Group] = {}
    declared: dict[str, _Group] = {}
    for index, doc in enumerate(docs):
        name = doc.document.event
        if name:
            group = declared.get(name)
            if group is None:
                group = declared[name] = _Group([], declared=name)
                groups.append(group)
            group.members.append(index)
            group.placed[index] = "front matter `event`"
            group_of[index] = group
    dated = [i for i, d in enumerate(docs) if d.span is not None]
    for index in dated:
        if index not in group_of:
            group = _Group([index])
            groups.append(group)
            group_of[index] = group
    links = [
        link for a, b in _candidate_pairs(docs, dated, settings) if (link := _link(docs[a], docs[b], a, b, settings))
    ]
    links.sort(key=lambda k: (k.strength, -k.a, -k.b), reverse=True)
    for link in links:
        first, second = group_of[link.a], group_of[link.b]
        if first is second or not _may_merge(first, second, docs, settings):
            continue
        for index, other in ((link.a, link.b), (link.b, link.a)):
            group_of[index].placed.setdefault(index, _why(docs[index], docs[other], link))
        first.members.extend(second.members)
        first.placed.update(second.placed)
        first.declared = first.declared or second.declared
        for index in second.members:
            group_of[index] = first
        second.members = []  # emptied, not removed: removing from the list would cost its length
    # Undated documents that name their day ("March 9", "on Wednesday") go first, so that the
    # events they found are there to hold the ones that say nothing of the day.
    undated = sorted(
        (i for i, d in enumerate(docs) if d.span is None and i not in group_of),
        key=lambda i: (_day_precision(docs[i].profile), docs[i].document.id),
    )
    naming: dict[str, list[int]] = {}  # person -> documents that name them, to find an undated one's candidates
    for index, doc in enumerate(docs):
        for person in doc.profile.mentions:
            naming.setdefault(person, []).append(index)
    means = _means(docs)
    for index in undated:
        near = set(np.argsort(-(means @ means[index]))[: settings.neighbours + 1].tolist())
        near.update(j for person in docs[index].profile.mentions for j in naming[person])
        candidates = list({id(group_of[j]): group_of[j] for j in sorted(near) if j in group_of}.values())
        _place_undated(index, docs, candidates, groups, group_of, settings)
    events = [_make_event(group, docs, sentences) for group in groups if group.members]
    events.sort(key=lambda e: (e.date is None, e.date or PartialDate(0), e.id))
    return _unique_ids(events)


def _day_precision(profile: ContactProfile) -> int:
    clue = profile.clue
    if clue is None:
        return 3
    return 0 if clue.month_day else 1 if clue.weekday is not None else 2


def _prepare(document: Document, profile: ContactProfile, vectors: np.ndarray, texts: Sequence[str]) -> _Doc:
    runs: set[tuple[str, ...]] = set()
    quotes: list[frozenset[tuple[str, ...]]] = []
    for text in texts:
        runs.update(_runs(text))
        for quoted in _QUOTE.findall(text):
            quote_runs = _runs(quoted)
            if quote_runs:
                quotes.append(frozenset(quote_runs))
    day = profile.clue.day if profile.clue else None
    span: tuple[int, int] | None = None
    dated = document.issue_day
    if dated is not None:
        last = dated.last_day().toordinal()
        # A report appears on the day of the contact or the day after; the day its text names
        # widens that, but never narrows it: a source that misdates the call by a day or two still
        # joins its event, where `check` can flag the disagreement.
        first = last - 1 if dated.day is not None else dated.first_day().toordinal()
        if day is not None:
            first, last = min(first, day.toordinal()), max(last, day.toordinal())
        span = (first, last)
    elif day is not None:
        span = (day.toordinal(), day.toordinal())
    return _Doc(document, profile, vectors, quotes, frozenset(runs), day, span)


_QUOTE = re.compile(r"“([^”]{20,})”|\"([^\"]{20,})\"")
_WORD = re.compile(r"\w+")


def _runs(text: str | tuple[str, ...]) -> set[tuple[str, ...]]:
    if isinstance(text, tuple):
        text = " ".join(text)
    words = _WORD.findall(unicodedata.normalize("NFKD", text).lower())
    return {tuple(words[i : i + QUOTE_WORDS]) for i in range(len(words) - QUOTE_WORDS + 1)}


def _candidate_pairs(docs: list[_Doc], dated: list[int], settings: GroupingSettings) -> list[tuple[int, int]]:
    """Pairs of dated documents worth comparing: within the window, and naming a common person or close in content."""
    order = sorted(dated, key=lambda i: (_span(docs[i])[0], docs[i].document.id))
    means = _means(docs)
    pairs: set[tuple[int, int]] = set()
    start = 0
    for position, index in enumerate(order):
        first, last = _span(docs[index])
        while _span(docs[order[start]])[1] + settings.window_days < first:
            start += 1
        window = []
        for j in itertools.islice(order, start, None):
            if _span(docs[j])[0] > last + settings.window_days:
                break  # sorted by first day: the rest begin later still
            if j != index:
                window.append(j)
        if not window:
            continue
        named = set(docs[index].profile.mentions)
        for j in window:
            if named & set(docs[j].profile.mentions):
                pairs.add((min(index, j), max(index, j)))
        similarity = means[window] @ means[index]
        for k in np.argsort(-similarity)[: settings.neighbours]:
            j = window[int(k)]
            pairs.add((min(index, j), max(index, j)))
        del position
    return sorted(pairs)


def _span(doc: _Doc) -> tuple[int, int]:
    assert doc.span is not None
    return doc.span


def _means(docs: list[_Doc]) -> np.ndarray:
    width = max((d.vectors.shape[1] for d in docs if d.vectors.ndim == 2 and len(d.vectors)), default=1)
    means = np.zeros((len(docs), width), dtype=np.float32)
    for i, doc in enumerate(docs):
        if len(doc.vectors):
            mean = doc.vectors.mean(axis=0)
            norm = float(np.linalg.norm(mean))
            means[i] = mean / norm if norm else mean
    return means


def _dates(a: _Doc, b: _Doc, tolerance: int) -> _Dates:
    if a.span is not None and b.span is not None:
        gap = max(a.span[0] - b.span[1], b.span[0] - a.span[1], 0)
        return _Dates.AGREE if gap <= tolerance else _Dates.APART
    # An undated document: compare what its text says ("March 9", "on Wednesday") with the other's day.
    for undated, other in ((a, b), (b, a)):
        if undated.span is None and other.span is not None:
            clue = undated.profile.clue
            if clue is None or other.span[1] - other.span[0] > tolerance:
                return _Dates.UNKNOWN
            days = [dt.date.fromordinal(o) for o in range(other.span[0], other.span[1] + 1)]
            if clue.month_day is not None:
                agree = any(abs(_ordinal(d.year, *clue.month_day) - d.toordinal()) <= tolerance for d in days)
                return _Dates.AGREE if agree else _Dates.APART
            if clue.weekday is not None:
                agree = any(
                    min((d.weekday() - clue.weekday) % 7, (clue.weekday - d.weekday()) % 7) <= tolerance for d in days
                )
                return _Dates.AGREE if agree else _Dates.APART
            return _Dates.UNKNOWN
    # Both undated: compare what each text says, as precisely as both allow.
    clue_a, clue_b = a.profile.clue, b.profile.clue
    if clue_a is None or clue_b is None:
        return _Dates.UNKNOWN
    if clue_a.day and clue_b.day:
        gap = abs(clue_a.day.toordinal() - clue_b.day.toordinal())
        return _Dates.AGREE if gap <= tolerance else _Dates.APART
    month_days = [c.month_day or (c.day and (c.day.month, c.day.day)) for c in (clue_a, clue_b)]
    if month_days[0] and month_days[1]:
        gap = abs(_ordinal(2001, *month_days[0]) - _ordinal(2001, *month_days[1]))
        return _Dates.AGREE if gap <= tolerance else _Dates.APART
    weekdays = [c.day.weekday() if c.day else c.weekday for c in (clue_a, clue_b)]
    if weekdays[0] is not None and weekdays[1] is not None:
        gap = min((weekdays[0] - weekdays[1]) % 7, (weekdays[1] - weekdays[0]) % 7)
        return _Dates.AGREE if gap <= tolerance else _Dates.APART
    return _Dates.UNKNOWN


def _ordinal(year: int, month: int, day: int) -> int:
    try:
        return dt.date(year, month, day).toordinal()
    except ValueError:
        return dt.date(year, month, 28).toordinal()


def _pair(profile: ContactProfile) -> frozenset[str] | None:
    return frozenset(profile.participants) if len(profile.participants) == 2 else None


def _participants(a: ContactProfile, b: ContactProfile) -> str:
    """ "pair", "one" (one names a participant of the other's contact), "conflict" or "none"."""
    pair_a, pair_b = _pair(a), _pair(b)
    if (pair_a and (pair_a == pair_b or pair_a in b.pairs)) or (pair_b and pair_b in a.pairs):
        return "pair"
    common = set(a.participants) & set(b.participants)
    if pair_a and pair_b and common:
        return "conflict"  # the same person, a different counterpart: another contact
    return "one" if common else "none"


def _common_pair(a: ContactProfile, b: ContactProfile) -> frozenset[str] | None:
    for pair in (_pair(a), _pair(b)):
        if pair and (pair == _pair(a) or pair in a.pairs) and (pair == _pair(b) or pair in b.pairs):
            return pair
    return None


def _kinds_conflict(a: ContactProfile, b: ContactProfile) -> bool:
    kinds = {a.kind, b.kind} - {None}
    return ContactKind.MEETING in kinds and len(kinds) == 2  # a call is not a visit; phone vs video may be either


def _link(a: _Doc, b: _Doc, i: int, j: int, settings: GroupingSettings) -> _Link | None:
    dates = _dates(a, b, settings.day_tolerance)
    if dates is _Dates.APART or _kinds_conflict(a.profile, b.profile) or _same_issuer(a.document, b.document):
        return None
    who = _participants(a.profile, b.profile)
    if who == "conflict":
        return None
    count, share = _shared(a.vectors, b.vectors, settings.sentence_match)
    quotes = max(_shared_quotes(a, b), _shared_quotes(b, a))
    undated = a.span is None or b.span is None
    evidence = count + quotes > 0
    if who == "pair" and (not undated or dates is _Dates.AGREE or evidence):
        accepted = True
    elif who == "one":
        accepted = evidence and (not undated or dates is _Dates.AGREE)
    else:
        accepted = share >= (settings.undated_min_shared if undated else settings.min_shared)
    if not accepted:
        return None
    return _Link(i, j, who == "pair", count, share, quotes, dates)


def _shared_quotes(a: _Doc, b: _Doc) -> int:
    """Quotations of `a` that `b` carries word for word (at least half of their word runs)."""
    return sum(1 for quote in a.quotes if len(quote & b.runs) * 2 >= len(quote))


def _same_issuer(a: Document, b: Document) -> bool:
    """Two readouts by one issuer are two contacts: a ministry issues one readout of a call."""
    if a.kind is not Kind.READOUT or b.kind is not Kind.READOUT:
        return False
    return contact.fold(a.issuer or a.outlet) == contact.fold(b.issuer or b.outlet)


def _conflict(a: _Doc, b: _Doc, settings: GroupingSettings) -> bool:
    if _dates(a, b, settings.day_tolerance) is _Dates.APART or _kinds_conflict(a.profile, b.profile):
        return True
    if _same_issuer(a.document, b.document):
        return True
    return _participants(a.profile, b.profile) == "conflict"


def _may_merge(first: _Group, second: _Group, docs: list[_Doc], settings: GroupingSettings) -> bool:
    if first.declared and second.declared and first.declared != second.declared:
        return False
    return not any(_conflict(docs[a], docs[b], settings) for a in first.members for b in second.members)


def _place_undated(
    index: int,
    docs: list[_Doc],
    candidates: list[_Group],
    groups: list[_Group],
    group_of: dict[int, _Group],
    settings: GroupingSettings,
) -> None:
    """Put an undated document in the candidate event its participants, day words and content fit best."""
    doc = docs[index]
    fits: list[tuple[tuple[int, int, int, float], _Group, _Link]] = []
    for group in candidates:
        if not group.members:
            continue
        links = [_link(doc, docs[m], index, m, settings) for m in group.members]
        found = [k for k in links if k is not None]
        if not found or any(_conflict(doc, docs[m], settings) for m in group.members):
            continue
        best = max(found, key=lambda k: k.strength)
        known_day = int(any(k.dates is _Dates.AGREE for k in found))
        fits.append(((known_day, *best.strength), group, best))
    if not fits:
        group = _Group([index])
        groups.append(group)
        group_of[index] = group
        return
    fits.sort(key=lambda f: f[0], reverse=True)
    score, group, link = fits[0]
    other = link.b if link.a == index else link.a
    why = "undated; " + _why(doc, docs[other], link)
    if len(fits) > 1 and fits[1][0][:2] == score[:2] and not score[0]:
        group.uncertain.add(index)
        rival = docs[fits[1][2].b].document
        why += f" (uncertain: also fits the event holding {rival.label}, {rival.path})"
    group.members.append(index)
    group.placed[index] = why
    group.placed.setdefault(other, _why(docs[other], doc, link))
    group_of[index] = group


def _why(doc: _Doc, other: _Doc, link: _Link) -> str:
    """The evidence that put `doc` beside `other`, in a reader's words."""
    parts = []
    names = doc.profile.names
    if link.pair:
        pair = _common_pair(doc.profile, other.profile) or doc.profile.participants
        parts.append("same participants " + "–".join(names.get(k, k.title()) for k in sorted(pair)))
    else:
        common = set(doc.profile.participants) & set(other.profile.participants)
        if common:
            parts.append("names " + " and ".join(names.get(k, k.title()) for k in sorted(common)))
    kind = doc.profile.kind or other.profile.kind
    if kind is not None:
        parts.append(kind.value)
    parts.append(_day_words(doc))
    if link.shared_sentences:
        parts.append(f"{link.shared_sentences} shared sentence{'s' if link.shared_sentences > 1 else ''}")
    if link.quotes:
        parts.append(f"{link.quotes} shared quotation{'s' if link.quotes > 1 else ''}")
    if not link.pair and not link.shared_sentences and not link.quotes:
        parts.append(f"{link.share:.0%} of sentences close")
    return f"with {other.document.label}: " + ", ".join(p for p in parts if p)


def _day_words(doc: _Doc) -> str:
    clue, published = doc.profile.clue, doc.document.date
    if clue is not None and clue.day is not None:
        when = f"{clue.day.day} {clue.day:%b %Y}"
        read_against = doc.document.issue_day
        relative = clue.words[:1].isalpha() and not clue.words[-1].isdigit()
        if read_against is not None and read_against.exact() and relative:
            day = read_against.first_day()
            text = (
                f"a text issued {day.day} {day:%b}" if doc.document.declares_issue else f"a {day.day} {day:%b} article"
            )
            return f'{when} ("{clue.words}" in {text})'
        return f'{when} ("{clue.words}")'
    if clue is not None:
        return f'"{clue.words}"'
    if published is not None:
        first = published.first_day()
        if published.day is not None:
            return f"published {first.day} {first:%b %Y}"
        return f"published {first:%B %Y}" if published.month is not None else f"published {first.year}"
    return "undated"


def _make_event(group: _Group, docs: list[_Doc], sentences: Mapping[str, Sequence[str]]) -> Event:
    members = sorted((docs[i].document for i in group.members), key=_reading_order)
    declared = group.declared
    dates = [d.date for d in members if d.date]
    date = min(dates) if dates else None
    # The first readout's title, else the first headline (readouts come first in reading order);
    # with no title anywhere, who spoke with whom, rather than a file name.
    titled = [d for d in members if not d.untitled]
    in_order = sorted((docs[i] for i in group.members), key=lambda d: _reading_order(d.document))
    title = titled[0].title if titled else _contact_title(in_order) or members[0].title
    event_id = declared or _slug(f"{date or 'undated'}-{title}")
    placements = tuple(
        Placement(
            document=docs[i].document.id,
            declared=docs[i].document.event is not None,
            why=group.placed.get(i) or _alone(docs[i]),
            uncertain=i in group.uncertain,
        )
        for i in sorted(group.members, key=lambda i: _reading_order(docs[i].document))
    )
    return Event(
        id=event_id,
        title=title,
        date=date,
        documents=tuple(members),
        grouped_by="front matter" if declared else "date and content",
        reprints=origins.find_reprints(members, sentences),
        placements=placements,
    )


def _contact_title(members: Sequence[_Doc]) -> str | None:
    """The contact the documents report: "Phone call between Antony Blinken and William Ruto".

    The participants as the first document that names two of them gives them; the kind of contact
    from the first that says it (a readout's "spoke with" does not say how).
    """
    named = next((d.profile for d in members if len(d.profile.participants) == 2), None)
    if named is None:
        return None
    first, second = (named.names.get(k, k.title()) for k in named.participants)
    kind = next((d.profile.kind.value for d in members if d.profile.kind), "contact")
    return f"{kind.capitalize()} between {first} and {second}"


def _alone(doc: _Doc) -> str:
    who = "–".join(doc.profile.names.get(k, k.title()) for k in doc.profile.participants)
    when = _day_words(doc) if doc.span is not None else "undated"
    return "no other document was found to report the same event; " + ", ".join(p for p in (who, when) if p)


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
    """Each event a page of its own: a repeated id gets the first free "-2", "-3", ... suffix.

    A suffixed id never takes one that another event already has ("call-2" declared in front
    matter), or one event's page would overwrite the other's.
    """
    taken = {event.id for event in events}
    used: set[str] = set()
    unique = []
    for event in events:
        if event.id in used:
            count = 2
            while f"{event.id}-{count}" in taken or f"{event.id}-{count}" in used:
                count += 1
            event = replace(event, id=f"{event.id}-{count}")
        used.add(event.id)
        unique.append(event)
    return tuple(unique)
