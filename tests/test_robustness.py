"""Hostile and oversized input, and interrupted runs."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from compare import output, pipeline, report
from compare.match import default_calibration
from tests.conftest import ROOT, FakeEmbedder, write


def _run(corpus: Path) -> pipeline.Comparison:
    return pipeline.run(corpus=corpus, embedder=FakeEmbedder(), calibration=default_calibration())


def test_a_document_of_20000_sentences(tmp_path: Path) -> None:
    sentences = [f"Delegation number {i} met the minister in the capital on a Monday." for i in range(20_000)]
    write(tmp_path / "long.md", "---\ntitle: Long\n---\n" + " ".join(sentences) + "\n")
    write(
        tmp_path / "short.md",
        "---\ntitle: Short\n---\nDelegation number 7 met the minister in the capital on a Monday.\n",
    )
    comparison = _run(tmp_path)
    counted = sum(len(ec.sentences) for ec in comparison.events)
    assert counted == 20_001


def test_one_gigantic_sentence_without_punctuation(tmp_path: Path) -> None:
    words = " ".join(f"word{i % 997}" for i in range(200_000))  # about 1.5 MB, no full stop anywhere
    write(tmp_path / "giant.txt", words)
    comparison = _run(tmp_path)
    (event,) = comparison.events
    assert all(len(s.text) <= 1_000 for s in event.sentences)
    assert " ".join(s.text for s in event.sentences).split() == words.split()


def test_a_corpus_that_is_not_english_says_so(tmp_path: Path) -> None:
    german = (
        "Der Verteidigungsminister sprach am Mittwoch mit dem pakistanischen Armeechef über die regionale "
        "Sicherheit und den Abzug der ausländischen Truppen aus Afghanistan. Beide Seiten vereinbarten, die "
        "Zusammenarbeit fortzusetzen und die bilateralen Beziehungen zu vertiefen, hieß es in einer Erklärung."
    )
    write(tmp_path / "de.md", f"---\ntitle: Gespräch\n---\n{german}\n")
    comparison = _run(tmp_path)
    assert any("does not look like English" in w for w in comparison.warnings)
    assert "does not look like English" in report.render_index(comparison)


def test_an_event_with_one_source_is_reported(tmp_path: Path) -> None:
    write(tmp_path / "only.md", "---\ntitle: Only\ndate: 2021-04-28\n---\nThe minister met the envoy on Monday.\n")
    (event,) = _run(tmp_path).events
    assert len(event.claims) == 1
    assert "nothing to compare" in report.render_event(event)


def test_event_slugs_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write(corpus / "a.md", "---\ntitle: ../../../etc/passwd\n---\nThe minister met the envoy on Monday.\n")
    files = report.report_files(_run(corpus))
    written = output.write_files(tmp_path / "out", files)
    assert all(p.parent == tmp_path / "out" for p in written)


KILL_SCRIPT = """
import sys
from pathlib import Path
from compare import output, pipeline, report
from compare.match import default_calibration
from tests.conftest import FakeEmbedder
corpus, out = Path(sys.argv[1]), Path(sys.argv[2])
comparison = pipeline.run(corpus=corpus, embedder=FakeEmbedder(), calibration=default_calibration())
print("writing", flush=True)
output.write_files(out, report.report_files(comparison))
print("done", flush=True)
"""


def _day(number: int) -> str:
    """A distinct date a week apart per event, so events do not merge by date."""
    import datetime as dt

    return (dt.date(2000, 1, 1) + dt.timedelta(days=7 * number)).isoformat()


def _make_corpus(root: Path, events: int, variant: str) -> None:
    for number in range(events):
        for source in ("Wire", "Ledger"):
            write(
                root / f"e{number:04d}-{source}.md",
                f"---\noutlet: {source}\ntitle: Event {number} {variant}\ndate: {_day(number)}\n---\n"
                f"The envoy {number} met the minister about harbour {number} {variant}.\n\n"
                f"Talks on the {number} border dispute will continue next {variant} week.\n",
            )


@pytest.mark.parametrize("delay", [0.3, 0.9, 1.6, 2.4])
def test_killed_mid_run_leaves_every_report_complete(tmp_path: Path, delay: float) -> None:
    """Start a run over a large corpus, SIGKILL it at some point, check no report is torn."""
    old_corpus, new_corpus, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    _make_corpus(old_corpus, 300, "alpha")
    _make_corpus(new_corpus, 300, "beta")
    output.write_files(out, report.report_files(_run(old_corpus)))
    old = {p.name: p.read_bytes() for p in out.iterdir() if not p.name.startswith(".")}
    new = report.report_files(_run(new_corpus))
    process = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(new_corpus), str(out)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for path in out.iterdir():
        if path.name.startswith("."):
            continue
        content = path.read_bytes()
        assert content in (old.get(path.name), new.get(path.name, "").encode()), f"{path.name} is torn"
        if path.suffix == ".json":
            json.loads(content)
    # Whatever happened, the next run completes and leaves no temporary files behind.
    output.write_files(out, new)
    assert not list(out.glob(".compare-*.tmp"))
    assert {p.name for p in out.iterdir() if not p.name.startswith(".")} == set(new)
