"""The planted corpora with the real model: alignment is no longer predictable, so this is the check
that the planted divergences are found, and nothing on the clean twins, outside the fake embedder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from compare import cli
from tests.test_check_planted import CORPORA, build

pytestmark = pytest.mark.model


@pytest.mark.parametrize("name", sorted(CORPORA))
def test_planted_divergences_with_the_real_model(runner: CliRunner, tmp_path: Path, name: str) -> None:
    files, plants, _ = CORPORA[name]
    cache = ["--cache-dir", str(tmp_path / "cache"), "--quiet", "--format", "json"]
    clean = runner.invoke(cli.main, ["check", str(build(tmp_path / "clean", files, [])), *cache])
    assert clean.exit_code == 0, clean.output
    planted = runner.invoke(cli.main, ["check", str(build(tmp_path / "planted", files, plants)), *cache])
    assert planted.exit_code == 1, planted.output
    found = {(v["rule"], v["path"]) for v in json.loads(planted.stdout)["violations"]}
    assert found == {(p.rule, p.path) for p in plants}
