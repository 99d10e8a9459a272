"""What a stated piece can be machined into: shape boxes, the piece's box, and the "machinable into" test."""

from __future__ import annotations

import math
from typing import Any

import pytest

from service.controls import load_controls
from service.controls.schema import AllOf, AnyOf, Comparison
from service.params import extract_params
from service.pieces import fits, required_box, stated_piece
from service.rules import MET, NOT_MET, UNKNOWN, evaluate


def cmp(param: str, value: Any) -> Comparison:
    return Comparison.model_validate({"param": param, "op": ">=", "value": value, "label": param})


CYLINDER = AllOf.model_validate({"all": [cmp("diameter_mm", 120), cmp("length_mm", 50)]})
TUBE = AllOf.model_validate({"all": [cmp("inner_diameter_mm", 65), cmp("wall_thickness_mm", 25), cmp("length_mm", 50)]})
BLOCK = cmp("block_dims_mm", [120, 120, 50])


def test_the_box_each_shape_needs() -> None:
    assert required_box(CYLINDER) == (120, 120, 50)
    assert required_box(TUBE) == (115, 115, 50)  # bore and two walls
    assert required_box(BLOCK) == (120, 120, 50)
    assert required_box(cmp("purity_pct", 99.9)) is None  # not a shape
    assert required_box(AllOf.model_validate({"all": [cmp("diameter_mm", 120), cmp("purity_pct", 99)]})) is None


@pytest.mark.parametrize(
    ("text", "box"),
    [
        ("tungsten rod Ø25 mm x 500 mm", (500, 25, 25)),
        ("tungsten rod dia 30 mm", (math.inf, 30, 30)),  # a rod's length unbounded when not given
        ("tungsten plate 100x100x10 mm", (100, 100, 10)),
        ("tungsten sheet 99.95%", None),  # no size stated
    ],
)
def test_the_piece_the_text_states(text: str, box: tuple[float, ...] | None) -> None:
    piece = stated_piece(extract_params(text))
    assert (piece[0] if piece else None) == box


def test_a_shape_fits_edge_by_edge() -> None:
    assert fits((120, 120, 50), (200, 150, 60))
    assert not fits((120, 120, 50), (500, 25, 25))  # long but thin
    assert not fits((115, 115, 50), (120, 120, 20))  # wide but thin


W_SOLID = load_controls().entry("w-solid-alloy").requires


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ("Tungsten rods W 99.95%, Ø30 mm x 400 mm", NOT_MET),  # no shape fits a Ø30 rod
        ("Tungsten plate W 99.95%, 110 x 110 x 40 mm", NOT_MET),
        ("Tungsten rod W 99.95%, dia 160 mm x 200 mm", MET),  # the cylinder itself
        ("Tungsten rod W 99.95%, dia 160 mm", UNKNOWN),  # large enough across; the length is not stated
        ("Tungsten W 99.95% blanks", UNKNOWN),  # no size at all
    ],
)
def test_solid_tungsten_is_machinable_only_into_what_fits_the_stated_piece(text: str, outcome: str) -> None:
    assert isinstance(W_SOLID, AllOf) and any(isinstance(c, AnyOf) for c in W_SOLID.all_)
    result = evaluate(W_SOLID, extract_params(text), text)
    assert result.outcome == outcome
    if outcome == NOT_MET:
        assert any("too small to be machined into it" in r for r in result.reasons)
