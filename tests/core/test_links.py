"""lede:// links (issue 18.6): the link the Markdown export writes, how a link is read back,
and where its passage is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import SourceError
from reader.core.links import find_passage, parse_passage_link, passage_link
from reader.core.store.export import to_markdown
from reader.core.types import Highlight, PassageLink

SOURCE = "/home/me/news/Gaza & Kyiv (Jan).txt"


def test_a_link_percent_encodes_the_path_the_article_and_the_first_80_characters_of_the_quote() -> None:
    quote = "“So many innocent people have been killed, so many communities have been destroyed. Palestinian"
    link = passage_link(SOURCE, "a87e5955f278", quote)
    assert link == (
        "lede://open?source=/home/me/news/Gaza%20%26%20Kyiv%20%28Jan%29.txt&article=a87e5955f278"
        "&quote=%E2%80%9CSo%20many%20innocent%20people%20have%20been%20killed%2C%20so%20many%20"
        "communities%20have%20been%20destroy"
    )
    assert parse_passage_link(link) == PassageLink(SOURCE, "a87e5955f278", quote[:80].rstrip())


def test_the_markdown_export_links_each_placed_highlight_and_no_orphan() -> None:
    placed = Highlight(1, "a87e5955f278", 2, 9, "Gaza deal", "A ", " is", 1)
    orphan = Highlight(2, "a87e5955f278", 0, 4, "Gone", "", "", 1, orphan=True)
    md = to_markdown([placed, orphan], [], {"a87e5955f278": "Gaza"}, "news.txt", link_source=SOURCE)
    links = [line for line in md.splitlines() if "lede://" in line]
    assert links == [
        "[Open in Lede](lede://open?source=/home/me/news/Gaza%20%26%20Kyiv%20%28Jan%29.txt"
        "&article=a87e5955f278&quote=Gaza%20deal)"
    ]
    assert "Source: `news.txt`" in md  # the heading still names the source as it was given


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("lede://open?source=%2Ftmp%2Fa.txt", PassageLink("/tmp/a.txt")),  # no article: the source
        ("lede://open?source=/tmp/a.txt&article=abc", PassageLink("/tmp/a.txt", "abc")),  # no quote
        (
            "LEDE://open?article=abc&source=/tmp/a.txt&quote=a+b%20c",
            PassageLink("/tmp/a.txt", "abc", "a b c"),
        ),
        ("lede:open?source=/tmp/a.txt&quote=x", PassageLink("/tmp/a.txt", "", "x")),
    ],
)
def test_links_are_read_back_with_the_parts_they_have(url: str, expected: PassageLink) -> None:
    assert parse_passage_link(url) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("lede://open?article=abc&quote=x", r"^the link names no source file \(source=…\)$"),
        ("lede://open?source=&article=abc", "names no source file"),
        ("lede://edit?source=/tmp/a.txt", "this one asks for 'edit'"),
        ("https://open?source=/tmp/a.txt", "is not a Lede link"),
        ("lede://open?source=/tmp/a%2.txt", "a % in it is not followed by two hex digits"),
        ("lede://open?source=/tmp/a.txt&quote=%FF%FE", "its %-escapes are not UTF-8 text"),
    ],
)
def test_a_damaged_or_incomplete_link_says_what_is_wrong(url: str, message: str) -> None:
    with pytest.raises(SourceError, match=message):
        parse_passage_link(url)


TEXT = "“All told,” he said. Then: “All told, Iran is weaker,” he said again.\nMore  text"


def test_a_passage_is_its_highlight_when_one_starts_with_the_quote() -> None:
    second = TEXT.index("he said again")
    assert find_passage(TEXT, "he said", []) == (12, 19)  # the first occurrence
    assert find_passage(TEXT, "he said", [(0, 5), (second, second + 13)]) == (second, second + 13)
    assert find_passage(TEXT, "said. Then", [(14, 30)]) == (15, 25)  # a highlight must start with it


def test_a_passage_is_found_with_whitespace_and_quotes_normalised_or_not_at_all() -> None:
    start = TEXT.index("again.")
    assert find_passage(TEXT, "again. More text", []) == (start, len(TEXT))
    assert find_passage(TEXT, '"All told," he', []) == (0, 14)
    assert find_passage(TEXT, "not here", []) is None
    assert find_passage(TEXT, "  ", []) is None


def test_the_cli_takes_a_link_as_its_source_and_refuses_a_damaged_one(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reader import cli

    opened: list[tuple[Path, PassageLink | None]] = []
    monkeypatch.setattr(cli, "cmd_window", lambda source, link=None: opened.append((source, link)) or 0)
    assert cli.main(["lede://open?source=/tmp/missing%20file.txt&article=abc&quote=he%20said"]) == 0
    assert opened == [(Path("/tmp/missing file.txt"), PassageLink("/tmp/missing file.txt", "abc", "he said"))]
    assert cli.main(["lede://open?article=abc"]) == 2
    assert capsys.readouterr().err == "lede: the link names no source file (source=…)\n"
    assert len(opened) == 1


def test_a_file_url_from_the_desktop_is_opened_as_its_path(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``Exec=lede %u`` lets a file manager pass a local file as a file:// URL."""
    from reader import cli

    opened: list[Path] = []
    monkeypatch.setattr(cli, "cmd_window", lambda source, link=None: opened.append(source) or 0)
    news = tmp_path / "my news.txt"
    news.write_text("Text.\n", encoding="utf-8")
    assert cli.main([news.as_uri()]) == 0 and opened == [news]
    assert cli.main(["file:///nowhere/a%20b.txt"]) == 2
    assert capsys.readouterr().err == "lede: /nowhere/a b.txt: no such file or folder\n"
