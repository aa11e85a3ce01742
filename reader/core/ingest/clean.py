"""Recognise web-page clutter lines so that only article text is kept.

Copying a news page as text drags along the page's furniture: video-player
notices, player durations, "Advertisement", cookie-consent blocks of embedded
posts, share bars, newsletter prompts, "More on ..." teasers, bylines and
photo credits. The classifier below describes those *kinds* of line by their
wording and shape (short, no sentence punctuation, second-person consent
language, a lone platform name), never by the exact text of one sample, so a
dump from another site is cleaned the same way.

Three rules need context and are applied by :func:`clean_lines`:

* a block of consent lines is dropped whole, including a weakly worded line
  sandwiched between two consent lines;
* a short, unpunctuated line right after a video duration is usually the
  video's caption. It is not dropped here but marked ``caption``: the
  segmenter either makes it the title of a new article (when a boundary falls
  there) or drops it as "video caption". Nothing real is lost either way;
* a headline-like line that could be a link, a caption or a "WATCH:" teaser is
  kept as text when the line below reads as its lead (prose sharing two of its
  content words): a content line is never dropped on its shape alone.

Furniture told by its shape (template widgets, menu and section labels,
start-case teaser links) is recognised in :mod:`furniture`.

Every removed line is reported as a :class:`DroppedLine` with its reason, so
the user can see (and the UI can restore) what was taken out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from reader.core.calendar_words import MONTH_ABBREVIATIONS, WEEKDAY_ABBREVIATIONS, alternation
from reader.core.ingest.furniture import content_stems, furniture_kind, is_table_row
from reader.core.types import DroppedLine

PLATFORMS = (
    r"x|twitter|x \(formerly twitter\)|youtube|instagram|facebook|tiktok|threads|bluesky|mastodon|vimeo|"
    r"spotify|reddit|linkedin|telegram|soundcloud|whatsapp|pinterest|snapchat|twitch|flickr|giphy|"
    r"google maps|apple podcasts|apple music|flourish|datawrapper|infogram|scribd|dailymotion|substack|"
    r"truth social|weibo|podcast|acast|megaphone"
)

_I = re.IGNORECASE
_MONTH_ABBR = alternation(MONTH_ABBREVIATIONS)
_MONTH = rf"({_MONTH_ABBR})[a-z]*\.?"
_WEEKDAY = rf"({alternation(WEEKDAY_ABBREVIATIONS)})[a-z]*\.?"
# A date on a line of its own: "Friday, January 4, 2019", "4 January 2019 14:32 GMT", "2019-01-04".
DATE_LINE = (
    rf"({_WEEKDAY},?\s+)?(\d{{1,2}}(st|nd|rd|th)?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(st|nd|rd|th)?),?\s+\d{{4}}"
    r"(,?\s+(at\s+)?\d{1,2}[:.]\d{2}\s*(am|pm)?\s*([a-z]{2,4})?)?|\d{4}-\d{2}-\d{2}([t ]\d{2}:\d{2}(:\d{2})?z?)?"
)
_END_PUNCT = re.compile(r"[.!?…][”’\"')\]]*$")


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


# (reason, pattern matched against the whole stripped line)
_FULL: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("dateline", _rx(DATE_LINE)),
    ("timestamp", _rx(r"\d{1,2}:\d{2}(:\d{2})?(\s*/\s*\d{1,2}:\d{2}(:\d{2})?)?")),
    (
        "timestamp",
        _rx(
            r"(\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|several|a few)\s+"
            r"(secs?|seconds?|mins?|minutes?|hrs?|hours?|days?|weeks?|months?|years?)\s+ago"
        ),
    ),
    ("timestamp", _rx(r"(just now|moments ago|yesterday|today|breaking|live|breaking news)")),
    ("timestamp", _rx(r"(duration|length|runtime|video duration)\s*:?\s*\d.{0,20}")),
    (
        "timestamp",
        _rx(r"\d{1,2}[:.]\d{2}\s*(am|pm|a\.m\.|p\.m\.)?\s*(gmt|utc|bst|est|edt|et|cet|cest|pt|pst)?"),
    ),
    ("timestamp", _rx(r"\d+\s*(min|minute)s?\s+(read|watch|listen)")),
    (
        "timestamp",
        _rx(
            r"(updated|published|posted|last updated|first published|last modified|modified|"
            r"created|edited)\b[:\s]*(on\s+|at\s+)?[^!?]{0,50}?\b(\d|ago|yesterday|today|"
            rf"{_MONTH_ABBR})[^!?]{{0,40}}(?<![a-z]{{3}}\.)"
        ),
    ),
    (
        "advertisement",
        _rx(
            r"(advertisement|advertising|advert|ads?|sponsored|sponsored (content|links?|stories|posts?)|"
            r"promoted( content| stories| links)?|paid (content|post|partner content)|partner content|"
            r"(story|article|content) continues (below|after (this )?(ad|advertisement|advert))|"
            r"continue reading( (below|the main story))?|scroll (down )?to continue( reading| with content)?|"
            r"skip (ad|advert|advertisement)s?|ad feedback|report this ad|remove ads|"
            r"(this )?advertisement( is)? (will )?(close|end)s? in \d+( seconds?)?)[.:]?"
            r"(\s*[-–—:|]\s*[^.!?]{0,60})?"
        ),
    ),
    (
        "embed label",
        _rx(
            rf"({PLATFORMS})( (post|video|content|embed|tweet))?|"
            rf"(skip|end of) ({PLATFORMS}) (post|content|video|embed)( by .{{1,60}})?|"
            rf"(view|see) this post on ({PLATFORMS})|a post shared by .{{1,80}}|"
            rf"allow ({PLATFORMS}) content\??|"
            # An embedded post's signature ("— Jane Doe (@jdoe) May 2, 2017") is kept: it names the speaker.
            r"pic\.twitter\.com/\S+|@\w{1,30}"
        ),
    ),
    (
        "cookie consent",
        _rx(
            r"(accept|reject|decline|agree|allow|manage|customi[sz]e|save|continue|i agree|ok|okay|got it|"
            r"more options|show purposes|vendor list|cookie|cookies|privacy|preferences|settings|options|all|"
            r"and|exit|without|accepting|agreeing|policy|&|/|\||·|•|,|\s)+"
        ),
    ),
    (
        "share bar",
        _rx(
            r"((share|shares|sharing|tweet|email|e-mail|mail|print|copy|link|copied|save|saved|facebook|"
            r"twitter|x|whatsapp|linkedin|reddit|pinterest|messenger|telegram|comments?|flipboard|bluesky|"
            r"gift|this|article|story|page|on|via|the|to|\d+|follow|us|share this)\b[\s:|·•/,]*){1,10}"
        ),
    ),
    (
        "teaser",
        _rx(
            r"(more (on|from|about) [^.!?]{1,60}|related( topics| stories| articles| content| coverage| links|"
            r" reading| news| videos?)?\s*[:\-–—]?.{0,120}|"
            r"(read more|also read|read also|see also|related|more on this story|read|check out|must read|"
            r"don't miss|recommended)\s*[:\-–—|]\s*.{1,200}|"
            r"(see also|also read|read also|read more|more stories|more news|recommended( for you)?|"
            r"most (read|popular|viewed|shared)|top stories|latest( news| stories)?|trending( now)?|"
            r"you (may|might) also (like|be interested in)|editor'?s picks|what to read next|further reading|"
            r"in other news|watch|listen|video|audio|pictured|click here|more)\s*[:\-–—|]\s*[^.!?]{0,140}[.!?]?|"
            r"(read|see|watch|listen to) (more|also|next|the full (story|interview))|read more|"
            r"more (stories|news|videos)( like this)?)"
        ),
    ),
    (
        "byline",
        _rx(
            r"(by|words by|reporting by|written by|additional reporting by|story by|edited by)\s+"
            r"(?-i:[A-Z][\w’'.-]*)(\s+((?-i:[A-Z][\w’'.-]*)|and|&|de|van|von|al|bin|la|le|da))*"
            r"(\s*[,|–—-]\s*[^.!?]{0,60})?"
        ),
    ),
    (
        "byline",
        _rx(
            r"(?-i:[A-Z][\w’'.-]+)(\s+(?-i:[A-Z][\w’'.-]+)){0,3}\s*[,|–—-]\s*"
            r"(staff (writer|reporter)|(senior |chief |foreign |political |economics |defence |diplomatic )?"
            r"(correspondent|reporter|editor))(,\s*[^.!?]{0,40})?"
        ),
    ),
    (
        "byline",
        _rx(
            r"(by\s+)?(our|a|the)?\s*(staff reporter|staff writer|(own |special )?correspondents?|"
            r"reporters?|news desk|newsdesk|wire services?|agencies)(\s+(in|and)\s+[^.!?]{1,40})?"
        ),
    ),
    (
        "photo credit",
        _rx(
            r"((image|photo|photograph|picture|video|media) (source|caption|credit|copyright)s?\b.{0,160}|"
            r"(photo|image|picture|credit|photograph|illustration|photos|images)\s*(:|by)\s*[^.!?]{1,80}|"
            r"\(?(photo|image|pictured)?[^.!?]{0,60}/\s*(getty images|reuters|afp|ap|epa|pa|shutterstock|"
            r"alamy|bloomberg|anadolu)\)?|"
            r"(getty images|reuters|afp|ap|epa|pa media|pa wire|shutterstock|alamy|afp via getty images|"
            r"anadolu( agency)?|bloomberg via getty images|ap photo|epa-efe)|©\s*[^.!?]{1,80}|copyright\s+(©|\(c\)|\d{4}).{0,80})"
        ),
    ),
    (
        "footer",
        _rx(
            r"(all rights reserved\.?|.{0,60}all rights reserved\.?|terms (of use|and conditions)|"
            r"privacy policy|contact us|about us|back to top|skip to (main )?content)"
        ),
    ),
    ("bare link", _rx(r"https?://\S+|www\.\S+")),
    # The labels a web video player (Video.js, JW Player and kin) leaves in a page's text when copied.
    (
        "video-player notice",
        _rx(
            r"(audio tracks?|captions?( settings( dialog)?| off)?|chapters|descriptions( off)?|subtitles( off)?|"
            r"playback rate|stream type\s*live|(current|duration|remaining) time\s*-?\d{1,2}:\d{2}|"
            r"(loaded|progress)\s*:\s*\d{1,3}(\.\d+)?\s*%|modal trigger|this is a modal window\.?|"
            r"(beginning|end) of dialog window\..{0,80}|text edge style.{0,80}|font (family|size).{0,120}|"
            r"(text|background|foreground|window)\s*-{2,}.{0,160}|defaults done|reset restore all settings.{0,60}|"
            r"no compatible source was found for this media\.?|unable to play video\..{0,60}|"
            r"(due to restrictions, )?this video (cannot|can't|can not) be (viewed|played) in your (region|country)\.?|"
            r"h ?d|live|picture-in-picture|seek to live.{0,40}|volume level.{0,20})"
        ),
    ),
    # Spam-guard and donation furniture.
    ("footer", _rx(r"(recaptcha requires verification\.?|protected by recaptcha|privacy\s*-\s*terms)")),
    (
        "newsletter prompt",
        _rx(
            r"(donate( now| today| to [^.!?]{1,60})?[.!]?|please (support|donate to) .{1,80}|support (our|independent) journalism.{0,80}|"
            r"(what are your thoughts|what do you think)\?\s*(please )?(comment|let us know|share).{0,80})"
        ),
    ),
    # A lone slash, bar or one- or two-digit number on a line: a player's or pager's debris, not prose
    # (a "***" section break is kept: it marks a break in the story).
    ("stray symbol", _rx(r"[/|]|\d{1,2}")),
)

# Patterns searched anywhere in a short line: (reason, pattern, longest line it applies to).
_SEARCH: tuple[tuple[str, re.Pattern[str], int], ...] = (
    (
        "video-player notice",
        _rx(
            r"\b(use|switch to|try|upgrade to|update) (a |an |the )?(chrome|different|another|modern|newer|"
            r"updated|supported|up-to-date|compatible|latest)( version of your)? browser|"
            r"^(this )?video (is )?(unavailable|not available|cannot be played|can't be played|could not be "
            r"loaded|has been removed|is private|can not be played)|^video unavailable|^press play|^(click|tap) (to|here to) "
            r"(play|watch|view|listen)|^(play|watch) (video|now|live)$|media playback is (unsupported|not "
            r"supported)|your (browser|device) (does not|doesn't|cannot|can't|is unable to) (support|play)|"
            r"^(please )?(enable|turn on) javascript|javascript (is )?(required|disabled|needed)|"
            r"^(mute|unmute|pause|play|replay|full ?screen|closed captions|subtitles|cc|watch again|up next)$|"
            r"more accessible video player|an error occurred while (loading|playing)|"
            r"^(video|audio) (caption|player)"
        ),
        200,
    ),
    (
        "cookie consent",
        _rx(
            r"^this content is (provided|hosted|brought to you|supplied) by|"
            r"^(to (view|show you|see|display|watch|load) this content)|"
            r"unable to verify (if|whether|that) you (have )?consent|"
            r"\bneed your (permission|consent)\b|"
            r"^(the |this )?(article|page) contains content (provided|supplied|from)|"
            r"\bbefore (accepting|you accept)\b|\bthird[- ]party content\b|"
            r"(privacy|cookie) (options|settings|preferences|policy)\b.*\b(you|your)\b|"
            r"\b(you|your)\b.*\b(privacy|cookie) (options|settings|preferences|policy)\b|"
            r"\b(accept|allow|enable|consent to|use|using) (all |these |those |the |our )?(\w+ )?cookies\b|"
            r"\bcookies (and|or) (other|similar) (technologies|tracking)|"
            r"\bmanage (your )?(preferences|consent|cookies|settings)\b|"
            r"\b(amend|change|update) (your )?(preferences|settings|consent)\b"
        ),
        320,
    ),
    (
        "newsletter prompt",
        _rx(
            r"^(sign up|subscribe|get|join|register|enter your email|receive|want)\b.{0,160}\b(newsletters?|"
            r"inbox|e-?mails?|updates|alerts|briefings?|digest)\b|"
            r"\b(sign up|sign-up|subscribe)\b.{0,80}\b(e-?mails?|alerts|inbox|briefings?|digest)\b|"
            r"^be the first to (know|hear|find out|get|see)\b|"
            # A newsletter's tagline: news offered to "you", or "the latest local news".
            r"^(?!.*[.!?]$).{0,40}\b(news (that )?you|your (daily |local |morning )?news)\b.{0,40}$|"
            r"^(the |your )?(\w+'s )?(latest|top|breaking|daily|morning|afternoon|evening|weekly)( local)? "
            r"(news|headlines|stories|briefing)$|"
            # An appeal for the site's sponsors or for the reader's support.
            r"^we (urge|encourage|invite|ask) you to (support|visit|patronize|follow|like|share|subscribe|"
            r"donate|sign up|join)\b|\b(support|patronize|visit) (the following|our) (local )?"
            r"(businesses|sponsors|advertisers)\b|"
            r"\bnewsletters?\b.{0,120}\b(sign up|subscribe|your inbox|delivered|email address)\b|"
            r"\b(sign up|subscribe)\b.{0,60}\bnewsletters?\b|^(sign up|subscribe)( now| here| today| for free)?[.!]?$"
            r"|^(thank you for|thanks for) (signing up|subscribing)"
        ),
        260,
    ),
    (
        "share bar",
        _rx(
            r"^(follow (us|\w+) on|share (this|on|via)|leave a comment|join the conversation|"
            r"comments? (are|is) (closed|disabled))"
        ),
        120,
    ),
)

_QUOTE_START = re.compile(r"^[\"“‘'«]")


@dataclass
class KeptLine:
    """A source line that survived cleaning.

    ``kind`` is ``"para"`` for ordinary text, ``"caption"`` for a short line
    right after a video duration and ``"teaser"`` for headline-like lines under
    a "Related stories" header (see the module docstring): both are dropped
    unless the segmenter finds they head a new article. ``clutter_before``
    records that clutter was removed just above it: weak evidence of a page
    boundary that the segmenter may use.
    """

    line: int
    text: str
    kind: str = "para"
    clutter_before: bool = False
    date_before: str | None = None


def _words(text: str) -> int:
    return len(text.split())


def classify_line(text: str) -> str | None:
    """Return the clutter reason for one line on its own, or ``None`` for content.

    Long lines and lines that end like a sentence are content unless a
    second-person consent / player pattern says otherwise: real article text
    is written about the world, clutter is written at the reader.
    """
    s = text.strip()
    if not s:
        return None
    quoted = _QUOTE_START.match(s)
    if len(s) <= 200 and not quoted and _words(s) <= 25:
        reason = _full_reason(s)
        if reason is not None:
            return reason
    if quoted:
        return None
    kind = furniture_kind(s)
    if kind is not None:
        return kind
    low = s.lower() if len(s) > _ALWAYS_SEARCH else ""
    for reason, rx, limit in _SEARCH:
        if len(s) > limit:
            continue
        words = _SEARCH_WORDS.get(reason)
        if low and words is not None and not any(map(low.__contains__, words)):  # no generator frames
            continue
        if rx.search(s):
            return reason
    return None


def _full_reason(s: str) -> str | None:
    """The first of _FULL's reasons whose pattern matches all of ``s`` (and, for buttons, has a core word)."""
    for reason, rx in _FULL:
        if rx.fullmatch(s) and (reason not in _NEEDS_CORE or _has_core(reason, s)):
            return reason
    return None


