import pytest

from searchapp import analysis
from searchapp.analysis import analyze, fold, terms_for


def shared_lemma(*forms: str) -> set[str]:
    sets = [set(terms_for(f)) for f in forms]
    return set.intersection(*sets)


@pytest.mark.parametrize("forms", [
    ("defender", "defenders"),
    ("repressions", "repression"),
    ("arrest", "arrested", "arrests"),
    ("detained", "detain", "detains"),
    ("правозащитники", "правозащитник", "правозащитниками", "правозащитников"),
    ("арестом", "ареста", "арест"),
    ("задержан", "задержали", "задержать"),
])
def test_inflected_forms_share_a_term(forms):
    assert shared_lemma(*forms), forms


def test_ambiguous_form_gets_every_reading():
    assert {"сталь", "стать"} <= set(terms_for("стали"))


def test_case_and_yo_folding():
    assert fold("Борщёв") == "борщев"
    assert terms_for("ЁЛКА")[0] == "елка"
    assert "борщев" in terms_for("Борщёв")


def test_stop_words_are_dropped_but_keep_positions():
    tokens = list(analyze("the rights of defenders и права"))
    assert [t.position for t in tokens] == [1, 3, 5]
    assert tokens[0].terms[:2] == ("rights", "right")


def test_offsets_point_into_the_text():
    text = "Kamynin’s arrest, «Мемориал»"
    tokens = list(analyze(text))
    assert [text[t.start:t.end] for t in tokens] == ["Kamynin’s", "arrest", "Мемориал"]
    assert tokens[0].terms[0] == "kamynin"


def test_surface_form_kept_for_proper_names():
    assert "paris" in terms_for("Paris")


def test_matching_words_finds_what_a_full_analysis_finds():
    text = ("Police arrested two activists; the arrests followed a court ruling. Суд в Кемерове арестовал "
            "Валерия Борщёва, суда не было. Ёлки и ели.")
    for query in ("arrest", "court", "суд", "борщев", "арестовать", "елка"):
        terms = set(analysis.terms_for(query))
        expected = [(t.start, t.end) for t in analysis.analyze(text) if terms.intersection(t.terms)]
        assert expected, query
        assert [(t.start, t.end) for t in analysis.matching_words(text, terms)] == expected, query
        # The same where a character before the words lower-cases to two ("İ"), so folded positions shift.
        shifted = "İstanbul: " + text
        assert [(t.start - 10, t.end - 10) for t in analysis.matching_words(shifted, terms)] == expected, query
    assert analysis.matching_words(text, set()) == []


def test_matching_words_are_whole_words_at_word_starts():
    text = "Unarrested? No: arrested at O’Brien’s; pre-arrest talks, _arrest_ and arrest2."
    spans = [text[t.start:t.end] for t in analysis.matching_words(text, set(analysis.terms_for("arrest")))]
    assert spans == ["arrested", "arrest", "arrest"]  # "pre-arrest" and "_arrest_" hold the word, "arrest2" not
    assert [text[t.start:t.end] for t in analysis.matching_words(text, set(analysis.terms_for("O'Brien")))] == ["O’Brien’s"]
    # A term that is also the end of a longer word marks the word once ("Brien" of "O'Brien").
    both = {*analysis.terms_for("O'Brien"), *analysis.terms_for("Brien")}
    assert [(t.start, t.end) for t in analysis.matching_words("Conan O'Brien said", both)] == [(6, 13)]


def test_names_in_the_other_script_are_found_for_highlighting():
    from searchapp.analysis import name_keys, name_matches

    def found(text, query):
        return [text[t.start:t.end] for t in name_matches(text, frozenset(name_keys(query)))]

    assert found("Суд арестовал Андрея Горелова. Горелов не согласен.", "Gorelov") == ["Горелова", "Горелов"]
    assert found("Lawyers met in Kemerovo on Monday.", "Кемерово") == ["Kemerovo"]
    # An ordinary word capitalised only because it starts a sentence is no name.
    assert found("Карту нашли. Потом Корт уехал.", "Court") == ["Корт"]
