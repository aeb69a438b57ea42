"""Framing: how the sources that carry the same claim tell it differently.

Each detector reads the sentences of one claim and reports what differs, with the exact words of
each source and why it was flagged: numbers and their hedges, dates (weekdays and "today" resolved
against the document's date), who is named and how, whom the claim is attributed to, quotation
versus paraphrase, hedging, and the content words each side chose. Detectors are rules, not
models: each finding can be checked against the words it cites, and each rule is tested on pairs
that must and must not be flagged.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from compare.match import STOP_WORDS, stem
from compare.model import Claim, Document, Event, Evidence, Finding, FramingKind, Kind, Rule, Sentence

FRAMING_KINDS = {
    "numbers": "Numbers and quantities",
    "dates": "Dates and times",
    "attribution": "Attribution: who is said to have said it",
    "quotation": "Quotation and paraphrase",
    "hedging": "Hedging and modality",
    "actors": "Actors and titles",
    "wording": "Wording",
}
MAX_WORDING_PER_CLAIM = 3


@dataclass(frozen=True)
class _Voice:
    """One source's sentence in a claim."""

    document: Document
    sentence: Sentence
    partial: bool
    words: str  # what carries the claim: the part, when only part of the sentence does
    specificity: int  # Mention.specificity


def find_framing(*, event: Event, sentences: Sequence[Sentence], claims: Sequence[Claim]) -> tuple[Finding, ...]:
    """All framing findings of an event, most significant first."""
    documents = {d.id: d for d in event.documents}
    by_key = {(s.document, s.index): s for s in sentences}
    # A quotation is checked against everything the readouts say, not only the aligned sentence.
    readout_texts = [s.text for s in sentences if documents[s.document].kind is Kind.READOUT]
    people = event_people(s.text for s in sentences)
    described_before: set[tuple[str, frozenset[tuple[str, str]]]] = set()
    findings: list[Finding] = []
    for claim in claims:
        if len(claim.documents) < 2:
            continue
        mentions = [
            _Voice(
                documents[m.document],
                by_key[(m.document, m.sentence)],
                m.partial,
                m.part or by_key[(m.document, m.sentence)].text,
                m.specificity,
            )
            for m in claim.mentions
        ]
        voices = _one_voice_per_document(mentions)
        for detector in (_numbers, _dates, _attribution, _hedging):
            findings.extend(detector(claim.id, voices, tuple(event.documents)))
        findings.extend(_wording(claim.id, voices, mentions))
        findings.extend(_quotation(claim.id, voices, readout_texts))
        findings.extend(_actors(claim.id, voices, people, described_before))
    # A sentence that carries several claims would repeat the same difference under each of them.
    unique: dict[tuple[str, tuple[tuple[str, str], ...]], Finding] = {}
    for finding in findings:
        key = (finding.kind, tuple(sorted((e.document, e.words) for e in finding.evidence)))
        if key not in unique or finding.claim < unique[key].claim:
            unique[key] = finding
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


def _specific(voices: Sequence[_Voice]) -> list[_Voice]:
    """Voices whose words are about this claim: full mentions, and parts (not whole partial sentences)."""
    return [v for v in voices if not (v.partial and v.words == v.sentence.text)]


def _one_voice_per_document(voices: list[_Voice]) -> list[_Voice]:
    """The most specific mention of each source: a whole sentence in full, else a part, else a sentence."""
    chosen: dict[str, _Voice] = {}
    for voice in voices:
        current = chosen.get(voice.document.id)
        if current is None or voice.specificity > current.specificity:
            chosen[voice.document.id] = voice
    return list(chosen.values())


def _finding(
    claim: str,
    kind: FramingKind,
    summary: str,
    why: str,
    evidence: Iterable[tuple[_Voice, str]],
    significance: float,
    identity: Iterable[str],
    *,
    rule: Rule | None = None,
) -> Finding:
    evidence = tuple(evidence)
    key = "|".join([claim, kind.value, *sorted(identity)])
    return Finding(
        id=f"{kind.value}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
        claim=claim,
        kind=kind,
        rule=rule,
        summary=summary,
        why=why,
        evidence=tuple(Evidence(v.document.id, v.sentence.index, words) for v, words in evidence),
        significance=significance,
    )


def _name(voice: _Voice) -> str:
    return voice.document.label


# -------------------------------------------------------------------------------------- numbers

_HEDGE_BEFORE = (
    r"more than|over|at least|nearly|almost|about|around|roughly|approximately|some|up to|fewer than|"
    r"less than|as many as|close to|an estimated|upwards of|just over|just under|well over"
)
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
    "dozen": 12,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_PATTERN = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_QUANTITY = re.compile(
    rf"(?:\b(?P<hedge>{_HEDGE_BEFORE})\s+)?"
    rf"(?P<currency>\$|US\$|€|£)?"
    rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{'|'.join(_NUMBER_WORDS)})\b)"
    rf"(?:\s*(?P<scale>thousand|million|billion|trillion)\b)?"
    rf"(?P<percent>\s*(?:%|percent\b|per cent\b))?"
    rf"(?P<after>\s+or so\b|\s+or more\b|-plus\b)?",
    re.IGNORECASE,
)
_UNIT_CLASSES = {
    "troop": "troops",
    "force": "troops",
    "soldier": "troops",
    "personnel": "troops",
    "service": "troops",
    "police": "troops",
    "fighter": "fighters",
    "militant": "fighters",
    "insurgent": "fighters",
}


@dataclass(frozen=True)
class Quantity:
    value: float
    hedge: str  # "" when stated exactly
    unit: str  # head noun class ("troops") or "" when none
    words: str  # as written


