"""Attribution: whom each source says the claim comes from, and sources that state it as fact."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from compare.framing.common import ClaimVoices, Voice, make_finding, quotations
from compare.framing.worddiff import content_stems
from compare.model import Attribution, Document, Finding, FramingKind, Kind, Rule

_ABBREVIATED = r"(?:[A-Z]\.){2,}"  # "U.S." inside a name does not end it
REPORTING_VERBS = (
    r"said|says|told|tells|added|stated|noted|announced|confirmed|reported|reiterated|stressed|emphasized|"
    r"wrote|writes|tweeted|posted|highlighted"
)
# "quoted Bajwa as telling ...": the quoter is the attribution, the quoted person the speaker.
QUOTED_AS = r"\bquoted\s+(?P<quoted>[^,.;“”\"]{1,60}?)\s+as\s+(?:saying|telling|stating)\b"
_STATEMENT_READ = re.compile(
    r"\b(?:read|said|says)\s+(?:a|the)\s+(?:brief\s+)?(?:statement|readout|release|handout)\b"
    rf"(?P<who>(?:{_ABBREVIATED}|[^,.;]){{0,100}})",
    re.IGNORECASE,
)
# Attribution at the end of a sentence covers all of it: "..., the foreign ministry said." and
# "..., a statement issued by the US Department of Defense."
_TRAILING = [
    re.compile(
        rf",[”\"]?\s+(?P<who>(?:[Tt]he|[Aa]n?)\s+(?:{_ABBREVIATED}|[^,“”\"]){{2,80}}?|[A-Z](?:{_ABBREVIATED}|[^,“”\"]){{1,80}}?)"
        rf"\s+(?:{REPORTING_VERBS}|reads)(?:\s+(?:on|in|late|early)\s+[^,.“”\"]{{1,40}})?\s*[.”\"]*\s*$"
    ),
    re.compile(
        r",\s+(?:according\s+to\s+)?(?P<who>(?:a|the)\s+(?:brief\s+)?(?:statement|readout|release)\s+"
        rf"(?:issued\s+)?(?:by|from)\s+(?:{_ABBREVIATED}|[^,;“”\"]){{2,80}}?)\s*[.”\"]*\s*$",
        re.IGNORECASE,
    ),
]
_ATTRIBUTION_PATTERNS = [
    *_TRAILING,
    # "Ruto, on his X account Wednesday, said ...": a name, an aside between commas, the verb.
    re.compile(rf"(?P<who>\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+){{0,3}}),\s+[^,“”\"]{{2,60}},\s+(?:{REPORTING_VERBS})\b"),
    re.compile(r"\baccording to (?P<who>[^,.;:]{2,80})", re.IGNORECASE),
    re.compile(rf"(?P<who>(?:[A-Z]|\bthe |\ba |\ban )[^,.;“”\"]{{1,90}}?)\s+{QUOTED_AS}"),
    _STATEMENT_READ,
    # The verb may open a quotation: 'The Pakistani general also “reiterated that ...”'.
    re.compile(rf"(?:^|[,”\"]\s+|[,”\"]\s*,\s*)(?P<who>[^,.;“”\"]{{2,90}}?)\s+[“\"]?(?:{REPORTING_VERBS})\b"),
    re.compile(rf"(?P<who>\b(?:[A-Z][\w.’'-]*\s+){{0,4}}[A-Z][\w.’'-]*)\s+(?:{REPORTING_VERBS})\b"),
]
NO_ATTRIBUTION = "no attribution"  # the evidence words shown for a source that states the claim as fact
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
            who = re.sub(r"(?:^|\s+)in part$", "", who)  # "read the statement in part"
            who = re.sub(r"^(?:issued\s+)?(?:by|from)\s+", "", who)  # "read a statement issued by the ..."
            who = re.sub(r"\s+(?:early|late|on)\s+[^,]*$", "", who)  # "... State Department early Feb"
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
        # "a statement from Israel's Defense Ministry" names its issuer; "the statement" does not.
        issued = re.search(rf"\b(?:by|from|of)\s+(?:the\s+)?(?P<org>[A-Z](?:{_ABBREVIATED}|[^,;])*)", phrase)
        return issued.group("org").strip() if issued else "an unnamed readout or statement"
    if _UNNAMED.search(phrase) and not re.search(r"[A-Z][a-z]+ [A-Z]", phrase):
        return "unnamed sources"
    return re.sub(r"^(?:the|a|an)\s+", "", phrase.strip(), flags=re.IGNORECASE)


def is_pronoun(said: str | None) -> bool:
    """An attribution to a pronoun not resolved to a name (“it”, “he”)."""
    return bool(said and said.endswith("(named earlier in the article)"))


def said_by(claim: ClaimVoices, voice: Voice) -> str | None:
    """Whom the voice's sentence attributes the claim to; a pronoun is resolved from the sentences before."""
    said = attribution_of(voice.sentence.text, documents=claim.documents)
    if not is_pronoun(said):
        return said
    for earlier in reversed(claim.around(voice, before=3, after=0)):
        named = attribution_of(earlier.text, documents=claim.documents)
        if named and not is_pronoun(named):
            return named
    return said


