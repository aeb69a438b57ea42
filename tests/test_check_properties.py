"""The exit-code contract of `compare check` holds for every input: 0 no rule broken, 1 a rule broken,
2 usage or input error, and never a traceback. Random corpora, settings files, baselines and options.

Each example breaks at most one of the four inputs (corpus, settings, baseline, options), so that
most examples get as far as the rules and some break them.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from compare import cli
from compare.model import Kind, Rule
from tests.conftest import FakeEmbedder, write

OUTLETS = ["Daily Post", "Evening Star", "Ministry", "Herald"]
WRONG_OUTLETS = ["Nope", "voice of america", ""]
EVENTS = ["alder-birch-call", "port"]
WRONG_EVENTS = ["no-such-event", "Bad Slug/../"]
RULES = [r.value for r in Rule]
WRONG_RULES = ["number", "Actors"]
SENTENCES = [
    "Minister Rowan Alder spoke by phone with General Ivo Birch on Wednesday.",
    "Minister Rowan Alder spoke by phone with General Ivo Birch on Monday.",
    "The minister and the general agreed to withdraw 1,200 troops from the valley.",
    "The minister and the general agreed to withdraw 3,000 troops from the valley, the ministry said.",
    "According to officials, the railway will reopen on 14 March.",
    "The railway will reopen on 21 March.",
    "General Birch expressed concern about the border crossings.",
    "Minister Alder expressed concern about the border crossings.",
    "::error file=x::forged %0A ##[warning]x \x1b[31m and more words",
]


def _front(*, wrong: bool) -> st.SearchStrategy[dict[str, str]]:
    dates = ["2024-03-06", "2024-03", "2024", "2024-03-07"]
    return st.fixed_dictionaries(
        {
            "date": st.sampled_from(dates + (["", "2024-02-30", "yesterday"] if wrong else [])),
            "kind": st.sampled_from(["news", "news", "readout"] + (["opinion"] if wrong else [])),
            "event": st.sampled_from(EVENTS[:1] * 4 + EVENTS[1:] + (WRONG_EVENTS if wrong else [])),
        },
        optional={
            "issuer": st.sampled_from(["Ministry", "Army"]),
            "knd": st.just("readout"),
            "aliases": st.sampled_from(["[defence ministry]"] + (["{a: 1}"] if wrong else [])),
        },
    )


def _corpus(*, wrong: bool) -> st.SearchStrategy[list[tuple[dict[str, str], list[str]]]]:
    document = st.tuples(_front(wrong=wrong), st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=5))
    return st.lists(document, min_size=2, max_size=4)


def _config(*, wrong: bool) -> st.SearchStrategy[Any]:
    rules = st.sampled_from(RULES + (WRONG_RULES if wrong else []))
    names = st.sampled_from(OUTLETS + EVENTS + (WRONG_OUTLETS + WRONG_EVENTS if wrong else []))
    narrowing = ["event", "outlet", "claim"] + (["rule", "reason", "outlett"] if wrong else [])
    allow = st.fixed_dictionaries(
        {"rule": rules, "reason": st.just("accepted")} if not wrong else {},
        optional={key: st.one_of(rules, names, st.just("withdraw troops")) for key in narrowing},
    )
    number = st.one_of(st.integers(-2, 5), st.floats(-1, 2, allow_nan=False), st.booleans()) if wrong else None
    settings = st.fixed_dictionaries(
        {},
        optional={
            "min_coverage": st.floats(0, 1) if number is None else number,
            "min_outlets": st.integers(0, 3) if number is None else number,
            "require_outlets": st.lists(names, max_size=2),
            "rules": st.lists(rules, min_size=1, max_size=3),
            "events": st.lists(st.sampled_from(EVENTS + (WRONG_EVENTS if wrong else [])), max_size=1),
            "outlets": st.lists(names, max_size=2),
            "kinds": st.lists(st.sampled_from([k.value for k in Kind] + (["opinion"] if wrong else [])), max_size=2),
            "allow": st.lists(allow, max_size=3),
            **({"colour": st.just("red")} if wrong else {}),
        },
    )
    if wrong:
        return st.one_of(settings, st.just("not = [valid toml"))
    return st.one_of(st.none(), settings)


def _baseline(*, wrong: bool) -> st.SearchStrategy[str | None]:
    entry = st.fixed_dictionaries(
        {
            "id": st.sampled_from(["numbers-0123456789", "x"]),
            "rule": st.sampled_from(RULES + (WRONG_RULES if wrong else [])),
            "event": st.sampled_from(EVENTS + WRONG_EVENTS),
            "source": st.sampled_from(["news/d0", "news/d1", "gone"]),
        },
        optional={"signature": st.lists(st.sampled_from(["withdraw", "troop"])), "reason": st.just("ok")},
    )
    valid = st.builds(lambda entries: json.dumps({"version": 2, "violations": entries}), st.lists(entry, max_size=3))
    if not wrong:
        return st.one_of(st.none(), valid)
    return st.one_of(valid, st.just("{not json"), st.just('{"version": 1, "violations": []}'), st.just("[]"))


def _options(*, wrong: bool) -> st.SearchStrategy[list[tuple[str, str]]]:
    option = st.one_of(
        st.tuples(st.just("--format"), st.sampled_from(["json", "text"])),
        st.tuples(st.just("--only"), st.sampled_from(RULES)),
        st.tuples(st.just("--skip"), st.sampled_from(RULES)),
        st.tuples(st.just("--outlet"), st.sampled_from(OUTLETS + (WRONG_OUTLETS if wrong else []))),
        st.tuples(st.just("--require-outlet"), st.sampled_from(OUTLETS + (WRONG_OUTLETS if wrong else []))),
        st.tuples(st.just("--event"), st.sampled_from(EVENTS + (WRONG_EVENTS if wrong else []))),
        st.tuples(st.just("--kind"), st.sampled_from(["news", "readout"])),
        st.tuples(st.just("--min-outlets"), st.sampled_from(["0", "2"] + (["-1"] if wrong else []))),
        st.tuples(st.just("--min-coverage"), st.sampled_from(["0.9"] + (["2"] if wrong else []))),
        st.tuples(st.just("--baseline-missing"), st.sampled_from(["empty", "error"])),
    )
    return st.lists(option, max_size=3)


@st.composite
def inputs(draw: st.DrawFn) -> dict[str, Any]:
    broken = draw(st.sampled_from([None, None, None, "corpus", "config", "baseline", "options"]))
    event(f"broken: {broken}")
    return {
        "corpus": draw(_corpus(wrong=broken == "corpus")),
        "config": draw(_config(wrong=broken == "config")),
        "baseline": draw(_baseline(wrong=broken == "baseline")),
        "options": draw(_options(wrong=broken == "options")),
        "write_baseline": draw(st.booleans()),
        "pdf": draw(st.booleans()),
    }


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)
    return "[" + ", ".join(_toml(v) for v in value) + "]"


def _config_text(config: dict[str, Any]) -> str:
    lines = [f"{key} = {_toml(value)}" for key, value in config.items() if key != "allow"]
    for entry in config.get("allow", []):
        lines += ["", "[[allow]]", *(f"{key} = {_toml(value)}" for key, value in entry.items())]
    return "\n".join(lines) + "\n"


def _document(outlet: str, front: dict[str, str], sentences: list[str]) -> str:
    meta = "".join(f"{key}: {value}\n" for key, value in {"outlet": outlet, **front}.items())
    return f"---\n{meta}---\n" + "\n\n".join(sentences) + "\n"


@pytest.fixture(autouse=True)
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "make_embedder", lambda **_: FakeEmbedder())


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(given_inputs=inputs())
def test_the_exit_code_contract_holds_for_every_input(given_inputs: dict[str, Any]) -> None:
    config, baseline, options = given_inputs["config"], given_inputs["baseline"], given_inputs["options"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for number, (front, sentences) in enumerate(given_inputs["corpus"]):
            text = _document(OUTLETS[number % len(OUTLETS)], front, sentences)
            write(root / "corpus" / "news" / f"d{number}.md", text)
        if given_inputs["pdf"]:
            write(root / "corpus" / "scan.pdf", b"%PDF-1.4\x00")
        args = ["check", str(root / "corpus"), "--junit", str(root / "junit.xml")]
        if config is not None:
            text = config if isinstance(config, str) else _config_text(config)
            args += ["--config", str(write(root / "compare.toml", text))]
        if baseline is not None:
            write(root / "baseline.json", baseline)
            args += ["--baseline", str(root / "baseline.json")]
        if given_inputs["write_baseline"]:
            args += ["--write-baseline", str(root / "baseline.json")]
        for option in options:
            args += list(option)
        env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(root / "summary.md")}
        result = CliRunner().invoke(cli.main, args, env=env)
        event(f"exit {result.exit_code}" + (result.output.split(":")[-1][:50] if result.exit_code == 2 else ""))
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "Traceback" not in result.output
        formats = [value for option, value in options if option == "--format"]
        if result.exit_code in (0, 1) and formats[-1:] == ["json"] and not given_inputs["write_baseline"]:
            json.loads(result.stdout)  # stdout holds only JSON
