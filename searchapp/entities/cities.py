"""City values: only what the GeoNames gazetteer knows as a city."""

from __future__ import annotations

import re
from functools import cache

from ..analysis import morph
from ..gazetteer import gazetteer
from ..lang import lines, words
from ..names import has_cyrillic, sound_key
from .english import is_event
from .mentions import Entity, Mention, _clean, _fold_name, _is_name_reading
from .organizations import listed_organization


def _city_candidates(m: Mention) -> list[str]:
    """Spellings a location may name a city under: as found, without "City of" ("the City of Buenos
    Aires") or a lower-case word the model took after the name ("in Xining of Qinghai"), with spaces
    and hyphens swapped ("Monte Carlo", GeoNames' "Monte-Carlo"; "Буэнос Айрес"), and for one Russian
    word its normal forms, except a person's ("Романовых" is no "Романов"). Two letters name no city
    ("По", a river)."""
    if len(m.normal) < 3:
        return []
    candidates = [m.normal, _clean(m.text)]
    candidates.append(re.sub(r"^(?:City of|город)\s+", "", m.normal, flags=re.I))
    candidates.append(re.sub(r"(?:\s+[a-z]+)+$", "", m.normal))
    candidates += [c.replace(" ", "-") for c in candidates] + [c.replace("-", " ") for c in candidates]
    words = m.normal.split()
    if len(words) == 1 and has_cyrillic(words[0]):
        written = _clean(m.text)
        parses = morph().parse(words[0].lower())
        candidates += [p.normal_form for p in parses if "Geox" in str(p.tag)]
        if m.case == "Nom":
            return candidates  # the tagger's nominative has no ending to take off: "Канте" is no Кант
        candidates += [p.normal_form for p in parses if not _is_name_reading(p)]
        if words[0].endswith("е"):
            candidates.append(words[0][:-1] + "о")  # "в Кемерове" -> Кемерово
        if " " not in written and not morph().word_is_known(written.lower()):  # a foreign name: guesses miss
            candidates += [written[:-len(ending)] + nominative for ending, nominative in _endings("case_endings")
                           if written.endswith(ending) and len(written) - len(ending) >= 3]
    return candidates


@cache
def _regions_like_towns() -> frozenset[str]:
    """The folded names of lang/xx/regions.txt: regions named like towns elsewhere (Somerset)."""
    return frozenset(_fold_name(name) for line in lines("xx", "regions", "|") for name in line)


@cache
def _endings(name: str) -> tuple[tuple[str, str], ...]:
    """The pairs of endings of lang/ru/<name>.txt: an ending > the ending it stands for (or none)."""
    return tuple((line[0], line[1] if len(line) > 1 else "") for line in lines("ru", name, ">"))


def _city_name(city, m: Mention, lang: str, candidates: list[str]) -> str:
    """The name the article uses where GeoNames knows it as one of the city's names ("Нью-Йорк",
    "Таллин", "Monte Carlo"), else GeoNames' name in the article's language: its choice among
    several Cyrillic spellings is sometimes a rare one ("Нью-Ёрк")."""
    if m.normal[:1].isupper():
        names = {_fold_name(n).replace("-", " ") for n in city.alternates}
        # The mention's normal form, else the nominative its case ending gives ("в Талсе": Талса).
        for spelling in (m.normal, *candidates):
            if spelling[:1].isupper() and _fold_name(spelling).replace("-", " ") in names:
                return spelling
    return city.name_ru if lang == "ru" else city.name


_LARGE_CITY = 500_000


def _kinds_after() -> str:
    """English words for a kind of place, each with its plural, and Russian word beginnings."""
    english = [w[:-1] + "(?:y|ies)" if w.endswith("y") else w + "s?" for w in words("en", "place_kinds_after")]
    return "|".join(english + [w + r"\w*" for w in words("ru", "place_kinds_after")])


