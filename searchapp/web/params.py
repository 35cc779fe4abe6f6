"""The state of a search page, read from and written back to the URL.

Every state is a URL: the query, selected and excluded facet values, the date drill-down and range,
languages, sort, page, and whether related articles are folded into one hit. Links in the page are this state with one thing changed, so the page works
without JavaScript and htmx only has to fetch them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from ..facets import FACETS, KEYS
from ..search import SORTS, UNDATED, Filters, Notice

MAX_VALUES = 20  # per facet, so a crafted URL cannot ask for thousands of filters
MAX_PAGE = 1000


@dataclass(frozen=True)
class SearchState:
    q: str = ""
    selected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    excluded: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date: str = ""  # "YYYY", "YYYY-MM" or "YYYY-MM-DD": the drill-down; "undated": the articles without a date
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    lang: tuple[str, ...] = ()
    sort: str = ""
    page: int = 1
    fold: bool = True  # translations and copies of one text as one hit; `fold=0` shows every article
    problems: tuple[Notice, ...] = ()

    @classmethod
    def from_args(cls, args: MultiDict) -> SearchState:
        problems = []

        def values(name: str) -> tuple[str, ...]:
            seen = dict.fromkeys(v.strip() for v in args.getlist(name) if v.strip())
            return tuple(list(seen)[:MAX_VALUES])

        def day(name: str) -> dt.date | None:
            text = (args.get(name) or "").strip()
            if not text:
                return None
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                problems.append(Notice.of("“{value}” is not a date (use YYYY-MM-DD); it was ignored.", value=text[:40]))
                return None

        date_from, date_to = day("from"), day("to")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
            problems.append(Notice.of("The date range ended before it began; it was read from {start} to {end}.",
                                      start=date_from.isoformat(), end=date_to.isoformat()))
        date = (args.get("date") or "").strip()
        if date and date != UNDATED and not _drill_date(date):
            problems.append(Notice.of("“{value}” is not a year or month; it was ignored.", value=date[:40]))
            date = ""
        try:
            page = min(max(int(args.get("page", 1)), 1), MAX_PAGE)
        except ValueError:
            page = 1
        sort = args.get("sort", "")
        return cls(
            q=args.get("q") or "",  # the engine limits it, and says so
            selected={f.key: values(f.param) for f in FACETS if values(f.param)},
            excluded={f.key: values(f.exclude_param) for f in FACETS if values(f.exclude_param)},
            date=date,
            date_from=date_from,
            date_to=date_to,
            lang=tuple(v for v in values("lang") if v in ("en", "ru")),
            sort=sort if sort in SORTS else "",
            page=page,
            fold=(args.get("fold") or "").strip() not in ("0", "false", "no", "off"),
            problems=tuple(problems),
        )

    def filters(self) -> Filters:
        start, end = self.date_from, self.date_to
        if self.date and self.date != UNDATED:
            year = int(self.date[:4])
            if len(self.date) == 4:
                d_start, d_end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            elif len(self.date) == 10:
                d_start = d_end = dt.date.fromisoformat(self.date)
            else:
                month = int(self.date[5:7])
                d_start = dt.date(year, month, 1)
                d_end = dt.date(year, month, calendar.monthrange(year, month)[1])
            start, end = max(filter(None, (start, d_start))), min(filter(None, (end, d_end)))
        return Filters(
            **{facet: list(self.selected.get(facet, ())) for facet in KEYS},
            exclude={f: list(v) for f, v in self.excluded.items()},
            date_from=start,
            date_to=end,
            undated=self.date == UNDATED,
            lang=list(self.lang),
        )

    def has_filters(self) -> bool:
        return bool(self.selected or self.excluded or self.date or self.date_from or self.date_to or self.lang)

    # Building links ---------------------------------------------------------------------------

    def items(self) -> list[tuple[str, str]]:
        pairs = [("q", self.q)] if self.q else []
        for facet in FACETS:
            pairs += [(facet.param, v) for v in self.selected.get(facet.key, ())]
            pairs += [(facet.exclude_param, v) for v in self.excluded.get(facet.key, ())]
        if self.date:
            pairs.append(("date", self.date))
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        pairs += [("lang", v) for v in self.lang]
        if self.sort:
            pairs.append(("sort", self.sort))
        if self.page > 1:
            pairs.append(("page", str(self.page)))
        if not self.fold:
            pairs.append(("fold", "0"))
        return pairs

    def query_string(self, **extra: str) -> str:
        pairs = self.items() + [(k, v) for k, v in extra.items() if v]
        return "?" + urlencode(pairs) if pairs else "?"

    def toggle(self, facet: str, value: str) -> SearchState:
        """Select a value, or unselect it if selected; back to the first page."""
        chosen = self.selected.get(facet, ())
        chosen = tuple(v for v in chosen if v != value) if value in chosen else (*chosen, value)
        excluded = tuple(v for v in self.excluded.get(facet, ()) if v != value)
        return replace(self, selected=_set(self.selected, facet, chosen),
                       excluded=_set(self.excluded, facet, excluded), page=1)

    def exclude(self, facet: str, value: str) -> SearchState:
        chosen = tuple(v for v in self.selected.get(facet, ()) if v != value)
        excluded = self.excluded.get(facet, ())
        excluded = tuple(v for v in excluded if v != value) if value in excluded else (*excluded, value)
        return replace(self, selected=_set(self.selected, facet, chosen),
                       excluded=_set(self.excluded, facet, excluded), page=1)

    def with_date(self, date: str) -> SearchState:
        return replace(self, date="" if date == self.date else date, page=1)

    def with_lang(self, lang: str) -> SearchState:
        langs = tuple(v for v in self.lang if v != lang) if lang in self.lang else (*self.lang, lang)
        return replace(self, lang=langs, page=1)

    def without_range(self) -> SearchState:
        return replace(self, date_from=None, date_to=None, page=1)

    def with_page(self, page: int) -> SearchState:
        return replace(self, page=page)

    def with_sort(self, sort: str) -> SearchState:
        return replace(self, sort=sort, page=1)

    def with_fold(self, fold: bool) -> SearchState:
        return replace(self, fold=fold, page=1)

    def with_query(self, q: str) -> SearchState:
        return replace(self, q=q, page=1)

    def cleared(self) -> SearchState:
        return SearchState(q=self.q, sort=self.sort, fold=self.fold)


def _drill_date(text: str) -> bool:
    """Whether a `date` value is a year, a month or a day of the calendar (from the year 1)."""
    if not re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?", text) or int(text[:4]) < 1:
        return False
    try:
        return len(text) < 10 or bool(dt.date.fromisoformat(text))
    except ValueError:
        return False


def _set(mapping: dict[str, tuple[str, ...]], key: str, values: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    result = {k: v for k, v in mapping.items() if k != key}
    if values:
        result[key] = values
    return result
