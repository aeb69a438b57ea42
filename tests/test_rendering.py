"""The reports as a reader sees them: Markdown rendered by GitHub's own renderer (cmark-gfm), and
the pictures parsed as XML. No browser, so CI stays light."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from compare import pipeline, report, svg
from compare.match import default_calibration
from tests.conftest import FakeEmbedder, write
from tests.golden import mini_reports

SVG = "{http://www.w3.org/2000/svg}"
EVENT = "alder-birch-call-2024-03"


def github_html(markdown: str) -> str:
    # GitHub keeps <details> and <summary>; UNSAFE lets them through here, tagfilter still applies.
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return mini_reports()


def test_the_matrix_renders_as_a_table_with_a_row_per_claim(files: dict[str, str]) -> None:
    html = github_html(files[f"{EVENT}.md"])
    after = html.split("Who carried what</h2>", 1)[1]
    table = after[: after.index("</table>")]
    headers = re.findall(r"<th[^>]*>(.*?)</th>", table)
    assert headers == ["Claim", "Army B (readout)", "Ministry A (readout)", "Daily Post", "Evening Star"]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    assert len(rows) == 8
    assert all(len(re.findall(r"<td", row)) == 5 for row in rows)
    assert "◐ numbers" in table


def test_the_picture_is_embedded_above_the_table_and_is_valid_svg(files: dict[str, str]) -> None:
    html = github_html(files[f"{EVENT}.md"])
    assert html.index(f'<img src="{EVENT}.svg"') < html.index("Who carried what</h2>")
    root = ET.fromstring(files[f"{EVENT}.svg"])
    assert root.tag == f"{SVG}svg" and root.get("width") and root.get("height")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Daily Post" in texts and any(t and t.startswith("c07 ") for t in texts)
    assert not list(root.iter(f"{SVG}script"))
    index = ET.fromstring(files[report.INDEX_PICTURE])
    assert "100%" in [t.text for t in index.iter(f"{SVG}text")]


def test_long_sections_are_collapsed_and_still_render_inside(files: dict[str, str]) -> None:
    html = github_html(files[f"{EVENT}.md"])
    blocks = re.findall(r"<details>(.*?)</details>", html, flags=re.S)
    summaries = [re.search(r"<summary>(.*?)</summary>", b).group(1) for b in blocks]  # type: ignore[union-attr]
    assert any(s.startswith("Side by side") for s in summaries)
    assert any(s.startswith("Set aside") for s in summaries)
    assert "<details open" not in html
    side = next(b for b in blocks if "Side by side" in b)
    assert "<table>" in side and "<strong>" in side  # Markdown inside the block is rendered, marks included


def test_hostile_source_text_stays_text_in_page_and_picture(tmp_path: Path) -> None:
    front = (
        "---\noutlet: 'Evil <script>alert(1)</script> & ]]> Co'\ntitle: 'T'\nevent: e\n"
        "url: 'javascript:alert(1)'\n---\n"
    )
    write(tmp_path / "a.md", front + "The minister met the general on Monday to discuss the border.\n")
    write(tmp_path / "b.md", "---\noutlet: Other\ntitle: T2\nevent: e\nurl: 'https://x.example/a(b)c'\n---\n"
          "The minister met the general on Monday to discuss the border.\n")  # fmt: skip
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    files = report.report_files(comparison)
    root = ET.fromstring(files["e.svg"])  # parses: every text was escaped
    assert not list(root.iter(f"{SVG}script"))
    assert any("<script>" in (t.text or "") for t in root.iter(f"{SVG}text"))
    html = github_html(files["e.md"])
    assert "<script" not in html and 'href="javascript' not in html
    assert 'href="https://x.example/a%28b%29c"' in html


def test_svg_text_escaping() -> None:
    assert svg.text('a < b & "c" ]]>') == "a &lt; b &amp; &quot;c&quot; ]]&gt;"
    assert svg.text("bell\x07") == "bell"


def test_an_event_with_nothing_to_line_up_gets_no_picture(tmp_path: Path) -> None:
    write(
        tmp_path / "a.md",
        "---\noutlet: A\ntitle: T\nevent: e\n---\nThe harbour cranes were repaired after the storm.\n",
    )
    write(tmp_path / "b.md", "---\noutlet: B\ntitle: T\nevent: e\n---\nVoters in the hill towns chose a new mayor.\n")
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    files = report.report_files(comparison)
    assert "e.svg" not in files and "](e.svg)" not in files["e.md"]
