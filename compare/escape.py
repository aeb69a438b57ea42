"""Make untrusted text inert, once at ingest and again for each place it is shown.

Article text is written by strangers. At ingest `neutralise` removes what no article needs and
some destinations obey: terminal escape sequences (ESC, OSC 8 hyperlinks, BEL), every other
control character, and the bidirectional controls that make text display in another order than
it is stored ("Trojan Source"). Downstream, each destination has its own escaper here, because
each has its own syntax: a terminal line, a GitHub Actions log line and workflow command, a
Markdown table cell, XML 1.0 text. They also strip controls again, so text that did not pass
through ingest (a file name, an error message) is safe too.
"""

from __future__ import annotations

import re
from collections import Counter

from compare import markdown

# Every C0 control but tab and newline, DEL, and every C1 control (0x80-0x9F: CSI, OSC, ST ...).
_CONTROLS = "".join(chr(c) for c in (*range(0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)))
# Unicode's Bidi_Control characters: marks, embeddings, overrides and isolates.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Line and paragraph separators end a line for some readers and not for others: make them spaces.
_SEPARATORS = "\u2028\u2029"
_REMOVED = re.compile(f"[{re.escape(_CONTROLS + _BIDI)}]")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")
# Lone surrogates come from surrogate-escaped file names; no encoder or XML parser accepts them.
_SURROGATES = re.compile("[\ud800-\udfff]")
# XML 1.0 allows tab, newline, carriage return and these ranges, nothing else.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def neutralise(text: str) -> tuple[str, Counter[str]]:
    """Text without control or bidi characters (tab and newline kept); and what was removed, by name.

    This is the ingest policy: removed, not replaced, because none of them carries meaning in an
    article, and a replacement mark would land in every quotation of the sentence.
    """
    removed: Counter[str] = Counter()

    def drop(match: re.Match[str]) -> str:
        removed[character_name(match.group(0))] += 1
        return ""

    text = _REMOVED.sub(drop, text)
    for separator in _SEPARATORS:
        if separator in text:
            removed[character_name(separator)] += text.count(separator)
            text = text.replace(separator, " ")
    return text, removed


def character_name(char: str) -> str:
    """A short name for a removed character, for a warning ("NUL", "ESC", "U+202E")."""
    names = {0: "NUL", 7: "BEL", 8: "BS", 0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x9D: "OSC"}
    return names.get(ord(char), f"U+{ord(char):04X}")


def _plain(text: str) -> str:
    """One line of text without controls: line breaks and tabs become single spaces."""
    text = _SURROGATES.sub("\ufffd", text)
    text = _LINE_BREAKS.sub(" ", text).replace("\t", " ")
    return _REMOVED.sub("", text)


def terminal_line(text: str) -> str:
    """Safe to print as one line on a terminal: no escape sequence, no line break, no bidi control."""
    return _plain(text)


def log_line(text: str) -> str:
    """Safe as one line of a CI log read by the GitHub Actions runner (stdout and stderr alike).

    The runner takes a line as a workflow command when it starts with `::` after leading spaces,
    or when it holds the legacy `##[` anywhere. Both are broken with a visible space.
    """
    text = _plain(text)
    text = text.replace("##[", "## [")
    stripped = text.lstrip()
    if stripped.startswith("::"):
        text = text[: len(text) - len(stripped)] + ": :" + stripped[2:]
    return text


def workflow_data(text: str) -> str:
    """The message of a workflow command (`::error file=…::MESSAGE`), as the runner unescapes it.

    The runner decodes %25, %0D and %0A in the message; nothing else can end it. The message
    follows the command on the same line, so a `::` or `##[` inside it starts no other command.
    """
    text = _SURROGATES.sub("\ufffd", text)
    text = _REMOVED.sub("", text.replace("\r\n", "\n"))
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A property value of a workflow command (`file=VALUE,line=…`): also `:` and `,` are encoded."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


def markdown_cell(text: str) -> str:
    """Safe inside a Markdown (GFM) table cell: one line, no `|`, no HTML, link or image."""
    return markdown.inline(_plain(text))


def xml_text(text: str) -> str:
    """Safe as XML 1.0 character data or a double-quoted attribute value.

    Characters XML 1.0 cannot carry at all (most controls, lone surrogates, U+FFFE/FFFF) are
    removed; markup characters become entities; tab, newline and CR become character references
    so that an attribute value keeps them.
    """
    text = _NOT_XML.sub("", _REMOVED.sub("", text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;").replace("'", "&apos;")
    return text.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
