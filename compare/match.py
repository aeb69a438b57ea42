"""Do two sentences carry the same claim? Pair features and the calibrated decision.

Embedding cosine alone confuses "same topic" with "same claim" and misses paraphrases that change
numbers or attribution. The decision here combines it with lexical evidence that is robust to those
changes: content-word overlap with attribution words removed, overlap measured against the shorter
sentence (a news sentence often packs a readout sentence plus context), the same overlap over the
words that are not names (inside one event every sentence names the same people; what differs
between claims is what is said of them), and shared numbers and names. A logistic model over these
features is fitted by `compare calibrate` on labelled pairs; the shipped calibration lives in
compare/data/calibration.json and is rebuilt by `make calibration`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from scipy import sparse

from compare.errors import CalibrationError
from compare.text import DATE_WORDS as _DATE_WORDS
from compare.text import NUMBER_WORDS, SCALE_WORDS
from compare.text import STOP_WORDS as STOP_WORDS  # re-exported: check.py imports it from here
from compare.text import stem as stem  # re-exported: check.py imports it from here
from compare.tokens import TokenVectors, token_coverage

FEATURES = (
    "cosine",
    "dice",
    "containment",
    "idf_containment",
    "shared_numbers",
    "shared_names",
    "predicate_containment",
)

_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*|\d[\d,.]*\d|\d")
# The counting words the shipped calibration was fitted with: compare.text has more ("thirty"),
# and using them here would change the features of pairs it was fitted on. Refit before widening.
_NUMBER_WORDS = {word: str(value) for word, value in NUMBER_WORDS.items() if value <= 12 or value == 100} | {
    word: str(int(value)) for word, value in SCALE_WORDS.items() if value <= 1e9
}


@dataclass(frozen=True)
class _Tokens:
    words: list[tuple[str, bool]]  # (stem, is a content word) in order: compound joining needs both
    numbers: set[str]
    capitalised: set[str]  # stems of capitalised words not at the start of the sentence


@lru_cache(maxsize=1 << 14)  # read-only result: a sentence is tokenised once per run
def _tokens(text: str) -> _Tokens:
    words: list[tuple[str, bool]] = []
    numbers: set[str] = set()
    capitalised: set[str] = set()
    for position, match in enumerate(_WORD.finditer(text)):
        token = match.group(0)
        if token[0].isdigit():
            numbers.add(token.replace(",", "").rstrip("."))
            continue
        for part in token.split("-"):  # "Afghan-led" ~ "Afghan led", "mutually-beneficial" ~ "mutually beneficial"
            lower = part.lower().replace("’", "'")
            if lower in _NUMBER_WORDS:
                numbers.add(_NUMBER_WORDS[lower])
                continue
            base = stem(part)
            if not base:
                continue
            content = not (lower in STOP_WORDS or base in STOP_WORDS or len(base) < 2)
            words.append((base, content))
            if content and position > 0 and part[:1].isupper() and lower not in _DATE_WORDS:
                capitalised.add(base)
    return _Tokens(words, numbers, capitalised)


@dataclass(frozen=True)
class Terms:
    """Comparable content of a group of sentences (an event, or a file of pairs).

    Terms are normalised across the group: two adjacent words whose concatenation is a word
    elsewhere in the group are joined ("draw down" ~ "drawdown"), and a word is mapped to a shorter
    word of the group that it extends ("Afghanistan" ~ "Afghan", "discussion" ~ "discuss").
    Inverse document frequencies are counted over the group's sentences.
    """

    content: sparse.csr_matrix  # sentence x term, binary
    idf: np.ndarray  # per term
    predicate: sparse.csr_matrix  # the content terms that are not names: what is said rather than of whom
    predicate_idf: np.ndarray
    numbers: sparse.csr_matrix
    names: sparse.csr_matrix
    phrases: sparse.csr_matrix  # sentence x word 4-gram: a run of words quoted or copied from another source

    def __len__(self) -> int:
        return int(self.content.shape[0])


MIN_PREFIX = 5  # "secur" ~ "security"/"secure"; shorter prefixes conflate too much ("part"/"partner")


def sentence_terms(texts: Sequence[str]) -> Terms:
    tokens = [_tokens(text) for text in texts]
    vocabulary = {word for t in tokens for word, content in t.words if content}
    canonical = _canonical_forms(vocabulary)
    content_sets: list[set[str]] = []
    name_sets: list[set[str]] = []
    for t in tokens:
        joined = _join_compounds(t.words, vocabulary)
        content_sets.append({canonical.get(word, word) for word in joined})
        name_sets.append({canonical.get(word, word) for word in t.capitalised})
    content, columns = _incidence(content_sets)
    document_frequency = np.asarray(content.sum(axis=0)).ravel()
    idf = np.log((len(texts) + 1) / (document_frequency + 1)) + 1.0
    # A word capitalised anywhere in the group is a name everywhere, also at a sentence's start.
    names = {word for found in name_sets for word in found}
    is_name = np.zeros(content.shape[1], dtype=bool)
    for word, column in columns.items():
        is_name[column] = word in names
    return Terms(
        content=content,
        idf=idf,
        predicate=content[:, np.flatnonzero(~is_name)].tocsr(),
        predicate_idf=idf[~is_name],
        numbers=_incidence([t.numbers for t in tokens])[0],
        names=_incidence(name_sets)[0],
        phrases=_incidence([_phrases(text) for text in texts])[0],
    )


PHRASE_WORDS = 4  # four words in a row, in both sentences: one copied the other, or both quote a third


def _phrases(text: str) -> set[str]:
    words = [stem(w) for w in _PHRASE_WORD.findall(text)]
    return {" ".join(words[k : k + PHRASE_WORDS]) for k in range(len(words) - PHRASE_WORDS + 1)}


_PHRASE_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")


def _join_compounds(words: list[tuple[str, bool]], vocabulary: set[str]) -> list[str]:
    """Content words, with adjacent words joined where the group spells them as one ("draw down")."""
    joined: list[str] = []
    index = 0
    while index < len(words):
        if index + 1 < len(words) and words[index][0] + words[index + 1][0] in vocabulary:
            joined.append(words[index][0] + words[index + 1][0])
            index += 2
            continue
        word, content = words[index]
        if content:
            joined.append(word)
        index += 1
    return joined


def _canonical_forms(vocabulary: set[str]) -> dict[str, str]:
    canonical = {}
    for word in vocabulary:
        for length in range(MIN_PREFIX, len(word)):
            if word[:length] in vocabulary:
                canonical[word] = word[:length]
                break
    return canonical


@dataclass(frozen=True)
class PairFeatures:
    """One row per sentence pair, one column per name in FEATURES."""

    values: np.ndarray  # shape (pairs, len(FEATURES))


_CHUNK = 1 << 16  # pairs per step: bounds the memory of the row-wise products


# When the pairs wanted are at least this share of all pairs (a densely scored event), one matrix
# product is cheaper than gathering rows pair by pair.
_GRAM_SHARE = 0.25


def _rowwise_dot(first: np.ndarray, second: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """first[left[k]] · second[right[k]] for every k, in float64 either way, so both ways agree."""
    if len(left) >= _GRAM_SHARE * len(first) * len(second):
        gram = first.astype(np.float64) @ second.astype(np.float64).T
        return np.asarray(gram[left, right])
    result = np.empty(len(left), dtype=np.float64)
    for start in range(0, len(left), _CHUNK):
        rows = slice(start, start + _CHUNK)
        pairs_left = first[left[rows]].astype(np.float64)
        result[rows] = np.einsum("ij,ij->i", pairs_left, second[right[rows]].astype(np.float64))
    return result


def pair_features(*, vectors: np.ndarray, terms: Terms, left: np.ndarray, right: np.ndarray) -> PairFeatures:
    """Features of the pairs (left[k], right[k]) of sentences indexed into `vectors`/`terms`."""
    if len(left) == 0:
        return PairFeatures(np.zeros((0, len(FEATURES)), dtype=np.float64))
    cosine = _rowwise_dot(vectors, vectors, left, right)
    shared, size_left, size_right = _overlap(terms.content, left, right)
    dice = _ratio(2 * shared, size_left + size_right)
    containment = _ratio(shared, np.minimum(size_left, size_right))
    idf_containment = _idf_containment(terms.content, terms.idf, left, right)
    shared_numbers = np.minimum(_overlap(terms.numbers, left, right)[0], 2.0) / 2.0
    names_shared, names_left, names_right = _overlap(terms.names, left, right)
    shared_names = _ratio(names_shared, np.minimum(names_left, names_right))
    # Within one event every sentence names the same people and places; the claim is in the rest.
    predicate_containment = _idf_containment(terms.predicate, terms.predicate_idf, left, right)
    return PairFeatures(
        np.column_stack(
            [cosine, dice, containment, idf_containment, shared_numbers, shared_names, predicate_containment]
        )
    )


def _idf_containment(matrix: sparse.csr_matrix, idf: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Share of the rarer-word weight of the lighter sentence that the other sentence also has."""
    weighted = matrix.multiply(idf[np.newaxis, :]).tocsr()
    shared = np.asarray(weighted[left].multiply(matrix[right]).sum(axis=1)).ravel()
    total = np.asarray(weighted.sum(axis=1)).ravel()
    return _ratio(shared, np.minimum(total[left], total[right]))


