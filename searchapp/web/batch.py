"""Names in bulk: `/batch` (paste or upload a list of names) and `/api/batch`, as a page, JSON or CSV.

Each name gets the number of articles a search for it finds and the entities it names, with links to
both; the list may be in either script, one name a line, as typed or as a file (UTF-8, UTF-16 with a
byte-order mark, or the Windows Cyrillic code page spreadsheets still write).
"""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request, url_for

from ..facets import BY_KEY
from ..search import MAX_NAMES, clean_names, decode_names
from . import engine
from .i18n import current_language, translate

bp = Blueprint("batch", __name__)

MAX_UPLOAD_BYTES = 2_000_000
CSV_COLUMNS = ("name", "articles", "search_url", "entities", "entity_ids", "entity_articles", "entity_urls")


class TooLarge(ValueError):
    pass


def submitted_names() -> tuple[list[str], bool]:
    """The names of the request (form field `names`, an uploaded `file`, `name` parameters, or a plain
    text body), cleaned, and whether the list was cut to MAX_NAMES."""
    if (request.content_length or 0) > MAX_UPLOAD_BYTES:
        raise TooLarge
    text = "\n".join(request.values.getlist("name"))
    text += "\n" + request.form.get("names", "")
    upload = request.files.get("file")
    if upload and upload.filename:
        text += "\n" + decode_names(upload.read(MAX_UPLOAD_BYTES + 1)[:MAX_UPLOAD_BYTES])
    if request.mimetype == "text/plain":
        text += "\n" + decode_names(request.get_data(cache=False))
    lines = text.splitlines()
    return clean_names(lines), len({line.strip() for line in lines if line.strip()}) > MAX_NAMES


def rows(names: list[str]) -> list[dict]:
    """Each name's look-up with the links of the page and the API: the search for it, each entity's
    articles."""
    ui = current_language()
    found = []
    for match in engine().look_up_names(names, names_lang=ui):
        entities = [{**e, "url": url_for("pages.search", _external=True) + "?" + urlencode({BY_KEY[e["facet"]].param: e["value"]})}
                    for e in match.entities]
        found.append({"name": match.name, "articles": match.articles,
                      "url": url_for("pages.search", _external=True) + "?" + urlencode({"q": match.name}),
                      "entities": entities})
    return found


def csv_response(found: list[dict]) -> Response:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs read UTF-8 (and so Cyrillic) only after a byte-order mark
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in found:
        entities = row["entities"]
        writer.writerow((row["name"], row["articles"], row["url"], ";".join(e["name"] for e in entities),
                         ";".join(e["value"] for e in entities), ";".join(str(e["count"]) for e in entities),
                         ";".join(e["url"] for e in entities)))
    return Response(buffer.getvalue(), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="archive-names.csv"'})


def _too_large(as_page: bool = False):
    ui = current_language()
    title = translate("Bad request", ui)
    text = translate("The list is too large (at most {n} MB).", ui, n=MAX_UPLOAD_BYTES // 1_000_000)
    if as_page:
        return render_template("error.html", status=413, title=title, text=text), 413
    return {"error": title, "message": text}, 413


@bp.route("/api/batch", methods=["GET", "POST"])
def api():
    try:
        names, cut = submitted_names()
    except TooLarge:
        return _too_large()
    found = rows(names)
    if request.args.get("format") == "csv":
        return csv_response(found)
    return {"names": found, "truncated": cut, "max_names": MAX_NAMES}


@bp.route("/batch", methods=["GET", "POST"])
def page():
    try:
        names, cut = submitted_names() if request.method == "POST" else ([], False)
    except TooLarge:
        return _too_large(as_page=True)
    if request.method == "POST" and request.form.get("format") == "csv":
        return csv_response(rows(names))
    return render_template("batch.html", names=names, found=rows(names) if names else [], cut=cut,
                           max_names=MAX_NAMES, submitted=request.method == "POST")


def openapi_paths(errors: dict) -> dict:
    """The names-in-bulk part of the OpenAPI document."""
    fmt = {"name": "format", "in": "query", "required": False, "description": "json (the default) or csv",
           "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"}}
    answers = {"200": {"description": "Each name with its article count and the entities it names", "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/BatchResult"}},
        "text/csv": {"schema": {"type": "string", "description": "UTF-8 with a byte-order mark; columns "
                                                                  + ", ".join(CSV_COLUMNS)}}}},
               "413": errors["413"]}
    return {"/api/batch": {
        "get": {"summary": "Look up names in bulk (a few: repeat `name`)",
                "parameters": [{"name": "name", "in": "query", "required": False, "style": "form", "explode": True,
                                "schema": {"type": "array", "items": {"type": "string"}},
                                "description": "A name in either script (repeat for more)"}, fmt],
                "responses": answers},
        "post": {"summary": "Look up names in bulk: a list of up to 5,000, one a line",
                 "parameters": [fmt],
                 "requestBody": {"required": True, "content": {
                     "text/plain": {"schema": {"type": "string", "description": "One name a line"}},
                     "multipart/form-data": {"schema": {"type": "object", "properties": {
                         "names": {"type": "string", "description": "One name a line"},
                         "file": {"type": "string", "format": "binary",
                                  "description": "A text file of names: UTF-8, UTF-16 or Windows-1251"}}}}}},
                 "responses": answers}}}


BATCH_SCHEMAS = {
    "BatchResult": {"type": "object", "additionalProperties": False, "required": ["names", "truncated", "max_names"],
                    "properties": {
                        "names": {"type": "array", "items": {"$ref": "#/components/schemas/NameMatch"}},
                        "truncated": {"type": "boolean", "description": "the list had more than max_names names"},
                        "max_names": {"type": "integer"}}},
    "NameMatch": {"type": "object", "additionalProperties": False, "required": ["name", "articles", "url", "entities"],
                  "properties": {
                      "name": {"type": "string"},
                      "articles": {"type": "integer", "minimum": 0,
                                   "description": "articles a search for the name finds (either script)"},
                      "url": {"type": "string", "description": "the search page of the name"},
                      "entities": {"type": "array", "items": {
                          "type": "object", "additionalProperties": False,
                          "required": ["facet", "value", "name", "count", "url"],
                          "properties": {"facet": {"type": "string", "enum": ["person", "organization", "city"]},
                                         "value": {"type": "string"}, "name": {"type": "string"},
                                         "count": {"type": "integer", "minimum": 0},
                                         "url": {"type": "string"}}}}}},
}
