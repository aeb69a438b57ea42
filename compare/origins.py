"""One origin, counted once: find the documents of an event that reprint another's text.

A wire story printed by three papers, or a ministry release printed word for word by a newspaper,
is one source, not several: counting each copy would turn one voice into an agreement. Two
documents carry the same text when most of the sentences of each are found, near word for word,
in the other (a sentence counts when most of its five-word runs appear in the other document).
A news story that quotes two lines of a readout shares only a small part of its own sentences, so
it stays an independent origin. Among copies of one text, the origin counted is a readout if there
is one, else the earliest, else the longest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from compare.model import Document, Kind, Reprint

RUN_WORDS = 5  # a sentence is matched by its runs of this many words
SENTENCE_COPIED = 0.8  # share of a sentence's runs found in the other document for it to count as copied
MOSTLY_COPIED = 0.8  # the share of one document's sentences copied in the other ...
ALSO_COPIED = 0.5  # ... and of the other's in it (an introduction or a cut may differ), for one text
MIN_COPIED_SENTENCES = 2

_WORD = re.compile(r"\w+")


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(unicodedata.normalize("NFKD", text).lower())
    return {tuple(words[i : i + RUN_WORDS]) for i in range(len(words) - RUN_WORDS + 1)}


def copied_share(sentences: Sequence[set[tuple[str, ...]]], other: set[tuple[str, ...]]) -> tuple[int, float]:
    """How many sentences (given as their word runs) the other document carries, and their share."""
    runs = [r for r in sentences if r]
    if not runs:
        return 0, 0.0
    copied = sum(1 for r in runs if len(r & other) >= SENTENCE_COPIED * len(r))
    return copied, copied / len(runs)


def find_reprints(documents: Sequence[Document], sentences: Mapping[str, Sequence[str]]) -> tuple[Reprint, ...]:
    """The reprints among one event's documents, each pointing at the origin it copies."""
    texts = {d.id: [_runs(s) for s in sentences.get(d.id, ())] for d in documents}
    runs: dict[str, set[tuple[str, ...]]] = {d.id: set().union(*texts[d.id]) for d in documents}
    parent = {d.id: d.id for d in documents}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    for i, first in enumerate(documents):
        for second in documents[i + 1 :]:
            if _same_text(texts[first.id], texts[second.id], runs[first.id], runs[second.id]):
                a, b = find(first.id), find(second.id)
                if a != b:
                    parent[b] = a
    components: dict[str, list[Document]] = {}
    for document in documents:
        components.setdefault(find(document.id), []).append(document)
    reprints = []
    for copies in components.values():
        if len(copies) < 2:
            continue
        origin = min(copies, key=lambda d: _origin_order(d, len(texts[d.id])))
        for copy in copies:
            if copy is origin:
                continue
            count, share = copied_share(texts[copy.id], runs[origin.id])
            why = f"{count} of its sentences ({share:.0%}) word for word in {origin.label}"
            reprints.append(Reprint(document=copy.id, original=origin.id, why=why))
    return tuple(sorted(reprints, key=lambda r: r.document))


Runs = set[tuple[str, ...]]


def _same_text(first: list[Runs], second: list[Runs], first_runs: Runs, second_runs: Runs) -> bool:
    count_first, share_first = copied_share(first, second_runs)
    count_second, share_second = copied_share(second, first_runs)
    if min(count_first, count_second) < MIN_COPIED_SENTENCES:
        return False
    return max(share_first, share_second) >= MOSTLY_COPIED and min(share_first, share_second) >= ALSO_COPIED


def _origin_order(document: Document, sentences: int) -> tuple[int, str, int, str]:
    date = str(document.date.first_day()) if document.date else "9999"
    return (0 if document.kind is Kind.READOUT else 1, date, -sentences, document.id)
