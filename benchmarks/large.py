"""Search speed with very large articles in the archive, against the same archive without them.

    python -m benchmarks.large [--docs 10000] [--huge 10] [--data ../shared/data] [--work DIR]

1. Takes the benchmark archive of --docs articles (benchmarks/make_corpus.py) and its index without
   the models (built once, as benchmarks/query.py builds it), and makes a second archive: the same
   files (hard links) plus --huge articles of 4-5 MB each, recombined from the archive's own bodies in
   its layout (title, date line, paragraphs), dated after every other article. The second index is the
   first one copied and updated, so only the large articles are analysed.
2. Times the same queries on both indexes in the same run, alternating: one- and two-word queries in
   both languages and quoted phrases, 20 hits with snippets and all four facets, as the web page asks;
   after a warm-up pass, --repeat times; by relevance (where BM25 ranks the large articles low) and
   newest first (where they head every page they match, so their snippets are cut each time).
3. Times the document page of a large article (first part, and with a query to highlight) and reports
   its HTML size.

Prints a table, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from benchmarks.common import QUERIES, ms, timed
from benchmarks.make_corpus import DEFAULT_DATA
from benchmarks.query import DEFAULT_WORK, ensure_index
from searchapp import index, store
from searchapp.search import SearchEngine

PHRASES = ['"human rights"', '"prime minister"', '"права человека"', '"oil prices"', '"world cup"']
HUGE_BYTES = (4_000_000, 5_000_000)


def huge_article(bodies: list[str], rng: random.Random, number: int) -> str:
    """An article of 4-5 MB in the archive's layout, its paragraphs drawn from other articles."""
    size = rng.randint(*HUGE_BYTES)
    parts = [f"Collected reports, volume {number}", f"{number + 1} December 2026"]  # the newest articles
    length = 0
    while length < size:
        paragraph = rng.choice(bodies)
        parts.append(paragraph)
        length += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def with_huge(corpus: Path, target: Path, work: Path, count: int) -> tuple[Path, Path]:
    """The archive plus `count` huge articles, and its index (the base index copied, then updated)."""
    big_corpus, big_index = work / f"{corpus.name}-huge{count}", work / f"{target.name}-huge{count}"
    if (store.read_meta(big_index).get("schema_version") == store.SCHEMA_VERSION and big_corpus.is_dir()
            and "December 2026" in (big_corpus / "huge-00.txt").read_text(encoding="utf-8")[:200]):
        return big_corpus, big_index
    shutil.rmtree(big_corpus, ignore_errors=True)
    shutil.rmtree(big_index, ignore_errors=True)
    subprocess.run(["cp", "-al", str(corpus), str(big_corpus)], check=True)  # hard links: same sizes and times
    shutil.copytree(target, big_index)
    rng = random.Random(12)
    files = sorted(corpus.rglob("*.txt"))
    bodies = []
    for path in rng.sample(files, min(len(files), 3000)):
        text = path.read_text(encoding="utf-8").split("\n\n")
        bodies += [p.strip() for p in text[5:] if len(p) > 200 and "Leave a Reply" not in p]
    for number in range(count):
        (big_corpus / f"huge-{number:02d}.txt").write_text(huge_article(bodies, rng, number), encoding="utf-8")
    print(f"indexing {count} large articles into a copy of {target}…", file=sys.stderr)
    report = index.build(index.Settings(corpus=big_corpus, index=big_index, workers=1, models=False, progress=False))
    print(report.summary(), file=sys.stderr)
    return big_corpus, big_index


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--huge", type=int, default=10)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    corpus, target = ensure_index(args.docs, args.data, args.work, args.workers)
    big_corpus, big_target = with_huge(corpus, target, args.work, args.huge)
    queries = [*QUERIES, *PHRASES]
    engines = {"without": SearchEngine(target), "with": SearchEngine(big_target)}
    runs = [(name, sort) for sort in ("relevance", "newest") for name in engines]
    samples: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
    shown = {sort: 0 for sort in ("relevance", "newest")}
    for q in queries:  # warm-up: each index opened, each term's postings read once
        for engine in engines.values():
            engine.search(q, page_size=20, facet_limit=20)
    for _ in range(args.repeat):
        for q in queries:
            for name, sort in runs:
                engine = engines[name]
                samples[(name, sort)].append(timed(lambda: engine.search(q, sort=sort, page_size=20, facet_limit=20)))
    for q in queries:  # how often a large article is among the 20 hits shown
        for sort in shown:
            shown[sort] += any(h.id.startswith("huge-") for h in engines["with"].search(q, sort=sort, page_size=20).results)

    from searchapp.web import create_app

    client = create_app({"INDEX": str(big_target)}).test_client()
    client.get("/doc/huge-00.txt")
    page = [timed(lambda: client.get(f"/doc/huge-{n:02d}.txt")) for n in range(args.huge)]
    marked = [timed(lambda: client.get(f"/doc/huge-{n:02d}.txt?q={quote('human rights')}")) for n in range(args.huge)]
    html_bytes = len(client.get("/doc/huge-00.txt").data)

    def p(name: str, sort: str, q: int) -> float:
        return round(ms(samples[(name, sort)], q), 1)

    figures = {"docs": args.docs, "huge": args.huge, "queries": len(queries), "repeat": args.repeat}
    for sort in shown:
        figures[sort] = {
            "queries_showing_a_large_article": shown[sort],
            "without_p50_ms": p("without", sort, 50), "without_p95_ms": p("without", sort, 95),
            "with_p50_ms": p("with", sort, 50), "with_p95_ms": p("with", sort, 95),
            "p95_ratio": round(p("with", sort, 95) / p("without", sort, 95), 2),
        }
    figures |= {"doc_page_p50_ms": round(ms(page, 50)), "doc_page_max_ms": round(max(page) * 1000),
                "doc_page_with_query_p50_ms": round(ms(marked, 50)), "doc_page_html_kb": round(html_bytes / 1024)}
    print(f"{args.docs} articles, with and without {args.huge} articles of 4-5 MB; {len(queries)} queries "
          f"({len(PHRASES)} phrases) × {args.repeat}, 20 hits with snippets and 4 facets")
    print(f"{'':34} {'without: p50':>12} {'p95':>6} {'with: p50':>10} {'p95':>6} {'p95 ratio':>9}  large article shown")
    for sort, row in ((s, figures[s]) for s in shown):
        print(f"{'search, ' + sort:34} {row['without_p50_ms']:12.1f} {row['without_p95_ms']:6.1f} "
              f"{row['with_p50_ms']:10.1f} {row['with_p95_ms']:6.1f} {row['p95_ratio']:8.2f}×  "
              f"in {row['queries_showing_a_large_article']} of {len(queries)} queries")
    print(f"document page of a large article: p50 {figures['doc_page_p50_ms']} ms (max {figures['doc_page_max_ms']} ms), "
          f"{figures['doc_page_html_kb']} KB of HTML; with a query marked: p50 {figures['doc_page_with_query_p50_ms']} ms")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
