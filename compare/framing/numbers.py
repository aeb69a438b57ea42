"""Numbers: the same number hedged differently, and different numbers for the same thing."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from compare.framing.common import ClaimVoices, EventText, Voice, make_finding
from compare.model import Claim, Finding, FramingKind, Kind, Rule, Sentence
from compare.text import NUMBER_WORDS, SCALE_WORDS, STOP_WORDS, month_pattern, number_pattern, stem

_HEDGE_BEFORE = (
    r"more than|over|at least|nearly|almost|about|around|roughly|approximately|some|up to|fewer than|"
    r"less than|as many as|close to|an estimated|upwards of|just over|just under|well over"
)
_MONTH = month_pattern()
_QUANTITY = re.compile(
    rf"(?:\b(?P<hedge>{_HEDGE_BEFORE})\s+)?"
    rf"(?P<currency>\$|US\$|€|£)?"
    rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{number_pattern()})\b)"
    rf"(?:\s*(?P<scale>{'|'.join(SCALE_WORDS)})\b)?"
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
    unit: str  # what is counted: head noun class ("troops"), "%", or a currency with its noun ("$ aid"); "" if none
    qualifiers: frozenset[str]  # the words before the head that say which ones ("nato" in "7,000 NATO troops")
    words: str  # as written


@lru_cache(maxsize=8192)  # a sentence carrying several claims is read once, not once per claim
def quantities(text: str) -> tuple[Quantity, ...]:
    """Quantities in a sentence, with hedges; dates, years and times are not quantities."""
    found = []
    for match in _QUANTITY.finditer(text):
        number = match.group("number")
        before = text[: match.start("number")].rstrip()
        after = text[match.end("number") :]
        if re.search(rf"{_MONTH}$", before) or re.match(rf"\s+{_MONTH}", after):
            continue  # "April 28", "28 April"
        if re.fullmatch(r"(19|20)\d\d", number) and not match.group("currency") and not _noun_phrase(after)[1]:
            continue  # a year
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d)", after) or re.search(r"\d[:/]$", before):
            continue
        if number.lower() == "one" and not match.group("hedge"):
            continue  # "one of the", "one interaction": rarely a quantity worth comparing
        value = NUMBER_WORDS.get(number.lower())
        amount = float(value) if value is not None else float(number.replace(",", ""))
        if match.group("scale"):
            amount *= SCALE_WORDS[match.group("scale").lower()]
        phrase, head, qualifiers = _noun_phrase(text[match.end() :])
        currency = match.group("currency")
        if currency:
            # "$240 million in aid": what the money is for follows "in", "of" or "for".
            if not head:
                phrase, head, qualifiers = _noun_phrase(text[match.end() :], through=("in", "of", "for", "worth of"))
            unit = f"{currency.replace('US$', '$')} {head}".strip()
        elif match.group("percent"):
            unit = "%"
        else:
            unit = head
        hedge = (match.group("hedge") or "") + (
            (" " + match.group("after").strip(" -")) if match.group("after") else ""
        )
        words = (match.group(0) + " " + phrase).strip()
        found.append(Quantity(amount, hedge.strip().lower(), unit, qualifiers, " ".join(words.split())))
    return tuple(found)


# Words that end a noun phrase: function words, prepositions, and the verbs that follow a count.
_NOT_UNIT = STOP_WORDS | frozenset(
    """along across around among amid toward towards within without into onto near beyond throughout
    including per via versus despite inside outside upon like unlike whose since
    remain remained stay stayed left leave arrived arrive killed died were would could should""".split()
)
# A word ending so is a modifier ("international", "allied", "American"), unless nothing follows it.
_ADJECTIVE = re.compile(r"(?:al|ic|ian|an|ed|ive|ous|ful|ish|ese|ary|less|ant|ent)$")


def _noun_phrase(after: str, *, through: tuple[str, ...] = ()) -> tuple[str, str, frozenset[str]]:
    """The noun phrase a number counts, its head and its qualifiers.

    "1,200 international monitors along the border" -> ("international monitors", "monitor", {"international"});
    the head is the first word that is not a modifier, so a preposition after it is never the unit.
    """
    rest = after[:80]
    if through:
        opening = re.match(rf"\s+(?:{'|'.join(through)})\s+", rest)
        if not opening:
            return "", "", frozenset()
        rest = rest[opening.end() :]
    words: list[str] = []
    written: list[str] = []
    for word in re.findall(r"[A-Za-z][A-Za-z.’'-]*|\S", rest):
        clean = word.strip(".’'")
        if not word[0].isalpha() or clean.lower() in _NOT_UNIT or len(words) == 4:
            break
        words.append(clean)
        written.append(word if re.fullmatch(r"(?:[A-Z]\.)+", word) else clean)  # "U.S." keeps its stops
        # The head: a word that is no modifier, or a plural ("troops", "forces").
        if not (_ADJECTIVE.search(clean.lower()) or clean[:1].isupper()) or (clean.islower() and clean.endswith("s")):
            break
    if not words:
        return "", "", frozenset()
    head = words[-1]
    phrase = " ".join(written)
    prefix = f"{' '.join(through and [opening.group(0).strip()])} " if through and opening else ""
    return (prefix + phrase).strip(), _unit_class(head), frozenset(w.lower().replace(".", "") for w in words[:-1])


def _unit_class(head: str) -> str:
    """The class of a head noun: "forces" and "soldiers" count troops; other nouns count themselves."""
    word = head.lower()
    for form in (word, word.removesuffix("s"), stem(word)):
        if form in _UNIT_CLASSES:
            return _UNIT_CLASSES[form]
    return stem(word)


def find(claim: ClaimVoices) -> list[Finding]:
    """Grouped over all sources of the claim, so a claim carried by fifty outlets is one finding."""
    settings = claim.settings
    found = [(voice, quantity) for voice in claim.voices for quantity in quantities(voice.words)]
    findings = []
    by_value: dict[float, dict[str, tuple[Voice, Quantity]]] = {}
    for voice, quantity in found:
        by_value.setdefault(quantity.value, {}).setdefault(voice.document.id, (voice, quantity))
    for value, first_per_document in sorted(by_value.items()):
        items = list(first_per_document.values())
        units = {q.unit for _, q in items if q.unit}
        # An equal number of some size is the same quantity even when its noun differs.
        if len(items) < 2 or len({q.hedge for _, q in items}) < 2 or (len(units) > 1 and value < 10):
            continue
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.NUMBERS,
                f"{_show_number(value)}: " + ", ".join(f"{_hedge_text(q)} in {v.name}" for v, q in items),
                "same number, hedged differently",
                [(v, q.words) for v, q in items],
                settings.numbers_hedged,
                [str(value)] + [f"{v.document.id}={q.hedge}" for v, q in items],
            )
        )
    by_unit: dict[str, dict[str, list[tuple[Voice, Quantity]]]] = {}
    for voice, quantity in found:
        if quantity.unit:
            by_unit.setdefault(quantity.unit, {}).setdefault(voice.document.id, []).append((voice, quantity))
    for unit, per_document in sorted(by_unit.items()):
        # Only sources that give one number for the thing: "1,200 of 3,000 troops" compares nothing.
        single = [given[0] for given in per_document.values() if len({q.value for _, q in given}) == 1]
        # "7,000 NATO troops" and "2,500 U.S. troops" count different things: the qualifiers must agree.
        qualified = {q.qualifiers for _, q in single if q.qualifiers}
        if len(qualified) > 1:
            continue
        if len(single) < 2 or len({q.value for _, q in single}) < 2:
            continue
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.NUMBERS,
                f"{unit}: " + ", ".join(f"{q.words} in {v.name}" for v, q in single),
                "the numbers disagree",
                [(v, q.words) for v, q in single],
                settings.numbers_disagree,
                [unit] + [f"{v.document.id}={q.value}" for v, q in single],
                rule=Rule.NUMBERS,
            )
        )
    return findings


def find_for_event(event: EventText) -> list[Finding]:
    """The same count of the same thing hedged differently by two sources, wherever they give it.

    "the last remaining 2,500 or so U.S. troops" and "the remaining 2,500 U.S. troops" sit in
    sentences that say different things otherwise, so alignment rarely puts them in one claim. Only
    the count and its noun tie them together, so both must be specific: a count of at least
    `settings.numbers_event_min_count`, the same noun, and the same qualifiers ("U.S.", "NATO"), which
    "200 people" or "3%" lack.
    """
    by_id, claims, settings = event.by_id(), event.claims, event.settings
    given: dict[tuple[float, str], dict[str, list[tuple[Sentence, Quantity]]]] = {}
    for sentence in event.original_sentences():
        for quantity in quantities(sentence.text):
            if quantity.unit.isalpha() and quantity.qualifiers and quantity.value >= settings.numbers_event_min_count:
                given.setdefault((quantity.value, quantity.unit), {}).setdefault(sentence.document, []).append(
                    (sentence, quantity)
                )
    claim_sentences = [{(m.document, m.sentence) for m in c.mentions} for c in claims]
    findings = []
    for (value, unit), per_document in sorted(given.items()):
        # A source that hedges the same count two ways says nothing one way or the other.
        first = {d: found[0] for d, found in per_document.items() if len({q.hedge for _, q in found}) == 1}
        if len(first) < 2 or len({q.hedge for _, q in first.values()}) < 2:
            continue
        if len({q.qualifiers for _, q in first.values()}) > 1:
            continue  # "7,000 NATO troops" and "7,000 Afghan troops" are different troops
        keys = {(s.document, s.index) for s, _ in first.values()}
        if any(keys <= inside for inside in claim_sentences):
            continue  # one claim holds them all: the claim's own comparison reports it
        # Readouts first, as a claim lists its sources.
        order = sorted(first, key=lambda d: (by_id[d].kind is not Kind.READOUT, d))
        items = [(Voice(by_id[d], first[d][0], False, first[d][0].text, 2), first[d][1]) for d in order]
        claim = _claim_giving(list(first.values()), claims)
        findings.append(
            make_finding(
                claim,
                FramingKind.NUMBERS,
                f"{_show_number(value)} {unit}: " + ", ".join(f"{_hedge_text(q)} in {v.name}" for v, q in items),
                "same count of the same thing, hedged differently across the event",
                [(v, q.words) for v, q in items],
                settings.numbers_hedged,
                ["event", str(value), unit] + [f"{v.document.id}={q.hedge}" for v, q in items],
                confidence=settings.numbers_event_confidence,
            )
        )
    return findings


def _claim_giving(counts: list[tuple[Sentence, Quantity]], claims: Sequence[Claim]) -> str:
    """The claim whose mentions give most of the counts in their own words (the first on a tie)."""

    def giving(claim: Claim) -> int:
        words = {(m.document, m.sentence): m.part for m in claim.mentions}
        return sum(
            1
            for sentence, quantity in counts
            if (sentence.document, sentence.index) in words
            and quantity.words in (words[(sentence.document, sentence.index)] or sentence.text)
        )

    best = max(range(len(claims)), key=lambda i: (giving(claims[i]), -i), default=None)
    return claims[best].id if best is not None and giving(claims[best]) else ""


def _show_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _hedge_text(quantity: Quantity) -> str:
    return f"“{quantity.hedge}”" if quantity.hedge else "stated exactly"
