"""What a document says of the contact it reports: who met whom, when, and how (call, video, meeting).

A reader tells two reports of one phone call from reports of another the way this module does: the
named participants (a capitalised name after a title such as Secretary, Minister or President),
the day of the call (the publication date moved by the "today", "yesterday" or "on Wednesday" of
the sentence that reports the contact), and the kind of contact. Word lists (titles, contact
words, weekdays) live in compare/data/contacts.json; nothing here knows any particular name.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from functools import cache, lru_cache
from importlib import resources

from compare.model import Document, PartialDate, Sentence


class ContactKind(str, Enum):
    PHONE = "phone call"
    VIDEO = "video call"
    MEETING = "meeting"


@dataclass(frozen=True)
class Person:
    """A participant as one document names them: folded name tokens, the last one the surname."""

    name: str  # as first written, e.g. "Antony J. Blinken"
    tokens: frozenset[str]  # folded: {"antony", "blinken"}
    surname: str  # folded last token: "blinken"


@dataclass(frozen=True)
class DayClue:
    """When a document says the contact happened, and the words that say so."""

    day: dt.date | None  # resolved calendar day, when the document's date allows it
    month_day: tuple[int, int] | None  # "March 9" without a year
    weekday: int | None  # 0 = Monday, for "on Wednesday" in an undated document
    words: str  # "Wednesday", "today", "Jan. 6"


@dataclass(frozen=True)
class ContactProfile:
    """One document's account of the contact it reports."""

    document: str
    participants: tuple[str, ...]  # surnames of the main participants, most mentioned first
    mentions: Mapping[str, int]  # surname -> times the document names that person
    pairs: frozenset[frozenset[str]]  # every pair of participants a contact sentence names together
    kind: ContactKind | None
    clue: DayClue | None
    published: PartialDate | None
    names: Mapping[str, str]  # surname -> the name as written, for explanations


@dataclass(frozen=True)
class _Words:
    titles: re.Pattern[str]
    not_participants: re.Pattern[str]
    stop: frozenset[str]
    kinds: tuple[tuple[ContactKind | None, re.Pattern[str]], ...]
    today: re.Pattern[str]
    yesterday: re.Pattern[str]
    weekdays: tuple[str, ...]
    months: tuple[str, ...]
    weekday: re.Pattern[str]
    month_day: re.Pattern[str]
    day_month: re.Pattern[str]


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


@cache
def _words() -> _Words:
    data = json.loads(resources.files("compare").joinpath("data/contacts.json").read_text(encoding="utf-8"))
    contact = data["contact"]
    kinds: list[tuple[ContactKind | None, re.Pattern[str]]] = [
        (ContactKind.VIDEO, re.compile(rf"\b(?:{_alternation(contact['video'])})\b", re.I)),
        (ContactKind.PHONE, re.compile(rf"\b(?:{_alternation(contact['phone'])})\b", re.I)),
        (ContactKind.MEETING, re.compile(rf"\b(?:{_alternation(contact['meeting'])})\b", re.I)),
        (None, re.compile(rf"\b(?:{_alternation(contact['any'])})\b", re.I)),
    ]
    months = tuple(data["months"])
    month_names = "|".join(rf"{m[:3]}(?:{m[3:]})?\.?" for m in months)
    return _Words(
        titles=re.compile(rf"(?<![\w-])(?i:{_alternation(data['titles'])})(?![\w-])"),
        not_participants=re.compile(rf"\b(?:{_alternation(data['not_participants'])})\b", re.I),
        stop=frozenset(data["name_stop_words"]) | frozenset(data["weekdays"]) | frozenset(months),
        kinds=tuple(kinds),
        today=re.compile(rf"\b(?:{_alternation(data['today'])})\b", re.I),
        yesterday=re.compile(rf"\b(?:{_alternation(data['yesterday'])})\b", re.I),
        weekdays=tuple(data["weekdays"]),
        months=months,
        weekday=re.compile(rf"\b({'|'.join(data['weekdays'])})\b"),
        month_day=re.compile(rf"\b({month_names})\s+(\d{{1,2}})\b(?:,?\s+(\d{{4}}))?"),
        day_month=re.compile(rf"\b(\d{{1,2}})\s+({month_names})\b(?:,?\s+(\d{{4}}))?"),
    )


