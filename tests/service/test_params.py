"""Parameter extraction: each written form, and properties over generated values and arbitrary text."""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from service import params as params_module
from service.controls.schema import Param
from service.params import Params, Value, extract_params


@pytest.fixture(autouse=True, scope="module")
def _fail_on_swallowed_errors() -> Iterator[None]:
    """extract_params logs and swallows any error so the service keeps answering; here an error must fail."""

    def fail(message: str, *args: object, **_: object) -> None:
        raise AssertionError(message % args)

    original = params_module.log.exception
    params_module.log.exception = fail  # type: ignore[method-assign,assignment]
    yield
    params_module.log.exception = original  # type: ignore[method-assign]


def one(text: str, param: Param) -> Value:
    """The single value of ``param`` read from ``text``."""
    values = extract_params(text).get(param)
    assert len(values) == 1, f"{text!r}: {param} = {values}"
    return values[0]


def interval(text: str, param: Param) -> tuple[float, float]:
    v = one(text, param)
    return v.lo, v.hi


def share(text: str, element: str) -> tuple[float, float]:
    values = extract_params(text).composition.get(element, [])
    assert len(values) == 1, f"{text!r}: {element} = {values}"
    return values[0].lo, values[0].hi


def approx(pair: tuple[float, float]) -> object:
    return pytest.approx(pair)


# -- purity


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("99.99%", (99.99, 99.99)),
        ("Sb2O3 99.99 %", (99.99, 99.99)),
        ("99,999 %", (99.999, 99.999)),  # decimal comma
        ("4N antimony ingot", (99.99, 100)),  # a grade is a minimum
        ("5N gallium", (99.999, 100)),
        ("6N", (99.9999, 100)),
        ("7N germanium", (99.99999, 100)),
        ("4N5", (99.995, 100)),
        ("5N5 indium", (99.9995, 100)),
        ("3N8 bismuth", (99.98, 100)),
        ("fine silver .9999", (99.99, 99.99)),
        ("purity 0.9999", (99.99, 99.99)),  # a fraction after a purity label: never 0.9999 %
        ("99.99 percent", (99.99, 99.99)),  # was read as "per cm²"
        ("purity 99.995 per cent", (99.995, 99.995)),
        ("assay 0.98", (98.0, 98.0)),
        ("纯度 0.99999", (99.999, 99.999)),
        ("assay 0.9995 min", (99.95, 100)),
        ("indium ingot 0.99995", (99.995, 99.995)),  # unlabelled: 0.99 and at least four decimals
        ("purity 99.95", (99.95, 99.95)),
        ("纯度≥99.99%", (99.99, 100)),
        ("纯度不低于99.99%", (99.99, 100)),
        ("99.9%以上", (99.9, 100)),
        ("Sb 99.60% min", (99.6, 100)),
        ("min 99.95%", (99.95, 100)),
        ("≥99.95%", (99.95, 100)),
        ("at least 99.9 %", (99.9, 100)),
        ("99.95% min", (99.95, 100)),
        ("99.99%+", (99.99, 100)),
        ("99.9+%", (99.9, 100)),  # the plus before the unit
        ("纯度6个9", (99.9999, 100)),  # "six nines": was read as purity 6 %
        ("5 nines gallium", (99.999, 100)),
        ("with a purity of 5n.", (99.999, 100)),  # a lower-case grade after a purity label: was purity 5 %
        ("PURITY 2n5 - for alloys", (99.5, 100)),
        ("Sb2O3 99.8+ %", (99.8, 100)),
        ("assay: 99.5%", (99.5, 99.5)),
        ("99.999% pure", (99.999, 99.999)),
        ("ＧａＡｓ ９９．９９９％", (99.999, 99.999)),  # full width
        ("Antimony ingot. Purity, %: 99.995", (99.995, 99.995)),  # a spec sheet's "label, unit:": was unread
        ("purity, % 99.65 min", (99.65, 100)),
    ],
)
def test_purity(text: str, expected: tuple[float, float]) -> None:
    assert interval(text, "purity_pct") == approx(expected)


