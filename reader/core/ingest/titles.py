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
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial

from reader.core.ingest.title_lexicon import (
    ARTICLES,
    AUX,
    BE,
    CATENATIVE,
    CONJ,
    CUT_BEFORE,
    DET,
    FUNCTION_END,
    IRREGULAR,
    LEGAL_FORM,
    LY_KEEP,
    OF_NEEDED,
    PARTICIPLES,
    PERSON_TITLE,
    PREP,
    PREP_NOUN,
    PRESENT,
    PRONOUN,
    QUANTITY,
    SPEECH,
    SUBJECT_PRONOUNS,
    SUBORD,
    clause_verb,
    core,
    is_function,
    is_participle,
    is_plural,
    main_verb,
    opens_clause,
    relative_start,
    verb_kind,
)
from reader.core.ingest.title_salience import about_the_story, article_counts
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

MAX_WORDS = 12


MAX_TITLE = 100  # characters: two lines of the article list at most


_SCAN = 2000  # a lead longer than this is a run-on dump line; its start is enough


_LEAD_SENTENCES = 3  # of a paragraph tried for a clause: further in, a sentence rarely tells the story

_MAX_TOKENS = 60  # of one sentence: a 12-word title never reaches further
_REACH = 30  # tokens after the verb that a cut can reach, with articles and adverbs dropped


_QUOTE_LEAD = re.compile(r"^[“\"‘]\s*(?P<q>[^”\"]{8,600}?)\s*[”\"]\s*,?\s*(?P<after>.*)$")


_COMMA = re.compile(r",\s+")


_SAYS = {"said": "says", "told": "tells"}


def _headline_verb(toks: list[str], v: int, plural: bool) -> list[str]:
    """A singular subject's attribution verb goes to the headline present ("X said ..." -> "X says ...").

    Other verbs keep the lead's own tense. The headline present of most news verbs is also a
    plural noun ("issues", "strikes", "docks"), so after a run of nouns it reads as one more
    noun ("Crew Dragon capsule docks with ..."); the past ("docked") reads as a verb.
    """
    c = core(toks[v])
    if plural:
        return toks
    if c in {"has", "have"} and v + 1 < len(toks) and core(toks[v + 1]) in _SAYS:
        return [*toks[:v], _SAYS[core(toks[v + 1])], *toks[v + 2 :]]
    if c in _SAYS and toks[v].islower():
        return [*toks[:v], _SAYS[c] + toks[v][len(c) :], *toks[v + 1 :]]
    return toks


def _compress_subject(subject: list[str]) -> list[str]:
    """Drop an appositive after the subject's name ("Hu Jintao, the President of China," -> "Hu Jintao")."""
    for i, tok in enumerate(subject[:-1]):
        if tok.endswith(","):
            after = core(subject[i + 1])
            if (
                after in DET
                or after
                in {"former", "now", "also", "aged", "then", "one", "about", "nearly", "roughly", "some"}
                or after[:1].isdigit()
            ):
                return [*subject[:i], tok.rstrip(",")]
            break
    return subject


def _drop_adverbs(toks: list[str], v: int) -> tuple[list[str], int]:
    """Drop manner adverbs ("has virtually emptied", "researchers mostly from"); headlines do without."""
    out: list[str] = []
    new_v = v
    for i, tok in enumerate(toks):
        c = core(tok)
        adverb = (
            c.endswith("ly") and len(c) > 4 and c not in LY_KEEP and tok == tok.lower() and tok[:1].isalpha()
        )
        adverb = adverb or (
            c in {"also", "reportedly", "now", "just", "already", "still"} and v - 1 <= i <= v + 2
        )
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        adverb = adverb and not (
            i < v and nxt.islower() and core(nxt).endswith("ed")
        )  # "its wholly owned unit"
        if adverb and i and i != v and len(toks) > v + 1 and '"' not in tok and "”" not in tok:
            if i < v:
                new_v -= 1
            tail = tok[len(tok.rstrip(",;:")) :]
            if tail and out:
                out[-1] = out[-1].rstrip(",;:") + tail
            continue
        out.append(tok)
    return out, new_v


