"""Turn a saved article body into content paragraphs: drop site chrome, set aside metadata lines,
re-join lines hard-wrapped mid-sentence.

Web pages saved as text keep their navigation, captions and footers. The rules here are line-level:
patterns for chrome that is the same everywhere ("Related Articles", mailing-list and donation
banners, photo credits), and structure for the rest (what comes before the first line of prose is
headline, standfirst, byline or caption; a short unpunctuated line inside the body is a sub-head).
Every line set aside is returned with its reason, so nothing disappears unexplained.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from compare.model import DroppedLine, Paragraph, PartialDate

# A line that ends a sentence: terminal punctuation, optionally followed by closing quotes/brackets.
_ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’][.!?]$")
# Words a sentence does not end on: a line ending in one of them was wrapped mid-sentence.
_CONTINUATION_WORDS = frozenset(
    """a an the of to in on at by for from with and or but nor as than that which who whom whose
    into onto upon about over under between among against during after before since until while
    its their his her our your my this these those such said says is are was were be been being
    has have had will would shall should can could may might must not also including amid via
    per""".split()
)

_CHROME_LINES = [
    r"accessibility links",
    r"skip to (main )?content",
    r"breaking news",
    r"(related|recommended|more|latest|top) (articles|stories|news|posts|coverage|videos)",
    r"(you may|you might) also like.*",
    r"leave a (comment|reply)",
    r"\d*\s*comments?",
    r"(share|share this|share on|follow us|follow us on)\b.{0,60}",
    r"advertisement|sponsored( content)?",
    r"read (more|next|also)\b.{0,80}",
    r"click here\b.{0,80}",
    r"(print|email|tweet)( this)?( article| story| page)?",
    r"tags?:.{0,200}",
    r"home( [»>|/]| latest news)\b.*",  # breadcrumbs
    r".{0,80}\b(mailing list|newsletter)\b.{0,80}",
    r".{0,80}\b(donate|donation|donations)\b.{0,80}",
    r".{0,40}\b(subscribe|sign up|log in|sign in)\b.{0,60}",
    r"(©|\(c\)|copyright)\b.{0,120}",
    r".{0,120}all rights reserved\.?",
    r"weapons of mass destruction \(wmd\)",  # GlobalSecurity.org section banner
]
_CREDIT_LINES = [
    r"(file )?photos?( courtesy\b.*| by\b.*| credit\b.*|:.*)?",
    r".{0,160}\((file )?photos?(:[^)]*)?\)",
    r"(image|photo|picture) (courtesy|credit|source)\b.*",
    r"(with )?(additional )?(reporting|writing|editing) by\b.{0,120}",
]
# A photo caption places people in the picture: "Blinken, right, meets with Ruto, … 2022."
_CAPTION_LINES = [
    r"[^!?]{3,120}, (?:(?:far|second from|third from) )?(?:left|right|centre|center)(?: to right)?, [^\n]{3,400}",
    r"[^\n]{0,200}\((?:l|r|left|right|centre|center|l-r|l to r|from left)\)[^\n]{3,400}",
]
_BYLINE_LINES = [
    r"by\s+[^.!?]{2,80}",
    r"(our|staff|special) (correspondent|reporter).{0,60}",
    r"staff report",
]
_DATELINE_ALONE = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(\s*\([^)]{1,40}\))?\s*[:—–-]\s*$")
# "RAWALPINDI: Secretary ..." or "ISLAMABAD (Reuters) - The ..." at the start of the first sentence.
_DATELINE_PREFIX = re.compile(r"^[A-Z][A-Z.'’ -]{2,40}(?:,\s*[A-Z][A-Za-z.]+)?(\s*\([^)]{1,40}\))?\s*[:—–-]\s+(?=\S)")

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_PATTERN = (
    "|".join(m.capitalize() for m in _MONTHS) + "|" + "|".join(m[:3].capitalize() + r"\.?" for m in _MONTHS)
)
_BYLINE_DATE = re.compile(rf"({_MONTH_PATTERN})\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

_CHROME = [re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in _CHROME_LINES]
_CREDIT = [re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in _CREDIT_LINES]
_CAPTION = [re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in _CAPTION_LINES]
# "US Secretary of State Antony Blinken and President William Ruto in Washington.": names and a
# place, joined only by these words. A sentence of prose has a verb, and verbs are lower case.
_CAPTION_JOINERS = frozenset("and of in at the with during on for a an".split())
_CAPTION_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_BYLINE = [re.compile(rf"^(?:{p})$", re.IGNORECASE) for p in _BYLINE_LINES]

MAX_CHROME_CHARS = 300  # longer lines are prose: no pattern below can match them
MIN_PROSE_WORDS = 4  # the first line of prose has at least this many words
MAX_SUBHEAD_WORDS = 12  # an unpunctuated line inside the body this short is a sub-head


@dataclass(frozen=True)
class _Line:
    text: str
    line: int  # 1-based line in the file
    starts: tuple[tuple[int, int], ...]  # (offset, file line) of each source line joined into it


@dataclass(frozen=True)
class CleanBody:
    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[DroppedLine, ...]


def clean_body(body: str, *, title: str, first_line: int = 1) -> CleanBody:
    """Split `body` into content paragraphs and the lines set aside as metadata or chrome."""
    units = _join_wrapped(_raw_lines(body, first_line))
    dropped: list[DroppedLine] = []
    kept: list[_Line] = []
    for unit in units:
        reason = _pattern_reason(unit.text, title)
        if reason:
            dropped.append(DroppedLine(unit.line, unit.text, reason))
        else:
            kept.append(unit)

    body_start = next((i for i, unit in enumerate(kept) if _is_prose(unit.text)), None)
    no_prose = body_start is None  # then keep everything rather than lose the text
    body_start = body_start or 0
    paragraphs: list[Paragraph] = []
    for position, unit in enumerate(kept):
        if position < body_start:
            dropped.append(DroppedLine(unit.line, unit.text, "before the article text (standfirst, caption or label)"))
            continue
        if (
            not no_prose
            and position != body_start
            and not _ENDS_SENTENCE.search(unit.text)
            and len(unit.text.split()) <= MAX_SUBHEAD_WORDS
        ):
            dropped.append(DroppedLine(unit.line, unit.text, "sub-head or site chrome"))
            continue
        text, starts = unit.text, unit.starts
        if not paragraphs:
            dateline, text, starts = _strip_dateline(text, starts)
            if dateline:
                dropped.append(DroppedLine(unit.line, dateline, "dateline"))
        paragraphs.append(Paragraph(text=text, line_starts=starts))
    dropped.sort(key=lambda d: d.line)
    return CleanBody(paragraphs=tuple(paragraphs), dropped=tuple(dropped))


def guess_title(body: str) -> str | None:
    """The first line that looks like a headline: not chrome, a few words, before the prose."""
    for unit in _join_wrapped(_raw_lines(body, 1)):
        if _pattern_reason(unit.text, title=""):
            continue
        if _is_prose(unit.text):
            return None
        # A line ending in a colon introduces what follows ("The below is attributable to …:").
        if 3 <= len(unit.text.split()) <= 25 and not unit.text.rstrip().endswith(":"):
            return unit.text
    return None


def find_byline_date(body: str) -> PartialDate | None:
    """A date in the lines before the article text ("By Ayaz Gul April 28, 2021")."""
    for unit in _join_wrapped(_raw_lines(body, 1)):
        if _is_prose(unit.text) and not _pattern_reason(unit.text, title=""):
            return None
        for match in _BYLINE_DATE.finditer(unit.text):
            month = _MONTHS.index(next(m for m in _MONTHS if m.startswith(match.group(1)[:3].lower()))) + 1
            try:
                return PartialDate.parse(f"{match.group(3)}-{month:02d}-{int(match.group(2)):02d}")
            except ValueError:
                continue
        for match in _ISO_DATE.finditer(unit.text):
            try:
                return PartialDate.parse(match.group(0))
            except ValueError:
                continue
    return None


def _raw_lines(body: str, first_line: int) -> list[_Line]:
    lines = []
    for number, text in enumerate(body.split("\n"), start=first_line):
        stripped = " ".join(text.split())
        lines.append(_Line(stripped, number, ((0, number),)))
    return lines


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Re-join lines broken mid-sentence; blank lines end a unit.

    The pieces of a unit are gathered in lists and joined once: joining string by string took
    time quadratic in the number of lines (300,000 wrapped lines ran for minutes).
    """
    units: list[_Line] = []
    texts: list[str] = []
    starts: list[tuple[int, int]] = []
    first = 0
    length = 0

    def close() -> None:
        if texts:
            units.append(_Line(" ".join(texts), first, tuple(starts)))
            texts.clear()
            starts.clear()

    for line in lines:
        if not line.text:
            close()
            continue
        if texts and _is_wrapped(texts[-1], line.text):
            offset = length + 1
            texts.append(line.text)
            starts.extend((offset + start, number) for start, number in line.starts)
            length = offset + len(line.text)
            continue
        close()
        texts.append(line.text)
        starts.extend(line.starts)
        first, length = line.line, len(line.text)
    close()
    return units