def test_open_lower_bound_is_marked_open() -> None:
    for text in ("more than 99.9%", "over 99.9%", "> 99.9 %"):
        v = one(text, "purity_pct")
        assert (v.lo, v.hi, v.lo_open) == (99.9, 100, True), text


def test_source_is_the_exact_span_of_the_original_text() -> None:
    assert one("纯度≥９９．９９％ 粉末", "purity_pct").source == "≥９９．９９％"
    assert one("Antimony trioxide, purity 99.8% min, 25 kg bags", "purity_pct").source == "99.8% min"


def test_a_comma_ends_a_label_unless_the_unit_follows_it() -> None:
    """'Purity, %: 99.995' names the unit; 'purity, 99.99' may be two list entries (no unit, no label)."""
    assert interval("Purity, %: 99.995", "purity_pct") == approx((99.995, 99.995))
    assert extract_params("purity, 99.99").get("purity_pct") == []


@pytest.mark.parametrize("text", ["purity 4 N", "purity 6", "纯度4NDyI3 粉末", "5n"])
def test_an_implausible_purity_is_not_read(text: str) -> None:
    """No material is 4 % pure: unknown (review) rather than a value that fails every purity threshold."""
    assert extract_params(text).get("purity_pct") == []


@pytest.mark.parametrize("text", ["price 0.99", "indium ingot 0.999", "qty 0.995", "thickness 0.9995 mm", "Fe 0.9999"])
def test_a_number_below_one_is_a_fraction_purity_only_when_it_says_so(text: str) -> None:
    assert extract_params(text).get("purity_pct") == []


def test_percent_spelled_out_is_never_a_dislocation_density() -> None:
    found = extract_params("yttrium oxide with approximately .25 percent sintering aid, 30 percent porosity")
    assert found.get("dislocation_density_cm2") == []
    assert extract_params("EPD < 500 per cm2").get("dislocation_density_cm2") == [
        Value(0, 500, "< 500 per cm2", hi_open=True)
    ]


def test_a_power_of_ten_is_read_as_its_value_and_quoted_as_written() -> None:
    # "~1×10^3 cm^-2" read as 1 /cm² met a dislocation density below 50.
    for written, value in [
        ("2×10^3 cm^-2", 2000.0), ("5 x 10^-1 cm-2", 0.5), ("4×10³ cm⁻²", 4000.0), ("10^4/cm2", 10000.0),
        ("1.5*10**2 cm-2", 150.0),
    ]:  # fmt: skip
        assert extract_params(f"InSb wafer, EPD {written}, Te doped").get("dislocation_density_cm2") == [
            Value(value, value, written)
        ], written
    # a size is no power, nor is a product code's E
    assert extract_params("plate 2 x 10 mm").get("dislocation_density_cm2") == []
    assert extract_params("EPD 800 cm-2, lot 2E10X").get("dislocation_density_cm2") == [Value(800, 800, "800 cm-2")]


def test_a_low_bare_percentage_is_not_a_purity() -> None:
    assert extract_params("oxygen 0.05%, moisture 1.5%").get("purity_pct") == []
    assert extract_params("85-94%").get("purity_pct") == []
    assert extract_params("钼粉 纯度≥99.95% 氧含量≤0.1%").get("purity_pct") == [Value(99.95, 100, "≥99.95%")]
    assert extract_params("oxygen content 0.1%, Mo content 99.95%").composition == {
        "Mo": [Value(99.95, 99.95, "99.95%")]
    }


def test_percentage_next_to_another_quantity_is_that_quantity() -> None:
    p = extract_params("transmittance 70%, elongation 12%")
    assert p.get("purity_pct") == []
    assert interval("transmittance 70%", "transmittance_pct") == (70, 70)


