"""Headlinese and where a clause is cut: the sub-editor's last step on a chosen clause.

titles.py chooses the sentence and its subject and main verb; this module turns that clause into
a headline without changing what it says: the attribution verb in the headline present ("says"),
appositives, manner adverbs and articles dropped, then the longest prefix that ends at a phrase
boundary on a content word within MAX_WORDS words. Kept apart from the choosing so that a rule
about the cut cannot, by accident, change which sentence gives the title.
"""

from __future__ import annotations

import re

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
    LY_KEEP,
    OF_NEEDED,
    PARTICIPLES,
    PREP,
    PREP_NOUN,
    PRESENT,
    SPEECH,
    SUBJECT_PRONOUNS,
    SUBORD,
    clause_verb,
    core,
    is_function,
    is_participle,
    opens_clause,
    verb_kind,
)

MAX_WORDS = 12


MAX_TITLE = 100  # characters: two lines of the article list at most


_SAYS = {"said": "says", "told": "tells"}


def headline_verb(toks: list[str], v: int, plural: bool) -> list[str]:
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


def compress_subject(subject: list[str]) -> list[str]:
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


def drop_adverbs(toks: list[str], v: int) -> tuple[list[str], int]:
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
            i < v and c.endswith("ly") and nxt.islower() and core(nxt).endswith("ed")
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


def compress(toks: list[str], keep: int, verbatim: bool = False) -> tuple[list[str], int]:
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


def phrase_cut(toks: list[str], min_end: int, level: int, strict: bool = True) -> list[str] | None:
    """The longest prefix ending at a phrase boundary, within the limits, ending on a content word.

    Boundaries: the end, a comma or semicolon, or before a preposition, conjunction or
    subordinator (but not before "of", and not before a particle just after the verb: "reached
    out"). A cut may not leave a "that"/"saying" clause without its verb. ``level`` 1 also allows
    a cut before "of" or after a name ("... buying Cray II | supercomputer"); level 2 after any
    noun-like word ("has paid family's businesses | more than ..."), when nothing else fits. A trailing appositive
    after a comma goes ("... to buy Video Monitors Inc[, a privately-held company]"). ``strict``: see titles._assemble.
    """
    best: list[str] | None = None
    starts = range(min_end, min(len(toks), MAX_WORDS) if strict else min_end)  # of clauses kept whole
    reach = [clause_verb(toks, k) if opens_clause(toks, k) else -1 for k in starts]
    for end in range(min_end, len(toks) + 1):
        words = toks[:end]
        if len(words) > MAX_WORDS or len(" ".join(words)) > MAX_TITLE:
            break
        if cut_ok(toks, end, min_end, level, strict) and max(reach[: end - min_end], default=-1) < end:
            best = words
    if best:
        commas = [k for k in range(min_end + 1, len(best) - 1) if best[k].endswith(",")]
        tail_is_phrase = commas and not any(verb_kind(best, k) for k in range(commas[-1] + 1, len(best)))
        if tail_is_phrase and core(best[commas[-1]]) not in FUNCTION_END:
            best = best[: commas[-1] + 1]
        elif commas and len(best) < len(toks) and core(best[commas[-1]]) not in FUNCTION_END:
            head = best[commas[-1] + 1]
            if head.islower() and core(head).endswith("ing"):  # "..., calling wins | in them ...": cut short
                best = best[: commas[-1] + 1]
    return best


def _anything_but(toks: list[str], k: int) -> bool:
    """Is toks[k] the "but" of "anything but worried" (a predicate, not a clause)?"""
    return (
        0 < k < len(toks) and core(toks[k]) == "but" and core(toks[k - 1]) in {"anything", "nothing", "all"}
    )


def cut_ok(toks: list[str], end: int, min_end: int, level: int, strict: bool = True) -> bool:
    """Does a cut before ``end`` end at a phrase boundary on a content word (see phrase_cut)? The caller also
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
    if _anything_but(toks, end):
        return False  # "is anything | but worried": the "but" phrase is the predicate
    if following == "to" and lc in CATENATIVE:
        return False  # "troops manage | to capture ...": the verb lost its infinitive
    copula = strict and end >= 2 and core(toks[end - 2]) in BE
    if strict and following == "of" and last.islower() and (lc in OF_NEEDED or copula):
        return False  # "was the remains | of the U.S.S. Grayback": the noun's "of" phrase is its content
    words = toks[:end]
    if sum(w.count("“") - w.count("”") for w in words) > 0:
        return False  # never inside a quotation: a quote is given whole or not at all
    opener = max(
        (k for k in range(min_end, end) if core(words[k]) in _CLAUSE_OPENERS and not _anything_but(words, k)),
        default=-1,
    )
    return opener < 0 or any(verb_kind(words, k) for k in range(opener + 2, end))


def finish(toks: list[str]) -> str:
    """Join, tidy the ends, balance quote marks, capitalise."""
    text = " ".join(toks).strip().rstrip(".,;:—–- ")
    text = re.sub(r"\s+([,;:])", r"\1", text)
    if text[:1] in "“\"‘'":
        text = text[1:].lstrip()
        text = re.sub(r"[”\"’](?=[,\s]|$)", "", text, count=1)
    if text.count("“") > text.count("”"):
        text += "”"
    if text.count('"') % 2:  # a straight quote the cut left alone: close an opener, drop a closer
        last = text.rindex('"')
        opens = last + 1 < len(text) and not text[last + 1].isspace()
        text = text + '"' if opens else text[:last] + text[last + 1 :]
    if text.count("‘") > text.count("’") and text.rfind("‘") > text.rfind("’"):
        text += "’"
    # 'strong action,"' ends on the quote, not its comma; nor does a title end on a comma a quote left
    text = re.sub(r"[,;:]+(?=[”\"’]*$)", "", text).rstrip(".,;:—–- ")
    return text[:1].upper() + text[1:]