def _is_wrapped(previous: str, following: str) -> bool:
    if _ENDS_SENTENCE.search(previous):
        return False
    if previous.endswith((",", ";", ":", "-", "–", "—", "(", "“", "‘")):
        return True
    if following[:1].islower():
        return True
    last_word = re.sub(r"[^\w']", "", previous.rsplit(" ", 1)[-1]).lower()
    return last_word in _CONTINUATION_WORDS


def _names_and_a_place(text: str) -> bool:
    """A line of names and a place without a verb: "X and Y in Washington."."""
    words = _CAPTION_WORD.findall(text)
    lower = [w for w in words if w[:1].islower()]
    return (
        text.rstrip().endswith(".")
        and 4 <= len(words) <= 20
        and bool(lower)
        and all(w.lower() in _CAPTION_JOINERS for w in lower)
        and any(w in {"in", "at"} for w in lower)
    )


def _pattern_reason(text: str, title: str) -> str | None:
    if title and _same_text(text, title):
        return "headline"
    if len(text) > MAX_CHROME_CHARS:
        return None  # every chrome, credit and byline pattern is bounded well below this length
    if _is_breadcrumb(text, title):
        return "navigation"  # a breadcrumb ending in the headline
    if _DATELINE_ALONE.match(text):
        return "dateline"
    for pattern in _BYLINE:
        if pattern.match(text) and not _ENDS_SENTENCE.search(text):
            return "byline"
    if _BYLINE_DATE.search(text) and len(text.split()) <= 8 and not _ENDS_SENTENCE.search(text):
        return "byline"
    for pattern in _CREDIT:
        if pattern.match(text):
            return "photo or reporting credit"
    for pattern in _CAPTION:
        if pattern.match(text):
            return "photo caption"
    if _names_and_a_place(text):
        return "photo caption"
    for pattern in _CHROME:
        if pattern.match(text):
            return "site chrome"
    return None