# -- composition


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        ("W 97%", "W", (97, 97)),
        ("97% W", "W", (97, 97)),
        ("97%W balance Ni", "W", (97, 97)),
        ("97% tungsten", "W", (97, 97)),
        ("tungsten content ≥97%", "W", (97, 100)),
        ("钨含量≥97%", "W", (97, 100)),
        ("含钨97%", "W", (97, 97)),
        ("Mo ≥97%", "Mo", (97, 100)),
        ("10% Co", "Co", (10, 10)),
        ("WC 89-90%, Co 10-11%", "WC", (89, 90)),
        ("WC 89-90%, Co 10-11%", "Co", (10, 11)),
        ("silver 25%", "Ag", (25, 25)),
    ],
)
def test_composition(text: str, element: str, expected: tuple[float, float]) -> None:
    assert share(text, element) == approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90W-7Ni-3Fe", {"W": 90, "Ni": 7, "Fe": 3}),
        ("W-7Ni-3Fe", {"W": 90, "Ni": 7, "Fe": 3}),  # W by remainder
        ("93W-4.9Ni-2.1Fe heavy alloy", {"W": 93, "Ni": 4.9, "Fe": 2.1}),
        ("W90Ni7Fe3", {"W": 90, "Ni": 7, "Fe": 3}),
        ("Ag/W 25/75", {"Ag": 25, "W": 75}),
        ("W-Cu 80/20", {"W": 80, "Cu": 20}),
        ("CuW70 electrode", {"Cu": 30, "W": 70}),
        ("W 90% Ni 7% Fe 3%", {"W": 90, "Ni": 7, "Fe": 3}),
        ("90% W, 7% Ni, 3% Fe", {"W": 90, "Ni": 7, "Fe": 3}),
        ("含钨97%，镍2%，铁1%", {"W": 97, "Ni": 2, "Fe": 1}),
    ],
)
def test_alloy_notations(text: str, expected: dict[str, float]) -> None:
    p = extract_params(text)
    assert {el: vs[0].lo for el, vs in p.composition.items()} == pytest.approx(expected)
    assert p.get("purity_pct") == []  # an alloy's main element is no purity


@pytest.mark.parametrize(
    "text", ["WCu80 (W80% Cu20%) electrode", "WCu80 electrode; W 80 %, Cu 20 %", "W80% Cu20%, grade WCu80"]
)
def test_shares_stated_by_element_come_before_a_designation_read_by_convention(text: str) -> None:
    """ "WCu80" read as "CuW70" is would be 20 % W; the share the text states for W comes first, wherever it is."""
    p = extract_params(text)
    assert p.composition["W"][0].lo == 80
    assert p.composition["Cu"][0].lo == 20


def test_a_designation_alone_is_still_read_by_convention() -> None:
    assert extract_params("CuW75 bar").composition["W"][0].lo == 75


@pytest.mark.parametrize(
    "text", ["Sb2O3", "SmCo5 magnet", "GeO2", "Nd-Fe-B magnet", "Sm2Co17", "NdFeB magnet N48H", "N50H"]
)
def test_compound_formulas_are_not_alloys(text: str) -> None:
    assert extract_params(text).composition == {}


def test_percentage_after_a_single_material_is_its_purity_too() -> None:
    p = extract_params("Sb2O3 99.8%")
    assert p.composition["Sb2O3"][0].lo == 99.8
    assert interval("Sb2O3 99.8%", "purity_pct") == (99.8, 99.8)


def test_percentage_of_a_main_element_beside_its_impurities_is_its_purity() -> None:
    p = extract_params("Ge ingot, Ge 99.999%, Fe ≤ 0.0002%, Cu ≤ 0.0001%")
    assert p.get("purity_pct") == [Value(99.999, 99.999, "99.999%")]
    # beside alloying additions (over 1 %), the main element's share is no purity
    assert extract_params("W 96%, Ni 3%, Fe 1%").get("purity_pct") == []
    # two materials each stated high: two goods, no one purity
    assert extract_params("Ga 99.99%; Ge 99.999%").get("purity_pct") == []


