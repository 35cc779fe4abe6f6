"""Lemma accuracy of searchapp.analysis against the gold lemmas in ../shared/data/lemmas.

Prints, per language: the share of word forms whose gold lemma is among the lemmas the analyzer emits,
the same counting the folded surface form the index also keeps, and the mean number of lemmas per form.
Usage: python benchmarks/lemma_accuracy.py [LEMMAS_DIR]
"""

import csv
import sys
from pathlib import Path

from searchapp.analysis import fold, lemmatize, terms_for

DEFAULT = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lemmas"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    for lang in ("en", "ru"):
        path = folder / f"{lang}-dev.tsv"
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle, delimiter="\t"))
        hit = hit_terms = emitted = 0
        for row in rows:
            gold = fold(row["lemma"])
            lemmas = lemmatize(row["form"])
            emitted += len(lemmas)
            hit += gold in lemmas
            hit_terms += gold in lemmas or gold in terms_for(row["form"])
        n = len(rows)
        print(f"{lang}: {n} forms; gold lemma among lemmas {hit / n:.1%}; "
              f"among indexed terms (lemmas + surface form) {hit_terms / n:.1%}; "
              f"lemmas per form {emitted / n:.2f}")


if __name__ == "__main__":
    main()
