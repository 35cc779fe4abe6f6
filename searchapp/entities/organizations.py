"""Organisation values: cleaned names, abbreviations, and ids the same in both languages."""

from __future__ import annotations

import re
from functools import lru_cache

from ..analysis import morph
from ..gazetteer import gazetteer
from ..lang import lines, words
from ..names import name_key, sound_key
from .mentions import _QUOTES, Entity, Mention, _clean, _is_dictionary_word, written_as_name
from .persons import initials, strip_feminine


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


def organization_name(m: Mention, lang: str) -> str:
    """Russian: only the words up to the head noun go to the nominative ("Министерство юстиции")."""
    name = m.normal
    if lang == "ru":
        normal_words, text_words = m.normal.split(), _clean(m.text, english=False).split()
        if len(normal_words) == len(text_words):
            for i, word in enumerate(normal_words):
                parse = morph().parse(word.strip(_QUOTES).lower())[0]
                if parse.tag.POS == "NOUN":
                    # Only where the words are in the text's order («испанским правительством» is
                    # named «правительство Испании»).
                    if morph().parse(text_words[i].strip(_QUOTES).lower())[0].normal_form == parse.normal_form:
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


_SCORE = re.compile(r"\d\s*[-–:]\s*\d")


_STAGE = re.compile(r"(?:Group|Pool)\s+[A-Z0-9]")


# The lower-case words an English name has between its names: "Bank of America", "Médecins sans
# Frontières", "Banco de España".
_LINKS = words("xx", "name_particles") | {"of", "the", "and", "for", "on", "in", "at", "to", "&", "y", "e",
                                          "sans", "without", "upon", "under", "over"}


def _balanced_brackets(text: str) -> str:
    """A mention cut before a bracket it does not close ("Cepes (Peruvian Centre" -> "Cepes")."""
    depth, cut = 0, None
    for i, char in enumerate(text):
        if char == "(":
            depth += 1
            cut = i if depth == 1 else cut
        elif char == ")" and depth:
            depth -= 1
    return text[:cut].rstrip() if depth and cut else text


def _refused(name: str, lang: str, person_words: set[str], named: bool = False) -> bool:
    """A name that is no organisation's; `named`: the text writes its one word only as a name."""
    words = name.split()
    if len(name) < 2 or name.islower() or not re.search(r"[A-Za-zА-Яа-яЁё]", name):
        return True
    if name_key(name) in person_words or strip_feminine(name_key(name)) in person_words:
        return True  # a person the model took for an organisation
    if _is_common_abbreviation(words[0]) or (len(words) == 1 and "".join(_words(name)) in _COMMON_ABBREVIATIONS):
        return True  # "СМИ" (the media), "NGO", "A.I." are no organisation
    if re.fullmatch(r"[A-ZА-ЯЁ]{2,6}-[a-zа-яё]+", words[0]) and _is_dictionary_word(words[0].split("-")[1]) and (
            _base(words[0].split("-")[1]) not in _ORGANIZATION_WORDS):
        return True  # «ЛГБТ-активист»: a common noun of the abbreviation's field
    # A word of the dictionary alone is no organisation's name in English ("Media"), unless it is an
    # organisation word (the Senate, Congress), as Russian keeps "Сенат", or a word the text writes only
    # as a name, inside sentences: a team's ("Rangers", "Hearts"), a band's, a newspaper's ("Times").
    if len(words) == 1 and not name.isupper() and (gazetteer().lookup(name, main_names_only=True) or (
            lang == "en" and _is_dictionary_word(name) and name.lower() not in _ORGANIZATION_WORDS
            and not named)):
        return True
    if len(words) == 1 and lang == "en" and _ORGANIZATION_WORDS.get(name.lower()) in _DOMAINS:
        return True  # a body's field alone ("Health Secretary", "Secretary of State") names no body
    if lang == "en" and any(w[:1].islower() and w.lower() not in _LINKS for w in words[1:]):
        return True  # "City battles Hoffenheim", "School of Rock-type academy": a phrase, no name
    if _STAGE.fullmatch(name):
        return True  # "Group G" of a tournament
    return bool(_SCORE.search(name))  # a match's result ("Livingston 1-0 Rangers") names no organisation


