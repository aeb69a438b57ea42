"""The embedding cache (hit, miss, model change, damaged entry) and the lazy model import."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from compare.embed import DEFAULT_MODEL, CachedEmbedder, EmbeddingCache, resolve_model
from compare.errors import ModelError
from tests.conftest import ROOT, FakeEmbedder


def test_second_run_encodes_nothing(tmp_path: Path) -> None:
    inner = FakeEmbedder()
    first = CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["a b c", "d e f", "a b c"])
    assert inner.calls == [["a b c", "d e f"]]  # duplicates encoded once
    inner.calls.clear()
    second = CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["d e f", "a b c"])
    assert inner.calls == []
    np.testing.assert_array_equal(second, first[[1, 0]])


def test_only_new_sentences_are_encoded(tmp_path: Path) -> None:
    inner = FakeEmbedder()
    CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["one two"])
    CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["one two", "three four"])
    assert inner.calls == [["one two"], ["three four"]]


def test_another_model_does_not_read_this_models_vectors(tmp_path: Path) -> None:
    first, second = FakeEmbedder(), FakeEmbedder()
    second.identity = "another-model"
    CachedEmbedder(first, EmbeddingCache(tmp_path)).embed(["same text"])
    CachedEmbedder(second, EmbeddingCache(tmp_path)).embed(["same text"])
    assert second.calls == [["same text"]]


def test_a_damaged_entry_is_ignored_and_rewritten(tmp_path: Path) -> None:
    inner = FakeEmbedder()
    cache = EmbeddingCache(tmp_path)
    expected = CachedEmbedder(inner, cache).embed(["torn entry"])
    cache.close()
    with sqlite3.connect(tmp_path / EmbeddingCache.FILENAME) as connection:
        connection.execute("UPDATE vectors SET vector = substr(vector, 1, 100)")  # a torn write
    inner.calls.clear()
    again = CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["torn entry"])
    assert inner.calls == [["torn entry"]]
    np.testing.assert_array_equal(again, expected)
    inner.calls.clear()
    CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["torn entry"])
    assert inner.calls == []  # rewritten, so served from the cache now


def test_flipped_bits_are_caught_by_the_checksum(tmp_path: Path) -> None:
    inner = FakeEmbedder()
    CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["checksum me"])
    with sqlite3.connect(tmp_path / EmbeddingCache.FILENAME) as connection:
        (blob,) = connection.execute("SELECT vector FROM vectors").fetchone()
        damaged = bytes([blob[0] ^ 0xFF]) + blob[1:]
        connection.execute("UPDATE vectors SET vector = ?", (damaged,))
    inner.calls.clear()
    CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["checksum me"])
    assert inner.calls == [["checksum me"]]


def test_a_cache_file_that_is_not_a_database_is_bypassed_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / EmbeddingCache.FILENAME).write_bytes(b"this is not sqlite" * 100)
    inner = FakeEmbedder()
    embedder = CachedEmbedder(inner, EmbeddingCache(tmp_path))
    vectors = embedder.embed(["still works"])
    assert vectors.shape == (1, 256)
    assert embedder.warnings and "unreadable" in embedder.warnings[0]


def test_default_model_resolves_without_loading() -> None:
    spec = resolve_model(DEFAULT_MODEL)
    assert spec.path is not None and (spec.path / "config.json").exists()
    assert spec.identity.startswith(f"{DEFAULT_MODEL}:")


def test_a_model_path_that_is_not_a_model(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a sentence-transformers model folder"):
        resolve_model(str(tmp_path))


def test_a_fully_cached_run_never_imports_torch(tmp_path: Path) -> None:
    """Run the real pipeline twice in subprocesses; the second, all cached, must not import torch."""
    script = f"""
import sys
import time
from pathlib import Path
from compare import pipeline
from compare.embed import CachedEmbedder, EmbeddingCache, SentenceTransformerEmbedder, resolve_model
from compare.match import default_calibration
from tests.conftest import FakeEmbedder

class Guarded(SentenceTransformerEmbedder):
    def embed(self, texts):
        if sys.argv[1] == "cached":
            raise SystemExit("the model was asked to encode")
        return FakeEmbedder().embed(texts)

embedder = CachedEmbedder(Guarded(resolve_model("{DEFAULT_MODEL}")), EmbeddingCache(Path(r"{tmp_path}")))
pipeline.run(corpus=Path(r"{ROOT / "corpus"}"), embedder=embedder, calibration=default_calibration())
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print("heavy:", heavy)
"""
    for mode in ("cold", "cached"):
        result = subprocess.run(
            [sys.executable, "-c", script, mode], capture_output=True, text=True, cwd=ROOT, check=False
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "heavy: []"


WRITER = """
import sys
import time
from pathlib import Path
from compare.embed import CachedEmbedder, EmbeddingCache
from tests.conftest import FakeEmbedder
folder, offset = Path(sys.argv[1]), int(sys.argv[2])
for round in range(20):
    texts = [f"sentence {i}" for i in range(offset + round * 10, offset + round * 10 + 60)]
    CachedEmbedder(FakeEmbedder(), EmbeddingCache(folder)).embed(texts)
"""


def test_concurrent_runs_share_one_cache_without_losing_or_damaging_an_entry(tmp_path: Path) -> None:
    # Two processes write overlapping sentences into one cache at the same time.
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), str(offset)], cwd=ROOT, stderr=subprocess.PIPE)
        for offset in (0, 30)
    ]
    for writer in writers:
        _, error = writer.communicate(timeout=120)
        assert writer.returncode == 0, error.decode()
    texts = [f"sentence {i}" for i in range(30 + 19 * 10 + 60)]
    inner = FakeEmbedder()
    cached = CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(texts)
    assert inner.calls == []  # every entry written by either process reads back as valid
    np.testing.assert_array_equal(cached, FakeEmbedder().embed(texts))


def test_a_writer_killed_mid_write_leaves_only_valid_entries(tmp_path: Path) -> None:
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER.replace("range(20)", "range(100_000)"), str(tmp_path), "0"], cwd=ROOT
    )
    database = tmp_path / EmbeddingCache.FILENAME
    deadline = time.monotonic() + 60
    while not (database.exists() and database.stat().st_size > 0) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # well into the writing
    writer.kill()
    writer.wait()
    with sqlite3.connect(database) as connection:
        (stored,) = connection.execute("SELECT count(*) FROM vectors").fetchone()
    assert stored > 0
    texts = [f"sentence {i}" for i in range(stored + 100)]
    inner = FakeEmbedder()
    vectors = CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(texts)
    np.testing.assert_array_equal(vectors, FakeEmbedder().embed(texts))  # nothing torn was served
