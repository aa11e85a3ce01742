"""Contact details and identifiers found by pattern: e-mail, URL, phone, social handle, account.

An investigator reading a dump wants every address, number and handle in one place
and wants to search for them; NER does not find them (it tags "@nasa" as ORG, or cuts
an address in two). They have a fixed shape, so patterns find them better than a model.

Every pattern is linear: each repetition is bounded and separated by a literal or a
class that cannot also match its neighbour, so no input makes the engine backtrack
more than a constant per position (tests feed random text). Shape checks that a
regex would need backtracking for (an IBAN's checksum, a phone's digit count, a
URL's trailing punctuation) are done in Python after the match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from reader.core.analyse.candidates import first_of_overlaps
from reader.core.types import Mention

__all__ = ["CONTACT_TYPES", "find_contacts", "without_overlaps"]

# The entity types this module gives (spaCy-style upper-case labels, beside PERSON, ORG …).
CONTACT_TYPES = frozenset({"EMAIL", "URL", "PHONE", "HANDLE", "ACCOUNT"})

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w%+-]{1,64}(?:\.[\w%+-]{1,64}){0,8}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){1,8}"
)
_URL = re.compile(r"(?<![\w/])(?:https?://|www\.)[^\s<>\"'\u201c\u201d\u2018\u2019]{2,2000}", re.IGNORECASE)
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"\+\d{1,3}(?:[ .-]\(?\d{1,5}\)?|\(\d{1,5}\)){1,6}"  # +44 20 7946 0958, +1 (202) 555-0143
    r"|\+\d{7,15}"  # +442079460958
    r"|\(\d{3}\) ?\d{3}[ .-]\d{4}"  # (202) 555-0143
    r"|\d{3}[.-]\d{3}[.-]\d{4}"  # 202-555-0143
    r")(?![\w-])"
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z_][A-Za-z0-9_]{1,29}(?![\w@])")
_IBAN = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?(?![A-Za-z0-9])")
_URL_TRAIL = ".,;:!?)]}>*"


def find_contacts(text: str) -> list[Mention]:
    """Every contact detail or identifier in ``text`` as a mention, in text order, none overlapping.

    The entity name is the detail as a reader would search for it: an e-mail address in lower
    case, an account number without spaces, anything else as written.
    """
    found: list[Mention] = []
    for start, end, kind, name in _matches(text):
        found.append(Mention(start=start, end=end, entity=name, type=kind))
    found.sort(key=lambda m: (m.start, -m.end))
    return first_of_overlaps(found)


def _matches(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, type, name) for every pattern hit that passes its shape check."""
    for match in _URL.finditer(text):
        start, end = match.span()
        while end > start and text[end - 1] in _URL_TRAIL:
            if text[end - 1] == ")" and text.count("(", start, end) >= text.count(")", start, end):
                break  # a balanced parenthesis belongs to the URL (Wikipedia links)
            end -= 1
        if end - start > 8:
            yield start, end, "URL", text[start:end]
    for match in _EMAIL.finditer(text):
        domain = match.group().rsplit("@", 1)[1]
        tld = domain.rsplit(".", 1)[1]
        if tld.isalpha() and len(tld) >= 2:
            yield match.start(), match.end(), "EMAIL", match.group().lower()
    for match in _PHONE.finditer(text):
        digits = sum(ch.isdigit() for ch in match.group())
        if 7 <= digits <= 15:
            yield match.start(), match.end(), "PHONE", match.group()
    for match in _HANDLE.finditer(text):
        yield match.start(), match.end(), "HANDLE", match.group()
    for match in _IBAN.finditer(text):
        compact = match.group().replace(" ", "")
        if 15 <= len(compact) <= 34 and _iban_checksum_ok(compact):
            yield match.start(), match.end(), "ACCOUNT", compact


def _iban_checksum_ok(iban: str) -> bool:
    """ISO 13616 mod-97 check: letters-and-digits that merely look like an IBAN fail it 96 times in 97."""
    moved = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in moved)
    return int(number) % 97 == 1


def without_overlaps(mentions: list[Mention], contacts: list[Mention]) -> list[Mention]:
    """``mentions`` minus any that overlap a contact detail, with the contacts added, in text order.

    The model's pieces of an address ("nasa" in an e-mail, "@NASA" as ORG) are not entities of
    their own once the whole address is known.
    """
    if not contacts:
        return mentions
    covered = bytearray(max(c.end for c in contacts) + 1)
    for contact in contacts:
        covered[contact.start : contact.end] = b"\x01" * (contact.end - contact.start)
    kept = [m for m in mentions if not any(covered[m.start : m.end])]
    return sorted(kept + contacts, key=lambda m: (m.start, m.end))