_NEEDS_CORE = ("cookie consent", "share bar")


# Words of which every alternative of a _SEARCH pattern needs at least one: a
# line with none of them cannot match, and most content lines have none, so the
# (slow, backtracking) pattern is skipped. Lines of up to _ALWAYS_SEARCH
# characters are searched regardless ("Mute", "Up next", "CC").
_SEARCH_WORDS: dict[str, tuple[str, ...]] = {
    "video-player notice": (
        "browser",
        "video",
        "play",
        "click",
        "tap",
        "watch",
        "view",
        "listen",
        "device",
        "javascript",
        "error occurred",
        "audio",
    ),
    "cookie consent": (
        "content",
        "consent",
        "permission",
        "accept",
        "privacy",
        "cookie",
        "preferences",
        "settings",
    ),
    "newsletter prompt": (
        "newsletter",
        "inbox",
        "email",
        "updates",
        "alerts",
        "briefing",
        "digest",
        "sign up",
        "sign-up",
        "subscribe",
        "thank",
        "first to",
        "news",
        "headlines",
        "stories",
        "you to",
        "support",
        "patronize",
    ),
}
_ALWAYS_SEARCH = 16

_CONSENT_CORE = _rx(
    r"\b(accept|reject|decline|agree|allow|manage|customi[sz]e|cookies?|privacy|got it|vendor list|"
    r"show purposes)\b"
)
_SHARE_CORE = _rx(
    r"\b(share|shares|tweet|email|e-mail|print|copy link|link copied|facebook|whatsapp|linkedin|reddit|"
    r"pinterest|messenger|flipboard|comments?|save|follow)\b"
)


