"""Threshold evaluation: every kind of threshold on both sides of its boundary, Kleene logic, and reasons."""

from __future__ import annotations

import math
from typing import Any

import pytest

from service.controls.schema import AllOf, AnyOf, Comparison, Condition, Mentions
from service.params import Block, Params, Value, extract_params
from service.rules import MET, NOT_MET, UNKNOWN, Evaluation, describe, evaluate


def check(condition: Condition | None, text: str) -> Evaluation:
    return evaluate(condition, extract_params(text), text)


def cmp(param: str, op: str, value: Any, label: str = "x", **kw: Any) -> Comparison:
    return Comparison.model_validate({"param": param, "op": op, "value": value, "label": label, **kw})


def given_value(param: str, lo: float, hi: float | None = None, **kw: Any) -> Params:
    return Params(values={param: [Value(lo, lo if hi is None else hi, "stated", **kw)]})  # type: ignore[dict-item]


PURITY = cmp("purity_pct", ">=", 99.99, "purity")


# -- the example from the brief


def test_antimony_trioxide_purity() -> None:
    low = check(PURITY, "Sb2O3 99.8%")
    assert low.outcome == NOT_MET
    assert low.reasons == ["purity 99.8 % < 99.99 % required (from '99.8%')"]
    high = check(PURITY, "Sb2O3 99.995%")
    assert high.outcome == MET
    assert high.reasons == ["purity 99.995 % ≥ 99.99 % required (from '99.995%')"]


# -- each operator below, at and above its boundary


@pytest.mark.parametrize(
    ("op", "below", "at", "above"),
    [
        (">=", NOT_MET, MET, MET),
        (">", NOT_MET, NOT_MET, MET),
        ("<=", MET, MET, NOT_MET),
        ("<", MET, NOT_MET, NOT_MET),
    ],
)
@pytest.mark.parametrize(
    ("param", "threshold", "step"),
    [
        ("purity_pct", 99.99, 0.001),
        ("particle_size_um", 50, 1),
        ("density_g_cm3", 17.5, 0.1),
        ("flexural_strength_mpa", 30, 1),
        ("elastic_limit_mpa", 800, 1),
        ("tensile_strength_mpa", 1270, 1),
        ("elongation_pct", 8, 0.5),
        ("diameter_mm", 76.2, 0.1),
        ("inner_diameter_mm", 65, 1),
        ("wall_thickness_mm", 25, 1),
        ("length_mm", 50, 1),
        ("bore_mm", 500, 1),
        ("power_kw", 10, 0.5),
        ("pressure_gpa", 5, 0.1),
        ("transmittance_pct", 65, 1),
        ("dislocation_density_cm2", 50, 1),
    ],
)
def test_boundaries(param: str, threshold: float, step: float, op: str, below: str, at: str, above: str) -> None:
    condition = cmp(param, op, threshold)
    for value, expected in ((threshold - step, below), (threshold, at), (threshold + step, above)):
        assert evaluate(condition, given_value(param, value), "").outcome == expected, (param, op, value)


def test_composition_reads_the_element_asked_for() -> None:
    w97 = cmp("composition_pct", ">=", 97, "tungsten content", element="W")
    assert check(w97, "W 97%").outcome == MET
    assert check(w97, "W 96.9%").outcome == NOT_MET
    assert check(w97, "Mo max 1%").outcome == UNKNOWN  # an impurity cap bounds nothing
    assert check(w97, "Mo 99%").outcome == NOT_MET  # 99 % molybdenum leaves at most 1 % tungsten
    assert check(w97, "90W-7Ni-3Fe").outcome == NOT_MET
    assert check(cmp("composition_pct", ">=", 2, "silver content", element="Ag"), "Ag/W 25/75").outcome == MET


