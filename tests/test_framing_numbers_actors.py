"""Numbers compared only when they count the same thing; the same act given to another person.

Invented mini-corpora: each planted divergence has a clean twin that must not be flagged.
"""

from __future__ import annotations

from compare import framing
from compare.framing import FramingSettings, quantities
from compare.model import Claim, Event, Finding, Kind, Mention, PartialDate, Rule, Sentence
from tests.test_frame import _document, _findings

MINISTRY = _document("Ministry", kind=Kind.READOUT, issuer="Ministry")
POST = _document("Post")
STAR = _document("Star")


# ------------------------------------------------------------------------------------------ numbers


def test_amounts_of_money_with_a_scale_word_are_compared() -> None:
    (finding,) = _findings(
        (POST, "The donors pledged $240 million in aid to the region after the storm."),
        (STAR, "The donors pledged $420 million in aid to the region after the storm."),
        kind="numbers",
    )
    assert finding.rule is Rule.NUMBERS
    assert [e.words for e in finding.evidence] == ["$240 million in aid", "$420 million in aid"]


def test_the_same_amount_of_money_is_no_finding() -> None:
    assert not _findings(
        (POST, "The donors pledged $240 million in aid to the region after the storm."),
        (STAR, "After the storm, donors pledged $240 million in aid to the region."),
        kind="numbers",
    )


def test_the_unit_is_the_head_of_the_noun_phrase_not_the_next_word() -> None:
    (monitors,) = quantities("Some 1,200 international monitors along the border will stay.")
    assert monitors.unit == "monitor"
    assert monitors.words == "Some 1,200 international monitors"
    (finding,) = _findings(
        (POST, "Some 1,200 international monitors along the border will stay."),
        (STAR, "Some 1,500 international monitors along the border will stay."),
        kind="numbers",
    )
    assert [e.words for e in finding.evidence] == [
        "Some 1,200 international monitors",
        "Some 1,500 international monitors",
    ]


def test_numbers_of_different_things_are_not_a_disagreement() -> None:
    assert not _findings(
        (POST, "The drawdown covers around 7,000 NATO troops in the country."),
        (STAR, "The drawdown covers the 2,500 U.S. troops in the country."),
        kind="numbers",
    )


def test_numbers_of_the_same_qualified_thing_disagree() -> None:
    (finding,) = _findings(
        (POST, "The drawdown covers around 7,000 NATO troops in the country."),
        (STAR, "The drawdown covers around 9,000 NATO troops in the country."),
        kind="numbers",
    )
    assert [e.words for e in finding.evidence] == ["around 7,000 NATO troops", "around 9,000 NATO troops"]


def _event_numbers(post: str, star: str) -> list[Finding]:
    """Numbers findings of two one-sentence sources that are not aligned into one claim."""
    sentences = [Sentence(POST.id, 0, post, 1), Sentence(STAR.id, 0, star, 1)]
    claims = [Claim("c01", (Mention(POST.id, 0),)), Claim("c02", (Mention(STAR.id, 0),))]
    event = Event("e", "E", PartialDate(2021, 4, 28), (POST, STAR), "front matter")
    found = framing.find_framing(event=event, sentences=sentences, claims=claims).findings
    return [f for f in found if f.kind == "numbers"]


def test_the_same_count_hedged_differently_is_found_across_the_event() -> None:
    # The two sentences say different things around the count, so they are not one claim.
    (finding,) = _event_numbers(
        "Austin's call came as the last remaining 2,500 or so U.S. troops were preparing to leave.",
        "Earlier this month, the president announced the withdrawal of the remaining 2,500 U.S. troops.",
    )
    assert [e.words for e in finding.evidence] == ["2,500 or so U.S. troops", "2,500 U.S. troops"]
    assert finding.confidence >= FramingSettings().shown_confidence


def test_counts_across_the_event_need_the_same_thing_and_a_different_hedge() -> None:
    # Clean twins: the same hedge; different troops; a small count that ties nothing together.
    assert not _event_numbers(
        "The last remaining 2,500 or so U.S. troops were preparing to leave.",
        "The president announced the withdrawal of the 2,500 or so U.S. troops.",
    )
    assert not _event_numbers(
        "The last remaining 2,500 or so U.S. troops were preparing to leave.",
        "The withdrawal of the 2,500 Afghan troops was announced this month.",
    )
    assert not _event_numbers(
        "The ministers spoke for about 35 minutes.",
        "Later, the two sides met for 35 minutes on trade.",
    )
    # Nothing but a value and a plain noun ties these together: no qualifier says which ones.
    assert not _event_numbers("Nearly 200 people died in the floods.", "The 200 people at the summit applauded.")
    assert not _event_numbers("Inflation rose about 3% last year.", "The ministers agreed on tariffs of 3% on steel.")


# ------------------------------------------------------------------------------------------- actors


def test_a_wrong_actor_is_a_finding() -> None:
    (finding,) = [
        f
        for f in _findings(
            (MINISTRY, "Foreign Minister Ida Marren pledged $240 million in aid to Kelm."),
            (POST, "Trade Minister Ole Brask pledged $240 million in aid to Kelm."),
            kind="actors",
        )
        if f.rule is Rule.ACTORS
    ]
    assert [e.words for e in finding.evidence] == ["Marren pledged", "Brask pledged"]
    assert finding.confidence >= 0.5


def test_the_right_actor_is_no_finding() -> None:
    found = _findings(
        (MINISTRY, "Foreign Minister Ida Marren pledged $240 million in aid to Kelm."),
        (POST, "Kelm will receive $240 million in aid, Foreign Minister Ida Marren pledged."),
        kind="actors",
    )
    assert not [f for f in found if f.rule is Rule.ACTORS]


def test_a_swapped_speaker_is_a_finding() -> None:
    (finding,) = _findings(
        (MINISTRY, "Minister Ida Marren expressed concern about the flooding in Kelm."),
        (STAR, "Minister Ole Brask expressed concern about the flooding in Kelm."),
        kind="actors",
    )
    assert finding.rule is Rule.ACTORS
    assert "“Marren expressed” in Ministry (readout)" in finding.summary


def test_a_talk_between_two_people_told_from_either_side_is_no_finding() -> None:
    assert not _findings(
        (MINISTRY, "Minister Ida Marren spoke with Minister Ole Brask about the flooding."),
        (STAR, "Minister Ole Brask spoke with Minister Ida Marren about the flooding."),
        kind="actors",
    )


def test_two_people_saying_the_same_thing_is_not_shown_as_a_swap() -> None:
    (finding,) = _findings(
        (MINISTRY, "Minister Ida Marren said the two countries remain the closest of allies."),
        (STAR, "Minister Ole Brask said the two countries remain the closest of allies."),
        kind="actors",
    )
    assert finding.confidence < FramingSettings().shown_confidence


def test_a_role_described_with_any_countrys_name_is_a_description() -> None:
    # No list names Borland: "Borland's army chief" is a role with whose, as "Pakistan's army chief" is.
    (finding,) = [
        f
        for f in _findings(
            (MINISTRY, "Minister Ida Marren thanked General Ivo Birch for the support of the army."),
            (POST, "Minister Ida Marren thanked Borland's army chief for the support of the army."),
            kind="actors",
        )
        if "not named" in f.summary
    ]
    assert "“Borland's army chief” (not named)" in finding.summary
