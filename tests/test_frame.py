"""Framing detectors on small hand-made sentence pairs, including pairs that must NOT be flagged."""

from __future__ import annotations

import datetime as dt

import pytest

from compare import framing
from compare.model import Claim, Document, Event, Finding, Kind, Mention, PartialDate, Sentence


def _document(
    name: str,
    *,
    kind: Kind = Kind.NEWS,
    date: PartialDate | None = PartialDate(2021, 4, 28),
    issuer: str | None = None,
    aliases: tuple[str, ...] = (),
) -> Document:
    return Document(name, f"{name}.md", name, f"{name} story", date, None, kind, issuer, None, aliases, "", 1)


PENTAGON = _document("Pentagon", kind=Kind.READOUT, issuer="Pentagon", aliases=("Kirby", "Defense Department"))
ISPR = _document("ISPR", kind=Kind.READOUT, issuer="ISPR", aliases=("military's media wing",))
VOA = _document("VOA")
RFE = _document("RFERL", date=PartialDate(2021, 4, 29))


def _findings(*voices: tuple[Document, str], kind: str | None = None, also: tuple[Document, ...] = ()) -> list[Finding]:
    documents = tuple(d for d, _ in voices) + also
    sentences = [Sentence(d.id, 0, text, 1) for d, text in voices]
    claim = Claim("c01", tuple(Mention(d.id, 0) for d, _ in voices))
    event = Event("e", "E", PartialDate(2021, 4, 28), documents, "front matter")
    found = framing.find_framing(event=event, sentences=sentences, claims=[claim]).findings
    return [f for f in found if kind is None or f.kind == kind]


def _framing(
    sentences: list[Sentence], claims: list[Claim], documents: tuple[Document, ...], *, kind: str
) -> list[Finding]:
    """Findings of one kind for hand-made sentences and claims."""
    event = Event("e", "E", PartialDate(2021, 4, 28), documents, "front matter")
    return [f for f in framing.find_framing(event=event, sentences=sentences, claims=claims).findings if f.kind == kind]


# ------------------------------------------------------------------------------------------ numbers


def test_same_number_hedged_differently() -> None:
    (finding,) = _findings(
        (RFE, "NATO has said it would follow the same timetable for withdrawing the more than 7,000 allied forces."),
        (VOA, "The withdrawal of American forces and around 7,000 NATO troops is in line with the agreement."),
        kind="numbers",
    )
    assert finding.summary == "7,000: “more than” in RFERL, “around” in VOA"
    assert [e.words for e in finding.evidence] == ["more than 7,000 allied forces", "around 7,000 NATO troops"]


def test_or_so_against_an_exact_number() -> None:
    (finding,) = _findings(
        (RFE, "Biden announced the withdrawal of the remaining 2,500 U.S. troops from Afghanistan."),
        (VOA, "The last remaining 2,500 or so U.S. troops were preparing to begin pulling out."),
        kind="numbers",
    )
    assert "“or so” in VOA" in finding.summary


def test_numbers_that_disagree() -> None:
    (finding,) = _findings(
        (RFE, "The remaining 2,500 U.S. troops will leave."),
        (VOA, "The remaining 3,000 U.S. troops will leave."),
        kind="numbers",
    )
    assert finding.why == "the numbers disagree"
    assert finding.significance == 1.0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("The remaining 2,500 U.S. troops will leave.", "All 2,500 U.S. troops will leave."),
        ("The talks began on April 24 in Istanbul.", "The talks began on April 24 in Turkey."),  # dates, not quantities
        ("The deal was signed in 2020 by both sides.", "Both sides signed the deal in 2020."),  # a year
        ("One of the envoys spoke.", "An envoy spoke."),
    ],
)
def test_numbers_not_flagged(first: str, second: str) -> None:
    assert _findings((RFE, first), (VOA, second), kind="numbers") == []


# -------------------------------------------------------------------------------------------- dates


def test_weekdays_that_disagree_once_resolved() -> None:
    (finding,) = _findings(
        (PENTAGON, "Austin spoke by phone with Bajwa on Monday."),
        (VOA, "Austin spoke Wednesday by phone with Pakistan's top military official."),
        kind="dates",
    )
    assert "2021-04-26 vs 2021-04-28" in finding.summary


@pytest.mark.parametrize(
    ("readout", "news"),
    [
        ("Austin spoke by phone with Bajwa on Wednesday.", "Austin spoke Wednesday by phone with Bajwa."),
        ("The two had a telephone conversation, today.", "Austin spoke by phone with Bajwa on April 28."),
        ("Austin spoke by phone with Bajwa.", "Austin spoke Wednesday by phone with Bajwa."),  # one side has no date
    ],
)
def test_dates_not_flagged(readout: str, news: str) -> None:
    assert _findings((PENTAGON, readout), (VOA, news), kind="dates") == []


def test_weekday_resolves_backwards_for_past_and_forwards_for_future() -> None:
    published = dt.date(2021, 4, 28)  # a Wednesday
    (past,) = framing.date_mentions("Khalilzad told lawmakers on Tuesday.", published=published)
    (future,) = framing.date_mentions("Sadiq is due to travel to Doha on Thursday.", published=published)
    assert past.day == dt.date(2021, 4, 27)
    assert future.day == dt.date(2021, 4, 29)


