"""Value types that cross layers.

Every type here is a frozen dataclass so that the UI, the CLI and the build
process can pass them around without one layer mutating what another holds.
Offsets (``start``/``end``) always index into the owning article's ``text``;
line numbers are 1-based lines of the source file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class SourceInfo:
    """Where an article collection came from, and a content hash that keys its cache."""

    path: str
    sha256: str


@dataclass(frozen=True)
class DroppedLine:
    """A source line the cleaner removed, kept so a user can see and restore it."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class ArticleDraft:
    """An article as ingest produces it: text only, before analysis.

    ``paragraphs`` are the article's paragraphs in order; ``lines`` holds, for each
    paragraph, the 1-based source line it came from (structured inputs without
    meaningful lines use the record number). ``text`` is ``"\\n".join(paragraphs)``.
    ``raw_paragraphs`` keeps each paragraph as it was before glue repair, so that
    anchors can be related back to the original file.
    """

    paragraphs: tuple[str, ...]
    lines: tuple[int, ...]
    title: str = ""
    title_derived: bool = True
    date: str | None = None
    author: str | None = None
    url: str | None = None
    raw_paragraphs: tuple[str, ...] = ()
    title_line: int | None = None  # the dump's headline line this title was taken from, if any

    @property
    def text(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def start_line(self) -> int:
        """Where the article starts in the source: its headline line when the dump has one."""
        if self.title_line is not None:
            return self.title_line
        return self.lines[0] if self.lines else 0

    @property
    def end_line(self) -> int:
        return self.lines[-1] if self.lines else 0


@dataclass(frozen=True)
class Doubt:
    """A break between articles the segmenter was unsure of, at the paragraph on source ``line``.

    ``at_start``: the paragraph starts an article, which may rather go on from the one before;
    otherwise it is inside one, where a new story may start. Only plain dumps have doubts.
    """

    line: int
    at_start: bool


@dataclass(frozen=True)
class DoubtfulBreak:
    """A :class:`Doubt` placed in the library: the article holding that paragraph.

    The reader reviews these in file order: at one with ``at_start``, the article may go on
    from the one before (Ctrl+Backspace joins them); otherwise a story may start at that
    paragraph (Ctrl+Return starts one).
    """

    article_id: str
    line: int
    at_start: bool


@dataclass(frozen=True)
class IngestResult:
    """What ingest returns for one source: the drafts, everything it dropped, its doubtful breaks."""

    drafts: tuple[ArticleDraft, ...]
    dropped: tuple[DroppedLine, ...]
    format: str = "text"
    doubts: tuple[Doubt, ...] = ()


@dataclass(frozen=True)
class Mention:
    """One occurrence of an entity in an article's text."""

    start: int
    end: int
    entity: str  # canonical name
    type: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, ...


@dataclass(frozen=True)
class Entity:
    """A canonical entity with every surface form seen and how often it occurs."""

    name: str
    type: str
    aliases: tuple[str, ...] = ()
    count: int = 0
    role: str | None = None  # e.g. "Prime Minister" when the text gives one


@dataclass(frozen=True)
class Quote:
    """A direct quote and who said it (``speaker`` may be empty when unknown)."""

    speaker: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Figure:
    """A number, percentage, quantity, amount of money or date, and what it quantifies."""

    text: str
    value: float | None
    unit: str
    start: int
    end: int
    sentence: str = ""


@dataclass(frozen=True)
class Analysis:
    """What analysis adds to one article."""

    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class Article:
    """A clean, analysed article. ``id`` is stable across edits that do not touch it."""

    id: str
    title: str
    text: str
    start_line: int
    end_line: int
    lines: tuple[int, ...] = ()
    title_derived: bool = True
    date: str | None = None
    author: str | None = None
    url: str | None = None
    position: int = 0  # order in the source
    entities: tuple[Entity, ...] = ()
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        return self.text.split("\n")


@dataclass(frozen=True)
class ArticleSummary:
    """What the article list needs, without the body."""

    id: str
    title: str
    position: int
    start_line: int
    end_line: int
    date: str | None = None
    words: int = 0
    copy_of: str | None = None  # the original this article is a wire copy (or update) of
    versions: int = 1  # on an original: itself and its copies (see reader.core.copies)


@dataclass(frozen=True)
class Hit:
    """One search result. ``snippet`` marks matched terms with ``[[`` and ``]]``.

    ``copies``: how many other versions of the same story matched and were folded into
    this hit (search shows one hit per group of copies unless asked for ``copies:all``).
    """

    id: str
    title: str
    score: float
    snippet: str = ""
    copies: int = 0


@dataclass(frozen=True)
class SearchResult:
    """Hits plus what the user should be told about the query."""

    hits: tuple[Hit, ...]
    total: int
    query: str
    notice: str = ""  # e.g. "Query could not be parsed; searched the plain words"
    suggestion: str = ""  # "did you mean" text, empty if none


@dataclass(frozen=True)
class Highlight:
    """A highlighted span, anchored W3C-style (TextQuote + TextPosition).

    ``orphan`` is true when re-anchoring after a rebuild could not place it; an
    orphan keeps its text and note and is never deleted automatically.
    """

    id: int
    article_id: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    color: int = 1
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""
    orphan: bool = False


@dataclass(frozen=True)
class Note:
    """A note on a whole article."""

    article_id: str
    text: str
    updated: str = ""


@dataclass(frozen=True)
class Changes:
    """What a write changed, so each view can decide whether to refresh (Anki's OpChanges).

    Every ``Library`` write returns one (alone, or inside :class:`Written`), so a view
    never has to guess from the action it was: the notes panel looks at ``highlights``,
    the sidebar at ``entities``, the list's marks at ``states``.

    ``articles``: articles whose content or search document changed (highlights, notes,
    entity corrections re-index them); ``highlights``: highlight ids written or removed;
    ``notes``: articles whose article note changed; ``states``: articles whose read/star
    state changed — kept apart from ``articles`` so marking an article read is not taken
    for a change of what it says; ``entities``: entity names a correction affected;
    ``saved_searches``: the list of saved searches changed.
    """

    articles: frozenset[str] = field(default_factory=frozenset)
    highlights: frozenset[int] = field(default_factory=frozenset)
    notes: frozenset[str] = field(default_factory=frozenset)
    states: frozenset[str] = field(default_factory=frozenset)
    entities: frozenset[str] = field(default_factory=frozenset)
    saved_searches: bool = False

    def __bool__(self) -> bool:
        """False when nothing changed, so a no-op write refreshes nothing."""
        return (
            bool(self.articles or self.highlights or self.notes or self.states or self.entities)
            or self.saved_searches
        )


@dataclass(frozen=True)
class Written(Generic[T]):
    """A write that made something the caller needs (a new highlight, a correction) and
    what it changed: Anki's OpChangesWithId. Writes that make nothing return ``Changes``."""

    value: T
    changes: Changes


@dataclass(frozen=True)
class SavedSearch:
    """A query the user named, to run again from the palette; names are unique per source."""

    name: str
    query: str
    created: str = ""


@dataclass(frozen=True)
class WatchRow:
    """One name of a watchlist and what the library has on it (``lede watch``, the watchlist pane).

    ``matched`` are the library's entities the name was taken to mean (empty for a plain-text
    match or none); ``how`` says by which rule: ``name``, ``alias``, ``acronym``, ``surname``,
    ``spelling``, ``text``, or ``""`` when nothing matched (the row is kept, with zeros, so a
    name the library does not know is reported rather than silently dropped).
    """

    name: str
    articles: tuple[str, ...] = ()  # ids, in source order
    mentions: int = 0
    first: str | None = None  # earliest and latest ISO date among the articles, if any has one
    last: str | None = None
    matched: tuple[str, ...] = ()
    how: str = ""


@dataclass(frozen=True)
class EntityCorrection:
    """One fix the user made in the entity sidebar; ``id`` orders them (creation order)."""

    id: int
    kind: str
    name: str
    target: str = ""
    type: str = ""
    created: str = ""


@dataclass(frozen=True)
class ReanchorReport:
    """How each highlight of a source was placed after a rebuild.

    ``exact``: found verbatim in its own article (same or new offsets);
    ``moved``: found verbatim in another article; ``fuzzy``: found
    approximately (own or other article); ``orphaned``: could not be placed.
    ``changed`` holds the ids whose stored anchor changed, for views to refresh.
    """

    exact: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    changed: frozenset[int] = frozenset()

    @property
    def total(self) -> int:
        return self.exact + self.moved + self.fuzzy + self.orphaned


# Reasons an import summary gives for what it left out: a file of thousands says how many, not each.
REASONS_SHOWN = 5


@dataclass(frozen=True)
class ImportReport:
    """What an import did: ``added`` placed highlights and notes, ``orphaned``
    highlights kept without a place, ``skipped`` duplicates of what was already there.

    ``placed`` is how many of ``added`` are highlights placed in the text (the rest are
    article notes); ``unplaced_notes`` says, one line each, why a page note from another
    tool was left out (no article of this library could be identified as its page), or why
    one of the reader's article cuts was (its paragraph is not in this source). ``cuts`` is how
    many article cuts were recorded: a rebuild of the source makes them; ``settled`` how many
    doubtful breaks the reader had checked were recorded as checked.
    """

    added: int = 0
    skipped: int = 0
    orphaned: int = 0
    placed: int = 0
    unplaced_notes: tuple[str, ...] = ()
    cuts: int = 0
    settled: int = 0  # doubtful breaks the reader had checked (Lede cut right there)

    def summary(self, *, reasons: bool = True) -> str:
        """One sentence of what a person wants to know (how many were placed, how many found
        no place, how many were already there, what was left out and why): what ``lede
        import`` prints and the window's status bar says."""

        def counted(n: int, what: str) -> str:
            return f"{n} {what}" if n == 1 else f"{n} {what}s"

        notes = self.added - self.placed
        # "0 highlights placed" is news only when nothing else came in either.
        done = (
            []
            if self.placed == 0 and (self.orphaned or notes or self.cuts or self.settled)
            else [f"{counted(self.placed, 'highlight')} placed in the text"]
        )
        if self.orphaned:
            done.append(f"{counted(self.orphaned, 'orphan')} kept without a place in the text")
        if notes:
            done.append(counted(notes, "article note"))
        if self.cuts:
            done.append(counted(self.cuts, "article cut"))
        if self.settled:
            done.append(counted(self.settled, "checked doubtful break"))
        parts = ["imported " + ", ".join(done)]
        if self.skipped:
            parts.append(f"{self.skipped} already there, skipped")
        if self.unplaced_notes and reasons:
            shown = "; ".join(self.unplaced_notes[:REASONS_SHOWN])
            more = len(self.unplaced_notes) - REASONS_SHOWN
            parts.append(
                f"{len(self.unplaced_notes)} left out: {shown}" + (f"; and {more} more" if more > 0 else "")
            )
        elif self.unplaced_notes:  # a status bar has room for the count, not the reasons
            parts.append(f"{len(self.unplaced_notes)} left out")
        return "; ".join(parts)


@dataclass(frozen=True)
class ImportedAnnotation:
    """One annotation read from a file, before it is anchored in this library.

    ``kind`` is ``"highlight"`` or ``"note"`` (a note on a whole article has no
    quote or offsets), or ``"cut"``: the reader said where an article starts (``cut`` is
    ``"start"``) or that one goes on from the one before (``"join"``) at the paragraph
    ``exact`` on source line ``line``; or ``"settled"``: the reader checked a doubtful break
    at that paragraph and Lede cut right. ``original_id`` is the highlight id in the exporting
    database; it is reused when free so that a round trip is lossless.
    """

    kind: str
    article_id: str  # "" when another tool annotated a web page: placed by its quote, title or URL
    exact: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int = 0
    end: int = 0
    color: int = 1
    note: str = ""
    tags: tuple[str, ...] = ()
    created: str = ""
    updated: str = ""
    orphan: bool = False
    original_id: int | None = None
    source: str = ""
    uri: str = ""  # the annotated page's URL (another tool's target source), to break ties
    title: str = ""  # the annotated page's title, when the file gives one
    line: int = 0  # a cut's source line
    cut: str = ""  # a cut's kind: "start" or "join"


@dataclass(frozen=True)
class PassageLink:
    """A ``lede://open?source=…&article=…&quote=…`` link: a passage of one source file.

    ``article`` and ``quote`` may be empty (a link to a source, or to a whole article);
    ``quote`` is the start of the passage (about 80 characters), enough to find it again.
    """

    source: str
    article: str = ""
    quote: str = ""


@dataclass(frozen=True)
class DossierMention:
    """One mention of a dossier's entity, in context.

    ``context`` is the sentence around the mention, whitespace collapsed; in a sentence longer
    than 200 characters each side is cut to about 80 at a word (with ``…``); ``mark`` is where the
    mention sits inside ``context``, so a view can set it in bold without searching for it.
    """

    article_id: str
    title: str
    start: int
    end: int
    context: str
    mark: tuple[int, int]


@dataclass(frozen=True)
class DossierQuote:
    """A quote the dossier's entity gave, with the article it is in."""

    article_id: str
    title: str
    speaker: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class CoMention:
    """Another entity named in the same articles; ``count`` is how many of them name both."""

    name: str
    type: str
    count: int


@dataclass(frozen=True)
class TimelinePoint:
    """Mentions of the entity in the articles of one date (``None``: articles with no date)."""

    date: str | None
    count: int


@dataclass(frozen=True)
class Dossier:
    """Everything the library says about one entity (``Library.dossier``)."""

    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[DossierMention, ...]
    quotes: tuple[DossierQuote, ...]
    co_mentions: tuple[CoMention, ...]
    timeline: tuple[TimelinePoint, ...]

    @property
    def article_ids(self) -> tuple[str, ...]:
        """The articles that mention the entity, in library order."""
        return tuple(dict.fromkeys(m.article_id for m in self.mentions))
