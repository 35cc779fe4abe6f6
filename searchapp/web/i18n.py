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
        "Date": "Дата",
        "Language": "Язык",
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
        "Author": "Автор",
        "Original": "Оригинал",
        "Categories": "Рубрики",
        "Tags": "Метки",
        "Back to results": "К результатам",
        "Other articles about {name}": "Другие статьи: {name}",
        "More like this": "Похожие статьи",
        "Other articles": "Другие статьи",
        "In this article": "В статье",
        "Not found": "Не найдено",
        "There is no article with this address.": "Статьи с таким адресом нет.",
        "Something went wrong": "Что-то пошло не так",
        "The request could not be handled. Please try again.": "Запрос не удалось обработать. Попробуйте ещё раз.",
        "Bad request": "Неверный запрос",
        "Skip to results": "К результатам",
        "Search syntax": "Синтаксис запроса",
        "syntax help": "Слова (сначала статьи со всеми словами, затем с большинством), «фраза в кавычках», OR, -слово, =точная форма, title:, person:, org:, city:, tag:, category:, звёздочка*",
        "Interface language": "Язык интерфейса",
        "Archive": "Архив",
        "en": "англ.",
        "ru": "рус.",
        "English": "Английский",
        "Russian": "Русский",
        "The index is empty.": "Индекс пуст.",
        "The index cannot be read.": "Индекс не читается.",
        "Loading": "Загрузка",
        "Embed the archive search": "Поиск по архиву на вашем сайте",
        "Put the archive's search box on your own site in one of two ways. Both send no cookies and load nothing from third parties.":
            "Поставьте поиск по архиву на свой сайт одним из двух способов. Оба не используют cookies и ничего не загружают со сторонних сайтов.",
        "1. A script tag": "1. Тег script",
        "Add an empty element where the box should appear, and the script anywhere after it. Results appear as you type; the widget's markup and styles are isolated from your page.":
            "Добавьте пустой элемент там, где должно быть поле поиска, и скрипт где-либо после него. Результаты появляются по мере ввода; разметка и стили виджета изолированы от вашей страницы.",
        "Copy": "Копировать",
        "Options, as data- attributes on the script tag:": "Настройки — атрибуты data- у тега script:",
        "text shown in the empty box": "текст в пустом поле",
        "or": "или",
        "language of the widget's labels and of facet names": "язык подписей виджета и имён",
        "number of results shown (1–20, default 5)": "сколько результатов показывать (1–20, по умолчанию 5)",
        "open results in a new tab": "открывать результаты в новой вкладке",
        "preset filters, e.g.": "заданные фильтры, например",
        "Preview": "Как это выглядит",
        "2. An iframe": "2. Iframe",
        "For sites that do not allow third-party scripts. The same options go in the address.":
            "Для сайтов, где нельзя подключать сторонние скрипты. Те же настройки — в адресе.",
        "Browsers": "Браузеры",
        "Undated": "Без даты",
        "Remove filter {name}": "Убрать фильтр {name}",
        "The query was too long: it was cut to {n} characters.": "Запрос слишком длинный: он сокращён до {n} символов.",
        "The query was too long: only its first {n} words were searched.":
            "Запрос слишком длинный: искались только первые {n} слов.",
        "A wildcard needs at least two letters before it; it was left out.":
            "Перед звёздочкой нужны хотя бы две буквы; она не учитывалась.",
        "Some of the query's syntax was not understood; it was searched as plain words.":
            "Часть синтаксиса запроса не распознана; он искался как обычные слова.",
        "The query has only very common words; try more specific ones.":
            "В запросе только самые частые слова; попробуйте более точные.",
        "{n} articles without a date are not in the date range.": "Статьи без даты не входят в диапазон дат: {n}.",
        "“{value}” is not a date (use YYYY-MM-DD); it was ignored.": "«{value}» — не дата (нужно ГГГГ-ММ-ДД); фильтр не учтён.",
        "“{value}” is not a year or month; it was ignored.": "«{value}» — не год и не месяц; фильтр не учтён.",
        "A quotation mark was not closed; the phrase was read to the end of the query.":
            "Кавычка не закрыта; фраза прочитана до конца запроса.",
        "The query has no words to search for.": "В запросе нет слов для поиска.",
        "No person in the archive is called “{value}”.": "В архиве нет персоны «{value}».",
        "No organization in the archive is called “{value}”.": "В архиве нет организации «{value}».",
        "No city in the archive is called “{value}”.": "В архиве нет города «{value}».",
        "The date range ended before it began; it was read from {start} to {end}.":
            "Диапазон дат заканчивался раньше, чем начинался; он прочитан с {start} по {end}.",
        "No article has all the words; showing those with most of them.":
            "Ни в одной статье нет всех слов; показаны статьи, где есть бо́льшая их часть.",
        "Missing:": "Нет слов:",
        "Method not allowed": "Метод не поддерживается",
        "This address only answers GET requests.": "Этот адрес отвечает только на запросы GET.",
        "Part {part} of {parts}": "Часть {part} из {parts}",
        "The text is long; it is shown in parts.": "Текст длинный, он показан частями.",
        "Parts of the text": "Части текста",
        "Timeline": "Хронология",
        "Timeline levels": "Уровни хронологии",
        "All dates": "Все даты",
        "Select a range": "Выбрать период",
        "Click the first bar of the range.": "Щёлкните первый столбец периода.",
        "Now click the last bar of the range.": "Теперь щёлкните последний столбец периода.",
        "Cancel": "Отмена",
        "{n} articles": "статей: {n}",
        "Follow": "Следить",
        "Follow this search": "Следить за этим поиском",
        "Download": "Скачать",
        "The format must be csv or jsonl.": "Формат должен быть csv или jsonl.",
        "The newest articles of this search ({n} in all).": "Новейшие статьи этого поиска (всего {n}).",
        "The list is too large (at most {n} MB).": "Список слишком большой (не более {n} МБ).",
        "Names in bulk": "Список имён",
        "Paste or upload a list of names, one a line, in either script: each gets the number of articles that mention it and the persons, organizations and cities it names.":
            "Вставьте или загрузите список имён, по одному в строке, кириллицей или латиницей: для каждого будет число статей, где оно упоминается, и персоны, организации и города с этим именем.",
        "Names, one a line": "Имена, по одному в строке",
        "or a text file": "или текстовый файл",
        "Look up": "Найти",
        "Download CSV": "Скачать CSV",
        "At most {n} names.": "Не более {n} имён.",
        "{n} names": "Имён: {n}",
        "The list was longer than {n} names; only the first {n} were looked up.":
            "В списке больше {n} имён; найдены только первые {n}.",
        "The list has no names.": "В списке нет имён.",
        "Name": "Имя",
        "Articles": "Статьи",
        "In the archive": "В архиве",
        "no person, organization or city of this name": "нет персоны, организации или города с таким именем",
        "Translation": "Перевод",
        "Also in Russian": "Также на русском",
        "Also in English": "Также на английском",
        "Also published by": "Также опубликовано:",
        "{n} copies": "копий: {n}",
        "{n} articles: translations and copies of one text are one result; filter counts are of articles.":
            "Статей: {n}; переводы и копии одного текста — один результат, числа в фильтрах — статьи.",
        "Show each article": "Показать каждую статью",
        "Show translations and copies as one result": "Показывать переводы и копии одним результатом",
        "Every page links an OpenSearch description, so browsers offer to add the archive as a search engine, with suggestions as you type.":
            "Каждая страница ссылается на описание OpenSearch, поэтому браузеры предлагают добавить архив как поисковую систему с подсказками при вводе.",
        # Entity pages and the facets' values
        "Also": "Также",
        "Written in the texts as": "В текстах",
        "{n} article": "статей: {n}",
        "All {n} articles": "Все статьи ({n})",
        "Articles by year": "Статьи по годам",
        "Latest articles": "Последние статьи",
        "Often in the same articles": "Часто в тех же статьях",
        "Articles with both: {n}": "Статей, где есть оба: {n}",
        "Find {facet}": "Найти: {facet}",
        "Find": "Найти",
        "By initial": "По первой букве",
        "All": "Все",
        "{n} values": "Значений: {n}",
        "{n} value": "Значений: {n}",
        "Next {n}": "Следующие {n}",
        "All {n} values": "Все значения ({n})",
        "About {name}": "Подробнее: {name}",
        "All values ({n})": "Все значения ({n})",
        "No value matches.": "Ничего не подходит.",
        "Named in the query": "Названы в запросе",
        "Only articles about {name}": "Только статьи о: {name}",
    },
}
MESSAGES["en"] = {"syntax help": "Words (articles with all of them first, then with most), \"quoted phrases\", OR, -word, "
                                 "=exact form, title:, person:, org:, city:, tag:, category:, wildcard*",
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


# Russian dates name the month in the genitive: "5 марта 2021".
MONTHS_OF = {"ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября",
                    "ноября", "декабря"]}


def month_name(value: str, lang: str) -> str:
    """"2021-03" -> "March" (or "март")."""
    try:
        return MONTHS.get(lang, MONTHS["en"])[int(value[5:7]) - 1]
    except (ValueError, IndexError):
        return value


def date_label(value: str, lang: str) -> str:
    """A date facet value as a person reads it: "2024", "June 2024" ("июнь 2024"), "5 June 2024"
    ("5 июня 2024"), "Undated"."""
    if value == "undated":
        return translate("Undated", lang)
    if len(value) == 7:
        return f"{month_name(value, lang)} {value[:4]}"
    if len(value) == 10:
        day = int(value[8:10])
        return f"{day} {MONTHS_OF[lang][int(value[5:7]) - 1]} {value[:4]}" if lang == "ru" else \
            f"{day} {month_name(value, lang)} {value[:4]}"
    return value


def notice_text(notice, lang: str) -> str:
    """A search notice (:class:`searchapp.search.Notice`) in the interface language."""
    return translate(notice.text, lang, **dict(notice.values))
