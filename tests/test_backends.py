"""The ONNX Runtime backends: same vectors as sentence-transformers, no torch at run time, own cache keys."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from compare import onnx_export
from compare.embed import (
    DEFAULT_BACKEND,
    DEFAULT_MODEL,
    Backend,
    CachedEmbedder,
    EmbeddingCache,
    OnnxEmbedder,
    SentenceTransformerEmbedder,
    backend_identity,
    default_model_dir,
    mean_pool,
    model_embedder,
    resolve_model,
)
from compare.errors import ModelError
from tests.conftest import ROOT, FakeEmbedder, write

# Invented sentences: short and long, shared words and none, and one past the model's 256 tokens.
SENTENCES = [
    "The ministers agreed to reopen the northern border crossing on Monday.",
    "Both sides said the crossing in the north would open again at the start of the week.",
    "Officials declined to comment.",
    "A fishing fleet of 40 boats returned to the harbour after the storm.",
    "The talks, which lasted three hours, ended without a joint statement, according to two diplomats.",
    "Yes.",
    " ".join(["The delegation discussed trade, water rights, grazing land and the return of refugees."] * 30),
]


def test_mean_pooling_ignores_padding() -> None:
    rng = np.random.default_rng(1)
    tokens = rng.normal(size=(2, 5, 4)).astype(np.float32)
    tokens[1, :3] = tokens[0, :3]  # the same three tokens, then two padding positions holding noise
    mask = np.array([[1, 1, 1, 0, 0], [1, 1, 1, 0, 0]])
    pooled = mean_pool(tokens, mask)
    np.testing.assert_allclose(pooled[0], pooled[1], rtol=1e-6)
    expected = tokens[0, :3].mean(axis=0)
    np.testing.assert_allclose(pooled[0], expected / np.linalg.norm(expected), rtol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(pooled, axis=1), 1.0, rtol=1e-6)


def test_each_backend_has_its_own_cache_key() -> None:
    spec = resolve_model(DEFAULT_MODEL)
    embedders = {backend: model_embedder(spec, backend=backend) for backend in Backend}
    keys = {backend: getattr(e, "cache_key", e.identity) for backend, e in embedders.items()}
    assert len(set(keys.values())) == len(Backend)
    assert keys[Backend.TORCH] == spec.identity  # caches made on torch stay valid
    assert keys[Backend.ONNX_INT8] == backend_identity(spec, Backend.ONNX_INT8)
    assert onnx_export.RECIPE in keys[Backend.ONNX_INT8]
    # Same weights: the calibration pairs with every backend.
    assert {e.identity for e in embedders.values()} == {spec.identity}


def test_the_cache_keeps_backends_apart_under_one_model_identity(tmp_path: Path) -> None:
    first, second = FakeEmbedder(), FakeEmbedder()
    second.cache_key = "fake-embedder-v1:another-backend"  # type: ignore[attr-defined]
    CachedEmbedder(first, EmbeddingCache(tmp_path)).embed(["same text"])
    cached = CachedEmbedder(second, EmbeddingCache(tmp_path))
    cached.embed(["same text"])
    assert second.calls == [["same text"]]
    assert cached.identity == first.identity


def test_exports_of_different_models_do_not_share_a_folder(tmp_path: Path) -> None:
    first = onnx_export.export_folder(root=tmp_path, identity="model:aaaa")
    second = onnx_export.export_folder(root=tmp_path, identity="model:bbbb")
    assert first != second and first.parent == second.parent == tmp_path


def _model_folder(folder: Path, *, pooling: dict[str, bool]) -> Path:
    write(folder / "config.json", json.dumps({"max_position_embeddings": 512}))
    write(folder / "sentence_bert_config.json", json.dumps({"max_seq_length": 128}))
    write(
        folder / "modules.json",
        json.dumps([{"path": "", "type": "x.Transformer"}, {"path": "1_Pooling", "type": "x.Pooling"}]),
    )
    write(folder / "1_Pooling" / "config.json", json.dumps(pooling))
    return folder


def test_a_model_pooled_other_than_by_mean_is_refused_with_a_hint(tmp_path: Path) -> None:
    folder = _model_folder(tmp_path / "cls-model", pooling={"pooling_mode_cls_token": True})
    spec = resolve_model(str(folder))
    embedder = OnnxEmbedder(spec, quantized=True, model_dir=tmp_path / "exports")
    with pytest.raises(ModelError, match=r"mean pooling only.*--backend torch"):
        embedder.embed(["anything"])
    assert not (tmp_path / "exports").exists()  # refused before any export was attempted


def test_a_model_name_missing_from_the_local_cache_is_one_clear_error(tmp_path: Path) -> None:
    embedder = OnnxEmbedder(resolve_model("someone/some-model"), quantized=False, model_dir=tmp_path)
    with pytest.raises(ModelError, match=r"cannot load model 'someone/some-model'.*there is no network"):
        embedder.embed(["anything"])


@pytest.fixture(scope="module")
def exported() -> Path:
    """The default model's export (built by `make install`; built here if it is missing)."""
    spec = resolve_model(DEFAULT_MODEL)
    assert spec.path is not None
    folder = onnx_export.export_folder(root=default_model_dir(), identity=spec.identity)
    onnx_export.ensure_exported(source=spec.path, folder=folder, quantized=True)
    return folder


