"""Entity pages (`/person/<key>`, `/org/<key>`, `/city/<key>`) and a facet's values beyond the top ones
(`/values/<facet>`: found by any word of a name, or A–Z), for the search they were opened from."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_block

from ..facets import BY_KEY, FACETS, Facet, facet_of
from ..search import FacetValue, Filters
from . import engine
from .i18n import current_language
from .params import SearchState

bp = Blueprint("browse", __name__)

VALUES_PER_PAGE = 100
BOX_VALUES = 20  # what a facet's filter box shows of the values that match
RECENT_ARTICLES = 10
MAX_MATCH_CHARS = 100
MAX_CHART_YEARS = 40

_BY_PARAM: dict[str, Facet] = {f.param: f for f in FACETS}


def entity_url(value: str, external: bool = False) -> str:
    """The page of an entity id ("person:grlv-an" → /person/grlv-an)."""
    if not facet_of(value):
        return url_for("pages.search", _external=external)
    facet = BY_KEY[facet_of(value)]
    return url_for("browse.entity", kind=facet.param, key=value[len(facet.id_prefix):], _external=external)


@bp.get("/<any(person, org, city):kind>/<path:key>")
def entity(kind: str, key: str):
    facet = _BY_PARAM[kind]
    value = facet.id_prefix + key
    ui = current_language()
    profile = engine().entity(value, ui)
    if profile is None:
        abort(404)
    if profile.id != value:  # a surname alone the archive counts as one full name: that person's page
        return redirect(entity_url(profile.id))
    # Every article, a translation too: the profile counts articles, so its list does.
    articles = engine().search("", Filters(**{facet.key: [value]}), sort="newest", page_size=RECENT_ARTICLES,
                               facet_limit=1, names_lang=ui, fold=False)
    search_link = url_for("pages.search") + "?" + urlencode({facet.param: value})
    peak = max([y.count for y in profile.years] + [profile.undated])
    return render_template("entity.html", profile=profile, facet=facet, articles=articles.results,
                           years=_every_year(profile.years), search_link=search_link, peak=peak, year_link=lambda year: search_link + "&" + urlencode(
                               {"date": year}), value_link=lambda v: url_for("pages.search") + "?" + urlencode(
                               {facet.param: value, BY_KEY[facet_of(v)].param: v}))


def _every_year(years: list[FacetValue]) -> list[FacetValue]:
    """The years with articles and those between them (with none), so the chart's gaps show as gaps;
    only the years with articles where they span more than MAX_CHART_YEARS (a stray date)."""
    if not years or int(years[-1].value) - int(years[0].value) >= MAX_CHART_YEARS:
        return years
    counts = {y.value: y.count for y in years}
    span = range(int(years[0].value), int(years[-1].value) + 1)
    return [FacetValue(f"{y:04d}", f"{y:04d}", counts.get(f"{y:04d}", 0)) for y in span]


@bp.get("/values/<any(person, org, city):kind>")
def values(kind: str):
    """All values of a facet for the current search, most frequent first; `match` finds them by any word
    of any of their names, `letter` lists one initial A–Z. The filter box of a facet on the search page
    asks with `box=1` and htmx, and gets the list only."""
    facet = _BY_PARAM[kind]
    state = SearchState.from_args(request.args)
    ui = current_language()
    match = (request.args.get("match") or "")[:MAX_MATCH_CHARS]
    letter = (request.args.get("letter") or "")[:1].upper()
    try:
        start = max(0, int(request.args.get("start", 0)))
    except ValueError:
        start = 0
    partial = request.headers.get("HX-Request") == "true" and request.args.get("box") == "1"
    page = engine().facet_page(facet.key, state.q, state.filters(), match=match, letter=letter, names_lang=ui,
                               offset=start, limit=BOX_VALUES if partial else VALUES_PER_PAGE)

    def here(**changed: object) -> str:
        args = [(k, v) for k, v in request.args.items(multi=True) if k not in ("match", "letter", "start", "box")]
        args += [(k, str(v)) for k, v in changed.items() if v]
        return url_for("browse.values", kind=kind) + ("?" + urlencode(args) if args else "")

    context = dict(facet=facet, page=page, state=state, match=match, letter=letter, here=here, box=partial,
                   per_page=BOX_VALUES if partial else VALUES_PER_PAGE)
    if partial:
        return render_block("values.html", "value_list", **context)
    return render_template("values.html", **context)