_NAME_TOKEN = re.compile(r"[^\W\d_][^\W_]*(?:[-'’.][^\W\d_]+)*\.?")
_POSSESSIVE = re.compile(r"[’']s$")
MAX_NAME_TOKENS = 4


def fold(text: str) -> str:
    """Lower case without accents: "Çavuşoğlu" -> "cavusoglu"."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().strip(".")


def titled_names(text: str) -> list[tuple[int, Person]]:
    """People named after a title ("Foreign Minister Wang Yi", "the President of the United States, Joe Biden")."""
    return list(_titled_names(text))


@lru_cache(maxsize=65_536)  # grouping and the round-up check ask of the same sentences
def _titled_names(text: str) -> tuple[tuple[int, Person], ...]:
    words = _words()
    found: list[tuple[int, Person]] = []
    for title in words.titles.finditer(text):
        before = text[max(0, title.start() - 40) : title.start()]
        if words.not_participants.search(title.group(0)) or words.not_participants.search(before[-15:]):
            continue
        rest = text[title.end() :]
        # "President of the United States, Joe Biden": skip the office's "of ..." and its comma.
        office = re.match(r"\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w.]*\s+){0,4}?[A-Z][\w.]*,", rest)
        offset = title.end() + (office.end() if office else 0)
        person = _name_at(text, offset)
        if person is not None:
            found.append((offset, person))
    return tuple(found)


def _name_at(text: str, offset: int) -> Person | None:
    words = _words()
    tokens: list[str] = []
    position = offset
    while len(tokens) < MAX_NAME_TOKENS:
        gap = re.match(r"[ \t]+", text[position:])
        if gap is None and position != offset:
            break
        position += gap.end() if gap else 0
        match = _NAME_TOKEN.match(text, position)
        if match is None:
            break
        token = match.group(0)
        if not token[0].isupper():
            break
        position = match.end()
        if words.titles.fullmatch(token.rstrip(".")) or words.titles.fullmatch(token):
            if tokens:
                break
            continue  # "Chief of Army Staff General Qamar Javed Bajwa": a second title before the name
        bare = _POSSESSIVE.sub("", token)
        if bare in words.stop or bare.rstrip(".") in words.stop:
            if tokens:
                break
            return None
        tokens.append(bare)
        if bare != token:  # "Ruto's": the name ends at the possessive
            break
    name_tokens = [t for t in tokens if len(t.rstrip(".")) > 1 and t.rstrip(".") not in words.stop]
    if not name_tokens:
        return None
    folded = [fold(t) for t in name_tokens]
    while tokens and tokens[-1] != name_tokens[-1]:
        tokens.pop()  # a trailing "Jr." or "III" is not part of how the reports name the person
    written = " ".join(tokens)
    return Person(
        written[:-1] if written.endswith(".") and len(tokens[-1]) > 2 else written, frozenset(folded), folded[-1]
    )


@lru_cache(maxsize=65_536)  # grouping and the round-up check ask of the same sentences
def contact_kind(sentence: str) -> tuple[bool, ContactKind | None]:
    """Whether the sentence reports a contact, and which kind when it says so."""
    reports = False
    for kind, pattern in _words().kinds:
        if pattern.search(sentence):
            if kind is not None:
                return True, kind
            reports = True
    return reports, None


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def day_clue(sentence: str, published: PartialDate | None) -> DayClue | None:
    """The day a contact sentence gives, resolved against the publication date when there is one."""
    words = _words()
    # A quoted "today" is the quoted source's today, not the article's.
    sentence = _QUOTED.sub(lambda m: " " * len(m.group(0)), sentence)
    day = published.exact() if published else None
    for pattern, month_group, day_group in ((words.month_day, 1, 2), (words.day_month, 2, 1)):
        match = pattern.search(sentence)
        if match:
            month = _month(match.group(month_group))
            number = int(match.group(day_group))
            year = int(match.group(3)) if match.group(3) else (published.year if published else None)
            resolved = _date(year, month, number) if year else None
            if resolved and day and resolved > day and not match.group(3):
                resolved = _date(year - 1, month, number) if year else None  # "Dec. 31" in a January article
            if 1 <= number <= 31:
                return DayClue(resolved, (month, number), None, match.group(0))
    match = words.today.search(sentence)
    if match:
        return DayClue(day, None, None, match.group(0))
    match = words.yesterday.search(sentence)
    if match:
        return DayClue(day - dt.timedelta(days=1) if day else None, None, None, match.group(0))
    match = words.weekday.search(sentence)
    if match:
        weekday = words.weekdays.index(match.group(1))
        resolved = day - dt.timedelta(days=(day.weekday() - weekday) % 7) if day else None
        return DayClue(resolved, None, weekday, match.group(1))
    return None


def _month(text: str) -> int:
    prefix = text[:3].lower()
    return next(i for i, m in enumerate(_words().months, start=1) if m[:3].lower() == prefix)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


MAX_CLUE_DAYS = 7  # a day named further than this from publication dates something else (a photo, a past visit)


def profiles(documents: Sequence[Document], sentences: Mapping[str, Sequence[str]]) -> dict[str, ContactProfile]:
    """Every document's contact profile; surnames learnt from one document are recognised in all."""
    texts = {d.id: _texts(d, sentences) for d in documents}
    titled = {d.id: [titled_names(text) for text in texts[d.id]] for d in documents}
    keys = _corpus_keys(documents, texts, titled)
    return {d.id: _profile(d, texts[d.id], titled[d.id], keys) for d in documents}


