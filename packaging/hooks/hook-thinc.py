"""Replaces pyinstaller-hooks-contrib's thinc hook: every submodule but the test suite.

thinc resolves its layers and backends through its registry by name, so its submodules stay
hidden imports (as in the contrib hook); only ``thinc.tests`` (which needs pytest, hypothesis
and mypy) is left out. The CUDA kernel sources stay although Lede never uses a GPU:
thinc/backends/_custom_kernels.py reads them at import time.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

hiddenimports = collect_submodules("thinc", filter=lambda name: not name.startswith("thinc.tests"))
datas = collect_data_files("thinc", excludes=["tests", "tests/**"])
