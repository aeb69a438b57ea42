"""`compare check`: each rule, baselines, exit codes, JUnit and GitHub Actions output."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

from compare import cli
from compare.model import Rule
from tests.conftest import FakeEmbedder, write

READOUT = """---
outlet: Ministry
issuer: Ministry
title: Readout of the minister's call with the general
date: 2024-03-06
kind: readout
aliases: [defence ministry]
---
Minister Rowan Alder spoke by phone with General Ivo Birch on Wednesday about the northern border.

The minister and the general agreed to withdraw 1,200 troops from the northern valley next month.

The minister thanked the general for his support for the ceasefire talks in the valley.
"""
# The outlets word their first sentence a little differently: a word-for-word copy of the readout
# would be a reprint, one origin with it (compare/origins.py), and agree with nothing.
POST = """---
outlet: Daily Post
title: Minister and general agree valley withdrawal
date: 2024-03-06
---
Minister Rowan Alder spoke on the phone with General Ivo Birch on Wednesday about the northern border.

The minister and the general agreed to withdraw 1,200 troops from the northern valley next month.

The minister thanked the general for his support for the ceasefire talks in the valley.
"""
STAR = """---
outlet: Evening Star
title: Valley withdrawal agreed in call
date: 2024-03-06
---
Minister Rowan Alder spoke by phone to General Ivo Birch on Wednesday about the northern border.

The minister and the general agreed to withdraw 1,200 troops from the northern valley next month.

