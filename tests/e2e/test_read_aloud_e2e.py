"""End to end: read aloud with a real engine (speech-dispatcher + espeak-ng) in the real app.

The test starts its own speech-dispatcher (config, socket and logs in a temp folder) whose
audio goes to libao's null driver, so no sound card or PulseAudio is needed; the app
reaches it through ``SPEECHD_ADDRESS``. The app's stall probe (``LEDE_STALL_PROBE``) notes
when the engine first reports Speaking and when the focus bar moves to each of the first
sentences, which is how the test sees the bar advance on the engine's own Ready.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE
from tests.e2e.xsession import XSession, missing_tools

pytestmark = pytest.mark.e2e

SYSTEM_CONFIG = Path("/etc/speech-dispatcher")
ESPEAK_MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")


def _speech_missing() -> str:
    """Why the real engine cannot run here, or "" when it can."""
    if shutil.which("speech-dispatcher") is None or not SYSTEM_CONFIG.is_dir():
        return "speech-dispatcher is not installed (apt install speech-dispatcher)"
    if not ESPEAK_MODULE.exists():
        return (
            "speech-dispatcher's espeak-ng module is not installed (apt install speech-dispatcher-espeak-ng)"
        )
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as exc:
        return f"QtTextToSpeech cannot load ({exc}): install PySide6-Addons, libpulse0"
    if "speechd" not in QTextToSpeech.availableEngines():
        return "Qt's speechd plugin does not load (apt install libspeechd2)"
    return ""


@pytest.fixture
def speech_server(tmp_path: Path) -> Iterator[dict[str, str]]:
    """A private speech-dispatcher speaking to a null audio device; yields the app's extra env."""
    reason = _speech_missing()
    if reason:
        pytest.skip(reason)
    conf = tmp_path / "speechd"
    shutil.copytree(SYSTEM_CONFIG, conf)
    with (conf / "speechd.conf").open("a", encoding="utf-8") as f:
        f.write('\nAudioOutputMethod "libao"\n')  # libao's driver comes from $HOME/.libao: null
    home = tmp_path / "speechd-home"
    home.mkdir()
    (home / ".libao").write_text("default_driver=null\n", encoding="utf-8")
    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    logs = tmp_path / "speechd-logs"
    logs.mkdir()
    socket = runtime / "speechd.sock"
    env = {**os.environ, "HOME": str(home), "XDG_RUNTIME_DIR": str(runtime)}
    server = subprocess.Popen(
        ["speech-dispatcher", "-s", "-t", "0", "-C", str(conf), "-L", str(logs)]
        + ["-c", "unix_socket", "-S", str(socket)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        end = time.monotonic() + 15
        while not socket.exists() and server.poll() is None and time.monotonic() < end:
            time.sleep(0.2)
        if not socket.exists():
            log = logs / "speech-dispatcher.log"
            tail = log.read_text(errors="replace")[-400:] if log.exists() else "no log"
            pytest.skip(f"speech-dispatcher did not start in this sandbox: {tail}")
        yield {"SPEECHD_ADDRESS": f"unix_socket:{socket}", "XDG_RUNTIME_DIR": str(runtime)}
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def _marks(probe: Path) -> dict[str, float]:
    try:
        return dict(json.loads(probe.read_text(encoding="utf-8")).get("marks", {}))
    except (OSError, ValueError):
        return {}


@pytest.mark.skipif(bool(missing_tools()), reason=f"needs {', '.join(missing_tools())}")
def test_r_reads_aloud_with_a_real_engine_and_the_bar_follows(
    tmp_path: Path, speech_server: dict[str, str]
) -> None:
    shots = Path(os.environ.get("LEDE_E2E_SHOTS", tmp_path / "shots"))
    probe = tmp_path / "probe.json"
    env = {
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "LEDE_STALL_PROBE": str(probe),
        **speech_server,
    }
    with XSession() as x:
        x.launch([str(SAMPLE)], env)
        wid = x.window_id()
        x.focus(wid)
        x.wait_title(wid, lambda t: t.startswith("Lede — "), timeout=120)
        time.sleep(1.0)
        x.key("r")
        wanted = ("aloud_speaking", "aloud_sentence_1", "aloud_sentence_2")
        end = time.monotonic() + 60  # the engine lists espeak-ng's voices first (about 3 s)
        while not all(m in _marks(probe) for m in wanted) and time.monotonic() < end:
            time.sleep(0.1)
        x.key("p")  # pause: the screenshot shows the bar on the sentence being read
        x.screenshot(shots / "read-aloud.png")
        paused = _marks(probe)
        x.key("p")  # resume, and the rest of the article is read to its end
        end = time.monotonic() + 120
        while "aloud_end" not in _marks(probe) and time.monotonic() < end:
            time.sleep(0.2)
        marks = _marks(probe)
        x.key("ctrl+q")
        assert x.app is not None
        x.app.wait(20)
    assert all(m in paused for m in wanted), f"probe marks: {paused}"
    assert paused["aloud_sentence_1"] <= paused["aloud_speaking"] <= paused["aloud_sentence_2"]
    assert "aloud_end" in marks, f"the reading never reached the end: {marks}"
