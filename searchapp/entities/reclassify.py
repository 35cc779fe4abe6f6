"""Second thoughts on the models' kinds: spans they call one kind of thing that the text or the
dictionaries show to be another. Each pass moves mentions between kinds in place."""

from __future__ import annotations

import re

from ..analysis import STOP_WORDS, morph
from ..gazetteer import gazetteer
from ..lang import lines, words
from ..names import has_cyrillic, name_key
from .mentions import _NAME_WORD, Mention, is_first_name
from .organizations import listed_organization


def reclassify(by_kind: dict[str, list[Mention]]) -> None:
    """Every pass below, in order."""
    organizations_that_are_cities_or_people(by_kind)
    places_named_as_people(by_kind)
    organizations_named_as_places(by_kind)
    people_named_as_organizations(by_kind)
    known_organizations_named_as_people(by_kind)


def organizations_that_are_cities_or_people(by_kind: dict[str, list[Mention]]) -> None:
    """A span the model calls an organisation but which is only a large city's name is also a location
    (a town's name is often a company's too: Nokia, Paramount), and one that starts with a given name
    ("Nikita Bogomolov of") is a person."""
    for m in list(by_kind["organization"]):
        words = m.normal.split()
        city = gazetteer().lookup(m.normal, main_names_only=True) if len(words) == 1 else None
        # (Natasha's "organisations" named like a town of Russia are mostly its airport or station:
        # «Домодедово»; abroad, a company: «Мерседес».)
        if city is not None and (city.population >= 100_000 or has_cyrillic(m.normal) and city.country == "RU"):
            by_kind["location"].append(m)
        elif len(words) in (2, 3) and is_first_name(words[0]) and all(_NAME_WORD.match(w) for w in words[:2]):
            by_kind["organization"].remove(m)
            name = " ".join(w for w in words if w.lower() not in STOP_WORDS)
            by_kind["person"].append(Mention("person", m.text, name, first=words[0], last=name.split()[-1],
                                             end=m.end))


def people_named_as_organizations(by_kind: dict[str, list[Mention]]) -> None:
    """A one-word "organisation" that the model calls a person elsewhere in the text, by that word
    or as the surname of a full name ("Duffy said ... Duffy's trial"), is that person."""
    people = {name_key(m.normal) for m in by_kind["person"]}
    people |= {name_key(m.last) for m in by_kind["person"] if m.last}
    for m in list(by_kind["organization"]):
        words = m.normal.split()
        if len(words) == 1 and not words[0].isupper() and name_key(words[0]) in people:
            by_kind["organization"].remove(m)
            by_kind["person"].append(Mention("person", m.text, m.normal, last=m.normal, end=m.end))


def organizations_named_as_places(by_kind: dict[str, list[Mention]]) -> None:
    """A Russian "place" whose last word the dictionary knows as an organisation's name ("ЕС",
    "Еврокомиссия", which Natasha calls places) is that organisation."""
    for m in list(by_kind["location"]):
        words = m.normal.split()
        if not words or not re.fullmatch(r"[А-ЯЁа-яё\-]+", words[-1]):
            continue
        if "Orgn" in morph().parse(words[-1].lower())[0].tag:
            by_kind["location"].remove(m)
            by_kind["organization"].append(m)


def places_named_as_people(by_kind: dict[str, list[Mention]]) -> None:
    """A "person" named like a country or region ("Papua New Guinea") is that place. (Cities are not
    moved here: many surnames are also the name of some town, Obama and Clinton among them.) The name
    as written counts too: a person's normal form may have taken an ending off ("Коста Рика": Коста Рик)."""
    for m in list(by_kind["person"]):
        if gazetteer().is_country_or_region(m.normal) or gazetteer().is_country_or_region(m.text):
            by_kind["person"].remove(m)
            by_kind["location"].append(Mention("location", m.text, m.normal, end=m.end))


def known_organizations_named_as_people(by_kind: dict[str, list[Mention]]) -> None:
    """A "person" whose name is one of the organisations or countries the organisation list knows
    ("UN General Assembly", "United States") is that organisation, or no person; one named like a
    nation of lang/xx/nationalities.txt or a group of lang/xx/groups_of_people.txt ("Тори"), or an
    English one that begins with a nation's word ("American Othello"), is no person either."""
    nations = {word for line in lines("xx", "nationalities") for word in line} | words("xx", "groups_of_people")
    # A country's own name begins some people's ("America Ferrera", "China Miéville"), its adjective none.
    adjectives = {word for line in lines("xx", "nationalities") for word in line[1:] if not has_cyrillic(word)}
    for m in list(by_kind["person"]):
        # The name itself, not only its key, is the list's: "De Gaulle" has the key of "Google".
        country = listed_organization(m.normal)
        first = m.normal.split()[0].lower() if m.normal.split() else ""
        if m.normal.lower() in nations or morph().parse(m.normal.lower())[0].normal_form in nations or (
                first in adjectives):
            # "Scotland's NHS", "Britons": a nation is no person, nor is what a nation's adjective
            # begins in English ("American Othello", a book's title)
            by_kind["person"].remove(m)
        elif country is not None:
            by_kind["person"].remove(m)
            if not country:
                by_kind["organization"].append(Mention("organization", m.text, m.normal, end=m.end))
