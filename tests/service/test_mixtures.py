"""Mixture statements: explicit wording, different substances, clause bounds, advice that is not composition."""

from __future__ import annotations

import pytest

from service.mixtures import find_mixture


@pytest.mark.parametrize(
    ("text", "components"),
    [
        ("dry powder mixture of synthetic graphite, starch and PVA", ("synthetic graphite", "starch", "PVA")),
        ("graphite powder mixed with 5% clay binder", ("graphite powder", "5% clay binder")),
        ("a mixture of 99.5% graphite and 0.5% resin; packed in drums", ("99.5% graphite", "0.5% resin")),
        ("石墨与粘结剂混合而成", ("石墨", "粘结剂")),
    ],
)
def test_finds_the_components(text: str, components: tuple[str, ...]) -> None:
    mixture = find_mixture(text)
    assert mixture is not None
    assert mixture.components == components
    assert mixture.source in text


@pytest.mark.parametrize(
    "text",
    [
        "high purity graphite block 99.99% for EDM",  # no mixture wording
        "blend of natural and artificial graphite, 99.95%",  # one substance, qualified twice
        "Gadolinium oxide and its mixtures",  # names a class of goods, lists no components
        "antimony trioxide, not to be mixed with food",  # advice
        "Sb2O3 99.99%, 不得与酸混合",
    ],
)
def test_no_mixture(text: str) -> None:
    assert find_mixture(text) is None
