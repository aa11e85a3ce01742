"""Lede's own rules (type repair, aliases, acronyms, quotes, figures), driven by a fake NER backend."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from reader.core.analyse import NerBackend, SpacyBackend, analyse_texts
from reader.core.analyse.figures import find_figures
from reader.core.analyse.gazetteer import country_key, demonym_country, place_type
from reader.core.errors import LedeError
from reader.core.sentences import sentence_spans
from reader.core.types import Analysis, Entity


class FakeBackend:
    """Labels every word-bounded occurrence of the given phrases, like a model with fixed opinions."""

    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels

    def spans(self, texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
        for text in texts:
            found: list[tuple[int, int, str]] = []
            for phrase, label in self.labels.items():
                for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
                    found.append((m.start(), m.end(), label))
            found.sort(key=lambda span: (span[0], -span[1]))
            kept: list[tuple[int, int, str]] = []
            for span in found:
                if not kept or span[0] >= kept[-1][1]:
                    kept.append(span)
            yield kept


def run(labels: dict[str, str], *texts: str) -> list[Analysis]:
    return analyse_texts(list(texts), backend=FakeBackend(labels))


def entity(analysis: Analysis, name: str) -> Entity:
    return next(e for e in analysis.entities if e.name == name)


def names(analysis: Analysis) -> dict[str, str]:
    return {e.name: e.type for e in analysis.entities}


def test_fake_backend_satisfies_the_protocol() -> None:
    assert isinstance(FakeBackend({}), NerBackend)
    assert isinstance(SpacyBackend(), NerBackend)


def test_importing_analyse_does_not_import_spacy() -> None:
    code = "import sys, reader.core.analyse; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_missing_model_raises_lede_error() -> None:
    backend = SpacyBackend(model="no_such_model_xyz")
    with pytest.raises(LedeError, match="no_such_model_xyz"):
        list(backend.spans(["text"]))


def test_empty_input_and_progress() -> None:
    assert analyse_texts([], backend=FakeBackend({})) == []
    calls: list[tuple[int, int]] = []
    analyse_texts(["a", "b"], backend=FakeBackend({}), progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 2), (2, 2)]


# --- type repair -------------------------------------------------------------------------------


def test_countries_are_places_whatever_the_model_says() -> None:
    (a,) = run(
        {"Armenia": "ORG", "Azerbaijan": "PERSON", "North Korea": "ORG"},
        "Armenia asked for help. Azerbaijan refused. North Korea sent troops.",
    )
    assert names(a) == {"Armenia": "GPE", "Azerbaijan": "GPE", "North Korea": "GPE"}


def test_country_variants_share_one_canonical_name() -> None:
    (a,) = run({"US": "GPE", "America": "GPE"}, "The US said America would act.")
    assert entity(a, "United States").aliases == ("US", "America")


def test_demonyms_are_norp() -> None:
    (a,) = run(
        {"Ukrainian": "GPE", "Palestinians": "ORG", "Israeli": "GPE"},
        "Ukrainian officials met Palestinians and an Israeli envoy.",
    )
    assert names(a) == {"Ukrainian": "NORP", "Palestinian": "NORP", "Israeli": "NORP"}


def test_title_cues_make_persons_and_give_roles() -> None:
    (a,) = run(
        {"Albanese": "ORG", "Nikol Pashinyan": "ORG"},
        "Prime Minister Nikol Pashinyan spoke. Later Ms Albanese replied.",
    )
    assert names(a) == {"Nikol Pashinyan": "PERSON", "Albanese": "PERSON"}
    assert entity(a, "Nikol Pashinyan").role == "Prime Minister"
    assert entity(a, "Albanese").aliases == ("Ms Albanese",)


def test_cut_off_surname_is_joined_and_role_qualifier_spotted() -> None:
    (a,) = run(
        {"Francesca": "ORG"},
        "The Special Rapporteur on occupied Palestinian territory Francesca Albanese watched it.",
    )
    assert names(a) == {"Francesca Albanese": "PERSON"}
    assert entity(a, "Francesca Albanese").role == "Special Rapporteur"


def test_region_context_fixes_kursk_as_product() -> None:
    (a,) = run({"Belgorod": "PRODUCT"}, "Troops were deployed in the Belgorod region.")
    assert names(a) == {"Belgorod": "GPE"}


def test_debris_is_dropped() -> None:
    (a,) = run(
        {"X": "ORG", "CCTV": "PERSON", "cookies": "ORG", "BBC": "PERSON"},
        "Posted on X. CCTV shows it. We use cookies. BBC crews left.",
    )
    assert names(a) == {}


def test_an_acronym_dropped_as_a_person_is_an_outlet_where_it_reports() -> None:
    (a,) = run({"BBC": "PERSON"}, "BBC reported.")
    assert names(a) == {"BBC": "ORG"}


def test_the_possessives_and_curly_apostrophes_are_stripped() -> None:
    (a,) = run(
        {"Nagorno-Karabakh’s": "ORG", "Armenia’s": "ORG", "the West Bank": "GPE", "Russia‘s": "ORG"},
        "Nagorno-Karabakh’s people left. Armenia’s leader spoke. In the West Bank and Russia‘s ally.",
    )
    assert names(a) == {"Nagorno-Karabakh": "GPE", "Armenia": "GPE", "West Bank": "GPE", "Russia": "GPE"}
    mention = next(m for m in a.mentions if m.entity == "Armenia")
    assert (mention.start, mention.end) == (32, 39)


def test_glued_words_are_trimmed_from_places() -> None:
    (a,) = run(
        {"Armeniafrom": "ORG", "Azerbaijan’splans": "NORP"},
        "They fled to Armeniafrom the region. Questions about Azerbaijan’splans remain.",
    )
    assert names(a) == {"Armenia": "GPE", "Azerbaijan": "GPE"}


def test_one_surface_form_one_type_per_article() -> None:
    (a,) = run(
        {"Halima Abu Leil": "PERSON", "Halima": "GPE", "Hamas": "ORG"},
        "Halima Abu Leil was shot. Halima died. Hamas spoke. Later Hamas was blamed.",
    )
    assert names(a) == {"Halima Abu Leil": "PERSON", "Hamas": "ORG"}
    assert entity(a, "Halima Abu Leil").aliases == ("Halima Abu Leil", "Halima")


def test_missed_occurrences_are_labelled() -> None:
    text = "The IDF spoke. IDF troops entered. Joe Biden left; later Biden returned."
    labels = {"The IDF": "ORG", "Joe Biden": "PERSON"}
    backend = FakeBackend(labels)
    (a,) = analyse_texts([text], backend=_first_only(backend))
    assert entity(a, "IDF").count == 2
    assert entity(a, "Joe Biden").count == 2


def _first_only(backend: FakeBackend) -> NerBackend:
    class First:
        def spans(self, texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
            for spans in backend.spans(texts):
                seen: set[str] = set()
                out = []
                for s, e, label in spans:
                    if label not in seen:
                        out.append((s, e, label))
                        seen.add(label)
                yield out

    return First()


# --- aliases -----------------------------------------------------------------------------------


def test_surname_merges_with_full_name_across_articles() -> None:
    first, second = run(
        {"Joe Biden": "PERSON", "Biden": "PERSON"}, "President Joe Biden spoke.", "Mr Biden was in Paris."
    )
    assert [e.name for e in second.entities] == ["Joe Biden"]
    assert second.entities[0].aliases == ("Mr Biden",)
    assert second.mentions[0].entity == "Joe Biden"


def test_surname_alone_stays_itself_without_a_full_name() -> None:
    (a,) = run({"Zelenskyy": "PERSON"}, "Mr Zelenskyy said so. Zelenskyy added more.")
    assert [(e.name, e.count) for e in a.entities] == [("Zelenskyy", 2)]


def test_ambiguous_surname_is_not_merged() -> None:
    _a, _b, c = run(
        {"Hunter Biden": "PERSON", "Joe Biden": "PERSON", "Biden": "PERSON"},
        "Hunter Biden spoke.",
        "Joe Biden spoke.",
        "Biden spoke.",
    )
    assert [e.name for e in c.entities] == ["Biden"]


def test_acronym_defined_in_text_merges_with_proper_long_form() -> None:
    first, second = run(
        {"Israel Defence Forces": "ORG", "IDF": "ORG"},
        "The Israel Defence Forces (IDF) said so.",
        "IDF troops entered Nablus.",
    )
    assert set(entity(first, "Israel Defence Forces").aliases) == {"Israel Defence Forces", "IDF"}
    assert [e.name for e in second.entities] == ["Israel Defence Forces"]


def test_acronym_with_descriptive_long_form_stays_canonical() -> None:
    (a,) = run({"UN": "ORG", "UNHCR": "ORG"}, "According to the UN refugee agency (UNHCR), many fled.")
    assert [(e.name, e.aliases) for e in a.entities] == [("UNHCR", ("UN refugee agency", "UNHCR"))]


def test_undefined_acronym_joins_the_one_name_with_those_initials() -> None:
    _a, b = run({"United Nations": "ORG", "UN": "ORG"}, "The United Nations met.", "The UN met.")
    assert [e.name for e in b.entities] == ["United Nations"]


# --- quotes ------------------------------------------------------------------------------------

PEOPLE = {
    "Joe Biden": "PERSON",
    "Biden": "PERSON",
    "Zelenskyy": "PERSON",
    "Sky News": "ORG",
    "IDF": "ORG",
    "Jane Roe": "PERSON",
}


def quotes(text: str) -> list[tuple[str, str]]:
    (a,) = run(PEOPLE, text)
    return [(q.speaker, q.text) for q in a.quotes]


def test_quote_before_said_with_pronoun() -> None:
    text = "President Joe Biden spoke.\n“So many people have been killed. We need peace,” he said."
    assert quotes(text) == [("Joe Biden", "So many people have been killed. We need peace")]


def test_quote_after_colon_and_continuation_paragraph() -> None:
    text = "Jane Roe said: “When I look at it, I see a crime.\n“No principle was respected.”\nIt ended."
    assert quotes(text) == [("Jane Roe", "When I look at it, I see a crime.\nNo principle was respected.")]


def test_paragraph_opening_quote_without_cue_continues_the_speaker() -> None:
    text = "“We are ready to talk now,” Mr Biden said.\n“We have not gone to war for this.”"
    assert [s for s, _t in quotes(text)] == ["Biden", "Biden"]


def test_said_name_after_quote() -> None:
    text = "“One of them wants to stay in Ukraine,” said Mr Zelenskyy, adding more."
    assert quotes(text) == [("Zelenskyy", "One of them wants to stay in Ukraine")]


def test_it_added_goes_to_the_last_organisation_speaker() -> None:
    text = (
        "The IDF has told Sky News: “Soldiers took part in an operation.”\n"
        "It added: “The use of the vehicle was a serious offence.”"
    )
    assert [s for s, _t in quotes(text)] == ["IDF", "IDF"]


def test_straight_quotes_are_quotes_too() -> None:
    text = 'Jane Roe arrived.\n"This is a matter of time, nothing more," she said.'
    assert quotes(text) == [("Jane Roe", "This is a matter of time, nothing more")]


def test_scare_quotes_are_not_quotes() -> None:
    text = (
        "Jane Roe has said his “iron fist” had won. Talks on “reintegrating” the region began.\n"
        "The unit ‘Duvdevan’ was “reprimanded”."
    )
    assert quotes(text) == []


def test_short_quote_with_adjacent_attribution_counts() -> None:
    text = "A deal is “on the brink”, President Joe Biden has said."
    assert quotes(text) == [("Joe Biden", "on the brink")]


def test_unattributed_quote_has_empty_speaker() -> None:
    assert quotes("Nobody knows why the sign read “keep out of this place forever”.") == [
        ("", "keep out of this place forever")
    ]


# --- figures -----------------------------------------------------------------------------------


def figures(text: str) -> list[tuple[str, float | None, str]]:
    return [(f.text, f.value, f.unit) for f in find_figures(text)]


def test_figures_numbers_percent_money_dates() -> None:
    text = (
        "More than 100,000 have fled. The flight of more than 80% raised questions. "
        "It cost $5bn and £2.5 million. Since 7 October 2023, at least 813 died in 24 hours."
    )
    assert figures(text) == [
        ("More than 100,000", 100_000.0, "count"),
        ("more than 80%", 80.0, "percent"),
        ("$5bn", 5e9, "USD"),
        ("£2.5 million", 2.5e6, "GBP"),
        ("7 October 2023", None, "date"),
        ("at least 813", 813.0, "count"),
        ("24 hours", 24.0, "hours"),
    ]


def test_figures_units_words_and_hyphens() -> None:
    text = "Some 11,000 troops, 15 women and 177 children; an 80-year-old; three decades; one of them."
    assert figures(text) == [
        ("Some 11,000 troops", 11_000.0, "troops"),
        ("15 women", 15.0, "women"),
        ("177 children", 177.0, "children"),
        ("80-year-old", 80.0, "years"),
        ("three decades", 3.0, "decades"),
    ]


def test_figures_dates_and_clock_times() -> None:
    assert figures("On December 19, 2024, in 2020 and in the 1990s. Video 1:01.") == [
        ("December 19, 2024", None, "date"),
        ("2020", None, "date"),
        ("the 1990s", None, "date"),
    ]


def test_figure_carries_its_sentence() -> None:
    (fig,) = find_figures("First sentence here. The vehicles numbered 21,000. Last one.")
    assert fig.sentence == "The vehicles numbered 21,000."


# --- helpers -----------------------------------------------------------------------------------


def test_sentences_respect_abbreviations_and_quotes() -> None:
    text = "Mr. Smith met Joseph R. Biden. “It works.” He left.\nNew paragraph"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Mr. Smith met Joseph R. Biden.", "“It works.”", "He left.", "New paragraph"]


def test_gazetteer() -> None:
    assert country_key("Russia") == country_key("Russian Federation") == "RUS"
    assert place_type("California") == "GPE" and place_type("Kursk") == "GPE"
    assert place_type("Middle East") == "LOC" and place_type("Biden") is None
    assert demonym_country("Armenians") == "ARM" and demonym_country("Azerbaijani") == "AZE"
    assert demonym_country("Albanese") is None and demonym_country("Jordan") is None


def test_the_rule_pass_gives_the_same_results_when_split_over_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from reader.core.analyse import pipeline

    sample = Path(__file__).parents[2] / "resources" / "sample-news.txt"
    paragraphs = [p for p in sample.read_text(encoding="utf-8").split("\n") if len(p) > 80]
    texts = ["\n".join(paragraphs[i : i + 4]) for i in range(0, len(paragraphs) - 3)] * 3
    labels = {
        "Joe Biden": "PERSON",
        "Mr Biden": "PERSON",
        "Israel Defence Forces": "ORG",
        "IDF": "ORG",
        "Nablus": "GPE",
        "Halima Abu Leil": "PERSON",
        "Sky News": "ORG",
        "Armenia": "ORG",
    }
    serial = analyse_texts(texts, backend=FakeBackend(labels))
    monkeypatch.setattr(pipeline, "PARALLEL_RULES_MIN", 10)
    forked = analyse_texts(texts, backend=FakeBackend(labels))
    assert len(texts) >= 10
    assert forked == serial
    assert (
        any(a.quotes for a in forked) and any(a.figures for a in forked) and any(a.entities for a in forked)
    )


def test_the_rule_workers_are_forked_before_the_alias_tables_are_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Workers forked after the NER pass would share the alias tables, and every page the build
    then touched would be held twice (the 100k build's tree passed 1.8 GB that way)."""
    import multiprocessing

    from reader.core.analyse import pipeline

    seen: list[int] = []
    ner_pass = pipeline._ner_pass

    def watched(*args: object, **kwargs: object) -> None:
        seen.append(len(multiprocessing.active_children()))
        ner_pass(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "_ner_pass", watched)
    monkeypatch.setattr(pipeline, "PARALLEL_RULES_MIN", 10)
    before = len(multiprocessing.active_children())
    out = analyse_texts(['Joe Biden said: "We will win."'] * 12, backend=FakeBackend({"Joe Biden": "PERSON"}))
    assert seen == [before + pipeline.RULE_PROCESSES]
    assert [a.entities[0].name for a in out] == ["Joe Biden"] * 12
    assert len(multiprocessing.active_children()) == before


def test_the_parallel_rule_pass_works_from_a_script_without_a_main_guard(tmp_path: Path) -> None:
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(Path(__file__).parents[2])!r})\n"
        "from reader.core.analyse import pipeline, analyse_texts\n"
        "class Backend:\n"
        "    def spans(self, texts):\n"
        "        for t in texts:\n"
        "            yield [(0, 9, 'PERSON')] if t.startswith('Joe Biden') else []\n"
        "pipeline.PARALLEL_RULES_MIN = 10\n"
        "out = analyse_texts(['Joe Biden said: \"We will win.\"'] * 40, backend=Backend())\n"
        "print(len(out), out[0].entities[0].name, out[39].quotes[0].speaker)\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["40", "Joe", "Biden", "Joe", "Biden"]
