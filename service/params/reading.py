"""The pass over one description: ``extract_params`` and ``_Reading``, which finds the numbers, reads the
notations among them (grades, mesh, alloys, "a x b x c" sizes) whole and every other number with its unit,
label and comparator, and collects the values into ``Params``.
"""

from __future__ import annotations

import logging
import math
import re

from service.controls.schema import Param
from service.params.normalise import _lower, prepare
from service.params.patterns import (
    _AFTER,
    _ALLOY,
    _ALLOY_START,
    _BEFORE,
    _CASED,
    _CASED_FORMULA,
    _COMPONENT,
    _DIGIT,
    _DIGITS,
    _GRADE,
    _KIND_OF_TERM,
    _NUMBER,
    _NUMBER_NO_MESH,
    _QTY,
    _fold,
)
from service.params.quantities import (
    _Label,
    _parse_unit,
    _pick_target,
    _pick_target_by_unit,
    _read_bounds,
    _Target,
    _tidy,
    _Unit,
)
from service.params.values import Block, Params, Value
from service.params.vocabulary import _ELEMENT_NAMES, _GASES, _MESH_UM, _PERCENTS, _SYMBOLS

# The package's name, which the logger had when this was one module: it is what the logs show and filter on.
log = logging.getLogger("service.params")

# The most an element stated beside the main one may hold to be an impurity of it rather than an alloying addition
# (oxygen, iron and carbon limits run to tenths of a per cent; the additions of the listed alloys to several %).
IMPURITY_SHARE_PCT = 1.0


def extract_params(text: str) -> Params:
    """Every parameter value stated in ``text``. Never raises: unreadable input gives empty ``Params``."""
    try:
        return _Reading(text).run()
    except Exception:  # the service must answer even on input nobody foresaw; the log says what broke
        log.exception("parameter extraction failed on %r", text[:200] if isinstance(text, str) else type(text))
        return Params()


