"""Progress: one line per stage in a log, a bar per stage on a terminal, nothing when quiet."""

from __future__ import annotations

import io
import itertools
import os

import pytest

from compare import pipeline
from compare.match import default_calibration
from compare.progress import LIBRARY_BAR_SWITCHES, Progress, ProgressMode
from tests.conftest import FakeEmbedder
from tests.golden import MINI


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _clock() -> object:
    ticks = itertools.count(step=1.5)
    return lambda: next(ticks)


def test_a_log_gets_one_line_per_stage_with_counts_and_seconds() -> None:
    stream = io.StringIO()
    progress = Progress(ProgressMode.LINES, stream=stream, clock=_clock())  # type: ignore[arg-type]
    pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=default_calibration(), progress=progress)
    lines = stream.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["embedding", "grouping", "aligning", "framing"]
    assert lines[1] == "grouping: 5 documents in 1.5 s"
    assert lines[2].startswith("aligning: 2 events in ")


def test_a_terminal_gets_a_bar_per_stage() -> None:
    stream = _Terminal()
    progress = Progress.for_stream(stream, quiet=False)
    assert progress.mode is ProgressMode.BARS
    with progress.stage("embedding", total=4, unit="sentences"):
        progress.advance(2)
    assert "embedding" in stream.getvalue() and "4/4" in stream.getvalue()


def test_quiet_reports_nothing_and_turns_off_the_libraries_bars() -> None:
    assert not any(os.environ.get(name) for name in LIBRARY_BAR_SWITCHES)  # conftest resets them per test
    stream = io.StringIO()
    progress = Progress.for_stream(stream, quiet=True)
    pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=default_calibration(), progress=progress)
    assert stream.getvalue() == ""
    assert all(os.environ.get(name) == value for name, value in LIBRARY_BAR_SWITCHES.items())


def test_a_pipe_is_not_a_terminal() -> None:
    assert Progress.for_stream(io.StringIO(), quiet=False).mode is ProgressMode.LINES


def test_a_stage_that_fails_reports_no_line() -> None:
    stream = io.StringIO()
    progress = Progress(ProgressMode.LINES, stream=stream)
    with pytest.raises(RuntimeError), progress.stage("embedding", total=3, unit="sentences"):
        raise RuntimeError("model missing")
    assert stream.getvalue() == ""
