"""`compare eval`: measure claim alignment against gold alignments, beside two baselines.

Pairwise alignment: a pair of sentences from different documents is predicted when some claim
holds both (as full or partial mentions). Gold pairs are full members of one gold claim; pairs that
involve a gold partial member are neither required nor penalised.
Omissions: a sentence is single-source when no claim holding it spans two documents. Sentences the
gold has only as partial members of multi-document claims are left out of that count.
Grouping: purity and inverse purity, pairwise precision/recall/F1 and B-cubed precision/recall/F1
of system events against gold events (documents not named in any gold file count as events of
their own), and which gold events were split or merged.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np

from compare import eventfit, ingest, pipeline
from compare.embed import Embedder
from compare.errors import GoldError
from compare.eventfit import EventPairs
from compare.gold import MappedClaim, SentenceKey, UnmatchedPrefix, load_gold, map_claims
from compare.match import Calibration, EventStage
from compare.model import Event, Sentence
from compare.tokens import TokenVectors

Pair = frozenset[SentenceKey]


@dataclass(frozen=True)
class PairScores:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PairScores) -> PairScores:
        return PairScores(
            self.true_positives + other.true_positives,
            self.false_positives + other.false_positives,
            self.false_negatives + other.false_negatives,
        )


@dataclass(frozen=True)
class MethodScores:
    alignment: PairScores
    omissions: PairScores


@dataclass(frozen=True)
class EventScores:
    name: str
    sentences: int
    gold_claims: int
    methods: dict[str, MethodScores]


@dataclass(frozen=True)
class Grouping:
    purity: float
    inverse_purity: float
    system_events: int
    gold_events: int
    # Pairwise: a pair of documents is predicted together when one system event holds both.
    pair_precision: float = 1.0
    pair_recall: float = 1.0
    pair_f1: float = 1.0
    # B-cubed: per document, the share of its system event that is in its gold event (precision)
    # and of its gold event that is in its system event (recall), averaged over documents.
    bcubed_precision: float = 1.0
    bcubed_recall: float = 1.0
    bcubed_f1: float = 1.0
    misplaced: tuple[str, ...] = ()  # one line per gold event split or merged, naming the documents


@dataclass(frozen=True)
class EvaluationReport:
    events: tuple[EventScores, ...]
    overall: dict[str, MethodScores]
    grouping: Grouping
    model: str
    calibration: str
    errors: dict[str, list[str]] = field(default_factory=dict)  # method -> example mistakes
    unmatched: tuple[str, ...] = ()  # gold prefixes that match no sentence, skipped
    event_pairs: tuple[EventPairs, ...] = ()  # the gold events' labelled pairs, as features
    held_out_stages: tuple[EventStage, ...] = ()  # leave-one-out: the stage each event was scored with
    fitted_on_all: EventStage | None = None  # the event stage fitted on every gold event


SYSTEM = "compare"
COSINE_BASELINE = "cosine threshold, transitive"
TFIDF_BASELINE = "tf-idf cosine, transitive"
# The same baselines at the threshold that is best on the gold itself: an upper bound for them.
COSINE_ORACLE = "cosine, best threshold on gold"
TFIDF_ORACLE = "tf-idf, best threshold on gold"
METHODS = (SYSTEM, COSINE_BASELINE, TFIDF_BASELINE, COSINE_ORACLE, TFIDF_ORACLE)
_SWEEP = np.round(np.arange(0.05, 0.96, 0.01), 2)


def gold_pairs(claims: Sequence[MappedClaim]) -> tuple[set[Pair], set[Pair]]:
    """(required pairs, tolerated pairs) of sentences from different documents."""
    required: set[Pair] = set()
    tolerated: set[Pair] = set()
    for claim in claims:
        for a, b in combinations(sorted(claim.members, key=_key), 2):
            if a.document != b.document:
                required.add(frozenset((a, b)))
        for a in claim.partial:
            for b in claim.members | claim.partial:
                if a.document != b.document:
                    tolerated.add(frozenset((a, b)))
    return required, tolerated - required


def predicted_pairs(claims: Iterable[Iterable[SentenceKey]]) -> set[Pair]:
    pairs: set[Pair] = set()
    for claim in claims:
        for a, b in combinations(sorted(set(claim), key=_key), 2):
            if a.document != b.document:
                pairs.add(frozenset((a, b)))
    return pairs


def score_pairs(predicted: set[Pair], required: set[Pair], tolerated: set[Pair]) -> PairScores:
    return PairScores(
        true_positives=len(predicted & required),
        false_positives=len(predicted - required - tolerated),
        false_negatives=len(required - predicted),
    )


def score_omissions(
    predicted: Sequence[Iterable[SentenceKey]], gold: Sequence[MappedClaim], sentences: Iterable[SentenceKey]
) -> PairScores:
    """Single-source sentences: true positives are sentences both sides call single-source."""
    shared_gold: set[SentenceKey] = set()
    partial_only: set[SentenceKey] = set()
    for claim in gold:
        if len(claim.documents) > 1:
            shared_gold |= claim.members
            partial_only |= claim.partial
    partial_only -= shared_gold
    shared_system: set[SentenceKey] = set()
    for predicted_claim in predicted:
        keys = set(predicted_claim)
        if len({k.document for k in keys}) > 1:
            shared_system |= keys
    scored = [s for s in sentences if s not in partial_only]
    system_single = {s for s in scored if s not in shared_system}
    gold_single = {s for s in scored if s not in shared_gold}
    return PairScores(
        true_positives=len(system_single & gold_single),
        false_positives=len(system_single - gold_single),
        false_negatives=len(gold_single - system_single),
    )


def grouping_purity(system: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> Grouping:
    documents = {d for group in system for d in group}
    gold_groups = [set(g) & documents for g in gold]
    covered = set().union(*gold_groups) if gold_groups else set()
    gold_groups = [g for g in gold_groups if g] + [{d} for d in sorted(documents - covered)]
    system_groups = [set(g) for g in system]

    def purity(clusters: list[set[str]], classes: list[set[str]]) -> float:
        total = sum(len(c) for c in clusters)
        return sum(max(len(c & k) for k in classes) for c in clusters) / total if total else 1.0

    system_of = {d: i for i, g in enumerate(system_groups) for d in g}
    gold_of = {d: i for i, g in enumerate(gold_groups) for d in g}
    together = {frozenset(p) for g in system_groups for p in combinations(sorted(g), 2)}
    truly = {frozenset(p) for g in gold_groups for p in combinations(sorted(g), 2)}
    pair_p = len(together & truly) / len(together) if together else 1.0
    pair_r = len(together & truly) / len(truly) if truly else 1.0
    b_p = b_r = 0.0
    for d in documents:
        mine, true = system_groups[system_of[d]], gold_groups[gold_of[d]]
        b_p += len(mine & true) / len(mine)
        b_r += len(mine & true) / len(true)
    b_p, b_r = (b_p / len(documents), b_r / len(documents)) if documents else (1.0, 1.0)
    misplaced = []
    for g in gold_groups:
        parts = {system_of[d] for d in g}
        mixed = [system_groups[i] - g for i in parts if system_groups[i] - g]
        if len(parts) > 1 or mixed:
            split = " | ".join(", ".join(sorted(g & system_groups[i])) for i in sorted(parts))
            extra = f"; with others: {', '.join(sorted(set().union(*mixed)))}" if mixed else ""
            misplaced.append(f"split into {len(parts)}: {split}{extra}" if len(parts) > 1 else f"merged{extra}")
    return Grouping(
        purity=purity(system_groups, gold_groups),
        inverse_purity=purity(gold_groups, system_groups),
        system_events=len(system_groups),
        gold_events=len(gold_groups),
        pair_precision=pair_p,
        pair_recall=pair_r,
        pair_f1=_f1(pair_p, pair_r),
        bcubed_precision=b_p,
        bcubed_recall=b_r,
        bcubed_f1=_f1(b_p, b_r),
        misplaced=tuple(misplaced),
    )


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def single_link(similarity: np.ndarray, documents: Sequence[str], threshold: float) -> list[list[int]]:
    """Baseline: connect every cross-document pair at or above the threshold, take components."""
    parent = list(range(len(documents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows, cols = np.nonzero(np.triu(similarity >= threshold, k=1))
    for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
        if documents[i] != documents[j]:
            parent[find(i)] = find(j)
    groups: dict[int, list[int]] = {}
    for i in range(len(documents)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def tfidf_vectorizer(fit_on: Sequence[str]) -> Any:
    """The TF-IDF baseline's vectorizer: English stop words, sublinear term frequency."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit(list(fit_on))


