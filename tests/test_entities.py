import pytest
from conftest import SEED, needs_shared

from searchapp.corpus import Document, read_document
from searchapp.entities import EntityExtractor, organization_key
from searchapp.names import name_key, transliterate


@pytest.fixture(scope="module")
def extractor():
    return EntityExtractor()


def names(values):
    return {v.name for v in values}


@needs_shared(SEED)
def test_seed_entities(extractor):
    entities = extractor.extract(read_document(SEED, SEED.parent))
    assert names(entities.persons) == {"Valery Borshchev", "Dmitry Kamynin", "Vladimir Taranenko", "Yevgeny Khasoev"}
    assert {"Moscow Helsinki Group", "Siberian Justice", "Public Verdict"} <= names(entities.organizations)
    assert names(entities.cities) == {"Kemerovo", "Irkutsk"}
    # The translator's line is not part of the article, and "Memorial" is no person.
    assert "Graham Jones" not in names(entities.persons) and "Memorial" not in names(entities.persons)


def test_russian_names_in_the_nominative_and_folded(extractor):
    doc = Document(id="x.txt", title="Заявление", lang="ru", body=(
        "Адвокаты Валерия Борщёва сообщили, что его задержали в Кемерове. "
        "По словам Борщёва, сотрудники Московской Хельсинкской группы также находятся в Иркутске. "
        "Россия и Кемеровская область не города."))
    entities = extractor.extract(doc)
    assert names(entities.persons) == {"Валерий Борщёв"}
    assert "Московская Хельсинкская группа" in names(entities.organizations)
    assert names(entities.cities) == {"Кемерово", "Иркутск"}


def test_surname_mentions_fold_into_the_full_name(extractor):
    doc = Document(id="y.txt", title="Statement", lang="en", body=(
        "Valery Borshchev, co-chair of the Moscow Helsinki Group, spoke in Kemerovo on Monday. "
        "Borshchev said the case against the lawyers in Irkutsk was rigged. Russia denied it."))
    entities = extractor.extract(doc)
    assert [(p.name, sorted(p.mentions)) for p in entities.persons] == [
        ("Valery Borshchev", ["Borshchev", "Valery Borshchev"])]
    assert "Russia" not in names(entities.cities)


def test_ids_are_language_independent(extractor):
    en = Document(id="en.txt", title="Statement", lang="en",
                  body="Valery Borshchev was in Kemerovo. Borshchev spoke to reporters.")
    ru = Document(id="ru.txt", title="Заявление", lang="ru",
                  body="Валерий Борщёв был в Кемерово. Борщёв поговорил с журналистами.")
    a, b = extractor.extract(en), extractor.extract(ru)
    assert [p.id for p in a.persons] == [p.id for p in b.persons]
    assert [c.id for c in a.cities] == [c.id for c in b.cities] == ["city:1503901"]


def test_transliteration_follows_the_press():
    assert transliterate("Валерий Борщёв") == "Valery Borshchev"
    assert transliterate("Евгений Хасоев") == "Yevgeny Khasoyev"
    assert name_key("Alexeyeva") == name_key("Alekseeva") == name_key("Алексеева")
    assert name_key("Khasoev") == name_key("Хасоев")


ENTITIES_TOML = """
[[organization]]
en = "Memorial"
ru = "Мемориал"

[[organization]]
en = "Kuzbass Legal Aid"
ru = "Кузбасская правовая помощь"
aliases = ["KLA"]
"""


def test_entities_file_corrects_types_and_joins_languages(tmp_path):
    path = tmp_path / "entities.toml"
    path.write_text(ENTITIES_TOML, encoding="utf-8")
    extractor = EntityExtractor(entities_file=path)
    en = Document(id="en.txt", title="Statement", lang="en", body=(
        "Lawyers from Memorial and Kuzbass Legal Aid met in Kemerovo. Memorial said KLA would appeal."))
    ru = Document(id="ru.txt", title="Заявление", lang="ru", body=(
        "Юристы «Мемориала» и Кузбасской правовой помощи встретились в Кемерово."))
    a, b = extractor.extract(en), extractor.extract(ru)
    assert "Memorial" not in names(a.persons)
    memorial, kla_id = f"org:{organization_key('Memorial')}", f"org:{organization_key('Kuzbass Legal Aid')}"
    assert {(o.id, o.name) for o in a.organizations} >= {(memorial, "Memorial"), (kla_id, "Kuzbass Legal Aid")}
    assert {(o.id, o.name) for o in b.organizations} >= {(memorial, "Мемориал"), (kla_id, "Кузбасская правовая помощь")}
    kla = next(o for o in a.organizations if o.id == kla_id)
    assert "KLA" in kla.mentions and dict(kla.names) == {"en": "Kuzbass Legal Aid", "ru": "Кузбасская правовая помощь"}


