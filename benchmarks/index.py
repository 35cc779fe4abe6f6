"""Indexing speed: end-to-end builds against raw NER throughput, incremental updates, memory.

    python -m benchmarks.index --docs N [--ner-docs 2000] [--workers W] [--data ../shared/data] [--work DIR]
                                        [--reuse-index]

1. Builds (once; reused from --work) a corpus of N recombined articles (benchmarks/make_corpus.py).
2. Raw NER: the entity models alone (spaCy's English pipeline as the extractor loads it; Natasha's
   segmenter, morphology and NER taggers for Russian) over the first --ner-docs articles in W worker
   processes: the physical limit of a build.
3. The full build with the models of the same articles with the same W workers: docs/s, its share
   of the raw NER rate, peak memory of the build (all its processes).
4. The full build of all N articles without the models (facet values from front matter), as
   `benchmarks.query` uses it: docs/s and peak memory.
5. Incremental: one article changed, then `searchapp index` in a new process; the time from its start
   until a search engine that was already open finds the new word. Once on the N-article index
   (without models) and once on the --ner-docs index (with the models, whose loading is included).

Prints a table, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

from benchmarks.common import rss_mib
from benchmarks.make_corpus import DEFAULT_DATA, make_corpus
from benchmarks.query import DEFAULT_WORK, ensure_index
from searchapp import index
from searchapp.corpus import Document, read_document, scan
from searchapp.entities import MAX_NER_CHARS, EnglishModel, RussianModel
from searchapp.search import SearchEngine


class PeakMemory:
    """Samples the resident memory of this process and all its descendants while a block runs."""

    def __enter__(self) -> PeakMemory:
        self.peak_mib = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak_mib = max(self.peak_mib, rss_mib(os.getpid()))
            self._stop.wait(0.1)


_models: dict = {}


def _load_models() -> None:
    _models.update(en=EnglishModel(), ru=RussianModel())


def _raw_ner(path: str) -> int:
    """Run only the models over one article, as the extractor would; the number of entities found."""
    file = Path(path)
    doc = read_document(file, file.parent)
    if not isinstance(doc, Document):
        return 0
    text = "\n\n".join(part for part in (doc.title, doc.text) if part)[:MAX_NER_CHARS]
    if doc.lang == "ru":
        from natasha import Doc

        model = _models["ru"]
        natasha_doc = Doc(text)
        natasha_doc.segment(model.segmenter)
        natasha_doc.tag_morph(model.morph_tagger)
        natasha_doc.tag_ner(model.ner_tagger)
        return len(natasha_doc.spans)
    return len(_models["en"].nlp(text).ents)


def raw_ner_rate(paths: list[Path], workers: int) -> float:
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_load_models) as pool:
        pool.map(_load_ready, range(workers))  # models loaded in every worker before the clock starts
        started = time.perf_counter()
        list(pool.imap(_raw_ner, map(str, paths), chunksize=4))
        return len(paths) / (time.perf_counter() - started)


def _load_ready(_: int) -> bool:
    return bool(_models)


def build(corpus: Path, target: Path, workers: int, models: bool) -> tuple[float, float]:
    """A full build: documents per second and peak memory (MiB) of all its processes."""
    shutil.rmtree(target, ignore_errors=True)
    with PeakMemory() as memory:
        report = index.build(index.Settings(corpus=corpus, index=target, workers=workers, models=models,
                                            progress=False), full=True)
    return report.indexed / report.seconds, memory.peak_mib


def incremental(corpus: Path, target: Path, models: bool) -> float:
    """Seconds from starting `searchapp index` after one article changed until an open engine finds it."""
    engine = SearchEngine(target)
    engine.search("warm")
    article = next(scan(corpus))
    original = article.read_text(encoding="utf-8")
    word = "benchmarkword" + "".join(chr(ord("a") + int(d)) for d in str(time.time_ns())[-8:])
    command = [sys.executable, "-m", "searchapp.cli", "index", "--corpus", str(corpus), "--index", str(target),
               "--quiet", *([] if models else ["--no-models"])]
    try:
        article.write_text(original.replace("Leave a Reply", f"A new paragraph mentions {word}.\n\nLeave a Reply"),
                           encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        while engine.search(word).total == 0:
            if time.perf_counter() - started > 60:
                raise SystemExit("the changed article was not found after 60 s")
            time.sleep(0.01)
        return time.perf_counter() - started
    finally:
        article.write_text(original, encoding="utf-8")
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        engine.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--ner-docs", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--reuse-index", action="store_true",
                        help="time the incremental update on the N-article index of an earlier run, not its build")
    args = parser.parse_args()

    ner_docs = min(args.ner_docs, args.docs)
    ner_corpus = make_corpus(ner_docs, args.work / f"corpus-{ner_docs}", args.data)
    paths = list(scan(ner_corpus))
    raw = raw_ner_rate(paths, args.workers)
    ner_target = args.work / f"index-ner-{ner_docs}"
    rate, ner_peak = build(ner_corpus, ner_target, args.workers, models=True)
    ner_incremental = incremental(ner_corpus, ner_target, models=True)

    corpus = make_corpus(args.docs, args.work / f"corpus-{args.docs}", args.data)
    target = args.work / f"index-{args.docs}"
    plain_rate = plain_peak = None
    if not args.reuse_index:
        plain_rate, plain_peak = build(corpus, target, args.workers, models=False)
    ensure_index(args.docs, args.data, args.work, args.workers)
    plain_incremental = incremental(corpus, target, models=False)

    figures = {
        "docs": args.docs, "ner_docs": len(paths), "workers": args.workers,
        "ner_docs_per_s": round(raw, 1), "docs_per_s": round(rate, 1), "share_of_ner": round(rate / raw, 2),
        "peak_rss_mb": round(ner_peak),
        "no_models_docs_per_s": round(plain_rate, 1) if plain_rate else None,
        "no_models_peak_rss_mb": round(plain_peak) if plain_peak else None,
        "incremental_s": round(plain_incremental, 2), "incremental_with_models_s": round(ner_incremental, 2),
    }
    print(f"{args.workers} workers, {os.cpu_count()} cores")
    print(f"raw NER, {len(paths)} articles:                      {raw:7.1f} docs/s")
    print(f"full build with the models, same articles:     {rate:7.1f} docs/s "
          f"({rate / raw:.0%} of raw NER), peak memory {ner_peak:.0f} MiB")
    if plain_rate:
        print(f"full build without models, {args.docs} articles: {plain_rate:7.1f} docs/s, peak memory {plain_peak:.0f} MiB")
    print(f"one changed article searchable after {plain_incremental:.2f} s ({args.docs} articles), "
          f"{ner_incremental:.2f} s with the models ({len(paths)} articles), process start included")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
