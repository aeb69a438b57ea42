"""Command line: click only. Each command checks its input, calls the library, reports the outcome."""

from __future__ import annotations

import functools
import json
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import click

from compare import calibrate as calibration_fit
from compare import check, check_report, config, escape, eventfit, output, pipeline, report
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
from compare.progress import Progress

F = TypeVar("F", bound=Callable[..., Any])
RULE_BROKEN = 1  # `compare check` only: this exit code means a rule is broken, and nothing else
INPUT_ERROR = 2
INTERNAL_ERROR = 3
INTERRUPTED = 130


class CompareClickError(click.ClickException):
    """A domain error shown as one line, exit code 2 (bad input), as for usage errors."""

    exit_code = INPUT_ERROR


class InternalError(click.ClickException):
    """A bug in compare, not a broken rule and not bad input: its own exit code, one line, no traceback."""

    exit_code = INTERNAL_ERROR


def domain_errors(function: F) -> F:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except CompareError as error:
            raise CompareClickError(str(error)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise SystemExit(INTERRUPTED) from None  # click would make it exit 1, "a rule is broken"
        except Exception as error:  # noqa: BLE001 - exit 1 must keep meaning "a rule is broken"
            if os.environ.get("COMPARE_DEBUG"):
                traceback.print_exc()
            raise InternalError(
                f"internal error ({type(error).__name__}: {error}); this is a bug in compare, not a broken rule "
                "or bad input. Set COMPARE_DEBUG=1 for the traceback and please report it"
            ) from None

    return wrapper  # type: ignore[return-value]


class NonEmptyPath(click.Path):
    """A path that may not be empty: click reads "" as the working folder, which nobody means."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path is not a folder; give its name ('.' for this one)", param, ctx)
        return super().convert(value, param, ctx)


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
        click.option(
            "--quiet",
            "-q",
            is_flag=True,
            help="No progress and no summary (the model libraries' bars included); errors only.",
        ),
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
    *,
    model: str,
    backend: str = DEFAULT_BACKEND.value,
    cache_dir: Path | None,
    no_cache: bool,
    quiet: bool,
    progress: Progress | None = None,
) -> Embedder:
    progress = progress or Progress.for_stream(sys.stderr, quiet=quiet)
    inner = model_embedder(resolve_model(model), backend=Backend(backend), progress=progress)
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
@click.argument("corpus", type=NonEmptyPath(path_type=Path), default=Path("corpus"))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=NonEmptyPath(path_type=Path),
    default=Path("reports"),
    show_default=True,
    help="Folder for the Markdown reports and comparison.json.",
)
@click.option(
    "--all-findings",
    is_flag=True,
    help="Show every framing finding in the reports, also the less certain ones (by default counted only).",
)
@calibration_option
@model_options
@domain_errors
def run(
    corpus: Path,
    out_dir: Path,
    all_findings: bool,
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
    output.check_folder(out_dir, corpus=corpus)
    progress = Progress.for_stream(sys.stderr, quiet=quiet)
    embedder = make_embedder(
        model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet, progress=progress
    )
    comparison = pipeline.run(
        corpus=corpus, embedder=embedder, calibration=load_calibration(calibration), progress=progress
    )
    files = report.report_files(
        comparison, corpus_link=report.corpus_link(corpus=corpus, out_dir=out_dir), all_findings=all_findings
    )
    written = output.write_files(out_dir, files)
    for warning in comparison.warnings:
        click.echo(f"warning: {escape.log_line(warning)}", err=True)
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
@click.option(
    "--events",
    "events_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON {document id: event}: group as given, so alignment is measured apart from grouping.",
)
@click.option(
    "--leave-one-out",
    is_flag=True,
    help="Fit the event stage on the other gold events for each event, and score it on the one left out.",
)
@click.option(
    "--write-event-pairs",
    "event_pairs_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the gold events' labelled pairs as features (no text), for `compare calibrate --event-pairs`.",
)
@model_options
@domain_errors
def eval_command(
    corpus: Path,
    gold_dir: Path,
    calibration: Path | None,
    as_json: bool,
    show_errors: bool,
    events_file: Path | None,
    leave_one_out: bool,
    event_pairs_file: Path | None,
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
    Examples:
      compare eval corpus/ gold/
      compare eval dev/corpus dev/gold --events dev/events.json --leave-one-out
    """
    embedder = make_embedder(
        model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet or as_json
    )
    calibrated = load_calibration(calibration)
    result = evaluation.evaluate(
        corpus=corpus,
        gold_dir=gold_dir,
        embedder=embedder,
        calibration=calibrated,
        events=evaluation.read_events_file(events_file) if events_file else None,
        leave_one_out=leave_one_out,
        fit_all=event_pairs_file is not None,
    )
    if event_pairs_file is not None and result.fitted_on_all is not None:
        output.write_file(
            event_pairs_file,
            eventfit.pairs_to_json(
                result.event_pairs, model=embedder.identity, threshold=result.fitted_on_all.threshold
            ),
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
@click.option(
    "--event-pairs",
    "event_pairs_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Gold events' pairs from `compare eval --write-event-pairs`: also fit the event stage.",
)
@model_options
@domain_errors
def calibrate_command(
    pairs_file: Path,
    out_file: Path,
    test_file: Path | None,
    event_pairs_file: Path | None,
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
      compare calibrate data/pairs/claims-train.tsv --evaluate data/pairs/claims-test.tsv \\
        --event-pairs data/pairs/event-pairs.json -o calibration.json
    """
    train = calibration_fit.read_pairs(pairs_file)
    held_out = calibration_fit.read_pairs(test_file) if test_file else []
    embedder = make_embedder(model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet)
    stored = eventfit.load_pairs(event_pairs_file) if event_pairs_file is not None else None
    result = calibration_fit.fit(
        train,
        embedder=embedder,
        source=pairs_file.as_posix(),
        held_out=held_out,
        event_pairs=stored,
        event_pairs_source=event_pairs_file.as_posix() if event_pairs_file else "",
    )
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
    help="Fail when a readout claim is carried by fewer independent outlets than this [default: 1].",
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
@click.option(
    "--outlet",
    "outlets",
    multiple=True,
    metavar="OUTLET",
    help="Report only violations about this source (repeatable).",
)
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice([k.value for k in Kind]),
    help="Report only violations about sources of this kind (repeatable).",
)
@click.option(
    "--baseline",
    "baseline_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Ignore violations recorded in this baseline; fail only on new ones.",
)
@click.option(
    "--baseline-missing",
    type=click.Choice(["error", "empty"]),
    default="error",
    show_default=True,
    help="When the --baseline file does not exist: an input error, or an empty baseline (a first CI run).",
)
@click.option(
    "--write-baseline",
    "write_baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Record today's violations in this file, keeping the reasons of entries already there (exit 0).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: only JSON on stdout (GitHub annotations then go to stderr).",
)
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
    type=NonEmptyPath(path_type=Path),
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
    baseline_missing: str,
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

    Exit codes: 0 no rule broken, 1 a rule broken, 2 usage or input error (3: a bug in compare).
    Rules: coverage, readout-omissions, numbers, dates, attribution, actors. On GitHub Actions it
    also prints up to 10 ::error annotations, most significant first, and appends a summary of
    every violation to $GITHUB_STEP_SUMMARY.

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
    # Re-recording keeps the reasons written into the baseline it replaces.
    previous = baseline_file or (write_baseline if write_baseline is not None and write_baseline.exists() else None)
    baseline: list[check.Violation] = []
    if previous is not None and previous.exists():
        baseline = check.load_baseline(previous)
    elif previous is not None and baseline_missing == "error" and write_baseline is None:
        raise CompareClickError(
            f"{previous}: no such baseline; record one with `compare check --write-baseline {previous}` and "
            "commit it, or pass --baseline-missing=empty"
        )
    elif previous is not None and not quiet and write_baseline is None:
        click.echo(f"note: no baseline at {previous}; every violation counts as new", err=True)

    if out_dir is not None:
        output.check_folder(out_dir, corpus=corpus)  # before the run: never a report folder inside the corpus
    json_output = output_format == "json"
    embedder = make_embedder(
        model=model, backend=backend, cache_dir=cache_dir, no_cache=no_cache, quiet=quiet or json_output
    )
    comparison = pipeline.run(corpus=corpus, embedder=embedder, calibration=load_calibration(calibration))
    check.validate_names(settings, comparison)
    if out_dir is not None:
        output.write_files(
            out_dir, report.report_files(comparison, corpus_link=report.corpus_link(corpus=corpus, out_dir=out_dir))
        )
    result = check.check(comparison, settings=settings, baseline=baseline)
    result = replace(check.with_html_lines(result, corpus), skipped_files=check.skipped_files(corpus))
    for warning in comparison.warnings:
        click.echo(f"warning: {check_report.one_line(warning)}", err=True)

    if write_baseline is not None:
        output.write_file(write_baseline, check.baseline_json(result))
        if not quiet:
            recorded = len(result.violations) + sum(1 for v in result.known if not v.allowed_by_settings)
            dropped = f", dropped {len(result.resolved)} resolved" if result.resolved else ""
            click.echo(f"recorded {recorded} violations in {write_baseline}{dropped}", err=json_output)
        return
    if junit_file is not None:
        output.write_file(junit_file, check_report.junit_xml(result))
    if os.environ.get("GITHUB_ACTIONS") == "true":
        annotations = check_report.github_annotations(result, corpus_prefix=_repository_prefix(corpus))
        if annotations:
            # The runner reads workflow commands on both streams; stdout stays pure JSON with --format json.
            click.echo(annotations, err=json_output)
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            try:
                with open(summary_path, "a", encoding="utf-8") as stream:
                    stream.write(check_report.summary_markdown(result) + "\n")
            except OSError as error:
                click.echo(f"warning: cannot append to {summary_path} ({error.strerror or error})", err=True)
    if json_output:
        click.echo(check_report.result_json(result), nl=False)
    elif not quiet or result.failed:
        click.echo(check_report.summary_text(result))
    if result.failed:
        raise SystemExit(RULE_BROKEN)


def _repository_prefix(corpus: Path) -> str:
    """Annotations name files relative to the repository (the working folder on a runner)."""
    root = corpus.resolve()
    prefix = (root.relative_to(Path.cwd()) if root.is_relative_to(Path.cwd()) else root).as_posix() + "/"
    return "" if prefix == "./" else prefix


if __name__ == "__main__":
    main()