def test_entities_file_ignores_names_that_are_no_entities(tmp_path, extractor):
    doc = Document(id="s.txt", title="Обыск", lang="ru", body=(
        "Адвоката Марину Соловьёву не пустили в СИЗО, сообщила Кузбасская правовая помощь."))
    assert "СИЗО" in names(extractor.extract(doc).organizations)
    path = tmp_path / "entities.toml"
    path.write_text('[[ignore]]\nnames = ["СИЗО"]\n', encoding="utf-8")
    ignoring = EntityExtractor(entities_file=path).extract(doc)
    assert "СИЗО" not in names(ignoring.organizations) and "Марина Соловьёва" in names(ignoring.persons)
    path.write_text("[[ignore]]\nnames = 'СИЗО'\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs a list of `names`"):
        EntityExtractor(entities_file=path)


def test_broken_entities_file_is_a_clear_error(tmp_path):
    path = tmp_path / "entities.toml"
    path.write_text("[[organization]\nen = 'x'", encoding="utf-8")
    with pytest.raises(ValueError, match="entities.toml"):
        EntityExtractor(entities_file=path)
    path.write_text("[[organization]]\naliases = ['x']\n", encoding="utf-8")
    with pytest.raises(ValueError, match="needs an `en` or `ru` name"):
        EntityExtractor(entities_file=path)


def test_unknown_foreign_surnames_are_not_inflected_into_verbs():
    from searchapp.entities.russian import nominative

    # Read as verbs by the dictionary, these must not become participles ("Сигавший").
    assert nominative("Сигала") == "Сигала"
    assert nominative("Коуми") == "Коуми"
    assert nominative("Рафферти") == "Рафферти"
    assert nominative("Шеппарда") == "Шеппард"
    assert nominative("Соловьёвой") == "Соловьёва"


def test_english_places_in_a_persons_slot(extractor):
    doc = Document(id="p.txt", title="Report", lang="en", body=(
        "Goods shipped on the Danube increased last year. The Essen police questioned Peter Brandt, "
        "who lives in Papua New Guinea. Brandt denied it."))
    entities = extractor.extract(doc)
    assert names(entities.persons) == {"Peter Brandt"}
    assert "Essen" in names(entities.cities)


def test_english_organisation_lists_eras_and_events(extractor):
    from searchapp.entities.english import EnglishModel, is_event

    assert EnglishModel.listed("Tesla, Uber and Snapchat") == ["Tesla", "Uber", "Snapchat"]
    assert EnglishModel.listed("Procter and Gamble") == []
    doc = extractor.english.nlp("The wall was built in 500 BC by the WHO.")
    assert EnglishModel.era_or_unit(doc, doc[6:7]) and not EnglishModel.era_or_unit(doc, doc[9:10])
    assert is_event("First Opium War") and is_event("Treaty of Nanking") and not is_event("War Child UK")


def test_one_word_organisation_that_is_a_person_elsewhere(extractor):
    from searchapp.entities import Mention
    from searchapp.entities.reclassify import people_named_as_organizations

    by_kind = {"person": [Mention("person", "Anna Kowalczyk", "Anna Kowalczyk", first="Anna", last="Kowalczyk")],
               "organization": [Mention("organization", "Kowalczyk", "Kowalczyk"), Mention("organization", "UN", "UN")]}
    people_named_as_organizations(by_kind)
    assert [m.normal for m in by_kind["organization"]] == ["UN"]
    assert [m.normal for m in by_kind["person"]] == ["Anna Kowalczyk", "Kowalczyk"]


def test_russian_organisations_of_a_place(extractor):
    doc = Document(id="r.txt", title="Новости", lang="ru", body=(
        "Министерство внутренних дел Пакистана сообщило о задержании. Представитель правительства "
        "Израиля отказался от комментариев. Об этом сообщили СМИ. Контракт подписало ОАО «Газпром»."))
    orgs = names(extractor.extract(doc).organizations)
    assert "Министерство внутренних дел Пакистана" in orgs
    assert "правительство Израиля" in orgs
    assert "Газпром" in orgs
    assert "СМИ" not in orgs


def test_first_initials_meet_across_scripts():
    from searchapp.entities.persons import first_initial

    assert first_initial("Heinrich") == first_initial("Генрих")
    assert first_initial("Yevgeny") == first_initial("Евгений") == first_initial("Evgeny")
    assert first_initial("Yuri") == first_initial("Юрий")


def test_sound_keys_meet_for_soft_c_and_z():
    from searchapp.names import sound_key

    assert sound_key("Vance") == sound_key("Вэнс")
    assert sound_key("Sánchez") == sound_key("Санчес")
    assert sound_key("Clinton") == sound_key("Клинтон")


