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
"""

from __future__ import annotations

import argparse
import json
import os
import random
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


def tantivy_engine(corpus: Path, work: Path, docs: int):
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
        query = ix.parse_query(q, ["title", "body"])
        hits = searcher.search(query, 20).hits
        [searcher.doc(address)["title"] for _, address in hits]
        searcher.aggregate(query, aggregations)

    return run


def serve(corpus: Path, target: Path, queries: list[str]) -> tuple[float, float]:
    """Seconds from starting `searchapp serve` to its first answered query; its RSS after the queries."""
    port = free_port()
    command = [sys.executable, "-m", "searchapp.cli", "serve", "--corpus", str(corpus), "--index", str(target),
               "--port", str(port)]
    started = time.perf_counter()
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/search?q="
        while True:
            try:
                with urllib.request.urlopen(url + quote(queries[0]), timeout=30) as response:
                    json.load(response)
                break
            except OSError:
                if server.poll() is not None:
                    raise SystemExit("the server did not start") from None
                time.sleep(0.02)
        first = time.perf_counter() - started
        for q in queries:
            with urllib.request.urlopen(url + quote(q), timeout=30) as response:
                json.load(response)
        return first, rss_mib(server.pid)
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    corpus, target = ensure_index(args.docs, args.data, args.work, args.workers)
    rng = random.Random(3)
    queries = [rng.choice(QUERIES) for _ in range(args.queries)]
    start_s, rss = serve(corpus, target, queries)

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