def _compress(toks: list[str], keep: int, verbatim: bool = False) -> tuple[list[str], int]:
    """Drop articles outside quotations (headlinese); ``keep`` is an index to track (the verb).

    The determiner that opens the verb's object stays ("ended his campaign", "extended the
    program"): without it the verb reads as one more modifier of a noun ("ended campaign").
    """
    out: list[str] = []
    new_keep = keep
    depth = 1 if verbatim else 0
    object_det = keep + 1
    while object_det < len(toks) and (
        core(toks[object_det]) in AUX
        or is_participle(toks[object_det])
        or (core(toks[object_det - 1]) in AUX and toks[object_det].isalpha() and toks[object_det].islower())
        and core(toks[object_det]) not in _OBJECT_DET
    ):
        object_det += 1  # past "has been", "will receive", "is expected"
    verb = core(toks[object_det - 1]) if 0 < object_det <= len(toks) else ""
    if verb in AUX or verb in SPEECH:
        object_det = -1  # "was coldest night", "said bridge would reopen": no noun reading to fear
    for i, tok in enumerate(toks):
        c = core(tok)
        if i == object_det and c in _OBJECT_DET:
            out.append(tok)
            continue
        quoted = depth > 0 or tok[:1] in '“"'
        depth = max(1 if verbatim else 0, depth + tok.count("“") - tok.count("”"))
        drop = (
            (c in ARTICLES or c in {"its", "their", "his"} and i > keep)
            and not quoted
            and tok[-1:] not in ",.;:"
        )
        drop = drop and i + 1 < len(toks) and tok[:1] not in '“"‘'
        measure = c in {"a", "an"} and i + 1 < len(toks) and core(toks[i + 1]) in _MEASURES  # "a month away"
        if drop and not measure and not (tok == "A" and i > 0):
            if i < keep:
                new_keep -= 1
            continue
        out.append(tok)
    return out, new_keep


_OBJECT_DET = frozenset({"a", "an", "the", "its", "their", "his", "her", "our"})
_MEASURES = frozenset(
    "day week month year decade hour minute half third quarter dozen hundred thousand million billion".split()
)
_CLAUSE_OPENERS = frozenset(
    {
        "that",
        "saying",
        "who",
        "which",
        "where",
        "whether",
        "because",
        "if",
        "when",
        "while",
        "but",
        "how",
        "why",
    }
)


_PLACE_ADVERBS = frozenset({"here", "there"})
_PARTICLES = frozenset({"up", "down", "out", "off", "back", "over"})


def _cut(toks: list[str], min_end: int, level: int, strict: bool = True) -> list[str] | None:
    """The longest prefix ending at a phrase boundary, within the limits, ending on a content word.

    Boundaries: the end, a comma or semicolon, or before a preposition, conjunction or
    subordinator (but not before "of", and not before a particle just after the verb: "reached
    out"). A cut may not leave a "that"/"saying" clause without its verb. ``level`` 1 also allows
    a cut before "of" or after a name ("... buying Cray II | supercomputer"); level 2 after any
    noun-like word ("has paid family's businesses | more than ..."), when nothing else fits. A trailing appositive
    after a comma goes ("... to buy Video Monitors Inc[, a privately-held company]"). ``strict``: see _assemble.
    """
    best: list[str] | None = None
    starts = range(min_end, min(len(toks), MAX_WORDS) if strict else min_end)  # of clauses kept whole
    reach = [clause_verb(toks, k) if opens_clause(toks, k) else -1 for k in starts]
    for end in range(min_end, len(toks) + 1):
        words = toks[:end]
        if len(words) > MAX_WORDS or len(" ".join(words)) > MAX_TITLE:
            break
        if _cut_ok(toks, end, min_end, level, strict) and max(reach[: end - min_end], default=-1) < end:
            best = words
    if best:
        commas = [k for k in range(min_end + 1, len(best) - 1) if best[k].endswith(",")]
        tail_is_phrase = commas and not any(verb_kind(best, k) for k in range(commas[-1] + 1, len(best)))
        if tail_is_phrase and core(best[commas[-1]]) not in FUNCTION_END:
            best = best[: commas[-1] + 1]
    return best


