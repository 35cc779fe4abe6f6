"""Search speed at archive scale, against baselines on the same index in the same run.

    python -m benchmarks.query --docs N [--data ../shared/data] [--work DIR] [--repeat 3]

1. Builds (once; reused from --work) a corpus of N recombined articles (benchmarks/make_corpus.py)
   and indexes it with facet values from its front matter (`searchapp index --no-models`), so that
   100,000 articles do not need an hour of NER.
2. Times 100 one- and two-word queries in both languages, after a warm-up pass, --repeat times:
   - searchapp: 20 hits with highlighted snippets and counts for person, organization, city and date
     (years and months), multi-select semantics, exactly what the web page asks for;
   - Whoosh `groupedby` for the same four facets with 20 stored titles (the baseline; one pass);
   - tantivy with terms aggregations for the same four facets and 20 titles, where it is installed
     (`pip install -e '.[bench]'`), for orientation.
3. Times the empty-query browse (newest first, all facets) and a single facet click.
4. Starts `searchapp serve` on the index and times process start to the first answered query, then
   sends it the 100 queries and reads its memory (RSS).

Prints a table, then one JSON line with the figures and ratios.

    python -m benchmarks.query --docs N --cold [--short 300] [--long 300]

Real traffic instead, where every query is new: a fresh `searchapp serve` process, no warm-up, each
query sent once through the HTTP API (20 hits with snippets, all four facets), timed by the client:
- short queries: 1-3 words drawn from the corpus's own texts;
- long queries: the xquad-dev questions in both languages, as people type them;
then the same queries once more to the same server (repeated traffic), and tantivy in-process on the
same queries in the same run (lenient parsing, 20 titles, four terms aggregations), each query once.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

from benchmarks.common import QUERIES, free_port, ms, rss_mib, timed
from benchmarks.make_corpus import DEFAULT_DATA, make_corpus
from searchapp import index, store
from searchapp.corpus import Document, read_document, scan
from searchapp.search import Filters, SearchEngine

DEFAULT_WORK = Path("/tmp/searchapp-bench")


def ensure_index(docs: int, data: Path, work: Path, workers: int) -> tuple[Path, Path]:
    """The corpus and its index built without the entity models, reused when already there."""
    corpus = make_corpus(docs, work / f"corpus-{docs}", data)
    target = work / f"index-{docs}"
    meta = store.read_meta(target)
    if (meta.get("corpus") != str(corpus.resolve()) or meta.get("spacy_model") is not None
            or meta.get("schema_version") != store.SCHEMA_VERSION):
        print(f"indexing {docs} articles without the entity models into {target}…", file=sys.stderr)
        report = index.build(index.Settings(corpus=corpus, index=target, workers=workers, models=False,
                                            progress=sys.stderr.isatty()))
        print(report.summary(), file=sys.stderr)
    return corpus, target


def whoosh_groupedby(target: Path):
    """Whoosh's own way: search with `groupedby` facets and read 20 stored titles."""
    from whoosh import sorting
    from whoosh.qparser import MultifieldParser

    ix = store.open_index(target)
    parser = MultifieldParser(["title", "lead", "body"], ix.schema)
    facets = sorting.Facets()
    for name in ("person", "organization", "city"):
        facets.add_field(name, allow_overlap=True)
    facets.add_field("month")
    searcher = ix.searcher()

    def run(q: str) -> None:
        results = searcher.search(parser.parse(q), limit=20, groupedby=facets)
        [hit["title"] for hit in results]
        [results.groups(name) for name in ("person", "organization", "city", "month")]

    return run