def test_a_purity_is_the_elements_content_only_where_the_rule_says_so_and_no_composition_is_stated() -> None:
    """Solid tungsten of 99.95 % purity is 99.95 % tungsten (controls.yaml ``or_purity`` on w-solid-alloy)."""
    w97 = cmp("composition_pct", ">=", 97, "tungsten content", element="W", or_purity=True)
    pure = check(w97, "Tungsten plate, purity 99.95%")
    assert pure.outcome == MET
    assert pure.reasons == ["tungsten content 99.95 % ≥ 97 % required (from '99.95%', a purity)"]
    assert check(w97, "tungsten billet 96%").outcome == NOT_MET
    assert check(w97, "W 96%, purity 99.9%").outcome == NOT_MET  # a stated composition decides alone
    assert check(w97, "90W-7Ni-3Fe, purity 99.9%").outcome == NOT_MET
    assert check(w97, "tungsten bar").outcome == UNKNOWN
    plain = cmp("composition_pct", ">=", 97, "tungsten content", element="W")
    assert check(plain, "Tungsten plate, purity 99.95%").outcome == UNKNOWN
    with pytest.raises(ValueError, match="or_purity goes with composition_pct only"):
        cmp("purity_pct", ">=", 97, "purity", or_purity=True)


# -- intervals


def test_other_components_bound_the_element_not_stated() -> None:
    """Cemented carbide: 10 % cobalt leaves at most 90 % for everything else, tungsten included."""
    tungsten = cmp("composition_pct", ">=", 97, "tungsten content", element="W")
    carbide = check(tungsten, "rod blanks, 89-90% WC, 10% Co binder")
    assert carbide.outcome == NOT_MET
    assert carbide.reasons == ["tungsten content ≤ 90 % fails ≥ 97 % required (from 'other components: Co 10%')"]
    # The bound decides only what it can: at most 90 % may or may not reach 80 %.
    assert check(cmp("composition_pct", ">=", 80, "W", element="W"), "89-90% WC, 10% Co").outcome == UNKNOWN
    # A component containing the element (WC) is no evidence against it, nor a key that is not a formula.
    assert check(tungsten, "95% WC").outcome == UNKNOWN
    bound = Params(composition={"binder": [Value(5, 5, "5%")]})
    assert evaluate(tungsten, bound, "").outcome == UNKNOWN


def test_interval_that_straddles_the_threshold_is_unknown() -> None:
    result = check(PURITY, "Sb2O3 purity 99.95-99.995%")
    assert result.outcome == UNKNOWN
    assert result.reasons == ["purity 99.95–99.995 % may or may not meet ≥ 99.99 % required (from '99.95-99.995%')"]
    # a minimum at the threshold of a strict test: the grade may be just above it
    assert check(cmp("purity_pct", ">", 99.999), "stibine 5N").outcome == UNKNOWN


def test_a_purity_stated_as_a_minimum_is_the_grade_sold() -> None:
    """ "99.95% min" and "2N" are the grades the goods are sold at: below the purity asked for, not met."""
    result = check(PURITY, "Sb2O3 purity min 99.95%")
    assert result.outcome == NOT_MET
    assert result.reasons == [
        "purity ≥ 99.95 % is a declared minimum (the grade sold), below ≥ 99.99 % required (from 'min 99.95%')"
    ]
    assert check(PURITY, "Sb2O3 2N5").outcome == NOT_MET
    assert check(PURITY, "Sb2O3 ≥99.995%").outcome == MET
    # other parameters stated as bounds keep their intervals
    assert check(cmp("particle_size_um", "<=", 50), "Mo powder, particle size min 20 µm").outcome == UNKNOWN


def test_a_dislocation_density_stated_as_a_maximum_is_the_grade_sold() -> None:
    lt50 = cmp("dislocation_density_cm2", "<", 50, "dislocation density")
    result = check(lt50, "InSb wafer, EPD ≤ 300 cm-2")
    assert result.outcome == NOT_MET
    assert result.reasons == [
        "dislocation density ≤ 300 /cm² is a declared maximum (the grade sold), above < 50 /cm² required "
        "(from '≤ 300 cm-2')"
    ]
    assert check(lt50, "InSb wafer, EPD < 30 cm-2").outcome == MET
    assert check(lt50, "InSb wafer, EPD ≤ 50 cm-2").outcome == UNKNOWN  # at the limit: may be just under it
    # other upper bounds keep their intervals
    assert check(cmp("particle_size_um", "<=", 50), "Mo powder ≤ 150 µm").outcome == UNKNOWN


