"""Grouping documents into events: front matter first, then date window and content."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from compare import events, ingest, pipeline
from compare.events import GroupingSettings
from compare.model import Document, Kind, PartialDate
from tests.conftest import CORPUS, FakeEmbedder, write

CALL = {
    "news/rferl-2021-04-29-austin-bajwa-drawdown",
    "news/voa-2021-04-28-pakistan-us-discuss-afghan-drawdown",
    "readouts/pentagon-2021-04-28",
    "readouts/ispr-2021-04-28",
}


def _group(documents: tuple[Document, ...], vectors: dict[str, np.ndarray]) -> list[set[str]]:
    grouped = events.group_events(documents, sentence_vectors=vectors)
    return [{d.id for d in e.documents} for e in grouped]


def _vectors(documents: tuple[Document, ...]) -> dict[str, np.ndarray]:
    prepared = pipeline.prepare(documents, embedder=FakeEmbedder(), warnings=[])
    return pipeline.sentence_vectors(prepared)


def test_seed_corpus_forms_four_events_without_event_keys() -> None:
    documents = ingest.read_corpus(CORPUS)
    assert all(d.event is None for d in documents)
    groups = _group(documents, _vectors(documents))
    assert len(groups) == 4
    assert CALL in groups


def test_front_matter_event_wins_over_dates_and_content(tmp_path: Path) -> None:
    for name, event, date in (("a", "one", "2021-01-01"), ("b", "one", "2022-06-01"), ("c", "two", "2021-01-01")):
        write(
            tmp_path / f"{name}.md",
            f"---\ntitle: {name}\nevent: {event}\ndate: {date}\n---\nThe same words in every file here.\n",
        )
    documents = ingest.read_corpus(tmp_path)
    grouped = events.group_events(documents, sentence_vectors=_vectors(documents))
    assert {e.id: {d.id for d in e.documents} for e in grouped} == {"one": {"a", "b"}, "two": {"c"}}
    assert all(e.grouped_by == "front matter" for e in grouped)


def test_similar_documents_on_distant_dates_stay_apart(tmp_path: Path) -> None:
    text = "The defence ministers discussed border security and troop withdrawal today.\n"
    write(tmp_path / "a.md", f"---\ntitle: a\ndate: 2021-04-28\n---\n{text}")
    write(tmp_path / "b.md", f"---\ntitle: b\ndate: 2021-04-29\n---\n{text}")
    write(tmp_path / "c.md", f"---\ntitle: c\ndate: 2021-06-15\n---\n{text}")
    documents = ingest.read_corpus(tmp_path)
    assert sorted(map(sorted, _group(documents, _vectors(documents)))) == [["a", "b"], ["c"]]


def test_unrelated_documents_on_the_same_day_stay_apart(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\ntitle: a\ndate: 2021-04-28\n---\nThe defence ministers discussed border security.\n")
    write(
        tmp_path / "b.md", "---\ntitle: b\ndate: 2021-04-28\n---\nThe harbour reopened after storm repairs finished.\n"
    )
    documents = ingest.read_corpus(tmp_path)
    assert len(_group(documents, _vectors(documents))) == 2


def test_automatic_documents_never_merge_two_declared_events() -> None:
    def doc(name: str, event: str | None) -> Document:
        return Document(
            name, f"{name}.md", name, name, PartialDate(2021, 4, 28), None, Kind.NEWS, None, event, (), "x", 1
        )

    documents = (doc("a", "one"), doc("b", "two"), doc("c", None), doc("d", None))
    same = np.ones((1, 4), dtype=np.float32) / 2
    grouped = events.group_events(documents, sentence_vectors={d.id: same for d in documents})
    declared = [sorted(d.id for d in e.documents) for e in grouped if e.grouped_by == "front matter"]
    assert len(declared) == 2
    assert not any({"a", "b"} <= set(g) for g in declared)


def test_event_ids_are_slugs_and_unique() -> None:
    def doc(name: str) -> Document:
        return Document(
            name,
            f"{name}.md",
            name,
            "Talks: Pakistan/US ../ agree!",
            PartialDate(2021, 4, 28),
            None,
            Kind.NEWS,
            None,
            None,
            (),
            "x",
            1,
        )

    documents = (doc("a"), doc("b"))
    vectors = {"a": np.array([[1.0, 0.0]], dtype=np.float32), "b": np.array([[0.0, 1.0]], dtype=np.float32)}
    grouped = events.group_events(documents, sentence_vectors=vectors, settings=GroupingSettings())
    ids = [e.id for e in grouped]
    assert len(set(ids)) == 2
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids)


def test_daily_coverage_of_one_story_does_not_chain_into_a_month_long_event() -> None:
    def doc(day: int) -> Document:
        return Document(
            f"d{day:02d}",
            f"d{day}.md",
            "Wire",
            f"Day {day}",
            PartialDate(2021, 5, day),
            None,
            Kind.NEWS,
            None,
            None,
            (),
            "x",
            1,
        )

    documents = tuple(doc(day) for day in range(1, 29))
    same = np.ones((1, 4), dtype=np.float32) / 2  # every day's report shares everything with the next
    grouped = events.group_events(documents, sentence_vectors={d.id: same for d in documents})
    for event in grouped:
        days = [d.date.first_day() for d in event.documents if d.date]
        assert (max(days) - min(days)).days <= events.DEFAULT_WINDOW_DAYS


def test_shared_share_counts_close_sentences_of_the_shorter_document() -> None:
    a = np.eye(4, dtype=np.float32)[[0, 1]]
    b = np.eye(4, dtype=np.float32)[[0, 2, 3]]
    assert events.shared_share(a, b) == 0.5
    assert events.shared_share(a, np.zeros((0, 4), dtype=np.float32)) == 0.0
