"""`compare calibrate`: fit the same-claim decision on labelled sentence pairs.

Input is a TSV of (label, sentence, sentence), with a `label<TAB>sentence_1<TAB>sentence_2` header
or none, or the Microsoft Research Paraphrase Corpus layout
(`Quality<TAB>#1 ID<TAB>#2 ID<TAB>#1 String<TAB>#2 String`). The fit is a logistic regression over
match.FEATURES; the probability threshold is the one with the best cross-validated F1 on the
training pairs. The two baselines `compare eval` prints (cosine alone, TF-IDF cosine alone) get
their thresholds fitted on the same pairs, so the comparison is like for like.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from compare.embed import Embedder
from compare.errors import CalibrationError
from compare.eventfit import StoredPairs, fit_event_stage
from compare.match import FEATURES, Calibration, PairFeatures, pair_features, sentence_terms

MRPC_HEADER = ["Quality", "#1 ID", "#2 ID", "#1 String", "#2 String"]
SIMPLE_HEADER = ["label", "sentence_1", "sentence_2"]


@dataclass(frozen=True)
class LabelledPair:
    label: int  # 1: the sentences carry the same claim (or are paraphrases); 0: they do not
    first: str
    second: str


@dataclass(frozen=True)
class Scores:
    accuracy: float
    precision: float
    recall: float
    f1: float
    pairs: int


@dataclass(frozen=True)
class CalibrationResult:
    calibration: Calibration
    training: dict[str, Scores]  # method -> cross-validated scores on the training pairs
    held_out: dict[str, Scores]  # method -> scores on the --evaluate pairs (empty without)


CALIBRATED = "calibrated (all features)"
COSINE = "cosine threshold"
TFIDF = "tf-idf cosine threshold"


def read_pairs(path: Path) -> list[LabelledPair]:
    """Read labelled pairs; a malformed line raises CalibrationError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CalibrationError(f"{path}: cannot be read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise CalibrationError(f"{path}: not UTF-8 text") from None
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    if not rows:
        raise CalibrationError(f"{path}: no pairs")
    header = [cell.strip() for cell in rows[0]]
    mrpc = header == MRPC_HEADER
    start = 1 if mrpc or [h.lower() for h in header] == SIMPLE_HEADER else 0
    pairs = []
    for number, row in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in row):
            continue
        cells = [row[0], row[3], row[4]] if mrpc and len(row) == 5 else row
        if len(cells) != 3 or (mrpc and len(row) != 5):
            expected = (
                "5 tab-separated fields (MRPC layout)" if mrpc else "3 tab-separated fields: label, sentence, sentence"
            )
            raise CalibrationError(f"{path}:{number}: expected {expected}, found {len(row)}")
        label, first, second = (cell.strip() for cell in cells)
        if label not in {"0", "1"}:
            raise CalibrationError(f"{path}:{number}: label must be 0 or 1, not {label!r}")
        if not first or not second:
            raise CalibrationError(f"{path}:{number}: empty sentence")
        pairs.append(LabelledPair(int(label), first, second))
    if len(pairs) < 2 or len({p.label for p in pairs}) < 2:
        raise CalibrationError(f"{path}: need labelled pairs of both classes (0 and 1)")
    return pairs


def features_for(pairs: Sequence[LabelledPair], *, embedder: Embedder) -> PairFeatures:
    """Pair features, computed exactly as alignment computes them within an event."""
    texts = list(dict.fromkeys(t for p in pairs for t in (p.first, p.second)))
    index = {text: i for i, text in enumerate(texts)}
    vectors = embedder.embed(texts)
    terms = sentence_terms(texts)
    left = np.array([index[p.first] for p in pairs])
    right = np.array([index[p.second] for p in pairs])
    return pair_features(vectors=vectors, terms=terms, left=left, right=right)


def tfidf_scores(pairs: Sequence[LabelledPair], *, fit_on: Sequence[str]) -> np.ndarray:
    from compare.evaluate import tfidf_vectorizer  # the same baseline `compare eval` runs

    vectorizer = tfidf_vectorizer(fit_on)
    first = vectorizer.transform([p.first for p in pairs])
    second = vectorizer.transform([p.second for p in pairs])
    return np.asarray(first.multiply(second).sum(axis=1)).ravel()


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> float:
    """The score threshold with the highest F1 (ties: the higher threshold)."""
    best, best_f1 = 0.5, -1.0
    for candidate in np.unique(np.round(scores, 4)):
        f1 = _scores(scores >= candidate, labels).f1
        if f1 >= best_f1:
            best, best_f1 = float(candidate), f1
    return best


