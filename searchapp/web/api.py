"""The read-only JSON API: search, documents, and its OpenAPI description."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request, url_for

from ..facets import FACETS
from . import batch, document_or_404, engine, exports
from .browse import entity_url
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
                             page_size=size, names_lang=current_language(), fold=state.fold)
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
        "translations": [{k: t.get(k) for k in ("id", "lang", "title", "original_source")} for t in doc["translations"]],
        "copies": [{k: c.get(k) for k in ("id", "source", "title")} for c in doc["copies"]],
        "facets": {
            facet.key: [{"value": v["id"], "name": engine().display_name(v["id"], ui)}
                        for v in doc["entities"].get(facet.plural, [])]
            for facet in FACETS
        },
    })


@bp.get("/entity/<path:value>")
def entity(value: str):
    """A person's, organisation's or city's profile: names, articles by year, co-occurring values."""
    profile = engine().entity(value, current_language())
    if profile is None:
        abort(404)

    def listed(values) -> list[dict]:
        return [{"value": v.value, "name": v.name, "count": v.count} for v in values]

    return jsonify({
        "id": profile.id, "facet": profile.facet, "name": profile.name, "names": profile.names,
        "aliases": profile.aliases, "count": profile.count,
        "url": entity_url(profile.id, external=True),
        "years": [{"year": v.value, "count": v.count} for v in profile.years], "undated": profile.undated,
        "related": {facet: listed(values) for facet, values in profile.related.items()},
    })


@bp.get("/values/<any(person, organization, city):facet>")
def values(facet: str):
    """A facet's values for a search: those matching `match` (any word of a name, either script), or
    under one `letter`, with their counts; paged by `start` and `size`."""
    state = SearchState.from_args(request.args)
    try:
        start = max(0, int(request.args.get("start", 0)))
        size = min(max(int(request.args.get("size", 50)), 1), 500)
    except ValueError:
        start, size = 0, 50
    page = engine().facet_page(facet, state.q, state.filters(), match=(request.args.get("match") or "")[:100],
                               letter=(request.args.get("letter") or "")[:1].upper(), names_lang=current_language(),
                               offset=start, limit=size)
    return jsonify({"facet": page.facet, "total": page.total, "start": page.offset, "initials": page.initials,
                    "values": [{"value": v.value, "name": v.name, "count": v.count, "selected": v.selected}
                               for v in page.values]})


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
        param("date", "A year (YYYY, 0001-9999), a month (YYYY-MM), a day (YYYY-MM-DD), or \"undated\" for the "
              "articles without a date. The date facet counts the days of a month when the date filter lies in one",
              {"type": "string",
               "pattern": r"^(000[1-9]|00[1-9]\d|0[1-9]\d{2}|[1-9]\d{3})(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$|^undated$"}),
        param("from", "From date, inclusive", {"type": "string", "format": "date"}),
        param("to", "To date, inclusive", {"type": "string", "format": "date"}),
        param("lang", "Article language", {"type": "string", "enum": ["en", "ru"]}, many=True),
        param("sort", "Order", {"type": "string", "enum": ["relevance", "newest", "oldest"]}),
        param("page", "Page number (1-1000)", {"type": "integer", "minimum": 1}),
        param("size", "Results per page (1-100)", {"type": "integer", "minimum": 1, "maximum": 100}),
        param("hl", "Language of display names", {"type": "string", "enum": ["en", "ru"]}),
        param("fold", "0: every article its own hit; otherwise (the default) a translation pair and the copies of "
              "one text are one hit", {"type": "string", "enum": ["0", "1"]}),
    ]


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


_STRING_OR_NULL = {"type": "string", "nullable": True}
_TRANSLATION = {"type": "object", "required": ["id", "lang", "title"], "properties": {
    "id": {"type": "string"}, "lang": {"type": "string", "enum": ["en", "ru"]}, "title": {"type": "string"},
    "original_source": _STRING_OR_NULL}}
_COPY = {"type": "object", "required": ["id", "source", "title"], "properties": {
    "id": {"type": "string"}, "source": _STRING_OR_NULL, "title": {"type": "string"}}}
