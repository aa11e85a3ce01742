"""The speech engine behind read aloud: a small seam over Qt's QTextToSpeech.

Why a seam: the read-aloud controller only needs to say one sentence, stop it, set a
rate and hear when the engine's state changes (pausing is a stop: see controllers/aloud). Tests give it a fake
engine that records what it was asked to say and reports states on demand, so the
behaviour is tested without a speech server; the real engine is tested end to end.

Why lazily: QtTextToSpeech comes from PySide6-Addons and pulls in QtMultimedia
(libpulse); nothing here is imported until the user first asks for read aloud, so
the window starts as fast as before and a system without the libraries still runs.

Why off the UI thread: the speech-dispatcher engine lists every voice while it is
constructed (espeak-ng has some 1,500 voice variants: about 3 s), so :func:`open_engine`
runs on a worker and hands the object over to the UI thread, where its signals arrive.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, Protocol

from reader.settings import READ_ALOUD_RATE_RANGE

if TYPE_CHECKING:
    from PySide6.QtTextToSpeech import QTextToSpeech

SpeechState = Literal["ready", "speaking", "paused", "error"]

NO_ENGINE = (
    "Read aloud needs a speech engine: install speech-dispatcher and espeak-ng "
    "(Debian: apt install speech-dispatcher espeak-ng)"
)

# Engines in the order Lede prefers them. "mock" is Qt's test plugin: it reports speaking
# but makes no sound, so it is never chosen (a user would hear nothing and think it broken).
PREFERRED_ENGINES = ("speechd", "flite")
SILENT_ENGINES = frozenset({"mock"})

# The rate the user sets is a multiple of the engine's normal speed, in these steps.
RATE_RANGE = READ_ALOUD_RATE_RANGE
RATE_STEP = 0.25


log = logging.getLogger(__name__)


class NoSpeechEngine(Exception):
    """No usable engine: the message says what to install (shown in the status bar)."""


class SpeechEngine(Protocol):
    """What read aloud needs from a speech engine (QtSpeechEngine, or a test's fake)."""

    def listen(self, callback: Callable[[SpeechState], None]) -> None:
        """Call ``callback`` on the UI thread each time the engine's state changes."""

    def say(self, text: str) -> None: ...

    def stop(self) -> None: ...

    def set_rate(self, multiple: float) -> None:
        """Speak at ``multiple`` times the normal speed (applies from the next sentence at the latest)."""

    def state(self) -> SpeechState: ...

    def error(self) -> str:
        """What went wrong, once the state is ``"error"``."""


def choose_engine(available: Sequence[str]) -> str | None:
    """speech-dispatcher, then flite, then any other engine that makes a sound; None if none."""
    audible = [name for name in available if name not in SILENT_ENGINES]
    for name in PREFERRED_ENGINES:
        if name in audible:
            return name
    return audible[0] if audible else None


def qt_rate(multiple: float) -> float:
    """Qt's rate (-1 slowest, 0 normal, 1 fastest) for a multiple of the normal speed.

    On a log scale, so 0.5× and 2× are the two ends and each step feels the same size;
    engines map Qt's range onto their own (speech-dispatcher: -100..100), so the
    multiple is nominal, not a promise of words per minute.
    """
    low, high = RATE_RANGE
    return max(-1.0, min(1.0, math.log2(max(low, min(high, multiple)))))


def clamp_rate(multiple: float) -> float:
    """A rate on the step grid within RATE_RANGE (settings files may hold anything)."""
    low, high = RATE_RANGE
    stepped = round(multiple / RATE_STEP) * RATE_STEP
    return max(low, min(high, stepped))


def format_rate(multiple: float) -> str:
    """``1.0×``, ``1.25×``, ``0.5×``: as a person would say it."""
    text = f"{multiple:.2f}".rstrip("0")
    return f"{text}0×" if text.endswith(".") else f"{text}×"


class QtSpeechEngine:
    """SpeechEngine over a QTextToSpeech that lives on the UI thread."""

    _STATES: dict[str, SpeechState] = {
        "Ready": "ready",
        "Speaking": "speaking",
        "Paused": "paused",
        "Error": "error",
        "Synthesizing": "speaking",
    }

    def __init__(self, tts: QTextToSpeech) -> None:
        self.tts = tts
        self.name = tts.engine()

    def _state_of(self, state: object) -> SpeechState:
        return self._STATES.get(getattr(state, "name", ""), "error")

    def listen(self, callback: Callable[[SpeechState], None]) -> None:
        self.tts.stateChanged.connect(lambda state: callback(self._state_of(state)))

    def say(self, text: str) -> None:
        self.tts.say(text)

    def stop(self) -> None:
        self.tts.stop()

    def set_rate(self, multiple: float) -> None:
        self.tts.setRate(qt_rate(multiple))

    def state(self) -> SpeechState:
        return self._state_of(self.tts.state())

    def error(self) -> str:
        return self.tts.errorString() or "the speech engine reported an error"


def open_engine() -> SpeechEngine:
    """Load QtTextToSpeech and start the preferred engine; run it on a worker thread.

    Raises :class:`NoSpeechEngine` with :data:`NO_ENGINE` when the Addons module or its
    libraries are missing, no audible engine plugin loads, the engine cannot reach its
    server, or it has no voice. The engine object is created here and moved to the
    application's thread, so its signals are delivered on the UI thread.
    """
    try:
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:  # PySide6-Addons missing, or libpulse/libQt6Multimedia not found
        log.warning("read aloud: QtTextToSpeech cannot load: %s", exc)  # the status bar says what to do
        raise NoSpeechEngine(NO_ENGINE) from exc
    available = QTextToSpeech.availableEngines()
    name = choose_engine(available)
    if name is None:
        log.warning("read aloud: no speech engine plugin that makes a sound (found %s)", available)
        raise NoSpeechEngine(NO_ENGINE)
    tts = QTextToSpeech(name)
    if tts.state() == QTextToSpeech.State.Error or not tts.availableVoices():
        log.warning("read aloud: the %s engine failed: %s", name, tts.errorString() or "no voices")
        raise NoSpeechEngine(NO_ENGINE)
    app = QCoreApplication.instance()
    if app is not None:
        tts.moveToThread(app.thread())
    return QtSpeechEngine(tts)
