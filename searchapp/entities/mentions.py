"""What the entity models find, before the facet rules: mentions, entities, and the name tests
the rules share (cleaning, honorifics, first names)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import analysis
from ..analysis import morph
from ..lang import words
from ..names import english_to_cyrillic, has_cyrillic, to_cyrillic

MAX_NER_CHARS = 100_000

# Zero-width characters (a web page's soft breaks, "днем\u200b\u200bв Холиоке"): the models' tokenisers
# take them for letters and glue the words on either side into one, which hides the names after them.
_ZERO_WIDTH = {c: " " for c in "\u200b\u200c\u200d\u2060\ufeff"}
# A list's bullets ("Мальта • Монако • Намибия"): the models read the names on either side as one
# name; a full stop between them ends one.
_BULLETS = {c: "." for c in "•▪◦‣●"}
_MODEL_CHARACTERS = str.maketrans(_ZERO_WIDTH | _BULLETS)


# Latin letters that look like Cyrillic ones, which a typist's layout slips into a Russian word
# ("O'Хейген" with a Latin O): the models read such a word as neither script's.
_HOMOGLYPHS = str.maketrans("AaBCcEeHKMOoPpTXxy", "АаВСсЕеНКМОоРрТХху")
_MIXED_WORD = re.compile(r"[A-Za-zА-Яа-яЁё'’]*[А-Яа-яЁё][A-Za-zА-Яа-яЁё'’]*")


def _one_script(match: re.Match) -> str:
    """A Cyrillic word with lookalike Latin letters in Cyrillic ones; a word with other Latin letters
    ("iPhone-ом") stays as it is."""
    word = match.group()
    fixed = word.translate(_HOMOGLYPHS)
    return fixed if not re.search(r"[A-Za-z]", fixed) else word


def model_text(text: str) -> str:
    """The text as the models read it: at most MAX_NER_CHARS, zero-width characters made spaces, bullets
    full stops, and a Russian word's Latin lookalike letters Cyrillic (the same length, so a span's
    offsets are the text's)."""
    return _MIXED_WORD.sub(_one_script, text[:MAX_NER_CHARS].translate(_MODEL_CHARACTERS))


_QUOTES = "\"'«»“”„‘’`"


_EDGE_JUNK = re.compile(rf"^[\s{_QUOTES}().,:;\-–—]+|[\s{_QUOTES}().,:;\-–—]+$")


_POSSESSIVE = re.compile(r"['’]s$")


_NAME_WORD = re.compile(r"^[A-ZА-ЯЁ](?:[^\W\d_]|['’\-.])*$")  # no digits: "Формулы-1" names no one


# Words before a surname that are part of it ("Charles de Gaulle", "De Gaulle", "фон Беллинсгаузен").
_PARTICLES = words("xx", "name_particles")


def _surname_only(words: list[str]) -> bool:
    """One word, or a surname after particles only ("De Gaulle"): a mention with no first name."""
    return all(w.lower() in _PARTICLES for w in words[:-1])


@dataclass(frozen=True)
class Entity:
    """One facet value of a document: a stable id, a display name, and the forms found in the text."""

    id: str
    name: str
    mentions: tuple[str, ...] = ()
    names: tuple[tuple[str, str], ...] = ()  # (language, name) known beyond the text, e.g. from GeoNames

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name}


@dataclass
class Entities:
    persons: list[Entity] = field(default_factory=list)
    organizations: list[Entity] = field(default_factory=list)
    cities: list[Entity] = field(default_factory=list)


@dataclass
class Mention:
    """A span a model found, with what the model or the morphology knows of its parts."""

    kind: str  # "person", "organization" or "location"
    text: str
    normal: str
    first: str = ""
    last: str = ""
    end: int = 0  # offset just after the span in the analysed text
    titled: bool = False  # a title stood before the name ("Pope Francis"): a lone given name is a person
    case: str = ""  # the Russian tagger's case of the span's last word ("Nom", "Loc"), where it gives one


def _clean(text: str, english: bool = True) -> str:
    """Edge punctuation, a possessive and, in English text, a leading article ("the", "a") go. In Russian text a
    Latin-script "The" is part of a title ("The Independent")."""
    text = re.sub(r"\s+", " ", text)
    text = _POSSESSIVE.sub("", _EDGE_JUNK.sub("", text))
    if english:
        text = re.sub(r"^(the|The|a|an)\s+", "", text)
    return _EDGE_JUNK.sub("", text)


def _restore_yo(normal: str, original: str) -> str:
    """Put back the ё that normalisation drops, word by word ("Борщев" from "Борщёва" -> "Борщёв")."""
    if "ё" not in original.lower():
        return normal
    out = []
    for norm_word, orig_word in zip(normal.split(), original.split()):
        chars = list(norm_word)
        for i, (a, b) in enumerate(zip(norm_word, orig_word)):
            if b in "ёЁ" and a in "еЕ":
                chars[i] = "Ё" if a == "Е" else "ё"
        out.append("".join(chars))
    out.extend(normal.split()[len(out):])
    return " ".join(out)


def _is_dictionary_word(word: str) -> bool:
    """True for an ordinary noun or adjective of either language, which a lone "name" usually is not."""
    lower = word.lower()
    if has_cyrillic(lower):
        if not morph().word_is_known(lower):
            return False
        parses = morph().parse(lower)
        proper = any(tag in str(p.tag) for p in parses for tag in ("Surn", "Name", "Patr", "Geox", "Orgn"))
        return not proper and parses[0].tag.POS in ("NOUN", "ADJF")
    return analysis.is_common_word(lower)