def _cut_ok(toks: list[str], end: int, min_end: int, level: int, strict: bool = True) -> bool:
    """Does a cut before ``end`` end at a phrase boundary on a content word (see _cut)? The caller also
    checks that no clause opened after the verb ("arrested after Paweł Adamowicz | , mayor of Gdańsk,
    was stabbed") loses its verb to the cut."""
    last = toks[end - 1]
    lc = core(last)
    following = core(toks[end]) if end < len(toks) else ""
    at_boundary = end == len(toks) or last.endswith((";", ":")) or toks[end] in {"—", "–", "-", "--"}
    at_boundary = at_boundary or last.endswith(",") and not toks[end][:1].isdigit()
    if not at_boundary:
        at_boundary = (
            following in PREP or following in CONJ or following in SUBORD or following in CUT_BEFORE
        ) and following != "of"
        at_boundary = at_boundary and not (following in _PARTICLES and end == min_end)
        at_boundary = at_boundary or (
            following.endswith("ing") and toks[end].islower() and last.endswith(",")
        )
        if end > min_end and last.islower() and not is_function(lc) and toks[end].islower():
            # "standards | setting limits", "price | it charges"
            after = toks[end + 1] if end + 1 < len(toks) else ""
            takes = core(after) in DET or core(after) in PREP or after[:1].isupper() or after[:1].isdigit()
            ing = following.endswith("ing") and len(following) > 5 and takes
            at_boundary = at_boundary or ing or following in SUBJECT_PRONOUNS
        at_boundary = at_boundary or following in _PLACE_ADVERBS  # "ministers reconvened | here"
    if not at_boundary and level >= 2:
        at_boundary = (
            last.isalpha() and last.islower() and not verb_kind(toks, end - 1) and not lc.endswith("ing")
        )
    if not at_boundary and level >= 1:
        name_ends = toks[end][:1].islower() or toks[end][:1].isdigit() or toks[end].endswith(("’s", "'s"))
        adjective = lc.endswith(
            ("ese", "ian", "ish", "ean", "ican", "ern")
        )  # "Japanese", "European", "Western"
        at_boundary = following == "of" or last[:1].isupper() and name_ends and not adjective
    if not at_boundary or not lc or lc in FUNCTION_END or lc in SUBJECT_PRONOUNS:
        return False
    if last.rstrip(",;:").endswith(("’s", "'s")) or (lc.endswith("ly") and lc not in LY_KEEP):
        return False
    if (
        following == "by"
        and (lc in PARTICIPLES or lc.endswith("ed"))
        or (lc in PREP_NOUN and core(toks[end - 2]) in PREP)
    ):
        return False  # "firms controlled | by ...", "arrested man in connection | with ..."
    before = core(toks[end - 2]) if end >= 2 else ""
    if (
        lc.endswith("ing")
        and last.islower()
        and end >= 2
        and (toks[end - 2].endswith(",") or is_function(before))
    ):
        return False  # "..., cutting | off the supply", "after turning | ..."
    if (
        lc.endswith("ing")
        and len(lc) > 5
        and last.islower()
        and end >= 2
        and verb_kind(toks, end - 2) is None
    ):
        return False  # "concluded Neanderthals living | in Europe": a modifier cut from its phrase
    if lc.endswith("ing") and last.islower() and following in DET:
        return False  # "issues ruling finding | the ...": the participle lost its object
    if following == "that" and (lc in IRREGULAR or lc in SPEECH or lc in PRESENT or lc.endswith("ed")):
        return False  # "announces | that ...": the verb lost its clause
    if following == "to" and lc in CATENATIVE:
        return False  # "troops manage | to capture ...": the verb lost its infinitive
    copula = strict and end >= 2 and core(toks[end - 2]) in BE
    if strict and following == "of" and last.islower() and (lc in OF_NEEDED or copula):
        return False  # "was the remains | of the U.S.S. Grayback": the noun's "of" phrase is its content
    words = toks[:end]
    if sum(w.count("“") - w.count("”") for w in words) > 0:
        return False  # never inside a quotation: a quote is given whole or not at all
    opener = max((k for k in range(min_end, end) if core(words[k]) in _CLAUSE_OPENERS), default=-1)
    return opener < 0 or any(verb_kind(words, k) for k in range(opener + 2, end))


