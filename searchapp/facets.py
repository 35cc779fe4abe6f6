"""The facet vocabulary: every name a facet goes by, in one place that every stage reads.

A facet is `person` in search, the index and the API's counts; `persons` in a document's stored
entities, the front matter and `searchapp extract`; `person`, `org` or `city` in the URL (`not_…` to
exclude); `person:`, `org:` or `city:` in the query syntax and at the start of its value ids; a "Person"
or "Персона" on the page. Datasette keeps its facets as small classes for the same reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .names import has_cyrillic, name_key


@dataclass(frozen=True)
class Facet:
    key: str  # the search field and the API's name: "person"
    plural: str  # in stored entities, front matter and `extract`: "persons"
    param: str  # the URL parameter (and the widget's data- attribute): "person", "org"
    id_prefix: str  # what its value ids start with: "person:", "org:"
    mention_kind: str  # what the entity models call its mentions: "person", "location"
    label: dict[str, str] = field(default_factory=dict)  # one value, per interface language
    title: dict[str, str] = field(default_factory=dict)  # the facet, per interface language
    aliases: tuple[str, ...] = ()  # further field names the query syntax accepts: "org:", "people:"

    @property
    def exclude_param(self) -> str:
        """The URL parameter that excludes a value: "not_person"."""
        return "not_" + self.param

    def owns(self, value: str) -> bool:
        """Whether a value id belongs to this facet."""
        return value.startswith(self.id_prefix)


PERSON = Facet("person", "persons", "person", "person:", "person",
               label={"en": "Person", "ru": "Персона"}, title={"en": "Persons", "ru": "Персоны"},
               aliases=("people",))
ORGANIZATION = Facet("organization", "organizations", "org", "org:", "organization",
                     label={"en": "Organization", "ru": "Организация"},
                     title={"en": "Organizations", "ru": "Организации"}, aliases=("org", "organisation"))
CITY = Facet("city", "cities", "city", "city:", "location",
             label={"en": "City", "ru": "Город"}, title={"en": "Cities", "ru": "Города"})

FACETS: tuple[Facet, ...] = (PERSON, ORGANIZATION, CITY)
KEYS: tuple[str, ...] = tuple(f.key for f in FACETS)
PLURALS: tuple[str, ...] = tuple(f.plural for f in FACETS)
BY_KEY: dict[str, Facet] = {f.key: f for f in FACETS}
BY_PLURAL: dict[str, Facet] = {f.plural: f for f in FACETS}


def facet_of(value: str) -> str:
    """The facet a value id belongs to ("person:grlv-an" → "person"); "" for none."""
    return next((f.key for f in FACETS if f.owns(value)), "")


def surname_folds(values: Iterable[str], names: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Person ids of a surname alone ("person:trmp": an article that says only "Трамп") with the one
    full name of that surname in the archive ("person:trmp-dn", Donald Trump), which they are counted and
    filtered as: one article's ids cannot know the full names of the others. A surname that several full
    names share (Boris and Jo Johnson) stays a value of its own. `names` are the ids' names: one script
    must spell the surname alike ("Мерфи" is no "Моравия" that the sound key makes alike), two may not
    ("Trump", "Дональд Трамп")."""
    values = set(values)
    full: dict[str, list[str]] = {}
    for value in values:
        key = value[len(PERSON.id_prefix):] if PERSON.owns(value) else ""
        if "-" in key:
            full.setdefault(key.split("-", 1)[0], []).append(value)
    folds = {}
    for surname, (target, *others) in full.items():
        bare = f"{PERSON.id_prefix}{surname}"
        if not others and bare in values and _spelled_alike(names.get(bare, ()), names.get(target, ())):
            folds[bare] = target
    return folds


def _spelled_alike(bare: Iterable[str], full: Iterable[str]) -> bool:
    # The surname is the last word but a ruler's number ("Моймир I").
    surnames = [words[-1] for words in (re.sub(r"\s[IVX]+\.?$", "", name).split() for name in full) if words]
    return any(has_cyrillic(b) != has_cyrillic(s) or name_key(b) == name_key(s) for b in bare for s in surnames)
