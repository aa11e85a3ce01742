"""Derive a headline from an article's lead when the source gave none.

A title is what a reader scans in the article list, so it has to say who did
what, like a headline. A news lead has the story in its main clause and wraps
it in material a sub-editor would cut: a dateline ("HOUSTON, Feb 26 - "), a
time or place opener ("On Thursday, ..."), appositives ("Hu Jintao, the
President of China, ..."), the attribution ("..., officials said"), and
articles and auxiliaries a headline drops. So the recipe is a sub-editor's:
strip those wrappers, find the subject and the main verb, and cut the
predicate at a phrase boundary so the title stays within 12 words and never
ends on a function word or in the middle of a quote.

No parser: derive_title runs once per article inside ingest, which has to
stay fast, so the verb is found with closed word classes and a few suffix
rules (tables in title_words.json). Measured against real headlines from
publishers the rules were not tuned on in tests/bench/bench_titles.py.
This module chooses the sentence, its subject and main verb; title_cut.py
turns that clause into headlinese and cuts it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from functools import partial

from reader.core.ingest.title_cut import (
    MAX_TITLE,
    MAX_WORDS,
    compress,
    compress_subject,
    drop_adverbs,
    finish,
    headline_verb,
    phrase_cut,
)
from reader.core.ingest.title_lexicon import (
    ARTICLES,
    FUNCTION_END,
    LEGAL_FORM,
    PERSON_TITLE,
    PREP,
    PRONOUN,
    QUANTITY,
    SPEECH,
    SUBJECT_PRONOUNS,
    SUBORD,
    core,
    is_function,
    is_participle,
    is_plural,
    main_verb,
    relative_start,
    verb_kind,
)
from reader.core.ingest.title_salience import about_the_story, article_counts, names_the_story
from reader.core.ingest.title_text import (
    drop_leading,
    first_sentence,
    quote_speaker,
    sentences,
    strip_attribution,
    strip_datelines,
    tidy,
)

__all__ = ["MAX_TITLE", "MAX_WORDS", "derive_title", "first_sentence", "sentences"]

_SCAN = 2000  # a lead longer than this is a run-on dump line; its start is enough


_LEAD_SENTENCES = 3  # of a paragraph tried for a clause: further in, a sentence rarely tells the story

_SALIENCE_REACH = 2  # candidate sentences past a title about no story word tried for one about it

_MAX_TOKENS = 60  # of one sentence: a 12-word title never reaches further
_REACH = 30  # tokens after the verb that a cut can reach, with articles and adverbs dropped


_QUOTE_LEAD = re.compile(r"^[“\"‘]\s*(?P<q>[^”\"]{8,600}?)\s*[”\"]\s*,?\s*(?P<after>.*)$")


_COMMA = re.compile(r",\s+")


_CLEFT = re.compile(r"^(?:It|This) (?:is|was) the first time (?:that )?(?P<clause>\S.*?)(?:,? since .*)?$")


_CONDITIONAL = frozenset({"if", "unless"})


def _reported(toks: list[str], v: int) -> list[str] | None:
    """The reported clause after a verb of saying or a "that" ("said in a filing that it will ...",
    "told reporters he ...", "ruled that ..."), or None when the verb has an ordinary object."""
    c = core(toks[v])
    rest = toks[v + 1 :]
    if not rest:
        return None
    if c in {"told", "tells"} or (c in SPEECH and core(rest[0]) in PREP):
        for k, tok in enumerate(rest[:15]):
            ck = core(tok)
            if ck == "that" or (ck in SUBJECT_PRONOUNS and c in {"told", "tells"} and k < 6):
                rest = rest[k:]
                break
        else:
            return None
    if core(rest[0]) == "that":
        return rest[1:] if main_verb(rest[1:]) else None
    if c in {"said", "says", "told", "tells"} or (c in SPEECH and core(rest[0]) in SUBJECT_PRONOUNS):
        return rest if main_verb(rest) is not None else None
    return None


def _from_clause(s: str, quoted: bool = False, timed: bool = True) -> str | None:
    """A headline from one sentence that does not open with a quotation, or None when no main verb is found.

    ``quoted``: the sentence is a quotation, whose "we" or "this" stands as said. ``timed``: drop an
    opening timed clause too ("One day after devices were found, ..."; see drop_leading).
    """
    s, speaker = strip_attribution(s)
    s = drop_leading(s, timed)
    toks = s.split()[:_MAX_TOKENS]
    v = main_verb(toks)
    if v is None:
        return None
    subject = compress_subject(toks[:v])
    if subject and subject[-1].endswith(",") and sum(t.endswith(",") for t in subject) == 1:
        subject = [*subject[:-1], subject[-1][:-1]]  # "a group led by X, said": no comma before the verb
    if len(subject) == 1 and core(subject[0]) in PRONOUN and not quoted:
        return None  # "It features ...": the subject is elsewhere
    quantity = (
        len(subject) > 2 and core(subject[1]) in QUANTITY and ":" not in subject[2]
    )  # "At least 40 people"
    if (
        subject and core(subject[0]) in PREP and not quantity
    ):  # "At about 15:30 a fire was reported": the subject is "a fire"
        dets = [i for i, t in enumerate(subject) if core(t) in ARTICLES]
        if not dets:
            return None
        subject = subject[dets[-1] :]
    toks = subject + toks[v:]
    v = len(subject)
    sv = (
        v + 1
        if core(toks[v]) in {"has", "have", "had"} and v + 1 < len(toks) and is_participle(toks[v + 1])
        else v
    )
    rest = _reported(toks, sv)
    if rest:
        conditional = core(rest[0]) in _CONDITIONAL  # "said that if Congress ..., it would": "it" is not X
        rest = drop_leading(" ".join(rest)).split()  # "said if the goal is peace, then foreign powers ..."
        if conditional and core(rest[0]) in SUBJECT_PRONOUNS:
            rest = [rest[0].lower(), *rest[1:]]  # drop_leading capitalised it: "says it would ..."
        if core(rest[0]) in PREP:  # "said that at a meeting of the board it removed ..."
            k = next((k for k, t in enumerate(rest[:15]) if core(t) in {"it", "they"}), 0)
            if k and verb_kind(["x", *rest[k + 1 :]], 1) is not None:
                rest = rest[k:]
        first = core(rest[0])
        head = core(subject[-1])
        plural_noun = subject[-1].islower() and head.endswith("s") and not head.endswith(("ss", "us", "is"))
        same = first != "it" or not (plural_noun or conditional)  # "officials confirmed it has ...": not them
        if first in {"it", "they"} and same and len(rest) > 1 and verb_kind(["x", *rest[1:]], 1) is not None:
            return _assemble(subject + rest[1:], v, speaker)  # "X said it agreed" -> "X agrees"
        if (
            first in {"its", "their"} and len(subject) <= 6 and not any(t.endswith(",") for t in subject)
        ):  # "X said its board ..." -> "X's board ..."
            owned = " ".join([*subject[:-1], subject[-1] + "’s", *rest[1:]])
            verb_after = (main_verb(owned.split()) or 0) > len(subject)  # not "X’s planned | acquisitions"
            title = _from_clause(owned) if verb_after else None
            if title:
                return title
            if not verb_after:  # the verb seen was a modifier: try the rest, keep this as the last cut
                return _reported_title(toks, v, sv, subject, rest, speaker, quoted) or _from_clause(owned)
        return _reported_title(toks, v, sv, subject, rest, speaker, quoted)
    return _assemble(toks, v, speaker, verbatim=quoted)


def _reported_title(
    toks: list[str], v: int, sv: int, subject: list[str], rest: list[str], speaker: str, quoted: bool
) -> str | None:
    """The title of "X said <rest>" when <rest> cannot stand with X as its subject: the whole report
    cut after the reported verb, else the reported clause alone, else the saying clause's own cut."""
    first = core(rest[0])
    verb = toks[v : sv + 1]
    inner_v = main_verb(rest)
    if inner_v is not None:
        title = _assemble([*subject, *verb, *rest], v, "", min_extra=len(verb) + inner_v + 1)
        if title:
            return title
    if first not in SUBJECT_PRONOUNS and first not in {"its", "their", "his", "her"}:
        inner = _from_clause(" ".join(rest))
        if inner:
            return inner
    return _assemble(toks, v, speaker, verbatim=quoted)


