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
        "author": doc.get("author"),
        "source_url": doc.get("source_url"),
        "labels": doc.get("labels") or {},
        "translation_of": doc.get("translation_of"),
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
        param("q", "Query: words (all must match), \"phrases\", OR, -word, title:, person:, org:, city:, tag:, category:, wildcards*"),
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


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


_STRING_OR_NULL = {"type": "string", "nullable": True}
_ERRORS = {
    "400": _json(_ref("Error"), "A request that cannot be handled"),
    "405": _json(_ref("Error"), "Only GET is answered"),
    "503": _json(_ref("Error"), "The index is missing or cannot be read; the message says how to rebuild it"),
}
_SCHEMAS = {
    "FacetValue": {"type": "object", "required": ["value", "name", "count", "selected"], "properties": {
        "value": {"type": "string"}, "name": {"type": "string"}, "count": {"type": "integer", "minimum": 0},
        "selected": {"type": "boolean"}}},
    "Hit": {"type": "object", "required": ["id", "title", "date", "lang", "source", "snippet", "url"], "properties": {
        "id": {"type": "string"}, "title": {"type": "string"},
        "date": {"type": "string", "format": "date", "nullable": True},
        "lang": {"type": "string", "enum": ["en", "ru"]}, "source": _STRING_OR_NULL,
        "snippet": {"type": "string", "description": "HTML: escaped text, matches in <mark>"},
        "missing": {"type": "array", "items": {"type": "string"},
                    "description": "the query's words this article lacks (shown when no article has them all)"},
        "url": {"type": "string"}}},
    "SearchResult": {
        "type": "object", "additionalProperties": False,
        "required": ["query", "total", "page", "page_size", "sort", "message", "suggestion", "results", "facets"],
        "properties": {
            "query": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1}, "page_size": {"type": "integer", "minimum": 1},
            "sort": {"type": "string", "enum": ["relevance", "newest", "oldest"]},
            "message": _STRING_OR_NULL, "suggestion": _STRING_OR_NULL,
            "results": {"type": "array", "items": _ref("Hit")},
            "facets": {"type": "object", "additionalProperties": False,
                       "required": [*(f.key for f in FACETS), "date", "lang"],
                       "properties": {name: {"type": "array", "items": _ref("FacetValue")}
                                      for name in (*(f.key for f in FACETS), "date", "lang")}}}},
    "Document": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "url", "title", "date", "lang", "source", "original_source", "translator", "author",
                     "source_url", "labels", "translation_of", "summary", "headline", "body", "facets"],
        "properties": {
            "id": {"type": "string"}, "url": {"type": "string"}, "title": {"type": "string"},
            "date": {"type": "string", "format": "date", "nullable": True},
            "lang": {"type": "string", "enum": ["en", "ru"]}, "source": _STRING_OR_NULL,
            "original_source": _STRING_OR_NULL, "translator": _STRING_OR_NULL, "author": _STRING_OR_NULL,
            "source_url": {**_STRING_OR_NULL, "description": "where the article is published (a feed item's or "
                           "exported post's link, a page's canonical URL)"},
            "labels": {"type": "object", "description": "the site's categories and tags",
                       "properties": {k: {"type": "array", "items": {"type": "string"}} for k in ("category", "tag")}},
            "translation_of": {**_STRING_OR_NULL, "description": "id of the document this one translates"},
            "summary": _STRING_OR_NULL,
            "headline": _STRING_OR_NULL, "body": {"type": "string"},
            "facets": {"type": "object", "additionalProperties": False, "properties": {
                f.key: {"type": "array", "items": {"type": "object", "required": ["value", "name"], "properties": {
                    "value": {"type": "string"}, "name": {"type": "string"}}}} for f in FACETS}}}},
    "Suggestions": {"type": "array", "minItems": 2, "maxItems": 2,
                    "description": "OpenSearch suggestions: the query, then the completions",
                    "items": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}},
    "Error": {"type": "object", "required": ["error", "message"], "additionalProperties": False,
              "properties": {"error": {"type": "string"}, "message": {"type": "string"}}},
}


def openapi_document(server: str) -> dict:
    """The OpenAPI 3 description of the JSON API (tests validate the answers against it)."""
    return {
        "openapi": "3.0.3",
        "info": {"title": "searchapp archive search API", "version": "1",
                 "description": "Read-only search over a bilingual (English/Russian) news archive."},
        "servers": [{"url": server}],
        "paths": {
            "/api/search": {"get": {
                "summary": "Search articles, with facet counts",
                "parameters": _parameters(),
                "responses": {"200": _json(_ref("SearchResult"), "A page of results"), **_ERRORS},
            }},
            "/api/doc/{id}": {"get": {
                "summary": "One article: metadata, text and facet values",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "The article's path in the corpus, e.g. en/2019-04-kemerovo-lawyers.txt"}],
                "responses": {"200": _json(_ref("Document"), "The article"),
                              "404": _json(_ref("Error"), "No such article"), **_ERRORS},
            }},
            "/api/suggest": {"get": {
                "summary": "Completions for a typed prefix (OpenSearch suggestions)",
                "parameters": [
                    {"name": "q", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "The prefix typed so far"},
                    {"name": "limit", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 20}}],
                "responses": {"200": _json(_ref("Suggestions"), "Titles and names that start like the prefix"),
                              **_ERRORS},
            }},
        },
        "components": {"schemas": _SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(request.host_url.rstrip("/")))