def _is_breadcrumb(text: str, title: str) -> bool:
    """'Home > World > Talks resume' for the headline 'Talks resume': the headline after a separator.

    Only the words count: a one-letter title must not make every line that ends in that letter
    navigation (a file named `a.txt` gets the title "a").
    """
    if not title or len(text) <= len(title):
        return False
    head = text[: -len(title)]
    return not head[-1:].isalnum() and _same_text(text[-len(title) :], title)


def _same_text(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[^\w]+", " ", s.casefold()).strip()

    na, nb = norm(a), norm(b)
    if na == nb:
        return True
    if not na or not nb or min(len(na), len(nb)) / max(len(na), len(nb)) < 0.9:
        return False  # ratio() can't reach 0.9 when the lengths differ this much; skip the slow part
    words_a, words_b = set(na.split()), set(nb.split())
    if len(words_a & words_b) < 0.3 * max(len(words_a), len(words_b)):
        return False  # 90% of the characters in common leave far more than 30% of the words shared
    matcher = SequenceMatcher(None, na, nb)
    return matcher.quick_ratio() >= 0.9 and matcher.ratio() >= 0.9


def _is_prose(text: str) -> bool:
    return bool(_ENDS_SENTENCE.search(text)) and len(text.split()) >= MIN_PROSE_WORDS


def _strip_dateline(text: str, starts: tuple[tuple[int, int], ...]) -> tuple[str, str, tuple[tuple[int, int], ...]]:
    """(dateline, rest of the text, line starts of the rest)."""
    match = _DATELINE_PREFIX.match(text)
    if not match or len(text) - match.end() < 20:
        return "", text, starts
    cut = match.end()
    shifted = tuple((max(0, offset - cut), line) for offset, line in starts)
    return text[:cut].strip(), text[cut:], shifted


_ENGLISH_FUNCTION_WORDS = frozenset(
    """the of and to in a is that for on with as was by at from it be are has have said his her their
    this which an not but were will would its also after who they been had or""".split()
)
MIN_WORDS_TO_JUDGE = 30
MIN_ENGLISH_SHARE = 0.12  # English prose runs at 0.3-0.5 function words; other languages near 0


def looks_english(text: str) -> bool:
    """A cheap guard, not a language detector: is this text plausibly English prose?"""
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < MIN_WORDS_TO_JUDGE:
        return True
    return sum(w in _ENGLISH_FUNCTION_WORDS for w in words) / len(words) >= MIN_ENGLISH_SHARE
