"""The MiniLM embedder: unit vectors, meaning-ordered similarity, cache, truncation."""
from __future__ import annotations

import numpy as np
import pytest

from newsfuse.embed import DIM, Embedder, get_embedder


@pytest.fixture(scope="module")
def emb() -> Embedder:
    return get_embedder()


def test_vectors_are_unit_length_and_in_input_order(emb):
    texts = ["The bridge collapsed into the river.", "Shares rose sharply on Monday.", "The bridge collapsed into the river."]
    v = emb.encode(texts)
    assert v.shape == (3, DIM) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert np.allclose(v[0], v[2])
    assert not np.allclose(v[0], v[1])


def test_paraphrase_is_closer_than_an_unrelated_sentence(emb):
    s = emb.similarity(["Putin arrived in Hanoi early on Thursday."],
                       ["Vladimir Putin landed in Vietnam's capital on Thursday morning.",
                        "The recipe needs two cups of flour and an egg."])[0]
    assert s[0] > 0.6 > s[1] + 0.3


def test_batching_and_cache_give_the_same_vectors(emb):
    texts = [f"Report number {i} says {i * 3} people attended the rally in the square." for i in range(150)]
    fresh = Embedder()  # its own cache: computed in batches of mixed length
    a = fresh.encode(texts)
    b = fresh.encode(list(reversed(texts)))[::-1]
    assert np.allclose(a, b)
    assert np.allclose(a[:5], emb.encode(texts[:5]), atol=1e-5)


def test_long_and_empty_texts_do_not_fail(emb):
    long = "word " * 2000  # far past the 256-token window: truncated, not an error
    v = emb.encode([long, "", "   "])
    assert v.shape == (3, DIM) and np.all(np.isfinite(v))
    assert emb.encode([]).shape == (0, DIM)


def test_cache_is_bounded():
    e = Embedder(cache_size=10)
    e.encode([f"sentence {i}" for i in range(25)])
    assert len(e._cache) <= 10
