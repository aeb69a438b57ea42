"""Export a sentence-transformers model folder to ONNX, once, for the torch-free ONNX Runtime backends.

Exporting needs torch and transformers (they trace the model); running the export needs neither, only
onnxruntime and tokenizers. `make install` builds the default model's files ahead of time
(`python -m compare.onnx_export`); otherwise the first run that asks for an ONNX backend builds
them, so only that one run pays for torch. The files go to a folder named after the source model's
content fingerprint and the export recipe, so a changed model or recipe gets new files (and, through
the embedder identity, new cache keys), and two processes exporting at once cannot mix their halves:
each writes a temporary file and renames it into place.

The int8 model is dynamically quantised: weights of every linear layer to int8, one scale per output
channel (per-tensor scales cost too much accuracy on MiniLM: mean cosine to the float model 0.958
against 0.992 per channel, measured on the dev set's sentences), activations quantised at run time.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from compare.errors import ModelError

# Bump when the export or quantisation changes: it names the folder and enters the embedder identity.
RECIPE = "v1"
OPSET = 17
FLOAT_FILE = "model.onnx"
INT8_FILE = "model-int8.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export_folder(*, root: Path, identity: str) -> Path:
    """Where the files exported from the model with this identity live."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in identity)
    return root / f"{safe}-{RECIPE}"


def file_name(*, quantized: bool) -> str:
    return INT8_FILE if quantized else FLOAT_FILE


def ensure_exported(*, source: Path, folder: Path, quantized: bool) -> Path:
    """The path of the ONNX file, exporting (and quantising) it first if it is not there yet."""
    target = folder / file_name(quantized=quantized)
    if target.is_file():
        return target
    folder.mkdir(parents=True, exist_ok=True)
    float_model = folder / FLOAT_FILE
    if not float_model.is_file():
        _atomic(float_model, lambda tmp: export_float(source=source, target=tmp))
    if quantized:
        _atomic(target, lambda tmp: quantize(source=float_model, target=tmp))
    _write_manifest(folder, source=source)
    return target


def export_float(*, source: Path, target: Path) -> None:
    """Trace the transformer (token vectors out; pooling is done in numpy at run time)."""
    try:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise ModelError(f"exporting to ONNX needs torch and transformers ({error}); run `make install`") from None

    class TokenVectors(torch.nn.Module):
        # Keyword arguments: transformers 5 reordered BertModel.forward's positional parameters.
        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            outputs = self.model(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids)
            return outputs.last_hidden_state

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        # Eager attention traces to plain MatMul/Softmax, which every ONNX Runtime build runs.
        model = AutoModel.from_pretrained(str(source), attn_implementation="eager")
    except Exception as error:  # noqa: BLE001 - any load failure becomes one clear message
        raise ModelError(f"cannot load {source} to export it to ONNX: {_first_line(error)}") from None
    model.eval()
    sample = torch.ones(2, 8, dtype=torch.long)
    axes = {0: "batch", 1: "tokens"}
    import warnings

    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the tracer's notes on constant shapes hold for this graph
        torch.onnx.export(
            TokenVectors(model),
            (sample, torch.ones_like(sample), torch.zeros_like(sample)),
            str(target),
            input_names=list(INPUTS),
            output_names=["token_vectors"],
            dynamic_axes=dict.fromkeys((*INPUTS, "token_vectors"), axes),
            opset_version=OPSET,
            dynamo=False,  # the TorchScript exporter needs no onnxscript and gives the same graph each time
        )


def quantize(*, source: Path, target: Path) -> None:
    """Dynamic int8 quantisation of the linear layers' weights, one scale per output channel."""
    import logging

    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(logging.ERROR)  # its "consider pre-processing" advice is for static quantisation
    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        per_channel=True,
        op_types_to_quantize=["MatMul"],
        extra_options={"DefaultTensorType": 1},  # float, where shape inference cannot tell
    )


def _atomic(target: Path, build: Any) -> None:
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        build(temporary)
        temporary.chmod(0o644)  # mkstemp makes it private; the export is no secret
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _write_manifest(folder: Path, *, source: Path) -> None:
    """What the files were made from and with, for whoever wonders why two machines' files differ."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("torch", "transformers", "onnx", "onnxruntime"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = ""
    manifest = {"source": str(source), "recipe": RECIPE, "opset": OPSET, "versions": versions}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def main(argv: list[str] | None = None) -> None:
    """Build the ONNX files of a model (the default one unless named), as `make install` does."""
    from compare.embed import DEFAULT_MODEL, default_model_dir, resolve_model

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--root", type=Path, default=None, help="default: the user cache folder")
    args = parser.parse_args(argv)
    spec = resolve_model(args.model)
    if spec.path is None:
        raise SystemExit(f"{args.model}: the ONNX export needs a model folder")
    folder = export_folder(root=args.root or default_model_dir(), identity=spec.identity)
    for quantized in (False, True):
        print(ensure_exported(source=spec.path, folder=folder, quantized=quantized))


if __name__ == "__main__":
    main()
