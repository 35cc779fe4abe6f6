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
from .export import CSV_COLUMNS, FORMATS, MEDIA_TYPES, lines, plain_snippet
from .lookup import MAX_NAMES, clean_names, decode_names
from .query import MAX_QUERY_CHARS
from .results import FACETS, SORTS, UNDATED, ExportedHit, FacetValue, Filters, Hit, NameMatch, Notice, SearchResult
from .snippets import Highlight, filter_words, snippet

__all__ = ["CSV_COLUMNS", "EntityProfile", "ExportedHit", "FACETS", "FORMATS", "FacetValue", "Filters", "Highlight",
           "Hit", "IndexDamaged", "IndexMissing", "MAX_NAMES", "MAX_QUERY_CHARS", "MEDIA_TYPES", "NameMatch",
           "Notice", "SORTS", "SearchEngine", "SearchResult", "UNDATED", "ValuePage", "clean_names", "decode_names",
           "filter_words", "has_cyrillic", "initial", "lines", "plain_snippet", "snippet"]
