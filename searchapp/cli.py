"""The `searchapp` command: index, search, batch, serve, extract, entities."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from . import index, store
from .config import Config
from .corpus import Skipped, container_kind, is_container, parse_date, read_document, read_entries, read_entry
from .entities import EntityExtractor, fold_surnames
from .facets import FACETS, KEYS, PLURALS
from .search import FORMATS, MAX_NAMES, Filters, SearchEngine, clean_names, decode_names, lines


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


def fetch_feed(url: str, corpus: Path, max_bytes: int) -> Path:
    """Save the RSS or Atom feed at `url` into the corpus folder (feeds/NAME.xml, replacing the one saved
    before from the same address), where the next build reads its items. Raises ValueError with the reason."""
    import hashlib
    import urllib.error
    import urllib.request
    from urllib.parse import urlsplit

    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - the editor's own feed address
            data = response.read(max_bytes + 1)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise ValueError(f"cannot fetch the feed {url}: {getattr(exc, 'reason', None) or exc}") from None
    if len(data) > max_bytes:
        raise ValueError(f"the feed {url} is larger than the limit ({max_bytes} bytes)")
    if container_kind(data[:65536]) != "feed":
        raise ValueError(f"{url} is not an RSS or Atom feed")
    parts = urlsplit(url)
    name = re.sub(r"[^\w.-]+", "-", f"{parts.netloc}{parts.path}").strip("-.")[:60] or "feed"
    path = corpus / "feeds" / f"{name}-{hashlib.sha1(url.encode()).hexdigest()[:8]}.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


def cmd_index(args: argparse.Namespace) -> int:
    for url in args.feed:
        try:
            print(f"fetched {url} into {fetch_feed(url, args.corpus, args.max_bytes)}")
        except (ValueError, OSError) as exc:
            print(f"searchapp: {exc}", file=sys.stderr)
            return 2
    settings = index.Settings(
        corpus=args.corpus,
        index=args.index,
        workers=args.workers,
        spacy_model=args.spacy_model,
        max_bytes=args.max_bytes,
        progress=not args.quiet,
        models=not args.no_models,
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
    filters = Filters(**{facet: getattr(args, facet) for facet in KEYS},
                      date_from=args.date_from, date_to=args.date_to, lang=args.lang)
    sort = {"date": "newest"}.get(args.sort, args.sort)
    if args.format:
        return _export(engine, " ".join(args.query), filters, sort, args.format, args.base_url)
    try:
        result = engine.search(" ".join(args.query), filters, sort=sort, page=args.page, page_size=args.size,
                               fold=not args.no_fold)
    except store.IndexMissing as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if result.message:
        print(f"note: {result.message}")
    first = (result.page - 1) * result.page_size
    folded = f" ({result.articles} articles: translations and copies of one text as one)" if result.articles > result.total else ""
    print(f"{result.total} documents{folded}" + (f", showing {first + 1}-{first + len(result.results)}" if result.results else ""))
    for i, hit in enumerate(result.results, first + 1):
        print(f"\n{i}. {hit.title}\n   {hit.date or 'no date'} · {hit.lang} · {hit.source or 'no source'} · {hit.id}")
        print("   " + _terminal_marks(hit.snippet))
        if hit.missing:
            print("   missing: " + " ".join(hit.missing))
        for translation in hit.translations:
            print(f"   also in {translation['lang']}: {translation['title']} · {translation['id']}")
        if hit.copies:
            print(f"   also published by {', '.join(c['source'] or c['id'] for c in hit.copies)} · {len(hit.copies) + 1} copies")
    for name, values in result.facets.items():
        if values:
            shown = ", ".join(f"{v.name} ({v.count})" for v in values[:10])
            print(f"\n{name}: {shown}")
    return 0


def _export(engine: SearchEngine, text: str, filters: Filters, sort: str, fmt: str, base_url: str) -> int:
    """Every matching article to standard output, as CSV or JSON Lines, written as it is read."""
    from urllib.parse import quote

    def url(doc_id: str) -> str:
        return base_url.rstrip("/") + "/doc/" + quote(doc_id)

    try:
        out = sys.stdout
        for line in lines(engine.export(text, filters, sort=sort), fmt, url):
            out.write(line)
    except store.IndexMissing as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `| head`: the reader has seen enough
        sys.stderr.close()
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    """Names in bulk: for each name of a file (one a line), its article count and the entities it names."""
    try:
        data = sys.stdin.buffer.read() if str(args.file) == "-" else Path(args.file).read_bytes()
    except OSError as exc:
        print(f"searchapp: cannot read {args.file}: {exc.strerror}", file=sys.stderr)
        return 2
    names = clean_names(decode_names(data).splitlines())
    if len(names) == MAX_NAMES:
        print(f"searchapp: note: only the first {MAX_NAMES} names are looked up", file=sys.stderr)
    try:
        found = SearchEngine(args.index).look_up_names(names, names_lang=args.names_lang)
    except store.IndexMissing as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    if args.json:
        for match in found:
            print(json.dumps(vars(match), ensure_ascii=False))
    elif args.csv:
        import csv

        sys.stdout.write("\ufeff")  # so that spreadsheet programs read the file as UTF-8
        writer = csv.writer(sys.stdout)
        writer.writerow(("name", "articles", "entities", "entity_ids", "entity_articles"))
        for m in found:
            writer.writerow((m.name, m.articles, ";".join(e["name"] for e in m.entities),
                             ";".join(e["value"] for e in m.entities), ";".join(str(e["count"]) for e in m.entities)))
    else:
        for m in found:
            entities = ", ".join(f"{e['name']} [{e['value']}] ({e['count']})" for e in m.entities) or "no entity"
            print(f"{m.articles:6d}  {m.name}  →  {entities}")
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
    status, found = 0, []
    for path in map(Path, args.paths):
        for result in _read_path(path, args.max_bytes):
            if isinstance(result, Skipped):
                if not result.left_out:
                    print(f"searchapp: skipped {result.path}: {result.reason}", file=sys.stderr)
                    status = 1
                continue
            entities = extractor.extract(result)
            if args.per_document:
                _print_extracted(path, result, entities, args.json)
            else:
                found.append((path, result, entities))
    # The files given are one archive, whose search counts a surname alone as its one full name.
    for (path, doc, _), entities in zip(found, fold_surnames([entities for _, _, entities in found])):
        _print_extracted(path, doc, entities, args.json)
    return status


def _read_path(path: Path, max_bytes: int):
    """The documents of one file: itself, or the posts of an export or the items of a feed."""
    if not is_container(path.name):
        yield read_document(path, path.parent, max_bytes)
        return
    for entry in read_entries(path, path.parent, max_bytes):
        yield entry if isinstance(entry, Skipped) else read_entry(entry, max_bytes)


def _print_extracted(path: Path, doc, entities, as_json: bool) -> None:
    record = {
        "path": str(path),
        "id": doc.id,
        "title": doc.title,
        "date": doc.date.isoformat() if doc.date else None,
        "lang": doc.lang,
        "source": doc.source,
        "author": doc.author,
        "source_url": doc.source_url,
        **{facet: [e.as_dict() for e in getattr(entities, facet)] for facet in PLURALS},
    }
    if as_json:
        print(json.dumps(record, ensure_ascii=False), flush=True)
        return
    print(f"{record['path']}" + (f" ({doc.id})" if doc.part_of else "")
          + f"\n  {record['title']}\n  {record['date']} · {record['lang']} · {record['source']}")
    if doc.source_url:
        print(f"  {doc.source_url}")
    for facet in PLURALS:
        print(f"  {facet}: " + ", ".join(e["name"] for e in record[facet]))


def cmd_entities(args: argparse.Namespace) -> int:
    """Facet values with document counts, names and the forms found in the texts, for editors."""
    engine = SearchEngine(args.index)
    try:
        facets = [args.facet] if args.facet else list(KEYS)
        rows = {facet: engine.facet_values(facet, args.min_docs, args.names_lang) for facet in facets}
    except store.IndexMissing as exc:
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
    if store.current_generation(args.index) is None:
        print(f"No index in {args.index}: building it from {args.corpus} first.", file=sys.stderr)
        status = cmd_index(argparse.Namespace(corpus=args.corpus, index=args.index, full=False, workers=args.workers,
                                              spacy_model=args.spacy_model, max_bytes=args.max_bytes, quiet=False,
                                              no_models=False, feed=[]))
        if status:
            return status
    from werkzeug.serving import run_simple

    from .web import create_app

    app = create_app({"INDEX": str(args.index)})
    print(f"Serving the archive at http://{args.host}:{args.port}/ (Ctrl+C to stop)", flush=True)
    run_simple(args.host, args.port, app, threaded=True)
    return 0


def _option(parser: argparse.ArgumentParser, name: str, config: Config) -> None:
    """Add one of the options several commands share, with its default from the configuration."""
    if name == "corpus":
        parser.add_argument("--corpus", type=Path, default=config.corpus,
                            help="corpus folder (default ./corpus, $SEARCHAPP_CORPUS)")
    elif name == "index":
        parser.add_argument("--index", type=Path, default=config.index,
                            help="index folder (default ./index, $SEARCHAPP_INDEX)")
    elif name == "workers":
        parser.add_argument("--workers", type=int, default=max(1, os.cpu_count() or 1),
                            help="NER worker processes (default: the number of cores)")
    elif name == "spacy-model":
        parser.add_argument("--spacy-model", default=config.spacy_model,
                            help="spaCy English model package ($SEARCHAPP_SPACY_MODEL)")
    elif name == "max-bytes":
        parser.add_argument("--max-bytes", type=int, default=config.max_bytes,
                            help="skip files larger than this ($SEARCHAPP_MAX_BYTES, default 5 MB)")
    else:
        raise ValueError(name)


def build_parser(config: Config | None = None) -> argparse.ArgumentParser:
    config = config or Config.from_env()
    parser = argparse.ArgumentParser(prog="searchapp", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help: str, func, shared: tuple[str, ...]) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=help)
        for option in shared:
            _option(p, option, config)
        p.set_defaults(func=func)
        return p

    p = command("index", "build or update the index from the corpus folder", cmd_index,
                ("corpus", "index", "workers", "spacy-model", "max-bytes"))
    p.add_argument("--full", action="store_true", help="rebuild from scratch instead of updating")
    p.add_argument("--feed", action="append", default=[], metavar="URL",
                   help="first fetch this RSS or Atom feed into the corpus folder (feeds/); repeat for several")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--no-models", action="store_true",
                   help="no entity models: facet values only from front matter and the entities file")

    p = command("search", "search the index", cmd_search, ("index",))
    p.add_argument("query", nargs="*", help="query words; empty to browse with filters")
    for facet in FACETS:
        p.add_argument(f"--{facet.param}", dest=facet.key, action="append", default=[],
                       help=f"filter by {facet.label['en'].lower()} (name in either script, or id); repeat for OR")
    p.add_argument("--lang", action="append", default=[], choices=["en", "ru"], help="articles in this language")
    p.add_argument("--from", dest="date_from", type=_date, help="from date (YYYY-MM-DD, YYYY-MM, YYYY)")
    p.add_argument("--to", dest="date_to", type=_date_to, help="to date (inclusive)")
    p.add_argument("--sort", choices=["relevance", "date", "newest", "oldest"], default="relevance")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--size", type=int, default=10, help="results per page")
    p.add_argument("--json", action="store_true", help="print the API's JSON")
    p.add_argument("--no-fold", action="store_true", help="every article its own hit (by default a translation pair "
                   "and the copies of one text are one)")
    p.add_argument("--format", choices=FORMATS,
                   help="export every matching article (not one page) as CSV or JSON Lines")
    p.add_argument("--base-url", default="", help="the web app's address, for the articles' URLs in an export")

    p = command("batch", "look up a list of names (one a line): articles and matching entities", cmd_batch,
                ("index",))
    p.add_argument("file", help="a text file of names, or - for standard input")
    p.add_argument("--names-lang", choices=["en", "ru"], default="", help="language of the display names")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON line per name")
    output.add_argument("--csv", action="store_true", help="CSV, one row per name")

    p = command("entities", "list facet values with document counts and aliases", cmd_entities, ("index",))
    p.add_argument("--facet", choices=list(KEYS))
    p.add_argument("--min-docs", type=int, default=1, help="only values in at least N documents")
    p.add_argument("--names-lang", choices=["en", "ru"], default="", help="language of the display names")
    p.add_argument("--json", action="store_true")

    p = command("serve", "serve the web app (building the index first if needed)", cmd_serve,
                ("corpus", "index", "workers", "spacy-model", "max-bytes"))
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)

    p = command("extract", "show what the indexer extracts from files", cmd_extract, ("spacy-model", "max-bytes"))
    p.add_argument("paths", nargs="+")
    p.add_argument("--json", action="store_true", help="one JSON line per file")
    p.add_argument("--per-document", action="store_true",
                   help="print each file's values as it is read, without the archive's folds across files "
                        "(a surname alone as the one full name of it the other files give)")
    p.add_argument("--entities", type=Path, default=config.corpus / index.ENTITIES_FILE,
                   help="the editors' entities file (default: entities.toml in the corpus folder)")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        config = Config.from_env()
    except ValueError as exc:
        print(f"searchapp: {exc}", file=sys.stderr)
        return 2
    args = build_parser(config).parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
