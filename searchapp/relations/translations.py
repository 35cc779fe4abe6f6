"""Translations: pairing each article with its translation in the other language by what the two share.

An article and its translation name the same people, organisations and cities (entity ids are the same
across scripts), the same name words (script-independent name keys), the same numbers, and are of
comparable length. Each article is a vector of these features weighted by their rarity in the archive
(idf); two articles of different languages score the cosine of their vectors times a length factor,
and the best-scoring pairs are taken one to one, above MIN_SCORE. Articles about the same people share
as many names as a translation does, so two more rules keep them apart: dated articles more than
MAX_DAYS_APART apart are no pair (a translation is published around the time of its original), nor are
two articles that both state numbers but not one of the same (a translation states its original's
figures: all 57 ntrex-dev pairs with numbers on both sides share some). Short texts score high on one
shared name, so a pair also shares at least MIN_SHARED features (ntrex-dev pairs share 4 or more, 3 or
more without the models; two one-line articles that mention Rostov-on-Don share its two name words).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import product

from .features import Features

MIN_SCORE = 0.2
MAX_DAYS_APART = 62
MIN_SHARED = 3
CANDIDATE_DF = 20  # features in more articles than this make no candidates (and count for little anyway)
# Russian text is longer than English for the same content, by about this factor in characters.
RU_PER_EN_CHARS = 1.1


def parts(f: Features) -> set[str]:
    """Everything the pairing compares: entity ids, name keys and numbers, each in its own namespace."""
    return {*(f"e:{e}" for e in f.entities), *(f"n:{k}" for k in f.names), *(f"#:{n}" for n in f.numbers)}


def pair(docs: Iterable[Features], featurize: Callable[[Features], set[str]] = parts,
         min_score: float = MIN_SCORE, rules: bool = True) -> list[tuple[str, str, float]]:
    """(id, id, score) of each pair of translations found, one to one, best first; without `rules`, by
    the cosine alone (the benchmarks' baselines)."""
    docs = [d for d in docs if d.lang in ("en", "ru")]
    vectors = {d.id: featurize(d) for d in docs}
    df: dict[str, int] = defaultdict(int)
    for vector in vectors.values():
        for feature in vector:
            df[feature] += 1
    total = len(docs) or 1
    idf = {f: math.log(1 + total / n) for f, n in df.items()}
    norm = {doc_id: math.sqrt(sum(idf[f] ** 2 for f in v)) or 1.0 for doc_id, v in vectors.items()}
    by_feature: dict[str, tuple[list[str], list[str]]] = defaultdict(lambda: ([], []))
    lang = {d.id: d.lang for d in docs}
    for doc_id, vector in vectors.items():
        for feature in vector:
            if df[feature] <= CANDIDATE_DF:
                by_feature[feature][lang[doc_id] == "ru"].append(doc_id)
    dots: dict[tuple[str, str], float] = defaultdict(float)
    for feature, (english, russian) in by_feature.items():
        weight = idf[feature] ** 2
        for key in product(english, russian):
            dots[key] += weight
    info = {d.id: d for d in docs}
    scored = []
    for (en, ru), dot in dots.items():
        a, b = info[en], info[ru]
        factor = _length_factor(a.chars, b.chars) * _date_factor(a.date, b.date) * _numbers_factor(a, b) if rules else 1.0
        score = dot / (norm[en] * norm[ru]) * factor
        if score >= min_score and (not rules or len(vectors[en] & vectors[ru]) >= MIN_SHARED):
            scored.append((score, en, ru))
    return _one_to_one(scored)


def _length_factor(en_chars: int, ru_chars: int) -> float:
    """1 for the expected length ratio, falling with the square root of how far from it two texts are."""
    if not en_chars or not ru_chars:
        return 0.0
    ratio = ru_chars / (en_chars * RU_PER_EN_CHARS)
    return math.sqrt(min(ratio, 1 / ratio))


def _date_factor(a: str | None, b: str | None) -> float:
    if not a or not b:
        return 1.0
    apart = abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    return 1.0 if apart <= MAX_DAYS_APART else 0.0


def _numbers_factor(a: Features, b: Features) -> float:
    return 0.0 if a.numbers and b.numbers and not set(a.numbers) & set(b.numbers) else 1.0


def _one_to_one(scored: list[tuple[float, str, str]]) -> list[tuple[str, str, float]]:
    taken: set[str] = set()
    pairs = []
    for score, en, ru in sorted(scored, reverse=True):
        if en not in taken and ru not in taken:
            taken.update((en, ru))
            pairs.append((en, ru, score))
    return pairs
