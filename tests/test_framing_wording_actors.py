"""Actors and wording detectors on small hand-made sentence pairs, including pairs that must NOT be flagged."""

from __future__ import annotations

import pytest

from compare import framing
from compare.framing import FramingSettings
from compare.model import Claim, Document, Event, Mention, PartialDate, Sentence
from tests.test_frame import ISPR, PENTAGON, RFE, VOA, _findings, _framing

# ------------------------------------------------------------------------------------------- actors


def test_named_in_one_source_described_in_another() -> None:
    (finding,) = _findings(
        (PENTAGON, "Austin spoke by phone with Chief of Army Staff General Qamar Javed Bajwa on Wednesday."),
        (VOA, "Austin spoke Wednesday by phone with Pakistan's top military official."),
        kind="actors",
    )
    assert finding.summary.startswith("Bajwa — ")
    assert "Pakistan's top military official" in finding.summary


def test_different_titles_for_the_same_person() -> None:
    (finding,) = _findings(
        (ISPR, "General Lloyd J. Austin (Retired) and Bajwa had a telephone conversation."),
        (PENTAGON, "Secretary of Defense Lloyd J Austin III spoke by phone with Bajwa."),
        kind="actors",
    )
    assert finding.why == "the same person given a different title or rank"


def test_rank_with_and_without_a_longer_title_is_not_flagged() -> None:
    assert (
        _findings(
            (ISPR, "General Qamar Javed Bajwa spoke with Austin."),
            (PENTAGON, "Chief of Army Staff General Qamar Javed Bajwa spoke with Austin."),
            kind="actors",
        )
        == []
    )


# ------------------------------------------------------------------------------------------ wording


def test_word_choice_is_surfaced() -> None:
    findings = _findings(
        (RFE, "Taliban leaders refused to attend the peace conference in Turkey."),
        (VOA, "The insurgents refused to attend the peace conference in Turkey."),
        kind="wording",
    )
    assert len(findings) == 1
    assert "insurgents" in findings[0].summary
    assert "loaded" in findings[0].summary


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The defence ministers met in Kabul.", "The defense ministers met in Kabul."),  # spelling
        ("The ministers met in Kabul on Friday.", "The ministers met in Kabul, on Friday!"),  # punctuation
        ("The two leaders discussed the border.", "The two leaders talked about the border."),  # generic verbs
    ],
)
def test_wording_noise_is_not_flagged(first: str, second: str) -> None:
    assert _findings((RFE, first), (VOA, second), kind="wording") == []


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # A compound against its of-phrase: "the foreign troop drawdown" / "the withdrawal of ... troops".
        (
            "Austin called to discuss regional security and the foreign troop drawdown in neighboring Afghanistan.",
            "Austin discussed the regional security situation and the planned withdrawal of all foreign troops.",
            ("drawdown", "planned withdrawal"),
        ),
        # The same point in clauses of a different order, lined up on the words both use once.
        (
            "The US dignitary also acknowledged Pakistan’s continuous efforts for peace and pledged to enhance "
            "bilateral relations.",
            "Austin reaffirmed the importance of the bilateral relationship and expressed appreciation for "
            "Pakistan’s support for peace negotiations.",
            ("acknowledged", "expressed appreciation"),
        ),
        # A head noun keeps its of-phrase.
        (
            "Secretary Austin and General Bajwa also discussed the drawdown in Afghanistan.",
            "Austin has discussed the planned withdrawal of all foreign troops from Afghanistan later this year.",
            ("drawdown", "planned withdrawal of all foreign troops"),
        ),
        # A coordinated pair is compared whole, not its nearer half.
        (
            "He praised efforts for peace and stability in the region.",
            "He praised the desire to work on shared goals and objectives in the region.",
            ("peace and stability", "shared goals and objectives"),
        ),
    ],
)
def test_words_chosen_for_the_same_place_are_paired(first: str, second: str, expected: tuple[str, str]) -> None:
    assert expected in framing.substitutions(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # A modifier and a head noun of the same words are not in the same place.
        (
            "The last remaining 2,500 U.S. troops were preparing to leave.",
            "Biden announced the withdrawal of the remaining 2,500 U.S. troops.",
        ),
        # Right after a word, what it qualifies ("Taliban deal"); across a preposition, something else.
        (
            "It was stipulated in the Taliban deal.",
            "It was a deadline agreed to with the Taliban by the previous administration.",
        ),
        # Words of one root are the same choice ("continuous" / "continue").
        (
            "Pakistan’s continuous efforts in the region.",
            "Pakistan’s continued efforts in the region.",
        ),
        # Names are not wording: the actors detector compares them.
        ("Secretary Austin praised Pakistan.", "Secretary Lloyd praised Pakistan."),
        # Nothing shared to line the words up on.
        ("Troops left the base.", "Ministers met in Doha."),
    ],
)
def test_words_in_different_places_are_not_paired(first: str, second: str) -> None:
    assert framing.substitutions(first, second) == ()


