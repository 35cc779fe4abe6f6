"""One index version, opened: its searcher, posting arrays, facet table, entity names and the query
parser bound to them. A build that changes the index makes a new snapshot, which the engine swaps in
whole; nothing of one version is ever mixed with another's."""

from __future__ import annotations

from pathlib import Path

from whoosh import query as Q

from .. import analysis, facets, lexicon, store, whoosh_internals
from ..matching import Arrays
from ..names import given_names_alike, has_cyrillic, name_key, person_ids, surname_key
from .counts import _FacetTable
from .folding import Folding
from .query import _SPECIAL, _has_errors, _limit, _make_parser, is_plain
from .results import Notice


class Snapshot:
    """Everything a query reads from one index version. Not thread-safe (Whoosh's searchers are not):
    the engine lets one thread use it at a time."""

    def __init__(self, index_dir: Path, generation: Path, ix) -> None:
        self.generation = generation
        self.version = (generation, ix.latest_generation())
        try:
            self.searcher = ix.searcher()
        except Exception as exc:  # damaged segment files
            raise store.IndexDamaged(f"the index in {index_dir} cannot be read ({exc}); "
                                     "rebuild it with `searchapp index --full`") from exc
        self.arrays = Arrays(self.searcher, generation=generation)
        # The process's analysis takes known words from the index version opened last (all versions of
        # one schema analyse alike; a table of another is not opened).
        self.words = lexicon.open_table(generation)
        analysis.use_known_words(self.words.get if self.words is not None else None)
        self.entity_names: dict[str, dict[str, str]] = store.entity_names(index_dir)
        self.table = _FacetTable(self.arrays, self.entity_names)
        self.folding = Folding(generation, self.arrays)
        self.aliases: dict[str, list[str]] = store.entity_aliases(index_dir)
        self._parser = _make_parser(ix.schema, self.resolve, self.cities_named, self.entities_named)
        self._resolved: dict[tuple[str, str], list[str]] = {}
        self.cache: dict[str, object] = {}  # what is derived once per version (completions)
        self.pins = 0  # exports reading this version: it stays open for them when a newer one is swapped in

    def close(self) -> None:
        if self.words is not None:
            analysis.stop_using_known_words(self.words.get)
        self.searcher.close()

    # Entity names ----------------------------------------------------------------------------

    def name(self, value: str, lang: str = "") -> str:
        """An entity's name for display, in `lang` where the index has one."""
        names = self.entity_names.get(value)
        if not names:
            return value
        return names.get(lang) or names.get("")

    def names(self, value: str) -> list[str]:
        """Every name an entity id goes by, in either language."""
        return sorted(set(self.entity_names.get(value, {}).values()))

    def resolve(self, facet: str, text: str) -> list[str]:
        """Entity ids a filter value stands for: an id as is, or a name in either script and spelling."""
        prefix = facets.BY_KEY[facet].id_prefix
        if text.startswith(prefix):
            return self.table.members(facet, text)
        # A search asks for each selected value three times (filter, facet counts, notices).
        key = (facet, text)
        if key not in self._resolved:
            self._resolved[key] = [m for eid in self._resolve_name(prefix, text) for m in self.table.members(facet, eid)]
        return self._resolved[key]

    def _resolve_name(self, prefix: str, text: str) -> list[str]:
        wanted = name_key(text)
        return self.named(text, prefix) or [f"{prefix}{wanted}"]

    def named(self, text: str, prefix: str = "") -> list[str]:
        """The entity ids (of one facet, by its id prefix) that a name stands for: those with a name of
        the same key ("Alexeyeva" is "Алексеева"), else those whose name starts or ends with it
        ("Gorelov" is "Andrei Gorelov")."""
        index = self._name_index()
        wanted = name_key(text)
        if not wanted:
            return []
        for found in (index["names"].get(wanted, ()), index["parts"].get(wanted, ())):
            ids = [eid for eid in found if eid.startswith(prefix)]
            if ids:
                return ids
        return []

    def mentioned(self, text: str) -> list[str]:
        """Every entity a query may name: by a name or a form its mentions take in the texts ("Иркутске",
        "Горелова"), and persons by the start or end of a name too. Organisations and cities are not
        taken by a part of their name: "суд" is no name of the Open Court Foundation."""
        index = self._name_index()
        wanted = name_key(text)
        persons = [eid for eid in index["parts"].get(wanted, ()) if eid.startswith(facets.PERSON.id_prefix)]
        return list(dict.fromkeys([*index["names"].get(wanted, ()), *index["forms"].get(wanted, ()), *persons]))

    def cities_named(self, word: str) -> list[str]:
        """The archive's cities a word names: by a city's name or a form its mentions take in the texts,
        in either script ("Петербурге"). The archive's own names, not the gazetteer: a city the archive
        does not have matches nothing anyway, and the gazetteer takes a second to load."""
        index = self._name_index()
        wanted = name_key(word)
        found = (*index["names"].get(wanted, ()), *index["forms"].get(wanted, ()))
        return list(dict.fromkeys(eid for eid in found if eid.startswith(facets.CITY.id_prefix)))

    def entities_named(self, text: str) -> list[tuple[str, str]]:
        """(facet, id) of the archive's entities a query of up to four words names as a whole: by one of
        their names in either script ("New York", "Нью-Йорк"), and a person by the id the name would
        have ("Pep Guardiola" is the Пеп Гвардиола of a Russian article), with the surnames alone that
        count as that person. Names of ordinary words only ("climate change", "may") name none."""
        words = text.split()
        if not 1 <= len(words) <= 4 or all(analysis.is_common_word(w) for w in words):
            return []
        person = facets.PERSON.key
        if len(words) == 1:
            # A surname alone is a person's by the surname's id ("Wu" and "Ву"), where its sound key is
            # too short for the names field; a one-word city is the city word's (see query._city_of).
            bare = f"{facets.PERSON.id_prefix}{surname_key(text)}" if text.isalpha() else ""
            return [(person, eid) for eid in self.table.members(person, bare)] if (
                bare and self.table.ordinal(person, bare) is not None) else []
        found = [(facets.facet_of(eid), eid) for eid in self._name_index()["names"].get(name_key(text), ())]
        ids = [eid for eid in person_ids(text) if self.table.ordinal(person, eid) is not None]
        # The surname's other full names whose given name the other script spells another way ("Hernan
        # Ferruchi", "Эрнан Ферручи"); in one script a given name is as typed (Mark Smith is no Mike Smith).
        cyrillic = has_cyrillic(text)
        ids += [eid for eid in self._persons_by_surname().get(surname_key(words[-1]), ()) if any(
            given_names_alike(words[0], name.split()[0]) for name in self.names(eid)
            if len(name.split()) > 1 and has_cyrillic(name) != cyrillic)]
        found += [(person, member) for eid in dict.fromkeys(ids) for member in self.table.members(person, eid)]
        return [(facet, eid) for facet, eid in dict.fromkeys(found) if facet]

    def _persons_by_surname(self) -> dict[str, list[str]]:
        """The archive's full-name person ids by their surname's key, made once per index version."""
        if "persons-by-surname" not in self.cache:
            by_surname: dict[str, list[str]] = {}
            prefix = facets.PERSON.id_prefix
            for eid in self.table.names(facets.PERSON.key):
                if eid.startswith(prefix) and "-" in eid:
                    by_surname.setdefault(eid[len(prefix):].split("-", 1)[0], []).append(eid)
            self.cache["persons-by-surname"] = by_surname
        return self.cache["persons-by-surname"]  # type: ignore[return-value]

    def _name_index(self) -> dict[str, dict[str, list[str]]]:
        """Entity ids by the key of each of their names ("names"), by the hyphen-bounded starts and ends
        of those keys ("parts"), and by the keys of their mentions' forms ("forms"). Made once per index
        version, so that resolving a name costs a lookup, not a pass over every entity."""
        if "name-index" not in self.cache:
            index: dict[str, dict[str, list[str]]] = {"names": {}, "parts": {}, "forms": {}}

            def add(kind: str, key: str, eid: str) -> None:
                ids = index[kind].setdefault(key, [])
                if eid not in ids:
                    ids.append(eid)

            for eid, names in self.entity_names.items():
                for key in {name_key(n) for n in names.values()}:
                    add("names", key, eid)
                    parts = key.split("-")
                    for i in range(1, len(parts)):
                        add("parts", "-".join(parts[:i]), eid)
                        add("parts", "-".join(parts[i:]), eid)
            for eid, forms in self.aliases.items():
                for key in {name_key(form) for form in forms}:
                    add("forms", key, eid)
            self.cache["name-index"] = index
        return self.cache["name-index"]  # type: ignore[return-value]

    # Queries ---------------------------------------------------------------------------------

    def parse(self, text: str) -> tuple[Q.Query, list[Notice]]:
        """The query for the user's text, and notices when it had to be repaired or limited.

        Limits keep every query cheap: at most MAX_QUERY_CHARS characters and MAX_QUERY_WORDS words,
        no control characters, and wildcards only after at least two letters ("de*", not "*der").
        """
        text, notices = _limit(text)
        if not text:
            return Q.Every(), notices
        if is_plain(text):
            return self._parser.plain_query(text), notices
        try:
            q = self._parser.parse(text)
        except Exception:  # whoosh raises assorted errors on odd input; it is repaired below
            q = None
        if q is not None and not _has_errors(q):
            return q, notices
        plain = _SPECIAL.sub(" ", text)
        q = self._parser.parse(plain) if plain.strip() else Q.NullQuery
        return q, [*notices, Notice.of("Some of the query's syntax was not understood; it was searched as plain words.")]

    def stored(self, docnum: int) -> dict:
        return self.searcher.stored_fields(docnum)


def open_snapshot(index_dir: Path, current: Snapshot | None, ix) -> tuple[Snapshot, object]:
    """The snapshot of the index as it is now: `current` if no build has changed it since, else a new one
    (with the index opened anew where a full build switched generations). Returns it and the index."""
    generation = store.current_generation(index_dir)
    if generation is None:
        raise store.IndexMissing(f"no index in {index_dir}: run `searchapp index` first")
    if current is None or generation != current.generation:
        whoosh_internals.check()
        ix = store.open_index(index_dir)
    if current is not None and current.version == (generation, ix.latest_generation()):
        return current, ix
    # A new searcher, not Searcher.refresh(): that reuses segment readers and with them stale deletions.
    return Snapshot(index_dir, generation, ix), ix

