"""Who carries what: per-source coverage, omissions and readout shares of one event's claims.

Agreement is counted in origins, not copies: a claim a wire story carries is not shared because
two papers reprinted the story (`Event.reprints`, found by compare/origins.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from compare.model import Claim, Document, Event, EventComparison, Kind


@dataclass(frozen=True)
class SourceCoverage:
    """One source's place in an event."""

    document: Document
    sentences: int
    claims: tuple[Claim, ...]  # claims this source carries
    shared_carried: int  # claims it carries that at least one other source carries too
    shared_total: int  # claims at least two sources carry
    left_out: tuple[Claim, ...]  # claims others carry and this source does not
    only_here: tuple[Claim, ...]  # claims no other source carries
    readout_shares: tuple[ReadoutShare, ...]  # for each readout of the event (other than itself)

    @property
    def coverage(self) -> float | None:
        """Share of the claims two or more sources carry that this source carries (None: no such claim)."""
        return self.shared_carried / self.shared_total if self.shared_total else None


@dataclass(frozen=True)
class ReadoutShare:
    readout: Document
    carried: int  # readout claims this source carries
    total: int  # claims of the readout

    @property
    def share(self) -> float | None:
        return self.carried / self.total if self.total else None


def origins(claim: Claim, event: Event) -> frozenset[str]:
    """The independent sources of a claim: its documents, each reprint counted as its original."""
    return frozenset(event.origin(d) for d in claim.documents)


def independently_shared(claim: Claim, event: Event) -> bool:
    """Whether two or more independent origins carry the claim (an agreement, not a reprint)."""
    return len(origins(claim, event)) > 1


def event_coverage(comparison: EventComparison) -> tuple[SourceCoverage, ...]:
    documents = comparison.event.documents
    sentence_counts = {d.id: 0 for d in documents}
    for sentence in comparison.sentences:
        sentence_counts[sentence.document] += 1
    shared = [c for c in comparison.claims if independently_shared(c, comparison.event)]
    readouts = [d for d in documents if d.kind is Kind.READOUT]
    readout_claims = {r.id: [c for c in comparison.claims if r.id in c.documents] for r in readouts}
    result = []
    for document in documents:
        carried = tuple(c for c in comparison.claims if document.id in c.documents)
        shares = tuple(
            ReadoutShare(
                readout=readout,
                carried=sum(1 for c in readout_claims[readout.id] if document.id in c.documents),
                total=len(readout_claims[readout.id]),
            )
            for readout in readouts
            if readout.id != document.id
        )
        result.append(
            SourceCoverage(
                document=document,
                sentences=sentence_counts[document.id],
                claims=carried,
                shared_carried=sum(1 for c in shared if document.id in c.documents),
                shared_total=len(shared),
                left_out=tuple(c for c in shared if document.id not in c.documents),
                only_here=tuple(c for c in carried if not independently_shared(c, comparison.event)),
                readout_shares=shares,
            )
        )
    return tuple(result)


def source_names(documents: tuple[Document, ...]) -> dict[str, str]:
    """How each document is named in an event's report; repeated outlets get a number."""
    names: dict[str, str] = {}
    counts: dict[str, int] = {}
    for document in documents:
        label = document.label
        counts[label] = counts.get(label, 0) + 1
        names[document.id] = label if counts[label] == 1 else f"{label} #{counts[label]}"
    return names
