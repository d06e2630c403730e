"""The package's shape, as issue 20 asks it to stay: no import cycles (lazy imports
inside functions count: they are still a dependency), no folder of more than 25
modules, nothing below the face imports the CLI, themes know no renderer."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import essaykit

ROOT = Path(essaykit.__file__).resolve().parent


def _modules() -> dict[str, Path]:
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> Iterator[str]:
    """The essaykit modules ``name`` imports, anywhere in its body."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in _nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            bases = [alias.name for alias in node.names]
            names: list[str] = []
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                bases = [".".join(base + ([node.module] if node.module else []))]
            else:
                bases = [node.module or ""]
            names = [alias.name for alias in node.names]
        else:
            continue
        for base in bases:
            if not base.startswith("essaykit"):
                continue
            subs = [f"{base}.{n}" for n in names if f"{base}.{n}" in MODULES]
            yield from subs or ([base] if base in MODULES else [])


def _nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node but those under ``if TYPE_CHECKING:`` (names for the type checker)."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            yield from (n for child in node.orelse for n in (child, *_nodes(child)))
            continue
        yield node
        yield from _nodes(node)


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for name, path in MODULES.items():
        graph[name] = {m for m in _imports(name, path) if m != name}
    return graph


def test_no_import_cycles() -> None:
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == [], cycles


def test_no_folder_of_more_than_25_modules() -> None:
    for folder in [ROOT, *(p for p in ROOT.rglob("*") if p.is_dir() and p.name != "__pycache__")]:
        modules = [p for p in folder.glob("*.py") if p.name != "__init__.py"]
        assert len(modules) <= 25, folder


def test_nothing_below_the_face_imports_the_cli() -> None:
    graph = _graph()
    users = {name for name, deps in graph.items()  # the command line is the face, with `python -m`
             if not name.startswith(("essaykit.cli", "essaykit.__main__")) and any(d.startswith("essaykit.cli") for d in deps)}
    assert users == set()


def test_themes_know_no_renderer_and_books_render_through_the_registry() -> None:
    graph = _graph()
    assert not {d for d in graph["essaykit.theme"] if d.startswith("essaykit.renderers")}
    for name, deps in graph.items():
        if name.startswith("essaykit.book"):
            direct = {d for d in deps if d.startswith("essaykit.renderers.")
                      and d.split(".")[2] in ("pdf", "epub", "pptx", "slides")}
            assert direct == set(), name
