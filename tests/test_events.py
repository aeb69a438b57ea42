"""Grouping documents into events: front matter first, then date window and content."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pytest

from compare import contact, coverage, events, ingest, origins, pipeline, segment
from compare.evaluate import grouping_purity
from compare.events import GroupingSettings
from compare.match import default_calibration
from compare.model import Claim, Document, Event, EventComparison, Kind, Mention, PartialDate, Sentence
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


# ----- who met whom, when, and how: an invented pair of ministers who speak twice in one week

US_1 = """---
outlet: State Department
kind: readout
title: Secretary Feld's call with Foreign Minister Lindqvist
date: 2023-05-08
---
Secretary of State Omar Feld spoke today with Norlandic Foreign Minister Ana Lindqvist.
They discussed grain exports and the harbour agreement.
Secretary Feld thanked Norland for its support of the fisheries treaty.
"""
NORLAND_1 = """---
outlet: Norland Foreign Ministry
kind: readout
title: Minister Lindqvist speaks with Secretary Feld
date: 2023-05-08
---
Foreign Minister Ana Lindqvist held a telephone conversation with Secretary Feld this evening.
The Minister stressed that cooperation on the northern coast remains a priority for Norland.
"""
NEWS_1 = """---
outlet: Norland Post
title: Lindqvist and Feld talk grain
date: 2023-05-09
---
Norland's Foreign Minister Ana Lindqvist and U.S. Secretary of State Omar Feld spoke by phone on Monday, officials said.
The two ministers discussed grain exports and the harbour agreement, according to Washington.
"""
US_2 = """---
outlet: State Department
kind: readout
title: Secretary Feld's call with Foreign Minister Lindqvist
date: 2023-05-12
---
Secretary of State Omar Feld spoke today with Norlandic Foreign Minister Ana Lindqvist.
They discussed grain exports and the next round of harbour talks.
Secretary Feld thanked Norland for its support of the fisheries treaty.
"""
NEWS_2 = """---
outlet: Coastal Herald
title: Feld calls Lindqvist again
date: 2023-05-12
---
U.S. Secretary of State Omar Feld spoke with Foreign Minister Ana Lindqvist on Friday, the second call this week.
They discussed grain exports and the next round of harbour talks.
"""


def _week(tmp_path: Path, extra: dict[str, str] | None = None) -> tuple[Document, ...]:
    files = {"us-1": US_1, "norland-1": NORLAND_1, "news-1": NEWS_1, "us-2": US_2, "news-2": NEWS_2, **(extra or {})}
    for name, text in files.items():
        write(tmp_path / f"{name}.md", text)
    return ingest.read_corpus(tmp_path)


def _events_of(documents: tuple[Document, ...]) -> tuple[Event, ...]:
    return events.group_events(documents, sentence_vectors=_vectors(documents))


def test_twin_calls_stay_apart_and_both_sides_readouts_of_one_call_come_together(tmp_path: Path) -> None:
    grouped = _events_of(_week(tmp_path))
    assert sorted(sorted(d.id for d in e.documents) for e in grouped) == [
        ["news-1", "norland-1", "us-1"],
        ["news-2", "us-2"],
    ]


def test_the_event_page_data_says_why_each_document_was_placed(tmp_path: Path) -> None:
    grouped = _events_of(_week(tmp_path))
    first = next(e for e in grouped if any(d.id == "norland-1" for d in e.documents))
    placed = {p.document: p for p in first.placements}
    assert set(placed) == {"us-1", "norland-1", "news-1"}
    assert "same participants" in placed["news-1"].why and "Feld" in placed["news-1"].why
    assert '"Monday" in a 9 May article' in placed["news-1"].why
    assert not any(p.declared or p.uncertain for p in first.placements)


def test_an_undated_report_is_placed_by_the_weekday_it_names(tmp_path: Path) -> None:
    undated = NEWS_2.replace("date: 2023-05-12\n", "").replace("Coastal Herald", "Undated Weekly")
    grouped = _events_of(_week(tmp_path, {"undated": undated}))
    event = next(e for e in grouped if any(d.id == "undated" for d in e.documents))
    assert {d.id for d in event.documents} == {"us-2", "news-2", "undated"}
    placement = next(p for p in event.placements if p.document == "undated")
    assert placement.why.startswith("undated;") and '"Friday"' in placement.why


def test_an_undated_report_that_cannot_tell_the_twins_apart_is_marked_uncertain(tmp_path: Path) -> None:
    vague = (
        "---\noutlet: Vague Times\ntitle: Feld and Lindqvist talk\n---\n"
        "U.S. Secretary of State Omar Feld spoke with Foreign Minister Ana Lindqvist of Norland.\n"
        "Secretary Feld thanked Norland for its support of the fisheries treaty.\n"
    )
    grouped = _events_of(_week(tmp_path, {"vague": vague}))
    placement = next(p for e in grouped for p in e.placements if p.document == "vague")
    assert placement.uncertain and "uncertain" in placement.why


def test_a_visit_and_a_call_on_the_same_day_are_two_contacts(tmp_path: Path) -> None:
    visit = NEWS_1.replace("spoke by phone on Monday", "met in Tonsberg on Monday").replace("Norland Post", "Fjord")
    grouped = _events_of(_week(tmp_path, {"visit": visit}))
    event = next(e for e in grouped if any(d.id == "visit" for d in e.documents))
    assert [d.id for d in event.documents] == ["visit"]


def test_one_issuer_does_not_issue_two_readouts_of_one_call(tmp_path: Path) -> None:
    again = US_1.replace("the harbour agreement", "the lighthouse survey").replace("fisheries treaty", "ferry line")
    grouped = _events_of(_week(tmp_path, {"us-1b": again}))
    event = next(e for e in grouped if any(d.id == "us-1b" for d in e.documents))
    assert "us-1" not in {d.id for d in event.documents}


def test_participants_are_found_after_titles_and_matched_across_name_orders() -> None:
    names = [
        p.name
        for _, p in contact.titled_names("Foreign Minister Wang Yi spoke with Secretary of State Antony J. Blinken.")
    ]
    assert names == ["Wang Yi", "Antony J. Blinken"]
    office = contact.titled_names("The Prime Minister spoke to the President of the United States, Joe Biden, today.")
    assert [p.surname for _, p in office] == ["biden"]
    assert contact.titled_names("The spokesperson, Secretary of State Spokesperson Ned Price, said") == []
    documents = (
        Document("a", "a.md", "A", "", PartialDate(2022, 1, 6), None, Kind.NEWS, None, None, (), "", 1),
        Document("b", "b.md", "B", "", PartialDate(2022, 1, 6), None, Kind.NEWS, None, None, (), "", 1),
    )
    found = contact.profiles(
        documents,
        {
            "a": ["Mr. HAYASHI Yoshimasa held a telephone talk with Secretary of State Antony Blinken."],
            "b": ["Foreign Minister Yoshimasa Hayashi spoke with Blinken by phone."],
        },
    )
    assert set(found["a"].participants) == set(found["b"].participants)


def test_a_round_up_s_paragraph_on_another_call_is_set_apart() -> None:
    documents = (
        Document(
            "readout", "readout.md", "Ministry", "", PartialDate(2024, 3, 6), None, Kind.READOUT, None, None, (), "", 1
        ),
        Document(
            "roundup", "roundup.md", "Gazette", "", PartialDate(2024, 3, 6), None, Kind.NEWS, None, None, (), "", 1
        ),
    )

    def sentences(document: str, *paragraphs: list[str]) -> list[Sentence]:
        texts = [(number, text) for number, found in enumerate(paragraphs) for text in found]
        return [Sentence(document, i, text, i + 1, number) for i, (number, text) in enumerate(texts)]

    readout = sentences(
        "readout",
        [
            "Foreign Minister Ida Marren spoke with Secretary of State Ole Brask about the port.",
            "They agreed to reopen it.",
        ],
    )
    the_call = ["Foreign Minister Ida Marren spoke with Secretary of State Ole Brask and Minister Tor Lund."]
    another_call = [
        "Defense Minister Kai Holm had a phone call with Secretary of Defense Per Dahl.",
        "A statement after the call said they agreed to reopen the port by May.",
        "Marren will visit the port next week.",  # names a participant: about the event again
    ]
    found = contact.other_contacts(
        documents, {"readout": readout, "roundup": sentences("roundup", the_call, another_call)}
    )
    assert {(s.document, s.index) for s in found} == {("roundup", 1), ("roundup", 2)}
    # The clean twin: a round-up of the one call sets nothing apart, though it names a third person.
    clean = sentences("roundup", the_call, ["They agreed to reopen the port by May."])
    assert contact.other_contacts(documents, {"readout": readout, "roundup": clean}) == frozenset()
    # Someone named in a call's sentence is not whom the call was with unless the sentence says so.
    lead = ["Foreign Minister Ida Marren spoke by phone with her counterpart about President Ivo Sten's visit."]
    aside = sentences("roundup", [*lead, "They agreed to reopen the port by May."])
    assert contact.other_contacts(documents, {"readout": readout, "roundup": aside}) == frozenset()
    # Without two documents agreeing on who spoke, nothing is "another" contact: one document alone
    # names a pair, or two name two pairs.
    roundup = sentences("roundup", the_call, another_call)
    no_pair = sentences("readout", ["The port will reopen in May."])
    assert contact.other_contacts(documents, {"readout": no_pair, "roundup": roundup}) == frozenset()
    other_pair = sentences("readout", ["Defense Minister Kai Holm spoke with Secretary of Defense Per Dahl."])
    assert contact.other_contacts(documents, {"readout": other_pair, "roundup": roundup}) == frozenset()
    # Two against one: the two decide.
    third = Document("post", "post.md", "Post", "", PartialDate(2024, 3, 6), None, Kind.NEWS, None, None, (), "", 1)
    post = sentences("post", ["Defense Minister Kai Holm spoke with Secretary of Defense Per Dahl."])
    by_two = {"readout": readout, "roundup": roundup, "post": post}
    assert {(s.document, s.index) for s in contact.other_contacts((*documents, third), by_two)} == {
        ("roundup", 1),
        ("roundup", 2),
        ("post", 0),
    }


def test_the_day_of_a_contact_is_resolved_from_the_words_of_its_sentence() -> None:
    wednesday = PartialDate(2024, 3, 13)
    assert contact.day_clue("Ruto on Wednesday held a call with Blinken.", wednesday).day == dt.date(2024, 3, 13)
    assert contact.day_clue("Blinken spoke yesterday with Ruto.", wednesday).day == dt.date(2024, 3, 12)
    assert contact.day_clue("They spoke on Saturday, March 9.", PartialDate(2024, 3, 10)).day == dt.date(2024, 3, 9)
    # A quoted "today" is the quoted release's, not the article's: the article's Tuesday counts.
    quoted = contact.day_clue('"Biden spoke today with Sunak," the release said on Tuesday.', PartialDate(2022, 10, 26))
    assert quoted.day == dt.date(2022, 10, 25)
    undated = contact.day_clue("They spoke on Friday.", None)
    assert (undated.day, undated.weekday) == (None, 4)


# ----- one origin, counted once

WIRE = (
    "The harbour authority said on Tuesday that the northern pier will reopen next month after repairs.\n"
    "Repairs cost 40 million crowns and were paid by the port fund, officials said.\n"
    "Fishing boats have used the southern pier since the storm in January.\n"
)


def test_a_wire_story_printed_by_three_outlets_is_one_origin(tmp_path: Path) -> None:
    for outlet in ("Post", "Herald", "Gazette"):
        write(tmp_path / f"{outlet.lower()}.md", f"---\noutlet: {outlet}\ntitle: Pier\ndate: 2023-02-07\n---\n{WIRE}")
    write(
        tmp_path / "own.md",
        "---\noutlet: Own Reporter\ntitle: Pier\ndate: 2023-02-07\n---\n"
        "The northern pier will reopen next month, the harbour authority said on Tuesday.\n"
        "Skippers said the southern pier was crowded all winter.\n",
    )
    documents = ingest.read_corpus(tmp_path)
    sentences = {d.id: [s.text for s in segment.document_sentences(d)[0]] for d in documents}
    reprints = origins.find_reprints(documents, sentences)
    assert {(r.document, r.original) for r in reprints} == {("post", "gazette"), ("herald", "gazette")}
    assert all("word for word" in r.why for r in reprints)
    # Coverage counts the origin once: a claim the three copies carry is not an agreement.
    event = Event("pier", "Pier", PartialDate(2023, 2, 7), documents, "date and content", reprints)
    only_copies = Claim("c01", (Mention("post", 1), Mention("herald", 1), Mention("gazette", 1)))
    with_own = Claim("c02", (Mention("post", 0), Mention("own", 0)))
    comparison = EventComparison(event, (), (only_copies, with_own))
    covered = {c.document.id: c for c in coverage.event_coverage(comparison)}
    assert covered["own"].shared_total == 1
    assert [c.id for c in covered["gazette"].only_here] == ["c01"]
    assert not coverage.independently_shared(only_copies, event)


def test_a_story_that_quotes_two_lines_of_a_readout_is_not_a_reprint(tmp_path: Path) -> None:
    readout = (
        "Secretary Feld spoke with Minister Lindqvist today. "
        "They discussed grain exports and the harbour agreement. They agreed to meet soon."
    )
    news = (
        "Secretary Feld spoke with Minister Lindqvist today. They discussed grain exports and the harbour agreement.\n"
        "The call came a week after a storm closed the northern pier.\n"
        "Fishing crews say the southern pier cannot take the winter fleet.\n"
        "The ministry gave no date for the next meeting of the harbour commission.\n"
    )
    write(
        tmp_path / "readout.md", f"---\noutlet: State\nkind: readout\ntitle: Call\ndate: 2023-05-08\n---\n{readout}\n"
    )
    write(tmp_path / "news.md", f"---\noutlet: Post\ntitle: Call\ndate: 2023-05-08\n---\n{news}")
    documents = ingest.read_corpus(tmp_path)
    sentences = {d.id: [s.text for s in segment.document_sentences(d)[0]] for d in documents}
    assert origins.find_reprints(documents, sentences) == ()


# ----- grouping scores


def test_grouping_scores_pairs_and_b_cubed_and_names_the_misplaced() -> None:
    gold = [["a", "b", "c"], ["d"]]
    split = grouping_purity([["a", "b"], ["c"], ["d"]], gold)
    assert (split.pair_precision, split.pair_recall) == (1.0, pytest.approx(1 / 3))
    assert split.bcubed_precision == 1.0
    assert split.bcubed_recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1) / 4)
    assert split.misplaced == ("split into 2: a, b | c",)
    merged = grouping_purity([["a", "b", "c", "d"]], gold)
    assert merged.pair_precision == pytest.approx(3 / 6) and merged.pair_recall == 1.0
    assert merged.misplaced and "with others: d" in merged.misplaced[0]


def test_through_the_pipeline_a_wire_story_in_three_papers_agrees_with_nothing_but_other_origins(
    tmp_path: Path,
) -> None:
    for outlet in ("Post", "Herald", "Gazette"):
        write(tmp_path / f"{outlet.lower()}.md", f"---\noutlet: {outlet}\ntitle: Pier\ndate: 2023-02-07\n---\n{WIRE}")
    write(
        tmp_path / "own.md",
        "---\noutlet: Own Reporter\ntitle: Pier\ndate: 2023-02-07\n---\n"
        "The harbour authority said on Tuesday that the northern pier will reopen next month after repairs.\n"
        "Skippers said the southern pier was crowded all winter.\n",
    )
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    [event] = comparison.events
    assert {r.document for r in event.event.reprints} == {"post", "herald"}
    covered = {c.document.id: c for c in coverage.event_coverage(event)}
    # Only the reopening is carried by two origins (the wire and the own reporter); the repair cost
    # and the southern pier are carried by the three copies of one story, which is one origin.
    assert covered["own"].shared_total == 1
    assert covered["gazette"].coverage == 1.0
    assert len(covered["gazette"].only_here) == 2


def test_a_suffixed_event_id_never_takes_a_declared_one() -> None:
    # Two automatic events titled "call" and one declared "call-2": three pages, none overwritten.
    def event(event_id: str, grouped_by: str) -> Event:
        return Event(event_id, "Call", None, (), grouped_by)

    found = events._unique_ids([event("call", "found"), event("call", "found"), event("call-2", "front matter")])
    assert [e.id for e in found] == ["call", "call-3", "call-2"]


def test_a_readout_reprinted_days_later_is_read_against_the_day_it_was_issued(tmp_path: Path) -> None:
    # Printed on the 11th, the day before the second call: its "today" is the 8th, as `issued:` says.
    reprint = US_1.replace("outlet: State Department\nkind: readout", "outlet: Harbour Gazette\nkind: readout")
    reprint = reprint.replace("date: 2023-05-08", "date: 2023-05-11\nissued: 2023-05-08")
    grouped = _events_of(_week(tmp_path, {"gazette": reprint}))
    event = next(e for e in grouped if any(d.id == "gazette" for d in e.documents))
    assert "us-1" in {d.id for d in event.documents}
    placement = next(p for p in event.placements if p.document == "gazette")
    assert '"today" in a text issued 8 May' in placement.why
    # Without `issued:`, or with only its month, its "today" is the 11th, closer to the second call.
    for undeclared in (reprint.replace("issued: 2023-05-08\n", ""), reprint.replace("2023-05-08\n", "2023-05\n")):
        grouped = _events_of(_week(tmp_path, {"gazette": undeclared}))
        event = next(e for e in grouped if any(d.id == "gazette" for d in e.documents))
        assert "us-1" not in {d.id for d in event.documents}


def test_an_event_whose_readout_has_no_title_is_named_by_a_headline_or_by_who_spoke(tmp_path: Path) -> None:
    untitled = US_2.replace("title: Secretary Feld's call with Foreign Minister Lindqvist\n", "")
    grouped = _events_of(_week(tmp_path, {"us-2": untitled}))
    second = next(e for e in grouped if any(d.id == "us-2" for d in e.documents))
    assert second.title == "Feld calls Lindqvist again"
    headline_less = NEWS_2.replace("title: Feld calls Lindqvist again\n", "")
    grouped = _events_of(_week(tmp_path, {"us-2": untitled, "news-2": headline_less}))
    second = next(e for e in grouped if any(d.id == "us-2" for d in e.documents))
    assert second.title == "Phone call between Omar Feld and Ana Lindqvist"