# -------------------------------------------------------------------------------------- attribution


def test_attributed_in_one_source_stated_as_fact_in_another() -> None:
    findings = _findings(
        (PENTAGON, "Secretary Austin and General Bajwa also discussed the drawdown in Afghanistan."),
        (RFE, "Austin and Bajwa discussed the drawdown, Pentagon spokesman John Kirby said."),
        (VOA, "Austin and Bajwa discussed the drawdown in Afghanistan."),
        kind="attribution",
    )
    assert [f.summary for f in findings] == ["RFERL attributes it to Pentagon; VOA states it as fact"]


def test_attributed_to_the_wrong_party() -> None:
    findings = _findings(
        (PENTAGON, "Secretary Austin expressed appreciation for Pakistan's support for peace negotiations."),
        (VOA, "The military's media wing said Austin expressed appreciation for Pakistan's support."),
        kind="attribution",
        also=(ISPR,),
    )
    assert any(f.why == "attributed to a party whose readout does not say it" for f in findings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Austin “reaffirmed the importance,” Kirby said in a statement.", "Pentagon"),
        ("The Pakistani military's media wing quoted Bajwa as telling Austin that peace matters.", "ISPR"),
        ("A readout of the conversation said the two leaders talked.", "an unnamed readout or statement"),
        ("Sources said the envoy would press the Taliban.", "unnamed sources"),
        ("Sadiq has reportedly been tasked to urge the insurgents.", "unnamed reports"),
        ("According to US Defence Department, security came under discussion.", "US Defence Department"),
        ("The two leaders discussed regional security.", None),
        (
            "The Pakistani general also “reiterated that peace in Afghanistan means peace in Pakistan.”",
            "Pakistani general",
        ),
    ],
)
def test_attribution_of(text: str, expected: str | None) -> None:
    assert framing.attribution_of(text, documents=[PENTAGON, ISPR]) == expected


def test_same_attribution_is_not_flagged() -> None:
    assert (
        _findings(
            (PENTAGON, "Austin reaffirmed the importance of the relationship."),
            (RFE, "Austin reaffirmed the importance of the relationship, Kirby said."),
            (VOA, "The Pentagon said Austin reaffirmed the importance of the relationship."),
            kind="attribution",
        )
        == []
    )


# ---------------------------------------------------------------------------------------- quotation


def test_altered_quotation_against_the_readout() -> None:
    findings = _findings(
        (
            ISPR,
            "COAS said that Pakistan will always support “Afghan led-Afghan Owned” Peace Process based on consensus.",
        ),
        (
            VOA,
            'The general said his country would "always support [an] Afghan-led, Afghan-owned, '
            'inclusive peace process."',
        ),
        kind="quotation",
    )
    assert any(f.why == "a quotation that differs from the readout's text" for f in findings)


def test_verbatim_quotation_is_not_flagged_against_the_readout() -> None:
    findings = _findings(
        (ISPR, "He also reiterated that peace in Afghanistan means peace in Pakistan."),
        (VOA, 'The media wing quoted Bajwa as telling Austin that peace in Afghanistan "means peace in Pakistan."'),
        kind="quotation",
    )
    assert findings == []


def test_quote_against_paraphrase_and_shortened_quote() -> None:
    quoted = (
        RFE,
        "Austin “reaffirmed the importance of the bilateral relationship and expressed appreciation,” Kirby said.",
    )
    paraphrased = (VOA, "The Pentagon said Austin stressed how much the bilateral relationship matters to both.")
    (finding,) = _findings(quoted, paraphrased, kind="quotation")
    assert finding.why == "direct quotation in one source, paraphrase in another"
    # A plain sentence about something else does not paraphrase the quotation.
    elsewhere = (VOA, "The Pentagon said Austin also raised the situation on the border.")
    assert not _findings(quoted, elsewhere, kind="quotation")
    shortened = (VOA, 'The Pentagon said Austin "reaffirmed the importance" of the relationship.')
    (finding,) = _findings(quoted, shortened, kind="quotation")
    assert finding.why == "the same quotation, shortened"


# ------------------------------------------------------------------------------------------ hedging


def test_hedged_against_plain() -> None:
    (finding,) = _findings(
        (RFE, "Officials from Russia, the U.S., China and Pakistan will meet on Friday."),
        (VOA, "Officials from Russia, the U.S., China and Pakistan will reportedly meet on Friday."),
        kind="hedging",
    )
    assert "reportedly" in finding.summary


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("A May 1 deadline was missed.", "The deadline of May 1 was missed."),  # a month, not a modal
        ("The withdrawal was to end by May 1 under the deal.", "The withdrawal was supposed to end by May 1."),
        (
            "COAS said Pakistan will always support the process.",
            "The general said his country would always support it.",
        ),
    ],
)
def test_hedging_not_flagged(first: str, second: str) -> None:
    assert _findings((RFE, first), (VOA, second), kind="hedging") == []
