"""Organisation values: cleaned names, abbreviations, and ids the same in both languages."""

from __future__ import annotations

import re
from functools import lru_cache

from ..analysis import morph
from ..gazetteer import gazetteer
from ..names import name_key, sound_key
from .mentions import _QUOTES, Entity, Mention, _clean, _is_dictionary_word
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


def find_organizations(mentions: list[Mention], text: str, lang: str, persons: list[Entity]) -> list[Entity]:
    person_words = {name_key(w) for p in persons for w in (p.name, *p.mentions)}
    person_words |= {strip_feminine(name_key(p.name.split()[-1])) for p in persons}
    names: dict[str, dict] = {}
    aliases: dict[str, str] = {}  # "MHG" -> "Moscow Helsinki Group", where the text says so
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
        words = name.split()
        if len(name) < 2 or name.islower() or not re.search(r"[A-Za-zА-Яа-яЁё]", name):
            continue
        if name_key(name) in person_words or strip_feminine(name_key(name)) in person_words:
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
        target = target or next((n for n in names if n != name and initials(n) == name), None)
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
