"""Taking results away and following a search: the export download and the Atom feed of a search.

Both take the search page's URL state. The export streams every matching article (CSV or JSON Lines)
as the engine makes them, so the first rows leave at once and memory stays at one batch; the feed is
the newest matching articles as Atom, for a feed reader to say when a new one is indexed.
"""

from __future__ import annotations

import datetime as dt
import re

from flask import Blueprint, Response, current_app, request, url_for
from lxml import etree

from ..search import CSV_COLUMNS, FORMATS, MEDIA_TYPES, lines
from . import engine
from .i18n import current_language, translate
from .params import SearchState

bp = Blueprint("exports", __name__)

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 30
MAX_FEED_ENTRIES = 100
# XML 1.0 has no place for most control characters; a title with one must not break the feed.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def article_url(doc_id: str) -> str:
    return url_for("pages.document", doc_id=doc_id, _external=True)


def search_urls(state: SearchState) -> dict[str, str]:
    """The export and feed addresses of a search state (the page's links use them)."""
    pairs = [(k, v) for k, v in state.items() if k != "page"]
    return {"csv": url_for("exports.export", **_multi(pairs, format="csv")),
            "jsonl": url_for("exports.export", **_multi(pairs, format="jsonl")),
            "feed": url_for("exports.feed", **_multi([(k, v) for k, v in pairs if k != "sort"]))}


def _multi(pairs: list[tuple[str, str]], **extra: str) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for key, value in [*pairs, *extra.items()]:
        values.setdefault(key, []).append(value)
    return values


@bp.get("/api/export")
def export():
    """Every article the search matches, streamed as CSV (UTF-8 with a byte-order mark) or JSON Lines."""
    fmt = request.args.get("format", "csv")
    ui = current_language()
    if fmt not in FORMATS:
        return {"error": translate("Bad request", ui),
                "message": translate("The format must be csv or jsonl.", ui)}, 400
    state = SearchState.from_args(request.args)
    records = engine().export(state.q, state.filters(), sort=state.sort or "relevance", names_lang=ui)
    # The rows are made after the view returns, outside the request: their URLs come from an adapter
    # bound to it now (a streamed body that held the request context could outlive it, unread).
    urls = current_app.create_url_adapter(request)

    def url(doc_id: str) -> str:
        return urls.build("pages.document", {"doc_id": doc_id}, force_external=True)

    body = lines(records, fmt, url)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    return Response(body, mimetype=MEDIA_TYPES[fmt].split(";")[0], content_type=MEDIA_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="archive-search-{stamp}.{fmt}"',
                             "X-Accel-Buffering": "no"})


@bp.get("/feed")
def feed():
    """The Atom feed of a search: its newest matching articles first."""
    state = SearchState.from_args(request.args)
    ui = current_language()
    try:
        size = min(max(int(request.args.get("size", FEED_ENTRIES)), 1), MAX_FEED_ENTRIES)
    except ValueError:
        size = FEED_ENTRIES
    result = engine().search(state.q, state.filters(), sort="newest", page=1, page_size=size, names_lang=ui)
    pairs = [(k, v) for k, v in state.items() if k not in ("page", "sort")]
    page = url_for("pages.search", _external=True, **_multi(pairs))
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    title = translate("Archive search", ui) + (f": {state.q}" if state.q.strip() else "")
    root = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    root.set("{http://www.w3.org/XML/1998/namespace}lang", ui)
    _add(root, "id", request.url)
    _add(root, "title", title)
    _add(root, "subtitle", translate("The newest articles of this search ({n} in all).", ui, n=result.total))
    _add(root, "updated", now)
    _add(_add(root, "author"), "name", translate("Archive", ui))
    _add(root, "link", rel="self", type="application/atom+xml", href=request.url)
    _add(root, "link", rel="alternate", type="text/html", href=page)
    _add(root, "generator", "searchapp")
    for hit in result.results:
        entry = _add(root, "entry")
        url = article_url(hit.id)
        _add(entry, "id", url)
        _add(entry, "title", hit.title)
        _add(entry, "updated", f"{hit.date}T00:00:00Z" if hit.date else now)
        if hit.date:
            _add(entry, "published", f"{hit.date}T00:00:00Z")
        _add(entry, "link", rel="alternate", type="text/html", href=url, hreflang=hit.lang)
        _add(entry, "summary", hit.snippet, type="html")
    body = etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)
    return Response(body, content_type="application/atom+xml; charset=utf-8")


def _add(parent, tag: str, text: str | None = None, **attributes: str):
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _NOT_XML.sub("", v) for k, v in attributes.items()})
    if text is not None:
        element.text = _NOT_XML.sub("", text)
    return element


def openapi_paths(parameters: list[dict], errors: dict) -> dict:
    """The export's and the feed's part of the OpenAPI document; `parameters` are the search's."""
    search = [p for p in parameters if p["name"] not in ("page", "size")]
    fmt = {"name": "format", "in": "query", "required": False, "description": "csv (the default) or jsonl",
           "schema": {"type": "string", "enum": list(FORMATS), "default": "csv"}}
    line = {"type": "string", "description": "One ExportRecord (see the schemas) as JSON per line"}
    return {
        "/api/export": {"get": {
            "summary": "Every article a search matches (not one page), streamed as CSV or JSON Lines",
            "description": "CSV: UTF-8 with a byte-order mark; columns " + ", ".join(CSV_COLUMNS) + "; persons, "
                           "organizations and cities as ;-joined display names, the snippet as plain text. JSON "
                           "Lines: one ExportRecord a line.",
            "parameters": [*search, fmt],
            "responses": {"200": {"description": "All matching articles in the search's order", "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/x-ndjson": {"schema": line}}},
                "400": errors["400"]},
        }},
        "/feed": {"get": {
            "summary": "The Atom feed of a search: its newest matching articles first",
            "parameters": [*(p for p in search if p["name"] != "sort"),
                           {"name": "size", "in": "query", "required": False, "description": "Entries (1-100)",
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_FEED_ENTRIES,
                                       "default": FEED_ENTRIES}}],
            "responses": {"200": {"description": "An Atom 1.0 feed (RFC 4287)",
                                  "content": {"application/atom+xml": {"schema": {"type": "string"}}}}},
        }},
    }


EXPORT_SCHEMAS = {
    "ExportRecord": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "title", "date", "lang", "source", "snippet", "missing", "translator", "url", "facets"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"},
            "date": {"type": "string", "format": "date", "nullable": True},
            "lang": {"type": "string", "enum": ["en", "ru"]}, "source": {"type": "string", "nullable": True},
            "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"},
            "missing": {"type": "array", "items": {"type": "string"}},
            "translator": {"type": "string", "nullable": True}, "url": {"type": "string"},
            "translations": {"type": "array", "items": {"$ref": "#/components/schemas/Translation"},
                             "description": "The article's translations in the archive"},
            "copies": {"type": "array", "items": {"$ref": "#/components/schemas/Copy"},
                       "description": "Other copies of its text"},
            "facets": {"type": "object", "additionalProperties": False,
                       "required": ["person", "organization", "city"],
                       "properties": {key: {"type": "array", "items": {
                           "type": "object", "required": ["value", "name"], "additionalProperties": False,
                           "properties": {"value": {"type": "string"}, "name": {"type": "string"}}}}
                           for key in ("person", "organization", "city")}}}},
}
