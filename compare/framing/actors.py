"""Actors: a person named in one source and only described in another, or given another title."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from compare.framing.attribution import QUOTED_AS, attribution_phrase
from compare.framing.common import ClaimVoices, Voice, make_finding
from compare.model import Finding, FramingKind, Rule
from compare.text import NOT_A_PERSON, ROLE_NOUNS, STOP_WORDS, stem, title_pattern

_TITLE_WORDS = title_pattern()
_NAMED = re.compile(
    # A title may open with a capitalised word of its own: "Trade Minister", "Deputy Secretary".
    rf"(?P<title>(?:(?:[A-Z][a-z]+\s+)?(?:{_TITLE_WORDS})\s+)+)?"
    r"(?P<name>(?:[A-Z][a-z]+\.?\s+){0,2}(?:[A-Z]\.?\s+)?[A-Z][a-z]{2,})(?:\s+(?:III|II|Jr\.?))?"
)
# "Pakistan's top military official", "the US dignitary", "the general": a role, perhaps with whose.
_DESCRIPTION = re.compile(
    r"\b(?:(?:[Tt]he\s+)?(?:[A-Z][\w.]*['’]s|[A-Z][a-z]+|U\.?S\.?['’]?|US)\s+|[Tt]he\s+)?"
    rf"(?:{'|'.join(re.escape(r) for r in sorted(ROLE_NOUNS, key=len, reverse=True))})\b"
)  # case-sensitive: "General Bajwa" is a title with a name, "the general" a description
_QUOTED_SPEAKER = re.compile(QUOTED_AS)


@lru_cache(maxsize=8192)  # callers copy the result; it is never changed in place
def actor_names(text: str) -> dict[str, str]:
    """Surname -> the words naming that person (title included) in a sentence."""
    named: dict[str, str] = {}
    for match in _NAMED.finditer(text):
        words = match.group("name").split()
        # "The Pakistani general", "In Doha": a function word opening the run names nobody.
        if words[0].lower() in STOP_WORDS or words[0] in NOT_A_PERSON:
            words = words[1:]
            if not words or (len(words) < 2 and not match.group("title")):
                continue
        surname = words[-1].rstrip(".")
        if surname in NOT_A_PERSON or surname.isupper():
            continue
        if not match.group("title") and len(words) < 2:
            # A lone capitalised word is a person only if it is a surname elsewhere in the claim.
            named.setdefault(surname, match.group(0).strip())
            continue
        named[surname] = match.group(0).strip()
    return named


def event_people(sentences: Iterable[str]) -> frozenset[str]:
    """Surnames named with at least two words somewhere in the event ("General Qamar Javed Bajwa").

    A lone capitalised word ("Bajwa", "Ankara", "Earlier") counts as a person only if so named.
    """
    return frozenset(
        surname for text in sentences for surname, words in actor_names(text).items() if len(words.split()) >= 2
    )


def find(claim: ClaimVoices, *, described_before: set[tuple[str, frozenset[tuple[str, str]]]]) -> list[Finding]:
    """`described_before` carries, across the claims of an event, the descriptions already reported."""
    settings = claim.settings
    voices, full, people = claim.voices, claim.specific, claim.people
    names = {v.document.id: {k: w for k, w in actor_names(v.words).items() if k in people} for v in voices}
    in_claim = {surname for v in full for surname in names[v.document.id]}
    speakers = {v.document.id: _speaker(v.sentence.text) for v in voices}
    speaking = {k for v in full for k in actor_names(speakers[v.document.id] or "") if k in in_claim}
    findings = []
    for person in sorted(in_claim):
        naming = [v for v in full if person in names[v.document.id]]
        described: list[tuple[Voice, str]] = []
        # How a sentence refers to a person does not depend on which of its points is aligned, so
        # sentences that carry the claim only in part can describe ("Pakistan's army chief") too.
        for v in voices:
            if person in names[v.document.id]:
                continue
            unnamed = in_claim - set(names[v.document.id])
            if len(unnamed) == 1:
                # A description stands for the one person the voice leaves unnamed...
                description = _DESCRIPTION.search(v.words)
            elif person in unnamed and speakers.get(v.document.id) and speaking == {person}:
                # ...or, among several, for the speaker when every other voice quotes this person.
                description = _DESCRIPTION.search(speakers[v.document.id] or "")
            else:
                continue
            if description:
                described.append((v, description.group(0)))
        # Two claims that hold the same sentences would show the same descriptions twice.
        seen = (person, frozenset((v.document.id, d) for v, d in described))
        if naming and described and seen not in described_before:
            described_before.add(seen)
            # "The general reiterated ..." after the source has named him is a second reference,
            # not a choice not to name him: shown only for sources that describe him first.
            first_references = [(v, d) for v, d in described if not _named_before(claim, v, person)]
            described = first_references or described
            summary = "; ".join(f"{v.name}: “{names[v.document.id][person]}”" for v in naming)
            summary += "; " + "; ".join(f"{v.name}: “{d}” (not named)" for v, d in described)
            findings.append(
                make_finding(
                    claim.claim,
                    FramingKind.ACTORS,
                    f"{person} — {summary}",
                    "a person named in one source is only described in another",
                    [(v, names[v.document.id][person]) for v in naming] + described,
                    settings.actors_described,
                    [person] + [f"{v.document.id}={d.lower()}" for v, d in described],
                    confidence=1.0 if first_references else settings.actors_second_reference_confidence,
                )
            )
        findings.extend(_titles(claim, person))
    findings.extend(_who_did_it(claim))
    return findings


def _named_before(claim: ClaimVoices, voice: Voice, person: str) -> bool:
    """The voice's document names the person in a sentence before this one."""
    named = re.compile(rf"\b{re.escape(person)}\b")
    earlier = claim.document_sentences.get(voice.document.id, ())
    return any(s.index < voice.sentence.index and named.search(s.text) for s in earlier)


