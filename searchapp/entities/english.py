"""The English model (spaCy) and the English rules applied to its spans."""

from __future__ import annotations

import re
import warnings

from ..analysis import STOP_WORDS
from ..config import DEFAULT_SPACY_MODEL
from ..gazetteer import gazetteer
from ..lang import lines, words
from .mentions import (
    Mention,
    _clean,
    _is_dictionary_word,
    _is_known_surname,
    is_first_name,
    model_text,
    strip_honorific,
)
from .organizations import listed_organization

_FULL_NAME = re.compile(r"\b([A-Z][a-z]+)\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\b")


def _transliterated_names(text: str, found: list[Mention]) -> list[Mention]:
    """Russian names in English text the English model misses: a Russian given name, then a word
    that is no dictionary word ("Marina Solovyova"), where no model span already says what it is."""
    taken = {m.text.strip() for m in found if m.kind != "organization"}
    extra = []
    for match in _FULL_NAME.finditer(text):
        first, last = match.groups()
        if match.group() in taken or _is_dictionary_word(last) or not is_first_name(first) or (
                first.lower() in STOP_WORDS):  # "My Olympic gold medal": "My" is a given name too
            continue
        extra.append(Mention("person", match.group(), match.group(), first=first, last=last, end=match.end()))
    return extra


_EVENTS = words("en", "events")


def is_event(name: str) -> bool:
    """"First Opium War", "Treaty of Nanking": an event or an award is not an organisation."""
    words = name.lower().split()
    # A plural names the same kind of event ("Academy Awards", "Commonwealth Games").
    return bool(words) and (words[-1] in _EVENTS or re.sub(r"s$", "", words[-1]) in _EVENTS or (
        len(words) > 2 and words[0] in _EVENTS and words[1] == "of"))


_ORGANIZATION_KINDS = words("en", "organization_kinds")


def _kind_of_organization(word: str) -> bool:
    """A word for a kind of organisation, singular or plural ("company", "companies", "brands")."""
    return re.sub(r"s$", "", re.sub(r"ies$", "y", word.lower())) in _ORGANIZATION_KINDS
_KINDS_OF_WORK = words("en", "kinds_of_work")


# A country's governing bodies as English names them by the country, in lower case.
_GOVERNING = frozenset({"government", "administration", "parliament"})


_NATIONS = {word: line[0] for line in lines("xx", "nationalities") for word in line}


def _country(name: str) -> str:
    """The country a name or an adjective names ("China", "Chinese", "Bolivian": Bolivia), or ""."""
    if gazetteer().is_country_or_region(name) or listed_organization(name):
        return name  # "U.S.": a qualifier of the organisation list
    if name.lower() in _NATIONS:
        return _NATIONS[name.lower()].title()
    stem = re.sub(r"(?:ian|an|ese|ish)$", "", name)
    return next((stem + end for end in ("ia", "a", "") if stem != name and gazetteer().is_country_or_region(stem + end)), "")


_PLACE_CUES = frozenset({"in", "near", "outside", "across", "throughout", "into"})


# Words before a name and ", where" that make it a place's ("at Valderrama, where", "like Tornillo, where").
_WHERE_CUES = frozenset({"at", "like", "to", "from"})


_SPEECH_VERBS = words("en", "speech_verbs")


_ARTICLES = frozenset({"the", "a", "an"})


# Words after a name that make it a place's: a county's ("Lee County") is no person's.
_DIVISIONS = frozenset({"county", "counties", "parish", "borough"})


# Surnames that are months, which the model reads as a date after a given name ("Theresa May").
_MONTHS = frozenset({"january", "february", "march", "april", "may", "june", "july", "august", "september",
                     "october", "november", "december"})


_GENDERED_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "hers", "himself", "herself"})


