"""Read aloud, driven by its keys in the real window with a fake speech engine.

The fake records what it is asked to say and reports the engine's states only when a
test tells it to, the way a real engine reports them late; the real engine (speech-
dispatcher with espeak-ng) is tested end to end in tests/e2e/test_read_aloud_e2e.py.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt

from reader.core.sentences import sentence_spans
from reader.settings import Settings
from reader.ui.main_window import MainWindow
from reader.ui.speech import (
    NO_ENGINE,
    NoSpeechEngine,
    SpeechState,
    choose_engine,
    clamp_rate,
    format_rate,
    open_engine,
    qt_rate,
)
from tests.ui.conftest import settle


class FakeEngine:
    """A SpeechEngine that says nothing: it keeps a log and reports states on demand."""

    def __init__(self) -> None:
        self.said: list[str] = []
        self.calls: list[str] = []
        self.rates: list[float] = []
        self._state: SpeechState = "ready"
        self._listener: Callable[[SpeechState], None] | None = None

    def listen(self, callback: Callable[[SpeechState], None]) -> None:
        self._listener = callback

    def say(self, text: str) -> None:
        self.said.append(text)
        self.calls.append("say")

    def stop(self) -> None:
        self.calls.append("stop")

    def set_rate(self, multiple: float) -> None:
        self.rates.append(multiple)

    def state(self) -> SpeechState:
        return self._state

    def error(self) -> str:
        return "the audio device went away"

    def report(self, state: SpeechState) -> None:
        """What the engine does later on its own: change state and say so."""
        self._state = state
        assert self._listener is not None
        self._listener(state)


def _sentences(window: MainWindow) -> list[str]:
    article = window.reader.article
    assert article is not None
    return [article.text[s:e] for s, e in sentence_spans(article.text)]


def _focused(window: MainWindow) -> str:
    article = window.reader.article
    assert article is not None
    return article.text[window.reader.focus.start : window.reader.focus.end]


def _message(window: MainWindow) -> str:
    return window.statusBar().currentMessage()


def _key(qtbot, window: MainWindow, key: Qt.Key, mods=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window.reader, key, mods)


@pytest.fixture
def fake(window: MainWindow) -> FakeEngine:
    engine = FakeEngine()
    window.aloud.engine_factory = lambda: engine
    window.settings.read_aloud_rate = 1.0
    return engine


def _start(qtbot, window: MainWindow, fake: FakeEngine) -> None:  # type: ignore[no-untyped-def]
    _key(qtbot, window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: len(fake.said) == 1, timeout=10000)


def test_r_speaks_the_focused_sentence_and_the_bar_follows_on_ready(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    sentences = _sentences(window)
    _start(qtbot, window, fake)
    assert fake.said == [sentences[0]]
    assert _focused(window) == sentences[0]
    assert window.reader.focus.sentence_mode
    n = len(sentences)
    assert _message(window) == f"Reading aloud — sentence 1 of {n} · rate 1.0× · p pauses"

    fake.report("speaking")
    assert fake.said == [sentences[0]]  # nothing more until the sentence is over
    fake.report("ready")
    assert fake.said == [sentences[0], sentences[1]]
    assert _focused(window) == sentences[1]
    assert _message(window) == f"Reading aloud — sentence 2 of {n} · rate 1.0× · p pauses"


def test_reading_starts_at_the_focus_bar_not_the_top(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    article = window.reader.article
    assert article is not None
    _key(qtbot, window, Qt.Key.Key_Down)  # the bar on the second paragraph
    start = window.reader.focus.start
    assert start > 0
    first = next(article.text[s:e] for s, e in sentence_spans(article.text) if s == start)
    _start(qtbot, window, fake)
    assert fake.said == [first]
    assert _focused(window) == first


def test_p_pauses_and_resumes_at_the_start_of_the_sentence(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    sentences = _sentences(window)
    n = len(sentences)
    _start(qtbot, window, fake)
    fake.report("speaking")
    _key(qtbot, window, Qt.Key.Key_P)
    assert fake.calls == ["say", "stop"]
    assert _message(window) == f"Paused — sentence 1 of {n} · rate 1.0× · p resumes"
    fake.report("ready")  # the stop's Ready does not move on while paused
    assert fake.said == [sentences[0]]
    _key(qtbot, window, Qt.Key.Key_P)
    assert fake.said == [sentences[0], sentences[0]]
    assert _message(window) == f"Reading aloud — sentence 1 of {n} · rate 1.0× · p pauses"


def test_moving_the_bar_while_paused_moves_where_resume_starts(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    sentences = _sentences(window)
    _start(qtbot, window, fake)
    fake.report("speaking")
    _key(qtbot, window, Qt.Key.Key_P)
    fake.report("ready")
    _key(qtbot, window, Qt.Key.Key_Down)
    _key(qtbot, window, Qt.Key.Key_Down)
    assert fake.said == [sentences[0]]
    assert _message(window).startswith("Paused — sentence 3 of ")
    _key(qtbot, window, Qt.Key.Key_P)
    assert fake.said == [sentences[0], sentences[2]]
    assert _focused(window) == sentences[2]


def test_down_and_up_move_the_speech_with_the_bar(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    sentences = _sentences(window)
    _start(qtbot, window, fake)
    fake.report("speaking")
    _key(qtbot, window, Qt.Key.Key_Down)
    assert _focused(window) == sentences[1]
    # the engine is told to stop; the next sentence waits for its Ready (a late Ready
    # from the stop must not skip a sentence)
    assert fake.calls == ["say", "stop"]
    assert fake.said == [sentences[0]]
    fake.report("ready")
    assert fake.said == [sentences[0], sentences[1]]
    fake.report("speaking")
    _key(qtbot, window, Qt.Key.Key_Up)
    assert _focused(window) == sentences[0]
    fake.report("ready")
    assert fake.said == [sentences[0], sentences[1], sentences[0]]
    assert _message(window).startswith("Reading aloud — sentence 1 of ")


def test_rate_steps_clamp_and_are_remembered(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    _start(qtbot, window, fake)
    for _ in range(6):
        _key(qtbot, window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.read_aloud_rate == 2.0  # 1.0 + 4 steps, then it stays at the fastest
    assert fake.rates[-1] == 2.0
    assert "· rate 2.0× ·" in _message(window)
    for _ in range(9):
        _key(qtbot, window, Qt.Key.Key_BracketLeft, Qt.KeyboardModifier.ControlModifier)
    assert window.settings.read_aloud_rate == 0.5
    assert fake.rates[-1] == 0.5
    assert "· rate 0.5× ·" in _message(window)
    _key(qtbot, window, Qt.Key.Key_BracketRight, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window)
    assert Settings.load(window.settings.path).read_aloud_rate == 0.75


def test_no_engine_says_what_to_install(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    def missing() -> FakeEngine:
        raise NoSpeechEngine(NO_ENGINE)

    window.aloud.engine_factory = missing
    _key(qtbot, window, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: window.aloud.mode == "idle", timeout=10000)
    assert _message(window) == (
        "Read aloud needs a speech engine: install speech-dispatcher and espeak-ng "
        "(Debian: apt install speech-dispatcher espeak-ng)"
    )
    assert window.isVisible()


def test_without_the_addons_module_open_engine_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)  # import fails as if not installed
    with pytest.raises(NoSpeechEngine) as raised:
        open_engine()
    assert str(raised.value) == NO_ENGINE


def test_opening_another_article_stops_the_speech(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    _start(qtbot, window, fake)
    fake.report("speaking")
    first = window.current
    _key(qtbot, window, Qt.Key.Key_J)
    qtbot.waitUntil(lambda: window.current is not first, timeout=10000)
    assert fake.calls == ["say", "stop"]
    assert window.aloud.mode == "idle"
    assert _message(window) == "Stopped reading aloud: the article was closed"
    fake.report("ready")  # the stop's Ready: nothing more is said
    assert len(fake.said) == 1


def test_r_again_stops_and_the_end_of_the_article_stops(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    sentences = _sentences(window)
    _start(qtbot, window, fake)
    fake.report("speaking")
    _key(qtbot, window, Qt.Key.Key_R)
    assert fake.calls == ["say", "stop"]
    assert _message(window) == "Stopped reading aloud"
    fake.report("ready")
    assert len(fake.said) == 1

    article = window.reader.article
    assert article is not None
    last_start, last_end = sentence_spans(article.text)[-1]
    window.reader.set_focus_span(last_start, last_end)
    _key(qtbot, window, Qt.Key.Key_R)
    assert fake.said[-1] == sentences[-1]
    fake.report("speaking")
    fake.report("ready")
    assert fake.said[-1] == sentences[-1] and len(fake.said) == 2
    assert window.aloud.mode == "idle"
    assert _message(window) == "Read aloud: the end of the article"


def test_an_engine_error_stops_with_its_reason(qtbot, window: MainWindow, fake) -> None:  # type: ignore[no-untyped-def]
    _start(qtbot, window, fake)
    fake.report("error")
    assert window.aloud.mode == "idle"
    assert _message(window) == "Read aloud stopped: the audio device went away"


def test_the_window_does_not_load_the_speech_module_until_asked() -> None:
    """Startup time: QtTextToSpeech (and QtMultimedia under it) load on the first ``r``."""
    code = (
        "import sys, reader.ui.main_window, reader.ui.app; "
        "print(sorted(m for m in sys.modules if 'TextToSpeech' in m or 'QtMultimedia' in m))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_engine_choice_and_rates() -> None:
    assert choose_engine(["mock", "flite", "speechd"]) == "speechd"
    assert choose_engine(["mock", "flite"]) == "flite"
    assert choose_engine(["mock", "sapi"]) == "sapi"
    assert choose_engine(["mock"]) is None  # Qt's test plugin makes no sound
    assert choose_engine([]) is None
    assert [qt_rate(m) for m in (0.5, 1.0, 2.0, 4.0)] == [-1.0, 0.0, 1.0, 1.0]
    assert [clamp_rate(m) for m in (0.1, 1.1, 1.2, 9.0)] == [0.5, 1.0, 1.25, 2.0]
    assert [format_rate(m) for m in (0.5, 1.0, 1.25, 2.0)] == ["0.5×", "1.0×", "1.25×", "2.0×"]


def test_the_qt_engine_reports_speaking_then_ready(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The wrapper over QTextToSpeech, on Qt's silent "mock" plugin (shipped with the Addons)."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        pytest.skip(f"QtTextToSpeech cannot load: {exc}")
    if "mock" not in QTextToSpeech.availableEngines():
        pytest.skip("Qt's mock speech plugin is not installed")
    from reader.ui.speech import QtSpeechEngine

    engine = QtSpeechEngine(QTextToSpeech("mock"))
    seen: list[SpeechState] = []
    engine.listen(seen.append)
    engine.set_rate(1.0)
    engine.say("One short sentence.")
    qtbot.waitUntil(lambda: "ready" in seen, timeout=20000)
    assert seen[0] == "speaking" and seen[-1] == "ready"
    assert engine.state() == "ready"