def _has_core(reason: str, s: str) -> bool:
    """Button-word patterns alone would match ordinary words; require a core word."""
    core = _CONSENT_CORE if reason == "cookie consent" else _SHARE_CORE
    return bool(core.search(s))


# A link to another story is words; a line of figures ("Net 232,991 vs 198,185") is a wire table.
_TEASER_HEADER = _rx(
    r"(related|related (stories|articles|content|coverage|links|reading|news|topics)|more (on|from) .{1,40}|"
    r"read more|more stories|top stories|most (read|popular|viewed)|recommended|you (may|might) also like|"
    r"see also|also read|latest( news)?|trending( now)?)\s*:?"
)
# A "Related stories" block lists a few links; more headline-like lines than this
# in a row are content (a photo gallery's captions, a list), not links.
MAX_TEASER_LINKS = 3
# A link to a story is a headline ("Democrats ask GAO for election review"); a shorter line under a
# header is the page's own (a gallery's "DC superheroes", a table's "Year").
MIN_TEASER_WORDS = 4
_DURATION = re.compile(r"^\d{1,2}:\d{2}(:\d{2})?(\s*/\s*\d{1,2}:\d{2}(:\d{2})?)?$")


def is_caption_like(text: str) -> bool:
    """A short unpunctuated line: what a video caption (or a headline) looks like.

    A line ending in a colon introduces the text below it ("..., explaining:"):
    prose, never a caption or a link.
    """
    s = text.strip()
    return (
        0 < _words(s) <= 16
        and len(s) <= 120
        and not _END_PUNCT.search(s)
        and not s.endswith(":")
        and not _QUOTE_START.match(s)
    )


