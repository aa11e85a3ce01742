"""Does a derived title still say what its lead says? A spaCy judge for bench_titles.py.

The fragment judge asks whether a title reads as a clause; this one asks whether the clause is
the lead's. A compression that splices pieces of different clauses ("researchers [posted findings
estimating the number of people infected ...] may exceed 1000" -> "Researchers may exceed 1000")
reads as a clause and says something the story does not. The judge parses the title and its
source sentence with spaCy (the title code never uses a parser, so the two share no rules) and
calls the title *garbled* for the first of these it finds:

* ``order``: a title word is not in the source sentence, in the same order (allowed: the
  headline present "says"/"tells" for "said"/"told", a possessive "’s" made from "X said its",
  contractions spelled out, a closing ", says Name" whose name is in the source);
* ``subject``: a subject-verb pair of the title's parse is not one of the source's: the title's
  subject head must be a subject (nsubj/nsubjpass) of the same verb token in the source, of a
  verb conjoined with it ("a man entered a store, grabbed a knife, ran outside": "Man ran
  outside"), or of a verb of saying whose reported clause is the title's verb and has a pronoun
  subject ("X said it agreed" -> "X agreed");
* ``dangling``: a word that opens a clause in the source (a subordinator "after"/"when"/"that",
  a relative or wh- word, "according") is in the title but its clause's verb (for "according":
  its "to" and that one's object) is not: "arrested after Paweł Adamowicz";
* ``dropped object``: a verb of the title lost the object or complement it takes in the source
  (dobj, attr, acomp, oprd, ccomp, xcomp: "which Wikinews attended" -> "Wikinews attended"), or a
  common noun of the title lost its "of" phrase ("was [the] remains [of the U.S.S. Grayback]").

Where a title's words fit several sentences of the lead and next paragraph, the source is the one
that holds most of them in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_SKIP_POS = frozenset({"PUNCT", "SPACE"})
_EQUIV = {
    "says": {"said", "says", "say"},
    "tells": {"told", "tells", "tell"},
    "is": {"is", "'s", "’s"},
    "are": {"are", "'re", "’re"},
    "will": {"will", "'ll", "’ll", "wo"},
    "have": {"have", "'ve", "’ve"},
    "would": {"would", "'d", "’d"},
    "not": {"not", "n't", "n’t"},
    "can": {"can", "ca"},
}
_ARTICLE_OK = frozenset({"'s", "’s"})
_SUBJ = frozenset({"nsubj", "nsubjpass"})
_COMPLEMENT = frozenset({"dobj", "attr", "acomp", "oprd", "ccomp", "xcomp"})
_OPENERS_TAG = frozenset({"WDT", "WP", "WP$", "WRB"})
_SPEECH = frozenset(
    "said says say told tells tell announced announces reported reports added adds stated states confirmed "
    "confirms warned warns claimed claims wrote writes revealed reveals".split()
)
_SAYS_END = re.compile(r",\s+says\s+(?P<name>[\w’'.-]+)$")
_SENTENCE = re.compile(
    r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\bMr\.)(?<!\bMrs\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)[\"”’]?\s+(?=[\"“‘A-Z0-9])"
)
_TICKER = re.compile(r"<[A-Z0-9.&/-]{1,10}>|\([^()]{0,40}\)")


def _norm(tok: Any) -> str:
    text = str(tok.lower_).replace("’", "'")
    return text[:-1] if len(text) > 1 and text.endswith(".") else text  # "Co." at a title's end


def _same(title_word: str, source_word: str) -> bool:
    if title_word == source_word:
        return True
    return any(title_word in forms | {key} and source_word in forms | {key} for key, forms in _EQUIV.items())


def _align(title: list[Any], source: list[Any]) -> dict[int, int]:
    """Title token index -> source token index, by the longest common subsequence of words."""
    n, m = len(title), len(source)
    tw = [_norm(t) for t in title]
    sw = [_norm(t) for t in source]
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if _same(tw[i], sw[j]):
                best[i][j] = best[i + 1][j + 1] + 1
            else:
                best[i][j] = max(best[i + 1][j], best[i][j + 1])
    out: dict[int, int] = {}
    i = j = 0
    while i < n and j < m:
        if _same(tw[i], sw[j]) and best[i][j] == best[i + 1][j + 1] + 1:
            out[title[i].i] = source[j].i
            i, j = i + 1, j + 1
        elif best[i + 1][j] >= best[i][j + 1]:
            i += 1
        else:
            j += 1
    return out


def _words(doc: Any) -> list[Any]:
    return [t for t in doc if t.pos_ not in _SKIP_POS and not t.is_punct]


def source_candidates(lead: str, following: str, third: str = "") -> list[str]:
    """The sentences a title may come from: the lead's, the next paragraph's and the third's (where a
    title comes from when the first two hold no clause, or when they do not name the story), first six
    of each."""
    out: list[str] = []
    for paragraph in (lead, following, third):
        text = _TICKER.sub(" ", paragraph[:3000]).replace("<", "").replace(">", "")
        out.extend(" ".join(s.split()) for s in _SENTENCE.split(text)[:6] if s.strip())
    return out


def pick_source(title: str, candidates: Sequence[str]) -> str:
    """The candidate holding most of the title's words in order (cheap: plain word lists)."""

    def words(text: str) -> list[str]:
        return re.findall(r"[^\W_]+", text.lower())

    tw = words(title)

    def lcs(sw: list[str]) -> int:
        prev = [0] * (len(sw) + 1)
        for a in tw:
            cur = [0]
            for k, b in enumerate(sw):
                cur.append(prev[k] + 1 if a == b else max(prev[k + 1], cur[k]))
            prev = cur
        return prev[-1]

    return max(candidates, key=lambda s: lcs(words(s)), default="")


