"""Split a document's content paragraphs into sentences.

sentencex does the splitting (benchmarks/segmenters/ measured nine segmenters on the corpus and 48
hard cases: sentencex ties for the best accuracy and is the fastest by far); two repairs follow:
a quotation that spans a sentence break is kept whole with its attribution, because who said the
quoted words is part of the claim; an abbreviation of initials that the segmenter cut in two
("Japan-U." | "S. Foreign Ministers' talk") is joined again; a readout's attribution formula run
into its first sentence ("The below is attributable to Spokesperson …: Secretary …") is a sentence
of its own; a list marker left alone ("1.", "•") is no sentence; and a run-on "sentence" too long
to be one is cut at clause or word boundaries so that a malformed file cannot stall the pipeline.

sentencex takes time quadratic in the length of a text with opening quotation marks it cannot
close (“, «, „, ‘) or with many abbreviations: a 5 MB line of them ran for over ten minutes. So a
paragraph longer than any real one is handed to it in windows, each cut at a sentence end when
there is one, which keeps the whole in time linear in its length.
"""

from __future__ import annotations

import bisect
import re

from compare import clean
from compare.model import Document, DroppedLine, Sentence

MAX_SENTENCE_CHARS = 1_000  # well past any real sentence; the embedding model reads ~256 word pieces
MAX_QUOTE_MERGES = 3  # a quotation longer than four sentences is more likely a stray quote mark
MAX_SEGMENTER_CHARS = 5_000  # longer than a real paragraph; sentencex takes ~5 ms on this much at worst


def document_sentences(document: Document) -> tuple[tuple[Sentence, ...], tuple[DroppedLine, ...]]:
    """The content sentences of a document, and the lines cleaning set aside."""
    title = "" if document.untitled else document.title  # a file name is no headline to look for
    cleaned = clean.clean_body(document.body, title=title, first_line=document.body_line)
    sentences: list[Sentence] = []
    announcing: list[DroppedLine] = []
    for number, paragraph in enumerate(cleaned.paragraphs):
        # Paragraph.line_at scans every line start: a bisection keeps a paragraph of many wrapped lines linear.
        offsets = [start for start, _ in paragraph.line_starts]
        for offset, text in split_sentences(paragraph.text):
            at = max(0, bisect.bisect_right(offsets, offset) - 1)
            line = paragraph.line_starts[at][1] if document.body_line else 0
            if _ANNOUNCES_WHAT_FOLLOWS.match(text):
                announcing.append(DroppedLine(line, text, _ANNOUNCING))
                continue
            sentences.append(Sentence(document.id, len(sentences), text, line, number))
    dropped = tuple(sorted((*cleaned.dropped, *announcing), key=lambda d: d.line))
    return tuple(sentences), dropped


def split_sentences(text: str) -> list[tuple[int, str]]:
    """Sentences of one paragraph, each with its character offset in `text`."""
    pieces: list[tuple[int, str]] = []
    from sentencex import segment as sentencex_segment

    for window_start, window_end in _windows(text):
        window = text[window_start:window_end]
        cursor = 0
        for segment in sentencex_segment("en", window):
            segment = segment.strip()
            if not segment:
                continue
            start = window.find(segment, cursor)
            if start < 0:  # the segmenter altered the text; fall back on the running cursor
                start = cursor
            cursor = start + len(segment)
            pieces.append((window_start + start, segment))
    merged = _merge_open_quotes(text, _join_split_initials(text, pieces))
    return [
        piece
        for start, sentence in merged
        if not _LIST_MARKER.match(sentence)
        for lead_start, lead in _split_attribution_lead(start, sentence)
        for piece in _cut_run_on(lead_start, lead)
    ]


# "The overview of the talk is as follows.": a sentence that only announces what comes next says
# nothing of its own (left in, it is a readout "claim" no outlet carries). One short sentence only.
_ANNOUNCES_WHAT_FOLLOWS = re.compile(r"^[^,;.!?:]{0,60}\bas follows\s*[.:]?$", re.IGNORECASE)
_ANNOUNCING = "introduces what follows"


# "1." or "•" that the segmenter cut off a numbered or bulleted item: no claim of its own.
_LIST_MARKER = re.compile(r"^(?:\(?\d{1,3}[.)]|\(?[a-z][.)]|\([A-Za-z]\)|[•·▪◦‣●○■□*–—-])$")


# A readout's attribution formula, which a reprint runs into its first sentence: "The below is
# attributable to Spokesperson Matthew Miller: Secretary Blinken spoke with ...". It says who issued
# the account, a claim of its own; left in, it dilutes the sentence that reports the call.
_ATTRIBUTION_LEAD = re.compile(
    r"^(?:The (?:following|below)(?: statement)? is attributable to|As stated by|Attributable to)\b[^:.]{3,80}:\s+"
    r"(?=[A-Z“\"])"
)


