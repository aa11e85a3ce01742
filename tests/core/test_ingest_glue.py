"""Glue repair splits fused words on strong evidence only, and fixes stray quote marks."""

from __future__ import annotations

from reader.core.ingest.glue import build_vocab, normalise_quotes, repair

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