def _conj_chain(tok: Any) -> set[int]:
    """A verb and the verbs conjoined with it (they share its subject)."""
    root = tok
    while root.dep_ == "conj":
        root = root.head
    out, todo = set(), [root]
    while todo:
        t = todo.pop()
        out.add(t.i)
        todo.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _group(tok: Any) -> set[int]:
    """A verb token with its auxiliaries (and the verb an auxiliary belongs to)."""
    head = tok.head if tok.dep_ in {"aux", "auxpass"} else tok
    return {head.i} | {c.i for c in head.children if c.dep_ in {"aux", "auxpass", "neg"}}


_NOMINAL_DEP = frozenset(
    {"compound", "amod", "nmod", "nummod", "flat", "det", "poss", "quantmod", "appos", "conj", "cc"}
)
_TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight tomorrow week month "
    "year morning night evening afternoon weekend".split()
)
_CLAUSE_PREP = frozenset(
    {"after", "before", "since", "until", "as", "because", "while", "whilst", "when", "once"}
)
_WH = frozenset({"what", "which", "who", "whom", "whose", "whatever"})
_NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "ADP", "PART", "PUNCT", "CCONJ", "ADV"})


def _nominal_head(tok: Any) -> Any:
    """The head of the noun phrase a token sits in ("Apple" in "Apple Inc" -> "Inc")."""
    while tok.dep_ in _NOMINAL_DEP and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _stands_for(pronoun: Any, subj: Any) -> bool:
    """Can the reported clause's pronoun stand for the speaker ("Officials confirmed it has infected"
    is about the virus, not the officials)?"""
    if pronoun.pos_ != "PRON":
        return False
    plural = subj.tag_ in {"NNS", "NNPS"}
    return pronoun.lower_ in ({"they", "we"} if plural else {"it", "he", "she", "they", "we"})


def _spans_to(subj: Any, verb: Any) -> bool:
    """Is every word between the subject's head and the verb group part of the subject's phrase?"""
    phrase = {t.i for t in subj.subtree}
    first = min(_group(verb))
    return verb.i not in phrase and all(k in phrase or subj.doc[k].is_punct for k in range(subj.i + 1, first))


def _verb_above(tok: Any) -> Any:
    """The nearest verb a token hangs from (itself if it is one), or None."""
    while tok.pos_ not in {"VERB", "AUX"}:
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return tok


def _clause_of(s: Any) -> Any:
    """The verb of the clause a subordinator opens, or None when it heads a plain phrase.

    The parser takes "after Paweł Adamowicz, mayor of Gdańsk, was stabbed" for a preposition
    with its object; so a preposition-like subordinator whose phrase runs, over noun-phrase words
    only, into a verb that has no subject of its own (or whose subject opens the phrase) opens
    that verb's clause.
    """
    if s.dep_ == "mark":
        return s.head
    if s.lower_ not in _CLAUSE_PREP:
        return None
    doc = s.doc
    for k in range(s.i + 1, min(len(doc), s.i + 25)):
        t = doc[k]
        if t.pos_ in {"VERB", "AUX"}:
            verb = t.head if t.dep_ in {"aux", "auxpass"} else t
            subjects = [c for c in verb.children if c.dep_ in _SUBJ]
            if not subjects or (
                subjects[0].i > s.i and not any(doc[j].text == "," for j in range(s.i, subjects[0].i))
            ):
                return verb
            return None
        if t.pos_ not in _NP_POS or t.text in {";", ":", "—", "–"}:
            return None
    return None