# A place name followed by one of these names a region, not the city it is named after ("the Sverdlovsk
# region", "Moscow Oblast", "Krasnoyarsk Krai"); so do the names of a list before one ("Sarasota,
# Charlotte and Collier counties").
_LISTED = r"(?:(?:,\s*|\s+(?:and|и)\s+)[A-ZА-ЯЁ][\w'’-]*(?:\s[A-ZА-ЯЁ][\w'’-]*)?)"
_REGION_AFTER = re.compile(rf"^{_LISTED}*\s+(?i:{_kinds_after()})\b")
_LISTED_REGIONS = re.compile(rf"^{_LISTED}+\s+(?i:{_kinds_after()})\b")
# Before it: a state named like its largest city ("the state of New York", "в штате Нью-Йорк").
_REGION_BEFORE = re.compile(r"(?<![\w-])(?:state\s+of|штат\w*)\s+$", re.I)  # not "the city-state of Athens"
# A kind of place before a town's name, or before the list it is in ("округ Хиллсборо", "округов
# Пинеллас, Манати и Сарасота", "залива Тампа").
_KIND_BEFORE = re.compile(rf"(?<![\w-])(?i:{'|'.join(words('ru', 'place_kinds_before'))})\w*\s+"
                          rf"(?:[A-ZА-ЯЁ][\w-]*(?:,\s*|\s+и\s+))*$")
# A city's name right before a year names an event held there ("London 2012", "в Лондоне 2012 года").
_YEAR_AFTER = re.compile(r"^\s+(?:19|20)\d\d\b")


def _region_around(m: Mention, text: str) -> bool:
    """Whether the words around a place name make it a region's: a region word after it ("the
    Sverdlovsk region") or a state's before it ("the state of New York")."""
    if not m.end:
        return False
    start = m.end - len(m.text)
    return bool(_REGION_AFTER.match(text[m.end:m.end + 80]) or _REGION_BEFORE.search(text[max(0, start - 20):start]))


def _kind_before(m: Mention, text: str) -> bool:
    """Whether a kind of place stands before a town's name ("округ Хиллсборо"), but not before a large
    city's (see lang/ru/place_kinds_before.txt)."""
    start = m.end - len(m.text)
    if not m.end or not _KIND_BEFORE.search(text[max(0, start - 80):start]):
        return False
    city = gazetteer().lookup(*_city_candidates(m))
    return city is None or city.population < _LARGE_CITY


# A capitalised word right before or after a span, on the same line: the span is part of a longer
# name ("the Millennium Dome", "Anderson School", "Южной Кореи"), not a city's.
_NAME_BEFORE = re.compile(r"(?<![.!?:;«\"“\n])\s(?:[A-ZА-ЯЁ][\w'’-]*)[ \t]$")
_NAME_AFTER = re.compile(r"^[ \t](?!I\b)(?:[A-ZА-ЯЁ][\w'’-]*)")


def _part_of_longer_name(m: Mention, text: str, city) -> bool:
    """A span with a capitalised word right before it on its line, which makes it part of a longer
    name; or after it, for a city other than a large one ("the Pyongyang Metro" is in Pyongyang, "In
    Pyongyang I saw")."""
    if not m.end:
        return False
    start = m.end - len(m.text)
    if text[start:m.end] != m.text:
        return False
    after = city.population < _LARGE_CITY and _NAME_AFTER.match(text[m.end:m.end + 40])
    # Russian puts a subject after a place ("В Москве Путин заявил"): there only an adjective that
    # begins a longer name counts ("Южной Кореи", "Северной Каролины").
    if after and not _REGION_AFTER.match(text[m.end:m.end + 30]) and (not has_cyrillic(m.text) or all(
            morph().parse(w.lower())[0].tag.POS == "ADJF" for w in m.text.split())):
        return True
    # A Russian city in another case after a name is the place of what the name names
    # ("Университете Лос-Анджелеса", "Гран-при Монако": the tagger tells an indeclinable name's case).
    return m.text == m.normal and m.case != "Gen" and bool(_NAME_BEFORE.search(text[max(0, start - 40):start]))


