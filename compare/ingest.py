"""Read a corpus folder into Documents: decode, split off front matter, extract HTML main text."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from frontmatter.default_handlers import YAMLHandler

from compare import clean
from compare.errors import CorpusError, DocumentError
from compare.model import Document, Kind, PartialDate

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# Files that describe a corpus rather than belong to it.
SKIPPED_NAMES = frozenset({"readme.md", "readme.txt", "license.md", "license.txt", "changelog.md"})
MAX_DOCUMENT_BYTES = 10_000_000  # a news article or readout is kilobytes; 10 MB is a mistake, not an article
MIN_HTML_WORDS = 8  # less than a sentence: navigation left over, not an article
_EVENT_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_FRONT_MATTER = YAMLHandler()
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster on big corpora


def read_corpus(root: Path, *, warn: list[str] | None = None) -> tuple[Document, ...]:
    """Read every supported file under `root` (recursively), sorted by path.

    Empty files are skipped with a warning appended to `warn`; anything unreadable raises.
    """
    if not root.exists():
        raise CorpusError(f"{root}: no such folder")
    if not root.is_dir():
        raise CorpusError(f"{root}: not a folder")
    warnings = warn if warn is not None else []
    paths = sorted(_corpus_files(root), key=lambda p: p.relative_to(root).as_posix())
    if not paths:
        raise CorpusError(f"{root}: no documents found (looked for {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    documents = []
    for path in paths:
        document = read_document(path, root=root)
        if document is None:
            warnings.append(f"{path.relative_to(root).as_posix()}: skipped, the file has no text")
            continue
        documents.append(document)
    if not documents:
        raise CorpusError(f"{root}: no readable documents (every file is empty)")
    _check_unique(documents)
    return tuple(documents)


def read_document(path: Path, *, root: Path) -> Document | None:
    """Read one file; None when it holds no text at all."""
    relative = path.relative_to(root).as_posix()
    raw = _read_bytes(path, relative)
    text, decoding_warning = decode(raw, relative)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        return None
    doc_id = relative.rsplit(".", 1)[0]
    warnings = (decoding_warning,) if decoding_warning else ()
    if path.suffix.lower() in HTML_SUFFIXES:
        return _html_document(text, doc_id=doc_id, relative=relative, warnings=warnings)
    return _text_document(text, doc_id=doc_id, relative=relative, warnings=warnings)


def decode(raw: bytes, relative: str) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 (BOM-aware, UTF-16/32 by BOM); fall back to Windows-1252 and say so."""
    for bom, codec in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec), None
            except UnicodeDecodeError as error:
                raise DocumentError(
                    relative, f"starts with a {codec} byte-order mark but is not valid {codec}: {error.reason}"
                ) from None
    if b"\x00" in raw[:8192]:
        raise DocumentError(relative, "looks like a binary file (it contains NUL bytes), not text")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        fallback = (
            f"{relative}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start}); read as Windows-1252"
        )
        try:
            return raw.decode("cp1252"), fallback
        except UnicodeDecodeError:
            return raw.decode("latin-1"), fallback.replace("Windows-1252", "Latin-1")


def _corpus_files(root: Path) -> Iterator[Path]:
    """Supported files under root; follows folder symlinks once each, skips hidden entries."""
    seen_dirs: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs:
            continue  # a symlink loop or a folder linked twice
        seen_dirs.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            raise CorpusError(f"{folder}: permission denied, cannot list the folder") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir()  # follows symlinks
            except OSError:
                is_dir = False
            if is_dir:
                stack.append(path)
            elif path.suffix.lower() in SUPPORTED_SUFFIXES and entry.name.lower() not in SKIPPED_NAMES:
                yield path


def _read_bytes(path: Path, relative: str) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise DocumentError(relative, f"cannot be read ({_os_reason(error)})") from None
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            relative,
            f"is {size / 1_000_000:.1f} MB, over the {MAX_DOCUMENT_BYTES // 1_000_000} MB limit for one document "
            "(is it really one article?)",
        )
    try:
        return path.read_bytes()
    except OSError as error:
        raise DocumentError(relative, f"cannot be read ({_os_reason(error)})") from None


def _os_reason(error: OSError) -> str:
    if error.errno == 40:  # ELOOP
        return "symlink loop"
    return error.strerror or str(error)


def _text_document(text: str, *, doc_id: str, relative: str, warnings: tuple[str, ...]) -> Document:
    meta: dict[str, Any] = {}
    body = text
    if _FRONT_MATTER.detect(text):
        front, body = _FRONT_MATTER.split(text)
        meta = _parse_front_matter(front, relative)
        warnings += _warn_unknown_keys(meta, relative)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    title = _string_field(meta, "title", relative) or clean.guess_title(body) or _name_from_file(doc_id)
    date = _date_field(meta, relative)
    if date is None:
        date = clean.find_byline_date(body)
    return Document(
        id=doc_id,
        path=relative,
        outlet=_string_field(meta, "outlet", relative) or _name_from_file(doc_id),
        title=title,
        date=date,
        url=_string_field(meta, "url", relative),
        kind=_kind_field(meta, relative),
        issuer=_string_field(meta, "issuer", relative),
        event=_event_field(meta, relative),
        aliases=_aliases_field(meta, relative),
        body=body,
        body_line=body_line,
        warnings=warnings,
    )