@lru_cache(maxsize=8192)  # a sentence carrying several claims is read once, not once per claim
def quantities(text: str) -> tuple[Quantity, ...]:
    """Quantities in a sentence, with hedges; dates, years and times are not quantities."""
    found = []
    for match in _QUANTITY.finditer(text):
        number = match.group("number")
        before = text[: match.start("number")].rstrip()
        after = text[match.end("number") :]
        if re.search(rf"{_MONTH_PATTERN}$", before) or re.match(rf"\s+{_MONTH_PATTERN}", after):
            continue  # "April 28", "28 April"
        if re.fullmatch(r"(19|20)\d\d", number) and not _unit_words(after):
            continue  # a year
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d)", after) or re.search(r"\d[:/]$", before):
            continue
        if number.lower() == "one" and not match.group("hedge"):
            continue  # "one of the", "one interaction": rarely a quantity worth comparing
        value = _NUMBER_WORDS.get(number.lower())
        amount = float(value) if value is not None else float(number.replace(",", ""))
        if match.group("scale"):
            amount *= _SCALES[match.group("scale").lower()]
        unit_words = _unit_words(text[match.end() :])
        head = stem(unit_words[-1]) if unit_words else ""
        unit = "%" if match.group("percent") else _UNIT_CLASSES.get(head, head)
        hedge = (match.group("hedge") or "") + (
            (" " + match.group("after").strip(" -")) if match.group("after") else ""
        )
        words = (match.group(0) + " " + " ".join(unit_words)).strip()
        found.append(Quantity(amount, hedge.strip().lower(), unit, " ".join(words.split())))
    return tuple(found)


_NOT_UNIT = frozenset(
    """is are was were will would has have had be been in of to from by with and or the a an that which who
    for on at as than but after before since per this these those it its""".split()
)


def _unit_words(after: str) -> list[str]:
    """The noun phrase a number counts: "7,000 allied forces" -> ["allied", "forces"]."""
    words: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z.’'-]*|\S", after[:60]):
        if not word[0].isalpha() or word.lower() in _NOT_UNIT or len(words) == 3:
            break
        words.append(word.strip(".’'"))
    return words


def _numbers(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    """Grouped over all sources of the claim, so a claim carried by fifty outlets is one finding."""
    found = [(voice, quantity) for voice in voices for quantity in quantities(voice.words)]
    findings = []
    by_value: dict[float, dict[str, tuple[_Voice, Quantity]]] = {}
    for voice, quantity in found:
        by_value.setdefault(quantity.value, {}).setdefault(voice.document.id, (voice, quantity))
    for value, first_per_document in sorted(by_value.items()):
        items = list(first_per_document.values())
        units = {q.unit for _, q in items if q.unit}
        # An equal number of some size is the same quantity even when its noun differs.
        if len(items) < 2 or len({q.hedge for _, q in items}) < 2 or (len(units) > 1 and value < 10):
            continue
        findings.append(
            _finding(
                claim,
                FramingKind.NUMBERS,
                f"{_show_number(value)}: " + ", ".join(f"{_hedge_text(q)} in {_name(v)}" for v, q in items),
                "same number, hedged differently",
                [(v, q.words) for v, q in items],
                0.7,
                [str(value)] + [f"{v.document.id}={q.hedge}" for v, q in items],
            )
        )
    by_unit: dict[str, dict[str, list[tuple[_Voice, Quantity]]]] = {}
    for voice, quantity in found:
        if quantity.unit:
            by_unit.setdefault(quantity.unit, {}).setdefault(voice.document.id, []).append((voice, quantity))
    for unit, per_document in sorted(by_unit.items()):
        # Only sources that give one number for the thing: "1,200 of 3,000 troops" compares nothing.
        single = [given[0] for given in per_document.values() if len({q.value for _, q in given}) == 1]
        if len(single) < 2 or len({q.value for _, q in single}) < 2:
            continue
        findings.append(
            _finding(
                claim,
                FramingKind.NUMBERS,
                f"{unit}: " + ", ".join(f"{q.words} in {_name(v)}" for v, q in single),
                "the numbers disagree",
                [(v, q.words) for v, q in single],
                1.0,
                [unit] + [f"{v.document.id}={q.value}" for v, q in single],
                rule=Rule.NUMBERS,
            )
        )
    return findings


def _show_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _hedge_text(quantity: Quantity) -> str:
    return f"“{quantity.hedge}”" if quantity.hedge else "stated exactly"


# ---------------------------------------------------------------------------------------- dates

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_DATE_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_PATTERN})\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_DATE_DAY_MONTH = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_PATTERN})\b(?:,?\s+(?P<year>\d{{4}}))?"
)
_WEEKDAY = re.compile(r"\b(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")
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
            month = _month_number(match.group("month"))
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
            offset = (published.weekday() - _WEEKDAYS.index(weekday)) % 7
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


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i for i, month in enumerate(_MONTHS, start=1) if month.startswith(key))


