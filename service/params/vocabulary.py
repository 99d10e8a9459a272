"""The vocabulary extraction is driven by: element names, the symbols allowed in formulas, the label and
comparator words for each parameter, the groups of parameters that decide which labels and units fit
together, unit spellings with their factors, and the sieve (mesh) table. Data only: ``patterns`` compiles it,
``quantities`` and ``reading`` consult it. Nothing here knows about particular controlled items.
"""

from __future__ import annotations

from typing import Final

_ELEMENT_NAMES: Final[dict[str, str]] = {
    "tungsten": "W", "wolfram": "W", "molybdenum": "Mo", "silver": "Ag", "copper": "Cu", "nickel": "Ni",
    "iron": "Fe", "cobalt": "Co", "antimony": "Sb", "bismuth": "Bi", "gallium": "Ga", "germanium": "Ge",
    "indium": "In", "tellurium": "Te", "scandium": "Sc", "yttrium": "Y", "dysprosium": "Dy", "terbium": "Tb",
    "gadolinium": "Gd", "samarium": "Sm", "lutetium": "Lu", "aluminium": "Al", "aluminum": "Al",
    "magnesium": "Mg", "neodymium": "Nd", "praseodymium": "Pr", "cerium": "Ce", "lanthanum": "La",
    "rhenium": "Re", "tantalum": "Ta", "niobium": "Nb", "chromium": "Cr", "titanium": "Ti", "zinc": "Zn",
    "carbon": "C",
    "钨": "W", "钼": "Mo", "银": "Ag", "铜": "Cu", "镍": "Ni", "铁": "Fe", "钴": "Co", "锑": "Sb", "铋": "Bi",
    "镓": "Ga", "锗": "Ge", "铟": "In", "碲": "Te", "钪": "Sc", "钇": "Y", "镝": "Dy", "铽": "Tb", "钆": "Gd",
    "钐": "Sm", "镥": "Lu", "铝": "Al", "镁": "Mg", "钕": "Nd", "铼": "Re", "钽": "Ta", "铌": "Nb", "碳": "C",
}  # fmt: skip

# Symbols that may appear in formulas and alloy notations. Exotic ones are left out on purpose: "At", "Ts" or
# "Po" would turn ordinary words and abbreviations into chemistry.
_SYMBOLS: Final[frozenset[str]] = frozenset((
    "H", "B", "C", "N", "O", "F", "P", "S", "K", "V", "Y", "W", "I", "U", "Li", "Be", "Na", "Mg", "Al", "Si", "Cl",
    "Ca", "Sc", "Ti", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Sr", "Zr", "Nb",
    "Mo", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "Ba", "La", "Ce", "Pr", "Nd", "Sm", "Eu", "Gd",
    "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu", "Hf", "Ta", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi",
))  # fmt: skip
# Elements that are gases: no alloy is made of them, so "N48H" (a magnet grade) is not 48 % N and the rest H.
_GASES: Final[frozenset[str]] = frozenset(("H", "N", "O", "F", "Cl"))

