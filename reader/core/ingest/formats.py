"""Structured inputs: detection by content, and parsers that keep their own boundaries.

JSON lines / JSON arrays, CSV with a header, Markdown with headings, HTML
pages and RSS/Atom feeds all say where an article starts and often carry a
title, date, author and URL. We keep those, normalise dates to ISO, and run
every body through the same clutter cleaning and glue repair as plain dumps.
HTML, whether a page file or HTML inside a record, is read by
:mod:`reader.core.ingest.html_main` (trafilatura, with a stdlib fallback): a
page is one article, its main text; a fragment (a feed item's content) is
flattened into its paragraphs.

Broken input is reported, not guessed at: a bad JSON line is listed in
``dropped`` ("malformed JSON line") and the rest is loaded; a file that
cannot be parsed at all raises SourceError naming the file and line. Feeds
with a DOCTYPE or ENTITY declaration are refused outright (entity expansion
attacks), since real feeds never need them.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.errors import SourceError
from reader.core.ingest.clean import clean_lines
from reader.core.ingest.dates import normalise_date
from reader.core.ingest.glue import count_words
from reader.core.ingest.html_main import PageText, extract_fragment, extract_page, looks_like_page
from reader.core.ingest.htmltext import html_to_paragraphs
from reader.core.ingest.pipeline import build_draft
from reader.core.types import ArticleDraft, DroppedLine

TITLE_KEYS = ("title", "headline", "name", "subject")
BODY_KEYS = (
    "text",
    "body",
    "content",
    "article",
    "full_text",
    "fulltext",
    "story",
    "description",
    "summary",
    "html",
    "raw_html",
)
DATE_KEYS = (
    "date",
    "published",
    "published_at",
    "publishedat",
    "pubdate",
    "datepublished",
    "pub_date",
    "created",
    "created_at",
    "time",
    "timestamp",
    "updated",
)
URL_KEYS = ("url", "link", "href", "permalink", "source_url")
AUTHOR_KEYS = ("author", "authors", "byline", "creator", "by", "writer")

# Headings are matched by prefix only and their closing hashes trimmed with str methods:
# a pattern like r"\s+(.*?)\s*#*\s*$" backtracks quadratically on a line of spaces.
_HEADING_PREFIX = re.compile(r"^(#{1,2})[ \t]+(?=\S)")
_SUBHEADING_PREFIX = re.compile(r"^#{3,6}[ \t]+(?=\S)")


def _heading_text(prefix: re.Pattern[str], line: str) -> str | None:
    """The text of a Markdown heading line of the prefix's level, closing hashes trimmed; else None."""
    m = prefix.match(line)
    return line[m.end() :].rstrip().rstrip("#").rstrip() if m else None


_TAGGY = re.compile(
    r"<(p|br|div|a|span|em|strong|img|h\d|ul|li|html|head|body|article|main|section|!doctype)\b",
    re.IGNORECASE,
)


@dataclass
class Record:
    """An article as a structured source gives it, before cleaning."""

    paragraphs: list[tuple[int, str]]
    title: str = ""
    date: str | None = None
    author: str | None = None
    url: str | None = None
    dropped: list[DroppedLine] = field(default_factory=list)


# --------------------------------------------------------------------------- detection


def detect(head: str, suffix: str) -> str:
    """Name the format from the first characters of a file; the extension only breaks ties."""
    s = head.lstrip("\ufeff \t\r\n")
    if not s:
        return "text"
    if re.match(r"\{\s*\"", s):
        first = s.split("\n", 1)[0].strip()
        return "jsonl" if _is_json_object(first) or suffix in (".jsonl", ".ndjson") else "json"
    if re.match(r"\[\s*[\{\"\]]", s) or (s.startswith("[") and suffix == ".json"):
        return "json"
    low = s[:4000].lower()
    if re.match(r"<\?xml|<rss\b|<feed\b|<rdf:rdf\b", low) and re.search(r"<(rss|feed|rdf:rdf)\b", low):
        return "feed"
    if re.match(r"<!doctype html|<html\b|<\?xml", low) or re.search(
        r"<(body|article|p|div)\b[^>]*>", low[:2000]
    ):
        return "html"
    first_line = next((line for line in s.split("\n") if line.strip()), "")
    if _HEADING_PREFIX.match(first_line) or (
        suffix in (".md", ".markdown") and re.search(r"(?m)^#{1,2}\s", s)
    ):
        return "markdown"
    if suffix in (".csv", ".tsv") or _looks_like_csv_header(first_line):
        return "csv"
    return "text"