# A verb right after a name makes the name the one who acted: "Marren pledged", "Brask also said".
_IRREGULAR_VERBS = "said|says|told|spoke|made|gave|took|met|sought|held|saw|pledges|urges|welcomes|thanks|expresses"
_AGENT = re.compile(rf"^(?:['’]s)?\s+(?:also\s+|has\s+|had\s+|have\s+)?(?P<verb>[a-z]+ed|{_IRREGULAR_VERBS})\b")


_SYMMETRIC_VERBS = frozenset(
    stem(v) for v in "spoke speaks met meets talked discussed agreed held called exchanged".split()
)


_SPEECH_VERBS = frozenset(stem(v) for v in "said says told added noted stated stressed".split())


@dataclass(frozen=True)
class Agent:
    """Who a sentence says did what the claim is about, and the verb that says so."""

    surname: str
    verb: str  # stemmed
    words: str  # as written: "Marren pledged"


def agent_of(text: str, *, people: frozenset[str]) -> Agent | None:
    """The person a sentence makes the subject of its first verb, if it names one ("Brask pledged")."""
    found: list[tuple[int, Agent]] = []
    for surname in actor_names(text):
        if surname not in people:
            continue
        for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
            before = text[: match.start()].rstrip()
            if re.search(r"\b(?:and|or|with|to|by|from|of|for)$", before, re.IGNORECASE):
                continue  # a joint subject, or the object of the verb
            verb = _AGENT.match(text[match.end() :])
            if verb and not re.match(r"\s+and\b", text[match.end() :]):
                words = text[match.start() : match.end() + verb.end()]
                found.append((match.start(), Agent(surname, stem(verb.group("verb")), " ".join(words.split()))))
    return min(found, key=lambda item: item[0])[1] if found else None


def _who_did_it(claim: ClaimVoices) -> list[Finding]:
    """The same act given to different people: a wrong actor, or a speaker swapped for another."""
    acting = [(v, agent) for v in claim.specific if (agent := agent_of(v.words, people=claim.people))]
    by_verb: dict[str, dict[str, list[tuple[Voice, Agent]]]] = {}
    for voice, agent in acting:
        by_verb.setdefault(agent.verb, {}).setdefault(agent.surname, []).append((voice, agent))
    findings = []
    for verb, by_person in sorted(by_verb.items()):
        if len(by_person) < 2:
            continue
        if verb in _SYMMETRIC_VERBS:
            continue  # "Blinken spoke with Ruto" and "Ruto spoke with Blinken" say the same
        items = [item for group in by_person.values() for item in group]
        # When every source also names the other person, each may be telling its own side ("A thanked
        # B", "B thanked A"): counted, not shown. A person absent from the other account is a swap.
        mutual = all(
            other in actor_names(voice.words) for voice, agent in items for other in by_person if other != agent.surname
        )
        findings.append(
            make_finding(
                claim.claim,
                FramingKind.ACTORS,
                "; ".join(f"“{agent.words}” in {voice.name}" for voice, agent in items),
                "the same act is given to a different person",
                [(voice, agent.words) for voice, agent in items],
                claim.settings.actors_wrong,
                [verb] + [f"{voice.document.id}={agent.surname}" for voice, agent in items],
                rule=Rule.ACTORS,
                # Both may have said it ("X said", "Z said"): speech is less telling than an act.
                confidence=0.4 if mutual or verb in _SPEECH_VERBS else 0.9,
            )
        )
    return findings


def _titles(claim: ClaimVoices, person: str) -> list[Finding]:
    # Titles are a property of the sentence, so whole sentences that carry the claim only in
    # part count here too ("General Lloyd J. Austin (Retired)" against "Secretary of Defense").
    voices = claim.voices
    titled = {v.document.id: actor_names(v.sentence.text).get(person) for v in voices}
    naming_any = [v for v in voices if titled[v.document.id]]
    titles = {v.document.id: _title_of(titled[v.document.id] or "") for v in naming_any}
    given = [set(t.split()) for t in titles.values() if t]
    # Only titles that share no word: "General" vs "Chief of Army Staff General" is one rank.
    if len(given) < 2 or all(a & b for i, a in enumerate(given) for b in given[i + 1 :]):
        return []
    return [
        make_finding(
            claim.claim,
            FramingKind.ACTORS,
            f"{person} — " + "; ".join(f"{v.name}: “{titled[v.document.id]}”" for v in naming_any),
            "the same person given a different title or rank",
            [(v, titled[v.document.id] or "") for v in naming_any],
            claim.settings.actors_title,
            [person] + [f"{d}={t}" for d, t in sorted(titles.items())],
        )
    ]


def _speaker(text: str) -> str | None:
    """Who a sentence says is speaking: "quoted Bajwa as telling ..." -> Bajwa; "The general said" -> The general."""
    quoted = _QUOTED_SPEAKER.search(text)
    return quoted.group("quoted") if quoted else attribution_phrase(text)


def _title_of(words: str) -> str:
    match = re.match(rf"^((?:(?:[A-Z][a-z]+\s+)?(?:{_TITLE_WORDS})\s+)+)", words)
    return re.sub(r"\s+", " ", match.group(1)).strip().rstrip(".").lower() if match else ""
