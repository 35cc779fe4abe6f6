"""The layers stay apart: the web layer sees only search (and the shared vocabulary and
configuration), never Whoosh or the stages before search; Whoosh's internals are reached in one module."""

import ast
import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "searchapp"


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_web_layer_sees_only_search():
    allowed = {"..search", "..facets", "..config", ".", ".browse", ".i18n", ".markup", ".params"}
    for path in (PACKAGE / "web").glob("*.py"):
        ours = {m for m in imports(path) if m.startswith(".")}
        assert ours <= allowed, f"{path.name} imports {ours - allowed}"
        assert not any(m.startswith("whoosh") for m in imports(path)), path.name


def test_whoosh_private_internals_are_reached_in_one_module():
    private = re.compile(r"\._(?:perdoc|cached_reader|dbfile|basepos|read_ids|read_weights|next_block)\b|m\._ids\b")
    for path in PACKAGE.rglob("*.py"):
        if path.name != "whoosh_internals.py":
            assert not private.search(path.read_text(encoding="utf-8")), path.name


def test_searching_loads_neither_the_build_nor_the_entity_models():
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, searchapp.search, searchapp.web; print(' '.join(sorted(sys.modules)))"],
        capture_output=True, text=True, check=True).stdout.split()
    heavy = [m for m in loaded if m.startswith(("searchapp.index", "searchapp.entities", "spacy", "natasha", "slovnet"))]
    assert heavy == []


def test_no_module_is_larger_than_a_newcomer_can_hold():
    large = {p.relative_to(PACKAGE).as_posix(): n for p in PACKAGE.rglob("*.py")
             if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert large == {}


def test_every_package_goes_into_the_wheel():
    """pyproject.toml lists the packages by name: one left out installs a wheel that cannot import it."""
    import tomllib

    listed = set(tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    packages = {".".join(p.parent.relative_to(PACKAGE.parent).parts) for p in PACKAGE.rglob("__init__.py")}
    assert packages <= listed, f"not in pyproject.toml's packages: {sorted(packages - listed)}"
