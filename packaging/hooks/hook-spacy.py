"""Replaces pyinstaller-hooks-contrib's spaCy hook for Lede's bundle (packaging/lede.spec).

The contrib hook collects every submodule and data file: the test suite and all ~70
languages. Lede runs one English NER pipeline, so the bundle keeps English (which
``spacy.util.get_lang_class`` imports by name, hence a hidden import) and the languages
spacy/registrations.py imports whenever spaCy registers its functions (ja, ko, th, vi, zh;
xx is loaded beside them). Everything else in spaCy is kept: its registry finds functions by
name, so a module missing here fails only when a model asks for it.
"""

from PyInstaller.utils.hooks import collect_data_files, collect_submodules

LANGS_KEPT = {"en", "ja", "ko", "th", "vi", "zh", "xx"}


def _wanted(name: str) -> bool:
    """False for the test suite and for the language packages Lede never loads."""
    parts = name.split(".")
    if len(parts) > 1 and parts[1] == "tests":
        return False
    if len(parts) > 2 and parts[1] == "lang" and parts[2] not in LANGS_KEPT:
        # spacy.lang's own helper modules (char_classes, punctuation, …) are not languages
        return parts[2] in _LANG_HELPERS
    return True


_LANG_HELPERS = {
    "char_classes",
    "lex_attrs",
    "norm_exceptions",
    "punctuation",
    "tokenizer_exceptions",
}

hiddenimports = collect_submodules("spacy", filter=_wanted)
datas = collect_data_files("spacy", excludes=["tests", "tests/**", "lang/**"])