def _name_words(name: str) -> tuple[str, ...]:
    return tuple(name_key(w) for w in re.split(r"[\s\-‐]+", name) if w)


def _ends_with_full_name(name: str, full_names: list[tuple[str, ...]]) -> bool:
    """A name that ends with a person's full name of the text is that person with a name the other
    model left out ("Ann-Laure Decadt" of "Laure Decadt"): an organisation named after a person
    ends with a word of its own ("Trump Organization")."""
    words = _name_words(name)
    return any(len(words) > len(full) and words[-len(full):] == full for full in full_names)


def _head(name: str, lang: str) -> str:
    """A name's head word, normalised: English puts it last ("Assembly Commission"), Russian first,
    as its first noun («Университет штата Луизиана», «Юридический комитет»)."""
    words = _words(name)
    if lang != "ru":
        return _base(words[-1])
    return next((_base(w) for w in words if morph().parse(w.lower())[0].tag.POS == "NOUN"), "")


def _fold_short_names(names: dict[str, dict], lang: str) -> None:
    """A one-word name that is part of a longer name of the text is that organisation, as a
    translation may name it either way: a name that is its last word, names before it ("Lakers" of
    "Los Angeles Lakers", «Лейкерс» of «Лос-Анджелес Лейкерс»; not after words of the dictionary:
    «Солидарность» is another body than «Жилищная солидарность»), and a body's word that is its
    head («Университет» of «Университет штата Луизиана», "Commission" of "Assembly Commission"; the
    Senate is not the "Senate Judiciary Committee"). Not a place ("England")."""
    for name in [n for n in names if len(_words(n)) == 1 and not n.isupper()]:
        if gazetteer().is_country_or_region(name):
            continue
        longer = [n for n in names if n != name and len(_words(n)) > 1]
        if _base(name) in _ORGANIZATION_WORDS:
            longer = [n for n in longer if _head(n, lang) == _base(name)]
        else:
            longer = [n for n in longer if len(_words(n)) == len(re.findall(r"[\w&]+", n))
                      and _base(_words(n)[-1]) == _base(name) and not any(map(_is_dictionary_word, _words(n)[:-1]))]
        if len(longer) == 1:
            names[longer[0]]["mentions"] |= names.pop(name)["mentions"]


def find_organizations(mentions: list[Mention], text: str, lang: str, persons: list[Entity]) -> list[Entity]:
    person_words = {name_key(w) for p in persons for w in (p.name, *p.mentions)}
    person_words |= {strip_feminine(name_key(p.name.split()[-1])) for p in persons}
    # A full name's given name alone is that person too ("LeBron" of "LeBron James").
    person_words |= {name_key(p.name.split()[0]) for p in persons if len(p.name.split()) > 1}
    full_names = [_name_words(p.name) for p in persons if len(p.name.split()) > 1]
    names: dict[str, dict] = {}
    aliases: dict[str, str] = {}  # "MHG" -> "Moscow Helsinki Group", where the text says so
    in_lower_case: dict[str, bool] = {}
    for m in mentions:
        name = organization_name(m, lang)
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
        named = len(name.split()) == 1 and written_as_name(name, m, text, in_lower_case)
        if _refused(name, lang, person_words, named) or _ends_with_full_name(name, full_names):
            continue
        names.setdefault(name, {"mentions": set()})["mentions"].add(_balanced_brackets(m.text))
    # Fold an abbreviation into the full name it stands for in this text.
    for name in list(names):
        if not _ABBREVIATION.fullmatch(name):
            continue
        target = aliases.get(name) if aliases.get(name) in names else None
        target = target or next((n for n in names if n != name and initials(n) == name), None)
        if target:
            names[target]["mentions"] |= names.pop(name)["mentions"]
    _fold_short_names(names, lang)
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


