"""Hostile and careless input: nothing read from outside the corpus, nothing injected, no hang,
no traceback. Each test is a probe that broke compare before it was made safe."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from compare import cli, ingest, output, pipeline, report, segment
from compare.embed import CachedEmbedder, EmbeddingCache, default_cache_dir
from compare.errors import CacheError, CorpusError, DocumentError, OutputError
from compare.match import default_calibration
from tests.conftest import FakeEmbedder, write

PROSE = "The minister met the envoy in the capital on Monday to discuss the harbour.\n"
OUTSIDE = "Secret words from outside the corpus that must never be published.\n"


@contextlib.contextmanager
def deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a probe that blocked forever before now has to finish."""

    def expire(signum: int, frame: Any) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _read(corpus: Path) -> tuple[tuple[ingest.Document, ...], list[str]]:
    warnings: list[str] = []
    with deadline(20):
        documents = ingest.read_corpus(corpus, warn=warnings)
    return documents, warnings


def _run(corpus: Path) -> pipeline.Comparison:
    return pipeline.run(corpus=corpus, embedder=FakeEmbedder(), calibration=default_calibration())


# ------------------------------------------------------------------- reads outside, hangs, memory


def test_a_symlink_to_a_file_outside_the_corpus_is_skipped_not_published(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "real.md", PROSE)
    write(tmp_path / "private" / "diary.md", OUTSIDE)
    os.symlink(tmp_path / "private" / "diary.md", corpus / "diary.md")
    documents, warnings = _read(corpus)
    assert [d.id for d in documents] == ["real"]
    assert warnings == [f"diary.md: skipped, a symlink to {tmp_path / 'private' / 'diary.md'}, outside the corpus"]


def test_a_symlink_to_a_folder_outside_the_corpus_is_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "real.md", PROSE)
    write(tmp_path / "private" / "diary.md", OUTSIDE)
    os.symlink(tmp_path / "private", corpus / "more")
    documents, warnings = _read(corpus)
    assert [d.id for d in documents] == ["real"]
    assert warnings == [f"more: skipped, a symlink to {tmp_path / 'private'}, outside the corpus"]


def test_a_symlink_that_stays_inside_the_corpus_is_read(tmp_path: Path) -> None:
    write(tmp_path / "a" / "real.md", PROSE)
    os.symlink(tmp_path / "a", tmp_path / "b")
    os.symlink(tmp_path / "a" / "real.md", tmp_path / "copy.md")
    documents, warnings = _read(tmp_path)
    ids = {d.id for d in documents}
    assert "copy" in ids and ids & {"a/real", "b/real"}  # the folder is read once, under either name
    assert not [w for w in warnings if "outside" in w]


def test_a_link_to_dev_zero_is_not_read(tmp_path: Path) -> None:
    write(tmp_path / "real.md", PROSE)
    os.symlink("/dev/zero", tmp_path / "zero.md")
    documents, warnings = _read(tmp_path)
    assert [d.id for d in documents] == ["real"]
    assert warnings == ["zero.md: skipped, a symlink to /dev/zero, outside the corpus"]


def test_a_named_pipe_does_not_hang_the_run(tmp_path: Path) -> None:
    write(tmp_path / "real.md", PROSE)
    os.mkfifo(tmp_path / "pipe.md")
    documents, warnings = _read(tmp_path)
    assert [d.id for d in documents] == ["real"]
    assert warnings == ["pipe.md: skipped, a named pipe, not a regular file"]


def test_a_yaml_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]  # 10^7 leaves
    write(tmp_path / "bomb.md", "---\ntitle: T\n" + "\n".join(levels) + "\ndate: *a6\n---\n" + PROSE)
    with deadline(20), pytest.raises(DocumentError, match=r"^bomb\.md: front matter uses a YAML alias"):
        ingest.read_corpus(tmp_path)