def test_a_purity_that_stands_for_a_metal_content_is_the_grade_sold_too() -> None:
    mo97 = cmp("composition_pct", ">=", 97, "molybdenum content", element="Mo", or_purity=True)
    result = check(mo97, "Mo powder, purity 96% min")
    assert result.outcome == NOT_MET
    assert result.reasons == [
        "molybdenum content ≥ 96 % is a declared minimum (the grade sold), below ≥ 97 % required "
        "(from '96% min', a purity)"
    ]
    assert check(mo97, "Mo powder, Mo ≥ 97.5%").outcome == MET
    # a share stated as a bound is no grade: it may hold more
    assert check(mo97, "Mo-Cu powder with more than 90% Mo").outcome == UNKNOWN


def test_interval_wholly_on_one_side_decides() -> None:
    w97 = cmp("composition_pct", ">=", 97, "tungsten content", element="W")
    result = check(w97, "W 85-94%")
    assert result.outcome == NOT_MET
    assert result.reasons == ["tungsten content 85–94 % fails ≥ 97 % required (from '85-94%')"]
    assert check(PURITY, "Sb2O3 5N").outcome == MET
    assert check(cmp("particle_size_um", "<=", 50), "Mo powder -325 mesh").outcome == MET
    assert check(cmp("particle_size_um", "<=", 50), "Mo powder +80 mesh").outcome == NOT_MET


FINE = cmp("particle_size_um", "<=", 50, "particle size")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("W powder, sieve cut 53-106 µm", NOT_MET),  # wholly above
        ("W powder, sieve cut 46-95 µm", NOT_MET),  # its middle (66 µm, geometric) above: mostly coarser
        ("W powder -150+400 mesh", NOT_MET),  # 37-105 µm, middle 62 µm
        ("W powder, sieve cut 20-63 µm", UNKNOWN),  # straddles the limit, its middle (35 µm) below it
        ("W powder 2-120 µm", UNKNOWN),  # a wide spread of fine powder: middle 15 µm
        ("W powder, sieve cut 10-45 µm", MET),
        ("W powder ≤ 149 µm", UNKNOWN),  # a bound, not a range of sizes
    ],
)
def test_a_range_of_particle_sizes_mostly_above_the_limit_does_not_meet_it(text: str, expected: str) -> None:
    """A powder's stated range of sizes is the span of its particles, not one size known loosely."""
    result = check(FINE, text)
    assert result.outcome == expected, result.reasons


def test_a_size_range_mostly_above_says_so() -> None:
    assert check(FINE, "W powder, sieve cut 46-95 µm").reasons == [
        "particle size 46–95 µm is a size range mostly above the ≤ 50 µm required (from '46-95 µm')"
    ]
    # other parameters and tests keep their intervals
    assert check(cmp("purity_pct", "<=", 50), "Sb2O3 40-90%").outcome == UNKNOWN
    assert check(cmp("particle_size_um", ">=", 50), "W powder 46-95 µm").outcome == UNKNOWN


def test_open_bounds() -> None:
    # "< 50 /cm²" meets "< 50" although its bound equals the threshold; "≤ 50" does not settle it
    lt50 = cmp("dislocation_density_cm2", "<", 50, "dislocation density")
    assert check(lt50, "InSb wafer EPD < 50 cm-2").outcome == MET
    assert check(lt50, "InSb wafer EPD ≤ 50 cm-2").outcome == UNKNOWN
    # "more than 99.9 %" meets "> 99.9"; "at least 99.9 %" may be exactly 99.9
    gt = cmp("purity_pct", ">", 99.9, "purity")
    assert check(gt, "more than 99.9%").outcome == MET
    assert check(gt, "at least 99.9%").outcome == UNKNOWN
    assert evaluate(gt, given_value("purity_pct", 0, 99.9, hi_open=True), "").outcome == NOT_MET


def test_most_specific_of_several_values_is_used_and_said() -> None:
    result = check(PURITY, "antimony oxide purity min 99.9%, assay 99.995%")
    assert result.outcome == MET
    assert result.reasons == [
        "purity 99.995 % ≥ 99.99 % required (from '99.995%'; 2 values stated, the most specific used)"
    ]


