"""Search latency with all facet counts: searchapp's engine against Whoosh's own `groupedby`, same index.

    python -m benchmarks.search_speed INDEX_DIR [--queries 100]

For 100 one- and two-word queries (both languages) it times, on the same index in the same run:
- searchapp: 20 hits with snippets and counts for person, organization, city and date (multi-select
  semantics), as the web page asks for them;
- baseline: Whoosh's search with `groupedby` facets for the same four fields and 20 stored titles.
It also times the empty-query browse and a single facet click, and prints p50/p95 and the ratio.
Build an index first, e.g. with `python -m benchmarks.load --seconds 1` (10,000 articles).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from whoosh import sorting
from whoosh.qparser import MultifieldParser

from benchmarks.load import QUERIES
from searchapp import index
from searchapp.search import Filters, SearchEngine


def percentiles(samples: list[float]) -> str:
    q = statistics.quantiles(samples, n=100)
    return f"p50 {q[49] * 1000:6.1f} ms, p95 {q[94] * 1000:6.1f} ms"


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index", type=Path)
    parser.add_argument("--queries", type=int, default=100)
    args = parser.parse_args()

    rng = random.Random(3)
    queries = [rng.choice(QUERIES) for _ in range(args.queries)]
    engine = SearchEngine(args.index)
    engine.search("warm up")
    ix = index.open_index(args.index)
    whoosh_parser = MultifieldParser(["title", "lead", "body"], ix.schema)
    facets = sorting.Facets()
    for name in ("person", "organization", "city"):
        facets.add_field(name, allow_overlap=True)
    facets.add_field("month")

    ours = [timed(lambda: engine.search(q, page_size=20, facet_limit=20)) for q in queries]
    with ix.searcher() as searcher:
        def baseline(q: str) -> None:
            results = searcher.search(whoosh_parser.parse(q), limit=20, groupedby=facets)
            [hit["title"] for hit in results]
            [results.groups(name) for name in ("person", "organization", "city", "month")]

        theirs = [timed(lambda: baseline(q)) for q in queries]
    browse = [timed(lambda: engine.search("", page_size=20)) for _ in range(30)]
    city = engine.search("", page_size=1).facets["city"][0].value
    click = [timed(lambda: engine.search(rng.choice(QUERIES), Filters(city=[city]), page_size=20)) for _ in range(30)]

    docs = engine.search("", page_size=1).total
    print(f"{docs} documents, {args.queries} queries")
    print(f"searchapp, 20 hits + snippets + 4 facets (multi-select): {percentiles(ours)}")
    print(f"Whoosh groupedby, 20 titles + 4 facets:                  {percentiles(theirs)}")
    print(f"ratio (median): {statistics.median(theirs) / statistics.median(ours):.1f}x faster")
    print(f"empty-query browse: {percentiles(browse)}; facet click: {percentiles(click)}")


if __name__ == "__main__":
    main()
