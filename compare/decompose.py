"""Find the parts of a sentence that carry claims of their own.

News sentences pack several facts: "Austin spoke by phone with Bajwa to discuss regional security
and the foreign troop drawdown" carries three claims (a call, two topics), each of which another
source may state in a sentence of its own. Readouts, and the coverage that quotes them, list the
topics of a call in a set form ("discussed A, B and C", "A, B and C were discussed", "touched upon
..."), so topic lists are split into items; the clause before a purpose infinitive ("spoke by
phone with Bajwa | to discuss ...") is a part too, and so are independent clauses joined by "; "
or ", while". Alignment compares the parts in place of a sentence that has several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_TOPIC_VERB = re.compile(
    r"\b(?:discussed|discusses|to discuss|talked about|to talk about|touched (?:up)?on|focused on|"
    r"exchanged views on|reviewed|covered)\s+",
    re.IGNORECASE,
)
# "During the call, A, B and C were discussed" / "A came under discussion".
_TOPIC_PASSIVE = re.compile(
    r"^(?:(?:during|in|at|on|over|according to)\b[^,]{0,60},\s*)?(?P<items>.+?)\s+"
    r"(?:were|was|came under|came up for)\s+(?:discussed|discussion|reviewed)\b",
    re.IGNORECASE,
)
# Trailing attribution after a quoted list: ', Pentagon spokesman John Kirby said on April 28.'
# (also after a comma: ', Pentagon spokesman John Kirby said' names a speaker in lower-case words too).
_ATTRIBUTION_TAIL = re.compile(
    r"[,”\"]*\s*,?\s*(?:[A-Z][\w.’'-]*\s+){0,5}(?:said|told|added|noted)\b.*$"
    r"|[,”\"]*,[”\"]?\s+(?:[^,“”\"]{1,60}\s)?(?:said|told|added|noted)\b[^,]*$"
)
# Where a topic list ends and the sentence moves on.
_LIST_END = re.compile(r"\s+(?:came as|as the|after|before|when|because|which|who|in a|during the)\b.*$")
_ITEM_SEPARATOR = re.compile(r",(?!\d)\s*(?:and\s+|as well as\s+)?|\s+as well as\s+")  # not "1,200"
_CLAUSE_SEPARATOR = re.compile(
    # ", while announcing ...": a participle that qualifies its subject, not a clause of its own.
    r";\s+|,\s+while\s+(?![a-z]+ing\b)|,\s+whereas\s+"
    # "reaffirmed X and expressed Y": two predicates of one subject, each a claim.
    r"|,?\s+and\s+(?=[“\"]?(?:also\s+)?(?:[a-z]+ed|said|told|met|held|spoke|made|gave|took|sought|vowed)\b)"
)
_QUOTES = '“”"‘’'
# "discussed with Pakistan's army chief the regional security situation": the topic follows the partner.
_PARTNER = re.compile(r"^with\s+(?:\S+\s+){1,6}?(?=(?:the|a|an)\s)", re.IGNORECASE)
# "spoke by phone with X to discuss A and B": the head before a purpose infinitive is a claim too.
_PURPOSE = re.compile(r"^to\s", re.IGNORECASE)
# "matters pertaining to X" says no more than X.
_MATTERS = re.compile(r"^matters (?:pertaining|relating|related) to\s+", re.IGNORECASE)
MIN_PART_WORDS = 2
MIN_CLAUSE_WORDS = 4


@dataclass(frozen=True)
class Part:
    """A piece of a sentence that can carry a claim on its own."""

    text: str  # the words as they appear in the sentence
    embed_text: str  # what is embedded: topic items read as "Discussed <item>"


def claim_parts(sentence: str) -> tuple[Part, ...]:
    """The parts of `sentence` that carry separate claims; empty when it makes one claim."""
    head, items = _topic_items(sentence)
    if items:
        # Even a single topic is a part: "Discussed the drawdown" compares better with another
        # source's topic than the whole sentence, names and all, does.
        topics = tuple(Part(item, f"Discussed {item}") for item in items)
        return ((Part(head, head),) if head else ()) + topics
    clauses = [c.strip(" ,.") for c in _CLAUSE_SEPARATOR.split(sentence)]
    clauses = [c for c in clauses if _is_clause(c)]
    if len(clauses) >= 2:
        return tuple(Part(clause, clause) for clause in clauses)
    return ()


def _is_clause(text: str) -> bool:
    """Long enough to state something, and not just a name ("But U.S. President Joe Biden")."""
    words = text.split()
    return len(words) >= MIN_CLAUSE_WORDS and any(word[:1].islower() and len(word) > 2 for word in words[1:])


def _topic_items(sentence: str) -> tuple[str, list[str]]:
    """(the clause before a purpose infinitive, or ""; the topics of the sentence's topic list)."""
    match = _TOPIC_VERB.search(sentence)
    if match:
        rest = _ATTRIBUTION_TAIL.sub("", sentence[match.end() :])
        rest = _LIST_END.sub("", rest).strip().rstrip(".")
        if rest[:1] in '“"' and rest[-1:] in '”"' and sum(rest.count(q) for q in '“"') == 1:
            rest = rest[1:-1]  # the whole list is one quotation
        partner = _PARTNER.match(rest)
        if partner and len(rest[partner.end() :].split()) >= MIN_PART_WORDS:
            rest = rest[partner.end() :]
        items = _split_items(rest)
        if items:
            head = sentence[: match.start()].strip(" ,")
            purpose = _PURPOSE.match(match.group(0)) and _is_clause(head)
            return (head if purpose else ""), items
    passive = _TOPIC_PASSIVE.search(sentence)
    if passive:
        return "", _split_items(passive.group("items"))
    return "", []


def _unbalanced_quotes(text: str) -> str:
    """Drop the quotation marks of an item whose quotation the split cut through."""
    if text.count("“") == text.count("”") and text.count('"') % 2 == 0:
        return text
    # A mark between words becomes a space ('drawdown” in'), one attached to a word goes.
    return re.sub(r"\s*[“”\"]\s*", lambda mark: " " if mark.group(0).strip() != mark.group(0) else "", text).strip()


def _split_items(text: str) -> list[str]:
    """Split a list at top-level commas (never inside quotes) and at the final "and"."""
    items: list[str] = []
    current = ""
    inside_quote = False
    position = 0
    while position < len(text):
        char = text[position]
        if char == "“" or (char == '"' and not inside_quote):
            if current.strip(" ,") and re.search(r"[”\"],?\s*$", current):
                items.append(current)  # adjacent quotations are separate items: “A,” “B”
                current = ""
            inside_quote = True
        elif char == "”" or (char == '"' and inside_quote):
            inside_quote = False
        elif not inside_quote:
            separator = _ITEM_SEPARATOR.match(text, position)
            if separator:
                items.append(current)
                current = ""
                position = separator.end()
                continue
        current += char
        position += 1
    items.append(current)
    items = [item.strip(" ,.") for item in items if item.strip(" ,." + _QUOTES)]
    if items:
        # "A, B and C": only the last item can hold the final "and" (and an "and" inside a
        # phrase, as in "regional stability and security", leaves a side too short to split).
        last = items[-1]
        conjunction = re.search(r"\s+and\s+", last)
        if conjunction and "“" not in last[: conjunction.start()]:
            left, right = last[: conjunction.start()], last[conjunction.end() :]
            if len(left.split()) >= MIN_PART_WORDS and len(right.split()) >= MIN_PART_WORDS:
                items[-1:] = [left, right]
    # A quotation mark left inside an item belongs to a quotation that the split cut through.
    cleaned = [_MATTERS.sub("", _unbalanced_quotes(item.strip(_QUOTES + " ,."))) for item in items]
    return [item for item in cleaned if item]
