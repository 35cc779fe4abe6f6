"""The editors' entities file (entities.toml): entries that override what the models find, and names to ignore."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .. import analysis
from ..facets import KEYS
from ..names import name_key
from .mentions import Entity, Mention, _clean, _fold_name
from .organizations import organization_key, organization_name


@dataclass(frozen=True)
class CuratedEntity:
    """An editor's entry in the entities file: one entity, its names in both languages and aliases."""

    kind: str  # "person", "organization" or "city"
    key: str
    en: str
    ru: str
    aliases: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return f"{'org' if self.kind == 'organization' else self.kind}:{self.key}"

    def entity(self, lang: str, mentions: set[str]) -> Entity:
        name = (self.ru if lang == "ru" else self.en) or self.en or self.ru
        return Entity(self.id, name, tuple(sorted(mentions)), (("en", self.en or name), ("ru", self.ru or name)))


class Curated:
    """The editable entities file (`corpus/entities.toml`): canonical names in both languages, aliases and
    the type of entities the models get wrong or cannot match across languages. See the README."""


    def __init__(self, entries: list[CuratedEntity], ignored: tuple[str, ...] = ()) -> None:
        self.entries = entries
        # Words the models take for names that are none ("СИЗО", a pre-trial detention centre).
        self.ignored = frozenset(_fold_name(name) for name in ignored)
        self._by_name: dict[str, CuratedEntity] = {}
        # Each name as a sequence of word forms, indexed by its first word's terms, to find it in a text
        # in any inflection ("Кузбасской правовой помощи" for "Кузбасская правовая помощь").
        self._sequences: dict[str, list[tuple[list[frozenset[str]], CuratedEntity]]] = defaultdict(list)
        for entry in entries:
            for name in (entry.en, entry.ru, *entry.aliases):
                if name:
                    self._by_name[_fold_name(name)] = entry
                    self._by_name.setdefault("key:" + name_key(name), entry)
                    words = [frozenset(t.terms) for t in analysis.analyze(name)]
                    for term in words[0] if words else ():
                        self._sequences[term].append((words, entry))

    def find(self, text: str) -> dict[CuratedEntity, set[str]]:
        """Capitalised occurrences of the listed names in a text, with the forms found."""
        found: dict[CuratedEntity, set[str]] = defaultdict(set)
        if not self.entries:
            return found
        tokens = list(analysis.analyze(text))
        for i, token in enumerate(tokens):
            if not text[token.start].isupper():
                continue
            for term in token.terms:
                for words, entry in self._sequences.get(term, ()):
                    span = tokens[i:i + len(words)]
                    if len(span) == len(words) and all(w & set(t.terms) for w, t in zip(words, span)):
                        found[entry].add(text[span[0].start:span[-1].end])
        return found

    @classmethod
    def load(cls, path: Path | None) -> Curated:
        """Read the file; a missing file is an empty list, a broken one an error that names the file."""
        if path is None or not path.is_file():
            return cls([])
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"cannot read the entities file {path}: {exc}") from None
        entries, ignored = [], []
        for item in data.get("ignore", []):
            names = item.get("names")
            if not isinstance(names, list) or not names:
                raise ValueError(f"{path}: an [[ignore]] entry needs a list of `names`")
            ignored += [str(name) for name in names]
        for kind in KEYS:
            for item in data.get(kind, []):
                en, ru = str(item.get("en", "")).strip(), str(item.get("ru", "")).strip()
                if not (en or ru):
                    raise ValueError(f"{path}: a [[{kind}]] entry needs an `en` or `ru` name")
                # Without an id, an organisation gets the key the models' finds get, so that a mention
                # the file's names do not cover still lands on the same value.
                default = organization_key(en or ru) if kind == "organization" else name_key(en or ru)
                key = str(item.get("id") or default)
                entries.append(CuratedEntity(kind, key, en, ru, tuple(str(a) for a in item.get("aliases", []))))
        return cls(entries, tuple(ignored))

    def ignores(self, m: Mention) -> bool:
        """True for a mention of a name the file says is no entity, as found or normalised."""
        return bool(self.ignored) and any(_fold_name(text) in self.ignored for text in (m.normal, _clean(m.text)))

    def match(self, m: Mention, lang: str) -> CuratedEntity | None:
        """The entry a mention names: by any name or alias, as found, normalised or inflected."""
        if not self.entries:
            return None
        candidates = [m.normal, _clean(m.text)]
        if m.kind == "organization":
            candidates.append(organization_name(m, lang))
        for text in candidates:
            entry = self._by_name.get(_fold_name(text))
            if entry:
                return entry
        return self._by_name.get("key:" + name_key(m.normal)) if len(m.normal) > 3 else None