def _adjective_of_another_gender(m: Mention, city) -> bool:
    """A Russian adjective whose form cannot be the one of the city's name: "Северной и Центральной
    Америки", "Южной Кореи" name no city Северный or Южный."""
    words = m.text.split()
    if len(words) != 1 or not has_cyrillic(m.text) or m.normal in city.alternates:
        return False
    parses = morph().parse(words[0].lower())
    genders = {p.tag.gender for p in parses}
    return all(p.tag.POS == "ADJF" for p in parses) and not any(
        re.search(ending, city.name_ru) for gender, ending in (("masc", "(?:ый|ий|ой)$"), ("femn", "ая$"),
                                                              ("neut", "(?:ое|ее)$")) if gender in genders)




# A lower-case Russian adjective, as of a place's name ("лондонских", "нью-йоркской"); a capitalised one
# begins a name ("Лондонская фондовая биржа"), and one before or after a quote or before a capitalised
# word is a name's part ("венский «Рапид»", «парижскому клубу», "мадридский Реал").
_ADJECTIVE = re.compile(r"(?<![\w«\"“-])[а-яё]+(?:-[а-яё]+)?(?:ск|цк)(?:ий|ой|ая|ое|ие|ого|ому|ым|ом|ую|ых|ыми|их|ими|ей)"
                        r"\b(?![ \t]*[«\"“А-ЯЁ])")


def _city_adjectives(text: str) -> list[Mention]:
    """A large city named by its Russian adjective ("лондонских объектов": of London; English says
    "London properties"), as a mention of the city's name, which the dictionary knows as a place's. A
    smaller town's adjective is more often an ordinary word's ("братский", "ноябрьских")."""
    found = []
    for match in _ADJECTIVE.finditer(text):
        after = re.match(r"[ \t]+([а-яё]+)", text[match.end():match.end() + 30])
        if after and morph().parse(after.group(1))[0].normal_form in words("ru", "city_adjective_not_before"):
            continue
        normal = morph().parse(match.group())[0].normal_form
        for ending, name_ending in _endings("city_adjectives"):
            if not normal.endswith(ending):
                continue
            stem = normal[:-len(ending)] + name_ending
            if not (morph().word_is_known(stem) and any("Geox" in p.tag for p in morph().parse(stem))):
                continue  # the dictionary knows a large city's name as a place's ("Совето" of "советских" is none)
            name = "-".join(part.capitalize() for part in stem.split("-"))
            city = gazetteer().lookup(name, alternates_from=_LARGE_CITY)
            if city is not None and city.population >= _LARGE_CITY:
                found.append(Mention("location", match.group(), name, end=match.end(), case="Nom"))
                break
    return found


def _named_organization(m: Mention, organizations: list[Mention]) -> bool:
    """A Russian name in the nominative that ends a longer organisation's span is the organisation's
    name ("Имперский молодежный оркестр Брентвуд"); a place it belongs to is in the genitive
    ("Министерство внутренних дел Пакистана"), and stays a place."""
    return has_cyrillic(m.text) and m.text == m.normal and any(
        o.end == m.end and len(o.text) > len(m.text) for o in organizations)


def _refused_in(m: Mention, text: str, city, organizations: list[Mention]) -> bool:
    """The refusals that read the mention's surroundings: a year after a city's name makes it an
    event held there ("London 2012", "в Лондоне 2012 года"); see the helpers for the others."""
    return bool(m.end) and bool(_YEAR_AFTER.match(text[m.end:m.end + 10]) or _part_of_longer_name(m, text, city)
                                or _named_organization(m, organizations))


def _regions_and_countries(mentions: list[Mention], text: str) -> tuple[set[str], list[str]]:
    """The names an article lists as regions once ("Sarasota, Charlotte and Collier counties",
    "округах Манати и Сарасота") or puts after a word for a kind of place, which name the region
    wherever they stand in it (a name before a region word alone may be a metaphor's: "deep in Brighton
    territory"); and the countries it names, whose last word alone
    names the country there too ("Сальвадор" in an article on Эль-Сальвадор, not Salvador, Brazil)."""
    regions, countries = set(), []
    for m in mentions:
        if gazetteer().is_country_or_region(m.normal):
            countries.append(_fold_name(m.normal))
        elif (m.end and _LISTED_REGIONS.match(text[m.end:m.end + 80])) or _kind_before(m, text):
            regions.add(_fold_name(m.normal))
    return regions, countries


