"""Document relations measured: translation pairing on ntrex-dev and reprint folding on bbc and on
recombined copies.

    python -m benchmarks.relations [--data ../shared/data] [--work /tmp/searchapp-relations] [--docs 2000]
                                   [--only translations|reprints] [--timing N]

Translations: ntrex-dev's 62 English articles and their Russian translations (same file name on both
sides) are indexed with the models (the index is kept in --work and reused); the pairs the build found
are scored against the file pairs, and in the same run, over the same extracted features, baselines:
numbers only, and TF-IDF over entity ids only; then the bundled corpus (no translations among its
articles, though the same people and cities run through them) and both together.

Reprints: signatures of bbc's 2,225 bodies are compared pair by pair (at most a few seconds), against
the labelled sample below (pairs checked by hand: copies, also when one has a paragraph changed, added
or cut, or a longer version takes the other in whole, are reprints; a rewritten update of a story is
not); then --docs articles of benchmarks.make_corpus (which share paragraphs by construction) with a
tenth of them copied under another source and title, some exactly, some with a paragraph cut and a
note added, some with one paragraph replaced.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import time
from pathlib import Path
from unittest import mock

from searchapp import index, relations
from searchapp.corpus import Skipped, read_document
from searchapp.relations import reprints, signals, translations

from .common import timed
from .make_corpus import DEFAULT_DATA, make_corpus

ROOT = Path(__file__).resolve().parents[1]
# bbc pairs of estimated Jaccard similarity 0.15-0.95 that are reprints (checked by hand). The others
# of that range are not (rewritten updates, related stories); all pairs above 0.95 are copies.
BBC_REPRINTS = {
    ("tech/032.txt", "tech/335.txt"), ("tech/022.txt", "tech/380.txt"), ("entertainment/079.txt", "entertainment/331.txt"),
    ("tech/019.txt", "tech/329.txt"), ("entertainment/179.txt", "entertainment/216.txt"),
    ("entertainment/142.txt", "entertainment/229.txt"), ("business/209.txt", "business/229.txt"),
    ("tech/043.txt", "tech/326.txt"), ("tech/009.txt", "tech/379.txt"), ("politics/226.txt", "politics/265.txt"),
    ("politics/077.txt", "politics/354.txt"), ("business/260.txt", "business/354.txt"), ("sport/424.txt", "sport/511.txt"),
    ("business/254.txt", "business/447.txt"), ("sport/444.txt", "sport/458.txt"), ("politics/043.txt", "politics/313.txt"),
    ("politics/088.txt", "politics/337.txt"), ("politics/111.txt", "politics/293.txt"),
}
THRESHOLDS = (0.7, 0.75, 0.8, 0.82, 0.85, 0.9)


def _build(corpus: Path, index_dir: Path) -> dict[str, relations.Features]:
    if not (index_dir / "CURRENT").exists():
        index.build(index.Settings(corpus=corpus, index=index_dir, workers=1, progress=False), full=True)
    generation = index_dir / (index_dir / "CURRENT").read_text().strip()
    return relations.saved_features(generation)


def _score(found: set[tuple[str, str]], gold: set[tuple[str, str]]) -> str:
    right = len(found & gold)
    precision = right / len(found) if found else 1.0
    recall = right / len(gold) if gold else 1.0
    return f"precision {precision:.3f} ({right}/{len(found)}), recall {recall:.3f} ({right}/{len(gold)})"


def _pairs(docs, featurize=translations.parts, min_score=translations.MIN_SCORE, rules=True) -> set[tuple[str, str]]:
    return {tuple(sorted((a, b))) for a, b, _ in translations.pair(docs, featurize, min_score, rules)}


def translation_figures(data: Path, work: Path) -> None:
    ntrex = work / "ntrex"
    if not ntrex.exists():
        shutil.copytree(data / "ntrex-dev", ntrex)
    started = time.monotonic()
    docs = _build(ntrex, work / "ntrex-index")
    print(f"ntrex-dev: {len(docs)} articles indexed with the models ({time.monotonic() - started:.0f} s, 0 if kept)")
    gold = {tuple(sorted((f"en/{name}", f"ru/{name}"))) for name in (p.name for p in (ntrex / "en").glob("*.txt"))}
    methods = {
        "searchapp (entities + name keys + numbers, length, one to one)": {},
        "  without name keys": {"featurize": lambda d: {p for p in translations.parts(d) if not p.startswith("n:")}},
        "  without numbers": {"featurize": lambda d: {p for p in translations.parts(d) if not p.startswith("#:")}},
        "  without entity ids": {"featurize": lambda d: {p for p in translations.parts(d) if not p.startswith("e:")}},
        "  without the length, date and numbers rules": {"rules": False},
        "baseline: TF-IDF cosine over numbers only": {"featurize": lambda d: {f"#:{n}" for n in d.numbers}, "rules": False},
        "baseline: TF-IDF cosine over entity ids only": {"featurize": lambda d: {f"e:{e}" for e in d.entities},
                                                         "rules": False},
    }
    for name, kwargs in methods.items():
        print(f"  {name}: {_score(_pairs(docs.values(), **kwargs), gold)}")
    for min_score in (0.1, 0.2, 0.3, 0.4, 0.5):
        print(f"  searchapp at MIN_SCORE {min_score}: {_score(_pairs(docs.values(), min_score=min_score), gold)}")
    bundled = work / "bundled"
    if not bundled.exists():
        shutil.copytree(ROOT / "corpus", bundled)
    corpus_docs = _build(bundled, work / "bundled-index")
    for name, kwargs in (("searchapp", {}), ("without the rules", {"rules": False}),
                         ("entity ids baseline", {"featurize": methods["baseline: TF-IDF cosine over entity ids only"]["featurize"],
                                                  "rules": False})):
        found = _pairs(corpus_docs.values(), **kwargs)
        print(f"bundled corpus ({len(corpus_docs)} articles, no translations among them), {name}: "
              f"{len(found)} pairs {sorted(found)}")
    both = {**docs, **{f"corpus/{k}": v for k, v in corpus_docs.items()}}
    for doc_id, doc in both.items():
        doc.id = doc_id
    print(f"ntrex-dev and the bundled corpus together: {_score(_pairs(both.values()), gold)}; "
          f"entity ids baseline {_score(_pairs(both.values(), lambda d: {f'e:{e}' for e in d.entities}, rules=False), gold)}")


def _bodies_bbc(data: Path) -> dict[str, str]:
    return {str(p.relative_to(data / "bbc")): "\n".join(p.read_text(encoding="utf-8", errors="replace").splitlines()[1:])
            for p in sorted((data / "bbc").rglob("*.txt"))}


def _features(bodies: dict[str, str]) -> list[relations.Features]:
    docs = []
    for doc_id, body in bodies.items():
        hashes = signals.shingles(body)
        docs.append(relations.Features(id=doc_id, lang="en", title="", shingles=len(hashes),
                                       signature=signals.signature(hashes)))
    return docs


def _folding(docs: list[relations.Features], gold: set[tuple[str, str]], label: str,
             kinds: dict[tuple[str, str], str] | None = None) -> None:
    """Precision and recall of the pairs folded together (within one group), per threshold; with `kinds`,
    recall per kind of copy at THRESHOLD."""
    for threshold in THRESHOLDS:
        linked = [(a, b) for a, b, _ in reprints.pairs(docs, threshold)]
        folded = {tuple(sorted((a, b))) for group in reprints.groups(linked)
                  for i, a in enumerate(group) for b in group[i + 1:]}
        mark = " (THRESHOLD)" if threshold == reprints.THRESHOLD else ""
        print(f"  {label} at {threshold}{mark}: {_score(folded, gold)}")
        if kinds and mark:
            for kind in sorted(set(kinds.values())):
                wanted = {pair for pair, k in kinds.items() if k == kind}
                print(f"    {kind}: recall {len(wanted & folded) / len(wanted):.3f} ({len(wanted & folded)}/{len(wanted)})")


def reprint_figures(data: Path, work: Path, count: int) -> None:
    bodies = _bodies_bbc(data)
    started = time.monotonic()
    docs = _features(bodies)
    print(f"bbc: {len(docs)} signatures in {time.monotonic() - started:.1f} s")
    sure = {tuple(sorted((a.id, b.id))) for i, a in enumerate(docs) for b in docs[i + 1:]
            if signals.similarity(a.signature, b.signature) > 0.95}
    _folding(docs, sure | BBC_REPRINTS, "bbc")
    synthetic = make_corpus(count, work / f"synthetic-{count}", data)
    copies = work / f"copies-{count}"
    kinds = _make_copies(synthetic, copies)
    gold = set(kinds)
    bodies = {}
    for folder in (synthetic, copies):
        for path in sorted(folder.rglob("*.txt")):
            doc = read_document(path, folder)
            if not isinstance(doc, Skipped):
                bodies[f"{folder.name}/{doc.id}"] = doc.body
    print(f"synthetic: {len(bodies)} articles, {len(gold)} of them copies")
    _folding(_features(bodies), gold, "synthetic", kinds)


def _make_copies(corpus: Path, out: Path) -> dict[tuple[str, str], str]:
    """A tenth of the corpus copied under another source and title: exactly, with a paragraph cut and a
    note put in its place, or with one paragraph replaced by one of another article. Returns the pairs
    (original, copy) and the kind of each copy."""
    rng = random.Random(7)
    shutil.rmtree(out, ignore_errors=True)
    files = sorted(corpus.rglob("*.txt"))
    gold = {}
    for n, path in enumerate(rng.sample(files, len(files) // 10)):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"^Source: .*$", "Source: Reprint Weekly [original source: elsewhere]", text, count=1, flags=re.M)
        head, _, body = text.partition("\n\n\n")
        paragraphs = body.split("\n\n")
        kind = n % 3
        if kind == 1:
            paragraphs = [*paragraphs[:-3], "This article first appeared elsewhere and is reprinted with permission.",
                          *paragraphs[-2:]]
        elif kind == 2:
            other = rng.choice(files).read_text(encoding="utf-8").partition("\n\n\n")[2].split("\n\n")
            paragraphs[2] = other[2] if len(other) > 2 else paragraphs[2]
        copy = out / f"{n:05d}.txt"
        copy.parent.mkdir(parents=True, exist_ok=True)
        head = re.sub(r"(\n---\n)", r"\1Reprinted: ", head, count=1)  # the title, after the front matter
        copy.write_text(head + "\n\n\n" + "\n\n".join(paragraphs), encoding="utf-8")
        pair = tuple(sorted((f"{corpus.name}/{path.relative_to(corpus)}", f"{out.name}/{copy.name}")))
        gold[pair] = ("exact copy", "a paragraph cut, a note added", "a paragraph replaced")[kind]
    return gold


def timing(data: Path, work: Path, count: int) -> None:
    """What relations cost a build and a search: a full build of `count` make_corpus articles without the
    models, relate() and save over all of them, a one-article update, and searches folded and not."""
    from statistics import median

    from searchapp.search import SearchEngine

    from .common import QUERIES

    corpus = make_corpus(count, work / f"synthetic-{count}", data)
    index_dir = work / f"timing-index-{count}"
    settings = index.Settings(corpus=corpus, index=index_dir, workers=2, progress=False, models=False)
    started = time.monotonic()
    index.build(settings)  # in full the first time; kept in --work for the next run
    print(f"timing: build of {count} articles without the models: {time.monotonic() - started:.1f} s (little if kept)")
    generation = index_dir / (index_dir / "CURRENT").read_text().strip()
    started = time.monotonic()
    docs = relations.saved_features(generation)
    loaded = time.monotonic() - started
    found = relations.relate(docs)
    related = time.monotonic() - started - loaded
    relations.save(generation, docs, found)
    saved = time.monotonic() - started - loaded - related
    print(f"  features loaded {loaded:.2f} s, relate {related:.2f} s, saved {saved:.2f} s; "
          f"{len(found.groups)} groups, {sum(len(g) for g in found.groups)} articles in them")
    changed = sorted(corpus.rglob("*.txt"))[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUpdated.\n", encoding="utf-8")
    index.build(settings)  # an untimed update first: the analysers' tables load once per process
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUpdated once more.\n", encoding="utf-8")
    started = time.monotonic()
    index.build(settings)
    print(f"  one changed article: update {time.monotonic() - started:.2f} s (relations recomputed over all)")
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUpdated again.\n", encoding="utf-8")
    with mock.patch("searchapp.index.builder.relations.save"), \
            mock.patch("searchapp.index.builder.relations.relate"), \
            mock.patch("searchapp.index.builder.relations.saved_features", return_value={}):
        started = time.monotonic()
        index.build(settings)
    print(f"  the same update without the relations, same run: {time.monotonic() - started:.2f} s")
    engine = SearchEngine(index_dir)
    for fold in (True, False):
        engine.search("court", fold=fold)  # warm-up (and the group arrays, once per index version)
        samples = [timed(lambda q=q: engine.search(q, page_size=20, fold=fold)) for q in QUERIES for _ in range(3)]
        print(f"  search, fold={fold}: median {median(samples) * 1000:.1f} ms over {len(samples)} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=Path("/tmp/searchapp-relations"))
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--only", choices=("translations", "reprints"))
    parser.add_argument("--timing", type=int, metavar="N", help="also time builds and searches at N articles")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    if args.only != "reprints":
        translation_figures(args.data, args.work)
    if args.only != "translations":
        reprint_figures(args.data, args.work, args.docs)
    if args.timing:
        timing(args.data, args.work, args.timing)


if __name__ == "__main__":
    main()
