"""Add entity fields to a built index without analysing its text again.

The build publishes a text-only index first (search is ready minutes before
entities are), then has to give every document its entity fields. Whoosh
cannot change a document in place, and re-adding every article re-tokenises
and re-stems every title and body: at 20,000 articles that was 54 s of the
build, the part of "entities done" that raw spaCy does not pay.

Here each segment of the text-only index is copied into a new segment,
document by document: stored fields, field lengths and columns are taken as
they are and the entity fields are analysed for each document (a few names).
The documents keep their numbers and lengths, so every posting list of the
copied fields is byte for byte what re-adding the documents would write: the
term dictionary is copied entry by entry and each posting list as one run of
bytes; only the entity fields' postings are written anew. Nothing is sorted or
analysed again (20,000 articles: 54 s -> 9.3 s on 2 processes). The result is
the index a full rebuild with the same documents gives (a test compares every
hit and score).

Private Whoosh-Reloaded 2.7.5 internals used here: ``SegmentWriter(_lk=...)``,
``_finalize_segment``, ``_flush_segment``, the per-document writer's
``_fieldlengths``, the term reader's ``_terms``/``_fieldmap``/``_tindex``/``_postfile``,
the field writer's ``_postfile``/``_tindex``/``_fieldid`` and ``W3TermInfo._struct``.
Reached only through :func:`reader.core.search.accel.add_entity_fields`.
"""

from __future__ import annotations

import multiprocessing
from array import array
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.system import pack_int, pack_long, pack_ushort, unpack_int, unpack_long
from whoosh.writing import SegmentWriter

from reader.core.errors import IndexBuildError
from reader.core.search.accel import NotCopyable
from reader.core.search.schema import ENTITY_FIELDS, build_schema, entity_field_values

# Every field that holds entity names; all other fields are copied unchanged.
ENTITY_INDEX_FIELDS = ("entities", *ENTITY_FIELDS)


class EntityPostings:
    """One segment's entity-field postings, held compactly until the segment is written.

    Documents are copied in number order, so each term's documents arrive in order and
    only the terms need sorting. A posting is a slot in three arrays (4 + 8 bytes and a
    shared value bytes object) rather than a tuple of five objects: at 100k articles the
    tuples took gigabytes across the copier processes.
    """

    def __init__(self) -> None:
        self.terms: dict[tuple[str, bytes], tuple[array[int], array[float], list[bytes]]] = {}
        self.lengths: dict[str, array[int]] = {}  # field -> length per document number
        self._values: dict[bytes, bytes] = {}  # one object per distinct value bytes

    def add(self, name: str, tbytes: bytes, docnum: int, weight: float, vbytes: bytes | None) -> None:
        found = self.terms.get((name, tbytes))
        if found is None:
            found = self.terms[(name, tbytes)] = (array("q"), array("d"), [])
        found[0].append(docnum)
        found[1].append(weight)
        value = vbytes or b""
        found[2].append(self._values.setdefault(value, value))

    def set_length(self, name: str, docnum: int, length: int) -> None:
        lengths = self.lengths.setdefault(name, array("q"))
        if len(lengths) <= docnum:
            lengths.extend([0] * (docnum + 1 - len(lengths)))
        lengths[docnum] = length

    def fields(self) -> dict[str, list[bytes]]:
        """Field -> its terms in order."""
        out: dict[str, list[bytes]] = {}
        for name, tbytes in sorted(self.terms):
            out.setdefault(name, []).append(tbytes)
        return out


