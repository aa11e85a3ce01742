"""Organisation mentions read against their neighbours: a team name run into a player's, prizes
and events the model calls organisations.

``orgs.py`` decides a name's type from the words right next to it; the rules here change a
mention's span or type from what the name itself is made of. Each reads only word shapes and
the small tables in orgs.json (event heads), never a list of particular organisations.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .candidates import Candidate
from .orgs import HEADS, ORG_WORDS, TITLES, org_by_name, plural_team, sports_article

__all__ = [
    "events_not_orgs",
    "follow_short_forms",
    "org_short_forms",
    "split_demonym_acronyms",
    "split_possessive_names",
    "split_slashed_orgs",
    "split_team_players",
]

_EVENT_HEADS = frozenset(ORG_WORDS["event_heads"])
# The model's types a prize or an event is mistaken for.
_EVENT_FROM = frozenset({"ORG", "PERSON", "FAC", "GPE"})
_SHORT_HEADS = frozenset(ORG_WORDS["short_heads"])
_CONNECTORS = frozenset(
    {"of", "for", "the", "and", "&", "de", "du", "des", "da", "do", "la", "le", "on", "in"}
)


def events_not_orgs(cands: list[Candidate]) -> None:
    """Retype (in place) names whose last word makes them a prize or an event ("Berwick Prize",
    "G7 Summit", "Copa America Cup"): what the model took for an organisation or a person is an
    EVENT (MISC in CoNLL terms)."""
    for cand in cands:
        words = cand.core.split()
        if len(words) >= 2 and words[-1] in _EVENT_HEADS and cand.type in _EVENT_FROM:
            cand.type = "EVENT"
            cand.forced = True


def split_team_players(text: str, cands: list[Candidate]) -> list[Candidate]:
    """Split a team and the player named right after it ("Detroit Pistons Chauncey Billups") into
    the organisation and the person, in sports news.

    The team ends at its first plural word after the city ("Pistons"); the two or three
    capitalised words after it, none of them an organisation head or a title, are the player.
    """
    out: list[Candidate] = []
    sports: bool | None = None
    for cand in cands:
        split = _team_player_split(text, cand)
        if split is not None and sports is None:
            sports = sports_article(text)
        if split is None or not sports:
            out.append(cand)
            continue
        team_end, player_start = split
        team = " ".join(text[cand.start : team_end].split())
        player = " ".join(text[player_start : cand.end].split())
        out.append(Candidate(cand.start, team_end, team, "ORG", forced=True))
        out.append(Candidate(player_start, cand.end, player, "PERSON", forced=True))
    return out


def _team_player_split(text: str, cand: Candidate) -> tuple[int, int] | None:
    """(end of the team, start of the player) in the text, or None."""
    if cand.type not in ("ORG", "PERSON") or cand.role or cand.honorific:
        return None
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, cand.start, cand.end)]
    if len(words) < 4:
        return None
    for index in range(1, len(words) - 2):
        rest = [w for _s, _e, w in words[index + 1 :]]
        if not plural_team(words[index][2]) or len(rest) > 3:
            continue
        if all(w[:1].isupper() and w.isalpha() and w not in HEADS and w not in TITLES for w in rest):
            return words[index][1], words[index + 1][0]
        return None
    return None


_WORD = re.compile(r"\S+")


def org_short_forms(cands: list[Candidate]) -> dict[str, str]:
    """The short forms an article uses for the organisations it named in full, each typed ORG:
    a team's plural name ("Pistons" after "Detroit Pistons"), the acronym of a name of three or
    more words ("NBA" after "National Basketball Association") and the head of an institution
    ("Council" after "Brussels City Council")."""
    forms: dict[str, str] = {}
    for cand in cands:
        if cand.type != "ORG":
            continue
        words = cand.core.split()
        if len(words) < 2:
            continue
        last = words[-1]
        if (plural_team(last) and last not in HEADS) or last in _SHORT_HEADS:
            forms[last] = "ORG"
        content = [w for w in words if w[:1].isupper() and w not in _CONNECTORS]
        if len(content) >= 3 and all(w.isalpha() for w in content):
            forms["".join(w[0] for w in content)] = "ORG"
    return forms


def follow_short_forms(cands: list[Candidate], forms: dict[str, str]) -> None:
    """Type (in place) the mentions of an organisation's short form as organisations, unless a
    stronger cue (a place from the gazetteer, a person's title) decided them."""
    for cand in cands:
        if cand.core in forms and cand.type != "ORG" and not cand.honorific and not cand.role:
            if cand.forced and cand.type in ("GPE", "LOC", "FAC"):
                continue
            cand.type = "ORG"


def split_demonym_acronyms(
    text: str, cands: list[Candidate], is_demonym: Callable[[str], bool]
) -> list[Candidate]:
    """Split a nationality from the acronym it qualifies ("Belarusian KGB", "Nigerian EFCC"): the
    acronym is the organisation, the nationality a NORP of its own (CoNLL practice)."""
    out: list[Candidate] = []
    for cand in cands:
        words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text, cand.start, cand.end)]
        if (
            len(words) != 2
            or cand.honorific
            or not _ACRONYM.fullmatch(words[1][2])
            or not is_demonym(words[0][2])
        ):
            out.append(cand)
            continue
        out.append(Candidate(words[0][0], words[0][1], words[0][2], "NORP", forced=True))
        out.append(Candidate(words[1][0], words[1][1], words[1][2], "ORG", forced=True))
    return out