The minister thanked the general for his support for the ceasefire talks in the valley.
"""


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "make_embedder", lambda **_: FakeEmbedder())


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    write(root / "readouts" / "ministry.md", READOUT)
    write(root / "post.md", POST)
    write(root / "star.md", STAR)
    return root


def _check(runner: CliRunner, corpus: Path, *args: Any, env: dict[str, str] | None = None) -> Any:
    return runner.invoke(cli.main, ["check", str(corpus), *map(str, args)], env=env, catch_exceptions=False)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_corpus_that_passes(runner: CliRunner, corpus: Path) -> None:
    result = _check(runner, corpus)
    assert result.exit_code == 0, result.output
    assert "compare check passed: 0 new violations" in result.output


def test_coverage_below_the_floor(runner: CliRunner, corpus: Path) -> None:
    star = corpus / "star.md"
    _edit(
        star, "The minister and the general agreed to withdraw 1,200 troops from the northern valley next month.\n", ""
    )
    _edit(star, "The minister thanked the general for his support for the ceasefire talks in the valley.\n", "")
    result = _check(runner, corpus, "--only", "coverage")
    assert result.exit_code == 1
    assert "FAIL coverage" in result.output and "Evening Star carries 33%" in result.output
    assert _check(runner, corpus, "--only", "coverage", "--min-coverage", "0.3").exit_code == 0


def test_readout_claim_carried_by_no_outlet(runner: CliRunner, corpus: Path) -> None:
    _edit(
        corpus / "readouts" / "ministry.md",
        "in the valley.\n",
        "in the valley.\n\nBoth sides pledged to reopen the mountain railway to freight before winter.\n",
    )
    result = _check(runner, corpus, "--only", "readout-omissions")
    assert result.exit_code == 1
    assert "mountain railway" in result.output
    assert "(readouts/ministry.md:15)" in result.output


def test_readout_claim_left_out_by_a_required_outlet(runner: CliRunner, corpus: Path) -> None:
    _edit(
        corpus / "star.md",
        "The minister thanked the general for his support for the ceasefire talks in the valley.\n",
        "",
    )
    assert _check(runner, corpus, "--only", "readout-omissions").exit_code == 0
    result = _check(runner, corpus, "--only", "readout-omissions", "--require-outlet", "Evening Star")
    assert result.exit_code == 1
    assert "Evening Star leaves out a Ministry (readout) claim" in result.output


def test_numbers_that_disagree(runner: CliRunner, corpus: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    result = _check(runner, corpus, "--only", "numbers")
    assert result.exit_code == 1
    assert "numbers disagree" in result.output


def test_dates_that_disagree(runner: CliRunner, corpus: Path) -> None:
    _edit(corpus / "star.md", "General Ivo Birch on Wednesday", "General Ivo Birch on Monday")
    result = _check(runner, corpus, "--only", "dates")
    assert result.exit_code == 1
    assert "FAIL dates" in result.output


def test_stated_as_fact_what_the_readout_states_is_no_violation(runner: CliRunner, corpus: Path) -> None:
    # Readouts are the primary sources: an outlet stating as fact what the readout says is not wrong.
    _edit(corpus / "post.md", "next month.\n", "next month, the defence ministry said.\n")
    result = _check(runner, corpus, "--only", "attribution")
    assert result.exit_code == 0, result.output


def test_stated_as_fact_where_most_sources_attribute_it(runner: CliRunner, corpus: Path) -> None:
    claim = "Officials expect the valley road to reopen to traffic within a fortnight of the withdrawal."
    write(corpus / "courier.md", STAR.replace("Evening Star", "Valley Courier"))
    for name, ending in (
        ("post.md", ", officials said."),
        ("courier.md", ", according to officials."),
        ("star.md", "."),
    ):
        _edit(corpus / name, "in the valley.\n", f"in the valley.\n\n{claim[:-1]}{ending}\n")
    result = _check(runner, corpus, "--only", "attribution")
    assert result.exit_code == 1, result.output
    failures = [line for line in result.output.splitlines() if line.startswith("FAIL")]
    assert len(failures) == 1
    assert "Evening Star states as fact “Officials expect the valley road" in failures[0]
    assert failures[0].endswith("which Valley Courier, Daily Post attribute to “unnamed sources” (star.md:12)")


def test_selection_by_outlet_and_rule(runner: CliRunner, corpus: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    assert _check(runner, corpus, "--skip", "numbers").exit_code == 0
    # The violation is about the source that departs from the readout, not every source of the claim.
    assert _check(runner, corpus, "--outlet", "Daily Post").exit_code == 0
    assert _check(runner, corpus, "--outlet", "Evening Star").exit_code == 1


def test_baseline_round_trip(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    assert _check(runner, corpus).exit_code == 1
    assert _check(runner, corpus, "--write-baseline", baseline).exit_code == 0
    recorded = json.loads(baseline.read_text())
    assert recorded["violations"] and all(v["id"].startswith(v["rule"]) for v in recorded["violations"])
    assert _check(runner, corpus, "--baseline", baseline).exit_code == 0
    # A light rewording of the sentence keeps the known divergence known.
    _edit(
        corpus / "star.md",
        "The minister and the general agreed to withdraw 3,000 troops",
        "The minister and the general have agreed to withdraw 3,000 troops",
    )
    assert _check(runner, corpus, "--baseline", baseline).exit_code == 0
    # A new divergence fails.
    _edit(corpus / "star.md", "General Ivo Birch on Wednesday", "General Ivo Birch on Monday")
    result = _check(runner, corpus, "--baseline", baseline)
    assert result.exit_code == 1
    assert "FAIL dates" in result.output and "FAIL numbers" not in result.output


def test_allow_list_entry_with_a_reason(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    config = write(
        tmp_path / "compare.toml",
        '[[allow]]\nrule = "numbers"\noutlet = "Evening Star"\nreason = "corrected in print"\n',
    )
    result = _check(runner, corpus, "--config", config, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["known"][0]["allowed_because"] == "corrected in print"


def test_settings_from_pyproject(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    star = corpus / "star.md"
    _edit(star, "The minister thanked the general for his support for the ceasefire talks in the valley.\n", "")
    config = write(tmp_path / "pyproject.toml", "[tool.compare]\nmin_coverage = 0.9\nrules = ['coverage']\n")
    assert _check(runner, corpus, "--config", config).exit_code == 1
    assert _check(runner, corpus, "--config", config, "--min-coverage", "0.5").exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("min_coverage = 2\n", "min_coverage must be between 0 and 1"),
        ("min_confidence = -0.1\n", "min_confidence must be between 0 and 1"),
        ("colour = 'red'\n", "unknown setting"),
        ("min_coverage = [\n", "not valid TOML"),
    ],
)
def test_bad_config_is_exit_2(runner: CliRunner, corpus: Path, tmp_path: Path, content: str, message: str) -> None:
    config = write(tmp_path / "compare.toml", content)
    result = runner.invoke(cli.main, ["check", str(corpus), "--config", str(config)])
    assert result.exit_code == 2
    assert message in result.output


def test_bad_input_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli.main, ["check", str(tmp_path / "missing")])
    assert result.exit_code == 2
    assert "no such folder" in result.output
    result = runner.invoke(cli.main, ["check", str(tmp_path), "--only", "nonsense"])
    assert result.exit_code == 2


def test_unknown_event_is_exit_2(runner: CliRunner, corpus: Path) -> None:
    result = runner.invoke(cli.main, ["check", str(corpus), "--event", "no-such-event"])
    assert result.exit_code == 2
    assert "no event 'no-such-event' in the corpus" in result.output
    assert "known events: 2024-03-06-readout-of-the-minister-s-call-with-the\n" in result.output


def test_bad_baseline_is_exit_2(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    write(tmp_path / "b.json", '{"violations": [{"rule": "nonsense"}]}')
    result = runner.invoke(cli.main, ["check", str(corpus), "--baseline", str(tmp_path / "b.json")])
    assert result.exit_code == 2
    assert "not a compare baseline file" in result.output


def test_junit_report_parses_with_one_case_per_rule_and_event(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    junit = tmp_path / "junit.xml"
    assert _check(runner, corpus, "--junit", junit).exit_code == 1
    suite = ElementTree.parse(junit).getroot()
    cases = suite.findall("testcase")
    assert len(cases) == len(Rule) == int(suite.get("tests", "0"))
    failed = [c for c in cases if c.find("failure") is not None]
    assert [c.get("classname") for c in failed] == ["compare.numbers"]
    assert suite.get("failures") == "1"


def test_github_actions_annotations_and_step_summary(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)}
    result = _check(runner, corpus, env=env)
    assert result.exit_code == 1
    annotations = [line for line in result.output.splitlines() if line.startswith("::")]
    assert annotations
    command, _, message = annotations[-1][2:].partition("::")
    name, _, properties = command.partition(" ")
    assert name == "error"
    fields = dict(p.split("=", 1) for p in properties.split(","))
    assert fields["file"] == f"{corpus.resolve().as_posix()}/star.md"
    assert fields["line"].isdigit()
    assert "numbers disagree" in message
    assert "### compare check ❌ failed" in summary.read_text()


def test_article_text_cannot_become_a_workflow_command(runner: CliRunner, corpus: Path) -> None:
    _edit(
        corpus / "readouts" / "ministry.md",
        "in the valley.\n",
        "in the valley.\n\nThe statement read ::set-output name=x::pwned and\n::error file=a::forged line.\n",
    )
    result = _check(runner, corpus, "--only", "readout-omissions", env={"GITHUB_ACTIONS": "true"})
    assert result.exit_code == 1
    for line in result.output.splitlines():
        if line.startswith("::"):
            assert line.startswith("::error file=")
            assert "::" not in line.split("::", 2)[2], "the message part must hold no further '::'"
        else:
            assert "::set-output" not in line and not line.startswith("::")


def test_dates_known_to_the_month_or_year_beside_full_dates(runner: CliRunner, corpus: Path) -> None:
    # A PartialDate ordering crash used to exit 1, the code that means "a rule is broken".
    _edit(corpus / "post.md", "date: 2024-03-06", "date: 2024-03")
    _edit(corpus / "star.md", "date: 2024-03-06", "date: 2024")
    result = _check(runner, corpus)
    assert result.exit_code == 0, result.output


def test_a_bug_is_exit_3_with_one_line_not_a_broken_rule(
    runner: CliRunner, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise TypeError("'<' not supported between instances of 'NoneType' and 'int'")

    monkeypatch.setattr(cli.check, "check", broken)
    result = runner.invoke(cli.main, ["check", str(corpus)])
    assert result.exit_code == 3
    assert "internal error (TypeError" in result.output and "not a broken rule" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "config", "message"),
    [
        (["--outlet", "Nope"], None, "no outlet 'Nope' in the corpus (outlets / --outlet); known outlets: Daily Post"),
        (["--require-outlet", "Voice of America"], None, "no outlet 'Voice of America'"),
        ([], 'require_outlets = ["Voice of America"]\n', "no outlet 'Voice of America' in the corpus (require_outlets"),
        ([], '[[allow]]\nrule = "numbers"\noutlet = "Evening Stra"\nreason = "x"\n', "did you mean 'Evening Star'?"),
        ([], '[[allow]]\nrule = "numbers"\noutlett = "Evening Star"\nreason = "x"\n', "unknown key 'outlett'"),
        ([], '[[allow]]\nrule = "number"\nreason = "x"\n', "unknown rule 'number'; did you mean 'numbers'?"),
        ([], 'rules = ["coverage", "actor"]\n', "unknown rule 'actor'; did you mean 'actors'?"),
        ([], "min_outlet = 2\n", "unknown setting 'min_outlet' in the file; did you mean 'min_outlets'?"),
    ],
)
def test_a_name_that_matches_nothing_is_exit_2(
    runner: CliRunner, corpus: Path, tmp_path: Path, args: list[str], config: str | None, message: str
) -> None:
    extra = ["--config", str(write(tmp_path / "compare.toml", config))] if config else []
    result = runner.invoke(cli.main, ["check", str(corpus), *args, *extra])
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_allow_entries_in_pyproject(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    allow = 'rule = "numbers"\noutlet = "Evening Star"\nreason = "corrected in print"\n'
    # README's [[allow]] pasted under [tool.compare] lands at the top level of the TOML file.
    pasted = write(tmp_path / "a" / "pyproject.toml", f"[tool.compare]\nmin_coverage = 0.5\n\n[[allow]]\n{allow}")
    result = runner.invoke(cli.main, ["check", str(corpus), "--config", str(pasted)])
    assert result.exit_code == 2
    assert "[[allow]] is outside [tool.compare]" in result.output and "[[tool.compare.allow]]" in result.output
    right = write(
        tmp_path / "b" / "pyproject.toml", f"[tool.compare]\nmin_coverage = 0.5\n\n[[tool.compare.allow]]\n{allow}"
    )
    assert _check(runner, corpus, "--config", right).exit_code == 0


def test_typos_in_the_corpus_are_reported(runner: CliRunner, corpus: Path) -> None:
    _edit(corpus / "readouts" / "ministry.md", "kind: readout", "knd: readout")
    _edit(corpus / "post.md", "outlet: Daily Post", "outlet: Daily Post\nauthor: Staff Reporter")
    write(corpus / "news" / "scan.pdf", b"%PDF-1.4")
    write(corpus / "news" / "draft.docx", b"PK")
    result = _check(runner, corpus)
    assert "readouts/ministry.md: unknown front matter key 'knd' is ignored; did you mean 'kind'?" in result.output
    assert "author" not in result.output, "a key far from every known one is the corpus's own metadata"
    assert "SKIPPED 2 file(s) compare cannot read (it reads .md, .txt, .html): news/draft.docx, news/scan.pdf" in (
        result.output
    )


def test_first_run_without_a_baseline(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    baseline, junit = tmp_path / "compare-baseline.json", tmp_path / "junit.xml"
    result = runner.invoke(cli.main, ["check", str(corpus), "--baseline", str(baseline), "--junit", str(junit)])
    assert result.exit_code == 2 and "no such baseline" in result.output and "--baseline-missing=empty" in result.output
    result = _check(runner, corpus, "--baseline", baseline, "--baseline-missing=empty", "--junit", junit)
    assert result.exit_code == 1 and "every violation counts as new" in result.output
    assert ElementTree.parse(junit).getroot().get("failures") == "1"


def test_re_recording_the_baseline_keeps_reasons(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    baseline = tmp_path / "baseline.json"
    assert _check(runner, corpus, "--write-baseline", baseline).exit_code == 0
    data = json.loads(baseline.read_text())
    data["violations"][0]["reason"] = "corrected in print on 7 March"
    baseline.write_text(json.dumps(data))
    _edit(corpus / "star.md", "General Ivo Birch on Wednesday", "General Ivo Birch on Monday")
    assert _check(runner, corpus, "--write-baseline", baseline).exit_code == 0
    reasons = {v["rule"]: v.get("reason") for v in json.loads(baseline.read_text())["violations"]}
    assert reasons == {"numbers": "corrected in print on 7 March", "dates": None}


def test_json_output_on_github_actions_is_only_json(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    result = _check(runner, corpus, "--format", "json", env=env)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [v["outlet"] for v in data["violations"]] == ["Evening Star"]
    assert result.stderr.startswith("::error file=")


def test_a_violation_in_an_html_source_has_a_line(runner: CliRunner, corpus: Path) -> None:
    (corpus / "star.md").unlink()
    page = (
        "<!DOCTYPE html>\n<html><head><title>Valley withdrawal agreed in call</title>\n"
        '<meta property="og:site_name" content="Evening Star">\n</head>\n<body>\n<article>\n'
        "<h1>Valley withdrawal agreed in call</h1>\n"
        "<p>Minister Rowan Alder spoke by phone with General Ivo Birch on Wednesday about the northern border.</p>\n"
        "<p>The minister and the general agreed to withdraw 3,000 troops\nfrom the northern valley next month.</p>\n"
        "<p>The minister thanked the general for his support for the ceasefire talks in the valley.</p>\n"
        "</article>\n</body></html>\n"
    )
    write(corpus / "star.html", page)
    result = _check(runner, corpus, "--only", "numbers", "--format", "json")
    assert result.exit_code == 1, result.output
    [violation] = json.loads(result.stdout)["violations"]
    assert (violation["path"], violation["line"]) == ("star.html", 9)


def test_recording_a_first_baseline_with_both_options(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    baseline = tmp_path / "baseline.json"
    result = _check(runner, corpus, "--baseline", baseline, "--write-baseline", baseline)
    assert result.exit_code == 0, result.output
    assert _check(runner, corpus, "--baseline", baseline).exit_code == 0


def test_an_allow_entry_that_matches_nothing_is_reported(runner: CliRunner, corpus: Path, tmp_path: Path) -> None:
    _edit(corpus / "star.md", "withdraw 1,200 troops", "withdraw 3,000 troops")
    config = write(
        tmp_path / "compare.toml",
        '[[allow]]\nrule = "numbers"\noutlet = "Daily Post"\nreason = "the post rounds numbers"\n',
    )
    result = _check(runner, corpus, "--config", config)
    assert result.exit_code == 1, "allowing the outlet that got the number right hides nothing"
    assert "STALE allow entry 1 (rule numbers, outlet 'Daily Post') matches no violation; remove it" in result.output