def _assemble(
    toks: list[str], v: int, speaker: str, min_extra: int = 1, verbatim: bool = False
) -> str | None:
    """Headline verb, headlinese, then the longest cut within the limits.

    The subject is tried whole, then shorter (see _subjects). Preferred: a cut at a clean phrase
    boundary keeping at least three words of the predicate (or all of it); then looser cuts (see
    phrase_cut); then whatever fits at all; only then cuts that may end inside a clause the predicate opens:
    the title still comes from this clause, never from a later sentence that merely cuts better.
    """
    toks, v = drop_adverbs(toks[: v + _REACH], v)
    subjects = _subjects(toks[:v])
    options: list[tuple[list[str], int]] = []  # built as needed: the whole subject mostly does
    cuts: dict[tuple[int, int, bool], list[str] | None] = {}
    cut = None
    tries = ((0, 3), (1, 3), (0, 1), (1, 1), (2, 3), (2, 1))
    for strict, level, need in ((strict, *t) for strict in (True, False) for t in tries):
        for k, subject in enumerate(subjects):
            if k == len(options):
                words = headline_verb(subject + toks[v:], len(subject), is_plural(subject))
                options.append(compress(words, len(subject), verbatim))
            words, w = options[k]
            if (k, level, strict) not in cuts:
                cuts[k, level, strict] = phrase_cut(words, w + min_extra, level, strict)
            found = cuts[k, level, strict]
            if found and (len(found) - w >= need or len(found) == len(words)):
                cut = found
                break
        if cut:
            break
    if cut is None:
        return None
    if speaker and len(cut) + 2 <= MAX_WORDS and len(" ".join(cut)) + len(speaker) + 7 <= MAX_TITLE:
        cut = [*cut[:-1], cut[-1].rstrip(",;:") + ",", "says", speaker]
    return finish(cut)


