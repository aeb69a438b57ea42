"""`compare check`: rules over a comparison, for CI. Exit 0 when no rule is broken, 1 when one is.

Rules (each can be switched off or tuned in compare.toml / [tool.compare] or on the command line):
- coverage: a news source carries less than `min_coverage` of the claims two or more sources carry;
- readout-omissions: a readout claim carried by fewer than `min_outlets` independent outlets (a
  reprint counts once, and a reprint of the readout itself not at all), or left out by an outlet
  named in `require_outlets`;
- numbers, dates, actors: sources disagree on a number, a date, or who did or said what, in the
  same claim;
- attribution: a claim attributed to a party whose readout does not carry it, or stated as fact by
  a source where more independent sources attribute it (and no readout states it).

Each violation is about one source: the one that departs from the readout (readouts are the
primary sources), else from the majority of independent sources; when there is no majority every
source of the difference is one violation. Its identity is its rule, event, that source and the
content words of that source's sentence, so adding or rewording other documents leaves it the same,
and a light rewording of its own sentence still matches a baseline entry.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from compare.coverage import event_coverage, source_names
from compare.errors import ConfigError
from compare.ingest import SKIPPED_NAMES, SUPPORTED_SUFFIXES
from compare.match import STOP_WORDS, stem
from compare.model import Attribution, Claim, Comparison, Document, EventComparison, Evidence, Finding, Kind, Rule
from compare.text import RELATIVE_DAY

SIMILAR_ENOUGH = 0.6  # share of content words two versions of a sentence must have in common
QUOTE_WORDS = 12  # messages quote the claim in this many words: enough to recognise it
# Significance of the rules that are not framing findings (those carry their own, 0.5-1.0).
COVERAGE_SIGNIFICANCE = 0.4
OMISSION_SIGNIFICANCE = 0.5
HTML_SUFFIXES = (".html", ".htm")
BASELINE_VERSION = 2


def sentence_signature(text: str) -> tuple[str, ...]:
    """The content words of a sentence (stemmed, no stop words): what survives a light rewording."""
    words = re.findall(r"[A-Za-z][A-Za-z’'-]+|\d[\d,.]*", text)
    return tuple(sorted({stem(w) for w in words if w.lower() not in STOP_WORDS and len(w) > 2}))


@dataclass(frozen=True)
class Allowance:
    """An accepted divergence. It matches a violation of its rule; each other field narrows it.

    event: the event id. outlet: the source the violation is about (the one that departs from the
    readout or the majority), not any source of the difference. claim: words the claim contains
    (content words, any order).
    """

    rule: Rule
    reason: str
    event: str | None = None
    outlet: str | None = None
    claim: str | None = None
    number: int = 0  # 1-based position among the allow entries of the settings file

    def describe(self) -> str:
        narrowed = ", ".join(f"{k} {v!r}" for k, v in (("event", self.event), ("outlet", self.outlet)) if v)
        claim = f", claim {self.claim!r}" if self.claim else ""
        return f"allow entry {self.number} (rule {self.rule.value}{', ' + narrowed if narrowed else ''}{claim})"


@dataclass(frozen=True)
class CheckSettings:
    min_coverage: float = 0.5
    # Framing findings below this confidence break no rule. 0: every finding counts, also those the
    # report only counts (0.5 is what it shows): a speaker swap told with a verb of saying ("Alder
    # stressed" where the readout has "Birch stressed") sits below 0.5, and CI should still see it.
    min_confidence: float = 0.0
    min_outlets: int = 1
    require_outlets: tuple[str, ...] = ()
    rules: frozenset[Rule] = frozenset(Rule)
    events: tuple[str, ...] = ()  # only these events (ids); empty: all
    outlets: tuple[str, ...] = ()  # only violations about these sources (outlet names); empty: all
    kinds: tuple[Kind, ...] = ()  # only violations about sources of these kinds; empty: all
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
    source: str  # Document.id of the source the violation is about
    outlet: str  # that source's outlet name, for allow entries and readers of a baseline
    message: str
    claim: str  # the claim in the words of that source (or of the readout, for an omission)
    documents: tuple[str, ...]  # every source involved
    signature: tuple[str, ...]  # content words the violation is about, for baseline matching
    location: Location | None
    significance: float = 0.0  # higher first: annotations are capped, the first ones must count
    allowed_because: str | None = None
    allowed_by_settings: bool = False  # known through an allow entry (not through the baseline)


@dataclass(frozen=True)
class CheckResult:
    violations: tuple[Violation, ...]  # new, not allowed: these fail the check; most significant first
    known: tuple[Violation, ...]  # in the baseline or allowed by configuration
    events_checked: tuple[str, ...]
    rules: frozenset[Rule] = field(default_factory=frozenset)
    resolved: tuple[Violation, ...] = ()  # baseline entries no longer found (fixed, or no longer aligned)
    out_of_scope: tuple[Violation, ...] = ()  # baseline entries outside this run's selection, kept as they are
    stale_allowances: tuple[Allowance, ...] = ()  # allow entries that matched nothing
    skipped_files: tuple[str, ...] = ()  # corpus files compare does not read (.pdf, .docx, ...)

    @property
    def failed(self) -> bool:
        return bool(self.violations)


def check(comparison: Comparison, *, settings: CheckSettings, baseline: Sequence[Violation] = ()) -> CheckResult:
    documents = {d.id: d for ec in comparison.events for d in ec.event.documents}
    found: list[Violation] = []
    checked = []
    for ec in comparison.events:
        if settings.events and ec.event.id not in settings.events:
            continue
        checked.append(ec.event.id)
        found.extend(find_violations(ec, settings=settings))
    found.sort(key=_most_significant_first)
    used: set[int] = set()
    candidates: list[Violation] = []
    known: list[Violation] = []
    for violation in found:
        index = next((i for i, a in enumerate(settings.allow) if _allows(a, violation)), None)
        if index is None:
            candidates.append(violation)
            continue
        used.add(index)
        known.append(replace(violation, allowed_because=settings.allow[index].reason, allowed_by_settings=True))
    in_scope = [b for b in baseline if _in_scope(b, settings, documents)]
    matched = match_baseline(in_scope, candidates)
    new = []
    for position, violation in enumerate(candidates):
        entry = matched.get(position)
        if entry is None:
            new.append(violation)
        else:
            known.append(replace(violation, allowed_because=in_scope[entry].allowed_because or "in the baseline"))
    taken = set(matched.values())
    stale = tuple(
        a
        for i, a in enumerate(settings.allow)
        if i not in used
        and a.rule in settings.rules
        and (not a.event or not settings.events or a.event in settings.events)
        and (not a.outlet or not settings.outlets or _named(a.outlet, settings.outlets))
    )
    return CheckResult(
        violations=tuple(new),
        known=tuple(known),
        events_checked=tuple(checked),
        rules=settings.rules,
        resolved=tuple(b for i, b in enumerate(in_scope) if i not in taken),
        out_of_scope=tuple(b for b in baseline if not _in_scope(b, settings, documents)),
        stale_allowances=stale,
    )


def find_violations(ec: EventComparison, *, settings: CheckSettings) -> list[Violation]:
    documents = {d.id: d for d in ec.event.documents}
    if len(documents) < 2:
        return []
    names = source_names(ec.event.documents)
    selected = {d.id for d in ec.event.documents if _selected(d, settings)}
    violations: list[Violation] = []
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
                        f"{names[doc.id]} carries {sc.coverage:.0%} of the {sc.shared_total} claims two or more "
                        f"sources carry (minimum {settings.min_coverage:.0%})",
                        source=doc,
                        claim="",
                        documents=(doc.id,),
                        signature=(),
                        location=Location(doc.path, doc.body_line or None),
                        significance=COVERAGE_SIGNIFICANCE + (settings.min_coverage - sc.coverage) / 10,
                    )
                )
    if Rule.READOUT_OMISSIONS in settings.rules:
        violations.extend(_readout_omissions(ec, settings=settings, names=names, selected=selected))
    claims = {c.id: c for c in ec.claims}
    for finding in ec.findings:
        rule = finding.rule
        if rule is None or rule not in settings.rules or finding.confidence < settings.min_confidence:
            continue
        claim = claims.get(finding.claim)
        involved = tuple(sorted({e.document for e in finding.evidence}))
        for blamed, reference in _diverging(finding, ec, claim):
            if blamed.document not in selected:
                continue
            doc = documents[blamed.document]
            sentence = ec.sentence(blamed.document, blamed.sentence)
            words = _claim_words(claim, blamed) or sentence.text
            violations.append(
                _violation(
                    rule,
                    ec,
                    _framing_message(finding, blamed, reference, words, names, blamed_document=doc),
                    source=doc,
                    claim=words,
                    documents=involved,
                    signature=sentence_signature(sentence.text),
                    location=Location(doc.path, sentence.line or None),
                    significance=finding.significance,
                )
            )
    return violations


def _readout_omissions(
    ec: EventComparison, *, settings: CheckSettings, names: dict[str, str], selected: set[str]
) -> list[Violation]:
    outlets = [d for d in ec.event.documents if d.kind is Kind.NEWS]
    if not outlets:
        return []
    required = [d for d in outlets if _named(d.outlet, settings.require_outlets)]
    violations = []
    for readout in (d for d in ec.event.documents if d.kind is Kind.READOUT):
        for claim in (c for c in ec.claims if readout.id in c.documents):
            mention = next(m for m in claim.mentions if m.document == readout.id)
            if ec.about_another_contact(readout.id, mention.sentence):
                continue  # never compared with the outlets, so no outlet can be said to leave it out
            sentence = ec.sentence(readout.id, mention.sentence)
            words = mention.part or sentence.text
            signature = sentence_signature(words)
            # Independent carriers: a reprint counts once, and a newspaper printing the readout is the readout.
            carriers = [d for d in outlets if d.id in claim.documents and ec.event.origin(d.id) != readout.id]
            origins = {ec.event.origin(d.id) for d in carriers}
            if len(origins) < settings.min_outlets and readout.id in selected:
                who = ", ".join(names[d.id] for d in carriers) or "no outlet"
                violations.append(
                    _violation(
                        Rule.READOUT_OMISSIONS,
                        ec,
                        f"{names[readout.id]} claim carried by {who} "
                        f"({len(origins)} independent, minimum {settings.min_outlets}): “{_quote(words)}”",
                        source=readout,
                        claim=words,
                        documents=(readout.id,),
                        signature=signature,
                        location=Location(readout.path, sentence.line or None),
                        significance=OMISSION_SIGNIFICANCE,
                    )
                )
            for outlet in required:
                if outlet.id in claim.documents or outlet.id not in selected:
                    continue
                violations.append(
                    _violation(
                        Rule.READOUT_OMISSIONS,
                        ec,
                        f"{names[outlet.id]} leaves out a {names[readout.id]} claim: “{_quote(words)}”",
                        source=outlet,
                        claim=words,
                        documents=(readout.id, outlet.id),
                        signature=signature,
                        # The omission has no line in the outlet; the annotation goes on its file.
                        location=Location(outlet.path, outlet.body_line or None),
                        significance=OMISSION_SIGNIFICANCE + 0.05,
                    )
                )
    return violations


def _diverging(
    finding: Finding, ec: EventComparison, claim: Claim | None
) -> list[tuple[Evidence, tuple[Evidence, ...]]]:
    """The sources a finding is about, each with the sources it departs from."""
    documents = {d.id: d for d in ec.event.documents}
    evidence = list({e.document: e for e in reversed(finding.evidence)}.values())[::-1]  # first per source
    readouts = [e for e in evidence if documents[e.document].kind is Kind.READOUT]
    if finding.rule is Rule.DATES:
        # A readout's "today" is only as good as its date, and a readout saved from a paper or an
        # aggregator carries theirs: without `issued:` it is no reference, the majority is.
        readouts = [e for e in readouts if not RELATIVE_DAY.fullmatch(e.words) or documents[e.document].declares_issue]

    def origins(group: Iterable[Evidence]) -> int:
        return len({ec.event.origin(e.document) for e in group})

    if finding.rule is Rule.ATTRIBUTION:
        carrying = [e for e in evidence if e.attribution is Attribution.CARRIED]
        if carrying:
            # Attributed to a party whose readout does not carry it: the outlets that name that party.
            return [(e, tuple(carrying)) for e in evidence if e.attribution is Attribution.ATTRIBUTED]
        if claim is not None and any(documents[d].kind is Kind.READOUT for d in claim.documents if d in documents):
            return []  # readouts are the primary sources: stating as fact what a readout states is no error
        stating = [e for e in evidence if e.attribution is Attribution.STATED_AS_FACT]
        attributing = [e for e in evidence if e.attribution is Attribution.ATTRIBUTED]
        # An editorial choice when sources split evenly; a departure when most attribute it.
        if origins(attributing) > origins(stating):
            return [(e, tuple(attributing)) for e in stating]
        return []
    groups: dict[str, list[Evidence]] = {}
    for item in evidence:
        groups.setdefault(_normal(item.words), []).append(item)
    if len(groups) < 2:
        return []
    candidates = [g for g in groups.values() if any(e in readouts for e in g)] or list(groups.values())
    best = max(origins(g) for g in candidates)
    leaders = [g for g in candidates if origins(g) == best]
    if len(leaders) == 1:
        reference = leaders[0]
        return [(e, tuple(reference)) for g in groups.values() if g is not reference for e in g]
    # Nothing to trust over anything else: each source departs from the others.
    return [(e, tuple(o for o in evidence if _normal(o.words) != _normal(e.words))) for e in evidence]


def _normal(words: str) -> str:
    return " ".join(re.sub(r"(?<=\d),(?=\d)", "", words).casefold().split())


def _claim_words(claim: Claim | None, evidence: Evidence) -> str | None:
    if claim is None:
        return None
    where = (evidence.document, evidence.sentence)
    mention = next((m for m in claim.mentions if (m.document, m.sentence) == where), None)
    return mention.part if mention is not None else None


def _framing_message(
    finding: Finding,
    blamed: Evidence,
    reference: Sequence[Evidence],
    words: str,
    names: dict[str, str],
    *,
    blamed_document: Document,
) -> str:
    who = names[blamed.document]
    others = _join([names[e.document] for e in reference])
    said = " / ".join(dict.fromkeys(f"“{e.words}”" for e in reference))
    quoted = f"“{_quote(words)}”"
    if finding.rule is Rule.ATTRIBUTION:
        if blamed.attribution is Attribution.STATED_AS_FACT:
            return f"{who} states as fact {quoted}, which {others} attribute to {said}"
        return f"{who} attributes {quoted} to {blamed.words}, but only {others} carries it"
    verb = "says" if len({e.document for e in reference}) == 1 else "say"
    message = f"{who} says “{blamed.words}” where {others} {verb} {said} ({finding.why}): {quoted}"
    reprinted_readout = blamed_document.kind is Kind.READOUT and not blamed_document.declares_issue
    if finding.rule is Rule.DATES and reprinted_readout and RELATIVE_DAY.fullmatch(blamed.words):
        message += f"; if {who} was printed after it was issued, give it front matter `issued:`"
    return message


def _join(names: Sequence[str], limit: int = 3) -> str:
    unique = list(dict.fromkeys(names))
    if len(unique) > limit:
        return ", ".join(unique[:limit]) + f" and {len(unique) - limit} more"
    return ", ".join(unique)


def _quote(text: str) -> str:
    words = text.split()
    return " ".join(words[:QUOTE_WORDS]) + ("…" if len(words) > QUOTE_WORDS else "")


def _most_significant_first(violation: Violation) -> tuple[float, str, str, int, str]:
    where = violation.location
    path, line = (where.path, where.line or 0) if where else ("", 0)
    return (-violation.significance, violation.event, path, line, violation.rule.value)


def _named(name: str, names: Iterable[str]) -> bool:
    return name.casefold() in {n.casefold() for n in names}


def _selected(document: Document, settings: CheckSettings) -> bool:
    if settings.outlets and not _named(document.outlet, settings.outlets):
        return False
    return not settings.kinds or document.kind in settings.kinds


def _in_scope(entry: Violation, settings: CheckSettings, documents: dict[str, Document]) -> bool:
    """Whether this run looked where a baseline entry points (else it is kept, not resolved)."""
    if entry.rule not in settings.rules or (settings.events and entry.event not in settings.events):
        return False
    document = documents.get(entry.source)
    if document is not None:
        return _selected(document, settings)
    return (not settings.outlets or _named(entry.outlet, settings.outlets)) and not settings.kinds


def _violation(
    rule: Rule,
    ec: EventComparison,
    message: str,
    *,
    source: Document,
    claim: str,
    documents: tuple[str, ...],
    signature: Iterable[str],
    location: Location | None,
    significance: float,
) -> Violation:
    signature = tuple(sorted(set(signature)))
    key = "|".join([rule.value, ec.event.id, source.id, *signature])
    return Violation(
        id=f"{rule.value}-{hashlib.sha1(key.encode()).hexdigest()[:10]}",
        rule=rule,
        event=ec.event.id,
        source=source.id,
        outlet=source.outlet,
        message=message,
        claim=claim,
        documents=documents,
        signature=signature,
        location=location,
        significance=significance,
    )


def _similarity(known: Violation, new: Violation) -> float | None:
    """How alike two violations are (1.0: the same), or None when they cannot be the same one."""
    if (known.rule, known.event, known.source) != (new.rule, new.event, new.source):
        return None
    if known.id == new.id or (not known.signature and not new.signature):
        return 1.0
    a, b = set(known.signature), set(new.signature)
    share = len(a & b) / max(1, len(a | b))
    return share if share >= SIMILAR_ENOUGH else None


def match_baseline(entries: Sequence[Violation], violations: Sequence[Violation]) -> dict[int, int]:
    """Violation index -> baseline entry index, one entry per violation, closest pairs first."""
    pairs = []
    for v, violation in enumerate(violations):
        for e, entry in enumerate(entries):
            similarity = _similarity(entry, violation)
            if similarity is not None:
                pairs.append((-similarity, v, e))
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, v, e in sorted(pairs):
        if v not in matched and e not in taken:
            matched[v] = e
            taken.add(e)
    return matched


def _allows(allowance: Allowance, violation: Violation) -> bool:
    if allowance.rule is not violation.rule:
        return False
    if allowance.event and allowance.event != violation.event:
        return False
    if allowance.outlet and allowance.outlet.casefold() != violation.outlet.casefold():
        return False
    if allowance.claim:
        wanted = set(sentence_signature(allowance.claim))
        return bool(wanted) and wanted <= set(sentence_signature(violation.claim))
    return True


# ------------------------------------------------------------------------------------ the names


def validate_names(settings: CheckSettings, comparison: Comparison) -> None:
    """Every outlet and event the user names must exist: a typo must not silently match nothing."""
    outlets = sorted({d.outlet for ec in comparison.events for d in ec.event.documents}, key=str.casefold)
    events = sorted(ec.event.id for ec in comparison.events)
    problems = []
    for where, names in (
        ("outlets / --outlet", settings.outlets),
        ("require_outlets / --require-outlet", settings.require_outlets),
    ):
        problems += [_unknown("outlet", name, outlets, where) for name in names if not _named(name, outlets)]
    problems += [_unknown("event", name, events, "events / --event") for name in settings.events if name not in events]
    for allowance in settings.allow:
        if allowance.outlet and not _named(allowance.outlet, outlets):
            problems.append(_unknown("outlet", allowance.outlet, outlets, allowance.describe()))
        if allowance.event and allowance.event not in events:
            problems.append(_unknown("event", allowance.event, events, allowance.describe()))
    if problems:
        raise ConfigError("; ".join(problems))


def _unknown(what: str, name: str, known: Sequence[str], where: str) -> str:
    near = get_close_matches(name.casefold(), [k.casefold() for k in known], n=1, cutoff=0.6)
    hint = ""
    if near:
        hint = f"did you mean {next(k for k in known if k.casefold() == near[0])!r}? "
    return f"no {what} {name!r} in the corpus ({where}); {hint}known {what}s: {', '.join(known)}"


# ---------------------------------------------------------------------------------- the corpus


def skipped_files(corpus: Path) -> tuple[str, ...]:
    """Files in the corpus folder that compare does not read, so that none is left out unseen."""
    skipped = []
    for folder, subfolders, files in os.walk(corpus):
        subfolders[:] = sorted(s for s in subfolders if not s.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or name.lower() in SKIPPED_NAMES:
                continue
            if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append((Path(folder) / name).relative_to(corpus).as_posix())
    return tuple(sorted(skipped))


def with_html_lines(result: CheckResult, corpus: Path) -> CheckResult:
    """Give violations in HTML sources a line: where the claim's first words are in the file."""

    def located(violation: Violation) -> Violation:
        where = violation.location
        if where is None or where.line or not where.path.lower().endswith(HTML_SUFFIXES) or not violation.claim:
            return violation
        line = html_line((corpus / where.path).read_text(encoding="utf-8", errors="replace"), violation.claim)
        return replace(violation, location=Location(where.path, line)) if line else violation

    try:
        return replace(
            result,
            violations=tuple(located(v) for v in result.violations),
            known=tuple(located(v) for v in result.known),
        )
    except OSError:
        return result  # the file went away since it was read: the annotation goes on the file


