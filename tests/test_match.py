"""Pair features and the calibration file."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest

from compare import match
from compare.errors import CalibrationError
from compare.match import (
    FEATURES,
    Calibration,
    default_calibration,
    load_calibration,
    pair_features,
    sentence_terms,
    stem,
)
from tests.conftest import FakeEmbedder, write


def features(first: str, second: str, *group: str) -> dict[str, float]:
    """Features of (first, second), with `group` as further sentences of the same event."""
    texts = [first, second, *group]
    vectors = FakeEmbedder().embed(texts)
    values = pair_features(
        vectors=vectors, terms=sentence_terms(texts), left=np.array([0]), right=np.array([1])
    ).values[0]
    return dict(zip(FEATURES, values.tolist(), strict=True))


def test_stem_matches_inflections() -> None:
    assert stem("talks") == stem("talk")
    assert stem("discussed") == stem("discuss")
    assert stem("Pakistan's") == "pakistan"
    assert stem("ties") == "ties"  # too short to strip: a stem keeps at least four letters


def test_identical_sentences_have_full_overlap() -> None:
    result = features("The ministers discussed border security.", "The ministers discussed border security.")
    assert result["cosine"] == pytest.approx(1.0)
    assert result["dice"] == pytest.approx(1.0)
    assert result["containment"] == pytest.approx(1.0)
    assert result["predicate_containment"] == pytest.approx(1.0)


def test_attribution_words_do_not_count_as_shared_content() -> None:
    result = features("Trade talks resumed, the spokesman said.", "Fishing quotas rose, a statement said.")
    assert result["dice"] == 0.0


def test_a_compound_written_in_two_words_matches_the_one_word_form() -> None:
    result = features("They discussed the drawdown.", "They discussed the draw down.")
    assert result["containment"] == pytest.approx(1.0)


def test_a_shorter_form_of_a_word_in_the_group_matches_longer_ones() -> None:
    result = features("Afghanistan peace talks stalled.", "Afghan peace talks stalled.")
    assert result["containment"] == pytest.approx(1.0)


def test_containment_is_measured_against_the_shorter_sentence() -> None:
    result = features(
        "Austin thanked Bajwa.", "Austin thanked Bajwa, and the two discussed the drawdown of foreign troops."
    )
    assert result["containment"] == pytest.approx(1.0)
    assert result["dice"] < 0.7


def test_predicate_containment_leaves_out_the_names_every_sentence_shares() -> None:
    # The same two people, different claims: the words other than the names have nothing in common.
    result = features(
        "On Monday, Secretary Austin thanked General Bajwa for his support.",
        "Later, Secretary Austin invited General Bajwa to Washington.",
    )
    assert result["containment"] > 0.5
    assert result["predicate_containment"] == 0.0


def test_a_name_at_the_start_of_a_sentence_is_still_a_name() -> None:
    # "Austin" opens the first sentence; the group capitalises it mid-sentence elsewhere.
    result = features("Austin thanked the envoy.", "Blinken thanked the envoy.", "The envoy met Austin.")
    assert result["predicate_containment"] == pytest.approx(1.0)
    assert features("Austin thanked the envoy.", "Blinken thanked the envoy.")["predicate_containment"] < 1.0


def test_days_and_months_are_not_names() -> None:
    result = features("The talks resumed on Wednesday.", "The envoy arrived on Wednesday.")
    assert result["shared_names"] == 0.0
    assert result["predicate_containment"] > 0.0  # "Wednesday" counts as what is said


def test_shared_numbers_are_counted_up_to_two() -> None:
    assert features("Some 2,500 troops and 7,000 allies.", "About 2,500 troops, 7,000 allies.")["shared_numbers"] == 1.0
    assert features("Some 2,500 troops left.", "About 2,500 troops left.")["shared_numbers"] == 0.5
    assert features("Two envoys met.", "2 envoys met.")["shared_numbers"] == 0.5


def test_no_pairs_give_an_empty_feature_matrix() -> None:
    texts = ["One sentence."]
    result = pair_features(
        vectors=FakeEmbedder().embed(texts),
        terms=sentence_terms(texts),
        left=np.array([], int),
        right=np.array([], int),
    )
    assert result.values.shape == (0, len(FEATURES))


def _calibration() -> Calibration:
    return Calibration(
        weights=tuple(float(i) / 10 for i in range(len(FEATURES))),
        bias=-1.5,
        threshold=0.4,
        model="fake",
        trained_on="pairs.tsv (4 pairs)",
        notes={"cosine_threshold": 0.6},
    )


def test_a_calibration_survives_a_round_trip_through_json() -> None:
    calibration = _calibration()
    assert Calibration.from_json(calibration.to_json(), source="x") == calibration


def test_probability_is_the_logistic_of_the_weighted_features() -> None:
    calibration = Calibration(weights=(2.0,) + (0.0,) * (len(FEATURES) - 1), bias=-1.0)
    texts = ["a b c", "a b c"]
    pairs = pair_features(
        vectors=FakeEmbedder().embed(texts), terms=sentence_terms(texts), left=np.array([0]), right=np.array([1])
    )
    assert calibration.probability(pairs)[0] == pytest.approx(1 / (1 + math.exp(-1.0)))


def _edited(**changes: object) -> str:
    data = json.loads(_calibration().to_json())
    data.update(changes)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not a calibration file"),
        ("[1, 2]", "not a calibration file"),
        (json.dumps({"bias": 0.0}), "not a calibration file"),
        (_edited(weights=["heavy"] * len(FEATURES)), "not a calibration file"),
        (_edited(features=["cosine"], weights=[1.0]), "this version uses"),
        (_edited(weights=[1.0, 2.0]), "this version uses"),
        (_edited(bias=float("nan")), "must be finite"),
        (_edited(threshold=1.5), "threshold between 0 and 1"),
    ],
)
def test_a_malformed_calibration_is_rejected_naming_its_source(text: str, message: str) -> None:
    with pytest.raises(CalibrationError) as error:
        Calibration.from_json(text, source="cal.json")
    assert str(error.value).startswith("cal.json: ")
    assert message in str(error.value)


def test_load_calibration_reads_a_file_and_names_a_missing_one(tmp_path: Path) -> None:
    path = write(tmp_path / "cal.json", _calibration().to_json())
    assert load_calibration(path) == _calibration()
    with pytest.raises(CalibrationError, match=r"missing\.json: cannot be read"):
        load_calibration(tmp_path / "missing.json")


def test_the_shipped_calibration_loads_and_uses_the_current_features() -> None:
    calibration = default_calibration()
    assert calibration.features == FEATURES
    assert 0 < calibration.threshold < 1
    assert calibration.weights[FEATURES.index("cosine")] > 0


def test_a_pairs_cosine_is_the_same_whether_its_event_is_scored_densely_or_sparsely() -> None:
    vectors = np.random.default_rng(3).normal(size=(40, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    left, right = np.triu_indices(40, k=1)
    dense = match._rowwise_dot(vectors, vectors, left, right)  # most pairs: one matrix product
    sparse = np.array([match._rowwise_dot(vectors, vectors, left[k : k + 1], right[k : k + 1])[0] for k in range(5)])
    assert np.allclose(dense[:5], sparse, rtol=0, atol=1e-12)
