"""Make untrusted text inert in Markdown: it must not break a table or become HTML, a link or an image."""

from __future__ import annotations

import re

# Characters with inline meaning in Markdown/GFM. Source text never starts a line in our reports
# (it follows "| ", "- " or "> "), so line-start markers such as "#" and "-" need no escape.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~])")
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