def other_contacts(documents: Sequence[Document], sentences: Mapping[str, Sequence[Sentence]]) -> frozenset[Sentence]:
    """The sentences of one event's documents that report another contact than the event's.

    A round-up ("Turkey gears up diplomacy with allies") reports several calls. "Defense Minister
    Akar had a phone conversation with Secretary Austin", and the statement it quotes next, are not
    about the foreign ministers' call the event is, however alike their words. The event's
    participants are the pair two documents or more name, more often than any other pair (without
    one, nothing is set apart). A sentence that reports a contact with someone who is not a
    participant ("with Kuleba", "between President Biden and Xi") and does not name both
    participants is about another contact; so are the sentences that follow it in its paragraph,
    up to one that names a participant.
    """
    plain = {i: [s.text for s in found] for i, found in sentences.items()}
    texts = {d.id: _texts(d, plain) for d in documents}
    titled = {d.id: [titled_names(text) for text in texts[d.id]] for d in documents}
    keys = _corpus_keys(documents, texts, titled)
    participants = _agreed_pair([_profile(d, texts[d.id], titled[d.id], keys) for d in documents])
    if participants is None:
        return frozenset()
    found: set[Sentence] = set()
    for document in documents:
        paragraph = None  # the paragraph of the last sentence found about another contact
        for sentence in sentences.get(document.id, ()):
            # Cheapest test first: most sentences report no contact and sit in no such paragraph.
            if (
                contact_kind(sentence.text)[0]
                and _counterparts(sentence.text, keys) - participants
                and not participants <= set(_named(sentence.text, keys))
            ):
                found.add(sentence)
                paragraph = sentence.paragraph
            elif sentence.paragraph == paragraph and not set(_named(sentence.text, keys)) & participants:
                found.add(sentence)
            else:
                paragraph = None
    return frozenset(found)