def verdict(title: str, title_doc: Any, source_doc: Any) -> str:
    """'' when the title is faithful to its source sentence, else the first reason it is not."""
    if not title.strip():
        return ""
    says = _SAYS_END.search(title)
    cut = len(title[: says.start()]) if says else len(title)
    if says and says.group("name").lower() not in source_doc.text.lower():
        return "order"
    twords = [t for t in _words(title_doc) if t.idx < cut]
    swords = _words(source_doc)
    align = _align(twords, swords)
    for t in twords:
        if t.i not in align and _norm(t) not in _ARTICLE_OK:
            return "order"
    inside = set(align.values())
    src = source_doc
    for t in twords:
        if t.dep_ not in _SUBJ or t.i not in align or t.head.i not in align:
            continue
        s_subj, s_verb = _nominal_head(src[align[t.i]]), src[align[t.head.i]]
        if s_subj.dep_ in _SUBJ and (
            s_subj.head.i in _group(s_verb)
            or s_verb.i in _conj_chain(s_subj.head)
            or s_subj.head.i == s_verb.i
        ):
            continue
        s_verb = s_verb.head if s_verb.dep_ in {"aux", "auxpass"} else s_verb
        if s_subj.head.i == s_verb.i and s_subj.dep_ in _SUBJ:
            continue
        if s_subj.i < s_verb.i and _spans_to(s_subj, s_verb):
            continue  # the parser lost the link, but all between is the subject's own phrase
        if s_verb.dep_ == "acl" and s_verb.head.i == s_subj.i:
            continue  # the title's parser read a reduced relative ("bill passed by ...") as the verb
        reported = s_verb.head if s_verb.dep_ in {"ccomp", "conj"} else None
        if (
            s_subj.dep_ in _SUBJ
            and reported is not None
            and s_subj.head.i == reported.i
            and reported.lower_ in _SPEECH
            and any(c.dep_ in _SUBJ and _stands_for(c, s_subj) for c in s_verb.children)
        ):
            continue  # "X said it agreed" -> "X agreed"
        return "subject"
    for ti, si in align.items():
        s = src[si]
        if s.lower_ == "according":
            to = [c for c in s.children if c.lower_ == "to"]
            objs = [g for c in to for g in c.children if g.dep_ == "pobj"]
            if not to or to[0].i not in inside or not objs or objs[0].i not in inside:
                return "dangling"
            continue
        if s.lower_ in _WH or s.tag_ in _OPENERS_TAG:
            verb = _verb_above(s)
            if verb is not None and verb.i not in inside:
                return "dangling"
            continue
        if s.dep_ == "prep" and s.pos_ == "ADP":
            objs = [c for c in s.children if c.dep_ in {"pobj", "pcomp"}]
            if objs and objs[0].i not in inside and ti != max(align):
                return "dangling"  # "on [the last weekend] of July"
        clause = _clause_of(s)
        if clause is not None and clause.i not in inside:
            return "dangling"
    for ti, si in align.items():
        s = src[si]
        if s.pos_ in {"VERB", "AUX"} and s.dep_ not in {"aux", "auxpass"}:
            comps = [c for c in s.children if c.dep_ in _COMPLEMENT and c.lower_ not in _TIME_WORDS]
            if any(c.dep_ == "prt" and c.i not in inside for c in s.children):
                return "dropped object"  # "reached [out to X]"
            if comps and not any(c.i in inside for c in comps):
                return "dropped object"
        last = ti == max(align)
        has_det = any(c.dep_ == "det" and c.lower_ == "the" for c in s.children)
        if s.pos_ == "NOUN" and s.text.islower() and last and has_det:
            ofs = [c for c in s.children if c.dep_ == "prep" and c.lower_ == "of"]
            if ofs and ofs[0].i not in inside:
                return "dropped object"
    return ""


class FaithJudge:
    """Garbled verdicts from spaCy's parser (never used by the code under test)."""

    def __init__(self, nlp: Any) -> None:
        self.nlp = nlp

    def verdicts(self, titles: Sequence[str], sources: Sequence[str]) -> list[str]:
        """One reason per title ('' when faithful); ``sources`` are the chosen source sentences."""
        texts = [t if t[-1:] in ".!?" else t + "." for t in titles]
        tdocs = self.nlp.pipe(texts, batch_size=256)
        sdocs = self.nlp.pipe(sources, batch_size=256)
        return [verdict(t, td, sd) for t, td, sd in zip(titles, tdocs, sdocs, strict=True)]
