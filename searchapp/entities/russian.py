"""The Russian model (Natasha) and Russian names in the nominative."""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from ..analysis import morph
from ..lang import lines, words
from ..names import has_cyrillic
from .mentions import (
    Mention,
    _clean,
    _is_name_reading,
    _is_title,
    _restore_yo,
    is_first_name,
    model_text,
    strip_honorific,
)


def nominative(word: str) -> str:
    """A one-word Russian name in the nominative ("Обамы" -> "Обама"), preferring surname readings."""
    if not has_cyrillic(word):
        return word
    parses = morph().parse(word.lower())
    named = [p for p in parses if _is_name_reading(p, ("Surn", "Name"))]
    # A declinable reading explains a form better than an indeclinable name ("Марку": Марк, not Марку).
    singular = sorted((p for p in named if "sing" in p.tag), key=lambda p: "Fixd" in p.tag)
    # A foreign name pymorphy does not know is often read as a verb ("Сигала" -> сигать) and would be
    # "inflected" into a participle: only a noun reading may change the word, and foreign names ending
    # in a vowel other than "а"/"я" do not decline at all ("Найтли", "Коуми").
    nouns = [p for p in parses if p.tag.POS == "NOUN" and "sing" in p.tag and not re.search("[иуюоэы]$", word)]
    if not singular and (not nouns or "nomn" in nouns[0].tag):
        return word  # plural readings of a name ("Кими": the surname Кий) explain no single person
    best = (singular or nouns)[0]
    if "nomn" in best.tag:
        return word
    nominative = best.inflect({"nomn"})
    result = nominative.word if nominative else best.normal_form
    return _restore_yo(result.capitalize(), word)


def _nominative_surname(word: str, case: str | None, masculine: bool) -> str:
    """A one-word name in the nominative; a man's foreign surname the dictionary does not explain in the
    case the tagger read in context loses that case's ending ("настоянию Флейка" -> Флейк; "попыток
    Корбина" -> Корбин, not the woman's surname Корбина). One the tagger read as a nominative there
    and the dictionary does not know stays as it is: the guesser's genitive of "Коджа" is Кодж's."""
    if case == "nomn" and not morph().word_is_known(word.lower()):
        return word
    found = nominative(word)
    if found != word or not masculine or case in (None, "nomn") or morph().word_is_known(word.lower()):
        return found  # a word the dictionary knows is read by it ("Будда")
    explained = any(case in p.tag and "masc" in p.tag for p in morph().parse(word.lower()) if _is_name_reading(p))
    return word if explained else (_without_ending(word, case) or word)


