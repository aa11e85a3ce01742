"""The settings store: only changes are saved, a bad file is kept aside, conflicts are found."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reader import paths
from reader.keymap import ACTIONS, BY_ID, format_table
from reader.settings import MAX_RECENT, Settings, conflicts, default_path, normalize_key

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def file(tmp_path: Path) -> Path:
    return tmp_path / "settings.json"


def test_a_missing_file_gives_defaults_without_a_notice(file: Path) -> None:
    s = Settings.load(file)
    assert s == Settings()
    assert s.notice == ""
    assert s.effective_keys() == {a.id: a.keys for a in ACTIONS}
    assert not file.exists()


def test_the_default_file_lives_in_the_config_dir() -> None:
    assert default_path() == paths.config_dir() / "settings.json"
    assert Settings.load().path == default_path()


def test_every_field_round_trips(file: Path) -> None:
    s = Settings.load(file)
    s.set_keys("next_article", ["Ctrl+N"])
    s.theme = "dark"
    s.font_family = "DejaVu Serif"
    s.font_size = 15.5
    s.line_width = 72
    s.mark_read_after_seconds = 20
    s.add_recent(file.parent / "a.txt")
    s.last_source = str(file.parent / "a.txt")
    s.save()
    again = Settings.load(file)
    assert again == s
    assert again.notice == ""
    assert again.effective_keys()["next_article"] == ("Ctrl+N",)


def test_only_changes_are_written(file: Path) -> None:
    s = Settings.load(file)
    s.save()
    assert json.loads(file.read_text(encoding="utf-8")) == {"version": 1}
    s.set_keys("next_article", ["Ctrl+N", "Alt+Down"])
    s.set_keys("prev_article", ["K", "Alt+Up"])  # the defaults: not stored
    s.theme = "system"
    s.font_size = 16
    s.save()
    assert json.loads(file.read_text(encoding="utf-8")) == {
        "version": 1,
        "keys": {"next_article": ["Ctrl+N", "Alt+Down"]},
        "font_size": 16,
    }


def test_binding_the_defaults_again_forgets_the_override() -> None:
    s = Settings()
    s.set_keys("next_article", ["Ctrl+N"])
    assert s.keys == {"next_article": ["Ctrl+N"]}
    s.set_keys("next_article", ["j", "alt+down"])  # spelled differently, same keys
    assert s.keys == {}


def test_unbinding_is_a_change_that_is_kept(file: Path) -> None:
    s = Settings.load(file)
    s.set_keys("toggle_star", [])
    s.save()
    again = Settings.load(file)
    assert again.effective_keys()["toggle_star"] == ()
    assert "  —" in format_table(keys=again.effective_keys())


def test_reset_one_action_and_all(file: Path) -> None:
    s = Settings.load(file)
    s.set_keys("next_article", ["Ctrl+N"])
    s.set_keys("prev_article", ["Ctrl+P"])
    s.reset_keys("next_article")
    assert s.keys == {"prev_article": ["Ctrl+P"]}
    s.reset_keys()
    assert s.keys == {}
    assert s.effective_keys() == {a.id: a.keys for a in ACTIONS}


def test_unknown_actions_are_refused_when_set() -> None:
    with pytest.raises(KeyError):
        Settings().set_keys("no_such_action", ["X"])


def test_key_spellings_are_normalised_to_qt_portable_text() -> None:
    assert normalize_key("shift+ctrl+l") == "Ctrl+Shift+L"
    assert normalize_key(" j ") == "J"
    assert normalize_key("ctrl++") == "Ctrl++"
    assert normalize_key("escape") == "Esc"
    assert normalize_key("alt+pagedown") == "Alt+PgDown"
    assert normalize_key("f3") == "F3"
    for spec in ACTIONS:  # the keymap's own spelling is already canonical
        assert all(normalize_key(k) == k for k in spec.keys), spec.id


def test_a_corrupt_file_is_kept_aside_and_defaults_are_used(file: Path) -> None:
    file.write_text('{"theme": "dark", oops', encoding="utf-8")
    s = Settings.load(file)
    assert s == Settings()
    kept = list(file.parent.glob("settings.json.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == '{"theme": "dark", oops'
    assert not file.exists()
    assert kept[0].name in s.notice and "unreadable" in s.notice
    s.theme = "light"
    s.save()  # saving afterwards writes a fresh file and leaves the kept copy alone
    assert Settings.load(file).theme == "light"
    assert kept[0].exists()


def test_a_file_that_is_not_an_object_or_not_utf8_is_also_kept_aside(file: Path) -> None:
    file.write_text("[1, 2]", encoding="utf-8")
    assert Settings.load(file).notice
    file.write_bytes(b"\xff\xfe\x00garbage")
    assert Settings.load(file).notice
    assert len(list(file.parent.glob("settings.json.corrupt-*"))) == 2


def test_invalid_values_fall_back_one_by_one(file: Path) -> None:
    file.write_text(
        json.dumps(
            {
                "theme": "purple",
                "font_size": "big",
                "line_width": 72,
                "mark_read_after_seconds": -5,
                "keys": {"next_article": ["Ctrl+N"], "prev_article": "K"},
            }
        ),
        encoding="utf-8",
    )
    s = Settings.load(file)
    assert s.theme == "system" and s.font_size == 13.0 and s.mark_read_after_seconds == 0
    assert s.line_width == 72
    assert s.keys == {"next_article": ["Ctrl+N"]}
    assert "theme" in s.notice and "font_size" in s.notice and "prev_article" in s.notice
    assert file.exists()  # a readable file with bad values is not moved aside


def test_unknown_entries_survive_a_save(file: Path) -> None:
    file.write_text(
        json.dumps({"version": 1, "future_option": {"a": 1}, "keys": {"future_action": ["Ctrl+Y"]}}),
        encoding="utf-8",
    )
    s = Settings.load(file)
    assert "future_action" not in s.effective_keys()
    s.theme = "dark"
    s.save()
    data = json.loads(file.read_text(encoding="utf-8"))
    assert data["future_option"] == {"a": 1}
    assert data["keys"] == {"future_action": ["Ctrl+Y"]}
    assert data["theme"] == "dark"


def test_save_is_atomic_and_leaves_no_temporary_files(file: Path) -> None:
    s = Settings.load(file)
    s.theme = "dark"
    s.save()
    assert [p.name for p in file.parent.iterdir()] == ["settings.json"]


def test_conflicts_name_every_action_on_a_shared_key() -> None:
    keys = {a.id: a.keys for a in ACTIONS}
    assert conflicts(keys) == {}  # the shipped keymap is clean
    keys["next_article"] = ("K",)
    assert conflicts(keys) == {"K": ["next_article", "prev_article"]}
    keys["toggle_read"] = ("k",)  # any spelling of the same key
    assert conflicts(keys) == {"K": ["next_article", "prev_article", "toggle_read"]}


def test_a_reader_key_clashes_with_a_window_key_and_with_another_reader_key() -> None:
    keys = {a.id: a.keys for a in ACTIONS}
    keys["search"] = ("Down",)  # window vs reader (focus_down)
    keys["page_up"] = ("Shift+Up",)  # reader vs reader (extend_up)
    found = conflicts(keys)
    assert found["Down"] == ["focus_down", "search"]
    assert found["Shift+Up"] == ["extend_up", "page_up"]
    assert BY_ID["focus_down"].context == "reader"


def test_conflicts_ignore_unknown_action_ids() -> None:
    assert conflicts({"next_article": ["J"], "gone": ["J"]}) == {}


def test_recent_sources_are_most_recent_first_unique_and_capped(tmp_path: Path) -> None:
    s = Settings()
    for n in range(12):
        s.add_recent(tmp_path / f"{n}.txt")
    assert len(s.recent_sources) == MAX_RECENT
    assert s.recent_sources[0] == str(tmp_path / "11.txt")
    s.add_recent(tmp_path / "5.txt")
    assert s.recent_sources[0] == str(tmp_path / "5.txt")
    assert s.recent_sources.count(str(tmp_path / "5.txt")) == 1
    assert len(s.recent_sources) == MAX_RECENT


def test_wants_dark_follows_the_system_only_for_system() -> None:
    assert Settings(theme="system").wants_dark(True) and not Settings(theme="system").wants_dark(False)
    assert Settings(theme="dark").wants_dark(False)
    assert not Settings(theme="light").wants_dark(True)


def test_format_table_without_keys_is_the_default_sheet() -> None:
    defaults = {a.id: a.keys for a in ACTIONS}
    assert format_table(keys=defaults) == format_table()
    remapped = format_table(keys={**defaults, "next_article": ("Ctrl+N",)})
    assert "  Ctrl+N                 Next article\n" in remapped


def test_lede_keys_prints_the_users_remaps(tmp_path: Path) -> None:
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"}
    target = tmp_path / "config" / "lede" / "settings.json"
    s = Settings(path=target)
    s.set_keys("next_article", ["Ctrl+N"])
    s.save()
    out = subprocess.run(
        [sys.executable, "-m", "reader", "keys"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    assert "Ctrl+N" in out.stdout and "Next article" in out.stdout
    assert "j / Alt+↓" not in out.stdout


def test_importing_settings_does_not_load_qt() -> None:
    script = "import sys, reader.settings; print(any(m.startswith('PySide6') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
