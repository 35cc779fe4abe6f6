"""Embedding: the script widget, the framable page, their help page, OpenSearch and suggestions.

Partner sites put the archive's search box on their pages with one script tag (`/embed.js`, which
renders into its own Shadow DOM) or, where third-party scripts are not allowed, an iframe of `/embed`.
The read-only JSON API answers cross-origin requests from the origins in `SEARCHAPP_EMBED_ORIGINS`
(default: any), and only `/embed` may be framed by them.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request, send_from_directory, url_for

from ..facets import FACETS
from . import engine
from .i18n import LANGUAGES, current_language, translate

bp = Blueprint("embed", __name__)

WIDGET_OPTIONS = ("placeholder", "lang", "results", "new-tab", *(f.param for f in FACETS))


def allowed_origins() -> list[str]:
    """The configured origins, or ["*"] for any."""
    value = current_app.config.get("EMBED_ORIGINS", "*")
    origins = value if isinstance(value, (list, tuple)) else str(value).replace(",", " ").split()
    return [o.rstrip("/") for o in origins] or ["*"]


def cors(response):
    """CORS headers for the read-only API and the widget's script."""
    origins = allowed_origins()
    origin = request.headers.get("Origin", "")
    if "*" in origins:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin in origins:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        response.vary.add("Origin")
    response.headers["Access-Control-Allow-Methods"] = "GET, OPTIONS"
    response.headers["Access-Control-Max-Age"] = "86400"
    return response


def frame_ancestors() -> str:
    origins = allowed_origins()
    return "*" if "*" in origins else " ".join(["'self'", *origins])


@bp.get("/embed.js")
def script():
    response = send_from_directory(current_app.static_folder, "embed.js", mimetype="text/javascript",
                                   max_age=3600)
    return cors(response)


@bp.get("/embed")
def frame():
    options = {name: request.args.get(name, "")[:200] for name in WIDGET_OPTIONS if request.args.get(name)}
    # The frame speaks the language the host asked for (`lang`), like the widget, else the reader's.
    ui = options["lang"] if options.get("lang") in LANGUAGES else current_language()
    page = render_template("embed.html", options=options, ui=ui, _=lambda text, **values: translate(text, ui, **values))
    response = current_app.make_response(page)
    policy = current_app.config["CONTENT_SECURITY_POLICY"].replace("frame-ancestors 'self'",
                                                                   f"frame-ancestors {frame_ancestors()}")
    response.headers["Content-Security-Policy"] = policy
    return response


@bp.get("/embed/help")
def help_page():
    base = request.host_url.rstrip("/")
    return render_template("embed_help.html", base=base)


@bp.get("/opensearch.xml")
def opensearch():
    base = request.host_url.rstrip("/")
    body = render_template("opensearch.xml", base=base, search=url_for("pages.search"),
                           suggest=url_for("embed.suggest"), feed=url_for("exports.feed"))
    return current_app.response_class(body, mimetype="application/opensearchdescription+xml")


@bp.get("/api/suggest")
def suggest():
    """OpenSearch suggestions: [query, [completions...]]."""
    q = request.args.get("q", "")[:100]
    try:
        limit = min(max(int(request.args.get("limit", 10)), 1), 20)
    except ValueError:
        limit = 10
    return jsonify([q, engine().suggest(q, limit)])
