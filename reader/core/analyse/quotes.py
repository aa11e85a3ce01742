"""Direct quotes and who said them, from punctuation and attribution cues.

A reporter scanning an article wants every direct quote and its speaker, and
does not want scare quotes ("iron fist", ‘Duvdevan’) mixed in. Quotes are found
from the quote marks themselves (curly or straight, spanning sentences, and
continued into the next paragraph when a paragraph ends unclosed and the next
opens with a quote mark, as news style does). The speaker comes from the
nearest cue: ``“…,” he said`` / ``said Mr X`` after the quote, ``X said: “…”``
or ``X claimed … “…”`` before it; pronouns resolve to the last person (he/she)
or the last organisation (it) named outside quotes; a paragraph that opens with
a quote and has no cue continues the previous speaker. A speaker who is not named
("a government official", "officials", "the ministry", "police") is shown as the
text calls them: a reader weighs an anonymous source differently from "unknown".
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from reader.core.sentences import sentence_at, sentence_spans
from reader.core.types import Mention, Quote

__all__ = ["find_quotes"]

_OPEN_DOUBLE = "\u201c"
_CLOSE_DOUBLE = "\u201d"
_OPEN_SINGLE = "\u2018"
_CLOSE_SINGLE = "\u2019"

_VERBS = (
    r"said|says|say|saying|told|tells|tell|telling|added|adds|adding|stated|states|stating|claimed|claims|"
    r"claim|claiming|argued|argues|argue|arguing|warned|warns|warning|insisted|insists|insisting|explained|"
    r"explains|explaining|wrote|writes|writing|asked|asks|replied|replies|announced|announces|declared|"
    r"declares|noted|notes|noting|described|describes|describing|urged|urges|accused|admitted|admits|"
    r"acknowledged|denied|denies|continued|continues|tweeted|posted|stressed|confirmed|suggested|"
    r"reported|remarked|recalled|recalls|concluded|promised|vowed|pledged|hailed|called|calling|"
    r"insist|shouted|whispered|joked|conceded|predicted|added|boasted|complained|recounted|responded"
)
_VERB = re.compile(r"\b(" + _VERBS + r")\b")
_PRONOUN = re.compile(r"\b(he|she|it|they|we|He|She|It|They|We|Our|our)\b")
_PERSON_PRONOUNS = {"he", "she"}
_ORG_PRONOUNS = {"it"}
_HEAD_NOUN = re.compile(r"([a-z]{4,})\s*$")
# An unnamed speaker: up to three modifiers before a noun for a source ("a senior government
# official", "two police officers", "the ministry", "witnesses"). Bounded repetition: linear.
_INDIRECT = re.compile(
    r"\b(?:(?:an?|the|one|two|three|several|some|many|other|its|their)\s+)?"
    r"(?:(?!(?:an?|the|in|on|at|of|to|and|but|said|says|told|according)\b)[A-Za-z][\w-]*\s+){0,3}"
    r"(official|officials|spokesperson|spokesman|spokeswoman|spokespeople|ministry|police|"
    r"police officers?|officers?|witness|witnesses|sources?|residents?|authorities|analysts?|"
    r"experts?|diplomats?|lawyers?|investigators?|prosecutors?|doctors?|activists?|statement|"
    r"government|army|military|embassy|department|agency|survivors?|protesters?|critics)\b",
    re.IGNORECASE,
)
_INDIRECT_SKIP = frozenset({"said", "says", "told", "according", "to", "and", "but", "when", "as"})


@dataclass
class _Raw:
    """A quote while being attributed: its pieces (one per paragraph) and offsets."""

    pieces: list[tuple[int, int, int, int]]  # (mark_start, inner_start, inner_end, mark_end)
    single: bool

    @property
    def start(self) -> int:
        return self.pieces[0][0]

    @property
    def end(self) -> int:
        return self.pieces[-1][3]

    def inner(self, text: str) -> str:
        return "\n".join(text[a:b].strip() for _s, a, b, _e in self.pieces)


def find_quotes(text: str, mentions: Sequence[Mention]) -> list[Quote]:
    """Every direct quote in ``text`` with its speaker's canonical name ("" when unknown)."""
    raws = _scan(text)
    if not raws:
        return []
    masked = _mask(text, raws)
    sentences = sentence_spans(masked)
    outside = _Mentions(_outside(raws, mentions))
    quotes: list[Quote] = []
    previous: Quote | None = None
    previous_type = ""
    for raw in raws:
        inner = raw.inner(text)
        words = len(inner.split())
        if not words:
            continue  # a pair of marks with nothing between them quotes no one
        sent_start, sent_end = sentence_at(sentences, raw.start)
        if sent_end <= raw.start:  # the quote opens the sentence
            sent_start, sent_end = raw.start, raw.end
        _s2, sent_end = sentence_at(sentences, max(raw.end - 1, raw.start))
        left = masked[max(sent_start, raw.start - CONTEXT) : raw.start]
        right_end = sent_end
        newline = masked.find("\n", raw.end)
        if newline != -1:
            right_end = min(right_end, newline) if right_end > raw.end else newline
        right = masked[raw.end : max(min(right_end, raw.end + CONTEXT), raw.end)]
        speaker, kind, adjacent = _attribute(text, masked, raw, left, right, outside, quotes, previous_type)
        opens_paragraph = raw.start == 0 or text[raw.start - 1] == "\n"
        if not speaker and kind == "" and opens_paragraph and previous is not None and adjacent is False:
            speaker, kind = previous.speaker, previous_type
            adjacent = True  # a continuation paragraph is a quote by position
        if words <= 3 and (raw.single or not adjacent):
            continue  # scare quotes: “iron fist”, ‘Duvdevan’
        if raw.single and not adjacent and words <= 6:
            continue
        # “We need peace,” he said: the comma belongs to the sentence around the quote, not to it.
        shown = inner[:-1].rstrip() if inner.endswith(",") else inner
        quote = Quote(speaker=speaker, text=shown, start=raw.start, end=raw.end)
        quotes.append(quote)
        previous, previous_type = quote, kind
    return quotes