def test_a_one_megabyte_line_of_open_quotes_is_segmented_in_bounded_pieces() -> None:
    # sentencex takes quadratic time on quotation marks it cannot close: 5 MB of this took > 10 min.
    text = "“word " * 170_000
    windows = segment._windows(text)
    assert all(end - start <= segment.MAX_SEGMENTER_CHARS for start, end in windows)
    assert "".join(text[start:end] for start, end in windows) == text
    with deadline(120):
        sentences = segment.split_sentences(text)
    assert all(len(s) <= segment.MAX_SENTENCE_CHARS for _, s in sentences)
    assert len(sentences) >= len(text) // segment.MAX_SENTENCE_CHARS
    assert " ".join(s for _, s in sentences).split() == text.split()


def test_a_file_named_like_its_last_letter_keeps_its_text(tmp_path: Path) -> None:
    # The title from the file name "a" made every line ending in "a" a breadcrumb ending in the headline.
    write(tmp_path / "a.txt", "a" * 400)
    (event,) = _run(tmp_path).events
    assert event.sentences


# ------------------------------------------------------------------- front matter that is not metadata


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("---\ntitle: Unclosed\n" + PROSE, "title: Unclosed"),
        ("---\n" + PROSE + "\n---\nMore text after a rule, also by the minister.\n", "More text after a rule"),
        ("---\nEditor's note: this story was updated on Tuesday.\n---\n" + PROSE, "Editor's note"),
        ("---\n*Editor's note*: updated.\n---\n" + PROSE, "Editor's note"),
        ("---\n- one point\n- another point\n---\n" + PROSE, "one point"),
    ],
)
def test_text_between_rules_that_is_not_metadata_stays_in_the_body(tmp_path: Path, text: str, kept: str) -> None:
    write(tmp_path / "article.md", text)
    (document,) = ingest.read_corpus(tmp_path)
    assert kept in document.body
    assert "The minister met the envoy" in document.body
    assert document.body_line == 1