def test_sound_keys_meet_for_ts_silent_letters_and_initial_vowels():
    from searchapp.names import sound_key

    assert sound_key("Zuckerberg") == sound_key("Цукерберг")
    assert sound_key("Schwartz") == sound_key("Шварц")
    assert sound_key("Pugh") == sound_key("Пью")
    assert sound_key("Knightley") == sound_key("Найтли")
    assert sound_key("Aldrin") == sound_key("Олдрин")
    assert sound_key("Clinton") != sound_key("Цлинтон")


def test_english_given_names_are_recognised():
    from searchapp.entities import is_first_name

    assert all(is_first_name(w, english=True) for w in ("John", "Oscar", "Chris", "Frank", "Henry"))
    assert not any(is_first_name(w, english=True) for w in ("Trump", "Hitchcock", "Microsoft"))
    # The loose English reading is not used to turn an organisation into a person.
    assert not is_first_name("Team")


def test_one_word_place_or_organisation_used_as_a_person(extractor):
    # The model calls "Tarlo" a place and the second "Mischnick" an organisation.
    doc = Document(id="q.txt", title="Report", lang="en", body=(
        "Hair from India is shipped to factories, Mischnick explains. The trade is old, says Tarlo. "
        "The Nile does not flood every year, and Mischnick's workshop stands empty."))
    entities = extractor.extract(doc)
    assert {"Tarlo", "Mischnick"} <= names(entities.persons)
    assert not {"Tarlo", "Mischnick"} & (names(entities.organizations) | names(entities.cities))
    assert "Nile" not in names(entities.persons)


def test_titles_and_regnal_numbers(extractor):
    from searchapp.entities.mentions import Mention, strip_honorific
    from searchapp.entities.persons import find_persons

    assert strip_honorific("King Franz Joseph I") == "Franz Joseph I"
    assert strip_honorific("Святым Ростислав") == "Ростислав"
    assert strip_honorific("Mr Pugh") == "Pugh"
    # (A Latin initial J is the press's Дж, Ж or Х, not the Й or И of older German transcriptions: the
    # "Joseph" of Franz Joseph I is Иосиф, so the test names another ruler.)
    en = find_persons([Mention("person", "Pope Benedict XVI", "Benedict XVI", first="Benedict", last="XVI")], set())
    ru = find_persons([Mention("person", "Папа Бенедикт XVI", "Бенедикт XVI", first="Бенедикт", last="XVI")], set())
    assert [p.id for p in en] == [p.id for p in ru] != ["person:-xvi"]
    en = find_persons([Mention("person", "Franz Joseph I", "Franz Joseph I", first="Franz", last="I")], set())
    assert [p.id for p in en] != ["person:-f"]
    # A lone given name is dropped unless a title names its bearer ("Pope Gregory").
    titled = Mention("person", "Pope Gregory", "Gregory", last="Gregory", titled=True)
    assert [p.name for p in find_persons([titled, Mention("person", "John", "John", last="John")], set())] == ["Gregory"]


def test_city_names_as_the_article_writes_them(extractor):
    doc = Document(id="c.txt", title="Новости", lang="ru", body="Делегация прилетела в Нью-Йорк из Таллина.")
    cities = extractor.extract(doc).cities
    assert {c.id for c in cities} == {"city:5128581", "city:588409"}
    assert "Нью-Йорк" in names(cities)
    en = Document(id="m.txt", title="Report", lang="en", body="The tournament in Monte Carlo ended on Sunday.")
    assert "city:2992741" in {c.id for c in extractor.extract(en).cities}


def test_a_foreign_city_in_a_russian_case_form_is_that_city(extractor):
    """The dictionary does not know "Талсе" or "Кройдоне": the nominative is found by the case ending."""
    doc = Document(id="t.txt", title="Новости", lang="ru", body=(
        "Полиция в Талсе задержала подозреваемого. Суд в Кемерове отложил заседание."))
    assert {c.name for c in extractor.extract(doc).cities} >= {"Талса", "Кемерово"}


def test_a_russian_mans_foreign_surname_alone_is_in_the_nominative(extractor):
    """The tagger's case and gender in context undo the ending a bare foreign surname takes; a bracket
    after a name is no part of it."""
    doc = Document(id="f.txt", title="Сенат", lang="ru", body=(
        "Голосование отложили по настоянию Флейка. Сенатор пообещал поддержать кандидата.\n\n"
        "Лейбористы обсудили несколько попыток Корбина договориться с правительством."))
    assert {"Флейк", "Корбин"} <= names(extractor.extract(doc).persons)
    doc = Document(id="b.txt", title="Сенат", lang="ru", body=(
        "Республиканцы ждали решения сенатора Джеффа Флейка (R-Arizona), который колебался до последнего."))
    assert "Джефф Флейк" in names(extractor.extract(doc).persons)
    # A man's name in -а declines as a woman's; a word the dictionary knows keeps its reading.
    doc = Document(id="v.txt", title="Визит", lang="ru", body=(
        "Министр встретился с президентом Хуаном Карлосом Варелой в столице."))
    assert "Хуан Карлос Варела" in names(extractor.extract(doc).persons)