def html_line(raw: str, sentence: str) -> int | None:
    """1-based line of `raw` HTML whose text holds the sentence's first words, or None."""
    words = sentence.split()
    for length in (8, 4):
        if len(words) < min(length, 3):
            continue
        needle = " ".join(words[:length])
        for number, line in enumerate(raw.splitlines(), 1):
            text = " ".join(html.unescape(re.sub(r"<[^>]*>", " ", line)).split())
            if needle in text:
                return number
    return None


# ------------------------------------------------------------------------------------- baseline


def baseline_json(result: CheckResult) -> str:
    """Today's violations (new, and known through the baseline), keeping the reasons written before;
    entries outside this run's selection are kept unchanged, resolved ones are dropped."""
    recorded = [v for v in (*result.violations, *result.known) if not v.allowed_by_settings]
    entries = [
        {
            "id": v.id,
            "rule": v.rule.value,
            "event": v.event,
            "source": v.source,
            "outlet": v.outlet,
            "signature": list(v.signature),
            "message": v.message,
            **({"reason": v.allowed_because} if v.allowed_because and v.allowed_because != "in the baseline" else {}),
        }
        for v in sorted((*recorded, *result.out_of_scope), key=lambda v: (v.event, v.rule.value, v.source, v.id))
    ]
    return json.dumps({"version": BASELINE_VERSION, "violations": entries}, indent=2, ensure_ascii=False) + "\n"