# Words organisations are named with, which Russian translates rather than transliterates, as one
# concept each (lang/en and lang/ru organization_words.txt): "Protestant Church" and "Протестантская
# церковь", "Judiciary Committee" and "Юридический комитет" meet.
_ORGANIZATION_WORDS = {word: line[0] for lang in ("en", "ru") for line in lines(lang, "organization_words")
                       for word in line} | {word: line[0] for line in lines("xx", "nationalities") for word in line}


_DOMAINS = words("en", "organization_domains")


_COMMON_ABBREVIATIONS = words("xx", "common_abbreviations")


_IMPLIED = words("en", "organization_implied")


# "Affairs" and "дел" too: "Foreign Ministry" and "Ministry of Foreign Affairs", "Министерство иностранных дел".
_ORGANIZATION_FILLERS = frozenset({"of", "the", "and", "for", "on", "in", "и", "по", "имени", "de", "&",
                                   "affairs", "дел"})


_DOTTED = re.compile(r"\b[A-ZА-ЯЁ](?:\.[A-ZА-ЯЁ])+\.?")


def _words(name: str) -> list[str]:
    """A name's words, dotted abbreviations undotted ("U.N." -> "UN"), fillers ("of", "и") left out."""
    name = _DOTTED.sub(lambda m: m.group().replace(".", ""), name.replace("ё", "е").replace("Ё", "Е"))
    return [w for w in re.findall(r"[\w&]+", name) if w.lower() not in _ORGANIZATION_FILLERS]


def _base(word: str) -> str:
    """A word as names are compared: lower case, a Russian word in its normal form."""
    lower = word.lower()
    if re.fullmatch(r"[а-я]+", lower) and morph().word_is_known(lower):
        parse = morph().parse(lower)[0]
        # A participle as the adjective it is in a name («Объединённый»), not its verb (объединить).
        adjective = parse.inflect({"masc", "sing", "nomn"}) if parse.tag.POS == "PRTF" else None
        return (adjective.word if adjective else parse.normal_form).replace("ё", "е")
    return lower


def _word_key(word: str) -> str:
    lower = word.lower()
    if word.isupper() and len(word) > 1 or word.isdigit():
        return name_key(word)
    if re.fullmatch(r"[а-я]+", lower):
        lower = _base(word)
        if lower not in _ORGANIZATION_WORDS:
            lower = re.sub(r"(?<=..)(?:ческ|ск|н)?(?:ий|ый|ой|ая|ое|ие|ые)$",
                           lambda m: "ик" if m.group(0).startswith("ческ") else "", lower)
    elif lower not in _ORGANIZATION_WORDS:
        # An English adjective of a country in "-ian" is the Russian one in "-ийский" less its ending
        # ("Indonesian", "Индонезийский"; "Canadian", "Канадский"; Dorian is a name).
        stem = lower[:-3] if lower.endswith("ian") and len(lower) > 5 else ""
        if stem and any(gazetteer().is_country_or_region(stem + end) for end in ("ia", "a", "")):
            lower = stem
        lower = re.sub(r"ti(?=[aeiou])", "si", lower)  # "Cassation": a Russian "ц"
    return _ORGANIZATION_WORDS.get(lower) or sound_key(lower)


def _plain_key(words: list[str]) -> str:
    return "-".join(sorted(k for k in map(_word_key, words) if k))


@lru_cache(maxsize=1)
def _known_names() -> dict[tuple[str, ...], tuple[str, bool]]:
    """The names of lang/xx/organization_names.txt as word sequences, each with its entity's key and
    whether it is a qualifier."""
    known = {}
    for line in lines("xx", "organization_names", "|"):
        qualifier = line[0].startswith("~")
        names = [line[0].lstrip("~ ").strip(), *line[1:]]
        key = _plain_key(_words(names[0]))
        for name in names:
            known[tuple(_base(w) for w in _words(name))] = (key, qualifier)
    return known


