"""Read aloud: the article spoken from the focus bar on, the bar following each sentence.

One sentence per ``say()``: when the engine reports Ready the next sentence is said and
the focus bar moves to it (scrolled into view), so what is highlighted is what is heard.
At the article's end it stops; opening another article stops it too.

Moving the focus bar while reading (↓/↑, a mention, a find match) moves the speech to
the sentence under it. Engines report state changes late, with no id for which
utterance they belong to (speech-dispatcher: a cancel's Ready may arrive after the
next ``say()``), so a jump never says the new sentence straight after ``stop()``: it
waits for the engine's Ready and says it then (``_pending``).

Pause stops the engine and resume says the focused sentence again from its start. The
engines' own pause is not used: speech-dispatcher 0.11.4 (espeak-ng, Debian 12) never
reported Paused and then stayed silent for every later message until it was restarted.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING, Literal

from reader.core.sentences import sentence_spans
from reader.keymap import pretty
from reader.ui import operations as ops
from reader.ui.controllers import Controller, Handler
from reader.ui.speech import (
    RATE_STEP,
    NoSpeechEngine,
    SpeechEngine,
    SpeechState,
    clamp_rate,
    format_rate,
    open_engine,
)

if TYPE_CHECKING:
    from reader.ui.main_window import MainWindow

Mode = Literal["idle", "starting", "reading", "paused"]
MARKED_SENTENCES = 3  # the stall probe notes when the first few sentences start (the e2e test reads it)


class ReadAloudController(Controller):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        # Tests replace this with a fake; it runs on a worker (the real one takes seconds).
        self.engine_factory: Callable[[], SpeechEngine] = open_engine
        self.engine: SpeechEngine | None = None
        self.mode: Mode = "idle"
        self.article_id: str | None = None
        self.text = ""
        self.spans: list[tuple[int, int]] = []
        self.index = 0
        self._pending: int | None = None  # sentence to say once the engine is Ready after a stop
        self._moving = False  # the focus bar is being moved by the speech, not by the user
        self._said = False  # say() was called and the engine has not yet reported on it
        window.reader.focusChanged.connect(self._focus_moved)

    def handlers(self) -> dict[str, Handler]:
        return {
            "read_aloud": self.toggle,
            "pause_aloud": self.pause_or_resume,
            "aloud_faster": lambda: self.change_rate(RATE_STEP),
            "aloud_slower": lambda: self.change_rate(-RATE_STEP),
        }

    # ---------------------------------------------------------------- start and stop
    def toggle(self) -> None:
        """The read-aloud key: start from the focus bar, or stop if reading (or paused)."""
        if self.mode == "idle":
            self.start()
        else:
            self.stop("Stopped reading aloud")

    def start(self) -> None:
        if self.window.reader.article is None:
            self.status("Open an article to read it aloud", 5000)
            return
        if self.engine is not None:
            self._begin()
            return
        if self.mode == "starting":
            return
        self.mode = "starting"
        self.status("Starting the speech engine…")
        self.submit(
            ops.compute("start the speech engine", self.engine_factory).then(self._started, self._failed)
        )

    def _started(self, engine: SpeechEngine) -> None:
        self.engine = engine
        engine.listen(self._state_changed)
        if self.mode == "starting":  # not stopped (or the article closed) while it started
            self._begin()

    def _failed(self, error: Exception) -> None:
        self.mode = "idle"
        if isinstance(error, NoSpeechEngine):
            self.status(str(error))
        else:
            self.status(f"Read aloud could not start the speech engine: {error}")

    def _begin(self) -> None:
        article = self.window.reader.article
        if article is None:
            self.mode = "idle"
            return
        self.article_id, self.text = article.id, article.text
        self.spans = sentence_spans(article.text)
        if not self.spans:
            self.mode = "idle"
            self.status("This article has no text to read aloud", 5000)
            return
        self.mode = "reading"
        self._pending = None
        self._speak(self._sentence_at(self.window.reader.focus.start))

    def stop(self, message: str = "") -> None:
        """Stop speaking (the read-aloud key again, another article, the window closing)."""
        if self.mode == "idle":
            return
        self.mode = "idle"
        self._pending = None
        if self._busy():
            assert self.engine is not None
            self.engine.stop()
        self._said = False
        if message:
            self.status(message, 4000)

    # ---------------------------------------------------------------- pause and rate
    def pause_or_resume(self) -> None:
        """``p``: pause while reading, resume (the sentence again) while paused; start when idle."""
        engine = self.engine
        if self.mode in ("idle", "starting") or engine is None:
            self.start()
        elif self.mode == "reading":
            self.mode = "paused"
            self._pending = None
            if self._busy():
                engine.stop()
            self._show_status()
        else:
            self.mode = "reading"
            self._speak(self.index)

    def change_rate(self, delta: float) -> None:
        """Ctrl+] / Ctrl+[: a step faster or slower, remembered in the settings."""
        settings = self.window.settings
        rate = clamp_rate(settings.read_aloud_rate + delta)
        settings.read_aloud_rate = rate
        if self.engine is not None:
            self.engine.set_rate(rate)  # speech-dispatcher applies it from the next sentence
        self.window.commands.save_settings()
        if self.mode in ("reading", "paused"):
            self._show_status()
        else:
            self.status(f"Read-aloud rate {format_rate(rate)}", 4000)

    # ---------------------------------------------------------------- sentences
    def _sentence_at(self, offset: int) -> int:
        """The sentence holding ``offset`` (or the next one, in the gap between two)."""
        ends = [end for _start, end in self.spans]
        return min(bisect.bisect_right(ends, offset), len(self.spans) - 1)

    def _busy(self) -> bool:
        """Whether the engine is (or is about to be) speaking: a new say() must wait for Ready."""
        return self.engine is not None and (self._said or self.engine.state() in ("speaking", "paused"))

    def _article_changed(self) -> bool:
        article = self.window.reader.article
        return article is None or article.id != self.article_id or article.text != self.text

    def _speak(self, index: int) -> None:
        """Move the focus bar to sentence ``index`` and say it (after a stop, once Ready)."""
        engine = self.engine
        if engine is None:
            return
        self.index = index
        start, end = self.spans[index]
        self._moving = True
        try:
            self.window.reader.set_focus_span(start, end)
        finally:
            self._moving = False
        probe = self.window.probe
        if probe is not None and index < MARKED_SENTENCES:
            probe.mark(f"aloud_sentence_{index + 1}")
        engine.set_rate(self.window.settings.read_aloud_rate)
        if self.mode == "reading":
            if self._busy():
                self._pending = index
                engine.stop()
            else:
                self._pending = None
                self._said = True
                engine.say(self.text[start:end])
        self._show_status()

    def _state_changed(self, state: SpeechState) -> None:
        engine = self.engine
        if state in ("speaking", "ready", "error"):
            self._said = False
        if self.mode in ("idle", "starting") or engine is None:
            return  # the Ready of a stop, after reading ended
        if state == "error":
            self.stop(f"Read aloud stopped: {engine.error()}")
        elif state == "speaking":
            if self.window.probe is not None:
                self.window.probe.mark("aloud_speaking")
        elif state == "ready" and self.mode == "reading":
            if self._article_changed():
                self.stop("Stopped reading aloud: the article was closed")
            elif self._pending is not None:
                index, self._pending = self._pending, None
                self._speak(index)
            elif self.index + 1 < len(self.spans):
                self._speak(self.index + 1)
            else:
                if self.window.probe is not None:
                    self.window.probe.mark("aloud_end")
                self.stop("Read aloud: the end of the article")

    def _focus_moved(self, start: int, _end: int) -> None:
        """The user moved the focus bar while reading: the speech follows it."""
        if self._moving or self.mode not in ("reading", "paused"):
            return
        if self._article_changed():
            self.stop("Stopped reading aloud: the article was closed")
            return
        index = self._sentence_at(start)
        if index == self.index:
            return
        if self.mode == "reading":
            self._speak(index)
        else:  # paused: resume starts here
            self.index = index
            self._show_status()

    def _show_status(self) -> None:
        rate = format_rate(self.window.settings.read_aloud_rate)
        where = f"sentence {self.index + 1} of {len(self.spans)} · rate {rate}"
        keys = self.window.table.keys.get("pause_aloud", ())
        if self.mode == "paused":
            hint = f" · {pretty(keys[0])} resumes" if keys else ""
            self.status(f"Paused — {where}{hint}")
        else:
            hint = f" · {pretty(keys[0])} pauses" if keys else ""
            self.status(f"Reading aloud — {where}{hint}")
