"""`check` over hand-built comparisons: whom a violation is about, identity, allow entries, baselines.

The findings here are built by hand, so these tests pin what `check` does with a finding whatever the
framing detectors find.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

from compare import check, check_report
from compare.check import Allowance, CheckSettings
from compare.errors import ConfigError
from compare.model import (
    Attribution,
    Claim,
    Comparison,
    Document,
    Event,
    EventComparison,
    Evidence,
    Finding,
    FramingKind,
    Kind,
    Mention,
    PartialDate,
    Reprint,
    Rule,
    Sentence,
)

EVENT = "alder-birch-call"
SAID = "The minister and the general agreed to withdraw {n} troops from the northern valley next month."


def _doc(doc_id: str, outlet: str, kind: Kind = Kind.NEWS, suffix: str = ".md") -> Document:
    return Document(
        id=doc_id,
        path=f"{doc_id}{suffix}",
        outlet=outlet,
        title=outlet,
        date=PartialDate(2024, 3, 6),
        url=None,
        kind=kind,
        issuer=outlet if kind is Kind.READOUT else None,
        event=EVENT,
        aliases=(),
        body="",
        body_line=5,
    )


def _comparison(
    texts: dict[Document, Sequence[str]],
    *,
    claims: Sequence[Sequence[tuple[str, int]]] = (),
    findings: Sequence[Finding] = (),
    reprints: Sequence[Reprint] = (),
) -> Comparison:
    documents = tuple(texts)
    sentences = tuple(
        Sentence(d.id, i, text, 5 + 2 * i)
        for d, document_texts in texts.items()
        for i, text in enumerate(document_texts)
    )
    event = Event(EVENT, "call", PartialDate(2024, 3, 6), documents, "front matter", tuple(reprints))
    claim_records = tuple(
        Claim(f"c{n:02d}", tuple(Mention(d, s) for d, s in mentions)) for n, mentions in enumerate(claims, 1)
    )
    ec = EventComparison(event, sentences, claim_records, tuple(findings))
    return Comparison(events=(ec,), model="test")


def _finding(
    rule: Rule | None,
    evidence: Sequence[tuple[str, int, str] | tuple[str, int, str, Attribution]],
    *,
    claim: str = "c01",
    **kw: float,
) -> Finding:
    kind = FramingKind(rule.value) if rule is not None and rule.value in {k.value for k in FramingKind} else None
    return Finding(
        id=f"f-{rule}-{len(evidence)}",
        claim=claim,
        kind=kind or FramingKind.WORDING,
        summary="along: 1,200 troops in Ministry, 3,000 troops in Evening Star",  # never shown by check
        why="the numbers disagree",
        evidence=tuple(Evidence(*item) for item in evidence),
        significance=kw.get("significance", 1.0),
        rule=rule,
    )


MINISTRY = _doc("readouts/ministry", "Ministry", Kind.READOUT)
POST = _doc("post", "Daily Post")
STAR = _doc("star", "Evening Star")
COURIER = _doc("courier", "Valley Courier")
HERALD = _doc("herald", "Herald")


def _numbers_comparison(values: dict[Document, str], *, reprints: Sequence[Reprint] = ()) -> Comparison:
    texts = {d: [SAID.format(n=n)] for d, n in values.items()}
    return _comparison(
        texts,
        claims=[[(d.id, 0) for d in values]],
        findings=[_finding(Rule.NUMBERS, [(d.id, 0, f"{n} troops") for d, n in values.items()])],
        reprints=reprints,
    )


def _run(comparison: Comparison, **settings: object) -> check.CheckResult:
    return check.check(comparison, settings=CheckSettings(**settings))  # type: ignore[arg-type]


def test_the_violation_is_about_the_source_that_departs_from_the_readout() -> None:
    comparison = _numbers_comparison({MINISTRY: "1,200", POST: "1,200", STAR: "3,000", COURIER: "3,000"})
    result = _run(comparison)
    # Two outlets against one readout: the readout is the primary source, so both outlets depart.
    assert sorted(v.outlet for v in result.violations) == ["Evening Star", "Valley Courier"]
    message = next(v.message for v in result.violations if v.outlet == "Evening Star")
    assert message.startswith(
        "Evening Star says “3,000 troops” where Ministry (readout), Daily Post say “1,200 troops”"
    )
    assert "“The minister and the general agreed to withdraw 3,000 troops from the…”" in message
    assert "along:" not in message
    star = next(v for v in result.violations if v.outlet == "Evening Star")
    assert star.location == check.Location("star.md", 5) and star.claim == SAID.format(n="3,000")


def test_without_a_readout_the_minority_departs_and_a_tie_blames_every_source() -> None:
    result = _run(_numbers_comparison({POST: "1,200", COURIER: "1200", STAR: "3,000"}))
    assert [v.outlet for v in result.violations] == ["Evening Star"]
    tied = _run(_numbers_comparison({POST: "1,200", STAR: "3,000"}))
    assert sorted(v.outlet for v in tied.violations) == ["Daily Post", "Evening Star"]


def test_a_reprint_is_not_a_majority() -> None:
    reprint = Reprint(COURIER.id, POST.id, "word for word")
    result = _run(_numbers_comparison({POST: "1,200", COURIER: "1,200", STAR: "3,000"}, reprints=[reprint]))
    assert sorted(v.outlet for v in result.violations) == ["Daily Post", "Evening Star", "Valley Courier"]


def test_misattribution_is_about_the_outlet_that_names_the_wrong_party() -> None:
    sentence = "Ankara said the conference on the valley would be postponed until after the holidays."
    comparison = _comparison(
        {MINISTRY: [sentence], POST: [sentence], STAR: [sentence]},
        claims=[[(MINISTRY.id, 0), (POST.id, 0), (STAR.id, 0)]],
        findings=[
            _finding(
                Rule.ATTRIBUTION,
                [(POST.id, 0, "Ankara", Attribution.ATTRIBUTED), (MINISTRY.id, 0, "readout", Attribution.CARRIED)],
            )
        ],
    )
    [violation] = _run(comparison).violations
    assert violation.outlet == "Daily Post"
    assert violation.message.startswith(
        "Daily Post attributes “Ankara said the conference on the valley would be postponed until after…” to Ankara, "
        "but only Ministry (readout) carries it"
    )


@pytest.mark.parametrize(
    ("attributing", "stating", "with_readout", "blamed"),
    [
        ([POST, COURIER], [STAR], False, ["Evening Star"]),
        ([POST, COURIER], [STAR], True, []),  # the readout states it: stating it as fact is no error
        ([POST], [STAR], False, []),  # one against one: an editorial choice
        ([POST, COURIER], [STAR, HERALD], False, []),
    ],
)
def test_stated_as_fact_is_a_violation_only_against_more_sources_and_no_readout(
    attributing: list[Document], stating: list[Document], with_readout: bool, blamed: list[str]
) -> None:
    sentence = "The valley road will reopen within a fortnight of the withdrawal."
    documents = ([MINISTRY] if with_readout else []) + attributing + stating
    evidence = [(d.id, 0, "unnamed sources", Attribution.ATTRIBUTED) for d in attributing] + [
        (d.id, 0, "no attribution", Attribution.STATED_AS_FACT) for d in stating
    ]
    comparison = _comparison(
        {d: [sentence] for d in documents},
        claims=[[(d.id, 0) for d in documents]],
        findings=[_finding(Rule.ATTRIBUTION, evidence)],
    )
    assert sorted(v.outlet for v in _run(comparison).violations) == blamed


def test_stated_as_fact_is_read_from_the_typed_attribution_never_from_the_evidence_words() -> None:
    sentence = "The valley road will reopen within a fortnight of the withdrawal."
    documents = [POST, COURIER, STAR]

    def blamed(stating_words: str) -> list[str]:
        evidence = [
            (POST.id, 0, "unnamed sources", Attribution.ATTRIBUTED),
            (COURIER.id, 0, "unnamed sources", Attribution.ATTRIBUTED),
            (STAR.id, 0, stating_words, Attribution.STATED_AS_FACT),
        ]
        comparison = _comparison(
            {d: [sentence] for d in documents},
            claims=[[(d.id, 0) for d in documents]],
            findings=[_finding(Rule.ATTRIBUTION, evidence)],
        )
        return [v.message.split(" states as fact")[0] for v in _run(comparison).violations]

    # Rewording what a finding shows for the plain source leaves the rule as it was.
    assert blamed("no attribution") == ["Evening Star"]
    assert blamed("— (no source named)") == ["Evening Star"]


def test_actors_findings_are_checked_and_reported_per_rule() -> None:
    texts = {MINISTRY: ["Minister Alder thanked the general."], POST: ["Minister Rowan thanked the general."]}
    comparison = _comparison(
        texts,
        claims=[[(MINISTRY.id, 0), (POST.id, 0)]],
        findings=[_finding(Rule.ACTORS, [(MINISTRY.id, 0, "Minister Alder"), (POST.id, 0, "Minister Rowan")])],
    )
    result = _run(comparison)
    assert [(v.rule, v.outlet) for v in result.violations] == [(Rule.ACTORS, "Daily Post")]
    assert not _run(comparison, rules=frozenset(Rule) - {Rule.ACTORS}).violations
    suite = ElementTree.fromstring(check_report.junit_xml(result))
    failed = [c.get("classname") for c in suite.findall("testcase") if c.find("failure") is not None]
    assert failed == ["compare.actors"]


def test_identity_survives_added_and_reworded_documents() -> None:
    before = _run(_numbers_comparison({MINISTRY: "1,200", POST: "1,200", STAR: "3,000"})).violations
    # Another outlet that agrees with the readout, and the readout reworded: the star's violation is the same.
    numbers = ["1,200", "1,200", "3,000", "1,200"]
    texts = {
        MINISTRY: ["Both sides agreed that 1,200 troops would leave the northern valley next month."],
        POST: [SAID.format(n="1,200")],
        STAR: [SAID.format(n="3,000")],
        COURIER: [SAID.format(n="1,200")],
    }
    after_comparison = _comparison(
        texts,
        claims=[[(d.id, 0) for d in texts]],
        findings=[_finding(Rule.NUMBERS, [(d.id, 0, f"{n} troops") for d, n in zip(texts, numbers, strict=True)])],
    )
    after = _run(after_comparison).violations
    assert [v.id for v in after] == [v.id for v in before]
    assert check.check(after_comparison, settings=CheckSettings(), baseline=before).violations == ()


def test_readout_omissions_count_independent_origins() -> None:
    readout = "Both sides pledged to reopen the mountain railway to freight before winter."
    texts = {MINISTRY: [readout], POST: [readout], STAR: [readout]}
    claims = [[(MINISTRY.id, 0), (POST.id, 0), (STAR.id, 0)]]
    assert not _run(_comparison(texts, claims=claims), min_outlets=2).violations
    # The star reprints the post: one independent outlet carries the claim.
    copy = [Reprint(STAR.id, POST.id, "word for word")]
    [violation] = _run(_comparison(texts, claims=claims, reprints=copy), min_outlets=2).violations
    assert violation.outlet == "Ministry" and "(1 independent, minimum 2)" in violation.message
    # A newspaper printing the readout is the readout again, not an outlet carrying it.
    printed = [Reprint(POST.id, MINISTRY.id, "the readout in full"), Reprint(STAR.id, MINISTRY.id, "the same")]
    assert len(_run(_comparison(texts, claims=claims, reprints=printed)).violations) == 1


def test_a_readout_sentence_about_another_contact_is_no_omission_of_the_outlets() -> None:
    earlier = "Earlier, the minister held a phone call with his Italian counterpart."
    texts = {MINISTRY: ["Both sides pledged to reopen the railway.", earlier], POST: ["They pledged to reopen it."]}
    claims = [[(MINISTRY.id, 0), (POST.id, 0)], [(MINISTRY.id, 1)]]
    comparison = _comparison(texts, claims=claims)
    [violation] = _run(comparison).violations
    assert "carried by no outlet" in violation.message and "Italian" in violation.message
    # Set apart as another contact, it was never compared, so no outlet left it out.
    apart = replace(comparison.events[0], other_contacts=(comparison.events[0].sentence(MINISTRY.id, 1),))
    assert not _run(replace(comparison, events=(apart,))).violations


def test_allow_outlet_means_the_source_the_violation_is_about() -> None:
    comparison = _numbers_comparison({MINISTRY: "1,200", POST: "1,200", STAR: "3,000"})
    right = Allowance(Rule.NUMBERS, "post rounds", outlet="Daily Post", number=1)
    result = _run(comparison, allow=(right,))
    assert [v.outlet for v in result.violations] == ["Evening Star"], (
        "allowing the outlet that got it right hides nothing"
    )
    assert result.stale_allowances == (right,)
    wrong = Allowance(Rule.NUMBERS, "star corrected in print", outlet="evening star", number=2)
    result = _run(comparison, allow=(wrong,))
    assert not result.violations and result.known[0].allowed_because == "star corrected in print"
    assert not result.stale_allowances


@pytest.mark.parametrize(
    ("allowance", "allows"),
    [
        (Allowance(Rule.NUMBERS, "r"), True),
        (Allowance(Rule.DATES, "r"), False),
        (Allowance(Rule.NUMBERS, "r", event=EVENT), True),
        (Allowance(Rule.NUMBERS, "r", event="another-event"), False),
        (Allowance(Rule.NUMBERS, "r", claim="withdraw troops valley"), True),
        (Allowance(Rule.NUMBERS, "r", claim="mountain railway"), False),
    ],
)
def test_allow_entries_narrow_by_rule_event_and_claim(allowance: Allowance, allows: bool) -> None:
    result = _run(_numbers_comparison({MINISTRY: "1,200", STAR: "3,000"}), allow=(allowance,))
    assert (not result.violations) is allows


def test_resolved_baseline_entries_are_reported_and_dropped_when_re_recorded() -> None:
    broken = _numbers_comparison({MINISTRY: "1,200", POST: "1,200", STAR: "3,000"})
    recorded = check.load_baseline_text(check.baseline_json(_run(broken)))
    fixed = _numbers_comparison({MINISTRY: "1,200", POST: "1,200", STAR: "1,200"})
    result = check.check(fixed, settings=CheckSettings(), baseline=recorded)
    assert not result.violations
    assert [b.id for b in result.resolved] == [recorded[0].id]
    assert "RESOLVED numbers" in check_report.summary_text(result)
    assert json.loads(check.baseline_json(result))["violations"] == []


def test_re_recording_keeps_reasons_and_entries_outside_the_selection() -> None:
    comparison = _numbers_comparison({MINISTRY: "1,200", POST: "1,200", STAR: "3,000"})
    entries = json.loads(check.baseline_json(_run(comparison)))
    entries["violations"][0]["reason"] = "the desk checked: the star corrected it in print"
    other = dict(entries["violations"][0], id="dates-0000000000", rule="dates", reason="kept")
    entries["violations"].append(other)
    baseline = check.load_baseline_text(json.dumps(entries))
    result = check.check(comparison, settings=CheckSettings(rules=frozenset({Rule.NUMBERS})), baseline=baseline)
    rewritten = json.loads(check.baseline_json(result))["violations"]
    assert {(e["rule"], e.get("reason")) for e in rewritten} == {
        ("numbers", "the desk checked: the star corrected it in print"),
        ("dates", "kept"),
    }


def test_one_baseline_entry_accepts_one_violation() -> None:
    texts = {MINISTRY: [SAID.format(n="1,200")], STAR: [SAID.format(n="3,000")], POST: [SAID.format(n="3,000")]}
    comparison = _comparison(
        texts,
        claims=[[(d.id, 0) for d in texts]],
        findings=[_finding(Rule.NUMBERS, [(d.id, 0, t[0].split()[8]) for d, t in texts.items()])],
    )
    star_only = [v for v in _run(comparison).violations if v.outlet == "Evening Star"]
    result = check.check(comparison, settings=CheckSettings(), baseline=star_only)
    assert [v.outlet for v in result.violations] == ["Daily Post"]


def test_a_readouts_today_is_no_reference_for_the_day_unless_it_says_when_it_was_issued() -> None:
    # The readout was saved from an aggregator a day later: its "today" resolves to the wrong day.
    said = "The minister spoke with the general {when}."
    evidence = [(MINISTRY.id, 0, "today"), (POST.id, 0, "Wednesday"), (STAR.id, 0, "Wednesday")]
    texts = {MINISTRY: [said.format(when="today")], POST: [said.format(when="on Wednesday")]}
    texts[STAR] = texts[POST]
    finding = _finding(Rule.DATES, evidence)
    result = _run(_comparison(texts, claims=[[(d.id, 0) for d in texts]], findings=[finding]))
    assert [v.outlet for v in result.violations] == ["Ministry"]
    assert "where Daily Post, Evening Star say “Wednesday”" in result.violations[0].message
    assert result.violations[0].message.endswith("give it front matter `issued:`")
    # With `issued:` its "today" is the day it was issued, and the readout is the primary source.
    issued = replace(MINISTRY, issued=PartialDate(2024, 3, 7))
    texts = {issued: texts[MINISTRY], POST: texts[POST], STAR: texts[STAR]}
    result = _run(_comparison(texts, claims=[[(d.id, 0) for d in texts]], findings=[finding]))
    assert sorted(v.outlet for v in result.violations) == ["Daily Post", "Evening Star"]


def test_unknown_names_are_errors_listing_the_known_ones() -> None:
    comparison = _numbers_comparison({MINISTRY: "1,200", STAR: "3,000"})
    for settings, expected in [
        (
            CheckSettings(outlets=("Evening Starr",)),
            "no outlet 'Evening Starr' in the corpus (outlets / --outlet); "
            "did you mean 'Evening Star'? known outlets: Evening Star, Ministry",
        ),
        (CheckSettings(require_outlets=("Voice of America",)), "no outlet 'Voice of America'"),
        (CheckSettings(events=("alder-birch",)), "did you mean 'alder-birch-call'?"),
        (CheckSettings(allow=(Allowance(Rule.NUMBERS, "r", outlet="VOA", number=3),)), "allow entry 3"),
    ]:
        with pytest.raises(ConfigError) as error:
            check.validate_names(settings, comparison)
        assert expected in str(error.value)
    check.validate_names(CheckSettings(outlets=("evening star",), events=(EVENT,)), comparison)


def test_at_most_ten_annotations_most_significant_first() -> None:
    documents = {_doc(f"news/outlet-{i:02d}", f"Outlet {i:02d}"): [SAID.format(n=1000 + i)] for i in range(12)}
    readout = {MINISTRY: [SAID.format(n=1200)]}
    texts = readout | documents
    low = _finding(Rule.NUMBERS, [(d.id, 0, t[0].split()[8]) for d, t in texts.items()], significance=0.6)
    high = replace(_finding(Rule.DATES, [(MINISTRY.id, 0, "Wednesday"), ("news/outlet-05", 0, "Monday")]), id="d")
    comparison = _comparison(texts, claims=[[(d.id, 0) for d in texts]], findings=[low, high])
    result = _run(comparison)
    assert len(result.violations) == 13
    lines = check_report.github_annotations(result).splitlines()
    assert sum(line.startswith("::error ") for line in lines) == 10
    assert "title=compare dates%3A Outlet 05" in lines[0]
    assert lines[-1] == "3 more violation(s) in the step summary and the JUnit report"
    summary = check_report.summary_markdown(result)
    assert "all 13 are listed here" in summary and summary.count("| numbers |") == 12


HOSTILE = "Evil \x00\x1b[31m::set-output name=x::y\r\n##[error]forged\u2028::warning::z %0A \x85 end"


def test_source_text_cannot_form_a_workflow_command_nor_break_the_xml() -> None:
    texts = {MINISTRY: [SAID.format(n="1,200")], STAR: [HOSTILE]}
    comparison = _comparison(
        texts,
        claims=[[(MINISTRY.id, 0), (STAR.id, 0)]],
        findings=[_finding(Rule.NUMBERS, [(MINISTRY.id, 0, "1,200 troops"), (STAR.id, 0, HOSTILE)])],
    )
    result = _run(comparison)
    annotations = check_report.github_annotations(result)
    assert annotations.count("\n") == 0 and annotations.startswith("::error ")
    data = annotations.split("::", 2)[2]
    assert "::" not in data and "##[" not in data and "\r" not in data and "\x1b" not in data and "\x85" not in data
    assert "%250A" in data  # a literal "%0A" in the text stays text, it does not become a newline
    for line in check_report.summary_text(result).splitlines():
        assert not line.startswith(("::", "##[")) and "::" not in line and "##[" not in line
    suite = ElementTree.fromstring(check_report.junit_xml(result))  # well-formed despite NUL and ESC
    assert "forged" in (suite.find("testcase/failure").text or "")  # type: ignore[union-attr]


def test_html_sources_get_the_line_of_the_claim() -> None:
    raw = (
        "<html>\n<body>\n<h1>Valley</h1>\n"
        "<p>The minister and the general agreed to withdraw 3,000 troops\nfrom the valley</p>"
    )
    assert check.html_line(raw, SAID.format(n="3,000")) == 4
    assert check.html_line(raw, "Nothing like this sentence appears in the page at all.") is None


def test_coverage_counts_a_claim_shared_only_with_a_reprint_as_not_shared() -> None:
    texts = {
        POST: ["The railway reopens before winter.", "The valley road reopens in spring."],
        COURIER: ["The railway reopens before winter.", "The valley road reopens in spring."],
        STAR: ["The railway reopens before winter."],
    }
    claims = [[(POST.id, 0), (COURIER.id, 0), (STAR.id, 0)], [(POST.id, 1), (COURIER.id, 1)]]
    only_coverage = {"min_coverage": 0.6, "rules": frozenset({Rule.COVERAGE})}
    # Without reprints the star carries one of two shared claims: 50%, under the floor.
    plain = _run(_comparison(texts, claims=claims), **only_coverage)
    assert [v.outlet for v in plain.violations] == ["Evening Star"]
    # The road claim is one origin's, so the star carries every shared claim.
    copy = [Reprint(COURIER.id, POST.id, "word for word")]
    assert not _run(_comparison(texts, claims=claims, reprints=copy), **only_coverage).violations


def test_partial_dates_order_coarser_before_finer() -> None:
    dates = [PartialDate(2026, 10, 13), PartialDate(2026), PartialDate(2026, 10), PartialDate(2025, 12, 31)]
    assert [str(d) for d in sorted(dates)] == ["2025-12-31", "2026", "2026-10", "2026-10-13"]
    assert min(PartialDate(2026, 10, 13), PartialDate(2026, 10)) == PartialDate(2026, 10)
    assert PartialDate(2026, 10) <= PartialDate(2026, 10) < PartialDate(2026, 11) and PartialDate(2027) > PartialDate(
        2026, 12
    )


def test_comparison_json_carries_the_rule_and_each_sources_attribution() -> None:
    """What check reads is in comparison.json too, so a script can apply its own rules."""
    from compare import report

    sentence = "The valley road will reopen within a fortnight of the withdrawal."
    evidence = [(POST.id, 0, "unnamed sources", Attribution.ATTRIBUTED), (STAR.id, 0, "", Attribution.STATED_AS_FACT)]
    comparison = _comparison(
        {POST: [sentence], STAR: [sentence]},
        claims=[[(POST.id, 0), (STAR.id, 0)]],
        findings=[_finding(Rule.ATTRIBUTION, evidence), _finding(None, [(POST.id, 0, "road"), (STAR.id, 0, "route")])],
    )
    attributed, worded = json.loads(report.render_json(comparison))["events"][0]["findings"]
    assert attributed["rule"] == "attribution"
    assert [e["attribution"] for e in attributed["evidence"]] == ["attributed", "stated-as-fact"]
    assert worded["rule"] is None and [e["attribution"] for e in worded["evidence"]] == [None, None]


def test_min_confidence_leaves_out_the_findings_below_it(tmp_path: Path) -> None:
    from compare.config import load_settings

    comparison = _numbers_comparison({MINISTRY: "1,200", POST: "3,000"})
    (finding,) = comparison.events[0].findings
    unsure = replace(comparison, events=(replace(comparison.events[0], findings=(replace(finding, confidence=0.4),)),))
    assert [v.outlet for v in _run(unsure).violations] == ["Daily Post"]  # by default every finding counts
    assert not _run(unsure, min_confidence=0.5).violations
    assert [v.outlet for v in _run(comparison, min_confidence=0.5).violations] == ["Daily Post"]
    config = tmp_path / "compare.toml"
    config.write_text("min_confidence = 0.5\n", encoding="utf-8")
    assert load_settings(config).min_confidence == 0.5