@pytest.mark.parametrize(
    ("text", "element", "expected"),
    [
        ("Sb 99.65 min", "Sb", (99.65, 100)),
        ("ingot, Bi: 99.99", "Bi", (99.99, 99.99)),
    ],
)
def test_a_decimal_share_after_an_element_needs_no_percent_sign(text: str, element: str, expected: tuple) -> None:
    assert share(text, element) == approx(expected)


@pytest.mark.parametrize("text", ["W 95 pcs", "W 95", "Mo 9.5", "in 99.95 boxes", "Mo 100.5", "W part P99.99"])
def test_other_bare_numbers_after_a_symbol_are_no_share(text: str) -> None:
    assert extract_params(text).composition == {}


def test_lower_case_words_are_not_element_symbols() -> None:
    assert extract_params("packed in 25 kg bags").composition == {}
    assert extract_params("in 99.99% bags").composition == {}
    assert extract_params("In 99.99% ingot").composition["In"][0].lo == 99.99  # as written, it is indium


# -- particle size


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("45 µm", (45, 45)),
        ("45um", (45, 45)),
        ("45 microns", (45, 45)),
        ("particle size 0.045 mm", (45, 45)),
        ("500 nm", (0.5, 0.5)),
        ("D50=85 um", (85, 85)),
        ("D50: 3.5μm", (3.5, 3.5)),
        ("FSSS 2.5", (2.5, 2.5)),
        ("Fsss 3-5 µm", (3, 5)),
        ("60–100 um", (60, 100)),
        ("3~5 µm", (3, 5)),
        ("3.5 ± 0.5 µm", (3, 4)),
        ("max 50 µm", (0, 50)),
        ("≤ 50 um", (0, 50)),
        ("up to 45 µm", (0, 45)),
        ("粒度≤50μm", (0, 50)),
        ("粒径 45 um", (45, 45)),
        ("粒度50μm以下", (0, 50)),
        ("-325 mesh", (0, 44)),
        ("+80 mesh", (177, math.inf)),
        ("325 mesh", (44, 44)),
        ("200 mesh", (74, 74)),
        ("-100+325 mesh", (44, 149)),
        ("-150+400 mesh", (37, 104)),  # a Tyler number the US series lacks
        ("400目", (37, 37)),
        ("tungsten powder -45µ", (45, 45)),  # the micro sign alone: was unread
        ("spherical powder 15-45 µ", (15, 45)),
        ("SILVER POWDER, AVERAGE D＜3Μ", (0, 3)),  # capital mu of an upper-cased line
    ],
)
def test_particle_size(text: str, expected: tuple[float, float]) -> None:
    assert interval(text, "particle_size_um") == approx(expected)


@pytest.mark.parametrize("text", ["-999+400 mesh", "-100+999 mesh", "+999 mesh"])
def test_a_sieve_not_known_reads_nothing_of_its_notation(text: str) -> None:
    """Not the known sieve alone, as if it were the whole size: "-999+400 mesh" is not 37 µm."""
    assert extract_params(text).get("particle_size_um") == []


@pytest.mark.parametrize("text", ["laser pulse 45 µs", "resistivity 45µΩ·cm", "45µ1"])
def test_a_micro_sign_before_another_unit_is_not_a_micrometre(text: str) -> None:
    assert extract_params(text).get("particle_size_um") == []


def test_wavelengths_and_thicknesses_are_not_particle_sizes() -> None:
    assert extract_params("transmittance 70% at 10.6 µm").get("particle_size_um") == []
    assert extract_params("GaAs wafer 350 µm thick").get("particle_size_um") == []
    assert extract_params("wafer thickness 350 µm").get("particle_size_um") == []


# -- density, strengths, elongation


