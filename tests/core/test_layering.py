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
