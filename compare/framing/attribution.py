"""Attribution: whom each source says the claim comes from, and sources that state it as fact."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from compare.framing.common import ClaimVoices, make_finding
from compare.model import Document, Finding, FramingKind, Kind, Rule

REPORTING_VERBS = r"said|says|told|tells|added|stated|noted|announced|confirmed|reported|reiterated|stressed|emphasized"
# "quoted Bajwa as telling ...": the quoter is the attribution, the quoted person the speaker.
QUOTED_AS = r"\bquoted\s+(?P<quoted>[^,.;“”\"]{1,60}?)\s+as\s+(?:saying|telling|stating)\b"
_STATEMENT_READ = re.compile(
    r"\b(?:read|said|says)\s+(?:a|the)\s+(?:brief\s+)?(?:statement|readout|release|handout)\b(?P<who>[^,.;]{0,100})",
    re.IGNORECASE,
)
_ATTRIBUTION_PATTERNS = [
    re.compile(r"\baccording to (?P<who>[^,.;:]{2,80})", re.IGNORECASE),
    re.compile(rf"(?P<who>(?:[A-Z]|\bthe |\ba |\ban )[^,.;“”\"]{{1,90}}?)\s+{QUOTED_AS}"),
    _STATEMENT_READ,
    # The verb may open a quotation: 'The Pakistani general also “reiterated that ...”'.
    re.compile(rf"(?:^|[,”\"]\s+|[,”\"]\s*,\s*)(?P<who>[^,.;“”\"]{{2,90}}?)\s+[“\"]?(?:{REPORTING_VERBS})\b"),
    re.compile(rf"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){{0,4}}[A-Z][\w.’'-]*)\s+(?:{REPORTING_VERBS})\b"),
]
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
UNNAMED_SOURCES = frozenset({"an unnamed readout or statement", "unnamed sources", "unnamed reports"})
_UNNAMED = re.compile(r"\b(?:sources?|officials?|diplomats?|people familiar)\b", re.IGNORECASE)
_DOCUMENT_WORDS = re.compile(r"\b(?:readout|statement|release|handout|transcript)\b", re.IGNORECASE)
_REPORTEDLY = re.compile(r"\b(?:reportedly|allegedly|purportedly)\b", re.IGNORECASE)


def attribution_of(text: str, *, documents: Iterable[Document]) -> str | None:
    """Whom a sentence attributes what it says to (an issuer's name where one matches), or None."""
    documents = tuple(documents)
    phrase = attribution_phrase(text)
    if phrase is None:
        return "unnamed reports" if _REPORTEDLY.search(text) else None
    if phrase.lower() in PRONOUNS:
        # "The media wing ... issued its own readout, which it said ...": the pronoun's antecedent
        # is usually named earlier in the same sentence.
        named = _normalise_source(text, documents)
        if named in {d.issuer or d.outlet for d in documents if d.kind is Kind.READOUT}:
            return named
    return _normalise_source(phrase, documents)


@lru_cache(maxsize=8192)
def attribution_phrase(text: str) -> str | None:
    """The words that name who says it ("the Pentagon", "a statement"), as written."""
    for pattern in _ATTRIBUTION_PATTERNS:
        for match in pattern.finditer(text):
            who = match.group("who").strip(' ,“”"')
            who = re.sub(r"^(?:that|and|but|also|which|who|whom)\s+", "", who, flags=re.IGNORECASE)
            who = re.sub(r"\s+(?:has|have|had|is|was|also|would|will)$", "", who)  # "NATO has said"
            if not who:
                if pattern is _STATEMENT_READ:
                    return match.group(0)  # "read a statement" with no issuer named
                continue
            if len(who.split()) > 12:
                continue
            return who
    return None


def _normalise_source(phrase: str, documents: Iterable[Document]) -> str:
    lowered = phrase.lower()
    candidates = []
    for document in documents:
        if document.kind is not Kind.READOUT:
            continue
        issuer = document.issuer or document.outlet
        for alias in (issuer, *document.aliases):
            if alias and re.search(rf"\b{re.escape(alias.lower())}\b", lowered):
                candidates.append((len(alias), issuer))
    if candidates:
        return max(candidates)[1]
    if lowered.strip() in PRONOUNS:
        return f"“{phrase}” (named earlier in the article)"
    if _DOCUMENT_WORDS.search(phrase):
        return "an unnamed readout or statement"
    if _UNNAMED.search(phrase) and not re.search(r"[A-Z][a-z]+ [A-Z]", phrase):
        return "unnamed sources"
    return re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)


def find(claim: ClaimVoices) -> list[Finding]:
    settings = claim.settings
    voices = claim.voices
    readouts = [v for v in voices if v.document.kind is Kind.READOUT]
    outlets = [v for v in voices if v.document.kind is not Kind.READOUT]
    if not outlets or len(voices) < 2:
        return []
    said = {v.document.id: attribution_of(v.sentence.text, documents=claim.documents) for v in outlets}
    origin = {v.document.issuer or v.document.outlet for v in readouts}
    findings = []
    attributed = [v for v in outlets if said[v.document.id]]
    unattributed = [v for v in outlets if not said[v.document.id]]
    if attributed and unattributed:
        summary = "; ".join(
            [f"{v.name} attributes it to {said[v.document.id]}" for v in attributed]
            + [f"{v.name} states it as fact" for v in unattributed]
        )
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.ATTRIBUTION,
                summary,
                "attributed in one source, stated as fact in another",
                [(v, said[v.document.id] or "no attribution") for v in (*attributed, *unattributed)],
                settings.attribution_fact,
                [f"{v.document.id}={said[v.document.id]}" for v in outlets],
                rule=Rule.ATTRIBUTION,
            )
        )
    named = {said[v.document.id] for v in attributed}
    issuers = {s for s in named if s in claim.issuers}
    if origin and issuers - origin:
        wrong = [v for v in attributed if said[v.document.id] in issuers - origin]
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.ATTRIBUTION,
                "; ".join(f"{v.name} attributes it to {said[v.document.id]}" for v in wrong)
                + f", but only the {', '.join(sorted(origin))} readout carries it",
                "attributed to a party whose readout does not say it",
                [(v, said[v.document.id] or "") for v in wrong] + [(v, "readout") for v in readouts],
                settings.attribution_wrong_party,
                [f"{v.document.id}={said[v.document.id]}" for v in wrong] + sorted(origin),
                rule=Rule.ATTRIBUTION,
            )
        )
    # A speaker ("the general reiterated") is not a source; compare sources only: the issuers,
    # and the unnamed readouts, statements, sources and reports that stand in for them.
    sources = [v for v in attributed if said[v.document.id] in issuers or said[v.document.id] in UNNAMED_SOURCES]
    if not (origin and issuers - origin) and len({said[v.document.id] for v in sources}) >= 2:
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.ATTRIBUTION,
                "; ".join(f"{v.name} attributes it to {said[v.document.id]}" for v in sources),
                "the sources name different origins for the claim",
                [(v, said[v.document.id] or "") for v in sources],
                settings.attribution_origins if len(issuers) > 1 else settings.attribution_origin_unnamed,
                [f"{v.document.id}={said[v.document.id]}" for v in sources],
            )
        )
    return findings
