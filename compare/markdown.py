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
