"""`compare eval` metrics on hand-made cases whose right numbers are known."""

from __future__ import annotations

import numpy as np
import pytest

from compare.evaluate import (
    PairScores,
    gold_pairs,
    grouping_purity,
    predicted_pairs,
    score_omissions,
    score_pairs,
    single_link,
)
from compare.gold import MappedClaim, SentenceKey


def key(document: str, index: int) -> SentenceKey:
    return SentenceKey(document, index)


A0, A1, B0, B1, C0 = key("a", 0), key("a", 1), key("b", 0), key("b", 1), key("c", 0)


def pair(first: SentenceKey, second: SentenceKey) -> frozenset[SentenceKey]:
    return frozenset((first, second))


def claim(name: str, members: set[SentenceKey], partial: set[SentenceKey] | None = None) -> MappedClaim:
    return MappedClaim(name, frozenset(members), frozenset(partial or set()))


def test_gold_pairs_are_cross_document_member_pairs_and_partials_are_tolerated() -> None:
    required, tolerated = gold_pairs([claim("x", {A0, A1, B0}, {C0})])
    assert required == {pair(A0, B0), pair(A1, B0)}  # a#0~a#1 is one document: not a pair
    assert tolerated == {pair(C0, A0), pair(C0, A1), pair(C0, B0)}


def test_a_pair_required_by_one_claim_is_not_also_tolerated() -> None:
    required, tolerated = gold_pairs([claim("x", {A0, B0}), claim("y", {A0}, {B0})])
    assert required == {pair(A0, B0)}
    assert tolerated == set()


def test_predicted_pairs_skip_same_document_and_deduplicate() -> None:
    assert predicted_pairs([[A0, A1, B0], [B0, A0]]) == {pair(A0, B0), pair(A1, B0)}
    assert predicted_pairs([[A0], [A0, A1]]) == set()


def test_score_pairs_counts_tolerated_pairs_neither_way() -> None:
    required = {pair(A0, B0), pair(A1, B1)}
    tolerated = {pair(A0, C0)}
    predicted = {pair(A0, B0), pair(A0, C0), pair(B0, C0)}
    scores = score_pairs(predicted, required, tolerated)
    assert scores == PairScores(true_positives=1, false_positives=1, false_negatives=1)
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(0.5)
    assert scores.f1 == pytest.approx(0.5)


def test_pair_scores_of_nothing_predicted_and_nothing_wanted() -> None:
    assert PairScores(0, 0, 0).precision == 1.0
    assert PairScores(0, 0, 0).recall == 1.0
    assert PairScores(0, 0, 3).f1 == 0.0
    assert PairScores(1, 2, 3) + PairScores(1, 1, 1) == PairScores(2, 3, 4)


def test_score_omissions_counts_single_source_sentences() -> None:
    gold = [claim("shared", {A0, B0}), claim("only-a", {A1}), claim("only-b", {B1}), claim("only-c", {C0})]
    # The system links a#0~b#0 (right) and b#1~c#0 (wrong): so it calls only a#1 single-source,
    # where the gold has a#1, b#1 and c#0.
    predicted = [[A0, B0], [A1], [B1, C0]]
    scores = score_omissions(predicted, gold, [A0, A1, B0, B1, C0])
    assert scores == PairScores(true_positives=1, false_positives=0, false_negatives=2)
    assert scores.recall == pytest.approx(1 / 3)


def test_score_omissions_counts_a_missed_link_as_a_false_omission() -> None:
    gold = [claim("shared", {A0, B0}), claim("only-a", {A1})]
    scores = score_omissions([[A0], [B0], [A1]], gold, [A0, A1, B0])
    assert scores == PairScores(true_positives=1, false_positives=2, false_negatives=0)


def test_score_omissions_leaves_out_sentences_that_are_only_partial_gold_members() -> None:
    gold = [claim("shared", {A0, B0}, {A1})]
    scores = score_omissions([[A0, B0], [A1]], gold, [A0, A1, B0])
    assert scores == PairScores(0, 0, 0)  # a#1 is only a partial member: not scored


def test_grouping_purity_of_a_perfect_and_a_lumped_grouping() -> None:
    gold = [["a", "b"], ["c"]]
    perfect = grouping_purity([["a", "b"], ["c"]], gold)
    assert (perfect.purity, perfect.inverse_purity) == (1.0, 1.0)
    lumped = grouping_purity([["a", "b", "c"]], gold)
    assert lumped.purity == pytest.approx(2 / 3)
    assert lumped.inverse_purity == 1.0
    assert (lumped.system_events, lumped.gold_events) == (1, 2)


def test_grouping_purity_counts_documents_outside_the_gold_as_events_of_their_own() -> None:
    result = grouping_purity([["a", "b"], ["x", "y"]], [["a", "b"]])
    assert result.gold_events == 3  # {a, b}, {x}, {y}
    assert result.purity == pytest.approx(3 / 4)
    assert result.inverse_purity == 1.0


def test_single_link_chains_and_never_links_within_a_document() -> None:
    similarity = np.array(
        [
            [1.0, 0.9, 0.1, 0.9],
            [0.9, 1.0, 0.8, 0.1],
            [0.1, 0.8, 1.0, 0.1],
            [0.9, 0.1, 0.1, 1.0],
        ]
    )
    documents = ["a", "b", "c", "a"]
    groups = sorted(sorted(g) for g in single_link(similarity, documents, 0.75))
    # 0~1~2 chain; 0~3 is one document, but 3 is not linked to anything else.
    assert groups == [[0, 1, 2], [3]]
    assert sorted(sorted(g) for g in single_link(similarity, documents, 0.95)) == [[0], [1], [2], [3]]
