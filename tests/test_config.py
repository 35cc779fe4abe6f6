"""One configuration for the CLI, the web app and the gazetteer (searchapp.config)."""

from pathlib import Path

from searchapp import cli
from searchapp.config import Config
from searchapp.web import create_app


def test_settings_come_from_the_environment():
    config = Config.from_env({"SEARCHAPP_INDEX": "/srv/index", "SEARCHAPP_MAX_BYTES": "1000",
                              "SEARCHAPP_PAGE_SIZE": "25", "XDG_CACHE_HOME": "/var/cache"})
    assert config.index == Path("/srv/index") and config.corpus == Path("corpus")
    assert config.max_bytes == 1000 and config.page_size == 25
    assert config.cache == Path("/var/cache/searchapp")
    assert Config.from_env({"SEARCHAPP_CACHE": "/tmp/c"}).cache == Path("/tmp/c")
    assert Config.from_env({}) == Config()


def test_every_command_takes_its_defaults_from_the_configuration(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SEARCHAPP_MAX_BYTES", "10")
    monkeypatch.setenv("SEARCHAPP_INDEX", str(tmp_path / "elsewhere"))
    parser = cli.build_parser()
    for command in (["index"], ["serve"], ["extract", "x.txt"]):
        assert parser.parse_args(command).max_bytes == 10, command
    for command in (["index"], ["search"], ["entities"], ["serve"]):
        assert parser.parse_args(command).index == tmp_path / "elsewhere", command
    article = tmp_path / "a.txt"
    article.write_text("A title\n\nA text longer than ten bytes.\n", encoding="utf-8")
    assert cli.main(["extract", str(article), "--json"]) == 1
    assert "larger than the limit" in capsys.readouterr().err


def test_a_malformed_number_is_named(monkeypatch, capsys):
    monkeypatch.setenv("SEARCHAPP_MAX_BYTES", "lots")
    assert cli.main(["search", "x"]) == 2
    assert "SEARCHAPP_MAX_BYTES must be a whole number" in capsys.readouterr().err


def test_the_web_app_reads_the_same_configuration(monkeypatch, engine):
    monkeypatch.setenv("SEARCHAPP_INDEX", str(engine.index_dir))
    monkeypatch.setenv("SEARCHAPP_PAGE_SIZE", "3")
    app = create_app()
    assert app.config["INDEX"] == str(engine.index_dir) and app.config["PAGE_SIZE"] == 3
    assert len(app.test_client().get("/api/search?q=").get_json()["results"]) == 3
