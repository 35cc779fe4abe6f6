"""Entities stage: a document's people, organisations and cities, as clean facet values.

The named-entity models are real ones: spaCy (``en_core_web_md``; the package name is a setting) for
English and Natasha (slovnet) for Russian. Their raw spans are then made into facet values:

* persons: Russian names in the nominative ("Валерия Борщёва" -> "Валерий Борщёв"); a surname-only
  mention folded into the full name found in the same document ("Borshchev" -> "Valery Borshchev");
  a lone word that is an ordinary dictionary word ("Memorial") or a bare first name is dropped;
* organisations: normalised, quotes and a leading "the" removed, an abbreviation the text introduces
  ("Moscow Helsinki Group (MHG)") folded into the full name;
* cities: only what the GeoNames gazetteer knows as a city; countries and regions never.

Every value carries a language-independent id: ``person:<surname key>-<given name's first sounds>`` from
:func:`searchapp.names.sound_key` (so Борщёв and Borshchev, Трамп and Trump meet), ``city:<GeoNames id>``, and
``org:<organization key>`` (:func:`organization_key`: so a transliterated name is the same
organisation). The editable entities file
(:class:`Curated`) overrides all of this for the entities it lists.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

from ..config import DEFAULT_SPACY_MODEL
from ..corpus import Document
from ..facets import BY_KEY, BY_PLURAL, PERSON, surname_folds
from .cities import find_cities, regions_named
from .curated import Curated
from .english import EnglishModel, _transliterated_names
from .listed import known_organizations
from .mentions import MAX_NER_CHARS, Entities, Entity, Mention, is_first_name
from .organizations import find_organizations, listed_organization, organization_key, organization_name
from .persons import find_persons
from .reclassify import reclassify
from .russian import RussianModel

# The extractor is this package's face; these are the names the rest of the project uses.
__all__ = ["DEFAULT_SPACY_MODEL", "MAX_NER_CHARS", "Curated", "EnglishModel", "Entities", "Entity", "EntityExtractor",
           "Mention", "RussianModel", "fold_surnames", "is_first_name", "organization_key"]


def _tagged(doc: Document) -> list[Mention]:
    """Front-matter names as mentions, so they get the same ids and checks as the models' finds."""
    found = []
    for facet, names in doc.tags.items():
        for name in names:
            words = name.split()
            first, last = (words[0], words[-1]) if facet == PERSON.plural and len(words) > 1 else ("", name)
            found.append(Mention(BY_PLURAL[facet].mention_kind, name, name, first=first, last=last))
    return found




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
        reclassify(by_kind)
        organizations = {organization_name(m, doc.lang) for m in by_kind["organization"]}
        persons = find_persons(by_kind["person"], organizations, [m.normal for m in by_kind["location"]],
                               [organization_name(m, doc.lang) for m in by_kind["organization"]], text,
                               regions_named(by_kind["location"] + by_kind["person"], text))
        found = Entities(
            persons=persons,
            organizations=find_organizations(by_kind["organization"], text, doc.lang, persons),
            cities=find_cities(by_kind["location"], doc.lang, text,
                               frozenset(w for p in persons if " " in p.name for n in (p.name, *p.mentions)
                                         for w in n.split()),
                               tuple(by_kind["organization"])),
        )
        found.organizations += known_organizations(text, doc.lang, found.organizations)
        # A name that became one of the organisation list's once repaired ("A Plaid AM": Plaid) is no person.
        found.persons = [p for p in found.persons if listed_organization(p.name) is not False]
        for entry, texts in curated.items():
            facet = getattr(found, BY_KEY[entry.kind].plural)
            facet[:] = [e for e in facet if e.id != entry.id]
            facet.append(entry.entity(doc.lang, texts))
        return found


def fold_surnames(archive: list[Entities]) -> list[Entities]:
    """The documents' values as the archive counts them: a person named by the surname alone ("Трамп")
    is the archive's one full name of that surname (:func:`searchapp.facets.surname_folds`)."""
    by_id = {e.id: e for found in archive for e in found.persons}
    folds = surname_folds(by_id, {pid: (e.name, *e.mentions) for pid, e in by_id.items()})
    out = []
    for found in archive:
        persons: dict[str, Entity] = {}
        for person in found.persons:
            target = by_id[folds[person.id]] if person.id in folds else person
            known = persons.get(target.id)
            mentions = set(person.mentions) | set(known.mentions if known else ())
            persons[target.id] = Entity(target.id, target.name, tuple(sorted(mentions)), target.names)
        out.append(Entities(list(persons.values()), found.organizations, found.cities))
    return out
