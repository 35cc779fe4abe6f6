"""Ranking quality on questions: does a question bring the paragraph it was written for into the top ten?

    python -m benchmarks.relevance [--data ../shared/data] [--work DIR] [--no-models]

Over ../shared/data/xquad-dev (120 Wikipedia paragraphs per language, first line the article's title;
632 questions per language, each written for one paragraph), for English and Russian:
- searchapp: the paragraphs indexed as an archive (`searchapp index`, with the models unless
  --no-models), each question searched as a user types it, first page of ten;
- stock Whoosh on the same paragraphs in the same run: title and body with the language's Snowball
  stemming analyzer, BM25F, `OrGroup.factory(0.9)`, as its documentation sets up a search box.

Prints MRR@10, hit@1 and hit@10 per language and engine, then one JSON line with the figures.
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from whoosh import fields, qparser, scoring
from whoosh import index as whoosh_index
from whoosh.analysis import LanguageAnalyzer

from benchmarks.make_corpus import DEFAULT_DATA
from searchapp import index
from searchapp.search import SearchEngine

LANGS = ("en", "ru")
TOP = 10


def questions(data: Path, lang: str) -> list[dict]:
    with (data / "xquad-dev" / f"{lang}-questions.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def paragraphs(data: Path, lang: str) -> list[Path]:
    return sorted((data / "xquad-dev" / lang).glob("*.txt"))


def scores(ranks: list[int | None]) -> dict[str, float]:
    """MRR@10, hit@1 and hit@10 of the ranks (1-based; None: not in the top ten)."""
    n = len(ranks) or 1
    return {"mrr10": round(sum(1 / r for r in ranks if r) / n, 3),
            "hit1": round(sum(1 for r in ranks if r == 1) / n, 3),
            "hit10": round(sum(1 for r in ranks if r) / n, 3)}


def rank_of(found: list[str], wanted: str) -> int | None:
    return found.index(wanted) + 1 if wanted in found[:TOP] else None


def searchapp_ranks(data: Path, lang: str, work: Path, models: bool) -> tuple[list[int | None], float]:
    corpus, index_dir = work / lang / "corpus", work / lang / "index"
    if not index_dir.exists():
        shutil.rmtree(work / lang, ignore_errors=True)
        corpus.mkdir(parents=True)
        for path in paragraphs(data, lang):
            shutil.copy(path, corpus / path.name)
        index.build(index.Settings(corpus=corpus, index=index_dir, workers=2, progress=False, models=models), full=True)
    engine = SearchEngine(index_dir)
    ranks, started = [], time.perf_counter()
    for q in questions(data, lang):
        result = engine.search(q["question"], page_size=TOP)
        ranks.append(rank_of([hit.id for hit in result.results], q["doc"]))
    return ranks, (time.perf_counter() - started) / max(1, len(ranks))


def whoosh_ranks(data: Path, lang: str, work: Path) -> tuple[list[int | None], float]:
    """Stock Whoosh as its documentation sets up a search box."""
    analyzer = LanguageAnalyzer(lang)
    schema = fields.Schema(id=fields.ID(stored=True, unique=True), title=fields.TEXT(analyzer=analyzer),
                           body=fields.TEXT(analyzer=analyzer))
    folder = work / lang / "whoosh"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    ix = whoosh_index.create_in(str(folder), schema)
    with ix.writer() as writer:
        for path in paragraphs(data, lang):
            title, _, body = path.read_text(encoding="utf-8").partition("\n")
            writer.add_document(id=path.name, title=title, body=body)
    parser = qparser.MultifieldParser(["title", "body"], schema, group=qparser.OrGroup.factory(0.9))
    ranks, started = [], time.perf_counter()
    with ix.searcher(weighting=scoring.BM25F()) as searcher:
        for q in questions(data, lang):
            hits = searcher.search(parser.parse(q["question"]), limit=TOP)
            ranks.append(rank_of([hit["id"] for hit in hits], q["doc"]))
    return ranks, (time.perf_counter() - started) / max(1, len(ranks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=Path("/tmp/searchapp-relevance"))
    parser.add_argument("--no-models", action="store_true", help="index without the NER models (faster)")
    parser.add_argument("--rebuild", action="store_true", help="index the paragraphs again")
    args = parser.parse_args()
    if not (args.data / "xquad-dev").is_dir():
        raise SystemExit(f"{args.data / 'xquad-dev'} not found: this benchmark needs ../shared/data")
    work = args.work / ("no-models" if args.no_models else "models")
    if args.rebuild:
        shutil.rmtree(work, ignore_errors=True)
    figures: dict[str, dict] = {}
    print(f"{'':22}{'MRR@10':>8}{'hit@1':>8}{'hit@10':>8}{'ms/query':>10}")
    for lang in LANGS:
        n = len(questions(args.data, lang))
        for name, (ranks, seconds) in (("searchapp", searchapp_ranks(args.data, lang, work, not args.no_models)),
                                       ("stock Whoosh", whoosh_ranks(args.data, lang, work))):
            figures[f"{name} {lang}"] = {**scores(ranks), "ms": round(seconds * 1000, 1), "questions": n}
            s = figures[f"{name} {lang}"]
            print(f"{name + ' ' + lang:22}{s['mrr10']:>8.3f}{s['hit1']:>8.3f}{s['hit10']:>8.3f}{s['ms']:>10.1f}")
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main()
