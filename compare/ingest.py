"""Read a corpus folder into Documents: decode, split off front matter, extract HTML main text."""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from compare import clean, escape
from compare.errors import CorpusError, DocumentError
from compare.model import Document, Kind, PartialDate
from compare.output import MANIFEST

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES
# Files that describe a corpus rather than belong to it.
SKIPPED_NAMES = frozenset({"readme.md", "readme.txt", "license.md", "license.txt", "changelog.md"})
MAX_DOCUMENT_BYTES = 10_000_000  # a news article or readout is kilobytes; 10 MB is a mistake, not an article
MAX_FRONT_MATTER_CHARS = 65_536  # eight short keys; more is a body between two rules, or an attack on the parser
MIN_HTML_WORDS = 8  # less than a sentence: navigation left over, not an article
_EVENT_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
# Event pages are named <event>.md beside these: an event called "index" would replace the index.
RESERVED_EVENTS = frozenset({"index", "comparison"})
FRONT_MATTER_KEYS = ("outlet", "title", "date", "url", "kind", "event", "issuer", "aliases", "issued")
# A block between two `---` lines at the top of a file, as python-frontmatter and static sites read it.
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<front>(?:.*?\n)??)---[ \t]*(?:\n|\Z)", re.DOTALL)
_KNOWN_KEY_LINE = re.compile(rf"^(?:{'|'.join(FRONT_MATTER_KEYS)})[ \t]*:", re.IGNORECASE | re.MULTILINE)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster on big corpora
_NON_REGULAR = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}


def read_corpus(root: Path, *, warn: list[str] | None = None) -> tuple[Document, ...]:
    """Read every supported file under `root` (recursively), sorted by path.

    Only regular files inside the corpus are read: a symlink that leads outside it, a named pipe or
    a device, and a folder holding compare's own reports are skipped with a warning appended to
    `warn`, as are empty files; anything unreadable raises.
    """
    if not root.exists():
        raise CorpusError(f"{root}: no such folder")
    if not root.is_dir():
        raise CorpusError(f"{root}: not a folder")
    if os.path.lexists(root / MANIFEST):
        raise CorpusError(f"{root}: holds compare's own reports ({MANIFEST}), not a corpus; name the corpus folder")
    warnings = warn if warn is not None else []
    paths = sorted(_corpus_files(root, warnings), key=lambda p: p.relative_to(root).as_posix())
    if not paths:
        raise CorpusError(f"{root}: no documents found (looked for {', '.join(sorted(SUPPORTED_SUFFIXES))})")
    documents = []
    for path in paths:
        document = read_document(path, root=root)
        if document is None:
            warnings.append(f"{_relative(path, root)}: skipped, the file has no text")
            continue
        documents.append(document)
    if not documents:
        raise CorpusError(f"{root}: no readable documents (every file is empty)")
    _check_unique(documents)
    return tuple(documents)


