"""Property-based tests: random text and random front matter through ingest -> segment -> report.

Whatever the input, the pipeline either reports a clean one-line DocumentError or produces reports
in which no word of the body is lost (each is in a sentence or in a line set aside), every
sentence is in a claim, and every Markdown table is well formed.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from compare import ingest, pipeline, report, segment
from compare.errors import CompareError
from compare.match import default_calibration
from tests.conftest import FakeEmbedder
from tests.test_report import md_cells

WORDS = st.sampled_from(
    "the minister said talks U.S. Gen. Bajwa “quoted” 'single' \"straight\" 7,000 troops | * _ [link](x) <b> "
    "Related Articles ISLAMABAD: By Staff Reporter ; , while — … ! ? . Mr Lt Gen 2021-04-28 Wednesday".split()
)
LINE = st.lists(WORDS, min_size=0, max_size=25).map(" ".join)
BODY = st.lists(st.one_of(LINE, st.just(""), st.text(max_size=40)), min_size=1, max_size=12).map("\n".join)
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=30),
    st.lists(st.text(max_size=10), max_size=3),
    st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
    st.sampled_from(["news", "readout", "2021-04-28", "2021-08", "../x", "a/b", "event-1"]),
)
FRONT = st.dictionaries(
    st.sampled_from(["outlet", "title", "date", "url", "kind", "event", "issuer", "aliases", "other"]),
    VALUES,
    max_size=6,
)


def _words(text: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", text))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies=st.lists(BODY, min_size=1, max_size=3), fronts=st.lists(FRONT, min_size=3, max_size=3))
def test_random_documents_never_crash_and_lose_nothing(bodies: list[str], fronts: list[dict[str, object]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for number, (body, front) in enumerate(zip(bodies, fronts, strict=False)):
            header = f"---\n{yaml.safe_dump(front, allow_unicode=True)}---\n" if front else ""
            (root / f"doc{number}.md").write_text(header + body, encoding="utf-8")
        try:
            documents = ingest.read_corpus(root)
            comparison = pipeline.run(corpus=root, embedder=FakeEmbedder(), calibration=default_calibration())
        except CompareError as error:
            problem = str(error)  # a clean, one-line explanation
            assert "\n" not in problem
            return
        for document in documents:
            sentences, dropped = segment.document_sentences(document)
            kept = _words(" ".join(s.text for s in sentences) + " " + " ".join(d.text for d in dropped))
            assert kept == _words(document.body), f"words lost from {document.path}"
        files = report.report_files(comparison)
        data = json.loads(files["comparison.json"])
        for event in data["events"]:
            mentioned = {(m["document"], m["index"]) for c in event["claims"] for m in c["mentions"]}
            assert {(s["document"], s["index"]) for s in event["sentences"]} <= mentioned
        for name, text in files.items():
            if name.endswith(".md"):
                _assert_tables_well_formed(text)


def _assert_tables_well_formed(text: str) -> None:
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append(line)
            continue
        if block:
            assert len({len(md_cells(row)) for row in block}) == 1, block
            assert set(block[1].replace("|", "").strip()) <= {"-", ":", " "}
            block = []
