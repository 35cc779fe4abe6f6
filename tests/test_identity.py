"""One person, one value, in both languages (issue 15): keys, places, organisations and the values
that are no entity of their kind. The sentences are written for these tests."""

import pytest

from searchapp.entities.persons import first_initial
from searchapp.names import sound_key


@pytest.mark.parametrize("english, russian", [
    ("Johnson", "Джонсон"), ("Graham", "Грэм"),  # a silent "h" after a vowel
    ("Walton", "Уолтон"), ("Lawless", "Лоулесс"), ("Newman", "Ньюман"), ("Dwyer", "Дуайер"),  # w as "у"
    ("Merriweather", "Мерриуэзер"), ("Rutherford", "Резерфорд"), ("Smith", "Смит"),  # th as "з" or "т"
    ("Christie", "Кристи"), ("McIlroy", "Макилрой"), ("Marquardt", "Марквардт"), ("Gallagher", "Галлагер"),
])
def test_sound_keys_follow_the_press_transcription(english, russian):
    assert sound_key(english) == sound_key(russian)


def test_w_after_a_consonant_stays_a_v():
    assert sound_key("Swift") == sound_key("Свифт") and sound_key("Schwartz") == sound_key("Шварц")
    assert sound_key("Wright") == sound_key("Райт")


@pytest.mark.parametrize("english, russian", [
    ("John", "Джон"), ("Chris", "Крис"), ("Will", "Уилл"), ("Amy", "Эми"), ("Stephen", "Стивен")])
def test_first_names_meet_across_scripts(english, russian):
    assert first_initial(english) == first_initial(russian)


def test_different_first_names_with_one_initial_are_different_people():
    assert first_initial("John") != first_initial("Jolene")
    assert first_initial("V.") == first_initial("Vladimir")[0]
