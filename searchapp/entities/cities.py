"""City values: only what the GeoNames gazetteer knows as a city."""

from __future__ import annotations

import re

from ..analysis import morph
from ..gazetteer import gazetteer
from ..names import has_cyrillic
from .mentions import Entity, Mention, _clean, _fold_name, _is_name_reading


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


def find_cities(mentions: list[Mention], lang: str, text: str) -> list[Entity]:
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
