"""The `searchapp` command: index, search, serve, extract, entities."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from . import index
from .corpus import DEFAULT_MAX_BYTES, Skipped, parse_date, read_document
from .entities import DEFAULT_SPACY_MODEL, EntityExtractor
from .facets import KEYS, PLURALS
from .search import Filters, SearchEngine


def _corpus_default() -> Path:
    return Path(os.environ.get("SEARCHAPP_CORPUS", "corpus"))


def _index_default() -> Path:
    return Path(os.environ.get("SEARCHAPP_INDEX", "index"))


def _date(text: str) -> dt.date:
    value = parse_date(text)
    if value is None:
        match = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", text.strip())
        if not match:
            raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD, YYYY-MM or YYYY)")
        value = dt.date(int(match.group(1)), int(match.group(2) or 1), 1)
    return value


def _date_to(text: str) -> dt.date:
    """An end date: a bare year or month means its last day."""
    value = _date(text)
    if re.fullmatch(r"\d{4}", text.strip()):
        return dt.date(value.year, 12, 31)
    if re.fullmatch(r"\d{4}-\d{1,2}", text.strip()):
        next_month = dt.date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return next_month - dt.timedelta(days=1)
    return value


def cmd_index(args: argparse.Namespace) -> int:
    settings = index.Settings(
        corpus=args.corpus,
        index=args.index,
        workers=args.workers,
        spacy_model=args.spacy_model,
        max_bytes=args.max_bytes,
        progress=not args.quiet,
        models=not getattr(args, "no_models", False),
    )
    try:
        report = index.build(settings, full=args.full)
    except (ValueError, index.IndexBusy) as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        if exc.errno is None:  # the corpus folder is missing: the message says so
            print(f"searchapp: {exc}", file=sys.stderr)
        else:  # the index folder cannot be made or written (permissions, a full disk)
            print(f"searchapp: cannot write the index in {settings.index}: {exc.strerror}"
                  + (f" ({exc.filename})" if exc.filename else ""), file=sys.stderr)
        return 2
    print(report.summary())
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    engine = SearchEngine(args.index)
    filters = Filters(person=args.person, organization=args.org, city=args.city,
                      date_from=args.date_from, date_to=args.date_to, lang=args.lang)
    sort = {"date": "newest"}.get(args.sort, args.sort)
    try:
        result = engine.search(" ".join(args.query), filters, sort=sort, page=args.page, page_size=args.size)
    except index.IndexMissing as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if result.message:
        print(f"note: {result.message}")
    first = (result.page - 1) * result.page_size
    print(f"{result.total} documents" + (f", showing {first + 1}-{first + len(result.results)}" if result.results else ""))
    for i, hit in enumerate(result.results, first + 1):
        print(f"\n{i}. {hit.title}\n   {hit.date or 'no date'} · {hit.lang} · {hit.source or 'no source'} · {hit.id}")
        print("   " + _terminal_marks(hit.snippet))
    for name, values in result.facets.items():
        if values:
            shown = ", ".join(f"{v.name} ({v.count})" for v in values[:10])
            print(f"\n{name}: {shown}")
    return 0


def _terminal_marks(snippet: str) -> str:
    """Snippet HTML for a terminal: matches in bold where the output is a terminal, else in [brackets]."""
    import html

    bold, plain = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("[", "]")
    return html.unescape(snippet.replace("<mark>", bold).replace("</mark>", plain))


def cmd_extract(args: argparse.Namespace) -> int:
    try:
        extractor = EntityExtractor(args.spacy_model, args.entities)
    except ValueError as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    status = 0
    for path in args.paths:
        path = Path(path)
        root = path.parent
        result = read_document(path, root, args.max_bytes)
        if isinstance(result, Skipped):
            print(f"searchapp: skipped {path}: {result.reason}", file=sys.stderr)
            status = 1
            continue
        entities = extractor.extract(result)
        record = {
            "path": str(path),
            "id": result.id,
            "title": result.title,
            "date": result.date.isoformat() if result.date else None,
            "lang": result.lang,
            "source": result.source,
            **{facet: [e.as_dict() for e in getattr(entities, facet)] for facet in PLURALS},
        }
        if args.json:
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(f"{record['path']}\n  {record['title']}\n  {record['date']} · {record['lang']} · {record['source']}")
            for facet in PLURALS:
                print(f"  {facet}: " + ", ".join(e["name"] for e in record[facet]))
    return status


def cmd_entities(args: argparse.Namespace) -> int:
    """Facet values with document counts, names and the forms found in the texts, for editors."""
    engine = SearchEngine(args.index)
    try:
        facets = [args.facet] if args.facet else list(KEYS)
        rows = {facet: engine.facet_values(facet, args.min_docs, args.lang) for facet in facets}
    except index.IndexMissing as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for facet, values in rows.items():
        print(f"{facet} ({len(values)} values)")
        for value in values:
            others = [n for n in value["names"] if n != value["name"]]
            aliases = [a for a in value["aliases"] if a not in value["names"]][:8]
            print(f"  {value['count']:5d}  {value['name']}  [{value['id']}]"
                  + (f"  also: {', '.join(others)}" if others else "")
                  + (f"  as: {', '.join(aliases)}" if aliases else ""))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """Build the index first if there is none, then serve the web app."""
    if index.current_generation(args.index) is None:
        print(f"No index in {args.index}: building it from {args.corpus} first.", file=sys.stderr)
        status = cmd_index(argparse.Namespace(corpus=args.corpus, index=args.index, full=False, workers=args.workers,
                                              spacy_model=args.spacy_model, max_bytes=args.max_bytes, quiet=False))
        if status:
            return status
    from werkzeug.serving import run_simple

    from .web import create_app

    app = create_app({"INDEX": str(args.index), "CORPUS": str(args.corpus)})
    print(f"Serving the archive at http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="searchapp", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    p = commands.add_parser("index", help="build or update the index from the corpus folder")
    p.add_argument("--corpus", type=Path, default=_corpus_default(), help="corpus folder (default ./corpus, $SEARCHAPP_CORPUS)")
    p.add_argument("--index", type=Path, default=_index_default(), help="index folder (default ./index, $SEARCHAPP_INDEX)")
    p.add_argument("--full", action="store_true", help="rebuild from scratch instead of updating")
    p.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1), help="NER worker processes")
    p.add_argument("--spacy-model", default=os.environ.get("SEARCHAPP_SPACY_MODEL", DEFAULT_SPACY_MODEL),
                   help="spaCy English model package ($SEARCHAPP_SPACY_MODEL)")
    p.add_argument("--max-bytes", type=int, default=int(os.environ.get("SEARCHAPP_MAX_BYTES", DEFAULT_MAX_BYTES)),
                   help="skip files larger than this")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--no-models", action="store_true",
                   help="no entity models: facet values only from front matter and the entities file")
    p.set_defaults(func=cmd_index)

    p = commands.add_parser("search", help="search the index")
    p.add_argument("query", nargs="*", help="query words; empty to browse with filters")
    p.add_argument("--index", type=Path, default=_index_default())
    p.add_argument("--person", action="append", default=[], help="filter by person (name in either script, or id)")
    p.add_argument("--org", action="append", default=[], help="filter by organization")
    p.add_argument("--city", action="append", default=[], help="filter by city")
    p.add_argument("--lang", action="append", default=[], choices=["en", "ru"])
    p.add_argument("--from", dest="date_from", type=_date, help="from date (YYYY-MM-DD, YYYY-MM, YYYY)")
    p.add_argument("--to", dest="date_to", type=_date_to, help="to date (inclusive)")
    p.add_argument("--sort", choices=["relevance", "date", "newest", "oldest"], default="relevance")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--size", type=int, default=10, help="results per page")
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.set_defaults(func=cmd_search)

    p = commands.add_parser("entities", help="list facet values with document counts and aliases")
    p.add_argument("--index", type=Path, default=_index_default())
    p.add_argument("--facet", choices=list(KEYS))
    p.add_argument("--min-docs", type=int, default=1, help="only values in at least N documents")
    p.add_argument("--lang", choices=["en", "ru"], default="", help="language of the display names")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_entities)

    p = commands.add_parser("serve", help="serve the web app (building the index first if needed)")
    p.add_argument("--corpus", type=Path, default=_corpus_default())
    p.add_argument("--index", type=Path, default=_index_default())
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1), help="NER workers for a first build")
    p.add_argument("--spacy-model", default=os.environ.get("SEARCHAPP_SPACY_MODEL", DEFAULT_SPACY_MODEL))
    p.add_argument("--max-bytes", type=int, default=int(os.environ.get("SEARCHAPP_MAX_BYTES", DEFAULT_MAX_BYTES)))
    p.set_defaults(func=cmd_serve)

    p = commands.add_parser("extract", help="show what the indexer extracts from files")
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON line per file")
    p.add_argument("--entities", type=Path, default=_corpus_default() / index.ENTITIES_FILE,
                   help="the editors' entities file (default: entities.toml in the corpus folder)")
    p.add_argument("--spacy-model", default=os.environ.get("SEARCHAPP_SPACY_MODEL", DEFAULT_SPACY_MODEL))
    p.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES)
    p.set_defaults(func=cmd_extract)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
