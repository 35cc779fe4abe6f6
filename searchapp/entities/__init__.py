"""Entities stage: a document's people, organisations and cities, as clean facet values.

The named-entity models are real ones: spaCy (``en_core_web_md``; the package name is a setting) for
English and Natasha (slovnet) for Russian. Their raw spans are then made into facet values:

* persons: Russian names in the nominative ("Валерия Борщёва" -> "Валерий Борщёв"); a surname-only
  mention folded into the full name found in the same document ("Borshchev" -> "Valery Borshchev");
  a lone word that is an ordinary dictionary word ("Memorial") or a bare first name is dropped;
* organisations: normalised, quotes and a leading "the" removed, an abbreviation the text introduces
  ("Moscow Helsinki Group (MHG)") folded into the full name;
* cities: only what the GeoNames gazetteer knows as a city; countries and regions never.

Every value carries a language-independent id: ``person:<surname key>-<initial>`` from
:func:`searchapp.names.sound_key` (so Борщёв and Borshchev, Трамп and Trump meet), ``city:<GeoNames id>``, and
``org:<organization key>`` (:func:`organization_key`: so a transliterated name is the same
organisation). The editable entities file
(:class:`Curated`) overrides all of this for the entities it lists.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cached_property
from pathlib import Path

from ..analysis import STOP_WORDS, morph
from ..config import DEFAULT_SPACY_MODEL
from ..corpus import Document
from ..facets import BY_KEY, BY_PLURAL, PERSON
from ..gazetteer import gazetteer
from ..names import name_key
from .cities import _cities
from .curated import Curated
from .english import EnglishModel, _transliterated_names
from .mentions import _NAME_WORD, MAX_NER_CHARS, Entities, Entity, Mention, is_first_name
from .organizations import _organization_name, _organizations, organization_key
from .persons import _persons
from .russian import RussianModel

# The extractor is this package's face; these are the names the rest of the project uses.
__all__ = ["DEFAULT_SPACY_MODEL", "MAX_NER_CHARS", "Curated", "EnglishModel", "Entities", "Entity", "EntityExtractor",
           "Mention", "RussianModel", "is_first_name", "organization_key"]


def _tagged(doc: Document) -> list[Mention]:
    """Front-matter names as mentions, so they get the same ids and checks as the models' finds."""
    found = []
    for facet, names in doc.tags.items():
        for name in names:
            words = name.split()
            first, last = (words[0], words[-1]) if facet == PERSON.plural and len(words) > 1 else ("", name)
            found.append(Mention(BY_PLURAL[facet].mention_kind, name, name, first=first, last=last))
    return found




def _people_named_as_organizations(by_kind: dict[str, list[Mention]]) -> None:
    """A one-word "organisation" that the model calls a person elsewhere in the text, by that word
    or as the surname of a full name ("Duffy said ... Duffy's trial"), is that person."""
    people = {name_key(m.normal) for m in by_kind["person"]}
    people |= {name_key(m.last) for m in by_kind["person"] if m.last}
    for m in list(by_kind["organization"]):
        words = m.normal.split()
        if len(words) == 1 and not words[0].isupper() and name_key(words[0]) in people:
            by_kind["organization"].remove(m)
            by_kind["person"].append(Mention("person", m.text, m.normal, last=m.normal, end=m.end))


def _organizations_named_as_places(by_kind: dict[str, list[Mention]]) -> None:
    """A Russian "place" whose last word the dictionary knows as an organisation's name ("ЕС",
    "Еврокомиссия", which Natasha calls places) is that organisation."""
    for m in list(by_kind["location"]):
        words = m.normal.split()
        if not words or not re.fullmatch(r"[А-ЯЁа-яё\-]+", words[-1]):
            continue
        if "Orgn" in morph().parse(words[-1].lower())[0].tag:
            by_kind["location"].remove(m)
            by_kind["organization"].append(m)


def _places_named_as_people(by_kind: dict[str, list[Mention]]) -> None:
    """A "person" named like a country or region ("Papua New Guinea") is that place. (Cities are not
    moved here: many surnames are also the name of some town, Obama and Clinton among them.)"""
    for m in list(by_kind["person"]):
        if gazetteer().is_country_or_region(m.normal):
            by_kind["person"].remove(m)
            by_kind["location"].append(Mention("location", m.text, m.normal, end=m.end))


class EntityExtractor:
    """Finds a document's facet values; models load on first use, once per process."""

    def __init__(self, spacy_model: str = DEFAULT_SPACY_MODEL, entities_file: Path | None = None) -> None:
        self.spacy_model = spacy_model
        self.curated = Curated.load(entities_file)

    @cached_property
    def english(self) -> EnglishModel:
        return EnglishModel(self.spacy_model)

    @cached_property
    def russian(self) -> RussianModel:
        return RussianModel()

    def extract(self, doc: Document, models: bool = True) -> Entities:
        """The document's facet values: what the models find (unless `models` is false), the names its
        front matter lists, and the entities file's entries it mentions."""
        # An untitled text's title is its own first sentence: read it once.
        text = "\n\n".join(part for part in ("" if doc.untitled else doc.title, doc.text) if part)
        mentions = []
        if models:
            mentions = (self.russian if doc.lang == "ru" else self.english).mentions(text)
            if doc.lang != "ru":
                mentions += _transliterated_names(text, mentions)
        mentions += _tagged(doc)
        by_kind: dict[str, list[Mention]] = defaultdict(list)
        curated = self.curated.find(text)
        for m in mentions:
            if self.curated.ignores(m):
                continue
            entry = self.curated.match(m, doc.lang)
            if entry is not None:
                curated[entry].add(m.text)
            else:
                by_kind[m.kind].append(m)
        # A span the model calls an organisation but which is only a city's name is a location, and
        # one that starts with a given name ("Nikita Bogomolov of") is a person.
        for m in list(by_kind["organization"]):
            words = m.normal.split()
            if len(words) == 1 and gazetteer().lookup(m.normal, main_names_only=True):
                by_kind["location"].append(m)
            elif len(words) in (2, 3) and is_first_name(words[0]) and all(_NAME_WORD.match(w) for w in words[:2]):
                by_kind["organization"].remove(m)
                name = " ".join(w for w in words if w.lower() not in STOP_WORDS)
                by_kind["person"].append(Mention("person", m.text, name, first=words[0], last=name.split()[-1],
                                                 end=m.end))
        _places_named_as_people(by_kind)
        _organizations_named_as_places(by_kind)
        _people_named_as_organizations(by_kind)
        organizations = {_organization_name(m, doc.lang) for m in by_kind["organization"]}
        persons = _persons(by_kind["person"], organizations)
        found = Entities(
            persons=persons,
            organizations=_organizations(by_kind["organization"], text, doc.lang, persons),
            cities=_cities(by_kind["location"], doc.lang, text),
        )
        for entry, texts in curated.items():
            facet = getattr(found, BY_KEY[entry.kind].plural)
            facet[:] = [e for e in facet if e.id != entry.id]
            facet.append(entry.entity(doc.lang, texts))
        return found
