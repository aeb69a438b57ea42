"""A calibration records the model it was fitted for; the pipeline warns when another model is used."""

from __future__ import annotations

from compare import pipeline
from compare.match import default_calibration
from tests.conftest import ROOT, FakeEmbedder

MINI = ROOT / "tests" / "data" / "mini"


class OtherModel(FakeEmbedder):
    identity = "some-other-model:0123"
    calibration_model = "some-other-model:0123"


def test_a_calibration_for_another_model_is_a_warning() -> None:
    comparison = pipeline.run(corpus=MINI, embedder=OtherModel(), calibration=default_calibration())
    (warning,) = [w for w in comparison.warnings if "calibration" in w]
    assert default_calibration().model in warning and "some-other-model:0123" in warning


def test_the_model_the_calibration_was_fitted_for_is_no_warning() -> None:
    comparison = pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=default_calibration())
    assert not [w for w in comparison.warnings if "calibration" in w]
