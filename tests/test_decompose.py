"""Splitting a sentence into the parts that carry claims of their own, and not splitting the rest."""

from __future__ import annotations

import pytest

from compare.decompose import claim_parts


def texts(sentence: str) -> list[str]:
    return [part.text for part in claim_parts(sentence)]


def test_a_topic_list_is_split_into_items_read_as_discussed() -> None:
    parts = claim_parts("The ministers discussed border security, trade policy and the return of refugees.")
    assert [p.text for p in parts] == ["border security", "trade policy", "the return of refugees"]
    assert [p.embed_text for p in parts] == [
        "Discussed border security",
        "Discussed trade policy",
        "Discussed the return of refugees",
    ]


def test_a_passive_topic_list_is_split() -> None:
    sentence = (
        "During the call, matters of mutual interest, regional security and bilateral cooperation were discussed."
    )
    assert texts(sentence) == ["matters of mutual interest", "regional security", "bilateral cooperation"]


def test_matters_pertaining_to_says_no_more_than_its_topic() -> None:
    sentence = "According to the ministry, matters pertaining to regional stability came under discussion."
    assert texts(sentence) == ["regional stability"]


def test_the_clause_before_a_purpose_infinitive_is_a_part_of_its_own() -> None:
    sentence = (
        "Austin spoke Wednesday by phone with Pakistan's army chief to discuss regional security and the drawdown."
    )
    assert texts(sentence) == [
        "Austin spoke Wednesday by phone with Pakistan's army chief",
        "regional security",
        "the drawdown",
    ]


def test_the_subject_before_discussed_is_not_a_part() -> None:
    # "The two ministers" states nothing: only the purpose infinitive makes its head a claim.
    assert texts("The two ministers discussed border security and the withdrawal of troops.") == [
        "border security",
        "the withdrawal of troops",
    ]


def test_the_partner_before_the_topic_is_dropped() -> None:
    sentence = "Austin has discussed with Pakistan's army chief the regional security situation."
    assert texts(sentence) == ["the regional security situation"]


def test_a_trailing_attribution_is_not_part_of_the_last_topic() -> None:
    sentence = 'The two discussed "border security" and "the withdrawal of troops," Pentagon spokesman John Kirby said.'
    assert texts(sentence) == ["border security", "the withdrawal of troops"]


def test_a_quotation_cut_by_the_split_loses_its_stray_mark() -> None:
    sentence = "The two discussed “regional stability,” “the drawdown” in Afghanistan, and trade."
    assert "the drawdown in Afghanistan" in texts(sentence)


def test_an_and_inside_a_phrase_is_not_a_list_separator() -> None:
    assert texts("They discussed regional stability and security.") == ["regional stability and security"]


def test_coordinated_predicates_are_split() -> None:
    sentence = "Austin reaffirmed the importance of the relationship and expressed appreciation for Pakistan's support."
    assert texts(sentence) == [
        "Austin reaffirmed the importance of the relationship",
        "expressed appreciation for Pakistan's support",
    ]


def test_clauses_joined_by_a_semicolon_are_split() -> None:
    sentence = "The border crossing reopened on Monday; the ferry service will resume next week."
    assert texts(sentence) == ["The border crossing reopened on Monday", "the ferry service will resume next week"]


@pytest.mark.parametrize(
    "sentence",
    [
        # ", while" + participle qualifies the subject; "But U.S. President Joe Biden" is no clause.
        "But U.S. President Joe Biden, while announcing the final drawdown plans earlier this month, "
        "cited logistical reasons for not meeting the deadline.",
        "Secretary of Defense Lloyd J Austin III spoke by phone with General Qamar Javed Bajwa on Wednesday.",
        "NATO has said it would follow the same timetable for withdrawing the more than 7,000 allied forces.",
        "The insurgents also refused to attend any future peace-related meetings.",
        # Too short on one side to be two claims.
        "He came; he left.",
    ],
)
def test_sentences_that_make_one_claim_are_not_split(sentence: str) -> None:
    assert claim_parts(sentence) == ()


def test_a_number_with_a_thousands_comma_is_not_split() -> None:
    assert texts("The two discussed the withdrawal of 1,200 troops and border security.") == [
        "the withdrawal of 1,200 troops",
        "border security",
    ]
