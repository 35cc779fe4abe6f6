"""Entities stage: a document's people, organisations and cities, as clean facet values.

The named-entity models are real ones: spaCy (``en_core_web_md``; the package name is a setting) for
English and Natasha (slovnet) for Russian. Their raw spans are then made into facet values:

* persons: Russian names in the nominative ("Валерия Борщёва" -> "Валерий Борщёв"); a surname-only
  mention folded into the full name found in the same document ("Borshchev" -> "Valery Borshchev");
  a lone word that is an ordinary dictionary word ("Memorial") or a bare first name is dropped;
* organisations: normalised, quotes and a leading "the" removed, an abbreviation the text introduces
  ("Moscow Helsinki Group (MHG)") folded into the full name;
* cities: only what the GeoNames gazetteer knows as a city; countries and regions never.

Every value carries a language-independent id: ``person:<surname key>-<initial>`` from
:func:`searchapp.names.sound_key` (so Борщёв and Borshchev, Трамп and Trump meet), ``city:<GeoNames id>``, and
``org:<organization key>`` (:func:`organization_key`: so a transliterated name is the same
organisation). The editable entities file
(:class:`Curated`) overrides all of this for the entities it lists.
"""

from __future__ import annotations

import re
import tomllib
import warnings
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from . import analysis
from .analysis import STOP_WORDS, morph
from .config import DEFAULT_SPACY_MODEL
from .corpus import Document
from .facets import BY_KEY, BY_PLURAL, KEYS, PERSON
from .gazetteer import gazetteer
from .names import has_cyrillic, name_key, sound_key

MAX_NER_CHARS = 100_000

_QUOTES = "\"'«»“”„‘’`"
_EDGE_JUNK = re.compile(rf"^[\s{_QUOTES}().,:;\-–—]+|[\s{_QUOTES}().,:;\-–—]+$")
_POSSESSIVE = re.compile(r"['’]s$")
_NAME_WORD = re.compile(r"^[A-ZА-ЯЁ](?:[^\W\d_]|['’\-.])*$")  # no digits: "Формулы-1" names no one
# Words before a surname that are part of it ("Charles de Gaulle", "De Gaulle", "фон Беллинсгаузен").
_PARTICLES = frozenset({"de", "da", "di", "del", "della", "du", "des", "van", "von", "der", "den", "le", "la", "ten",
                        "ter", "де", "да", "ди", "дель", "делла", "дю", "ван", "фон", "дер", "ле", "ла"})


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


def _clean(text: str, english: bool = True) -> str:
    """Edge punctuation, a possessive and, in English text, a leading article go. In Russian text a
    Latin-script "The" is part of a title ("The Independent")."""
    text = re.sub(r"\s+", " ", text)
    text = _POSSESSIVE.sub("", _EDGE_JUNK.sub("", text))
    if english:
        text = re.sub(r"^(the|The)\s+", "", text)
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
_TITLES = frozenset({"king", "queen", "prince", "princess", "emperor", "empress", "pope", "saint", "st", "president",
                     "chancellor", "senator", "governor", "general", "lord", "lady", "archbishop", "bishop",
                     "король", "королева", "принц", "принцесса", "император", "императрица", "папа", "святой",
                     "святая", "президент", "канцлер", "сенатор", "губернатор", "генерал", "архиепископ",
                     "епископ", "царь", "царица", "князь", "княгиня"})


def _is_title(word: str) -> bool:
    lower = word.lower().rstrip(".")
    if lower in _TITLES:
        return True
    return bool(re.fullmatch(r"[а-яё]+", lower)) and any(
        p.normal_form in _TITLES and p.tag.POS in ("NOUN", "ADJF") for p in morph().parse(lower))


def _strip_honorific(name: str) -> str:
    """Honorifics and titles before a name go ("Mr Pugh" -> "Pugh", "Pope Francis" -> "Francis")."""
    name = _HONORIFICS.sub("", name)
    words = name.split()
    while len(words) > 1 and _is_title(words[0]):
        words = words[1:]
    return " ".join(words)


def _is_name_reading(parse, grammemes: tuple[str, ...] = ("Name", "Surn", "Patr")) -> bool:
    """A pymorphy reading of a word as a first name, surname or patronymic."""
    return any(grammeme in parse.tag for grammeme in grammemes)


def _nominative(word: str) -> str:
    """A one-word Russian name in the nominative ("Обамы" -> "Обама"), preferring surname readings."""
    if not has_cyrillic(word):
        return word
    parses = morph().parse(word.lower())
    named = [p for p in parses if _is_name_reading(p, ("Surn", "Name"))]
    # A declinable reading explains a form better than an indeclinable name ("Марку": Марк, not Марку).
    singular = sorted((p for p in named if "sing" in p.tag), key=lambda p: "Fixd" in p.tag)
    # A foreign name pymorphy does not know is often read as a verb ("Сигала" -> сигать) and would be
    # "inflected" into a participle: only a noun reading may change the word, and foreign names ending
    # in a vowel other than "а"/"я" do not decline at all ("Найтли", "Коуми").
    nouns = [p for p in parses if p.tag.POS == "NOUN" and "sing" in p.tag and not re.search("[иуюоэы]$", word)]
    if not singular and (not nouns or "nomn" in nouns[0].tag):
        return word  # plural readings of a name ("Кими": the surname Кий) explain no single person
    best = (singular or nouns)[0]
    if "nomn" in best.tag:
        return word
    nominative = best.inflect({"nomn"})
    result = nominative.word if nominative else best.normal_form
    return _restore_yo(result.capitalize(), word)


_FULL_NAME_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")
_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def _nominative_full_name(found: str, normal: str, case: str, masculine: bool = False) -> str:
    """A Russian full name in the nominative. Natasha leaves some forms as found ("Марину Соловьёву",
    "Елена Васнецову"): here the case its tagger read in context picks the first name's reading, whose
    gender then picks each other word's ("Соловьёву" is also the dative of "Соловьёв"). Words of a man's
    foreign name that pymorphy does not know lose the hard masculine ending of the case ("Кими
    Райкконена" -> "Кими Райкконен", "Йенса Лемана" -> "Йенс Леман")."""
    words, normal_words = found.split(), normal.split()
    if case == "nomn" or len(words) != len(normal_words) or not all(_FULL_NAME_WORD.fullmatch(w) for w in words):
        return normal
    given = [p for p in morph().parse(words[0].lower()) if "Name" in p.tag and case in p.tag]
    if not (given or masculine):
        return normal
    gender = given[0].tag.gender if given else "masc"
    out = []
    for i, (word, normal_word) in enumerate(zip(words, normal_words)):
        parses = given if i == 0 and given else [
            p for p in morph().parse(word.lower())
            if p.tag.POS == "NOUN" and case in p.tag and (gender in p.tag or "ms-f" in str(p.tag))]
        named = [p for p in parses if _is_name_reading(p)]
        candidates = named or (parses if given else [])
        nominative = candidates[0].inflect({"nomn", "sing"}) if candidates else None
        if nominative:
            out.append(_restore_yo(nominative.word.capitalize(), word))
        elif gender == "masc" and not morph().word_is_known(word.lower()):
            out.append(_without_ending(word, case) or normal_word)
        else:
            out.append(normal_word)
    return " ".join(out)


