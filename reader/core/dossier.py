"""An entity's dossier: every mention in context, its quotes, who else is named beside it,
and when it was in the news.

Pure functions over value types: :meth:`Library.dossier` reads the entity, its articles
(with the user's corrections applied) and hands them here, so the CLI and the window show
the same thing and tests can build a dossier from hand-made articles.

Co-mentions are counted **per article**: an entity's count is the number of the dossier
entity's articles that also name it. Per sentence was the other choice, but news prose names
a person once and then says "he" or "the president" for paragraphs, so sentence counts miss
most of what an article puts side by side, and they reward long articles that repeat names.
"The articles that name both" is also what the user can check, by opening them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from reader.core.sentences import sentence_at, sentence_spans
from reader.core.types import (
    Article,
    CoMention,
    Dossier,
    DossierMention,
    DossierQuote,
    Entity,
    Quote,
    TimelinePoint,
)

__all__ = ["build_dossier", "closest_names", "find_entity", "mention_context"]

#: A sentence up to this long is the context as it is; a longer one is cut to
#: :data:`CONTEXT_SIDE` characters either side of the mention.
CONTEXT_WHOLE = 200
CONTEXT_SIDE = 80
ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")


def find_entity(entities: Sequence[Entity], name: str) -> Entity | None:
    """The entity called ``name``: by exact name, else ignoring case, else by an alias.

    When several match at the same step (one name under two types, an alias two people
    share), the one the library names most often wins: it is the likelier meaning.
    """
    wanted = name.strip()
    if not wanted:
        return None
    folded = wanted.casefold()
    for matches in (
        lambda e: e.name == wanted,
        lambda e: e.name.casefold() == folded,
        lambda e: any(a.casefold() == folded for a in e.aliases),
    ):
        found = [e for e in entities if matches(e)]
        if found:
            return max(found, key=lambda e: e.count)
    return None


def closest_names(entities: Sequence[Entity], name: str, limit: int = 3) -> list[str]:
    """The entity names nearest to ``name`` (a typo, a partial name), for "did you mean"."""
    from rapidfuzz import fuzz, process, utils

    names = list(dict.fromkeys(e.name for e in entities))
    found = process.extract(
        name, names, scorer=fuzz.WRatio, processor=utils.default_process, limit=limit, score_cutoff=70
    )
    return [str(match) for match, _score, _index in found]


def mention_context(
    text: str, start: int, end: int, sentences: list[tuple[int, int]] | None = None
) -> tuple[str, tuple[int, int]]:
    """The sentence around ``text[start:end]`` and where the mention is inside it.

    Whitespace is collapsed (articles keep their line breaks). In a sentence longer than
    :data:`CONTEXT_WHOLE` characters, a side longer than :data:`CONTEXT_SIDE` is cut at a
    word boundary and marked with ``…``.
    ``sentences`` are the article's :func:`sentence_spans`, passed in when one article
    has many mentions.
    """
    spans = sentence_spans(text) if sentences is None else sentences
    s, e = sentence_at(spans, start)
    if s == e:  # between sentences (should not happen): the mention's paragraph
        s = text.rfind("\n", 0, start) + 1
        e = len(text) if text.find("\n", end) < 0 else text.find("\n", end)
    s, e = min(s, start), max(e, end)
    left, right = text[s:start], text[end:e]
    whole = e - s <= CONTEXT_WHOLE
    if len(left) > CONTEXT_SIDE and not whole:
        cut = left[-CONTEXT_SIDE:]
        if not left[-CONTEXT_SIDE - 1].isspace():
            cut = cut.split(None, 1)[1] if len(cut.split(None, 1)) == 2 else cut
        left = ELLIPSIS + cut.lstrip()
    if len(right) > CONTEXT_SIDE and not whole:
        cut = right[:CONTEXT_SIDE]
        if not right[CONTEXT_SIDE].isspace():
            cut = cut.rsplit(None, 1)[0] if len(cut.rsplit(None, 1)) == 2 else cut
        right = cut.rstrip() + ELLIPSIS
    left = _SPACE.sub(" ", left).lstrip()
    right = _SPACE.sub(" ", right).rstrip()
    mention = _SPACE.sub(" ", text[start:end])
    return left + mention + right, (len(left), len(left) + len(mention))


def build_dossier(
    entity: Entity, articles: Sequence[Article], quotes: Sequence[tuple[str, str, Quote]]
) -> Dossier:
    """The dossier of ``entity`` from the articles that name it (in library order) and its quotes.

    ``quotes`` are ``(article id, title, quote)`` as :meth:`Library.quotes_by` gives them.
    The timeline runs oldest date first, with the undated articles (``date`` None) last.
    """
    mentions: list[DossierMention] = []
    together: Counter[str] = Counter()
    types: dict[str, str] = {}
    per_date: defaultdict[str | None, int] = defaultdict(int)
    for article in articles:
        own = sorted((m for m in article.mentions if m.entity == entity.name), key=lambda m: m.start)
        if not own:
            continue
        paragraphs: dict[int, list[tuple[int, int]]] = {}
        for m in own:
            sentences = _paragraph_sentences(article.text, m.start, paragraphs)
            context, mark = mention_context(article.text, m.start, m.end, sentences)
            mentions.append(DossierMention(article.id, article.title, m.start, m.end, context, mark))
        per_date[article.date] += len(own)
        named = {e.name: e.type for e in article.entities if e.name != entity.name}
        for other_name, other_type in named.items():
            types.setdefault(other_name, other_type)
            together[other_name] += 1
    co_mentions = sorted(
        (CoMention(n, types[n], c) for n, c in together.items()),
        key=lambda c: (-c.count, c.name.casefold(), c.name),
    )
    dated = sorted(d for d in per_date if d is not None)
    timeline = [TimelinePoint(d, per_date[d]) for d in dated]
    if None in per_date:
        timeline.append(TimelinePoint(None, per_date[None]))
    return Dossier(
        name=entity.name,
        type=entity.type,
        aliases=tuple(a for a in entity.aliases if a != entity.name),
        mentions=tuple(mentions),
        quotes=tuple(DossierQuote(aid, title, q.speaker, q.text, q.start, q.end) for aid, title, q in quotes),
        co_mentions=tuple(co_mentions),
        timeline=tuple(timeline),
    )


def _paragraph_sentences(
    text: str, offset: int, cache: dict[int, list[tuple[int, int]]]
) -> list[tuple[int, int]]:
    """The sentences of the paragraph holding ``offset``, as offsets into ``text``.

    Sentences never cross a paragraph break, so splitting only the paragraphs that hold a
    mention gives the same spans as splitting the whole article, at a fraction of the cost
    (the splitter was a third of a dossier's time on Wikinews).
    """
    start = text.rfind("\n", 0, offset) + 1
    if start not in cache:
        end = text.find("\n", offset)
        end = len(text) if end < 0 else end
        cache[start] = [(start + s, start + e) for s, e in sentence_spans(text[start:end])]
    return cache[start]
