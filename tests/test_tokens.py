"""Token vectors and token coverage (compare.tokens), and their place in the embedding cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from compare.embed import CachedEmbedder, EmbeddingCache
from compare.tokens import TOKEN_DIMENSIONS, TokenVectors, projection, token_coverage, token_vectors
from tests.conftest import FakeEmbedder


def _coverage(texts: list[str], documents: list[str], pairs: list[tuple[int, int]]) -> np.ndarray:
    _, tokens = FakeEmbedder().embed_with_tokens(texts)
    left = np.array([a for a, _ in pairs])
    right = np.array([b for _, b in pairs])
    return token_coverage(tokens=tokens, documents=documents, left=left, right=right)


def test_a_sentence_inside_a_longer_one_is_covered_whole_and_an_unrelated_one_is_not() -> None:
    texts = [
        "Ministers agreed to reopen the northern crossing.",
        "On Monday, ministers agreed to reopen the northern crossing, officials said, after weeks of talks.",
        "Grain prices fell sharply in the spring.",
    ]
    inside, unrelated = _coverage(texts, ["readout", "news", "news"], [(0, 1), (0, 2)])
    assert inside == pytest.approx(1.0, abs=0.01)
    assert unrelated < 0.5


def test_coverage_is_symmetric_and_the_same_in_any_grouping_of_pairs() -> None:
    texts = ["Talks on trade resumed.", "Trade talks resumed today.", "The weather was cold.", "Trade resumed."]
    documents = ["a", "b", "b", "c"]
    pairs = [(0, 1), (0, 2), (1, 3), (0, 3), (2, 3)]
    together = _coverage(texts, documents, pairs)
    reversed_pairs = _coverage(texts, documents, [(b, a) for a, b in pairs])
    one_by_one = [_coverage(texts, documents, [pair])[0] for pair in pairs]
    assert np.allclose(together, reversed_pairs)
    assert np.allclose(together, one_by_one)


def test_a_text_without_pieces_covers_nothing() -> None:
    assert _coverage(["Talks resumed.", "..."], ["a", "b"], [(0, 1)])[0] == 0.0


def test_special_tokens_and_punctuation_are_left_out_and_vectors_are_quantised() -> None:
    hidden = np.random.default_rng(1).normal(size=(5, 16)).astype(np.float32)
    found = token_vectors(pieces=["[CLS]", "talks", ",", "resumed", "[SEP]"], hidden=hidden)
    assert found.pieces == ("talks", "resumed")
    assert found.codes.dtype == np.int8 and found.unit_vectors().shape == (2, TOKEN_DIMENSIONS)
    assert np.abs(found.codes).max(axis=1).tolist() == [127, 127]  # each row uses the whole int8 range
    assert np.allclose(np.linalg.norm(found.unit_vectors(), axis=1), 1.0)
    exact = hidden[[1, 3]] @ projection(16)
    exact /= np.linalg.norm(exact, axis=1, keepdims=True)
    assert np.allclose(
        found.unit_vectors(), exact, atol=0.02
    )  # quantising moves each value by under 1/254 of the row's range


def test_token_vectors_survive_bytes_exactly_and_a_damaged_blob_is_refused() -> None:
    _, (found,) = FakeEmbedder().embed_with_tokens(["Ministers agreed to reopen the crossing."])
    back = TokenVectors.from_bytes(found.to_bytes())
    assert back.pieces == found.pieces and np.array_equal(back.codes, found.codes)
    with pytest.raises(ValueError):
        TokenVectors.from_bytes(found.to_bytes()[:-3])


def test_the_projection_is_fixed() -> None:
    first = projection(384)
    assert first.shape == (384, TOKEN_DIMENSIONS)
    assert set(np.unique(first * np.sqrt(TOKEN_DIMENSIONS)).tolist()) == {-1.0, 1.0}
    # The same numbers on every machine: a checksum of the signs, not of floats.
    assert int((first > 0).sum()) == int((projection(384) > 0).sum())
    assert (first[:2, :8] > 0).astype(int).tolist() == (projection.__wrapped__(384)[:2, :8] > 0).astype(int).tolist()


def test_the_cache_gives_back_the_token_vectors_a_fresh_run_made(tmp_path: Path) -> None:
    texts = ["Ministers agreed to reopen the crossing.", "Trade talks resumed."]
    inner = FakeEmbedder()
    cached = CachedEmbedder(inner, EmbeddingCache(tmp_path))
    vectors, tokens = cached.embed_with_tokens(texts)
    again_vectors, again_tokens = CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed_with_tokens(texts)
    assert len(inner.calls) == 1  # the second run read everything from the cache
    assert np.array_equal(vectors, again_vectors)
    assert [t.pieces for t in tokens] == [t.pieces for t in again_tokens]
    assert all(np.array_equal(a.codes, b.codes) for a, b in zip(tokens, again_tokens, strict=True))


def test_a_sentence_cached_without_token_vectors_is_encoded_again(tmp_path: Path) -> None:
    inner = FakeEmbedder()
    CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed(["Trade talks resumed."])  # vector only
    _, tokens = CachedEmbedder(inner, EmbeddingCache(tmp_path)).embed_with_tokens(["Trade talks resumed."])
    assert len(inner.calls) == 2 and tokens[0].pieces == ("trade", "talks", "resumed")