@pytest.fixture(scope="module")
def torch_vectors() -> np.ndarray:
    return SentenceTransformerEmbedder(resolve_model(DEFAULT_MODEL)).embed(SENTENCES)


@pytest.mark.model
def test_the_float_export_gives_sentence_transformers_vectors(exported: Path, torch_vectors: np.ndarray) -> None:
    vectors = OnnxEmbedder(resolve_model(DEFAULT_MODEL), quantized=False, batch_size=3).embed(SENTENCES)
    cosines = (vectors * torch_vectors).sum(axis=1)
    assert cosines.min() > 0.9999, cosines  # the long one too: truncated at the same 256 tokens


@pytest.mark.model
def test_the_int8_export_stays_close_to_sentence_transformers(exported: Path, torch_vectors: np.ndarray) -> None:
    vectors = OnnxEmbedder(resolve_model(DEFAULT_MODEL), quantized=True).embed(SENTENCES)
    cosines = (vectors * torch_vectors).sum(axis=1)
    assert cosines.min() > 0.95 and cosines.mean() > 0.985, cosines  # "Yes." is the farthest: 0.966
    # What alignment reads: the paraphrase pair stays each other's nearest sentence, well apart from the rest.
    for found in (vectors, torch_vectors):
        similarity = found @ found.T
        np.fill_diagonal(similarity, -1)
        assert similarity[0].argmax() == 1 and similarity[1].argmax() == 0


@pytest.mark.model
def test_the_export_is_reproducible(exported: Path, tmp_path: Path) -> None:
    spec = resolve_model(DEFAULT_MODEL)
    assert spec.path is not None
    again = onnx_export.ensure_exported(source=spec.path, folder=tmp_path, quantized=True)
    for name in (onnx_export.FLOAT_FILE, onnx_export.INT8_FILE):
        digests = {hashlib.sha256((folder / name).read_bytes()).hexdigest() for folder in (exported, again.parent)}
        assert len(digests) == 1, name


NO_TORCH = """
import sys
from pathlib import Path
from compare.cli import main
main(["run", r"{corpus}", "-o", sys.argv[1], "--cache-dir", sys.argv[2], "--quiet"], standalone_mode=False)
heavy = sorted(m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules)
print("heavy:", heavy)
"""


@pytest.mark.model
def test_the_default_backend_encodes_and_re_runs_without_torch(exported: Path, tmp_path: Path) -> None:
    """A cold run (encoding every sentence) and a cached re-run, each in a fresh process, never import torch."""
    script = NO_TORCH.format(corpus=ROOT / "corpus")
    outputs = []
    for run in ("cold", "cached"):
        result = subprocess.run(
            [sys.executable, "-c", script, str(tmp_path / run), str(tmp_path / "cache")],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "heavy: []", run
        outputs.append((tmp_path / run / "comparison.json").read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]
    assert f'"model": "{resolve_model(DEFAULT_MODEL).identity}"' in outputs[0]  # pairs with the calibration


def test_the_backend_option_reaches_the_embedder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from compare import cli
    from tests.conftest import FakeEmbedder
    from tests.golden import MINI

    asked: list[str] = []

    def fake(**options: object) -> FakeEmbedder:
        asked.append(str(options["backend"]))
        return FakeEmbedder()

    monkeypatch.setattr(cli, "make_embedder", fake)
    runner = CliRunner()
    for arguments in ([], ["--backend", "torch"], ["--backend", "onnx"]):
        result = runner.invoke(cli.main, ["run", str(MINI), "-o", str(tmp_path), "-q", *arguments])
        assert result.exit_code == 0, result.output
    assert asked == [DEFAULT_BACKEND.value, "torch", "onnx"]
    wrong = runner.invoke(cli.main, ["run", str(MINI), "-o", str(tmp_path), "--backend", "tensorflow"])
    assert wrong.exit_code == 2 and "tensorflow" in wrong.output


@pytest.mark.model
def test_torch_and_onnx_give_the_same_token_vectors(exported: Path, torch_vectors: np.ndarray) -> None:
    """Token coverage reads the same pieces and (to int8 rounding) the same vectors on either backend."""
    spec = resolve_model(DEFAULT_MODEL)
    torch_sentences, torch_tokens = SentenceTransformerEmbedder(spec).embed_with_tokens(SENTENCES)
    onnx_sentences, onnx_tokens = OnnxEmbedder(spec, quantized=False, batch_size=3).embed_with_tokens(SENTENCES)
    assert np.allclose(torch_sentences, torch_vectors, atol=1e-5)  # one pass gives both, as `embed` does
    assert ((onnx_sentences * torch_vectors).sum(axis=1)).min() > 0.9999
    for from_torch, from_onnx in zip(torch_tokens, onnx_tokens, strict=True):
        assert from_torch.pieces == from_onnx.pieces and from_torch.pieces
        assert "[CLS]" not in from_torch.pieces and "." not in from_torch.pieces
        cosines = (from_torch.unit_vectors() * from_onnx.unit_vectors()).sum(axis=1)
        assert cosines.min() > 0.999, cosines
