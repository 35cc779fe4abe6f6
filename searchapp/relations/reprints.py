"""Reprints: the same text under several names, found by MinHash LSH over the bodies' word shingles.

Signatures are cut into BANDS bands of ROWS values; articles whose signatures agree on a whole band are
candidates (likely for an estimated Jaccard similarity above about (1/BANDS)**(1/ROWS) = 0.42), and a
candidate pair is a reprint where the estimate is at least THRESHOLD (measured on the BBC set and on
recombined copies, see the README). Reprints are grouped transitively.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from . import signals
from .features import Features

THRESHOLD = 0.5
BANDS, ROWS = 32, 4
LARGE_BUCKET = 50


def pairs(docs: Iterable[Features], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(id, id, estimated similarity) of each pair of articles whose bodies are near-duplicates."""
    signed = [d for d in docs if d.signature is not None]
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for number, doc in enumerate(signed):
        for band in range(BANDS):
            buckets[band, doc.signature[band * ROWS:(band + 1) * ROWS].tobytes()].append(number)
    candidates = set()
    for bucket in buckets.values():
        if len(bucket) > LARGE_BUCKET:  # many copies of one text: linked through the first, not each pair
            candidates.update((bucket[0], b) for b in bucket[1:])
        else:
            candidates.update((a, b) for i, a in enumerate(bucket) for b in bucket[i + 1:])
    found = []
    for a, b in sorted(candidates):
        score = signals.similarity(signed[a].signature, signed[b].signature)
        if score >= threshold:
            found.append((signed[a].id, signed[b].id, score))
    return found


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
