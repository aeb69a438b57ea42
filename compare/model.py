"""The records that flow through the pipeline: files -> documents -> sentences -> claims -> findings.

Every record is a frozen dataclass; stages pass these, never bare tuples.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property


class Kind(str, Enum):
    """What a document is: coverage by an outlet, or an official readout by a party to the event."""

    NEWS = "news"
    READOUT = "readout"


class ClaimStatus(str, Enum):
    """A claim carried by two or more sources is an agreement; by one source, an omission by the rest."""

    AGREEMENT = "agreement"
    SINGLE_SOURCE = "single-source"


class FramingKind(str, Enum):
    """What a framing finding is about."""

    NUMBERS = "numbers"
    DATES = "dates"
    ATTRIBUTION = "attribution"
    QUOTATION = "quotation"
    HEDGING = "hedging"
    ACTORS = "actors"
    WORDING = "wording"


class Rule(str, Enum):
    """A `compare check` rule. Framing detectors set the rule a finding breaks, if any."""

    COVERAGE = "coverage"
    READOUT_OMISSIONS = "readout-omissions"
    NUMBERS = "numbers"
    DATES = "dates"
    ATTRIBUTION = "attribution"
    ACTORS = "actors"


class Attribution(str, Enum):
    """How a source tells where a claim comes from, as the attribution detector read it.

    Set on a finding's evidence by the detector; `check` reads it, never the evidence words.
    """

    ATTRIBUTED = "attributed"  # the source names who says it (an issuer, a person, "a statement")
    STATED_AS_FACT = "stated-as-fact"  # no source in the sentence, beside it, or in a later repeat
    CARRIED = "carried"  # a readout that carries the claim itself


_ISO_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """An ISO date known to the day, the month or only the year ("2021-04-28", "2021-08", "2022").

    Ordered by first day, then coarser before finer: "2026", "2026-10", "2026-10-13". (Comparing
    the fields as a tuple would compare None with a number and raise.)
    """

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ISO 8601 at day, month or year precision; raise ValueError otherwise."""
        match = _ISO_PARTIAL.match(text.strip())
        if not match:
            raise ValueError(f"not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY): {text!r}")
        year, month, day = (int(part) if part else None for part in match.groups())
        assert year is not None
        date = cls(year, month, day)
        date.first_day()  # validates month and day
        return date

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        return cls(value.year, value.month, value.day)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day is not None:
            return self.first_day()
        if self.month is None:
            return dt.date(self.year, 12, 31)
        next_month = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)

    def exact(self) -> dt.date | None:
        """The calendar day, when the date is known to the day."""
        return self.first_day() if self.day is not None else None

    def days_apart(self, other: PartialDate) -> int:
        """Smallest distance in days between the two date ranges (0 when they overlap)."""
        if self.last_day() < other.first_day():
            return (other.first_day() - self.last_day()).days
        if other.last_day() < self.first_day():
            return (self.first_day() - other.last_day()).days
        return 0

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: PartialDate) -> bool:
        return self._key() < other._key()

    def __le__(self, other: PartialDate) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: PartialDate) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: PartialDate) -> bool:
        return self._key() >= other._key()

    def __str__(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text


@dataclass(frozen=True)
class Document:
    """One source text and what its front matter (or HTML metadata, or file name) says of it."""

    id: str  # path under the corpus root without its extension, e.g. "news/voa-2021-04-28"
    path: str  # path under the corpus root, POSIX separators
    outlet: str
    title: str
    date: PartialDate | None
    url: str | None
    kind: Kind
    issuer: str | None  # for readouts: who issued it ("Pentagon", "ISPR")
    event: str | None  # event slug from front matter, when given
    aliases: tuple[str, ...]  # other names the issuer goes by in coverage ("military's media wing")
    body: str  # the text after the front matter, newlines normalised to "\n"
    body_line: int  # 1-based line of the file where the body starts
    warnings: tuple[str, ...] = ()  # things the reader should know (e.g. a fallback decoding)
    # Front matter `issued:`: the original issue date of a text reprinted later (a readout a paper
    # prints the next day), so its "today" and "on Monday" are read against the day it was issued.
    issued: PartialDate | None = None
    untitled: bool = False  # no title was given or found: `title` is only the file's name

    @property
    def declares_issue(self) -> bool:
        """Front matter `issued:` gives the exact day the text was issued (it was printed later)."""
        return self.issued is not None and self.issued.exact() is not None

    @property
    def issue_day(self) -> PartialDate | None:
        """The day its "today" and "on Monday" are read against: an exact `issued:`, else its date."""
        return self.issued if self.declares_issue else self.date

    @property
    def label(self) -> str:
        """How the reports name this source."""
        return f"{self.outlet} (readout)" if self.kind is Kind.READOUT else self.outlet


@dataclass(frozen=True)
class Paragraph:
    """A run of body text after cleaning, with the file line each of its source lines came from."""

    text: str
    line_starts: tuple[tuple[int, int], ...]  # (offset in text, 1-based file line) per source line

    def line_at(self, offset: int) -> int:
        line = self.line_starts[0][1]
        for start, file_line in self.line_starts:
            if start > offset:
                break
            line = file_line
        return line


@dataclass(frozen=True)
class DroppedLine:
    """A body line that cleaning set aside, and why (so nothing disappears unexplained)."""

    line: int
    text: str
    reason: str  # "headline", "byline", "site chrome", ...


@dataclass(frozen=True)
class Sentence:
    """A content sentence of a document."""

    document: str  # Document.id
    index: int  # 0-based position among the document's content sentences
    text: str
    line: int  # 1-based line of the source file where the sentence starts
    paragraph: int = 0  # 0-based paragraph of the cleaned body it belongs to


@dataclass(frozen=True)
class Reprint:
    """A document that copies another one's text (a wire story, a readout printed by a newspaper)."""

    document: str  # Document.id of the copy
    original: str  # Document.id of the document it copies (the origin counted once)
    why: str  # the evidence, in a few words ("92% of its sentences word for word")


@dataclass(frozen=True)
class Placement:
    """How a document came to sit in its event, so a reader can check it (and fix it with `event:`)."""

    document: str  # Document.id
    declared: bool  # True: front matter `event:` put it here; False: the grouping found it
    why: str  # the evidence, e.g. "same participants Blinken–Ruto, phone call, 13 Mar 2024"
    uncertain: bool = False  # another event fitted almost as well (e.g. an undated twin call)


@dataclass(frozen=True)
class Event:
    """Documents that report the same happening (one call, one meeting)."""

    id: str  # slug, safe as a file name
    title: str
    date: PartialDate | None
    documents: tuple[Document, ...]
    grouped_by: str  # "front matter" or "date and content"
    reprints: tuple[Reprint, ...] = ()
    placements: tuple[Placement, ...] = ()

    def origin(self, document: str) -> str:
        """The document whose text this one carries: itself, unless it is a reprint.

        Agreement counts, coverage shares and `check` rules count origins, not copies.
        """
        for reprint in self.reprints:
            if reprint.document == document:
                return reprint.original
        return document


@dataclass(frozen=True)
class Mention:
    """A sentence that carries a claim; `partial` when the claim is only one part of the sentence."""

    document: str
    sentence: int
    partial: bool = False
    part: str | None = None  # the words of the sentence that carry the claim, when only some do

    @property
    def specificity(self) -> int:
        """How precisely the mention says where the claim is: the whole sentence, a part, or somewhere."""
        return 2 if not self.partial else (1 if self.part is not None else 0)


@dataclass(frozen=True)
class Claim:
    """One proposition about the event, and the sentences (from one or more sources) that carry it."""

    id: str  # stable within the event: "c01", "c02", ... in reading order
    mentions: tuple[Mention, ...]

    @cached_property
    def documents(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for mention in self.mentions:
            seen.setdefault(mention.document, None)
        return tuple(seen)

    @property
    def status(self) -> ClaimStatus:
        return ClaimStatus.AGREEMENT if len(self.documents) > 1 else ClaimStatus.SINGLE_SOURCE


@dataclass(frozen=True)
class Evidence:
    """The words a source used, as cited by a framing finding."""

    document: str
    sentence: int
    words: str  # the exact span (or summary of spans) from that sentence
    attribution: Attribution | None = None  # set by the attribution detector: how this source tells the source


@dataclass(frozen=True)
class Finding:
    """A framing difference on one claim: the sources tell it differently in some respect."""

    id: str  # stable, derived from content, not run order
    claim: str
    kind: FramingKind
    summary: str  # one line: what differs
    why: str  # one line: why it was flagged
    evidence: tuple[Evidence, ...]
    significance: float  # higher first in reports
    rule: Rule | None = None  # the `compare check` rule this finding breaks, set by its detector
    confidence: float = 1.0  # how sure the detector is that the difference is real (reports show the sure ones)


@dataclass(frozen=True)
class SentenceFraming:
    """How one sentence (or the part of it that carries a claim) tells what it says, found once by framing.

    Reports read these instead of re-running the detectors.
    """

    document: str
    sentence: int
    part: str | None  # None for the whole sentence
    attribution: str | None  # whom the sentence attributes what it says to
    hedges: tuple[str, ...]


@dataclass(frozen=True)
class AlignedEvent:
    """One event's sentences, the claims they were aligned into, and those kept out of alignment."""

    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    other_contacts: tuple[Sentence, ...]  # about another contact than the event's (a round-up's other calls)


@dataclass(frozen=True)
class EventComparison:
    """Everything the comparison found for one event."""

    event: Event
    sentences: tuple[Sentence, ...]
    claims: tuple[Claim, ...]
    findings: tuple[Finding, ...] = ()
    dropped: tuple[tuple[str, tuple[DroppedLine, ...]], ...] = field(default=())
    framing: tuple[SentenceFraming, ...] = ()  # per sentence and per claim part, from the framing stage
    # Sentences about another contact than the event's (a round-up's other calls): not aligned with other sources.
    other_contacts: tuple[Sentence, ...] = ()

    def told(self, document: str, index: int, part: str | None = None) -> SentenceFraming | None:
        """The framing annotation of a sentence, or of one part of it."""
        return self._framing_by_key.get((document, index, part))

    @cached_property
    def _framing_by_key(self) -> dict[tuple[str, int, str | None], SentenceFraming]:
        return {(f.document, f.sentence, f.part): f for f in self.framing}

    def sentence(self, document: str, index: int) -> Sentence:
        return self._by_key[(document, index)]

    def about_another_contact(self, document: str, index: int) -> bool:
        """Whether the sentence was kept out of alignment as being about another contact."""
        return (document, index) in self._other_contact_keys

    @cached_property
    def _other_contact_keys(self) -> frozenset[tuple[str, int]]:
        return frozenset((s.document, s.index) for s in self.other_contacts)

    @cached_property
    def _by_key(self) -> dict[tuple[str, int], Sentence]:
        return {(s.document, s.index): s for s in self.sentences}


@dataclass(frozen=True)
class Comparison:
    """The result of a run over a corpus."""

    events: tuple[EventComparison, ...]
    model: str  # embedding model identity
    warnings: tuple[str, ...] = ()
