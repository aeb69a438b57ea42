"""What `compare check` prints and writes: a text summary, JSON, JUnit XML, GitHub Actions output.

Every message carries words from the sources, so each output makes them inert in its own way: one
line that cannot form a workflow command (`::name::` or the legacy `##[name]`) in a CI log, XML
without the control characters XML 1.0 forbids, Markdown that cannot break a table.
"""

from __future__ import annotations

import json
import re
from typing import Any
from xml.etree import ElementTree

from compare import markdown as md
from compare.check import CheckResult, Violation

# GitHub shows only the first 10 error annotations of a step; the rest go to the step summary.
MAX_ANNOTATIONS = 10
# C0 and C1 controls and Unicode line breaks: each could end or corrupt a log line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile(r"[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def one_line(text: str) -> str:
    """Untrusted text on one line, unable to form a workflow command (`::name::`, `##[name]`) in a CI log."""
    text = " ".join(_CONTROL.sub(" ", text).split())
    return text.replace("::", ": :").replace("##[", "# #[")


def summary_text(result: CheckResult) -> str:
    lines = [f"FAIL {v.rule.value} [{v.event}] {one_line(v.message)}{_where(v)}" for v in result.violations]
    lines += [
        f"RESOLVED {b.rule.value} [{b.event}] {one_line(b.message or b.id)}: no longer found (fixed, or the sentences "
        "no longer line up); re-record the baseline to drop it"
        for b in result.resolved
    ]
    lines += [f"STALE {one_line(a.describe())} matches no violation; remove it" for a in result.stale_allowances]
    if result.skipped_files:
        lines.append(
            f"SKIPPED {len(result.skipped_files)} file(s) compare cannot read (it reads .md, .txt, .html): "
            + one_line(", ".join(result.skipped_files))
        )
    status = "failed" if result.failed else "passed"
    lines.append(
        f"compare check {status}: {len(result.violations)} new violations, {len(result.known)} known or allowed, "
        f"{len(result.resolved)} resolved, {len(result.events_checked)} events checked"
    )
    return "\n".join(lines)


def summary_markdown(result: CheckResult) -> str:
    status = "❌ failed" if result.failed else "✅ passed"
    lines = [
        f"### compare check {status}",
        "",
        f"{len(result.violations)} new violations · {len(result.known)} known or allowed · "
        f"{len(result.resolved)} resolved · {len(result.events_checked)} events checked",
        "",
    ]
    if len(result.violations) > MAX_ANNOTATIONS:
        lines += [
            f"The log annotates the {MAX_ANNOTATIONS} most significant; all {len(result.violations)} are listed here.",
            "",
        ]
    if result.violations:
        lines += ["| Rule | Event | Where | What |", "| --- | --- | --- | --- |"]
        for v in result.violations:
            where = f"{v.location.path}:{v.location.line or 1}" if v.location else ""
            lines.append(f"| {v.rule.value} | {md.code(v.event)} | {md.code(where)} | {md.inline(v.message)} |")
        lines.append("")
    if result.resolved:
        lines += ["**Resolved** (in the baseline, no longer found; re-record the baseline to drop them):", ""]
        lines += [f"- {b.rule.value} {md.code(b.event)}: {md.inline(b.message or b.id)}" for b in result.resolved]
        lines.append("")
    if result.stale_allowances:
        lines += ["**Allow entries that match nothing:**", ""]
        lines += [f"- {md.inline(a.describe())}" for a in result.stale_allowances]
        lines.append("")
    if result.skipped_files:
        lines += ["**Files compare cannot read** (it reads .md, .txt, .html):", ""]
        lines += [f"- {md.code(path)}" for path in result.skipped_files]
        lines.append("")
    return "\n".join(lines)


def result_json(result: CheckResult) -> str:
    def entry(v: Violation) -> dict[str, Any]:
        return {
            "id": v.id,
            "rule": v.rule.value,
            "event": v.event,
            "source": v.source,
            "outlet": v.outlet,
            "message": v.message,
            "claim": v.claim,
            "documents": list(v.documents),
            "path": v.location.path if v.location else None,
            "line": v.location.line if v.location else None,
            "significance": v.significance,
            **({"allowed_because": v.allowed_because} if v.allowed_because else {}),
        }

    return (
        json.dumps(
            {
                "passed": not result.failed,
                "violations": [entry(v) for v in result.violations],
                "known": [entry(v) for v in result.known],
                "resolved": [
                    {"id": b.id, "rule": b.rule.value, "event": b.event, "source": b.source, "message": b.message}
                    for b in result.resolved
                ],
                "stale_allow": [a.describe() for a in result.stale_allowances],
                "skipped_files": list(result.skipped_files),
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
                suite, "testcase", classname=f"compare.{rule.value}", name=_xml(f"{rule.value}: {event}")
            )
            broken = [v for v in result.violations if v.event == event and v.rule is rule]
            if broken:
                failures += 1
                failure = ElementTree.SubElement(
                    case, "failure", message=f"{len(broken)} violation(s) of {rule.value}", type=rule.value
                )
                failure.text = _xml("\n".join(f"{v.message}{_where(v)}" for v in broken))
    suite.set("tests", str(cases))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return ElementTree.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _xml(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def github_annotations(result: CheckResult, *, corpus_prefix: str = "") -> str:
    """GitHub Actions `::error` commands for the most significant new violations (at most 10)."""
    lines = []
    for v in result.violations[:MAX_ANNOTATIONS]:
        properties: dict[str, str] = {}
        if v.location:
            properties["file"] = f"{corpus_prefix}{v.location.path}"
            if v.location.line:
                properties["line"] = str(v.location.line)
        properties["title"] = f"compare {v.rule.value}: {v.outlet}"
        encoded = ",".join(f"{key}={_escape_property(value)}" for key, value in properties.items())
        lines.append(f"::error {encoded}::{_escape_data(one_line(f'[{v.event}] {v.message}'))}")
    hidden = len(result.violations) - MAX_ANNOTATIONS
    if hidden > 0:
        lines.append(f"{hidden} more violation(s) in the step summary and the JUnit report")
    return "\n".join(lines)


def _escape_data(text: str) -> str:
    # GitHub's own encoding for workflow-command data: the message cannot end the command line.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(one_line(text)).replace(":", "%3A").replace(",", "%2C")


def _where(violation: Violation) -> str:
    if not violation.location:
        return ""
    path = one_line(violation.location.path)
    return f" ({path}:{violation.location.line})" if violation.location.line else f" ({path})"
