"""The read-only JSON API: search, documents, and its OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request, url_for

from ..facets import FACETS
from . import document_or_404, engine
from .i18n import current_language, notice_text
from .params import SearchState

bp = Blueprint("api", __name__, url_prefix="/api")


@bp.get("/search")
def search():
    state = SearchState.from_args(request.args)
    try:
        size = min(max(int(request.args.get("size", current_app.config["PAGE_SIZE"])), 1), 100)
    except ValueError:
        size = current_app.config["PAGE_SIZE"]
    result = engine().search(state.q, state.filters(), sort=state.sort or "relevance", page=state.page,
                             page_size=size, names_lang=current_language())
    data = result.to_dict()
    for hit in data["results"]:
        hit["url"] = url_for("pages.document", doc_id=hit["id"], _external=True)
    ui = current_language()
    data["message"] = " ".join(notice_text(n, ui) for n in (*state.problems, *result.notices)) or None
    return jsonify(data)


@bp.get("/doc/<doc_id:doc_id>")
def document(doc_id: str):
    doc = document_or_404(doc_id)
    ui = current_language()
    return jsonify({
        "id": doc["id"],
        "url": url_for("pages.document", doc_id=doc["id"], _external=True),
        "title": doc.get("title"),
        "date": doc.get("date"),
        "lang": doc.get("lang"),
        "source": doc.get("source"),
        "original_source": doc.get("original_source"),
        "translator": doc.get("translator"),
        "summary": doc.get("summary"),
        "headline": doc.get("headline"),
        "body": doc.get("body"),
        "facets": {
            facet.key: [{"value": v["id"], "name": engine().display_name(v["id"], ui)}
                        for v in doc["entities"].get(facet.plural, [])]
            for facet in FACETS
        },
    })


def _parameters() -> list[dict]:
    def param(name: str, description: str, schema: dict | None = None, many: bool = False) -> dict:
        schema = schema or {"type": "string"}
        return {"name": name, "in": "query", "required": False, "description": description,
                "schema": {"type": "array", "items": schema} if many else schema,
                **({"style": "form", "explode": True} if many else {})}

    return [
        param("q", "Query: words (all must match), \"phrases\", OR, -word, title:, person:, org:, city:, wildcards*"),
        *(param(f.param, f"{f.label['en']} id or name (repeat for OR)", many=True) for f in FACETS),
        *(param(f.exclude_param, f"Exclude articles about this {f.label['en'].lower()}", many=True) for f in FACETS),
        param("date", "A year (YYYY, 0001-9999), a month (YYYY-MM), or \"undated\" for the articles without a date",
              {"type": "string", "pattern": r"^(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})(-(0[1-9]|1[0-2]))?$|^undated$"}),
        param("from", "From date, inclusive", {"type": "string", "format": "date"}),
        param("to", "To date, inclusive", {"type": "string", "format": "date"}),
        param("lang", "Article language", {"type": "string", "enum": ["en", "ru"]}, many=True),
        param("sort", "Order", {"type": "string", "enum": ["relevance", "newest", "oldest"]}),
        param("page", "Page number (1-1000)", {"type": "integer", "minimum": 1}),
        param("size", "Results per page (1-100)", {"type": "integer", "minimum": 1, "maximum": 100}),
        param("hl", "Language of display names", {"type": "string", "enum": ["en", "ru"]}),
    ]


_FACET_VALUE = {"type": "object", "properties": {
    "value": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer"},
    "selected": {"type": "boolean"}}}


@bp.get("/openapi.json")
def openapi():
    return jsonify({
        "openapi": "3.0.3",
        "info": {"title": "searchapp archive search API", "version": "1",
                 "description": "Read-only search over a bilingual (English/Russian) news archive."},
        "servers": [{"url": request.host_url.rstrip("/")}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search articles, with facet counts",
                "parameters": _parameters(),
                "responses": {"200": {"description": "A page of results", "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "query": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
                        "page_size": {"type": "integer"}, "sort": {"type": "string"},
                        "message": {"type": "string", "nullable": True},
                        "suggestion": {"type": "string", "nullable": True},
                        "results": {"type": "array", "items": {"type": "object", "properties": {
                            "id": {"type": "string"}, "title": {"type": "string"},
                            "date": {"type": "string", "format": "date", "nullable": True},
                            "lang": {"type": "string"}, "source": {"type": "string", "nullable": True},
                            "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"},
                            "url": {"type": "string"}}}},
                        "facets": {"type": "object", "properties": {
                            name: {"type": "array", "items": _FACET_VALUE}
                            for name in (*(f.key for f in FACETS), "date", "lang")}},
                    }}}}}},
            }},
            "/api/doc/{id}": {"get": {
                "summary": "One article: metadata, text and facet values",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "The article's path in the corpus, e.g. en/2019-04-kemerovo-lawyers.txt"}],
                "responses": {"200": {"description": "The article"}, "404": {"description": "No such article"}},
            }},
        },
    })
