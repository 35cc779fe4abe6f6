"""Pages: the search page (full, or its results region for htmx) and the document page."""

from __future__ import annotations

from math import ceil
from urllib.parse import urlencode

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from jinja2_fragments.flask import render_block

from ..facets import BY_KEY, FACETS, KEYS, PERSON, facet_of
from ..search import Filters, Highlight, filter_words
from . import document_or_404, engine, exports, timeline
from .i18n import current_language
from .markup import EntityPattern, mark
from .params import SearchState

bp = Blueprint("pages", __name__)

FACET_VISIBLE = 8
FACET_LIMIT = 50  # values per facet on the page: the top 8 and the rest behind "show more"
PART_CHARS = 40_000  # a long article's page shows its text in parts of about this size


def _is_partial() -> bool:
    """An htmx request for the results region (history restores want the whole page)."""
    return (request.headers.get("HX-Request") == "true"
            and not request.headers.get("HX-History-Restore-Request")
            and request.headers.get("HX-Target") == "search-region")


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links: the app's icon."""
    return redirect(url_for("static", filename="icon.svg"), code=301)


@bp.get("/robots.txt")
def robots():
    """Crawlers may read the archive's pages, not its API."""
    return current_app.response_class("User-agent: *\nDisallow: /api/\n", mimetype="text/plain")


@bp.get("/")
def search():
    state = SearchState.from_args(request.args)
    ui = current_language()
    result = engine().search(state.q, state.filters(), sort=state.sort or "relevance", page=state.page,
                             page_size=current_app.config["PAGE_SIZE"],
                             facet_limit=current_app.config.get("FACET_LIMIT", FACET_LIMIT), names_lang=ui,
                             fold=state.fold)
    names = {value: engine().display_name(value, ui)
             for facet in KEYS for value in (*state.selected.get(facet, ()), *state.excluded.get(facet, ()))}
    matches = {v.value: filter_words(engine().names(v.value) or [v.name])
               for facet in KEYS for v in result.facets[facet]}
    named = engine().entities_named(state.q, ui) if result.page == 1 else []
    context = dict(
        state=state,
        result=result,
        named=[{"facet": facet_of(v.value), "value": v.value, "name": v.name, "count": v.count} for v in named],
        names=names,
        matches=matches,
        pages=max(1, ceil(result.total / result.page_size)),
        facet_visible=FACET_VISIBLE,
        facets=KEYS,
        partial=_is_partial(),
        timeline=timeline.build(state, result.facets["date"], ui, request.args.get("pick", "")),
        takeaway=exports.search_urls(state),
    )
    if context["partial"]:
        return render_block("search.html", "search_region", **context)
    return render_template("search.html", **context)


def text_parts(body: str, size: int = PART_CHARS) -> list[list[str]]:
    """A body's paragraphs in parts of about `size` characters; a paragraph longer than that (a file
    that is one long line) is cut at spaces."""
    parts: list[list[str]] = [[]]
    length = 0
    for paragraph in (p for p in body.split("\n\n") if p.strip()):
        while len(paragraph) > size:
            cut = paragraph.rfind(" ", size // 2, size)
            cut = cut if cut > 0 else size
            pieces, paragraph = paragraph[:cut], paragraph[cut:].lstrip()
            if parts[-1]:
                parts.append([])
            parts[-1].append(pieces)
            parts.append([])
            length = 0
        if length and length + len(paragraph) > size:
            parts.append([])
            length = 0
        if paragraph:
            parts[-1].append(paragraph)
            length += len(paragraph)
    return [part for part in parts if part] or [[]]


@bp.get("/doc/<doc_id:doc_id>")
def document(doc_id: str):
    doc = document_or_404(doc_id)
    ui = current_language()
    q = request.args.get("q", "")  # the engine limits it
    parts = text_parts(doc.get("body") or "")
    highlight = engine().highlight(q) if q.strip() else Highlight()
    try:
        part = min(max(int(request.args.get("part", 1)), 1), len(parts))
    except ValueError:
        part = 1
    if "part" not in request.args and len(parts) > 1 and highlight:
        # Arriving from a search: open the article at the first part with a word of the query.
        part = next((n for n, paragraphs in enumerate(parts, 1) if highlight.finds("\n\n".join(paragraphs))), 1)
    entities = doc["entities"]

    def link(facet: str, value: str) -> str:
        return url_for("pages.search") + "?" + urlencode({BY_KEY[facet].param: value})

    mentions = EntityPattern(entities)

    def marked(text: str):
        return mark(text or "", mentions, highlight, link)

    about = []
    for person in entities.get(PERSON.plural, [])[:6]:
        total = engine().count(Filters(person=[person["id"]]))
        if total > 1:
            about.append({"name": engine().display_name(person["id"], ui), "link": link(PERSON.key, person["id"]),
                          "count": total - 1})
    query_string = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "part"])

    def part_link(number: int) -> str:
        return "?" + urlencode([*((k, v) for k, v in request.args.items(multi=True) if k != "part"), ("part", number)])

    return render_template(
        "doc.html",
        doc=doc,
        q=q,
        back="?" + query_string if query_string else "",
        title=marked(doc.get("title")),
        summary=marked(doc.get("summary")),
        headline=marked(doc.get("headline")),
        paragraphs=[marked(p) for p in parts[part - 1]],
        part=part,
        parts=len(parts),
        part_link=part_link,
        entities={key: [dict(v, link=link(facet, v["id"]), name=engine().display_name(v["id"], ui))
                        for v in entities.get(key, [])]
                  for key, facet in ((f.plural, f.key) for f in FACETS)},
        about=about,
        similar=engine().similar(doc["id"]),
        # A link of the file's own, shown only where it is the web's: no javascript: from a hostile feed.
        source_url=doc.get("source_url") if (doc.get("source_url") or "").startswith(("https://", "http://")) else None,
    )
