"""House rules that CI enforces: ruff is clean on the whole tree, mypy on all of reader/, modules stay small.

What mypy checks is pyproject's [tool.mypy] (``packages = ["reader"]``, with a named
override for modules being split), so a bare ``mypy`` here and by hand agree.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import REPO


@pytest.mark.skipif(shutil.which("ruff") is None, reason="ruff is not installed (pip install -e '.[test]')")
def test_ruff_is_clean() -> None:
    out = subprocess.run(
        ["ruff", "check", "--output-format", "concise", "."], cwd=REPO, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_mypy_is_clean_on_all_of_reader() -> None:
    pytest.importorskip("mypy")
    out = subprocess.run([sys.executable, "-m", "mypy"], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr


# A module past this many lines does more than its name says; split it by what its parts do.
MODULE_LINES = 600


def test_every_module_of_reader_is_under_the_size_limit() -> None:
    sizes = {
        str(path.relative_to(REPO)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted((REPO / "reader").rglob("*.py"))
    }
    assert {name: n for name, n in sizes.items() if n >= MODULE_LINES} == {}