def test_not_stated_is_unknown_with_the_requirement() -> None:
    result = check(cmp("particle_size_um", "<=", 50, "particle size"), "molybdenum powder 99.95%")
    assert result == Evaluation(UNKNOWN, ["particle size not stated (≤ 50 µm required)"])


def test_infinite_upper_bound_on_upper_threshold_is_not_met_only_when_lower_bound_exceeds() -> None:
    assert evaluate(cmp("bore_mm", "<=", 500), given_value("bore_mm", 400, math.inf), "").outcome == UNKNOWN
    assert evaluate(cmp("bore_mm", "<=", 500), given_value("bore_mm", 600, math.inf), "").outcome == NOT_MET


# -- "in" with tolerance

FREQUENCY = cmp("frequency_mhz", "in", [915, 2450], "frequency", tolerance=5)


@pytest.mark.parametrize(
    ("stated", "expected"),
    [
        ((915, 915), MET),
        ((2450, 2450), MET),
        ((2455, 2455), MET),  # at the edge of the tolerance
        ((2455.1, 2455.1), NOT_MET),
        ((1000, 1000), NOT_MET),
        ((2440, 2460), UNKNOWN),  # overlaps the window without lying inside it
        ((2448, 2452), MET),
    ],
)
def test_in_with_tolerance(stated: tuple[float, float], expected: str) -> None:
    assert evaluate(FREQUENCY, given_value("frequency_mhz", *stated), "").outcome == expected


def test_in_reason() -> None:
    assert check(FREQUENCY, "MPCVD 2.45 GHz").reasons == [
        "frequency 2450 MHz is 915 or 2450 MHz (± 5) as required (from '2.45 GHz')"
    ]


# -- blocks

BLOCK = cmp("block_dims_mm", ">=", [120, 120, 50], "block dimensions")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plate 150 x 130 x 60 mm", MET),
        ("plate 60 x 150 x 130 mm", MET),  # edges are sorted before comparing
        ("plate 120 x 120 x 50 mm", MET),
        ("plate 150 x 119 x 60 mm", NOT_MET),
        ("plate 150 x 130 x 49 mm", NOT_MET),
        ("plate of tungsten", UNKNOWN),
    ],
)
def test_block_edges(text: str, expected: str) -> None:
    assert check(BLOCK, text).outcome == expected


def test_block_reasons() -> None:
    assert check(BLOCK, "plate 150x100x60mm").reasons == [
        "block dimensions 150 × 100 × 60 mm: edge 100 mm < 120 mm required (from '150x100x60mm')"
    ]
    assert check(BLOCK, "").reasons == ["block dimensions not stated (≥ 120 × 120 × 50 mm required)"]


def test_block_with_too_few_edges_is_unknown() -> None:
    params = Params(blocks=[Block((200.0, 150.0), "200 x 150")])
    assert evaluate(BLOCK, params, "").outcome == UNKNOWN


# -- mentions

DYSPROSIUM = Mentions(mentions=["dysprosium", "Dy", "镝"], label="dysprosium")


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        ("NdFeB magnet with Dysprosium", MET, "mentions 'dysprosium'"),
        ("NdFeB magnet N52SH (Dy added)", MET, "mentions 'Dy'"),
        ("钕铁硼含镝磁体", MET, "mentions '镝'"),  # no spaces in Chinese: a substring counts
        ("NdFeB magnet N52", UNKNOWN, "dysprosium: not mentioned (looked for 'dysprosium', 'Dy', '镝')"),
        ("NdFeB magnet, Dyna-brand", UNKNOWN, None),  # whole words only for Latin terms
        ("NdFeB magnet N52, Dy-free", NOT_MET, "dysprosium: the text rules it out ('dy-free')"),
        ("NdFeB magnet without dysprosium", NOT_MET, "dysprosium: the text rules it out ('without dysprosium')"),
        ("钕铁硼磁体 不含镝", NOT_MET, "dysprosium: the text rules it out ('不含镝')"),
        ("Dy-free outer layer, Dy-diffused core", MET, "mentions 'Dy'"),  # one mention that stands is enough
    ],
)
def test_mentions(text: str, expected: str, reason: str | None) -> None:
    result = check(DYSPROSIUM, text)
    assert result.outcome == expected
    if reason is not None:
        assert result.reasons == [reason]


