"""What a search is asked and what it answers: filters, notices, hits, facet values, results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .. import facets

FACETS = facets.KEYS


SORTS = ("relevance", "newest", "oldest")




@dataclass
class Filters:
    """Selected facet values (entity ids or names), exclusions, a date range and languages.

    `undated` selects the articles without a date; a date range leaves them out.
    """

    person: list[str] = field(default_factory=list)
    organization: list[str] = field(default_factory=list)
    city: list[str] = field(default_factory=list)
    exclude: dict[str, list[str]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    undated: bool = False
    lang: list[str] = field(default_factory=list)


UNDATED = "undated"  # the date facet's value for articles without a date


def iso_date(value: object) -> str | None:
    """A stored publication date as YYYY-MM-DD, None where an article has none."""
    return value.date().isoformat() if isinstance(value, dt.datetime) else None


_UNKNOWN = {"person": "No person in the archive is called “{value}”.",
            "organization": "No organization in the archive is called “{value}”.",
            "city": "No city in the archive is called “{value}”."}


@dataclass(frozen=True)
class Notice:
    """Something the user should know about how a query was read: an English text with {placeholders},
    which is also the key of its translations in the web layer."""

    text: str
    values: tuple[tuple[str, object], ...] = ()

    @classmethod
    def of(cls, template: str, **values: object) -> Notice:
        return cls(template, tuple(values.items()))

    def __str__(self) -> str:
        return self.text.format(**dict(self.values))


@dataclass
class Hit:
    id: str
    title: str
    date: str | None
    lang: str
    source: str | None
    snippet: str  # HTML: escaped text with <mark> around matched words
    missing: list[str] = field(default_factory=list)  # the query's words this article lacks
    # Related articles (see searchapp.relations): translations {"id", "lang", "title", "original_source"}
    # and copies of the same text {"id", "source", "title"}; folded into this hit unless unfolded.
    translations: list[dict] = field(default_factory=list)
    copies: list[dict] = field(default_factory=list)


@dataclass
class ExportedHit:
    """One article of an export: its hit (snippet included), its translator and its facet values, each
    `{"value": id, "name": display name}`, per facet key."""

    hit: Hit
    translator: str | None
    facets: dict[str, list[dict[str, str]]]

    def to_dict(self) -> dict:
        """The API's hit structure plus the translator and the facet values with their ids."""
        return {**vars(self.hit), "missing": list(self.hit.missing), "translator": self.translator,
                "facets": self.facets}


@dataclass
class NameMatch:
    """A name looked up in bulk: the entities it names, each `{"facet", "value", "name", "count"}` (count:
    articles with that value), and how many articles the name finds as a search."""

    name: str
    entities: list[dict]
    articles: int


@dataclass
class FacetValue:
    value: str
    name: str
    count: int
    selected: bool = False


@dataclass
class SearchResult:
    query: str
    total: int
    page: int
    page_size: int
    sort: str
    results: list[Hit]
    facets: dict[str, list[FacetValue]]
    notices: list[Notice] = field(default_factory=list)
    suggestion: str | None = None  # "did you mean": the query with unknown words corrected
    facet_totals: dict[str, int] = field(default_factory=dict)  # each entity facet's number of values in all
    # `total` counts hits: with `fold`, a group of related articles is one hit; `articles` counts every
    # matching article, as the facet counts do.
    articles: int = 0
    fold: bool = True

    @property
    def message(self) -> str | None:
        """The notices as one English text, or None."""
        return " ".join(map(str, self.notices)) or None

    def to_dict(self) -> dict:
        """The structure `searchapp search --json` prints and the web API serves."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "page_size": self.page_size,
            "sort": self.sort,
            "message": self.message,
            "suggestion": self.suggestion,
            "articles": self.articles,
            "fold": self.fold,
            "results": [{**vars(h), "missing": list(h.missing)} for h in self.results],  # asdict deep-copies: slow
            "facet_totals": dict(self.facet_totals),
            "facets": {
                name: [{"value": v.value, "name": v.name, "count": v.count, "selected": v.selected} for v in values]
                for name, values in self.facets.items()
            },
        }
