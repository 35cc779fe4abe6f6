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
from ..search import IndexDamaged, IndexMissing, SearchEngine
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

    from . import api, embed, views

    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(embed.bp)

    @app.context_processor
    def language():
        ui = current_language()

        def switch_language(code: str) -> str:
            args = request.args.copy()
            args["hl"] = code
            return quote(request.path) + "?" + urlencode(list(args.items(multi=True)))

        return {"ui": ui, "_": lambda text, **values: translate(text, ui, **values),
                "facet_list": FACETS, "facet_of": BY_KEY,
                "notice_text": lambda notice: notice_text(notice, ui), "switch_language": switch_language}

    app.add_template_filter(month_name)
    app.add_template_filter(date_label)
    app.add_template_test(lambda value: len(value) == 4, "match_year")

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", app.config["CONTENT_SECURITY_POLICY"])
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

    def error_page(status: int, title: str, text: str):
        if request.path.startswith("/api/"):
            return {"error": title, "message": text}, status
        return render_template("error.html", status=status, title=title, text=text), status

    @app.errorhandler(404)
    def not_found(_):
        ui = current_language()
        return error_page(404, translate("Not found", ui), translate("There is no article with this address.", ui))

    @app.errorhandler(400)
    def bad_request(_):
        ui = current_language()
        return error_page(400, translate("Bad request", ui),
                          translate("The request could not be handled. Please try again.", ui))

    @app.errorhandler(405)
    def method_not_allowed(exc):
        ui = current_language()
        response = error_page(405, translate("Method not allowed", ui),
                              translate("This address only answers GET requests.", ui))
        return (*response, {"Allow": ", ".join(exc.valid_methods or ["GET"])})

    @app.errorhandler(IndexMissing)
    def no_index(exc):
        app.logger.error("index unavailable: %s", exc)
        title = "The index cannot be read." if isinstance(exc, IndexDamaged) else "The index is empty."
        return error_page(503, translate(title, current_language()), str(exc))

    @app.errorhandler(500)
    def server_error(_):
        ui = current_language()
        return error_page(500, translate("Something went wrong", ui),
                          translate("The request could not be handled. Please try again.", ui))

    return app


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
