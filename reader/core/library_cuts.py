"""The Library's article cuts: where the reader says an article starts or goes on, and what the
reader pane says of an article a cut shaped.

A mixin of :class:`reader.core.library.Library`. The cuts are kept with the annotations
(:mod:`reader.core.store.cuts`) and made by the next build (:mod:`reader.core.ingest.cuts`);
these methods only record them. After recording one, the caller rebuilds the source. The
doubtful breaks the segmenter left, and the ones the reader checked, are here too; cuts and
checked breaks go out with the JSON export and come back with its import, placed by their
paragraphs as a build places a cut.
"""

from __future__ import annotations

import bisect
import functools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reader.core.errors import LedeError
from reader.core.store.cuts import NEAR, Cut, find_paragraph, fingerprint, fingerprints
from reader.core.types import Changes, DoubtfulBreak, ImportedAnnotation, ImportReport

if TYPE_CHECKING:
    from reader.core.store.annotations import AnnotationStore
    from reader.core.store.catalog import Catalog
    from reader.core.types import Article, ArticleSummary


# The session key under which the doubtful breaks a reader settled are kept (see settle_doubt).
SETTLED_KEY = "settled_doubts"


class CutMethods:
    """Recording the reader's cuts; ``Library`` provides the storage and the articles."""

    key: str
    _annotations: AnnotationStore
    _catalog: Catalog

    # Provided by Library.
    def _require(self, article_id: str) -> Article:
        raise NotImplementedError

    def article(self, article_id: str) -> Article | None:
        raise NotImplementedError

    def articles(self) -> list[ArticleSummary]:
        raise NotImplementedError

    def start_article_at(self, article_id: str, paragraph: int) -> int:
        """Say a new article starts at this paragraph of the article (its index); return its source line.

        The next build of the source makes the cut (``store.cuts``); LedeError when the source
        is not a plain dump or the paragraph already starts the article.
        """
        article = self._cuttable(article_id)
        if not 0 < paragraph < len(article.lines):
            raise LedeError("an article already starts at its first paragraph")
        self._cut(article.lines[paragraph], "start", article.paragraphs[paragraph])
        return article.lines[paragraph]

    def join_to_previous(self, article_id: str) -> int:
        """Say the article goes on from the one before it (taking back a cut made there); return the line."""
        article = self._cuttable(article_id)
        if article.position == 0 or not article.lines:
            raise LedeError("the first article has no article before it")
        line = article.lines[0]
        self._cut(line, "join", article.paragraphs[0], also=article.start_line)
        return line

    def _cut(self, line: int, kind: str, paragraph: str, also: int | None = None) -> None:
        """Say ``kind`` at the paragraph on ``line`` (replacing what was said there); a join where a
        start was made, at the lead or at the headline ``also`` above it, takes the start back instead."""
        self.__dict__.pop("_standing_cuts", None)  # cut_note reads them again
        made = self._annotations.cuts(self.key)
        starts = [at for at in {line, also or line} if at in made and made[at].kind == "start"]
        if kind == "join" and starts:
            for at in starts:
                self._annotations.clear_cut(self.key, at)
        else:
            self._annotations.set_cut(self.key, line, kind, paragraph)

    def _cuttable(self, article_id: str) -> Article:
        if self._catalog.meta("format") not in (None, "text"):
            raise LedeError(
                "only a plain-text dump is cut into articles by Lede; this source says where its articles are"
            )
        return self._require(article_id)

    @functools.cached_property
    def _standing_cuts(self) -> dict[int, Cut]:
        """The source's cuts, read once per library for :meth:`cut_note` (asked at every article
        open); a cut recorded here drops the copy, and a rebuild opens a new library anyway."""
        return self._annotations.cuts(self.key)

    def cut_note(self, article: Article) -> str:
        """What the reader pane says of the reader's own cuts in ``article`` ("" when none shaped it).

        A cut made long ago is easy to forget: the meta line under the title says that the
        article starts where the reader said, or holds stories the reader joined, and which
        key takes it back.
        """
        cuts = self._standing_cuts
        if not cuts or not article.lines:
            return ""
        said: list[str] = []
        first = {article.start_line, article.lines[0]}
        lead = fingerprint(article.paragraphs[0]) if article.paragraphs else ""
        if any(cuts[line].kind == "start" for line in first & cuts.keys()) or any(
            cut.kind == "start" and cut.paragraph == lead and abs(line - article.lines[0]) <= NEAR
            for line, cut in cuts.items()
        ):  # at its line, or followed here when lines were added above (as the build does)
            said.append("you started this article here (Ctrl+Backspace joins it back)")
        joined = sum(1 for line in article.lines[1:] if line in cuts and cuts[line].kind == "join")
        if joined:
            said.append(f"{joined + 1} stories you joined")
        return " · ".join(said)

    def settle_doubt(self, article_id: str, line: int) -> Changes:
        """Say Lede cut right at the doubtful break at ``line`` of the article: it is no longer listed.

        Kept with the reader's session state (SETTLED_KEY: line -> fingerprint of the paragraph
        there), not with the cuts, since it changes no article and needs no rebuild. A paragraph
        that changes at that line (the file edited) brings its doubt back.
        """
        article = self._require(article_id)
        if line not in article.lines:
            raise LedeError(f"line {line} is not a paragraph of this article")
        settled = self._settled
        settled[line] = fingerprint(article.paragraphs[article.lines.index(line)])
        self._annotations.set_session(
            self.key, SETTLED_KEY, json.dumps({str(k): v for k, v in settled.items()})
        )
        return Changes()

    @functools.cached_property
    def _settled(self) -> dict[int, str]:
        raw = self._annotations.session(self.key, SETTLED_KEY)
        try:
            return {int(k): str(v) for k, v in json.loads(raw).items()} if raw else {}
        except (ValueError, TypeError, AttributeError):  # a damaged value settles nothing
            return {}

    def _is_settled(self, doubt: DoubtfulBreak) -> bool:
        said = self._settled.get(doubt.line)
        if said is None:
            return False
        article = self.article(doubt.article_id)
        if article is None or doubt.line not in article.lines:
            return False
        return fingerprint(article.paragraphs[article.lines.index(doubt.line)]) == said

    def doubtful_breaks(self, articles: Sequence[ArticleSummary] | None = None) -> list[DoubtfulBreak]:
        """The breaks the segmenter was least sure of, in file order, each with the article holding it.

        ``articles``: this library's :meth:`articles`, when the caller read them already (the
        window's lists do), so the summaries are not read twice.

        About one an article, and about half the segmenter's mistakes are at one (the bench
        measures it per publisher): the places worth a reader's look before trusting the cuts.
        Empty for a source that says where its articles are, and for a library built before
        doubts were kept. A break the reader has cut is decided and is not among them. Read
        once per library (a cut rebuilds the source, and the window opens a new library);
        those the reader settled (:meth:`settle_doubt`) are left out.
        """
        return [d for d in self._placed_doubts(articles) if not self._is_settled(d)]

    def doubts_in(self, article_id: str) -> list[DoubtfulBreak]:
        """The doubtful breaks inside one article (at its start, or at a paragraph of it)."""
        return [d for d in self._placed_doubts() if d.article_id == article_id and not self._is_settled(d)]

    def _placed_doubts(self, articles: Sequence[ArticleSummary] | None = None) -> tuple[DoubtfulBreak, ...]:
        """The build's doubts with their articles, worked out once per library."""
        placed: tuple[DoubtfulBreak, ...] | None = self.__dict__.get("_doubts")
        if placed is None:
            placed = self.__dict__["_doubts"] = self._place_doubts(
                self.articles() if articles is None else articles
            )
        return placed

    def _place_doubts(self, articles: Sequence[ArticleSummary]) -> tuple[DoubtfulBreak, ...]:
        raw = self._catalog.meta("doubtful_breaks")
        if not raw:
            return ()
        summaries = sorted(articles, key=lambda a: (a.start_line, a.position))
        firsts = [a.start_line for a in summaries]
        out: list[DoubtfulBreak] = []
        for line, at_start in json.loads(raw):
            k = bisect.bisect_right(firsts, int(line)) - 1
            if k >= 0 and summaries[k].start_line <= int(line) <= summaries[k].end_line:
                out.append(DoubtfulBreak(summaries[k].id, int(line), bool(at_start)))
        return tuple(out)

    # ------------------------------------------------------------------ cuts in export and import
    def cut_passages(self) -> list[tuple[int, str, str]]:
        """The reader's cuts that stand, as ``(line, kind, paragraph text)`` in line order: what the
        JSON export carries, so that the articles a reader cut travel with the notes on them.

        A cut is given where its paragraph is now (its line, or the nearest line that reads the
        same, as the build finds it); a cut whose paragraph is gone from the file made nothing and
        is left out.
        """
        standing = self._annotations.cuts(self.key)
        if not standing:
            return []
        # Only the articles a cut's paragraph can be in (its line, NEAR lines either way): a big
        # library's export does not read every article for a few cuts.
        lines = sorted(standing)
        near = [
            s.id
            for s in self.articles()
            if (k := bisect.bisect_left(lines, s.start_line - NEAR)) < len(lines)
            and lines[k] <= s.end_line + NEAR
        ]
        text = _paragraphs_by_line(self._require(aid) for aid in near)
        print_of = fingerprints(text.__getitem__)
        out = []
        for line, cut in sorted(standing.items()):
            found = find_paragraph(line, cut.paragraph, text.keys(), print_of)
            if found is not None:
                out.append((found, cut.kind, text[found]))
        return out

    def settled_passages(self) -> list[tuple[int, str]]:
        """The doubtful breaks the reader settled (:meth:`settle_doubt`) that are still doubts here,
        as ``(line, paragraph text)`` in line order: the JSON export carries them beside the cuts,
        so a review done once is not asked for again in another copy of the dump."""
        out = []
        for doubt in self._placed_doubts():
            article = self.article(doubt.article_id) if self._is_settled(doubt) else None
            if article is not None:
                out.append((doubt.line, article.paragraphs[article.lines.index(doubt.line)]))
        return out

    def _plan_imported(
        self,
        cuts_said: Sequence[ImportedAnnotation],
        checked: Sequence[ImportedAnnotation],
        every: Sequence[Article],
    ) -> ImportedMarks:
        """Where the cuts and checked doubtful breaks of an imported export go in this source.

        Each is placed as a build places a cut: at its line if the paragraph there reads the same,
        else at the nearest line within NEAR that does; one whose paragraph is not here is left
        out with its reason, one already said here is skipped. Only reads: the import writes
        them with its highlights, in one transaction.
        """
        marks = ImportedMarks()
        if cuts_said and self._catalog.meta("format") not in (None, "text"):
            n = len(cuts_said)
            marks.why_not.append(
                f"{n} article cut{'s' if n > 1 else ''}: this source says where its articles are"
            )
            cuts_said = ()
        if not cuts_said and not checked:
            return marks
        text = _paragraphs_by_line(every)
        print_of = fingerprints(text.__getitem__)
        standing = self._annotations.cuts(self.key) if cuts_said else {}
        todo: dict[int, tuple[int, str, str]] = {}
        for item in cuts_said:
            found = find_paragraph(item.line, fingerprint(item.exact), text.keys(), print_of)
            if found is None:
                quoted = item.exact if len(item.exact) <= 40 else item.exact[:39] + "…"
                marks.why_not.append(
                    f"an article cut at line {item.line}: its paragraph is not in this source (“{quoted}”)"
                )
            elif found in todo or (found in standing and standing[found].kind == item.cut):
                marks.skipped += 1  # said here already (a file holds a line's cut once; the first wins)
            else:
                todo[found] = (found, item.cut, text[found])
        marks.cuts = list(todo.values())
        settled = dict(self._settled)
        for item in checked:
            found = find_paragraph(item.line, fingerprint(item.exact), text.keys(), print_of)
            if found is None:
                marks.why_not.append(
                    f"a doubtful break checked at line {item.line}: its paragraph is not in this source"
                )
            elif settled.get(found) == print_of(found):
                marks.skipped += 1
            else:
                settled[found] = print_of(found)
                marks.settled += 1
        if marks.settled:
            marks.session[SETTLED_KEY] = json.dumps({str(k): v for k, v in settled.items()})
        return marks

    def _imported_marks(self, marks: ImportedMarks) -> None:
        """After the import's transaction: the copies this library keeps of what it wrote."""
        if marks.cuts:
            self.__dict__.pop("_standing_cuts", None)  # cut_note reads them again
        if marks.settled:
            self.__dict__.pop("_settled", None)  # doubtful_breaks reads them again


@dataclass
class ImportedMarks:
    """The cuts and checked doubtful breaks an import writes, and what it says of the rest."""

    cuts: list[tuple[int, str, str]] = field(default_factory=list)
    settled: int = 0
    session: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    why_not: list[str] = field(default_factory=list)

    def told(self, report: ImportReport) -> ImportReport:
        """``report`` (the highlights and notes) with what was done with the cuts and doubts."""
        return replace(
            report,
            cuts=len(self.cuts),
            settled=self.settled,
            skipped=report.skipped + self.skipped,
            unplaced_notes=(*report.unplaced_notes, *self.why_not),
        )


def _paragraphs_by_line(articles: Iterable[Article]) -> dict[int, str]:
    """Source line -> the paragraph that starts there, over the given articles, and the headline
    line above an article's lead (a start said at a headline line is a cut at that line)."""
    out: dict[int, str] = {}
    for a in articles:
        out.update(zip(a.lines, a.paragraphs, strict=False))
        if not a.title_derived and a.lines and a.start_line < a.lines[0]:
            out[a.start_line] = a.title
    return out
