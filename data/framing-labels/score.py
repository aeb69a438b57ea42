"""Score the framing findings of a run against labels made by reading the sources.

    .venv/bin/python data/framing-labels/score.py /work/devcopy/keyed data/framing-labels/dev.jsonl

A finding is matched to its label by event, kind, documents and the first words of each piece of
evidence (ids shift when alignment changes; these survive better). Prints, per kind, the findings
the report shows (confidence at or above FramingSettings.shown_confidence) and those it only
counts, with how many were labelled correct, trivial or wrong, and how many have no label yet; then,
per event, the shown findings by label beside the correct ones the run before the framing work made.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from compare import pipeline
from compare.cli import make_embedder
from compare.embed import DEFAULT_MODEL
from compare.framing import FramingSettings
from compare.match import default_calibration
from compare.model import FramingKind


def key(event: str, kind: str, evidence: list[tuple[str, str]]) -> str:
    words = [" ".join(w.split()[:6]) for _, w in evidence]
    return json.dumps([event, kind, sorted({d for d, _ in evidence}), words], ensure_ascii=False)


def main(corpus: Path, labels_file: Path) -> None:
    labels = {}
    for line in labels_file.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[json.dumps([row["event"], row["kind"], row["documents"], row["words"]], ensure_ascii=False)] = row
    embedder = make_embedder(model=DEFAULT_MODEL, cache_dir=None, no_cache=False, quiet=True)
    comparison = pipeline.run(corpus=corpus, embedder=embedder, calibration=default_calibration())
    shown_at = FramingSettings().shown_confidence
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    per_event: dict[str, Counter[str]] = defaultdict(Counter)
    for ec in comparison.events:
        per_event[ec.event.id]["shown"] += 0
        for f in ec.findings:
            row = labels.get(key(ec.event.id, f.kind.value, [(e.document, e.words) for e in f.evidence]))
            where = "shown" if f.confidence >= shown_at else "counted"
            label = row["label"] if row else "unlabelled"
            counts[(where, f.kind.value)][label] += 1
            if where == "shown":
                per_event[ec.event.id]["shown"] += 1
                per_event[ec.event.id][label] += 1
    # Every kind, shown and counted, even where the run made none: a kind missing from the table
    # would look measured.
    for where, kind in sorted({(w, k.value) for w in ("counted", "shown") for k in FramingKind}):
        c = counts[(where, kind)]
        n = sum(c.values())
        labelled = n - c["unlabelled"]
        precision = f"{c['correct'] / labelled:.2f}" if labelled else "-"
        print(
            f"{where:8} {kind:12} n={n:3} correct={c['correct']:3} trivial={c['trivial']:3} wrong={c['wrong']:3} "
            f"unlabelled={c['unlabelled']:3} precision={precision}"
        )
    for where in ("counted", "shown"):
        total = sum((c for (w, _), c in counts.items() if w == where), Counter())
        labelled = sum(total.values()) - total["unlabelled"]
        precision = f"{total['correct'] / labelled:.2f}" if labelled else "-"
        print(f"{where:8} {'all':12} n={sum(total.values()):3} correct={total['correct']:3} precision={precision}")
    # Correct findings shown per event, beside those the run before the framing work showed (all it made).
    before = Counter(r["event"] for r in labels.values() if r["label"] == "correct" and "before" in r["seen_in"])
    for event, c in sorted(per_event.items()):
        print(
            f"event {event:36} shown={c['shown']:3} correct={c['correct']:3} trivial={c['trivial']:3} "
            f"wrong={c['wrong']:3} unlabelled={c['unlabelled']:3} correct-before-the-work={before[event]:3}"
        )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
