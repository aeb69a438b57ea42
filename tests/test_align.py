"""Constrained average-linkage clustering of units into claims, and partial mentions."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from compare.align import MAX_PARTIAL_CLAIMS, Unit, _fold_redundant_claims, align_event, cluster
from compare.match import FEATURES, Calibration
from compare.model import Claim, Mention, Sentence


def symmetric(size: int, links: dict[tuple[int, int], float], *, background: float = 0.0) -> np.ndarray:
    matrix = np.full((size, size), background)
    for (i, j), value in links.items():
        matrix[i, j] = matrix[j, i] = value
    return matrix


def test_two_units_of_one_document_never_share_a_claim() -> None:
    # b is close to both a and a2, which come from the same document.
    probabilities = symmetric(3, {(0, 1): 0.95, (1, 2): 0.9, (0, 2): 0.99})
    groups = cluster(probabilities=probabilities, documents=["a", "b", "a"], threshold=0.5)
    assert sorted(groups) == [[0, 1], [2]]


def test_average_linkage_does_not_chain_a_b_c() -> None:
    # A~B and B~C are strong, A~C is not: single-link chaining would make one claim of all three.
    probabilities = symmetric(3, {(0, 1): 0.9, (1, 2): 0.85, (0, 2): 0.1})
    groups = cluster(probabilities=probabilities, documents=["a", "b", "c"], threshold=0.7)
    assert sorted(groups) == [[0, 1], [2]]


def test_groups_merge_while_their_mean_probability_stays_above_the_threshold() -> None:
    probabilities = symmetric(3, {(0, 1): 0.9, (1, 2): 0.8, (0, 2): 0.7})
    assert cluster(probabilities=probabilities, documents=["a", "b", "c"], threshold=0.7) == [[0, 1, 2]]
    assert sorted(cluster(probabilities=probabilities, documents=["a", "b", "c"], threshold=0.95)) == [[0], [1], [2]]


def test_nothing_to_cluster() -> None:
    assert cluster(probabilities=np.zeros((0, 0)), documents=[], threshold=0.7) == []


# An event in four directions of meaning: the call, topic X, topic Y, and something unrelated.
CALL, TOPIC_X, TOPIC_Y, OTHER = np.eye(4, dtype=np.float32)


def _unit_vector(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


def _cosine_only(weight: float = 20.0, bias: float = -15.0) -> Calibration:
    """p = sigmoid(20 cos - 15): about 0.99 for cos 1, 0.03 for cos 0.58, 0 for cos 0."""
    return Calibration(weights=(weight,) + (0.0,) * (len(FEATURES) - 1), bias=bias)


def _align(
    sentences: list[Sentence], units: list[Unit], vectors: np.ndarray, *, calibration: Calibration | None = None
) -> list[Claim]:
    """align_event at 0.7 for merging and for partial mentions."""
    return list(
        align_event(
            sentences=sentences,
            units=units,
            vectors=vectors,
            calibration=calibration or _cosine_only(),
            threshold=0.7,
            partial_threshold=0.7,
        )
    )


def test_a_packed_sentence_joins_each_claim_through_its_parts_and_a_restatement_joins_too() -> None:
    sentences = [
        Sentence("readout", 0, "The ministers held a call.", 1),
        Sentence("readout", 1, "They discussed topic X.", 2),
        Sentence("readout", 2, "They discussed topic Y.", 3),
        Sentence("news", 0, "The ministers held a call to discuss topic X and topic Y.", 1),
        Sentence("news", 1, "Something else happened.", 2),
        Sentence("news", 2, "Topic Y was on the agenda too.", 3),
    ]
    units = [
        Unit(0, None, sentences[0].text, "readout"),
        Unit(1, None, sentences[1].text, "readout"),
        Unit(2, None, sentences[2].text, "readout"),
        Unit(3, None, sentences[3].text, "news"),
        Unit(3, 0, "The ministers held a call", "news"),
        Unit(3, 1, "topic X", "news"),
        Unit(3, 2, "topic Y", "news"),
        Unit(4, None, sentences[4].text, "news"),
        Unit(5, None, sentences[5].text, "news"),
    ]
    vectors = np.stack(
        [CALL, TOPIC_X, TOPIC_Y, _unit_vector(CALL + TOPIC_X + TOPIC_Y), CALL, TOPIC_X, TOPIC_Y, OTHER, TOPIC_Y]
    )
    claims = _align(sentences, units, vectors)
    as_sets = [{(m.document, m.sentence, m.partial) for m in claim.mentions} for claim in claims]
    assert {("readout", 0, False), ("news", 0, True)} in as_sets
    assert {("readout", 1, False), ("news", 0, True)} in as_sets
    # The news article restates topic Y in a second sentence, which carries the claim in full.
    assert {("readout", 2, False), ("news", 0, True), ("news", 2, False)} in as_sets
    assert {("news", 1, False)} in as_sets
    # Every sentence is a mention of some claim, and the packed sentence never stands alone.
    assert {(d, i) for claim in as_sets for d, i, _ in claim} == {(s.document, s.index) for s in sentences}
    assert {("news", 0, False)} not in as_sets
    parts = {m.part for claim in claims for m in claim.mentions if m.part}
    assert parts == {"The ministers held a call", "topic X", "topic Y"}


def test_a_generic_sentence_joins_only_its_strongest_few_claims_as_a_partial_mention() -> None:
    # Ten readout sentences that differ by a detail, and one news sentence close to all of them:
    # it makes one claim with its best match and is a partial mention of at most a few others.
    count = 10
    readout = [Sentence("readout", i, f"Delegation {i} met the minister.", i + 1) for i in range(count)]
    news = Sentence("news", 0, "A delegation met the minister.", 1)
    sentences = [*readout, news]
    units = [Unit(i, None, s.text, s.document) for i, s in enumerate(sentences)]
    rng = np.random.default_rng(0)
    shared = rng.normal(size=64)
    vectors = np.stack([shared + 0.3 * rng.normal(size=64) for _ in readout] + [shared])
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    claims = _align(sentences, units, vectors, calibration=_cosine_only(weight=20.0, bias=-17.0))
    carrying = [c for c in claims if "news" in c.documents]
    assert sum(not m.partial for c in carrying for m in c.mentions if m.document == "news") == 1
    assert len(carrying) == 1 + MAX_PARTIAL_CLAIMS
    assert {(s.document, s.index) for s in sentences} == {(m.document, m.sentence) for c in claims for m in c.mentions}


def test_claims_come_in_reading_order_with_sequential_ids() -> None:
    sentences = [
        Sentence("readout", 0, "Alpha.", 1),
        Sentence("readout", 1, "Beta.", 2),
        Sentence("news", 0, "Beta again.", 1),
    ]
    units = [Unit(i, None, s.text, s.document) for i, s in enumerate(sentences)]
    vectors = np.stack([CALL, TOPIC_X, TOPIC_X])
    claims = _align(sentences, units, vectors)
    assert [c.id for c in claims] == ["c01", "c02"]
    assert [[(m.document, m.sentence) for m in c.mentions] for c in claims] == [
        [("readout", 0)],
        [("readout", 1), ("news", 0)],
    ]


def test_two_packed_sentences_align_through_their_parts_not_as_wholes() -> None:
    # Both news sentences pack the call and topic X; their wholes are alike, but a claim of the
    # two wholes would only repeat the claims their parts make.
    sentences = [
        Sentence("readout", 0, "The ministers held a call.", 1),
        Sentence("news", 0, "The ministers held a call to discuss topic X.", 1),
        Sentence("wire", 0, "The ministers held a call to discuss topic X.", 1),
    ]
    units = [
        Unit(0, None, sentences[0].text, "readout"),
        Unit(1, None, sentences[1].text, "news"),
        Unit(1, 0, "The ministers held a call", "news"),
        Unit(1, 1, "topic X", "news"),
        Unit(2, None, sentences[2].text, "wire"),
        Unit(2, 0, "The ministers held a call", "wire"),
        Unit(2, 1, "topic X", "wire"),
    ]
    packed = _unit_vector(CALL + TOPIC_X)
    vectors = np.stack([CALL, packed, CALL, TOPIC_X, packed, _unit_vector(CALL + 0.1 * OTHER), TOPIC_X])
    claims = _align(sentences, units, vectors)
    as_sets = [{(m.document, m.partial, m.part) for m in claim.mentions} for claim in claims]
    assert as_sets == [
        {
            ("readout", False, None),
            ("news", True, "The ministers held a call"),
            ("wire", True, "The ministers held a call"),
        },
        {("news", True, "topic X"), ("wire", True, "topic X")},
    ]


# ------------------------------------------------------------------------- large events (sparse)

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from scipy import sparse  # noqa: E402

from compare.align import nearest_pairs  # noqa: E402
from compare.match import default_calibration, sentence_terms  # noqa: E402


@settings(max_examples=80, deadline=None)
@given(
    size=st.integers(min_value=1, max_value=14),
    seed=st.integers(min_value=0, max_value=10_000),
    threshold=st.sampled_from([0.3, 0.5, 0.7]),
)
def test_sparse_clustering_equals_dense_when_every_pair_is_scored(size: int, seed: int, threshold: float) -> None:
    rng = np.random.default_rng(seed)
    documents = [f"d{d}" for d in rng.integers(0, 4, size)]
    scores = rng.random((size, size))
    scores = (scores + scores.T) / 2
    same = np.array(documents)[:, None] == np.array(documents)[None, :]
    scores[same] = -1.0
    dense = cluster(probabilities=scores, documents=documents, threshold=threshold)
    as_sparse = cluster(
        probabilities=sparse.csr_matrix(np.where(same, 0.0, scores)), documents=documents, threshold=threshold
    )
    assert sorted(dense) == sorted(as_sparse)


def test_nearest_pairs_links_each_unit_to_its_closest_unit_elsewhere() -> None:
    vectors = np.array([[1, 0], [0.99, 0.1], [0, 1], [0.1, 0.99], [0.98, 0.2]], dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    documents = np.array(["a", "a", "b", "b", "c"])
    left, right = nearest_pairs(vectors=vectors, documents=documents, neighbours=1)
    pairs = set(zip(left.tolist(), right.tolist(), strict=True))
    assert all(documents[i] != documents[j] and i < j for i, j in pairs)
    assert (0, 4) in pairs  # 0's nearest outside document a is 4
    assert (2, 4) in pairs or (3, 4) in pairs or (1, 4) in pairs


def test_a_large_event_is_scored_sparsely_and_still_aligns(monkeypatch: pytest.MonkeyPatch) -> None:
    from compare import align

    monkeypatch.setattr(align, "DENSE_LIMIT", 4)
    vectors = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 1, 2]]
    documents = ["a", "a", "a", "b", "b", "b"]
    groups = cluster(
        probabilities=align.pair_probabilities(
            documents=documents,
            vectors=vectors,
            terms=sentence_terms(["x one", "y two", "z three", "x one", "y two", "z three"]),
            # The first stage alone: three identical pairs say nothing about an event around them.
            calibration=replace(default_calibration(), event_stage=None),
        ),
        documents=documents,
        threshold=0.5,
    )
    assert sorted(groups) == [[0, 3], [1, 4], [2, 5]]


@pytest.mark.parametrize("dense_limit", [1_000, 2])
def test_a_sentence_about_another_contact_joins_no_other_source(
    monkeypatch: pytest.MonkeyPatch, dense_limit: int
) -> None:
    from compare import align

    monkeypatch.setattr(align, "DENSE_LIMIT", dense_limit)  # both the dense and the sparse path
    sentences = [
        Sentence("readout", 0, "They agreed to reopen the port.", 1),
        Sentence("roundup", 0, "They agreed to reopen the port.", 1),
        Sentence("roundup", 1, "The defence ministers also agreed to reopen the port.", 2),
    ]
    units = [Unit(i, None, s.text, s.document) for i, s in enumerate(sentences)]
    vectors = np.stack([_unit_vector(TOPIC_X)] * 3)

    def documents_of_claims(apart: list[int]) -> list[list[tuple[str, int]]]:
        claims = align_event(
            sentences=sentences,
            units=units,
            vectors=vectors,
            calibration=_cosine_only(),
            threshold=0.7,
            partial_threshold=0.7,
            apart=apart,
        )
        return sorted([(m.document, m.sentence) for m in c.mentions] for c in claims)

    # Without it, the round-up's restatement joins the readout's claim too (in part).
    assert any(("roundup", 1) in c and ("readout", 0) in c for c in documents_of_claims([]))
    # The round-up's second sentence reports the defence ministers' call: it stays alone.
    assert documents_of_claims([2]) == [[("readout", 0), ("roundup", 0)], [("roundup", 1)]]


def test_sentences_about_another_contact_take_no_neighbour_s_place(monkeypatch: pytest.MonkeyPatch) -> None:
    from compare import align

    monkeypatch.setattr(align, "DENSE_LIMIT", 2)  # the sparse path, which scores only nearest neighbours
    rng = np.random.default_rng(0)
    base = _unit_vector(rng.normal(size=16))
    # A round-up's fourteen sentences on another call sit closer to both sources than they do to
    # each other: were they neighbours, they would fill every one of the twelve places.
    near = [_unit_vector(base + 0.05 * rng.normal(size=16)) for _ in range(2)]
    sentences = [Sentence("readout", 0, "They agreed to reopen the port.", 1), Sentence("news", 0, "Same.", 1)]
    sentences += [Sentence("roundup", i, f"The defence ministers agreed {i}.", i + 1) for i in range(14)]
    claims = align_event(
        sentences=sentences,
        units=[Unit(i, None, s.text, s.document) for i, s in enumerate(sentences)],
        vectors=np.stack(near + [base] * 14).astype(np.float32),
        calibration=_cosine_only(),
        threshold=0.7,
        partial_threshold=0.7,
        apart=range(2, 16),
    )
    assert [sorted(c.documents) for c in claims if len(c.documents) > 1] == [["news", "readout"]]


def test_two_claims_each_led_by_a_sentence_that_carries_the_other_in_part_are_one_claim() -> None:
    ispr_led = [Mention("ispr", 0), Mention("pentagon", 0, partial=True)]
    pentagon_led = [Mention("ispr", 0, partial=True), Mention("pentagon", 0), Mention("voa", 0, partial=True, part="x")]
    other = [Mention("voa", 1), Mention("rferl", 1)]
    folded = _fold_redundant_claims([ispr_led, pentagon_led, other])
    assert folded == [[Mention("ispr", 0), Mention("pentagon", 0), Mention("voa", 0, partial=True, part="x")], other]


def test_the_same_point_from_the_same_sources_through_a_part_and_a_whole_sentence_is_one_claim() -> None:
    whole = [Mention("pentagon", 1), Mention("voa", 0, partial=True, part="regional security")]
    parts = [
        Mention("pentagon", 1, partial=True, part="regional stability and security"),
        Mention("voa", 0, partial=True, part="regional security"),
    ]
    assert _fold_redundant_claims([whole, parts]) == [[Mention("pentagon", 1), parts[1]]]


def test_claims_that_only_overlap_are_not_folded() -> None:
    # ISPR's sentence carries only a part ("x") of the second claim, which VOA carries too.
    narrow = [Mention("ispr", 0), Mention("pentagon", 0, partial=True)]
    broad = [Mention("ispr", 0, partial=True, part="x"), Mention("pentagon", 0), Mention("voa", 0)]
    assert _fold_redundant_claims([narrow, broad]) == [narrow, broad]
    # Two different parts of one sentence are two different points.
    first = [Mention("ispr", 0, partial=True, part="x"), Mention("voa", 0)]
    second = [Mention("ispr", 0, partial=True, part="y"), Mention("voa", 0)]
    assert _fold_redundant_claims([first, second]) == [first, second]
    # A sentence that leads one claim but is only attached to the other as carrying it somewhere.
    own = [Mention("readout", 3), Mention("news", 0, partial=True)]
    news_led = [Mention("readout", 1), Mention("news", 0), Mention("readout", 3, partial=True)]
    assert _fold_redundant_claims([own, news_led]) == [own, news_led]
    # A claim of one source is what that source alone says: never folded away.
    alone = [Mention("ispr", 1)]
    holder = [Mention("ispr", 1, partial=True), Mention("pentagon", 1)]
    assert _fold_redundant_claims([alone, holder]) == [alone, holder]