def read_document(path: Path, *, root: Path) -> Document | None:
    """Read one file; None when it holds no text at all."""
    relative = _relative(path, root)
    raw = _read_bytes(path, relative, root=root)
    text, decoding_warning = decode(raw, relative)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Control and bidi characters go here, once, so no destination (terminal, CI log, Markdown,
    # JSON, XML) ever receives an escape sequence or reordered text from a document.
    text, removed = escape.neutralise(text)
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        return None
    doc_id = relative.rsplit(".", 1)[0]
    warnings = tuple(w for w in (decoding_warning, _removed_warning(relative, removed)) if w)
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


def _removed_warning(relative: str, removed: Counter[str]) -> str | None:
    if not removed:
        return None
    names = ", ".join(f"{name} x{count}" for name, count in sorted(removed.items()))
    return f"{relative}: removed {sum(removed.values())} control or bidi characters ({names})"


def _corpus_files(root: Path, warnings: list[str]) -> Iterator[Path]:
    """Supported files under root, skipping hidden entries.

    Symlinks are followed only when they resolve inside the corpus (folders once each); a link
    out of the corpus, a named pipe, a device or a socket is skipped with a warning, and so is a
    folder that holds compare's own reports (the next run would read them as articles).
    """
    real_root = os.path.realpath(root)
    seen_dirs: set[str] = set()
    stack = [root]
    while stack:
        folder = stack.pop()
        real = os.path.realpath(folder)
        if real in seen_dirs:
            continue  # a symlink loop or a folder linked twice
        seen_dirs.add(real)
        if folder != root and os.path.lexists(folder / MANIFEST):
            warnings.append(f"{_relative(folder, root)}/: skipped, it holds compare's own reports ({MANIFEST})")
            continue
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except PermissionError:
            raise CorpusError(f"{folder}: permission denied, cannot list the folder") from None
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            wanted = path.suffix.lower() in SUPPORTED_SUFFIXES and entry.name.lower() not in SKIPPED_NAMES
            if entry.is_symlink():
                target = os.path.realpath(path)
                if not _inside(target, real_root):
                    if wanted or os.path.isdir(target):
                        shown = escape.terminal_line(target)
                        warnings.append(f"{_relative(path, root)}: skipped, a symlink to {shown}, outside the corpus")
                    continue
            try:
                mode = os.stat(path).st_mode  # follows a symlink that stays inside the corpus
            except OSError:
                if wanted:
                    yield path  # reading it names the problem (a broken link, a loop)
                continue
            if stat.S_ISDIR(mode):
                stack.append(path)
            elif wanted and stat.S_ISREG(mode):
                yield path
            elif wanted:
                what = _NON_REGULAR.get(stat.S_IFMT(mode), "not a regular file")
                warnings.append(f"{_relative(path, root)}: skipped, {what}, not a regular file")


def _relative(path: Path, root: Path) -> str:
    """The path as documents, warnings and reports show it: printable, one line, valid Unicode.

    A file name is bytes: one that is not UTF-8 (read back with surrogates) or that holds a
    newline or an escape sequence would break every report and terminal that shows it.
    """
    name = path.relative_to(root).as_posix()
    return escape.terminal_line(os.fsencode(name).decode("utf-8", errors="replace"))


def _inside(real_path: str, real_root: str) -> bool:
    return real_path == real_root or real_path.startswith(real_root.rstrip(os.sep) + os.sep)


def _read_bytes(path: Path, relative: str, *, root: Path) -> bytes:
    """The one place a corpus file is opened: a regular file inside the corpus, size-capped.

    The path is resolved and must stay inside the corpus; the open neither follows a symlink
    swapped in since (O_NOFOLLOW) nor waits for a writer on a named pipe (O_NONBLOCK); the open
    file must be a regular file of at most MAX_DOCUMENT_BYTES, and no more than that is read even
    when the file grows meanwhile.
    """
    real = os.path.realpath(path)
    if not _inside(real, os.path.realpath(root)):
        raise DocumentError(relative, "resolves to a file outside the corpus; not read")
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
    try:
        handle = os.open(real, flags)
    except OSError as error:
        raise DocumentError(relative, f"cannot be read ({_os_reason(error)})") from None
    try:
        info = os.fstat(handle)
        if not stat.S_ISREG(info.st_mode):
            raise DocumentError(relative, "is not a regular file; not read")
        if info.st_size > MAX_DOCUMENT_BYTES:
            raise DocumentError(relative, _too_large(info.st_size))
        chunks: list[bytes] = []
        remaining = MAX_DOCUMENT_BYTES + 1
        while remaining > 0:
            chunk = os.read(handle, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        if remaining <= 0:
            raise DocumentError(relative, _too_large(MAX_DOCUMENT_BYTES + 1) + " (it grew while being read)")
        return b"".join(chunks)
    except OSError as error:
        raise DocumentError(relative, f"cannot be read ({_os_reason(error)})") from None
    finally:
        os.close(handle)


def _too_large(size: int) -> str:
    return (
        f"is {size / 1_000_000:.1f} MB, over the {MAX_DOCUMENT_BYTES // 1_000_000} MB limit for one document "
        "(is it really one article?)"
    )


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return error.strerror or str(error)


def _text_document(text: str, *, doc_id: str, relative: str, warnings: tuple[str, ...]) -> Document:
    meta, body = _split_front_matter(text, relative)
    warnings += _warn_unknown_keys(meta, relative)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    found_title = _string_field(meta, "title", relative) or clean.guess_title(body)
    date = _date_field(meta, "date", relative)
    if date is None:
        date = clean.find_byline_date(body)
    return Document(
        id=doc_id,
        path=relative,
        outlet=_string_field(meta, "outlet", relative) or _name_from_file(doc_id),
        title=found_title or _name_from_file(doc_id),
        date=date,
        url=_string_field(meta, "url", relative),
        kind=_kind_field(meta, relative),
        issuer=_string_field(meta, "issuer", relative),
        event=_event_field(meta, relative),
        aliases=_aliases_field(meta, relative),
        body=body,
        body_line=body_line,
        warnings=warnings,
        issued=_date_field(meta, "issued", relative),
        untitled=not found_title,
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
    body = _inert((extracted.text or "") if extracted is not None else "")
    if len(body.split()) < MIN_HTML_WORDS:
        raise DocumentError(relative, "no article text found in the HTML")
    # HTML entities (&#27;) decode to the characters ingest removed from the source: remove them again.
    extracted.title, extracted.sitename, extracted.hostname, extracted.url = (
        _inert(value) if value else None
        for value in (extracted.title, extracted.sitename, extracted.hostname, extracted.url)
    )
    date = None
    if extracted.date:
        try:
            date = PartialDate.parse(extracted.date[:10])
        except ValueError:
            date = None
    # trafilatura puts the headline in the text too; cleaning drops it as the headline.
    found_title = extracted.title or clean.guess_title(body)
    return Document(
        id=doc_id,
        path=relative,
        outlet=extracted.sitename or extracted.hostname or _name_from_file(doc_id),
        title=found_title or _name_from_file(doc_id),
        date=date,
        url=extracted.url,
        kind=Kind.NEWS,
        issuer=None,
        event=None,
        aliases=(),
        body=body,
        body_line=0,  # extracted text has no line in the HTML source
        warnings=warnings,
        untitled=not found_title,
    )


def _inert(text: str) -> str:
    return escape.neutralise(text)[0]


def _split_front_matter(text: str, relative: str) -> tuple[dict[str, Any], str]:
    """(front matter, body). A block between `---` rules is front matter only when it is a YAML
    mapping with a known key; a rule, an editor's note or a list there is the article's text.

    A block with a line that starts with a known key ("title:") was meant as front matter, so
    YAML errors in it are reported rather than the block being read as text.
    """
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    front = match.group("front")
    meant = bool(_KNOWN_KEY_LINE.search(front))
    if len(front) > MAX_FRONT_MATTER_CHARS:
        if meant:
            raise DocumentError(
                relative, f"front matter is {len(front):,} characters, over the {MAX_FRONT_MATTER_CHARS:,} limit"
            )
        return {}, text
    try:
        meta = _parse_front_matter(front, relative)
    except DocumentError:
        if meant:
            raise
        return {}, text
    if meant and not isinstance(meta, dict):
        raise DocumentError(relative, f"front matter must be a mapping of keys to values, not a {type(meta).__name__}")
    if not isinstance(meta, dict):
        return {}, text
    keys = {str(key).lower(): value for key, value in meta.items()}
    if not keys.keys() & set(FRONT_MATTER_KEYS) and not any(_near_key(key) for key in keys):
        return {}, text
    return keys, text[match.end() :]


def _parse_front_matter(front: str, relative: str) -> Any:
    try:
        # An alias (*a) can expand a few lines into gigabytes ("billion laughs"); metadata never needs one.
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(front, Loader=_YAML_LOADER)):
            raise DocumentError(relative, "front matter uses a YAML alias (*name); write the value out instead")
        return yaml.load(front, Loader=_YAML_LOADER)  # a safe loader; the C one when available
    except ValueError as error:  # YAML's own date and number parsing: "date: 2021-13-01"
        raise DocumentError(relative, f"front matter holds an impossible value ({error})") from None
    except RecursionError:
        raise DocumentError(relative, "front matter is nested too deeply to be metadata") from None
    except yaml.YAMLError as error:
        where = ""
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            where = f" at front matter line {mark.line + 1}"
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise DocumentError(relative, f"malformed YAML front matter{where}: {problem}") from None


def _warn_unknown_keys(meta: dict[str, Any], relative: str) -> tuple[str, ...]:
    """A key that looks like a misspelt known one ("knd: readout") would be ignored silently.

    Keys far from every known one (author, tags, note) are a corpus's own metadata: no warning.
    """
    warnings = []
    for key in sorted(set(meta) - set(FRONT_MATTER_KEYS)):
        near = _near_key(key)
        if near:
            shown = escape.terminal_line(key)
            warnings.append(f"{relative}: unknown front matter key {shown!r} is ignored; did you mean {near!r}?")
    return tuple(warnings)


def _near_key(key: str) -> str | None:
    near = difflib.get_close_matches(key, FRONT_MATTER_KEYS, n=1, cutoff=0.7)
    return near[0] if near else None


def _string_field(meta: dict[str, Any], key: str, relative: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise DocumentError(relative, f"front matter '{key}' must be text, not a {type(value).__name__}")
    # YAML's own escapes ("\e", "\u202e") can make the characters ingest removed from the file.
    text = " ".join(_inert(str(value)).split())
    return text or None


def _date_field(meta: dict[str, Any], key: str, relative: str) -> PartialDate | None:
    value = meta.get(key)
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
            relative, f"front matter {key} {str(value)!r} does not parse; use YYYY-MM-DD, YYYY-MM or YYYY"
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
    if slug in RESERVED_EVENTS:
        raise DocumentError(
            relative, f"front matter event {value!r} is reserved: its page would replace the report's own {slug} file"
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
    return tuple(" ".join(_inert(str(item)).split()) for item in value if _inert(str(item)).strip())


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
