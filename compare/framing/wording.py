"""Wording: the content words each source chose in the same place of a claim, and loaded words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from compare.framing.common import ClaimVoices, Voice, make_finding
from compare.framing.worddiff import ROOT_LENGTH, close_substitutions, content_stems, content_tokens, substitutions
from compare.model import Finding, FramingKind, Kind
from compare.text import LOADED_WORDS, stem


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
    confidence: dict[tuple[str, str], float] = {}
    for other in claim.mentions:
        if other.document.id == lead.document.id:
            continue
        widened = not other.specific
        mine = lead.sentence.text if widened else lead.words
        close = close_substitutions(mine, other.words, positional=not widened)
        for pair in substitutions(mine, other.words, positional=not widened):
            key = (pair[0].lower(), pair[1].lower())
            _, using = seen.setdefault(key, (pair, {}))
            using.setdefault(other.document.id, other)
            sure = _confidence(
                pair,
                close=pair in close,
                readout=lead.document.kind is Kind.READOUT,
                first=lead.sentence.text,
                second=other.sentence.text,
            )
            confidence[key] = max(confidence.get(key, 0.0), sure)
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
                confidence=confidence[key],
            )
        )
    covered = {w.lower() for f in findings for e in f.evidence for w in e.words.split()}
    findings += [f for f in _loaded_words(claim, full) if f.evidence[0].words not in covered]
    findings.sort(key=lambda f: -f.significance)
    return findings[: settings.max_wording_per_claim]


# Verbs of saying differ between any two accounts of a statement without changing what is claimed.
_SPEECH = frozenset(
    stem(w)
    for w in """said say says stated noted added stressed emphasized emphasised reaffirmed reiterated responded
    replied expressed wrote underscored underlined highlighted told""".split()
)


MAX_SURE_PHRASE_WORDS = 3  # a longer "phrase" is usually a clause about something else


def _confidence(pair: tuple[str, str], *, close: bool, readout: bool, first: str, second: str) -> float:
    """How sure that the two phrases stand for the same thing, told in other words.

    Sure: both right beside a word the sentences share, each a phrase as written, no names, not
    verbs of saying, and measured against a readout's words (two outlets' own wordings are usually
    two reports of different details, not two words for one thing).
    """
    words = pair[0].split() + pair[1].split()
    if any(w[:1].isupper() for w in words):
        return 0.2  # a name on one side: the phrases name different things (the actors detector compares names)
    if any(len(side.split()) == 1 and stem(side.lower()) in _SPEECH for side in pair):
        return 0.2  # "reaffirmed" / "emphasized": how it was said, not what
    sure = 0.8 if close else 0.35
    if not readout:
        sure -= 0.35
    if any(
        not _written_so(side, text) or (len(side.split()) > MAX_SURE_PHRASE_WORDS and " of " not in side)
        for side, text in zip(pair, (first, second), strict=True)
    ):
        sure = min(sure, 0.35)  # words gathered from across a clause ("important ensure") are no phrase
    stems_a, stems_b = content_stems(first), content_stems(second)
    shared = len(stems_a & stems_b) / max(1, len(stems_a | stems_b))
    # Sentences this different rarely put one thing in two words, unless both phrases follow the
    # same words ("condemnation of Russia's actions" / "condemnation for Russia's attack").
    if shared < 0.2 and not _same_words_before(pair, first, second):
        sure -= 0.35
    return sure


NEIGHBOURS = 2  # content words before a phrase that pin down its place


def _same_words_before(pair: tuple[str, str], first: str, second: str) -> bool:
    """Do both phrases open a noun phrase after the same two content words ("of Russia's ...")?

    The phrase must be tied to those words by a possessive, a preposition or a determiner: a phrase
    that merely follows a complete one is often an adjunct of its own ("developments in Ukraine late
    Thursday" / "developments in Ukraine following the operation").
    """
    before = [_words_before(side, text) for side, text in zip(pair, (first, second), strict=True)]
    return len(before[0]) == NEIGHBOURS and before[0] == before[1]


_TIED = re.compile(r"(?:['’]s|\b(?:the|a|an|of|for|to|on|in|with|its|their|his|her|this|these))[\s,]*$", re.IGNORECASE)


def _words_before(phrase: str, text: str) -> tuple[str, ...]:
    found = _written_pattern(phrase).search(text)
    if found is None or not _TIED.search(text[: found.start()]):
        return ()
    return tuple(stem(w) for w in content_tokens(text[: found.start()]))[-NEIGHBOURS:]


def _written_pattern(phrase: str) -> re.Pattern[str]:
    # Words of a phrase may stand apart by commas as written ("premeditated, unprovoked").
    words = r"[\s,]+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<![\w.-]){words}(?![\w-])")


def _written_so(phrase: str, text: str) -> bool:
    """The phrase stands in the text as written, between word boundaries (not "backed" of "U.N.-backed")."""
    return _written_pattern(phrase).search(text) is not None


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
                confidence=0.7 if all(_says_the_same(v, using, word) for v in others) else 0.3,
            )
        )
    return findings


GOVERNED_WORDS = 6  # content words after a loaded word that say what it is about
SAME_PART_SHARE = 0.5  # share of them a part of a sentence must carry to say the same thing


def _says_the_same(other: Voice, using: Sequence[Voice], word: str) -> bool:
    """Does a source without the loaded word say the same thing? A whole sentence of the claim does; a
    part of a sentence does when it carries most of what the word governs in a source that uses it
    ("urged the U.S. side to strengthen measures" / "asked him to strengthen measures")."""
    if not other.partial:
        return True
    part = {s[:ROOT_LENGTH] for s in content_stems(other.words)}
    for voice in using:
        found = re.search(rf"\b{re.escape(word)}\b", voice.words, re.IGNORECASE)
        if found is None:
            continue
        governed = {stem(w)[:ROOT_LENGTH] for w in content_tokens(voice.words[found.end() :])[:GOVERNED_WORDS]}
        if governed and len(governed & part) / len(governed) >= SAME_PART_SHARE:
            return True
    return False
