"""The word-diff engine: which phrases of two sentences stand in the same place.

Two passes. A positional word diff finds a short run replaced by another where the texts are built
alike. Words both texts use once then serve as anchors, so that clauses in a different order still
line up: the words next to an anchor on the same side are compared.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from compare.text import GENERIC_WORDS as GENERIC_LEXICON
from compare.text import STOP_WORDS, stem

GENERIC_WORDS = frozenset(stem(w) for w in GENERIC_LEXICON)  # compared by stem
_CONTENT_WORD = re.compile(r"[A-Za-z][A-Za-z’'-]*")


@lru_cache(maxsize=8192)
def content_tokens(text: str) -> tuple[str, ...]:
    tokens = []
    for match in _CONTENT_WORD.finditer(text):
        word = match.group(0)
        if word.lower().replace("’", "'") in STOP_WORDS or len(word) < 3:
            continue
        tokens.append(word)
    return tuple(tokens)


@lru_cache(maxsize=8192)
def content_stems(text: str) -> frozenset[str]:
    return frozenset(map(stem, content_tokens(text)))


@lru_cache(maxsize=16384)
def substitutions(first: str, second: str, *, positional: bool = True) -> tuple[tuple[str, str], ...]:
    """Pairs of phrases, one from each text, that stand in the same place among the words both share.

    Two passes. A positional word diff finds a short run replaced by another where the texts are
    built alike (`positional`; not for whole sentences of which only a part carries the claim, where
    the rest need not line up). Words both texts use once then serve as anchors, so that clauses in
    a different order still line up: the words next to an anchor on the same side are compared
    ("acknowledged Pakistan's" / "expressed appreciation for Pakistan's"), and a compound matches
    its of-phrase ("the foreign troop drawdown" / "the withdrawal of all foreign troops").
    """
    return tuple(pair for pair, _ in _substitutions(first, second, positional=positional))


def close_substitutions(first: str, second: str, *, positional: bool = True) -> frozenset[tuple[str, str]]:
    """The substitutions whose phrases sit right next to the words both texts share (nothing between).

    Two phrases each reached across a preposition ("developments in Haiti" / "crisis in Haiti") are
    often about other things; phrases right beside a shared word ("defense relationship" / "defense
    alliance"; "acknowledged Pakistan's" / "expressed appreciation for Pakistan's"), and a compound
    with its of-phrase, stand for the same thing more often.
    """
    return frozenset(pair for pair, close in _substitutions(first, second, positional=positional) if close)


@lru_cache(maxsize=16384)
def _substitutions(first: str, second: str, *, positional: bool) -> tuple[tuple[tuple[str, str], bool], ...]:
    if first == second:
        return ()
    pairs: dict[tuple[str, str], bool] = dict.fromkeys(_replaced_runs(first, second) if positional else [], True)
    for pair, close in _anchored_phrases(first, second):
        pairs[pair] = pairs.get(pair, False) or close
    return tuple(
        ((a, b), close)
        for (a, b), close in pairs.items()
        if not (_trivial_substitution(a.split(), b.split()) or _same_root(a, b))
    )


def _same_root(first: str, second: str) -> bool:
    """Every content word of one phrase shares its root with one of the other ("continuous" / "continued")."""
    stems_a, stems_b = content_stems(first), content_stems(second)
    roots_a, roots_b = _roots(stems_a), _roots(stems_b)
    return all(_related(s, stems_b, roots_b) for s in stems_a) or all(_related(s, stems_a, roots_a) for s in stems_b)


def _replaced_runs(first: str, second: str) -> list[tuple[str, str]]:
    """Runs of at most two content words that a positional diff finds replaced by another."""
    a, b = content_tokens(first), content_tokens(second)
    stems_a, stems_b = [stem(w) for w in a], [stem(w) for w in b]
    if len(set(stems_a) & set(stems_b)) / max(1, min(len(set(stems_a)), len(set(stems_b)))) < 0.4:
        return []  # too differently built for a word-by-word comparison to mean anything
    matcher = difflib.SequenceMatcher(a=stems_a, b=stems_b, autojunk=False)
    return [
        (" ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag == "replace" and i2 - i1 <= 2 and j2 - j1 <= 2
    ]


# Words that may stand between an anchor and the phrase next to it ("support for Afghanistan").
_BRIDGE_WORDS = frozenset(
    "a an the all its their his her this these those of in for from to on at with by over".split()
)
_DETERMINERS_AFTER_OF = frozenset("a an the all its their his her this these those".split())
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9’'-]*|[,;:()—–]")
MAX_PHRASE_WORDS = 2  # free words next to the anchor; an of-phrase may add its head


@dataclass(frozen=True)
class _Phrase:
    text: str
    through_of: bool  # reached its anchor across "of" ("withdrawal of all foreign troops")
    bridged: bool  # reached its anchor across any bridging word ("support for Afghanistan")


ROOT_LENGTH = 6  # words that share this many first letters share a root ("continuous", "continue")


def _related(word_stem: str, other_stems: frozenset[str], other_roots: frozenset[str]) -> bool:
    """The same word as one of the other text's, or one derived from the same root."""
    return word_stem in other_stems or (len(word_stem) >= ROOT_LENGTH and word_stem[:ROOT_LENGTH] in other_roots)


def _roots(stems: Iterable[str]) -> frozenset[str]:
    return frozenset(s[:ROOT_LENGTH] for s in stems if len(s) >= ROOT_LENGTH)


@dataclass(frozen=True)
class _Word:
    text: str
    stem: str
    start: int
    end: int
    content: bool  # a content word (not a stop word, punctuation or number)


@dataclass(frozen=True)
class _Token(_Word):
    free: bool  # a lower-case content word the other text does not use, and not a generic verb


@lru_cache(maxsize=8192)
def _words_of(text: str) -> tuple[_Word, ...]:
    content = set(content_tokens(text))
    return tuple(
        _Word(
            m.group(0),
            stem(m.group(0)) if m.group(0)[0].isalpha() else m.group(0),
            m.start(),
            m.end(),
            m.group(0) in content,
        )
        for m in _TOKEN.finditer(text)
    )


def _tokens(text: str, other_stems: frozenset[str]) -> list[_Token]:
    other_roots = _roots(other_stems)
    return [
        _Token(
            w.text,
            w.stem,
            w.start,
            w.end,
            w.content,
            w.content
            and w.text[0].islower()
            and not _related(w.stem, other_stems, other_roots)
            and w.stem not in GENERIC_WORDS,
        )
        for w in _words_of(text)
    ]


def _phrase_beside(text: str, tokens: list[_Token], anchor: int, step: int) -> _Phrase | None:
    """The free words next to an anchor on one side, across at most a few bridging words."""
    position = anchor + step
    bridged: list[str] = []
    while 0 <= position < len(tokens) and tokens[position].text.lower() in _BRIDGE_WORDS and len(bridged) < 2:
        bridged.append(tokens[position].text.lower())
        position += step
    taken = _free_run(tokens, position, step)
    if taken:
        # "withdrawal of all foreign troops": an of-phrase stays one phrase, head and all.
        link = _skip(tokens, taken[-1] + step, step, _DETERMINERS_AFTER_OF)
        if 0 <= link < len(tokens) and tokens[link].text.lower() == "of":
            taken += _free_run(tokens, _skip(tokens, link + step, step, _DETERMINERS_AFTER_OF), step)
        # "peace and stability": a coordinated pair is one phrase, not its nearer half.
        link = taken[-1] + step
        if 0 <= link < len(tokens) and tokens[link].text.lower() in {"and", "or"} and len(taken) < MAX_PHRASE_WORDS * 2:
            taken += _free_run(tokens, link + step, step)[: MAX_PHRASE_WORDS * 2 - len(taken)]
    if not taken:
        return None
    first, last = tokens[min(taken)], tokens[max(taken)]
    return _Phrase(text[first.start : last.end], "of" in bridged, bool(bridged))


def _skip(tokens: list[_Token], position: int, step: int, words: frozenset[str]) -> int:
    while 0 <= position < len(tokens) and tokens[position].text.lower() in words:
        position += step
    return position


def _free_run(tokens: list[_Token], position: int, step: int) -> list[int]:
    """Positions of the free words that follow one another from `position` on, at most a few."""
    run: list[int] = []
    while 0 <= position < len(tokens) and tokens[position].free and len(run) < MAX_PHRASE_WORDS:
        run.append(position)
        position += step
    return run


def _anchored_phrases(first: str, second: str) -> list[tuple[tuple[str, str], bool]]:
    """Phrases beside the same anchor, and whether both sit right next to it."""
    stems_a, stems_b = content_stems(first), content_stems(second)
    tokens_a, tokens_b = _tokens(first, stems_b), _tokens(second, stems_a)
    if not (any(t.free for t in tokens_a) and any(t.free for t in tokens_b)):
        return []  # one text has no word of its own, so nothing was put in another's place
    once_a = _positions_of_single_words(tokens_a)
    once_b = _positions_of_single_words(tokens_b)
    anchors = sorted(set(once_a) & set(once_b), key=lambda s: once_a[s])
    pairs: list[tuple[tuple[str, str], bool]] = []
    for anchor in anchors:
        a, b = once_a[anchor], once_b[anchor]
        before_a = _phrase_beside(first, tokens_a, a, -1)
        before_b = _phrase_beside(second, tokens_b, b, -1) if before_a else None
        # "the withdrawal of the remaining troops" / "the last remaining troops": a head noun and a
        # modifier of the same words are not in the same place.
        if before_a and before_b and before_a.through_of == before_b.through_of:
            pairs.append(((before_a.text, before_b.text), _close(before_a, before_b)))
        after_a = _phrase_beside(first, tokens_a, a, 1)
        after_b = _phrase_beside(second, tokens_b, b, 1) if after_a else None
        # After an anchor, a word right next to it is what the anchor qualifies ("Taliban deal"),
        # and one across a preposition is not ("Taliban by the previous administration").
        if after_a and after_b and after_a.bridged == after_b.bridged:
            pairs.append(((after_a.text, after_b.text), _close(after_a, after_b)))
        # "the foreign troop drawdown" / "the withdrawal of all foreign troops": find the run of
        # anchors both texts share here, and pair what follows it in one with its of-phrase in the other.
        start_a, start_b = a, b
        while (
            start_a > 0
            and start_b > 0
            and tokens_a[start_a - 1].stem == tokens_b[start_b - 1].stem
            and tokens_a[start_a - 1].content
        ):
            start_a, start_b = start_a - 1, start_b - 1
        if start_a != a:
            continue  # the run was already seen from its first anchor
        end_a, end_b = a, b
        while (
            end_a + 1 < len(tokens_a)
            and end_b + 1 < len(tokens_b)
            and tokens_a[end_a + 1].stem == tokens_b[end_b + 1].stem
            and tokens_a[end_a + 1].content
        ):
            end_a, end_b = end_a + 1, end_b + 1
        run_before_a = _phrase_beside(first, tokens_a, start_a, -1)
        run_before_b = _phrase_beside(second, tokens_b, start_b, -1)
        run_after_a = _phrase_beside(first, tokens_a, end_a, 1)
        run_after_b = _phrase_beside(second, tokens_b, end_b, 1)
        if run_after_a and run_before_b and run_before_b.through_of and not (run_before_a or run_after_b):
            pairs.append(((run_after_a.text, run_before_b.text), True))  # a compound and its of-phrase
        if run_after_b and run_before_a and run_before_a.through_of and not (run_before_b or run_after_a):
            pairs.append(((run_before_a.text, run_after_b.text), True))
    return pairs


def _close(first: _Phrase, second: _Phrase) -> bool:
    """Beside the anchor on at least one side: two phrases each across a preposition are often other things."""
    return not (first.bridged and second.bridged)


def _positions_of_single_words(tokens: list[_Token]) -> dict[str, int]:
    """Content words a text uses once, by stem: only those can anchor a comparison."""
    seen: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        if token.content:
            seen.setdefault(token.stem, []).append(index)
    return {word: places[0] for word, places in seen.items() if len(places) == 1}


def _trivial_substitution(left: Sequence[str], right: Sequence[str]) -> bool:
    """Spelling variants, name forms and capitalisation are not framing."""
    joined_left = "".join(left).lower().replace("’", "'")
    joined_right = "".join(right).lower().replace("’", "'")
    if joined_left == joined_right:
        return True
    if difflib.SequenceMatcher(a=joined_left, b=joined_right).ratio() >= 0.8:
        return True  # defence/defense, draw down/drawdown, Afghan/Afghanistan
    if all(w[:1].isupper() for w in (*left, *right)):
        return True  # names and titles: the actors detector compares those
    # Verbs of meeting and talking differ without changing what is claimed.
    return all(stem(w.lower()) in GENERIC_WORDS or w[:1].isupper() for w in (*left, *right))