class _Reading:
    """One pass over one description, and the values found."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.norm, self.index = prepare(text)
        self.low = _lower(self.norm)
        self.rev = self.low[::-1]
        self.claims: list[tuple[int, int]] = []
        self.found: list[tuple[int, Param, Value]] = []
        self.comp: list[tuple[int, str, Value]] = []
        # Positions in ``comp`` of shares read from a designation by convention ("CuW70"): after the shares the text
        # states element by element, whatever their order in the text (``collect``).
        self.by_convention: set[int] = set()
        self.blocks: list[tuple[int, Block]] = []
        self.barrier = 0  # where the previous reading ended: a label must end, a comparator start, after it
        self.used: set[int] = set()  # labels taken from after a number, which the next number may not take

    def run(self) -> Params:
        if not _DIGIT.search(self.norm):
            return Params()
        for hint in _ALLOY_START.finditer(self.norm):
            if (m := _ALLOY.match(self.norm, hint.start())) is not None:
                self.read_alloy(m)
        low, pos = self.low, 0
        number = _NUMBER if "mesh" in low or "目" in low else _NUMBER_NO_MESH
        # Numbers are found by their digits (a fast scan); the reading pattern is then tried where each
        # starts, including a sign or point just before it ("-325 mesh", ".9999").
        for d in _DIGITS.finditer(low):
            start = d.start()
            if start < pos:
                continue
            m = None
            back = start - 1 if start and low[start - 1] in "-+−." else start
            if back > pos and low[back - 1 : back] == " " and low[back - 2 : back - 1] in ("-", "+", "−"):
                back -= 2  # "- 325 mesh"
            if back < start and back >= pos:
                m = number.match(low, back)
            if m is None:
                m = number.match(low, start)
            if m is None:
                continue
            kind, pos = m.lastgroup, m.end()
            if self.claims and any(s < pos and m.start() < e for s, e in self.claims):
                continue  # inside a formula read already (an alloy's shares, a compound's subscripts)
            if kind == "qty":
                self.read_quantity(m)
            elif self.read_notation(m, kind):
                self.barrier = pos
            elif kind == "mesh":
                continue  # a sieve not known: none of it is read ("-999+400 mesh" read alone would be 37 µm)
            elif (q := _QTY.match(low, start)) is not None:
                # Not a notation after all ("2 x 4-inch" is no block, 123 no sieve): read the number alone.
                self.read_quantity(q)
                pos = q.end("q")
        return self.collect()

    def collect(self) -> Params:
        out = Params()
        for _, param, value in sorted(self.found, key=lambda f: f[0]):
            out.values.setdefault(param, []).append(value)
        # A share stated for its element ("W80%") comes before one a designation gives by convention: "WCu80 (W80%
        # Cu20%)" states 80 % W, where "WCu80" read as "CuW70" is (the number the last element's) gives 20 %. Of
        # equally specific values, the rules take the first (``service.rules``).
        order = sorted(range(len(self.comp)), key=lambda i: (i in self.by_convention, self.comp[i][0]))
        for i in order:
            _, element, value = self.comp[i]
            out.composition.setdefault(element, []).append(value)
        out.blocks = [b for _, b in sorted(self.blocks, key=lambda b: b[0])]
        # A percentage tied to the one material named ("Sb 99.60% min", "Sb2O3 99.8%") is its purity too, and so
        # is it when the other elements stated are impurities ("Mo 99.95%, O ≤ 0.15%"), not alloying additions
        # ("W 97%, Ni 2%, Fe 1%" is an alloy, its tungsten no purity).
        if out.composition and "purity_pct" not in out.values:
            main = [(el, high) for el, vals in out.composition.items() if (high := [v for v in vals if v.lo >= 90])]
            if len(main) == 1 and all(
                v.hi <= IMPURITY_SHARE_PCT for el, vals in out.composition.items() if el != main[0][0] for v in vals
            ):
                out.values["purity_pct"] = main[0][1]
        return out

    def quote(self, start: int, end: int) -> str:
        if self.index is None:
            return self.text[start:end].strip()
        return self.text[self.index[start] : self.index[end - 1] + 1].strip()

    def add(self, param: Param, start: int, end: int, lo: float, hi: float, lo_open: bool = False,
            hi_open: bool = False, element: str | None = None) -> None:  # fmt: skip
        if not (0 <= lo <= hi) or math.isinf(lo):
            return
        if param in _PERCENTS:
            if lo > 100:
                return
            if hi >= 100:  # a share is at most 100 %: "min 99.95" is [99.95, 100]
                hi, hi_open = 100.0, False
        value = Value(lo, hi, self.quote(start, end), lo_open, hi_open)
        if param == "composition_pct":
            self.comp.append((start, element or "?", value))
        else:
            self.found.append((start, param, value))

    def identify(self, start: int, end: int) -> _Label | None:
        """What a label found lower-case is, checking the case where it matters (symbols, "L", "ID")."""
        written = self.norm[start:end]
        folded = _fold(written)
        kind = _KIND_OF_TERM.get(folded)
        if kind is not None:
            if folded in _CASED and written != _CASED[folded]:
                return None
            return _Label(kind, _ELEMENT_NAMES.get(folded, written))
        return _Label("element", written) if _CASED_FORMULA.fullmatch(written) else None

    def look_before(self, start: int) -> tuple[str | None, int, _Label | None, int, str | None]:
        """The comparator kind, where the reading starts (at the comparator, else the number), the label and
        where it starts, and (for "tungsten content") the element, before the number at ``start``."""
        low, k = self.low, start - 1
        while k >= 0 and low[k] == " ":
            k -= 1
        if k < 0 or low[k] in ",;":
            return None, start, None, start, None  # nothing before it but a list separator
        n = len(low)
        b = _BEFORE.match(self.rev, n - start)
        if b is None:
            return None, start, None, start, None
        cmp_kind, src_start = None, start
        if b["cmp"] and n - b.end("cmp") >= self.barrier:
            cmp_kind, src_start = _KIND_OF_TERM.get(_fold(b["cmp"][::-1])), n - b.end("cmp")
        label_start = n - b.end("label") if b["label"] else -1
        # No label that ends inside the previous reading ("0.2% proof stress" ends after "0.2%": it may
        # count), nor one the previous number took as its trailing label ("90% W 7% Ni": W is taken).
        if label_start < 0 or n - b.start("label") < self.barrier or label_start in self.used:
            return cmp_kind, src_start, None, start, None
        label = self.identify(label_start, n - b.start("label"))
        element = None
        if label is not None and label.kind in ("content", "purity_pct") and b["el"]:
            el = self.identify(n - b.end("el"), n - b.start("el"))
            element = el.key if el is not None and el.kind == "element" else None
        if label is not None and label.kind == "content" and element is None:
            label = None  # "oxygen content ≤ 0.1 %" is an impurity: read it as if unlabelled
        return cmp_kind, src_start, label, label_start, element

    # -- notations

    def read_alloy(self, m: re.Match[str]) -> None:
        """W-7Ni-3Fe (one part may be left for the remainder), W90Ni7Fe3, CuW70 (70 % W), Ag/W 25/75."""
        written = m.group()
        if m["slash"]:
            names = re.split(r"\s?[-–/]\s?", written[: m.start("shares") - m.start()].strip(" :("))
            shares = [float(n) for n in m["shares"].split("/")]
            if len(names) == len(shares):
                self.add_alloy(m.start(), m.end(), list(zip(names, shares, strict=True)))
            return
        components = list(_COMPONENT.finditer(written))
        if not _DIGIT.search(written) or "".join(c.group() for c in components) != re.sub("[-–]", "", written):
            return  # GaAs or Nd-Fe-B name no shares; "Plate2" is no formula (symbols are checked as written)
        parts = [(c["el"], float(c["n"] or c["m"]) if c["n"] or c["m"] else None) for c in components]
        # CuW70 is 70 % W and the rest Cu; SmCo5 and GeO2 are compounds
        cu_w70 = len(parts) == 2 and parts[0][1] is None and 10 <= (parts[1][1] or 0) < 100
        first = len(self.comp)
        if (cu_w70 or not m["formula"] or len(parts) != 2 or parts[0][1] is not None) and self.add_alloy(
            m.start(), m.end(), parts
        ):
            if cu_w70:
                self.by_convention.update(range(first, len(self.comp)))
            return
        if m["formula"]:
            self.claims.append(m.span())  # a compound: its digits are subscripts, not quantities

    def add_alloy(self, start: int, end: int, parts: list[tuple[str, float | None]]) -> bool:
        """Record a composition given part by part, if it is one: distinct elements, none a gas ("N48H" is a
        magnet grade), at most one share left for the remainder, shares adding to 100 (Sb2O3 and Sm2Co17 do
        not)."""
        if len(parts) < 2 or len({el for el, _ in parts}) != len(parts) or \
                not all(el in _SYMBOLS and el not in _GASES for el, _ in parts):  # fmt: skip
            return False
        missing = sum(1 for _, n in parts if n is None)
        total = sum(n for _, n in parts if n is not None)
        if missing > 1 or missing == len(parts) or not (0 < total < 100 if missing else 99 <= total <= 101):
            return False
        for element, share in parts:
            value = 100.0 - total if share is None else share
            self.add("composition_pct", start, end, value, value, element=element)
        self.claims.append((start, end))
        return True

    def read_notation(self, m: re.Match[str], kind: str | None) -> bool:
        start, end = m.span()
        if kind == "grade":
            written = self.norm[start:end]
            if written[1] != "N":
                return False
            self.add("purity_pct", start, end, _grade_value(written), 100.0)  # a grade is a minimum
            return True
        if kind == "nines":  # the count of nines, as a grade: "6个9" is 6N, 99.9999 %
            lo = float("99." + "9" * (int(self.norm[start]) - 2))
            self.add("purity_pct", start, end, lo, 100.0)
            return True
        if kind == "mesh":
            return self.read_mesh(m)
        if kind == "dims":
            return self.read_dims(m)
        parts = [(c["el"], float(c["n"] or c["m"]) if c["n"] or c["m"] else None)
                 for c in _COMPONENT.finditer(self.norm[start:end])]  # fmt: skip
        return self.add_alloy(start, end, parts)  # 90W-7Ni-3Fe

    def read_mesh(self, m: re.Match[str]) -> bool:
        """Mesh -> sieve opening: "-325 mesh" passed the sieve (≤ 44 µm), "+80 mesh" stayed on it (≥ 177 µm)."""
        a = _MESH_UM.get(int(m["ma"]))  # int() is safe: at most five digits
        b = _MESH_UM.get(int(m["mb"])) if m["mb"] else None
        if a is None or (m["mb"] and b is None):
            return False
        if b is not None:
            lo, hi = min(a, b), max(a, b)
        elif m["sign"] in ("-", "−"):
            lo, hi = 0.0, a
        elif m["sign"] == "+":
            lo, hi = a, math.inf
        else:
            lo = hi = a
        self.add("particle_size_um", m.start(), m.end(), lo, hi)
        return True

    def read_dims(self, m: re.Match[str]) -> bool:
        """Read "150 x 130 x 60 mm" as a block and "Ø150 x 300 mm" as a cylinder's diameter and length."""
        _, _, label, label_start, _ = self.look_before(m.start())
        round_ = label is not None and label.kind == "diameter_mm"
        start = m.start()
        units = (m["dua"], m["dub"], m["duc"])
        last_unit = _parse_unit(next((u for u in reversed(units) if u), "mm"))
        sizes = []
        for raw, unit in zip((m["da"], m["db"], m["dc"]), units, strict=True):
            if raw is not None:
                info = _parse_unit(unit) or last_unit
                sizes.append(_tidy(float(raw) * (info.factor if info else 1.0)))
        end = m.end()
        if round_ and len(sizes) == 2:
            start = label_start
            self.add("diameter_mm", start, end, sizes[0], sizes[0])
            self.add("length_mm", start, end, sizes[1], sizes[1])
        elif not round_ and len(sizes) == 3 and not m["dl"]:
            self.blocks.append((start, Block(tuple(sorted(sizes, reverse=True)), self.quote(start, end))))
        else:
            return False
        return True

    # -- single numbers

    def read_quantity(self, m: re.Match[str]) -> None:
        """Record one number with its unit, named by the label before it or else the one after it."""
        low, (start, end) = self.low, m.span("q")
        a, u, ua, upm, up = m.group("a", "u", "ua", "upm", "up")
        u = u or upm or ua or up  # a range or tolerance gives its unit after the second number; "99.9+%" after the +
        unit = _parse_unit(u)
        cmp_kind, src_start, pre, label_start, element = self.look_before(start)
        # A number that states nothing ("3" in "Sb2O3 min 99.95 %") keeps no "min" after it from the next.
        self.barrier = m.end("a")
        if u and unit is None:
            return
        after = _AFTER.match(low, end) if unit is not None and unit.kind != "pct" else None
        post = self.identify(after.start("post"), after.end("post")) if after else None
        if (post is not None and post.kind == "skip") or (pre is not None and pre.kind == "skip"):
            return  # "500 µm thick", "thickness 0.5 mm"
        if pre is not None and pre.kind == "at":  # "at 10.6 µm" is a wavelength; "at 2.45 GHz" a frequency
            if unit is not None and unit.kind in ("fine", "length"):
                return
            pre = None
        if unit is None and _is_fraction_purity(a, pre, element):
            unit, pre = _Unit("pct", 100.0), None
        elif (
            unit is None and pre is not None and pre.kind == "element" and _BARE_SHARE.fullmatch(a)
            and not low[start - 1 : start].isalpha()
        ):  # fmt: skip
            unit = _Unit("pct", 1.0)  # "Mo 99.7 min", "Sb: 99.65": a main constituent's share, its "%" left out
        percent_like = (unit is not None and unit.kind == "pct") or (pre is not None and pre.kind.endswith("_pct"))
        bounds = _read_bounds(m, cmp_kind, percent_like)
        if bounds is None:
            return
        lo, hi, lo_open, hi_open = bounds
        if pre is not None and pre.kind == "ash":
            # "ash 0.3 %", "灰分≤50ppm": the purity is what is not ash, its bounds the ash's turned round.
            # Without a unit, a percentage, unless a word follows (a unit not read here: "fly ash 20 kg").
            unitless = unit is None and not _WORD_NEXT.match(low, end)
            share = 1.0 if unitless or (unit and unit.kind == "pct") else 1e-4 if unit and unit.kind == "ppm" else None
            if share is not None and hi * share <= 100:  # quoted from the label: "(from 'ash 0.3%')"
                purity = _tidy(100 - hi * share), _tidy(100 - lo * share)
                self.add("purity_pct", label_start, end, *purity, hi_open, lo_open)
                self.barrier = end
            return
        target = None
        if element is not None:
            target = _Target("composition_pct", 1.0, element) if unit is None or unit.kind == "pct" else None
        elif pre is not None:
            target = _pick_target(unit, pre)
        if target is None and unit is not None:  # "99.99% pure", "97% W"; not the 3 of "Sb2O3 pure"
            if after is None and (after := _AFTER.match(low, end)) is not None:
                post = self.identify(after.start("post"), after.end("post"))
            target = _pick_target(unit, post) if post is not None else None
            if target is not None and after is not None:
                self.used.add(after.start("post"))
        if target is None:  # no label, or one that does not fit the unit ("wafer 99.999 %")
            target = _pick_target_by_unit(unit, lo, hi)
        if target is None:
            return
        if target.param == "purity_pct" and unit is None and hi < 50:
            # "purity of 5n", "PURITY 2n5": a grade in lower case, which alone could be anything ("5n" is read as a
            # grade only in capitals). Otherwise ("purity 4 N", "纯度4NDyI3") no material is 4 % pure: unknown is
            # better than a value that fails every threshold.
            grade = _LOWER_GRADE.match(low, m.start("a"))
            if grade is not None:
                self.add("purity_pct", src_start, grade.end(), _grade_value(grade.group()), 100.0)
                self.barrier = grade.end()
            return
        f = target.factor
        if f != 1:
            lo, hi = _tidy(lo * f), _tidy(hi * f)
        self.add(target.param, src_start, end, lo, hi, lo_open, hi_open, target.element)
        self.barrier = end


