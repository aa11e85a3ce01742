"""``python -m reader`` is the same as the ``lede`` command, and the frozen bundle's entry point."""

import multiprocessing

from reader.cli import main

if __name__ == "__main__":
    # A frozen bundle has no interpreter to run a spawned worker: without this, a worker
    # started by the "spawn" or "forkserver" method would run the whole `lede` command
    # again. Builds fork on Linux (no re-entry), but other platforms spawn. A no-op
    # when not frozen.
    multiprocessing.freeze_support()
    raise SystemExit(main())
