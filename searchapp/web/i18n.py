"""Interface languages: English, and Russian for readers who prefer it.

The language comes from `?hl=`, then the `hl` cookie a previous `?hl=` set, then Accept-Language.
"""

from __future__ import annotations

from flask import request

LANGUAGES = ("en", "ru")

MESSAGES = {
    "ru": {
        "Search the archive": "Поиск по архиву",
        "Search": "Найти",
        "Search query": "Поисковый запрос",
        "Archive search": "Поиск по архиву",
        "Filters": "Фильтры",
        "Results": "Результаты",
        "Person": "Персона",
        "Organization": "Организация",
        "City": "Город",
        "Date": "Дата",
        "Language": "Язык",
        "Persons": "Персоны",
        "Organizations": "Организации",
        "Cities": "Города",
        "Show more": "Показать ещё",
        "Show fewer": "Свернуть",
        "Filter {facet}": "Фильтр: {facet}",
        "Exclude": "Исключить",
        "Excluded": "Исключено",
        "Remove filter": "Убрать фильтр",
        "Clear all": "Сбросить всё",
        "From": "С",
        "To": "По",
        "Apply": "Применить",
        "All years": "Все годы",
        "Sort": "Сортировка",
        "relevance": "по релевантности",
        "newest": "сначала новые",
        "oldest": "сначала старые",
        "{n} results": "Найдено: {n}",
        "{n} result": "Найдено: {n}",
        "No results": "Ничего не найдено",
        "No articles match. Try fewer words or remove a filter.": "Ничего не найдено. Попробуйте меньше слов или уберите фильтр.",
        "Did you mean": "Возможно, вы имели в виду",
        "Previous": "Назад",
        "Next": "Вперёд",
        "Page {page} of {pages}": "Страница {page} из {pages}",
        "Pagination": "Страницы",
        "no date": "без даты",
        "Source": "Источник",
        "original source": "первоисточник",
        "Translated by": "Перевод",
        "Back to results": "К результатам",
        "Other articles about {name}": "Другие статьи: {name}",
        "More like this": "Похожие статьи",
        "In this article": "В статье",
        "Not found": "Не найдено",
        "There is no article with this address.": "Статьи с таким адресом нет.",
        "Something went wrong": "Что-то пошло не так",
        "The request could not be handled. Please try again.": "Запрос не удалось обработать. Попробуйте ещё раз.",
        "Bad request": "Неверный запрос",
        "Skip to results": "К результатам",
        "Search syntax": "Синтаксис запроса",
        "syntax help": "Слова (все должны встретиться), «фраза в кавычках», OR, -слово, title:, person:, org:, city:, звёздочка*",
        "Interface language": "Язык интерфейса",
        "Archive": "Архив",
        "en": "англ.",
        "ru": "рус.",
        "English": "Английский",
        "Russian": "Русский",
        "The index is empty.": "Индекс пуст.",
        "Loading": "Загрузка",
    },
}
MESSAGES["en"] = {"syntax help": "Words (all must match), \"quoted phrases\", OR, -word, title:, person:, org:, city:, wildcard*",
                  "en": "en", "ru": "ru"}


def current_language() -> str:
    asked = request.args.get("hl") or request.cookies.get("hl")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default="en") or "en"


def translate(text: str, lang: str, **values) -> str:
    message = MESSAGES.get(lang, {}).get(text) or MESSAGES["en"].get(text) or text
    return message.format(**values) if values else message


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "ru": ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
           "ноябрь", "декабрь"],
}


def month_name(value: str, lang: str) -> str:
    """"2021-03" -> "March" (or "март")."""
    try:
        return MONTHS.get(lang, MONTHS["en"])[int(value[5:7]) - 1]
    except (ValueError, IndexError):
        return value
