"""Russian words live in data (house style): resolution's in graph/data/words.tsv, the extraction rules' in
loaders/extraction/data/words.tsv, both read through graph.word_lists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from graph import word_lists
from graph.name_choice import drop_status
from graph.names import abbreviation_of, strip_honorific
from loaders.extraction.contracted_bodies import _contraction

REPO = Path(__file__).resolve().parent.parent
RESOLUTION_MODULES = ["graph/names.py", "graph/name_choice.py", "graph/name_forms.py", "graph/other_bodies.py", "graph/cores.py",
                      "graph/dupes.py", "graph/resolve.py", "graph/lookup.py", "loaders/furniture.py"]
EXTRACTION_MODULES = [f"loaders/extraction/{name}.py" for name in (
    "relation_cooperation", "relation_instructions", "resolve", "postless", "unnamed_bodies", "region_parties",
    "stage_assembly", "contracted_bodies", "stage_regions", "relation_base", "relations", "relation_scope", "projects",
    "stage_projects", "stage_relations", "people", "post_lists", "predicates", "stage_posts", "morph", "mentions",
    "mention_words", "organisations", "stage_mentions", "mention_lists", "nerel_mentions", "lexicon", "document")] + [
    "loaders/evaluation/matching.py"]
READERS_ELSEWHERE = {"loaders.extraction": [REPO / "loaders/evaluation/matching.py"]}  # modules outside the folder
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _russian_word_collections(path: Path) -> list[int]:
    """Lines of set, tuple, list or dict literals holding two or more Russian strings."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        items = node.keys if isinstance(node, ast.Dict) else getattr(node, "elts", None)
        if isinstance(node, (ast.Set, ast.Tuple, ast.List, ast.Dict)) and items:
            russian = [i for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)
                       and _CYRILLIC.search(i.value)]
            if len(russian) >= 2:
                found.append(node.lineno)
    return found


@pytest.mark.parametrize("module", RESOLUTION_MODULES + EXTRACTION_MODULES)
def test_modules_keep_no_russian_word_list_in_code(module):
    assert _russian_word_collections(REPO / module) == []


def _sets_read(folder: str, package: str) -> set[str]:
    """The set names that the code under ``folder`` reads from ``package``'s words.tsv."""
    read = set()
    for path in [*(REPO / folder).glob("*.py"), *READERS_ELSEWHERE.get(package, [])]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("word_list", "word_set", "word_map") and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            given = node.args[1:2] or [k.value for k in node.keywords if k.arg == "package"]
            if (given[0].value if given and isinstance(given[0], ast.Constant) else "graph") == package:
                read.add(node.args[0].value)
    return read


@pytest.mark.parametrize(("folder", "package"), [("graph", "graph"), ("loaders/extraction", "loaders.extraction")])
def test_every_set_of_the_data_file_is_read_by_the_code(folder, package):
    assert _sets_read(folder, package) == set(word_lists._table(package))


def test_an_unknown_set_is_named_in_the_error():
    with pytest.raises(KeyError, match="no set 'no_such_words'"):
        word_lists.word_list("no_such_words")
    with pytest.raises(KeyError, match="loaders/extraction/data/words.tsv has no set 'legal_forms'"):
        word_lists.word_list("legal_forms", "loaders.extraction")  # each package's words are its own


def test_a_mapping_read_as_a_list_is_refused():
    with pytest.raises(ValueError, match="contractions"):
        word_lists.word_list("contractions")


def test_either_capital_matches_the_word_with_either_first_letter():
    pattern = re.compile(word_lists.either_capital("город") + "$")
    assert pattern.match("город") and pattern.match("Город") and not pattern.match("ГОРОД")


@pytest.mark.parametrize(("short", "full", "expected"), [
    ("ЧелГУ", "Челябинский госуниверситет", True),  # a prefix row: «госу…» gives ГУ
    ("НИИ ЯФ", "Институт ядерной физики", True),  # an exact row: «Институт» may be НИИ
    ("НИИ ЯФ", "Лаборатория ядерной физики", False),
])
def test_abbreviated_words_come_from_the_data(short, full, expected):
    assert abbreviation_of(short, full) is expected


def test_phrases_built_from_word_lists_keep_their_regex_meaning():
    assert strip_honorific("Институт им. Ю. Е. Петрова") == "Институт"
    assert strip_honorific("Завод имени Петрова") == "Завод"
    assert strip_honorific("Завод Имение") == "Завод Имение"
    assert drop_status("Сибирский центр мирового уровня") == "Сибирский центр"


@pytest.mark.parametrize(("name", "expected"), [
    ("Региональный минпромторг", ("пром", [])),  # «регион…» only says "of the region"
    ("Минздрав Омской области", ("здра", ["омской", "области"])),
    ("Окружной минстрой Югры", ("стро", ["югры"])),
])
def test_region_markers_built_from_stems_keep_their_regex_meaning(name, expected):
    assert _contraction(name) == expected