def regions_named(mentions: list[Mention], text: str) -> frozenset[str]:
    """The sound keys of the names the text gives regions (see :func:`_regions_and_countries`): a
    person's one-word "name" among them is the region's, in any case form ("Сарасоте", "Кольер" of
    "округов ... Сарасота и Кольер")."""
    return frozenset(sound_key(name) for name in _regions_and_countries(mentions, text)[0])


def _not_a_city(m: Mention, text: str, regions: set[str], countries: list[str], person_words: frozenset[str]) -> bool:
    """Whether a place's name names no city whatever the gazetteer says: a lower-case word ("it's
    un-detectable"), a country's or region's name (also the last word of a country's the text names:
    "Сальвадор" of Эль-Сальвадор), a person's word, a listed organisation's name ("Дума") or an
    event's ("Olympic", also a town in Hong Kong)."""
    folded = _fold_name(m.normal)
    return (not m.normal[:1].isupper() or gazetteer().is_country_or_region(m.normal) or folded in regions
            or is_event(m.normal)
            or _region_around(m, text) or m.normal in person_words
            or any(re.search(rf"[\s-]{re.escape(folded)}$", c) for c in countries)
            or listed_organization(m.normal) is False)


def find_cities(mentions: list[Mention], lang: str, text: str, person_words: frozenset[str] = frozenset(),
                organizations: tuple[Mention, ...] = ()) -> list[Entity]:
    """The cities of a text. Of several cities with one name, the one in a country the text's other
    cities are in (see :func:`searchapp.gazetteer.Gazetteer.lookup`), by one rule in both scripts. A
    one-word place that is a word of a person's name in the text is that person ("Sterling" of Raheem
    Sterling, "Kanye"). `organizations` are the text's organisation spans."""
    # English spans are noisier ("Union", "Eagle"): GeoNames' alternate spellings count for large
    # cities only. Russian spans need them for inflected and local forms.
    alternates_from = 0 if lang == "ru" else 100_000
    regions, countries = _regions_and_countries(mentions, text)
    places = []
    for m in mentions + (_city_adjectives(text) if lang == "ru" else []):
        if _not_a_city(m, text, regions, countries, person_words):
            continue
        candidates = _city_candidates(m)
        city = gazetteer().lookup(*candidates, alternates_from=alternates_from)
        # A Russian spelling GeoNames does not list is the article's own name for the city (Кройдон).
        transcribed = city is None
        city = city or gazetteer().transcription(m.normal)
        if city is not None and not _adjective_of_another_gender(m, city) and not _refused_in(m, text, city, list(organizations)):
            places.append((m, city, candidates, transcribed))
    # The countries of the article's countries and US states ("Norfolk, Virginia": US).
    named = {gazetteer().country_code(m.normal) for m in mentions} - {None}
    found: dict[str, dict] = {}
    for m, city, candidates, transcribed in places:
        context = frozenset(c.country for other, c, *_ in places if _fold_name(other.normal) != _fold_name(m.normal))
        if context:
            city = (gazetteer().transcription(m.normal, context) if transcribed else
                    gazetteer().lookup(*candidates, alternates_from=alternates_from, context=context)) or city
        if _fold_name(m.normal) in _regions_like_towns() and city.country not in context | named:
            continue  # "Wells, Somerset" beside Poole: the county, not Somerset, New Jersey
        name = m.normal if transcribed else _city_name(city, m, lang, candidates)
        entry = found.setdefault(city.id, {"name": name, "mentions": set(), "names": (
            ("en", city.name), ("ru", name if transcribed and lang == "ru" else city.name_ru))})
        entry["mentions"].add(m.text)
    return [Entity(cid, v["name"], tuple(sorted(v["mentions"])), v["names"]) for cid, v in found.items()]