# After "with" or "between", the words that may stand before the name of whom a contact was with:
# "with U.S. Secretary of Defense Lloyd Austin", "between President Biden and Xi".
_COUNTERPART_START = re.compile(r"\b(?:with|between)\s+")
_BEFORE_A_NAME = frozenset({"of", "the", "his", "her", "their", "its"})
_MAX_WORDS_BEFORE_A_NAME = 7


def _counterparts(text: str, keys: Mapping[str, str]) -> set[str]:
    """The people a sentence says a contact was with ("with Kuleba", "between Biden and Xi").

    Only a name in that place counts: in "spoke with his counterpart about President Putin's attack",
    Putin is not whom anyone spoke with.
    """
    found = set()
    for start in _COUNTERPART_START.finditer(text):
        end = start.end()
        for word in itertools.islice(_CAPITALISED.finditer(text, end), _MAX_WORDS_BEFORE_A_NAME):
            token = word.group(0)
            # Only titles and names run up to the name: a comma or a word such as "about" ends the place.
            if text[end : word.start()].strip(" .’'") or not (token[0].isupper() or token in _BEFORE_A_NAME):
                break
            key = keys.get(fold(_POSSESSIVE.sub("", token)))
            if key is not None:
                found.add(key)
                break
            end = word.end()
    return found


def _agreed_pair(found: Sequence[ContactProfile]) -> frozenset[str] | None:
    """The two participants most documents name, when two documents or more name them and no other pair
    is named as often: without that, "another contact" could be the event's own."""
    pairs = Counter(frozenset(p.participants) for p in found if len(p.participants) == 2).most_common(2)
    if not pairs or pairs[0][1] < 2 or (len(pairs) > 1 and pairs[1][1] == pairs[0][1]):
        return None
    return pairs[0][0]


def _corpus_keys(
    documents: Sequence[Document], texts: Mapping[str, list[str]], titled: Mapping[str, list[list[tuple[int, Person]]]]
) -> dict[str, str]:
    """Folded name token -> surname key (_person_keys), learnt from every title-named person but headlines'."""
    people: list[Person] = []
    for document in documents:
        for index, found in enumerate(titled[document.id]):
            if index == 0 and document.title and _title_case(texts[document.id][0]):
                continue  # "Defense Minister Discuss Iran": a headline capitalises every word
            people.extend(person for _, person in found)
    return _person_keys(people)


def _title_case(text: str) -> bool:
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 4 and sum(w[0].isupper() for w in words) / len(words) > 0.6


def _person_keys(people: Sequence[Person]) -> dict[str, str]:
    """Folded name token -> the surname that stands for its person across the corpus.

    One person is written "Secretary Blinken", "Antony J. Blinken", "Tony Blinken"; "Hayashi
    Yoshimasa" and "Yoshimasa Hayashi"; "Wang Yi" and later "Wang". Surnames join when a
    two-token name holds both; a first name stands for its person unless two people share it.
    """
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for person in people:
        parent.setdefault(person.surname, person.surname)
    for person in people:
        if len(person.tokens) == 2:
            other = next(iter(person.tokens - {person.surname}), None)
            if other in parent:
                assert other is not None
                a, b = sorted((find(other), find(person.surname)))
                parent[b] = a
    # The key is the surname the corpus writes most often last.
    written = Counter((find(p.surname), p.surname) for p in people)
    best: dict[str, tuple[int, str]] = {}
    for (root, surname), count in written.items():
        best[root] = max(best.get(root, (0, "")), (count, surname))
    keys = {surname: best[find(surname)][1] for surname in parent}
    owners: dict[str, set[str]] = {}
    for person in people:
        for token in person.tokens - {person.surname}:
            owners.setdefault(token, set()).add(keys[person.surname])
    for token, owner in owners.items():
        if token not in keys and len(owner) == 1 and len(token) > 2:
            keys[token] = next(iter(owner))
    return keys


def _texts(document: Document, sentences: Mapping[str, Sequence[str]]) -> list[str]:
    body = list(sentences.get(document.id, ()))
    return [document.title, *body] if document.title and not document.untitled else ["", *body]