def load_baseline(path: Path) -> list[Violation]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the baseline ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a compare baseline file (not UTF-8 text)") from None
    return load_baseline_text(text, where=str(path))


def load_baseline_text(text: str, *, where: str = "baseline") -> list[Violation]:
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ConfigError(f"{where}: not a compare baseline file (not JSON: {error})") from None
    if isinstance(data, dict) and data.get("version") == 1:
        raise ConfigError(
            f"{where}: a version 1 baseline (from an older compare); re-record it with "
            f"`compare check --write-baseline {where}`"
        )
    try:
        if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION:
            raise ValueError(f"expected an object with version {BASELINE_VERSION}")
        entries = data["violations"]
        if not isinstance(entries, list):
            raise TypeError("violations must be a list")
        return [_baseline_entry(entry) for entry in entries]
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ConfigError(f"{where}: not a compare baseline file ({error})") from None


def _baseline_entry(entry: Any) -> Violation:
    if not isinstance(entry, dict):
        raise TypeError(f"an entry must be an object, not {entry!r}")
    fields = {key: entry[key] for key in ("id", "rule", "event", "source")}
    strings = {key: value for key, value in fields.items() if isinstance(value, str)}
    if len(strings) != len(fields):
        raise TypeError(f"id, rule, event and source must be text in {entry!r}")
    signature = entry.get("signature", [])
    if not isinstance(signature, list) or not all(isinstance(w, str) for w in signature):
        raise TypeError(f"signature must be a list of words in {entry!r}")
    reason = entry.get("reason")
    try:
        rule = Rule(strings["rule"])
    except ValueError:
        raise ValueError(f"unknown rule {strings['rule']!r}; rules: {', '.join(r.value for r in Rule)}") from None
    return Violation(
        id=strings["id"],
        rule=rule,
        event=strings["event"],
        source=strings["source"],
        outlet=str(entry.get("outlet", "")),
        message=str(entry.get("message", "")),
        claim="",
        documents=(strings["source"],),
        signature=tuple(signature),
        location=None,
        allowed_because=str(reason) if reason else None,
    )
