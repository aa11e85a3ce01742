"""A real X session for end-to-end tests: Xvfb + openbox + xdotool + screenshots.

Used by the e2e tests and runnable by hand to look at the app:
``python -m tests.e2e.xsession OUT_DIR`` takes screenshots of a scripted read-through.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

TOOLS = ("Xvfb", "openbox", "xdotool", "import")


def missing_tools() -> list[str]:
    return [t for t in TOOLS if shutil.which(t) is None]


class XSession:
    def __init__(self, width: int = 1400, height: int = 860) -> None:
        self.display = ""
        self.size = f"{width}x{height}x24"
        self.procs: list[subprocess.Popen[bytes]] = []
        self.app: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> XSession:
        for n in range(90, 140):
            if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
                self.display = f":{n}"
                break
        xvfb = subprocess.Popen(
            ["Xvfb", self.display, "-screen", "0", self.size, "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.procs.append(xvfb)
        self._wait(lambda: Path(f"/tmp/.X11-unix/X{self.display[1:]}").exists(), 10, "Xvfb did not start")
        wm = subprocess.Popen(
            ["openbox"], env=self.env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.procs.append(wm)
        time.sleep(0.5)
        return self

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
        env["DISPLAY"] = self.display
        env.update(extra or {})
        return env

    def launch(self, args: list[str], extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        self.app = subprocess.Popen(
            [sys.executable, "-m", "reader", *args],
            env=self.env(extra_env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        return self.app

    def xdotool(self, *args: str) -> str:
        out = subprocess.run(["xdotool", *args], env=self.env(), capture_output=True, text=True, timeout=20)
        return out.stdout.strip()

    def window_id(self, timeout: float = 60) -> str:
        return self._first_window("^Lede", timeout)

    def wait_window(self, name: str, timeout: float = 60) -> str:
        """The id of the first visible window whose title matches ``name`` (a regex), once it
        is up and focused: keys typed before a dialog has opened would reach the main window."""
        wid = self._first_window(name, timeout)
        self.focus(wid)
        return wid

    def _first_window(self, name: str, timeout: float) -> str:
        """The first visible window whose title matches ``name``, waiting up to ``timeout`` for one."""
        found = ""

        def up() -> bool:
            nonlocal found
            found = self.xdotool("search", "--onlyvisible", "--name", name)
            return bool(found)

        self._wait(up, timeout, f"no window named {name!r} appeared")
        return found.splitlines()[0]

    def gone(self, wid: str, timeout: float = 60) -> None:
        """Wait until window ``wid`` is no longer visible (a dialog has closed)."""
        self._wait(
            lambda: wid not in self.xdotool("search", "--onlyvisible", "--name", ".").split(),
            timeout,
            f"window {wid} stayed open",
        )

    def title(self, wid: str) -> str:
        return self.xdotool("getwindowname", wid)

    def wait_title(self, wid: str, predicate: Callable[[str], bool], timeout: float = 60) -> str:
        self._wait(lambda: predicate(self.title(wid)), timeout, f"window title stayed {self.title(wid)!r}")
        return self.title(wid)

    def focus(self, wid: str) -> None:
        self.xdotool("windowactivate", "--sync", wid)
        self.xdotool("windowfocus", "--sync", wid)

    def key(self, *keys: str, delay: float = 0.35) -> None:
        for k in keys:
            self.xdotool("key", "--clearmodifiers", k)
            time.sleep(delay)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "40", text)
        time.sleep(0.4)

    def screenshot(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["import", "-display", self.display, "-window", "root", str(path)], check=True, timeout=30
        )

    @staticmethod
    def _wait(cond: Callable[[], bool], timeout: float, message: str) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if cond():
                return
            time.sleep(0.2)
        raise TimeoutError(message)

    def __exit__(self, *exc: object) -> None:
        if self.app is not None and self.app.poll() is None:
            self.app.terminate()
            try:
                self.app.wait(10)
            except subprocess.TimeoutExpired:
                self.app.kill()
        for proc in reversed(self.procs):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
