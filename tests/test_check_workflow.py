"""The CI workflows in the README work when pasted into a repository that holds only a corpus folder:
their YAML parses, their setup avoids the known traps, and their `compare check` command runs."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
import yaml
from click.testing import CliRunner

from compare import cli
from tests.conftest import ROOT, FakeEmbedder
from tests.test_check_planted import CORPUS_CALL, PLANTS_CALL, build


def _workflows() -> tuple[dict[str, Any], dict[str, Any]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documents = [yaml.safe_load(block.split("```")[0]) for block in readme.split("```yaml")[1:]]
    github = next(d for d in documents if "jobs" in d)
    gitlab = next(d for d in documents if "jobs" not in d)
    return github, gitlab


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "make_embedder", lambda **_: FakeEmbedder())


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    build(tmp_path / "corpus", CORPUS_CALL, [])
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _run(runner: CliRunner, command: str, env: dict[str, str]) -> Any:
    args = shlex.split(command)
    assert args[:2] == ["compare", "check"], command
    return runner.invoke(cli.main, args[1:], env=env, catch_exceptions=False)


def test_the_github_workflow_avoids_the_known_traps() -> None:
    github, _ = _workflows()
    steps = github["jobs"]["check"]["steps"]
    setup = next(s for s in steps if s.get("uses", "").startswith("actions/setup-python"))
    assert "cache" not in setup.get("with", {}), "cache: pip fails without a requirements file"
    install = next(s["run"] for s in steps if "pip install" in s.get("run", ""))
    assert "pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu" in install
    assert 'pip install "compare @ git+https://github.com/OWNER/compare"' in install  # PyPI's compare is another
    restore = next(s for s in steps if s.get("uses", "").startswith("actions/cache/restore"))
    save = next(s for s in steps if s.get("uses", "").startswith("actions/cache/save"))
    assert save["if"].startswith("always()"), "the embeddings are saved when the check fails too"
    assert save["with"]["key"] == restore["with"]["key"] and save["with"]["path"] == restore["with"]["path"]
    assert steps.index(restore) < steps.index(next(s for s in steps if "compare check" in s.get("run", "")))
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and upload["with"]["path"] == "compare-junit.xml"


def test_the_github_check_step_runs_on_a_corpus_only_repository(runner: CliRunner, repository: Path) -> None:
    github, _ = _workflows()
    command = next(s["run"] for s in github["jobs"]["check"]["steps"] if "compare check" in s.get("run", ""))
    summary = repository / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    # First run: no baseline committed yet.
    result = _run(runner, command, env)
    assert result.exit_code == 0, result.output
    assert ElementTree.parse(repository / "compare-junit.xml").getroot().get("failures") == "0"
    assert "compare check ✅ passed" in summary.read_text(encoding="utf-8")
    # A planted divergence fails the step, annotated on the repository path of the source.
    build(repository / "corpus", CORPUS_CALL, PLANTS_CALL[:1])
    result = _run(runner, command, env)
    assert result.exit_code == 1, result.output
    assert f"::error file=corpus/{PLANTS_CALL[0].path},line=" in result.output
    assert ElementTree.parse(repository / "compare-junit.xml").getroot().get("failures") == "1"


def test_the_gitlab_job_runs_on_a_corpus_only_repository(runner: CliRunner, repository: Path) -> None:
    _, gitlab = _workflows()
    [job] = [j for j in gitlab.values() if isinstance(j, dict) and "script" in j]
    assert job["cache"]["when"] == "always", "the embeddings are kept when the check fails too"
    assert job["artifacts"]["when"] == "always"
    assert any('pip install "compare @ git+https://github.com/OWNER/compare"' in line for line in job["script"])
    command = next(line for line in job["script"] if line.startswith("compare check"))
    assert f"--junit {job['artifacts']['reports']['junit']}" in command
    result = _run(runner, command, {})
    assert result.exit_code == 0, result.output
    assert (repository / job["artifacts"]["reports"]["junit"]).is_file()
