"""Gap evidence that tells a subhead inside a story from the headline of the next one."""

from __future__ import annotations

from reader.core.ingest import ingest_text
from reader.core.ingest.clean import KeptLine, clean_lines
from reader.core.ingest.segment import gaps, units

STORY = [
    "Senator Maria Calloway of Ohio introduced a bill on Tuesday to cap the price of insulin at 35 dollars.",
    "Calloway said the bill had support from doctors and from patient groups across the state.",
    "The price of insulin has tripled in ten years, according to figures from the state health office.",
]
SUBHEAD_THEN = [
    "What about the insulin makers?",
    "Calloway said the insulin makers had not answered her letters about the price.",
    "She plans to hold hearings on the bill in the spring, she said.",
]
HEADLINE_THEN = [
    "Harbour bridge reopens after storm repairs",
    "Engineers reopened the harbour bridge in Portland on Friday, "
    "said Daniel Okafor, a spokesman for the city transport office.",
    "Okafor said crews had replaced two damaged cables and repaired the deck.",
]


def _gap_at(lines: list[str], line: int) -> dict[str, float]:
    kept, _ = clean_lines(enumerate(lines, 1))
    paras, _ = units.make_units(kept)
    analysis = gaps.analyse_gaps(paras)
    return next(f.x for f in analysis.features if paras[f.index].line == line)


def test_after_a_subhead_the_story_calls_its_people_by_surname() -> None:
    x = _gap_at(STORY + SUBHEAD_THEN, 5)
    assert x["heading"] == 1.0
    assert x["h_question"] == 1.0
    assert x["callbacks"] == 1 / 3  # "Calloway", named in full above
    assert x["h_callbacks"] == 1 / 3
    assert x["intros"] == 0.0
    assert x["h_names_back"] == 0.0  # the subhead names no one


def test_after_a_headline_a_lead_introduces_someone_new() -> None:
    x = _gap_at(STORY + HEADLINE_THEN, 5)
    assert x["heading"] == 1.0
    assert x["h_question"] == 0.0
    assert x["callbacks"] == 0.0
    assert x["intros"] == 1 / 3
    assert x["h_intros"] == 1 / 3


def test_without_a_heading_the_subhead_evidence_is_zero() -> None:
    x = _gap_at(STORY + SUBHEAD_THEN[1:], 4)
    assert x["heading"] == 0.0
    assert [x[k] for k in x if k.startswith("h_")] == [0.0] * 9
    assert x["callbacks"] == 1 / 3


def _headline(text: str) -> bool:
    return units.is_headline(KeptLine(1, text))


def test_a_signed_quotation_is_speech_not_a_headline() -> None:
    assert not _headline("“Hillary wants to give amnesty. She wants to have open borders.” — Donald Trump")
    assert not _headline('"Aleppo is a disaster. It has fallen, from any standpoint." - Trump')
    assert not _headline("“I did not say that.” — Donald Trump")
    # A quoted phrase, or a quotation that a clause goes on from, still opens a headline.
    assert _headline("'West Wing' cast to campaign for Clinton in Ohio")
    assert _headline("“It is a disaster,” Trump says of Aleppo")
    assert _headline('"Winter is coming" - a look at the season ahead')


def test_a_pull_quote_inside_a_story_never_titles_an_article() -> None:
    quote = "“Nobody has been tougher on the insulin makers than me.” — Maria Calloway"
    lines = ["Insulin price cap bill reaches the state senate", *STORY, quote, *SUBHEAD_THEN[1:]]
    result = ingest_text("\n".join(lines), "<dump>")
    assert [d.title for d in result.drafts] == ["Insulin price cap bill reaches the state senate"]
    assert quote in result.drafts[0].paragraphs