def _is_patronymic(word: str) -> bool:
    """A patronymic the dictionary knows ("Николаевич"); a guessed one may be a surname ("Бозович")."""
    lower = word.lower()
    return bool(re.fullmatch(r"[А-ЯЁ][а-яё]+", word)) and morph().word_is_known(lower) and any(
        "Patr" in p.tag for p in morph().parse(lower))


_HARD_MASCULINE_ENDINGS = {"gent": "а", "accs": "а", "datv": "у", "ablt": "ом", "loct": "е"}


def _without_ending(word: str, case: str) -> str:
    """The word without the hard masculine ending of `case` ("Райкконена" -> "Райкконен"), or ""."""
    ending = _HARD_MASCULINE_ENDINGS.get(case, "")
    stem = word[:-len(ending)] if ending and word.endswith(ending) else ""
    return stem if len(stem) >= 3 and re.search("[бвгдзклмнпрстфхцшщ]$", stem) else ""


_LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("yo", "ё"), ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ch", "ч"), ("sh", "ш"), ("iy", "ий"), ("y", "ы"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
    ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("c", "к"), ("h", "х"),
    ("w", "в"), ("x", "кс"), ("q", "к"),
]


def _to_cyrillic(word: str) -> list[str]:
    """Plausible Russian spellings of a transliterated name (Nikita -> никита, Tatyana -> татьяна)."""
    text = word.lower()
    out, i = [], 0
    while i < len(text):
        for latin, cyrillic in _LATIN_TO_CYRILLIC:
            if text.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(text[i])
            i += 1
    plain = "".join(out)
    softened = re.sub(r"([бвгдзклмнпрстф])([яюеё])", r"\1ь\2", plain)
    ending = re.sub(r"ы$", "ий", plain)
    return list(dict.fromkeys([plain, softened, ending]))


# How Russian transcribes English spellings (John -> Джон, Henry -> Генри, Frank -> Фрэнк), tried one
# after another at each position; the first pattern that matches wins.
_ENGLISH_TO_CYRILLIC = [(re.compile(pattern), pattern.startswith("^"), cyrillic) for pattern, cyrillic in (
    ("^j", "дж"), ("^h", "г"), ("^e", "э"), ("^y", "й"), ("ch", "к"), ("ck", "к"), ("th", "т"), ("ph", "ф"),
    ("sh", "ш"), ("oh", "о"), ("ee", "и"), ("oo", "у"), ("ou", "у"), ("ea", "и"), ("y$", "и"), ("ie$", "и"),
    ("e$", ""), ("ine$", "ин"), ("ce", "с"), ("ci", "си"), ("c", "к"), ("ld$", "льд"), ("a(?=nk)", "э"),
    ("j", "дж"), ("x", "кс"), ("w", "у"), ("h", ""), ("q", "к"), ("y", "и"),
)]


def _english_to_cyrillic(word: str) -> str:
    """The Russian transcription of an English given name, approximately (Francis -> фрэнсис is not
    reached, Frank -> фрэнк, Oswald -> освальд, Chris -> крис are)."""
    text, out, i = word.lower(), [], 0
    while i < len(text):
        for pattern, at_start, cyrillic in _ENGLISH_TO_CYRILLIC:
            match = pattern.match(text, i)
            if match and (not at_start or i == 0):
                out.append(cyrillic)
                i = match.end()
                break
        else:
            simple = _to_cyrillic(text[i])
            out.append(simple[0] if simple else text[i])
            i += 1
    return "".join(out)


def is_first_name(word: str, english: bool = False) -> bool:
    """A given name: Russian (pymorphy's Name tag) or a Russian one transliterated (Nikita, Svetlana);
    with `english`, also an English one as Russian transcribes it (John, Oscar, Chris), which is looser
    ("Team" reads as Тим) and so only decides whether a lone word is a bare first name."""
    lower = word.lower()
    if has_cyrillic(lower):
        candidates = [lower]
    elif lower.isalpha():
        candidates = _to_cyrillic(lower)
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
        english = _english_to_cyrillic(lower)
        parses = morph().parse(english) if morph().word_is_known(english) else []
        return bool(parses) and "Name" in str(parses[0].tag) and "Surn" not in str(parses[0].tag)
    return False


def _is_known_surname(word: str) -> bool:
    """A Latin-script word whose Russian spelling pymorphy's dictionary knows first as a surname
    (Thompson: Томпсон, Sarkozy: Саркози); company names are not in it as surnames."""
    if not (word.isalpha() and word.isascii() and word.istitle()):
        return False
    return any(morph().word_is_known(c) and "Surn" in str(morph().parse(c)[0].tag)
               for c in dict.fromkeys([_english_to_cyrillic(word), *_to_cyrillic(word)]))


_FULL_NAME = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


def _transliterated_names(text: str, found: list[Mention]) -> list[Mention]:
    """Russian names in English text the English model misses: a Russian given name, then a word
    that is no dictionary word ("Marina Solovyova"), where no model span already says what it is."""
    taken = {m.text.strip() for m in found if m.kind != "organization"}
    extra = []
    for match in _FULL_NAME.finditer(text):
        first, last = match.groups()
        if match.group() in taken or _is_dictionary_word(last) or not is_first_name(first):
            continue
        extra.append(Mention("person", match.group(), match.group(), first=first, last=last, end=match.end()))
    return extra


_EVENTS = frozenset({"war", "revolt", "revolution", "treaty", "award", "prize", "uprising", "battle", "rebellion",
                     "accord", "crisis", "age", "era"})


def _is_event(name: str) -> bool:
    """"First Opium War", "Treaty of Nanking": an event or an award is not an organisation."""
    words = name.lower().split()
    return bool(words) and (words[-1] in _EVENTS or (len(words) > 2 and words[0] in _EVENTS and words[1] == "of"))


