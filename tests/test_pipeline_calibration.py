"""A calibration records the model it was fitted for; the pipeline warns when another model is used."""

from __future__ import annotations

from dataclasses import replace

from compare import pipeline
from compare.match import default_calibration
from tests.conftest import FAKE_CALIBRATION, ROOT, FakeEmbedder

MINI = ROOT / "tests" / "data" / "mini"


class OtherModel(FakeEmbedder):
    identity = "some-other-model:0123"


def test_a_calibration_for_another_model_is_a_warning_and_its_event_stage_is_left_out() -> None:
    shipped = default_calibration()  # the real one: fitted for the default model, with an event stage
    assert shipped.event_stage is not None
    comparison = pipeline.run(corpus=MINI, embedder=OtherModel(), calibration=shipped)
    (warning,) = [w for w in comparison.warnings if "calibration" in w]
    assert shipped.model in warning and "some-other-model:0123" in warning and "first stage only" in warning
    # Aligned as with the first stage alone.
    first_stage_only = pipeline.run(corpus=MINI, embedder=OtherModel(), calibration=replace(shipped, event_stage=None))
    assert [c.mentions for e in comparison.events for c in e.claims] == [
        c.mentions for e in first_stage_only.events for c in e.claims
    ]


def test_the_model_the_calibration_was_fitted_for_is_no_warning() -> None:
    comparison = pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=FAKE_CALIBRATION)
    assert not [w for w in comparison.warnings if "calibration" in w]


class NoTokens(FakeEmbedder):
    gives_tokens = False  # a custom embedder with sentence vectors only


def test_an_embedder_without_token_vectors_aligns_with_the_first_stage_and_says_so() -> None:
    with_stage = replace(default_calibration(), model=FakeEmbedder.identity)
    assert with_stage.event_stage is not None
    comparison = pipeline.run(corpus=MINI, embedder=NoTokens(), calibration=with_stage)
    (warning,) = [w for w in comparison.warnings if "token vectors" in w]
    assert "first stage only" in warning
    first_stage_only = pipeline.run(corpus=MINI, embedder=NoTokens(), calibration=replace(with_stage, event_stage=None))
    assert [c.mentions for e in comparison.events for c in e.claims] == [
        c.mentions for e in first_stage_only.events for c in e.claims
    ]
    # With token vectors the event stage runs, and nothing is said.
    stage_run = pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=with_stage)
    assert not [w for w in stage_run.warnings if "token vectors" in w]