def tfidf_similarity(texts: Sequence[str], *, fit_on: Sequence[str]) -> np.ndarray:
    matrix = tfidf_vectorizer(fit_on).transform(list(texts))
    return np.asarray((matrix @ matrix.T).todense())


def read_events_file(path: Path) -> dict[str, str]:
    """A `{document id: event}` JSON file, as in shared/dev/events.json."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise GoldError(f"{path}: cannot be read as JSON ({error})") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise GoldError(f"{path}: expected a JSON object of document id to event name")
    return data


def evaluate(
    *,
    corpus: Path,
    gold_dir: Path,
    embedder: Embedder,
    calibration: Calibration,
    settings: pipeline.Settings | None = None,
    events: dict[str, str] | None = None,
    leave_one_out: bool = False,
    fit_all: bool = False,
) -> EvaluationReport:
    """Score alignment (and grouping) against the gold alignments in `gold_dir`.

    `events` gives the grouping (document id -> event), so alignment is measured apart from it.
    `leave_one_out` fits the event stage for each gold event on the other gold events (its
    threshold chosen on them) and scores it on the event it never saw; each gold event is then
    aligned as one event, its documents grouped as the gold says.
    """
    settings = settings or pipeline.Settings()
    gold_events = load_gold(gold_dir)
    documents = ingest.read_corpus(corpus)
    known = {d.id for d in documents}
    for gold_event in gold_events:
        missing = [d for d in gold_event.documents if d not in known]
        if missing:
            raise GoldError(f"{gold_event.source}: documents not in the corpus: {', '.join(missing)}")
    if events is not None:
        unknown = sorted(set(events) - known)
        if unknown:
            raise GoldError(f"events file names documents not in the corpus: {', '.join(unknown[:5])}")
        documents = tuple(replace(d, event=events.get(d.id, d.event)) for d in documents)
    comparison, prepared = pipeline.compare_documents(
        documents, embedder=embedder, calibration=calibration, settings=settings, warnings=[]
    )
    compared = comparison.events
    by_id = {d.id: d for d in documents}
    gold_as_events = [Event(g.name, g.name, None, tuple(by_id[d] for d in g.documents), "gold") for g in gold_events]
    mapped_events = [map_claims(g, [s for d in g.documents for s in prepared.sentences[d]]) for g in gold_events]
    training = [
        _event_pairs(event, mapped.claims, prepared)
        for event, mapped in zip(gold_as_events, mapped_events, strict=True)
    ]
    held_out_claims: dict[str, list[list[SentenceKey]]] = {}
    chosen: list[EventStage] = []

    def fitted_without(left_out: int | None) -> EventStage:
        kept = [i for i in range(len(gold_events)) if i != left_out]
        return eventfit.choose_stage(
            [training[i] for i in kept],
            calibration=calibration,
            source=gold_dir.as_posix()
            if left_out is None
            else f"{gold_dir.as_posix()} without {gold_events[left_out].name}",
            # Each training event weighs alike: pooled pairs would let the largest events set the threshold.
            alignment_f1=lambda stage: float(
                np.mean(
                    [
                        _align_gold(
                            gold_as_events[i], mapped_events[i].claims, prepared, calibration, stage, settings
                        ).f1
                        for i in kept
                    ]
                )
            ),
        )

    if leave_one_out:
        for k, event in enumerate(gold_as_events):
            stage = fitted_without(k)
            chosen.append(stage)
            found = pipeline.event_claims(
                event,
                prepared=prepared,
                calibration=replace(calibration, event_stage=stage),
                settings=settings.alignment,
            ).claims
            held_out_claims[event.id] = [[SentenceKey(m.document, m.sentence) for m in c.mentions] for c in found]
    grouping = grouping_purity(
        [[d.id for d in ec.event.documents] for ec in compared], [g.documents for g in gold_events]
    )
    cosine_threshold = float(calibration.notes.get("cosine_threshold", 0.7))  # type: ignore[arg-type]
    tfidf_threshold = float(calibration.notes.get("tfidf_threshold", 0.3))  # type: ignore[arg-type]
    all_texts = [s.text for d in documents for s in prepared.sentences[d.id]]

    per_event: list[EventScores] = []
    errors: dict[str, list[str]] = {SYSTEM: []}
    unmatched: list[UnmatchedPrefix] = []
    sweeps: list[
        tuple[dict[str, np.ndarray], list[str], list[SentenceKey], list[MappedClaim], set[Pair], set[Pair]]
    ] = []
    for gold_event in gold_events:
        gold_docs = set(gold_event.documents)
        sentences = [s for d in gold_event.documents for s in prepared.sentences[d]]
        mapped_event = map_claims(gold_event, sentences)
        unmatched.extend(mapped_event.unmatched)
        mapped = mapped_event.claims
        required, tolerated = gold_pairs(mapped)
        keys = [SentenceKey(s.document, s.index) for s in sentences]
        system_claims = held_out_claims.get(gold_event.name) or [
            [SentenceKey(m.document, m.sentence) for m in claim.mentions if m.document in gold_docs]
            for comparison in compared
            for claim in comparison.claims
        ]
        rows = [r for d in gold_event.documents for r in prepared.rows[d]]
        cosine = prepared.vectors[rows] @ prepared.vectors[rows].T
        tfidf = tfidf_similarity([s.text for s in sentences], fit_on=all_texts)
        documents_of = [s.document for s in sentences]
        sweeps.append(
            ({COSINE_ORACLE: cosine, TFIDF_ORACLE: tfidf}, documents_of, keys, list(mapped), required, tolerated)
        )
        methods: dict[str, list[list[SentenceKey]]] = {
            SYSTEM: system_claims,
            COSINE_BASELINE: _as_keys(single_link(cosine, documents_of, cosine_threshold), keys),
            TFIDF_BASELINE: _as_keys(single_link(tfidf, documents_of, tfidf_threshold), keys),
        }
        scores = {}
        for name, grouped in methods.items():
            predicted = predicted_pairs(grouped)
            scores[name] = MethodScores(
                alignment=score_pairs(predicted, required, tolerated),
                omissions=score_omissions(grouped, mapped, keys),
            )
            if name == SYSTEM:
                errors[SYSTEM].extend(_describe_errors(predicted, required, tolerated, sentences))
        per_event.append(EventScores(gold_event.name, len(sentences), len(mapped), scores))

    for oracle in (COSINE_ORACLE, TFIDF_ORACLE):
        best = max(_SWEEP, key=lambda t: (_sum(_sweep_scores(s, oracle, float(t))[0] for s in sweeps).f1, -t))
        for event_scores, sweep in zip(per_event, sweeps, strict=True):
            alignment, omissions = _sweep_scores(sweep, oracle, float(best))
            event_scores.methods[oracle] = MethodScores(alignment, omissions)
    overall = {
        name: MethodScores(
            alignment=_sum(e.methods[name].alignment for e in per_event),
            omissions=_sum(e.methods[name].omissions for e in per_event),
        )
        for name in METHODS
    }
    return EvaluationReport(
        events=tuple(per_event),
        overall=overall,
        grouping=grouping,
        model=embedder.identity,
        calibration=calibration.trained_on,
        errors=errors,
        unmatched=tuple(str(u) for u in unmatched),
        event_pairs=tuple(training),
        held_out_stages=tuple(chosen),
        fitted_on_all=fitted_without(None) if fit_all else None,
    )


def _event_pairs(event: Event, claims: Sequence[MappedClaim], prepared: pipeline.CorpusSentences) -> EventPairs:
    """The gold event's labelled sentence pairs, with features computed as a run computes them."""
    sentences, units, rows = pipeline.event_units(event, prepared=prepared)
    required, tolerated = gold_pairs(claims)
    key_of = {(s.document, s.index): SentenceKey(s.document, s.index) for s in sentences}
    whole = [position for position, unit in enumerate(units) if unit.part is None]
    labels: dict[tuple[int, int], int] = {}
    for a, b in combinations(whole, 2):
        first, second = sentences[units[a].sentence], sentences[units[b].sentence]
        if first.document == second.document:
            continue
        pair = frozenset((key_of[(first.document, first.index)], key_of[(second.document, second.index)]))
        if pair in tolerated:
            continue
        labels[(a, b)] = int(pair in required)
    return eventfit.event_pairs(
        event=event.id,
        texts=[u.text for u in units],
        documents=[u.document for u in units],
        vectors=prepared.vectors[rows],
        tokens=_event_tokens(prepared, rows),
        whole=whole,
        labels=labels,
    )


