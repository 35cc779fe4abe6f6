"""Query parsing: the user's text, within limits and repaired where needed, as a Whoosh query whose
words match all their forms; the terms a query highlights."""

from __future__ import annotations

import re
from collections.abc import Callable

from whoosh import query as Q
from whoosh.qparser import AndGroup, FieldAliasPlugin, MultifieldPlugin, PhrasePlugin, PlusMinusPlugin, QueryParser
from whoosh.qparser.syntax import attach

from .. import analysis, facets
from ..matching import term_text
from .results import FACETS, Notice
from .snippets import Highlight

SEARCH_FIELDS = ("title", "lead", "body")


NAMES_FIELD = "names"  # entity names as script-independent keys: cross-script search


def _term_groups(text: str) -> list[tuple[int, tuple[str, ...]]]:
    return [(token.position, token.terms) for token in analysis.analyze(text)]


def _group_query(fieldname: str, groups: list[tuple[int, tuple[str, ...]]], boost: float = 1.0,
                 slop: int = 1) -> Q.Query | None:
    """All forms of a word as alternatives; several words as a sequence, gaps for dropped stop words."""
    if not groups:
        return None
    parts = [Q.Or([Q.Term(fieldname, t) for t in terms]) if len(terms) > 1 else Q.Term(fieldname, terms[0])
             for _, terms in groups]
    if len(parts) == 1:
        parts[0].boost = boost
        return parts[0]
    gap = max(b[0] - a[0] for a, b in zip(groups, groups[1:]))
    return Q.Sequence(parts, slop=max(slop, gap), boost=boost)


class _LemmaPhrasePlugin(PhrasePlugin):
    """Quoted phrases, analysed with every form of each word at its position."""

    class LemmaPhraseNode(PhrasePlugin.PhraseNode):
        def query(self, parser):
            fieldname = self.fieldname or parser.fieldname
            if fieldname in FACETS:
                return attach(parser.facet_query(fieldname, self.text), self)
            if fieldname in analysis.LABEL_KINDS:
                return attach(Q.Term(fieldname, analysis.label_key(self.text)), self)
            if fieldname == NAMES_FIELD:
                return attach(Q.NullQuery, self)
            q = _group_query(fieldname, _term_groups(self.text), boost=self.boost, slop=self.slop)
            return attach(q if q is not None else Q.NullQuery, self)

    class LemmaPhraseTagger(PhrasePlugin.PhraseTagger):
        def create(self, parser, match):
            slop = int(match.group("slop")) if match.group("slop") else 1
            return _LemmaPhrasePlugin.LemmaPhraseNode(match.group("text"), match.start("text"), slop)

    def taggers(self, parser):
        return [(self.LemmaPhraseTagger(self.expr), 0)]


class _Parser(QueryParser):
    """Whoosh's parser, but a word's lemmas become alternatives at one position, not a conjunction,
    `person:`, `org:`, `city:` take names in either script, resolved to entity ids, and `tag:` and
    `category:` a label as the site writes it or its slug."""

    def __init__(self, schema, resolve: Callable[[str, str], list[str]], cities: Callable[[str], list[str]],
                 entities: Callable[[str], list[tuple[str, str]]]) -> None:
        super().__init__(None, schema, group=AndGroup)
        self.resolve = resolve
        self.cities = cities
        self.entities = entities

    def plain_query(self, text: str) -> Q.Query:
        """What :meth:`parse` makes of words without any syntax (see :data:`PLAIN`), built directly:
        Whoosh's parser spends most of a long question's time normalising and copying the tree. Each
        word stays one clause of its fields, each field one clause of the word's forms."""
        clauses = []
        # A whole name finds its entity's articles in either script, whatever each word's spelling there
        # ("Sergio Aguero", "Серхио Агуэро"): each word also matches the entity, as a city word does.
        named = self.entities(text)
        for word in text.split():
            fields = [q for f in (*SEARCH_FIELDS, NAMES_FIELD) if (q := self.term_query(f, word, Q.Term)) is not None]
            fields += [_as_word(Q.Term(facet, eid), word) for facet, eid in named]
            if fields:
                clauses.append(Q.Or(fields) if len(fields) > 1 else fields[0])
        if not clauses:
            return Q.NullQuery
        return clauses[0] if len(clauses) == 1 else Q.And(clauses)

    def facet_query(self, facet: str, text: str) -> Q.Query:
        return Q.Or([Q.Term(facet, eid) for eid in self.resolve(facet, text)])

    def term_query(self, fieldname, text, termclass, boost=1.0, tokenize=True, removestops=True):
        if fieldname in FACETS:
            return self.facet_query(fieldname, text)
        if fieldname in analysis.LABEL_KINDS:  # `tag:`, `category:`: the site's labels, as one term each
            return Q.Term(fieldname, analysis.label_key(text))
        if fieldname == NAMES_FIELD:
            return _as_word(_names_query(text, boost, self.cities), text) if termclass is Q.Term else None
        if termclass is Q.Term and text.startswith(analysis.EXACT):
            return _exact_query(fieldname, text, boost)
        if termclass is Q.Term and fieldname in SEARCH_FIELDS:
            return _as_word(_group_query(fieldname, _term_groups(text), boost=boost), text)
        if fieldname in SEARCH_FIELDS:
            # A wildcard or prefix is matched against the indexed forms as typed, folded: Whoosh would
            # lemmatise "правозащит*" into "правозащит* AND правозащита*" and find nothing.
            return _as_word(termclass(fieldname, analysis.fold(text), boost=boost), text)
        return super().term_query(fieldname, text, termclass, boost, tokenize, removestops)