def test_new_york_is_the_city_unless_the_text_says_state(extractor):
    def cities(body: str) -> set[str]:
        return {c.id for c in extractor.extract(Document(id="n.txt", title="Report", lang="en", body=body)).cities}

    assert cities("The mayor spoke to reporters in New York on Monday.") == {"city:5128581"}
    assert cities("Farmers across New York State lost their harvest.") == set()
    assert cities("The governor of the state of New York signed the bill.") == set()
    assert "city:264371" in cities("The Greek city-state of Athens grew rich on trade.")


def test_organisation_taken_up_by_he_or_she_is_a_person(extractor):
    doc = Document(id="p.txt", title="Note", lang="en", body=(
        "Failing health reduced Quorvath's output in the last decade of his life. Critics still admire Quorvath."))
    entities = extractor.extract(doc)
    assert "Quorvath" in names(entities.persons)
    assert "Quorvath" not in names(entities.organizations)
    # A company is "it"; a "he" later in the sentence after "its" is someone else.
    doc = Document(id="c.txt", title="Note", lang="en", body=(
        "Microsoft said on Monday that it would cut 200 jobs, and its chief executive said he regretted it."))
    entities = extractor.extract(doc)
    assert names(entities.organizations) == {"Microsoft"}
    assert not entities.persons


def test_abbreviation_in_parentheses_ends_an_organisation_name():
    from searchapp.entities.mentions import Mention
    from searchapp.entities.organizations import find_organizations

    text = "Сотрудники «Центра правовой защиты» (ЦПЗ) Веридии заявили, что ЦПЗ не получал писем."
    span = "Центра правовой защиты» (ЦПЗ) Веридии"
    mentions = [Mention("organization", span, "Центр правовой защиты» (ЦПЗ) Веридии", end=text.index(span) + len(span)),
                Mention("organization", "ЦПЗ", "ЦПЗ", end=text.rindex("ЦПЗ") + 3)]
    orgs = find_organizations(mentions, text, "ru", [])
    assert [(o.name, sorted(o.mentions)) for o in orgs] == [("Центр правовой защиты", ["ЦПЗ", span])]


def test_organisation_ids_meet_across_languages():
    from searchapp.entities import organization_key

    for en, ru in [("Brixton Microsystems", "Брикстон Майкросистемс"),  # transliteration, any vowels
                   ("Calder Episcopal Church", "Калдерская епископальная церковь"),  # adjective + translated noun
                   ("Court of Cassation of Veridia", "Кассационный суд Веридии"),  # word order, genitive, -tion
                   ("National Assembly", "Национальное собрание"),
                   ("Dorian Tech Company", "Дориан Тек Компани")]:
        assert organization_key(en) == organization_key(ru), (en, ru)
    assert organization_key("Brixton Microsystems") != organization_key("Brixton Bank")


def test_two_spellings_of_one_organisation_are_one_value():
    from searchapp.entities.mentions import Mention
    from searchapp.entities.organizations import find_organizations

    text = "Брикстон Майкросистемс (Brixton Microsystems) закрыла офис. Brixton Microsystems не ответила."
    mentions = [Mention("organization", "Брикстон Майкросистемс", "Брикстон Майкросистемс", end=22),
                Mention("organization", "Brixton Microsystems", "Brixton Microsystems", end=44),
                Mention("organization", "Brixton Microsystems", "Brixton Microsystems", end=len(text) - 10)]
    orgs = find_organizations(mentions, text, "ru", [])
    assert len(orgs) == 1 and orgs[0].id.startswith("org:")
    assert set(orgs[0].mentions) == {"Брикстон Майкросистемс", "Brixton Microsystems"}


def test_a_region_named_after_a_city_is_no_city_and_a_city_keeps_its_own_name(extractor):
    en = extractor.extract(Document(id="en.txt", title="Visit", lang="en", body=(
        "Members of the Sverdlovsk region monitoring commission visited Yekaterinburg. "
        "He was moved from Krasnoyarsk Krai to Moscow.")))
    assert sorted(c.name for c in en.cities) == ["Moscow", "Yekaterinburg"]
    ru = extractor.extract(Document(id="ru.txt", title="Проверка", lang="ru", body=(
        "Члены ОНК Свердловской области проверили СИЗО. Адвокаты из Таллинна приехали в Пермский край.")))
    assert [c.name for c in ru.cities] == ["Таллинн"]


def test_sound_keys_meet_for_tch_dge_and_tsch():
    from searchapp.names import sound_key

    assert sound_key("Hitchcock") == sound_key("Хичкок")
    assert sound_key("Talmadge") == sound_key("Толмадж")
    assert sound_key("Krätschmer") == sound_key("Кратшмер")
    assert sound_key("Edgar") == sound_key("Эдгар")
    assert sound_key("Homer") == sound_key("Гомер") and sound_key("Hillary") == sound_key("Хиллари")


