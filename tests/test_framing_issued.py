"""Front matter `issued:`: a readout printed later keeps the day it was issued for its "today"."""

from __future__ import annotations

from pathlib import Path

import pytest

from compare import ingest, pipeline
from compare.errors import DocumentError
from compare.framing import FramingSettings
from compare.match import default_calibration
from compare.model import Finding, PartialDate
from tests.conftest import FakeEmbedder

SHOWN = FramingSettings().shown_confidence
# A paper prints the ministry's readout on Thursday 7 March; the call was on Wednesday 6 March.
READOUT_PRINTED = """---
outlet: Harbour Gazette
kind: readout
issuer: Ministry of the Sea
date: 2024-03-07
event: marren-brask-call
{issued}---
Minister Ida Marren spoke today with Minister Ole Brask about reopening the port of Kelm.
The two ministers agreed to meet again in April.
"""
NEWS = """---
outlet: Evening Post
date: 2024-03-06
event: marren-brask-call
---
Minister Ida Marren and Minister Ole Brask held a phone call on Wednesday about the port.
Fishing boats have waited for weeks.
"""


def _date_findings(tmp_path: Path, issued: str) -> list[Finding]:
    (tmp_path / "gazette-readout.md").write_text(READOUT_PRINTED.format(issued=issued), encoding="utf-8")
    (tmp_path / "post.md").write_text(NEWS, encoding="utf-8")
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    return [f for ec in comparison.events for f in ec.findings if f.kind == "dates"]


def test_issued_is_read_from_front_matter(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(READOUT_PRINTED.format(issued="issued: 2024-03-06\n"), encoding="utf-8")
    (document,) = ingest.read_corpus(tmp_path)
    assert document.issued == PartialDate(2024, 3, 6) and document.date == PartialDate(2024, 3, 7)
    (tmp_path / "a.md").write_text(READOUT_PRINTED.format(issued="issued: 6 March\n"), encoding="utf-8")
    with pytest.raises(DocumentError, match="front matter issued '6 March' does not parse"):
        ingest.read_corpus(tmp_path)


def test_without_issued_the_reprints_today_is_its_print_day_and_the_conflict_is_not_shown(tmp_path: Path) -> None:
    (finding,) = _date_findings(tmp_path, issued="")
    assert [e.words for e in finding.evidence] == ["Wednesday", "today"]
    assert finding.confidence < SHOWN


def test_with_issued_today_is_the_issue_day_and_agrees(tmp_path: Path) -> None:
    assert _date_findings(tmp_path, issued="issued: 2024-03-06\n") == []


def test_a_today_read_against_issued_that_still_disagrees_is_shown(tmp_path: Path) -> None:
    # Issued on Tuesday 5 March: "today" is the 5th, against the Post's Wednesday the 6th.
    (finding,) = _date_findings(tmp_path, issued="issued: 2024-03-05\n")
    assert finding.confidence >= SHOWN
    assert "2024-03-05 vs 2024-03-06" in finding.summary