def _subjects(subject: list[str]) -> list[list[str]]:
    """The subject, then shorter versions of it: a person's name with its title ("President Donald
    Trump"), then the part before a comma, a lower-case "and" or a preposition (outside a name such
    as "Bank of England" or "Supreme Court of the United Kingdom")."""
    if core(subject[0]) in {"what", "whatever"}:
        return [subject]  # "what organizers estimated at 1.7 million": no head to keep without the rest
    relative = relative_start(subject)
    if relative:  # a headline never carries the relative clause: "a mill [which was ...] closed"
        subject = [*subject[: relative - 1], subject[relative - 1].rstrip(",")]
    out = [subject]
    names: list[str] = []
    for tok in reversed(subject):
        if not tok[:1].isupper() or tok.endswith(",") or len(names) == 3:
            break
        names.insert(0, tok)
    before = core(subject[-len(names) - 1]) if len(names) < len(subject) else ""
    titled = bool(names) and core(names[0]).split("-")[0] in PERSON_TITLE
    if (
        len(names) >= 2
        and len(names) < len(subject)
        and (titled or (before.isalpha() and not is_function(before)))
    ):
        out.append(names)
    if titled and len(names) == 3:
        out.append(names[1:])  # "President Ronald Reagan" -> "Ronald Reagan"
    for i, tok in enumerate(subject[1:], 1):
        c = core(tok)
        if tok.endswith(","):
            out.append([*subject[:i], tok.rstrip(",")])
            break
        nxt = subject[i + 1 : i + 3]
        if is_participle(tok) and nxt and core(nxt[0]) in PREP and len(subject[:i]) >= 2:
            head = (
                subject[: i - 1]
                if core(subject[i - 1]).endswith("ly") or core(subject[i - 1]) == "just"
                else subject[:i]
            )
            out.append(head)  # "rules [just decided by the Organization]", "a group [led by X]"
            break
        in_name = c == "of" and subject[i - 1][:1].isupper() and any(t[:1].isupper() for t in nxt)
        in_name = in_name and core(subject[i - 1]) not in LEGAL_FORM
        joins_names = tok != "and" or (nxt and nxt[0][:1].isupper())
        if (c in PREP or c in SUBORD) and not in_name or (c == "and" and not joins_names):
            comma = next((k for k in range(i + 1, len(subject) - 1) if subject[k].endswith(",")), 0)
            if c == "of" and comma and comma - i <= 6:  # "The president of Japan's biggest firm[, NEC Corp,]"
                out.append([*subject[:comma], subject[comma].rstrip(",")])
            out.append(subject[:i])
            break
    if "of" in subject[1:-1] and subject[: subject.index("of", 1)] not in out:
        out.append(subject[: subject.index("of", 1)])  # "Prime Ministers Zhao Ziyang | of China and ..."
    return out


