"""Lede's query language: Whoosh syntax plus a few reader-friendly shortcuts.

What the user types goes through three steps:

1. :func:`check_syntax` — a small lexer that catches what Whoosh's very forgiving
   parser would silently mis-read (``AND OR (`` becomes a search for the word
   "and"). Malformed input raises :class:`QueryError` with a one-line message,
   so the CLI can exit 2 and the search bar can fall back to plain words.
2. :func:`rewrite` — shortcuts become real fields: ``is:unread`` → ``read:false``,
   ``is:starred`` → ``starred:true``, ``has:notes`` → ``has_notes:true``, and
   friendly field aliases (``tags:``, ``entity:``, ``people:``…) map to schema
   fields. Quoted text is left untouched.
3. :class:`QueryBuilder` — a ``MultifieldParser`` over title/entities/body/notes with
   fuzzy terms (``Zelensky~``), date ranges and a filter that sends quoted phrases
   to the unstemmed ``*_exact`` fields, so ``"war crime"`` means exactly that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from whoosh import qparser, query
from whoosh.fields import Schema
from whoosh.qparser import syntax

from reader.core.errors import QueryError
from reader.core.search import accel
from reader.core.search.schema import DEFAULT_FIELD_BOOSTS, EXACT_TWINS, USER_FIELDS

# Whoosh's operators are upper case and need spaces around them.
_BINARY_OPS = frozenset({"AND", "OR", "ANDNOT", "ANDMAYBE"})
_NOT = "NOT"

# Shortcut pseudo-fields and what they mean.
_IS_VALUES: dict[str, str] = {
    "unread": "read:false",
    "read": "read:true",
    "starred": "starred:true",
    "unstarred": "starred:false",
}
_HAS_VALUES: dict[str, str] = {"notes": "has_notes:true", "note": "has_notes:true"}

# Friendly names for schema fields.
FIELD_ALIASES: dict[str, str] = {
    "tags": "tag",
    "entity": "entities",
    "note": "notes",
    "people": "person",
    "persons": "person",
    "places": "place",
    "location": "place",
    "orgs": "org",
    "organisation": "org",
    "organization": "org",
    "groups": "group",
    "contacts": "contact",
    "email": "contact",
    "url": "contact",
    "phone": "contact",
    "handle": "contact",
    "account": "contact",
}

# One lexical token of a query: a phrase (possibly unclosed), a field range
# (possibly unclosed), a parenthesis, or a run of anything else.
_LEXER = re.compile(
    r"""
    (?P<phrase>"[^"]*"(?:~\d+)?)
  | (?P<badquote>")
  | (?P<range>[\w]+:[\[{][^\]}]*[\]}])
  | (?P<badrange>[\w]+:[\[{][^\]}]*$)
  | (?P<open>\()
  | (?P<close>\))
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)

_FIELD_PREFIX = re.compile(r"^(?P<field>\w+):")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


def _lex(text: str) -> list[_Token]:
    tokens = []
    for m in _LEXER.finditer(text):
        kind = m.lastgroup or "word"
        tokens.append(_Token(kind, m.group(0)))
    return tokens


def _is_operand_start(tok: _Token | None) -> bool:
    if tok is None:
        return False
    if tok.kind == "word":
        return tok.text not in _BINARY_OPS
    return tok.kind in {"phrase", "range", "open"}


def _field_of(word: str) -> str | None:
    m = _FIELD_PREFIX.match(word)
    if not m:
        return None
    name = m.group("field").lower()
    return FIELD_ALIASES.get(name, name)


