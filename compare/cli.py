"""Command line: click only. Each command checks its input, calls the library, reports the outcome."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from compare import calibrate as calibration_fit
from compare import evaluate as evaluation
from compare import output, pipeline, report
from compare.embed import (
    DEFAULT_MODEL,
    CachedEmbedder,
    Embedder,
    EmbeddingCache,
    SentenceTransformerEmbedder,
    default_cache_dir,
    resolve_model,
)
from compare.errors import CompareError
from compare.match import load_calibration

F = TypeVar("F", bound=Callable[..., Any])
INPUT_ERROR = 2


class CompareClickError(click.ClickException):
    """A domain error shown as one line, exit code 2 (bad input), as for usage errors."""

    exit_code = INPUT_ERROR


def domain_errors(function: F) -> F:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CompareError as error:
            raise CompareClickError(str(error)) from None

    return wrapper  # type: ignore[return-value]


def model_options(function: F) -> F:
    """Options shared by every command that embeds sentences."""
    decorators = [
        click.option(
            "--model",
            default=DEFAULT_MODEL,
            show_default=True,
            metavar="NAME_OR_PATH",
            help="Sentence-transformers model: the default package, a model folder, or a name in the local cache.",
        ),
        click.option(
            "--cache-dir",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Where sentence embeddings are cached [default: the user cache folder].",
        ),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the embedding cache."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary; errors only."),
    ]
    for decorator in reversed(decorators):
        function = decorator(function)
    return function


def make_embedder(*, model: str, cache_dir: Path | None, no_cache: bool, quiet: bool) -> Embedder:
    inner = SentenceTransformerEmbedder(resolve_model(model), show_progress=not quiet)
    if no_cache:
        return inner
    return CachedEmbedder(inner, EmbeddingCache(cache_dir or default_cache_dir()))


@click.group()
@click.version_option(package_name="compare")
def main() -> None:
    """Compare how several sources tell the same events: agreements, omissions, framing.

    \b
    Example:
      compare run corpus/ -o reports/
    """


@main.command()
@click.argument("corpus", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder for the Markdown reports and comparison.json.",
)
@click.option(
    "--calibration",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Calibration file from `compare calibrate` [default: the shipped one].",
)
@model_options
@domain_errors
def run(
    corpus: Path,
    out_dir: Path,
    calibration: Path | None,
    model: str,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Compare the documents in CORPUS and write side-by-side reports.

    CORPUS is a folder of .md/.txt (optional YAML front matter: outlet, title, date, url, event,
    kind, issuer, aliases) and .html files, read recursively. Reports go to OUT: index.md, one
    page per event, and comparison.json.

    \b
    Example:
      compare run corpus/ -o reports/
    """
    embedder = make_embedder(model=model, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet)
    comparison = pipeline.run(corpus=corpus, embedder=embedder, calibration=load_calibration(calibration))
    written = output.write_files(out_dir, report.report_files(comparison))
    for warning in comparison.warnings:
        click.echo(f"warning: {warning}", err=True)
    if not quiet:
        documents = sum(len(ec.event.documents) for ec in comparison.events)
        claims = sum(len(ec.claims) for ec in comparison.events)
        click.echo(
            f"{documents} documents, {len(comparison.events)} events, {claims} claims; "
            f"wrote {len(written)} files to {out_dir}/ (start with {out_dir / 'index.md'})"
        )


@main.command(name="eval")
@click.argument("corpus", type=click.Path(path_type=Path))
@click.argument("gold_dir", type=click.Path(path_type=Path))
@click.option(
    "--calibration",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Calibration file [default: the shipped one].",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--errors", "show_errors", is_flag=True, help="Also list every false and missed link.")
@model_options
@domain_errors
def eval_command(
    corpus: Path,
    gold_dir: Path,
    calibration: Path | None,
    as_json: bool,
    show_errors: bool,
    model: str,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Score claim alignment against hand-made gold alignments in GOLD_DIR.

    Prints pairwise alignment precision/recall/F1, omission precision/recall and event-grouping
    purity, for compare and for two baselines (cosine threshold and TF-IDF cosine, each with
    transitive merging) in the same run.

    \b
    Example:
      compare eval corpus/ gold/
    """
    embedder = make_embedder(model=model, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet or as_json)
    result = evaluation.evaluate(
        corpus=corpus, gold_dir=gold_dir, embedder=embedder, calibration=load_calibration(calibration)
    )
    if as_json:
        click.echo(json.dumps(evaluation.report_json(result), indent=2))
        return
    click.echo(evaluation.report_text(result, show_errors=show_errors))


@main.command(name="calibrate")
@click.argument("pairs_file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("calibration.json"),
    show_default=True,
    help="Where to write the calibration.",
)
@click.option(
    "--evaluate",
    "test_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Held-out labelled pairs: print accuracy and F1 on them.",
)
@model_options
@domain_errors
def calibrate_command(
    pairs_file: Path,
    out_file: Path,
    test_file: Path | None,
    model: str,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Fit the same-claim decision on labelled sentence pairs in PAIRS_FILE.

    PAIRS_FILE is a TSV of label (0/1) and two sentences, with or without a
    `label<TAB>sentence_1<TAB>sentence_2` header, or the Microsoft Research Paraphrase Corpus
    layout. The result is used by `compare run --calibration FILE` and `compare eval`.

    \b
    Example:
      compare calibrate data/pairs/claims-train.tsv --evaluate data/pairs/claims-test.tsv -o calibration.json
    """
    train = calibration_fit.read_pairs(pairs_file)
    held_out = calibration_fit.read_pairs(test_file) if test_file else []
    embedder = make_embedder(model=model, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet)
    result = calibration_fit.fit(train, embedder=embedder, source=pairs_file.as_posix(), held_out=held_out)
    output.write_file(out_file, result.calibration.to_json())
    if quiet:
        return
    click.echo(f"Fitted on {len(train)} pairs; wrote {out_file}")
    for title, scores in (
        ("cross-validated on the training pairs", result.training),
        ("held-out pairs", result.held_out),
    ):
        if not scores:
            continue
        click.echo(f"\n{title}:")
        for method, value in scores.items():
            click.echo(
                f"  {method:28s} accuracy {value.accuracy:.3f}  precision {value.precision:.3f}  "
                f"recall {value.recall:.3f}  F1 {value.f1:.3f}  ({value.pairs} pairs)"
            )


if __name__ == "__main__":
    main()