def _split_quote(text: str) -> tuple[str, str, str]:
    """A lead that opens with a quotation: the quotation, its speaker's surname ('' if none), and the
    text after the attribution, where the story may go on in the reporter's words ('' quotation: none)."""
    m = _QUOTE_LEAD.match(text)
    if not m:
        return "", "", text
    quote, after = m.group("q"), m.group("after")
    rest = sentences(after)
    attributed = quote.rstrip().endswith(",") or (bool(after) and not after[:1].isupper())
    remaining = " ".join(rest[1:] if attributed else rest)
    return quote, quote_speaker(after) if attributed else "", remaining


def _from_quote(quote: str, speaker: str) -> str | None:
    """A quotation's first quoted sentence that holds a clause, without the quote marks, ", says" its
    speaker; or None (a quote with no room for its speaker would read as the story's own claim)."""
    for sentence in sentences(quote.rstrip(" ,"), 2):
        title = _from_clause(tidy(sentence), quoted=True)
        if title:
            if len(title.split()) + 2 <= MAX_WORDS and len(title) + len(speaker) + 7 <= MAX_TITLE:
                return f"{title}, says {speaker}"
            return None
    return None


def _fallback(sentence: str) -> str:
    """No main verb found: the sentence's start, cut at a phrase boundary (never mid-word, no ellipsis)."""
    toks = tidy(sentence).split()
    cut = phrase_cut(toks, 1, 0) or phrase_cut(toks, 1, 1) or phrase_cut(toks, 1, 2)
    if cut is None:
        cut = toks[:MAX_WORDS]
        while len(" ".join(cut)) > MAX_TITLE and len(cut) > 1:
            cut = cut[:-1]
        while len(cut) > 1 and core(cut[-1]) in FUNCTION_END:
            cut = cut[:-1]
        if cut and len(cut[0]) > MAX_TITLE:
            cut = [cut[0][:MAX_TITLE]]  # one "word" longer than a title is no word (a URL, a run of glue)
    return finish(cut) if cut else ""


def _sentence_title(sentence: str) -> str | None:
    """A sentence's title, derived only when asked for: most later sentences are never needed."""
    text = tidy(sentence)
    cleft = _CLEFT.match(text)
    if cleft:  # "It is the first time Ukraine has announced ...": the news is the clause
        title = _from_clause(cleft.group("clause"))
        if title:
            return title
    title = _from_clause(text)
    if title is None:
        claim = strip_attribution(text)[0]
        if drop_leading(claim) != drop_leading(claim, timed=False):
            title = _from_clause(text, timed=False)  # a cut of this sentence, never another sentence's
    return title


