"""Near-duplicate articles: MinHash over word shingles, LSH for candidates (datasketch).

A syndicated wire story republished by ten outlets is one story. Each article's
normalized text is cut into word ``SHINGLE``-grams; their MinHash estimates the
Jaccard similarity of two articles' shingle sets, and an LSH index finds the
candidates above a threshold without comparing every pair. Signatures are stored
(``article_signatures``) so detection stays incremental across runs.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

import numpy as np

from ..text.normalize import normalize_for_matching

NUM_PERM = 128
SHINGLE = 4
SEED = 1
SCHEME = "affine32"  # datasketch >= 2.0 permutation scheme; stored signatures use it
DEFAULT_THRESHOLD = 0.5


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word k-grams of the normalized text (the whole text when it is shorter than k words)."""
    words = normalize_for_matching(text).split()
    if len(words) <= k:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(len(words) - k + 1)}


@lru_cache(maxsize=4)
def _template(num_perm: int):
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)


def minhash(text: str, num_perm: int = NUM_PERM):
    """The article's MinHash (datasketch.LeanMinHash)."""
    from datasketch import LeanMinHash, MinHash

    t = _template(num_perm)
    m = MinHash(num_perm=num_perm, seed=SEED, permutations=t.permutations, scheme=SCHEME)
    sh = shingles(text)
    if sh:
        m.update_batch(list(sh))
    return LeanMinHash(m)


def signature_bytes(m) -> bytes:
    return np.asarray(m.hashvalues, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes, num_perm: int = NUM_PERM):
    from datasketch import LeanMinHash

    hv = np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)
    return LeanMinHash(seed=SEED, hashvalues=hv, scheme=SCHEME)


class DuplicateIndex:
    """An LSH index of articles seen so far; ``check_and_add`` says which one a new article copies."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM):
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.num_perm = num_perm
        self.lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        self.sigs: dict[str, object] = {}
        # the order articles were added: the earliest is the original
        self.order: dict[str, int] = {}
        # a copy of a copy is linked to the first original
        self.root: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self.sigs)

    def add(self, key: str, m, duplicate_of: Optional[str] = None) -> None:
        if key in self.sigs:
            return
        self.lsh.insert(key, m)
        self.sigs[key] = m
        self.order[key] = len(self.order)
        if duplicate_of:
            self.root[key] = self.root.get(duplicate_of, duplicate_of)

    def add_many(self, items: Iterable[tuple]) -> None:
        """Add (key, minhash) or (key, minhash, duplicate_of) items."""
        for item in items:
            self.add(*item)

    def find(self, m) -> Optional[tuple[str, float]]:
        """The best earlier article this signature near-duplicates, with the estimated Jaccard."""
        best: Optional[tuple[str, float]] = None
        for key in self.lsh.query(m):
            sim = float(m.jaccard(self.sigs[key]))
            if sim < self.threshold:
                continue
            if best is None or sim > best[1] + 1e-9 or (abs(sim - best[1]) <= 1e-9 and self.order[key] < self.order[best[0]]):
                best = (key, sim)
        return best

    def check_and_add(self, key: str, m) -> Optional[tuple[str, float]]:
        """Find the original ``key`` copies (following copies of copies), then index it."""
        hit = self.find(m)
        if hit is not None:
            root = self.root.get(hit[0], hit[0])
            if root != hit[0]:
                hit = (root, float(m.jaccard(self.sigs[root])))
        self.add(key, m, hit[0] if hit else None)
        return hit
