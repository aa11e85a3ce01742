"""PyInstaller runtime hook: a stand-in for ``scipy.integrate`` in the desktop bundle.

datasketch (wire copies) imports ``scipy.integrate.quad`` when it is imported, but only
calls it to choose an LSH's bands and rows from a threshold. Lede passes those explicitly
(``reader.core.copies.DEFAULT.lsh_bands``, checked against datasketch's own choice by a
test), so the bundle leaves SciPy out (75 MB) and gives datasketch this stand-in, which
fails loudly if anything ever does integrate.
"""

import sys
import types


def _install() -> None:
    try:
        import scipy.integrate  # noqa: F401  (never in the bundle; a source install has it)
    except ImportError:
        scipy = types.ModuleType("scipy")
        integrate = types.ModuleType("scipy.integrate")

        def quad(*_args: object, **_kwargs: object) -> None:
            raise RuntimeError("SciPy is not in the Lede bundle: give MinHashLSH its params explicitly")

        integrate.quad = quad  # type: ignore[attr-defined]
        scipy.integrate = integrate  # type: ignore[attr-defined]
        sys.modules["scipy"] = scipy
        sys.modules["scipy.integrate"] = integrate


_install()
