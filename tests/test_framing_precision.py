"""Known false-alarm patterns that must stay quiet, each beside the planted case that must still be found.

Invented mini-corpora only. Findings below `FramingSettings().shown_confidence` are counted by the
report but not shown; tests of "not shown" check that threshold.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from compare import cli, framing, pipeline, report
from compare.framing import FramingSettings
from compare.match import default_calibration
from compare.model import (
    Attribution,
    Claim,
    Document,
    Event,
    Finding,
    Kind,
    Mention,
    PartialDate,
    Reprint,
    Rule,
    Sentence,
)
from tests.conftest import ROOT, FakeEmbedder, write
from tests.test_frame import _document

SHOWN = FramingSettings().shown_confidence
MINISTRY = _document("Ministry", kind=Kind.READOUT, issuer="Ministry", date=PartialDate(2024, 3, 6))
POST = _document("Post", date=PartialDate(2024, 3, 6))
STAR = _document("Star", date=PartialDate(2024, 3, 6))
GAZETTE = _document("Gazette", date=PartialDate(2024, 3, 7))


def _run(
    texts: dict[Document, list[str]], claims: list[list[tuple[Document, int]]], *, reprints: tuple[Reprint, ...] = ()
) -> list[Finding]:
    """Findings for documents given as lists of sentences, and claims as (document, sentence) lists."""
    sentences = [Sentence(d.id, i, t, i + 1) for d, found in texts.items() for i, t in enumerate(found)]
    made = [Claim(f"c{n:02d}", tuple(Mention(d.id, i) for d, i in members)) for n, members in enumerate(claims, 1)]
    event = Event("e", "E", PartialDate(2024, 3, 6), tuple(texts), "front matter", reprints)
    return list(framing.find_framing(event=event, sentences=sentences, claims=made).findings)


def _shown(findings: list[Finding], kind: str) -> list[Finding]:
    return [f for f in findings if f.kind == kind and f.confidence >= SHOWN]


# -------------------------------------------------------------------------------------- attribution


def test_a_trailing_attribution_is_not_stated_as_fact() -> None:
    sentence = "The two ministers agreed to reopen the port by May, a statement issued by the Harbour Authority."
    assert framing.attribution_of(sentence, documents=[]) == "Harbour Authority"
    found = _run(
        {
            POST: ["The two ministers agreed to reopen the port by May, the ministry said."],
            STAR: [sentence],
        },
        [[(POST, 0), (STAR, 0)]],
    )
    assert not [f for f in found if "as fact" in f.summary]


def test_the_detector_types_how_each_source_attributes_the_claim() -> None:
    found = _run(
        {
            POST: ["The two ministers agreed to reopen the port by May, the ministry said."],
            STAR: ["The two ministers agreed to reopen the port by May."],
        },
        [[(POST, 0), (STAR, 0)]],
    )
    (finding,) = [f for f in found if f.kind == "attribution"]
    assert finding.rule is Rule.ATTRIBUTION
    assert [(e.document, e.attribution) for e in finding.evidence] == [
        (POST.id, Attribution.ATTRIBUTED),
        (STAR.id, Attribution.STATED_AS_FACT),
    ]


def test_an_attribution_a_sentence_later_is_not_stated_as_fact() -> None:
    texts = {
        POST: ["The two ministers agreed to reopen the port by May, the ministry said."],
        STAR: ["The two ministers agreed to reopen the port by May.", "That was according to the ministry statement."],
    }
    assert not [f for f in _run(texts, [[(POST, 0), (STAR, 0)]]) if "as fact" in f.summary]
    # The clean twin: nothing beside the sentence says where it comes from.
    texts[STAR] = ["The two ministers agreed to reopen the port by May.", "The port has been shut since the storm."]
    (finding,) = [f for f in _run(texts, [[(POST, 0), (STAR, 0)]]) if "as fact" in f.summary]
    assert finding.rule is Rule.ATTRIBUTION and finding.confidence >= SHOWN


def test_unnamed_sources_beside_a_sentence_source_only_their_own_news() -> None:
    # "Sources said the envoy would ..." before a sentence about something else does not say where
    # that sentence comes from: it is still stated as fact (found, even if not shown).
    texts = {
        POST: ["The two ministers agreed to reopen the port by May, the ministry said."],
        STAR: [
            "Sources said the envoy would also visit the capital.",
            "The two ministers agreed to reopen the port by May.",
        ],
    }
    assert [f for f in _run(texts, [[(POST, 0), (STAR, 1)]]) if "Star states it as fact" in f.summary]
    texts[STAR][0] = "Sources said a statement on the envoy's visit was expected later."
    assert [f for f in _run(texts, [[(POST, 0), (STAR, 1)]]) if "Star states it as fact" in f.summary]
    # The twin: a statement beside it does go on to source it.
    texts[STAR][0] = "The statement added that the envoy would also visit the capital."
    assert not [f for f in _run(texts, [[(POST, 0), (STAR, 1)]]) if "as fact" in f.summary]


def test_a_pronoun_is_never_named_as_the_source() -> None:
    found = _run(
        {
            POST: ["The two ministers agreed to reopen the port by May, it said."],
            STAR: ["The two ministers agreed to reopen the port by May, the ministry said."],
        },
        [[(POST, 0), (STAR, 0)]],
    )
    assert not [f for f in found if "“it”" in f.summary]


# -------------------------------------------------------------------------------------------- dates


def test_a_readout_reprinted_the_next_day_keeps_its_today() -> None:
    texts = {
        MINISTRY: ["Minister Ida Marren spoke today with Minister Ole Brask about the port."],
        GAZETTE: ["Minister Ida Marren spoke today with Minister Ole Brask about the port."],
    }
    claims = [[(MINISTRY, 0), (GAZETTE, 0)]]
    # Without the reprint record the days differ by one, on the strength of a "today" resolved
    # against a publication date: counted, not shown.
    unsure = [f for f in _run(texts, claims) if f.kind == "dates"]
    assert unsure and not _shown(unsure, "dates")
    reprint = (Reprint(GAZETTE.id, MINISTRY.id, "word for word"),)
    assert not _run(texts, claims, reprints=reprint)


def test_days_named_outright_that_disagree_are_shown() -> None:
    texts = {
        MINISTRY: ["Minister Ida Marren spoke on Monday with Minister Ole Brask about the port."],
        GAZETTE: ["Minister Ida Marren spoke on Wednesday with Minister Ole Brask about the port."],
    }
    assert _shown(_run(texts, [[(MINISTRY, 0), (GAZETTE, 0)]]), "dates")


def test_a_quoted_today_is_the_quoted_texts_day() -> None:
    texts = {
        MINISTRY: ["Minister Ida Marren spoke today with Minister Ole Brask about the port."],
        GAZETTE: ["“Minister Ida Marren spoke today with Minister Ole Brask about the port,” the ministry said."],
    }
    assert not [f for f in _run(texts, [[(MINISTRY, 0), (GAZETTE, 0)]]) if f.kind == "dates"]


def test_two_outlets_putting_the_call_on_different_weekdays_is_found_across_the_event() -> None:
    texts = {
        POST: ["The ministers spoke by phone on Monday about the port.", "They also discussed fisheries."],
        STAR: ["In a long call on Wednesday, the two men went over fishing quotas.", "The port reopens in May."],
    }
    # The two sentences are not aligned into one claim: they differ in everything but the call.
    (finding,) = _shown(_run(texts, [[(POST, 1), (STAR, 0)]]), "dates")
    assert finding.rule is Rule.DATES
    assert [e.words for e in finding.evidence] == ["Monday", "Wednesday"]
    texts[STAR][0] = "In a long call on Monday, the two men went over fishing quotas."
    assert not _shown(_run(texts, [[(POST, 1), (STAR, 0)]]), "dates")


# ---------------------------------------------------------------------------------------- quotation


def test_a_quote_spanning_two_readout_sentences_is_not_altered() -> None:
    texts = {
        MINISTRY: ["Minister Marren thanked Kelm for its support.", "She pledged aid for the port repairs."],
        POST: ["“Minister Marren thanked Kelm for its support. She pledged aid for the port repairs,” it read."],
    }
    found = _run(texts, [[(MINISTRY, 0), (POST, 0)]])
    assert not [f for f in found if "not word for word" in f.summary]


@pytest.mark.parametrize(
    ("outlet_sentence", "altered"),
    [
        # Attributed to another body's release: not the readout's text told wrongly.
        (
            "The Harbour Board said in a release that checks tighten “due to the recent increase in accidents”.",
            False,
        ),
        # Attributed to the readout's issuer, or to a speaker the readout reports: compared with it.
        ("The ministry said Marren wants checks tightened “due to the recent increase in accidents”.", True),
        ("Marren said checks must be tightened “due to the recent increase in accidents”.", True),
        ("Checks will be tightened “due to the recent increase in accidents”.", True),
        ("The minister said checks must be tightened “due to the recent increase in accidents”.", True),
    ],
)
def test_a_quote_is_compared_only_with_the_readout_it_is_attributed_to(outlet_sentence: str, altered: bool) -> None:
    texts = {
        MINISTRY: ["Minister Ida Marren urged the board to tighten checks due to the recent rise in accidents."],
        POST: [outlet_sentence],
    }
    found = _run(texts, [[(MINISTRY, 0), (POST, 0)]])
    assert bool([f for f in found if "not word for word" in f.summary]) is altered


def test_a_source_that_quotes_the_rest_elsewhere_has_not_shortened_the_quote() -> None:
    whole = "“Minister Marren thanked Kelm for its support and pledged aid for the port repairs,” the ministry said."
    texts = {
        POST: [whole],
        STAR: [
            "“Minister Marren thanked Kelm for its support,” the ministry said.",
            "“And pledged aid for the port repairs,” it added.",
        ],
    }
    assert not [f for f in _run(texts, [[(POST, 0), (STAR, 0)]]) if "shorter" in f.summary]
    texts[STAR] = texts[STAR][:1]
    assert [f for f in _run(texts, [[(POST, 0), (STAR, 0)]]) if "shorter" in f.summary]


@pytest.mark.parametrize(
    ("whole", "shown"),
    [
        # The cut drops a condition: the fragment reads as a promise it is not.
        ("“Kelm will reopen the port by May unless the storms return,” the ministry said.", True),
        ("“Kelm will reopen the port by May, but only for fishing boats,” the ministry said.", True),
        # The cut drops only more of the same statement: quoting a fragment is ordinary reporting.
        ("“Kelm will reopen the port by May and repair the harbour wall,” the ministry said.", False),
        # One sentence of a quoted statement, quoted whole, cuts nothing from that sentence.
        ("“Kelm will reopen the port by May. Repairs will not start before June,” the ministry said.", False),
    ],
)
def test_a_shortened_quote_is_shown_only_when_the_cut_drops_a_qualifier(whole: str, shown: bool) -> None:
    texts = {POST: [whole], STAR: ["“Kelm will reopen the port by May,” the ministry said."]}
    found = [f for f in _run(texts, [[(POST, 0), (STAR, 0)]]) if "shorter" in f.summary]
    assert found
    assert bool(_shown(found, "quotation")) is shown


def test_a_source_quoting_the_claim_in_another_sentence_quotes_it() -> None:
    texts = {
        POST: [
            "Minister Ida Marren said Kelm would reopen the port by May.",
            "“Kelm will reopen the port by May to every ship in the region,” the ministry said.",
        ],
        STAR: ["Kelm is set to reopen its port to ships from the whole region in May, the ministry said."],
    }
    # The Post states the claim in its lead and quotes the statement in its next sentence.
    found = _run(texts, [[(POST, 0), (POST, 1), (STAR, 0)]])
    (finding,) = [f for f in found if f.why == "direct quotation in one source, paraphrase in another"]
    assert [e.document for e in finding.evidence] == [POST.id, STAR.id]


# ------------------------------------------------------------------------------------------ wording


def test_a_readouts_word_retold_is_shown_and_two_outlets_own_words_are_not() -> None:
    readout_led = _run(
        {
            MINISTRY: ["Minister Marren reaffirmed the strength of the defense relationship with Kelm."],
            POST: ["Minister Marren reaffirmed the strength of the defense alliance with Kelm."],
        },
        [[(MINISTRY, 0), (POST, 0)]],
    )
    assert [f.summary for f in _shown(readout_led, "wording")] == [
        "“relationship” (Ministry (readout)) vs “alliance” (Post)"
    ]
    outlets = _run(
        {
            POST: ["Minister Marren reaffirmed the strength of the defense relationship with Kelm."],
            STAR: ["Minister Marren reaffirmed the strength of the defense alliance with Kelm."],
        },
        [[(POST, 0), (STAR, 0)]],
    )
    assert [f for f in outlets if f.kind == "wording"] and not _shown(outlets, "wording")


def test_verbs_of_saying_and_names_are_not_shown_as_wording() -> None:
    found = _run(
        {
            MINISTRY: ["Minister Marren reaffirmed the strength of the defense relationship with Kelm."],
            POST: ["Minister Marren emphasized the strength of the defense relationship with Borland."],
        },
        [[(MINISTRY, 0), (POST, 0)]],
    )
    assert [f for f in found if f.kind == "wording"] and not _shown(found, "wording")


def test_light_verbs_that_only_carry_their_object_are_not_wording() -> None:
    found = _run(
        {
            MINISTRY: ["They backed the mission to help the police create the conditions to conduct fair elections."],
            POST: ["The ministry said they backed the mission to Kelm and ensuring fair elections are held there."],
        },
        [[(MINISTRY, 0), (POST, 0)]],
    )
    assert not [f for f in found if f.kind == "wording" and "conduct" in f.summary]


def test_a_phrase_after_the_same_possessive_is_in_the_same_place_though_the_sentences_differ() -> None:
    texts = {
        MINISTRY: [
            "Minister Marren repeated her condemnation of Kelm’s premeditated, unprovoked raid on the harbour "
            "and thanked partners and allies for their solidarity in this crisis."
        ],
        POST: ["On radio, Marren said she restated the condemnation of Kelm’s actions and would keep close contact."],
    }
    found = _shown(_run(texts, [[(MINISTRY, 0), (POST, 0)]]), "wording")
    assert [f.summary for f in found] == ["“premeditated” (Ministry (readout)) vs “actions” (Post)"]


def _loaded(other_part: str) -> list[Finding]:
    sentences = [
        Sentence(MINISTRY.id, 0, "Minister Ida Marren urged the board to tighten safety checks at the port.", 1),
        Sentence(POST.id, 0, f"Marren spoke with the board chair by phone and {other_part}.", 1),
    ]
    claim = Claim("c01", (Mention(MINISTRY.id, 0), Mention(POST.id, 0, partial=True, part=other_part)))
    event = Event("e", "E", PartialDate(2024, 3, 6), (MINISTRY, POST), "front matter")
    found = framing.find_framing(event=event, sentences=sentences, claims=[claim]).findings
    return [f for f in found if f.kind == "wording" and f.summary.startswith("“urged”")]


def test_a_loaded_word_against_a_part_that_says_the_same_thing_without_it_is_shown() -> None:
    (finding,) = _loaded("asked him to tighten safety checks at the port")
    assert finding.confidence >= SHOWN
    # A part about something else does not say the same thing without the word.
    (finding,) = _loaded("asked him about the fishing season and the new quotas")
    assert finding.confidence < SHOWN


# ------------------------------------------------------------------------------------------- report


MINI = ROOT / "tests" / "data" / "mini"


def test_the_report_counts_less_certain_findings_and_shows_them_on_request() -> None:
    comparison = pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=default_calibration())
    hidden = [f for ec in comparison.events for f in ec.findings if f.confidence < SHOWN]
    assert hidden, "the mini corpus has a less certain finding"
    page = report.report_files(comparison)
    full = report.report_files(comparison, all_findings=True)
    assert any("less certain finding" in text for text in page.values())
    assert not any("less certain finding" in text for text in full.values())
    for finding in hidden:
        assert not any(finding.summary in text for name, text in page.items() if name.endswith(".md"))
        assert any(finding.summary in text for name, text in full.items() if name.endswith(".md"))


def test_compare_run_all_findings(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "make_embedder", lambda **_: FakeEmbedder())
    result = runner.invoke(cli.main, ["run", str(MINI), "-o", str(tmp_path / "out"), "--all-findings", "--quiet"])
    assert result.exit_code == 0, result.output
    assert not any("less certain" in p.read_text() for p in (tmp_path / "out").glob("*.md"))


def test_the_framing_stage_stores_each_sentences_attribution_for_the_report() -> None:
    comparison = pipeline.run(corpus=MINI, embedder=FakeEmbedder(), calibration=default_calibration())
    told = [f for ec in comparison.events for f in ec.framing if f.attribution]
    assert told
    ec = next(ec for ec in comparison.events if ec.framing)
    first = ec.framing[0]
    assert ec.told(first.document, first.sentence) == first


def test_a_plain_sentence_naming_the_quotations_speaker_paraphrases_it() -> None:
    quote = (
        "“I assured the minister that Kelm will lead the harbour mission once the council is in place,” Marren said."
    )
    texts = {POST: [quote], STAR: ["Marren says Kelm will still head the port force once a council forms."]}
    (finding,) = [f for f in _run(texts, [[(POST, 0), (STAR, 0)]]) if "paraphrases" in f.summary]
    assert finding.evidence[-1].document == STAR.id
    texts[STAR] = ["The ministry says Kelm will still head the port force once a council forms."]
    assert not [f for f in _run(texts, [[(POST, 0), (STAR, 0)]]) if "paraphrases" in f.summary]


# ------------------------------------------------------------------------------------- round-ups


def _story(folder: Path, outlet: str, body: str, *, kind: str = "news") -> None:
    """One document of the Marren–Brask call, in `folder/<outlet>.md`."""
    front = f'---\noutlet: "{outlet}"\ndate: "2024-03-06"\nkind: "{kind}"\nevent: "marren-brask-call"\n---\n'
    write(folder / f"{outlet.lower()}.md", front + body)


LEAD = "Foreign Minister Ida Marren spoke with Secretary of State Ole Brask on Wednesday."


def test_a_round_up_s_quotation_about_another_call_is_no_finding_of_this_one(tmp_path: Path) -> None:
    # The Gazette reports the foreign ministers' call, then the defence ministers' call, and quotes
    # the statement on that one, worded like the ministry's readout of this one.
    _story(
        tmp_path,
        "Ministry",
        "Foreign Minister Ida Marren spoke today with Secretary of State Ole Brask.\n\n"
        "They discussed and evaluated the latest developments in the region and the port agreement.\n",
        kind="readout",
    )
    _story(
        tmp_path,
        "Post",
        f"{LEAD}\n\nThe two discussed the latest developments in the region and the port agreement, "
        "the ministry said.\n",
    )
    roundup = (
        f"{LEAD}\n\nDefense Minister Kai Holm had a phone conversation with Secretary of Defense Per Dahl. A brief "
        "statement after the conversation said, “they discussed and evaluated the latest developments in the region "
        "and the port agreement.”\n"
    )
    _story(tmp_path, "Gazette", roundup)
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    (event,) = comparison.events
    statement = next(s for s in event.sentences if s.document == "gazette" and "brief statement" in s.text)
    assert all(
        "gazette" not in c.documents or len(c.documents) == 1
        for c in event.claims
        if any((m.document, m.sentence) == ("gazette", statement.index) for m in c.mentions)
    )
    assert not [f for f in event.findings if any(e.document == "gazette" for e in f.evidence)]
    # The report says why the Gazette's two sentences stand alone.
    files = report.report_files(comparison)
    assert files["marren-brask-call.md"].count("*(about another contact, so not compared with the other sources") == 2
    assert files["comparison.json"].count('"about_another_contact": true') == 2
    # The twin: the same quotation told of this call is compared.
    _story(
        tmp_path,
        "Gazette",
        roundup.replace("Defense Minister Kai Holm had a phone conversation with Secretary of Defense Per Dahl. ", ""),
    )
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    assert [f for f in comparison.events[0].findings if any(e.document == "gazette" for e in f.evidence)]


def test_the_day_of_another_call_in_a_round_up_is_no_conflict_over_this_one(tmp_path: Path) -> None:
    _story(tmp_path, "Ministry", f"{LEAD}\n\nThey discussed the port agreement.\n", kind="readout")
    _story(tmp_path, "Post", f"{LEAD}\n\nThe two discussed the port agreement, the ministry said.\n")
    gazette = (
        "Defense Minister Kai Holm had a phone conversation with Secretary of Defense Per Dahl on Monday. A brief "
        "statement said they discussed the port.\n\nForeign Minister Ida Marren also spoke with Secretary of State "
        "Ole Brask.\n"
    )
    _story(tmp_path, "Gazette", gazette)
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    assert not [f for f in comparison.events[0].findings if f.kind == "dates"]
    # The twin: the Gazette gives this call's day as Monday.
    this_call = gazette.replace("Defense Minister Kai Holm", "Foreign Minister Ida Marren")
    _story(tmp_path, "Gazette", this_call.replace("Secretary of Defense Per Dahl", "Secretary of State Ole Brask"))
    comparison = pipeline.run(corpus=tmp_path, embedder=FakeEmbedder(), calibration=default_calibration())
    assert [f for f in comparison.events[0].findings if f.kind == "dates" and "Monday" in f.summary]
