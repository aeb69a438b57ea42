"""The command line: exit codes, one-line errors naming the file, help with examples, no half-written reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from compare import cli
from tests.conftest import FakeEmbedder, write
from tests.golden import MINI


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "make_embedder", lambda **_: FakeEmbedder())


def _run(runner: CliRunner, *args: Any) -> Any:
    return runner.invoke(cli.main, [str(a) for a in args], catch_exceptions=False)


def test_run_writes_reports(runner: CliRunner, tmp_path: Path) -> None:
    result = _run(runner, "run", MINI, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "5 documents, 2 events" in result.output
    assert (tmp_path / "out" / "index.md").exists()
    data = json.loads((tmp_path / "out" / "comparison.json").read_text())
    assert data["schema_version"] == 1


def test_quiet_prints_nothing(runner: CliRunner, tmp_path: Path) -> None:
    result = _run(runner, "run", MINI, "-o", tmp_path / "out", "--quiet")
    assert result.exit_code == 0
    assert result.output == ""


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda p: None, "no such folder"),
        (lambda p: p.mkdir(), "no documents found"),
        (lambda p: write(p / "empty.md", ""), "no readable documents"),
        (lambda p: write(p / "bad.md", "---\nkind: [\n---\ntext\n"), "bad.md: malformed YAML front matter"),
        (lambda p: write(p / "bin.txt", b"\x00\x01\x02binary"), "bin.txt: looks like a binary file"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_no_reports(
    runner: CliRunner, tmp_path: Path, setup: Any, message: str
) -> None:
    corpus = tmp_path / "corpus"
    setup(corpus)
    result = runner.invoke(cli.main, ["run", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert message in lines[0]
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()


def test_a_bad_file_leaves_previous_reports_untouched(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    out = tmp_path / "out"
    assert _run(runner, "run", corpus, "-o", out).exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    write(corpus / "broken.md", "---\ndate: someday\n---\nThe minister met the envoy.\n")
    result = runner.invoke(cli.main, ["run", str(corpus), "-o", str(out)])
    assert result.exit_code == 2
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_output_folder_that_cannot_be_created(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "blocker", "a file")
    result = runner.invoke(cli.main, ["run", str(MINI), "-o", str(tmp_path / "blocker" / "out")])
    assert result.exit_code == 2
    assert "cannot create the report folder" in result.output


def test_every_command_has_help_with_an_example(runner: CliRunner) -> None:
    group = cli.main
    assert isinstance(group, click.Group)
    for name, command in group.commands.items():
        result = _run(runner, name, "--help")
        assert result.exit_code == 0
        assert command.help, f"{name} has no help"
        assert "Example" in result.output, f"{name} --help has no example"
        assert f"compare {name}" in result.output


def test_calibrate_and_use_the_calibration(runner: CliRunner, tmp_path: Path) -> None:
    pairs = write(
        tmp_path / "pairs.tsv",
        "label\tsentence_1\tsentence_2\n"
        + "".join(
            f"1\tThe minister met envoy number {i} today.\tEnvoy number {i} met the minister today.\n"
            f"0\tThe minister met envoy number {i} today.\tThe harbour reopened after storm {i}.\n"
            for i in range(12)
        ),
    )
    result = _run(runner, "calibrate", pairs, "-o", tmp_path / "cal.json", "--evaluate", pairs)
    assert result.exit_code == 0, result.output
    assert "held-out pairs" in result.output
    result = _run(runner, "run", MINI, "-o", tmp_path / "out", "--calibration", tmp_path / "cal.json", "-q")
    assert result.exit_code == 0, result.output


def test_calibrate_rejects_a_malformed_pairs_file(runner: CliRunner, tmp_path: Path) -> None:
    pairs = write(tmp_path / "pairs.tsv", "label\tsentence_1\tsentence_2\nyes\ta\tb\n")
    result = runner.invoke(cli.main, ["calibrate", str(pairs)])
    assert result.exit_code == 2
    assert f"{pairs}:2: label must be 0 or 1" in result.output


def test_run_rejects_a_malformed_calibration(runner: CliRunner, tmp_path: Path) -> None:
    write(tmp_path / "cal.json", "{not json")
    result = runner.invoke(cli.main, ["run", str(MINI), "--calibration", str(tmp_path / "cal.json")])
    assert result.exit_code == 2
    assert "not a calibration file" in result.output


def test_eval_prints_both_baselines(runner: CliRunner, tmp_path: Path) -> None:
    gold = tmp_path / "gold"
    write(
        gold / "e.json",
        json.dumps(
            {
                "event": "call",
                "documents": ["readouts/ministry-a", "news/daily-post-2024-03-06"],
                "claims": [
                    {
                        "id": "thanks",
                        "members": {
                            "readouts/ministry-a": ["Minister Alder expressed appreciation"],
                            "news/daily-post-2024-03-06": ['Alder "expressed appreciation"'],
                        },
                    }
                ],
            }
        ),
    )
    result = _run(runner, "eval", MINI, gold)
    assert result.exit_code == 0, result.output
    assert "cosine threshold, transitive" in result.output
    assert "tf-idf cosine, transitive" in result.output
    data = json.loads(_run(runner, "eval", MINI, gold, "--json").output)
    assert set(data["overall"]) >= {"compare", "cosine threshold, transitive", "tf-idf cosine, transitive"}


def test_eval_with_a_gold_prefix_that_matches_nothing(runner: CliRunner, tmp_path: Path) -> None:
    write(
        tmp_path / "gold" / "e.json",
        json.dumps(
            {
                "documents": ["readouts/ministry-a"],
                "claims": [{"id": "x", "members": {"readouts/ministry-a": ["No such sentence anywhere"]}}],
            }
        ),
    )
    # A fragment cut off mid-sentence, or a line set aside as chrome: reported and skipped.
    result = runner.invoke(cli.main, ["eval", str(MINI), str(tmp_path / "gold")])
    assert result.exit_code == 0
    assert "no sentence of readouts/ministry-a matches the gold prefix 'No such sentence anywhere'; skipped" in (
        result.output
    )