def _event_tokens(prepared: pipeline.CorpusSentences, rows: Sequence[int]) -> list[TokenVectors]:
    if prepared.tokens is None:
        raise GoldError("the model gives no token vectors, which the event stage reads; use the default model")
    return [prepared.tokens[r] for r in rows]


def _align_gold(
    event: Event,
    claims: Sequence[MappedClaim],
    prepared: pipeline.CorpusSentences,
    calibration: Calibration,
    stage: EventStage,
    settings: pipeline.Settings,
) -> PairScores:
    found = pipeline.event_claims(
        event, prepared=prepared, calibration=replace(calibration, event_stage=stage), settings=settings.alignment
    ).claims
    required, tolerated = gold_pairs(claims)
    predicted = predicted_pairs([[SentenceKey(m.document, m.sentence) for m in c.mentions] for c in found])
    return score_pairs(predicted, required, tolerated)


def _sweep_scores(
    sweep: tuple[dict[str, np.ndarray], list[str], list[SentenceKey], list[MappedClaim], set[Pair], set[Pair]],
    method: str,
    threshold: float,
) -> tuple[PairScores, PairScores]:
    matrices, documents_of, keys, mapped, required, tolerated = sweep
    claims = _as_keys(single_link(matrices[method], documents_of, threshold), keys)
    return score_pairs(predicted_pairs(claims), required, tolerated), score_omissions(claims, mapped, keys)