def _is_json_object(line: str) -> bool:
    """One article record per line (a line wrapping a list of records is a JSON document)."""
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and not any(
        isinstance(v, list) and v and isinstance(v[0], dict) for v in data.values()
    )


def _looks_like_csv_header(line: str) -> bool:
    for delimiter in (",", "\t", ";", "|"):
        cells = [c.strip().strip("\"'").lower() for c in line.split(delimiter)]
        if len(cells) >= 2 and any(c in BODY_KEYS for c in cells) and all(len(c) <= 40 for c in cells):
            return True
    return False


# --------------------------------------------------------------------------- dispatch


def parse(kind: str, text: str, path: Path) -> tuple[list[ArticleDraft], list[DroppedLine]]:
    """Parse a whole structured file of the given kind into drafts and dropped lines."""
    parsers = {
        "jsonl": _parse_jsonl,
        "json": _parse_json,
        "csv": _parse_csv,
        "markdown": _parse_markdown,
        "html": _parse_html_page,
        "feed": _parse_feed,
    }
    records, dropped = parsers[kind](text, path)
    return _finish(records, dropped)


def _finish(
    records: Sequence[Record], dropped: list[DroppedLine]
) -> tuple[list[ArticleDraft], list[DroppedLine]]:
    """Clean each record's paragraphs, repair glue with a file-wide vocabulary, build drafts."""
    drafts = list(iter_finish(records, dropped, batch=None))
    dropped.sort(key=lambda d: d.line)
    return drafts, dropped


def iter_finish(
    records: Iterable[Record],
    dropped: list[DroppedLine],
    batch: int | None = 500,
    vocab: Counter[str] | None = None,
) -> Iterator[ArticleDraft]:
    """Clean records and build their drafts, ``batch`` records at a time (None: all at once).

    Glue repair judges a fused word by how often its parts occur in the same
    source, so the vocabulary counts every word read so far: with ``batch``
    None that is the whole file, as for any file read whole; a stream too
    large to hold (a WARC) builds each batch with the words of every batch
    before it and its own, like a streamed plain dump. Dropped lines are
    appended as they are judged; the caller sorts them at the end. A ``vocab``
    counted beforehand (a first pass over the file) is used as it is, and each
    record is built as it comes.
    """
    counted = vocab is not None
    vocab = vocab if vocab is not None else Counter()
    cache: dict[str, str] = {}  # each word form is judged once per source, not once per paragraph
    # A counted paragraph's tokens until repair takes them: only when batches are built as they are
    # counted; a file counted whole before any build would hold them all.
    tokens: dict[str, list[str]] | None = {} if batch is not None else None
    pending: list[tuple[Record, list[tuple[int, str]]]] = []
    for record in records:
        kept, removed = clean_lines(record.paragraphs)
        dropped.extend(record.dropped)
        dropped.extend(removed)
        paragraphs = [(k.line, k.text) for k in kept]
        if not paragraphs:
            continue
        pending.append((record, paragraphs))
        if counted:
            yield from _build(pending, vocab, cache, tokens)
            pending = []
            continue
        for _, text in paragraphs:
            count_words(vocab, text, tokens)
        if batch is not None and len(pending) >= batch:
            yield from _build(pending, vocab, cache, tokens)
            pending = []
    yield from _build(pending, vocab, cache, tokens)