_ORGANIZATION_KINDS = frozenset({
    "organization", "organisation", "group", "company", "ngo", "party", "newspaper", "agency", "foundation", "bank",
    "firm", "charity", "association", "movement", "channel", "broadcaster", "publisher", "fund", "union", "society"})
_PLACE_CUES = frozenset({"in", "near", "outside", "across", "throughout", "into"})
_SPEECH_VERBS = frozenset({"says", "said", "explains", "explained", "adds", "added", "writes", "wrote", "notes",
                           "noted", "argues", "argued", "recalls", "recalled", "asks", "asked"})
_ARTICLES = frozenset({"the", "a", "an"})
_GENDERED_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "himself", "herself"})


class EnglishModel:
    """spaCy named-entity recognition, loaded without the components it does not need."""

    # A "facility" is often a town the model does not know ("Chapel Hill"): as a location it counts only
    # where GeoNames knows it as a city.
    LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location"}

    def __init__(self, package: str = DEFAULT_SPACY_MODEL) -> None:
        import spacy

        # en_core_web_md 3.7.1 is the largest English model the package index offers here; spaCy 3.8 loads
        # and runs 3.7 models but warns that they were trained with an older version (the figures in the
        # README are measured with this pair).
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        # The tagger's parts of speech tell a name's use ("the Essen police") where the model's
        # labels are unsure; it costs about 15 % of NER throughput, the parser (not needed) another 25 %.
        self.nlp = spacy.load(package, exclude=["parser", "lemmatizer", "senter"])

    def mentions(self, text: str) -> list[Mention]:
        found = []
        doc = self.nlp(text[:MAX_NER_CHARS])
        for ent in doc.ents:
            kind = self.LABELS.get(ent.label_)
            if kind is None or "\n" in ent.text.strip() or (
                    ent.label_ == "FAC" and len(ent) == 1 and _is_dictionary_word(ent.text)):
                continue  # a one-word "facility" such as "the Metro" is no town
            if kind == "person" and self._used_as_place(doc, ent):
                kind = "location"
            elif kind == "location" and self._acts_as_person(doc, ent):
                kind = "person"
            if kind == "organization" and (self._era_or_unit(doc, ent) or _is_event(_clean(ent.text))):
                continue
            if kind == "organization" and (self._referred_to_as_person(doc, ent) or (
                    len(ent) == 1 and _is_known_surname(ent.text))):
                kind = "person"
            parts = self._listed(ent.text) if kind == "organization" else []
            if parts:
                found += [Mention(kind, part, _clean(part), end=ent.end_char) for part in parts]
                continue
            if kind == "person":
                ent = self._with_first_name(doc, ent)
            name = _strip_honorific(_clean(ent.text)) if kind == "person" else _clean(ent.text)
            words = name.split()
            mention = Mention(kind, " ".join(ent.text.split()), name, end=ent.end_char,
                              titled=len(words) == 1 and _clean(ent.text) != name)
            if kind == "person" and words:
                mention.last = words[-1]
                mention.first = words[0] if len(words) > 1 else ""
            found.append(mention)
        return found + self._named_after_kind(doc)

    @staticmethod
    def _named_after_kind(doc) -> list[Mention]:
        """Names right after a word for a kind of organisation are organisations of that kind, which the
        model misses in lists ("the human rights organizations Public Verdict and Memorial", "the
        newspaper Novaya Gazeta"). A name the model gave another type keeps it."""
        found = []
        for token in doc[:-1]:
            if re.sub(r"s$", "", re.sub(r"ies$", "y", token.lower_)) not in _ORGANIZATION_KINDS:
                continue
            i = token.i + 1
            while i < len(doc):
                words = []
                while i < len(doc) and (doc[i].is_title or (doc[i].is_upper and len(doc[i]) > 1)) and doc[i].is_alpha:
                    words.append(doc[i])
                    i += 1
                if not words or any(w.ent_type_ not in ("", "ORG") for w in words) or words[0].lower_ in STOP_WORDS:
                    break
                span = doc[words[0].i:words[-1].i + 1]
                found.append(Mention("organization", span.text, span.text, end=span.end_char))
                after_list_separator = i
                while after_list_separator < len(doc) and doc[after_list_separator].lower_ in (",", "and"):
                    after_list_separator += 1
                if after_list_separator == i:
                    break
                i = after_list_separator
        return found

    @staticmethod
    def _era_or_unit(doc, ent) -> bool:
        """An abbreviation right after a number is an era or a unit ("500 BC", "20 MW"), not a body."""
        return len(ent) == 1 and ent.text.isupper() and ent.start > 0 and doc[ent.start - 1].like_num

    @staticmethod
    def _listed(text: str) -> list[str]:
        """The names of a list the model took for one ("Tesla, Uber and Snapchat"), or []."""
        if "," not in text:
            return []
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text)]
        return parts if len(parts) > 1 and all(p[:1].isupper() for p in parts) else []

    @staticmethod
    def _used_as_place(doc, ent) -> bool:
        """A "person" span in a place's slot: after "in"/"near" ("in Monte Carlo") or an article ("the
        Danube", "the Greeks"), where names of people do not stand. An attributive use ("the Obama
        administration", "in Trump's view") proves nothing and is left to the person rules."""
        if ent.start == 0 or is_first_name(ent[0].text):
            return False
        before = doc[ent.start - 1].lower_
        after = doc[ent.end] if ent.end < len(doc) else None
        attributive = after is not None and (after.lower_ in ("'s", "’s") or after.pos_ == "NOUN")
        if before in _PLACE_CUES or (before in _ARTICLES and not attributive):
            return True
        # "the Essen police", "her Abbotsford school": a determiner and a noun around a city's name.
        city = gazetteer().lookup(ent.text, main_names_only=True)
        return bool(attributive and doc[ent.start - 1].pos_ in ("DET", "PRON") and city and city.population >= 100_000)

    @staticmethod
    def _acts_as_person(doc, ent) -> bool:
        """A one-word "place" the model is unsure of, used as people are: the subject of a
        finite verb ("Tarlo explains", "Campbell went"), the one who speaks ("says Tarlo") or an owner
        ("Knightley's popularity"). Known places, dictionary words, acronyms and words after an
        article or a place preposition ("the Nile does") are not. Organisations are left alone:
        companies speak and act in news as people do ("Yukos said", "Microsoft announced")."""
        word = ent.text
        if len(ent) != 1 or not (word.isalpha() and word.istitle()) or _is_dictionary_word(word):
            return False
        before = doc[ent.start - 1] if ent.start else None
        if before is not None and (before.lower_ in _PLACE_CUES or before.lower_ in _ARTICLES or before.pos_ == "DET"):
            return False
        if before is not None and before.lower_ in _SPEECH_VERBS:
            return True
        if gazetteer().is_country_or_region(word) or gazetteer().lookup(word, main_names_only=True):
            return False
        after = list(doc[ent.end:ent.end + 3])
        if after and after[0].tag_ == "RB":
            after = after[1:]
        if not after:
            return False
        if after[0].tag_ in ("VBD", "VBZ"):
            return True
        return after[0].lower_ in ("'s", "’s") and len(after) > 1 and after[1].pos_ in ("NOUN", "ADJ")

    @staticmethod
    def _referred_to_as_person(doc, ent) -> bool:
        """A one- or two-word "organisation" of names only that a gendered pronoun takes up later in its
        sentence or at the start of the next, before any other name ("Hitchcock's output in the last
        decades of his life", "Rachida Dati ... she", "Campbell went around to churches. He could"):
        organisations are "it", never "he" or "she". Many surnames are also small towns' names: only a
        large city's name stays a place."""
        words = [t for t in ent if not t.is_punct]
        if not 1 <= len(words) <= 2 or any(not t.text[:1].isupper() or t.text.isupper() or t.lower_ in STOP_WORDS
                                           or _is_dictionary_word(t.text) for t in words):
            return False
        if ent.start > 0 and doc[ent.start - 1].pos_ in ("DET", "PRON"):
            return False  # "the Beatles", "his Humblebums song": people take no article or owner
        city = gazetteer().lookup(ent.text, main_names_only=True)
        if gazetteer().is_country_or_region(ent.text) or (city and city.population >= 100_000):
            return False
        for token in doc[ent.end:ent.end + 40]:
            if token.text in (".", "!", "?", ";"):
                after = doc[token.i + 1] if token.i + 1 < len(doc) else None
                return after is not None and after.lower_ in ("he", "she")
            if token.lower_ in ("it", "its") or (token.ent_type_ in ("PERSON", "ORG") and token.ent_iob_ == "B"):
                return False
            if token.lower_ in _GENDERED_PRONOUNS:
                return True
        return False

    @staticmethod
    def _with_first_name(doc, ent):
        """The model often leaves an unfamiliar first name out ("Valery [Borshchev]")."""
        start = ent.start
        while start > 0 and start > ent.start - 2:
            word = doc[start - 1]
            if not (word.is_alpha and word.is_title) or word.lower_ in STOP_WORDS or _is_dictionary_word(word.text):
                break
            if doc[start - 1].ent_type_ and doc[start - 1].ent_type_ != "PERSON":
                break
            start -= 1
        return doc[start:ent.end] if start != ent.start else ent