def _as_keys(groups: list[list[int]], keys: Sequence[SentenceKey]) -> list[list[SentenceKey]]:
    return [[keys[i] for i in group] for group in groups]


def _sum(scores: Iterable[PairScores]) -> PairScores:
    total = PairScores(0, 0, 0)
    for score in scores:
        total = total + score
    return total


def _key(key: SentenceKey) -> tuple[str, int]:
    return (key.document, key.index)


def _describe_errors(
    predicted: set[Pair], required: set[Pair], tolerated: set[Pair], sentences: Sequence[Sentence]
) -> list[str]:
    text = {SentenceKey(s.document, s.index): s.text for s in sentences}

    def show(pair: Pair) -> str:
        a, b = sorted(pair, key=_key)
        return f"{a.document}#{a.index} “{text[a][:70]}” ~ {b.document}#{b.index} “{text[b][:70]}”"

    wrong = sorted(show(p) for p in predicted - required - tolerated)
    missed = sorted(show(p) for p in required - predicted)
    return [f"false link: {w}" for w in wrong] + [f"missed link: {m}" for m in missed]


def report_text(result: EvaluationReport, *, show_errors: bool = False) -> str:
    lines = [f"model: {result.model}", f"calibration: {result.calibration}", ""]
    lines += [f"warning: {u}" for u in result.unmatched]
    lines += [""] if result.unmatched else []
    if result.held_out_stages:
        lines += [
            "compare: event stage fitted leave-one-event-out; merge thresholds chosen per event: "
            + ", ".join(f"{stage.threshold:.2f}" for stage in result.held_out_stages),
            "",
        ]
    for event in result.events:
        lines.append(f"event: {event.name} ({event.sentences} sentences, {event.gold_claims} gold claims)")
        lines += _method_lines(event.methods)
        lines.append("")
    lines.append("overall")
    lines += _method_lines(result.overall)
    g = result.grouping
    lines += [
        "",
        f"event grouping: purity {g.purity:.3f}, inverse purity {g.inverse_purity:.3f} "
        f"({g.system_events} system events, {g.gold_events} gold events)",
        f"  pairwise P {g.pair_precision:.3f} R {g.pair_recall:.3f} F1 {g.pair_f1:.3f}; "
        f"B-cubed P {g.bcubed_precision:.3f} R {g.bcubed_recall:.3f} F1 {g.bcubed_f1:.3f}",
        *(f"  misplaced: {m}" for m in g.misplaced),
    ]
    if show_errors:
        lines += ["", "errors of compare:"] + [f"  {e}" for e in result.errors.get(SYSTEM, [])]
    return "\n".join(lines)