_FULL_NAME_WORD = re.compile(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?")


_CASES = {"Nom": "nomn", "Gen": "gent", "Dat": "datv", "Acc": "accs", "Ins": "ablt", "Loc": "loct"}


def _nominative_full_name(found: str, normal: str, case: str, masculine: bool = False) -> str:
    """A Russian full name in the nominative. Natasha leaves some forms as found ("Марину Соловьёву",
    "Елена Васнецову"): here the case its tagger read in context picks the first name's reading, whose
    gender then picks each other word's ("Соловьёву" is also the dative of "Соловьёв"). Words of a man's
    foreign name that pymorphy does not know lose the hard masculine ending of the case ("Кими
    Райкконена" -> "Кими Райкконен", "Йенса Лемана" -> "Йенс Леман")."""
    words, normal_words = found.split(), normal.split()
    if case == "nomn" or len(words) != len(normal_words) or not all(_FULL_NAME_WORD.fullmatch(w) for w in words):
        return normal
    given = [p for p in morph().parse(words[0].lower()) if "Name" in p.tag and case in p.tag]
    if not (given or masculine):
        return normal
    gender = given[0].tag.gender if given else "masc"
    out = []
    for i, (word, normal_word) in enumerate(zip(words, normal_words)):
        parses = given if i == 0 and given else [
            p for p in morph().parse(word.lower())
            if p.tag.POS == "NOUN" and case in p.tag and (gender in p.tag or "ms-f" in str(p.tag))]
        named = [p for p in parses if _is_name_reading(p)]
        candidates = named or (parses if given else [])
        nominative = candidates[0].inflect({"nomn", "sing"}) if candidates else None
        if nominative:
            out.append(_restore_yo(nominative.word.capitalize(), word))
        elif gender == "masc" and not morph().word_is_known(word.lower()):
            out.append(_without_ending(word, case) or normal_word)
        else:
            out.append(normal_word)
    return " ".join(out)


def _is_patronymic(word: str) -> bool:
    """A patronymic the dictionary knows ("Николаевич"); a guessed one may be a surname ("Бозович")."""
    lower = word.lower()
    return bool(re.fullmatch(r"[А-ЯЁ][а-яё]+", word)) and morph().word_is_known(lower) and any(
        "Patr" in p.tag for p in morph().parse(lower))


_HARD_MASCULINE_ENDINGS = {"gent": "а", "accs": "а", "datv": "у", "ablt": "ом", "loct": "е"}


# A man's name in -а declines as a woman's does ("Хуаном Карлосом Варелой", "у Варелы"): the endings
# of the cases where they differ from a hard masculine name's.
_A_DECLENSION_ENDINGS = {"gent": "ы", "accs": "у", "ablt": "ой"}


def _without_ending(word: str, case: str) -> str:
    """The word without the hard masculine ending of `case` ("Райкконена" -> "Райкконен"), or with the
    -а of a man's name in -а back ("Варелой" -> "Варела"), or ""."""
    for ending, nominative in ((_HARD_MASCULINE_ENDINGS.get(case, ""), ""), (_A_DECLENSION_ENDINGS.get(case, ""), "а")):
        stem = word[:-len(ending)] if ending and word.endswith(ending) else ""
        if len(stem) >= 3 and re.search("[бвгдзклмнпрстфхцшщ]$", stem):
            return stem + nominative
    return ""


# Words for a country's or a city's institutions, which name an organisation with the place's name in
# the genitive after them ("правительство Израиля", "МИД Грузии", "сборная России").
_INSTITUTIONS = words("ru", "institutions")


def _institution(word: str) -> str:
    """The nominative of an institution word ("правительства" -> "правительство"), or ""."""
    if not re.fullmatch(r"[А-Яа-яЁё]+", word):
        return ""
    parses = [p for p in morph().parse(word.lower()) if p.normal_form in _INSTITUTIONS]
    for parse in sorted(parses, key=lambda p: "sing" not in p.tag):
        nominative = parse.inflect({"nomn"})
        text = nominative.word if nominative else parse.normal_form
        return text.upper() if word[:2].isupper() else text.capitalize() if word[0].isupper() else text
    return ""


# The institutions English names by a country's adjective in lower case ("the Spanish government").
_GOVERNING = frozenset({"правительство", "администрация", "парламент"})


_NATIONS = {word for line in lines("xx", "nationalities") for word in line}


def _names_a_country(adjective: str) -> bool:
    """A Russian adjective of a country («испанским», «сирийское»): of the nationalities list, or made
    from a place's name the dictionary knows («сирийский»: Сирия)."""
    normal = morph().parse(adjective.lower())[0].normal_form
    if normal in _NATIONS:
        return True
    stem = re.sub(r"(?:ий|ск)?(?:ий|ый)$", "", normal)
    for country in [stem + end for end in ("ия", "а", "")] + ([stem[:-2] + "ия"] if stem.endswith("ий") else []):
        parse = morph().parse(country)[0]
        if morph().word_is_known(country) and "Geox" in parse.tag and parse.normal_form == country:
            return True
    return False


def _genitive(token) -> bool:
    return token is not None and token.feats is not None and token.feats.get("Case") == "Gen"


_ORGANIZATION_KINDS = words("ru", "organization_kinds")


@lru_cache(maxsize=20_000)
def _kind_of_organization(word: str) -> bool:
    """A plural word for a kind of organisation, in a form that is plural alone: «партии», «компании»
    are also a singular's genitive ("лидер партии Алексей Навальный"). Asked of every word before a
    name in the list walk, so kept per word."""
    readings = [p for p in morph().parse(word.lower()) if p.normal_form in _ORGANIZATION_KINDS]
    return bool(readings) and all(p.tag.number == "plur" for p in readings)


def _listed_after_kind(start: int, tokens: list) -> bool:
    """Whether the name at token `start`, in the nominative, is in a list right after a plural word for
    a kind of organisation, or after «такие как» following one («в магазинах Бутс, Супердраг и
    Дебенхэмс», «магазинами, такими как Алди и Лидл»): each is an organisation, whatever the model
    calls it. An inflected name after one is its owner's («компании Трампа»), and a comma right after
    the word parts the name from it («По данным банков, Герман Греф»)."""
    limit = max(0, start - 15)
    i = start - 1
    while i >= limit and not _kind_of_organization(tokens[i].text) and (
            tokens[i].text in (",", "и") or tokens[i].text[:1].isupper()):
        i -= 1
    if i < limit or tokens[i + 1].text in (",", "и"):
        return False
    if i >= 1 and tokens[i].text == "как" and morph().parse(tokens[i - 1].text.lower())[0].normal_form == "такой":
        i -= 2 + (i >= 2 and tokens[i - 2].text == ",")
    return i >= 0 and _kind_of_organization(tokens[i].text)


def _with_given_name(span, text: str, tokens_by_stop: dict):
    """A surname's span with the given name right before it that Natasha left out because it is also
    a word ("Том Браун": том, a volume; Вера, Лев, Роза): a capitalised word right before it that the
    dictionary reads as a given name in the case the tagger gives the surname; first in a sentence,
    where any word is capitalised, in the nominative only."""
    from natasha.doc import DocSpan

    if span.type != "PER" or len(span.tokens or []) != 1 or text[span.start - 1:span.start] != " ":
        return span
    before = tokens_by_stop.get(span.start - 1)
    if before is None or not before.text[:1].isupper() or not before.text[1:].islower():
        return span
    wanted = _CASES.get((span.tokens[0].feats or {}).get("Case", ""))
    if not text[:before.start].strip() or text[:before.start].rstrip()[-1] in ".!?…":
        wanted = "nomn" if wanted == "nomn" else None  # first in a sentence: "Тома Толстого вышли" are volumes
    if not wanted or not any("Name" in p.tag and p.tag.case == wanted for p in morph().parse(before.text.lower())):
        return span
    return DocSpan(before.start, span.stop, span.type, text[before.start:span.stop], [before, *span.tokens])


def _split_by_case(span, text: str, vocab) -> list:
    """A person's span of two names side by side, which Natasha sometimes takes for one: the words of
    one name agree in case, so a last word that cannot be in the case of the word before it is a second
    name ("игрока Гленна Миддлтона Халкеттом": Гленна Миддлтона, Халкеттом)."""
    from natasha.doc import DocSpan

    tokens = span.tokens or []
    if span.type != "PER" or len(tokens) < 3:
        return [span]
    span.normalize(vocab)
    normal = (span.normal or "").split()
    if len(normal) != len(tokens) or normal[-2] == tokens[-2].text:
        return [span]  # only a word the normal form changes shows its case ("Хабибуллаевич Саипов" stays)
    before, last = ({p.tag.case for p in morph().parse(t.text.lower()) if p.tag.POS == "NOUN"} for t in tokens[-2:])
    if not before or not last or before & last:
        return [span]  # the tagger's own cases are unsure of foreign names: any reading that agrees counts
    first, second = tokens[:-1], tokens[-1:]
    return [DocSpan(part[0].start, part[-1].stop, span.type, text[part[0].start:part[-1].stop], part)
            for part in (first, second)]


class RussianModel:
    """Natasha (slovnet) named-entity recognition with its morphology-based normalisation."""

    LABELS = {"PER": "person", "ORG": "organization", "LOC": "location"}

    def __init__(self) -> None:
        from natasha import MorphVocab, NamesExtractor, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        self.segmenter = Segmenter()
        self.morph_tagger = NewsMorphTagger(embedding)
        self.ner_tagger = NewsNERTagger(embedding)
        self.vocab = MorphVocab()
        self.names = NamesExtractor(self.vocab)

    def mentions(self, text: str) -> list[Mention]:
        from natasha import Doc

        doc = Doc(model_text(text))
        doc.segment(self.segmenter)
        doc.tag_morph(self.morph_tagger)
        doc.tag_ner(self.ner_tagger)
        found = []
        tokens_by_stop = {token.stop: token for token in doc.tokens}
        token_index = {token.start: i for i, token in enumerate(doc.tokens)}
        for span in (part for whole in doc.spans
                     for part in _split_by_case(_with_given_name(whole, doc.text, tokens_by_stop), doc.text, self.vocab)):
            kind = self.LABELS[span.type]
            if "\n" in span.text.strip():
                continue  # a span across a line break ("при Ким" + "С...") is no name, as in English
            if span.normal is None:  # :func:`_split_by_case` has normalised a long person's span
                span.normalize(self.vocab)
            normal = _clean(_restore_yo(span.normal or span.text, span.text), english=False)
            mention = Mention(kind, " ".join(span.text.split()), normal, end=span.stop,
                              case=(span.tokens[-1].feats or {}).get("Case", "") if span.tokens else "")
            tokens = span.tokens
            if kind == "person" and "(" in mention.text:
                # A bracket after a name is no part of it ("Джеффа Флейка (R-Arizona)").
                tokens = list(itertools.takewhile(lambda token: token.text != "(", span.tokens))
                mention.text = " ".join(mention.text.split("(")[0].split())
                mention.normal = normal = " ".join(normal.split("(")[0].split())
                if not tokens or not normal:
                    continue
                mention.end = tokens[-1].stop
            if kind in ("person", "location") and normal == mention.text and _listed_after_kind(
                    token_index.get(span.start, 0), doc.tokens):
                kind = mention.kind = "organization"
            if kind == "person":
                mention.titled = bool(normal) and _is_title(normal.split()[0])
                mention.normal = normal = strip_honorific(normal)
                words = normal.split()
                if len(words) == 1:
                    feats = tokens[-1].feats or {}
                    mention.normal = normal = _nominative_surname(normal, _CASES.get(feats.get("Case", "")),
                                                                  feats.get("Gender") == "Masc")
                    if is_first_name(normal) and not mention.titled:
                        mention.first = normal
                    else:
                        mention.last = normal
                elif words:
                    first_feats, last_feats = tokens[0].feats or {}, tokens[-1].feats or {}
                    case = _CASES.get(first_feats.get("Case", ""))
                    if case:
                        mention.normal = normal = _nominative_full_name(
                            mention.text, normal, case, masculine=last_feats.get("Gender") == "Masc")
                        words = normal.split()
                    if len(words) == 2 and _is_patronymic(words[1]):
                        # "Борис Николаевич", "Наина Иосифовна": how Russian names someone known without
                        # a surname; only a full name with that first name in the text says who.
                        mention.normal, mention.first = words[0], words[0]
                        found.append(mention)
                        continue
                    span.extract_fact(self.names)
                    parts = span.fact.as_dict if span.fact else {}
                    first = parts.get("first") or ""
                    if first not in words[:-1]:
                        # Natasha reads an unfamiliar first name's surname as both, and its fact keeps
                        # a form the normalisation above has changed ("Марину").
                        first = words[0]
                    mention.first = _restore_yo(first, span.text).capitalize()
                    mention.last = words[-1]
            found.append(mention)
        return found + self._of_places(doc, found) + self._of_country_adjectives(doc)

    @staticmethod
    def _of_country_adjectives(doc) -> list[Mention]:
        """A country's government named by the country's adjective («испанское правительство»), which
        Natasha leaves out, as English does not ("the Spanish government", "Spain's government");
        named in the nominative, the adjective agreeing («испанским правительством»: «Испанское
        правительство»)."""
        extra = []
        for token, after in zip(doc.tokens, doc.tokens[1:]):
            head = _institution(after.text) if token.pos == "ADJ" and token.text[1:].islower() else ""
            if head.lower() not in _GOVERNING or not _names_a_country(token.text) or doc.text[token.stop:after.start].strip():
                continue
            adjective = morph().parse(token.text.lower())[0]
            agreeing = adjective.inflect({"nomn", "sing", morph().parse(head.lower())[0].tag.gender})
            # Capitalised as a name, which lower case is not to the organisation rules.
            name = f"{(agreeing.word if agreeing else adjective.normal_form).capitalize()} {head.lower()}"
            extra.append(Mention("organization", f"{token.text} {after.text}", name, end=after.stop))
        return extra

    @staticmethod
    def _of_places(doc, found: list[Mention]) -> list[Mention]:
        """Organisations named after the place they belong to, a genitive right after the name:
        a model's span that stopped before it ("Министерство внутренних дел" + "Пакистана") is
        extended, and a government word before it ("правительства Израиля", "сборная России") is an
        organisation of that place. The place stays a location too."""
        places = {span.start: span for span in doc.spans if span.type == "LOC"}
        tokens = {token.start: token for token in doc.tokens}
        extra = []
        for i, mention in enumerate(found):
            if mention.kind != "organization":
                continue
            gap = re.match(r"[ \t]+", doc.text[mention.end:])
            place = places.get(mention.end + (gap.end() if gap else 0))
            if gap and place is not None and _genitive(tokens.get(place.start)):
                tail = " " + " ".join(place.text.split())
                found[i] = Mention("organization", mention.text + tail, mention.normal + tail, end=place.stop)
        for token, after in zip(doc.tokens, doc.tokens[1:]):
            place = places.get(after.start)
            if place is None or not _genitive(after) or doc.text[token.stop:after.start].strip():
                continue
            head = _institution(token.text)
            if head:
                text = doc.text[token.start:place.stop]
                extra.append(Mention("organization", " ".join(text.split()), f"{head} {' '.join(place.text.split())}",
                                     end=place.stop))
        return extra
