"""Analysis stage: text becomes positioned tokens, each carrying every plausible lemma of its word.

The same function serves indexing and querying, so any inflected form in a query meets any other form
of the same word in a document. Cyrillic words go through pymorphy3, Latin words through lemminflect
(chosen by measurement, see the README). A token keeps its own folded surface form beside its lemmas:
the lemmatizers guess wrongly on some proper names ("Paris" -> "pari"), and the surface form keeps
those findable. All forms of one word share one position, so phrase queries still work.

This module knows nothing of the search engine; the index module wraps :func:`analyze` for Whoosh.
"""

from __future__ import annotations

import importlib.abc
import re
import sys
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import pymorphy3

from .lang import words
from .names import has_cyrillic, sound_key


def _import_lemminflect():
    """lemminflect, without the spaCy import its package runs to register token extensions.

    searchapp uses only lemminflect's own lemmatiser; importing spaCy for nothing costs the web app
    and the CLI's search 0.7 s of start-up. Where spaCy is already loaded (the indexer) nothing changes.
    """
    class NoSpacy(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path, target=None):
            if name == "spacy":
                raise ImportError("spaCy is not needed by lemminflect's lemmatiser")
            return None

    blocker = NoSpacy()
    if "spacy" not in sys.modules:
        sys.meta_path.insert(0, blocker)
    try:
        import lemminflect
    finally:
        if blocker in sys.meta_path:
            sys.meta_path.remove(blocker)
    return lemminflect


lemminflect = _import_lemminflect()

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LATIN = re.compile(r"[a-z]")
_MAX_LEMMAS = 4

STOP_WORDS_EN = words("en", "stop_words")
STOP_WORDS_RU = words("ru", "stop_words")
STOP_WORDS = STOP_WORDS_EN | STOP_WORDS_RU


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a text: where it stands and every term it is indexed under."""

    position: int
    start: int
    end: int
    terms: tuple[str, ...]


def fold(text: str) -> str:
    """Case and ё folding, applied to every term on both sides."""
    return text.lower().replace("ё", "е").replace("’", "'")


# The site's own labels of an article, searched with `tag:` and `category:` (see :func:`label_key`).
LABEL_KINDS = ("category", "tag")


def label_key(text: str) -> str:
    """A category's or tag's indexed term: folded, its words joined by "-", so that "Human rights",
    `tag:"human rights"` and the slug `human-rights` are one term."""
    return "-".join(part for part in re.split(r"[\s_,\-]+", fold(text)) if part)


def fold_spaced(text: str) -> str:
    """:func:`fold`, with runs of white space as one space: how names are compared."""
    return " ".join(fold(text).split())


@lru_cache(maxsize=1)
def morph() -> pymorphy3.MorphAnalyzer:
    """The shared pymorphy3 analyzer (loading it takes a moment, so once per process)."""
    return pymorphy3.MorphAnalyzer()


def warm_up() -> None:
    """Load both lemmatisers' data now rather than at their first word."""
    morph().parse("слово")
    lemminflect.getAllLemmas("words")
    lemminflect.getAllLemmasOOV("wordz", upos="NOUN")


def _russian_lemmas(word: str) -> list[str]:
    parses = morph().parse(word)
    known = [p for p in parses if any(type(m[0]).__name__ == "DictionaryAnalyzer" for m in p.methods_stack)]
    chosen = known or parses[:2]
    return [fold(p.normal_form) for p in chosen]


def _english_lemmas(word: str) -> list[str]:
    readings = lemminflect.getAllLemmas(word)
    if not readings:
        readings = lemminflect.getAllLemmasOOV(word, upos="NOUN")
    return [fold(lemma) for forms in readings.values() for lemma in forms]


EXACT = "="  # marks the term that `=word` queries match where the form is also a lemma


class KnownWord(NamedTuple):
    """What analysis makes of a (folded) word, as the build keeps it (:mod:`searchapp.lexicon`)."""

    terms: tuple[str, ...]  # terms_for(word)
    sound_key: str  # sound_key(word): where a snippet looks for names in the other script


_known_words: Callable[[str], KnownWord | None] | None = None