@pytest.mark.parametrize(
    ("text", "param", "expected"),
    [
        ("1.85 g/cm3", "density_g_cm3", 1.85),
        ("1.85 g/cm³", "density_g_cm3", 1.85),
        ("1.85 g/cc", "density_g_cm3", 1.85),
        ("1.85 g/ml", "density_g_cm3", 1.85),
        ("1850 kg/m3", "density_g_cm3", 1.85),
        ("密度1.80g/cm³", "density_g_cm3", 1.8),
        ("bulk density 1.85", "density_g_cm3", 1.85),
        ("flexural strength 45 MPa", "flexural_strength_mpa", 45),
        ("bending strength 45 MPa", "flexural_strength_mpa", 45),
        ("抗折强度45MPa", "flexural_strength_mpa", 45),
        ("flexural 22 MPa", "flexural_strength_mpa", 22),  # graphite spec sheets leave out "strength"
        ("抗折 40MPa", "flexural_strength_mpa", 40),
        ("UTS 1300 MPa", "tensile_strength_mpa", 1300),
        ("tensile strength 1.3 GPa", "tensile_strength_mpa", 1300),
        ("tensile strength 190 ksi", "tensile_strength_mpa", 1310.0044),
        ("tensile strength 190,000 psi", "tensile_strength_mpa", 1310.0044),
        ("yield strength 850 MPa", "elastic_limit_mpa", 850),
        ("elastic limit 800 MPa", "elastic_limit_mpa", 800),
        ("0.2% proof stress 850 MPa", "elastic_limit_mpa", 850),
        ("elongation 10%", "elongation_pct", 10),
        ("延伸率 12%", "elongation_pct", 12),
    ],
)
def test_material_properties(text: str, param: Param, expected: float) -> None:
    assert interval(text, param) == approx((expected, expected))


@pytest.mark.parametrize(
    ("text", "expected", "source"),
    [
        ("graphite rod, ash 0.3%", (99.7, 99.7), "ash 0.3%"),  # the purity is what is not ash
        ("ash content ≤ 0.1%", (99.9, 100.0), "ash content ≤ 0.1%"),
        ("石墨 灰分≤0.1%", (99.9, 100.0), "灰分≤0.1%"),
        ("灰分5ppm", (99.9995, 99.9995), "灰分5ppm"),
        ("ash 0.05 max", (99.95, 100.0), "ash 0.05 max"),  # a percentage when no unit is written
    ],
)
def test_an_ash_content_states_the_purity_left(text: str, expected: tuple[float, float], source: str) -> None:
    values = extract_params(text).get("purity_pct")
    assert [(v.source, v.lo, v.hi) for v in values] == [(source, approx(expected[0]), approx(expected[1]))]


def test_an_ash_content_is_open_where_the_ash_is_and_needs_a_known_unit() -> None:
    (below,) = extract_params("isostatic graphite, ash <50 ppm").get("purity_pct")
    assert (below.lo, below.lo_open, below.hi) == (approx(99.995), True, 100.0)
    assert extract_params("fly ash 20 kg").get("purity_pct") == []  # a unit the reader does not know
    assert extract_params("Ga 6N, Fe < 1 ppm").get("purity_pct")[0].lo == approx(99.9999)  # ppm only after ash


def test_mpa_is_never_a_pressure() -> None:
    assert extract_params("pressure 100 MPa").get("pressure_gpa") == []


# -- dimensions


@pytest.mark.parametrize(
    ("text", "param", "expected"),
    [
        ("Ø150", "diameter_mm", 150),
        ("dia. 150 mm", "diameter_mm", 150),
        ("diameter 6 inch", "diameter_mm", 152.4),
        ("OD 150", "diameter_mm", 150),
        ("φ150", "diameter_mm", 150),
        ("2 in.", "diameter_mm", 50.8),
        ('2" wafer', "diameter_mm", 50.8),
        ("4-inch wafer", "diameter_mm", 101.6),
        ("直径150mm", "diameter_mm", 150),
        ("diameter 15 cm", "diameter_mm", 150),
        ("ID 70 mm", "inner_diameter_mm", 70),
        ("wall 25 mm", "wall_thickness_mm", 25),
        ("L 300 mm", "length_mm", 300),
        ("length 50 mm", "length_mm", 50),
        ("300 mm long", "length_mm", 300),
        ("bore 550 mm", "bore_mm", 550),
        ("cylinder bore 550mm", "bore_mm", 550),
        ("缸径550mm", "bore_mm", 550),
    ],
)
def test_dimensions(text: str, param: Param, expected: float) -> None:
    assert interval(text, param) == approx((expected, expected))