def _ratio(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    result: np.ndarray = np.divide(
        numerator, denominator, out=np.zeros_like(numerator, dtype=np.float64), where=denominator > 0
    )
    return result


def _incidence(sets: Sequence[set[str] | frozenset[str]]) -> tuple[sparse.csr_matrix, dict[str, int]]:
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for row, items in enumerate(sets):
        for item in sorted(items):
            rows.append(row)
            cols.append(vocabulary.setdefault(item, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float64)
    matrix = sparse.csr_matrix((data, (rows, cols)), shape=(len(sets), max(1, len(vocabulary))))
    return matrix, vocabulary


def _overlap(
    matrix: sparse.csr_matrix, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    sizes = np.asarray(matrix.sum(axis=1)).ravel()
    shared = np.asarray(matrix[left].multiply(matrix[right]).sum(axis=1)).ravel()
    return shared, sizes[left], sizes[right]


# The second stage reads a pair inside its event. All sentences of an event name the same people and
# topics, so a cosine that is high in general can be ordinary there: what counts is how far the pair
# stands out from each sentence's similarity to the rest of the event (its z-score), whether the
# two share a run of words (one quotes or copies the other), and how fully the model's token
# vectors of one cover the other's (compare.tokens: a readout point inside a longer news sentence).
EVENT_FEATURES = ("probability", "shared_phrases", "cosine_z", "token_coverage")


@dataclass(frozen=True)
class EventStage:
    """A logistic model over EVENT_FEATURES, fitted on gold alignments of real events.

    Its inputs are the first stage's probability and evidence from the event around the pair; its
    `threshold` is the mean probability at which alignment merges sentences into one claim.
    """

    weights: tuple[float, ...]
    bias: float
    threshold: float
    trained_on: str = ""

    def probability(self, features: np.ndarray) -> np.ndarray:
        logits = features @ np.asarray(self.weights) + self.bias
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return probabilities


@dataclass(frozen=True)
class Calibration:
    """A fitted same-claim decision: logistic weights over FEATURES and a probability threshold.

    With an `event_stage`, alignment re-scores each pair inside its event (EventStage).
    """

    weights: tuple[float, ...]
    bias: float
    threshold: float = 0.5
    features: tuple[str, ...] = FEATURES
    model: str = ""  # embedding model the cosine feature was fitted with
    trained_on: str = ""
    notes: dict[str, object] = field(default_factory=dict)
    event_stage: EventStage | None = None

    def probability(self, features: PairFeatures) -> np.ndarray:
        logits = features.values @ np.asarray(self.weights) + self.bias
        probabilities: np.ndarray = 1.0 / (1.0 + np.exp(-logits))
        return probabilities

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str, *, source: str) -> Calibration:
        try:
            data = json.loads(text)
            if not isinstance(data, dict):
                raise TypeError("expected a JSON object")
            calibration = cls(
                weights=tuple(float(w) for w in data["weights"]),
                bias=float(data["bias"]),
                threshold=float(data.get("threshold", 0.5)),
                features=tuple(data.get("features", FEATURES)),
                model=str(data.get("model", "")),
                trained_on=str(data.get("trained_on", "")),
                notes=dict(data.get("notes", {})),
                event_stage=_event_stage(data.get("event_stage")),
            )
        except (ValueError, KeyError, TypeError) as error:
            raise CalibrationError(f"{source}: not a calibration file ({error})") from None
        if calibration.features != FEATURES or len(calibration.weights) != len(FEATURES):
            raise CalibrationError(
                f"{source}: calibration is for features {list(calibration.features)}, "
                f"this version uses {list(FEATURES)}; re-run `compare calibrate`"
            )
        numbers = (*calibration.weights, calibration.bias)
        thresholds = [calibration.threshold]
        stage = calibration.event_stage
        if stage is not None:
            if len(stage.weights) != len(EVENT_FEATURES):
                raise CalibrationError(
                    f"{source}: the event stage is for {len(stage.weights)} features, "
                    f"this version uses {list(EVENT_FEATURES)}; re-run `compare calibrate`"
                )
            numbers += (*stage.weights, stage.bias)
            thresholds.append(stage.threshold)
        if not all(math.isfinite(w) for w in numbers) or not all(0 < t < 1 for t in thresholds):
            raise CalibrationError(f"{source}: calibration weights must be finite and the threshold between 0 and 1")
        return calibration


def _event_stage(data: object) -> EventStage | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise TypeError("event_stage must be a JSON object")
    return EventStage(
        weights=tuple(float(w) for w in data["weights"]),
        bias=float(data["bias"]),
        threshold=float(data["threshold"]),
        trained_on=str(data.get("trained_on", "")),
    )


def event_features(
    *,
    probability: np.ndarray,
    vectors: np.ndarray,
    tokens: Sequence[TokenVectors],
    documents: np.ndarray,
    terms: Terms,
    left: np.ndarray,
    right: np.ndarray,
) -> np.ndarray:
    """EVENT_FEATURES of the pairs (left[k], right[k]) of one event's units, one row per pair."""
    shared = _overlap(terms.phrases, left, right)[0] if len(left) else np.zeros(0)
    shared_phrases = np.minimum(shared, 5.0) / 5.0
    mean, spread = _cosine_background(vectors, documents)
    cosine = _rowwise_dot(vectors, vectors, left, right)
    cosine_z = ((cosine - mean[left]) / spread[left] + (cosine - mean[right]) / spread[right]) / 2
    coverage = token_coverage(tokens=tokens, documents=documents, left=left, right=right)
    return np.column_stack([probability, shared_phrases, cosine_z, coverage])


def _cosine_background(vectors: np.ndarray, documents: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per unit: mean and standard deviation of its cosine with every unit of the other documents.

    From the sums of vectors and of their outer products, per document and overall, so the cost is
    linear in the number of units (no unit-by-unit matrix).
    """
    count = len(documents)
    mean = np.zeros(count)
    spread = np.ones(count)
    if count == 0:
        return mean, spread
    data = vectors.astype(np.float64, copy=False)
    total_sum = data.sum(axis=0)
    total_outer = data.T @ data
    for document in np.unique(documents):
        rows = np.flatnonzero(documents == document)
        others = count - len(rows)
        if others == 0:
            continue
        own = data[rows]
        other_sum = total_sum - own.sum(axis=0)
        other_outer = total_outer - own.T @ own
        first = own @ other_sum / others
        second = ((own @ other_outer) * own).sum(axis=1) / others  # the diagonal of own·outer·ownᵀ, by BLAS
        mean[rows] = first
        spread[rows] = np.sqrt(np.maximum(second - first**2, 0.0)) + 1e-3
    return mean, spread


@lru_cache(maxsize=1)
def default_calibration() -> Calibration:
    text = resources.files("compare").joinpath("data/calibration.json").read_text(encoding="utf-8")
    return Calibration.from_json(text, source="compare/data/calibration.json")


def load_calibration(path: Path | None) -> Calibration:
    if path is None:
        return default_calibration()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise CalibrationError(f"{path}: cannot be read ({error.strerror or error})") from None
    return Calibration.from_json(text, source=str(path))