def test_a_whole_sentence_that_carries_the_claim_in_part_is_not_diffed_word_by_word() -> None:
    first = "The troop withdrawal was to be completed by May 1, as stipulated in the U.S.-Taliban deal."
    second = (
        "Biden announced the withdrawal of the remaining troops by September 11, four months later than a May 1 "
        "deadline agreed to with the Taliban by the previous administration."
    )
    assert ("stipulated", "deadline agreed") in framing.substitutions(first, second)
    # The rest of such a sentence need not line up with the claim; only words beside shared ones count.
    assert framing.substitutions(first, second, positional=False) == ()


def _lead_and_quotation(first: Document, text: str) -> tuple[list[Sentence], Claim]:
    """A claim RFE/RL carries in part twice: in its own lead, and in a quotation of the Pentagon."""
    sentences = [
        Sentence(first.id, 0, text, 1),
        Sentence(RFE.id, 0, "Austin has discussed the planned withdrawal of all foreign troops from Afghanistan.", 1),
        Sentence(RFE.id, 1, "They discussed “the drawdown” in Afghanistan, Pentagon spokesman John Kirby said.", 2),
    ]
    claim = Claim(
        "c01",
        (
            Mention(first.id, 0),
            Mention(RFE.id, 0, partial=True),
            Mention(RFE.id, 1, partial=True, part="They discussed “the drawdown” in Afghanistan"),
        ),
    )
    return sentences, claim


def test_a_readouts_word_is_compared_with_an_outlets_own_lead_as_well_as_its_quotation() -> None:
    sentences, claim = _lead_and_quotation(
        PENTAGON, "Secretary Austin and General Bajwa also discussed the drawdown in Afghanistan."
    )
    (finding,) = _framing(sentences, [claim], (PENTAGON, RFE), kind="wording")
    assert finding.summary == "“drawdown” (Pentagon (readout)) vs “planned withdrawal of all foreign troops” (RFERL)"
    assert [(e.document, e.sentence) for e in finding.evidence] == [(PENTAGON.id, 0), (RFE.id, 0)]


def test_the_same_two_wordings_in_several_sources_are_one_finding() -> None:
    (finding,) = _findings(
        (ISPR, "He acknowledged Pakistan’s desire for peace and stability in the region."),
        (PENTAGON, "He acknowledged Pakistan’s desire for shared goals and objectives in the region."),
        (VOA, "He acknowledged Pakistan’s desire for shared goals and objectives in the region."),
        kind="wording",
    )
    assert finding.summary.endswith("(Pentagon (readout), VOA)")
    assert [e.document for e in finding.evidence] == [ISPR.id, PENTAGON.id, VOA.id]


def test_findings_have_stable_ids_and_come_most_significant_first() -> None:
    voices = (
        (RFE, "The remaining 2,500 U.S. troops will leave, officials said."),
        (VOA, "The remaining 3,000 U.S. troops will reportedly leave."),
    )
    first, second = _findings(*voices), _findings(*voices)
    assert [f.id for f in first] == [f.id for f in second]
    assert [f.significance for f in first] == sorted((f.significance for f in first), reverse=True)
    assert first[0].kind == "numbers"