def test_surname_particles_and_unfamiliar_first_names(extractor):
    en = extractor.extract(Document(id="e.txt", title="", lang="en", body=(
        "General De Gaulle spoke. The actress Norma Talmadge starred. Later Talmadge left.")))
    ru = extractor.extract(Document(id="r.txt", title="", lang="ru", body=(
        "Генерал Де Голль выступил. Актриса Норма Толмадж снималась в кино. Позже Толмадж ушла.")))
    assert names(en.persons) == {"De Gaulle", "Norma Talmadge"}
    assert names(ru.persons) == {"Де Голль", "Норма Толмадж"}
    assert {p.id for p in en.persons} == {p.id for p in ru.persons}


def test_names_after_a_kind_of_organisation(extractor):
    doc = Document(id="k.txt", title="", lang="en", body=(
        "The bank Sberbank, the companies Uber and Lyft, and the newspaper Novaya Gazeta were named. "
        "The company said nothing; groups in Moscow agreed."))
    assert {"Sberbank", "Uber", "Lyft", "Novaya Gazeta"} <= names(extractor.extract(doc).organizations)
    assert "Moscow" not in names(extractor.extract(doc).organizations)


def test_russian_full_names_in_the_accusative_get_the_nominative(extractor):
    doc = Document(id="acc.txt", title="", lang="ru", body=(
        "Адвоката Марину Соловьёву не пустили в суд. Мы видели Елену Васнецову. Позвонили Дмитрию Камынину."))
    assert names(extractor.extract(doc).persons) == {"Марина Соловьёва", "Елена Васнецова", "Дмитрий Камынин"}


def test_a_pronoun_starting_the_next_sentence_makes_an_organisation_a_person(extractor):
    doc = Document(id="he.txt", title="", lang="en", body=(
        "After the state passed its voting law in 2013, Campbell went around to churches teaching people how "
        "to register. He could see the effects of the election. Yukos said it would appeal. It lost."))
    entities = extractor.extract(doc)
    assert "Campbell" in names(entities.persons) and "Campbell" not in names(entities.organizations)
    assert "Yukos" in names(entities.organizations)


def test_a_facility_named_like_a_town_is_the_town(extractor):
    # The model calls "Chapel Hill" here a facility, and "the Metro" too.
    doc = Document(id="fac.txt", title="", lang="en", body=(
        "Protesters gathered just outside Chapel Hill, where someone firebombed the offices. Others stayed "
        "at the Metro."))
    assert names(extractor.extract(doc).cities) == {"Chapel Hill"}


def test_a_one_word_organisation_that_is_a_known_surname_is_a_person(extractor):
    # The model calls both organisations; the Russian dictionary knows Томпсон as a surname only.
    doc = Document(id="sur.txt", title="", lang="en", body=(
        "Excavations by Thompson showed that the city was older. Microsoft declined to comment."))
    entities = extractor.extract(doc)
    assert "Thompson" in names(entities.persons) and "Microsoft" in names(entities.organizations)


def test_russian_names_the_dictionary_does_not_know_get_the_nominative(extractor):
    doc = Document(id="f.txt", title="", lang="ru", body=(
        "Победу Кими Райкконена отметили. Клинсман назвал Йенса Лемана первым вратарём. "
        "Письмо передали Марку."))
    assert {"Кими Райкконен", "Йенс Леман"} <= names(extractor.extract(doc).persons)
    from searchapp.entities.russian import nominative

    assert nominative("Марку") == "Марк" and nominative("Кими") == "Кими"


def test_first_name_and_patronymic_fold_into_the_full_name(extractor):
    doc = Document(id="p.txt", title="", lang="ru", body=(
        "Борис Ельцин выступил. Борис Николаевич сказал, что Наина Иосифовна здорова. "
        "Команда «Формулы-1» приехала."))
    persons = extractor.extract(doc).persons
    assert [(p.name, "Борис Николаевич" in p.mentions) for p in persons] == [("Борис Ельцин", True)]


def test_a_family_name_or_a_two_letter_river_is_no_city(extractor):
    doc = Document(id="c.txt", title="", lang="ru", body=(
        "Это видение монархии Романовых мешало ему. Такие реки, как Рейн, Инн и По, текут из Швейцарии, как и "
        "воды для Милана."))
    cities = names(extractor.extract(doc).cities)
    assert "Милан" in cities and not {"Мурманск", "По"} & cities


def test_a_russian_place_the_dictionary_knows_as_an_organisation_is_one(extractor):
    # Natasha calls "ЕС" and "Еврокомиссия" places.
    doc = Document(id="eu.txt", title="", lang="ru", body="Страны ЕС и Еврокомиссия согласились. Москва промолчала.")
    entities = extractor.extract(doc)
    assert {"ЕС", "Еврокомиссия"} <= names(entities.organizations) and names(entities.cities) == {"Москва"}