def _listed_after_kind(doc, ent) -> bool:
    """A name in a list after a plural word for a kind of organisation, directly or after "such as",
    "like" or "including" ("brands such as Revlon, Essie and Tweezerman", "the discounters Aldi and
    Lidl"): each is an organisation, whatever the model calls it. A singular one proves nothing ("the
    party Corbyn leads"), nor one a comma parts from the list ("all the parties, Jeremy Corbyn said")."""
    limit = max(0, ent.start - 15)
    i = ent.start - 1
    while i >= limit and (doc[i].text in (",", "and", "&") or doc[i].is_title or doc[i].is_upper):
        i -= 1
    if i < limit or i + 1 < len(doc) and doc[i + 1].text in (",", "and", "&"):
        return False
    if i >= 1 and doc[i].lower_ == "as" and doc[i - 1].lower_ == "such":
        i -= 2
    elif doc[i].lower_ in ("like", "including"):
        i -= 1
    if i < 0:
        return False
    word = doc[i].lower_
    return word.endswith("s") and _kind_of_organization(word)


def _titled_work(doc, ent) -> bool:
    """A one-word "person" right after a noun for a kind of work is its title ("his new album Yandhi",
    "the film Paddington"); a longer name there may be a person's ("In the film Tom Hanks plays"), and
    a verb of the same spelling proves nothing ("will play Federer", "polls show Biden")."""
    before = doc[ent.start - 1] if ent.start else None
    return len(ent) == 1 and before is not None and before.lower_ in _KINDS_OF_WORK and before.tag_ in ("NN", "NNS")


def _town_of_region(doc, ent) -> bool:
    """A one-word name after "of", "in" or "from" and before a comma and a country's or region's name
    that ends its clause: a town ("Palin, 29, of Wasilla, Alaska, was arrested"), not a list of names
    ("talks between Putin, Ukraine and the EU")."""
    i = ent.end + 1
    if len(ent) != 1 or ent.start == 0 or doc[ent.start - 1].lower_ not in ("of", "in", "from") or (
            ent.end >= len(doc) or doc[ent.end].text != ","):
        return False
    return any(end <= len(doc) and gazetteer().is_country_or_region(doc[i:end].text)
               and (end == len(doc) or doc[end].is_punct) for end in (i + 1, i + 2))