def test_mentions_full_width_and_case() -> None:
    assert check(Mentions(mentions=["curved"], label="curved window"), "ＣＵＲＶＥＤ diamond window").outcome == MET


NICKEL = Mentions(mentions=["nickel", "Ni", "镍"], element="Ni", label="nickel")


@pytest.mark.parametrize(
    ("text", "expected", "reason"),
    [
        # a complete recipe without the constituent proves its absence
        ("cemented carbide rods, 94% WC, 6% Co", NOT_MET,
         "nickel: not mentioned, and the composition leaves at most 0 % for Ni (other components: WC 94%, Co 6%)"),
        ("hard metal: WC 89-90 %, Co 10 %", NOT_MET, None),  # lower bounds: 99 % accounted for
        # a share in an alloy formula is a mention even where no word is ("7Ni" is not the word "Ni")
        ("heavy alloy 90W-7Ni-3Fe", MET, "nickel: the composition states Ni"),
        ("W 93 %, Ni 4.9 %, Fe 2.1 %", MET, None),
        # room left for it, or no composition at all: absence of a word is not proof
        ("tungsten alloy, W 95 %", UNKNOWN, None),
        ("WC 85 %, Co 10 %", UNKNOWN, None),
        ("tungsten heavy alloy bar", UNKNOWN, None),
    ],
)  # fmt: skip
def test_constituent_mentions_read_the_composition(text: str, expected: str, reason: str | None) -> None:
    result = check(NICKEL, text)
    assert result.outcome == expected, result.reasons
    if reason is not None:
        assert result.reasons == [reason]


# -- purity of a declared mixture


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("graphite lubricant: mixture of synthetic graphite, starch and polyvinyl acetate", NOT_MET),
        ("Sb2O3 masterbatch pellets, antimony trioxide blended with polyethylene carrier", NOT_MET),
        ("石墨、淀粉和聚醋酸乙烯酯的混合物", NOT_MET),
        ("blend of natural and artificial graphite", UNKNOWN),  # one substance named twice
        ("antimony trioxide, do not mix with acids", UNKNOWN),  # handling advice, not composition
        ("mixture of graphite and resin, purity 99.995 %", MET),  # a stated purity is read, not inferred
    ],
)
def test_declared_mixture_fails_a_purity_threshold(text: str, expected: str) -> None:
    result = check(PURITY, text)
    assert result.outcome == expected, result.reasons


def test_mixture_reason_names_the_components() -> None:
    (reason,) = check(PURITY, "dry powder mixture of graphite, starch and PVA").reasons
    assert reason == (
        "purity: a mixture of graphite, starch, PVA ('mixture of graphite, starch and PVA') is not ≥ 99.99 % pure"
    )


# -- Kleene logic

TRUE = Mentions(mentions=["yes"], label="t")
UNKNOWN_LEAF = Mentions(mentions=["never-written"], label="u")
FALSE = cmp("bore_mm", ">=", 500, "bore")  # the text below states bore 100 mm
TEXT = "yes, bore 100 mm"
LEAVES = {MET: TRUE, UNKNOWN: UNKNOWN_LEAF, NOT_MET: FALSE}


@pytest.mark.parametrize("a", [MET, UNKNOWN, NOT_MET])
@pytest.mark.parametrize("b", [MET, UNKNOWN, NOT_MET])
def test_truth_tables(a: str, b: str) -> None:
    both = AllOf.model_validate({"all": [LEAVES[a], LEAVES[b]]})
    either = AnyOf.model_validate({"any": [LEAVES[a], LEAVES[b]]})
    outcomes = {a, b}
    expected_all = NOT_MET if NOT_MET in outcomes else MET if outcomes == {MET} else UNKNOWN
    expected_any = MET if MET in outcomes else NOT_MET if outcomes == {NOT_MET} else UNKNOWN
    assert check(both, TEXT).outcome == expected_all
    assert check(either, TEXT).outcome == expected_any


def test_no_condition_is_met_without_reasons() -> None:
    assert evaluate(None, Params(), "anything") == Evaluation(MET, [])