def check_syntax(text: str) -> None:
    """Raise :class:`QueryError` if ``text`` is not a well-formed query.

    Checks what Whoosh would otherwise guess at: unbalanced quotes, parentheses
    and range brackets, operators without operands, unknown
    ``is:``/``has:`` values.
    """
    tokens = _lex(text)
    depth = 0
    for i, tok in enumerate(tokens):
        prev = tokens[i - 1] if i > 0 else None
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if tok.kind == "badquote":
            raise QueryError('unclosed quote (")')
        if tok.kind == "badrange":
            raise QueryError(f"unclosed range in {tok.text.strip()!r}")
        if tok.kind == "open":
            depth += 1
            if nxt is not None and nxt.kind == "close":
                raise QueryError("empty parentheses ()")
        elif tok.kind == "close":
            depth -= 1
            if depth < 0:
                raise QueryError("unbalanced parenthesis: ')' without '('")
        elif tok.kind == "word":
            word = tok.text
            if word in _BINARY_OPS:
                left_ok = prev is not None and (
                    prev.kind in {"phrase", "range", "close"}
                    or (prev.kind == "word" and prev.text not in _BINARY_OPS | {_NOT})
                )
                right_ok = _is_operand_start(nxt) or (nxt is not None and nxt.text == _NOT)
                if not (left_ok and right_ok):
                    raise QueryError(f"{word} needs a search term on both sides")
            elif word == _NOT:
                if not (_is_operand_start(nxt) or (nxt is not None and nxt.text == _NOT)):
                    raise QueryError("NOT needs a search term after it")
            else:
                _check_field_word(word)
    if depth > 0:
        raise QueryError("unbalanced parenthesis: '(' without ')'")


def _check_field_word(word: str) -> None:
    m = _FIELD_PREFIX.match(word)
    if not m:
        return
    name = m.group("field").lower()
    value = word[m.end() :]
    if name in {"is", "has"}:
        table = _IS_VALUES if name == "is" else _HAS_VALUES
        if value.lower() not in table:
            choices = ", ".join(f"{name}:{v}" for v in table)
            raise QueryError(f"unknown {name}:{value or '…'} (use {choices})")
        return


def rewrite(text: str) -> str:
    """Turn shortcuts and field aliases into schema fields; leave phrases alone."""
    out: list[str] = []
    pos = 0
    for m in _LEXER.finditer(text):
        out.append(text[pos : m.start()])
        pos = m.end()
        tok = m.group(0)
        if m.lastgroup in {"word", "range", "badrange"}:
            tok = _rewrite_word(tok)
        out.append(tok)
    out.append(text[pos:])
    return "".join(out)


def _rewrite_word(word: str) -> str:
    m = _FIELD_PREFIX.match(word)
    if not m:
        return word
    name = m.group("field").lower()
    value = word[m.end() :]
    if name == "is" and value.lower() in _IS_VALUES:
        return _IS_VALUES[value.lower()]
    if name == "has" and value.lower() in _HAS_VALUES:
        return _HAS_VALUES[value.lower()]
    field = FIELD_ALIASES.get(name, name)
    if field in USER_FIELDS:
        return f"{field}:{value}"
    return word


def plain_words(text: str) -> list[str]:
    """The words of ``text`` with all syntax removed: what the fallback searches.

    Operators and field prefixes are dropped (``title:war`` keeps ``war``), so a
    malformed query still searches for what the user obviously meant.
    """
    words: list[str] = []
    for raw in text.split():
        if raw.strip("()") in _BINARY_OPS | {_NOT}:
            continue
        field = _field_of(raw.lstrip('("'))
        if field is not None and (field in USER_FIELDS or field in {"is", "has"}):
            raw = raw.lstrip('("')[raw.lstrip('("').index(":") + 1 :]
            if field in {"is", "has"}:
                continue
        words.extend(_WORD.findall(raw))
    return words


def suggestable_words(text: str) -> Iterator[tuple[int, int, str]]:
    """Yield ``(start, end, word)`` for plain unfielded words that a spelling fix may replace.

    Fielded values, wildcards, fuzzy terms and operators are skipped: the user
    typed those on purpose.
    """
    for m in _LEXER.finditer(text):
        if m.lastgroup != "word":
            continue
        tok = m.group(0)
        if tok in _BINARY_OPS or tok == _NOT or ":" in tok or any(c in tok for c in "*?~^"):
            continue
        for w in _WORD.finditer(tok):
            yield m.start() + w.start(), m.start() + w.end(), w.group(0)


