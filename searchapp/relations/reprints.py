"""Reprints: the same text under several names, found by MinHash LSH over the bodies' word shingles.

Signatures are cut into BANDS bands of ROWS values; articles whose signatures agree on a whole band are
candidates (a quarter of the pairs of Jaccard similarity 0.15 are, three in four of 0.25, all of 0.4),
and a candidate pair is a reprint where at least THRESHOLD of the shorter text's shingles are estimated to be in the other
(:func:`.signals.containment`): a copy with a paragraph cut or added, or a short text that a longer
version takes in whole, while two articles that share a few paragraphs (a rewritten update, a shared
quote) stay apart. THRESHOLD is measured on the BBC set and on recombined copies (see the README).
Reprints are grouped around a leader, not transitively (:func:`copies`): at 100,000 recombined
articles, chains of pairs that each share most of a text joined 8,617 different articles into one group.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable

import numpy as np

from .features import Features

THRESHOLD = 0.8
BANDS, ROWS = 85, 3
LARGE_BUCKET = 50
MIN_SHINGLES = 20
_CHUNK = 50_000  # candidate pairs compared at once


def pairs(docs: Iterable[Features], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(id, id, estimated containment) of each pair of articles whose bodies are near-duplicates."""
    signed = [d for d in docs if d.signature is not None]
    if len(signed) < 2:
        return []
    matrix = np.stack([d.signature for d in signed])
    sizes = np.array([d.shingles for d in signed], dtype=np.float64)
    found = []
    candidates = _candidates(matrix)
    for start in range(0, len(candidates), _CHUNK):
        a, b = candidates[start:start + _CHUNK].T
        jaccard = (matrix[a] == matrix[b]).mean(axis=1)
        smaller = np.minimum(sizes[a], sizes[b])
        containment = np.minimum(1.0, jaccard * (sizes[a] + sizes[b]) / ((1 + jaccard) * np.maximum(smaller, 1)))
        # A very short text is a copy only of the same short text, not of any article that quotes it.
        score = np.where(smaller >= MIN_SHINGLES, containment, jaccard)
        keep = np.flatnonzero(score >= threshold)
        found += [(signed[a[i]].id, signed[b[i]].id, float(score[i])) for i in keep]
    return found


def _candidates(matrix: np.ndarray) -> np.ndarray:
    """Pairs (i, j), i < j, of rows that agree on all the values of at least one band."""
    mixers = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9][:ROWS], dtype=np.uint64)
    found = [np.zeros((0, 2), dtype=np.int64)]
    for band in range(BANDS):
        # One 64-bit key per row for the band's values; a rare collision only adds a candidate to check.
        keys = np.bitwise_xor.reduce(matrix[:, band * ROWS:(band + 1) * ROWS].astype(np.uint64) * mixers, axis=1)
        order = np.argsort(keys, kind="stable")
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        counts = np.diff(np.r_[starts, len(keys)])
        two = starts[counts == 2]  # most buckets that hold more than one article hold two: at once
        found.append(np.sort(np.column_stack([order[two], order[two + 1]]), axis=1))
        for first, last in zip(starts[counts > 2], starts[counts > 2] + counts[counts > 2]):
            bucket = np.sort(order[first:last])
            if len(bucket) > LARGE_BUCKET:  # many copies of one text: linked through the first, not each pair
                found.append(np.column_stack([np.full(len(bucket) - 1, bucket[0]), bucket[1:]]))
            else:
                i, j = _pairs_of(len(bucket))
                found.append(np.column_stack([bucket[i], bucket[j]]))
    return np.unique(np.concatenate(found), axis=0)


@functools.lru_cache(maxsize=LARGE_BUCKET)
def _pairs_of(size: int) -> tuple[np.ndarray, np.ndarray]:
    return np.triu_indices(size, k=1)


def copies(links: Iterable[tuple[str, str]], size: dict[str, int]) -> list[list[str]]:
    """Groups of copies of one text: the longest article not yet in a group leads one, and takes in
    every article it is linked to that is in none yet. Each member is then a copy of its leader, never
    only a copy of a copy of a copy (two articles that each take in half of a third one are no copies
    of each other)."""
    linked: dict[str, list[str]] = defaultdict(list)
    for a, b in links:
        linked[a].append(b)
        linked[b].append(a)
    placed: set[str] = set()
    found = []
    for leader in sorted(linked, key=lambda x: (-size.get(x, 0), x)):
        if leader in placed:
            continue
        members = [leader, *(x for x in linked[leader] if x not in placed)]
        placed.update(members)
        if len(members) > 1:
            found.append(sorted(set(members)))
    return sorted(found)


def groups(links: Iterable[tuple[str, str]]) -> list[list[str]]:
    """The connected groups of linked ids, each sorted, in order of their first id."""
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    members: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        members[root(x)].append(x)
    return sorted(sorted(m) for m in members.values())
