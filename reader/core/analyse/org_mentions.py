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
from .orgs import HEADS, ORG_WORDS, TITLES, plural_team, sports_article

__all__ = [
    "events_not_orgs",
    "follow_short_forms",
    "org_short_forms",
    "split_demonym_acronyms",
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
