"""Web stage: the Flask application (factory, blueprints, security headers, error pages).

Run it with `searchapp serve`, or in production under gunicorn:
`gunicorn -w 2 'searchapp.web:create_app()'`. Settings come from the environment
(:class:`searchapp.config.Config`: `SEARCHAPP_INDEX`, `SEARCHAPP_PAGE_SIZE`, `SEARCHAPP_EMBED_ORIGINS`),
and a mapping passed to the factory overrides them.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote, urlencode

from flask import Flask, render_template, request
from werkzeug.routing import PathConverter

from ..config import Config
from ..facets import BY_KEY, FACETS
from ..search import IndexDamaged, IndexMissing, SearchEngine, has_cyrillic
from .i18n import current_language, date_label, month_name, notice_text, translate


def _templates() -> Path:
    """The templates: searchapp/templates in an installed wheel, which is the repository's top-level
    templates/ in a checkout (pyproject.toml maps one to the other)."""
    package = Path(__file__).resolve().parents[1]
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


class DocIdConverter(PathConverter):
    """A document id in a URL: a path, which may hold any character but a leading "/" (a file name can
    contain a newline, which Werkzeug's own path converter does not match)."""

    regex = "[^/](?s:.*?)"


def create_app(config: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder=str(_templates()), static_folder="static")
    settings = Config.from_env()
    app.config.update(INDEX=str(settings.index), PAGE_SIZE=settings.page_size, EMBED_ORIGINS=settings.embed_origins,
                      SEND_FILE_MAX_AGE_DEFAULT=86400, CONTENT_SECURITY_POLICY=CONTENT_SECURITY_POLICY)
    app.config.update(config or {})
    app.extensions["searchapp.engine"] = SearchEngine(Path(app.config["INDEX"]))
    app.url_map.converters["doc_id"] = DocIdConverter

    from . import api, batch, browse, embed, exports, views

    app.register_blueprint(views.bp)
    app.register_blueprint(browse.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(embed.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(batch.bp)
    app.context_processor(_template_context)
    app.add_template_filter(month_name)
    app.add_template_filter(date_label)
    app.add_template_test(lambda value: len(value) == 4, "match_year")
    app.add_template_test(has_cyrillic, "cyrillic")
    app.after_request(_headers)
    _error_pages(app)
    return app


def _template_context() -> dict:
    """What every template may use: the interface language and its translations, the facet vocabulary."""
    ui = current_language()

    def switch_language(code: str) -> str:
        args = request.args.copy()
        args["hl"] = code
        return quote(request.path) + "?" + urlencode(list(args.items(multi=True)))

    from .browse import entity_url

    return {"ui": ui, "_": lambda text, **values: translate(text, ui, **values), "entity_url": entity_url,
            "facet_list": FACETS, "facet_of": BY_KEY,
            "notice_text": lambda notice: notice_text(notice, ui), "switch_language": switch_language}


def _headers(response):
    """Security headers on every response, CORS on the API, Vary, and the remembered interface language."""
    from flask import current_app

    from . import embed

    response.headers.setdefault("Content-Security-Policy", current_app.config["CONTENT_SECURITY_POLICY"])
    if request.path.startswith("/api/"):
        embed.cors(response)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    if request.endpoint != "static":
        response.vary.add("HX-Request")
        # The interface language comes from ?hl=, the hl cookie or Accept-Language.
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
    asked = request.args.get("hl")
    if asked in ("en", "ru") and request.cookies.get("hl") != asked:
        response.set_cookie("hl", asked, max_age=365 * 86400, samesite="Lax", secure=request.is_secure)
    return response


def _error_page(status: int, title: str, text: str):
    """An error as the API's JSON or as a page, in the interface language."""
    if request.path.startswith("/api/"):
        return {"error": title, "message": text}, status
    return render_template("error.html", status=status, title=title, text=text), status


def _error_pages(app: Flask) -> None:
    def message(status: int, title: str, text: str):
        ui = current_language()
        return _error_page(status, translate(title, ui), translate(text, ui))

    app.register_error_handler(404, lambda _: message(404, "Not found", "There is no article with this address."))
    app.register_error_handler(400, lambda _: message(400, "Bad request",
                                                      "The request could not be handled. Please try again."))
    app.register_error_handler(500, lambda _: message(500, "Something went wrong",
                                                      "The request could not be handled. Please try again."))

    @app.errorhandler(405)
    def method_not_allowed(exc):
        response = message(405, "Method not allowed", "This address only answers GET requests.")
        return (*response, {"Allow": ", ".join(exc.valid_methods or ["GET"])})

    @app.errorhandler(IndexMissing)
    def no_index(exc):
        app.logger.error("index unavailable: %s", exc)
        title = "The index cannot be read." if isinstance(exc, IndexDamaged) else "The index is empty."
        return _error_page(503, translate(title, current_language()), str(exc))


def engine() -> SearchEngine:
    from flask import current_app

    return current_app.extensions["searchapp.engine"]


def document_or_404(doc_id: str) -> dict:
    """The stored article, for the page and the API alike; 404 when the index has no such id."""
    from flask import abort

    doc = engine().document(doc_id)
    if doc is None:
        abort(404)
    return doc