def _exact_query(fieldname: str, text: str, boost: float) -> Q.Query | None:
    """`=word`: this form of the word only, in the text fields (not the name keys)."""
    word = text.lstrip(analysis.EXACT)
    if fieldname not in SEARCH_FIELDS or not word or not analysis.terms_for(word):
        return None
    return _as_word(Q.Term(fieldname, analysis.exact_term(word), boost=boost), text)


def _as_word(q: Q.Query | None, text: str) -> Q.Query | None:
    """Mark the terms of a query as what one typed word became (see :mod:`.ranking`). The leaves are
    marked: Whoosh's normalisation rebuilds the compound queries above them."""
    if q is not None:
        for leaf in (q, *q.leaves()):
            leaf.word = text
    return q


def _names_query(text: str, boost: float, cities: Callable[[str], list[str]]) -> Q.Query | None:
    """A name in either script: the script-independent keys of its word (or of every part of a
    hyphenated name: "Rostov-on-Don" finds "Ростове-на-Дону"; the names field keeps no positions), or
    the city it names."""
    parts = text.split("-")
    if not all(part.isalpha() for part in parts):
        return None
    keyed = [[Q.Term(NAMES_FIELD, k, boost=boost) for k in analysis.name_keys(part)] for part in parts]
    keyed = [alternatives for alternatives in keyed if alternatives]
    alternatives: list[Q.Query] = []
    if len(parts) == 1:
        alternatives += keyed[0] if keyed else []
    elif len(keyed) > 1:
        alternatives.append(Q.And([Q.Or(k) for k in keyed], boost=boost))
    alternatives += [Q.Term("city", city, boost=boost) for city in _city_of(text, cities)]
    return Q.Or(alternatives) if alternatives else None


def _city_of(word: str, cities: Callable[[str], list[str]]) -> list[str]:
    """The archive's cities a capitalised query word names in English or Russian (any inflection)."""
    if not word[:1].isupper() or len(word) < 3:
        return []
    # The word's terms, not analysis.lemmatize: terms come from the index's word table when it has them.
    forms = [word, *(analysis.plain(term).capitalize() for term in analysis.terms_for(word)[1:])]
    for form in dict.fromkeys(forms):
        if found := cities(form):
            return found
    return []


def _make_parser(schema, resolve: Callable[[str, str], list[str]], cities: Callable[[str], list[str]],
                 entities: Callable[[str], list[tuple[str, str]]]) -> _Parser:
    parser = _Parser(schema, resolve, cities, entities)
    parser.add_plugin(MultifieldPlugin([*SEARCH_FIELDS, NAMES_FIELD]))
    # + and - mark required and excluded words only where a word starts: the hyphen of "Санкт-Петербург"
    # and "Rostov-on-Don" joins the parts of one name.
    parser.add_plugin(PlusMinusPlugin(plusexpr=r"(?<![^\s(])\+", minusexpr=r"(?<![^\s(])-"))
    parser.add_plugin(FieldAliasPlugin({f.key: list(f.aliases) for f in facets.FACETS if f.aliases}))
    parser.remove_plugin_class(PhrasePlugin)
    parser.add_plugin(_LemmaPhrasePlugin())
    return parser


MAX_QUERY_CHARS = 1000


MAX_QUERY_WORDS = 32


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


_EXPENSIVE_WILDCARD = re.compile(r"(?<![^\s\"(:])[^\s\"():*?]{0,1}[*?]+")


def _limit(text: str) -> tuple[str, list[Notice]]:
    """The query text within the limits, and what was changed to get there."""
    notices = []
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(Notice.of("The query was too long: it was cut to {n} characters.", n=MAX_QUERY_CHARS))
    words = text.split()
    if len(words) > MAX_QUERY_WORDS:
        text = " ".join(words[:MAX_QUERY_WORDS])
        notices.append(Notice.of("The query was too long: only its first {n} words were searched.", n=MAX_QUERY_WORDS))
    if _EXPENSIVE_WILDCARD.search(text):
        text = _EXPENSIVE_WILDCARD.sub(lambda m: m.group().rstrip("*?"), text).strip()
        notices.append(Notice.of("A wildcard needs at least two letters before it; it was left out."))
    # A question mark that ends a word ends a question: it is no wildcard ("surrender?").
    text = _QUESTION_MARK.sub(r"\1", text)
    if text.count('"') % 2:
        text += '"'
        notices.append(Notice.of("A quotation mark was not closed; the phrase was read to the end of the query."))
    return text, notices


_QUESTION_MARK = re.compile(r"(?<=[^\W_])([»”’')\]\"]*)\?+(?=[\s)\"]|$)")


# Text with none of the query syntax: plain words, which `_Parser.plain_query` reads.
PLAIN = re.compile(r"[^\"():*?\[\]{}^~\\/!=+]*")
_OPERATOR_OR_SIGN = re.compile(r"(?:^|\s)[+-]|\b(?:AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


def is_plain(text: str) -> bool:
    return bool(PLAIN.fullmatch(text)) and not _OPERATOR_OR_SIGN.search(text)


_SPECIAL = re.compile(r"[\"():\[\]{}^~*?\\/!+]|(?<!\w)-|\b(AND|OR|NOT|ANDNOT|ANDMAYBE)\b")


def _highlight(q: Q.Query) -> Highlight:
    """The terms a parsed query looks for in the text fields and the name keys it looks for."""
    if q is Q.NullQuery or isinstance(q, Q.Every):
        return Highlight()
    terms = [(f, term_text(t)) for f, t in q.iter_all_terms()]
    return Highlight(frozenset(t for f, t in terms if f in SEARCH_FIELDS),
                     frozenset(t for f, t in terms if f == NAMES_FIELD))


def _has_errors(q: Q.Query) -> bool:
    """Whoosh marks what it could not parse with an ``error`` attribute instead of raising."""
    return any(getattr(node, "error", None) for node in (q, *q.leaves()))
