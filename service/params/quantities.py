"""What one number found in a description states: its value (decimal commas, thousands separators), its
unit and the factor to the unit's base, the interval its comparator, range or tolerance gives, and the
parameter it is read as, from its label or else its unit. Functions of their arguments only, used by
``reading``.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Final, NamedTuple

from service.controls.schema import Param
from service.params.vocabulary import _DIMENSIONS, _PERCENTS, _STRENGTHS, _UNITLESS, _UNITS


class _Unit(NamedTuple):
    kind: str
    factor: float


class _Label(NamedTuple):
    kind: str
    key: str  # element symbol or formula for kind "element"


class _Target(NamedTuple):
    param: Param
    factor: float
    element: str | None = None  # for composition_pct


def _parse_number(raw: str, decimal_comma: bool) -> float | None:
    """Parse "99,999" as 99.999 for percentages (a share cannot be 99999) and as 99999 otherwise;
    "1,5" is always 1.5. Non-finite results (absurdly long digit runs) count as unreadable."""
    s = raw
    if "," in s:
        if "." in s:
            s = s.replace(",", "")
        else:
            head, _, tail = s.rpartition(",")
            thousands = s.count(",") > 1 or (len(tail) == 3 and not decimal_comma and head != "0")
            s = s.replace(",", "") if thousands else s.replace(",", ".")
    try:
        value = float(s)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _tidy(x: float) -> float:
    """Drop binary noise from unit conversion (0.045 mm -> 45.00000000000001 µm) so equal statements compare
    equal; 12 significant digits keep every purity grade (99.9999999) intact."""
    return x if math.isinf(x) else float(f"{x:.12g}")


@functools.lru_cache(maxsize=512)
def _parse_unit(raw: str | None) -> _Unit | None:
    if not raw:
        return None
    key = "".join(raw.split()).replace("μ", "u").replace("µ", "u").replace("^", "").replace("−", "-")
    if key.startswith("percm"):  # "per cm2", "per cm^2", "per cm 2"; not "percent"
        key = "percm2"
    found = _UNITS.get(key)
    return _Unit(*found) if found else None


def _read_bounds(m: re.Match[str], cmp_kind: str | None, percent_like: bool) -> tuple[float, float, bool, bool] | None:
    """The interval a number with its comparator, range or tolerance stands for, before unit conversion.
    Upper bounds start at 0: every quantity read here is non-negative."""
    raw_a, raw_b, raw_pm, qge, qle, plus = m.group("a", "b", "pm", "qge", "qle", "plus")
    a = _parse_number(raw_a, percent_like)
    if a is None:
        return None
    if raw_b:
        b = _parse_number(raw_b, percent_like)
        return None if b is None else (min(a, b), max(a, b), False, False)
    if raw_pm:
        tol = _parse_number(raw_pm, percent_like)
        return None if tol is None else (max(a - tol, 0.0), a + tol, False, False)
    kind = cmp_kind or ("ge" if qge or plus else "le" if qle else None)
    if kind in ("ge", "gt"):
        return a, math.inf, kind == "gt", False
    if kind in ("le", "lt"):
        return 0.0, a, False, kind == "lt"
    return a, a, False, False


def _pick_target(unit: _Unit | None, label: _Label) -> _Target | None:
    """Which parameter a number in ``unit`` next to ``label`` states, and the factor to its unit; None when
    the label does not fit the unit."""
    kind, u = label.kind, unit.kind if unit else None
    factor = unit.factor if unit else 1.0
    param: Param
    if u == "pct" or u is None:
        if kind in ("purity_pct", "content"):
            return _Target("purity_pct", factor)
        if kind == "element":
            return _Target("composition_pct", factor, label.key) if u == "pct" else None
        if kind in _PERCENTS or (u is None and kind in _UNITLESS):
            param = kind  # type: ignore[assignment]  # kinds named after a parameter are that parameter
            return _Target(param, factor)
        return None
    if kind in _DIMENSIONS and u in ("fine", "length", "inch"):
        param = kind  # type: ignore[assignment]
        return _Target(param, factor / 1000 if u == "fine" else factor)
    if kind in _STRENGTHS and u in ("stress", "gpa"):
        param = kind  # type: ignore[assignment]
        return _Target(param, factor * 1000 if u == "gpa" else factor)
    if u in ("length", "inch"):
        return _Target("particle_size_um", factor * 1000) if kind == "particle_size_um" else None
    if u == "stress" or (u == "gpa" and kind != "pressure_gpa") or kind == "element":
        return None  # MPa is never read as a pressure: it would be confused with a strength
    return _pick_target_by_unit(unit, 0.0, 0.0)


_PARAM_OF_UNIT: Final[dict[str, Param]] = {
    "fine": "particle_size_um", "inch": "diameter_mm", "density": "density_g_cm3", "gpa": "pressure_gpa",
    "pressure": "pressure_gpa", "power": "power_kw", "freq": "frequency_mhz", "per_area": "dislocation_density_cm2",
}  # fmt: skip


def _pick_target_by_unit(unit: _Unit | None, lo: float, hi: float) -> _Target | None:
    """The parameter a number states by its unit alone, when no label says otherwise. Inches size wafers and
    windows, by their diameter."""
    if unit is None:
        return None
    u, factor = unit
    if u == "pct":
        return _Target("purity_pct", factor) if lo * factor >= 90 else None  # a bare 99.9 % describes the material
    if u == "length":
        # Sub-millimetre lengths in a goods description are grain sizes; larger ones need a label.
        return _Target("particle_size_um", factor * 1000) if hi * factor < 1 else None
    param = _PARAM_OF_UNIT.get(u)
    return _Target(param, factor) if param else None