def _nearest_year(month: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    # "April 28" in a text published in January most likely means the previous April.
    return published.year - 1 if month - published.month > 6 else published.year


def _dates(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    """Sources grouped by the days they give; a finding when two groups share no day."""
    dated: list[tuple[_Voice, tuple[DateMention, ...], frozenset[object]]] = []
    for voice in voices:
        if voice.partial and voice.words == voice.sentence.text:
            continue  # a partial mention's dates may belong to its other claims
        mentions = dates(voice.words, published=_exact(voice.document))
        days = frozenset(d.day for d in mentions if d.day)
        weekdays = frozenset(d.weekday for d in mentions if d.weekday)
        if days or weekdays:
            dated.append((voice, mentions, days or frozenset(f"weekday:{w}" for w in weekdays)))
    groups: dict[frozenset[object], list[tuple[_Voice, tuple[DateMention, ...]]]] = {}
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
    summary = ", ".join(f"{', '.join(d.words for d in m)} in {_name(v)}" for v, m in members)
    if all(isinstance(d, dt.date) for key in conflicting for d in key):
        summary += f" ({resolved})"
    return [
        _finding(
            claim,
            FramingKind.DATES,
            summary,
            "the dates disagree once resolved against each source's publication date",
            [(v, ", ".join(d.words for d in m)) for v, m in members],
            0.95,
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


# ---------------------------------------------------------------------------------- attribution

_REPORTING_VERBS = (
    r"said|says|told|tells|added|stated|noted|announced|confirmed|reported|reiterated|stressed|emphasized"
)
# "quoted Bajwa as telling ...": the quoter is the attribution, the quoted person the speaker.
_QUOTED_AS = r"\bquoted\s+(?P<quoted>[^,.;“”\"]{1,60}?)\s+as\s+(?:saying|telling|stating)\b"
_ATTRIBUTION_PATTERNS = [
    re.compile(r"\baccording to (?P<who>[^,.;:]{2,80})", re.IGNORECASE),
    re.compile(rf"(?P<who>(?:[A-Z]|\bthe |\ba |\ban )[^,.;“”\"]{{1,90}}?)\s+{_QUOTED_AS}"),
    re.compile(
        r"\b(?:read|said|says)\s+(?:a|the)\s+(?:brief\s+)?(?:statement|readout|release|handout)\b(?P<who>[^,.;]{0,100})",
        re.IGNORECASE,
    ),
    # The verb may open a quotation: 'The Pakistani general also “reiterated that ...”'.
    re.compile(rf"(?:^|[,”\"]\s+|[,”\"]\s*,\s*)(?P<who>[^,.;“”\"]{{2,90}}?)\s+[“\"]?(?:{_REPORTING_VERBS})\b"),
    re.compile(rf"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){{0,4}}[A-Z][\w.’'-]*)\s+(?:{_REPORTING_VERBS})\b"),
]
_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
_UNNAMED_SOURCES = {"an unnamed readout or statement", "unnamed sources", "unnamed reports"}
_UNNAMED = re.compile(r"\b(?:sources?|officials?|diplomats?|people familiar)\b", re.IGNORECASE)
_DOCUMENT_WORDS = re.compile(r"\b(?:readout|statement|release|handout|transcript)\b", re.IGNORECASE)
_REPORTEDLY = re.compile(r"\b(?:reportedly|allegedly|purportedly)\b", re.IGNORECASE)


def attribution_of(text: str, *, documents: Iterable[Document]) -> str | None:
    """Whom a sentence attributes what it says to (an issuer's name where one matches), or None."""
    documents = tuple(documents)
    phrase = _attribution_phrase(text)
    if phrase is None:
        return "unnamed reports" if _REPORTEDLY.search(text) else None
    if phrase.lower() in _PRONOUNS:
        # "The media wing ... issued its own readout, which it said ...": the pronoun's antecedent
        # is usually named earlier in the same sentence.
        named = _normalise_source(text, documents)
        if named in {d.issuer or d.outlet for d in documents if d.kind is Kind.READOUT}:
            return named
    return _normalise_source(phrase, documents)


@lru_cache(maxsize=8192)
def _attribution_phrase(text: str) -> str | None:
    for pattern in _ATTRIBUTION_PATTERNS:
        for match in pattern.finditer(text):
            who = match.group("who").strip(' ,“”"')
            who = re.sub(r"^(?:that|and|but|also|which|who|whom)\s+", "", who, flags=re.IGNORECASE)
            who = re.sub(r"\s+(?:has|have|had|is|was|also|would|will)$", "", who)  # "NATO has said"
            if not who:
                if pattern is _ATTRIBUTION_PATTERNS[2]:
                    return match.group(0)  # "read a statement" with no issuer named
                continue
            if len(who.split()) > 12:
                continue
            return who
    return None


def _normalise_source(phrase: str, documents: Iterable[Document]) -> str:
    lowered = phrase.lower()
    candidates = []
    for document in documents:
        if document.kind is not Kind.READOUT:
            continue
        issuer = document.issuer or document.outlet
        for alias in (issuer, *document.aliases):
            if alias and re.search(rf"\b{re.escape(alias.lower())}\b", lowered):
                candidates.append((len(alias), issuer))
    if candidates:
        return max(candidates)[1]
    if lowered.strip() in _PRONOUNS:
        return f"“{phrase}” (named earlier in the article)"
    if _DOCUMENT_WORDS.search(phrase):
        return "an unnamed readout or statement"
    if _UNNAMED.search(phrase) and not re.search(r"[A-Z][a-z]+ [A-Z]", phrase):
        return "unnamed sources"
    return re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)


def _attribution(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    readouts = [v for v in voices if v.document.kind is Kind.READOUT]
    outlets = [v for v in voices if v.document.kind is not Kind.READOUT]
    if not outlets or len(voices) < 2:
        return []
    said = {v.document.id: attribution_of(v.sentence.text, documents=documents) for v in outlets}
    origin = {v.document.issuer or v.document.outlet for v in readouts}
    findings = []
    attributed = [v for v in outlets if said[v.document.id]]
    unattributed = [v for v in outlets if not said[v.document.id]]
    if attributed and unattributed:
        summary = "; ".join(
            [f"{_name(v)} attributes it to {said[v.document.id]}" for v in attributed]
            + [f"{_name(v)} states it as fact" for v in unattributed]
        )
        findings.append(
            _finding(
                claim,
                FramingKind.ATTRIBUTION,
                summary,
                "attributed in one source, stated as fact in another",
                [(v, said[v.document.id] or "no attribution") for v in (*attributed, *unattributed)],
                0.8,
                [f"{v.document.id}={said[v.document.id]}" for v in outlets],
                rule=Rule.ATTRIBUTION,
            )
        )
    named = {said[v.document.id] for v in attributed}
    issuers = {s for s in named if s in {d.issuer or d.outlet for d in documents if d.kind is Kind.READOUT}}
    if origin and issuers - origin:
        wrong = [v for v in attributed if said[v.document.id] in issuers - origin]
        findings.append(
            _finding(
                claim,
                FramingKind.ATTRIBUTION,
                "; ".join(f"{_name(v)} attributes it to {said[v.document.id]}" for v in wrong)
                + f", but only the {', '.join(sorted(origin))} readout carries it",
                "attributed to a party whose readout does not say it",
                [(v, said[v.document.id] or "") for v in wrong] + [(v, "readout") for v in readouts],
                1.0,
                [f"{v.document.id}={said[v.document.id]}" for v in wrong] + sorted(origin),
                rule=Rule.ATTRIBUTION,
            )
        )
    # A speaker ("the general reiterated") is not a source; compare sources only: the issuers,
    # and the unnamed readouts, statements, sources and reports that stand in for them.
    sources = [v for v in attributed if said[v.document.id] in issuers or said[v.document.id] in _UNNAMED_SOURCES]
    if not (origin and issuers - origin) and len({said[v.document.id] for v in sources}) >= 2:
        findings.append(
            _finding(
                claim,
                FramingKind.ATTRIBUTION,
                "; ".join(f"{_name(v)} attributes it to {said[v.document.id]}" for v in sources),
                "the sources name different origins for the claim",
                [(v, said[v.document.id] or "") for v in sources],
                0.6 if len(issuers) > 1 else 0.5,
                [f"{v.document.id}={said[v.document.id]}" for v in sources],
            )
        )
    return findings


# ------------------------------------------------------------------------------------ quotation

_QUOTED = re.compile(
    r"“(?P<curly>[^”]{2,})”|\"(?P<straight>[^\"]{2,})\"|(?:(?<=\s)|^)‘(?P<single>[^’]{2,}?)’(?=[\s,.;:!?]|$)"
)


@lru_cache(maxsize=8192)
def quotations(text: str) -> tuple[str, ...]:
    """Directly quoted passages of a sentence."""
    return tuple(next(g for g in match.groups() if g) for match in _QUOTED.finditer(text))


def _words(text: str) -> list[str]:
    text = re.sub(r"\[[^\]]*\]", " ", text)  # editorial insertions: "[an]"
    text = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", text)  # "U.S." ~ "US"
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'").replace("'s", ""))


def _contains(haystack: list[str], needle: list[str]) -> bool:
    if not needle:
        return False
    size = len(needle)
    return any(haystack[i : i + size] == needle for i in range(len(haystack) - size + 1))


def _quotes_of(voice: _Voice) -> list[str]:
    """Quotations in the words that carry the claim (a quote around or inside the part)."""
    quotes = quotations(voice.sentence.text)
    if voice.words == voice.sentence.text:
        return list(quotes)
    part = _words(voice.words)
    return [q for q in quotes if _shares_a_run(_words(q), part)]


def _shares_a_run(a: list[str], b: list[str], run: int = 3) -> bool:
    """Do two word lists share a run of `run` consecutive words (or is one inside the other)?"""
    if _contains(a, b) or _contains(b, a):
        return True
    grams = {tuple(a[i : i + run]) for i in range(len(a) - run + 1)}
    return any(tuple(b[i : i + run]) in grams for i in range(len(b) - run + 1))


def _quotation(claim: str, voices: Sequence[_Voice], readout_texts: Sequence[str]) -> list[Finding]:
    findings = []
    readouts = [v for v in voices if v.document.kind is Kind.READOUT]
    outlets = [v for v in voices if v.document.kind is not Kind.READOUT]
    readout_words = [_words(text) for text in readout_texts]
    for voice in outlets:
        for quote in _quotes_of(voice):
            quote_words = _words(quote)
            if len(quote_words) < 3 or not readouts or any(_contains(words, quote_words) for words in readout_words):
                continue
            # Close to a readout passage but not verbatim: the quote was altered.
            best = max(readouts, key=lambda r: _overlap_share(quote_words, _words(r.sentence.text)))
            if _overlap_share(quote_words, _words(best.sentence.text)) >= 0.6:
                findings.append(
                    _finding(
                        claim,
                        FramingKind.QUOTATION,
                        f"{_name(voice)} quotes “{quote}”, which is not word for word what the {_name(best)} says",
                        "a quotation that differs from the readout's text",
                        [(voice, quote), (best, best.words)],
                        0.7,
                        [voice.document.id, " ".join(quote_words)],
                    )
                )
    quoted = [(v, max(q, key=len)) for v in outlets if (q := [x for x in _quotes_of(v) if len(_words(x)) >= 3])]
    plain = [v for v in outlets if not _quotes_of(v)]
    if quoted and plain:
        quote_text = "; ".join(f"{_name(v)} quotes “{q}”" for v, q in quoted)
        manners = []
        for voice in plain:
            verbatim = any(_contains(_words(voice.words), _words(q)) for _, q in quoted)
            manners.append(
                f"{_name(voice)} " + ("uses the same words without quotation marks" if verbatim else "paraphrases")
            )
        findings.append(
            _finding(
                claim,
                FramingKind.QUOTATION,
                f"{quote_text}; {'; '.join(manners)}",
                "direct quotation in one source, paraphrase in another",
                [(v, q) for v, q in quoted] + [(v, v.words) for v in plain],
                0.5,
                [f"{v.document.id}={' '.join(_words(q))}" for v, q in quoted] + [v.document.id for v in plain],
            )
        )
    if len(quoted) >= 2:
        longest_voice, longest = max(quoted, key=lambda item: len(_words(item[1])))
        full = _words(longest)
        shorter = [
            (v, q)
            for v, q in quoted
            if v is not longest_voice and len(_words(q)) < len(full) and _contains(full, _words(q))
        ]
        if shorter:
            findings.append(
                _finding(
                    claim,
                    FramingKind.QUOTATION,
                    f"{', '.join(_name(v) for v, _ in shorter)} quote{'s' * (len(shorter) == 1)} a shorter passage "
                    f"than {_name(longest_voice)}",
                    "the same quotation, shortened",
                    [(longest_voice, longest), *shorter],
                    0.4,
                    [f"{longest_voice.document.id}={' '.join(full)}"]
                    + [f"{v.document.id}={' '.join(_words(q))}" for v, q in shorter],
                )
            )
    return findings


def _overlap_share(needle: list[str], haystack: list[str]) -> float:
    return len(set(needle) & set(haystack)) / len(set(needle)) if needle else 0.0


# -------------------------------------------------------------------------------------- hedging

_HEDGES = re.compile(
    r"\b(?:[Rr]eportedly|[Aa]llegedly|[Pp]urportedly|[Aa]pparently|"
    r"(?:is|are|was|were) (?:said|believed|thought|understood|expected|due) to|"
    r"(?:has|have|had) been accused of|accused of|is to|are to|could|may|might|likely|possibly|"
    r"reported to|claimed|claims)\b"
)  # case-sensitive: "May 1" is a date, "may" a hedge
_REPORTED_SPEECH = re.compile(rf"\b(?:{_REPORTING_VERBS}|say|reiterated that|telling|saying)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def hedges(text: str) -> tuple[str, ...]:
    found = [m.group(0).lower() for m in _HEDGES.finditer(text)]
    # "would" hedges a statement of fact, but after "said that" it is only reported speech.
    if re.search(r"\bwould\b", text) and not _REPORTED_SPEECH.search(text):
        found.append("would")
    return tuple(found)


def _hedging(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    full = _specific(voices)
    hedged = [(v, hedges(v.words)) for v in full]
    with_hedge = [(v, h) for v, h in hedged if h]
    without = [v for v, h in hedged if not h]
    if not with_hedge or not without:
        return []
    summary = "; ".join(f"{_name(v)} hedges: “{', '.join(h)}”" for v, h in with_hedge)
    summary += (
        "; "
        + ", ".join(_name(v) for v in without)
        + (" states it plainly" if len(without) == 1 else " state it plainly")
    )
    return [
        _finding(
            claim,
            FramingKind.HEDGING,
            summary,
            "hedged in one source, stated plainly in another",
            [(v, ", ".join(h)) for v, h in with_hedge] + [(v, "no hedge") for v in without],
            0.6,
            [f"{v.document.id}={','.join(sorted(set(h)))}" for v, h in hedged],
        )
    ]


# --------------------------------------------------------------------------------------- actors

_TITLE_WORDS = (
    r"General|Gen\.|Lt\.? Gen\.?|Lieutenant General|Major General|Maj\.? Gen\.?|Chief of Army Staff|COAS|"
    r"Secretary of Defen[cs]e|Defen[cs]e Secretary|Secretary of State|Secretary|Minister|Foreign Minister|"
    r"Prime Minister|President|Ambassador|Admiral|Colonel|Col\.|Mr\.?|Ms\.?|Dr\.?"
)
_NAMED = re.compile(
    rf"(?P<title>(?:(?:{_TITLE_WORDS})\s+)+)?(?P<name>(?:[A-Z][a-z]+\.?\s+){{0,2}}(?:[A-Z]\.?\s+)?[A-Z][a-z]{{2,}})(?:\s+(?:III|II|Jr\.?))?"
)
_DESCRIPTION = re.compile(
    r"\b(?:(?:Pakistan['’]s|[Tt]he Pakistani|[Tt]he U\.?S\.?|U\.?S\.?['’]?|[Tt]he American|America['’]s|"
    r"[Tt]he US|US|[Tt]he)\s+)?"
    r"(?:COAS|top military official|army chief|military chief|army general|general|dignitary|defen[cs]e secretary|"
    r"defen[cs]e chief|top general|military leader|envoy|commander)\b"
)  # case-sensitive: "General Bajwa" is a title with a name, "the general" a description
_NOT_PERSON = {
    "Pakistan",
    "Afghanistan",
    "United",
    "States",
    "Pentagon",
    "Taliban",
    "Washington",
    "Islamabad",
    "Kabul",
    "During",
    "According",
    "Secretary",
    "General",
    "Chief",
    "Army",
    "Staff",
    "Defense",
    "Defence",
    "Peace",
    "Process",
    "Afghan",
    "The",
    "They",
    "He",
    "She",
    "It",
    "This",
    "NATO",
    "Department",
    "Relations",
    "Public",
    "Inter",
    "Services",
    "Owned",
    "Negotiations",
    "Doha",
    "Qatar",
    "Turkey",
    "Moscow",
    "Russia",
    "China",
    "Senate",
    "Foreign",
    "Committee",
    "Retired",
    "Earlier",
    "Meanwhile",
    "Sources",
    "Ramadan",
}


_DETERMINERS = {"The", "A", "An", "This", "That", "These", "Those", "Its", "His", "Her", "Their", "Our"}


@lru_cache(maxsize=8192)  # callers copy the result; it is never changed in place
def actor_names(text: str) -> dict[str, str]:
    """Surname -> the words naming that person (title included) in a sentence."""
    named: dict[str, str] = {}
    for match in _NAMED.finditer(text):
        words = match.group("name").split()
        if words[0] in _DETERMINERS:  # "The Pakistani general" names nobody
            words = words[1:]
            if len(words) < 2 and not match.group("title"):
                continue
        surname = words[-1].rstrip(".")
        if surname in _NOT_PERSON or surname.isupper():
            continue
        if not match.group("title") and len(words) < 2:
            # A lone capitalised word is a person only if it is a surname elsewhere in the claim.
            named.setdefault(surname, match.group(0).strip())
            continue
        named[surname] = match.group(0).strip()
    return named


def event_people(sentences: Iterable[str]) -> frozenset[str]:
    """Surnames named with at least two words somewhere in the event ("General Qamar Javed Bajwa").

    A lone capitalised word ("Bajwa", "Ankara", "Earlier") counts as a person only if so named.
    """
    return frozenset(
        surname for text in sentences for surname, words in actor_names(text).items() if len(words.split()) >= 2
    )


def _actors(
    claim: str,
    voices: Sequence[_Voice],
    people: frozenset[str],
    described_before: set[tuple[str, frozenset[tuple[str, str]]]],
) -> list[Finding]:
    full = _specific(voices)
    names = {v.document.id: {k: w for k, w in actor_names(v.words).items() if k in people} for v in voices}
    in_claim = {surname for v in full for surname in names[v.document.id]}
    speakers = {v.document.id: _speaker(v.sentence.text) for v in voices}
    speaking = {k for v in full for k in actor_names(speakers[v.document.id] or "") if k in in_claim}
    findings = []
    for person in sorted(in_claim):
        naming = [v for v in full if person in names[v.document.id]]
        described = []
        # How a sentence refers to a person does not depend on which of its points is aligned, so
        # sentences that carry the claim only in part can describe ("Pakistan's army chief") too.
        for v in voices:
            if person in names[v.document.id]:
                continue
            unnamed = in_claim - set(names[v.document.id])
            if len(unnamed) == 1:
                # A description stands for the one person the voice leaves unnamed...
                description = _DESCRIPTION.search(v.words)
            elif person in unnamed and speakers.get(v.document.id) and speaking == {person}:
                # ...or, among several, for the speaker when every other voice quotes this person.
                description = _DESCRIPTION.search(speakers[v.document.id] or "")
            else:
                continue
            if description:
                described.append((v, description.group(0)))
        # Two claims that hold the same sentences would show the same descriptions twice.
        seen = (person, frozenset((v.document.id, d) for v, d in described))
        if naming and described and seen not in described_before:
            described_before.add(seen)
            summary = "; ".join(f"{_name(v)}: “{names[v.document.id][person]}”" for v in naming)
            summary += "; " + "; ".join(f"{_name(v)}: “{d}” (not named)" for v, d in described)
            findings.append(
                _finding(
                    claim,
                    FramingKind.ACTORS,
                    f"{person} — {summary}",
                    "a person named in one source is only described in another",
                    [(v, names[v.document.id][person]) for v in naming] + described,
                    0.5,
                    [person] + [f"{v.document.id}={d.lower()}" for v, d in described],
                )
            )
        # Titles are a property of the sentence, so whole sentences that carry the claim only in
        # part count here too ("General Lloyd J. Austin (Retired)" against "Secretary of Defense").
        titled = {v.document.id: actor_names(v.sentence.text).get(person) for v in voices}
        naming_any = [v for v in voices if titled[v.document.id]]
        titles = {v.document.id: _title_of(titled[v.document.id] or "", person) for v in naming_any}
        given = [set(t.split()) for t in titles.values() if t]
        # Only titles that share no word: "General" vs "Chief of Army Staff General" is one rank.
        if len(given) >= 2 and any(not (a & b) for i, a in enumerate(given) for b in given[i + 1 :]):
            findings.append(
                _finding(
                    claim,
                    FramingKind.ACTORS,
                    f"{person} — " + "; ".join(f"{_name(v)}: “{titled[v.document.id]}”" for v in naming_any),
                    "the same person given a different title or rank",
                    [(v, titled[v.document.id] or "") for v in naming_any],
                    0.35,
                    [person] + [f"{d}={t}" for d, t in sorted(titles.items())],
                )
            )
    return findings


_QUOTED_SPEAKER = re.compile(_QUOTED_AS)


def _speaker(text: str) -> str | None:
    """Who a sentence says is speaking: "quoted Bajwa as telling ..." -> Bajwa; "The general said" -> The general."""
    quoted = _QUOTED_SPEAKER.search(text)
    return quoted.group("quoted") if quoted else _attribution_phrase(text)


def _title_of(words: str, surname: str) -> str:
    match = re.match(rf"^((?:(?:{_TITLE_WORDS})\s+)+)", words)
    return re.sub(r"\s+", " ", match.group(1)).strip().rstrip(".").lower() if match else ""


# -------------------------------------------------------------------------------------- wording

LOADED_WORDS = frozenset(
    """regime terrorist terrorists militant militants insurgent insurgents extremist extremists
    rebels thugs harboring harbouring sanctuaries safe havens slammed blasted admitted claimed
    conceded vowed demanded threatened urged pressed warned accused alleged infamous notorious
    so-called""".split()
)
_GENERIC_WORDS = frozenset(
    stem(w)
    for w in """discuss discussed talk talked speak spoke meet met hold held leader leaders two both side sides
    official officials country countries also during come came take took make made give gave get got go went
    put""".split()
)
_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


@lru_cache(maxsize=8192)
def _content_tokens(text: str) -> tuple[str, ...]:
    tokens = []
    for match in _CONTENT_WORD.finditer(text):
        word = match.group(0)
        if word.lower().replace("’", "'") in STOP_WORDS or len(word) < 3:
            continue
        tokens.append(word)
    return tuple(tokens)


@lru_cache(maxsize=8192)
def _content_stems(text: str) -> frozenset[str]:
    return frozenset(map(stem, _content_tokens(text)))


def _wording(claim: str, voices: Sequence[_Voice], mentions: Sequence[_Voice]) -> list[Finding]:
    """Content words each side chose in the same place of the claim, most telling first.

    The lead (a readout when there is one) is compared with every other source's sentences in the
    claim, not only the most specific: an outlet can quote the readout's word in one sentence and
    choose its own in its lead. A sentence that carries the claim only somewhere in it is compared
    whole, with the lead's whole sentence.
    """
    full = _specific(voices)
    if len(full) < 2:
        return []
    # The lead is the most specific readout voice, else the most specific voice (first on a tie).
    lead = max(full, key=lambda v: (v.document.kind is Kind.READOUT, v.specificity))
    # The same two wordings seen in several sources (an outlet repeating a readout) are one finding:
    # lower-cased pair -> the pair as first written, and the sources that use it.
    seen: dict[tuple[str, str], tuple[tuple[str, str], dict[str, _Voice]]] = {}
    for other in mentions:
        if other.document.id == lead.document.id:
            continue
        widened = other.partial and other.words == other.sentence.text
        mine = lead.sentence.text if widened else lead.words
        for pair in substitutions(mine, other.words, positional=not widened):
            _, using = seen.setdefault((pair[0].lower(), pair[1].lower()), (pair, {}))
            using.setdefault(other.document.id, other)
    findings = []
    for key, ((words_a, words_b), using) in seen.items():
        others = list(using.values())
        loaded = sorted({w.lower() for w in re.findall(r"[A-Za-z-]+", f"{words_a} {words_b}")} & LOADED_WORDS)
        findings.append(
            _finding(
                claim,
                FramingKind.WORDING,
                f"“{words_a}” ({_name(lead)}) vs “{words_b}” ({', '.join(_name(v) for v in others)})"
                + (f" — loaded: {', '.join(loaded)}" if loaded else ""),
                "different words in the same place of the claim" + (", one of them loaded" if loaded else ""),
                [(lead, words_a), *((v, words_b) for v in others)],
                0.55 if loaded else 0.3,
                [lead.document.id, *(v.document.id for v in others), *key],
            )
        )
    covered = {w.lower() for f in findings for e in f.evidence for w in e.words.split()}
    findings += [f for f in _loaded_words(claim, full) if f.evidence[0].words not in covered]
    findings.sort(key=lambda f: -f.significance)
    return findings[:MAX_WORDING_PER_CLAIM]


@lru_cache(maxsize=16384)
def substitutions(first: str, second: str, *, positional: bool = True) -> tuple[tuple[str, str], ...]:
    """Pairs of phrases, one from each text, that stand in the same place among the words both share.

    Two passes. A positional word diff finds a short run replaced by another where the texts are
    built alike (`positional`; not for whole sentences of which only a part carries the claim, where
    the rest need not line up). Words both texts use once then serve as anchors, so that clauses in
    a different order still line up: the words next to an anchor on the same side are compared
    ("acknowledged Pakistan's" / "expressed appreciation for Pakistan's"), and a compound matches
    its of-phrase ("the foreign troop drawdown" / "the withdrawal of all foreign troops").
    """
    if first == second:
        return ()
    pairs = _replaced_runs(first, second) if positional else []
    for pair in _anchored_phrases(first, second):
        if pair not in pairs:
            pairs.append(pair)
    return tuple((a, b) for a, b in pairs if not (_trivial_substitution(a.split(), b.split()) or _same_root(a, b)))


def _same_root(first: str, second: str) -> bool:
    """Every content word of one phrase shares its root with one of the other ("continuous" / "continued")."""
    stems_a, stems_b = _content_stems(first), _content_stems(second)
    roots_a, roots_b = _roots(stems_a), _roots(stems_b)
    return all(_related(s, stems_b, roots_b) for s in stems_a) or all(_related(s, stems_a, roots_a) for s in stems_b)


def _replaced_runs(first: str, second: str) -> list[tuple[str, str]]:
    """Runs of at most two content words that a positional diff finds replaced by another."""
    a, b = _content_tokens(first), _content_tokens(second)
    stems_a, stems_b = [stem(w) for w in a], [stem(w) for w in b]
    if len(set(stems_a) & set(stems_b)) / max(1, min(len(set(stems_a)), len(set(stems_b)))) < 0.4:
        return []  # too differently built for a word-by-word comparison to mean anything
    matcher = difflib.SequenceMatcher(a=stems_a, b=stems_b, autojunk=False)
    return [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag == "replace" and i2 - i1 <= 2 and j2 - j1 <= 2
    ]


# Words that may stand between an anchor and the phrase next to it ("support for Afghanistan").
_BRIDGE_WORDS = frozenset(
    "a an the all its their his her this these those of in for from to on at with by over".split()
)
_DETERMINERS_AFTER_OF = frozenset("a an the all its their his her this these those".split())
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'-]*|[,;:()—–]")
MAX_PHRASE_WORDS = 2  # free words next to the anchor; an of-phrase may add its head


@dataclass(frozen=True)
class _Phrase:
    text: str
    through_of: bool  # reached its anchor across "of" ("withdrawal of all foreign troops")
    bridged: bool  # reached its anchor across any bridging word ("support for Afghanistan")


ROOT_LENGTH = 6  # words that share this many first letters share a root ("continuous", "continue")


def _related(word_stem: str, other_stems: frozenset[str], other_roots: frozenset[str]) -> bool:
    """The same word as one of the other text's, or one derived from the same root."""
    return word_stem in other_stems or (len(word_stem) >= ROOT_LENGTH and word_stem[:ROOT_LENGTH] in other_roots)


def _roots(stems: Iterable[str]) -> frozenset[str]:
    return frozenset(s[:ROOT_LENGTH] for s in stems if len(s) >= ROOT_LENGTH)


@dataclass(frozen=True)
class _Word:
    text: str
    stem: str
    start: int
    end: int
    content: bool  # a content word (not a stop word, punctuation or number)


@dataclass(frozen=True)
class _Token(_Word):
    free: bool  # a lower-case content word the other text does not use, and not a generic verb


@lru_cache(maxsize=8192)
def _words_of(text: str) -> tuple[_Word, ...]:
    content = set(_content_tokens(text))
    return tuple(
        _Word(
            m.group(0),
            stem(m.group(0)) if m.group(0)[0].isalpha() else m.group(0),
            m.start(),
            m.end(),
            m.group(0) in content,
        )
        for m in _TOKEN.finditer(text)
    )


def _tokens(text: str, other_stems: frozenset[str]) -> list[_Token]:
    other_roots = _roots(other_stems)
    return [
        _Token(
            w.text,
            w.stem,
            w.start,
            w.end,
            w.content,
            w.content
            and w.text[0].islower()
            and not _related(w.stem, other_stems, other_roots)
            and w.stem not in _GENERIC_WORDS,
        )
        for w in _words_of(text)
    ]


def _phrase_beside(text: str, tokens: list[_Token], anchor: int, step: int) -> _Phrase | None:
    """The free words next to an anchor on one side, across at most a few bridging words."""
    position = anchor + step
    bridged: list[str] = []
    while 0 <= position < len(tokens) and tokens[position].text.lower() in _BRIDGE_WORDS and len(bridged) < 2:
        bridged.append(tokens[position].text.lower())
        position += step
    taken = _free_run(tokens, position, step)
    if taken:
        # "withdrawal of all foreign troops": an of-phrase stays one phrase, head and all.
        link = _skip(tokens, taken[-1] + step, step, _DETERMINERS_AFTER_OF)
        if 0 <= link < len(tokens) and tokens[link].text.lower() == "of":
            taken += _free_run(tokens, _skip(tokens, link + step, step, _DETERMINERS_AFTER_OF), step)
        # "peace and stability": a coordinated pair is one phrase, not its nearer half.
        link = taken[-1] + step
        if 0 <= link < len(tokens) and tokens[link].text.lower() in {"and", "or"} and len(taken) < MAX_PHRASE_WORDS * 2:
            taken += _free_run(tokens, link + step, step)[: MAX_PHRASE_WORDS * 2 - len(taken)]
    if not taken:
        return None
    first, last = tokens[min(taken)], tokens[max(taken)]
    return _Phrase(text[first.start : last.end], "of" in bridged, bool(bridged))


def _skip(tokens: list[_Token], position: int, step: int, words: frozenset[str]) -> int:
    while 0 <= position < len(tokens) and tokens[position].text.lower() in words:
        position += step
    return position


def _free_run(tokens: list[_Token], position: int, step: int) -> list[int]:
    """Positions of the free words that follow one another from `position` on, at most a few."""
    run: list[int] = []
    while 0 <= position < len(tokens) and tokens[position].free and len(run) < MAX_PHRASE_WORDS:
        run.append(position)
        position += step
    return run


def _anchored_phrases(first: str, second: str) -> list[tuple[str, str]]:
    stems_a, stems_b = _content_stems(first), _content_stems(second)
    tokens_a, tokens_b = _tokens(first, stems_b), _tokens(second, stems_a)
    if not (any(t.free for t in tokens_a) and any(t.free for t in tokens_b)):
        return []  # one text has no word of its own, so nothing was put in another's place
    once_a = _positions_of_single_words(tokens_a)
    once_b = _positions_of_single_words(tokens_b)
    anchors = sorted(set(once_a) & set(once_b), key=lambda s: once_a[s])
    pairs: list[tuple[str, str]] = []
    for anchor in anchors:
        a, b = once_a[anchor], once_b[anchor]
        before_a = _phrase_beside(first, tokens_a, a, -1)
        before_b = _phrase_beside(second, tokens_b, b, -1) if before_a else None
        # "the withdrawal of the remaining troops" / "the last remaining troops": a head noun and a
        # modifier of the same words are not in the same place.
        if before_a and before_b and before_a.through_of == before_b.through_of:
            pairs.append((before_a.text, before_b.text))
        after_a = _phrase_beside(first, tokens_a, a, 1)
        after_b = _phrase_beside(second, tokens_b, b, 1) if after_a else None
        # After an anchor, a word right next to it is what the anchor qualifies ("Taliban deal"),
        # and one across a preposition is not ("Taliban by the previous administration").
        if after_a and after_b and after_a.bridged == after_b.bridged:
            pairs.append((after_a.text, after_b.text))
        # "the foreign troop drawdown" / "the withdrawal of all foreign troops": find the run of
        # anchors both texts share here, and pair what follows it in one with its of-phrase in the other.
        start_a, start_b = a, b
        while (
            start_a > 0
            and start_b > 0
            and tokens_a[start_a - 1].stem == tokens_b[start_b - 1].stem
            and tokens_a[start_a - 1].content
        ):
            start_a, start_b = start_a - 1, start_b - 1
        if start_a != a:
            continue  # the run was already seen from its first anchor
        end_a, end_b = a, b
        while (
            end_a + 1 < len(tokens_a)
            and end_b + 1 < len(tokens_b)
            and tokens_a[end_a + 1].stem == tokens_b[end_b + 1].stem
            and tokens_a[end_a + 1].content
        ):
            end_a, end_b = end_a + 1, end_b + 1
        run_before_a = _phrase_beside(first, tokens_a, start_a, -1)
        run_before_b = _phrase_beside(second, tokens_b, start_b, -1)
        run_after_a = _phrase_beside(first, tokens_a, end_a, 1)
        run_after_b = _phrase_beside(second, tokens_b, end_b, 1)
        if run_after_a and run_before_b and run_before_b.through_of and not (run_before_a or run_after_b):
            pairs.append((run_after_a.text, run_before_b.text))
        if run_after_b and run_before_a and run_before_a.through_of and not (run_before_b or run_after_a):
            pairs.append((run_before_a.text, run_after_b.text))
    return pairs


def _positions_of_single_words(tokens: list[_Token]) -> dict[str, int]:
    """Content words a text uses once, by stem: only those can anchor a comparison."""
    seen: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        if token.content:
            seen.setdefault(token.stem, []).append(index)
    return {word: places[0] for word, places in seen.items() if len(places) == 1}


def _loaded_words(claim: str, voices: Sequence[_Voice]) -> list[Finding]:
    """A charged word one source uses for the claim and another does not ("insurgents")."""
    used = {v.document.id: {w.lower() for w in re.findall(r"[A-Za-z-]+", v.words)} & LOADED_WORDS for v in voices}
    findings = []
    for word in sorted(set().union(*used.values()) if used else set()):
        using = [v for v in voices if word in used[v.document.id]]
        others = [v for v in voices if word not in used[v.document.id]]
        if not others:
            continue
        findings.append(
            _finding(
                claim,
                FramingKind.WORDING,
                f"“{word}” in {', '.join(_name(v) for v in using)}; not in {', '.join(_name(v) for v in others)}",
                "a loaded word one source uses and another does not",
                [(v, word) for v in using] + [(v, v.words) for v in others],
                0.55,
                [word] + [v.document.id for v in using] + [f"not:{v.document.id}" for v in others],
            )
        )
    return findings


def _trivial_substitution(left: Sequence[str], right: Sequence[str]) -> bool:
    """Spelling variants, name forms and capitalisation are not framing."""
    joined_left = "".join(left).lower().replace("’", "'")
    joined_right = "".join(right).lower().replace("’", "'")
    if joined_left == joined_right:
        return True
    if difflib.SequenceMatcher(a=joined_left, b=joined_right).ratio() >= 0.8:
        return True  # defence/defense, draw down/drawdown, Afghan/Afghanistan
    if all(w[:1].isupper() for w in (*left, *right)):
        return True  # names and titles: the actors detector compares those
    # Verbs of meeting and talking differ without changing what is claimed.
    return all(stem(w.lower()) in _GENERIC_WORDS or w[:1].isupper() for w in (*left, *right))
