"""The glance layer: claim labels, the claim × source matrix, the biggest divergences, marked words."""

from __future__ import annotations

import cmarkgfm

from compare import markdown as md
from compare.matrix import (
    Cell,
    claim_labels,
    differing_spans,
    divergences,
    event_matrix,
)
from compare.model import (
    Claim,
    Document,
    Event,
    EventComparison,
    Evidence,
    Finding,
    FramingKind,
    Kind,
    Mention,
    Sentence,
)


def _document(name: str, kind: Kind = Kind.NEWS) -> Document:
    return Document(
        id=name, path=f"{name}.md", outlet=name.title(), title=name, date=None, url=None, kind=kind,
        issuer=None, event=None, aliases=(), body="", body_line=1,
    )  # fmt: skip


READOUT = _document("ministry", Kind.READOUT)
POST = _document("post")
STAR = _document("star")
SENTENCES = {
    ("ministry", 0): "Minister Alder spoke by phone with General Birch on Wednesday.",
    ("ministry", 1): "The two discussed the withdrawal of 1,200 troops from the northern valley.",
    ("post", 0): "Alder spoke Wednesday with Borland's army chief about the withdrawal of more than 1,200 troops.",
    ("star", 0): "General Birch told Alder that Borland backs the ceasefire talks.",
    ("star", 1): "Around 1,200 troops are expected to leave the northern valley.",
    ("post", 1): "Harbour cranes were repaired after the storm.",
}


def _event(findings: tuple[Finding, ...] = ()) -> EventComparison:
    sentences = tuple(Sentence(d, i, t, line=10 + i) for (d, i), t in SENTENCES.items())
    claims = (
        Claim("c01", (Mention("ministry", 0), Mention("post", 0, partial=True, part="Alder spoke Wednesday"))),
        Claim("c02", (Mention("ministry", 1), Mention("post", 0, partial=True), Mention("star", 1))),
        Claim("c03", (Mention("star", 0),)),
        Claim("c04", (Mention("post", 1),)),
    )
    event = Event("call", "Alder and Birch call", None, (READOUT, POST, STAR), "front matter")
    return EventComparison(event=event, sentences=sentences, claims=claims, findings=findings)


NUMBERS = Finding(
    id="numbers-1",
    claim="c02",
    kind=FramingKind.NUMBERS,
    summary="1,200: exact in Ministry, “more than” in Post",
    why="same number, hedged differently",
    evidence=(Evidence("ministry", 1, "1,200 troops"), Evidence("post", 0, "more than 1,200 troops")),
    significance=0.7,
)


def test_matrix_rows_are_shared_and_readout_claims_with_a_cell_per_source() -> None:
    matrix = event_matrix(_event((NUMBERS,)))
    assert [row.claim.id for row in matrix.rows] == ["c01", "c02"]  # c03, c04: one outlet only
    c01, c02 = matrix.rows
    assert [cell.state for cell in c01.cells] == [Cell.SAME, Cell.SAME, Cell.MISSING]
    assert [cell.state for cell in c02.cells] == [Cell.FRAMED, Cell.FRAMED, Cell.SAME]
    assert c02.cells[1].text == "◐ numbers"
    assert matrix.same.startswith("carried as the readout")
    assert matrix.only_here == (("Post", 1), ("Star", 1))


def test_without_findings_every_carried_cell_is_as_said() -> None:
    matrix = event_matrix(_event())
    assert all(cell.state is not Cell.FRAMED for row in matrix.rows for cell in row.cells)


def test_labels_are_words_of_the_claims_own_text() -> None:
    ec = _event()
    labels = claim_labels(ec)
    texts = " ".join(SENTENCES.values())
    for claim, label in labels.items():
        assert label in texts, f"{claim}: {label!r} is not taken from the text"
        assert 1 <= len(label.split()) <= 6
    # The words the sources share name the claim, not the wording one source added.
    assert "1,200 troops" in labels["c02"]


def test_the_biggest_divergence_quotes_both_sides() -> None:
    (first, *rest) = divergences(_event((NUMBERS,)))
    assert first.claim == "c02" and first.what == "same number, hedged differently"
    assert [(s.document, s.words, s.quoted) for s in first.sides] == [
        ("ministry", "1,200 troops", True),
        ("post", "more than 1,200 troops", True),
    ]
    # With fewer than three framing differences, readout claims others left out fill the list.
    assert rest and all(d.kind is None and d.what.startswith("not reported by") for d in rest)


def test_a_difference_both_sides_show_in_their_words_ranks_above_a_described_one() -> None:
    described = Finding(
        id="attribution-1", claim="c01", kind=FramingKind.ATTRIBUTION, summary="Post attributes it; Ministry does not",
        why="attributed in one source, stated as fact in another",
        evidence=(Evidence("post", 0, "Borland"), Evidence("ministry", 0, "no attribution")), significance=0.8,
    )  # fmt: skip
    found = divergences(_event((described, NUMBERS)))
    assert [d.claim for d in found[:2]] == ["c02", "c01"]
    # A side that is not the source's own words is not shown as a quotation.
    assert [s.quoted for s in found[1].sides] == [True, False]


def test_marked_words_are_those_the_reference_does_not_use() -> None:
    text = "around 7,000 NATO troops"
    spans = differing_spans(text, ["more than 7,000 allied forces"])
    assert [text[a:b] for a, b in spans] == ["around", "NATO troops"]
    assert md.marked(text, spans) == "**around** 7,000 **NATO troops**"


def test_marked_text_is_escaped_inside_and_outside_the_bold() -> None:
    text = "the *new* <b>plan</b> | [x](http://evil.example)"
    spans = differing_spans(text, ["the plan"])
    html = cmarkgfm.github_flavored_markdown_to_html(md.marked(text, spans))
    assert "<b>" not in html and "<a " not in html and "&lt;b&gt;plan&lt;/b&gt;" in html
    assert "*<strong>new</strong>*" in html  # the source's own asterisks stay literal


def test_of_many_sources_the_divergence_quotes_the_two_that_differ_most() -> None:
    actors = Finding(
        id="actors-1", claim="c01", kind=FramingKind.ACTORS, summary="Birch named in some, described in others",
        why="a person named in one source is only described in another",
        evidence=(
            Evidence("ministry", 0, "General Birch"),
            Evidence("post", 0, "General Ivo Birch"),
            Evidence("star", 0, "Borland's army chief"),
        ),
        significance=0.5,
    )  # fmt: skip
    (first, *_) = divergences(_event((actors,)))
    assert [s.words for s in first.sides] == ["General Birch", "Borland's army chief"]
    assert first.more == 1