def _html_document(text: str, *, doc_id: str, relative: str, warnings: tuple[str, ...]) -> Document:
    import trafilatura  # imported here: only HTML corpora pay for it

    extracted: Any = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = (extracted.text or "") if extracted is not None else ""
    if len(body.split()) < MIN_HTML_WORDS:
        raise DocumentError(relative, "no article text found in the HTML")
    date = None
    if extracted.date:
        try:
            date = PartialDate.parse(extracted.date[:10])
        except ValueError:
            date = None
    # trafilatura puts the headline in the text too; cleaning drops it as the headline.
    return Document(
        id=doc_id,
        path=relative,
        outlet=extracted.sitename or extracted.hostname or _name_from_file(doc_id),
        title=extracted.title or clean.guess_title(body) or _name_from_file(doc_id),
        date=date,
        url=extracted.url,
        kind=Kind.NEWS,
        issuer=None,
        event=None,
        aliases=(),
        body=body,
        body_line=0,  # extracted text has no line in the HTML source
        warnings=warnings,
    )


def _parse_front_matter(front: str, relative: str) -> dict[str, Any]:
    try:
        meta = yaml.load(front, Loader=_YAML_LOADER)  # a safe loader; the C one when available
    except ValueError as error:  # YAML's own date parsing: "date: 2021-13-01"
        raise DocumentError(relative, f"front matter holds an impossible date ({error})") from None
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f" at front matter line {mark.line + 1}"
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise DocumentError(relative, f"malformed YAML front matter{where}: {problem}") from None
    if meta is None:
        return {}
    if not isinstance(meta, dict):
        raise DocumentError(relative, f"front matter must be a mapping of keys to values, not a {type(meta).__name__}")
    return {str(key).lower(): value for key, value in meta.items()}


FRONT_MATTER_KEYS = ("outlet", "title", "date", "url", "kind", "event", "issuer", "aliases")


def _warn_unknown_keys(meta: dict[str, Any], relative: str) -> tuple[str, ...]:
    """A key that looks like a misspelt known one ("knd: readout") would be ignored silently.

    Keys far from every known one (author, tags, note) are a corpus's own metadata: no warning.
    """
    warnings = []
    for key in sorted(set(meta) - set(FRONT_MATTER_KEYS)):
        near = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1, cutoff=0.7)
        if near:
            warnings.append(f"{relative}: unknown front matter key {key!r} is ignored; did you mean {near[0]!r}?")
    return tuple(warnings)


def _string_field(meta: dict[str, Any], key: str, relative: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise DocumentError(relative, f"front matter '{key}' must be text, not a {type(value).__name__}")
    text = " ".join(str(value).split())
    return text or None


def _date_field(meta: dict[str, Any], relative: str) -> PartialDate | None:
    value = meta.get("date")
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return PartialDate.from_date(value.date())
    if isinstance(value, dt.date):
        return PartialDate.from_date(value)
    try:
        return PartialDate.parse(str(value))
    except ValueError:
        raise DocumentError(
            relative, f"front matter date {str(value)!r} does not parse; use YYYY-MM-DD, YYYY-MM or YYYY"
        ) from None


def _kind_field(meta: dict[str, Any], relative: str) -> Kind:
    value = meta.get("kind")
    if value is None:
        return Kind.NEWS
    try:
        return Kind(str(value).strip().lower())
    except ValueError:
        choices = ", ".join(kind.value for kind in Kind)
        raise DocumentError(relative, f"front matter kind {str(value)!r} is not one of: {choices}") from None


def _event_field(meta: dict[str, Any], relative: str) -> str | None:
    value = _string_field(meta, "event", relative)
    if value is None:
        return None
    slug = value.lower()
    if not _EVENT_SLUG.match(slug) or ".." in slug:
        raise DocumentError(
            relative,
            f"front matter event {value!r} is not a slug (letters, digits, '.', '_', '-'; no slashes or '..')",
        )
    return slug


def _aliases_field(meta: dict[str, Any], relative: str) -> tuple[str, ...]:
    value = meta.get("aliases")
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, (str, int, float)) for item in value):
        raise DocumentError(relative, "front matter 'aliases' must be a list of names")
    return tuple(" ".join(str(item).split()) for item in value if str(item).strip())


def _name_from_file(doc_id: str) -> str:
    """Outlet from a file name: 'voa-2021-04-28-pakistan' -> 'voa' (the part before a date)."""
    stem = doc_id.rsplit("/", 1)[-1]
    head = re.split(r"[-_ ](?=\d{4}(?:[-_]\d{2})?)", stem, maxsplit=1)[0]
    return head or stem


def _check_unique(documents: list[Document]) -> None:
    """Two files are one document when their names, or their outlet and text, are the same.

    A title is not an identity: governments reuse readout titles ("Secretary Blinken's Call with
    Turkish Foreign Minister") for different calls days apart. The same text under two outlets is
    a reprint, which grouping counts as one origin, not an error.
    """
    by_id: dict[str, Document] = {}
    by_text: dict[tuple[str, str], Document] = {}
    for document in documents:
        if document.id in by_id:
            raise DocumentError(
                document.path,
                f"has the same name as {by_id[document.id].path} apart from the extension; rename one",
            )
        by_id[document.id] = document
        key = (document.outlet.casefold(), " ".join(document.body.split()).casefold())
        if key in by_text:
            raise DocumentError(
                document.path, f"has the same outlet and text as {by_text[key].path}; remove the duplicate"
            )
        by_text[key] = document