def test_metadata_with_an_unknown_key_too_is_still_front_matter(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\ntitle: Talks\nlayout: post\n---\n" + PROSE)
    (document,) = ingest.read_corpus(tmp_path)
    assert document.title == "Talks"
    assert document.body == PROSE


@pytest.mark.parametrize("event", ["index", "INDEX", "comparison"])
def test_an_event_cannot_take_the_name_of_a_report_file(tmp_path: Path, event: str) -> None:
    write(tmp_path / "a.md", f"---\nevent: {event}\n---\n" + PROSE)
    with pytest.raises(DocumentError, match="is reserved: its page would replace the report's own"):
        ingest.read_corpus(tmp_path)


# ------------------------------------------------------------------- control characters


def test_nul_bytes_after_the_first_8_kb_are_removed_and_reported(tmp_path: Path) -> None:
    write(tmp_path / "a.md", (PROSE * 200).encode() + b"Hidden\x00 text here.\n" + PROSE.encode())
    documents, _ = _read(tmp_path)
    (document,) = documents
    assert "\x00" not in document.body
    assert "Hidden text here." in document.body
    assert document.warnings == ("a.md: removed 1 control or bidi characters (NUL x1)",)


HOSTILE = (
    '---\noutlet: "Wire\\e]8;;https://evil.example\\aClick\\e]8;;\\a"\ntitle: "Talks\\e[2J\\u202e resumed"\n---\n'
    "The minister\x1b[31m met the envoy\x07 in the \u202ecapital\u202c on Monday to discuss the harbour.\n\n"
    "::error file=x::pwned\n\n##[set-env name=A]b\n"
)


def test_terminal_and_bidi_controls_never_reach_a_document_or_a_report(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a.md", HOSTILE)
    comparison = _run(corpus)
    (event,) = comparison.events
    (document,) = event.event.documents
    for field in (document.outlet, document.title, document.body):
        assert not any(c in field for c in "\x1b\x07\u202e\u202c"), field
    assert document.outlet == "Wire]8;;https://evil.exampleClick]8;;"
    for name, text in report.report_files(comparison).items():
        assert not any(c in text for c in "\x1b\x07\u202e\u202c"), name
    removed = "removed 4 control or bidi characters (BEL x1, ESC x1, U+202C x1, U+202E x1)"
    assert any(removed in w for w in comparison.warnings)


def test_html_text_and_entities_bring_no_controls(tmp_path: Path) -> None:
    paragraph = "The minister met the envoy\x1b[31m in the &#x202e;capital on Monday\x07 to discuss the harbour."
    write(
        tmp_path / "page.html",
        f"<html><head><title>Talks&#x202E; resumed\x1b]0;x\x07</title></head><body><article><p>{paragraph}</p>"
        f"<p>{paragraph} Again.</p></article></body></html>",
    )
    (document,) = ingest.read_corpus(tmp_path)
    for field in (document.body, document.title, document.outlet):
        assert not any(c in field for c in "\x1b\x07\u202e"), field
    assert "capital on Monday to discuss" in document.body


# ------------------------------------------------------------------- the report folder


def test_the_corpus_skips_a_folder_of_compare_reports(tmp_path: Path) -> None:
    write(tmp_path / "a.md", PROSE)
    output.write_files(tmp_path / "reports", {"index.md": "<!-- Generated by compare. -->\nThe index of reports.\n"})
    documents, warnings = _read(tmp_path)
    assert [d.id for d in documents] == ["a"]
    assert warnings == ["reports/: skipped, it holds compare's own reports (.compare-manifest.json)"]


def test_a_report_folder_is_not_a_corpus(tmp_path: Path) -> None:
    output.write_files(tmp_path, {"index.md": "<!-- Generated by compare. -->\nThe index of reports.\n"})
    with pytest.raises(CorpusError, match="holds compare's own reports"):
        ingest.read_corpus(tmp_path)


@pytest.mark.parametrize("inside", [".", "reports", "a/b"])
def test_a_report_folder_inside_the_corpus_is_refused(tmp_path: Path, inside: str) -> None:
    with pytest.raises(OutputError, match="inside the corpus"):
        output.check_folder(tmp_path / inside, corpus=tmp_path)
    output.check_folder(tmp_path.parent / "elsewhere", corpus=tmp_path)


def test_a_user_file_listed_in_the_manifest_is_never_deleted(tmp_path: Path) -> None:
    output.write_files(tmp_path, {"index.md": "a\n", "old.md": "b\n"})
    (tmp_path / "old.md").write_text("my notes, saved over the old report\n")
    manifest = json.loads((tmp_path / output.MANIFEST).read_text())
    manifest["files"]["notes.txt"] = "0" * 64  # a manifest edited by hand, or by another tool
    (tmp_path / output.MANIFEST).write_text(json.dumps(manifest))
    (tmp_path / "notes.txt").write_text("mine")
    output.write_files(tmp_path, {"index.md": "c\n"})
    assert (tmp_path / "old.md").read_text() == "my notes, saved over the old report\n"
    assert (tmp_path / "notes.txt").read_text() == "mine"
    assert set(json.loads((tmp_path / output.MANIFEST).read_text())["files"]) == {"index.md"}


def test_a_legacy_manifest_deletes_only_files_with_the_generated_marker(tmp_path: Path) -> None:
    (tmp_path / output.MANIFEST).write_text(json.dumps({"files": ["notes.md", "old.md"]}))
    (tmp_path / "notes.md").write_text("mine")
    (tmp_path / "old.md").write_text("<!-- Generated by compare. -->\nold")
    output.write_files(tmp_path, {"index.md": "new\n"})
    assert (tmp_path / "notes.md").read_text() == "mine"
    assert not (tmp_path / "old.md").exists()


def test_a_user_file_listed_in_the_manifest_is_never_overwritten(tmp_path: Path) -> None:
    output.write_files(tmp_path, {"index.md": "a\n"})
    (tmp_path / "index.md").write_text("my own index")
    with pytest.raises(OutputError, match="exists and was not written by compare"):
        output.write_files(tmp_path, {"index.md": "b\n"})
    assert (tmp_path / "index.md").read_text() == "my own index"


def test_only_our_own_temporary_files_are_cleaned_up(tmp_path: Path) -> None:
    (tmp_path / ".compare-notes.tmp").write_text("a user's file with a similar name")
    (tmp_path / ".compare-staged-abcd1234.tmp").write_text("no marker: not provably ours")
    (tmp_path / ".compare-staged-killed_1.tmp").write_text("<!-- Generated by compare. -->\nhalf a rep")
    (tmp_path / ".compare-staged-empty000.tmp").write_text("")
    output.write_files(tmp_path, {"index.md": "x\n"})
    left = sorted(p.name for p in tmp_path.glob(".compare-*.tmp"))
    assert left == [".compare-notes.tmp", ".compare-staged-abcd1234.tmp"]


def test_a_symlinked_lock_file_creates_nothing_outside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.symlink(tmp_path / "elsewhere.lock", out / output.LOCK)
    with pytest.raises(OutputError, match=r"\.compare\.lock: is a symlink"):
        output.write_files(out, {"index.md": "x\n"})
    assert not (tmp_path / "elsewhere.lock").exists()


def test_a_manifest_or_report_that_is_a_pipe_or_device_does_not_hang(tmp_path: Path) -> None:
    os.symlink("/dev/zero", tmp_path / output.MANIFEST)
    os.mkfifo(tmp_path / "index.md")
    with deadline(20), pytest.raises(OutputError, match="exists and was not written by compare"):
        output.write_files(tmp_path, {"index.md": "x\n"})


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_reports_get_the_mode_the_umask_gives(tmp_path: Path, umask: int, mode: int) -> None:
    previous = os.umask(umask)
    try:
        output.write_files(tmp_path, {"index.md": "x\n"})
        output.write_file(tmp_path / "calibration.json", "{}\n")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "index.md").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "calibration.json").stat().st_mode) == mode


