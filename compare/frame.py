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

from compare.match import STOP_WORDS, stem
from compare.model import Claim, Document, Event, Evidence, Finding, Kind, Sentence

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


def find_framing(*, event: Event, sentences: Sequence[Sentence], claims: Sequence[Claim]) -> tuple[Finding, ...]:
    """All framing findings of an event, most significant first."""
    documents = {d.id: d for d in event.documents}
    by_key = {(s.document, s.index): s for s in sentences}
    # A quotation is checked against everything the readouts say, not only the aligned sentence.
    readout_texts = [s.text for s in sentences if documents[s.document].kind is Kind.READOUT]
    findings: list[Finding] = []
    for claim in claims:
        if len(claim.documents) < 2:
            continue
        voices = [
            _Voice(
                documents[m.document],
                by_key[(m.document, m.sentence)],
                m.partial,
                m.part or by_key[(m.document, m.sentence)].text,
            )
            for m in claim.mentions
        ]
        voices = _one_voice_per_document(voices)
        for detector in (_numbers, _dates, _attribution, _hedging, _actors, _wording):
            findings.extend(detector(claim.id, voices, tuple(event.documents)))
        findings.extend(_quotation(claim.id, voices, readout_texts))
    # A sentence that carries several claims would repeat the same difference under each of them.
    unique: dict[tuple[str, tuple[tuple[str, str], ...]], Finding] = {}
    for finding in findings:
        key = (finding.kind, tuple(sorted((e.document, e.words) for e in finding.evidence)))
        if key not in unique or finding.claim < unique[key].claim:
            unique[key] = finding
    return tuple(sorted(unique.values(), key=lambda f: (-f.significance, f.claim, f.kind, f.id)))


def _one_voice_per_document(voices: list[_Voice]) -> list[_Voice]:
    chosen: dict[str, _Voice] = {}
    for voice in voices:
        current = chosen.get(voice.document.id)
        if current is None or (current.partial and not voice.partial):
            chosen[voice.document.id] = voice
    return list(chosen.values())


def _finding(
    claim: str,
    kind: str,
    summary: str,
    why: str,
    evidence: Iterable[tuple[_Voice, str]],
    significance: float,
    identity: Iterable[str],
) -> Finding:
    evidence = tuple(evidence)
    key = "|".join([claim, kind, *sorted(identity)])
    return Finding(
        id=f"{kind}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
        claim=claim,
        kind=kind,
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
    rf"(?P<after>\s+or so\b|\s+or more\b|-plus\b)?"
    rf"(?:[\s-]+(?P<unit>(?:[A-Za-z.’'-]+\s+){{0,2}}?[a-z][a-z-]+))?",
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


def quantities(text: str) -> list[Quantity]:
    """Quantities in a sentence, with hedges; dates, years and times are not quantities."""
    found = []
    for match in _QUANTITY.finditer(text):
        number = match.group("number")
        before = text[: match.start("number")].rstrip()
        after = text[match.end("number") :]
        if re.search(rf"{_MONTH_PATTERN}$", before) or re.match(rf"\s+{_MONTH_PATTERN}", after):
            continue  # "April 28", "28 April"
        if re.fullmatch(r"(19|20)\d\d", number) and not match.group("unit"):
            continue  # a year
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d)", after) or re.search(r"\d[:/]$", before):
            continue
        if number.lower() == "one" and not match.group("hedge"):
            continue  # "one of the", "one interaction": rarely a quantity worth comparing
        value = _NUMBER_WORDS.get(number.lower())
        amount = float(value) if value is not None else float(number.replace(",", ""))
        if match.group("scale"):
            amount *= _SCALES[match.group("scale").lower()]
        unit_words = (match.group("unit") or "").split()
        head = stem(unit_words[-1]) if unit_words else ""
        unit = "%" if match.group("percent") else _UNIT_CLASSES.get(head, head)
        hedge = (match.group("hedge") or "") + (
            (" " + match.group("after").strip(" -")) if match.group("after") else ""
        )
        found.append(Quantity(amount, hedge.strip().lower(), unit, match.group(0).strip()))
    return found


