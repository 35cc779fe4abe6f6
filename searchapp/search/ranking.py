"""Ranking a query of several words: the articles with all of them first, then those with most of them.

A query of plain words asks for all of them. Where no article has them all, or where the query is
long (a question, a remembered phrase), the articles with most of the words follow: those with at
least half the weight of the words that the best-matching article has, a word weighing what it says
(its idf), so that a question's "many" counts for little beside the names in it. Short keyword
queries (up to three words) keep their precision: when some article has all the words, only those
are shown.

Within each tier articles are ranked by BM25F over title, lead and body, each word scored once (its
best form: an article with "arrested" and "arrest" does not count the word twice); a word found only
through the script-independent name keys counts at half weight; in queries of up to four words, pairs
that stand together in the article earn a proximity bonus (checked for the leading candidates only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query as Q

from ..facets import KEYS as FACET_KEYS
from ..matching import Arrays, term_text
from ..positions import followers
from .query import NAMES_FIELD, SEARCH_FIELDS

# Queries of at most this many words that some article has all of show only those articles.
SHORT_QUERY_WORDS = 3
# "Most of the words": the share of the best article's weight of the query's words (by idf) that an
# article must have to be shown.
MIN_COVERAGE = 0.5
# How many of the best-scored candidates are checked for words standing together, in queries of how
# many words at most: reading positions costs milliseconds per word and candidate, and on questions
# (xquad-dev) the bonus changed nothing measurable.
PROXIMITY_CANDIDATES = 10
PROXIMITY_MAX_WORDS = 4
PROXIMITY_BONUS = 0.5
# A pair of words both in more than this share of the articles is not checked (see _proximity).
PROXIMITY_MAX_SHARE = 0.1
NAMES_WEIGHT = 0.5


_PUNCTUATION = ".,;:!?\"'«»“”„‘’()…—–"


@dataclass
class Word:
    """One word of the query, as typed, and what it became."""

    text: str
    query: Q.Query


@dataclass
class Ranked:
    """Which articles a query shows and their scores; `missing[i]` marks the articles that lack words[i]."""

    mask: np.ndarray
    scores: np.ndarray | None
    words: list[Word]
    masks: list[np.ndarray]
    partial: bool  # some shown articles lack some of the words
    complete: bool  # some shown articles have all of them

    def missing(self, docnum: int) -> list[str]:
        return [w.text for w, m in zip(self.words, self.masks) if not m[docnum]]


def _word_of(q: Q.Query) -> Word | None:
    """The typed word a clause stands for, where it is one plain word in the text fields (a quoted
    phrase carries no typed word: it stays required)."""
    leaves = list(q.leaves()) if q.is_leaf() is False else [q]
    texts = {getattr(leaf, "word", None) for leaf in leaves}
    fields = {leaf.fieldname for leaf in leaves if hasattr(leaf, "fieldname")}
    if len(texts) != 1 or None in texts or not fields <= {*SEARCH_FIELDS, NAMES_FIELD, *FACET_KEYS}:
        return None
    text = texts.pop()
    return Word(text.strip(_PUNCTUATION) or text, q)


def relaxable(q: Q.Query) -> tuple[list[Word], list[Q.Query], Q.Query | None] | None:
    """(words, required clauses, excluded) of a query whose plain words may be relaxed, else None.

    Relaxed are the plain words of an all-words query ("a b c", also with "-d"); quoted phrases,
    field and facet clauses stay required, and OR queries, `+word` queries and single words keep
    their own meaning.
    """
    excluded = None
    if isinstance(q, Q.AndNot):
        q, excluded = q.a, q.b
    if not isinstance(q, Q.And):
        return None
    words, required = [], []
    for sub in q.subqueries:
        word = _word_of(sub)
        if word is None:
            required.append(sub)
        else:
            words.append(word)
    if len(words) < 2:
        return None
    return words, required, excluded


def _word_scores(arrays: Arrays, word: Word) -> tuple[np.ndarray, np.ndarray]:
    """Where a word matches and its score: per field the best of its forms, the fields summed, the
    name keys at NAMES_WEIGHT."""
    parts = word.query.subqueries if isinstance(word.query, Q.Or) else [word.query]
    mask = np.zeros(arrays.size, bool)
    total = np.zeros(arrays.size, np.float32)
    for part in parts:
        weight = NAMES_WEIGHT if {f for f, _ in part.iter_all_terms()} == {NAMES_FIELD} else 1.0
        forms = part.subqueries if isinstance(part, Q.Or) else [part]
        if not all(isinstance(f, Q.Term) for f in forms):
            m, s = arrays.evaluate(part, scored=True)
            mask |= m
            total += s * weight
            continue
        found = [arrays.term_scores(f.fieldname, f.text, f.boost) for f in forms]
        if sum(len(ids) for ids, _ in found) * SPARSE_SHARE < arrays.size:
            ids, scores = _best_of_sparse(found)
        else:
            best, has = np.zeros(arrays.size, np.float32), np.zeros(arrays.size, bool)
            for form_ids, form_scores in found:
                best[form_ids] = np.maximum(best[form_ids], form_scores)
                has[form_ids] = True
            ids = np.flatnonzero(has)
            scores = best[ids]
        live = arrays.live[ids]
        ids, scores = ids[live], scores[live]
        mask[ids] = True
        total[ids] += scores * np.float32(weight)
    return mask, total


# A word's forms in one field are combined where they match (a sort of their postings) while they
# match fewer than one document in SPARSE_SHARE, and over an array of the archive's size beyond.
SPARSE_SHARE = 16


def _best_of_sparse(found: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Each document's best score among the forms' (documents, scores)."""
    ids = np.concatenate([i for i, _ in found])
    scores = np.concatenate([s for _, s in found])
    if len(found) > 1 and len(ids):
        order = np.lexsort((-scores, ids))  # by document, its best form first
        ids, scores = ids[order], scores[order]
        first = np.ones(len(ids), bool)
        first[1:] = ids[1:] != ids[:-1]
        ids, scores = ids[first], scores[first]
    return ids, scores