def use_known_words(lookup: Callable[[str], KnownWord | None] | None) -> None:
    """Let :func:`terms_for` and the snippets' name matching take a folded word's analysis from `lookup`
    (the index's table of the words the build analysed) before analysing it; None analyses every word."""
    global _known_words
    _known_words = lookup


def stop_using_known_words(lookup: Callable[[str], KnownWord | None]) -> None:
    """Forget `lookup` if it is the one in use (its index version is closed)."""
    global _known_words
    if _known_words == lookup:
        _known_words = None


@lru_cache(maxsize=300_000)
def terms_for(word: str) -> tuple[str, ...]:
    """The terms one word is indexed under: its folded surface form, its lemmas, and where the form is
    itself a lemma, the form with the EXACT mark.

    The mark is what lets `=arrest` find "arrest" and not "arrested": the unmarked "arrest" is indexed
    wherever any form of the word stands, the marked one only where this form does. A form that is no
    lemma ("arrested", "суда") needs no mark: only that form is indexed under it.

    Empty for a stop word, or a word all of whose readings are stop words ("которых").
    """
    surface = fold(word)
    if _known_words is not None:
        known = _known_words(surface)
        if known is not None:
            return known.terms
    if surface.endswith("'s"):
        surface = surface[:-2]
    if has_cyrillic(surface):
        lemmas = _russian_lemmas(surface)
    elif _LATIN.search(surface) and surface.isalpha():
        lemmas = _english_lemmas(surface)
    else:
        lemmas = []
    if surface in STOP_WORDS or (lemmas and all(lemma in STOP_WORDS for lemma in lemmas)):
        return ()
    terms = [surface]
    for lemma in lemmas:
        if lemma not in terms:
            terms.append(lemma)
    terms = terms[: _MAX_LEMMAS + 1]
    if surface in lemmas:
        terms.append(EXACT + surface)
    return tuple(terms)


def exact_term(word: str) -> str:
    """The term that matches this form of a word and no other (see :func:`terms_for`); "" for a stop word."""
    terms = terms_for(word)
    marked = [t for t in terms if t.startswith(EXACT)]
    return marked[0] if marked else (terms[0] if terms else "")


def plain(term: str) -> str:
    """A term without the EXACT mark: the form it stands for."""
    return term[1:] if term.startswith(EXACT) else term


_PROPER_TAGS = ("Surn", "Name", "Patr", "Geox", "Orgn", "Trad")


@lru_cache(maxsize=100_000)
def is_common_word(word: str) -> bool:
    """True for a word the dictionaries know as an ordinary word rather than a name ("Арест", "Police")."""
    lower = fold(word)
    if has_cyrillic(lower):
        return morph().word_is_known(lower) and not any(
            tag in str(p.tag) for p in morph().parse(lower) for tag in _PROPER_TAGS)
    return bool(lemminflect.getAllLemmas(lower))


@lru_cache(maxsize=100_000)
def name_keys(word: str) -> tuple[str, ...]:
    """Script-independent keys of a name word and its lemmas: "Борщёва", "Борщёв" and "Borshchev" share one
    (see :func:`searchapp.names.sound_key`).

    These are what cross-script search matches: a query word's keys against the keys of the entity
    names of each article, so "Borshchev" finds a Russian article about Борщёв and "Кемерово" an
    English one about Kemerovo.
    """
    terms = [t for t in terms_for(word) if not t.startswith(EXACT)]
    return tuple(dict.fromkeys(k for k in (sound_key(t) for t in terms) if len(k) > 1))


def vocabulary(text: str, known: Container[str] = ()) -> dict[str, KnownWord]:
    """Every word of text, folded, with its analysis (except those in `known`): what the build keeps."""
    words = {fold(word): word for word in _WORD.findall(text)}
    return {folded: KnownWord(terms_for(word), sound_key(folded)) for folded, word in words.items() if folded not in known}


def analyze(text: str) -> Iterator[Token]:
    """Split text into words and yield a :class:`Token` for each word that is not a stop word.

    Stop words are dropped but still count as positions, so "rights of defenders" keeps its gap.
    """
    for position, match in enumerate(_WORD.finditer(text)):
        terms = terms_for(match.group())
        if terms:
            yield Token(position, match.start(), match.end(), terms)


