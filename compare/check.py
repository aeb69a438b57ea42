"""`compare check`: rules over a comparison, for CI. Exit 0 when no rule is broken, 1 when one is.

Rules (each can be switched off or tuned in compare.toml / [tool.compare] or on the command line):
- coverage: a news source carries less than `min_coverage` of the claims two or more sources carry;
- readout-omissions: a readout claim carried by fewer than `min_outlets` outlets, or left out by
  an outlet named in `require_outlets`;
- numbers: sources disagree on a number in the same claim;
- dates: sources disagree on a date in the same claim;
- attribution: a claim attributed in one source is stated as fact in another (or attributed to a
  party whose readout does not say it).

A violation's identity is its rule, event, sources and the content words of the sentences it is
about, so a baseline written today still recognises it after a light rewording of those sentences.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from compare.coverage import event_coverage, source_names
from compare.errors import ConfigError
from compare.match import STOP_WORDS, stem
from compare.model import Comparison, Document, EventComparison, Kind, Rule

SIMILAR_ENOUGH = 0.6  # share of content words two versions of a sentence must have in common


def sentence_signature(text: str) -> tuple[str, ...]:
    """The content words of a sentence (stemmed, no stop words): what survives a light rewording."""
    words = re.findall(r"[A-Za-z][A-Za-z’'-]+|\d[\d,.]*", text)
    return tuple(sorted({stem(w) for w in words if w.lower() not in STOP_WORDS and len(w) > 2}))


@dataclass(frozen=True)
class Allowance:
    """An accepted divergence: matches by rule, and optionally event and outlet."""

    rule: Rule
    reason: str
    event: str | None = None
    outlet: str | None = None


@dataclass(frozen=True)
class CheckSettings:
    min_coverage: float = 0.5
    min_outlets: int = 1
    require_outlets: tuple[str, ...] = ()
    rules: frozenset[Rule] = frozenset(Rule)
    events: tuple[str, ...] = ()  # only these events (ids); empty: all
    outlets: tuple[str, ...] = ()  # only these sources (outlet names); empty: all
    kinds: tuple[Kind, ...] = ()  # only sources of these kinds; empty: all
    allow: tuple[Allowance, ...] = ()


@dataclass(frozen=True)
class Location:
    path: str  # relative to the corpus root
    line: int | None


@dataclass(frozen=True)
class Violation:
    id: str
    rule: Rule
    event: str
    message: str
    documents: tuple[str, ...]
    signature: tuple[str, ...]  # content words the violation is about, for baseline matching
    location: Location | None
    allowed_because: str | None = None


@dataclass(frozen=True)
class CheckResult:
    violations: tuple[Violation, ...]  # new, not allowed: these fail the check
    known: tuple[Violation, ...]  # in the baseline or allowed by configuration
    events_checked: tuple[str, ...]
    rules: frozenset[Rule] = field(default_factory=frozenset)

    @property
    def failed(self) -> bool:
        return bool(self.violations)


def check(comparison: Comparison, *, settings: CheckSettings, baseline: Sequence[Violation] = ()) -> CheckResult:
    found: list[Violation] = []
    checked = []
    for ec in comparison.events:
        if settings.events and ec.event.id not in settings.events:
            continue
        checked.append(ec.event.id)
        found.extend(find_violations(ec, settings=settings))
    new, known = [], []
    for violation in found:
        allowance = next((a for a in settings.allow if _allows(a, violation, comparison)), None)
        if allowance is not None:
            known.append(replace(violation, allowed_because=allowance.reason))
            continue
        match = next((b for b in baseline if _same(b, violation)), None)
        if match is not None:
            known.append(replace(violation, allowed_because=match.allowed_because or "in the baseline"))
            continue
        new.append(violation)
    return CheckResult(tuple(new), tuple(known), tuple(checked), settings.rules)


def find_violations(ec: EventComparison, *, settings: CheckSettings) -> list[Violation]:
    names = source_names(ec.event.documents)
    selected = {d.id for d in ec.event.documents if _selected(d, settings)}
    documents = {d.id: d for d in ec.event.documents}
    violations: list[Violation] = []
    if len(ec.event.documents) < 2:
        return violations
    if Rule.COVERAGE in settings.rules:
        for sc in event_coverage(ec):
            doc = sc.document
            if doc.id not in selected or doc.kind is not Kind.NEWS or sc.coverage is None:
                continue
            if sc.coverage < settings.min_coverage:
                violations.append(
                    _violation(
                        Rule.COVERAGE,
                        ec,
                        f"{names[doc.id]} carries {sc.coverage:.0%} of the {sc.shared_total} claims "
                        "two or more sources "
                        f"carry (minimum {settings.min_coverage:.0%})",
                        documents=(doc.id,),
                        signature=(),
                        location=Location(doc.path, doc.body_line or None),
                    )
                )
    if Rule.READOUT_OMISSIONS in settings.rules:
        outlets = [d for d in ec.event.documents if d.kind is Kind.NEWS]
        required = [d for d in outlets if d.outlet.casefold() in {o.casefold() for o in settings.require_outlets}]
        for readout in (d for d in ec.event.documents if d.kind is Kind.READOUT and d.id in selected):
            if not outlets:
                continue
            for claim in (c for c in ec.claims if readout.id in c.documents):
                mention = next(m for m in claim.mentions if m.document == readout.id)
                sentence = ec.sentence(readout.id, mention.sentence)
                words = mention.part or sentence.text
                carriers = [d for d in outlets if d.id in claim.documents]
                signature = sentence_signature(words)
                if len(carriers) < settings.min_outlets:
                    who = ", ".join(names[d.id] for d in carriers) or "no outlet"
                    violations.append(
                        _violation(
                            Rule.READOUT_OMISSIONS,
                            ec,
                            f"{names[readout.id]} claim carried by {who} (minimum {settings.min_outlets}): “{words}”",
                            documents=(readout.id,),
                            signature=signature,
                            location=Location(readout.path, sentence.line or None),
                        )
                    )
                for outlet in required:
                    if outlet.id not in claim.documents:
                        violations.append(
                            _violation(
                                Rule.READOUT_OMISSIONS,
                                ec,
                                f"{names[outlet.id]} leaves out a {names[readout.id]} claim: “{words}”",
                                documents=(readout.id, outlet.id),
                                signature=signature,
                                location=Location(readout.path, sentence.line or None),
                            )
                        )
    for finding in ec.findings:
        rule = finding.rule
        if rule is None or rule not in settings.rules:
            continue
        involved = tuple(sorted({e.document for e in finding.evidence}))
        if not any(d in selected for d in involved):
            continue
        # Point at the outlet that departs from the readout, when a readout is among the sources.
        readout_words = {e.words for e in finding.evidence if documents[e.document].kind is Kind.READOUT}
        news = [e for e in finding.evidence if documents[e.document].kind is Kind.NEWS]
        first = next((e for e in news if e.words not in readout_words), news[0] if news else finding.evidence[0])
        sentence = ec.sentence(first.document, first.sentence)
        words = " ".join(sorted({w for e in finding.evidence for w in sentence_signature(e.words)}))
        violations.append(
            _violation(
                rule,
                ec,
                f"{finding.summary} ({finding.why})",
                documents=involved,
                signature=tuple(words.split()),
                location=Location(documents[first.document].path, sentence.line or None),
            )
        )
    return violations


def _selected(document: Document, settings: CheckSettings) -> bool:
    if settings.outlets and document.outlet.casefold() not in {o.casefold() for o in settings.outlets}:
        return False
    return not settings.kinds or document.kind in settings.kinds


def _violation(
    rule: Rule,
    ec: EventComparison,
    message: str,
    *,
    documents: tuple[str, ...],
    signature: Iterable[str],
    location: Location | None,
) -> Violation:
    signature = tuple(sorted(set(signature)))
    key = "|".join([rule.value, ec.event.id, *documents, *signature])
    return Violation(
        id=f"{rule.value}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
        rule=rule,
        event=ec.event.id,
        message=message,
        documents=documents,
        signature=signature,
        location=location,
    )


def _same(known: Violation, new: Violation) -> bool:
    """The same divergence, allowing for light rewording of the sentences it is about."""
    if (known.rule, known.event, known.documents) != (new.rule, new.event, new.documents):
        return False
    if known.id == new.id or (not known.signature and not new.signature):
        return True
    a, b = set(known.signature), set(new.signature)
    return len(a & b) / max(1, len(a | b)) >= SIMILAR_ENOUGH


def _allows(allowance: Allowance, violation: Violation, comparison: Comparison) -> bool:
    if allowance.rule is not violation.rule:
        return False
    if allowance.event and allowance.event != violation.event:
        return False
    if allowance.outlet:
        outlets = {
            d.outlet.casefold() for ec in comparison.events for d in ec.event.documents if d.id in violation.documents
        }
        return allowance.outlet.casefold() in outlets
    return True


# ------------------------------------------------------------------------------------- baseline


def baseline_json(result: CheckResult) -> str:
    entries = [
        {
            "id": v.id,
            "rule": v.rule.value,
            "event": v.event,
            "documents": list(v.documents),
            "signature": list(v.signature),
            "message": v.message,
            **({"reason": v.allowed_because} if v.allowed_because and v.allowed_because != "in the baseline" else {}),
        }
        for v in sorted((*result.known, *result.violations), key=lambda v: (v.event, v.rule.value, v.id))
    ]
    return json.dumps({"version": 1, "violations": entries}, indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: Path) -> list[Violation]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            Violation(
                id=str(entry["id"]),
                rule=Rule(entry["rule"]),
                event=str(entry["event"]),
                message=str(entry.get("message", "")),
                documents=tuple(str(d) for d in entry["documents"]),
                signature=tuple(str(w) for w in entry.get("signature", [])),
                location=None,
                allowed_because=str(entry["reason"]) if entry.get("reason") else None,
            )
            for entry in data["violations"]
        ]
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the baseline ({error.strerror or error})") from None
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigError(f"{path}: not a compare baseline file ({error})") from None


# --------------------------------------------------------------------------------------- output


def summary_text(result: CheckResult) -> str:
    lines = []
    for violation in result.violations:
        where = _where(violation)
        lines.append(f"FAIL {violation.rule.value} [{violation.event}] {_inert(violation.message)}{where}")
    status = "failed" if result.failed else "passed"
    lines.append(
        f"compare check {status}: {len(result.violations)} new violations, {len(result.known)} known or allowed, "
        f"{len(result.events_checked)} events checked"
    )
    return "\n".join(lines)


def summary_markdown(result: CheckResult) -> str:
    from compare import markdown as md

    status = "❌ failed" if result.failed else "✅ passed"
    lines = [
        f"### compare check {status}",
        "",
        f"{len(result.violations)} new violations · {len(result.known)} known or allowed · "
        f"{len(result.events_checked)} events checked",
        "",
    ]
    if result.violations:
        lines += ["| Rule | Event | Where | What |", "| --- | --- | --- | --- |"]
        for v in result.violations:
            where = f"{v.location.path}:{v.location.line or 1}" if v.location else ""
            lines.append(f"| {v.rule.value} | {md.code(v.event)} | {md.code(where)} | {md.inline(v.message)} |")
        lines.append("")
    return "\n".join(lines)


def result_json(result: CheckResult) -> str:
    def entry(v: Violation) -> dict[str, Any]:
        return {
            "id": v.id,
            "rule": v.rule.value,
            "event": v.event,
            "message": v.message,
            "documents": list(v.documents),
            "path": v.location.path if v.location else None,
            "line": v.location.line if v.location else None,
            **({"allowed_because": v.allowed_because} if v.allowed_because else {}),
        }

    return (
        json.dumps(
            {
                "passed": not result.failed,
                "violations": [entry(v) for v in result.violations],
                "known": [entry(v) for v in result.known],
                "events_checked": list(result.events_checked),
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def junit_xml(result: CheckResult) -> str:
    """One test case per rule and event; a failure lists that case's new violations."""
    suite = ElementTree.Element("testsuite", name="compare check")
    cases = 0
    failures = 0
    for event in result.events_checked:
        for rule in sorted(result.rules, key=lambda r: r.value):
            cases += 1
            case = ElementTree.SubElement(
                suite, "testcase", classname=f"compare.{rule.value}", name=f"{rule.value}: {event}"
            )
            broken = [v for v in result.violations if v.event == event and v.rule is rule]
            if broken:
                failures += 1
                failure = ElementTree.SubElement(
                    case, "failure", message=f"{len(broken)} violation(s) of {rule.value}", type=rule.value
                )
                failure.text = "\n".join(f"{v.message}{_where(v)}" for v in broken)
    suite.set("tests", str(cases))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def github_annotations(result: CheckResult, *, corpus_prefix: str = "") -> str:
    """GitHub Actions workflow commands, one per new violation."""
    lines = []
    for v in result.violations:
        properties: dict[str, str] = {}
        if v.location:
            properties["file"] = f"{corpus_prefix}{v.location.path}"
            if v.location.line:
                properties["line"] = str(v.location.line)
        properties["title"] = f"compare {v.rule.value}"
        encoded = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        lines.append(f"::error {encoded}::{_escape_data(_inert(f'[{v.event}] {v.message}'))}")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    # GitHub's own encoding for workflow-command data: the message cannot end the command line.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _inert(text: str) -> str:
    """Untrusted text on one line, unable to form a workflow command (`::name::`) in a CI log."""
    return re.sub(r"::", ": :", " ".join(text.split()))


def _where(violation: Violation) -> str:
    if not violation.location:
        return ""
    return (
        f" ({violation.location.path}:{violation.location.line})"
        if violation.location.line
        else f" ({violation.location.path})"
    )
