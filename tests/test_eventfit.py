"""The event stage: its features, its file formats, and leave-one-event-out scoring in `compare eval`."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from compare import evaluate
from compare.errors import CalibrationError, GoldError
from compare.eventfit import EventPairs, load_pairs, pairs_from_json, pairs_to_json
from compare.match import (
    EVENT_FEATURES,
    FEATURES,
    Calibration,
    EventStage,
    _cosine_background,
    default_calibration,
    event_features,
    sentence_terms,
)
from tests.conftest import FakeEmbedder, write


def test_the_cosine_background_is_each_units_mean_and_spread_against_the_other_documents() -> None:
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(9, 5))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    documents = np.array(list("aaabbbbcc"))
    mean, spread = _cosine_background(vectors, documents)
    for unit in range(9):
        others = vectors[documents != documents[unit]] @ vectors[unit]
        assert mean[unit] == pytest.approx(others.mean())
        assert spread[unit] == pytest.approx(others.std() + 1e-3, abs=1e-6)


def test_event_features_see_copied_phrases_and_a_pair_that_stands_out() -> None:
    texts = [
        "The ministers agreed to reopen the northern border crossing next month.",
        "Officials said the ministers agreed to reopen the northern border crossing.",
        "The weather was cold in the capital.",
        "Trade figures rose in the spring quarter.",
    ]
    vectors, tokens = FakeEmbedder().embed_with_tokens(texts)
    features = event_features(
        probability=np.array([0.5, 0.5]),
        vectors=vectors,
        tokens=tokens,
        documents=np.array(["a", "b", "a", "b"]),
        terms=sentence_terms(texts),
        left=np.array([0, 2]),
        right=np.array([1, 3]),
    )
    assert features.shape == (2, len(EVENT_FEATURES))
    copied, unrelated = features
    assert copied[1] == 1.0 and unrelated[1] == 0.0  # five or more shared four-word runs, and none
    assert copied[2] > unrelated[2]
    assert copied[3] > 0.8 > 0.5 > unrelated[3]  # all but "next month" of the first is in the second


def _stage() -> EventStage:
    return EventStage(weights=(3.0, 2.0, 1.5, 1.0), bias=-6.0, threshold=0.55, trained_on="gold (2 events)")


def test_a_calibration_with_an_event_stage_survives_json_and_applies_it() -> None:
    calibration = replace(default_calibration(), event_stage=_stage())
    assert Calibration.from_json(calibration.to_json(), source="x") == calibration
    assert _stage().probability(np.array([[1.0, 1.0, 0.0, 1.0]]))[0] == pytest.approx(0.5)


def test_an_event_stage_for_other_features_is_rejected() -> None:
    data = json.loads(replace(default_calibration(), event_stage=_stage()).to_json())
    data["event_stage"]["weights"] = [1.0]
    with pytest.raises(CalibrationError, match=r"^cal\.json: the event stage is for 1 features"):
        Calibration.from_json(json.dumps(data), source="cal.json")
    data["event_stage"]["weights"] = [1.0] * len(EVENT_FEATURES)
    data["event_stage"]["threshold"] = 2
    with pytest.raises(CalibrationError, match="threshold between 0 and 1"):
        Calibration.from_json(json.dumps(data), source="cal.json")


def test_event_pairs_are_stored_as_numbers_and_read_back() -> None:
    pairs = EventPairs(
        "call",
        np.array([1, 0]),
        np.arange(2 * len(FEATURES), dtype=float).reshape(2, -1) / 10,
        np.ones((2, len(EVENT_FEATURES) - 1)),
    )
    text = pairs_to_json([pairs], model="fake", threshold=0.5)
    assert "call" in text and "sentence" not in text
    stored = pairs_from_json(text, source="p.json")
    assert stored.model == "fake" and stored.threshold == 0.5
    assert stored.pairs[0].labels.tolist() == [1, 0]
    assert np.allclose(stored.pairs[0].local, pairs.local)
    with pytest.raises(CalibrationError, match=r"^p\.json: event pairs were made for other features"):
        pairs_from_json(text.replace('"cosine"', '"cos"'), source="p.json")
    with pytest.raises(CalibrationError, match=r"^p\.json: not an event-pairs file"):
        pairs_from_json("[]", source="p.json")


# Three calls, each told by a readout and a newspaper; the newspaper restates two readout points.
CALLS = {
    "harbour": ("Minister Alder", "the harbour toll", "fishing quotas"),
    "railway": ("Minister Birch", "the railway line", "grain exports"),
    "border": ("Minister Cedar", "the border crossing", "customs officers"),
}


def _three_calls(root: Path, *, keys: bool) -> None:
    for name, (minister, first, second) in CALLS.items():
        event = f"event: {name}\n" if keys else ""
        write(
            root / "corpus" / f"{name}-readout.md",
            f"---\noutlet: Ministry\nkind: readout\n{event}---\n"
            f"{minister} agreed to lower {first} from next spring.\n\n"
            f"{minister} promised to review {second} before the summer.\n\n"
            f"The weather in the capital was unusually warm for {name} talks.\n",
        )
        write(
            root / "corpus" / f"{name}-news.md",
            f"---\noutlet: Gazette\n{event}---\n"
            f"{minister} agreed on Monday to lower {first} from next spring, officials said.\n\n"
            f"Critics say the plan for {second} comes too late for local families.\n",
        )
        write(
            root / "gold" / f"{name}.json",
            json.dumps(
                {
                    "event": name,
                    "documents": [f"{name}-readout", f"{name}-news"],
                    "claims": [
                        {"id": "lower", "members": {f"{name}-readout": [minister], f"{name}-news": [minister]}},
                        {"id": "review", "members": {f"{name}-readout": [f"{minister} promised"]}},
                        {"id": "weather", "members": {f"{name}-readout": ["The weather"]}},
                        {"id": "critics", "members": {f"{name}-news": ["Critics say"]}},
                    ],
                }
            ),
        )


def test_leave_one_out_scores_each_event_with_a_stage_fitted_without_it(tmp_path: Path) -> None:
    _three_calls(tmp_path, keys=True)
    result = evaluate.evaluate(
        corpus=tmp_path / "corpus",
        gold_dir=tmp_path / "gold",
        embedder=FakeEmbedder(),
        calibration=replace(default_calibration(), event_stage=None),
        leave_one_out=True,
        fit_all=True,
    )
    assert [e.name for e in result.events] == ["border", "harbour", "railway"]
    assert len(result.held_out_stages) == 3
    for event, stage in zip(result.events, result.held_out_stages, strict=True):
        fitted_on = stage.trained_on.rsplit(": ", 1)[1].rstrip(")").split(", ")
        assert f"without {event.name} (2 events, 12 pairs" in stage.trained_on
        assert event.name not in fitted_on and len(fitted_on) == 2
    assert result.fitted_on_all is not None and "(3 events, 18 pairs" in result.fitted_on_all.trained_on
    assert sum(len(p.labels) for p in result.event_pairs) == 18  # three readout x two news sentences per call
    assert result.overall[evaluate.SYSTEM].alignment.recall == 1.0


def test_an_events_file_gives_the_grouping(tmp_path: Path) -> None:
    _three_calls(tmp_path, keys=False)
    events = {f"{name}-{kind}": name for name in CALLS for kind in ("readout", "news")}
    result = evaluate.evaluate(
        corpus=tmp_path / "corpus",
        gold_dir=tmp_path / "gold",
        embedder=FakeEmbedder(),
        calibration=default_calibration(),
        events=events,
    )
    assert result.grouping.purity == 1.0 and result.grouping.inverse_purity == 1.0
    write(tmp_path / "events.json", json.dumps({**events, "nowhere": "x"}))
    with pytest.raises(GoldError, match="events file names documents not in the corpus: nowhere"):
        evaluate.evaluate(
            corpus=tmp_path / "corpus",
            gold_dir=tmp_path / "gold",
            embedder=FakeEmbedder(),
            calibration=default_calibration(),
            events=evaluate.read_events_file(tmp_path / "events.json"),
        )


def test_event_pairs_that_cannot_be_read_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(CalibrationError, match=r"missing\.json: cannot be read"):
        load_pairs(tmp_path / "missing.json")
    write(tmp_path / "p.json", pairs_to_json([], model="fake", threshold=0.5))
    assert load_pairs(tmp_path / "p.json").pairs == ()


def test_the_merge_threshold_is_chosen_on_a_plateau_not_a_lone_peak() -> None:
    from compare.eventfit import THRESHOLDS, choose_stage

    rng = np.random.default_rng(3)
    labels = np.array([1, 0] * 20)
    local = rng.random((40, len(FEATURES))) + labels[:, np.newaxis] * 0.5
    pairs = [EventPairs("call", labels, local, rng.random((40, len(EVENT_FEATURES) - 1)))]
    # F1 on the training events: a lone peak at the lowest threshold, a broad plateau around 0.65.
    f1 = dict.fromkeys(THRESHOLDS, 0.2) | {0.3: 0.9, 0.6: 0.75, 0.65: 0.8, 0.7: 0.75}
    stage = choose_stage(
        pairs, calibration=default_calibration(), source="test", alignment_f1=lambda s: f1[s.threshold]
    )
    assert stage.threshold == 0.65
