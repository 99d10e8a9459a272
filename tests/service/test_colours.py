"""Names the text uses as a colour: which words around a name make it one, and which only look as if they did."""

from __future__ import annotations

import pytest

from service.colours import colour_use, may_colour


def _use_of(text: str, name: str) -> str | None:
    start = text.index(name)
    return colour_use(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "words"),
    [
        ("运动鞋 男款 石墨灰 39-44码", "石墨", "石墨灰"),
        ("纯棉T恤 石墨黑 180g", "石墨", "石墨黑"),
        ("地毯 石墨色", "石墨", "石墨色"),
        ("Laptop sleeve, graphite grey", "graphite", "graphite grey"),
        ("Phone case Graphite-Gray", "Graphite", "Graphite-Gray"),
        ("Jacket, colour: Graphite", "Graphite", "colour: Graphite"),
        ("Color - graphite, size M", "graphite", "Color - graphite"),
        ("颜色：石墨 尺码：L", "石墨", "颜色：石墨"),
    ],
)
def test_a_colour(text: str, name: str, words: str) -> None:
    assert may_colour(text.casefold())
    assert _use_of(text, name) == words


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("石墨 灰分≤0.1% 固定碳99.9%", "石墨"),  # a space, and 灰分 is ash content: a graphite figure
        ("高纯石墨灰分<50ppm", "石墨"),  # 灰分 right after the name: still ash content
        ("Flake graphite, grey, 99.5%", "graphite"),  # a comma between: the graphite is grey
        ("graphite greaseless bearing", "graphite"),  # "grey" must be a whole word
        ("graphite black pigment", "graphite"),  # black only in Chinese
        ("tungsten rod, 99.95%", "tungsten"),
        ("multicolour graphite pencils", "graphite"),  # "colour" inside another word is no colour field
    ],
)
def test_not_a_colour(text: str, name: str) -> None:
    assert _use_of(text, name) is None


def test_a_text_without_colour_words_has_no_colour() -> None:
    assert not may_colour("isostatic graphite block 1.85 g/cm3")