def copy_with_entity_fields(
    source: Path,
    target: Path,
    entities_of: Callable[[str], Mapping[str, Sequence[str]]],
    progress: Callable[[int], None] | None = None,
    *,
    procs: int = 1,
) -> None:
    """Write into ``target`` (empty or absent) the index at ``source`` with entity fields filled in.

    ``entities_of(article_id)`` gives type -> names for one document, as
    :class:`~reader.core.search.index.IndexDoc.entities`. ``progress`` receives the
    number of documents copied so far. Entity fields already in ``source`` are replaced.
    With ``procs > 1`` the segments (the build's text index has one per writer
    process) are copied by that many forked processes, which inherit ``entities_of``.
    """
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise IndexBuildError(f"index folder is not empty: {target}")
    try:
        old = whoosh_index.open_dir(str(source))
        target.mkdir(parents=True, exist_ok=True)
        new = whoosh_index.create_in(str(target), build_schema())
    except (OSError, whoosh_index.EmptyIndexError) as exc:
        raise IndexBuildError(f"cannot copy the index {source} to {target}: {exc}") from exc
    job = _CopyJob(old, new, entities_of)
    with old.reader() as reader:
        leaves = len(reader.leaf_readers())
        if reader.has_deletions():
            raise NotCopyable(f"{source} has deleted documents (edited while the build ran)")
    writer = new.writer(compound=False)  # holds the lock; the copies are segments written beside it
    try:
        if procs > 1 and leaves > 1 and "fork" in multiprocessing.get_all_start_methods():
            segments = _copy_in_processes(job, leaves, min(procs, leaves), progress)
        else:
            segments = []
            for leaf in range(leaves):
                base = sum(seg.doc_count_all() for seg in segments)
                report = (lambda n, base=base: progress(base + n)) if progress else None
                segments.append(job.copy(leaf, report))
        writer.commit(mergetype=lambda _writer, existing: [*existing, *segments])
    except BaseException:
        writer.cancel()
        raise
    finally:
        new.close()
        old.close()


class _CopyJob:
    """Copies one leaf segment of the source index into a new segment of the target."""

    def __init__(self, source: Any, target: Any, entities_of: Callable[[str], Mapping[str, Sequence[str]]]):
        self.source = source
        self.target = target
        self.entities_of = entities_of

    def copy(self, leaf: int, progress: Callable[[int], None] | None) -> Any:
        """Return the finished Whoosh segment (not yet listed in the target's table of contents)."""
        with self.source.reader() as reader:
            segment_reader = reader.leaf_readers()[leaf][0]
            writer = SegmentWriter(self.target, _lk=False, compound=False)
            try:
                _copy_segment(writer, segment_reader, self.entities_of, progress)
                return writer._finalize_segment()
            except BaseException:
                writer.cancel()
                raise


# The job a forked copier runs: set in the parent just before the fork, inherited by the children.
_FORKED: tuple[_CopyJob, Any] | None = None


def _copy_forked(leaf: int) -> Any:
    assert _FORKED is not None
    job, counter = _FORKED

    reported = 0

    def bump(copied: int) -> None:  # this segment's running count -> the shared total
        nonlocal reported
        with counter.get_lock():
            counter.value += copied - reported
        reported = copied

    return job.copy(leaf, bump)


def _copy_in_processes(
    job: _CopyJob, leaves: int, procs: int, progress: Callable[[int], None] | None
) -> list[Any]:
    global _FORKED
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    _FORKED = (job, counter)
    # An executor, not multiprocessing.Pool: a Pool whose worker is killed (the OOM killer)
    # loses that worker's task and waits for it for ever; the executor breaks instead.
    try:
        with ProcessPoolExecutor(max_workers=procs, mp_context=ctx) as pool:
            pending = [pool.submit(_copy_forked, leaf) for leaf in range(leaves)]
            while wait(pending, timeout=0.5).not_done:
                if progress is not None:
                    progress(int(counter.value))
            return [f.result() for f in pending]
    except BrokenProcessPool as exc:
        raise IndexBuildError(
            "a process adding entity fields to the index died (out of memory?); the index was not published"
        ) from exc
    finally:
        _FORKED = None


