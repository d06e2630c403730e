"""Every third-party package essaykit imports is declared in pyproject.toml, and every
dependency essaykit's speed-ups reach into has an upper bound there."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib import metadata

from essaykit.speedups.versions import TESTED

from .conftest import ROOT


def _declared() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    out = {}
    for spec in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", spec).group(0)  # type: ignore[union-attr]
        out[_normal(name)] = spec
    return out


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "essaykit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n not in sys.stdlib_module_names and n != "essaykit"}


def test_every_imported_package_is_declared() -> None:
    declared = _declared()
    owners = metadata.packages_distributions()
    missing = {name: owners.get(name) for name in _imported()
               if not any(_normal(d) in declared for d in owners.get(name, ()))}
    assert not missing, missing


def test_what_the_speedups_reach_into_is_pinned() -> None:
    declared = _declared()
    for dist in TESTED:
        assert "<" in declared[_normal(dist)], declared[_normal(dist)]