def _build(
    pending: list[tuple[Record, list[tuple[int, str]]]],
    vocab: Counter[str],
    cache: dict[str, str],
    tokens: dict[str, list[str]] | None,
) -> Iterator[ArticleDraft]:
    for r, paragraphs in pending:
        yield build_draft(
            paragraphs,
            vocab,
            title=r.title,
            date=r.date,
            author=r.author,
            url=r.url,
            cache=cache,
            kept=tokens,
        )


# --------------------------------------------------------------------------- JSON


def _first(record: dict[str, Any], keys: Iterable[str]) -> Any:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in keys:
        value = lowered.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "\n".join(_as_text(v) for v in value)
    if isinstance(value, dict):
        return _as_text(_first(value, ("name", "text", "value", "title")))
    return str(value)


def _read_body(body: str, line: int, url: str | None = None) -> tuple[list[tuple[int, str]], PageText | None]:
    """Split a record's body into paragraphs, all on the record's line.

    A body holding a whole HTML page is read like a page file (its main text,
    plus the page's metadata, returned for the record to fall back on); an
    HTML fragment is flattened into its paragraphs; plain text splits on
    newlines.
    """
    page = None
    if not _TAGGY.search(body):
        pieces = body.split("\n")
    elif looks_like_page(body):
        page = extract_page(body, line=line, url=url)
        pieces = [text for _, text in page.paragraphs]
    else:
        pieces = extract_fragment(body)
    return [(line, p.strip()) for p in pieces if p.strip()], page


def record_from_mapping(data: dict[str, Any], line: int) -> Record | None:
    body = _as_text(_first(data, BODY_KEYS))
    title = " ".join(_as_text(_first(data, TITLE_KEYS)).split())
    if not body.strip() and not title:
        return None
    url = _as_text(_first(data, URL_KEYS)) or None
    paragraphs, page = _read_body(body, line, url)
    if not paragraphs and title:
        paragraphs = [(line, title)]
    author = _as_text(_first(data, AUTHOR_KEYS)).replace("\n", ", ") or None
    date = normalise_date(_first(data, DATE_KEYS))
    if page is not None:  # the record's own fields win; the page fills the gaps
        title = title or page.title
        date = date or normalise_date(page.date)
        author = author or page.author
        url = url or page.url
    return Record(paragraphs, title, date, author, url)


def _parse_jsonl(text: str, path: Path) -> tuple[list[Record], list[DroppedLine]]:
    from reader.core.ingest.jsonl import jsonl_records  # jsonl builds on this module's records

    dropped: list[DroppedLine] = []
    return list(jsonl_records(enumerate(text.split("\n"), 1), path, dropped)), dropped


