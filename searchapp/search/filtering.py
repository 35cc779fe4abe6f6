"""Filters as document masks: one per facet (and for dates and languages), so that each facet can be
counted with every filter but its own."""

from __future__ import annotations

import numpy as np
from whoosh import query as Q

from .results import _UNKNOWN, FACETS, Filters, Notice
from .snapshot import Snapshot


def filter_masks(snapshot: Snapshot, filters: Filters) -> dict[str, np.ndarray]:
    """The documents each filter lets through, by facet name ("date" and "lang" too)."""
    arrays = snapshot.arrays
    masks = {name: arrays.evaluate(part, scored=False)[0] for name, part in _filter_queries(snapshot, filters).items()}
    if filters.undated or filters.date_from or filters.date_to:
        masks["date"] = arrays.date_mask(filters.date_from, filters.date_to, filters.undated)
    return masks


def _filter_queries(snapshot: Snapshot, filters: Filters) -> dict[str, Q.Query]:
    parts: dict[str, Q.Query] = {}
    for facet in FACETS:
        ids = [i for value in getattr(filters, facet) for i in snapshot.resolve(facet, value)]
        excluded = [i for value in filters.exclude.get(facet, []) for i in snapshot.resolve(facet, value)]
        subqueries = []
        if ids:
            subqueries.append(Q.Or([Q.Term(facet, i) for i in ids]))
        if excluded:
            subqueries.append(Q.Not(Q.Or([Q.Term(facet, i) for i in excluded])))
        if subqueries:
            parts[facet] = Q.And([Q.Every(), *subqueries]) if not ids else Q.And(subqueries)
    if filters.lang:
        parts["lang"] = Q.Or([Q.Term("lang", lang) for lang in filters.lang])
    return parts


def unknown_values(snapshot: Snapshot, filters: Filters) -> list[Notice]:
    """A notice for each selected facet value that names nothing in the archive."""
    notices = []
    for facet in FACETS:
        for value in getattr(filters, facet):
            if not any(eid in snapshot.entity_names for eid in snapshot.resolve(facet, value)):
                notices.append(Notice.of(_UNKNOWN[facet], value=value[:60]))
    return notices
