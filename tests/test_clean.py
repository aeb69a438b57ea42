"""Cleaning: site chrome and metadata lines set aside, hard-wrapped lines re-joined."""

from __future__ import annotations

import pytest

from compare import clean, ingest, segment
from tests.conftest import CORPUS


def _corpus() -> dict[str, ingest.Document]:
    return {d.id: d for d in ingest.read_corpus(CORPUS)}


def test_seed_chrome_is_set_aside_with_reasons() -> None:
    documents = _corpus()
    reasons = {}
    for document in documents.values():
        result = clean.clean_body(document.body, title=document.title, first_line=document.body_line)
        reasons.update({line.text: line.reason for line in result.dropped})
    assert reasons["Accessibility links"] == "site chrome"
    assert reasons["Related Articles"] == "site chrome"
    assert reasons["Leave a Comment"] == "site chrome"
    assert reasons["Join the GlobalSecurity.org mailing list"] == "site chrome"
    assert reasons["UNITED24 - Make a charitable donation in support of Ukraine!"] == "site chrome"
    assert reasons["U.S. Secretary of Defense Lloyd Austin (file photo)"] == "photo or reporting credit"
    assert reasons["With reporting by dpa"] == "photo or reporting credit"
    assert reasons["By Ayaz Gul April 28, 2021"] == "byline"
    assert reasons["Our CorrespondentJanuary 08, 2021"] == "byline"
    assert reasons["Key role in talks"] == "sub-head or site chrome"
    assert reasons["Pakistan, US Discuss Afghan Drawdown, Regional Security"] == "headline"


def test_hard_wrapped_lines_are_rejoined() -> None:
    tribune = _corpus()["news/express-tribune-2021-01-08-long-term-security-partnership"]
    sentences, _ = segment.document_sentences(tribune)
    texts = [s.text for s in sentences]
    assert (
        "A senior US official has reaffirmed Washington’s commitment to a “long-term mutually-beneficial "
        "security partnership” with Pakistan after the two countries held strategic-level defence dialogue "
        "here the other day."
    ) in texts
    assert texts[-1] == "Pakistan will continue to remain important for the US in terms of the Afghanistan endgame."
    # The first sentence (its "ISLAMABAD:" dateline stripped) starts on its own file line.
    first = sentences[0]
    file_lines = (CORPUS / tribune.path).read_text(encoding="utf-8").split("\n")
    assert file_lines[first.line - 1].startswith("A senior US official has reaffirmed")
    assert file_lines[first.line - 2] == "ISLAMABAD:"


def test_dateline_is_stripped_from_the_first_sentence() -> None:
    pentagon = _corpus()["readouts/pentagon-2021-04-28"]
    sentences, _ = segment.document_sentences(pentagon)
    assert sentences[0].text.startswith("Secretary of Defense Lloyd J Austin III spoke by phone")


def test_no_content_sentence_is_lost_from_a_plain_text() -> None:
    body = (
        "The minister met the envoy.\nThey talked for an hour about the border.\n\n"
        "No agreement was reached, officials said."
    )
    result = clean.clean_body(body, title="")
    assert [p.text for p in result.paragraphs] == [
        "The minister met the envoy.",
        "They talked for an hour about the border.",
        "No agreement was reached, officials said.",
    ]
    assert result.dropped == ()


def test_a_text_without_any_prose_line_is_kept_whole() -> None:
    result = clean.clean_body("Talks held\nNo deal", title="")
    assert [p.text for p in result.paragraphs] == ["Talks held", "No deal"]


def test_wrap_join_needs_a_reason() -> None:
    # A headline ending in a noun is not joined to the next line.
    units = clean._join_wrapped(
        clean._raw_lines("US reaffirms partnership with Pakistan\nUS official thanks Pakistan", 1)
    )
    assert [u.text for u in units] == ["US reaffirms partnership with Pakistan", "US official thanks Pakistan"]
    units = clean._join_wrapped(clean._raw_lines("talks were held with the\nPakistani side on Friday.", 1))
    assert [u.text for u in units] == ["talks were held with the Pakistani side on Friday."]


@pytest.mark.parametrize(
    ("line", "same"),
    [
        ("COAS Bajwa, US defense secretary discuss regional security", True),  # spelling variant
        ("COAS Bajwa, US defence secretary discuss regional security.", True),
        ("Home › World › COAS Bajwa, US defence secretary discuss regional security", True),  # breadcrumb
        ("The army chief and the defence secretary discussed security in the region", False),
        ("Regional security discussed by the US defence secretary and COAS Bajwa", False),
    ],
)
def test_a_line_is_the_headline_only_when_it_reads_as_the_title(line: str, same: bool) -> None:
    reason = clean._pattern_reason(line, "COAS Bajwa, US defence secretary discuss regional security")
    assert (reason in {"headline", "navigation"}) is same


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        (
            "United States Secretary of State Antony J. Blinken, right, meets with Kenyan President William Ruto, "
            "on the margins of the 77th Session of the United Nations General Assembly in New York City on "
            "September 21, 2022.",
            True,
        ),
        ("Minister Alder (left) and General Birch (right) at the border post on Wednesday.", True),
        ("Secretary Alder, second from left, greets General Birch in Kelm.", True),
        ("US Secretary of State Antony Blinken and President William Ruto in Washington.", True),
        # Prose with the same words is not a caption.
        ("The minister said the decision was right, and that the general had agreed to it.", False),
        ("General Birch met Minister Alder on Wednesday to discuss the right of return.", False),
        ("Minister Alder and General Birch met in Kelm.", False),
        ("Talks in Geneva.", False),
    ],
)
def test_a_photo_caption_is_set_aside(line: str, caption: bool) -> None:
    lead = "Minister Alder spoke with General Birch on Wednesday about the border."
    body = f"{lead}\n\n{line}\n\nThey agreed to talk again.\n"
    result = clean.clean_body(body, title="Talks", first_line=1)
    reasons = {dropped.text: dropped.reason for dropped in result.dropped}
    assert (reasons.get(line) == "photo caption") is caption


def test_a_line_ending_in_a_colon_is_not_taken_for_the_title() -> None:
    body = (
        "The below is attributable to Spokesperson Jane Doe:\n\n"
        "Secretary Alder spoke with Minister Birch today about trade.\n"
    )
    assert clean.guess_title(body) is None
    assert clean.guess_title("Alder and Birch discuss trade\n\n" + body) == "Alder and Birch discuss trade"
