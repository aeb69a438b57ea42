"""How long event grouping takes as the corpus grows (sentence vectors given, no model).

Invented corpora: calls between pairs of named ministers over two years, five reports each, with
a few shared sentences per call; one report in 25 is undated. Prints documents, events found, CPU
and wall seconds (the machine may be shared), and pairwise precision / recall against the planted
events. Run: .venv/bin/python benchmarks/grouping_scale.py [sizes...]
"""

from __future__ import annotations

import datetime as dt
import itertools
import sys
import time

import numpy as np

from compare import events
from compare.model import Document, Kind, PartialDate

DIMENSIONS = 384
SENTENCES = 15
REPORTS_PER_CALL = 5
SYLLABLES = ["ka", "lo", "ven", "dri", "mar", "tus", "bel", "or", "sen", "vik", "ra", "ne", "tol", "gar"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _name(rng: np.random.Generator) -> str:
    return "".join(rng.choice(SYLLABLES, size=3)).capitalize()


def corpus(
    documents: int, seed: int = 7
) -> tuple[list[Document], dict[str, np.ndarray], dict[str, list[str]], dict[str, int]]:
    rng = np.random.default_rng(seed)
    people = sorted({_name(rng) for _ in range(2000)})
    calls = documents // REPORTS_PER_CALL
    docs: list[Document] = []
    vectors: dict[str, np.ndarray] = {}
    texts: dict[str, list[str]] = {}
    truth: dict[str, int] = {}
    start = PartialDate(2022, 1, 1).first_day().toordinal()
    for call in range(calls):
        first, second = rng.choice(len(people), size=2, replace=False)
        day = start + int(rng.integers(0, 730))
        shared = rng.normal(size=(4, DIMENSIONS))
        for report in range(REPORTS_PER_CALL):
            published = day + int(rng.integers(0, 2))
            # One report in 25 is undated: placed by its weekday, names and shared sentences.
            date = None if (call % 5 == 0 and report == 4) else PartialDate.from_date(dt.date.fromordinal(published))
            weekday = WEEKDAYS[dt.date.fromordinal(day).weekday()]
            doc_id = f"c{call:05d}-r{report}"
            lede = (
                f"Foreign Minister {people[first]} spoke by phone on {weekday} with "
                f"Secretary of State {people[second]}, officials said."
            )
            own = rng.normal(size=(SENTENCES - 3, DIMENSIONS))
            rows = np.vstack(
                [shared[:2] + 0.1 * rng.normal(size=(2, DIMENSIONS)), own, rng.normal(size=(1, DIMENSIONS))]
            )
            rows /= np.linalg.norm(rows, axis=1, keepdims=True)
            docs.append(
                Document(
                    doc_id,
                    f"{doc_id}.md",
                    f"Outlet {report}",
                    f"Report {doc_id}",
                    date,
                    None,
                    Kind.NEWS,
                    None,
                    None,
                    (),
                    "",
                    1,
                )
            )
            vectors[doc_id] = rows.astype(np.float32)
            texts[doc_id] = [lede, *(f"Sentence {i} of report {doc_id}." for i in range(SENTENCES - 1))]
            truth[doc_id] = call
    return docs, vectors, texts, truth


def main(sizes: list[int]) -> None:
    print(f"{'documents':>9} {'events':>7} {'CPU s':>7} {'wall s':>7} {'pair P':>7} {'pair R':>7}")
    for size in sizes:
        docs, vectors, texts, truth = corpus(size)
        began, cpu = time.perf_counter(), time.process_time()
        grouped = events.group_events(docs, sentence_vectors=vectors, sentences=texts)
        seconds, cpu = time.perf_counter() - began, time.process_time() - cpu
        found = {d.id: i for i, e in enumerate(grouped) for d in e.documents}
        ids = sorted(truth)
        by_event: dict[int, list[str]] = {}
        for d in ids:
            by_event.setdefault(found[d], []).append(d)
        predicted = {frozenset(p) for g in by_event.values() for p in itertools.combinations(g, 2)}
        by_truth: dict[int, list[str]] = {}
        for d in ids:
            by_truth.setdefault(truth[d], []).append(d)
        planted = {frozenset(p) for g in by_truth.values() for p in itertools.combinations(g, 2)}
        tp, fp, fn = len(predicted & planted), len(predicted - planted), len(planted - predicted)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{size:9d} {len(grouped):7d} {cpu:7.2f} {seconds:7.2f} {precision:7.3f} {recall:7.3f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 1000, 2000, 5000])