def test_a_loaded_word_is_surfaced_even_when_the_sentences_are_built_differently() -> None:
    (finding,) = _findings(
        (RFE, "Taliban leaders responded to the pullout plan by refusing to attend a conference in Turkey."),
        (VOA, "The insurgents also refused to attend any future peace-related meetings."),
        kind="wording",
    )
    assert finding.summary == "“insurgents” in VOA; not in RFERL"


def test_a_description_is_matched_to_the_one_person_a_source_leaves_unnamed() -> None:
    (finding,) = _findings(
        (ISPR, "COAS said that Pakistan will always support the peace process."),
        (RFE, "The statement quoted General Qamar Javed Bajwa as saying Pakistan will always support it."),
        kind="actors",
    )
    assert "ISPR (readout): “COAS” (not named)" in finding.summary


def test_a_sentence_that_carries_the_claim_in_part_still_describes_the_person() -> None:
    sentences = [
        Sentence(PENTAGON.id, 0, "Austin spoke by phone with Chief of Army Staff General Qamar Javed Bajwa.", 1),
        Sentence(RFE.id, 0, "Austin has discussed with Pakistan’s army chief the planned withdrawal of troops.", 1),
    ]
    claim = Claim("c01", (Mention(PENTAGON.id, 0), Mention(RFE.id, 0, partial=True)))
    found = _framing(sentences, [claim], (PENTAGON, RFE), kind="actors")
    assert [f.summary for f in found] == [
        "Bajwa — Pentagon (readout): “Chief of Army Staff General Qamar Javed Bajwa”; "
        "RFERL: “Pakistan’s army chief” (not named)"
    ]


def test_a_description_after_the_source_named_the_person_is_a_second_reference() -> None:
    # RFE/RL named Bajwa a sentence earlier: "The Pakistani general" is no choice not to name him.
    named_first = "During the call, Austin and General Qamar Javed Bajwa discussed regional security."
    described = "The Pakistani general also “reiterated that peace in Afghanistan means peace in Pakistan.”"
    sentences = [
        Sentence(VOA.id, 0, "The military's media wing quoted Bajwa as telling Austin that peace means peace.", 1),
        Sentence(RFE.id, 0, named_first, 1),
        Sentence(RFE.id, 1, described, 2),
    ]
    claim = Claim("c01", (Mention(VOA.id, 0), Mention(RFE.id, 1)))
    (finding,) = _framing(sentences, [claim], (VOA, RFE), kind="actors")
    assert finding.confidence < FramingSettings().shown_confidence
    # Its twin, where the description comes first, is shown.
    sentences[1:] = [Sentence(RFE.id, 0, described, 1), Sentence(RFE.id, 1, named_first, 2)]
    claim = Claim("c01", (Mention(VOA.id, 0), Mention(RFE.id, 0)))
    (finding,) = _framing(sentences, [claim], (VOA, RFE), kind="actors")
    assert finding.confidence >= FramingSettings().shown_confidence


def test_a_finding_with_a_first_and_a_second_reference_lists_only_the_first() -> None:
    sentences = [
        Sentence(PENTAGON.id, 0, "Austin spoke by phone with Chief of Army Staff General Qamar Javed Bajwa.", 1),
        Sentence(VOA.id, 0, "Austin spoke by phone with Pakistan's top military official about the drawdown.", 1),
        Sentence(RFE.id, 0, "During the call, Austin and General Qamar Javed Bajwa discussed security.", 1),
        Sentence(RFE.id, 1, "Austin spoke by phone with the Pakistani general about the drawdown.", 2),
    ]
    claim = Claim("c01", (Mention(PENTAGON.id, 0), Mention(VOA.id, 0), Mention(RFE.id, 1)))
    (finding,) = _framing(sentences, [claim], (PENTAGON, VOA, RFE), kind="actors")
    assert finding.confidence >= FramingSettings().shown_confidence
    assert "VOA: “Pakistan's top military official” (not named)" in finding.summary
    assert "RFERL" not in finding.summary


