"""Word classes for derived titles: which word of a lead is its main verb.

titles.py finds the subject and the main verb of a lead without a parser, because it runs
inside ingest once per article and has to stay fast. It does so with closed word classes
(auxiliaries, determiners, prepositions), short hand-made lists of common news words and a few
suffix rules ("-ed" after a noun is a verb, after a determiner or a number an adjective). The
lists are data, in title_words.json beside this module.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

TABLES: dict[str, str] = json.loads(Path(__file__).with_name("title_words.json").read_text(encoding="utf-8"))


def _table(name: str) -> frozenset[str]:
    return frozenset(TABLES[name].split())


def _irregular() -> tuple[dict[str, str], frozenset[str]]:
    """Past and participle forms -> base form; and the forms that are (also) participles."""
    forms: dict[str, str] = {}
    participles = set()
    for group in TABLES["irregular"].split("|"):
        base, past, part = group.split()
        forms.setdefault(past, base)
        forms.setdefault(part, base)
        participles.add(part)
    return forms, frozenset(participles)


IRREGULAR, PARTICIPLES = _irregular()
AMBIGUOUS = _table("irregular_ambiguous")  # past forms that are as often nouns: "cut", "set", "bid"
PRESENT, BASE, AUX = _table("present"), _table("base"), _table("aux")
DET, PREP = _table("determiner"), _table("preposition")
CONJ, SUBORD = _table("conjunction"), _table("subordinator")
PRONOUN, FUNCTION_END = _table("pronoun"), _table("function_end")  # FUNCTION_END: never a title's last word
STARTER, SUB_STARTER = _table("starter"), _table("subordinate_starter")  # how openers like "On Monday," begin
QUANTITY = _table("quantity_starter")  # "At least ...", "More than ..." open a subject, not an adverbial
LY_KEEP, ED_NOT_VERB = _table("ly_keep"), _table("ed_not_verb")  # "-ly" adjectives; "-ed" adjectives
SPEECH, GENERIC_SPEAKER = _table("speech"), _table("generic_speaker")
PREP_NOUN, CUT_BEFORE = _table("prep_noun"), _table("cut_before")  # "in connection | with"; cut before "due"
LEGAL_FORM, CATENATIVE = _table("legal_form"), _table("catenative")  # "Inc", "NV"; "manage | to"
ORG_SUFFIX, PERSON_TITLE = _table("org_suffix"), _table("person_title")
PLURAL_SUBJECT = _table("subject_plural")
OF_NEEDED = _table("of_needed")
BE = frozenset(
    {"is", "are", "was", "were", "be", "been", "being"}
)  # nouns that say nothing without their "of" phrase: "the number | of"
ARTICLES = frozenset({"a", "an", "the"})
SUBJECT_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
TIME_UNITS = frozenset({"hours", "days", "weeks", "months", "years", "minutes", "decades", "moments"})
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve several few many".split()
)
EDGE = "\"“”‘’'()[]{},.;:!?*"


@lru_cache(maxsize=8192)
def core(tok: str) -> str:
    """A token without its punctuation, lower-cased: the form the word tables hold."""
    return tok.strip(EDGE + "—–-").lower()


def is_function(word: str) -> bool:
    """Determiner, preposition, conjunction or subordinator: no word to end a title on."""
    return word in DET or word in PREP or word in CONJ or word in SUBORD


_REDUCED_PREP = frozenset(
    "by to in at for with from on as during after under among into against over".split()
)


_APPOSITIVE_START = frozenset({"former", "now", "also", "aged", "then", "one", "who", "which"})


def verb_kind(toks: list[str], i: int) -> str | None:
    """What verb, if any, the token at ``i`` is: 'aux', 'past', 'present', 'base', 'ed' (maybe participle)."""
    tok = toks[i]
    c = core(tok)
    if i == 0 or not c or not c[0].isalpha() or tok[:1] in '“"‘(' or "." in c:
        return None
    if tok[0].isupper() and not tok.isupper():
        return None  # a capitalised word inside a sentence is a name
    prev_tok = toks[i - 1]
    prev = core(prev_tok)
    demonstrative = prev in {"this", "that", "these", "those"} and c in AUX  # "This is ..."
    relative = prev == "that" and i >= 2 and toks[i - 2][-1:].isalpha()  # "a fire that killed"
    floating = prev in {"both", "each"} and i >= 2 and toks[i - 2][-1:].isalpha()  # "X and Y both said"
    if (
        prev in DET
        and not (demonstrative or relative or floating)
        or (prev in PREP and prev not in {"up", "down", "out", "off"})
    ):
        return None
    if prev_tok.endswith(":"):
        return None
    possessive = prev_tok.endswith(("’s", "'s"))
    nxt = core(toks[i + 1]) if i + 1 < len(toks) else ""
    if c == "do" and prev_tok[:1].isupper() and i + 1 < len(toks) and toks[i + 1][:1].isupper():
        return None  # "Banco do Estado": inside a name
    if c in AUX:
        return "aux"
    if c in IRREGULAR:
        if c in AMBIGUOUS and (possessive or prev in FUNCTION_END and prev not in SUBJECT_PRONOUNS):
            return None
        if c in AMBIGUOUS and i >= 2 and core(toks[i - 2]) in DET and not toks[i - 1][:1].isupper():
            return None  # "a two-for-one split", "the budget cut"
        return "past"
    if possessive and not prev_tok[:1].isupper():
        return None
    if c in PRESENT or c in SPEECH and not (c.endswith("ed") and nxt == "by"):
        if possessive or nxt in AUX or nxt in IRREGULAR or nxt == "of":
            return None  # "tax cuts will ...", "US states of ...": a plural noun
        return "present"
    if c in BASE and (
        prev in PLURAL_SUBJECT or (prev.endswith("s") and not prev.endswith(("ss", "us", "is")))
    ):
        return "base"
    owner = i >= 2 and (core(toks[i - 2]) in DET or toks[i - 2].endswith(("’s", "'s")))
    if prev.endswith("ly") and prev not in LY_KEEP and owner and c.endswith("ed"):
        return None  # "its wholly owned unit": an adjective
    if c.endswith("ed") and len(c) >= 4 and "-" not in c and c not in ED_NOT_VERB:
        quantity = (prev[:1].isdigit() or prev in NUMBER_WORDS) and (
            i < 2 or not toks[i - 2][:1].isupper() or toks[i - 2].endswith(("’s", "'s"))
        )
        return None if quantity else "ed"  # "two affiliated firms", but "Comicon 2019 returned"
    if (
        c.endswith("s")
        and tok[-1:].isalpha()
        and not c.endswith(("ss", "us", "is", "’s", "'s"))
        and prev_tok[:1].isupper()
        and prev_tok[-1:].isalpha()
        and not is_function(c)
        and (nxt in DET or nxt in {"to", "that"})
    ):
        return "present"
    return None


_STRONG = frozenset({"aux", "past", "present"})


def main_verb(toks: list[str]) -> int | None:
    """Index of the main verb: the first verb after a subject that is not a reduced relative.

    A participle followed by more of the subject and then a finite verb is a reduced relative
    ("a man arrested on Friday has been charged", "emails exchanged among officials have been
    released", "Mr X, co-author of a study published in Nature, said ...").
    """
    for i in range(1, len(toks)):
        kind = verb_kind(toks, i)
        if kind is None:
            continue
        later = _after_relative(toks, i)
        if later is not None:
            return later
        c = core(toks[i])
        if (kind == "ed" or (kind == "past" and c in PARTICIPLES)) and c not in {"said", "told"}:
            prep_follows = i + 1 < len(toks) and core(toks[i + 1]) in _REDUCED_PREP
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            parenthetical = any(
                t.endswith(",") for t in toks[:i]
            )  # "The Report, officially titled X, was ..."
            if (
                kind == "ed"
                and not parenthetical
                and (
                    core(nxt) in DET and core(nxt) != "that" or nxt[:1].isupper() or _bare_object(toks, i + 1)
                )
            ):
                return i  # an object follows ("concluded Neanderthals were ..."), so no passive modifier
            later = None
            commas = 0
            for j in range(i + 1, min(len(toks), i + 30)):
                if j <= commas:
                    continue
                cj = core(toks[j])
                if (
                    cj in SUBJECT_PRONOUNS
                    or (cj in SUBORD and not (prep_follows and cj == "as"))
                    or cj == "but"
                ):
                    break  # (but "reported by local press as belonging to ...": the phrase goes on)
                in_name = toks[j - 1][:1].isupper() and j + 1 < len(toks) and toks[j + 1][:1].isupper()
                if cj == "and" and not prep_follows and not in_name:
                    break  # (but "the Commission on Imprisonment and Torture Report, was ...": a name)
                kj = verb_kind(toks, j)
                finite = (
                    kj == "aux"
                    or (kj == "present" and not _ends(toks, j))
                    or (kj == "past" and (cj not in PARTICIPLES or cj in {"said", "told"}))
                )
                if finite or (prep_follows and kj == "ed"):
                    later = j
                    break
                if toks[j].endswith(",") and prep_follows and commas < j:
                    close = next(
                        (k for k in range(j + 1, min(len(toks), j + 9)) if toks[k].endswith(",")), None
                    )
                    if close is not None and is_appositive(" ".join(toks[j + 1 : close + 1]).rstrip(",")):
                        commas = close  # "a group led by X, a New York firm, said ...": skip the appositive
                        continue
                if toks[j].endswith(",") and prep_follows and commas < j:
                    close = next(
                        (k for k in range(j + 1, min(len(toks), j + 4)) if toks[k].endswith(",")), None
                    )
                    if close is not None and all(t[:1].isupper() for t in toks[j + 1 : close + 1]):
                        commas = close  # "rules decided by the Organization, ICCO, council will ...": a name
                        continue
                infinitive = j + 1 < len(toks) and toks[j + 1].isalpha() and toks[j + 1].islower()
                set_off = toks[i - 1].endswith(",")  # "credit lines, regarded as vital to ensure ..., have"
                if cj == "to" and infinitive and not set_off and not is_function(core(toks[j + 1])):
                    break  # "agreed in principle to acquire ...": an infinitive, so a clause
                if toks[j].endswith((",", ";", ":")):
                    if (
                        j + 1 < len(toks)
                        and verb_kind(toks, j + 1) is not None
                        and (
                            any(t.endswith(",") for t in toks[:i])
                            or (prep_follows and core(toks[j + 1]) in SPEECH)  # "a group led by X, said"
                        )
                    ):
                        later = j + 1
                    break
            if later is not None:
                continue
        return i
    return None


_NOT_OBJECT = frozenset("here there abroad last next this earlier later early late ago".split())


def _bare_object(toks: list[str], j: int) -> bool:
    """Is the token at ``j`` a bare plural noun that a verb before it takes as its object ("researchers
    posted findings ...")? A passive modifier ("a man arrested in ...") takes none."""
    if j >= len(toks):
        return False
    tok, c = toks[j], core(toks[j])
    return (
        tok.isalpha()
        and tok.islower()
        and c.endswith("s")
        and not c.endswith(("ss", "us", "ly"))
        and not is_function(c)
        and c not in AUX
        and c not in _NOT_OBJECT
        and verb_kind(toks, j) is None
    )


def _ends(toks: list[str], j: int) -> bool:
    """Does the token at ``j`` end its clause? A present-tense form there is a plural noun ("estimates.")."""
    return j + 1 == len(toks) or toks[j].endswith((",", ".", ";", ":"))


_RELATIVE = frozenset({"that", "which", "who"})


def _after_relative(toks: list[str], i: int) -> int | None:
    """The main verb after a relative clause that opens at the verb ``i`` ("a fire that killed one
    miner and trapped 44 others caused ...", "the toll from the quake that has hit Asia continues
    ..."), or None when ``i`` does not open one or no later verb ends it.

    The relative pronoun must follow a noun ("fire that"), not a verb ("said that"). The later
    verb must follow a noun too: one after "and" or a comma is a second verb of the clause.
    """
    k = i - 1
    while k > 0 and core(toks[k]) in AUX:
        k -= 1
    if k < 2 or core(toks[k]) not in _RELATIVE or toks[k - 1].endswith(","):
        return None
    before = core(toks[k - 1])
    if not before.isalpha() or is_function(before) or verb_kind(toks, k - 1) is not None:
        return None
    for j in range(i + 1, min(len(toks), i + 25)):
        prev_tok = toks[j - 1]
        if prev_tok.endswith((",", ";", ":")) or core(toks[j]) in SUBORD or core(toks[j]) in SUBJECT_PRONOUNS:
            return None
        kind = verb_kind(toks, j)
        if kind is None or core(prev_tok) in CONJ or core(prev_tok) in AUX:
            continue
        if kind == "base" or verb_kind(toks, j - 1) is not None:
            continue  # "would cost": the later verb belongs to a verb group already seen
        if kind == "present" and _ends(toks, j):
            continue
        return j
    return None


def has_verb(text: str, strong_only: bool = False) -> bool:
    """Does a chunk hold a verb after its first word? ``strong_only``: a finite one (auxiliary,
    irregular past, present), not an "-ed" form that may be a modifier. Callers put a dummy first
    word before a chunk whose first word could itself be the verb."""
    toks = text.split()
    kinds = (verb_kind(toks, i) for i in range(1, len(toks)))
    return any(k in _STRONG if strong_only else k is not None for k in kinds)


def is_appositive(chunk: str) -> bool:
    """Is this chunk an appositive ("the President of China", "23", "33-year-old of Bethesda")?"""
    words = chunk.split()
    if not words or has_verb("x " + chunk):
        return False
    c = core(words[0])
    return c in DET or c in _APPOSITIVE_START or c[:1].isdigit() or words[0].islower()


def is_participle(tok: str) -> bool:
    """Could this token be a past participle ("arrested", "taken")? Lower-case only: "United" is a name."""
    c = core(tok)
    return tok == tok.lower() and (
        c in PARTICIPLES or (c.endswith("ed") and len(c) > 3 and c not in ED_NOT_VERB)
    )


def is_plural(subject: list[str]) -> bool:
    """Does the subject take a plural verb? Judged on its head: the last word before any preposition."""
    head_at = len(subject)
    for i, tok in enumerate(subject[1:], 1):
        c = core(tok)
        after = core(subject[i + 1]) if i + 1 < len(subject) else ""
        participle = (
            tok.islower()
            and c.endswith(("ing", "ed"))
            and i + 2 < len(subject)
            and after not in {"and", "or"}
        )
        if c in PREP or c in SUBORD or tok.endswith(",") or participle:
            head_at = i + 1 if tok.endswith(",") else i
            break
    if not head_at:
        return False
    cores = [core(t) for t in subject[:head_at]]
    head, head_tok = cores[-1], subject[head_at - 1]
    if head in PLURAL_SUBJECT:
        return True
    if head in ORG_SUFFIX:
        return False
    if "and" in cores:
        k = cores.index("and")
        if not head_tok[:1].isupper() or (k and subject[k - 1][:1].isupper()):
            return True
    if head_tok[:1].isupper() and head_at > 1:  # a name; a sentence's first word may be "Officials"
        return head.endswith(("ans", "ats", "ists", "ites", "ers")) and head_at <= 3
    return head.endswith("s") and not head.endswith(("ss", "us", "is", "ics", "news"))


_CLAUSE_PREPS = frozenset("after before since until once whilst although though unless".split())


def opens_clause(toks: list[str], k: int) -> bool:
    """May the word at ``k`` open a clause whose verb comes later: a subordinator ("after"), or a
    participle taking a noun phrase ("findings estimating the number ... may exceed 1000")?"""
    c = core(toks[k])
    if c in _CLAUSE_PREPS:
        return True
    nxt = core(toks[k + 1]) if k + 1 < len(toks) else ""
    progressive = k > 0 and core(toks[k - 1]) in AUX  # "is raising 150 mln dlrs": the verb itself
    return (
        c.endswith("ing")
        and len(c) > 5
        and toks[k].islower()
        and bool(nxt)
        and not is_function(nxt)
        and not progressive
    )


def clause_verb(toks: list[str], k: int) -> int:
    """Where the clause that the word at ``k`` opens has its finite verb ("after X, mayor of Y, was
    stabbed"), or -1 when a plain phrase follows ("after the attack"). A participle's phrase ends at
    a comma ("comparing X to Y Thursday, saying he was ..."), and a verb with a pronoun subject of its
    own belongs to a relative clause inside it ("authoring a book he plans to release")."""
    participle = core(toks[k]) not in _CLAUSE_PREPS
    for j in range(k + 2, min(len(toks), k + 20)):
        if verb_kind(toks, j) in {"aux", "past", "present"}:
            return -1 if participle and core(toks[j - 1]) in SUBJECT_PRONOUNS else j
        c = core(toks[j])
        if c in CONJ or c in SUBORD or toks[j].endswith((";", ".", ":")) or toks[j][:1] in '“"':
            return -1
        if participle and toks[j].endswith(","):
            return -1
    return -1


_RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})


def relative_start(subject: list[str]) -> int:
    """Where a relative clause inside a subject starts ("a mill [which was ...]", a contact clause "a
    wreck [they found last June]"), or 0: a headline carries neither."""
    for i, tok in enumerate(subject[1:], 1):
        c, before = core(tok), subject[i - 1]
        if c in _RELATIVE_PRONOUNS:
            return i
        contact = (
            c in SUBJECT_PRONOUNS and before.isalpha() and before.islower() and not is_function(core(before))
        )
        if contact and i + 1 < len(subject) and verb_kind(subject, i + 1) in {"past", "present", "aux"}:
            return i
    return 0