# Words for a country's or a city's institutions, which name an organisation with the place's name in
# the genitive after them ("правительство Израиля", "МИД Грузии", "сборная России").
_INSTITUTIONS = frozenset({
    "правительство", "парламент", "администрация", "министерство", "посольство", "мэрия", "руководство",
    "делегация", "кабинет", "генштаб", "представительство", "сборная", "прокуратура", "мид", "консульство",
    "генпрокуратура", "минздрав", "минфин", "минобороны",
})


def _institution(word: str) -> str:
    """The nominative of an institution word ("правительства" -> "правительство"), or ""."""
    if not re.fullmatch(r"[А-Яа-яЁё]+", word):
        return ""
    parses = [p for p in morph().parse(word.lower()) if p.normal_form in _INSTITUTIONS]
    for parse in sorted(parses, key=lambda p: "sing" not in p.tag):
        nominative = parse.inflect({"nomn"})
        text = nominative.word if nominative else parse.normal_form
        return text.upper() if word[:2].isupper() else text.capitalize() if word[0].isupper() else text
    return ""


def _genitive(token) -> bool:
    return token is not None and token.feats is not None and token.feats.get("Case") == "Gen"


class RussianModel:
    """Natasha (slovnet) named-entity recognition with its morphology-based normalisation."""

    LABELS = {"PER": "person", "ORG": "organization", "LOC": "location"}

    def __init__(self) -> None:
        from natasha import MorphVocab, NamesExtractor, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.morph_tagger = NewsMorphTagger(embedding)
        self.ner_tagger = NewsNERTagger(embedding)
        self.vocab = MorphVocab()
        self.names = NamesExtractor(self.vocab)

    def mentions(self, text: str) -> list[Mention]:
        from natasha import Doc

        doc = Doc(text[:MAX_NER_CHARS])
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph_tagger)
        doc.tag_ner(self.ner_tagger)
        found = []
        for span in doc.spans:
            kind = self.LABELS[span.type]
            span.normalize(self.vocab)
            normal = _clean(_restore_yo(span.normal or span.text, span.text), english=False)
            mention = Mention(kind, " ".join(span.text.split()), normal, end=span.stop)
            if kind == "person":
                mention.titled = bool(normal) and _is_title(normal.split()[0])
                mention.normal = normal = _strip_honorific(normal)
                words = normal.split()
                if len(words) == 1:
                    mention.normal = normal = _nominative(normal)
                    if is_first_name(normal) and not mention.titled:
                        mention.first = normal
                    else:
                        mention.last = normal
                elif words:
                    first_feats, last_feats = span.tokens[0].feats or {}, span.tokens[-1].feats or {}
                    case = _CASES.get(first_feats.get("Case", ""))
                    if case:
                        mention.normal = normal = _nominative_full_name(
                            " ".join(span.text.split()), normal, case, masculine=last_feats.get("Gender") == "Masc")
                        words = normal.split()
                    if len(words) == 2 and _is_patronymic(words[1]):
                        # "Борис Николаевич", "Наина Иосифовна": how Russian names someone known without
                        # a surname; only a full name with that first name in the text says who.
                        mention.normal, mention.first = words[0], words[0]
                        found.append(mention)
                        continue
                    span.extract_fact(self.names)
                    parts = span.fact.as_dict if span.fact else {}
                    first = parts.get("first") or ""
                    if first not in words[:-1]:
                        # Natasha reads an unfamiliar first name's surname as both, and its fact keeps
                        # a form the normalisation above has changed ("Марину").
                        first = words[0]
                    mention.first = _restore_yo(first, span.text).capitalize()
                    mention.last = words[-1]
            found.append(mention)
        return found + self._of_places(doc, found)

    @staticmethod
    def _of_places(doc, found: list[Mention]) -> list[Mention]:
        """Organisations named after the place they belong to, a genitive right after the name:
        a model's span that stopped before it ("Министерство внутренних дел" + "Пакистана") is
        extended, and a government word before it ("правительства Израиля", "сборная России") is an
        organisation of that place. The place stays a location too."""
        places = {span.start: span for span in doc.spans if span.type == "LOC"}
        tokens = {token.start: token for token in doc.tokens}
        extra = []
        for i, mention in enumerate(found):
            if mention.kind != "organization":
                continue
            gap = re.match(r"[ \t]+", doc.text[mention.end:])
            place = places.get(mention.end + (gap.end() if gap else 0))
            if gap and place is not None and _genitive(tokens.get(place.start)):
                tail = " " + " ".join(place.text.split())
                found[i] = Mention("organization", mention.text + tail, mention.normal + tail, end=place.stop)
        for token, after in zip(doc.tokens, doc.tokens[1:]):
            place = places.get(after.start)
            if place is None or not _genitive(after) or doc.text[token.stop:after.start].strip():
                continue
            head = _institution(token.text)
            if head:
                text = doc.text[token.start:place.stop]
                extra.append(Mention("organization", " ".join(text.split()), f"{head} {' '.join(place.text.split())}",
                                     end=place.stop))
        return extra