def city_ids(extractor, lang: str, body: str) -> set[str]:
    return {c.id for c in extractor.extract(Document(id="x.txt", title="Report", lang=lang, body=body)).cities}


def test_a_zero_width_space_does_not_hide_the_name_after_it(extractor):
    assert "city:4939783" in city_ids(extractor, "ru", "В субботу днем \u200b\u200bв Холиоке прошла встреча с избирателями.")


def test_towns_listed_as_counties_are_counties_throughout_the_article(extractor):
    """A name listed before "counties", or after "округ", is the county wherever the article uses it;
    a large city after "округ" is that city (a Chinese city-prefecture)."""
    assert city_ids(extractor, "en", "Algae were seen off Sarasota. Levels rose in Pinellas, Manatee, Sarasota, "
                                     "Charlotte and Collier counties.") == set()
    assert city_ids(extractor, "ru", "Водоросли замечены у Сарасоты. Их больше в округах Манати и Сарасота, "
                                     "а также в округе Паско.") == set()
    assert "city:1788852" in city_ids(extractor, "ru", "Фермер жил в округе Синин провинции Цинхай.")


def test_a_city_before_a_year_is_the_event_held_there(extractor):
    assert city_ids(extractor, "en", "He had bought tickets for London 2012 long before.") == set()
    assert city_ids(extractor, "ru", "Он купил билеты на игры «Лондон 2012» заранее.") == set()


def test_a_nominative_foreign_name_has_no_case_ending_to_take_off(extractor):
    assert "Кант" not in names(extractor.extract(Document(id="k.txt", title="Матч", lang="ru", body=(
        "«Я увидел, что ко мне бежит Канте, и сразу ударил», — сказал форвард."))).cities)


def test_a_country_named_once_in_full_is_that_country_by_its_last_word(extractor):
    assert city_ids(extractor, "ru", "Послы вернулись в Эль-Сальвадор. Санкции против Сальвадора отложены.") == set()


def test_a_nominative_name_ending_an_organisation_is_the_organisation(extractor):
    assert "Брентвуд" not in names(extractor.extract(Document(id="b.txt", title="Парад", lang="ru", body=(
        "Парад возглавил Имперский молодежный оркестр Брентвуд."))).cities)


def test_a_city_geonames_spells_in_another_cyrillic_is_found_by_transcription(extractor):
    """GeoNames' only Cyrillic name for Croydon is Bulgarian Кройдън, and it has none for Rushden: the
    Russian spelling transcribes the English name, and the facet shows it as the article writes it."""
    ru = extractor.extract(Document(id="r.txt", title="Новости", lang="ru", body=(
        "Первый магазин уже открылся в Кройдоне на юге Лондона. Парад прошёл в Рушдене в субботу.")))
    en = city_ids(extractor, "en", "The first shop opened in Croydon, south London. A parade was held in Rushden.")
    assert {c.id for c in ru.cities} & en >= {"city:2651817", "city:2638946"}
    assert names(ru.cities) >= {"Кройдон", "Рушден"}


def test_a_transcription_must_come_near_the_english_name():
    """A sound key alone is too coarse: Мердинген shares Meriden's, Гуаньчжоу Guanhães'; a word the
    dictionary knows is no foreign city's name."""
    from searchapp.gazetteer import gazetteer
    assert gazetteer().transcription("Эбботсфорд").name == "Abbotsford"
    assert gazetteer().transcription("Мердинген") is None and gazetteer().transcription("Орион") is None
    assert gazetteer().transcription("Croydon") is None


def test_a_listed_organisations_name_is_no_city(extractor):
    """"Дума" is also a town in Syria; the organisation list knows it as the State Duma."""
    found = extractor.extract(Document(id="d.txt", title="Новости", lang="ru", body=(
        "Хотя Дума уже одобрила законопроект в первом чтении, судья надеется, что Дума всё обдумает.")))
    assert not found.cities and "org:dm-state" in {o.id for o in found.organizations}


def test_a_locative_in_ue_is_a_name_in_uya(extractor):
    found = extractor.extract(Document(id="k.txt", title="", lang="ru", body=(
        "Помпей принял командование двумя легионами в Капуе и начал собирать войска.")))
    assert names(found.cities) == {"Капуя"}


def test_a_lower_case_word_the_model_took_after_a_city_is_left_out(extractor):
    """spaCy's span for "in Xining of Qinghai Province" is "Xining of"."""
    assert "city:1788852" in city_ids(extractor, "en", (
        "A pig farmer prepares to inject vaccines on May 30, 2005 in Xining of Qinghai Province, China."))


def english_persons(extractor, body: str) -> set[str]:
    return names(extractor.extract(Document(id="p.txt", title="Report", lang="en", body=body)).persons)


