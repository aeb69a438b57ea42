"""Destination escapers: whatever the text, it stays text in a terminal, a CI log, Markdown and XML."""

from __future__ import annotations

import unicodedata
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from compare import escape

# Text biased towards what attacks a destination: controls, bidi, separators, markup, command syntax.
_NASTY = st.sampled_from(
    [
        "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07",
        "\x1b[2J",
        "\x9b31m",
        "\x07",
        "\x00",
        "\r",
        "\n",
        "\r\n",
        "\u2028",
        "\u2029",
        "\x85",
        "\u202e",
        "\u2066",
        "\u200f",
        "::",
        "::error::pwned",
        "::stop-commands::x",
        "##[",
        "##[error]",
        "%",
        "%0A",
        ",",
        ":",
        "|",
        "<script>",
        "&",
        "]]>",
        '"',
        "'",
        "\ud800",
        "\ufffe",
        "[x](javascript:alert(1))",
        "![i](http://x/y.png)",
        "`",
        "\t",
        " ",
    ]
)
TEXT = st.lists(st.one_of(st.text(), _NASTY), max_size=12).map("".join)


def _is_workflow_command(line: str) -> bool:
    """How the GitHub Actions runner decides a log line is a command (ActionCommand.TryParseV2/TryParse)."""
    return line.lstrip().startswith("::") or "##[" in line


def _controls(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n"} | {
        c for c in text if c in "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    }


@given(TEXT)
def test_neutralise_leaves_no_control_or_bidi_character_and_counts_what_it_removed(text: str) -> None:
    clean, removed = escape.neutralise(text)
    assert not _controls(clean)
    assert "\u2028" not in clean and "\u2029" not in clean
    # Nothing else is touched: only the removed characters are missing, separators became spaces.
    assert len(text) - len(clean) == sum(removed.values()) - text.count("\u2028") - text.count("\u2029")


def test_neutralise_keeps_article_text_and_names_what_it_removed() -> None:
    clean, removed = escape.neutralise("Talks\tresumed\x1b[31m on \u202eMonday\x00.\nNext line, “quoted” — café.")
    assert clean == "Talks\tresumed[31m on Monday.\nNext line, “quoted” — café."
    assert removed == {"ESC": 1, "U+202E": 1, "NUL": 1}


@given(TEXT)
def test_terminal_line_is_one_line_without_escape_sequences(text: str) -> None:
    line = escape.terminal_line(text)
    assert not _controls(line) and "\n" not in line and "\t" not in line
    assert "\u2028" not in line and "\x85" not in line


@given(TEXT)
def test_a_log_line_is_never_a_workflow_command(text: str) -> None:
    line = escape.log_line(text)
    assert "\n" not in line and "\r" not in line and not _controls(line)
    assert not _is_workflow_command(line)
    assert not _is_workflow_command(f"warning: {line}")


def _runner_unescape_data(value: str) -> str:
    return value.replace("%0D", "\r").replace("%0A", "\n").replace("%25", "%")


def _runner_unescape_property(value: str) -> str:
    return _runner_unescape_data(value.replace("%3A", ":").replace("%2C", ","))


@given(TEXT, TEXT)
def test_a_workflow_command_carries_any_text_and_nothing_else(message: str, file: str) -> None:
    line = f"::error file={escape.workflow_property(file)},line=3::{escape.workflow_data(message)}"
    assert "\n" not in line and "\r" not in line  # one command, nothing after it
    properties, data = line[len("::error ") :].split("::", 1)
    assert [p.split("=", 1)[0] for p in properties.split(",")] == ["file", "line"]  # no property smuggled in
    # The runner gets back exactly the text, minus control characters.
    assert _runner_unescape_data(data) == escape.workflow_data(message).replace("%0A", "\n").replace("%25", "%")
    assert "\n" not in _runner_unescape_property(escape.workflow_property(file)).replace("\n", "")
    assert not _controls(_runner_unescape_data(data).replace("\n", ""))


def test_workflow_data_round_trips_through_the_runner_unescaping() -> None:
    text = "100% of claims\nline two: a, b"
    assert _runner_unescape_data(escape.workflow_data(text)) == text
    assert _runner_unescape_property(escape.workflow_property(text)) == text
    assert escape.workflow_property("a:b,c") == "a%3Ab%2Cc"


@given(TEXT)
def test_a_markdown_cell_cannot_end_the_cell_or_row_or_become_markup(text: str) -> None:
    cell = escape.markdown_cell(text)
    assert "\n" not in cell and "\r" not in cell and not _controls(cell)
    assert "<" not in cell and ">" not in cell
    unescaped_pipes = [i for i, c in enumerate(cell) if c == "|" and (i == 0 or cell[i - 1] != "\\")]
    assert not unescaped_pipes
    assert "](" not in cell.replace("\\]", "")  # no [text](url) link or image


@settings(max_examples=300)
@given(TEXT)
def test_xml_text_always_parses_and_keeps_the_text(text: str) -> None:
    escaped = escape.xml_text(text)
    element = ET.fromstring(f'<case name="{escaped}">{escaped}</case>')
    expected = "".join(
        c
        for c in text
        if not _controls(c)
        and (c in "\t\n" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000")
    )
    assert element.get("name") == expected
    assert element.text == (expected or None)


@pytest.mark.parametrize(
    ("function", "text", "expected"),
    [
        (escape.terminal_line, "a\x1b]8;;http://x\x07b\nc", "a]8;;http://xb c"),
        (escape.log_line, "  ::error::x", "  : :error::x"),
        (escape.log_line, "see ##[error]here", "see ## [error]here"),
        (escape.markdown_cell, "a | b\nc", "a \\| b c"),
        (escape.xml_text, 'a<b & "c"\x00', "a&lt;b &amp; &quot;c&quot;"),
    ],
)
def test_examples(function: object, text: str, expected: str) -> None:
    assert callable(function)
    assert function(text) == expected
