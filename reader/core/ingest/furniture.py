"""Web furniture that :mod:`clean`'s wording patterns miss: lines told by their shape.

Three kinds, each described by what it is rather than by one site's text
(the word tables are in ``clutter_words.json``):

* **template widgets** every news site or blog template carries: gallery
  counters and caption toggles, video-module labels, image credits ("Featured
  image via ...", "h/t ..."), tag and category lines, share and comment
  buttons, account links, feedback prompts, the wire's reuse notice;
* **navigation and section labels**: a line made only of menu, footer and
  section words ("Opinion", "Print this article Back to Top", "Permission
  Details DMCA"). Article prose always has words outside such a vocabulary;
* **placeholders** left by an editor or a script: a lone "test", "undefined",
  "[object Object]" in lower case (a capitalised "Test" may be a headline's word).

Not kept (measured): long start-case lines ("Turns Out The Mayor Is 19, And ...")
as teaser links. On the fitting sites they are link lists, but the headlines of
sites in the same style run to 25 words, and a dropped headline costs more than
a kept link.

A line of figures ("Shr 30 cts vs three cts") is a table row: :func:`is_table_row`
lets the cleaner keep a table's short labels out of the teaser rule.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

_TABLES: dict[str, str] = json.loads(
    resources.files("reader.core.ingest").joinpath("clutter_words.json").read_text(encoding="utf-8")
)


def _alternation(table: str) -> str:
    return "|".join(
        re.escape(w).replace(r"\?", "?") for w in sorted(_TABLES[table].split("|"), key=len, reverse=True)
    )


_SECTION_LABEL = re.compile(rf"(?:{_alternation('section_labels')})\s*[:»›>|]?", re.IGNORECASE)
_NAV_LINE = re.compile(rf"(?:(?:{_alternation('nav_words')})\b[\s|·•/,:»›>-]*){{1,12}}", re.IGNORECASE)
_NAV_CORE = re.compile(rf"\b(?:{_alternation('nav_core')})\b", re.IGNORECASE)


_PLATFORM = (
    r"(facebook|twitter|x|instagram|youtube|tiktok|linkedin|threads|bluesky|messenger|whatsapp|telegram)"
)
# The widgets every news site's template carries (galleries, video modules, account and comment
# links, feedback prompts, the wire's reuse notice), matched against the whole line.
_WIDGETS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE))
    for reason, pattern in (
        (
            "photo credit",
            r"(hide|show|toggle|expand|close) (the )?caption|((image|photo|picture|slide)s? )?\d{1,3}( of |\s*/\s*)\d{1,3}"
            r"( (photos|images|pictures|slides))?|(enlarge|expand|view|open) (this )?(image|photo|picture|gallery|"
            r"slideshow)s?|(view|see|launch|open|browse) (the )?(full |photo )?(gallery|slideshow|photos)"
            r"( \(\d+ (photos|images)\))?|(photos|gallery|slideshow|in pictures)\s*:.{1,100}",
        ),
        (
            "video-player notice",
            r"just watched|must watch|replay|(more|related) videos( \.{3}|…)?|now playing|up next(\s*:.{0,80})?|"
            r"auto-?play( is)?( on| off)?|watch( the)?( full)? video( now| here)?|video (ended|loading)|"
            r"loading( video)?(\.{3}|…)?|[\d,.]+k? (views|plays)",
        ),
        (
            "share bar",
            r"[\d,.]+k? (shares|comments|likes|reactions)|(like|follow|find|join) us on "
            rf"{_PLATFORM}.{{0,40}}|chat with us (in|on) {_PLATFORM}.{{0,80}}|"
            rf"(follow|like) @?[\w.]{{1,30}} on {_PLATFORM}",
        ),
        (
            "navigation",
            r"(sign in|log in|login|register|sign up)( (/|\||or) (sign in|log in|login|register|sign up))?|"
            r"create (an |your )?(free )?account|my account|log ?out|sign out|(skip|jump) to (navigation|"
            r"(main )?content|comments)|(previous|next) (page|slide|post|article|story)\s*[»›>]?|page \d+ of \d+|"
            r"load more( comments| stories| articles)?|show (more|less|all)( comments)?|(add|post|leave|view)"
            r" (a |your )?comments?|add to (queue|playlist|reading list)|bookmark( this)?( (article|story))?|"
            r"(listen to|read) (this )?(article|story)( \(?\d+ min(ute)?s?\)?)?",
        ),
        (
            "photo credit",
            r"(featured|header|top|lead) (image|photo)\s*(via|by|:|credit:?|courtesy( of)?)\s*.{1,100}|"
            r"(screenshot|screen ?grab|file photo|stock photo)s?( (via|from|by|courtesy of) .{1,60}|\s*:.{1,60})?|"
            r"\(?(h/t|hat tip|hattip)\s*:?\s*[^.!?]{1,80}\)?",
        ),
        (
            "tags",
            r"(tags|tagged|tagged with|filed under|posted in|categories|category|topics|keywords)\s*:\s*[^.!?]{0,160}",
        ),
        (
            "byline",
            r"(posted|published|submitted|written) (by|on) [^.!?]{1,80}|authors?\s*:\s*[^.!?]{1,80}",
        ),
        (
            "share bar",
            r"click to (share|email|print|tweet)\b.{0,80}|\(opens in (a )?new window\)|like this:|"
            r"(comments )?powered by (disqus|facebook comments|wordpress|vuukle|spot\.im)\.?|"
            r"(leave|post|cancel) (a )?reply|you must be logged in to (post|leave) a comment\.?|"
            rf"follow [^.!?]{{1,60}} on {_PLATFORM}[^.!?]{{0,40}}[.!]?",
        ),
        (
            "footer",
            r"(e-?mail|contact|reach|write to) (the )?(author|reporter|writer|editor)s?\b( at| via| on)?.{0,80}|"
            r"was this (article|story|page) (helpful|useful)\??|send (us )?(feedback|a (news )?tip).{0,80}|"
            r"(got|have) a (news )?tip\?.{0,120}|report (a|an) (error|typo|correction|problem).{0,60}|"
            r"this (material|article|content) may not be (published|reproduced|republished|copied).{0,120}|"
            r"copyright \d{4}.{0,120}",
        ),
    )
)


# _WIDGETS as one pattern, so a line is one ``fullmatch`` call, not one per widget: group w<i> is the
# i-th widget (the group that closed last names the first widget that matches).
_WIDGETS_ANY = re.compile("|".join(f"(?P<w{i}>{rx.pattern})" for i, (_, rx) in enumerate(_WIDGETS)), re.I)


# A lone placeholder in lower case ("test", "undefined"): an editor's or a script's leftover. Matched
# case-sensitively: "Test" or "None" may open a headline or answer a question.
_PLACEHOLDER = re.compile(rf"(?:{_alternation('placeholder_words')})")


def furniture_kind(s: str) -> str | None:
    """The clutter reason of a stripped line by its shape alone, or ``None``."""
    if len(s) <= 20 and _PLACEHOLDER.fullmatch(s):
        return "stray symbol"
    if len(s) <= 160:
        m = _WIDGETS_ANY.fullmatch(s)
        if m is not None:
            return _WIDGETS[int(m.lastgroup[1:])][0]  # type: ignore[index]
    if len(s) <= 60:
        if _SECTION_LABEL.fullmatch(s):
            return "section label"
        if _NAV_LINE.fullmatch(s) and _NAV_CORE.search(s):
            return "navigation"
    return None


# A figure stands alone or as an ordinal ("4th Qtr Jan 31"); digits inside a name ("K2-18b", "G7") are not one.
_NUMBER = re.compile(r"(?<![^\W\d_])\d[\d,.]*(?:st|nd|rd|th)?(?![^\W\d_])", re.IGNORECASE)
# A headline may hold one figure ("... strengthens to Category 3"); a row compares two, one maybe in words.
_VERSUS = re.compile(r"\b(vs\.?|versus)\s", re.IGNORECASE)


def is_table_row(s: str) -> bool:
    """A row of figures ("Net 232,991 vs 198,185", "Shr 30 cts vs three cts"), never a link's headline."""
    figures = len(_NUMBER.findall(s))
    return figures >= 2 or (figures == 1 and bool(_VERSUS.search(s)))


_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")
# The segmenter's stop words (read as a file: its package imports the cleaner, so importing it is circular).
_STOPWORDS = frozenset(
    (Path(__file__).parent / "segment" / "stopwords.txt").read_text(encoding="utf-8").split()
)


def content_stems(text: str) -> set[str]:
    """A line's content words cut to a stem ("campaigns" and "Campaign" share "campai"): what a
    headline shares with its lead."""
    return {w.lower()[:6] for w in _CONTENT_WORD.findall(text) if w.lower() not in _STOPWORDS}