def _attributed_nearby(claim: ClaimVoices, voice: Voice) -> bool:
    """The sentence quotes someone, a sentence beside it names a source for the passage ("the
    statement added"), or one a little later repeats it with a source (a quotation a paragraph on).

    A neighbour that quotes a person about something else ("The general reiterated ...") says
    nothing of where this sentence comes from.
    """
    if any(len(q.split()) >= 3 for q in quotations(voice.sentence.text)):
        return True
    own = content_stems(voice.sentence.text)
    for other in claim.around(voice, before=1, after=3):
        said = attribution_of(other.text, documents=claim.documents)
        if not (said or quotations(other.text)):
            continue
        # A readout or statement beside the sentence may go on to source it; "Sources said the
        # envoy would ..." (even "... a statement was expected") sources only its own news, so it
        # counts only if it repeats this one.
        beside = abs(other.index - voice.sentence.index) == 1
        if beside and (said in claim.issuers or _DOCUMENT_WORDS.search(attribution_phrase(other.text) or "")):
            return True
        theirs = content_stems(other.text)
        if len(own & theirs) / max(1, len(own | theirs)) >= REPEATS_SHARE:
            return True
    return False


REPEATS_SHARE = 0.3  # content words two sentences share when the later one repeats the earlier
FACT_SHARE = 0.3  # content words an attributed and a plain sentence share when they say the same thing


def find(claim: ClaimVoices) -> list[Finding]:
    settings = claim.settings
    voices = claim.voices
    readouts = [v for v in voices if v.document.kind is Kind.READOUT]
    outlets = [v for v in voices if v.document.kind is not Kind.READOUT]
    if not outlets or len(voices) < 2:
        return []
    said = {v.document.id: said_by(claim, v) for v in outlets}
    origin = {v.document.issuer or v.document.outlet for v in readouts}
    findings = []
    # Never "attributes it to “it”": an unresolved pronoun names no one, so that source says nothing here.
    attributed = [v for v in outlets if said[v.document.id] and not is_pronoun(said[v.document.id])]
    # Stated as fact: no attribution in the sentence, none beside it, no quotation, and the whole
    # sentence about this claim (a sentence that carries it only in part is about something else).
    unattributed = [v for v in outlets if not said[v.document.id] and v.specific and not _attributed_nearby(claim, v)]
    if attributed and unattributed:
        # "Austin emphasized the alliance" tells what the speaker did in the call, not where the
        # report comes from: against a plain sentence, that is a weaker contrast than "the ministry said".
        sure = 0.45 if all(_acting_speaker(v.sentence.text, said[v.document.id] or "") for v in attributed) else 0.8
        if any(v.partial for v in unattributed):
            sure -= 0.3  # a sentence that carries the claim among others may have its source elsewhere
        if min(_shared(a, u) for a in attributed for u in unattributed) < FACT_SHARE:
            sure -= 0.4  # the two sentences hardly say the same thing
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
                [(v, said[v.document.id] or "", Attribution.ATTRIBUTED) for v in attributed]
                + [(v, NO_ATTRIBUTION, Attribution.STATED_AS_FACT) for v in unattributed],
                settings.attribution_fact,
                [f"{v.document.id}={said[v.document.id]}" for v in outlets],
                rule=Rule.ATTRIBUTION,
                confidence=sure,
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
                [(v, said[v.document.id] or "", Attribution.ATTRIBUTED) for v in wrong]
                + [(v, "readout", Attribution.CARRIED) for v in readouts],
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
                [(v, said[v.document.id] or "", Attribution.ATTRIBUTED) for v in sources],
                settings.attribution_origins if len(issuers) > 1 else settings.attribution_origin_unnamed,
                [f"{v.document.id}={said[v.document.id]}" for v in sources],
                # "the statement" against "the State Department" is often one source named twice.
                confidence=0.55 if len(issuers) > 1 else 0.4,
            )
        )
    return findings


def _shared(first: Voice, second: Voice) -> float:
    """Share of content words the two sentences have in common."""
    a, b = content_stems(first.sentence.text), content_stems(second.sentence.text)
    return len(a & b) / max(1, len(a | b))


_CALL_ACTS = (
    r"(?:also\s+)?(?:reiterated|stressed|emphasized|emphasised|highlighted|noted|underlined|underscored|reaffirmed)"
)


def _acting_speaker(text: str, said: str) -> bool:
    """Is the one the sentence attributes it to the actor of the claim ("Austin emphasized ...")?"""
    name = said.split()[-1] if said else ""
    return bool(name) and re.search(rf"\b{re.escape(name)}\W+{_CALL_ACTS}\b", text) is not None
