"""`compare calibrate`: reading labelled pairs and fitting the same-claim decision."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare.calibrate import CALIBRATED, COSINE, TFIDF, LabelledPair, best_threshold, fit, read_pairs
from compare.errors import CalibrationError
from compare.match import FEATURES, Calibration
from tests.conftest import FakeEmbedder, write

MRPC = (
    "\ufeffQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n"
    "1\t702876\t702977\tAmrozi accused his brother of lying.\tAmrozi said his brother lied.\r\n"
    "0\t2108705\t2108831\tYucaipa owned Dominick's.\tYucaipa bought Dominick's in 1995.\r\n"
)


def test_read_pairs_with_the_simple_header(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pairs.tsv", "label\tsentence_1\tsentence_2\n1\tA met B.\tB met A.\n\n0\tA met B.\tC left.\n"
    )
    assert read_pairs(path) == [LabelledPair(1, "A met B.", "B met A."), LabelledPair(0, "A met B.", "C left.")]


def test_read_pairs_without_a_header(tmp_path: Path) -> None:
    path = write(tmp_path / "pairs.tsv", "1\tA met B.\tB met A.\n0\tA met B.\tC left.\n")
    assert [p.label for p in read_pairs(path)] == [1, 0]


def test_read_pairs_in_the_mrpc_layout(tmp_path: Path) -> None:
    pairs = read_pairs(write(tmp_path / "msr_paraphrase_train.txt", MRPC))
    assert pairs == [
        LabelledPair(1, "Amrozi accused his brother of lying.", "Amrozi said his brother lied."),
        LabelledPair(0, "Yucaipa owned Dominick's.", "Yucaipa bought Dominick's in 1995."),
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("label\tsentence_1\tsentence_2\n1\tA met B.\tB met A.\n0\tonly two\n", ":3: expected 3 tab-separated fields"),
        ("1\tA met B.\tB met A.\nyes\tA met B.\tC left.\n", ":2: label must be 0 or 1, not 'yes'"),
        ("1\tA met B.\tB met A.\n0\t \tC left.\n", ":2: empty sentence"),
        (MRPC + "1\t1\t2\tonly one string\n", ":4: expected 5 tab-separated fields (MRPC layout)"),
        ("1\tA met B.\tB met A.\n1\tC left.\tC went.\n", ": need labelled pairs of both classes"),
        ("", ": no pairs"),
    ],
)
def test_a_malformed_pairs_file_is_rejected_naming_the_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / "pairs.tsv", text)
    with pytest.raises(CalibrationError) as error:
        read_pairs(path)
    assert str(error.value).startswith(f"{path}")
    assert message in str(error.value)


def test_a_pairs_file_that_cannot_be_read_is_named(tmp_path: Path) -> None:
    with pytest.raises(CalibrationError, match="cannot be read"):
        read_pairs(tmp_path / "missing.tsv")
    with pytest.raises(CalibrationError, match="not UTF-8"):
        read_pairs(write(tmp_path / "latin1.tsv", "1\tcaf\xe9\tcaf\xe9\n".encode("latin-1")))


def test_best_threshold_maximises_f1_and_prefers_the_higher_threshold_on_ties() -> None:
    import numpy as np

    scores = np.array([0.1, 0.4, 0.6, 0.9])
    assert best_threshold(scores, np.array([0, 0, 1, 1])) == pytest.approx(0.6)
    assert best_threshold(np.array([0.5, 0.5]), np.array([1, 1])) == pytest.approx(0.5)


def _pairs(count: int, offset: int = 0) -> list[LabelledPair]:
    """Paraphrases share their words; unrelated pairs do not."""
    pairs = []
    for i in range(offset, offset + count):
        pairs.append(
            LabelledPair(
                1, f"The minister met envoy {i} in the capital.", f"Envoy {i} met the minister in the capital."
            )
        )
        pairs.append(
            LabelledPair(0, f"The minister met envoy {i} in the capital.", f"Harbour {i} reopened after the storm.")
        )
    return pairs


def test_fit_separates_an_easy_set_and_reports_all_three_methods() -> None:
    result = fit(_pairs(12), embedder=FakeEmbedder(), source="pairs.tsv", held_out=_pairs(6, offset=100))
    calibration = result.calibration
    assert calibration.features == FEATURES
    assert calibration.trained_on == "pairs.tsv (24 pairs)"
    assert calibration.model == FakeEmbedder.identity
    assert set(calibration.notes) == {"cosine_threshold", "tfidf_threshold"}
    assert set(result.training) == set(result.held_out) == {CALIBRATED, COSINE, TFIDF}
    assert result.held_out[CALIBRATED].f1 == pytest.approx(1.0)
    assert result.held_out[CALIBRATED].pairs == 12
    # What `compare calibrate` writes is what `--calibration` reads back.
    assert Calibration.from_json(calibration.to_json(), source="x") == calibration


def test_fit_without_held_out_pairs_reports_none() -> None:
    assert fit(_pairs(6), embedder=FakeEmbedder(), source="pairs.tsv").held_out == {}