def clean_lines(lines: Iterable[tuple[int, str]]) -> tuple[list[KeptLine], list[DroppedLine]]:
    """Split numbered lines into kept lines and dropped clutter.

    Blank lines are neither kept nor reported: they carry no text, only the
    hint that a paragraph ended, which the caller handles.
    """
    dropped: list[DroppedLine] = []
    kept = list(iter_clean_lines(lines, dropped))
    return kept, dropped


def iter_clean_lines(lines: Iterable[tuple[int, str]], dropped: list[DroppedLine]) -> Iterator[KeptLine]:
    """:func:`clean_lines` as a stream: kept lines are yielded, dropped ones appended to ``dropped``.

    The rules look back one line and ahead one line at most, so a dump of any
    size is cleaned in one pass without holding its text. The line ahead is
    what keeps a headline: a headline-like line under a "Related" header, after
    a video duration or behind a "WATCH:" label is the story's own headline,
    not a link or caption, when the line under it reads as its lead.
    """
    pending_clutter = False
    pending_date: str | None = None
    after_video = False
    after_teaser = False
    teasers = 0  # headline-like lines taken as teaser links under the current header
    for number, text, s, below in _with_next(lines):
        reason = classify_line(s)
        if reason in _HEADLINE_PREFIXED and _headline_with_prefix(s, below):
            reason = None
        if reason is None and dropped and _in_consent_block(dropped, number, s):
            reason = "cookie consent"
        if reason is not None:
            dropped.append(DroppedLine(number, text, reason))
            pending_clutter = True
            after_teaser = reason == "teaser" and bool(_TEASER_HEADER.fullmatch(s))
            teasers = 0
            if reason == "dateline":
                pending_date = s
            if reason == "timestamp" and _DURATION.match(s):
                after_video = True
            elif reason not in ("video-player notice", "timestamp"):
                after_video = False
            continue
        kind = "para"
        if is_caption_like(s) and not is_table_row(s):
            if after_video and not (below is not None and _leads(s, below)):
                kind = "caption"
            elif (
                after_teaser
                and teasers < MAX_TEASER_LINKS
                and _words(s) >= MIN_TEASER_WORDS
                and not (below is not None and _leads(s, below))
            ):
                kind = "teaser"
                teasers += 1
        yield KeptLine(number, text, kind, pending_clutter, pending_date)
        if kind == "teaser":
            after_teaser = True
            pending_clutter = True
            continue
        pending_clutter = False
        pending_date = None
        after_video = False
        after_teaser = False


