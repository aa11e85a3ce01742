"""The NER pass on a Dask distributed cluster: ``lede index SOURCE --cluster tcp://HOST:PORT``.

Only the spaCy pass leaves the machine. It is the slow step (about nine tenths of the
analysis stage) and its output, ``(start, end, label)`` spans per text, depends only
on the text and the model, so a remote worker computes exactly what a local process
would. Everything after it (candidates, the library-wide alias table, quotes, figures)
needs the whole library at once and stays here, as does the span cache: a
:class:`ClusterBackend` is just another :class:`~reader.core.analyse.backend.NerBackend`
behind :class:`~reader.core.analyse.cache.CachedBackend`, so a resumed or incremental
build sends only the texts it has not seen.

* A :class:`SpacyPlugin` (a ``distributed.WorkerPlugin``) loads the model once per worker
  when it joins, never per batch; the workers must have Lede (``pip install lede[cluster]``)
  and the same spaCy model installed.
* Texts go out in batches, submitted in order and at most ``in_flight`` at a time
  (backpressure: a million-article source is not shipped to the scheduler at once), and
  their spans are yielded in input order as the head batch finishes.
* A worker that dies loses nothing: the scheduler runs its batches again elsewhere (a
  result that lived only on the dead worker is recomputed), and a batch that raised is
  retried ``RETRIES`` times before the build fails.

``distributed`` is imported only when :func:`connect` is called (the ``cluster`` extra).
"""

from __future__ import annotations

import os
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from reader.core.analyse.backend import MODEL_ENV, SpacyBackend, Span
from reader.core.errors import ClusterError, LedeError

__all__ = ["ClusterBackend", "SpacyPlugin", "batches", "connect", "text_batches"]

#: Seconds to wait for the scheduler to answer (and for a first worker) before giving up.
CONNECT_TIMEOUT = 5.0
#: Times a batch that raised is run again (a worker that died is Dask's own re-run, always).
RETRIES = 3
#: A batch holds at most this many texts and this many characters (about 1-2 s of spaCy).
BATCH_TEXTS = 64
BATCH_CHARS = 150_000
PLUGIN_NAME = "lede-spacy"

# Per worker process: the loaded pipeline by model name (a re-registered plugin reuses it).
_LOADED: dict[str, SpacyBackend] = {}
_LOCK = threading.RLock()


class SpacyPlugin:
    """Loads the spaCy pipeline when a worker starts (or joins later), once per worker process.

    Subclasses ``distributed.WorkerPlugin`` at run time (see :func:`_plugin_class`) so that
    importing this module never imports ``distributed``.
    """

    name = PLUGIN_NAME

    def __init__(self, model: str | None) -> None:
        self.model = model
        self.loaded = ""

    def setup(self, worker: Any) -> None:
        self.loaded = _backend(self.model).cache_key()


def _backend(model: str | None) -> SpacyBackend:
    key = model or ""
    with _LOCK:
        backend = _LOADED.get(key)
        if backend is None:
            backend = SpacyBackend(model=model, n_process=1)
            backend.nlp  # noqa: B018 - load now, in setup, not in the first batch
            _LOADED[key] = backend
    return backend


def ner_batch(texts: list[str], model: str | None) -> tuple[str, list[list[Span]]]:
    """Run on a worker: this worker's address and the spans of each text (the task body)."""
    from distributed import get_worker

    worker = get_worker()
    with _LOCK:  # one spaCy pipeline per process; a worker with several threads takes turns
        spans = list(_backend(model).spans(texts))
    return str(worker.address), spans


def worker_model(dask_worker: Any) -> str:
    """Run on every worker (``client.run``): the model its plugin loaded, as the span cache names it."""
    plugin = dask_worker.plugins.get(PLUGIN_NAME)
    return str(getattr(plugin, "loaded", "")) or "none"