def test_titles_events_and_places_the_model_takes_for_people(extractor):
    """A name after a kind of work is its title; Brexit and Olympic are events; a one-word name before
    a state's name is a town; a name that is another's followed by dictionary words is a film's."""
    assert "Yandhi" not in english_persons(extractor, "Kanye West is expected to launch his new album Yandhi.")
    assert {"Roger Federer", "Joe Biden", "Tom Hanks"} <= english_persons(extractor, (
        "Andy Murray will play Roger Federer on Sunday. New polls show Joe Biden leading. "
        "In the film Tom Hanks plays a pilot."))
    assert not english_persons(extractor, "Firms fear a no-deal Brexit could cost jobs. He spoke about Brexit on Monday.")
    assert "Sarah Battle" in english_persons(extractor, "Dr. Sarah Battle spoke on Monday.")
    assert "Wasilla" not in english_persons(extractor, "Track Palin, 29, of Wasilla, Alaska, was arrested on Friday.")
    assert "Putin" in english_persons(extractor, "Talks between Putin, Ukraine, and the EU ended.")
    assert "Olympic" not in english_persons(extractor, "Tom Daley spoke. My Olympic gold medal is Robbie.")


def test_a_persons_name_followed_by_dictionary_words_is_a_title():
    from searchapp.entities.mentions import Mention
    from searchapp.entities.persons import find_persons

    def person(name: str) -> Mention:
        return Mention("person", name, name, first=name.split()[0], last=name.split()[-1])
    found = find_persons([person("Johnny English"), person("Johnny English Strikes"),
                          person("Johnny English Reborn"), person("Lukas Lundvald Nielsen")], set())
    assert {p.name for p in found} == {"Johnny English", "Lukas Lundvald Nielsen"}


def test_a_south_slavic_surnames_c_is_the_russian_ch_throughout():
    from searchapp.names import surname_key
    assert surname_key("Kovacic") == surname_key("Ковачич") and surname_key("Vucic") == surname_key("Вучич")
    assert surname_key("Kovacevic") == surname_key("Ковачевич") and surname_key("Modric") == surname_key("Модрич")


def test_english_given_names_as_russian_hears_them(extractor):
    """Wayne is Уэйн and Hillary Хиллари (the newer Х for H): alone, each is a bare first name."""
    from searchapp.entities import is_first_name
    assert is_first_name("Wayne", english=True) and is_first_name("Hillary", english=True)
    assert not is_first_name("Hamilton", english=True) and not is_first_name("Holt", english=True)
    assert "Wayne" not in english_persons(extractor, "He grew up in Baton Rouge, where his father, Wayne, played.")


def test_two_names_side_by_side_in_different_cases_are_two_people(extractor):
    found = extractor.extract(Document(id="s.txt", title="", lang="ru", body=(
        "Судья не засчитал пенальти за провоцирование запасного игрока Гленна Миддлтона Халкеттом.")))
    assert "Гленн Миддлтон" in names(found.persons)
    kept = extractor.extract(Document(id="k.txt", title="", lang="ru", body="Сайфулло Хабибуллаевич Саипов арестован."))
    assert names(kept.persons) == {"Сайфулло Хабибуллаевич Саипов"}


def test_a_given_name_that_is_also_a_word_joins_the_surname_after_it(extractor):
    """Natasha leaves "Том" (a volume) out of "Том Браун"; "второй том Толстого" stays a book's."""
    found = extractor.extract(Document(id="t.txt", title="", lang="ru", body=(
        "Однако уборы не предназначены для согревания.  Том Браун также явил миру коллекцию масок.")))
    assert names(found.persons) == {"Том Браун"}
    assert names(extractor.extract(Document(id="v.txt", title="", lang="ru", body=(
        "Второй том Толстого вышел в пятницу."))).persons) == {"Толстой"}


def test_a_club_known_by_a_name_is_no_person_in_either_language(extractor):
    en = extractor.extract(Document(id="c.txt", title="Report", lang="en", body=(
        "Daniel Sturridge saved Liverpool from a loss to Chelsea. Chelsea led 1-0 at halftime.")))
    ru = extractor.extract(Document(id="c.txt", title="Отчёт", lang="ru", body=(
        "Дэниел Старридж спас «Ливерпуль» от поражения от «Челси». «Челси» вёл 1:0.")))
    assert "Chelsea" not in names(en.persons) and "org:shls" in {o.id for o in en.organizations}
    assert "org:shls" in {o.id for o in ru.organizations}