def _single_name_keys(word: str) -> list[str]:
    """Keys a one-word mention may match a surname under: as written and, for Russian, its normal forms."""
    keys = [name_key(word)]
    if has_cyrillic(word):
        for parse in morph().parse(word.lower()):
            keys.append(name_key(parse.normal_form))
            nominative = parse.inflect({"nomn"})
            if nominative:
                keys.append(name_key(nominative.word))
    return list(dict.fromkeys(keys))


def _strip_feminine(key: str) -> str:
    return key[:-1] if key.endswith("a") else key


def _initial(first: str) -> str:
    """The first name's initial as both scripts give it: Russian writes a foreign H as Г (Heinrich,
    Генрих; Hans, Ганс), and Y-, Ye-, Yu-, Ie-, E- and Ю-, Е-, Э- begin the same names."""
    initial = name_key(first)[:1]
    return {"h": "g", "y": "e", "i": "e"}.get(initial, initial)


_REGNAL = re.compile(r"^[IVX]+\.?$")


def _name_parts(m: Mention) -> tuple[str, str]:
    """A full name's first name and surname. A ruler's number is no surname: "Franz Joseph I" is
    Joseph with the initial F, "Тутмос III" is Тутмос with the number in the initial's place."""
    words = m.normal.split()
    if len(words) >= 2 and _REGNAL.match(words[-1]):
        return (words[-1].rstrip("."), words[0]) if len(words) == 2 else (words[0], words[-2])
    return m.first, m.last


def _persons(mentions: list[Mention], organizations: set[str]) -> list[Entity]:
    full: dict[tuple[str, str], dict] = {}
    for m in mentions:
        words = m.normal.split()
        if not (m.first and m.last) or not 2 <= len(words) <= 4 or _surname_only(words) or not all(
                _NAME_WORD.match(w) or w.lower() in _PARTICLES for w in words):
            continue
        if m.normal in organizations:
            continue
        first, last = _name_parts(m)
        key = (name_key(last), _initial(first))
        person = full.setdefault(key, {"first": first, "last": last, "names": defaultdict(int), "mentions": set()})
        person["names"][m.normal] += 1
        person["mentions"].add(m.text)

    alone: dict[str, dict] = {}
    for m in mentions:
        words = m.normal.split()
        if not words or not _surname_only(words) or not _NAME_WORD.match(words[-1]) or m.normal in organizations:
            continue
        word = words[-1]
        keys = _single_name_keys(word) + _single_name_keys(m.text.strip())
        target = (
            [k for k in full if k[0] in keys]
            or [k for k in full if _strip_feminine(k[0]) in {_strip_feminine(c) for c in keys}]
            or [k for k in full if name_key(full[k]["first"]) in keys]
        )
        if target:
            # Ambiguous surnames (two people in one text) go to the one named most often.
            best = max(target, key=lambda k: sum(full[k]["names"].values()))
            full[best]["mentions"].add(m.text)
        elif m.last and not _is_dictionary_word(word) and (m.titled or not is_first_name(word, english=True)):
            alone.setdefault(name_key(word), {"name": m.normal, "surname": word, "mentions": set()})["mentions"].add(m.text)

    # Ids use the sound key of the surname, so the English and Russian spellings of one name meet
    # (Trump and Трамп, Schulman and Шульман), plus the first initial where a first name is known.
    result: dict[str, Entity] = {}
    for (_, initial), person in full.items():
        name = max(person["names"].items(), key=lambda item: (item[1], len(item[0])))[0]
        _add_person(result, f"person:{sound_key(person['last'])}-{initial}", name, person["mentions"])
    for person in alone.values():
        _add_person(result, f"person:{sound_key(person['surname'])}", person["name"], person["mentions"])
    return list(result.values())


def _add_person(found: dict[str, Entity], pid: str, name: str, mentions: set[str]) -> None:
    if pid in found:
        known = found[pid]
        mentions = mentions | set(known.mentions)
        name = max(name, known.name, key=len)
    found[pid] = Entity(pid, name, tuple(sorted(mentions)))


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[\wЁё]+", name) if w[0].isupper())


def _balance_quotes(name: str) -> str:
    for opening, closing in ("«»", "“”"):
        if name.count(opening) > name.count(closing):
            name += closing
    return name


def _is_common_abbreviation(word: str) -> bool:
    """A Russian abbreviation of a common noun ("СМИ", mass media): plural-only, not an organisation's."""
    if not re.fullmatch(r"[А-ЯЁ]{2,6}", word):
        return False
    parses = morph().parse(word.lower())
    return bool(parses) and all("Abbr" in p.tag and "Pltm" in p.tag and "Orgn" not in p.tag for p in parses)


