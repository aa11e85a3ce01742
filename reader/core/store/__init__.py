"""Storage: the rebuildable catalog and the precious annotation database.

``catalog`` (articles + entities, cache dir), ``annotations`` (highlights,
notes, tags, reading state, saved searches, entity corrections, data dir),
``anchoring`` (finding quotes again after text changes), ``corrections``
(replaying the user's entity fixes over analysis), ``export`` (Markdown, W3C
Web Annotation JSON, CSV, per-entity notebooks) and ``db`` (the one careful
way to open SQLite). Modules are imported directly
(``from reader.core.store.catalog import Catalog``) so that importing one does
not pay for the others.
"""
