"""The date facet as a timeline: bars per year, per month inside a year, per day inside a month.

Drawn on the server as CSS bars (a height class per bar: the Content Security Policy allows no inline
styles), each bar a link that narrows the search to its period, with its label and count as text for
screen readers. A range takes two clicks on bars, remembered in the URL (`pick`), so it works without
JavaScript; the from/to inputs below set one too.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field, replace

from ..search import UNDATED, FacetValue
from .i18n import date_label, translate
from .params import SearchState

HEIGHTS = 20  # bar heights are classes h0..h20 in app.css
SHORT_MONTHS = {"en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
                "ru": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"]}
_PERIOD = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass
class Bar:
    value: str  # the period: "2021", "2021-03", "2021-03-05", or "undated"
    label: str  # what the bar shows under it
    title: str  # the period in words, for screen readers and the tooltip
    count: int
    href: str = ""
    height: int = 0
    selected: bool = False


@dataclass
class Timeline:
    level: str  # "year", "month" or "day"
    bars: list[Bar]
    undated: Bar | None
    crumbs: list[tuple[str, str]]  # (label, link) from "All dates" down to the period shown
    pick: str = ""  # "" (no range being picked), "start" (awaiting the first bar) or the first bar's period
    links: dict[str, str] = field(default_factory=dict)  # "pick": start picking, "cancel": stop


def period(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a year, month or day."""
    year = int(value[:4])
    if len(value) == 4:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    month = int(value[5:7])
    if len(value) == 7:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    day = dt.date.fromisoformat(value)
    return day, day


def _level(state: SearchState) -> tuple[str, str]:
    """What the timeline shows for the state's date filter: the years, the months of one year, or the
    days of one month (the finest that holds the whole filter), and that year or month."""
    filters = state.filters()
    start, end = filters.date_from, filters.date_to
    if start and end and (start.year, start.month) == (end.year, end.month):
        return "day", f"{start.year:04d}-{start.month:02d}"
    if start and end and start.year == end.year:
        return "month", f"{start.year:04d}"
    return "year", ""


def _periods(level: str, within: str, counts: dict[str, int]) -> list[str]:
    """Every period of the level, gaps included: a year without articles is a bar of 0."""
    if level == "day":
        year, month = int(within[:4]), int(within[5:7])
        return [f"{within}-{day:02d}" for day in range(1, calendar.monthrange(year, month)[1] + 1)]
    if level == "month":
        return [f"{within}-{month:02d}" for month in range(1, 13)]
    years = sorted(int(v) for v in counts if len(v) == 4)
    return [f"{year:04d}" for year in range(years[0], years[-1] + 1)] if years else []


def _label(value: str, level: str, ui: str) -> str:
    if level == "month":
        return SHORT_MONTHS.get(ui, SHORT_MONTHS["en"])[int(value[5:7]) - 1]
    return str(int(value[8:10])) if level == "day" else value


def build(state: SearchState, values: list[FacetValue], ui: str, pick: str = "") -> Timeline:
    """The timeline of a search result's date facet (years, months and days with their counts)."""
    counts = {v.value: v.count for v in values}
    level, within = _level(state)
    pick = pick if pick == "start" or (_PERIOD.fullmatch(pick) and len(pick) == {"year": 4, "month": 7, "day": 10}[level]) else ""
    filters = state.filters()
    undated_selected = state.date == UNDATED
    # Bars inside the date filter are marked, unless it is the whole year or month the timeline shows.
    narrowed = bool(filters.date_from or filters.date_to) and (not within or (filters.date_from, filters.date_to) != period(within))
    bars = []
    for value in _periods(level, within, counts):
        first, last = period(value)
        selected = (not undated_selected and narrowed
                    and (filters.date_from or first) <= first and last <= (filters.date_to or last))
        bar = Bar(value, _label(value, level, ui), date_label(value, ui), counts.get(value, 0), selected=selected)
        bar.href = _bar_link(state, value, pick)
        bars.append(bar)
    top = max((b.count for b in bars), default=0)
    for bar in bars:
        bar.height = round(HEIGHTS * bar.count / top) if top else 0
        bar.selected = bar.selected or bar.value == pick
    undated = None
    if UNDATED in counts:
        undated = Bar(UNDATED, translate("Undated", ui), translate("Undated", ui), counts[UNDATED],
                      href=state.without_range().with_date(UNDATED).query_string(), selected=undated_selected)
        undated.height = round(HEIGHTS * undated.count / max(top, undated.count)) if undated.count else 0
    crumbs = [(translate("All dates", ui), replace(state, date="", date_from=None, date_to=None, page=1).query_string())]
    if within:
        crumbs.append((within[:4], replace(state, date=within[:4], date_from=None, date_to=None, page=1).query_string()))
    if len(within) == 7:
        crumbs.append((date_label(within, ui), replace(state, date=within, date_from=None, date_to=None, page=1).query_string()))
    links = {"pick": state.query_string(pick="start"), "cancel": state.query_string()}
    return Timeline(level, bars, undated, crumbs, pick, links)


def _bar_link(state: SearchState, value: str, pick: str) -> str:
    """Where a bar leads: its period (or back, if it is the period shown); while a range is picked, the
    first click remembers the bar and the second selects from one bar to the other."""
    if pick == "start":
        return state.query_string(pick=value)
    if pick:
        (a, b), (c, d) = period(pick), period(value)
        return replace(state, date="", date_from=min(a, c), date_to=max(b, d), page=1).query_string()
    if value == state.date:  # the period shown: back up to the one around it
        return replace(state, date={10: value[:7], 7: value[:4]}.get(len(value), ""), page=1).query_string()
    return state.without_range().with_date(value).query_string()