def fit(
    train: Sequence[LabelledPair],
    *,
    embedder: Embedder,
    source: str,
    held_out: Sequence[LabelledPair] = (),
    folds: int = 5,
    event_pairs: StoredPairs | None = None,
    event_pairs_source: str = "",
) -> CalibrationResult:
    """Fit the first stage on `train`; with `event_pairs` (from `compare eval --write-event-pairs`),
    also the event stage, at the merge threshold chosen when those pairs were written."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    labels = np.array([p.label for p in train])
    features = features_for(train, embedder=embedder).values
    # sklearn's default regularisation. Weaker regularisation scores better on the labelled pairs
    # by learning how they were sampled (hard negatives picked for high word overlap, positives
    # that pack extra claims), and that ranks pairs inside one event worse.
    model = LogisticRegression(C=1.0, max_iter=1000)
    splitter = StratifiedKFold(n_splits=min(folds, int(np.bincount(labels).min())), shuffle=True, random_state=0)
    cross_validated = cross_val_predict(model, features, labels, cv=splitter, method="predict_proba")[:, 1]
    threshold = min(max(best_threshold(cross_validated, labels), 0.05), 0.95)
    model.fit(features, labels)

    train_texts = [t for p in train for t in (p.first, p.second)]
    train_tfidf = tfidf_scores(train, fit_on=train_texts)
    cosine_threshold = best_threshold(features[:, 0], labels)
    tfidf_threshold = best_threshold(train_tfidf, labels)
    calibration = Calibration(
        weights=tuple(round(float(w), 6) for w in model.coef_[0]),
        bias=round(float(model.intercept_[0]), 6),
        threshold=round(threshold, 4),
        features=FEATURES,
        model=embedder.identity,
        trained_on=f"{source} ({len(train)} pairs)",
        notes={"cosine_threshold": round(cosine_threshold, 4), "tfidf_threshold": round(tfidf_threshold, 4)},
    )
    if event_pairs is not None:
        if event_pairs.model != embedder.identity:
            raise CalibrationError(
                f"{event_pairs_source}: event pairs were made with model {event_pairs.model}, not {embedder.identity}"
            )
        stage = fit_event_stage(
            event_pairs.pairs, calibration=calibration, threshold=event_pairs.threshold, source=event_pairs_source
        )
        calibration = replace(calibration, event_stage=stage)
    training = {
        CALIBRATED: _scores(cross_validated >= threshold, labels),
        COSINE: _scores(features[:, 0] >= cosine_threshold, labels),
        TFIDF: _scores(train_tfidf >= tfidf_threshold, labels),
    }
    evaluated: dict[str, Scores] = {}
    if held_out:
        evaluated = evaluate_pairs(held_out, calibration=calibration, embedder=embedder, tfidf_fit_on=train_texts)
    return CalibrationResult(calibration, training, evaluated)


def evaluate_pairs(
    pairs: Sequence[LabelledPair], *, calibration: Calibration, embedder: Embedder, tfidf_fit_on: Sequence[str]
) -> dict[str, Scores]:
    labels = np.array([p.label for p in pairs])
    features = features_for(pairs, embedder=embedder)
    cosine_threshold = float(calibration.notes.get("cosine_threshold", 0.7))  # type: ignore[arg-type]
    tfidf_threshold = float(calibration.notes.get("tfidf_threshold", 0.3))  # type: ignore[arg-type]
    return {
        CALIBRATED: _scores(calibration.probability(features) >= calibration.threshold, labels),
        COSINE: _scores(features.values[:, 0] >= cosine_threshold, labels),
        TFIDF: _scores(tfidf_scores(pairs, fit_on=tfidf_fit_on) >= tfidf_threshold, labels),
    }


def _scores(predicted: np.ndarray, labels: np.ndarray) -> Scores:
    predicted = predicted.astype(bool)
    truth = labels.astype(bool)
    tp = int(np.sum(predicted & truth))
    fp = int(np.sum(predicted & ~truth))
    fn = int(np.sum(~predicted & truth))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        accuracy=float(np.mean(predicted == truth)) if len(truth) else 0.0,
        precision=precision,
        recall=recall,
        f1=f1,
        pairs=len(truth),
    )