def test_all_of_gives_the_failing_reasons_only() -> None:
    heavy = AllOf.model_validate(
        {
            "all": [
                {"param": "density_g_cm3", "op": ">", "value": 17.5, "label": "density"},
                {"param": "tensile_strength_mpa", "op": ">", "value": 1270, "label": "ultimate tensile strength"},
            ]
        }
    )
    result = check(heavy, "93W-4.9Ni-2.1Fe density 17.6 g/cm3, UTS 900 MPa")
    assert result.outcome == NOT_MET
    assert result.reasons == ["ultimate tensile strength 900 MPa ≤ 1270 MPa required (from '900 MPa')"]


def test_any_of_says_that_one_suffices() -> None:
    press = AnyOf.model_validate(
        {
            "any": [
                {"param": "bore_mm", "op": ">=", "value": 500, "label": "cylinder bore"},
                {"param": "pressure_gpa", "op": ">=", "value": 5, "label": "design pressure"},
            ]
        }
    )
    met = check(press, "cubic press, cylinder bore 550 mm")
    assert met == Evaluation(MET, ["cylinder bore 550 mm ≥ 500 mm required (from '550 mm')"])
    unknown = check(press, "cubic press")
    assert unknown.outcome == UNKNOWN
    assert unknown.reasons == [
        "any one of: cylinder bore ≥ 500 mm; design pressure ≥ 5 GPa",
        "cylinder bore not stated (≥ 500 mm required)",
        "design pressure not stated (≥ 5 GPa required)",
    ]


def test_nested_machinable_size() -> None:
    size = AnyOf.model_validate(
        {
            "any": [
                {
                    "all": [
                        {"param": "diameter_mm", "op": ">=", "value": 120, "label": "cylinder diameter"},
                        {"param": "length_mm", "op": ">=", "value": 50, "label": "cylinder length"},
                    ]
                },
                {"param": "block_dims_mm", "op": ">=", "value": [120, 120, 50], "label": "block dimensions"},
            ]
        }
    )
    assert check(size, "W bar Ø150 x 300 mm").outcome == MET
    assert check(size, "W plate 150 x 130 x 60 mm").outcome == MET
    assert check(size, "W bar Ø150").outcome == UNKNOWN  # length not stated
    # too thin as a cylinder, and a Ø100 bar cannot be machined into a 120 mm block either (service.pieces)
    assert check(size, "W bar Ø100 x 300 mm").outcome == NOT_MET
    assert check(size, "W bar Ø100 x 300 mm, 100 x 100 x 300 mm").outcome == NOT_MET


def test_words_are_remembered_per_condition_not_per_content() -> None:
    # A condition's words are built once and remembered by identity: another condition, even a copy with other
    # figures, gets its own words, and the requirement alone is remembered apart from the whole description.
    purity = cmp("purity_pct", ">=", 99.99, "purity")
    assert describe(purity) == describe(purity) == "purity ≥ 99.99 %"
    stricter = purity.model_copy(update={"value": 99.999})
    assert describe(stricter) == "purity ≥ 99.999 %"
    assert check(purity, "Ga ingot").reasons == ["purity not stated (≥ 99.99 % required)"]
    assert check(stricter, "Ga ingot").reasons == ["purity not stated (≥ 99.999 % required)"]
    assert describe(purity) == "purity ≥ 99.99 %"


def test_describe() -> None:
    condition = AnyOf.model_validate(
        {
            "any": [
                {"mentions": ["curved"], "label": "curved window"},
                {
                    "all": [
                        {"param": "diameter_mm", "op": ">=", "value": 76.2, "label": "diameter"},
                        {"param": "transmittance_pct", "op": ">=", "value": 65, "label": "transmittance"},
                    ]
                },
            ]
        }
    )
    assert describe(condition) == "(mentions curved window or (diameter ≥ 76.2 mm and transmittance ≥ 65 %))"
    window = check(condition, "diamond window, 2 inch")
    assert window.outcome == UNKNOWN
    assert window.reasons[0] == "any one of: mentions curved window; diameter ≥ 76.2 mm and transmittance ≥ 65 %"
    nested = AnyOf.model_validate({"any": [condition, {"mentions": ["dome"], "label": "dome"}]})
    assert check(nested, "window").reasons[0] == (
        "any one of: mentions curved window or (diameter ≥ 76.2 mm and transmittance ≥ 65 %); mentions dome"
    )


