"""Make untrusted text inert in Markdown: it must not break a table or become HTML, a link or an image."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

# Characters with inline meaning in Markdown/GFM. Source text never starts a line in our reports
# (it follows "| ", "- " or "> "), so line-start markers such as "#" and "-" need no escape.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
# Reserved and unreserved URL characters, less the ones that close or break a Markdown link: ( ) < > and space.
_URL_SAFE = "-._~:/?#[]@!$&'*+,;=%"
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|javascript|data|file)(:)|(www)(\.)")


def inline(text: str) -> str:
    """Text from a source, safe inside a Markdown paragraph, list item or table cell."""
    text = " ".join(text.split())  # no newlines: they would end the table row or list item
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)
    # GFM turns bare URLs into links; an entity for ':' or '.' keeps them plain text.
    return _AUTOLINK.sub(lambda m: f"{m.group(1)}&#58;" if m.group(1) else f"{m.group(3)}&#46;", text)


def code(text: str) -> str:
    """A short value shown as code (a file path, an id); backticks inside cannot close it."""
    text = " ".join(text.split()).replace("`", "'")
    return f"`{text}`"


def quote(text: str) -> str:
    """A source's own words in running text, visibly quoted."""
    return f"“{inline(text)}”"


def quote_highlighting(text: str, part: str | None) -> str:
    """A source's words, quoted, with `part` (when it occurs in them) in bold."""
    if not part or part not in text:
        return quote(text)
    start = text.index(part)
    before, after = text[:start], text[start + len(part) :]
    pieces = [inline(before) if before.strip() else "", f"**{inline(part)}**", inline(after) if after.strip() else ""]
    spacing = [" " if before[-1:].isspace() else "", " " if after[:1].isspace() else ""]
    return f"“{pieces[0]}{spacing[0]}{pieces[1]}{spacing[1]}{pieces[2]}”"


def marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """A source's words, escaped, with the character `spans` (start, end) in bold.

    Each span must start and end on a letter or digit (compare.matrix makes them so), which keeps
    the `**` recognised as emphasis whatever punctuation surrounds it.
    """
    pieces, position = [], 0
    for start, end in sorted(spans):
        if start < position or not text[start:end].strip():
            continue
        pieces += [_inline_keeping_edges(text[position:start]), f"**{inline(text[start:end])}**"]
        position = end
    pieces.append(_inline_keeping_edges(text[position:]))
    return re.sub(" {2,}", " ", "".join(pieces)).strip()


def _inline_keeping_edges(text: str) -> str:
    """inline(), but a leading or trailing space survives (it separates a bold span from its neighbours)."""
    if not text.strip():
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inline(text) + (" " if text[-1].isspace() else "")


def web_link(label: str, url: str | None) -> str:
    """`label` (already Markdown) linked to `url` when it is an http(s) address, else the label alone."""
    if not url:
        return label
    parsed = urlsplit(url.strip())
    if parsed.scheme.lower() not in {"http", "https"} or not parsed.netloc:
        return label
    return f"[{label}]({destination(url.strip())})"


def destination(url: str) -> str:
    """A link destination that cannot end the link early or smuggle markup: unsafe bytes percent-encoded."""
    return url_quote(url, safe=_URL_SAFE)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, align: Sequence[str] | None = None) -> str:
    """A GFM table with no padding: one row per line, and a row changes only when its cells change.

    Cells are already escaped. `align` gives each column's alignment ("left", "center", "right").
    """
    marks = {"left": ":--", "center": ":-:", "right": "--:"}
    rule = [marks[a] for a in align] if align else ["---"] * len(headers)
    lines = [_row(headers), _row(rule)]
    lines += [_row(row) for row in rows]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cell or " " for cell in cells) + " |"


def details(summary: str, body: Sequence[str]) -> list[str]:
    """A collapsed section: `summary` (plain text, escaped here) shown, `body` (Markdown lines) on demand.

    GitHub renders Markdown inside <details> only when a blank line separates it from the tags.
    """
    return ["<details>", f"<summary>{html.escape(summary, quote=False)}</summary>", "", *body, "", "</details>", ""]
