"""Storage: the rebuildable catalog and the precious annotation database.

``catalog`` (articles + entities, cache dir); ``annotations`` (the precious
data-dir database: a shell over ``highlights``, ``article_notes``,
``reading``, ``saved_searches``, ``corrections`` and ``reanchor``, with its
tables and migrations in ``annotations_schema``); ``anchoring`` (finding quotes
again after text changes); ``corrections`` (also replaying the user's entity
fixes over analysis); ``export`` (Markdown, W3C Web Annotation JSON, CSV,
per-entity notebooks) and ``db`` (the one careful way to open SQLite).
Modules are imported directly (``from reader.core.store.catalog import
Catalog``) so that importing one does not pay for the others.
"""
