"""The English lexicon: stop words, a stemmer, number, month and weekday words, titles.

One module, so the matcher and the framing detectors read the same lists; the lists themselves
are data (compare/data/lexicon.json), general English only, with no name tuned to one corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Any


def _load() -> dict[str, Any]:
    text = resources.files("compare").joinpath("data/lexicon.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


_LEXICON = _load()

# Words that carry no claim: function words, and the words of attribution and reporting, so that
# "Kirby said in a statement" does not make two sentences look alike or different.
STOP_WORDS: frozenset[str] = frozenset(_LEXICON["stop_words"])
# Counting words and their values ("seven" -> 7, "dozen" -> 12); scale words multiply ("million").
NUMBER_WORDS: Mapping[str, int] = MappingProxyType({k: int(v) for k, v in _LEXICON["number_words"].items()})
SCALE_WORDS: Mapping[str, float] = MappingProxyType({k: float(v) for k, v in _LEXICON["scale_words"].items()})
MONTHS: tuple[str, ...] = tuple(_LEXICON["months"])  # lower case, January first
WEEKDAYS: tuple[str, ...] = tuple(_LEXICON["weekdays"])  # lower case, Monday first (datetime.weekday order)
# Days named relative to the text's own date: only as good as that date.
RELATIVE_DAY = re.compile(r"\b(?P<relative>today|yesterday|tomorrow|tonight)\b", re.IGNORECASE)
DATE_WORDS: frozenset[str] = frozenset(MONTHS) | frozenset(WEEKDAYS)
TITLES: tuple[str, ...] = tuple(_LEXICON["titles"])  # as written before a name ("Lt. Gen.", "Secretary of State")
# Capitalised words that start or sit inside a name-like run but never name a person.
NOT_A_PERSON: frozenset[str] = frozenset(_LEXICON["not_a_person"])
# Nouns that describe a person by role ("the general", "Pakistan's army chief"), lower case as written.
ROLE_NOUNS: tuple[str, ...] = tuple(_LEXICON["role_nouns"])
# Charged words a source may choose where another does not ("insurgents", "regime").
LOADED_WORDS: frozenset[str] = frozenset(_LEXICON["loaded_words"])
# Verbs and nouns of meeting and talking, and light verbs that only carry their object ("conduct
# elections" / "ensure elections are held"): two accounts differ in them without changing the claim.
GENERIC_WORDS: frozenset[str] = frozenset(_LEXICON["generic_words"])
# Words that narrow or turn what a sentence says: negation, condition, contrast, limit ("unless", "only").
QUALIFIER_WORDS: frozenset[str] = frozenset(_LEXICON["qualifier_words"])


@lru_cache(maxsize=1 << 16)  # the same words recur across a corpus
def stem(word: str) -> str:
    """A light suffix stripper: enough to match 'talks'/'talk', 'discussed'/'discuss'."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.strip("'")
    for suffix, keep in (("ies", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)] + keep
    return word


def month_pattern() -> str:
    """A regular expression for a month name, full or abbreviated ("September", "Sept.", "Sep")."""
    abbreviations = [m[:3].capitalize() for m in MONTHS if len(m) > 3] + ["Sept"]
    full = [m.capitalize() for m in MONTHS]
    return "(?:" + "|".join(full + [rf"{a}\.?" for a in sorted(abbreviations, key=len, reverse=True)]) + ")"


def month_number(name: str) -> int:
    """1 for "January", "Jan." or "jan"."""
    key = name.lower().rstrip(".")[:3]
    return next(i for i, month in enumerate(MONTHS, start=1) if month.startswith(key))


def title_pattern() -> str:
    """A regular expression for one title word or phrase; full stops optional ("Lt Gen", "Lt. Gen.")."""
    variants = sorted(TITLES, key=len, reverse=True)
    return "|".join(re.escape(t).replace(r"\.", r"\.?").replace(r"\ ", r"\s+") for t in variants)


def number_pattern() -> str:
    """A regular expression for a counting word ("seven", "dozen")."""
    return "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