def _city(words: list[str], bases: list[str]) -> tuple[str, bool] | None:
    """A city's name in an organisation's ("Washington Post", "Вашингтон пост"; "Los Angeles Lakers"):
    the key of GeoNames' name for it, as the two scripts' spellings of a place differ more than those
    of people (Вашингтон, Лос-Анджелес)."""
    if len(words) > 2 or not all(w[:1].isupper() and not w.isupper() for w in words) or (
            len(words) == 1 and bases[0] in _ORGANIZATION_WORDS):
        return None
    if any(re.fullmatch(r"[а-я]+", b) and morph().parse(b)[0].tag.POS == "ADJF" for b in bases):
        return None  # "Московская": an adjective keeps its sound key
    for candidate in dict.fromkeys([" ".join(words), "-".join(words), " ".join(bases), "-".join(bases)]):
        city = gazetteer().lookup(candidate, alternates_from=100_000)
        if city is not None and (city.population >= 100_000 or len(words) == 1):
            # The sound key of its English name, which is also what a Russian adjective made of the
            # name gives where it transliterates alike ("Calder", "Калдерская").
            return sound_key(city.name), False
    return None


_COMMITTEES = frozenset({"committee", "commission"})
_CHAMBERS = frozenset({"senate", "congress", "parliament", "chamber", "assembly"})


@lru_cache(maxsize=100_000)
def organization_key(name: str) -> str:
    """A key an organisation's name has in either language: its words' sound keys in alphabetical
    order, with institution words as one concept ("Court of Cassation" and "Кассационный суд",
    "Microsoft" and "Майкрософт", "Harley-Davidson" and "Харлей-Дэвидсон"). Russian words count in
    their normal form with the adjective ending off ("Республиканская" -> "республикан", Republican);
    abbreviations by their letters. Names the organisation list knows in both languages are one key
    (UN, U.N., ООН, Организация Объединённых Наций), and a qualifier of the list next to other words
    is left out ("Конгресс США" is Congress, "U.N. General Assembly" the General Assembly)."""
    keys = [(key, qualifier) for key, qualifier, _ in _segments(name)]
    if any(not qualifier for _, qualifier in keys):
        keys = [k for k in keys if not k[1]]
    # A chamber's committee is named with the chamber or without it ("Senate Judiciary Committee",
    # "Юридический комитет" of a translation that names the Senate apart): the key leaves it out.
    if {k for k, _ in keys} & _COMMITTEES and len(keys) > 2:
        keys = [k for k in keys if k[0] not in _CHAMBERS]
    if any(k not in _IMPLIED for k, _ in keys):
        keys = [k for k in keys if k[0] not in _IMPLIED]  # "Yale University" is Yale
    return "-".join(sorted(k for k, _ in keys if k))


def _segments(name: str) -> list[tuple[str, bool, bool]]:
    """A name's parts: each a name of the list, a city's name or a word, with its key, whether it is
    a qualifier, and whether the list knows it."""
    words = _words(name)
    bases = [_base(w) for w in words]
    known = _known_names()
    parts: list[tuple[str, bool, bool]] = []
    i = 0
    while i < len(words):
        for n in range(min(7, len(words) - i), 0, -1):
            found = known.get(tuple(bases[i:i + n]))
            city = None if found else _city(words[i:i + n], bases[i:i + n])
            if found or city:
                parts.append((*(found or city), bool(found)))
                i += n
                break
        else:
            parts.append((_word_key(words[i]), False, False))
            i += 1
    return parts


def listed_organization(name: str) -> bool | None:
    """For a name made only of names of the organisation list ("UN General Assembly"), whether it
    is only a country's (a qualifier's); None for any other name."""
    parts = _segments(name)
    if not parts or not all(known for _, _, known in parts):
        return None
    return all(qualifier for _, qualifier, _ in parts)
