"""Decide whether a description meets an entry's thresholds, and say why in words built from the data.

Three-valued (Kleene) logic: a threshold is ``met``, ``not_met`` or ``unknown`` — unknown when the text does
not state the quantity, or states it too loosely to tell ("min 99.95 %" against "≥ 99.99 %"). Absence of a
statement is never taken as proof either way; that is for a person to settle.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal, TypeVar

from service.controls.schema import AllOf, AnyOf, Comparison, Condition, Mentions, Param
from service.mixtures import find_mixture
from service.negation import denial
from service.params import Block, Params, Value
from service.pieces import fits, required_box, stated_piece

__all__ = ["MET", "NOT_MET", "UNKNOWN", "Evaluation", "Outcome", "describe", "evaluate"]

Outcome = Literal["met", "not_met", "unknown"]
MET: Final = "met"
NOT_MET: Final = "not_met"
UNKNOWN: Final = "unknown"


@dataclass(frozen=True, slots=True)
class Evaluation:
    outcome: Outcome
    reasons: list[str] = field(default_factory=list)


def evaluate(condition: Condition | None, params: Params, text: str, goods: str | None = None) -> Evaluation:
    """Evaluate ``condition`` against what was read from ``text``. No condition: controlled once identified.

    ``goods``: the part of ``text`` that names the goods, before it turns to their use; a condition's ``unless``
    words count only there ("Mo powder for sheet rolling" is powder, "Mo sheet for furnaces" a sheet). The whole
    text when not given."""
    if condition is None:
        return Evaluation(MET)
    goods = text if goods is None else goods
    if isinstance(condition, Comparison | Mentions) and (excluded := _excluded_by(condition, goods)) is not None:
        return Evaluation(NOT_MET, [f"{condition.label}: not for goods the text calls '{excluded}'"])
    if isinstance(condition, Comparison):
        return _compare(condition, params, text)
    if isinstance(condition, Mentions):
        return _find_mentions(condition, params, text)
    if isinstance(condition, AllOf):
        return _combine_all([evaluate(c, params, text, goods) for c in condition.all_])
    children = condition.any_
    ruled_out = [_excluded_by(c, goods) is not None for c in children]
    if sum(ruled_out) > 1:
        # The text calls the goods by the words of two forms, each ruling out the other's test ("锑化铟多晶（单晶
        # 衬底）", polycrystal and single crystal): it does not say which they are, so neither is ruled out.
        pairs = zip(children, ruled_out, strict=True)
        children = [c.model_copy(update={"unless": []}) if out else c for c, out in pairs]
    found = [evaluate(c, params, text, goods) for c in children]
    return _combine_any(condition, _rule_out_by_size(children, found, params))


def _excluded_by(condition: Condition, goods: str) -> str | None:
    """The word of ``goods`` (the part of the text that names them) for which ``condition`` is not (its ``unless``),
    else None; None too where ``goods`` also calls them what the test is for (a comparison's ``kept_by``)."""
    if not isinstance(condition, Comparison | Mentions) or not condition.unless:
        return None
    excluded = _excluding_word(condition.unless, goods)
    kept_by = condition.kept_by if isinstance(condition, Comparison) else []
    if excluded is not None and kept_by and _excluding_word(kept_by, goods) is not None:
        return None
    return excluded


# The control list's conditions live as long as the list (a reload brings new ones): their words are built once
# each, not again for every text that reaches them (they were a few per cent of a decision). Remembered by identity;
# an entry holds its condition, so the identity cannot be reused while it is remembered.
_WORDS: dict[tuple[int, Callable[..., str]], tuple[Condition, str]] = {}
_WORDS_MAX: Final = 4096
_C = TypeVar("_C", bound=Condition)


def _remembered(condition: _C, build: Callable[[_C], str]) -> str:
    """``build(condition)``, built once per condition and per ``build``."""
    key = (id(condition), build)
    hit = _WORDS.get(key)
    if hit is not None and hit[0] is condition:
        return hit[1]
    words = build(condition)
    if len(_WORDS) >= _WORDS_MAX:
        _WORDS.clear()
    _WORDS[key] = (condition, words)
    return words


def describe(condition: Condition) -> str:
    """The condition in words: "purity ≥ 99.99 %", "(bore ≥ 500 mm or pressure ≥ 5 GPa)"."""
    return _remembered(condition, _describe)


def _describe(condition: Condition) -> str:
    if isinstance(condition, Comparison):
        return f"{condition.label} {_describe_requirement(condition)}"
    if isinstance(condition, Mentions):
        return f"mentions {condition.label}"
    if isinstance(condition, AllOf):
        return "(" + " and ".join(describe(c) for c in condition.all_) + ")"
    return "(" + " or ".join(describe(c) for c in condition.any_) + ")"


# -- combining


def _combine_all(children: list[Evaluation]) -> Evaluation:
    failed = [e for e in children if e.outcome == NOT_MET]
    if failed:  # the reasons that decide it, not the ones that were fine
        return Evaluation(NOT_MET, [r for e in failed for r in e.reasons])
    outcome: Outcome = MET if all(e.outcome == MET for e in children) else UNKNOWN
    return Evaluation(outcome, [r for e in children for r in e.reasons])


def _combine_any(condition: AnyOf, children: list[Evaluation]) -> Evaluation:
    met = [e for e in children if e.outcome == MET]
    if met:
        return Evaluation(MET, [r for e in met for r in e.reasons])
    outcome: Outcome = NOT_MET if all(e.outcome == NOT_MET for e in children) else UNKNOWN
    # Flattened, the children's reasons would read as if each were required; say that one suffices.
    header = [f"any one of: {'; '.join(_unwrap(describe(c)) for c in condition.any_)}"]
    return Evaluation(outcome, (header if len(children) > 1 else []) + [r for e in children for r in e.reasons])


def _rule_out_by_size(children: Sequence[Condition], found: list[Evaluation], params: Params) -> list[Evaluation]:
    """``found``, with the shapes that the piece the text states is too small to be machined into not met, whatever
    their own dimensions left unstated ("rod Ø25 x 500 mm": no tube of 65 mm bore; ``service.pieces``)."""
    if all(e.outcome != UNKNOWN for e in found):
        return found
    piece = stated_piece(params)
    if piece is None:
        return found
    box, source = piece
    size = " × ".join("…" if math.isinf(edge) else _format_number(edge) for edge in box)
    out = []
    for child, evaluation in zip(children, found, strict=True):
        shape = required_box(child) if evaluation.outcome == UNKNOWN else None
        if shape is not None and not fits(shape, box):
            why = f"the piece stated ({size} mm, from {source}) is too small to be machined into it"
            evaluation = Evaluation(NOT_MET, [f"{_unwrap(describe(child))}: {why}"])
        out.append(evaluation)
    return out


def _unwrap(described: str) -> str:
    """One pair of outer brackets off: "(a and (b or c))" -> "a and (b or c)"."""
    return described[1:-1] if described.startswith("(") and described.endswith(")") else described


# -- comparisons

_OP_SYMBOL: Final = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
_OP_FAILED: Final = {">=": "<", ">": "<=", "<=": ">", "<": ">="}  # what an exact value that fails satisfies
_UNIT_OF_SUFFIX: Final = {
    "_pct": "%", "_um": "µm", "_g_cm3": "g/cm³", "_mpa": "MPa", "_mm": "mm", "_kw": "kW", "_mhz": "MHz",
    "_gpa": "GPa", "_cm2": "/cm²",
}  # fmt: skip


@functools.lru_cache(maxsize=64)
def _display_unit(param: Param) -> str:
    """Display unit, read off the parameter's name (purity_pct -> %, particle_size_um -> µm)."""
    return next((unit for suffix, unit in _UNIT_OF_SUFFIX.items() if param.endswith(suffix)), "")


def _format_number(x: float) -> str:
    return f"{x:.10g}"


def _append_unit(text: str, unit: str) -> str:
    return f"{text} {unit}".rstrip()


def _describe_requirement(c: Comparison) -> str:
    """The requirement in words: "≥ 99.99 %", "915 or 2450 MHz (± 5)", "≥ 120 × 120 × 50 mm"."""
    return _remembered(c, _build_requirement)


def _build_requirement(c: Comparison) -> str:
    unit = _display_unit(c.param)
    values = c.value if isinstance(c.value, list) else [c.value]
    if c.op == "in":
        tolerance = f" (± {_format_number(c.tolerance)})" if c.tolerance else ""
        return _append_unit(" or ".join(_format_number(v) for v in values), unit) + tolerance
    return f"{_OP_SYMBOL[c.op]} " + _append_unit(" × ".join(_format_number(v) for v in values), unit)


def _describe_value(v: Value, param: Param) -> str:
    """A value as stated: "99.8", "85–94", "≥ 99.95" (min 99.95 is read as [99.95, 100]), "< 50"."""
    if v.lo == v.hi:
        return _format_number(v.lo)
    percent_cap = param.endswith("_pct") and v.hi == 100
    if math.isinf(v.hi) or percent_cap:
        return f"{'>' if v.lo_open else '≥'} {_format_number(v.lo)}"
    if v.lo == 0:
        return f"{'<' if v.hi_open else '≤'} {_format_number(v.hi)}"
    return f"{_format_number(v.lo)}–{_format_number(v.hi)}"


def _compare(c: Comparison, params: Params, text: str) -> Evaluation:
    if c.param == "block_dims_mm":
        return _compare_block(c, params.blocks)
    values = params.composition.get(c.element or "", []) if c.param == "composition_pct" else params.get(c.param)
    unit = _display_unit(c.param)
    read_as = ""
    if not values and c.param == "composition_pct" and c.element:
        bound = _share_left(c.element, params.composition)
        if bound is not None:
            values = [bound]
        elif c.or_purity and (purities := params.get("purity_pct")):
            values, read_as = purities, ", a purity"
    if not values and c.param == "purity_pct" and c.op in (">=", ">"):
        mixture = find_mixture(text)  # only looked for here: few texts ever reach this line
        if mixture is not None:
            return Evaluation(
                NOT_MET,
                [f"{c.label}: a mixture of {', '.join(mixture.components)} ('{mixture.source}') is not "
                 f"{_describe_requirement(c)} pure"],
            )  # fmt: skip
    if not values:
        return Evaluation(UNKNOWN, [f"{c.label} not stated ({_describe_requirement(c)} required)"])
    value = min(values, key=lambda v: v.hi - v.lo)  # the most specific; the first of equals
    origin = f"from '{value.source}'{read_as}"
    if len(values) > 1:
        origin += f"; {len(values)} values stated, the most specific used"
    outcome = _judge(c, value)
    shown = _append_unit(_describe_value(value, c.param), unit)
    required = _describe_requirement(c)
    if outcome == UNKNOWN and (how := _failed_as_stated(c, value, purity=c.param == "purity_pct" or bool(read_as))):
        return Evaluation(NOT_MET, [f"{c.label} {shown} {how} {required} required ({origin})"])
    if c.op == "in":
        relation = {MET: "is", NOT_MET: "is not", UNKNOWN: "may or may not be"}[outcome]
        return Evaluation(outcome, [f"{c.label} {shown} {relation} {required} as required ({origin})"])
    if value.lo == value.hi and outcome != UNKNOWN:  # exact: "purity 99.8 % < 99.99 % required"
        op = c.op if outcome == MET else _OP_FAILED[c.op]
        threshold = _append_unit(_format_number(_single_threshold(c)), unit)
        return Evaluation(outcome, [f"{c.label} {shown} {_OP_SYMBOL[op]} {threshold} required ({origin})"])
    verb = {MET: "meets", NOT_MET: "fails", UNKNOWN: "may or may not meet"}[outcome]
    return Evaluation(outcome, [f"{c.label} {shown} {verb} {required} required ({origin})"])


_FORMULA: Final = re.compile(r"(?:[A-Z][a-z]?\d*)+")
_SYMBOL: Final = re.compile(r"[A-Z][a-z]?")


def _share_left(element: str, composition: dict[str, list[Value]]) -> Value | None:
    """An upper bound on ``element`` from the other components stated: "89-90 % WC, 10 % Co" leaves at most
    90 % W, so a "W ≥ 97 %" threshold fails although W itself is not given. Components that contain the
    element (WC for W) and keys that are not symbols or formulas are left out, so the bound stays safe."""
    others = {
        key: min(vals, key=lambda v: v.lo)
        for key, vals in composition.items()
        if _FORMULA.fullmatch(key) and element not in _SYMBOL.findall(key)
    }
    stated = sum(v.lo for v in others.values())
    if stated <= 0:
        return None
    sources = ", ".join(f"{key} {v.source}" for key, v in others.items())
    return Value(0.0, max(0.0, 100.0 - stated), f"other components: {sources}")


def _single_threshold(c: Comparison) -> float:
    if isinstance(c.value, list):  # the schema allows a list only with "in" or block_dims_mm
        raise ValueError(f"{c.param} {c.op}: expected one number, got {c.value}")
    return c.value


def _failed_as_stated(c: Comparison, v: Value, purity: bool) -> str | None:
    """How a value that the interval alone leaves open fails ``c`` by the way it is stated, in words that go
    between the value and the requirement; None when it does not. ``purity``: ``v`` is a purity, also where it
    stands for a metal content (``or_purity``)."""
    if _declared_grade_below(c, v, purity):
        return "is a declared minimum (the grade sold), below"
    if _declared_grade_above(c, v):
        return "is a declared maximum (the grade sold), above"
    if _size_range_mostly_above(c, v):
        return "is a size range mostly above the"
    return None


def _declared_grade_below(c: Comparison, v: Value, purity: bool) -> bool:
    """Whether a purity stated as a minimum ("99.8% min", "≥ 99.5 %", read as [99.8, 100]) is below a purity the
    list asks for (``purity``: ``v`` is a purity, also where it stands for a metal content: ``or_purity``). A
    minimum is the grade the goods are sold at: a seller of 99.99 % goods states 99.99 %, so "Sb2O3 99.8% min" is
    not antimony oxide of ≥ 99.99 %, nor "Mo powder, purity 96% min" powder of ≥ 97 % molybdenum, though the
    interval alone leaves it open. Not a share stated as a bound ("Ag-W with more than 60 % W" may hold 80 %)."""
    return purity and c.op in (">=", ">") and v.hi == 100 and v.lo < _single_threshold(c)


def _declared_grade_above(c: Comparison, v: Value) -> bool:
    """Whether a dislocation density stated as a maximum ("EPD ≤ 100 cm-2", read as [0, 100]) is above the one the
    list asks for. Like a purity's minimum, it is the grade the crystals are sold at: a seller of wafers under
    50 /cm² states that, so "EPD ≤ 100" are not they, though the interval alone leaves it open."""
    return c.param == "dislocation_density_cm2" and c.op in ("<", "<=") and v.lo == 0 and v.hi > _single_threshold(c)


def _size_range_mostly_above(c: Comparison, v: Value) -> bool:
    """Whether a powder's range of particle sizes ("45-90 µm", "-140+325 mesh") lies mostly above a size the list
    asks it not to exceed. Such a range is the span of the powder's particles (a sieve cut), not one size known
    loosely: when its middle is above the limit, neither its largest particles nor its typical one meet it. The
    middle is the geometric one, as sizes spread on a log scale: "1-100 µm" is mostly fine powder, "45-90 µm" is
    not. A range that straddles the limit otherwise ("15-53 µm") stays open."""
    return (
        c.param == "particle_size_um"
        and c.op in ("<=", "<")
        and 0 < v.lo < v.hi < math.inf
        and math.sqrt(v.lo * v.hi) > _single_threshold(c)
    )


def _judge(c: Comparison, v: Value) -> Outcome:
    """Met if every point of the interval satisfies the threshold, not met if none does."""
    if c.op == "in":
        targets = c.value if isinstance(c.value, list) else [c.value]
        windows = [(t - c.tolerance, t + c.tolerance) for t in targets]
        if any(a <= v.lo and v.hi <= b for a, b in windows):
            return MET
        disjoint = all(v.hi < a or v.lo > b or (v.hi == a and v.hi_open) or (v.lo == b and v.lo_open)
                       for a, b in windows)  # fmt: skip
        return NOT_MET if disjoint else UNKNOWN
    return _judge_order(c.op, _single_threshold(c), v)


def _judge_order(op: str, t: float, v: Value) -> Outcome:
    """``v op t`` for an interval ``v``; bounds count as excluded only where the value said so ("< 50")."""
    if op == ">=":
        every, none = v.lo >= t, v.hi < t or (v.hi == t and v.hi_open)
    elif op == ">":
        every, none = v.lo > t or (v.lo == t and v.lo_open), v.hi <= t
    elif op == "<=":
        every, none = v.hi <= t, v.lo > t or (v.lo == t and v.lo_open)
    elif op == "<":
        every, none = v.hi < t or (v.hi == t and v.hi_open), v.lo >= t
    else:
        raise ValueError(f"not an order comparison: {op!r}")
    return MET if every else NOT_MET if none else UNKNOWN


def _compare_block(c: Comparison, blocks: Sequence[Block]) -> Evaluation:
    """Edge by edge, both sides largest first: a 150 × 130 × 60 block holds a 120 × 120 × 50 one."""
    required = _describe_requirement(c)
    if not blocks:
        return Evaluation(UNKNOWN, [f"{c.label} not stated ({required} required)"])
    if c.op == "in":  # sizes are bounds; a list of admissible blocks is not something the schema means
        return Evaluation(UNKNOWN, [f"{c.label}: cannot compare a block with a list of sizes"])
    block = blocks[0]
    origin = f"from '{block.source}'" + (f"; {len(blocks)} blocks stated, the first used" if len(blocks) > 1 else "")
    thresholds = c.value if isinstance(c.value, list) else [c.value]
    shown = " × ".join(_format_number(e) for e in block.edges) + " mm"
    if len(block.edges) < len(thresholds):
        return Evaluation(UNKNOWN, [f"{c.label} {shown}: too few edges to compare with {required} ({origin})"])
    for edge, t in zip(block.edges, thresholds, strict=False):
        if _judge_order(c.op, t, Value(edge, edge, block.source)) == NOT_MET:
            failed = f"edge {_format_number(edge)} mm {_OP_SYMBOL[_OP_FAILED[c.op]]} {_format_number(t)} mm"
            return Evaluation(NOT_MET, [f"{c.label} {shown}: {failed} required ({origin})"])
    return Evaluation(MET, [f"{c.label} {shown} {required} required, edge by edge ({origin})"])


# -- mentions

_CJK: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@functools.lru_cache(maxsize=1024)
def _compile_term(term: str) -> re.Pattern[str]:
    """Latin terms match as whole words ("curved" is not in "uncurved"); CJK terms as plain substrings,
    since Chinese is written without spaces."""
    folded = _fold(term)
    if _CJK.search(folded):
        return re.compile(re.escape(folded))
    body = r"\s+".join(re.escape(part) for part in folded.split())
    return re.compile(rf"(?<![a-z0-9]){body}(?![a-z0-9])")


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _first_use(words: Sequence[str], folded: str) -> tuple[str | None, str | None]:
    """``(the first of words that folded text uses and does not deny, the first denial met before it)``."""
    denied: str | None = None
    for word in words:
        for hit in _compile_term(word).finditer(folded):
            denied_by = denial(folded, hit.start(), hit.end())
            if denied_by is None:
                return word, denied
            denied = denied or denied_by
    return None, denied


def _excluding_word(words: Sequence[str], text: str) -> str | None:
    """The first of ``words`` (a condition's ``unless``) that ``text`` uses and does not deny, else None."""
    return _first_use(words, _fold(text))[0]


# A constituent that the stated composition leaves at most this share for is not part of the goods: the
# alloying and doping additions the list names (Ni in W-Ni-Fe, Cu in copper-doped W) run to several %.
ABSENT_SHARE_PCT: Final = 1.0


def _find_mentions(m: Mentions, params: Params, text: str) -> Evaluation:
    used, denied = _first_use(m.mentions, _fold(text))
    if used is not None:
        return Evaluation(MET, [f"mentions '{used}'"])
    if denied is not None:
        return Evaluation(NOT_MET, [f"{m.label}: the text rules it out ('{denied}')"])
    if m.element:
        stated = [key for key, vals in params.composition.items() if m.element in _SYMBOL.findall(key)
                  and any(v.hi > 0 for v in vals)]  # fmt: skip
        if stated:  # "90W-7Ni-3Fe" names nickel as a share, not as a word
            return Evaluation(MET, [f"{m.label}: the composition states {stated[0]}"])
        left = _share_left(m.element, params.composition)
        if left is not None and left.hi <= ABSENT_SHARE_PCT:
            return Evaluation(
                NOT_MET,
                [f"{m.label}: not mentioned, and the composition leaves at most "
                 f"{_format_number(left.hi)} % for {m.element} ({left.source})"],
            )  # fmt: skip
    looked_for = ", ".join(f"'{t}'" for t in m.mentions)
    return Evaluation(UNKNOWN, [f"{m.label}: not mentioned (looked for {looked_for})"])