def _finish(toks: list[str]) -> str:
    """Join, tidy the ends, balance quote marks, capitalise."""
    text = " ".join(toks).strip().rstrip(".,;:—–- ")
    text = re.sub(r"\s+([,;:])", r"\1", text)
    if text[:1] in "“\"‘'":
        text = text[1:]
        text = re.sub(r"[”\"’](?=[,\s]|$)", "", text, count=1)
    if text.count("“") > text.count("”"):
        text += "”"
    if text.count("‘") > text.count("’") and text.rfind("‘") > text.rfind("’"):
        text += "’"
    return text[:1].upper() + text[1:]


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


def _from_clause(s: str, quoted: bool = False) -> str | None:
    """A headline from one sentence that does not open with a quotation, or None when no main verb is found.

    ``quoted``: the sentence is a quotation, whose "we" or "this" stands as said.
    """
    s, speaker = strip_attribution(s)
    s = drop_leading(s)
    toks = s.split()[:_MAX_TOKENS]
    v = main_verb(toks)
    if v is None:
        return None
    subject = _compress_subject(toks[:v])
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
        rest = drop_leading(" ".join(rest)).split()  # "said if the goal is peace, then foreign powers ..."
        if core(rest[0]) in PREP:  # "said that at a meeting of the board it removed ..."
            k = next((k for k, t in enumerate(rest[:15]) if core(t) in {"it", "they"}), 0)
            if k and verb_kind(["x", *rest[k + 1 :]], 1) is not None:
                rest = rest[k:]
        first = core(rest[0])
        head = core(subject[-1])
        plural_noun = subject[-1].islower() and head.endswith("s") and not head.endswith(("ss", "us", "is"))
        same = first != "it" or not plural_noun  # "officials confirmed it has ...": "it" is not them
        if first in {"it", "they"} and same and len(rest) > 1 and verb_kind(["x", *rest[1:]], 1) is not None:
            return _assemble(subject + rest[1:], v, speaker)  # "X said it agreed" -> "X agrees"
        if (
            first in {"its", "their"} and len(subject) <= 6 and not any(t.endswith(",") for t in subject)
        ):  # "X said its board ..." -> "X's board ..."
            title = _from_clause(" ".join([*subject[:-1], subject[-1] + "’s", *rest[1:]]))
            if title:
                return title
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
    _cut); then whatever fits at all; only then cuts that may end inside a clause the predicate opens:
    the title still comes from this clause, never from a later sentence that merely cuts better.
    """
    toks, v = _drop_adverbs(toks[: v + _REACH], v)
    subjects = _subjects(toks[:v])
    options: list[tuple[list[str], int]] = []  # built as needed: the whole subject mostly does
    cuts: dict[tuple[int, int, bool], list[str] | None] = {}
    cut = None
    tries = ((0, 3), (1, 3), (0, 1), (1, 1), (2, 3), (2, 1))
    for strict, level, need in ((strict, *t) for strict in (True, False) for t in tries):
        for k, subject in enumerate(subjects):
            if k == len(options):
                words = _headline_verb(subject + toks[v:], len(subject), is_plural(subject))
                options.append(_compress(words, len(subject), verbatim))
            words, w = options[k]
            if (k, level, strict) not in cuts:
                cuts[k, level, strict] = _cut(words, w + min_extra, level, strict)
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
    return _finish(cut)


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
    """A quotation's first quoted sentence that holds a clause, without the quote marks, or None."""
    for sentence in sentences(quote.rstrip(" ,"), 2):
        title = _from_clause(tidy(sentence), quoted=True)
        if title:
            if speaker and len(title.split()) + 2 <= MAX_WORDS and len(title) + len(speaker) + 7 <= MAX_TITLE:
                title = f"{title}, says {speaker}"
            return title
    return None