@pytest.mark.parametrize(
    ("text", "param", "expected"),
    [
        ("缸径Φ420mm", "bore_mm", 420),
        ("cylinder bore Ø 520 mm", "bore_mm", 520),
        ("ID Ø65 mm", "inner_diameter_mm", 65),
        ("OD Φ100mm", "diameter_mm", 100),
        ("Mo Φ20", "diameter_mm", 20),  # an element before the sign is no size label: the sign is
    ],
)
def test_diameter_sign_after_a_size_label_belongs_to_the_label(text: str, param: Param, expected: float) -> None:
    """A sign between a size label and its number does not take the number from the label."""
    p = extract_params(text)
    assert interval(text, param) == approx((expected, expected))
    assert [k for k, values in p.values.items() if values] == [param]


def test_cylinder_diameter_by_length() -> None:
    p = extract_params("W bar Ø150 x 300 mm")
    assert (p.get("diameter_mm")[0].lo, p.get("length_mm")[0].lo) == (150, 300)


def test_tube() -> None:
    p = extract_params("tube OD 150 x ID 70 x L 300 mm, wall 40 mm")
    assert [p.get(k)[0].lo for k in ("diameter_mm", "inner_diameter_mm", "length_mm", "wall_thickness_mm")] == [
        150,
        70,
        300,
        40,
    ]


@pytest.mark.parametrize("text", ["150 x 130 x 60 mm", "150×130×60mm", "plate 60*150*130 mm", "15 x 13 x 6 cm"])
def test_block_edges_sorted_largest_first(text: str) -> None:
    (block,) = extract_params(text).blocks
    assert block.edges == pytest.approx((150, 130, 60))


def test_two_sizes_without_a_diameter_mark_are_not_a_block() -> None:
    p = extract_params("2 x 4-inch wafers")
    assert p.blocks == []
    assert interval("2 x 4-inch wafers", "diameter_mm") == approx((101.6, 101.6))


# -- machines and crystals


@pytest.mark.parametrize(
    ("text", "param", "expected"),
    [
        ("10 kW", "power_kw", (10, 10)),
        ("6kW", "power_kw", (6, 6)),
        ("15 kilowatts", "power_kw", (15, 15)),
        ("500 W magnetron", "power_kw", (0.5, 0.5)),
        ("915 MHz", "frequency_mhz", (915, 915)),
        ("2.45 GHz", "frequency_mhz", (2450, 2450)),
        ("5.5 GPa", "pressure_gpa", (5.5, 5.5)),
        ("55 kbar", "pressure_gpa", (5.5, 5.5)),
        ("transmittance 70%", "transmittance_pct", (70, 70)),
        ("透过率≥70%", "transmittance_pct", (70, 100)),
        ("EPD < 50 cm-2", "dislocation_density_cm2", (0, 50)),
        ("dislocation density <50/cm2", "dislocation_density_cm2", (0, 50)),
        ("EPD≤5000 /cm²", "dislocation_density_cm2", (0, 5000)),
        ("位错密度≤500cm-2", "dislocation_density_cm2", (0, 500)),
        ("EPD 500", "dislocation_density_cm2", (500, 500)),
    ],
)
def test_machines_and_crystals(text: str, param: Param, expected: tuple[float, float]) -> None:
    assert interval(text, param) == approx(expected)


def test_a_whole_line() -> None:
    text = "MPCVD diamond system, 6 kW microwave at 2.45 GHz, 4-inch substrate, cubic press bore 650 mm"
    p = extract_params(text)
    assert p.get("power_kw")[0].lo == 6
    assert p.get("frequency_mhz")[0].lo == 2450
    assert p.get("diameter_mm")[0].lo == 101.6
    assert p.get("bore_mm")[0].lo == 650