def _organization_name(m: Mention, lang: str) -> str:
    """Russian: only the words up to the head noun go to the nominative ("Министерство юстиции")."""
    name = m.normal
    if lang == "ru":
        normal_words, text_words = m.normal.split(), _clean(m.text, english=False).split()
        if len(normal_words) == len(text_words):
            for i, word in enumerate(normal_words):
                if morph().parse(word.strip(_QUOTES).lower())[0].tag.POS == "NOUN":
                    name = " ".join(normal_words[: i + 1] + text_words[i + 1:])
                    break
    name = re.sub(r"\s+(of|and|the|for|in|и|в|по)$", "", name, flags=re.I)
    # A legal form before a quoted name is not part of it: "ОАО «Газпром»" is Gazprom.
    name = re.sub(r"^(?:ОАО|ООО|ЗАО|ПАО|АО|ГУП|ФГУП|МУП|ОДО)\s+(?=[«\"“„])", "", name)
    name = _balance_quotes(name)
    quoted = re.fullmatch(r"[«\"“„]([^«»\"“”„]+)[»\"”“]", name)
    return quoted.group(1) if quoted else name


_ABBREVIATION = re.compile(r"[A-ZА-ЯЁ]{2,8}")
_INTRODUCED = re.compile(r"\s*\(([A-ZА-ЯЁ]{2,8})\)")


def _organizations(mentions: list[Mention], text: str, lang: str, persons: list[Entity]) -> list[Entity]:
    person_words = {name_key(w) for p in persons for w in (p.name, *p.mentions)}
    person_words |= {_strip_feminine(name_key(p.name.split()[-1])) for p in persons}
    names: dict[str, dict] = {}
    aliases: dict[str, str] = {}  # "MHG" -> "Moscow Helsinki Group", where the text says so
    for m in mentions:
        name = _organization_name(m, lang)
        # A span that swallowed the abbreviation or the original name after it: "Союз координационных
        # советов (СКС", "Кориера делла Сера» (Corriere della Sera"; an abbreviation in parentheses
        # inside a span ends the name ("Центр правительственной связи (ЦПС) Великобритании").
        inner = re.fullmatch(r"(.+?)\s*\(\s*([^()]+?)\)?", name) or re.fullmatch(
            r"(.+?)\s*\(([A-ZА-ЯЁ]{2,8})\)\s.+", name)
        if inner:
            name = _balance_quotes(inner.group(1).rstrip("»”"))
            if _ABBREVIATION.fullmatch(inner.group(2)):
                aliases[inner.group(2)] = name
        introduced = _INTRODUCED.match(text, m.end)
        if introduced:
            aliases[introduced.group(1)] = name
        words = name.split()
        if len(name) < 2 or name.islower() or not re.search(r"[A-Za-zА-Яа-яЁё]", name):
            continue
        if name_key(name) in person_words or _strip_feminine(name_key(name)) in person_words:
            continue  # a person the model took for an organisation
        if _is_common_abbreviation(words[0]):
            continue  # "СМИ" (the media) is no organisation
        if len(words) == 1 and not name.isupper() and (
                gazetteer().lookup(name, main_names_only=True) or (lang == "en" and _is_dictionary_word(name))):
            continue  # "Court", "Media", or a city name standing alone
        names.setdefault(name, {"mentions": set()})["mentions"].add(m.text)
    # Fold an abbreviation into the full name it stands for in this text.
    for name in list(names):
        if not _ABBREVIATION.fullmatch(name):
            continue
        target = aliases.get(name) if aliases.get(name) in names else None
        target = target or next((n for n in names if n != name and _initials(n) == name), None)
        if target:
            names[target]["mentions"] |= names.pop(name)["mentions"]
    # The id is the name's cross-language key, so "Memorial" and "Мемориал" are one organisation, and
    # two spellings of one name in a text ("Facebook", "Фэйсбук") are one value, named as most often.
    by_id: dict[str, tuple[str, set[str]]] = {}
    for name, v in names.items():
        key = organization_key(name)
        if not key:
            continue
        known = by_id.get(key)
        if known is None:
            by_id[key] = (name, set(v["mentions"]))
        else:
            best = name if len(v["mentions"]) > len(known[1]) else known[0]
            by_id[key] = (best, known[1] | v["mentions"])
    return [Entity(f"org:{key}", name, tuple(sorted(found))) for key, (name, found) in by_id.items()]


# Words organisations are named with, which Russian translates rather than transliterates: one
# concept each, so "Protestant Church" and "Протестантская церковь" meet.
_ORGANIZATION_WORDS = {
    "church": "church", "церковь": "church", "court": "court", "суд": "court", "assembly": "assembly",
    "собрание": "assembly", "university": "university", "университет": "university", "union": "union",
    "союз": "union", "council": "council", "совет": "council", "commission": "commission",
    "комиссия": "commission", "ministry": "ministry", "министерство": "ministry", "agency": "agency",
    "агентство": "agency", "association": "association", "ассоциация": "association",
    "government": "government", "правительство": "government", "federation": "federation",
    "федерация": "federation", "organization": "organization", "organisation": "organization",
    "организация": "organization", "society": "society", "общество": "society", "foundation": "foundation",
    "фонд": "foundation", "service": "service", "служба": "service", "chamber": "chamber", "палата": "chamber",
    "committee": "committee", "комитет": "committee", "school": "school", "школа": "school",
    "museum": "museum", "музей": "museum", "hospital": "hospital", "больница": "hospital",
    "republic": "republic", "республика": "republic", "republican": "republican",
    "республиканский": "republican",
}
_ORGANIZATION_FILLERS = frozenset({"of", "the", "and", "for", "и", "по", "имени", "de", "&"})


@lru_cache(maxsize=100_000)
def organization_key(name: str) -> str:
    """A key an organisation's name has in either language: its words' sound keys in alphabetical
    order, with institution words as one concept ("Court of Cassation" and "Кассационный суд",
    "Microsoft" and "Майкрософт", "Harley-Davidson" and "Харлей-Дэвидсон"). Russian words count in
    their normal form with the adjective ending off ("Республиканская" -> "республикан", Republican);
    abbreviations by their letters."""
    keys = []
    for word in re.findall(r"[\w&]+", name.replace("ё", "е").replace("Ё", "Е")):
        lower = word.lower()
        if lower in _ORGANIZATION_FILLERS:
            continue
        if word.isupper() and len(word) > 1 or word.isdigit():
            keys.append(name_key(word))
            continue
        if re.fullmatch(r"[а-я]+", lower):
            if morph().word_is_known(lower):
                lower = morph().parse(lower)[0].normal_form
            if lower not in _ORGANIZATION_WORDS:
                lower = re.sub(r"(?<=..)(?:ческ|ск|н)?(?:ий|ый|ой|ая|ое|ие|ые)$",
                               lambda m: "ик" if m.group(0).startswith("ческ") else "", lower)
        else:
            lower = re.sub(r"ti(?=[aeiou])", "si", lower)  # "National", "Cassation": a Russian "ц"
        concept = _ORGANIZATION_WORDS.get(lower)
        keys.append(concept or sound_key(lower))
    return "-".join(sorted(k for k in keys if k))


