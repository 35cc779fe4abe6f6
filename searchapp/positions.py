"""Where words stand in documents: positions for phrases and the proximity bonus (see :mod:`.matching`).

A document's positions are a slice of the posting arrays' flat positions (:mod:`searchapp.postings`),
or, in arrays written before those, read from its posting block directly; else through Whoosh's
matchers moving forward. Position lists are chained with sorted look-ups.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from . import whoosh_internals


def through_matchers(matchers: list, doc: int) -> list[int] | np.ndarray:
    """The positions of any of the matchers' terms in one document, sorted; the matchers move forward."""
    found = []
    for m in matchers:
        if m.is_active() and m.id() < doc:
            m.skip_to(doc)
        if m.is_active() and m.id() == doc:
            found.append(m.value_as("positions"))
    return _merged(found)


def _postings_at(arrays, fieldname: str, terms: list[str], docs: np.ndarray) -> Iterator[tuple[str, int, int, int]]:
    """(term text, its number in the segment, document, the posting's index in the term's postings) for
    each of the documents (ascending) that has each of the terms."""
    for text in terms:
        term = arrays.term(fieldname, text)
        if term < 0:
            continue
        ids, _ = arrays.postings_of(term)
        at = np.searchsorted(ids, docs)
        inside = at < len(ids)
        has = np.zeros(len(docs), bool)
        has[inside] = ids[at[inside]] == docs[inside]
        for doc, i in zip(docs[has].tolist(), at[has].tolist()):
            yield text, term, doc, i


def from_arrays(arrays, fieldname: str, terms: list[str], docs: np.ndarray) -> dict[int, list[int] | np.ndarray]:
    """Like :func:`through_matchers` for each of the documents, each a slice of the segment's flat
    positions (:meth:`searchapp.postings.SegmentArrays.positions_of`)."""
    found: dict[int, list[list[int]]] = {}
    for _, term, doc, i in _postings_at(arrays, fieldname, terms, docs):
        found.setdefault(doc, []).append(arrays.positions_of(term, i).tolist())
    return {doc: _merged(lists) for doc, lists in found.items()}


def from_blocks(reader, arrays, fieldname: str, terms: list[str], docs: np.ndarray) -> dict[int, list[int] | np.ndarray]:
    """Like :func:`through_matchers` for each of the documents, each read from its posting block directly."""
    found: dict[int, list[list[int]]] = {}
    blocks: dict[str, whoosh_internals.BlockPositions] = {}
    for text, term, doc, i in _postings_at(arrays, fieldname, terms, docs):
        if text not in blocks:
            blocks[text] = whoosh_internals.BlockPositions(reader.postings(fieldname, text))
        found.setdefault(doc, []).append(blocks[text].at(*arrays.block(term, i)))
    return {doc: _merged(lists) for doc, lists in found.items()}


def _merged(found: list[list[int]]) -> list[int] | np.ndarray:
    """Position lists of several terms as one sorted list without repeats."""
    if len(found) <= 1:
        return found[0] if found else []
    if sum(map(len, found)) < LARGE_POSITIONS:
        return sorted(set().union(*found))
    return np.unique(np.concatenate([np.asarray(f, dtype=np.int64) for f in found]))


# Position lists longer than this are chained with numpy; shorter ones, the usual case, with sets,
# which cost less than numpy's per-call overhead.
LARGE_POSITIONS = 256


def followers(ends, positions, slop: int):
    """The positions that stand 1 to `slop` places after one of `ends` (both sorted)."""
    if len(ends) < LARGE_POSITIONS and len(positions) < LARGE_POSITIONS:
        before = set(ends)
        return [p for p in positions if any(p - d in before for d in range(1, slop + 1))]
    ends, positions = np.asarray(ends, dtype=np.int64), np.asarray(positions, dtype=np.int64)
    index = np.searchsorted(ends, positions - 1, side="right")
    near = index > 0
    near[near] = positions[near] - ends[index[near] - 1] <= slop
    return positions[near]