def test_names_listed_after_a_plural_kind_of_organisation_are_organisations(extractor):
    en = extractor.extract(Document(id="b.txt", title="Report", lang="en", body=(
        "The range includes brands such as Revlon, Essie, Tweezerman and Dr. PawPaw for the first time. "
        "The party Jeremy Corbyn leads said nothing.")))
    assert {"Essie", "Tweezerman"} <= names(en.organizations) and names(en.persons) == {"Jeremy Corbyn"}
    ru = extractor.extract(Document(id="b.txt", title="", lang="ru", body=(
        "Сеть борется с дешевыми магазинами, такими как Алди и Лидл. Отделы откроются в магазинах Бутс.")))
    assert {"Алди", "Лидл", "Бутс"} <= names(ru.organizations) and not ru.persons
    kinds = {m.text: m.kind for m in extractor.russian.mentions(
        "Сотрудники компании Трампа пришли. Лидер партии Алексей Навальный заявил об этом. "
        "По данным банков, Герман Греф не согласен.")}
    assert {kinds[n] for n in ("Трампа", "Алексей Навальный", "Герман Греф")} == {"person"}
    assert "Jeremy Corbyn" in english_persons(extractor, "We have spoken to all the parties, Jeremy Corbyn said.")


def test_list_bullets_part_names_and_a_country_is_no_person(extractor):
    """Natasha reads "Монако • Намибия" as one place, and the country "Коста Рика" as a person."""
    from searchapp.entities.mentions import model_text

    assert model_text("Мальта • Монако") == "Мальта . Монако"
    found = extractor.extract(Document(id="b.txt", title="", lang="ru", body=(
        "Его поддерживают федерации:\n\n• Мальта • Монако • Намибия • Коста Рика • Эквадор\n")))
    assert "city:2993458" in {c.id for c in found.cities}
    assert not any("Коста" in p.name for p in found.persons)


def test_a_city_the_tagger_reads_as_a_genitive_after_a_name_is_its_place(extractor):
    assert city_ids(extractor, "ru", "Фернандо Алонсо выиграл Гран-при Монако.") == {"city:2993458"}


def test_a_large_citys_russian_adjective_names_the_city(extractor):
    """"лондонских объектов" is English "London properties"; a capitalised adjective begins a name,
    one by a quote is a club's or a paper's, "московское время" is a time zone, and a small town's
    adjective is mostly an ordinary word ("братская": fraternal, not Bratsk)."""
    assert city_ids(extractor, "ru", "13 процентов новых лондонских объектов недвижимости покупают иностранцы.") == {
        "city:2643743"}
    assert city_ids(extractor, "ru", "Цены нью-йоркской недвижимости растут.") == {"city:5128581"}
    assert not city_ids(extractor, "ru", (
        "Лондонская фондовая биржа закрылась. «Рейнджерс» принимают венский «Рапид», а мадридский Реал "
        "отдыхает. Встреча началась в 10 часов по московскому времени. Это братская помощь. На столе "
        "брюссельская капуста, о ней говорил и римский папа."))


def test_a_foreign_name_the_tagger_reads_as_a_nominative_keeps_its_ending(extractor):
    """pymorphy's guesser reads "Пебе" and "Коджа" as other words' cases; the tagger, in context, as
    the nominatives they are."""
    found = extractor.extract(Document(id="n.txt", title="", lang="ru", body=(
        "Пебе перевез семью в Нешвилл в 1994 году.\n\nАфрику представляют два арбитра: Коффи Коджа (Бенин).")))
    assert {"Пебе", "Коджа"} <= {word for p in found.persons for word in p.name.split()}


def test_a_name_followed_by_where_is_a_place(extractor):
    """spaCy calls the golf course and the Texas camp persons; ", where" takes up a place."""
    persons = english_persons(extractor, (
        "We had a big lead at Valderrama, where we won. Children may be held at a larger facility like "
        "Tornillo, where they sleep in tents, Matthew Albence said."))
    assert persons == {"Matthew Albence"}
    assert {"Kushner", "Pelosi"} <= english_persons(extractor, (
        "We met at the home of Kushner, where the talks began. Reporters asked Pelosi, where the bill stood."))


def test_an_events_word_is_no_city(extractor):
    """"Olympic" is also a town in Hong Kong."""
    found = extractor.extract(Document(id="o.txt", title="Athletics", lang="en", body=(
        "Olympic 10,000m champion Kenenisa Bekele is determined to win. I wanted to rush to the Olympic village.")))
    assert not found.cities


def test_a_british_county_is_no_town_abroad_unless_the_articles_places_are_there(extractor):
    assert city_ids(extractor, "en", "Wright was born in Poole, Dorset, but grew up in Wells, Somerset.") == {
        "city:2640101"}
    assert "city:5104755" in city_ids(extractor, "en", (
        "The firm moved from Newark to Somerset, an hour from Trenton and Paterson."))
    assert city_ids(extractor, "en", "The ship docked in Norfolk, Virginia, on Monday.") == {"city:4776222"}


def test_a_company_named_like_a_city_is_the_company(extractor):
    found = extractor.extract(Document(id="t.txt", title="Hybrids", lang="en", body=(
        "Toyota has led the market to date with the Prius. Last year, car maker Toyota unveiled a robot.")))
    assert not found.cities and "Toyota" in names(found.organizations)