_ACRONYM = re.compile(r"[A-Z]{2,6}")


def split_possessive_names(
    text: str, cands: list[Candidate], is_place: Callable[[str], bool]
) -> list[Candidate]:
    """Split an owner from the name it owns inside one span ("Green Party's Jill Stein",
    "Philadelphia's Drexel University", "Clinton's State Department"): two mentions, the owner
    typed by its own words, the name it owns an organisation or, after an organisation or a
    place, a person named in two or three words.

    The owner must be known for what it is (an organisation by its words, a place the gazetteer
    knows or the article names as one, or a person the article names in full), so names with a possessive inside them stay whole ("Children's
    Defense Fund", "Moody's Investors Service", "Santa Barbara County Sheriff's Office").
    """
    people = {part for c in cands if c.type == "PERSON" and " " in c.core for part in c.core.split()}
    places_here = {c.core for c in cands if c.type in ("GPE", "LOC")}

    def place(core: str) -> bool:
        return core in places_here or is_place(core)

    out: list[Candidate] = []
    for cand in cands:
        match = _POSSESSIVE_INSIDE.search(text, cand.start, cand.end)
        split = (
            None
            if match is None or cand.honorific or cand.role
            else _owner_kind(text[cand.start : match.start()], text[match.end() : cand.end], people, place)
        )
        if match is None or split is None:
            out.append(cand)
            continue
        owner_kind, owned_kind = split
        owner = " ".join(text[cand.start : match.start()].split())
        owned = " ".join(text[match.end() : cand.end].split())
        out.append(Candidate(cand.start, match.start(), owner, owner_kind, forced=owner_kind == "ORG"))
        # an organisation by default only: the article's other mentions may vote it a person
        forced = owned_kind != "ORG" or org_by_name(owned)
        out.append(Candidate(match.end(), cand.end, owned, owned_kind, forced=forced))
    return out


def _owner_kind(
    owner: str, owned: str, people: set[str], is_place: Callable[[str], bool]
) -> tuple[str, str] | None:
    """(owner's type, owned name's type) when "owner's owned" is two names, else None."""
    owner_words, owned_words = owner.split(), owned.split()
    if not owner_words or not owned_words or not all(w[:1].isupper() for w in owner_words + owned_words):
        return None
    if any(w in TITLES for w in owned_words):
        return None  # "Jordan's King Hussein": a title and its holder, read by the role rules
    if org_by_name(owner) and len(owner_words) >= 2:
        kind = "ORG"
    elif is_place(owner):
        kind = "GPE"
    elif all(w in people for w in owner_words) and org_by_name(owned):
        kind = "PERSON"  # "Clinton's State Department"
    else:
        return None
    if is_place(owned):
        return kind, "GPE"
    if len(owned_words) == 1 and not org_by_name(owned):
        return None  # "Victoria's Secret", "America's Direction": one name
    if kind != "PERSON" and all(w in people for w in owned_words) and not org_by_name(owned):
        return kind, "PERSON"  # "the Green Party's Jill Stein", Jill Stein named elsewhere
    return kind, "ORG"


# "Party's Jill", and "Party 's Jill" in tokenised text
_POSSESSIVE_INSIDE = re.compile(r"(?<=[A-Za-z.])[ ]?['’]s[ \t]+(?=[A-Z])")


def split_slashed_orgs(text: str, cands: list[Candidate], is_place: Callable[[str], bool]) -> list[Candidate]:
    """Split organisations joined by a slash ("ABC News/Washington Post", "Reuters/Ipsos" poll
    sponsors) into one organisation each."""
    out: list[Candidate] = []
    for cand in cands:
        if cand.type != "ORG" or "/" not in cand.core:
            out.append(cand)
            continue
        parts = [(m.start(), m.end()) for m in _SLASH_PART.finditer(text, cand.start, cand.end)]
        joined = "/".join(text[a:b] for a, b in parts)
        if len(parts) < 2 or joined != text[cand.start : cand.end]:
            out.append(cand)  # "24/7", a slash with spaces or lower-case words around it
            continue
        # not forced: a person's name in "Trump/Russia" keeps the type the article gives it elsewhere
        out.extend(Candidate(a, b, text[a:b], "GPE" if is_place(text[a:b]) else "ORG") for a, b in parts)
    return out


# One side of a slash: capitalised words ("New York Times"), none of them across the slash.
_SLASH_PART = re.compile(r"[A-Z][\w.&'’-]*(?: [A-Z][\w.&'’-]*)*")
