"""Fit alignment's event stage on gold alignments of real events, and score it on events it never saw.

The first stage (match.Calibration) judges a sentence pair alone and is fitted on labelled pairs.
The event stage re-weighs that judgement with evidence from the event around the pair
(match.EVENT_FEATURES) and sets the merge threshold; it is fitted on the sentence pairs of gold
events. Anything fitted here is scored leave-one-event-out: for each gold event, the stage is
fitted on the other events (its threshold chosen on them too) and only then applied to it.

The training pairs are kept as numbers only (`EventPairs.to_json`: labels and features, no text),
so the shipped stage can be rebuilt from the repository without the articles it was fitted on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import combinations
from pathlib import Path

import numpy as np

from compare.errors import CalibrationError
from compare.match import (
    EVENT_FEATURES,
    FEATURES,
    Calibration,
    EventStage,
    PairFeatures,
    event_features,
    pair_features,
    sentence_terms,
)
from compare.tokens import TokenVectors

# Merge thresholds tried when the event stage is fitted; the one with the best alignment F1 on the
# training events is kept.
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
# sklearn's default regularisation: a handful of weights fitted on a few thousand pairs.
REGULARISATION = 1.0


@dataclass(frozen=True)
class EventPairs:
    """The labelled cross-document sentence pairs of one gold event, as features."""

    event: str
    labels: np.ndarray  # 1: the gold puts both sentences in one claim; 0: in none
    local: np.ndarray  # pairs x match.FEATURES (the first stage's input)
    context: np.ndarray  # pairs x EVENT_FEATURES[1:] (the event stage's input beside the probability)

    def features(self, calibration: Calibration) -> np.ndarray:
        probability = calibration.probability(PairFeatures(self.local))
        return np.column_stack([probability, self.context])


def event_pairs(
    *,
    event: str,
    texts: Sequence[str],
    documents: Sequence[str],
    vectors: np.ndarray,
    tokens: Sequence[TokenVectors],
    whole: Sequence[int],
    labels: dict[tuple[int, int], int],
) -> EventPairs:
    """Features of the labelled pairs of one event.

    `texts`, `documents`, `vectors` and `tokens` are every unit alignment compares in the event (sentences
    and their parts), so the event features see the same background as in a run; `whole` are the
    positions of the whole sentences, and `labels` maps a pair of those positions (i < j) to its
    label; pairs the gold neither requires nor forbids are left out.
    """
    terms = sentence_terms(texts)
    labelled = [(i, j) for i, j in combinations(whole, 2) if (i, j) in labels]
    left = np.array([i for i, _ in labelled], dtype=np.int64)
    right = np.array([j for _, j in labelled], dtype=np.int64)
    local = pair_features(vectors=vectors, terms=terms, left=left, right=right).values
    context = event_features(
        probability=np.zeros(len(left)),
        vectors=vectors,
        tokens=tokens,
        documents=np.asarray(documents),
        terms=terms,
        left=left,
        right=right,
    )[:, 1:]
    return EventPairs(event, np.array([labels[p] for p in labelled], dtype=np.int64), local, context)


def fit_event_stage(
    pairs: Sequence[EventPairs], *, calibration: Calibration, threshold: float, source: str
) -> EventStage:
    """A logistic event stage over the pairs of the given events."""
    from sklearn.linear_model import LogisticRegression

    features = np.vstack([p.features(calibration) for p in pairs])
    labels = np.concatenate([p.labels for p in pairs])
    if len(set(labels.tolist())) < 2:
        raise CalibrationError(f"{source}: need gold pairs of both kinds (same claim and not) to fit the event stage")
    model = LogisticRegression(C=REGULARISATION, max_iter=2000).fit(features, labels)
    return EventStage(
        weights=tuple(round(float(w), 6) for w in model.coef_[0]),
        bias=round(float(model.intercept_[0]), 6),
        threshold=threshold,
        trained_on=f"{source} ({len(pairs)} events, {len(labels)} pairs: {', '.join(p.event for p in pairs)})",
    )


def choose_stage(
    pairs: Sequence[EventPairs],
    *,
    calibration: Calibration,
    source: str,
    alignment_f1: Callable[[EventStage], float],
) -> EventStage:
    """Fit the stage on `pairs` and keep the merge threshold with the best F1 on the same events.

    `alignment_f1` should weigh every event alike (the mean of their F1s, as `compare eval` does):
    a threshold that suits one large event can merge a small one into a single wrong claim. A
    threshold is judged with its neighbours in THRESHOLDS (the mean of the three): on a few events
    F1 jumps between neighbouring thresholds, and a lone peak there is luck that a new event does
    not share.
    """
    fitted = fit_event_stage(pairs, calibration=calibration, threshold=THRESHOLDS[0], source=source)
    scores = [alignment_f1(replace(fitted, threshold=t)) for t in THRESHOLDS]
    smoothed = [float(np.mean(scores[max(0, k - 1) : k + 2])) for k in range(len(THRESHOLDS))]
    best = max(range(len(THRESHOLDS)), key=lambda k: (smoothed[k], -THRESHOLDS[k]))
    return replace(fitted, threshold=THRESHOLDS[best])


def pairs_to_json(pairs: Sequence[EventPairs], *, model: str, threshold: float) -> str:
    """The training pairs as numbers (no text): what `compare calibrate --event-pairs` reads."""
    data = {
        "model": model,
        "threshold": threshold,
        "features": list(FEATURES),
        "event_features": list(EVENT_FEATURES[1:]),
        "events": [
            {
                "event": p.event,
                "labels": p.labels.tolist(),
                "local": np.round(p.local, 6).tolist(),
                "context": np.round(p.context, 6).tolist(),
            }
            for p in pairs
        ],
    }
    return json.dumps(data, indent=None, sort_keys=True) + "\n"


@dataclass(frozen=True)
class StoredPairs:
    pairs: tuple[EventPairs, ...]
    model: str
    threshold: float


def load_pairs(path: Path) -> StoredPairs:
    """Read a file written by `compare eval --write-event-pairs`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CalibrationError(f"{path}: cannot be read ({getattr(error, 'strerror', None) or error})") from None
    return pairs_from_json(text, source=path.as_posix())


def pairs_from_json(text: str, *, source: str) -> StoredPairs:
    try:
        data = json.loads(text)
        if data.get("features") != list(FEATURES) or data.get("event_features") != list(EVENT_FEATURES[1:]):
            raise CalibrationError(
                f"{source}: event pairs were made for other features; re-make them with this version"
            )
        pairs = tuple(
            EventPairs(
                str(e["event"]),
                np.asarray(e["labels"], dtype=np.int64),
                np.asarray(e["local"], dtype=np.float64).reshape(-1, len(FEATURES)),
                np.asarray(e["context"], dtype=np.float64).reshape(-1, len(EVENT_FEATURES) - 1),
            )
            for e in data["events"]
        )
        return StoredPairs(pairs, str(data["model"]), float(data["threshold"]))
    except CalibrationError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise CalibrationError(f"{source}: not an event-pairs file ({error})") from None