def _fallback(sentence: str) -> str:
    """No main verb found: the sentence's start, cut at a phrase boundary (never mid-word, no ellipsis)."""
    toks = tidy(sentence).split()
    cut = _cut(toks, 1, 0) or _cut(toks, 1, 1) or _cut(toks, 1, 2)
    if cut is None:
        cut = toks[:MAX_WORDS]
        while len(" ".join(cut)) > MAX_TITLE and len(cut) > 1:
            cut = cut[:-1]
        while len(cut) > 1 and core(cut[-1]) in FUNCTION_END:
            cut = cut[:-1]
        if cut and len(cut[0]) > MAX_TITLE:
            cut = [cut[0][:MAX_TITLE]]  # one "word" longer than a title is no word (a URL, a run of glue)
    return _finish(cut) if cut else ""


def _sentence_title(sentence: str) -> str | None:
    """A sentence's title, derived only when asked for: most later sentences are never needed."""
    return _from_clause(tidy(sentence))


def _candidates(paragraph: str, limit: int) -> Iterator[tuple[str, Callable[[], str | None]]]:
    """The first ``limit`` sentences of a paragraph a title may come from, each with the function
    that derives its title (a quotation that opens the paragraph counts as one)."""
    text = strip_datelines(" ".join(paragraph[:_SCAN].split()))
    if not text:
        return
    if text[:1] in '“"‘':
        quote, speaker, rest = _split_quote(text)
        if quote:
            yield quote, partial(_from_quote, quote, speaker)
        text = rest
    for sentence in sentences(text, limit)[:limit]:
        if sentence[:1] not in '“"‘':
            yield sentence, partial(_sentence_title, sentence)


def derive_title(lead: str, following: str = "", body: Sequence[str] = ()) -> str:
    """A headline-like title (at most 12 words) from the lead paragraph; empty if there is no text.

    The first sentence that holds a clause gives it: up to three of the lead, then (``following``,
    the next paragraph, optional) up to three of the next, as when a dateline, a byline or a
    table row ("Shr 12 cts vs 15 cts") stands alone on the first line; unless that clause carries
    almost none of the words the story repeats (counted over lead, next paragraph and ``body``,
    the paragraphs after; without a body there is too little to count) and a later one of those
    sentences does (see title_salience). Only when none holds a clause is a first sentence cut at
    a phrase boundary: the next paragraph's, since a lead line without a clause is mostly a
    dateline, a byline or a table's first row.
    """
    first = strip_datelines(" ".join(lead[:_SCAN].split()))
    if not first:
        return ""
    candidates = [*_candidates(lead, _LEAD_SENTENCES), *_candidates(following, _LEAD_SENTENCES)]
    for i, (sentence, make) in enumerate(candidates):
        title = make()
        if title and not body:
            return title  # two paragraphs are too few to tell the story's repeated words
        if title:
            counts = article_counts([lead, following, *body])
            return about_the_story((sentence, title), candidates[i + 1 :], counts)
    second = strip_datelines(" ".join(following[:_SCAN].split()))
    return _fallback(first_sentence(second or first)) or _fallback(first_sentence(first))
