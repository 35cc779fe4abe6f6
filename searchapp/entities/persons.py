"""Person values: mentions folded into full names, with language-independent ids."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from ..analysis import is_common_word, morph
from ..gazetteer import gazetteer
from ..lang import words
from ..names import (
    REGNAL_NUMBER,
    east_asian_surname,
    first_initial,
    has_cyrillic,
    name_key,
    sound_key,
    surname_key,
    syllable_initial,
    transliterate,
)
from .forms import repaired
from .mentions import (
    _NAME_WORD,
    _PARTICLES,
    Entity,
    Mention,
    _is_dictionary_word,
    _is_known_surname,
    _is_name_reading,
    _surname_only,
    after_honorific,
    is_first_name,
    written_as_name,
)

# A city this large is what a lone word naming it means ("Moscow's reply"), not a person.
_LARGE_CITY = 1_000_000


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


def strip_feminine(key: str) -> str:
    return key[:-1] if key.endswith("a") else key


def _name_parts(m: Mention) -> tuple[str, str]:
    """A full name's first name and surname. A ruler's number is no surname: "Franz Joseph I" is
    Joseph with the initial F, "Тутмос III" is Тутмос with the number in the initial's place."""
    words = m.normal.split()
    if len(words) >= 2 and REGNAL_NUMBER.match(words[-1]):
        return (words[-1].rstrip("."), words[0]) if len(words) == 2 else (words[0], words[-2])
    return m.first, m.last


def east_asian_name(words: Sequence[str]) -> tuple[str, str] | None:
    """The surname and the given name's first syllable of a Korean or Chinese name, which comes
    surname first ("Kim Jong-un", "Ким Чен Ын", "Ri Yong Ho"): a listed surname before short
    syllables that no dictionary knows as a surname or word (not "Lee Smith", "Kim Kardashian")."""
    surname = east_asian_surname(words[0]) if 2 <= len(words) <= 3 else None
    if surname is None:
        return None
    given = [part for w in words[1:] for part in w.split("-")]
    if any(_syllables(p) > 2 for p in given) or any(
            _western_word(w) for w in words[1:] if "-" not in w):
        return None
    return surname, given[0]


def _western_word(word: str) -> bool:
    """A word of a Western name or an ordinary word, which no Korean or Chinese given name is. One
    syllable is often a word or reads as a name as well ("Un", "Jong", "Юн"): only an English
    surname's counts there."""
    if _syllables(word) == 1:
        return _is_known_surname(word)
    if has_cyrillic(word):
        lower = word.lower()
        return morph().word_is_known(lower) and any(_is_name_reading(p) for p in morph().parse(lower))
    return _is_known_surname(word) or is_first_name(word, english=True) or _is_dictionary_word(word)


def _syllables(word: str) -> int:
    """How many vowel groups a word has in Latin letters: a Korean or Chinese given name's syllables."""
    return len(re.findall(r"[aeiouy]+", transliterate(word).lower()))


def _is_name_word(word: str) -> bool:
    """A capitalised word of a name; a Russian compound with an ordinary word after the hyphen is a
    noun ("Свинья-убийца", "Кибер-хакер"), not a double name (Жан-Пьер, Анн-Лор)."""
    if not _NAME_WORD.match(word):
        return False
    parts = word.split("-")
    return not (has_cyrillic(word) and any(p.islower() and is_common_word(p) for p in parts[1:]))


def _known_name(name: str) -> bool:
    """A name whose last word the dictionaries know as a person's (Марсель, Помпей; Obama)."""
    word = name.split()[-1]
    if has_cyrillic(word):
        return any(_is_name_reading(p) for p in morph().parse(word.lower()))
    return _is_known_surname(word) or is_first_name(word)


