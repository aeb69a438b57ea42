"""Wording: the content words each source chose in the same place of a claim, and loaded words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.framing.common import ClaimVoices, Voice, make_finding
from compare.framing.worddiff import substitutions
from compare.model import Finding, FramingKind, Kind

LOADED_WORDS = frozenset(
    """regime terrorist terrorists militant militants insurgent insurgents extremist extremists
    rebels thugs harboring harbouring sanctuaries safe havens slammed blasted admitted claimed
    conceded vowed demanded threatened urged pressed warned accused alleged infamous notorious
    so-called""".split()
)


def find(claim: ClaimVoices) -> list[Finding]:
    """Content words each side chose in the same place of the claim, most telling first.

    The lead (a readout when there is one) is compared with every other source's sentences in the
    claim, not only the most specific: an outlet can quote the readout's word in one sentence and
    choose its own in its lead. A sentence that carries the claim only somewhere in it is compared
    whole, with the lead's whole sentence.
    """
    settings = claim.settings
    full = claim.specific
    if len(full) < 2:
        return []
    # The lead is the most specific readout voice, else the most specific voice (first on a tie).
    lead = max(full, key=lambda v: (v.document.kind is Kind.READOUT, v.specificity))
    # The same two wordings seen in several sources (an outlet repeating a readout) are one finding:
    # lower-cased pair -> the pair as first written, and the sources that use it.
    seen: dict[tuple[str, str], tuple[tuple[str, str], dict[str, Voice]]] = {}
    for other in claim.mentions:
        if other.document.id == lead.document.id:
            continue
        widened = not other.specific
        mine = lead.sentence.text if widened else lead.words
        for pair in substitutions(mine, other.words, positional=not widened):
            _, using = seen.setdefault((pair[0].lower(), pair[1].lower()), (pair, {}))
            using.setdefault(other.document.id, other)
    findings = []
    for key, ((words_a, words_b), using) in seen.items():
        others = list(using.values())
        loaded = sorted({w.lower() for w in re.findall(r"[A-Za-z-]+", f"{words_a} {words_b}")} & LOADED_WORDS)
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.WORDING,
                f"“{words_a}” ({lead.name}) vs “{words_b}” ({', '.join(v.name for v in others)})"
                + (f" — loaded: {', '.join(loaded)}" if loaded else ""),
                "different words in the same place of the claim" + (", one of them loaded" if loaded else ""),
                [(lead, words_a), *((v, words_b) for v in others)],
                settings.wording_loaded if loaded else settings.wording,
                [lead.document.id, *(v.document.id for v in others), *key],
            )
        )
    covered = {w.lower() for f in findings for e in f.evidence for w in e.words.split()}
    findings += [f for f in _loaded_words(claim, full) if f.evidence[0].words not in covered]
    findings.sort(key=lambda f: -f.significance)
    return findings[: settings.max_wording_per_claim]


def _loaded_words(claim: ClaimVoices, voices: Sequence[Voice]) -> list[Finding]:
    """A charged word one source uses for the claim and another does not ("insurgents")."""
    used = {v.document.id: {w.lower() for w in re.findall(r"[A-Za-z-]+", v.words)} & LOADED_WORDS for v in voices}
    findings = []
    for word in sorted(set().union(*used.values()) if used else set()):
        using = [v for v in voices if word in used[v.document.id]]
        others = [v for v in voices if word not in used[v.document.id]]
        if not others:
            continue
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.WORDING,
                f"“{word}” in {', '.join(v.name for v in using)}; not in {', '.join(v.name for v in others)}",
                "a loaded word one source uses and another does not",
                [(v, word) for v in using] + [(v, v.words) for v in others],
                claim.settings.wording_loaded,
                [word] + [v.document.id for v in using] + [f"not:{v.document.id}" for v in others],
            )
        )
    return findings