_HONORIFICS = re.compile(
    r"^(mr|mrs|ms|miss|dr|prof|sir|г-н|г-жа|господин|госпожа|мистер|миссис|мисс|доктор)\.?\s+", re.I)


# Titles before a name, which the models often take into a person's span ("King Franz Joseph I",
# "Папа Франциск", "Святым Ростислав"); Russian ones in any case form.
_TITLES = words("xx", "titles")


def _is_title(word: str) -> bool:
    lower = word.lower().rstrip(".")
    if lower in _TITLES:
        return True
    return bool(re.fullmatch(r"[а-яё]+", lower)) and any(
        p.normal_form in _TITLES and p.tag.POS in ("NOUN", "ADJF") for p in morph().parse(lower))


def strip_honorific(name: str) -> str:
    """Honorifics and titles before a name go ("Mr Pugh" -> "Pugh", "Pope Francis" -> "Francis")."""
    name = _HONORIFICS.sub("", name)
    words = name.split()
    while len(words) > 1 and _is_title(words[0]):
        words = words[1:]
    return " ".join(words)


def _is_name_reading(parse, grammemes: tuple[str, ...] = ("Name", "Surn", "Patr")) -> bool:
    """A pymorphy reading of a word as a first name, surname or patronymic."""
    return any(grammeme in parse.tag for grammeme in grammemes)


def is_first_name(word: str, english: bool = False) -> bool:
    """A given name: Russian (pymorphy's Name tag) or a Russian one transliterated (Nikita, Svetlana);
    with `english`, also an English one as Russian transcribes it (John, Oscar, Chris), which is looser
    ("Team" reads as Тим) and so only decides whether a lone word is a bare first name."""
    lower = word.lower()
    if has_cyrillic(lower):
        candidates = [lower]
    elif lower.isalpha():
        candidates = to_cyrillic(lower)
    else:
        return False
    for candidate in candidates:
        if morph().word_is_known(candidate):
            parses = morph().parse(candidate)
            if all("Name" in str(p.tag) for p in parses[:2]):
                return True
    if english and candidates and lower.isascii():
        # A transcribed English name counts when its best reading is a given name ("Oscar" is also the
        # award, "Bob" a haircut: the name comes first).
        english = english_to_cyrillic(lower)
        # Henry Генри and Hillary Хиллари; Wayne Уэйн and Kay Кей.
        for spelling in dict.fromkeys(s for h in (english, re.sub("^г", "х", english)) for s in (h, h.replace("эй", "ей"))):
            parses = morph().parse(spelling) if morph().word_is_known(spelling) else []
            if parses and "Name" in str(parses[0].tag) and "Surn" not in str(parses[0].tag):
                return True
    return False


def _is_known_surname(word: str) -> bool:
    """A Latin-script word whose Russian spelling pymorphy's dictionary knows first as a surname
    (Thompson: Томпсон, Sarkozy: Саркози); company names are not in it as surnames."""
    if not (word.isalpha() and word.isascii() and word.istitle()):
        return False
    return any(morph().word_is_known(c) and "Surn" in str(morph().parse(c)[0].tag)
               for c in dict.fromkeys([english_to_cyrillic(word), *to_cyrillic(word)]))


def _fold_name(text: str) -> str:
    """A name as compared across the models' kinds: folded, quotes and runs of space as one space."""
    return analysis.fold_spaced(re.sub(r"[«»\"“”„]+", " ", text))


_AFTER_HONORIFIC = re.compile(r"(?<![^\W\d_])(?:mr|mrs|ms|dr|prof|sir|г-н|г-жа|мистер|миссис|мисс)\.?$", re.I)


def after_honorific(m: Mention, text: str) -> bool:
    """Whether "Mr", "Mrs", "г-н"... stands before the mention in the text: a person's name, whatever
    else its word is (a dictionary word, a word of an organisation's name: "the Trump Organization")."""
    start = max(m.end - len(m.text), 0)
    return bool(m.end) and _AFTER_HONORIFIC.search(text[max(start - 10, 0):start].rstrip()) is not None


# A verb after a sentence's first word that makes it a person's name: one of speaking or a past tense.
_PERSONS_VERB = re.compile(r"\s+(?:said|says|told|tells|wrote|writes|asked|has|had|is|was|will|would|\w{3,}ed)\b")


def written_as_name(word: str, m: Mention, text: str, in_lower_case: dict[str, bool], first_words: bool = False) -> bool:
    """A dictionary word that the text never writes in lower case, named here inside a sentence, so
    that the model's person is one ("President Trump", "Mrs May", "Трамп"): a text that uses the word
    as a word ("Memorial", "the trump card") writes it so somewhere, and a sentence's first word is
    capitalised whatever it is ("Подопечные", "Weather"), unless `first_words` count too where a verb
    of what people do follows ("Trump continued", "Bush said")."""
    if not text or not word[:1].isupper() or word.isupper() or not m.end:
        return False
    start = max(m.end - len(m.text), 0)
    before = text[max(start - 100, 0):start].rstrip(" \t\"'«“„‘(")
    if after_honorific(m, text):
        return True  # "Mr. Trump": a title's full stop ends no sentence
    if (not before or before[-1] in ".!?:;\n—–-") and not (first_words and _PERSONS_VERB.match(text, m.end)):
        return False
    if word not in in_lower_case:
        in_lower_case[word] = re.search(rf"(?<![^\W\d_]){re.escape(word.lower())}(?![^\W\d_])", text) is not None
    return not in_lower_case[word]
