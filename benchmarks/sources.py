"""Indexing speed of a WordPress export against the same articles as text files.

    python -m benchmarks.sources [--docs 10000] [--workers 2] [--data ../shared/data] [--work DIR]

1. The benchmark archive of `benchmarks.make_corpus` (N articles in the seed's layout), written twice:
   as N text files (front matter dropped, so that neither side has facet values from it) and as one
   WordPress export (WXR 1.2) of N published posts, each post's title, date (wp:post_date_gmt) and
   text (blank-line paragraphs with inline HTML, as WordPress exports them) taken from the same article.
2. A full build of each without the entity models, with the same workers: documents per second.
3. One post of the export changed, then an incremental build: the time, and how many posts it read.

Prints a table, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import time
from pathlib import Path

from benchmarks.make_corpus import DEFAULT_DATA, make_corpus
from searchapp import index
from searchapp.corpus import read_document

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Benchmark archive</title><link>https://archive.example</link><wp:wxr_version>1.2</wp:wxr_version>
"""


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def write_sources(corpus: Path, texts: Path, export: Path) -> int:
    """The text files without front matter, and the export of the same articles; returns their number."""
    shutil.rmtree(texts, ignore_errors=True)
    export.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with open(export, "w", encoding="utf-8") as out:
        out.write(HEAD)
        for path in sorted(corpus.glob("*/*.txt")):
            raw = path.read_text(encoding="utf-8")
            text = re.sub(r"\A---\n.*?\n---\n", "", raw, flags=re.S)
            target = texts / path.relative_to(corpus)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            doc = read_document(target, texts)
            count += 1
            lines = [p for p in text.split("\n\n")[1:] if p.strip() and p.strip() != "Leave a Reply"]
            if doc.date:  # the date line is the post's date, not its text
                lines = [p for p in lines if p.strip() not in (doc.date.isoformat(),)
                         and not re.fullmatch(r"\d{1,2} \w+ \d{4}", p.strip())]
            content = "\n\n".join(html.escape(p.strip(), quote=False) for p in lines)
            date = f"{doc.date.isoformat()} 09:00:00" if doc.date else "0000-00-00 00:00:00"
            out.write(f"<item><title>{_cdata(doc.title)}</title><link>https://archive.example/?p={count}</link>"
                      f"<dc:creator>editor</dc:creator><content:encoded>{_cdata(content)}</content:encoded>"
                      f"<wp:post_id>{count}</wp:post_id><wp:post_date_gmt>{date}</wp:post_date_gmt>"
                      f"<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>\n")
        out.write("</channel></rss>\n")
    return count


def timed_build(corpus: Path, index_dir: Path, workers: int, full: bool) -> index.Report:
    settings = index.Settings(corpus=corpus, index=index_dir, workers=workers, progress=False, models=False)
    started = time.monotonic()
    report = index.build(settings, full=full)
    report.seconds = time.monotonic() - started
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=Path("/tmp/searchapp-bench-sources"))
    args = parser.parse_args()
    work = args.work
    corpus = make_corpus(args.docs, work / f"corpus-{args.docs}", args.data)
    texts, export_folder = work / f"texts-{args.docs}", work / f"wxr-{args.docs}"
    export = export_folder / "export.xml"
    count = write_sources(corpus, texts, export)
    figures = {"docs": count, "export_mib": round(export.stat().st_size / 2**20, 1), "workers": args.workers}
    for name, folder in (("text files", texts), ("export", export_folder)):
        index_dir = work / f"index-{name.replace(' ', '-')}"
        shutil.rmtree(index_dir, ignore_errors=True)
        report = timed_build(folder, index_dir, args.workers, full=True)
        figures[name] = {"indexed": report.indexed, "seconds": round(report.seconds, 1),
                         "docs_per_s": round(report.indexed / report.seconds, 1)}
    text = export.read_text(encoding="utf-8")
    export.write_text(text.replace("<wp:post_id>7</wp:post_id>", "<wp:post_id>7</wp:post_id>", 1)
                      .replace("</content:encoded><wp:post_id>7<", " A changed sentence.</content:encoded><wp:post_id>7<", 1),
                      encoding="utf-8")
    report = timed_build(export_folder, work / "index-export", args.workers, full=False)
    figures["update one post"] = {"indexed": report.indexed, "unchanged": report.unchanged,
                                  "seconds": round(report.seconds, 2)}
    print(f"| {count:,} articles, {args.workers} workers, no models | indexed | seconds | docs/s |")
    print("| --- | --- | --- | --- |")
    for name in ("text files", "export"):
        row = figures[name]
        print(f"| {name} | {row['indexed']:,} | {row['seconds']} | {row['docs_per_s']} |")
    update = figures["update one post"]
    print(f"\nexport of {figures['export_mib']} MiB; one post changed: {update['indexed']} indexed, "
          f"{update['unchanged']:,} unchanged, {update['seconds']} s")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
