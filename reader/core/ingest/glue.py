"""Repair words fused by link extraction, and normalise stray quote marks.

When a page is copied as text, the space next to a hyperlink is often lost:
``Armenia from`` becomes ``Armeniafrom`` and ``Azerbaijan’s plans`` becomes
``Azerbaijan’splans``. We split such a token only on strong evidence, because
breaking a real word (``information``, ``Washington``) is worse than leaving
a fused one:

* a possessive followed by lowercase letters (``X’splans``) is never English;
* otherwise one side must be a common function word from a small built-in
  list, and the other side must occur *on its own elsewhere in the same
  document* (the document is its own dictionary: a name that was glued once
  is written correctly a dozen other times), while the fused form is rare.

No spaCy here: ingest must stay fast and light.
"""

from __future__ import annotations

import re
from collections import Counter
from collections import _count_elements as count_into  # type: ignore[attr-defined]  # Counter.update's C loop
from collections.abc import Iterable

# Function words that follow a linked word and lose their space. Words that
# end many ordinary words or names ("or", "her", "are", "over", "in" after a
# short stem) are left out or need more evidence (see _evidence_ok).
GLUE_RIGHT = frozenset(
    "from to in on at of for with and the by as is was has had have that which who after into than "
    "said says its their his were will would could but not been this when while where since before "
    "under against between during amid across near toward towards following".split()
)
GLUE_RIGHT_LOWER = frozenset(
    "from the and with that which into after said were have this their than when where since during "
    "before between against amid across".split()
)
_RIGHT_LOWER_MAX = max(map(len, GLUE_RIGHT_LOWER))
GLUE_LEFT = frozenset(
    "in on at of for from to with and the by said says that near told about after than into over "
    "as is was".split()
)
FUNCTION_WORDS = frozenset(
    "a an the and or but nor so yet for of in on at to by with from into onto upon over under about after "
    "before between through during without within against among across along around behind beyond as "
    "is was are were be been being has have had do does did will would shall should can could may might "
    "must this that these those there here where when while which who whom whose what why how all any "
    "some every each no not none more most much many few less least other another such than then too "
    "very also just only even still else it its he she they we you i me him her them us his hers their "
    "our your my mine ours yours theirs one ones up down out off back away".split()
)
# Real words that a split rule could otherwise take apart.
EXCEPTIONS = frozenset(
    "meanwhile worthwhile goodwill thereafter hereafter whereabouts thereabouts hereabouts roundabout "
    "breakthrough walkthrough throughout nonetheless nevertheless notwithstanding furthermore whereas "
    "whereby wherein thereby therein thereof hereby herein therefore moreover however whatever whenever "
    "wherever forever otherwise something anything everything nothing someone anyone everyone somewhere "
    "anywhere everywhere elsewhere nowhere together whether another although medicare".split()
)

_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*")
_POSSESSIVE = re.compile(r"^([^\W\d_]{2,}[’']s)([a-z]{2,})$")
_CAP_THEN_LOWER = re.compile(r"^((?:[A-Z][a-z]+)|(?:[A-Z]{2,}))([a-z]+)$")
_LOWER_THEN_CAP = re.compile(r"^([a-z]{2,})([A-Z][a-zA-Z]+)$")
_LOWER = re.compile(r"^[a-z]{6,}$")
_PUNCT_GLUE = re.compile(r"(?<![A-Z])([a-z]{2,})([.!?])([A-Z][a-z]+)")
_COMMA_GLUE = re.compile(r"(?<=[a-z]{2}),(?=[A-Za-z]{2})")
# Cheap necessary conditions for the two patterns above: most paragraphs fail
# them, and skipping the full patterns there halves the cost of repair.
_PUNCT_HINT = re.compile(r"[.!?][A-Z]")
_COMMA_HINT = re.compile(r",[A-Za-z]")

_SINGLE_INSIDE = re.compile(r"(?<=[^\W\d_])[‘`´](?=[^\W\d_])")
_SINGLE_AFTER = re.compile(r"(?<=[^\W\d_]s)‘(?=\s|$|[.,;:!?])")
_DOUBLE_CLOSE = re.compile(r"(?<=[^\s“(\[])“(?=\s|$|[.,;:!?)])")
_DOUBLE_OPEN = re.compile(r"(?:(?<=\s)|^)”(?=[^\W\d_])")


def build_vocab(texts: Iterable[str]) -> Counter[str]:
    """Count every word form in the document, case kept: the document's own dictionary."""
    vocab: Counter[str] = Counter()
    for text in texts:
        count_words(vocab, text)
    return vocab