def matching_words(text: str, terms: set[str], keys: frozenset[str] = frozenset()) -> list[Token]:
    """The words of text with one of `terms` among their forms, in order: what a snippet highlights.
    Where none has, the names with one of the name `keys` (:func:`name_matches`): a text found only
    through a name in the other script. (Looking for names in every text would double a search's time.)

    Faster than :func:`analyze` over the whole text: the regular expression engine finds candidates,
    words that start like a term, because a word and its lemma almost always share their first three
    letters ("arrested"/"arrest", "суда"/"суд"), and only those are analysed. Suppletive forms ("went"
    for "go") are missed, which is acceptable for highlighting but not for matching. Positions are -1.
    """
    prefixes = frozenset(fold(plain(t))[:3] for t in terms if t)
    found = []
    for match in _candidates(text, prefixes):
        forms = terms_for(match.group())
        if forms and not terms.isdisjoint(forms):
            found.append(Token(-1, match.start(), match.end(), forms))
    return found or name_matches(text, keys)


def _candidates(text: str, prefixes: frozenset[str]) -> Iterator[re.Match]:
    """The words of text that start with one of the (folded) prefixes, in order.

    Found with `str.find` in the folded text, a scan in C for each prefix, and only the words there
    matched with the word pattern: a regular expression tried at every position of the text cost
    most of a snippet's time.
    """
    if not prefixes:
        return
    folded = fold(text)
    if len(folded) != len(text):  # a rare character whose lower case is longer: positions would shift
        yield from _candidate_pattern(prefixes).finditer(text)
        return
    starts = set()
    for prefix in prefixes:
        i = folded.find(prefix)
        while i >= 0:
            if i == 0 or not _WORD_CHAR.match(folded, i - 1):
                starts.add(i)
            i = folded.find(prefix, i + 1)
    end = 0
    for start in sorted(starts):
        if start >= end:  # not inside the word before ("Brien" of "O'Brien")
            match = _WORD.match(text, start)
            end = match.end()
            yield match


_WORD_CHAR = re.compile(r"[^\W_]")


_NAME_CANDIDATE = re.compile(r"(?<![^\W_])[A-ZА-ЯЁ][^\W_]*(?:['’\-][^\W_]+)*")
_SENTENCE_START = re.compile(r"(?:^|[.!?…:\n])[\s\"'«»“”„()\-–—]*$")


def name_matches(text: str, keys: frozenset[str]) -> list[Token]:
    """Capitalised words of text whose name keys (:func:`name_keys`) are among `keys`: where a name the
    query wrote in the other script stands ("Gorelov" finds "Горелова"). An ordinary word that is
    capitalised only because it starts a sentence ("Карту" for a query "Court") is no name. Positions
    are -1."""
    if not keys:
        return []
    # A name's lemmas keep the start of its key ("Горелова", "Горелов"): words whose own key starts
    # otherwise are passed over without analysing them, the costly part on new text.
    starts = {k[:2] for k in keys}
    found = []
    for m in _NAME_CANDIDATE.finditer(text):
        if _key_start(m.group()) not in starts or keys.isdisjoint(name_keys(m.group())):
            continue
        if is_common_word(m.group()) and _SENTENCE_START.search(text, max(0, m.start() - 8), m.start()):
            continue
        found.append(Token(-1, m.start(), m.end(), terms_for(m.group())))
    return found


@lru_cache(maxsize=100_000)
def _key_start(word: str) -> str:
    surface = fold(word)
    known = _known_words(surface) if _known_words is not None else None
    return (known.sound_key if known is not None else sound_key(surface))[:2]


@lru_cache(maxsize=1024)
def _candidate_pattern(prefixes: frozenset[str]) -> re.Pattern:
    options = sorted((re.escape(p).replace("е", "[её]").replace("'", "['’]") for p in prefixes), key=len, reverse=True)
    return re.compile(rf"(?<![^\W_])(?=(?:{'|'.join(options)}))" + _WORD.pattern, re.IGNORECASE)