def _scan(text: str) -> list[_Raw]:
    """Pair quote marks paragraph by paragraph; join an unclosed quote with the paragraph that reopens it."""
    raws: list[_Raw] = []
    carry: _Raw | None = None
    pos = 0
    for paragraph in text.split("\n"):
        base = pos
        pos += len(paragraph) + 1
        open_at = -1
        open_char = ""
        single_open = -1
        stripped = paragraph.lstrip()
        if carry is not None and not stripped.startswith((_OPEN_DOUBLE, '"')):
            raws.append(carry)
            carry = None
        for i, ch in enumerate(paragraph):
            at = base + i
            if open_at < 0:
                if ch == _OPEN_DOUBLE or (ch == '"' and _can_open(paragraph, i)):
                    open_at, open_char = at, ch
                    single_open = -1
                elif ch == _OPEN_SINGLE and single_open < 0 and _can_open(paragraph, i):
                    single_open = at
                elif ch == _CLOSE_SINGLE and single_open >= 0 and _can_close(paragraph, i):
                    raws.append(_Raw([(single_open, single_open + 1, at, at + 1)], single=True))
                    single_open = -1
            elif (open_char == _OPEN_DOUBLE and ch == _CLOSE_DOUBLE) or (open_char == '"' and ch == '"'):
                piece = (open_at, open_at + 1, at, at + 1)
                if carry is not None:
                    carry.pieces.append(piece)
                    raws.append(carry)
                    carry = None
                else:
                    raws.append(_Raw([piece], single=False))
                open_at = -1
        if open_at >= 0:  # unclosed at the paragraph's end: may continue in the next paragraph
            end = base + len(paragraph)
            piece = (open_at, open_at + 1, end, end)
            if carry is not None:
                carry.pieces.append(piece)
            else:
                carry = _Raw([piece], single=False)
        elif carry is not None:
            raws.append(carry)
            carry = None
    if carry is not None:
        raws.append(carry)
    raws.sort(key=lambda r: r.start)
    return raws


def _can_open(paragraph: str, i: int) -> bool:
    before = paragraph[i - 1] if i > 0 else " "
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    return (before.isspace() or before in '([{\u2014\u2013-\u201c"') and not after.isspace()


def _can_close(paragraph: str, i: int) -> bool:
    after = paragraph[i + 1] if i + 1 < len(paragraph) else " "
    return not after.isalnum() and i > 0 and not paragraph[i - 1].isspace()


def _mask(text: str, raws: list[_Raw]) -> str:
    """Blank quote interiors (same length) so cues and sentence ends are read outside quotes only.

    A final ``.``/``!``/``?`` inside the quote is kept, so a quote that ends a sentence still does.
    """
    chars = list(text)
    for raw in raws:
        for _s, a, b, _e in raw.pieces:
            for i in range(a, b):
                if chars[i] != "\n":
                    chars[i] = "x"
            if b > a and text[b - 1] in ".!?,":
                chars[b - 1] = text[b - 1]
    return "".join(chars)