def _city_candidates(m: Mention) -> list[str]:
    """Spellings a location may name a city under: as found, without "City of" ("the City of Buenos
    Aires"), with spaces and hyphens swapped ("Monte Carlo", GeoNames' "Monte-Carlo"; "Буэнос Айрес"),
    and for one Russian word its normal forms, except a person's ("Романовых" is no "Романов"). Two
    letters name no city ("По", a river)."""
    if len(m.normal) < 3:
        return []
    candidates = [m.normal, _clean(m.text)]
    candidates.append(re.sub(r"^(?:City of|город)\s+", "", m.normal, flags=re.I))
    candidates += [c.replace(" ", "-") for c in candidates] + [c.replace("-", " ") for c in candidates]
    words = m.normal.split()
    if len(words) == 1 and has_cyrillic(words[0]):
        parses = morph().parse(words[0].lower())
        candidates += [p.normal_form for p in parses if "Geox" in str(p.tag)]
        candidates += [p.normal_form for p in parses if not _is_name_reading(p)]
        if words[0].endswith("е"):
            candidates.append(words[0][:-1] + "о")  # "в Кемерове" -> Кемерово
    return candidates


def _city_name(city, m: Mention, lang: str) -> str:
    """The name the article uses where GeoNames knows it as one of the city's names ("Нью-Йорк",
    "Таллин", "Monte Carlo"), else GeoNames' name in the article's language: its choice among
    several Cyrillic spellings is sometimes a rare one ("Нью-Ёрк")."""
    own = _fold_name(m.normal).replace("-", " ")
    if m.normal[:1].isupper() and any(_fold_name(n).replace("-", " ") == own for n in city.alternates):
        return m.normal
    return city.name_ru if lang == "ru" else city.name


# A place name followed by one of these names a region, not the city it is named after ("the Sverdlovsk
# region", "Moscow Oblast", "Krasnoyarsk Krai").
_REGION_AFTER = re.compile(r"^\s+(?:region|oblast|province|krai|kray|territory|republic|district|county|"
                           r"област\w*|кра[йяюе]\w*|район\w*|республик\w*)\b", re.I)


def _cities(mentions: list[Mention], lang: str, text: str) -> list[Entity]:
    found: dict[str, dict] = {}
    for m in mentions:
        if not m.normal[:1].isupper() or gazetteer().is_country_or_region(m.normal) or (
                m.end and _REGION_AFTER.match(text[m.end:m.end + 30])):
            continue  # a lower-case word ("it's un-detectable") names no city
        # English spans are noisier ("Union", "Eagle"): GeoNames' alternate spellings count for large
        # cities only. Russian spans need them for inflected and local forms.
        city = gazetteer().lookup(*_city_candidates(m), alternates_from=0 if lang == "ru" else 100_000)
        if city is None:
            continue
        entry = found.setdefault(city.id, {"name": _city_name(city, m, lang), "mentions": set(),
                                           "names": (("en", city.name), ("ru", city.name_ru))})
        entry["mentions"].add(m.text)
    return [Entity(cid, v["name"], tuple(sorted(v["mentions"])), v["names"]) for cid, v in found.items()]


@dataclass(frozen=True)
class CuratedEntity:
    """An editor's entry in the entities file: one entity, its names in both languages and aliases."""

    kind: str  # "person", "organization" or "city"
    key: str
    en: str
    ru: str
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{'org' if self.kind == 'organization' else self.kind}:{self.key}"

    def entity(self, lang: str, mentions: set[str]) -> Entity:
        name = (self.ru if lang == "ru" else self.en) or self.en or self.ru
        return Entity(self.id, name, tuple(sorted(mentions)), (("en", self.en or name), ("ru", self.ru or name)))


class Curated:
    """The editable entities file (`corpus/entities.toml`): canonical names in both languages, aliases and
    the type of entities the models get wrong or cannot match across languages. See the README."""


    def __init__(self, entries: list[CuratedEntity], ignored: tuple[str, ...] = ()) -> None:
        self.entries = entries
        # Words the models take for names that are none ("СИЗО", a pre-trial detention centre).
        self.ignored = frozenset(_fold_name(name) for name in ignored)
        self._by_name: dict[str, CuratedEntity] = {}
        # Each name as a sequence of word forms, indexed by its first word's terms, to find it in a text
        # in any inflection ("Кузбасской правовой помощи" for "Кузбасская правовая помощь").
        self._sequences: dict[str, list[tuple[list[frozenset[str]], CuratedEntity]]] = defaultdict(list)
        for entry in entries:
            for name in (entry.en, entry.ru, *entry.aliases):
                if name:
                    self._by_name[_fold_name(name)] = entry
                    self._by_name.setdefault("key:" + name_key(name), entry)
                    words = [frozenset(t.terms) for t in analysis.analyze(name)]
                    for term in words[0] if words else ():
                        self._sequences[term].append((words, entry))

    def find(self, text: str) -> dict[CuratedEntity, set[str]]:
        """Capitalised occurrences of the listed names in a text, with the forms found."""
        found: dict[CuratedEntity, set[str]] = defaultdict(set)
        if not self.entries:
            return found
        tokens = list(analysis.analyze(text))
        for i, token in enumerate(tokens):
            if not text[token.start].isupper():
                continue
            for term in token.terms:
                for words, entry in self._sequences.get(term, ()):
                    span = tokens[i:i + len(words)]
                    if len(span) == len(words) and all(w & set(t.terms) for w, t in zip(words, span)):
                        found[entry].add(text[span[0].start:span[-1].end])
        return found

    @classmethod
    def load(cls, path: Path | None) -> Curated:
        """Read the file; a missing file is an empty list, a broken one an error that names the file."""
        if path is None or not path.is_file():
            return cls([])
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"cannot read the entities file {path}: {exc}") from None
        entries, ignored = [], []
        for item in data.get("ignore", []):
            names = item.get("names")
            if not isinstance(names, list) or not names:
                raise ValueError(f"{path}: an [[ignore]] entry needs a list of `names`")
            ignored += [str(name) for name in names]
        for kind in KEYS:
            for item in data.get(kind, []):
                en, ru = str(item.get("en", "")).strip(), str(item.get("ru", "")).strip()
                if not (en or ru):
                    raise ValueError(f"{path}: a [[{kind}]] entry needs an `en` or `ru` name")
                # Without an id, an organisation gets the key the models' finds get, so that a mention
                # the file's names do not cover still lands on the same value.
                default = organization_key(en or ru) if kind == "organization" else name_key(en or ru)
                key = str(item.get("id") or default)
                entries.append(CuratedEntity(kind, key, en, ru, tuple(str(a) for a in item.get("aliases", []))))
        return cls(entries, tuple(ignored))

    def ignores(self, m: Mention) -> bool:
        """True for a mention of a name the file says is no entity, as found or normalised."""
        return bool(self.ignored) and any(_fold_name(text) in self.ignored for text in (m.normal, _clean(m.text)))

    def match(self, m: Mention, lang: str) -> CuratedEntity | None:
        """The entry a mention names: by any name or alias, as found, normalised or inflected."""
        if not self.entries:
            return None
        candidates = [m.normal, _clean(m.text)]
        if m.kind == "organization":
            candidates.append(_organization_name(m, lang))
        for text in candidates:
            entry = self._by_name.get(_fold_name(text))
            if entry:
                return entry
        return self._by_name.get("key:" + name_key(m.normal)) if len(m.normal) > 3 else None


