"""Facet counts over arrays of (document, value) pairs, one index version at a time."""

from __future__ import annotations

import heapq

import numpy as np

from ..matching import NO_DATE, Arrays
from .results import FACETS, UNDATED, FacetValue, Filters


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


def facet_values(snapshot, facet: str, docs: np.ndarray, filters: Filters, limit: int,
                 names_lang: str = "") -> list[FacetValue]:
    """The values of one facet among `docs`, most frequent first, the selected ones always included.

    Dates count years, then months, then the undated articles; languages always show both.
    """
    table = snapshot.table
    if facet == "date":
        years = table.count("year", docs)
        months = table.count("month", docs)
        values = [FacetValue(y, y, c) for y, c in sorted(years.items(), reverse=True)]
        values += [FacetValue(m, m, c) for m, c in sorted(months.items(), reverse=True)]
        undated = int((docs & (snapshot.arrays.dates() == NO_DATE)).sum())
        if undated or filters.undated:
            values.append(FacetValue(UNDATED, "Undated", undated, filters.undated))
        return values
    if facet == "lang":
        counts = table.count("lang", docs)
        return [FacetValue(code, code, counts.get(code, 0), code in filters.lang) for code in ("en", "ru")]
    selected = {i for value in getattr(filters, facet) for i in snapshot.resolve(facet, value)}
    counts = table.count(facet, docs)
    # Only values that can make the top `limit` need a display name to break ties by.
    floor = heapq.nlargest(limit, counts.values())[-1] if len(counts) > limit else 0
    top = sorted(((v, c) for v, c in counts.items() if c >= floor),
                 key=lambda item: (-item[1], snapshot.name(item[0], names_lang)))[:limit]
    values = [FacetValue(v, snapshot.name(v, names_lang), c, v in selected) for v, c in top]
    for value in selected - {v.value for v in values}:
        values.append(FacetValue(value, snapshot.name(value, names_lang), counts.get(value, 0), True))
    return values