# ------------------------------------------------------------------- the embedding cache


def test_a_cache_folder_under_a_file_is_a_clean_error(tmp_path: Path) -> None:
    write(tmp_path / "file", "x")
    with pytest.raises(CacheError, match=r"file/cache: cannot create the embedding cache folder"):
        CachedEmbedder(FakeEmbedder(), EmbeddingCache(tmp_path / "file" / "cache")).embed(["a"])


def test_a_cache_home_that_is_a_file_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    write(tmp_path / "compare", "a file where the cache folder goes")
    with pytest.raises(CacheError, match="cannot create the embedding cache folder"):
        EmbeddingCache(default_cache_dir()).get("model", ["a"])


def test_cached_vectors_of_another_size_are_encoded_again(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path)
    fake = FakeEmbedder()
    cache.put(fake.identity, {"old sentence": np.ones(3, dtype=np.float32)})
    vectors = CachedEmbedder(fake, cache).embed(["old sentence", "new sentence"])
    assert vectors.shape == (2, 256)
    assert CachedEmbedder(FakeEmbedder(), cache).embed(["old sentence"]).shape == (1, 256)
    cache.put(fake.identity, {"old sentence": np.ones(3, dtype=np.float32)})  # all cached, sizes mixed
    assert CachedEmbedder(fake, cache).embed(["old sentence", "new sentence"]).shape == (2, 256)


# ------------------------------------------------------------------- the command line


@pytest.fixture
def fake_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "make_embedder", lambda **_: FakeEmbedder())


def _is_workflow_command(line: str) -> bool:
    return line.lstrip().startswith("::") or "##[" in line


