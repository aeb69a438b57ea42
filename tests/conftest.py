"""Shared fixtures. Unit tests use FakeEmbedder, a deterministic bag-of-words embedder, so that
almost no test needs the real model; tests marked `model` run sentence-transformers end to end."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from compare import match
from compare.tokens import TokenVectors, token_vectors

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = ROOT / "gold"
DIMENSIONS = 256

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


class FakeEmbedder:
    """Hashes lower-cased word stems (first five letters) into a fixed-size vector.

    Sentences sharing words get similar vectors, which is all alignment logic needs to be tested;
    the same text always gives the same vector. `calls` records every batch it was asked for.
    """

    identity = "fake-embedder-v1"
    gives_tokens = True

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        vectors = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9]+", text.lower()):
                vectors[row, _bucket(word)] += 1.0
            norm = np.linalg.norm(vectors[row])
            if norm:
                vectors[row] /= norm
            else:
                vectors[row, 0] = 1.0
        return vectors

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]:
        """Token vectors are the words' buckets: a word matches only a word with its first five letters."""
        tokens = []
        for text in texts:
            words = re.findall(r"[a-z0-9]+", text.lower())
            hidden = np.zeros((len(words), DIMENSIONS), dtype=np.float32)
            hidden[np.arange(len(words)), [_bucket(w) for w in words]] = 1.0
            tokens.append(token_vectors(pieces=words, hidden=hidden))
        return self.embed(texts), tokens


def _bucket(word: str) -> int:
    return int(hashlib.md5(word[:5].encode()).hexdigest(), 16) % DIMENSIONS


# The shipped first stage, paired with the fake embedder. The event stage weighs cosines as the real
# model spreads them, so unit tests align with the first stage only (tests/test_eventfit.py tests
# the event stage with stages of its own).
FAKE_CALIBRATION = replace(match.default_calibration(), model=FakeEmbedder.identity, event_stage=None)


@pytest.fixture(autouse=True)
def calibration_for_the_fake_embedder(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands that load the default calibration get FAKE_CALIBRATION (not in tests of the real model)."""
    if request.node.get_closest_marker("model") is None:
        monkeypatch.setattr(match, "default_calibration", lambda: FAKE_CALIBRATION)


@pytest.fixture(autouse=True)
def library_bar_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that is not on a terminal turns the libraries' bars off through the environment; undo it per test."""
    from compare.progress import LIBRARY_BAR_SWITCHES

    for name in LIBRARY_BAR_SWITCHES:
        monkeypatch.setenv(name, os.environ.get(name, ""))


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