# Label kinds are parameter names where the label names one; the others are "content" ("tungsten content"),
# "element", "skip" (a quantity the service does not read, e.g. thickness or wavelength: the number after it is
# not to be guessed at) and the comparators ge/gt/le/lt/approx.
_TERMS: Final[dict[str, tuple[str, ...]]] = {
    "purity_pct": ("purity", "pure", "assay", "纯度"),
    "content": ("content", "含量"),
    # What is left when graphite or carbon burns: the impurity, so the purity is its complement ("ash 0.3 %").
    "ash": ("ash content", "ash", "灰分", "灰份"),
    "particle_size_um": (
        "average particle size", "mean particle size", "particle size", "grain size", "particle", "d10", "d50",
        "d90", "dv50", "fsss", "f.s.s.s.", "fisher size", "fisher", "aps", "平均粒度", "费氏粒度", "粒度", "粒径",
    ),
    "density_g_cm3": ("bulk density", "apparent density", "tap density", "density", "体积密度", "密度"),
    "flexural_strength_mpa": (
        "flexural strength", "bending strength", "transverse rupture strength", "trs", "flexural", "抗折强度",
        "抗弯强度", "弯曲强度", "抗折",
    ),
    "tensile_strength_mpa": ("ultimate tensile strength", "tensile strength", "uts", "Rm", "抗拉强度"),
    "elastic_limit_mpa": (
        "elastic limit", "yield strength", "yield stress", "yield point", "0.2% proof stress",
        "0.2% proof strength", "proof stress", "proof strength", "Rp0.2", "弹性极限", "屈服强度",
    ),
    "elongation_pct": ("elongation at break", "elongation", "伸长率", "延伸率"),
    "transmittance_pct": ("transmittance", "transmission", "transmissivity", "透过率", "透光率", "透射率"),
    "dislocation_density_cm2": ("dislocation density", "etch pit density", "epd", "位错密度"),
    "pressure_gpa": ("pressure", "压力"),
    "bore_mm": ("cylinder bore", "bore diameter", "cylinder diameter", "bore", "缸径"),
    "wall_thickness_mm": ("wall thickness", "wall", "壁厚"),
    "inner_diameter_mm": ("inner diameter", "inside diameter", "internal diameter", "ID", "I.D.", "内径"),
    "diameter_mm": (
        "outer diameter", "outside diameter", "diameter", "dia.", "dia", "OD", "O.D.", "Ø", "ø", "⌀", "φ", "Φ",
        "wafer", "window", "disc", "disk", "直径", "外径", "晶圆", "晶片",
    ),
    "length_mm": ("length", "long", "L", "长度"),
    "at": ("at",),  # before a wavelength ("70 % at 10.6 µm"), not a size
    "skip": (
        "modulus", "hardness", "thickness", "thick", "width", "height", "wavelength", "λ", "temperature",
        "weight", "厚度", "宽度", "高度", "波长", "温度", "重量",
    ),
    "ge": (
        "≥", ">=", "=>", "≧", "⩾", "not less than", "no less than", "at least", "minimum", "min", "min.",
        "不低于", "不小于", "大于等于", "大于或等于",
    ),
    "gt": (">", "more than", "greater than", "higher than", "over", "above", "exceeding", "大于", "高于", "超过"),
    "le": (
        "≤", "<=", "=<", "≦", "⩽", "not more than", "no more than", "not exceeding", "not greater than", "up to",
        "maximum", "max", "max.", "不高于", "不大于", "不超过", "小于等于", "小于或等于",
    ),
    "lt": ("<", "less than", "lower than", "below", "under", "smaller than", "finer than", "小于", "低于"),
    "approx": ("~", "≈", "approx", "approx.", "approximately", "about", "ca.", "约"),
}  # fmt: skip

_COMPARATORS: Final = frozenset({"ge", "gt", "le", "lt", "approx"})
_DIMENSIONS: Final[frozenset[str]] = frozenset(
    {"diameter_mm", "inner_diameter_mm", "wall_thickness_mm", "length_mm", "bore_mm"}
)
_STRENGTHS: Final[frozenset[str]] = frozenset({"flexural_strength_mpa", "elastic_limit_mpa", "tensile_strength_mpa"})
_PERCENTS: Final[frozenset[str]] = frozenset({"purity_pct", "composition_pct", "elongation_pct", "transmittance_pct"})
# Labels whose number may come without a unit: "Ø150", "FSSS 2.5", "EPD < 500", "purity 99.95".
_UNITLESS: Final[frozenset[str]] = (
    _DIMENSIONS | _STRENGTHS | {"particle_size_um", "density_g_cm3", "dislocation_density_cm2"}
)
# Words that may also follow their number ("99.99% pure", "300 mm long", "97% W", "500 µm thick"); "at" or
# "wavelength" may not: in "6 kW at 2.45 GHz" the "at" belongs to the frequency.
_POST_KINDS: Final[frozenset[str]] = frozenset({"purity_pct", "transmittance_pct", "elongation_pct"} | _DIMENSIONS)
_POST_SKIP: Final = ("thickness", "thick", "厚度", "厚")

