"""Hedging: a claim hedged ("reportedly", "is expected to") in one source and stated plainly in another."""

from __future__ import annotations

import re
from functools import lru_cache

from compare.framing.attribution import REPORTING_VERBS
from compare.framing.common import ClaimVoices, make_finding
from compare.model import Finding, FramingKind

_HEDGES = re.compile(
    r"\b(?:[Rr]eportedly|[Aa]llegedly|[Pp]urportedly|[Aa]pparently|"
    r"(?:is|are|was|were) (?:said|believed|thought|understood|expected|due) to|"
    r"(?:has|have|had) been accused of|accused of|is to|are to|could|may|might|likely|possibly|"
    r"reported to|claimed|claims)\b"
)  # case-sensitive: "May 1" is a date, "may" a hedge
_REPORTED_SPEECH = re.compile(rf"\b(?:{REPORTING_VERBS}|say|reiterated that|telling|saying)\b", re.IGNORECASE)


@lru_cache(maxsize=8192)
def hedges(text: str) -> tuple[str, ...]:
    found = [m.group(0).lower() for m in _HEDGES.finditer(text)]
    # "would" hedges a statement of fact, but after "said that" it is only reported speech.
    if re.search(r"\bwould\b", text) and not _REPORTED_SPEECH.search(text):
        found.append("would")
    return tuple(found)


def find(claim: ClaimVoices) -> list[Finding]:
    hedged = [(v, hedges(v.words)) for v in claim.specific]
    with_hedge = [(v, h) for v, h in hedged if h]
    without = [v for v, h in hedged if not h]
    if not with_hedge or not without:
        return []
    summary = "; ".join(f"{v.name} hedges: “{', '.join(h)}”" for v, h in with_hedge)
    summary += (
        "; " + ", ".join(v.name for v in without) + (" states it plainly" if len(without) == 1 else " state it plainly")
    )
    return [
        make_finding(
            claim.claim,
            FramingKind.HEDGING,
            summary,
            "hedged in one source, stated plainly in another",
            [(v, ", ".join(h)) for v, h in with_hedge] + [(v, "no hedge") for v in without],
            claim.settings.hedging,
            [f"{v.document.id}={','.join(sorted(set(h)))}" for v, h in hedged],
        )
    ]
