"""The shared English lexicon: the lists load, hold what the matcher and detectors rely on, and stay general."""

from __future__ import annotations

import json
import re

import pytest

from compare import match, text
from compare.framing import actor_names
from tests.conftest import ROOT


def test_the_lexicon_is_data_and_every_list_loads() -> None:
    data = json.loads((ROOT / "compare" / "data" / "lexicon.json").read_text(encoding="utf-8"))
    assert set(data) >= {"stop_words", "number_words", "scale_words", "months", "weekdays", "titles", "not_a_person"}
    assert frozenset(data["stop_words"]) == text.STOP_WORDS
    assert len(text.MONTHS) == 12 and len(text.WEEKDAYS) == 7


def test_no_word_tuned_to_one_corpus_hides_in_the_not_a_person_list() -> None:
    # Places and calendar names are found by grammar ("In Doha", "during Ramadan"), not listed.
    for word in ("Doha", "Ramadan", "Pakistan", "Kabul", "Taliban", "Moscow"):
        assert word not in text.NOT_A_PERSON


@pytest.mark.parametrize(
    ("word", "expected"), [("talks", "talk"), ("discussed", "discuss"), ("Pakistan’s", "pakistan")]
)
def test_stem(word: str, expected: str) -> None:
    assert text.stem(word) == expected


def test_number_words_and_scales() -> None:
    assert text.NUMBER_WORDS["dozen"] == 12 and text.NUMBER_WORDS["fifty"] == 50
    assert text.SCALE_WORDS["million"] == 1e6


def test_the_matcher_keeps_the_counting_words_its_calibration_was_fitted_with() -> None:
    small = "one two three four five six seven eight nine ten eleven twelve".split()
    expected = {word: str(value) for value, word in enumerate(small, start=1)}
    expected |= {"dozen": "12", "hundred": "100", "thousand": "1000", "million": "1000000", "billion": "1000000000"}
    assert expected == match._NUMBER_WORDS


@pytest.mark.parametrize(("name", "number"), [("September", 9), ("Sept.", 9), ("Sep", 9), ("jan", 1), ("May", 5)])
def test_month_number(name: str, number: int) -> None:
    assert text.month_number(name) == number
    assert re.fullmatch(text.month_pattern(), name[0].upper() + name[1:])


@pytest.mark.parametrize("title", ["Lt. Gen.", "Lt Gen", "Secretary of Defense", "Secretary of Defence", "Dr"])
def test_title_pattern(title: str) -> None:
    assert re.fullmatch(text.title_pattern(), title)


def test_a_place_after_a_function_word_is_not_a_person() -> None:
    # No list names Karachi: the opening "In" is what tells it is no one's name.
    assert actor_names("In Karachi, officials met the envoy.") == {}
    assert actor_names("During Lent, Foreign Minister Ana Ruiz travelled.") == {"Ruiz": "Foreign Minister Ana Ruiz"}
