"""``python -m reader`` is the same as the ``lede`` command."""

from reader.cli import main

raise SystemExit(main())