class EnglishModel:
    """spaCy named-entity recognition, loaded without the components it does not need."""

    # A "facility" is often a town the model does not know ("Chapel Hill"): as a location it counts only
    # where GeoNames knows it as a city.
    LABELS = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location", "FAC": "location"}

    def __init__(self, package: str = DEFAULT_SPACY_MODEL) -> None:
        import spacy

        # en_core_web_md 3.7.1 is the largest English model the package index offers here; spaCy 3.8 loads
        # and runs 3.7 models but warns that they were trained with an older version (the figures in the
        # README are measured with this pair).
        warnings.filterwarnings("ignore", message=r"\[W095\]")
        # The tagger's parts of speech tell a name's use ("the Essen police") where the model's
        # labels are unsure; it costs about 15 % of NER throughput, the parser (not needed) another 25 %.
        self.nlp = spacy.load(package, exclude=["parser", "lemmatizer", "senter"])

    def mentions(self, text: str) -> list[Mention]:
        found = []
        doc = self.nlp(model_text(text))
        for ent in doc.ents:
            kind = self.LABELS.get(ent.label_)
            if kind is None or "\n" in ent.text.strip() or (
                    ent.label_ == "FAC" and len(ent) == 1 and _is_dictionary_word(ent.text)):
                continue  # a one-word "facility" such as "the Metro" is no town
            if kind == "person" and self._used_as_place(doc, ent):
                kind = "location"
            elif kind == "person" and _listed_after_kind(doc, ent):
                kind = "organization"
            elif kind == "location" and self._acts_as_person(doc, ent):
                kind = "person"
            if (kind == "organization" and self.era_or_unit(doc, ent)) or (
                    (kind == "organization" or kind == "person" and len(ent) == 1) and is_event(_clean(ent.text))) or (
                    kind == "person" and _titled_work(doc, ent)):
                continue  # "Brexit", "Olympic" (not Sarah Battle); "his new album Yandhi" is a title
            if kind == "organization" and (self._referred_to_as_person(doc, ent) or (
                    len(ent) == 1 and _is_known_surname(ent.text))):
                kind = "person"
            parts = self.listed(ent.text) if kind == "organization" else []
            if parts:
                found += [Mention(kind, part, _clean(part), end=ent.end_char) for part in parts]
                continue
            if kind == "person":
                ent = self._with_month_surname(doc, self._with_first_name(doc, ent))
            name = strip_honorific(_clean(ent.text)) if kind == "person" else _clean(ent.text)
            words = name.split()
            mention = Mention(kind, " ".join(ent.text.split()), name, end=ent.end_char,
                              titled=len(words) == 1 and _clean(ent.text) != name)
            if kind == "person" and words:
                mention.last = words[-1]
                mention.first = words[0] if len(words) > 1 else ""
            found.append(mention)
        return found + self._named_after_kind(doc) + self._governments(doc)

    @staticmethod
    def _governments(doc) -> list[Mention]:
        """A country's government named by the country ("China's government", "the Bolivian
        administration"), which the model leaves out and Natasha finds in Russian ("правительство
        Китая"): an organisation named as "government of China", the key both languages give."""
        found = []
        for ent in doc.ents:
            i = ent.end + (ent.end < len(doc) and doc[ent.end].lower_ in ("'s", "’s"))
            if ent.label_ not in ("GPE", "NORP") or i >= len(doc) or doc[i].text not in _GOVERNING or (
                    i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN")):
                continue  # "U.S. government technology contests": a modifier names no body
            country = _country(ent.text)
            if country:
                found.append(Mention("organization", doc[ent.start:i + 1].text, f"{doc[i].text} of {country}",
                                     end=doc[i].idx + len(doc[i])))
        return found

    @staticmethod
    def _named_after_kind(doc) -> list[Mention]:
        """Names right after a word for a kind of organisation are organisations of that kind, which the
        model misses in lists ("the human rights organizations Public Verdict and Memorial", "the
        newspaper Novaya Gazeta"). A name the model gave another type keeps it."""
        found = []
        for token in doc[:-1]:
            if not _kind_of_organization(token.lower_):
                continue
            i = token.i + 1
            while i < len(doc):
                words = []
                while i < len(doc) and (doc[i].is_title or (doc[i].is_upper and len(doc[i]) > 1)) and doc[i].is_alpha:
                    words.append(doc[i])
                    i += 1
                if not words or any(w.ent_type_ not in ("", "ORG") for w in words) or words[0].lower_ in STOP_WORDS:
                    break
                span = doc[words[0].i:words[-1].i + 1]
                found.append(Mention("organization", span.text, span.text, end=span.end_char))
                after_list_separator = i
                while after_list_separator < len(doc) and doc[after_list_separator].lower_ in (",", "and"):
                    after_list_separator += 1
                if after_list_separator == i:
                    break
                i = after_list_separator
        return found

    @staticmethod
    def era_or_unit(doc, ent) -> bool:
        """An abbreviation right after a number is an era or a unit ("500 BC", "20 MW"), not a body."""
        return len(ent) == 1 and ent.text.isupper() and ent.start > 0 and doc[ent.start - 1].like_num

    @staticmethod
    def listed(text: str) -> list[str]:
        """The names of a list the model took for one ("Tesla, Uber and Snapchat"), or []."""
        if "," not in text:
            return []
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text)]
        return parts if len(parts) > 1 and all(p[:1].isupper() for p in parts) else []

    @staticmethod
    def _used_as_place(doc, ent) -> bool:
        """A "person" span in a place's slot: after "in"/"near" ("in Monte Carlo") or an article ("the
        Danube", "the Greeks") or between "at" or "like" and ", where", where names of people do not stand. An attributive use ("the Obama
        administration", "in Trump's view") proves nothing and is left to the person rules."""
        after = doc[ent.end] if ent.end < len(doc) else None
        if after is not None and after.lower_ in _DIVISIONS:
            return True  # "Lee County", "Pinellas and Lee counties"
        if _town_of_region(doc, ent):
            return True
        if ent.start == 0 or is_first_name(ent[0].text):
            return False
        if (after is not None and after.text == "," and ent.end + 1 < len(doc) and doc[ent.end + 1].lower_ == "where"
                and doc[ent.start - 1].lower_ in _WHERE_CUES):
            return True  # "at Valderrama, where we lost", "like Tornillo, where"; not "asked Pelosi, where"
        before = doc[ent.start - 1].lower_
        attributive = after is not None and (after.lower_ in ("'s", "’s") or after.pos_ == "NOUN")
        if before in _PLACE_CUES or (before in _ARTICLES and not attributive):
            return True
        # "the Essen police", "her Abbotsford school": a determiner and a noun around a city's name.
        city = gazetteer().lookup(ent.text, main_names_only=True)
        return bool(attributive and doc[ent.start - 1].pos_ in ("DET", "PRON") and city and city.population >= 100_000)

    @staticmethod
    def _acts_as_person(doc, ent) -> bool:
        """A one-word "place" the model is unsure of, used as people are: the subject of a
        finite verb ("Tarlo explains", "Campbell went"), the one who speaks ("says Tarlo") or an owner
        ("Knightley's popularity"). Known places, dictionary words, acronyms and words after an
        article or a place preposition ("the Nile does") are not. Organisations are left alone:
        companies speak and act in news as people do ("Yukos said", "Microsoft announced")."""
        word = ent.text
        if len(ent) != 1 or not (word.isalpha() and word.istitle()) or _is_dictionary_word(word):
            return False
        before = doc[ent.start - 1] if ent.start else None
        if before is not None and (before.lower_ in _PLACE_CUES or before.lower_ in _ARTICLES or before.pos_ == "DET"):
            return False
        if before is not None and before.lower_ in _SPEECH_VERBS:
            return True
        if gazetteer().is_country_or_region(word) or gazetteer().lookup(word, main_names_only=True):
            return False
        after = list(doc[ent.end:ent.end + 3])
        if after and after[0].tag_ == "RB":
            after = after[1:]
        if not after:
            return False
        if after[0].tag_ in ("VBD", "VBZ"):
            return True
        return after[0].lower_ in ("'s", "’s") and len(after) > 1 and after[1].pos_ in ("NOUN", "ADJ")

    @staticmethod
    def _referred_to_as_person(doc, ent) -> bool:
        """A one- or two-word "organisation" of names only that a gendered pronoun takes up later in its
        sentence or at the start of the next, before any other name ("Hitchcock's output in the last
        decades of his life", "Rachida Dati ... she", "Campbell went around to churches. He could"):
        organisations are "it", never "he" or "she". Many surnames are also small towns' names: only a
        large city's name stays a place."""
        words = [t for t in ent if not t.is_punct]
        if not 1 <= len(words) <= 2 or any(not t.text[:1].isupper() or t.text.isupper() or t.lower_ in STOP_WORDS
                                           or _is_dictionary_word(t.text) for t in words):
            return False
        if ent.start > 0 and doc[ent.start - 1].pos_ in ("DET", "PRON"):
            return False  # "the Beatles", "his Humblebums song": people take no article or owner
        city = gazetteer().lookup(ent.text, main_names_only=True)
        if gazetteer().is_country_or_region(ent.text) or (city and city.population >= 100_000):
            return False
        for token in doc[ent.end:ent.end + 40]:
            if token.text in (".", "!", "?", ";"):
                after = doc[token.i + 1] if token.i + 1 < len(doc) else None
                return after is not None and after.lower_ in ("he", "she")
            if token.lower_ in ("it", "its") or (token.ent_type_ in ("PERSON", "ORG") and token.ent_iob_ == "B"):
                return False
            if token.lower_ in _GENDERED_PRONOUNS:
                return True
        return False

    @staticmethod
    def _with_month_surname(doc, ent):
        """A given name the model stopped before a surname that is a month's name, which it took for
        a date ("Theresa [May]", "Brian June"); not before a day's number ("Theresa, May 5")."""
        after = doc[ent.end] if ent.end < len(doc) else None
        if (len(ent) != 1 or after is None or after.lower_ not in _MONTHS or not after.is_title
                or not is_first_name(ent.text, english=True) or (ent.end + 1 < len(doc) and doc[ent.end + 1].like_num)):
            return ent
        return doc[ent.start:ent.end + 1]

    @staticmethod
    def _with_first_name(doc, ent):
        """The model often leaves an unfamiliar first name out ("Valery [Borshchev]")."""
        start = ent.start
        while start > 0 and start > ent.start - 2:
            word = doc[start - 1]
            if not (word.is_alpha and word.is_title) or word.lower_ in STOP_WORDS or _is_dictionary_word(word.text):
                break
            if doc[start - 1].ent_type_ and doc[start - 1].ent_type_ != "PERSON":
                break
            start -= 1
        return doc[start:ent.end] if start != ent.start else ent
