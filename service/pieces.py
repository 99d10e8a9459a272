"""What a stated piece can be machined into: "Tungsten rod Ø25 x 500 mm" cannot become a tube of 65 mm bore.

Solid tungsten is listed when it "can be machined into" a cylinder, a tube or a block of given sizes (1C117.c.2).
Machining only takes material away, so a piece whose size the text states bounds every shape it can become: a
shape fits only if its bounding box, edge by edge (largest with largest), fits in the piece's. Without this,
a rod of Ø25 mm failed the cylinder's diameter but left the tube and the block "not stated", and went to review.

Only ever a "no": the piece's box is an upper bound (the largest size stated, a rod's length unbounded when not
given), so a shape that fits it may still not be machinable, and is left to the thresholds themselves.
"""

from __future__ import annotations

import math

from service.controls.schema import AllOf, Comparison, Condition
from service.params import Params

# The dimensions of a shape's thresholds; a shape is a cylinder (diameter, length), a tube (inner diameter,
# wall thickness, length) or a block (its edges).
_SHAPE_PARAMS = frozenset({"diameter_mm", "length_mm", "inner_diameter_mm", "wall_thickness_mm", "block_dims_mm"})

Box = tuple[float, float, float]  # edges in mm, largest first


def required_box(condition: Condition) -> Box | None:
    """The smallest box that holds the shape ``condition`` asks for (all of its thresholds minimums of the shape
    dimensions), or None when it is no such shape."""
    leaves = (
        [condition] if isinstance(condition, Comparison) else condition.all_ if isinstance(condition, AllOf) else []
    )
    if not leaves or not all(
        isinstance(c, Comparison) and c.param in _SHAPE_PARAMS and c.op in (">=", ">") for c in leaves
    ):
        return None
    need: dict[str, float | list[float]] = {c.param: c.value for c in leaves if isinstance(c, Comparison)}
    block = need.get("block_dims_mm")
    if isinstance(block, list):
        return _box(block)
    sizes = {param: v for param, v in need.items() if not isinstance(v, list)}
    if "diameter_mm" in sizes:  # a cylinder
        outer = sizes["diameter_mm"]
    elif "inner_diameter_mm" in sizes and "wall_thickness_mm" in sizes:  # a tube: its bore and two walls
        outer = sizes["inner_diameter_mm"] + 2 * sizes["wall_thickness_mm"]
    else:
        return None
    return _box([outer, outer, sizes.get("length_mm", 0.0)])


def stated_piece(params: Params) -> tuple[Box, str] | None:
    """The box that holds the piece the text states, and where it was read; None when no size is stated. A
    block's edges, else a diameter (the largest stated) and a length (unbounded when none is stated)."""
    if params.blocks:
        edges = [max(b.edges[i] if i < len(b.edges) else math.inf for b in params.blocks) for i in range(3)]
        return _box(edges), ", ".join(f"'{b.source}'" for b in params.blocks)
    diameters = params.get("diameter_mm")
    if not diameters:
        return None
    lengths = params.get("length_mm")
    diameter = max(v.hi for v in diameters)
    length = max(v.hi for v in lengths) if lengths else math.inf
    sources = dict.fromkeys(v.source for v in [*diameters, *lengths])
    return _box([diameter, diameter, length]), ", ".join(f"'{s}'" for s in sources)


def fits(shape: Box, piece: Box) -> bool:
    """Whether a shape's box fits in a piece's, largest edge in largest edge."""
    return all(s <= p for s, p in zip(shape, piece, strict=True))


def _box(edges: list[float]) -> Box:
    a, b, c = sorted(float(e) for e in edges)[::-1][:3]
    return a, b, c