def rank(arrays: Arrays, words: list[Word], required: list[Q.Query], excluded: Q.Query | None,
         allowed: np.ndarray) -> Ranked:
    """The articles to show for a relaxable query within `allowed` (the filters), scored so that
    those with all the words come first."""
    base = allowed.copy()
    scores = np.zeros(arrays.size, np.float32)
    for clause in required:
        m, s = arrays.evaluate(clause, scored=True)
        base &= m
        scores += s
    if excluded is not None:
        base &= ~arrays.evaluate(excluded, scored=False)[0]
    masks, weights = [], []
    for word in words:
        if len(words) > SHORT_QUERY_WORDS:
            word = Word(word.text, _loosened(word.query))
        m, s = _word_scores(arrays, word)
        masks.append(m & base)
        scores += s
        weights.append(max(_idf(arrays, word), 1e-3))
    weights_arr = np.array(weights, np.float32)
    matched = np.stack(masks)
    coverage = (matched * weights_arr[:, None]).sum(axis=0) / weights_arr.sum()
    every = matched.all(axis=0)
    if every.any() and len(words) <= SHORT_QUERY_WORDS:
        shown = every
    else:
        # Only articles with some of the words: where none has any, nothing is shown.
        some = matched.any(axis=0) & base
        best = float(coverage[some].max(initial=0.0))
        shown = (coverage >= MIN_COVERAGE * best - 1e-6) & some
    final = scores * (0.5 + 0.5 * coverage)
    _proximity(arrays, words, shown, final)
    # All the words first: a tier above any partial match.
    final = np.where(every, final + final.max(initial=0) + 1.0, final)
    return Ranked(shown, final, words, masks, partial=bool((shown & ~every).any()), complete=bool((shown & every).any()))


def _loosened(q: Q.Query) -> Q.Query:
    """The query with each phrase as all of its words, anywhere: what a word written with a hyphen or
    an apostrophe ("2-point", "O'Brien's") asks of the articles in a long query, where it is one word of
    many and is relaxed anyway (as Lucene's parsers treat such words). Reading each candidate's
    positions cost up to a second for a part as common as "2"."""
    if isinstance(q, (Q.Sequence, Q.Phrase)):
        words = getattr(q, "subqueries", None) or [Q.Term(q.fieldname, w) for w in q.words]
        return Q.And(words, boost=q.boost)
    if isinstance(q, Q.Or | Q.And):
        return type(q)([_loosened(sub) for sub in q.subqueries], boost=q.boost)
    return q


def _idf(arrays: Arrays, word: Word) -> float:
    """The word's weight: the largest idf of its forms that the body or title has."""
    best = 0.0
    for fieldname, text in word.query.iter_all_terms():
        if fieldname in ("body", "title"):
            text = term_text(text)
            if len(arrays.postings(fieldname, text)[0]):
                best = max(best, arrays.idf(fieldname, text))
    return best


def _proximity(arrays: Arrays, words: list[Word], shown: np.ndarray, scores: np.ndarray) -> None:
    """A bonus for each pair of consecutive query words that stand together in the body, for the
    leading candidates (checking positions costs a read of each candidate's postings)."""
    candidates = np.flatnonzero(shown)
    if len(words) > PROXIMITY_MAX_WORDS:
        return
    if len(candidates) > PROXIMITY_CANDIDATES:
        candidates = candidates[np.argpartition(-scores[candidates], PROXIMITY_CANDIDATES)[:PROXIMITY_CANDIDATES]]
    if not len(candidates):
        return
    candidates = np.sort(candidates)
    forms = [_body_forms(w.query) for w in words]
    # Two words that most articles have stand together often by chance, and their positions are the
    # costliest to read (a third of a search's time for "said that" at 100,000 articles): such pairs
    # earn no bonus.
    rare = [max((len(arrays.postings("body", f)[0]) for f in word_forms), default=0) <= PROXIMITY_MAX_SHARE * arrays.size
            for word_forms in forms]
    pairs = [i for i in range(len(words) - 1) if rare[i] or rare[i + 1]]
    # Each word's positions in each candidate, read once for both pairs the word is in.
    needed = {i for pair in pairs for i in (pair, pair + 1)}
    where = {i: arrays.positions("body", forms[i], candidates) for i in needed}
    for i in pairs:
        together = [doc for doc, ends in where[i].items() if len(followers(ends, where[i + 1].get(doc, []), 2))]
        if together:
            scores[together] *= 1.0 + PROXIMITY_BONUS / max(1, len(words) - 1)


def _body_forms(q: Q.Query) -> list[str]:
    return [term_text(t) for f, t in q.iter_all_terms() if f == "body"]