class _ExactPhrasePlugin(qparser.Plugin):
    """Send quoted phrases in stemmed fields to their unstemmed ``*_exact`` twin.

    Runs after the multifield filter (priority 110) so it also sees the copies
    made for unfielded phrases; boosts set by the multifield plugin are kept.
    """

    def filters(self, parser: qparser.QueryParser) -> list[tuple[object, int]]:
        return [(self._redirect, 120)]

    def _redirect(self, parser: qparser.QueryParser, group: syntax.GroupNode) -> syntax.GroupNode:
        for i, node in enumerate(group):
            if isinstance(node, syntax.GroupNode):
                group[i] = self._redirect(parser, node)
            elif isinstance(node, qparser.PhrasePlugin.PhraseNode) and node.fieldname in EXACT_TWINS:
                node.set_fieldname(EXACT_TWINS[node.fieldname], override=True)
        return group


def _walk(q: query.Query) -> Iterator[query.Query]:
    yield q
    for child in q.children():
        yield from _walk(child)


class QueryBuilder:
    """Parses query strings against one schema; cheap to keep, not thread-safe to share mid-parse."""

    def __init__(self, schema: Schema, fieldboosts: dict[str, float] | None = None) -> None:
        boosts = dict(DEFAULT_FIELD_BOOSTS if fieldboosts is None else fieldboosts)
        self.default_fields = list(boosts)
        self._parser = qparser.MultifieldParser(self.default_fields, schema, fieldboosts=boosts)
        self._parser.add_plugin(qparser.FuzzyTermPlugin())
        self._parser.add_plugin(qparser.GtLtPlugin())
        self._parser.add_plugin(_ExactPhrasePlugin())

    def parse(self, text: str) -> query.Query:
        """Strictly parse ``text``; raise :class:`QueryError` on anything malformed."""
        check_syntax(text)
        try:
            q = self._parser.parse(rewrite(text))
        except QueryError:
            raise
        except Exception as exc:  # whoosh raises bare Exception for e.g. bad dates
            raise QueryError(_one_line(str(exc)) or "query could not be parsed") from exc
        for node in _walk(q):
            error = getattr(node, "error", None)
            if error:
                raise QueryError(_one_line(str(error)))
        return _tune(q)

    def parse_plain(self, text: str) -> query.Query | None:
        """Parse only the plain words of ``text`` (the fallback); None if there are none."""
        words = plain_words(text)
        if not words:
            return None
        q = self._parser.parse(" ".join(words))
        return None if q is query.NullQuery else _tune(q)


def _tune(q: query.Query) -> query.Query:
    """The faster phrase/expansion queries when the speed-ups are on; then every OR a union-matcher tree.

    In that order: ``Query.apply`` builds new compound queries, which would drop the matcher choice.
    """
    return union_matchers(accel.tune_query(q))


def union_matchers(q: query.Query) -> query.Query:
    """``q`` with every OR matched by a tree of union matchers (Whoosh's public ``matcher_type``).

    Needed for correct answers, not only speed: Whoosh's automatic choice
    pre-loads an OR's matches into arrays on indexes under 5,000 documents, and
    in Whoosh-Reloaded 2.7.5 an AND of such ORs loses matches (``red fox`` over
    title/body/... found 14 of 32 articles, and the top 10 missed the best
    ones). The array matcher also cannot skip blocks that cannot reach the top N.
    """
    out = q.apply(union_matchers)
    if isinstance(out, query.Or):
        out.matcher_type = query.Or.DEFAULT_MATCHER
    return out


def _one_line(message: str) -> str:
    return " ".join(message.split())