def _copy_segment(
    writer: Any,
    reader: Any,
    entities_of: Callable[[str], Mapping[str, Sequence[str]]],
    progress: Callable[[int], None] | None,
) -> None:
    """Copy every document of ``reader`` (one old segment) into ``writer``'s new segment."""
    schema = writer.schema
    pdw = writer.perdocwriter
    copied = [name for name in schema.names() if name not in ENTITY_INDEX_FIELDS]
    columns: dict[str, Any] = {}  # sortable fields (position): their stored column values
    for name in copied:
        coltype = schema[name].column_type
        if coltype and reader.has_column(name):
            col = reader.column_reader(name, coltype)
            # raw values, as a writer takes them (not translated back to Python objects)
            columns[name] = col.raw_column() if hasattr(col, "raw_column") else col
    entity_posts = EntityPostings()
    for docnum, stored in reader.iter_docs():
        if docnum != writer.docnum:  # raw posting blocks name documents by number
            raise NotCopyable("the text index's document numbers have gaps")
        pdw.start_doc(docnum)
        for name in copied:
            fieldobj = schema[name]
            pdw.add_field(name, fieldobj, stored.get(name), reader.doc_field_length(docnum, name))
            if name in columns:
                pdw.add_column_value(name, fieldobj.column_type, columns[name][docnum])
        for name, value in entity_field_values(entities_of(stored["id"])).items():
            fieldobj = schema[name]
            length = 0
            for tbytes, freq, weight, vbytes in fieldobj.index(value):
                length += freq
                entity_posts.add(name, tbytes, docnum, weight, vbytes)
            pdw.add_field(name, fieldobj, None, length)
            entity_posts.set_length(name, docnum, length)
        pdw.finish_doc()
        writer.docnum += 1
        if progress is not None and writer.docnum % 1000 == 0:
            progress(writer.docnum)
    # A document's length is stored as one lossy byte, so summing the copied lengths would
    # shift the field totals (and every BM25 score); take the exact totals.
    for name in copied:
        if name in pdw._fieldlengths:
            pdw._fieldlengths[name] = reader.field_length(name)

    def flush() -> None:
        pdw.close()
        _write_terms(writer.fieldwriter, schema, reader._terms, entity_posts)
        writer.fieldwriter.close()

    writer._flush_segment = flush
    if progress is not None:
        progress(writer.docnum)


_TERMINFO = W3TermInfo._struct.size  # the fixed part of a term's entry, before its postings pointer


def _write_terms(
    fw: Any,
    schema: Any,
    old_terms: Any,
    entity_posts: EntityPostings,
) -> None:
    """The new segment's term dictionary and postings, fields in name order.

    An old field's terms are copied as they are: the same documents have the same
    numbers and lengths, so each posting list (header, blocks, block statistics) is
    byte-for-byte what re-adding the documents would write; only its offset changes.
    Entity fields are written posting by posting.
    """
    by_field = entity_posts.fields()
    old_fields = {name: num for name, num in old_terms._fieldmap.items() if name not in ENTITY_INDEX_FIELDS}
    old_index, old_posts, out = old_terms._tindex, old_terms._postfile, fw._postfile
    for name in sorted({*old_fields, *by_field}):
        fw.start_field(name, schema[name])
        if name in by_field:
            lengths = entity_posts.lengths[name]
            for btext in by_field[name]:
                fw.start_term(btext)
                docnums, weights, values = entity_posts.terms[(name, btext)]
                for docnum, weight, vbytes in zip(docnums, weights, values, strict=True):
                    fw.add(docnum, weight, vbytes, lengths[docnum])
                fw.finish_term()
        else:
            prefix, new_prefix = pack_ushort(old_fields[name]), pack_ushort(fw._fieldid)
            for key, value in old_index.items_from(prefix):
                if key[:2] != prefix:
                    break
                if not value[0]:  # not inlined: the postings are a run of bytes in the .pst file
                    offset = unpack_long(value[_TERMINFO : _TERMINFO + 8])[0]
                    length = unpack_int(value[_TERMINFO + 8 : _TERMINFO + 12])[0]
                    old_posts.seek(offset)
                    value = value[:_TERMINFO] + pack_long(out.tell()) + pack_int(length)
                    out.write(old_posts.read(length))
                fw._tindex.add(new_prefix + key[2:], value)
        fw.finish_field()