@pytest.mark.usefixtures("fake_model")
def test_warnings_printed_by_run_cannot_inject_commands_or_escapes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "real.md", HOSTILE)
    write(corpus / "x\n::error::pwned ##[set-env name=A]\x1b]8;;http://evil\x07.md", "")  # empty: a warning
    result = CliRunner().invoke(cli.main, ["run", str(corpus), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "skipped, the file has no text" in result.stderr
    for line in result.output.splitlines():
        assert not _is_workflow_command(line), line
        assert not any(c in line for c in "\x1b\x07\u202e"), line


@pytest.mark.usefixtures("fake_model")
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "", "-o", "{out}"], "an empty path is not a folder"),
        (["run", "{corpus}", "-o", ""], "an empty path is not a folder"),
        (["run", "{corpus}", "-o", "{corpus}/reports"], "inside the corpus"),
        (["run", "{corpus}", "-o", "{corpus}"], "inside the corpus"),
    ],
)
def test_report_folders_the_next_run_would_read_are_refused(tmp_path: Path, args: list[str], message: str) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a.md", PROSE)
    argv = [a.format(corpus=corpus, out=tmp_path / "out") for a in args]
    result = CliRunner().invoke(cli.main, argv)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert not (corpus / "reports").exists() and not (corpus / "index.md").exists()


def _hostile_corpora(tmp: Path) -> dict[str, Path]:
    """Small corpora, one per probe, each with one good document beside the bad one."""
    probes: dict[str, Any] = {
        "outside link": lambda c: os.symlink(tmp / "secret.md", c / "link.md"),
        "fifo": lambda c: os.mkfifo(c / "pipe.md"),
        "dev zero": lambda c: os.symlink("/dev/zero", c / "zero.md"),
        "alias bomb": lambda c: write(c / "b.md", "---\na: &a [x, x]\nb: &b [*a, *a]\ndate: *b\n---\n" + PROSE),
        "unclosed": lambda c: write(c / "u.md", "---\ntitle: x\n" + PROSE),
        "rule": lambda c: write(c / "r.md", "---\n" + PROSE + "---\n" + PROSE.replace("Monday", "Friday")),
        "note": lambda c: write(c / "n.md", "---\nEditor's note: updated.\n---\n" + PROSE.replace("Monday", "Sunday")),
        "nul": lambda c: write(c / "z.md", PROSE.encode() * 300 + b"\x00\x00 tail.\n"),
        "controls": lambda c: write(c / "h.md", HOSTILE),
        "index event": lambda c: write(c / "i.md", "---\nevent: index\n---\n" + PROSE),
        "deep yaml": lambda c: write(c / "d.md", "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n" + PROSE),
        "huge int": lambda c: write(c / "h.md", "---\ntitle: " + "9" * 5000 + "\n---\n" + PROSE),
        "open quotes": lambda c: write(c / "q.md", "“word " * 20_000),
        "utf16 nul": lambda c: write(c / "w.md", ("---\ntitle: T\n---\n" + PROSE + "\x00").encode("utf-16")),
        "reports inside": lambda c: output.write_files(c / "reports", {"index.md": "<!-- Generated by compare. -->\n"}),
    }
    corpora = {}
    for name, make in probes.items():
        corpus = tmp / name.replace(" ", "-")
        write(corpus / "good.md", "---\ntitle: Good\n---\n" + PROSE)
        make(corpus)
        corpora[name] = corpus
    write(tmp / "secret.md", OUTSIDE)
    return corpora


@pytest.mark.usefixtures("fake_model")
def test_no_hostile_corpus_makes_run_crash_or_exit_with_another_code(tmp_path: Path) -> None:
    failures = []
    for name, corpus in _hostile_corpora(tmp_path).items():
        with deadline(120):
            result = CliRunner().invoke(cli.main, ["run", str(corpus), "-o", str(tmp_path / "out" / corpus.name)])
        crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
        if result.exit_code not in (0, 2) or crashed:
            failures.append(f"{name}: exit {result.exit_code}, {result.exception!r}")
        if "Secret words" in "".join(p.read_text() for p in (tmp_path / "out" / corpus.name).glob("*.md")):
            failures.append(f"{name}: published text from outside the corpus")
    assert not failures