_CAPITALISED = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*")


def _named(text: str, keys: Mapping[str, str]) -> list[str]:
    here: list[str] = []
    for match in _CAPITALISED.finditer(text):
        token = match.group(0)
        if token[0].isupper():
            key = keys.get(fold(_POSSESSIVE.sub("", token)))
            if key is not None and key not in here:
                here.append(key)
    return here


def _profile(
    document: Document, texts: list[str], titled: list[list[tuple[int, Person]]], keys: Mapping[str, str]
) -> ContactProfile:
    dated = document.issue_day
    names: dict[str, str] = {}
    for found in titled:
        for _, person in found:
            key = keys.get(person.surname)
            if key is not None:
                names.setdefault(key, person.name.rstrip("."))
    named_in = [_named(text, keys) for text in texts]
    mentions = Counter(key for here in named_in for key in here)  # sentences naming each person
    # Contact sentences: those that report a contact and name someone, minus those dated far from
    # the publication (a caption of an earlier visit). A contact sentence that names one person
    # takes the people of the sentence before it, which often begins the same report.
    contacts: list[tuple[int, list[str], ContactKind | None, DayClue | None]] = []
    for index, (text, here) in enumerate(zip(texts, named_in, strict=True)):
        reports, said_kind = contact_kind(text)
        if not reports or not here:
            continue
        said = day_clue(text, dated) if index > 0 else None  # a headline's weekday may be its own
        if said and said.day and dated and _days_off(said.day, dated) > MAX_CLUE_DAYS:
            continue
        if len(here) == 1 and index > 1 and not contact_kind(texts[index - 1])[0]:
            here = here + [k for k in named_in[index - 1] if k not in here]
            said = said or day_clue(texts[index - 1], dated)
        contacts.append((index, here, said_kind, said))
    in_contact = Counter(key for _, here, _, _ in contacts for key in here)
    first: dict[str, int] = {}
    for index, here, _, _ in contacts:
        for key in here:
            first.setdefault(key, index)
    # The first contact sentence usually reports the contact itself ("X spoke with Y on Wednesday").
    opening = set(contacts[0][1]) if contacts else set()
    ranked = sorted(in_contact, key=lambda k: (k not in opening, -mentions[k], first[k], k))
    main = tuple(ranked[:2])
    pairs = {frozenset((a, b)) for _, here, _, _ in contacts for a in here for b in here if a < b}
    # Kind and day come from the first contact sentences that name a main participant; failing
    # those, from a full date in the headline ("PM call with President Biden: 25 October 2022") or
    # the day the lede gives ("Top officials on Monday discussed ...").
    kind: ContactKind | None = None
    clue: DayClue | None = None
    for _, here, sentence_kind, sentence_clue in contacts:
        if set(here) & set(main):
            kind = kind or sentence_kind
            clue = clue or sentence_clue
    if not _places(clue) and texts[0]:
        headline = day_clue(texts[0], dated)
        clue = headline if headline and headline.month_day else clue
    if not _places(clue) and len(texts) > 1:
        clue = day_clue(texts[1], dated) or clue
    if clue and clue.day and dated and _days_off(clue.day, dated) > MAX_CLUE_DAYS:
        clue = None
    return ContactProfile(
        document=document.id,
        participants=main,
        mentions=dict(mentions),
        pairs=frozenset(pairs),
        kind=kind,
        clue=clue,
        published=document.date,
        names={k: names.get(k, k.title()) for k in mentions},
    )


def _places(clue: DayClue | None) -> bool:
    """Whether the clue places the contact on a day, a date or a weekday ("today" in an undated text does not)."""
    return clue is not None and (clue.day is not None or clue.month_day is not None or clue.weekday is not None)


def _days_off(day: dt.date, published: PartialDate) -> int:
    return PartialDate.from_date(day).days_apart(published)
