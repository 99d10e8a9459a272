"""Names the text denies: which words around a name deny it, and which only look as if they did."""

from __future__ import annotations

import pytest

from service.negation import denial, may_deny


def _denial_of(text: str, name: str) -> str | None:
    start = text.index(name)
    return denial(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("ndfeb magnet, dy-free", "dy", "dy-free"),
        ("ndfeb magnet dy free n52", "dy", "dy free"),
        ("magnet without dysprosium", "dysprosium", "without dysprosium"),
        ("magnet, free of tb, dy", "dy", "free of tb, dy"),
        ("magnet, free from terbium and dysprosium", "dysprosium", "free from terbium and dysprosium"),
        ("No antimony added", "antimony", "No antimony"),
        ("window, not flat", "flat", "not flat"),
        ("non-rare earth magnet", "rare earth", "non-rare earth"),
        ("钕铁硼磁体 不含镝", "镝", "不含镝"),
        ("无镓 LED", "镓", "无镓"),
        # lists: every name of the list is denied, not only the first
        ("钕铁硼磁体 不含镝、铽", "铽", "不含镝、铽"),
        ("钕铁硼磁体 不含镝和铽", "铽", "不含镝和铽"),
        ("钕铁硼磁体 不含镝铽", "铽", "不含镝铽"),
        ("ndfeb magnet, dy/tb free", "dy", "dy/tb free"),
        ("ndfeb magnet, dy and tb-free", "dy", "dy and tb-free"),
    ],
)
def test_denied(text: str, name: str, words: str) -> None:
    assert _denial_of(text, name) == words


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("germanium powder, free-flowing, 5n", "germanium"),  # an attribute, not a denial
        ("tungsten free-cutting rod", "tungsten"),
        # the same attributes as the naming scan reads them, hyphens normalised to spaces
        ("2 inch gan free standing substrate", "gan"),
        ("germanium free flowing powder", "germanium"),
        ("无水氯化镝 99.9%", "氯化镝"),  # anhydrous dysprosium chloride
        ("无机锑化合物", "锑"),  # inorganic antimony compound
        ("graphite no. 2 grade", "graphite"),
        ("zero-defect germanium wafer", "germanium"),
        ("ndfeb magnet with dy, lead-free coating", "dy"),  # the "free" belongs to another word
        ("antimony trioxide", "antimony"),
        ("无水氯化镝、氯化铽 99.9%", "氯化铽"),  # 无水 is anhydrous, not the head of a list
        ("钕铁硼 无铅、含镝", "镝"),  # the list ends before 含
        ("dy2o3 99.9%, lead free packaging", "dy2o3"),  # a comma ends the attribute, not a list
    ],
)
def test_not_denied(text: str, name: str) -> None:
    assert _denial_of(text, name) is None


def test_a_text_without_negation_words_denies_nothing() -> None:
    assert not may_deny("gallium oxide ga2o3 99.999% powder, nominal 5n, innovative packaging")
    for text in ("ndfeb magnet, dy-free", "without dysprosium", "no tb", "non-rare earth", "钕铁硼 不含镝"):
        assert may_deny(text), text
