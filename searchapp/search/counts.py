"""Facet counts over arrays of (document, value) pairs, one index version at a time."""

from __future__ import annotations

import numpy as np

from ..matching import Arrays
from .results import FACETS


class _FacetTable:
    """Facet values of every document of one index version, as arrays for counting.

    For each facet field: one (document, value ordinal) pair per value a document has. Counting a
    set of matched documents is then one vectorised pass: a mask over the documents selects pairs and
    `bincount` counts the ordinals, instead of asking Whoosh to group the hits.
    """

    FIELDS = (*FACETS, "year", "month", "lang")

    def __init__(self, arrays: Arrays) -> None:
        reader = arrays.reader
        self.fields: dict[str, tuple[list[str], np.ndarray, np.ndarray]] = {}
        indexed = set(reader.indexed_field_names())
        for fieldname in self.FIELDS:
            names: list[str] = []
            docs: list[np.ndarray] = []
            ordinals: list[np.ndarray] = []
            if fieldname in indexed:
                for term in reader.lexicon(fieldname):
                    value = term.decode("utf-8")
                    ids, _ = arrays.read_postings(fieldname, value)
                    docs.append(ids)
                    ordinals.append(np.full(len(ids), len(names), dtype=np.int32))
                    names.append(value)
            self.fields[fieldname] = (
                names,
                np.concatenate(docs) if docs else np.zeros(0, dtype=np.int32),
                np.concatenate(ordinals) if ordinals else np.zeros(0, dtype=np.int32),
            )

    def count(self, fieldname: str, mask: np.ndarray) -> dict[str, int]:
        names, docs, ordinals = self.fields[fieldname]
        counts = np.bincount(ordinals[mask[docs]], minlength=len(names))
        return {names[i]: int(counts[i]) for i in np.flatnonzero(counts)}