def tantivy_engine(corpus: Path, work: Path, docs: int, lenient: bool = False):
    """tantivy over the same articles: title and body, the facet values as fast fields, terms aggregations."""
    try:
        import tantivy
    except ImportError:
        return None
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("title", stored=True)
    builder.add_text_field("body")
    for name in ("person", "organization", "city", "month"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw")
    schema = builder.build()
    path = work / f"tantivy-{docs}"
    if not (path / "meta.json").exists():
        path.mkdir(parents=True, exist_ok=True)
        ix = tantivy.Index(schema, path=str(path))
        writer = ix.writer()
        for file in scan(corpus):
            doc = read_document(file, corpus)
            if not isinstance(doc, Document):
                continue
            fields = {"title": [doc.title], "body": [doc.text]}
            fields |= {facet: names for facet, names in (("person", doc.tags.get("persons", [])),
                                                        ("organization", doc.tags.get("organizations", [])),
                                                        ("city", doc.tags.get("cities", []))) if names}
            if doc.date:
                fields["month"] = [f"{doc.date:%Y-%m}"]
            writer.add_document(tantivy.Document(**fields))
        writer.commit()
        writer.wait_merging_threads()
    ix = tantivy.Index(schema, path=str(path))
    ix.reload()
    searcher = ix.searcher()
    aggregations = {name: {"terms": {"field": name, "size": 20}} for name in ("person", "organization", "city", "month")}

    def run(q: str) -> None:
        query = ix.parse_query_lenient(q, ["title", "body"])[0] if lenient else ix.parse_query(q, ["title", "body"])
        hits = searcher.search(query, 20).hits
        [searcher.doc(address)["title"] for _, address in hits]
        searcher.aggregate(query, aggregations)

    return run


def vocabulary_queries(corpus: Path, count: int, rng: random.Random) -> list[str]:
    """`count` queries of 1-3 words, each drawn from one article of the corpus: what a reader of the
    archive types after reading something in it."""
    files = sorted(scan(corpus))
    queries: list[str] = []
    while len(queries) < count:
        doc = read_document(rng.choice(files), corpus)
        if not isinstance(doc, Document):
            continue
        words = re.findall(r"[^\W\d_]{4,}", doc.body)
        if words:
            start = rng.randrange(len(words))
            queries.append(" ".join(words[start:start + rng.choice((1, 1, 2, 2, 3))]))
    return queries


def question_queries(data: Path, count: int, rng: random.Random) -> list[str]:
    """`count` xquad-dev questions, English and Russian alike."""
    questions = []
    for lang in ("en", "ru"):
        with (data / "xquad-dev" / f"{lang}-questions.jsonl").open(encoding="utf-8") as handle:
            questions += [json.loads(line)["question"] for line in handle if line.strip()]
    return rng.sample(questions, min(count, len(questions)))


def http_times(corpus: Path, target: Path, batches: list[list[str]], server_kind: str, first_query: str = "",
               size: int | None = 20) -> tuple[float, list[list[float]], float]:
    """A fresh server (`searchapp serve`, or one gunicorn worker as the README deploys it): seconds to its
    first answer (to `first_query`; the default, an empty browse, asks no measured query before), then per
    batch the seconds of each query sent once (`size` hits with snippets, four facets), and its memory
    afterwards."""
    port = free_port()
    if server_kind == "gunicorn":
        command = [str(Path(sys.executable).with_name("gunicorn")), "-w", "1", "-b", f"127.0.0.1:{port}",
                   "searchapp.web:create_app()"]
    else:
        command = [sys.executable, "-m", "searchapp.cli", "serve", "--corpus", str(corpus), "--index", str(target),
                   "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "SEARCHAPP_INDEX": str(target)})
    url = f"http://127.0.0.1:{port}/api/search?" + (f"size={size}&" if size else "") + "q="

    def ask(q: str) -> None:
        with urllib.request.urlopen(url + quote(q), timeout=60) as response:
            json.load(response)

    try:
        while True:
            try:
                ask(first_query)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.02)
        first = time.perf_counter() - started
        times = [[timed(lambda: ask(q)) for q in batch] for batch in batches]
        return first, times, rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait()


def cold(args: argparse.Namespace) -> None:
    corpus, target = ensure_index(args.docs, args.data, args.work, args.workers)
    rng = random.Random(7)
    short = vocabulary_queries(corpus, args.short, rng)
    long = question_queries(args.data, args.long, rng)
    first, (new_short, new_long, again_short, again_long), rss = http_times(
        corpus, target, [short, long, short, long], args.server)
    figures: dict = {"docs": args.docs, "server": args.server, "queries_short": len(short), "queries_long": len(long),
                     "start_to_first_answer_s": round(first, 2), "rss_mb": round(rss)}
    rows = [("searchapp, new short queries", "short", new_short), ("searchapp, new long queries", "long", new_long),
            ("searchapp, the same short ones again", "short_again", again_short),
            ("searchapp, the same long ones again", "long_again", again_long)]
    tantivy = tantivy_engine(corpus, args.work, args.docs, lenient=True)
    if tantivy is not None:
        rows += [("tantivy, short queries", "tantivy_short", [timed(lambda: tantivy(q)) for q in short]),
                 ("tantivy, long queries", "tantivy_long", [timed(lambda: tantivy(q)) for q in long])]
    print(f"{args.docs} articles, every query new, through the HTTP API ({args.server}); {os.cpu_count()} cores")
    print(f"{'':40} {'p50 ms':>8} {'p95 ms':>8}")
    for label, key, samples in rows:
        figures[f"{key}_p50_ms"], figures[f"{key}_p95_ms"] = round(ms(samples, 50), 1), round(ms(samples, 95), 1)
        print(f"{label:40} {figures[f'{key}_p50_ms']:8.1f} {figures[f'{key}_p95_ms']:8.1f}")
    if tantivy is not None:
        for kind in ("short", "long"):
            figures[f"tantivy_ratio_{kind}_p95"] = round(figures[f"{kind}_p95_ms"] / max(figures[f"tantivy_{kind}_p95_ms"], 0.01), 1)
    print(f"server start to first answer {first:.2f} s; server memory after the queries {rss:.0f} MiB")
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cold", action="store_true", help="real traffic: a fresh server, every query new")
    parser.add_argument("--short", type=int, default=300, help="short queries in --cold mode")
    parser.add_argument("--long", type=int, default=300, help="long queries (questions) in --cold mode")
    parser.add_argument("--server", choices=("gunicorn", "serve"), default="gunicorn",
                        help="--cold mode: one gunicorn worker, as deployed (default), or `searchapp serve`")
    args = parser.parse_args()
    if args.cold:
        cold(args)
        return

    corpus, target = ensure_index(args.docs, args.data, args.work, args.workers)
    rng = random.Random(3)
    queries = [rng.choice(QUERIES) for _ in range(args.queries)]
    start_s, _, rss = http_times(corpus, target, [queries], "serve", first_query=queries[0], size=None)

    engine = SearchEngine(target)
    search = lambda q: engine.search(q, page_size=20, facet_limit=20)  # noqa: E731
    for q in queries:
        search(q)
    ours = [timed(lambda: search(q)) for _ in range(args.repeat) for q in queries]
    browse = [timed(lambda: engine.search("", page_size=20)) for _ in range(50)]
    cities = [v.value for v in engine.search("", page_size=1).facets["city"][:10]]
    clicks = [(rng.choice(queries), rng.choice(cities)) for _ in range(50)]
    click = [timed(lambda: engine.search(q, Filters(city=[c]), page_size=20)) for q, c in clicks]

    baseline = whoosh_groupedby(target)
    for q in queries[:5]:
        baseline(q)
    theirs = [timed(lambda: baseline(q)) for q in queries]
    tantivy = tantivy_engine(corpus, args.work, args.docs)
    rust = []
    if tantivy is not None:
        for q in queries:
            tantivy(q)
        rust = [timed(lambda: tantivy(q)) for _ in range(args.repeat) for q in queries]

    figures = {
        "docs": engine.count(Filters()),
        "p50_ms": round(ms(ours, 50), 1), "p95_ms": round(ms(ours, 95), 1),
        "baseline_p50_ms": round(ms(theirs, 50), 1), "baseline_p95_ms": round(ms(theirs, 95), 1),
        "ratio": round(ms(theirs, 50) / ms(ours, 50), 1), "ratio_p95": round(ms(theirs, 95) / ms(ours, 95), 1),
        "browse_p50_ms": round(ms(browse, 50), 1), "browse_p95_ms": round(ms(browse, 95), 1),
        "click_p50_ms": round(ms(click, 50), 1), "click_p95_ms": round(ms(click, 95), 1),
        "start_to_first_query_s": round(start_s, 2), "rss_mb": round(rss),
    }
    if rust:
        figures |= {"tantivy_p50_ms": round(ms(rust, 50), 2), "tantivy_p95_ms": round(ms(rust, 95), 2),
                    "tantivy_ratio": round(ms(ours, 50) / ms(rust, 50), 1)}
    print(f"{figures['docs']} articles, {len(queries)} queries × {args.repeat}, {os.cpu_count()} cores")
    print(f"{'':46} {'p50 ms':>8} {'p95 ms':>8}")
    rows = [("searchapp: 20 hits + snippets + 4 facets", "p50_ms", "p95_ms"),
            ("Whoosh groupedby: 20 titles + 4 facets", "baseline_p50_ms", "baseline_p95_ms"),
            ("tantivy: 20 titles + 4 terms aggregations", "tantivy_p50_ms", "tantivy_p95_ms"),
            ("searchapp: empty-query browse", "browse_p50_ms", "browse_p95_ms"),
            ("searchapp: facet click (query + city)", "click_p50_ms", "click_p95_ms")]
    for label, p50, p95 in rows:
        if p50 in figures:
            print(f"{label:46} {figures[p50]:8.1f} {figures[p95]:8.1f}")
    print(f"searchapp is {figures['ratio']}x faster than Whoosh groupedby at the median ({figures['ratio_p95']}x at p95)"
          + (f", {figures['tantivy_ratio']}x slower than tantivy" if rust else "; tantivy not installed"))
    print(f"server start to first answered query {start_s:.2f} s; server memory after the queries {rss:.0f} MiB")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
