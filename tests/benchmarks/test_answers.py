"""``python -m benchmarks.answers``: two trees' answers compared byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from benchmarks.answers import compare, nomenclature_texts
from benchmarks.texts import REPO
from tests.conftest import MODELS

TEXTS = [
    "Gallium oxide Ga2O3 5N powder",
    "cotton T-shirt",
    "Tungsten carbide powder WC",
    "钨精矿 WO3 65%",
    "氧化镝 99.9%",
]


def test_a_tree_gives_its_own_answers_again() -> None:
    compared, differ = compare(TEXTS, [REPO, REPO], MODELS)
    assert compared == 2 * len(TEXTS)  # two destination and day settings
    assert differ == []


def test_a_changed_answer_is_found(tmp_path: Path) -> None:
    shutil.copytree(REPO / "service", tmp_path / "service", ignore=shutil.ignore_patterns("__pycache__"))
    classifier = tmp_path / "service" / "classifier.py"
    source = classifier.read_text(encoding="utf-8")
    assert "not on the control list (probability" in source
    classifier.write_text(source.replace("not on the control list (probability", "not listed (p"), encoding="utf-8")
    _, differ = compare(TEXTS, [REPO, tmp_path], MODELS)
    changed = [text for text, _ in differ]
    assert changed.count("cotton T-shirt") == 2  # once for each destination and day
    assert "Gallium oxide Ga2O3 5N powder" not in changed  # controlled: its answer holds no such words
    for _, (before, after) in differ:
        assert b"not on the control list (probability" in before and b"not listed (p" in after


def test_an_ignored_field_is_not_compared(tmp_path: Path) -> None:
    shutil.copytree(REPO / "service", tmp_path / "service", ignore=shutil.ignore_patterns("__pycache__"))
    convert = tmp_path / "service" / "api" / "convert.py"
    source = convert.read_text(encoding="utf-8")
    assert '"reasons": list(prediction.reasons),' in source
    convert.write_text(source.replace('"reasons": list(prediction.reasons),', '"reasons": [],'), encoding="utf-8")
    assert len(compare(TEXTS, [REPO, tmp_path], MODELS)[1]) == 2 * len(TEXTS)  # every answer has reasons
    assert compare(TEXTS, [REPO, tmp_path], MODELS, ignore=("reasons",))[1] == []


def test_the_nomenclatures_give_thousands_of_distinct_descriptions() -> None:
    texts = nomenclature_texts()
    assert len(texts) > 5000
    assert len(set(texts)) == len(texts) and all(t.strip() for t in texts)


def test_each_tree_can_have_its_own_models_folder(tmp_path: Path) -> None:
    """``--tree DIR@MODELS``: two bundles compared with one tree (the default folder here does not exist)."""
    compared, differ = compare(TEXTS, [REPO, REPO], tmp_path / "absent", model_dirs=[MODELS, MODELS])
    assert compared == 2 * len(TEXTS) and differ == []
