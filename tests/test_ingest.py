"""Reading a corpus: front matter, decoding, HTML, errors that name the file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from compare import ingest, segment
from compare.errors import CorpusError, DocumentError
from compare.model import Kind, PartialDate
from tests.conftest import CORPUS, write


def test_shipped_corpus_reads_with_front_matter() -> None:
    documents = {d.id: d for d in ingest.read_corpus(CORPUS)}
    assert len(documents) == 7
    voa = documents["news/voa-2021-04-28-pakistan-us-discuss-afghan-drawdown"]
    assert voa.outlet == "VOA"
    assert voa.date == PartialDate(2021, 4, 28)
    assert voa.kind is Kind.NEWS
    assert voa.path == "news/voa-2021-04-28-pakistan-us-discuss-afghan-drawdown.md"
    ispr = documents["readouts/ispr-2021-04-28"]
    assert ispr.kind is Kind.READOUT
    assert ispr.issuer == "ISPR"
    assert "military's media wing" in ispr.aliases
    newsweek = documents["news/newsweek-pakistan-2021-08-mutual-goals-of-security"]
    assert newsweek.date == PartialDate(2021, 8)


def test_body_line_points_at_the_file_line(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\noutlet: X\ntitle: T\n---\nFirst body line.\n")
    (document,) = ingest.read_corpus(tmp_path)
    sentences, _ = segment.document_sentences(document)
    assert sentences[0].text == "First body line."
    assert sentences[0].line == 5


def test_no_front_matter_outlet_from_file_name_and_title_from_text(tmp_path: Path) -> None:
    write(
        tmp_path / "voa-2021-04-28-drawdown.txt",
        "Pakistan, US Discuss Drawdown\n\nThe two sides talked for an hour on Wednesday.\n",
    )
    (document,) = ingest.read_corpus(tmp_path)
    assert document.outlet == "voa"
    assert document.title == "Pakistan, US Discuss Drawdown"
    assert document.kind is Kind.NEWS


def test_a_document_with_no_title_anywhere_is_marked_untitled(tmp_path: Path) -> None:
    readout = "---\nkind: readout\n---\nThe minister spoke with his counterpart today.\n"
    write(tmp_path / "ministry-2024-03-10.md", readout)
    write(tmp_path / "post-2024-03-10.md", "---\ntitle: Ministers talk\n---\nThe ministers spoke today.\n")
    documents = {d.id: d for d in ingest.read_corpus(tmp_path)}
    assert documents["ministry-2024-03-10"].untitled
    assert documents["ministry-2024-03-10"].title == "ministry"
    assert not documents["post-2024-03-10"].untitled


def test_byline_date_used_when_front_matter_has_none(tmp_path: Path) -> None:
    write(
        tmp_path / "a.txt",
        "Headline here now\n\nBy Ayaz Gul April 28, 2021\n\nThe two sides talked for an hour on Wednesday.\n",
    )
    (document,) = ingest.read_corpus(tmp_path)
    assert document.date == PartialDate(2021, 4, 28)


def test_subfolders_are_read_recursively_and_readme_skipped(tmp_path: Path) -> None:
    write(tmp_path / "README.md", "# About this corpus\n")
    write(tmp_path / "a" / "b" / "deep.md", "A sentence long enough to be prose here.\n")
    write(tmp_path / ".hidden" / "x.md", "Hidden text that must be ignored here.\n")
    write(tmp_path / "notes.docx", "not supported")
    assert [d.id for d in ingest.read_corpus(tmp_path)] == ["a/b/deep"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="no such folder"):
        ingest.read_corpus(tmp_path / "nope")


def test_folder_without_documents(tmp_path: Path) -> None:
    write(tmp_path / "data.csv", "a,b\n")
    with pytest.raises(CorpusError, match="no documents found"):
        ingest.read_corpus(tmp_path)


def test_empty_and_whitespace_files_are_skipped_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path / "empty.md", "")
    write(tmp_path / "blank.txt", "  \n\t\n")
    write(tmp_path / "real.md", "A sentence long enough to be prose here.\n")
    warnings: list[str] = []
    documents = ingest.read_corpus(tmp_path, warn=warnings)
    assert [d.id for d in documents] == ["real"]
    assert sorted(warnings) == ["blank.txt: skipped, the file has no text", "empty.md: skipped, the file has no text"]


def test_only_empty_files_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "empty.md", "")
    with pytest.raises(CorpusError, match="no readable documents"):
        ingest.read_corpus(tmp_path)


def test_binary_file_with_text_extension(tmp_path: Path) -> None:
    write(tmp_path / "image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(DocumentError, match=r"^image\.md: looks like a binary file"):
        ingest.read_corpus(tmp_path)


def test_invalid_utf8_falls_back_and_says_so(tmp_path: Path) -> None:
    write(tmp_path / "latin.txt", "Caf\xe9 owners met the minister on Monday morning.\n".encode("cp1252"))
    warnings: list[str] = []
    (document,) = ingest.read_corpus(tmp_path, warn=warnings)
    assert "Café" in document.body
    assert document.warnings == ("latin.txt: not valid UTF-8 (byte 0xe9 at offset 3); read as Windows-1252",)


def test_utf16_with_bom_and_windows_line_endings(tmp_path: Path) -> None:
    text = "---\r\noutlet: Wire\r\ntitle: T\r\n---\r\nThe minister met the envoy on Monday morning.\r\n"
    write(tmp_path / "u16.md", text.encode("utf-16"))
    (document,) = ingest.read_corpus(tmp_path)
    assert document.outlet == "Wire"
    assert "\r" not in document.body


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("outlet: [unclosed\n", "malformed YAML front matter at front matter line"),
        ("date: 28/04/2021\n", "front matter date '28/04/2021' does not parse"),
        ("date: 2021-13-01\n", "front matter holds an impossible value (month must be in 1..12)"),
        ("date: 2021-02\n", ""),
        ("event: ../../etc\n", "is not a slug"),
        ("event: a/b\n", "is not a slug"),
        ("kind: opinion\n", "front matter kind 'opinion' is not one of: news, readout"),
        ("title: [a, b]\n", "front matter 'title' must be text"),
    ],
)
def test_bad_front_matter_names_the_file(tmp_path: Path, front: str, message: str) -> None:
    write(tmp_path / "bad.md", f"---\n{front}---\nThe minister met the envoy on Monday morning.\n")
    if not message:  # a valid partial date, for contrast
        assert ingest.read_corpus(tmp_path)[0].date is not None
        return
    with pytest.raises(DocumentError) as raised:
        ingest.read_corpus(tmp_path)
    assert str(raised.value).startswith("bad.md: ")
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


def test_duplicate_outlet_and_text(tmp_path: Path) -> None:
    for name in ("a.md", "b.md"):
        write(tmp_path / name, "---\noutlet: VOA\ntitle: Same story\n---\nThe minister met the envoy on Monday.\n")
    with pytest.raises(DocumentError, match=r"^b\.md: has the same outlet and text as a\.md"):
        ingest.read_corpus(tmp_path)


def test_same_title_different_text_is_two_documents(tmp_path: Path) -> None:
    # Governments reuse readout titles for different calls.
    title = "---\noutlet: State Department\ntitle: Secretary Blinken's Call with Turkish Foreign Minister\n---\n"
    write(tmp_path / "a.md", title + "The Secretary spoke with the minister on Thursday about Ukraine.\n")
    write(tmp_path / "b.md", title + "The Secretary spoke with the minister on Monday about the Black Sea.\n")
    assert len(ingest.read_corpus(tmp_path)) == 2


def test_the_same_text_under_two_outlets_is_a_reprint_not_an_error(tmp_path: Path) -> None:
    body = "The minister met the envoy on Monday.\n"
    write(tmp_path / "a.md", "---\noutlet: Business Standard\n---\n" + body)
    write(tmp_path / "b.md", "---\noutlet: Deccan Herald\n---\n" + body)
    assert len(ingest.read_corpus(tmp_path)) == 2


def test_same_name_different_extension(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\ntitle: One\n---\nThe minister met the envoy on Monday.\n")
    write(tmp_path / "a.txt", "---\ntitle: Two\n---\nThe minister met the envoy on Tuesday.\n")
    with pytest.raises(DocumentError, match="same name as"):
        ingest.read_corpus(tmp_path)


def test_too_large_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest, "MAX_DOCUMENT_BYTES", 1000)
    write(tmp_path / "big.txt", "word " * 400)
    with pytest.raises(DocumentError, match=r"^big\.txt: is 0\.0 MB, over the 0 MB limit"):
        ingest.read_corpus(tmp_path)


def test_symlink_loop_is_not_followed_forever(tmp_path: Path) -> None:
    write(tmp_path / "a" / "doc.md", "The minister met the envoy on Monday morning.\n")
    os.symlink(tmp_path / "a", tmp_path / "a" / "loop")
    assert [d.id for d in ingest.read_corpus(tmp_path)] == ["a/doc"]


def test_file_symlink_loop_names_the_file(tmp_path: Path) -> None:
    write(tmp_path / "ok.md", "The minister met the envoy on Monday morning.\n")
    os.symlink(tmp_path / "x.md", tmp_path / "y.md")
    os.symlink(tmp_path / "y.md", tmp_path / "x.md")
    with pytest.raises(DocumentError, match=r"^x\.md: cannot be read \(symlink loop\)"):
        ingest.read_corpus(tmp_path)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "secret.md", "The minister met the envoy on Monday morning.\n")
    real_open = os.open

    def refusing_open(name: str | os.PathLike[str], flags: int, mode: int = 0o777) -> int:
        if os.fspath(name).endswith("secret.md"):  # tests run as root here, so chmod alone would not stop the read
            raise PermissionError(13, "Permission denied")
        return real_open(name, flags, mode)

    monkeypatch.setattr(os, "open", refusing_open)
    path.chmod(0)
    with pytest.raises(DocumentError, match=r"^secret\.md: cannot be read \(Permission denied\)"):
        ingest.read_corpus(tmp_path)


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    html = """<html><head><title>Talks - Wire</title><meta property="og:site_name" content="The Wire">
    <meta property="article:published_time" content="2021-04-28"></head><body>
    <nav><a href="/">Home</a> | <a href="/world">World</a></nav>
    <article><h1>Pakistan, US discuss drawdown</h1>
    <p>U.S. Defense Secretary Lloyd Austin spoke Wednesday by phone with Pakistan's top military official.</p>
    <p>The conversation came as the last remaining U.S. troops were preparing to leave Afghanistan.</p></article>
    <footer>Join the mailing list</footer></body></html>"""
    write(tmp_path / "page.html", html)
    (document,) = ingest.read_corpus(tmp_path)
    assert document.outlet == "The Wire"
    assert document.date == PartialDate(2021, 4, 28)
    assert "spoke Wednesday by phone" in document.body
    assert "Home" not in document.body


def test_html_without_text(tmp_path: Path) -> None:
    write(tmp_path / "empty.html", "<html><body><nav>Home</nav></body></html>")
    with pytest.raises(DocumentError, match=r"^empty\.html: no article text found"):
        ingest.read_corpus(tmp_path)


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with path.open("wb") as stream:
        stream.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk
    with pytest.raises(DocumentError, match=r"^dump\.txt: is 50\.0 MB, over the 10 MB limit for one document"):
        ingest.read_corpus(tmp_path)
