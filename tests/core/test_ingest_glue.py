"""Glue repair splits fused words on strong evidence only, and fixes stray quote marks."""

from __future__ import annotations

from collections import Counter

from reader.core.ingest.glue import build_vocab, count_words, normalise_quotes, repair

DOC = [
    "Armenia said on Monday that Armenia would take in refugees from Nagorno-Karabakh.",
    "Putin met officials. Put simply, Put the case. Washington and Hudson agreed.",
    "The UNHCR said information was scarce; the formation of a new body was announced.",
]
VOCAB = build_vocab(DOC)


def test_name_fused_with_a_function_word_is_split() -> None:
    assert repair("More than 100,000 have now fled to Armeniafrom the region.", VOCAB) == (
        "More than 100,000 have now fled to Armenia from the region."
    )


def test_possessive_fused_with_the_next_word_is_split() -> None:
    assert repair("Azerbaijan’splans for the enclave", VOCAB) == "Azerbaijan’s plans for the enclave"


def test_function_word_fused_with_a_name_is_split() -> None:
    assert repair("refugees arrived inArmenia overnight", VOCAB) == "refugees arrived in Armenia overnight"


def test_real_words_and_names_are_not_split() -> None:
    text = "Nagorno-Karabakh Washington information UNHCR Putin Hudson within meanwhile iPhone McDonald"
    assert repair(text, VOCAB) == text


def test_missing_space_after_a_full_stop_is_restored() -> None:
    assert repair("the offensive.The army said", VOCAB) == "the offensive. The army said"


def test_stray_quote_marks_are_normalised() -> None:
    assert normalise_quotes("Russia‘s ally") == "Russia’s ally"
    assert normalise_quotes("a “serious offence“ after") == "a “serious offence” after"
    assert normalise_quotes("the soldiers‘ families") == "the soldiers’ families"


def test_a_streams_kept_tokens_are_used_once_and_leave_nothing_behind() -> None:
    """A stream hands repair the tokens it counted: same repair, and the entry is gone after it."""
    vocab: Counter[str] = Counter()
    kept: dict[str, list[str]] = {}
    plain = "refugees arrived inArmenia overnight"
    quoted = "He said “the formation was announced“ today"  # quotes normalised: counted text != repaired
    for text in (plain, quoted, *DOC):
        count_words(vocab, text, kept)
    assert set(kept) == {plain, quoted, *DOC}
    assert (
        repair(plain, vocab, {}, kept)
        == repair(plain, build_vocab([plain, quoted, *DOC]))
        == "refugees arrived in Armenia overnight"
    )
    assert (
        repair(quoted, vocab, {}, kept)
        == repair(quoted, build_vocab([plain, quoted, *DOC]))
        == "He said “the formation was announced” today"
    )
    assert plain not in kept and quoted not in kept