_WORD_NEXT = re.compile(r"\s{0,3}[^\W\d_]")
# A share without its unit, read after an element's symbol only where nothing else fits: a number from 90 to 99.9…
# with decimals, apart from the symbol. A whole number ("W 95") could as well be a width or a count, and a letter
# against the number may be no symbol ("P99.99" is a purity as often as phosphorus).
_BARE_SHARE = re.compile(r"9[0-9]\.[0-9]+")


def _is_fraction_purity(number: str, label: _Label | None, element: str | None) -> bool:
    """A purity written as a fraction, without a unit: ".9999" anywhere; any "0.…" after a purity label
    ("purity 0.9999", "assay 0.98": never 0.9999 % or 0.98 %); without a label, "0.99…" with at least four
    decimals ("ingot 0.99995"), where a shorter number could be anything."""
    if number.startswith(".99"):
        return True
    if element is not None:
        return False
    if label is not None:
        return label.kind == "purity_pct" and number.startswith(("0.", "."))
    return number.startswith("0.99") and len(number) >= 6


_LOWER_GRADE = re.compile(_GRADE)


def _grade_value(written: str) -> float:
    """The purity a grade states, in %: "5N" 99.999, "4N5" 99.995 (either case)."""
    return float("99." + "9" * (int(written[0]) - 2) + written[2:])