def _is_place(name: str) -> bool:
    """A name that is only a very large city's ("Moscow's reply") or a large one's in its own language
    ("Napoli", a club named after Naples): no person (a name the dictionary knows as a person's stays
    one, and smaller cities share their names with many people)."""
    if len(name.split()) == 1 and _known_name(name):
        return False
    city = gazetteer().lookup(name, main_names_only=True)
    if city is None and len(name.split()) == 1:
        # A large city's name in its own language ("Napoli", "München"): a club's or the city's.
        city = gazetteer().lookup(name, alternates_from=_LARGE_CITY // 2)
        return city is not None
    return city is not None and (len(name.split()) > 1 or city.population >= _LARGE_CITY)


def find_persons(mentions: list[Mention], organizations: set[str], places: Sequence[str] = (),
                 organization_mentions: Sequence[str] = (), text: str = "",
                 regions: frozenset[str] = frozenset()) -> list[Entity]:
    """The people of a text; `organizations` and `places` are the names the text gives those, which
    a person's name is not where the text calls it a place more often, or as often and it is no name
    the dictionaries know ("Scotland's NHS" in an article that calls Scotland a place). A one-word
    mention that is as often a word of an organisation's name ("the Lakers" of "Los Angeles Lakers")
    is that organisation. `text` is the document's, which tells whether it writes a dictionary word
    in lower case too. `regions` are the sound keys of the names the text gives regions (a county's,
    which a lone "name" there is)."""
    storms = _storm_names(text)
    mentions = [_with_east_asian_surname(m, text) for m in mentions]
    mentions = [m for m in mentions if not {w.lower() for w in m.normal.split()[:1]} & storms and not (
        len(m.normal.split()) == 1 and sound_key(m.normal) in regions)]
    as_person = Counter(m.normal for m in mentions)
    as_place = Counter(places)
    as_org_word = Counter(w for name in organization_mentions if len(name.split()) > 1 for w in name.split())
    org_words = {w for w, n in as_org_word.items() if n >= as_person[w]}
    # A Korean or Chinese name keeps its surname, which may be a Russian word too ("Пак", pack ice).
    mentions = [t for t in (m if east_asian_name(m.normal.split()) else repaired(m, text) for m in mentions) if t.normal and not _is_place(t.normal) and not (
        as_place[t.normal] > as_person[t.normal] or as_place[t.normal] and not _known_name(t.normal))]
    full: dict[tuple[str, str], dict] = {}
    for m in mentions:
        words = m.normal.split()
        if not (m.first and m.last) or not 2 <= len(words) <= 4 or _surname_only(words) or not all(
                _is_name_word(w) or w.lower() in _PARTICLES for w in words):
            continue
        if m.normal in organizations:
            continue
        east = east_asian_name(words)
        first, last = (east[1], east[0]) if east else _name_parts(m)
        key = (name_key(last), syllable_initial(first) if east else first_initial(first))
        person = full.setdefault(key, {"first": first, "last": last, "names": defaultdict(int), "mentions": set()})
        person["names"][m.normal] += 1
        person["mentions"].add(m.text)

    _fold_initials(full)
    _drop_titles(full)
    _fold_prefixes(full)
    alone = _lone_surnames(mentions, full, organizations, org_words, text)

    # Ids use the sound key of the surname, so the English and Russian spellings of one name meet
    # (Trump and Трамп, Schulman and Шульман), plus the given name's first sounds where it is known.
    result: dict[str, Entity] = {}
    for (_, initial), person in full.items():
        name = max(person["names"].items(), key=lambda item: (item[1], len(item[0])))[0]
        _add_person(result, f"person:{surname_key(person['last'])}-{initial}", name, person["mentions"])
    for person in alone.values():
        _add_person(result, f"person:{surname_key(person['surname'])}", person["name"], person["mentions"])
    return list(result.values())


def _lone_name(word: str, m: Mention, text: str, in_lower_case: dict[str, bool]) -> bool:
    """Whether a word alone is a surname here: a dictionary word only where the text writes it as a
    name (see written_as_name); any other word unless the text also writes it in lower case, as a word
    ("it rhymes with Twp and Pwp ... pwp means poo"; not in an address: "john.smith@")."""
    if _is_dictionary_word(word):
        return written_as_name(word, m, text, in_lower_case, first_words=not has_cyrillic(word))
    lower = word.lower()
    return not text or lower == word or re.search(rf"(?<![^\W\d_.@/#]){re.escape(lower)}(?![^\W\d_.@])", text) is None


def _with_east_asian_surname(m: Mention, text: str) -> Mention:
    """A Korean or Chinese given name the model found without the surname written right before it
    ("Пак" + "Бён Сеуг" of "Пак Бён Сеуг"): the name with it."""
    start = m.end - len(m.text)
    before = re.search(r"([A-ZА-ЯЁ][a-zа-яё]+)[ \t]+$", text[max(0, start - 20):start]) if m.end and text else None
    if before is None or not east_asian_surname(before.group(1)) or east_asian_surname(m.normal.split()[0]):
        return m  # a name with its own surname is another person ("Хвана" and "Чжан Епа")
    words = [before.group(1), *m.normal.split()]
    if east_asian_name(words) is None:
        return m
    return Mention(m.kind, f"{before.group(1)} {m.text}", " ".join(words), first=words[1], last=words[0],
                   end=m.end, titled=m.titled)


def _lone_surnames(mentions: list[Mention], full: dict[tuple[str, str], dict], organizations: set[str],
                   org_words: set[str], text: str) -> dict[str, dict]:
    """Surname-only mentions: folded into a full name of the text with that surname (the mentions are
    added to it), or people of their own, keyed by the surname's name key."""
    alone: dict[str, dict] = {}
    in_lower_case: dict[str, bool] = {}  # a word's search of the whole text, once per word
    for m in mentions:
        words = m.normal.split()
        if not words or not _surname_only(words) or not _NAME_WORD.match(words[-1]) or m.normal in organizations:
            continue
        word = words[-1]
        listed = east_asian_surname(word)
        keys = _single_name_keys(word) + _single_name_keys(m.text.strip()) + ([name_key(listed)] if listed else [])
        target = (
            [k for k in full if k[0] in keys]
            or [k for k in full if strip_feminine(k[0]) in {strip_feminine(c) for c in keys}]
            or [k for k in full if name_key(full[k]["first"]) in keys]
            # A translation may spell the surname two ways ("Льюис Хэмилтон", then "Гамильтон"): one
            # sound key is one surname in one text.
            or [k for k in full if surname_key(full[k]["last"]) in {surname_key(c) for c in keys}]
        )
        if target:
            # Ambiguous surnames (two people in one text) go to the one named most often.
            best = max(target, key=lambda k: sum(full[k]["names"].values()))
            full[best]["mentions"].add(m.text)
        elif m.last and _lone_name(word, m, text, in_lower_case) and (
                m.titled or not is_first_name(word, english=True)) and _is_name_word(word) and (
                word not in org_words or after_honorific(m, text)):
            alone.setdefault(name_key(listed or word), {"name": m.normal, "surname": listed or word, "mentions": set()})[
                "mentions"].add(m.text)
    return alone


def _fold_initials(full: dict[tuple[str, str], dict]) -> None:
    """A name with an initial ("В. Путин") is the full name with that initial in the same text."""
    for key in [k for k in full if len(k[1]) == 1]:
        target = next((k for k in full if k[0] == key[0] and len(k[1]) > 1 and k[1][0] == key[1]), None)
        if target:
            person = full.pop(key)
            for name, count in person["names"].items():
                full[target]["names"][name] += count
            full[target]["mentions"] |= person["mentions"]


_STORM_WORDS = re.compile(r"\b(?i:" + "|".join(sorted(words("xx", "storm_words")))
                          + r")[а-я]{0,3}\s+[«\"“]?([A-ZА-ЯЁ][^\W\d_]+)")


def _storm_names(text: str) -> set[str]:
    """The names a text gives storms ("Hurricane Rosa", "ураган «Катрина»"), in lower case, with the
    storm words themselves: each is no person there wherever it stands ("Rosa's rain")."""
    return {m.group(1).lower() for m in _STORM_WORDS.finditer(text)} | set(words("xx", "storm_words"))


def _drop_titles(full: dict[tuple[str, str], dict]) -> None:
    """A name that is another person's of the text followed by dictionary words only is a title named
    after that person ("Johnny English Reborn", "Johnny English Strikes" Again), not a person."""
    names = {key: [name.split() for name in person["names"]] for key, person in full.items()}
    for key in list(full):
        if all(any(len(b) > len(a) and b[:len(a)] == a and all(
                _is_dictionary_word(w) and not _is_known_surname(w) for w in b[len(a):])
                for other in names if other != key for a in names[other]) for b in names[key]):
            full.pop(key)


def _fold_prefixes(full: dict[tuple[str, str], dict]) -> None:
    """A name that begins a longer one of the same text is that person named shorter ("Lukas
    Lundvald" and "Lukas Lundvald Nielsen", "Diego Enrique" and "Diego Enrique Angelini"), where only
    one longer name begins so."""
    names = {key: [name.split() for name in person["names"]] for key, person in full.items()}
    for key in list(full):
        longer = {other for other in full if other != key and any(
            len(b) > len(a) and b[:len(a)] == a for a in names[key] for b in names[other])}
        if len(longer) == 1:
            person, target = full.pop(key), full[longer.pop()]
            for name, count in person["names"].items():
                target["names"][name] += count
            target["mentions"] |= person["mentions"]


def _add_person(found: dict[str, Entity], pid: str, name: str, mentions: set[str]) -> None:
    if pid in found:
        known = found[pid]
        mentions = mentions | set(known.mentions)
        name = max(name, known.name, key=len)
    found[pid] = Entity(pid, name, tuple(sorted(mentions)))


def initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[\wЁё]+", name) if w[0].isupper())
