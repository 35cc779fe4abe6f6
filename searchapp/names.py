"""Name keys shared by both languages: transliteration of Russian names and spelling-tolerant keys.

The English-language press writes Russian names in several ways (Alexeyeva, Alekseeva; Valery,
Valeriy). :func:`name_key` maps all of them, and the Cyrillic original, to one key, which is what
makes a person's facet id the same in a Russian article and in its English translation.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lang import lines

# A Cyrillic letter, either case: which script a word is written in, for every stage.
CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


def has_cyrillic(text: str) -> bool:
    """Whether the text has a Cyrillic letter."""
    return CYRILLIC.search(text) is not None

_RU_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
_VOWELS = set("аеёиоуыэюяъь")


@lru_cache(maxsize=100_000)
def transliterate(text: str) -> str:
    """Russian to Latin as the English-language press usually spells names (Борщёв -> Borshchev).

    "е" and "ё" become "ye"/"yo" at the start of a word and after a vowel; "-ий"/"-ый" become "-y".
    Latin text passes through unchanged.
    """
    out: list[str] = []
    prev = ""
    for i, char in enumerate(text):
        lower = char.lower()
        if lower not in _RU_LATIN:
            out.append(char)
            prev = lower
            continue
        nxt = text[i + 1].lower() if i + 1 < len(text) else ""
        if lower in "её" and (not prev.isalpha() or prev in _VOWELS):
            latin = "ye" if lower == "е" else "yo"
        elif lower in "иы" and nxt == "й" and not (text[i + 2:i + 3].isalpha()):
            latin = "y"
        elif lower == "й" and prev in "иы":
            latin = ""
        else:
            latin = _RU_LATIN[lower]
        if char.isupper() and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        prev = lower
    return "".join(out)


_KEY_RULES = [
    ("dzh", "j"), ("x", "ks"), ("j", "y"), ("w", "v"), ("shch", "sch"), ("kh", "h"), ("ts", "c"), ("tz", "c"),
    ("yo", "e"), ("ye", "e"), ("ie", "e"), ("y", "i"), ("ph", "f"),
]


@lru_cache(maxsize=100_000)
def name_key(name: str) -> str:
    """A spelling-tolerant key for a name in either script: Alexeyeva, Alekseeva, Алексеева -> one key."""
    text = transliterate(name).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^a-z0-9 ]+", "", text.replace("-", " "))
    for old, new in _KEY_RULES:
        text = text.replace(old, new)
    text = re.sub(r"(.)\1+", r"\1", text)
    return "-".join(text.split())



# How the Russian press transcribes English spellings that the letters alone do not show, applied to
# the lower-case Latin text before the name key: a "w" at the start or after a vowel is the vowel "у"
# (Walton Уолтон, Lawless Лоулесс, Newman Ньюман, Merriweather Мерриуэзер; after a consonant it stays a
# "в": Swift Свифт, Schwartz Шварц, except in an initial "dw": Dwyer Дуайер; before "oo" and "u" it is
# "в" too: Woodward Вудворд, Wu Ву); a "th" after a vowel in "-ther" is "з" (Rutherford Резерфорд, Heather
# Хезер; elsewhere "т": Smith, Thompson, Catherine Кэтрин, Rothenberg Ротенберг); "ch" before "r" or
# "l" is "к" (Christie Кристи); "Mc" is "Мак" (McIlroy Макилрой); "qu" before "a" or "o" is "кв"
# (Marquardt Марквардт), elsewhere "к" (Enrique Энрике); "gh" before a vowel is "г" (Gallagher Галлагер;
# elsewhere silent, below).
_PRESS_TRANSCRIPTION = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"\bwh", "u"), (r"\bw(?=oo|u)", "v"), (r"\bw(?!r)|(?<=[aeiouy])w", "u"), (r"\bdw", "du"),
    (r"(?<=[aeiouy])th(?=er(?![aeiouy]))", "z"),
    (r"\bch(?=[rl])", "k"), (r"\bmc(?=[a-z])", "mak"), (r"qu(?=[ao])", "kv"), (r"qu", "k"),
    (r"gh(?=[aeiouy])", "g"),
)]


# Letters that one script's spellings of a name give as another's, folded into one on both sides, so that
# the rule holds whichever language a name comes from. A "g" before e, i or y is the "j" that the key
# drops (soft in Gerrard Джеррард, Geoff Джефф, Angelini Анджелини; hard in Gibson Гибсон, where the
# Russian "ги" folds the same way); so is a "zh" (French and Catalan J: Jean Жан, Junqueras Жункерас;
# Armitage Армитаж). "ch" and "sh" are one sound (Michelle Мишель, Bouchard Бушар, Schumacher Шумахер);
# "f" and "v" too (Vettel Феттель, Rachmaninoff Рахманинов); the "u" of a Spanish "gua" is a "в"
# (Guardiola Гвардиола). Before them, the Polish "w" of "-owski" is a "в" and a Slavic "č", "ć" a "ч".
_SOUND_CLASSES = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"dzh|dj|zh", "j"), (r"g(?=[eiy])", "j"), (r"shch|sch|ch", "sh"), (r"ph", "f"), (r"(?<=.)f", "v"),
    (r"(?<=g)u(?=[ao])", "v"),
)]


def sound_key(name: str) -> str:
    """A coarser key for matching a name across scripts: the first letter and the consonants of its
    name key, with English spellings folded as Russian transcription hears them (Trump and Трамп,
    Clinton and Клинтон, Campbell and Кэмпбелл, Zuckerberg and Цукерберг, Pugh and Пью meet)."""
    # Russian writes a German or English "z", "ts" and "tz" as "ц" (Цукерберг, Моцарт, Шварц): all are
    # an "s" here, before the name key turns "ts" into the "c" that also stands for a hard English "c".
    # Transliterated first, so that a Russian "тш" is the German "tsch" (Кратшмер, Krätschmer). English
    # "tch" and "dge" are the Russian "ч" and "дж" (Hitchcock and Хичкок, Talmadge and Толмадж).
    text = transliterate(name.lower().replace("ц", "с"))
    text = re.sub(r"(?<=[aeiou])w(?=sk|icz)", "v", re.sub("[čć]", "ch", text))
    text = re.sub(r"ts|tz", "s", re.sub(r"tch", "ch", re.sub(r"dge|dg(?![aeiou])", "j", text)))
    for pattern, replacement in _PRESS_TRANSCRIPTION:
        text = pattern.sub(replacement, text)
    # The initial sounds that one script's G, H, J are in another's are one letter: Г, Х, Дж and Ж for G
    # (Gerrard Джеррард, Gibson Гибсон), H (Henry Генри, Hillary Хиллари) and J (Johnson Джонсон, Juan
    # Хуан, Jean Жан), and so is a Y before A, U or OU, as Russian writes a German or Latin J and an English "You" (Julius
    # Юлиус, Jankel Янкель, Young Янг; Yuri Юрий). Before E and O a Y is a vowel (Yelena, Elena, Елена).
    text = text.strip()
    initial = re.match(r"(?:dzh|dj|zh|kh|[jgh]|y(?=[au]|ou))(?=[a-z])", text)
    if initial:
        text = re.sub(r"^u(?=[ao])", "v", text[initial.end():]) if initial.group() == "g" else text[initial.end():]
    for pattern, replacement in _SOUND_CLASSES:
        text = pattern.sub(replacement, text)
    key = name_key(text).replace("-", "")
    # An "h" after a vowel is silent in English (Johnson, Rahm, Graham: Джонсон, Рам, Грэм), and a
    # Russian "х" there is written "kh", which the name key makes an "h": both go, the same way.
    key = re.sub(r"(?<=[aeiouy])h", "", key)
    # A soft "c" and a "z" are how English and Spanish spell the Russian "с" (Vance and Вэнс, Sánchez
    # and Санчес).
    for old, new in (("sch", "sh"), ("sht", "st"), ("ch", "\0"), ("ck", "k"), ("ce", "se"), ("ci", "si"), ("c", "k"),
                     ("q", "k"), ("ph", "f"), ("th", "t"), ("z", "s"), ("\0", "ch")):
        key = key.replace(old, new)
    # Silent letters of English spelling: "gh" before a consonant or at the end (Pugh, Wright, Leigh),
    # "k" in "kn" and "w" (here "v") in "wr" at the start (Knightley, Wright).
    key = re.sub(r"gh(?![aeiou])", "", key)
    key = re.sub(r"^(?:k(?=n)|v(?=r))", "", key)
    if not key:
        return "g" if initial else ""
    # An initial vowel is the one Russian hears, not the one English writes (Aldrin and Олдрин); an
    # initial H is a Г in Russian's older transcriptions and an Х in its newer (Homer and Гомер, Hillary
    # and Хиллари), so the three are one letter. An initial W is an У in the newer (Walton Уолтон) and
    # a В in the older and in German names (Winterkorn Винтеркорн), and is a vowel above: an initial
    # V or В is one too, and so an F or Ф, which German and Dutch write V (Vettel Феттель).
    if initial:
        return re.sub(r"(.)\1+", r"\1", "g" + re.sub(r"[aeiouh]", "", key))
    first = "a" if key[0] in "aeiouvf" else "g" if key[0] == "h" else key[0]
    return re.sub(r"(.)\1+", r"\1", first + re.sub(r"[aeiou]", "", key[1:]))


def surname_key(surname: str) -> str:
    """The sound key of a person's surname, where a South Slavic "-ić" that English writes without its
    accent is the Russian "-ич" (Modric Модрич, Djokovic Джокович; Kovacic Ковачич), and a final "-rd" is an "-r" in
    both scripts, as Russian writes it for French names and not for English ones (Bouchard Бушар,
    Gerrard Джеррард). Not of other words: English ones end so ("Democratic"); a transliterated "-иц"
    is "-its", never "-ic"."""
    if re.search(r"(?<=[a-z])ic$", surname, flags=re.I):
        # Its other c's before a vowel are the č and ć the accents were taken from too (Kovacic
        # Ковачич, Vucic Вучич): the likelier reading, though some are a plain c, a "ц" (Cerovic Церович).
        surname = re.sub(r"c(?=[aeiou])", "ch", surname[:-1], flags=re.I) + "ch"
    return sound_key(re.sub(r"(?<=[rр])[dд]$", "", surname, flags=re.I))


def first_initial(first: str) -> str:
    """The first name as both scripts give it, for a person's id: the first two letters of its sound
    key, the initial sound and the consonant after it (John and Джон "an", Chris and Крис "kr", Will
    and Уилл "al"), so that John Bourn and Jolene Byrne are two people. Russian writes a foreign H as Г
    (Heinrich, Генрих), and Y-, Ye-, Yu-, E- and Ю-, Е-, Э- begin the same names: both are one sound
    there. An initial alone ("V. Putin") gives its letter only."""
    if REGNAL_NUMBER.match(first):
        return first.rstrip(".").lower()
    # After the first sound, "ch" is a "к", a "ч" or a "ш" (Michael Майкл, Richard Ричард, Rachida
    # Рашида), and a "k" an "s" (Max, Макс): the consonants between are one class there.
    # A double given name's first part is what both scripts keep ("Kai-Fu Lee", "Ли Кайфу"; "Анн-Лор").
    first = first.split("-")[0] or first
    key = sound_key(_given_spelling(first))
    if transliterate(first).lower().startswith("v"):
        key = "v" + key[1:]  # Vladimir and Elena differ: a given name's V stays a V
    if len(first.rstrip(".")) == 1:
        return key[:1]
    # A "v" after a first consonant is a "w" English may write as a vowel (Dwi Дви, Dwight Дуайт).
    written = re.match(r"[^aeiouy\W][vw]", transliterate(first).lower()) is not None
    rest = key[2:] if written and key[1:2] == "v" and key[:1] not in "av" else key[1:]
    return key[:1] + re.sub(r"[kcsz]", "s", rest[:1])


REGNAL_NUMBER = re.compile(r"^[IVX]+\.?$")  # a ruler's number ("Franz Joseph I")

# Given names of other languages whose first letters English spells as it does not say them, as Russian
# writes them: the Albanian Xh is a Дж (Xherdan Джердан, Xhaka Джака), the Irish Sea- a Ш (Sean Шон,
# Seamus Шеймус).
_GIVEN_SPELLINGS = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"^Xh", "Dzh"), (r"^Sea(?=[nm])", "Sha"),
)]


def _given_spelling(first: str) -> str:
    for pattern, replacement in _GIVEN_SPELLINGS:
        first = pattern.sub(replacement, first)
    return first


def syllable_initial(syllable: str) -> str:
    """A Korean or Chinese syllable's first sound as both scripts write it: the English J and the
    Russian Ч, Чж, Цз are one (Jong Чен, Jae Чжэ, Jinping Цзиньпин), so are an initial vowel and Y
    (Yong Ён, Un Ын)."""
    text = transliterate(syllable).lower()
    if re.match(r"chzh|ch|tsz|dzh|zh|j", text):
        return "j"
    if re.match(r"kh|h", text):
        return "h"
    return "a" if re.match(r"[aeiouy]", text) else text[:1]


# Each spelling of a Korean or Chinese surname, to the spelling the person's id is made from.
_EAST_ASIAN = {spelling.lower(): line[0] for line in lines("xx", "east_asian_surnames") for spelling in line}


def east_asian_surname(word: str) -> str | None:
    """The listed surname a word spells, in a Russian case form too (Кима, Киму)."""
    lower = word.lower()
    if has_cyrillic(lower) and lower not in _EAST_ASIAN:
        lower = re.sub(r"(?:ом|ем|а|я|у|ю|е)$", "", lower)
    return _EAST_ASIAN.get(lower)


def person_ids(name: str) -> list[str]:
    """The ids a typed full name may have as a person (see :mod:`searchapp.entities`): Western order,
    and surname first as Korean and Chinese names are ("Kim Jong-un"). Search looks them up, so that a
    name finds its person's articles in either script without a table of every name."""
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(re.fullmatch(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*", w) for w in words):
        return []
    western = f"person:{surname_key(words[-1])}-{first_initial(words[0])}"
    east = f"person:{surname_key(east_asian_surname(words[0]) or words[0])}-{syllable_initial(words[1])}"
    return list(dict.fromkeys([western, east]))


def given_names_alike(one: str, other: str) -> bool:
    """Whether two spellings of a given name may be one name: sound keys at most one letter apart
    (Hernan and Эрнан, a Spanish silent H; Craig and a translator's Кэйга). Search uses it to let a
    full name find its person under another spelling of the given name, never to make ids."""
    a, b = sound_key(one), sound_key(other)
    if not a or not b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) <= 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


# English and transliterated spellings in Cyrillic: the other direction of transliterate().

_LATIN_TO_CYRILLIC = [
    ("shch", "щ"), ("yo", "ё"), ("yu", "ю"), ("ya", "я"), ("ye", "е"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"),
    ("ch", "ч"), ("sh", "ш"), ("iy", "ий"), ("y", "ы"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
    ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"), ("f", "ф"), ("c", "к"), ("h", "х"),
    ("w", "в"), ("x", "кс"), ("q", "к"),
]


def to_cyrillic(word: str) -> list[str]:
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
    ("sh", "ш"), ("oh", "о"), ("ay", "эй"), ("ee", "и"), ("oo", "у"), ("ou", "у"), ("ea", "и"), ("y$", "и"), ("ie$", "и"),
    ("e$", ""), ("ine$", "ин"), ("ce", "с"), ("ci", "си"), ("c", "к"), ("ld$", "льд"), ("a(?=nk)", "э"),
    ("j", "дж"), ("x", "кс"), ("w", "у"), ("h", ""), ("q", "к"), ("y", "и"),
)]


def english_to_cyrillic(word: str) -> str:
    """The Russian transcription of an English given name, approximately (Francis -> фрэнсис is not
    reached, Frank -> фрэнк, Oswald -> освальд, Chris -> крис, Wayne -> уэйн are). An initial H is
    the older Г (Henry -> генри); :func:`searchapp.entities.is_first_name` tries the newer Х too."""
    text, out, i = word.lower(), [], 0
    while i < len(text):
        for pattern, at_start, cyrillic in _ENGLISH_TO_CYRILLIC:
            match = pattern.match(text, i)
            if match and (not at_start or i == 0):
                out.append(cyrillic)
                i = match.end()
                break
        else:
            simple = to_cyrillic(text[i])
            out.append(simple[0] if simple else text[i])
            i += 1
    return "".join(out)