def _split_attribution_lead(start: int, sentence: str) -> list[tuple[int, str]]:
    lead = _ATTRIBUTION_LEAD.match(sentence)
    if lead is None or lead.end() == len(sentence):
        return [(start, sentence)]
    return [(start, sentence[: lead.end()].rstrip()), (start + lead.end(), sentence[lead.end() :])]


_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


def _windows(text: str) -> list[tuple[int, int]]:
    """(start, end) of consecutive pieces of at most MAX_SEGMENTER_CHARS, cut after the last
    sentence end in each, else after the last space, else anywhere."""
    windows: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > MAX_SEGMENTER_CHARS:
        limit = start + MAX_SEGMENTER_CHARS
        cut = max((m.end() for m in _SENTENCE_END.finditer(text, start + MAX_SEGMENTER_CHARS // 2, limit)), default=-1)
        if cut < 0:
            cut = text.rfind(" ", start + 1, limit) + 1
        if cut <= start:
            cut = limit
        windows.append((start, cut))
        start = cut
    windows.append((start, len(text)))
    return windows


# A piece ending in a lone capital initial ("Japan-U.") followed by one starting with another
# ("S. Foreign Ministers"): one abbreviation, which sentencex cuts when it follows a hyphen.
_ENDS_WITH_INITIAL = re.compile(r"(?:^|[\s\-–(/])[A-Z]\.$")
_STARTS_WITH_INITIAL = re.compile(r"[A-Z]\.")


def _join_split_initials(text: str, pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    joined: list[tuple[int, str]] = []
    for start, sentence in pieces:
        if joined and _STARTS_WITH_INITIAL.match(sentence) and _ENDS_WITH_INITIAL.search(joined[-1][1]):
            previous_start = joined[-1][0]
            joined[-1] = (previous_start, text[previous_start : start + len(sentence)])
        else:
            joined.append((start, sentence))
    return joined


def _merge_open_quotes(text: str, pieces: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Join a sentence that opens a quotation with the following ones until the quote closes."""
    merged: list[tuple[int, str]] = []
    index = 0
    while index < len(pieces):
        start, sentence = pieces[index]
        end = start + len(sentence)
        merges = 0
        while _quote_open(sentence) and index + 1 < len(pieces) and merges < MAX_QUOTE_MERGES:
            index += 1
            next_start, next_sentence = pieces[index]
            end = next_start + len(next_sentence)
            sentence = text[start:end]
            merges += 1
        if _quote_open(sentence) and merges:
            # The quote never closed: a stray mark, not a long quotation. Keep the pieces apart.
            merged.extend(pieces[index - merges : index + 1])
        else:
            merged.append((start, sentence))
        index += 1
    return merged


def _quote_open(sentence: str) -> bool:
    """Does a double quotation mark open and never close? Curly single quotes double as
    apostrophes, so only double quotes count; a straight quote may close a curly one (“...")."""
    if '"' not in sentence and "“" not in sentence:
        return False  # most sentences: no double quote at all
    depth = 0
    for position, char in enumerate(sentence):
        if char == "“":
            depth += 1
        elif char == "”":
            depth = max(0, depth - 1)
        elif char == '"':
            before = sentence[position - 1] if position else " "
            after = sentence[position + 1] if position + 1 < len(sentence) else " "
            if (before.isspace() or before in "([—–-") and not after.isspace():
                depth += 1
            else:
                depth = max(0, depth - 1)
    return depth > 0


_CLAUSE_BREAK = re.compile(r"(?<=[;:,])\s+|\s+(?=[—–-]\s)")


def _cut_run_on(start: int, sentence: str) -> list[tuple[int, str]]:
    if len(sentence) <= MAX_SENTENCE_CHARS:
        return [(start, sentence)]
    pieces: list[tuple[int, str]] = []
    position = 0  # indexes into the sentence, never slices of the rest: linear in its length
    while len(sentence) - position > MAX_SENTENCE_CHARS:
        window = sentence[position : position + MAX_SENTENCE_CHARS]
        cut = max((m.end() for m in _CLAUSE_BREAK.finditer(window)), default=-1)
        if cut < MAX_SENTENCE_CHARS // 2:
            cut = window.rfind(" ") + 1
        if cut <= 0:
            cut = MAX_SENTENCE_CHARS  # no space at all: cut mid-word
        pieces.append((start + position, window[:cut].strip()))
        position += cut
    rest = sentence[position:]
    if rest.strip():
        pieces.append((start + position, rest.strip()))
    return [(o, p) for o, p in pieces if p]