def _with_next(lines: Iterable[tuple[int, str]]) -> Iterator[tuple[int, str, str, str | None]]:
    """Non-blank lines as (number, text, stripped text, the next non-blank stripped line or None)."""
    held: tuple[int, str, str] | None = None
    for number, text in lines:
        s = text.strip()
        if not s:
            continue
        if held is not None:
            yield (*held, s)
        held = (number, text, s)
    if held is not None:
        yield (*held, None)


# Words a headline shares with its lead ("Official ISIS statement ..." / "... released an official
# statement"); one shared word ("former", "senator") is chance between stories on one subject.
LEAD_SHARED_WORDS = 2


def _leads(head: str, below: str) -> bool:
    """Does ``below`` read as the lead of a story headed ``head``?

    A headline is followed by its story: a line of prose (a sentence, not
    another headline-like line, not a quotation) on the same subject, so sharing content words.
    A link to another story shares none with the paragraph under it, and a
    block of links is followed by more links or furniture. This is evidence a
    teaser link cannot have, so a line that passes it is kept.
    """
    if is_caption_like(below) or _QUOTE_START.match(below) or classify_line(below) is not None:
        return False
    return len(content_stems(head) & content_stems(below)) >= LEAD_SHARED_WORDS


# Labels that web sites also print at the start of their own headlines ("WATCH: Senator walks out").
_HEADLINE_PREFIX = _rx(
    r"(watch|listen|video|audio|read|photos|pictures|in pictures|gallery)\s*[:|–—-]\s*(\S.*)"
)
_HEADLINE_PREFIXED = frozenset(("teaser", "photo credit"))


def _headline_with_prefix(s: str, below: str | None) -> bool:
    """A "WATCH: ..." line is a story's own headline when the line under it is that story's lead."""
    if below is None:
        return False
    m = _HEADLINE_PREFIX.fullmatch(s)
    if m is None:
        return False
    rest = m.group(2)
    return _words(rest) >= MIN_TEASER_WORDS and rest[:1].isupper() and _leads(rest, below)


_WEAK_CONSENT = _rx(r"\b(you|your)\b.*\b(settings|content|button|options|preferences|session|consent)")


def _in_consent_block(dropped: list[DroppedLine], number: int, s: str) -> bool:
    """A weak consent-sounding line directly after a consent line belongs to the block."""
    last = dropped[-1]
    return (
        last.line == number - 1
        and last.reason in ("cookie consent", "embed label")
        and len(s) <= 250
        and bool(_WEAK_CONSENT.search(s))
    )