def count_words(vocab: Counter[str], text: str, keep: dict[str, list[str]] | None = None) -> None:
    """Add the word forms of ``text`` to ``vocab`` (a stream's dictionary grows as it is read).

    A stream repairs each paragraph later, when its article is settled, and
    repair needs the same tokens: a stream passes its own ``keep`` (paragraph
    text -> tokens, emptied by ``repair``), so each paragraph is tokenised once.
    A source counted whole before any repair (JSONL's first pass) passes none:
    nothing would be repaired soon enough to use them. Counted with
    Counter.update's C loop, without its ``isinstance(_, Mapping)`` check.
    """
    tokens = _TOKEN.findall(text)
    if keep is not None:
        if len(keep) >= _KEEP_MAX:  # paragraphs counted but never repaired (dropped captions)
            keep.clear()
        keep[text] = tokens
    count_into(vocab, tokens)


# A stream repairs a buffer's paragraphs (4,120) after counting them, and with a second process
# counts the next buffer before repairing the last, so ``keep`` holds up to about two buffers; the
# bound only matters for paragraphs that are counted and then dropped, never repaired.
_KEEP_MAX = 16_000


def _evidence_ok(stem: str, fused: str, right_len: int, vocab: Counter[str]) -> bool:
    """Is ``stem`` a word of this document, and ``fused`` too rare to be one?

    Two-letter function words end many names (``Putin``, ``Hudson``), so they
    need a longer stem seen at least twice.
    """
    if stem.lower() in FUNCTION_WORDS or fused.lower() in EXCEPTIONS:
        return False
    if vocab[fused] > 1 or vocab[fused] >= vocab[stem]:
        return False
    if right_len <= 2:
        return len(stem) >= 4 and vocab[stem] >= 2
    return len(stem) >= 3 and vocab[stem] >= 1


def split_token(token: str, vocab: Counter[str]) -> str:
    """Return ``token`` with a space inserted where it is a fusion of two words."""
    if len(token) < 5:
        return token
    m = _POSSESSIVE.match(token)
    if m:
        return f"{m.group(1)} {m.group(2)}"
    m = _CAP_THEN_LOWER.match(token)
    if m:
        # Try the longest function word that ends the token.
        for cut in range(max(2, len(token) - 9), len(token) - 1):
            stem, right = token[:cut], token[cut:]
            if right in GLUE_RIGHT and stem[-1].isalpha() and _evidence_ok(stem, token, len(right), vocab):
                return f"{stem} {right}"
        return token
    m = _LOWER_THEN_CAP.match(token)
    if m and m.group(1) in GLUE_LEFT:
        right = m.group(2)
        if vocab[right] >= 1 and vocab[token] <= 1:
            return f"{m.group(1)} {right}"
        return token
    if _LOWER.match(token) and token not in EXCEPTIONS:
        # Only the last _RIGHT_LOWER_MAX letters can be a function word: trying every cut of a
        # 200,000-letter "word" copied the token at each one (quadratic, 23 s for one line).
        for cut in range(max(4, len(token) - _RIGHT_LOWER_MAX), len(token) - 2):
            stem, right = token[:cut], token[cut:]
            if (
                right in GLUE_RIGHT_LOWER
                and _evidence_ok(stem, token, len(right), vocab)
                and vocab[stem] >= 2
            ):
                return f"{stem} {right}"
    return token


def normalise_quotes(text: str) -> str:
    """Turn an opening quote used as an apostrophe or closer into the right mark."""
    if "‘" in text or "`" in text or "´" in text:
        text = _SINGLE_INSIDE.sub("’", text)
        text = _SINGLE_AFTER.sub("’", text)
    if "“" in text:
        text = _DOUBLE_CLOSE.sub("”", text)
    if "”" in text:
        text = _DOUBLE_OPEN.sub("“", text)
    return text


def repair(
    text: str,
    vocab: Counter[str],
    cache: dict[str, str] | None = None,
    kept: dict[str, list[str]] | None = None,
) -> str:
    """Repair one paragraph: quotes first (they decide token edges), then fused words.

    ``cache`` maps a token to its repaired form for this ``vocab``; pass the
    same dict for every paragraph of a document so each word form is judged
    once. ``kept`` is the stream's dict that ``count_words`` filled: this
    paragraph's tokens are taken from it (and removed) when quotes and
    punctuation left the text as it was counted. Most paragraphs hold no
    fused word and are returned untouched without rebuilding the string.
    """
    original = text
    text = normalise_quotes(text)
    if _PUNCT_HINT.search(text):
        text = _PUNCT_GLUE.sub(r"\1\2 \3", text)
    if _COMMA_HINT.search(text):
        text = _COMMA_GLUE.sub(", ", text)
    tokens = kept.pop(original, None) if kept is not None else None
    if tokens is None or text is not original:
        tokens = _TOKEN.findall(text)
    memo: dict[str, str] = {} if cache is None else cache
    # Each token's repaired form, looked up in C; only forms not judged yet are judged here.
    fixed = list(map(memo.get, tokens))
    if None in fixed:
        for i, token in enumerate(tokens):
            if fixed[i] is None:
                fixed[i] = memo.get(token) or memo.setdefault(token, split_token(token, vocab))
    if fixed == tokens:
        return text
    return _TOKEN.sub(lambda m: memo[m.group(0)], text)
