"""Reprints: the same text under several names, found by MinHash LSH over the bodies' word shingles.

Signatures are cut into BANDS bands of ROWS values; articles whose signatures agree on a whole band are
candidates (a quarter of the pairs of Jaccard similarity 0.15 are, three in four of 0.25, all of 0.4),
and a candidate pair is a reprint where at least THRESHOLD of the shorter text's shingles are estimated to be in the other
(:func:`.signals.containment`): a copy with a paragraph cut or added, or a short text that a longer
version takes in whole, while two articles that share a few paragraphs (a rewritten update, a shared
quote) stay apart. THRESHOLD is measured on the BBC set and on recombined copies (see the README).
Reprints are grouped transitively.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from . import signals
from .features import Features

THRESHOLD = 0.8
BANDS, ROWS = 85, 3
LARGE_BUCKET = 50
MIN_SHINGLES = 20


def pairs(docs: Iterable[Features], threshold: float = THRESHOLD) -> list[tuple[str, str, float]]:
    """(id, id, estimated containment) of each pair of articles whose bodies are near-duplicates."""
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
        jaccard = signals.similarity(signed[a].signature, signed[b].signature)
        sizes = signed[a].shingles, signed[b].shingles
        # A very short text is a copy only of the same short text, not of any article that quotes it.
        score = signals.containment(jaccard, *sizes) if min(sizes) >= MIN_SHINGLES else jaccard
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
