"""A person's name as the models leave it, repaired: cases the normalisation missed and ordinary
words taken in at its edges. Each repair takes a mention and gives it back, changed or not."""

from __future__ import annotations

import re

from ..analysis import is_common_word, morph
from ..names import REGNAL_NUMBER, has_cyrillic, to_cyrillic, transliterate
from .mentions import Mention, _is_dictionary_word, is_first_name
from .russian import _without_ending


def repaired(m: Mention, text: str = "") -> Mention:
    """Every repair below, in order; `text` is the document's."""
    m = _indeclinable_kept(_instrumental_undone(_without_leading_function_word(_without_capitals(m))))
    return _without_leading_word_of_the_text(_trimmed(_adjective_surname_in_the_nominative(m)), text)


def _without_leading_word_of_the_text(m: Mention, text: str) -> Mention:
    """A Russian name without a first word that is a noun of the dictionary which the text also writes
    in lower case ("Гол Менга" in an article that says "забил гол", "Дочь Бонд"): a sentence's capital
    made it look a given name's. A given name that is also a word ("Грант", "Роза") is one the text
    does not use as a word."""
    words = m.normal.split()
    if len(words) != 2 or not has_cyrillic(words[0]) or not _is_dictionary_word(words[0]) or is_first_name(words[0]):
        return m
    if re.search(rf"(?<![^\W\d_]){re.escape(words[0].lower())}(?![^\W\d_])", text) is None:
        return m
    return _with_words(m, words[1:])


def _with_words(m: Mention, words: list[str]) -> Mention:
    if words == m.normal.split():
        return m
    first = words[0] if len(words) > 1 else ""
    return Mention(m.kind, m.text, " ".join(words), first=first, last=words[-1], end=m.end, titled=m.titled)


_CAPITALS = re.compile(r"[A-ZА-ЯЁ]{2,}")


def _without_capitals(m: Mention) -> Mention:
    """A name without the letters after it ("Elin Jones AM", "John Smith MP", "Plaid AM"); a word all
    in capitals alone is a name of no person ("FEMAIL", a column's). A ruler's number stays ("Richard III")."""
    words = m.normal.split()
    while words and _CAPITALS.fullmatch(words[-1]) and not REGNAL_NUMBER.match(words[-1]):
        words = words[:-1]
    if not words:
        return Mention(m.kind, m.text, "", end=m.end, titled=m.titled)
    return _with_words(m, words)


def _indeclinable_kept(m: Mention) -> Mention:
    """A foreign name ending in "-и" does not decline: a normal form that made it a soft-sign noun
    ("Холли Уиллоуби" -> "Уиллоубь") is undone."""
    found, words = m.text.split(), m.normal.split()
    if not has_cyrillic(m.normal) or len(found) != len(words):
        return m
    return _with_words(m, [f.strip(",.") if w.endswith("ь") and f.rstrip(",.").endswith("и") and
                           f.rstrip(",.")[:-1] == w[:-1] else w for f, w in zip(found, words)])


_ADJECTIVE_CASE_ENDING = re.compile(r"(?:ому|ему|ого|его|ым|им|ой|ую)$")
_LATIN_ADJECTIVE_CASE_ENDING = re.compile(r"(?:omu|emu|ogo|ego|ym|im|oy|uyu)$")


def _adjective_surname_in_the_nominative(m: Mention) -> Mention:
    """A surname that declines as an adjective, left in another case ("Юрию Долгорукому", and its
    transliteration "Yury Dolgorukomu"): pymorphy's masculine nominative (Долгорукий, Dolgoruky)."""
    words = m.normal.split()
    if len(words) < 2:
        return m
    last = words[-1]
    latin = not has_cyrillic(last)
    if not (_LATIN_ADJECTIVE_CASE_ENDING if latin else _ADJECTIVE_CASE_ENDING).search(last.lower()):
        return m
    for candidate in (to_cyrillic(last) if latin else [last.lower()]):
        every = morph().parse(candidate)
        parses = [p for p in every if p.tag.POS == "ADJF"]
        if not parses or any("nomn" in p.tag for p in every) or not morph().word_is_known(candidate):
            continue  # a nominative already ("Толстой"), or no adjective
        gender = "femn" if parses[0].tag.gender == "femn" else "masc"
        nominative = parses[0].inflect({"nomn", "sing", gender})
        if nominative:
            word = nominative.word.capitalize()
            return _with_words(m, words[:-1] + [transliterate(word) if latin else word])
    return m


def _instrumental_undone(m: Mention) -> Mention:
    """A Russian foreign name left in the instrumental ("Айяном Полтером", "Сторми Дэниелсом"): words
    the dictionary does not know lose the hard masculine "-ом", which no nominative of such a name has."""
    words = m.normal.split()
    if not has_cyrillic(m.normal) or len(words) < 2 or not words[-1].endswith("ом"):
        return m
    fixed = [(_without_ending(w, "ablt") or w) if not morph().word_is_known(w.lower()) else w for w in words]
    if fixed == words:
        return m
    return Mention(m.kind, m.text, " ".join(fixed), first=fixed[0], last=fixed[-1], end=m.end, titled=m.titled)


_LEADING_FUNCTION_WORDS = frozenset({"a", "an", "the", "my", "our", "your", "his", "her", "their", "its", "this", "that"})


def _without_leading_function_word(m: Mention) -> Mention:
    """An English name the model began with an article or a possessive ("My Olympic", "A Plaid AM")."""
    words = m.normal.split()
    if len(words) < 2 or words[0].lower() not in _LEADING_FUNCTION_WORDS:
        return m
    return _with_words(m, words[1:])


def _trimmed(m: Mention) -> Mention:
    """A Russian name without an ordinary noun the model took in before it ("Показания Бретт Кавано")
    or a word other than a noun after it ("Роуэн Аткинсон Сегодня"), where two name words remain:
    many foreign surnames and first names are also words to the dictionary (Форд, Грант, Пенс)."""
    words = m.normal.split()
    if not has_cyrillic(m.normal) or len(words) < 3:
        return m
    if _is_dictionary_word(words[0]):
        words = words[1:]
    if len(words) > 2 and is_common_word(words[-1]) and not _is_dictionary_word(words[-1]):
        words = words[:-1]
    if len(words) == len(m.normal.split()):
        return m
    return Mention(m.kind, m.text, " ".join(words), first=words[0], last=words[-1], end=m.end, titled=m.titled)