def _parse_json(text: str, path: Path) -> tuple[list[Record], list[DroppedLine]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise SourceError(f"{path}: JSON is nested too deeply") from None
    except ValueError:
        raise SourceError(f"{path}: not valid JSON (a number too long to read)") from None
    if isinstance(data, dict):
        listed = _first(data, ("articles", "items", "entries", "data", "posts", "stories", "results"))
        data = listed if isinstance(listed, list) else [data]
    if not isinstance(data, list):
        raise SourceError(f"{path}: JSON holds no list of articles")
    records: list[Record] = []
    dropped: list[DroppedLine] = []
    for number, item in enumerate(data, 1):
        record = record_from_mapping(item, number) if isinstance(item, dict) else None
        if record is None:
            dropped.append(
                DroppedLine(number, json.dumps(item, ensure_ascii=False)[:500], "record without text")
            )
        else:
            records.append(record)
    return records, dropped


# --------------------------------------------------------------------------- CSV


# A CSV field may hold a whole article; the csv module's default limit is 128 KiB.
CSV_FIELD_LIMIT = 64 * 1024 * 1024


def _csv_dialect(text: str, path: Path) -> type[csv.Dialect]:
    """The delimiter by counting candidates in the header line: linear, unlike ``csv.Sniffer``,
    which backtracks for minutes on a few hundred crafted quote characters."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in ",\t;|"}
    best = max(counts, key=lambda d: counts[d])
    if not counts[best]:
        best = "\t" if path.suffix.lower() == ".tsv" else ","

    class Dialect(csv.excel):
        delimiter = best

    return Dialect


def _parse_csv(text: str, path: Path) -> tuple[list[Record], list[DroppedLine]]:
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    dialect = _csv_dialect(text, path)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], []
    except csv.Error as exc:
        raise SourceError(f"{path}:1: not a readable CSV header ({exc})") from None
    if not any(h in BODY_KEYS or h in TITLE_KEYS for h in header):
        raise SourceError(f"{path}:1: CSV header has no text column (expected one of: text, body, content)")
    records: list[Record] = []
    dropped: list[DroppedLine] = []
    start = reader.line_num + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            dropped.append(DroppedLine(start, f"malformed CSV ({exc})", "malformed CSV row"))
            start = reader.line_num + 1
            continue
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            dropped.append(DroppedLine(line, dialect.delimiter.join(row)[:500], "malformed CSV row"))
            continue
        record = record_from_mapping(dict(zip(header, row, strict=True)), line)
        if record is None:
            dropped.append(DroppedLine(line, dialect.delimiter.join(row)[:500], "record without text"))
        else:
            records.append(record)
    return records, dropped


# --------------------------------------------------------------------------- Markdown

_MD_LINK = re.compile(r"!\[[^\]]*\]\([^)]*\)|\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_|`)(?=\S)(.+?)(?<=\S)\1")
_MD_PREFIX = re.compile(r"^\s{0,3}(>\s?|[-*+]\s+|\d+[.)]\s+)")
_META_LINE = re.compile(r"^\s*(date|published|author|by|url|source|link)\s*:\s*(.+)$", re.IGNORECASE)


def _md_inline(text: str) -> str:
    text = _MD_LINK.sub(lambda m: m.group(1) or "", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return _MD_PREFIX.sub("", text).strip()


def _parse_markdown(text: str, path: Path) -> tuple[list[Record], list[DroppedLine]]:
    """Each ``#``/``##`` heading starts an article; deeper headings are subheads.

    Lines of one block (no blank line between) are joined: Markdown wraps
    paragraphs. ``Date:``/``Author:``/``URL:`` lines right under a heading are
    metadata, as is YAML front matter at the top of the file.
    """
    lines = text.split("\n")
    records: list[Record] = []
    current = Record([])
    block: list[str] = []
    block_line = 0
    in_fence = False
    just_headed = False
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is not None:
            _apply_meta(current, lines[1:end])
            start = end + 1

    def flush() -> None:
        nonlocal block
        if block:
            current.paragraphs.append((block_line, " ".join(block)))
            block = []

    for index in range(start, len(lines)):
        number, raw = index + 1, lines[index]
        stripped = raw.strip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            flush()
            in_fence = not in_fence
            continue
        heading = None if in_fence else _heading_text(_HEADING_PREFIX, stripped)
        if heading is not None:
            flush()
            if current.paragraphs or current.title:
                records.append(current)
            current = Record([], title=_md_inline(heading))
            just_headed = True
            continue
        if not stripped:
            flush()
            continue
        meta = _META_LINE.match(stripped)
        if just_headed and meta and not block:
            _apply_meta(current, [stripped])
            continue
        just_headed = False
        sub = None if in_fence else _heading_text(_SUBHEADING_PREFIX, stripped)
        if sub is not None:
            flush()
            current.paragraphs.append((number, _md_inline(sub)))
            continue
        if _MD_PREFIX.match(raw) and block:
            flush()
        if not block:
            block_line = number
        block.append(stripped if in_fence else _md_inline(stripped))
    flush()
    if current.paragraphs or current.title:
        records.append(current)
    return [r for r in records if r.paragraphs or r.title], []


def _apply_meta(record: Record, lines: Iterable[str]) -> None:
    for line in lines:
        key, _, value = line.partition(":")
        key, value = key.strip().lower(), value.strip().strip("\"'")
        if not value:
            continue
        if key in ("date", "published"):
            record.date = normalise_date(value)
        elif key in ("author", "by"):
            record.author = value
        elif key in ("url", "source", "link"):
            record.url = value
        elif key == "title" and not record.title:
            record.title = value


# --------------------------------------------------------------------------- HTML


def _parse_html_page(text: str, path: Path) -> tuple[list[Record], list[DroppedLine]]:
    """A page file is one article: its main text, each paragraph on the line where it starts.

    Pages that list several ``<article>`` elements are still one article: on
    real news pages the extra ones are related-story cards and teasers.
    """
    page = extract_page(text)
    if not page.paragraphs:
        return [], []
    record = Record(list(page.paragraphs), page.title, normalise_date(page.date), page.author, page.url)
    return [record], []


# --------------------------------------------------------------------------- feeds


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""


def _recover_feed(text: str) -> Any:
    """Parse a malformed feed with libxml2's recovery (no entities, no network), or None."""
    from lxml import etree

    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(text.lstrip("\ufeff").encode("utf-8"), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _lxml_tostring(element: Any, encoding: str) -> str:
    from lxml import etree

    return str(etree.tostring(element, encoding=encoding))


def _parse_feed(text: str, path: Path) -> tuple[list[Record], list[DroppedLine]]:
    match = re.search(r"<!(DOCTYPE|ENTITY)\b", text, re.IGNORECASE)
    if match:
        line = text.count("\n", 0, match.start()) + 1
        raise SourceError(f"{path}:{line}: feed declares a DOCTYPE/ENTITY, which Lede refuses to expand")
    records: list[Record] = []
    dropped: list[DroppedLine] = []
    failure: SourceError | None = None
    try:
        root: Any = ET.fromstring(text.lstrip("\ufeff"))
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else 0
        root = _recover_feed(text)
        failure = SourceError(f"{path}:{line}: not a well-formed feed ({exc})")
        if root is None:
            raise failure from None
        # One bad construct (a stray "<![" in an item) costs that spot, not the whole feed.
        dropped.append(DroppedLine(line, str(exc)[:200], "malformed XML repaired"))
        serialise: Any = _lxml_tostring
    else:
        serialise = ET.tostring
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    for number, item in enumerate(items, 1):
        fields: dict[str, str] = {}
        link = ""
        author = ""
        for child in item:
            if not isinstance(child.tag, str):  # a comment or an undefined entity left by XML repair
                continue
            name = _local(child.tag)
            if name == "link":
                rel = child.get("rel", "alternate")
                href = child.get("href") or (child.text or "")
                if href and (not link or rel == "alternate"):
                    link = href.strip()
                continue
            if name in ("author", "creator"):
                author = author or " ".join(("".join(child.itertext())).split())
                continue
            value = (
                "".join(child.itertext())
                if name != "content" or not len(child)
                else serialise(child, encoding="unicode")
            )
            fields.setdefault(name, value.strip())
        body = (
            fields.get("encoded")
            or fields.get("content")
            or fields.get("description")
            or fields.get("summary", "")
        )
        title = " ".join(html_to_paragraphs(fields.get("title", "")) or [fields.get("title", "")])
        url = link or fields.get("guid") or None
        paragraphs, page = _read_body(body, number, url)
        if not paragraphs and not title:
            dropped.append(DroppedLine(number, "", "feed item without text"))
            continue
        if not paragraphs:
            paragraphs = [(number, title)]
        date = normalise_date(
            fields.get("pubdate") or fields.get("published") or fields.get("date") or fields.get("updated")
        )
        if page is not None:
            title = title or page.title
            date = date or normalise_date(page.date)
        records.append(Record(paragraphs, title, date, author or None, url))
    if failure is not None and not any(r.paragraphs and r.paragraphs[0][1] != r.title for r in records):
        raise failure  # repair salvaged no text: the feed is broken, say where
    return records, dropped
