"""Pages: the search page (full, or its results region for htmx) and the document page."""

from __future__ import annotations

from math import ceil
from urllib.parse import urlencode

from flask import Blueprint, current_app, render_template, request, url_for
from jinja2_fragments.flask import render_block

from ..names import transliterate
from ..search import FACETS, Filters, Highlight
from . import document_or_404, engine
from .i18n import current_language
from .markup import mark
from .params import PARAM, SearchState

bp = Blueprint("pages", __name__)

FACET_VISIBLE = 8
FACET_LIMIT = 50  # values per facet on the page: the top 8 and the rest behind "show more"


def _is_partial() -> bool:
    """An htmx request for the results region (history restores want the whole page)."""
    return (request.headers.get("HX-Request") == "true"
            and not request.headers.get("HX-History-Restore-Request")
            and request.headers.get("HX-Target") == "search-region")


def _match_text(names: list[str]) -> str:
    """What a facet's filter box matches against: every name, folded, in both scripts."""
    words = set()
    for name in names:
        for variant in (name, transliterate(name)):
            words.add(variant.lower().replace("ё", "е"))
    return " ".join(sorted(words))


@bp.get("/")
def search():
    state = SearchState.from_args(request.args)
    ui = current_language()
    result = engine().search(state.q, state.filters(), sort=state.sort or "relevance", page=state.page,
                             page_size=current_app.config["PAGE_SIZE"], facet_limit=FACET_LIMIT, lang=ui)
    names = {value: engine().display_name(value, ui)
             for facet in FACETS for value in (*state.selected.get(facet, ()), *state.excluded.get(facet, ()))}
    matches = {v.value: _match_text(engine().names(v.value) or [v.name])
               for facet in FACETS for v in result.facets[facet]}
    context = dict(
        state=state,
        result=result,
        names=names,
        matches=matches,
        pages=max(1, ceil(result.total / result.page_size)),
        facet_visible=FACET_VISIBLE,
        facets=FACETS,
        param=PARAM,
        partial=_is_partial(),
    )
    if context["partial"]:
        return render_block("search.html", "search_region", **context)
    return render_template("search.html", **context)


@bp.get("/doc/<path:doc_id>")
def document(doc_id: str):
    doc = document_or_404(doc_id)
    ui = current_language()
    q = request.args.get("q", "")[:500]
    highlight = engine().highlight(q) if q.strip() else Highlight()
    entities = doc["entities"]

    def link(facet: str, value: str) -> str:
        return url_for("pages.search") + "?" + urlencode({PARAM[facet]: value})

    def marked(text: str):
        return mark(text or "", entities, highlight, link)

    about = []
    for person in entities.get("persons", [])[:6]:
        total = engine().count(Filters(person=[person["id"]]))
        if total > 1:
            about.append({"name": engine().display_name(person["id"], ui), "link": link("person", person["id"]),
                          "count": total - 1})
    query_string = request.query_string.decode("utf-8", "replace")
    return render_template(
        "doc.html",
        doc=doc,
        q=q,
        back="?" + query_string if query_string else "",
        title=marked(doc.get("title")),
        summary=marked(doc.get("summary")),
        headline=marked(doc.get("headline")),
        paragraphs=[marked(p) for p in (doc.get("body") or "").split("\n\n") if p.strip()],
        entities={key: [dict(v, link=link(facet, v["id"]), name=engine().display_name(v["id"], ui))
                        for v in entities.get(key, [])]
                  for key, facet in (("persons", "person"), ("organizations", "organization"), ("cities", "city"))},
        about=about,
        similar=engine().similar(doc["id"]),
    )
