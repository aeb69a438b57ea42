"""Command line: click only. Each command checks its input, calls the library, reports the outcome."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from compare import calibrate as calibration_fit
from compare import check, config, output, pipeline, report
from compare import evaluate as evaluation
from compare.embed import (
    DEFAULT_BACKEND,
    DEFAULT_MODEL,
    Backend,
    CachedEmbedder,
    Embedder,
    EmbeddingCache,
    default_cache_dir,
    model_embedder,
    resolve_model,
)
from compare.errors import CompareError
from compare.match import load_calibration
from compare.model import Kind, Rule

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
            "--backend",
            type=click.Choice([b.value for b in Backend]),
            default=DEFAULT_BACKEND.value,
            show_default=True,
            help="What runs the model: torch, or ONNX Runtime (float, or int8: fastest) on an export of it.",
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


def calibration_option(function: F) -> F:
    """--calibration, shared by the commands that align claims."""
    decorator = click.option(
        "--calibration",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Calibration file from `compare calibrate` [default: the shipped one].",
    )
    return decorator(function)


def make_embedder(
    *, model: str, backend: str = DEFAULT_BACKEND.value, cache_dir: Path | None, no_cache: bool, quiet: bool
) -> Embedder:
    inner = model_embedder(resolve_model(model), backend=Backend(backend), show_progress=not quiet)
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
@calibration_option
@model_options
@domain_errors
def run(
    corpus: Path,
    out_dir: Path,
    calibration: Path | None,
    model: str,
    backend: str,
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
    embedder = make_embedder(model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet)
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
@calibration_option
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
    backend: str,
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
    embedder = make_embedder(
        model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet or as_json
    )
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
    backend: str,
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
    embedder = make_embedder(model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet)
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


@main.command(name="check")
@click.argument("corpus", type=click.Path(path_type=Path), default=Path("corpus"))
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Settings file [default: compare.toml, or [tool.compare] in pyproject.toml, in this folder].",
)
@click.option(
    "--min-coverage",
    type=click.FloatRange(0, 1),
    default=None,
    help="Fail when a news source carries less than this share of the shared claims [default: 0.5].",
)
@click.option(
    "--min-outlets",
    type=click.IntRange(0),
    default=None,
    help="Fail when a readout claim is carried by fewer outlets than this [default: 1].",
)
@click.option(
    "--require-outlet",
    "require_outlets",
    multiple=True,
    metavar="OUTLET",
    help="Fail when this outlet leaves out any readout claim (repeatable).",
)
@click.option(
    "--only",
    "only_rules",
    multiple=True,
    type=click.Choice([r.value for r in Rule]),
    help="Check only these rules (repeatable) [default: all].",
)
@click.option(
    "--skip",
    "skip_rules",
    multiple=True,
    type=click.Choice([r.value for r in Rule]),
    help="Do not check these rules (repeatable).",
)
@click.option("--event", "events", multiple=True, metavar="EVENT_ID", help="Check only these events (repeatable).")
@click.option("--outlet", "outlets", multiple=True, metavar="OUTLET", help="Check only these sources (repeatable).")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in Kind]),
    help="Check only sources of this kind (repeatable).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ignore violations recorded in this baseline; fail only on new ones.",
)
@click.option(
    "--write-baseline",
    "write_baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Record today's violations in this file (and exit 0).",
)
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--junit",
    "junit_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write a JUnit XML report (one test case per rule and event).",
)
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Also write the Markdown/JSON reports to this folder.",
)
@calibration_option
@model_options
@domain_errors
def check_command(
    corpus: Path,
    config_file: Path | None,
    min_coverage: float | None,
    min_outlets: int | None,
    require_outlets: tuple[str, ...],
    only_rules: tuple[str, ...],
    skip_rules: tuple[str, ...],
    events: tuple[str, ...],
    outlets: tuple[str, ...],
    kinds: tuple[str, ...],
    baseline_file: Path | None,
    write_baseline: Path | None,
    output_format: str,
    junit_file: Path | None,
    out_dir: Path | None,
    calibration: Path | None,
    model: str,
    backend: str,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
) -> None:
    """Fail (exit 1) when coverage of an event diverges past the rules; for CI.

    Exit codes: 0 no rule broken, 1 a rule broken, 2 usage or input error. Rules: coverage,
    readout-omissions, numbers, dates, attribution. On GitHub Actions it also prints ::error
    annotations and appends a summary to $GITHUB_STEP_SUMMARY.

    \b
    Examples:
      compare check corpus/ --write-baseline compare-baseline.json
      compare check corpus/ --baseline compare-baseline.json --junit compare-junit.xml
    """
    settings = config.load_settings(config_file or config.find_config(Path.cwd()))
    changes: dict[str, Any] = {}
    if min_coverage is not None:
        changes["min_coverage"] = min_coverage
    if min_outlets is not None:
        changes["min_outlets"] = min_outlets
    if require_outlets:
        changes["require_outlets"] = require_outlets
    rules = frozenset(Rule(r) for r in only_rules) if only_rules else settings.rules
    changes["rules"] = rules - {Rule(r) for r in skip_rules}
    if events:
        changes["events"] = events
    if outlets:
        changes["outlets"] = outlets
    if kinds:
        changes["kinds"] = tuple(Kind(k) for k in kinds)
    settings = replace(settings, **changes)
    baseline = check.load_baseline(baseline_file) if baseline_file else []

    embedder = make_embedder(
        model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet or output_format == "json"
    )
    comparison = pipeline.run(corpus=corpus, embedder=embedder, calibration=load_calibration(calibration))
    known_events = {ec.event.id for ec in comparison.events}
    unknown = [e for e in settings.events if e not in known_events]
    if unknown:
        raise CompareClickError(f"no such event: {', '.join(unknown)} (events: {', '.join(sorted(known_events))})")
    if out_dir is not None:
        output.write_files(out_dir, report.report_files(comparison))
    result = check.check(comparison, settings=settings, baseline=baseline)

    if write_baseline is not None:
        output.write_file(write_baseline, check.baseline_json(result))
        if not quiet:
            click.echo(f"recorded {len(result.violations) + len(result.known)} violations in {write_baseline}")
        return
    if junit_file is not None:
        output.write_file(junit_file, check.junit_xml(result))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        # Annotations name files relative to the repository (the working folder on a runner).
        root = corpus.resolve()
        prefix = (root.relative_to(Path.cwd()) if root.is_relative_to(Path.cwd()) else root).as_posix() + "/"
        prefix = "" if prefix == "./" else prefix
        annotations = check.github_annotations(result, corpus_prefix=prefix)
        if annotations:
            click.echo(annotations)
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as stream:
                stream.write(check.summary_markdown(result) + "\n")
    if output_format == "json":
        click.echo(check.result_json(result), nl=False)
    elif not quiet or result.failed:
        click.echo(check.summary_text(result))
    for warning in comparison.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.failed:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
