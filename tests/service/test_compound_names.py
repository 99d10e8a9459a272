"""Where a bare element name is part of a compound's name (service.compound_names), on folded text."""

from __future__ import annotations

import pytest

from service.compound_names import CompoundContext
from service.naming import load_naming_data


@pytest.fixture(scope="module")
def context() -> CompoundContext:
    words = load_naming_data().compound_names
    return CompoundContext(words.en_after, words.zh_before, words.zh_after, words.organic, words.generic)


def _span(context: CompoundContext, text: str, name: str) -> str | None:
    start = text.index(name)
    found = context.span(text, start, start + len(name), not name.isascii())
    return text[found[0] : found[1]] if found else None


@pytest.mark.parametrize(
    ("text", "name", "compound"),
    [
        ("bismuth oxide 99.9%", "bismuth", "bismuth oxide"),
        ("gallium(iii) nitrate hydrate", "gallium", "gallium(iii) nitrate"),
        ("bismuth (iii) chloride", "bismuth", "bismuth (iii) chloride"),
        ("samarium compounds", "samarium", "samarium compounds"),
        ("氧化铋 99.9% 粉末", "铋", "氧化铋"),
        ("三氧化二锑 99.8%", "锑", "三氧化二锑"),
        ("硝酸镓 5n", "镓", "硝酸镓"),
        ("锑酸钠", "锑", "锑酸"),
        ("碲化镉", "碲", "碲化"),
    ],
)
def test_a_name_inside_a_compound_gives_the_compound(
    context: CompoundContext, text: str, name: str, compound: str
) -> None:
    assert _span(context, text, name) == compound


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("bismuth ingot 99.99%", "bismuth"),
        ("bismuth 99.99% needles", "bismuth"),
        ("gallium, oxide free", "gallium"),  # a comma ends the name
        ("tellurium oxidesque", "tellurium"),  # a whole word only
        ("bismuth", "bismuth"),
        ("铋锭 99.99%", "铋"),
        ("高纯铋", "铋"),
    ],
)
def test_a_name_standing_alone_is_not_a_compound(context: CompoundContext, text: str, name: str) -> None:
    assert _span(context, text, name) is None


@pytest.mark.parametrize(
    ("compound", "kind"),
    [
        ("Gallium(III) chloride", "inorganic"),
        ("bismuth subsalicylate", "organic"),
        ("gallium ethoxide", "organic"),
        ("samarium compounds", "generic"),
        ("gallium salt", "generic"),
        ("硝酸镓", "inorganic"),
        ("三氧化二锑", "inorganic"),
        ("醋酸铋", "organic"),
        ("三甲基镓", "organic"),
        ("锑酸", "inorganic"),  # sodium antimonate's
        ("镓化", "generic"),  # 镓化合物, a gallium compound
    ],
)
def test_a_compound_name_says_what_kind_it_is(context: CompoundContext, compound: str, kind: str) -> None:
    assert context.kind(compound) == kind


@pytest.mark.parametrize(
    ("compound", "base"),
    [
        ("gallium (III) oxide", "gallium oxide"),
        ("Tungsten(VI) Oxides", "tungsten oxide"),
        ("antimony sesquioxide", "antimony oxide"),
        ("germanium tetrachlorides", "germanium chloride"),
        ("bismuth(3+) nitrate", "bismuth nitrate"),
        ("indium hydroxide", "indium hydroxide"),  # not a count: hydroxide is not an oxide
        ("三氧化二镓", "氧化镓"),
        ("二氯化锗", "氯化锗"),
    ],
)
def test_a_compound_base_drops_states_counts_and_plurals(context: CompoundContext, compound: str, base: str) -> None:
    assert context.base(compound) == base