# -- unless: words for goods a test is not for

CURVED = Mentions(mentions=["curved"], label="curved window", unless=["flat", "planar", "平面"])
SINGLE_CRYSTAL_DISLOCATION = Comparison(
    param="dislocation_density_cm2", op="<", value=50, label="dislocation density", unless=["polycrystal", "多晶"]
)


@pytest.mark.parametrize(
    ("condition", "text", "expected", "reason"),
    [
        (CURVED, "CVD diamond window, flat, 25 mm", NOT_MET, "curved window: not for goods the text calls 'flat'"),
        (CURVED, "金刚石平面窗口", NOT_MET, "curved window: not for goods the text calls '平面'"),
        (CURVED, "diamond window, not flat but curved", MET, "mentions 'curved'"),  # a denied word excludes nothing
        (CURVED, "CVD diamond window 25 mm", UNKNOWN, None),
        (SINGLE_CRYSTAL_DISLOCATION, "InSb polycrystal, EPD 20/cm2", NOT_MET, None),
        (SINGLE_CRYSTAL_DISLOCATION, "InSb single crystal, EPD 20/cm2", MET, None),
    ],
)
def test_unless(condition: Condition, text: str, expected: str, reason: str | None) -> None:
    result = check(condition, text)
    assert result.outcome == expected, result.reasons
    if reason is not None:
        assert result.reasons == [reason]


SOLID_FORMS = Comparison(
    param="particle_size_um", op="<=", value=50, label="particle size", unless=["plate", "wire", "钼板"],
    kept_by=["powder", "粉"],
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "goods", "expected"),
    [
        ("Mo plate 2 mm thick", "Mo plate 2 mm thick", NOT_MET),
        ("钼板 2mm", "钼板 2mm", NOT_MET),
        # the goods part names the form; the use clause does not count
        ("Mo powder 5 µm for plate pressing", "Mo powder 5 µm ", MET),
        ("Mo plate for powder handling", "Mo plate ", NOT_MET),
        # called powder too: the test stands
        ("Mo powder, wire spraying grade, 5 µm", "Mo powder, wire spraying grade, 5 µm", MET),
        ("钼粉 钼板坯料用 粒度5μm", "钼粉 钼板坯料用 粒度5μm", MET),
    ],
)
def test_unless_reads_the_goods_part_and_yields_to_the_tests_own_form(text: str, goods: str, expected: str) -> None:
    result = evaluate(SOLID_FORMS, extract_params(text), text, goods)
    assert result.outcome == expected, result.reasons


def test_without_a_goods_part_unless_reads_the_whole_text() -> None:
    assert check(SOLID_FORMS, "Mo granules 5 µm for plate pressing").outcome == NOT_MET


def test_kept_by_goes_with_unless() -> None:
    with pytest.raises(ValueError, match="kept_by goes with unless only"):
        cmp("particle_size_um", "<=", 50, kept_by=["powder"])


POLYCRYSTAL_PURITY = Comparison(
    param="purity_pct", op=">", value=99.99999, label="purity", unless=["single crystal", "单晶"]
)
EITHER_FORM = AnyOf(any=[SINGLE_CRYSTAL_DISLOCATION, POLYCRYSTAL_PURITY])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("InSb single crystal wafer, EPD 200-500 cm-2", NOT_MET),  # the purity test is the polycrystals'
        ("InSb single crystal 8N", UNKNOWN),  # its own test, dislocation density, not stated
        ("InSb polycrystal 8N (99.999999%)", MET),
        ("InSb polycrystal, EPD 20/cm2", UNKNOWN),  # the dislocation test is the single crystals'
        # both forms named: neither test is ruled out
        ("锑化铟多晶（单晶衬底） 8N（99.999999%）", MET),
        ("InSb polycrystal / single crystal, EPD 200 cm-2", UNKNOWN),
    ],
)
def test_unless_in_a_choice_of_forms(text: str, expected: str) -> None:
    result = check(EITHER_FORM, text)
    assert result.outcome == expected, result.reasons