def _tagged(doc: Document) -> list[Mention]:
    """Front-matter names as mentions, so they get the same ids and checks as the models' finds."""
    found = []
    for facet, names in doc.tags.items():
        for name in names:
            words = name.split()
            first, last = (words[0], words[-1]) if facet == PERSON.plural and len(words) > 1 else ("", name)
            found.append(Mention(BY_PLURAL[facet].mention_kind, name, name, first=first, last=last))
    return found


def _fold_name(text: str) -> str:
    """A name as compared across the models' kinds: folded, quotes and runs of space as one space."""
    return analysis.fold_spaced(re.sub(r"[«»\"“”„]+", " ", text))


def _people_named_as_organizations(by_kind: dict[str, list[Mention]]) -> None:
    """A one-word "organisation" that the model calls a person elsewhere in the text, by that word
    or as the surname of a full name ("Duffy said ... Duffy's trial"), is that person."""
    people = {name_key(m.normal) for m in by_kind["person"]}
    people |= {name_key(m.last) for m in by_kind["person"] if m.last}
    for m in list(by_kind["organization"]):
        words = m.normal.split()
        if len(words) == 1 and not words[0].isupper() and name_key(words[0]) in people:
            by_kind["organization"].remove(m)
            by_kind["person"].append(Mention("person", m.text, m.normal, last=m.normal, end=m.end))


def _organizations_named_as_places(by_kind: dict[str, list[Mention]]) -> None:
    """A Russian "place" whose last word the dictionary knows as an organisation's name ("ЕС",
    "Еврокомиссия", which Natasha calls places) is that organisation."""
    for m in list(by_kind["location"]):
        words = m.normal.split()
        if not words or not re.fullmatch(r"[А-ЯЁа-яё\-]+", words[-1]):
            continue
        if "Orgn" in morph().parse(words[-1].lower())[0].tag:
            by_kind["location"].remove(m)
            by_kind["organization"].append(m)


def _places_named_as_people(by_kind: dict[str, list[Mention]]) -> None:
    """A "person" named like a country or region ("Papua New Guinea") is that place. (Cities are not
    moved here: many surnames are also the name of some town, Obama and Clinton among them.)"""
    for m in list(by_kind["person"]):
        if gazetteer().is_country_or_region(m.normal):
            by_kind["person"].remove(m)
            by_kind["location"].append(Mention("location", m.text, m.normal, end=m.end))


class EntityExtractor:
    """Finds a document's facet values; models load on first use, once per process."""

    def __init__(self, spacy_model: str = DEFAULT_SPACY_MODEL, entities_file: Path | None = None) -> None:
        self.spacy_model = spacy_model
        self.curated = Curated.load(entities_file)

    @cached_property
    def english(self) -> EnglishModel:
        return EnglishModel(self.spacy_model)

    @cached_property
    def russian(self) -> RussianModel:
        return RussianModel()

    def extract(self, doc: Document, models: bool = True) -> Entities:
        """The document's facet values: what the models find (unless `models` is false), the names its
        front matter lists, and the entities file's entries it mentions."""
        # An untitled text's title is its own first sentence: read it once.
        text = "\n\n".join(part for part in ("" if doc.untitled else doc.title, doc.text) if part)
        mentions = []
        if models:
            mentions = (self.russian if doc.lang == "ru" else self.english).mentions(text)
            if doc.lang != "ru":
                mentions += _transliterated_names(text, mentions)
        mentions += _tagged(doc)
        by_kind: dict[str, list[Mention]] = defaultdict(list)
        curated = self.curated.find(text)
        for m in mentions:
            if self.curated.ignores(m):
                continue
            entry = self.curated.match(m, doc.lang)
            if entry is not None:
                curated[entry].add(m.text)
            else:
                by_kind[m.kind].append(m)
        # A span the model calls an organisation but which is only a city's name is a location, and
        # one that starts with a given name ("Nikita Bogomolov of") is a person.
        for m in list(by_kind["organization"]):
            words = m.normal.split()
            if len(words) == 1 and gazetteer().lookup(m.normal, main_names_only=True):
                by_kind["location"].append(m)
            elif len(words) in (2, 3) and is_first_name(words[0]) and all(_NAME_WORD.match(w) for w in words[:2]):
                by_kind["organization"].remove(m)
                name = " ".join(w for w in words if w.lower() not in STOP_WORDS)
                by_kind["person"].append(Mention("person", m.text, name, first=words[0], last=name.split()[-1],
                                                 end=m.end))
        _places_named_as_people(by_kind)
        _organizations_named_as_places(by_kind)
        _people_named_as_organizations(by_kind)
        organizations = {_organization_name(m, doc.lang) for m in by_kind["organization"]}
        persons = _persons(by_kind["person"], organizations)
        found = Entities(
            persons=persons,
            organizations=_organizations(by_kind["organization"], text, doc.lang, persons),
            cities=_cities(by_kind["location"], doc.lang, text),
        )
        for entry, texts in curated.items():
            facet = getattr(found, BY_KEY[entry.kind].plural)
            facet[:] = [e for e in facet if e.id != entry.id]
            facet.append(entry.entity(doc.lang, texts))
        return found