# The most text either side of a quote that its attribution is looked for in. News sentences are far
# shorter; the bound keeps a crafted paragraph of 100,000 quote marks in one "sentence" linear (it ran
# for hours, each quote re-reading the whole sentence before it).
CONTEXT = 1_000
# The most mentions an "our investigation" look-back walks (the owner is named a few sentences back).
HEAD_NOUN_REACH = 200


def _outside(raws: list[_Raw], mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions that are not inside a quote (the quotes are in order and do not overlap)."""
    starts = [raw.start for raw in raws]
    out = []
    for m in mentions:
        k = bisect_right(starts, m.start) - 1
        if k < 0 or m.start >= raws[k].end:
            out.append(m)
    return out


class _Mentions:
    """Mentions outside quotes, searchable by offset in logarithmic time.

    Each quote asks who was named in a stretch before or after it, and who was the last person or
    organisation named before it. Scanning every mention for every quote was quadratic: harmless in
    an article, hours in a crafted text with tens of thousands of quotes and names.
    """

    def __init__(self, mentions: list[Mention]) -> None:
        self.items = sorted(mentions, key=lambda m: (m.start, m.end))
        self.starts = [m.start for m in self.items]
        self.ends = [m.end for m in self.items]
        # With no overlapping mentions (spaCy's never overlap) ends are in order too, and "the last
        # mention ending before X" is a bisection; otherwise the lookups fall back to a scan.
        self.ordered = all(a <= b for a, b in zip(self.ends, self.ends[1:], strict=False))
        self.by_type: dict[str, tuple[list[int], list[int], list[Mention]]] = {}
        for kind in ("PERSON", "ORG"):
            chosen = [m for m in self.items if m.type == kind]
            self.by_type[kind] = ([m.start for m in chosen], [m.end for m in chosen], chosen)

    def within(self, start: int, end: int) -> list[Mention]:
        """Mentions lying wholly in ``[start, end)``, in order."""
        out = []
        for k in range(bisect_left(self.starts, start), bisect_left(self.starts, end)):
            if self.ends[k] <= end:
                out.append(self.items[k])
        return out

    def last_before(self, at: int, kind: str) -> Mention | None:
        """The last mention of ``kind`` that ends by ``at``."""
        starts, ends, chosen = self.by_type[kind]
        if not self.ordered:
            before = [m for m in chosen if m.end <= at]
            return before[-1] if before else None
        k = bisect_right(ends, at) - 1
        return chosen[k] if k >= 0 else None

    def first_after(self, at: int, kind: str) -> Mention | None:
        """The first mention of ``kind`` that starts at or after ``at``."""
        starts, _ends, chosen = self.by_type[kind]
        k = bisect_left(starts, at)
        return chosen[k] if k < len(chosen) else None

    def ending_by(self, at: int) -> list[Mention]:
        """Mentions that end by ``at``, nearest first (at most HEAD_NOUN_REACH of them)."""
        if not self.ordered:
            return list(reversed([m for m in self.items if m.end <= at]))[:HEAD_NOUN_REACH]
        k = bisect_right(self.ends, at)
        return self.items[max(0, k - HEAD_NOUN_REACH) : k][::-1]


def _attribute(
    text: str,
    masked: str,
    raw: _Raw,
    left: str,
    right: str,
    mentions: _Mentions,
    quotes: list[Quote],
    previous_type: str,
) -> tuple[str, str, bool]:
    """(speaker, speaker type, cue adjacent to the quote) from the text around a quote."""
    left_base = raw.start - len(left)
    right_base = raw.end
    inner_end = text[raw.pieces[-1][2] - 1] if raw.pieces[-1][2] > raw.pieces[-1][1] else ""
    right_match = _RIGHT_ATTRIBUTION.match(right)
    left_stripped = left.rstrip()
    colon_intro = left_stripped.endswith((":", ","))
    left_verbs = list(_VERB.finditer(left))
    use_right = right_match is not None and (inner_end in ",?!" or not (colon_intro and left_verbs))
    if use_right and right_match is not None:
        pre_start = right_base + right_match.start(1)
        pre_end = right_base + right_match.end(1)
        speaker = _subject(text, pre_start, pre_end, mentions, quotes, raw.start, previous_type, last=True)
        if speaker[0] == "" and speaker[1] == "":
            post_start = right_base + right_match.start(3)
            post_end = right_base + right_match.end(3)
            speaker = _subject(
                text,
                post_start,
                post_end,
                mentions,
                quotes,
                raw.start,
                previous_type,
                last=False,
                pronouns=False,
            )
        if speaker == ("", ""):
            speaker = _indirect(text[pre_start:pre_end], last=True)
        if speaker == ("", ""):
            speaker = _indirect(
                text[right_base + right_match.start(3) : right_base + right_match.end(3)], last=False
            )
        return speaker[0], speaker[1], True
    if left_verbs:
        verb = left_verbs[-1]
        adjacent = colon_intro or left_stripped.endswith(verb.group(1))
        verb_at = left_base + verb.start(1)
        participle = verb.group(1).endswith("ing")
        speaker = _subject(
            text, left_base, verb_at, mentions, quotes, raw.start, previous_type, last=not participle
        )
        if speaker == ("", ""):
            speaker = _head_noun_owner(masked, left_base, verb_at, mentions)
        if speaker == ("", ""):
            speaker = _indirect(masked[left_base:verb_at], last=not participle)
        return speaker[0], speaker[1], adjacent
    return "", "", False


def _subject(
    text: str,
    start: int,
    end: int,
    mentions: _Mentions,
    quotes: list[Quote],
    quote_at: int,
    previous_type: str,
    *,
    last: bool,
    pronouns: bool = True,
) -> tuple[str, str]:
    """The speaker named in ``text[start:end]``: an entity mention or a pronoun resolved backwards."""
    inside = [m for m in mentions.within(start, end) if m.type != "NORP"]
    region = text[start:end]
    pronoun = None
    if pronouns:
        found = list(_PRONOUN.finditer(region))
        if found:
            pronoun = found[-1] if last else found[0]
    if inside:
        persons = [m for m in inside if m.type == "PERSON"]
        if last:
            pick = persons[-1] if persons else inside[-1]
            if pronoun is not None and start + pronoun.start() > pick.end:
                return _resolve(pronoun.group(1).lower(), mentions, quotes, quote_at, previous_type)
        else:
            pick = inside[0]
            if pronoun is not None and start + pronoun.start() < pick.start:
                return _resolve(pronoun.group(1).lower(), mentions, quotes, quote_at, previous_type)
        return pick.entity, pick.type
    if pronoun is not None:
        return _resolve(pronoun.group(1).lower(), mentions, quotes, quote_at, previous_type)
    return "", ""


def _indirect(region: str, *, last: bool) -> tuple[str, str]:
    """An unnamed speaker as the text words it ("a government official"), type "INDIRECT"."""
    found = list(_INDIRECT.finditer(region))
    if not found:
        return "", ""
    match = found[-1] if last else found[0]
    words = match.group().split()
    while len(words) > 1 and words[0].lower() in _INDIRECT_SKIP:
        words = words[1:]  # "said a government official": the verb is not part of the source
    return " ".join(words), "INDIRECT"


def _resolve(
    pronoun: str, mentions: _Mentions, quotes: list[Quote], quote_at: int, previous_type: str
) -> tuple[str, str]:
    """he/she → the last person named before the quote (or, failing that, the next one); it → the
    previous quote's organisation speaker, else the last organisation named."""
    if pronoun in _PERSON_PRONOUNS:
        found = mentions.last_before(quote_at, "PERSON") or mentions.first_after(quote_at, "PERSON")
        return (found.entity, "PERSON") if found else ("", "PERSON")
    if pronoun in _ORG_PRONOUNS:
        if quotes and quotes[-1].speaker and previous_type in ("ORG", "GPE", "NORP"):
            return quotes[-1].speaker, previous_type
        org = mentions.last_before(quote_at, "ORG")
        return (org.entity, "ORG") if org else ("", "ORG")
    return "", ""  # we/our/they: left to the head-noun rule


def _head_noun_owner(masked: str, start: int, end: int, mentions: _Mentions) -> tuple[str, str]:
    """ "Our investigation stated:" → whoever owns "… investigation" earlier ("a Sky News investigation")."""
    match = _HEAD_NOUN.search(masked[start:end].rstrip().removesuffix("has").rstrip())
    if not match:
        return "", ""
    noun = match.group(1)
    for mention in mentions.ending_by(start):
        following = masked[mention.end : mention.end + len(noun) + 2].strip()
        if following.startswith(noun):
            return mention.entity, mention.type
    return "", ""


# compiled once (see entities._ROLE_PREFIX)
_RIGHT_ATTRIBUTION = re.compile(r"^\s*,?\s*((?:[\w’'.-]+\s+){0,6}?)(" + _VERBS + r")\b([^.!?;]{0,60})")
