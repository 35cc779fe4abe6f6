"""The JSON API answers as its own OpenAPI document says, on the bundled corpus and on the messy one."""

import json
from urllib.parse import quote

import messy
import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from searchapp import index
from searchapp.web import create_app


@pytest.fixture(scope="module")
def messy_client(tmp_path_factory):
    base = tmp_path_factory.mktemp("openapi")
    messy.make(base / "corpus", base / "outside")
    index.build(index.Settings(corpus=base / "corpus", index=base / "index", workers=1, progress=False, models=False))
    return create_app({"INDEX": str(base / "index")}).test_client(use_cookies=False)


@pytest.fixture(scope="module")
def bundled_client(engine):
    return create_app({"INDEX": str(engine.index_dir)}).test_client(use_cookies=False)


def check(client, url: str, status: int, schema: str):
    document = client.get("/api/openapi.json").get_json()
    response = client.get(url) if status != 405 else client.post(url)
    assert response.status_code == status, url
    resolver_schema = {**document["components"]["schemas"][schema], "components": document["components"]}
    OAS30Validator(resolver_schema).validate(response.get_json())


def test_the_document_is_valid_openapi(bundled_client):
    validate(bundled_client.get("/api/openapi.json").get_json())


@pytest.mark.parametrize("url", ["/api/search?q=", "/api/search?q=Gorelov&hl=ru", "/api/search?q=суд&sort=oldest",
                                 "/api/search?city=Kemerovo&date=2019&size=3&page=2", "/api/search?q=%22"])
def test_search_answers_match_the_document(bundled_client, messy_client, url):
    check(bundled_client, url, 200, "SearchResult")
    check(messy_client, url + "&date=undated", 200, "SearchResult")


def test_documents_suggestions_and_errors_match_the_document(bundled_client, messy_client):
    check(bundled_client, "/api/doc/en/2019-04-kemerovo-lawyers.txt", 200, "Document")
    check(messy_client, "/api/doc/" + quote("ru/untitled.txt"), 200, "Document")
    check(messy_client, "/api/doc/undated.txt", 200, "Document")
    check(bundled_client, "/api/suggest?q=Gor", 200, "Suggestions")
    check(bundled_client, "/api/doc/nothing.txt", 404, "Error")
    check(bundled_client, "/api/search?q=x", 405, "Error")


def test_entity_and_value_answers_match_the_document(bundled_client, messy_client):
    person = bundled_client.get("/api/search?q=Gorelov").get_json()["facets"]["person"][0]["value"]
    check(bundled_client, "/api/entity/" + person, 200, "Entity")
    check(bundled_client, "/api/entity/person:nobody-at-all", 404, "Error")
    check(bundled_client, "/api/values/person?match=гор", 200, "ValuePage")
    check(bundled_client, "/api/values/city?letter=K&q=суд&hl=ru", 200, "ValuePage")
    check(messy_client, "/api/values/organization?date=undated", 200, "ValuePage")
    city = messy_client.get("/api/search?q=").get_json()["facets"]["city"]
    if city:
        check(messy_client, "/api/entity/" + city[0]["value"], 200, "Entity")


def schema_of(client, name: str) -> OAS30Validator:
    document = client.get("/api/openapi.json").get_json()
    return OAS30Validator({**document["components"]["schemas"][name], "components": document["components"]})


def declared(client, path: str, method: str = "get") -> dict:
    return client.get("/api/openapi.json").get_json()["paths"][path][method]


@pytest.mark.parametrize("url", ["/api/export?format=jsonl", "/api/export?format=jsonl&q=Gorelov&hl=ru",
                                 "/api/export?format=jsonl&date=undated", "/api/export?format=jsonl&q=%22&sort=oldest"])
def test_export_lines_match_the_document(bundled_client, messy_client, url):
    for client in (bundled_client, messy_client):
        response = client.get(url)
        assert response.status_code == 200 and response.mimetype in declared(client, "/api/export")["responses"]["200"]["content"]
        validator = schema_of(client, "ExportRecord")
        for line in response.get_data(as_text=True).splitlines():
            validator.validate(json.loads(line))
    csv_response = bundled_client.get(url.replace("jsonl", "csv"))
    assert csv_response.mimetype in declared(bundled_client, "/api/export")["responses"]["200"]["content"]
    check(bundled_client, "/api/export?format=pdf", 400, "Error")


def test_feed_and_batch_match_the_document(bundled_client, messy_client):
    feed = bundled_client.get("/feed?q=court&size=5")
    assert feed.mimetype in declared(bundled_client, "/feed")["responses"]["200"]["content"]
    check(bundled_client, "/api/batch?name=Gorelov&name=Кемерово&name=nobody", 200, "BatchResult")
    check(messy_client, "/api/batch?name=Tomsk&name=", 200, "BatchResult")
    post = declared(bundled_client, "/api/batch", "post")
    assert {"text/plain", "multipart/form-data"} <= set(post["requestBody"]["content"])
    answer = bundled_client.post("/api/batch", data="Gorelov\nIrkutsk", content_type="text/plain")
    schema_of(bundled_client, "BatchResult").validate(answer.get_json())
    csv_answer = bundled_client.post("/api/batch?format=csv", data="Gorelov", content_type="text/plain")
    assert csv_answer.mimetype in post["responses"]["200"]["content"]
    too_large = bundled_client.post("/api/batch", data=b"x" * 2_100_000, content_type="text/plain")
    assert too_large.status_code == 413 and "413" in post["responses"]
    schema_of(bundled_client, "Error").validate(too_large.get_json())
