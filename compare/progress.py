"""Tell a person, or a CI log, how far a run has got: one report per pipeline stage.

On a terminal each stage gets a bar with counts; elsewhere (a CI log, `| cat`) each stage writes
one plain line when it ends, with its count and seconds, because a bar redrawn with carriage
returns is noise in a log. Silent reports nothing, and also turns off the bars that the model
libraries draw on their own (transformers' "Loading weights"), which `--quiet` promises.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from enum import Enum
from typing import Any, TextIO

# Read by huggingface_hub, transformers and tqdm when they are imported or draw a bar.
LIBRARY_BAR_SWITCHES = {"HF_HUB_DISABLE_PROGRESS_BARS": "1", "TQDM_DISABLE": "1"}


class ProgressMode(str, Enum):
    """How stages are reported."""

    SILENT = "silent"
    LINES = "lines"  # one line per finished stage: logs and pipes
    BARS = "bars"  # a live bar per stage: terminals


class Progress:
    """Reports stages in order; `advance` moves the open stage on (the embedder calls it per chunk)."""

    def __init__(
        self,
        mode: ProgressMode = ProgressMode.SILENT,
        *,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.mode = mode
        self.stream = stream
        self.clock = clock
        self._bar: Any = None
        self._done = 0

    @classmethod
    def for_stream(cls, stream: TextIO, *, quiet: bool) -> Progress:
        """Bars on a terminal, lines elsewhere, nothing when quiet (library bars off unless on a terminal)."""
        if quiet:
            mode = ProgressMode.SILENT
        elif stream.isatty():
            mode = ProgressMode.BARS
        else:
            mode = ProgressMode.LINES
        if mode is not ProgressMode.BARS:
            silence_library_bars()
        return cls(mode, stream=stream)

    @contextlib.contextmanager
    def stage(self, name: str, *, total: int, unit: str) -> Iterator[None]:
        """One stage of the run, counted in `unit`s ("sentences", "events")."""
        started = self.clock()
        self._done = 0
        if self.mode is ProgressMode.BARS:
            from tqdm import tqdm

            # disable=False: TQDM_DISABLE, set to quiet the libraries' own bars, must not hide ours.
            self._bar = tqdm(total=total, desc=name, unit=f" {unit}", file=self.stream, leave=True, disable=False)
        try:
            yield
        except BaseException:
            # A stage that failed is not reported as done: the error is the one line to read.
            if self._bar is not None:
                self._bar.close()
                self._bar = None
            raise
        if self._bar is not None:
            self._bar.update(total - self._done)  # a cached embedding moves no bar; the stage is done
            self._bar.close()
            self._bar = None
        elif self.mode is ProgressMode.LINES and self.stream is not None:
            seconds = self.clock() - started
            self.stream.write(f"{name}: {total} {unit} in {seconds:.1f} s\n")
            self.stream.flush()

    def advance(self, count: int = 1) -> None:
        self._done += count
        if self._bar is not None:
            self._bar.update(count)


SILENT = Progress()


def silence_library_bars() -> None:
    """Turn off the progress bars that huggingface_hub, transformers and tqdm draw on their own.

    The switches are environment variables read at import (set before the model is loaded) plus,
    when transformers is already imported, its own switch.
    """
    for name, value in LIBRARY_BAR_SWITCHES.items():
        os.environ[name] = value
    transformers = sys.modules.get("transformers")
    if transformers is not None:
        transformers.utils.logging.disable_progress_bar()