def _numbers(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    findings = []
    for i, first in enumerate(voices):
        for second in voices[i + 1 :]:
            for a in quantities(first.words):
                for b in quantities(second.words):
                    same_value = a.value == b.value
                    same_unit = bool(a.unit) and a.unit == b.unit
                    if same_value and (same_unit or not a.unit or not b.unit) and a.hedge != b.hedge:
                        findings.append(
                            _finding(
                                claim,
                                "numbers",
                                f"{_show_number(a.value)}: {_hedge_text(a)} in {_name(first)}, {_hedge_text(b)} in {_name(second)}",
                                "same number, hedged differently",
                                [(first, a.words), (second, b.words)],
                                0.7,
                                [first.document.id, second.document.id, str(a.value), a.hedge, b.hedge],
                            )
                        )
                    elif same_unit and not same_value:
                        findings.append(
                            _finding(
                                claim,
                                "numbers",
                                f"{a.unit}: {a.words} in {_name(first)}, {b.words} in {_name(second)}",
                                "the numbers disagree",
                                [(first, a.words), (second, b.words)],
                                1.0,
                                [first.document.id, second.document.id, a.unit, str(a.value), str(b.value)],
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


def dates(text: str, *, published: dt.date | None) -> list[DateMention]:
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
    return found


def _month_number(name: str) -> int:
    key = name.lower().rstrip(".")[:3]
    return next(i for i, month in enumerate(_MONTHS, start=1) if month.startswith(key))


def _nearest_year(month: int, published: dt.date | None) -> int | None:
    if published is None:
        return None
    # "April 28" in a text published in January most likely means the previous April.
    return published.year - 1 if month - published.month > 6 else published.year


def _dates(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    findings = []
    for i, first in enumerate(voices):
        for second in voices[i + 1 :]:
            if (first.partial and first.words == first.sentence.text) or (
                second.partial and second.words == second.sentence.text
            ):
                continue  # a partial mention's dates may belong to its other claims
            a = dates(first.words, published=_exact(first.document))
            b = dates(second.words, published=_exact(second.document))
            if not a or not b:
                continue
            days_a = {d.day for d in a if d.day}
            days_b = {d.day for d in b if d.day}
            if days_a and days_b:
                disagree = not (days_a & days_b)
            else:
                weekdays_a = {d.weekday for d in a if d.weekday}
                weekdays_b = {d.weekday for d in b if d.weekday}
                disagree = bool(weekdays_a and weekdays_b and not (weekdays_a & weekdays_b))
            if disagree:
                words_a = ", ".join(d.words for d in a)
                words_b = ", ".join(d.words for d in b)
                resolved = ""
                if days_a and days_b:
                    resolved = f" ({_days(days_a)} vs {_days(days_b)})"
                findings.append(
                    _finding(
                        claim,
                        "dates",
                        f"{words_a} in {_name(first)}, {words_b} in {_name(second)}{resolved}",
                        "the dates disagree once resolved against each source's publication date",
                        [(first, words_a), (second, words_b)],
                        0.95,
                        [first.document.id, second.document.id, _days(days_a), _days(days_b)],
                    )
                )
    return findings


def _exact(document: Document) -> dt.date | None:
    return document.date.exact() if document.date else None


def _days(days: set[dt.date]) -> str:
    return ", ".join(sorted(d.isoformat() for d in days))


# ---------------------------------------------------------------------------------- attribution

_REPORTING_VERBS = (
    r"said|says|told|tells|added|stated|noted|announced|confirmed|reported|reiterated|stressed|emphasized"
)
_ATTRIBUTION_PATTERNS = [
    re.compile(r"\baccording to (?P<who>[^,.;:]{2,80})", re.IGNORECASE),
    re.compile(
        r"(?P<who>(?:[A-Z]|\bthe |\ba |\ban )[^,.;“”\"]{1,90}?)\s+quoted\s+[^,.;]{1,60}?\s+as\s+(?:saying|telling|stating)\b"
    ),
    re.compile(
        r"\b(?:read|said|says)\s+(?:a|the)\s+(?:brief\s+)?(?:statement|readout|release|handout)\b(?P<who>[^,.;]{0,100})",
        re.IGNORECASE,
    ),
    re.compile(rf"(?:^|[,”\"]\s+|[,”\"]\s*,\s*)(?P<who>[^,.;“”\"]{{2,90}}?)\s+(?:{_REPORTING_VERBS})\b"),
    re.compile(rf"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){{0,4}}[A-Z][\w.’'-]*)\s+(?:{_REPORTING_VERBS})\b"),
]
_PRONOUNS = {"he", "she", "it", "they", "we", "i"}
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
    if attributed and (unattributed or readouts):
        if unattributed:
            summary = "; ".join(
                [f"{_name(v)} attributes it to {said[v.document.id]}" for v in attributed]
                + [f"{_name(v)} states it as fact" for v in unattributed]
            )
            findings.append(
                _finding(
                    claim,
                    "attribution",
                    summary,
                    "attributed in one source, stated as fact in another",
                    [(v, said[v.document.id] or "no attribution") for v in (*attributed, *unattributed)],
                    0.8,
                    [f"{v.document.id}={said[v.document.id]}" for v in outlets],
                )
            )
    named = {said[v.document.id] for v in attributed}
    issuers = {s for s in named if s in {d.issuer or d.outlet for d in documents if d.kind is Kind.READOUT}}
    if origin and issuers - origin:
        wrong = [v for v in attributed if said[v.document.id] in issuers - origin]
        findings.append(
            _finding(
                claim,
                "attribution",
                "; ".join(f"{_name(v)} attributes it to {said[v.document.id]}" for v in wrong)
                + f", but only the {', '.join(sorted(origin))} readout carries it",
                "attributed to a party whose readout does not say it",
                [(v, said[v.document.id] or "") for v in wrong] + [(v, "readout") for v in readouts],
                1.0,
                [f"{v.document.id}={said[v.document.id]}" for v in wrong] + sorted(origin),
            )
        )
    elif len(named) >= 2 and not (len(issuers) == 1 and len(named - issuers) == 0):
        findings.append(
            _finding(
                claim,
                "attribution",
                "; ".join(f"{_name(v)} attributes it to {said[v.document.id]}" for v in attributed),
                "the sources name different origins for the claim",
                [(v, said[v.document.id] or "") for v in attributed],
                0.6 if issuers else 0.5,
                [f"{v.document.id}={said[v.document.id]}" for v in attributed],
            )
        )
    return findings


# ------------------------------------------------------------------------------------ quotation

_QUOTED = re.compile(
    r"“(?P<curly>[^”]{2,})”|\"(?P<straight>[^\"]{2,})\"|(?:(?<=\s)|^)‘(?P<single>[^’]{2,}?)’(?=[\s,.;:!?]|$)"
)


def quotations(text: str) -> list[str]:
    """Directly quoted passages of a sentence."""
    return [next(g for g in match.groups() if g) for match in _QUOTED.finditer(text)]


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
        return quotes
    part = _words(voice.words)
    return [q for q in quotes if _contains(_words(q), part) or _contains(part, _words(q))]


def _quotation(claim: str, voices: Sequence[_Voice], readout_texts: Sequence[str]) -> list[Finding]:
    findings = []
    readouts = [v for v in voices if v.document.kind is Kind.READOUT]
    outlets = [v for v in voices if v.document.kind is not Kind.READOUT]
    readout_words = [_words(text) for text in readout_texts]
    for voice in outlets:
        for quote in _quotes_of(voice):
            quoted = _words(quote)
            if len(quoted) < 3 or not readouts or any(_contains(words, quoted) for words in readout_words):
                continue
            # Close to a readout passage but not verbatim: the quote was altered.
            best = max(readouts, key=lambda r: _overlap_share(quoted, _words(r.sentence.text)))
            if _overlap_share(quoted, _words(best.sentence.text)) >= 0.6:
                findings.append(
                    _finding(
                        claim,
                        "quotation",
                        f"{_name(voice)} quotes “{quote}”, which is not word for word what the {_name(best)} says",
                        "a quotation that differs from the readout's text",
                        [(voice, quote), (best, best.words)],
                        0.7,
                        [voice.document.id, " ".join(quoted)],
                    )
                )
    for i, first in enumerate(outlets):
        for second in outlets[i + 1 :]:
            for quoting, other in ((first, second), (second, first)):
                quotes = [q for q in _quotes_of(quoting) if len(_words(q)) >= 3]
                if not quotes or _quotes_of(other):
                    continue
                quote = max(quotes, key=len)
                verbatim = _contains(_words(other.words), _words(quote))
                findings.append(
                    _finding(
                        claim,
                        "quotation",
                        f"{_name(quoting)} quotes “{quote}”; {_name(other)} "
                        + ("uses the same words without quotation marks" if verbatim else "paraphrases"),
                        "direct quotation in one source, paraphrase in another",
                        [(quoting, quote), (other, other.words)],
                        0.45 if verbatim else 0.5,
                        [quoting.document.id, other.document.id, " ".join(_words(quote))],
                    )
                )
            quotes_a, quotes_b = _quotes_of(first), _quotes_of(second)
            if quotes_a and quotes_b:
                a, b = max(quotes_a, key=len), max(quotes_b, key=len)
                wa, wb = _words(a), _words(b)
                if len(wa) != len(wb) and (_contains(wa, wb) or _contains(wb, wa)):
                    longer, shorter = (first, a), (second, b)
                    if len(wb) > len(wa):
                        longer, shorter = shorter, longer
                    findings.append(
                        _finding(
                            claim,
                            "quotation",
                            f"{_name(shorter[0])} quotes a shorter passage than {_name(longer[0])}",
                            "the same quotation, shortened",
                            [(longer[0], longer[1]), (shorter[0], shorter[1])],
                            0.4,
                            [first.document.id, second.document.id, " ".join(wa), " ".join(wb)],
                        )
                    )
    return findings


def _overlap_share(needle: list[str], haystack: list[str]) -> float:
    return len(set(needle) & set(haystack)) / len(set(needle)) if needle else 0.0


# -------------------------------------------------------------------------------------- hedging

_HEDGES = re.compile(
    r"\b(?:[Rr]eportedly|[Aa]llegedly|[Pp]urportedly|[Aa]pparently|"
    r"(?:is|are|was|were) (?:said|believed|thought|understood|expected|due) to|"
    r"(?:has|have|had) been accused of|accused of|is to|are to|supposed to|could|may|might|likely|possibly|"
    r"reported to|claimed|claims)\b"
)  # case-sensitive: "May 1" is a date, "may" a hedge
_REPORTED_SPEECH = re.compile(rf"\b(?:{_REPORTING_VERBS}|reiterated that|telling|saying)\b", re.IGNORECASE)


def hedges(text: str) -> list[str]:
    found = [m.group(0).lower() for m in _HEDGES.finditer(text)]
    # "would" hedges a statement of fact, but after "said that" it is only reported speech.
    if re.search(r"\bwould\b", text) and not _REPORTED_SPEECH.search(text):
        found.append("would")
    return found


def _hedging(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    full = [v for v in voices if not v.partial]
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
            "hedging",
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
    r"\b(?:(?:Pakistan['’]s|[Tt]he Pakistani|[Tt]he U\.?S\.?|U\.?S\.?['’]?|[Tt]he American|America['’]s|[Tt]he US|US)\s+)?"
    r"(?:top military official|army chief|military chief|army general|general|dignitary|defen[cs]e secretary|"
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


def actor_names(text: str) -> dict[str, str]:
    """Surname -> the words naming that person (title included) in a sentence."""
    named: dict[str, str] = {}
    for match in _NAMED.finditer(text):
        words = match.group("name").split()
        surname = words[-1].rstrip(".")
        if surname in _NOT_PERSON or surname.isupper():
            continue
        if not match.group("title") and len(words) < 2:
            # A lone capitalised word is a person only if it is a surname elsewhere in the claim.
            named.setdefault(surname, match.group(0).strip())
            continue
        named[surname] = match.group(0).strip()
    return named


def _actors(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    full = [v for v in voices if not v.partial]
    names = {v.document.id: actor_names(v.words) for v in full}
    # A surname counts once at least two words named it somewhere in the claim (avoids "Earlier", "Ankara").
    people = {surname for v in full for surname, words in names[v.document.id].items() if len(words.split()) >= 2}
    findings = []
    for person in sorted(people):
        naming = [v for v in full if person in names[v.document.id]]
        described = []
        for v in full:
            if person in names[v.document.id]:
                continue
            description = _DESCRIPTION.search(v.words)
            if description:
                described.append((v, description.group(0)))
        if naming and described:
            summary = "; ".join(f"{_name(v)}: “{names[v.document.id][person]}”" for v in naming)
            summary += "; " + "; ".join(f"{_name(v)}: “{d}” (not named)" for v, d in described)
            findings.append(
                _finding(
                    claim,
                    "actors",
                    f"{person} — {summary}",
                    "a person named in one source is only described in another",
                    [(v, names[v.document.id][person]) for v in naming] + described,
                    0.5,
                    [person] + [f"{v.document.id}={d.lower()}" for v, d in described],
                )
            )
        titles = {v.document.id: _title_of(names[v.document.id][person], person) for v in naming}
        given = [set(t.split()) for t in titles.values() if t]
        # Only titles that share no word: "General" vs "Chief of Army Staff General" is one rank.
        if len(given) >= 2 and any(not (a & b) for i, a in enumerate(given) for b in given[i + 1 :]):
            findings.append(
                _finding(
                    claim,
                    "actors",
                    f"{person} — " + "; ".join(f"{_name(v)}: “{names[v.document.id][person]}”" for v in naming),
                    "the same person given a different title or rank",
                    [(v, names[v.document.id][person]) for v in naming],
                    0.35,
                    [person] + [f"{d}={t}" for d, t in sorted(titles.items())],
                )
            )
    return findings


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
    official officials country countries also during""".split()
)
_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


def _content_tokens(text: str) -> list[str]:
    tokens = []
    for match in _CONTENT_WORD.finditer(text):
        word = match.group(0)
        if word.lower().replace("’", "'") in STOP_WORDS or len(word) < 3:
            continue
        tokens.append(word)
    return tokens


def _wording(claim: str, voices: Sequence[_Voice], documents: Sequence[Document]) -> list[Finding]:
    full = [v for v in voices if not v.partial]
    if len(full) < 2:
        return []
    lead = next((v for v in full if v.document.kind is Kind.READOUT), full[0])
    findings = []
    for other in full:
        if other is lead:
            continue
        a, b = _content_tokens(lead.words), _content_tokens(other.words)
        stems_a, stems_b = [stem(w) for w in a], [stem(w) for w in b]
        if len(set(stems_a) & set(stems_b)) / max(1, min(len(set(stems_a)), len(set(stems_b)))) < 0.4:
            continue  # too differently built for a word-by-word comparison to mean anything
        matcher = difflib.SequenceMatcher(a=stems_a, b=stems_b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "replace" or i2 - i1 > 2 or j2 - j1 > 2:
                continue
            left, right = a[i1:i2], b[j1:j2]
            if _trivial_substitution(left, right):
                continue
            loaded = sorted({w.lower() for w in (*left, *right)} & LOADED_WORDS)
            words_a, words_b = " ".join(left), " ".join(right)
            findings.append(
                _finding(
                    claim,
                    "wording",
                    f"“{words_a}” ({_name(lead)}) vs “{words_b}” ({_name(other)})"
                    + (f" — loaded: {', '.join(loaded)}" if loaded else ""),
                    "different words in the same place of the claim" + (", one of them loaded" if loaded else ""),
                    [(lead, words_a), (other, words_b)],
                    0.55 if loaded else 0.3,
                    [lead.document.id, other.document.id, words_a.lower(), words_b.lower()],
                )
            )
    findings.sort(key=lambda f: -f.significance)
    return findings[:MAX_WORDING_PER_CLAIM]


def _trivial_substitution(left: list[str], right: list[str]) -> bool:
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