# Unit spellings -> (kind, factor to the kind's base unit). Keys are lower-cased, spaces and "^" removed,
# µ/μ spelled "u". Base units: % ; g/cm³ ; MPa (stress) ; GPa ; kW ; MHz ; /cm² ; µm (fine) ; mm (length).
_UNITS: Final[dict[str, tuple[str, float]]] = {
    "%": ("pct", 1.0), "wt%": ("pct", 1.0), "wt.%": ("pct", 1.0), "percent": ("pct", 1.0), "pct": ("pct", 1.0),
    "g/cm3": ("density", 1.0), "g/cc": ("density", 1.0), "g/ml": ("density", 1.0), "gcm-3": ("density", 1.0),
    "g/cm-3": ("density", 1.0), "kg/m3": ("density", 0.001),
    "mpa": ("stress", 1.0), "n/mm2": ("stress", 1.0), "兆帕": ("stress", 1.0), "psi": ("stress", 0.00689476),
    "ksi": ("stress", 6.89476), "kgf/mm2": ("stress", 9.80665),
    "gpa": ("gpa", 1.0), "吉帕": ("gpa", 1.0), "kbar": ("pressure", 0.1),
    "kw": ("power", 1.0), "kilowatt": ("power", 1.0), "kilowatts": ("power", 1.0), "千瓦": ("power", 1.0),
    "w": ("power", 0.001), "watt": ("power", 0.001), "watts": ("power", 0.001),
    "ppm": ("ppm", 1.0),  # read only as an ash content: an impurity's "Fe 20 ppm" is not a parameter here
    "mhz": ("freq", 1.0), "ghz": ("freq", 1000.0), "khz": ("freq", 0.001), "兆赫": ("freq", 1.0),
    "cm-2": ("per_area", 1.0), "cm−2": ("per_area", 1.0), "/cm2": ("per_area", 1.0), "percm2": ("per_area", 1.0),
    "um": ("fine", 1.0), "u": ("fine", 1.0), "micron": ("fine", 1.0), "microns": ("fine", 1.0),
    "micrometer": ("fine", 1.0), "micrometers": ("fine", 1.0), "micrometre": ("fine", 1.0),
    "micrometres": ("fine", 1.0), "微米": ("fine", 1.0), "nm": ("fine", 0.001), "纳米": ("fine", 0.001),
    "mm": ("length", 1.0), "毫米": ("length", 1.0), "cm": ("length", 10.0), "厘米": ("length", 10.0),
    "m": ("length", 1000.0), "米": ("length", 1000.0), "in": ("inch", 25.4), "in.": ("inch", 25.4),
    "inch": ("inch", 25.4), "inches": ("inch", 25.4), "英寸": ("inch", 25.4), '"': ("inch", 25.4),
    "″": ("inch", 25.4), "′′": ("inch", 25.4), "''": ("inch", 25.4),
}  # fmt: skip

# US standard sieve: mesh number -> opening in µm; and three Tyler numbers that powder sheets use and the US series
# lacks (65, 150, 250: 208, 104, 61 µm). A number in neither is not read: "-150+400 mesh" read as its second sieve
# alone was 37 µm exactly.
_MESH_UM: Final[dict[int, float]] = {
    4: 4760.0, 5: 4000.0, 6: 3360.0, 7: 2830.0, 8: 2380.0, 10: 2000.0, 12: 1680.0, 14: 1410.0, 16: 1190.0,
    18: 1000.0, 20: 841.0, 25: 707.0, 30: 595.0, 35: 500.0, 40: 420.0, 45: 354.0, 50: 297.0, 60: 250.0, 65: 208.0,
    70: 210.0, 80: 177.0, 100: 149.0, 120: 125.0, 140: 105.0, 150: 104.0, 170: 88.0, 200: 74.0, 230: 63.0,
    250: 61.0, 270: 53.0,
    325: 44.0, 400: 37.0, 450: 32.0, 500: 25.0, 625: 20.0, 635: 20.0, 800: 18.0, 1000: 13.0, 1250: 10.0,
    2000: 6.5, 3000: 5.0, 5000: 2.6, 8000: 1.6,
}  # fmt: skip
