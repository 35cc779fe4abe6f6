"""Search stage: queries, filters, facet counts and snippets over the index.

This is the surface the CLI and the web layer use (:class:`SearchEngine`, :class:`Filters`,
:class:`SearchResult`); they never see Whoosh, so another engine could stand behind this module.

Facets are multi-select: values within one facet combine with OR, facets with AND, and each facet's
counts are computed with every filter but its own, so a user can widen a selection.
"""

from __future__ import annotations

from ..names import has_cyrillic
from ..store import IndexDamaged, IndexMissing
from .browse import EntityProfile, ValuePage, initial
from .engine import SearchEngine
from .query import MAX_QUERY_CHARS
from .results import FACETS, SORTS, UNDATED, FacetValue, Filters, Hit, Notice, SearchResult
from .snippets import Highlight, filter_words, snippet

__all__ = ["FACETS", "MAX_QUERY_CHARS", "EntityProfile", "ValuePage", "initial", "SORTS", "UNDATED", "FacetValue", "Filters", "Highlight", "Hit", "IndexDamaged",
           "IndexMissing", "Notice", "SearchEngine", "SearchResult", "filter_words", "has_cyrillic", "snippet"]