def _method_lines(methods: dict[str, MethodScores]) -> list[str]:
    lines = [f"  {'method':32s} {'align P':>8s} {'R':>6s} {'F1':>6s}   {'omission P':>10s} {'R':>6s}"]
    for name, scores in methods.items():
        a, o = scores.alignment, scores.omissions
        lines.append(
            f"  {name:32s} {a.precision:8.3f} {a.recall:6.3f} {a.f1:6.3f}   {o.precision:10.3f} {o.recall:6.3f}"
        )
    return lines


def report_json(result: EvaluationReport) -> dict[str, object]:
    def method(scores: MethodScores) -> dict[str, object]:
        return {
            "alignment": _pair_json(scores.alignment),
            "omissions": _pair_json(scores.omissions),
        }

    return {
        "model": result.model,
        "calibration": result.calibration,
        "events": [
            {
                "name": e.name,
                "sentences": e.sentences,
                "gold_claims": e.gold_claims,
                "methods": {name: method(s) for name, s in e.methods.items()},
            }
            for e in result.events
        ],
        "overall": {name: method(s) for name, s in result.overall.items()},
        "grouping": {
            "purity": result.grouping.purity,
            "inverse_purity": result.grouping.inverse_purity,
            "system_events": result.grouping.system_events,
            "gold_events": result.grouping.gold_events,
            "pairwise": {
                "precision": round(result.grouping.pair_precision, 4),
                "recall": round(result.grouping.pair_recall, 4),
                "f1": round(result.grouping.pair_f1, 4),
            },
            "bcubed": {
                "precision": round(result.grouping.bcubed_precision, 4),
                "recall": round(result.grouping.bcubed_recall, 4),
                "f1": round(result.grouping.bcubed_f1, 4),
            },
            "misplaced": list(result.grouping.misplaced),
        },
    }


def _pair_json(scores: PairScores) -> dict[str, object]:
    return {
        "precision": round(scores.precision, 4),
        "recall": round(scores.recall, 4),
        "f1": round(scores.f1, 4),
        "true_positives": scores.true_positives,
        "false_positives": scores.false_positives,
        "false_negatives": scores.false_negatives,
    }