def batches(texts: Sequence[str], max_texts: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` ranges of ``texts`` in order, each within both limits (a long text goes alone)."""
    start = 0
    for batch in text_batches(texts, max_texts, max_chars):
        yield start, start + len(batch)
        start += len(batch)


def text_batches(texts: Iterable[str], max_texts: int, max_chars: int) -> Iterator[list[str]]:
    """``texts`` cut into consecutive batches within both limits (a long text goes alone), read lazily."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= max_texts or chars + len(text) > max_chars):
            yield batch
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield batch


class ClusterBackend:
    """A ``NerBackend`` whose spans are computed by the workers of a connected Dask client."""

    def __init__(
        self,
        client: Any,
        model: str | None,
        cache_key: str,
        *,
        batch_texts: int = BATCH_TEXTS,
        batch_chars: int = BATCH_CHARS,
        in_flight: int | None = None,
    ) -> None:
        self.client = client
        self.model = model
        self._cache_key = cache_key
        self.batch_texts = max(1, batch_texts)
        self.batch_chars = max(1, batch_chars)
        self._in_flight = in_flight
        #: Batches whose results each worker delivered (by address), for reports and tests.
        self.by_worker: Counter[str] = Counter()

    def cache_key(self) -> str:
        return self._cache_key

    def in_flight(self) -> int:
        """Batches out at once: two per worker thread, so no worker waits while one is collected."""
        if self._in_flight is not None:
            return max(1, self._in_flight)
        workers = self.client.scheduler_info().get("workers", {})
        threads = sum(int(w.get("nthreads", 1)) for w in workers.values())
        return max(2, 2 * threads + 1)

    def spans(self, texts: Iterable[str]) -> Iterator[list[Span]]:
        """Spans per text in input order; ``texts`` is read only as far as the batches in flight."""
        ranges = text_batches(texts, self.batch_texts, self.batch_chars)
        pending: deque[Any] = deque()
        limit = self.in_flight()

        def submit_next() -> bool:
            batch = next(ranges, None)
            if batch is None:
                return False
            pending.append(self.client.submit(ner_batch, batch, self.model, pure=False, retries=RETRIES))
            return True

        try:
            while len(pending) < limit and submit_next():
                pass
            while pending:
                head = pending.popleft()
                try:
                    address, spans = head.result()
                except LedeError:
                    raise
                except Exception as exc:
                    raise ClusterError(_one_line("a batch failed on the cluster", exc)) from exc
                self.by_worker[address] += 1
                submit_next()
                yield from spans
        finally:
            for future in pending:
                future.cancel()


_PLUGIN_CLASS: type | None = None


def _plugin_class() -> type:
    """SpacyPlugin as a real ``distributed.WorkerPlugin`` (built on first use so the import stays lazy).

    It is reachable as this module's ``LedeSpacyPlugin`` (see ``__getattr__``), so pickle sends
    the plugin to the workers by name rather than by value.
    """
    global _PLUGIN_CLASS
    if _PLUGIN_CLASS is None:
        from distributed import WorkerPlugin

        _PLUGIN_CLASS = type("LedeSpacyPlugin", (SpacyPlugin, WorkerPlugin), {"__module__": __name__})
    return _PLUGIN_CLASS


def __getattr__(name: str) -> Any:
    if name == "LedeSpacyPlugin":
        return _plugin_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def connect(address: str, *, timeout: float = CONNECT_TIMEOUT) -> tuple[Any, ClusterBackend]:
    """A client connected to the scheduler at ``address`` with the model loaded on every worker.

    Raises :class:`ClusterError` (one line) when ``distributed`` is missing, the scheduler
    does not answer within ``timeout`` seconds, no worker joins, or the workers cannot load
    the model or disagree on it. The caller closes the client.
    """
    try:
        from distributed import Client
    except ImportError as exc:
        raise ClusterError("--cluster needs Dask's distributed package: pip install 'lede[cluster]'") from exc
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except OSError as exc:  # refused, unknown host, or no answer (TimeoutError is an OSError)
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address} (no answer in {timeout:g} s)"
        ) from exc
    except Exception as exc:  # a malformed address (ValueError), an unknown protocol
        raise ClusterError(_one_line(f"cannot reach the Dask scheduler at {address}", exc)) from exc
    try:
        model = os.environ.get(MODEL_ENV) or None
        try:
            client.wait_for_workers(1, timeout=timeout)
        except Exception as exc:
            raise ClusterError(f"the Dask scheduler at {address} has no workers") from exc
        plugin = _plugin_class()(model)
        try:
            client.register_plugin(plugin, name=PLUGIN_NAME)
        except Exception as exc:
            raise ClusterError(_one_line("a cluster worker could not load the spaCy model", exc)) from exc
        models = set(client.run(worker_model).values())
        if len(models) != 1:
            raise ClusterError(f"the cluster's workers loaded different models: {', '.join(sorted(models))}")
        return client, ClusterBackend(client, model, models.pop())
    except BaseException:
        client.close()
        raise


def _one_line(what: str, exc: BaseException) -> str:
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{what}: {detail}"
