from searchapp import gazetteer as gz


def test_the_gazetteer_is_kept_in_a_cache_file_and_rebuilt_when_it_is_damaged(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHAPP_CACHE", str(tmp_path))
    gz.gazetteer.cache_clear()
    try:
        built = gz.gazetteer()
        cache = gz.cache_file()
        assert cache.parent == tmp_path and cache.is_file()
        gz.gazetteer.cache_clear()
        loaded = gz.gazetteer()
        assert loaded is not built and loaded.lookup("Кемерово") == built.lookup("Kemerovo")
        assert loaded.is_country_or_region("Куба") and loaded.lookup("Cuba") is None

        cache.write_bytes(b"not a pickle")
        gz.gazetteer.cache_clear()
        assert gz.gazetteer().lookup("Irkutsk").name == "Irkutsk"
        assert cache.read_bytes() != b"not a pickle"
    finally:
        gz.gazetteer.cache_clear()


def test_a_short_lower_case_alternate_spelling_names_no_city():
    """GeoNames lists "nyc" among Manhattan's names, beside New York City's "NYC" (an airport code)."""
    assert gz.gazetteer().lookup("NYC") is None


def test_a_city_state_is_a_city_and_a_larger_country_named_like_its_small_capital_is_not():
    g = gz.gazetteer()
    assert g.lookup("Монако").name == "Monaco" and g.lookup("Gibraltar").name == "Gibraltar"
    assert not g.is_country_or_region("Монако")
    assert g.is_country_or_region("Luxembourg") and g.lookup("Luxembourg") is None


def test_a_country_or_state_is_no_city_for_a_namesake_abroad():
    """Armenia is also a city in Colombia, Jamaica a neighbourhood of Queens, Virginia a town in South
    Africa: none makes the country or the state a city. Singapore, Djibouti and Washington, D.C. are
    cities of their own country's name."""
    g = gz.gazetteer()
    for name in ("Armenia", "Армения", "Jamaica", "Virginia"):
        assert g.is_country_or_region(name) and g.lookup(name) is None, name
    assert g.lookup("Singapore").country == "SG" and g.lookup("Washington").country == "US"
    assert g.lookup("New York").name == "New York City"


def test_a_countrys_russian_name_is_a_city_where_its_english_name_is():
    """GeoNames lists "Япония" among the names of Sado and "Колумбия" among Columbia's (US); Russian
    Алжир is also Algiers, but "Algeria" is no city in English either. Сингапур and Монако are cities."""
    g = gz.gazetteer()
    for name in ("Япония", "Колумбия", "Люксембург", "Бразилия", "Алжир", "Вирджиния", "Голландия", "Holland"):
        assert g.is_country_or_region(name) and g.lookup(name) is None, name
    assert g.lookup("Сингапур").name == "Singapore" and g.lookup("Монако").name == "Monaco"
    assert g.lookup("Вашингтон").name == "Washington"
    # Сальвадор, Salvador (Brazil), is also El Salvador's Russian name: the text's "Эль-Сальвадор" tells them apart.
    assert g.lookup("Сальвадор").country == "BR" and g.country_code("Сальвадор") == "SV"
    assert g.is_country_or_region("Эль-Сальвадор")
