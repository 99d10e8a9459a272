"""What extraction returns: each quantity as the interval it can lie in, with the text it came from
(``Value``), the edges of a block (``Block``), and everything read from one description (``Params``). The
rules layer compares these with the thresholds; they are kept apart from the reading code that builds them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from service.controls.schema import Param


class Value(NamedTuple):
    """A quantity as the interval it can lie in; bounds are closed unless marked open ("> 99.9" is open).
    (A named tuple rather than a dataclass: thousands are built per second and tuples build fastest.)"""

    lo: float
    hi: float
    source: str
    lo_open: bool = False
    hi_open: bool = False

    @property
    def width(self) -> float:
        return self.hi - self.lo


class Block(NamedTuple):
    """The edges of a block in mm, largest first."""

    edges: tuple[float, ...]
    source: str


@dataclass(slots=True)
class Params:
    """Everything read from one description. ``values`` is keyed by parameter name; ``composition_pct`` lives in
    ``composition`` (keyed by element symbol, or by formula such as "WC") and ``block_dims_mm`` in ``blocks``."""

    values: dict[Param, list[Value]] = field(default_factory=dict)
    composition: dict[str, list[Value]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)

    def get(self, param: Param) -> list[Value]:
        return self.values.get(param, [])
