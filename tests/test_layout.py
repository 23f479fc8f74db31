"""The layout keeps the architecture (docs/architecture.md): no import circle between modules,
and every package imports only packages of a lower layer."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

#: Layers from the bottom: a package may import only packages of its own or a lower layer.
LAYERS = [
    {"sim.units", "sim.lazy"}, {"sim.scenario"}, {"sim.engine"}, {"sim.field"}, {"sim.results"},
    {"sim.running", "sim.files", "sim.records", "sim.library"}, {"sim.cli", "sim", "sim.__main__"},
    {"planner.queueing", "planner.rostering", "planner.glossary"}, {"planner.costs"}, {"planner.search", "planner.headroom"}, {"planner.portfolio"}, {"planner.proposal"},
    {"planner.plan", "planner.robust", "planner.phases", "planner.cli", "planner", "planner.__main__"}, {"ui"},
]
LAYER = {package: i for i, layer in enumerate(LAYERS) for package in layer}


def _modules() -> dict[str, Path]:
    out = {}
    for root in ("sim", "planner", "ui"):
        for path in (REPO / root).rglob("*.py"):
            parts = path.relative_to(REPO).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            out[name] = path
    return out


def _imports(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Each module's imports of our modules, at any depth of its code (a function-level import
    counts too: it runs sooner or later)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module in modules:
                for alias in node.names:
                    sub = f"{node.module}.{alias.name}"
                    graph[name].add(sub if sub in modules else node.module)
            elif isinstance(node, ast.Import):
                graph[name].update(a.name for a in node.names if a.name in modules)
        graph[name].discard(name)
    return graph


def _package(module: str) -> str:
    parts = module.split(".")
    if parts[0] == "ui":
        return "ui"
    return ".".join(parts[:2])


def test_no_import_circle():
    graph = _imports(_modules())
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(m: str) -> None:
        state[m] = 1
        path.append(m)
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                raise AssertionError("import circle: " + " -> ".join(path[path.index(d):] + [d]))
            if d not in state:
                visit(d)
        path.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)


def test_packages_import_only_lower_layers():
    graph = _imports(_modules())
    wrong = []
    for module, deps in graph.items():
        for dep in deps:
            a, b = _package(module), _package(dep)
            assert a in LAYER and b in LAYER, f"{a} or {b} has no layer in LAYERS (docs/architecture.md)"
            if LAYER[b] > LAYER[a]:
                wrong.append(f"{module} imports {dep} (layer {LAYER[b] + 1} above {LAYER[a] + 1})")
    assert not wrong, "\n".join(wrong)


def test_every_module_states_its_contract():
    missing = [str(p.relative_to(REPO)) for name, p in _modules().items()
               if not name.endswith("__main__") and not ast.get_docstring(ast.parse(p.read_text(encoding="utf-8")))]
    assert not missing, f"modules without a docstring: {missing}"


def _blocks(text: str) -> list[str]:
    """docs/architecture.md cut into paragraphs, each table row a block of its own."""
    blocks = []
    for paragraph in text.split("\n\n"):
        rows = [line for line in paragraph.splitlines() if line.startswith("|")]
        blocks.extend(rows if rows else [paragraph])
    return blocks


def test_architecture_names_every_module():
    """Each module file is named in docs/architecture.md: by its path (`sim/engine/rng.py`), its
    dotted name (`sim.units`), or its file name (`rng.py`) beside its package's directory
    (`sim/engine/`) in one paragraph or table row; a package's __init__.py by the package."""
    text = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    blocks = _blocks(text)
    unnamed = []
    for root in ("sim", "planner", "ui"):
        for path in sorted((REPO / root).rglob("*.py")):
            rel = path.relative_to(REPO)
            package = rel.parent.as_posix()
            if rel.name == "__init__.py":
                names = [f"`{package}/`", f"`{package.replace('/', '.')}`"]
            else:
                names = [rel.as_posix(), f"`{rel.with_suffix('').as_posix().replace('/', '.')}`"]
            if any(name in text for name in names):
                continue
            if any(f"`{package}/`" in block and f"`{rel.name}`" in block for block in blocks):
                continue
            unnamed.append(rel.as_posix())
    assert not unnamed, f"modules docs/architecture.md does not name: {unnamed}"