def _candidates(paragraph: str, limit: int) -> Iterator[tuple[str, Callable[[], str | None]]]:
    """The first ``limit`` sentences of a paragraph a title may come from, each with the function
    that derives its title (a quotation that opens the paragraph counts as one)."""
    text = strip_datelines(" ".join(paragraph[:_SCAN].split()))
    if not text:
        return
    if text[:1] in '“"‘':
        quote, speaker, rest = _split_quote(text)
        if quote and speaker:  # "..., he said": a title without its speaker reads as the story's own claim
            yield f"{quote} {speaker}", partial(_from_quote, quote, speaker)  # the name is no story word
        text = rest
    depth = 0  # quotation marks open before the sentence: one inside a quotation is no reporter's clause
    for sentence in sentences(text, limit)[:limit]:
        if sentence[:1] not in '“"‘' and depth <= 0:
            yield sentence, partial(_sentence_title, sentence)
        depth += sentence.count("“") - sentence.count("”")


def _on_the_story(
    later: list[tuple[str, Callable[[], str | None]]], third: str, counts: Counter[str]
) -> str | None:
    """The title of the next candidate sentence or two (up to the lead's third paragraph) that names the
    story, when the chosen one names none of it: a side remark ("His video included an offer of help to
    officials") gives way to the next clause about the story's subject; else None."""
    for _, make in [*later, *_candidates(third, _LEAD_SENTENCES)][:_SALIENCE_REACH]:
        title = make()
        if title and names_the_story(title, counts):
            return title
    return None


def derive_title(lead: str, following: str = "", body: Sequence[str] = ()) -> str:
    """A headline-like title (at most 12 words) from the lead paragraph; empty if there is no text.

    The first sentence that holds a clause gives it: up to three of the lead, then (``following``,
    the next paragraph, optional) up to three of the next, as when a dateline, a byline or a
    table row ("Shr 12 cts vs 15 cts") stands alone on the first line; unless that clause carries
    almost none of the words the story repeats (counted over lead, next paragraph and ``body``,
    the paragraphs after; without a body there is too little to count) and a later one of those
    sentences does (see title_salience). A lead with no reporter's sentence at all (a quotation
    whose speaker is "he") has not named the story yet: there, a clause naming none of the story's
    most repeated words gives way to the next sentence or two, up to the third paragraph, that
    names one (see _on_the_story). When neither the lead nor the next paragraph holds a clause (a
    photo credit over a "Via X:" line), the third paragraph's first three sentences are tried.
    Only when none holds a clause is a first sentence cut at a phrase boundary: the next
    paragraph's, since a lead line without a clause is mostly a dateline, a byline or a table's
    first row.
    """
    first = strip_datelines(" ".join(lead[:_SCAN].split()))
    if not first:
        return ""
    own = [*_candidates(lead, _LEAD_SENTENCES)]
    candidates = [*own, *_candidates(following, _LEAD_SENTENCES)]
    for i, (sentence, make) in enumerate(candidates):
        title = make()
        if title and not body:
            return title  # two paragraphs are too few to tell the story's repeated words
        if title:
            counts = article_counts([lead, following, *body])
            chosen, title = about_the_story((sentence, title), candidates[i + 1 :], counts)
            if own or names_the_story(title, counts):
                return title  # a lead with a reporter's sentence of its own names the story there
            k = next(k for k, (s, _) in enumerate(candidates) if s is chosen)
            return _on_the_story(candidates[k + 1 :], body[0], counts) or title
    for _, make in _candidates(body[0], _LEAD_SENTENCES) if body else ():
        title = make()  # a credit, a byline and a teaser line before the story: its clause is further on
        if title:
            return title
    second = strip_datelines(" ".join(following[:_SCAN].split()))
    return _fallback(first_sentence(second or first)) or _fallback(first_sentence(first))