def test_heavy_alloy_line() -> None:
    p = extract_params("Tungsten heavy alloy 93W-4.9Ni-2.1Fe, density 17.6 g/cm3, UTS 900 MPa, elongation 12%")
    assert (p.composition["W"][0].lo, p.get("density_g_cm3")[0].lo) == (93, 17.6)
    assert (p.get("tensile_strength_mpa")[0].lo, p.get("elongation_pct")[0].lo) == (900, 12)


def test_strict_upper_bound_is_marked_open() -> None:
    v = one("EPD < 50 cm-2", "dislocation_density_cm2")
    assert v.hi_open and not v.lo_open


def test_nothing_to_read() -> None:
    assert extract_params("") == Params()
    assert extract_params("tungsten carbide insert for milling steel") == Params()


# -- properties

_DECIMALS = st.decimals(min_value=Decimal("90.0"), max_value=Decimal("99.9999"), places=4).map(
    lambda d: d.normalize() if d != d.to_integral() else d.quantize(Decimal("1.0"))
)
_FULL_WIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


@given(_DECIMALS)
@example(Decimal("99.999"))  # three decimals: "99,999" must not read as ninety-nine thousand
def test_purity_written_any_way_reads_the_same(p: Decimal) -> None:
    s = format(p, "f")
    forms = [f"{s}%", f"{s} %", f"{s.replace('.', ',')}%", f"purity {s}", f"纯度{s}%", f"{s}%".translate(_FULL_WIDTH)]
    for text in forms:
        assert interval(text, "purity_pct") == (float(s), float(s)), text


@given(st.decimals(min_value=Decimal("0.1"), max_value=Decimal("900"), places=3))
def test_particle_size_written_any_way_reads_the_same(size: Decimal) -> None:
    s = format(size.normalize(), "f")
    mm = format((size / 1000).normalize(), "f")
    forms = [f"{s} µm", f"{s}um", f"{s} microns", f"particle size {mm} mm", f"{s}μm", f"粒度{s}μm"]
    for text in forms:
        assert interval(text, "particle_size_um") == approx((float(s), float(s))), text


@given(st.decimals(min_value=Decimal("0.5"), max_value=Decimal("20"), places=2))
def test_inches_and_millimetres_agree(inches: Decimal) -> None:
    s = format(inches.normalize(), "f")
    mm = format((inches * Decimal("25.4")).normalize(), "f")
    expected = approx((float(mm), float(mm)))
    for text in (f"diameter {s} inch", f'{s}" wafer', f"diameter {s} in.", f"diameter {mm} mm", f"Ø{mm}"):
        assert interval(text, "diameter_mm") == expected, text


@given(st.text())
@settings(max_examples=500)
@example("9" * 5000 + "%")
@example("W-" * 500)
@example("\ud800 5N 🙂 ９９．９％ İİ 1e999 mm")
def test_never_raises_and_values_are_sound(text: str) -> None:
    p = extract_params(text)
    for values in [*p.values.values(), *p.composition.values()]:
        for v in values:
            assert 0 <= v.lo <= v.hi
            assert v.source and v.source in text


_PIECES = st.sampled_from(
    ["99.9", "%", " ", "-", "x", "×", "mm", "µm", "mesh", "W", "Ni", "5N", "purity", "≥", "min", "Ø", "/", "7",
     "in.", '"', "GPa", "纯度", "目", ".", ",", "L", "ID", "at", "thick", "kW", "cm-2", "Sb2O3"]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=30).map("".join))
@settings(max_examples=500)
def test_never_raises_on_notation_soup(text: str) -> None:
    p = extract_params(text)
    for values in [*p.values.values(), *p.composition.values()]:
        for v in values:
            assert 0 <= v.lo <= v.hi and v.source in text