_ERRORS = {
    "400": _json(_ref("Error"), "A request that cannot be handled"),
    "405": _json(_ref("Error"), "Only GET is answered"),
    "503": _json(_ref("Error"), "The index is missing or cannot be read; the message says how to rebuild it"),
    "413": _json(_ref("Error"), "The request is too large"),
}
_SCHEMAS = {
    "Translation": _TRANSLATION,
    "Copy": _COPY,
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
        "translations": {"type": "array", "items": _TRANSLATION,
                         "description": "the article in the other language (folded into this hit unless fold=0)"},
        "copies": {"type": "array", "items": _COPY,
                   "description": "the same text published under other names (folded into this hit unless fold=0)"},
        "url": {"type": "string"}}},
    "SearchResult": {
        "type": "object", "additionalProperties": False,
        "required": ["query", "total", "articles", "fold", "page", "page_size", "sort", "message", "suggestion",
                     "results", "facet_totals", "facets"],
        "properties": {
            "query": {"type": "string"},
            "total": {"type": "integer", "minimum": 0,
                      "description": "hits: with fold, a translation pair or the copies of one text count once"},
            "articles": {"type": "integer", "minimum": 0,
                         "description": "matching articles, each counted (as the facet counts count them)"},
            "fold": {"type": "boolean"},
            "page": {"type": "integer", "minimum": 1}, "page_size": {"type": "integer", "minimum": 1},
            "sort": {"type": "string", "enum": ["relevance", "newest", "oldest"]},
            "message": _STRING_OR_NULL, "suggestion": _STRING_OR_NULL,
            "results": {"type": "array", "items": _ref("Hit")},
            "facet_totals": {"type": "object", "additionalProperties": False,
                             "description": "How many values each entity facet has for the search in all",
                             "properties": {f.key: {"type": "integer", "minimum": 0} for f in FACETS}},
            "facets": {"type": "object", "additionalProperties": False,
                       "required": [*(f.key for f in FACETS), "date", "lang"],
                       "properties": {name: {"type": "array", "items": _ref("FacetValue")}
                                      for name in (*(f.key for f in FACETS), "date", "lang")}}}},
    "Document": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "url", "title", "date", "lang", "source", "original_source", "translator", "author",
                     "source_url", "labels", "translation_of", "summary", "headline", "body", "translations", "copies",
                     "facets"],
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
            "translations": {"type": "array", "items": _TRANSLATION}, "copies": {"type": "array", "items": _COPY},
            "facets": {"type": "object", "additionalProperties": False, "properties": {
                f.key: {"type": "array", "items": {"type": "object", "required": ["value", "name"], "properties": {
                    "value": {"type": "string"}, "name": {"type": "string"}}}} for f in FACETS}}}},
    "Entity": {
        "type": "object", "additionalProperties": False,
        "required": ["id", "facet", "name", "names", "aliases", "count", "url", "years", "undated", "related"],
        "properties": {
            "id": {"type": "string"}, "facet": {"type": "string", "enum": [f.key for f in FACETS]},
            "name": {"type": "string"}, "names": {"type": "array", "items": {"type": "string"}},
            "aliases": {"type": "array", "items": {"type": "string"}}, "count": {"type": "integer", "minimum": 1},
            "url": {"type": "string"},
            "years": {"type": "array", "items": {"type": "object", "required": ["year", "count"], "properties": {
                "year": {"type": "string"}, "count": {"type": "integer", "minimum": 1}}}},
            "undated": {"type": "integer", "minimum": 0},
            "related": {"type": "object", "additionalProperties": False, "properties": {
                f.key: {"type": "array", "items": {"type": "object", "required": ["value", "name", "count"],
                                                   "properties": {"value": {"type": "string"}, "name": {"type": "string"},
                                                                  "count": {"type": "integer", "minimum": 1}}}}
                for f in FACETS}}}},
    "ValuePage": {
        "type": "object", "additionalProperties": False, "required": ["facet", "total", "start", "initials", "values"],
        "properties": {
            "facet": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
            "start": {"type": "integer", "minimum": 0},
            "initials": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 1},
                         "description": "How many of the matching values start with each initial"},
            "values": {"type": "array", "items": _ref("FacetValue")}}},
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
            "/api/entity/{id}": {"get": {
                "summary": "One person, organization or city: names, articles by year, co-occurring values",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"},
                                "description": "A facet value id, e.g. person:grlv-an or city:2023469"}],
                "responses": {"200": _json(_ref("Entity"), "The entity's profile"),
                              "404": _json(_ref("Error"), "No article has this value"), **_ERRORS},
            }},
            "/api/values/{facet}": {"get": {
                "summary": "A facet's values for a search, found by name in either script or by initial",
                "parameters": [
                    {"name": "facet", "in": "path", "required": True,
                     "schema": {"type": "string", "enum": [f.key for f in FACETS]}},
                    {"name": "match", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "Words that start words of a value's names, in either script"},
                    {"name": "letter", "in": "query", "required": False, "schema": {"type": "string"},
                     "description": "An initial: the values listed under it, A–Z"},
                    {"name": "start", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0}},
                    {"name": "size", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 500}},
                    *(p for p in _parameters() if p["name"] not in ("page", "size", "sort"))],
                "responses": {"200": _json(_ref("ValuePage"), "The values, most frequent first (A–Z under a letter)"),
                              **_ERRORS},
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
            **exports.openapi_paths(_parameters(), _ERRORS),
            **batch.openapi_paths(_ERRORS),
        },
        "components": {"schemas": {**_SCHEMAS, **exports.EXPORT_SCHEMAS, **batch.BATCH_SCHEMAS}},
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document(request.host_url.rstrip("/")))
