"""Reports: golden files for the Markdown, determinism, escaping, JSON shape, no lost sentence."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import pytest

from compare import markdown as md
from compare import pipeline, report
from compare.match import default_calibration
from compare.model import Document, Kind
from tests.conftest import FakeEmbedder
from tests.golden import GOLDEN, MINI, mini_reports


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return mini_reports()


def test_reports_match_the_golden_files(files: dict[str, str]) -> None:
    expected = {p.name: p.read_text(encoding="utf-8") for p in GOLDEN.iterdir()}
    assert sorted(files) == sorted(expected), "run `make golden` after a deliberate change"
    for name, text in files.items():
        assert text == expected[name], f"{name} differs from tests/golden/mini; run `make golden` if deliberate"


def test_same_input_same_bytes(files: dict[str, str]) -> None:
    assert mini_reports() == files


def test_index_lists_every_event_with_sources_and_coverage(files: dict[str, str]) -> None:
    index = files["index.md"]
    data = json.loads(files["comparison.json"])
    for event in data["events"]:
        assert f"]({event['id']}.md)" in index
    assert "Coverage" in index
    assert "Daily Post" in index and "Evening Star" in index


def test_event_page_has_every_section(files: dict[str, str]) -> None:
    data = json.loads(files["comparison.json"])
    (event,) = [e for e in data["events"] if len(e["documents"]) > 2]
    page = files[event["report"]]
    for heading in ("## Biggest divergences", "## Who carried what", "## Sources", "## Details"):
        assert heading in page
    for summary in (
        "<summary>What the readouts said, and who carried it",
        "<summary>Side by side",
        "<summary>Omissions",
        "<summary>Framing differences",
        "<summary>Set aside",
    ):
        assert summary in page
    # What a reader takes in first comes first: divergences, then the picture and the matrix.
    assert page.index("## Biggest divergences") < page.index(f"]({event['id']}.svg)") < page.index("## Details")
    assert "*not reported*" in page


def test_source_text_cannot_inject_markup(files: dict[str, str]) -> None:
    page = "\n".join(text for name, text in files.items() if name.endswith(".md"))
    assert "<b>" not in page and "&lt;b&gt;soon&lt;/b&gt;" in page
    # The only links are our own: event pages, pictures, and lines of the corpus files.
    own = r"[a-z0-9-]+\.(?:md|svg)\)|\.\./\.\./data/mini/[a-z0-9/-]+\.md\?plain=1#L\d+\)"
    assert not re.search(rf"(?<!\\)\]\((?!{own})", page), "an unescaped ]( could form a link"
    assert "![x](" not in page and "http://evil" not in page


def test_tables_are_well_formed(files: dict[str, str]) -> None:
    for name, text in files.items():
        if not name.endswith(".md"):
            continue
        rows = [line for line in text.splitlines() if line.startswith("|")]
        blocks: list[list[str]] = []
        previous = None
        for number, line in enumerate(text.splitlines()):
            if line.startswith("|"):
                if previous != number - 1:
                    blocks.append([])
                blocks[-1].append(line)
                previous = number
        assert rows
        for block in blocks:
            widths = {len(md_cells(line)) for line in block}
            assert len(widths) == 1, f"{name}: a table row has a different number of cells"


def test_tables_are_unpadded_so_a_row_changes_only_with_its_content() -> None:
    before = md.table(["A", "B"], [["short", "x"], ["also short", "y"]])
    after = md.table(["A", "B"], [["short", "x"], ["a much, much longer cell now", "y"]])
    changed = [line for line in after.splitlines() if line not in before.splitlines()]
    assert changed == ["| a much, much longer cell now | y |"]


def test_a_one_word_edit_changes_only_the_lines_about_that_sentence(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    old = report.report_files(pipeline.run(corpus=corpus, embedder=FakeEmbedder(), calibration=default_calibration()))
    post = corpus / "news" / "daily-post-2024-03-06.md"
    # Longer by a word: padded tables would rewrite every row of the widened column.
    post.write_text(post.read_text().replace("Alder also called", "Alder also firmly called"), encoding="utf-8")
    new = report.report_files(pipeline.run(corpus=corpus, embedder=FakeEmbedder(), calibration=default_calibration()))
    changed = []
    for name in new:
        diff = difflib.unified_diff(old[name].splitlines(), new[name].splitlines(), lineterm="", n=0)
        changed += [(name, line) for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]
    assert changed
    for name, line in changed:
        assert "Alder also called" in line or "Alder also firmly called" in line, f"{name}: {line}"


def test_source_urls_are_links_only_when_http() -> None:
    assert md.web_link("T", "https://a.example/x y(1)") == "[T](https://a.example/x%20y%281%29)"
    assert md.web_link("T", "javascript:alert(1)") == "T"
    assert md.web_link("T", "ftp://a.example/") == "T"
    assert md.web_link("T", None) == "T"


def test_corpus_lines_are_linked_only_inside_one_repository(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    corpus, out = tmp_path / "repo" / "corpus", tmp_path / "repo" / "reports" / "x"
    assert report.corpus_link(corpus=corpus, out_dir=out) == "../../corpus"
    assert report.corpus_link(corpus=tmp_path / "elsewhere", out_dir=out) is None
    links = report.Links("../corpus")
    document = mini_document("news/a b.md")
    assert links.line(document, 7) == "../corpus/news/a%20b.md?plain=1#L7"
    assert report.NO_LINKS.line(document, 7) is None


def mini_document(path: str) -> Document:
    return Document(
        id=path, path=path, outlet="A", title="T", date=None, url=None, kind=Kind.NEWS, issuer=None, event=None,
        aliases=(), body="", body_line=1,
    )  # fmt: skip


def md_cells(line: str) -> list[str]:
    """Split a Markdown table row on unescaped pipes."""
    cells, current, escaped = [], "", False
    for char in line.strip()[1:-1]:
        if char == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    cells.append(current)
    return cells


def test_json_has_the_documented_shape(files: dict[str, str]) -> None:
    data = json.loads(files["comparison.json"])
    assert data["schema_version"] == 1
    event = data["events"][0]
    assert {"id", "title", "date", "documents", "claims"} <= set(event)
    document = event["documents"][0]
    assert {"id", "path", "outlet", "title", "date", "url", "kind"} <= set(document)
    claim = event["claims"][0]
    assert {"id", "status", "mentions"} <= set(claim)
    assert {"document", "sentence", "index"} <= set(claim["mentions"][0])


def test_every_content_sentence_is_in_a_claim(files: dict[str, str]) -> None:
    data = json.loads(files["comparison.json"])
    for event in data["events"]:
        mentioned = {(m["document"], m["index"]) for c in event["claims"] for m in c["mentions"]}
        sentences = {(s["document"], s["index"]) for s in event["sentences"]}
        assert sentences == mentioned


def test_single_source_event_says_there_is_nothing_to_compare() -> None:
    comparison = pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=default_calibration())
    lonely = [ec for ec in comparison.events if len(ec.event.documents) == 1]
    assert lonely
    page = report.render_event(lonely[0])
    assert "nothing to compare" in page
    assert "## Omissions" not in page


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("a | b", " | "),
        ("[link](http://x.example)", "[link]"),
        ("![img](x.png)", "!["),
        ("<script>alert(1)</script>", "<script"),
        ("www.example.com", "www.example"),
        ("*bold* _it_ `code`", "*bold*"),
        ("line\nbreak", "\n"),
    ],
)
def test_inline_escaping(text: str, forbidden: str) -> None:
    assert forbidden not in md.inline(text)


def test_highlighting_keeps_the_part_bold_and_the_rest_escaped() -> None:
    assert (
        md.quote_highlighting("They discussed *the* drawdown now.", "drawdown")
        == "“They discussed \\*the\\* **drawdown** now.”"
    )
    assert md.quote_highlighting("No part here.", "missing") == "“No part here.”"


def test_a_source_without_a_title_is_listed_as_untitled_not_by_its_file_name(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(MINI, corpus)
    readout = corpus / "readouts" / "ministry-a.md"
    text = readout.read_text(encoding="utf-8")
    readout.write_text("\n".join(line for line in text.splitlines() if not line.startswith("title:")) + "\n")
    files = report.report_files(pipeline.run(corpus=corpus, embedder=FakeEmbedder(), calibration=default_calibration()))
    page = files["alder-birch-call-2024-03.md"]
    row = next(line for line in page.splitlines() if line.startswith("| Ministry A (readout) | readout |"))
    assert "*untitled*" in row and "ministry-a" not in row
    documents = [d for e in json.loads(files["comparison.json"])["events"] for d in e["documents"]]
    assert {d["id"]: d["untitled"] for d in documents}["readouts/ministry-a"] is True
