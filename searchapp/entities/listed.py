"""The organisations of lang/xx/organization_names.txt found in a text where the models missed them:
the same way in both languages ("on Twitter", «в Твиттере»)."""

from __future__ import annotations

import re
from functools import lru_cache

from ..analysis import morph
from ..gazetteer import gazetteer
from ..lang import lines
from ..names import has_cyrillic
from .mentions import Entity
from .organizations import organization_key


def _any_case(word: str) -> str:
    """A pattern for a word of a listed name in any case form: a Russian word's ending free, a short
    one's from the endings of nouns («Белого дома», «Верховного суда»); others as written."""
    if word.isupper() or not has_cyrillic(word):
        return re.escape(word)
    if len(word) < 5:
        stem = word[:-1] if word[-1] in "аяоеьй" else word
        return re.escape(stem) + r"(?:а|я|о|у|ю|е|и|ы|ь|й|ом|ем|ой|ей|ов|ам|ами|ах)?"
    return re.escape(word[:-2]) + r"\w{0,3}"


def _written_in_lower_case(name: str) -> bool:
    """A one-word Russian name the dictionary knows as an organisation's, which Russian often writes
    in lower case («представители госдепартамента», «минобороны»)."""
    return (" " not in name and not name.isupper() and has_cyrillic(name)
            and any("Orgn" in p.tag for p in morph().parse(name.lower())[:1]))


@lru_cache(maxsize=1)
def _known_patterns() -> tuple[tuple[re.Pattern, str, str, str, str], ...]:
    """The organisations of lang/xx/organization_names.txt as patterns to find in a text (an
    abbreviation as written, a Russian word in any ending) and the words for what is done on a
    service (lang/en/organization_services.txt), with their key, the name the pattern is of, and
    their English and Russian names; countries are no organisations."""
    found = []
    listed = {}
    for line in lines("xx", "organization_names", "|"):
        names = [line[0].lstrip("~ ").strip(), *line[1:]]
        if any(gazetteer().is_country_or_region(n) for n in names):
            continue
        key = organization_key(names[0])
        english = next((n for n in names if not has_cyrillic(n)), names[0])
        russian = next((n for n in names if has_cyrillic(n)), english)
        listed[names[0]] = (key, english, russian)
        for name in names:
            parts = [_any_case(w) for w in name.split()]
            if _written_in_lower_case(name):
                parts[0] = f"[{parts[0][0]}{parts[0][0].lower()}]{parts[0][1:]}"
            found.append((re.compile(r"(?<![\w.-])" + r"\s+".join(parts) + r"(?![\w-])"), key, name, english, russian))
    # A service's words name it in English as its name does ("tweeted": Twitter).
    for name, service_words in lines("en", "organization_services", "|"):
        if name not in listed:
            raise ValueError(f"lang/en/organization_services.txt: {name!r} is not in lang/xx/organization_names.txt")
        key, english, russian = listed[name]
        found.append((re.compile(rf"(?<![\w.-])(?i:{'|'.join(map(re.escape, service_words.split()))})(?![\w-])"),
                      key, english, english, russian))
    return tuple(found)


def known_organizations(text: str, lang: str, found: list[Entity]) -> list[Entity]:
    """The organisations of the organisation list the text names that the models missed ("on Twitter",
    "the FBI"): found the same way in both languages, where no organisation the models found names
    them as part of its name."""
    known = {e.id for e in found}
    # Not where it is a word of a longer name the models found ("Госдума России"). English names a
    # body of another with the other's name before ("Senate Judiciary Committee", "U.N. General
    # Assembly"), where Russian puts it after, in the genitive, and Natasha finds it apart ("Юридический
    # комитет Сената"): in English the other's name counts as well.
    inside = [mention for e in found for mention in e.mentions] if lang == "ru" else []
    extra: dict[str, tuple[str, set[str]]] = {}
    for pattern, key, name, english, russian in _known_patterns():
        # Named as the text names it ("Европейского союза": «Европейский союз», not «ЕС»).
        shown = name if has_cyrillic(name) == (lang == "ru") else russian if lang == "ru" else english
        for match in pattern.finditer(text):
            if f"org:{key}" not in known and not any(match.group() in mention for mention in inside):
                extra.setdefault(key, (shown, set()))[1].add(match.group())
    return [Entity(f"org:{key}", name, tuple(sorted(mentions))) for key, (name, mentions) in extra.items()]
