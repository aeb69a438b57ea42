"""Numbers: the same number hedged differently, and different numbers for the same thing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from compare.framing.common import ClaimVoices, Voice, make_finding
from compare.model import Finding, FramingKind, Rule
from compare.text import NUMBER_WORDS, SCALE_WORDS, month_pattern, number_pattern, stem

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
        if re.search(rf"{_MONTH}$", before) or re.match(rf"\s+{_MONTH}", after):
            continue  # "April 28", "28 April"
        if re.fullmatch(r"(19|20)\d\d", number) and not _unit_words(after):
            continue  # a year
        if re.match(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|:\d)", after) or re.search(r"\d[:/]$", before):
            continue
        if number.lower() == "one" and not match.group("hedge"):
            continue  # "one of the", "one interaction": rarely a quantity worth comparing
        value = NUMBER_WORDS.get(number.lower())
        amount = float(value) if value is not None else float(number.replace(",", ""))
        if match.group("scale"):
            amount *= SCALE_WORDS[match.group("scale").lower()]
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


def _show_number(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def _hedge_text(quantity: Quantity) -> str:
    return f"“{quantity.hedge}”" if quantity.hedge else "stated exactly"