def _actor_findings(mentions: list[tuple[Document, str, bool]], *, context: str) -> list[str]:
    """Actors findings of one claim; `context` is another sentence of the event that names people in full."""
    documents = tuple(dict.fromkeys(d for d, _, _ in mentions))
    sentences = [Sentence(d.id, i, text, i + 1) for i, (d, text, _) in enumerate(mentions)]
    sentences.append(Sentence(PENTAGON.id, 99, context, 100))
    claim = Claim("c01", tuple(Mention(d.id, i, partial=p) for i, (d, _, p) in enumerate(mentions)))
    event = Event("e", "E", PartialDate(2021, 4, 28), (*documents, PENTAGON), "front matter")
    found = framing.find_framing(event=event, sentences=sentences, claims=[claim]).findings
    return [f.summary for f in found if f.kind == "actors"]


CALL = "Secretary of Defense Lloyd J Austin III spoke by phone with General Qamar Javed Bajwa."


def test_a_described_speaker_is_the_person_the_other_sources_quote() -> None:
    summaries = _actor_findings(
        [
            (VOA, "The Pakistani military's media wing quoted Bajwa as telling Austin that peace means peace.", False),
            (RFE, "The Pakistani general also “reiterated that peace in Afghanistan means peace in Pakistan.”", False),
        ],
        context=CALL,
    )
    assert summaries == ["Bajwa — VOA: “Bajwa”; RFERL: “The Pakistani general” (not named)"]


def test_a_description_is_not_guessed_when_the_sources_quote_different_people() -> None:
    summaries = _actor_findings(
        [
            (VOA, "Bajwa told Austin that peace in Afghanistan means peace in Pakistan.", False),
            (ISPR, "Austin said that peace in Afghanistan means peace in Pakistan.", False),
            (RFE, "The general also “reiterated that peace in Afghanistan means peace in Pakistan.”", False),
        ],
        context=CALL,
    )
    assert not any("The general" in s for s in summaries)


def test_a_determiner_and_a_nationality_are_not_a_name() -> None:
    assert framing.actor_names("The Pakistani general also said it.") == {}
    assert framing.actor_names("The Taliban met General Qamar Javed Bajwa.") == {"Bajwa": "General Qamar Javed Bajwa"}


def test_the_same_description_is_not_repeated_under_a_second_claim_of_the_same_sentences() -> None:
    sentences = [
        Sentence(PENTAGON.id, 0, "Austin spoke by phone with General Qamar Javed Bajwa.", 1),
        Sentence(PENTAGON.id, 1, "Austin and Bajwa also discussed the drawdown.", 2),
        Sentence(VOA.id, 0, "Austin spoke by phone with Pakistan's top military official about the drawdown.", 1),
    ]
    voa = Mention(VOA.id, 0, partial=True)
    claims = [Claim("c01", (Mention(PENTAGON.id, 0), voa)), Claim("c02", (Mention(PENTAGON.id, 1), voa))]
    found = _framing(sentences, claims, (PENTAGON, VOA), kind="actors")
    assert [(f.claim, f.summary.split(" — ")[0]) for f in found] == [("c01", "Bajwa")]


def test_a_source_is_heard_through_its_most_specific_mention() -> None:
    # RFE/RL carries the claim in part in two sentences; the one whose part was aligned speaks for it.
    sentences, claim = _lead_and_quotation(
        VOA, "Austin spoke by phone to discuss the foreign troop drawdown in Afghanistan."
    )
    found = _framing(sentences, [claim], (VOA, RFE, PENTAGON), kind="attribution")
    assert [f.summary for f in found] == ["RFERL attributes it to Pentagon; VOA states it as fact"]
