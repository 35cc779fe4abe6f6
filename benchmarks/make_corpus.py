"""A deterministic archive of N articles for benchmarks, recombined from real news text.

    python -m benchmarks.make_corpus --docs N --out DIR [--data ../shared/data] [--seed 1]

Each article is written in the seed's layout (title, standfirst, date line, headline, `Source:` line,
body, sometimes `Translated by`, then site chrome) from paragraphs of the texts in `--data`: bbc and
pud-dev/en for English, factru-dev and pud-dev/ru for Russian (about one article in four). The title
and opening come from one news text, further paragraphs from others; dates are spread over 2000–2025.

A YAML front-matter block lists the article's persons, organisations and cities, drawn with a Zipf-like
skew from the gold annotations of the same data, so that `searchapp index --no-models` can build an
index with realistic facets without an hour of NER. The same arguments always give the same files; a
folder that already holds the corpus for the same arguments is left as it is.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
SOURCES = ["Moscow Helsinki Group", "OVD-Info", "Memorial", "Kommersant", "Novaya Gazeta", "BBC News"]
TRANSLATORS = ["Graham Jones", "Anna Smith", "John Crowfoot", "Nina Petrova"]
DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _texts(data: Path) -> dict[str, list[list[str]]]:
    """News texts per language, each a list of paragraphs, the first one used as a title."""
    english = [_lines(p) for p in sorted((data / "bbc").rglob("*.txt"))]
    russian = []
    for path in sorted((data / "factru-dev").glob("*.txt")):
        paragraphs = _lines(path)
        if paragraphs:
            first = _SENTENCE.split(paragraphs[0], maxsplit=1)
            title = first[0] if len(first[0]) <= 120 else first[0][:117].rsplit(" ", 1)[0] + "…"
            russian.append([title.rstrip("."), *paragraphs])
    for lang, texts in (("en", english), ("ru", russian)):
        parallel = [" ".join(_lines(p)) for p in sorted((data / "pud-dev" / lang).glob("*.txt"))]
        # The short parallel texts become paragraphs of three or four sentences each.
        texts += [[parallel[i][:100].rsplit(" ", 1)[0], *parallel[i:i + 4]] for i in range(0, len(parallel) - 4, 4)]
    return {lang: [t for t in texts if len(t) >= 3] for lang, texts in (("en", english), ("ru", russian))}


def _gold_names(data: Path) -> dict[str, dict[str, list[str]]]:
    """Names per language and facet from the gold sets, most frequent first."""
    counts: dict[str, dict[str, dict[str, int]]] = {lang: {"persons": {}, "organizations": {}, "cities": {}}
                                                     for lang in ("en", "ru")}
    for gold in (data / "factru-dev" / "gold.jsonl", data / "pud-dev" / "en" / "gold.jsonl",
                 data / "pud-dev" / "ru" / "gold.jsonl"):
        for line in gold.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            lang = entry["lang"]
            for facet, key in (("persons", "persons"), ("organizations", "organizations"), ("cities", "locations")):
                for entity in entry.get(key, []):
                    name = entity["names"][0]
                    counts[lang][facet][name] = counts[lang][facet].get(name, 0) + 1
    return {lang: {facet: sorted(names, key=lambda n: (-names[n], n)) for facet, names in facets.items()}
            for lang, facets in counts.items()}


def _zipf_sample(rng: random.Random, names: list[str], k: int) -> list[str]:
    """k distinct names, the first of the list far more often than the last."""
    chosen: list[str] = []
    while len(chosen) < min(k, len(names)):
        rank = int(len(names) ** rng.random()) - 1  # log-uniform rank: a Zipf-like skew
        if names[rank] not in chosen:
            chosen.append(names[rank])
    return chosen


def _quote(name: str) -> str:
    return json.dumps(name, ensure_ascii=False)  # JSON strings are valid YAML flow scalars


def article(rng: random.Random, texts: dict[str, list[list[str]]], names: dict[str, dict[str, list[str]]]) -> str:
    lang = "ru" if rng.random() < 0.25 else "en"
    base, other, third = (rng.choice(texts[lang]) for _ in range(3))
    standfirst = base[1] if len(base[1]) < 300 else base[1][:297].rsplit(" ", 1)[0] + "…"
    body = base[2:5] + rng.sample(other[1:], min(2, len(other) - 1)) + rng.sample(third[1:], min(2, len(third) - 1))
    date = f"{rng.randint(1, 28)} {MONTHS[rng.randrange(12)]} {rng.randint(2000, 2025)}"
    source = rng.choice(SOURCES)
    front = [f"{facet}: [{', '.join(_quote(n) for n in _zipf_sample(rng, names[lang][facet], rng.randint(0, k)))}]"
             for facet, k in (("persons", 4), ("organizations", 3), ("cities", 2))]
    parts = [base[0], standfirst, date, f"‘{rng.choice(texts[lang])[0]}’",
             f"Source: {source} [original source: {rng.choice(SOURCES)}]", "", *body]
    if lang == "en" and rng.random() < 0.3:
        parts.append(f"Translated by {rng.choice(TRANSLATORS)}")
    parts.append("Leave a Reply")
    return "---\n" + "\n".join(front) + "\n---\n" + "\n\n".join(parts) + "\n"


def make_corpus(docs: int, out: Path, data: Path = DEFAULT_DATA, seed: int = 1) -> Path:
    """Write the corpus (once) and return its folder."""
    stamp = out / ".make_corpus.json"
    wanted = {"docs": docs, "seed": seed, "version": 1}
    if stamp.is_file() and json.loads(stamp.read_text()) == wanted:
        return out
    if not (data / "bbc").is_dir():
        raise SystemExit(f"no benchmark data in {data} (expected bbc/, factru-dev/, pud-dev/): pass --data")
    rng = random.Random(seed)
    texts, names = _texts(data), _gold_names(data)
    for i in range(docs):
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}.txt").write_text(article(rng, texts, names), encoding="utf-8")
    for stale in sorted(out.glob("*/*.txt")):
        if int(stale.stem) >= docs:
            stale.unlink()
    stamp.write_text(json.dumps(wanted))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    make_corpus(args.docs, args.out, args.data, args.seed)
    print(f"{args.docs} articles in {args.out}")


if __name__ == "__main__":
    main()