@pytest.mark.usefixtures("fake_model")
def test_a_title_after_a_determiner_does_not_crash_framing(tmp_path: Path) -> None:
    write(tmp_path / "corpus" / "m.md", "The Minister " * 50 + PROSE)
    result = CliRunner().invoke(cli.main, ["run", str(tmp_path / "corpus"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.exception


@pytest.mark.usefixtures("fake_model")
def test_article_text_never_forms_a_workflow_command_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The README's promise for `compare check` on GitHub Actions, with text built to break it."""
    corpus = tmp_path / "corpus"
    attack = "##[set-env name=PWNED]1 \u2028::error::forged %0A::warning::forged \x1b]8;;http://x\x07"
    write(
        corpus / "readout.md",
        f'---\nkind: readout\noutlet: "Ministry ::x::"\ntitle: "Call ##[group]\\n::error::t"\ndate: 2024-03-06\n---\n'
        "The minister discussed harbour repairs with the envoy.\n\n"
        f"They agreed to reopen the northern border crossing next week {attack}.\n\n"
        "The two sides also signed a fisheries accord worth 40 million dollars.\n",
    )
    write(
        corpus / "wire.md",
        "---\noutlet: Wire\ntitle: Talks\ndate: 2024-03-06\n---\n"
        "The minister discussed harbour repairs with the envoy.\n",
    )
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "summary.md"))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli.main, ["check", str(corpus), "--min-coverage", "0.9"])
    assert result.exit_code == 1, result.output
    commands = [line for line in result.output.splitlines() if _is_workflow_command(line)]
    assert commands
    for line in commands:
        assert line.startswith("::error "), line
        properties = line[len("::error ") :].split("::", 1)[0]
        assert {p.split("=", 1)[0] for p in properties.split(",")} <= {"file", "line", "title"}, line
    assert not any(c in result.output for c in "\x1b\x07\u2028")
    assert "set-env name=PWNED" in result.output  # the attack text is in the output, made inert


def test_a_hundred_thousand_wrapped_lines_join_into_one_paragraph_with_true_line_numbers(tmp_path: Path) -> None:
    # Joining wrapped lines string by string, and finding each sentence's line by a scan, was quadratic.
    lines = [f"the envoy {i} met the" for i in range(100_000)] + ["minister."]
    write(tmp_path / "a.md", "---\ntitle: T\n---\n" + "\n".join(lines) + "\n")
    (document,) = ingest.read_corpus(tmp_path)
    with deadline(60):
        sentences, _ = segment.document_sentences(document)
    assert sentences[0].line == 4
    assert all(len(s.text) <= segment.MAX_SENTENCE_CHARS for s in sentences)
    last = sentences[-1]
    assert last.text.endswith("minister.") and last.line >= 4 + 100_000 - 100


def test_a_file_name_that_is_not_utf8_or_holds_controls_is_shown_safely(tmp_path: Path) -> None:
    write(Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9.md")), PROSE)
    write(tmp_path / "x\n::error::y\x1b[31m.md", "")
    documents, warnings = _read(tmp_path)
    assert [d.path for d in documents] == ["caf\ufffd.md"]
    assert warnings == ["x ::error::y[31m.md: skipped, the file has no text"]
    report.report_files(_run(tmp_path))["comparison.json"].encode("utf-8")  # no lone surrogate left


def test_a_block_with_only_a_misspelt_key_is_front_matter_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\nknd: readout\n---\n" + PROSE)
    (document,) = ingest.read_corpus(tmp_path)
    assert "knd" not in document.body
    assert document.warnings == ("a.md: unknown front matter key 'knd' is ignored; did you mean 'kind'?",)
