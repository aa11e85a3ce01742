"""The core never imports Qt, and importing it stays cheap (no spaCy at import time)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORE = REPO / "reader" / "core"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_core_module_names_qt_in_an_import() -> None:
    offenders = [
        str(p.relative_to(REPO))
        for p in CORE.rglob("*.py")
        if _imported_modules(p) & {"PySide6", "shiboken6", "PyQt5", "PyQt6"}
    ]
    assert offenders == []


def test_no_core_module_imports_the_ui() -> None:
    offenders = []
    for p in CORE.rglob("*.py"):
        source = p.read_text(encoding="utf-8")
        if "reader.ui" in source:
            offenders.append(str(p.relative_to(REPO)))
    assert offenders == []


def test_importing_every_core_module_loads_neither_qt_nor_spacy() -> None:
    modules = sorted(
        ".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")
        for p in CORE.rglob("*.py")
    )
    script = (
        "import importlib, json, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(k for k in sys.modules if k.split('.')[0] in "
        "('PySide6', 'shiboken6', 'spacy', 'thinc'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


# -- the import graph --------------------------------------------------------------------------------------
#
# Every reader/**.py module is parsed with ast; an edge is "module A imports module B" (relative imports
# resolved, `from pkg import name` counted as pkg.name when that is a module). Imports under
# `if TYPE_CHECKING:` and inside functions do not run at import time: they count for the layering rules
# (a dependency is a dependency) but not for cycles, where a function-level import is the allowed way out.

READER = REPO / "reader"

# What the UI and the CLI may import from the core: the facade and the values that cross layers.
UI_MAY_IMPORT = {"reader.core.library", "reader.core.types", "reader.core.errors"}
# The CLI: the parser and its commands, and the command bodies kept in modules of their own.
CLI_MODULES = ("reader.cli", "reader.cli_entities")

# Found when this contract was written (issue 14); each is a deliberate, named exception, not a licence.
UI_ALLOWANCES = {
    # crash-safe file writing (exports, saved keymaps): a utility with no state, not a layer.
    "reader.core.atomic": "reader.cli, reader.cli_entities, reader.ui.main_window",
    # sentence boundaries for the reader pane's focus bar and for read aloud, which speaks the same
    # sentences the bar moves by; pure text, same rules as the core's anchoring.
    "reader.core.sentences": "reader.ui.widgets.reader_pane, reader.ui.controllers.aloud",
    # parsing a lede:// link given as the command line's SOURCE: pure text, before any library exists.
    "reader.core.links": "reader.cli",
}


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__")


MODULES = {_module_name(p): p for p in READER.rglob("*.py")}


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _deferred(node: ast.AST) -> bool:
    """A body that does not run when its module is imported: a function, or `if TYPE_CHECKING:`."""
    if isinstance(node, ast.If):
        return _is_type_checking(node)
    return isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> set[str]:
    """The reader modules one import statement loads."""
    if isinstance(node, ast.Import):
        return {a.name for a in node.names if a.name.split(".")[0] == "reader"}
    if node.level:
        package = module if MODULES[module].name == "__init__.py" else module.rpartition(".")[0]
        for _ in range(node.level - 1):
            package = package.rpartition(".")[0]
        base = f"{package}.{node.module}" if node.module else package
    else:
        base = node.module or ""
    if base.split(".")[0] != "reader":
        return set()
    out = set()
    for alias in node.names:
        sub = f"{base}.{alias.name}"
        out.add(sub if sub in MODULES else base)
    return out


def _imports(module: str) -> list[tuple[str, bool]]:
    """(imported reader module, runs at import time) for every import statement in ``module``."""
    found: list[tuple[str, bool]] = []

    def visit(node: ast.AST, eager: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.Import, ast.ImportFrom)):
                found.extend((target, eager) for target in _targets(module, child))
            elif _deferred(child):
                visit(child, False)
            else:
                visit(child, eager)

    visit(ast.parse(MODULES[module].read_text(encoding="utf-8")), True)
    return found


GRAPH = {m: _imports(m) for m in MODULES}


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_the_ui_and_the_cli_reach_the_core_only_through_the_facade() -> None:
    offenders = sorted(
        f"{m} -> {target}"
        for m in GRAPH
        if _within(m, "reader.ui") or m in CLI_MODULES
        for target, _eager in GRAPH[m]
        if _within(target, "reader.core") and target not in UI_MAY_IMPORT | set(UI_ALLOWANCES)
    )
    assert offenders == []


def test_every_allowance_is_still_needed() -> None:
    used = {
        target for m in GRAPH if _within(m, "reader.ui") or m in CLI_MODULES for target, _eager in GRAPH[m]
    }
    assert set(UI_ALLOWANCES) <= used, "drop the allowances nothing uses any more"


def test_search_and_store_never_import_each_other() -> None:
    pairs = [("reader.core.search", "reader.core.store"), ("reader.core.store", "reader.core.search")]
    offenders = sorted(
        f"{m} -> {target}"
        for a, b in pairs
        for m in GRAPH
        if _within(m, a)
        for target, _eager in GRAPH[m]
        if _within(target, b)
    )
    assert offenders == []


def test_whoosh_is_imported_only_by_the_search_package() -> None:
    offenders = sorted(
        m
        for m, path in MODULES.items()
        if not _within(m, "reader.core.search") and "whoosh" in _imported_modules(path)
    )
    assert offenders == []


def test_search_reaches_whoosh_internals_only_through_the_accel_seam() -> None:
    offenders = sorted(
        f"{m} -> {target}"
        for m in GRAPH
        if _within(m, "reader") and not _within(m, "reader.core.search.accel")
        for target, _eager in GRAPH[m]
        if _within(target, "reader.core.search.accel") and target != "reader.core.search.accel"
    )
    assert offenders == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_tarjan_finds_a_cycle_and_ignores_a_chain() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": set()}) == []


def test_no_import_cycles_among_reader_modules_at_import_time() -> None:
    eager = {m: {t for t, now in GRAPH[m] if now and t in MODULES and t != m} for m in GRAPH}
    assert _cycles(eager) == []
