"""The label a text supports (service.arbitration), with model probabilities given directly: these pin the
rules, not the model."""

from __future__ import annotations

import numpy as np
import pytest

from service.arbitration import Arbiter
from service.controls import load_controls
from service.controls.index import NOT_LISTED
from service.naming import naming_index


@pytest.fixture(scope="module")
def arbiter() -> Arbiter:
    controls = load_controls()
    return Arbiter(controls.labels, controls, naming_index())


def _proba(arbiter: Arbiter, weights: dict[str, float]) -> np.ndarray:
    labels = arbiter.controls.labels
    proba = np.full(len(labels), (1.0 - sum(weights.values())) / (len(labels) - len(weights)), dtype=np.float32)
    for label, p in weights.items():
        proba[labels.index(label)] = p
    return proba


def _choose(arbiter: Arbiter, text: str, proba: np.ndarray, uncertain: bool = False) -> tuple[str, list[str]]:
    order = np.argsort(-proba, kind="stable")[:3].tolist()
    labels = arbiter.controls.labels
    label = labels[order[1]] if uncertain else labels[order[0]]
    reasons: list[str] = []
    named = arbiter.naming.find_terms(text)
    chosen, _ = arbiter.choose(label, float(proba[labels.index(label)]), proba, order, text, named, uncertain, reasons)
    return chosen, reasons


def test_the_model_label_stands_when_the_text_supports_it(arbiter: Arbiter) -> None:
    proba = _proba(arbiter, {"2825909001": 0.7, "3825690002": 0.2})
    assert _choose(arbiter, "gallium oxide Ga2O3 99.99% powder", proba) == ("2825909001", [])


def test_names_forms_and_doubt_each_move_the_label(arbiter: Arbiter) -> None:
    # a close label the text names, in the form the model reads
    scrap = _proba(arbiter, {"3825690008": 0.40, "3825690005": 0.25, "3818009004": 0.15})
    assert _choose(arbiter, "GaAs wafer scrap", scrap)[0] == "3825690004"
    # a scrap code the text does not state
    geo2 = _proba(arbiter, {"3825690009": 0.90, "2825600002": 0.04})
    label, reasons = _choose(arbiter, "GeO2 99.999%", geo2)
    assert label == "2825600002" and "does not state" in reasons[0]
    # the model doubts: the named item, not the runner-up
    doubt = _proba(arbiter, {NOT_LISTED: 0.45, "2846901930": 0.30})
    assert _choose(arbiter, "Sb2O3 99.99%", doubt, uncertain=True)[0] == "2825800010"


def test_other_elements_by_name_or_formula(arbiter: Arbiter) -> None:
    groups = arbiter.naming.find_groups
    assert arbiter.other_elements("2849902000", groups("MoO3 99.5%"), "MoO3 99.5%") == ["molybdenum"]
    assert arbiter.other_elements("2849902000", groups("tungsten carbide WC"), "tungsten carbide WC") == []
    assert arbiter.other_elements("2849902000", {}, "white powder") == []  # nothing named: no objection
    assert arbiter.other_elements(NOT_LISTED, groups("MoO3"), "MoO3") == []


def test_unlisted_elements_object_too(arbiter: Arbiter) -> None:
    groups = arbiter.naming.find_groups
    copper = "Copper sputtering target 99.99%, 3 inch"
    assert arbiter.other_elements("3824999922", groups(copper), copper) == ["copper"]
    assert arbiter.other_elements("3824999922", groups("铜靶材 99.99%"), "铜靶材 99.99%") == ["copper"]
    assert arbiter.other_elements("3824999922", groups("Al2O3 99.99% powder"), "Al2O3 99.99% powder") == ["aluminium"]
    # the label's own element named as well: no objection, whatever else is in it
    smco = "samarium cobalt alloy target"
    assert arbiter.other_elements("3824999922", groups(smco), smco) == []


@pytest.mark.parametrize(
    ("label", "text", "foreign"),
    [
        ("3824999922", "Copper sputtering target OFHC Cu 99.99%, dia 3 inch", ["copper"]),
        ("2849902000", "品名：镍粉；规格：Ni99.8%，粒度D50 3μm", ["nickel"]),  # after the field label
        ("3824999922", "Al2O3 99.99% 4N powder, D50 0.5 µm", ["aluminium"]),  # by formula
        ("2846904910", "Cobalt powder 99.8%, Dy-free", ["cobalt"]),  # a denied listed name names nothing
        ("2846903100", "Ytterbium fluoride YbF3 99.99%", ["ytterbium"]),  # a rare earth not on the list
        # the other element only in a use clause: the goods may be the listed element's, misspelt or by symbol
        ("8112929090", "GA ATOMIZED POWDER - MIN. 99.9% - used for titanium castings", []),
        ("8106109090", "Bsmuth lumps cast bar, for aluminium castings", []),
        # a listed element or item named anywhere
        ("3824999922", "Copper indium gallium selenide target", []),
        ("2805301300", "Titanium-terbium alloy, Tb 30%", []),
        # items not made of a listed element: superhard equipment and graphite goods can be named by other metals
        ("8479909020", "Titanium alloy hinge beam for a six-sided press", []),
        ("2504101000", "Lithium-ion battery anode material, D50 16 µm", []),
        (NOT_LISTED, "Copper sputtering target 99.99%", []),
    ],
)
def test_foreign_goods_are_named_first_and_alone(arbiter: Arbiter, label: str, text: str, foreign: list[str]) -> None:
    assert arbiter.foreign_goods(label, arbiter.naming.find_groups(text), text) == foreign


@pytest.mark.parametrize(
    ("text", "compounds"),
    [
        ("Gallium(III) chloride anhydrous 99.999%", ["Gallium(III) chloride"]),
        ("硝酸镓 Ga(NO3)3·xH2O 99.99%", ["硝酸镓"]),
        ("三氧化二铋 99.9%", ["三氧化二铋"]),
        ("Germane GeH4 10% in H2", ["GeH4"]),  # by formula: a non-metal besides the element
        ("锗烷 10% 氢气稀释", ["锗烷"]),  # germane by name; 锑烷 (stibine) is an item's own term
        ("锑烷 5% 氢气稀释", []),
        ("WS2 powder 0.6 um", ["WS2"]),
        # tellurium is itself the non-metal of its compounds with metals: tellurides, not alloys
        ("ZnTe zinc telluride crystal <110>", ["ZnTe"]),
        ("GeTe germanium telluride target 99.99%", ["germanium telluride", "GeTe"]),
        ("Bi2Te3 ingot", ["Bi2Te3"]),
        ("HgCdTe epitaxial wafer", []),  # a listed item's elements in it
        ("gallium ethoxide 99.99%", ["gallium ethoxide"]),  # organic: not listed for gallium
        ("Trimethylgallium (TMGa) 6N, bubbler", ["trimethylgallium", "TMGa"]),  # compound words
        ("Trimethylindium TMIn 6N", []),  # a listed item's name
        ("Organic germanium Ge-132 powder 99%", ["organic germanium", "Ge-132"]),
        ("Organic germanium and germanium metal 5N", []),  # the metal named besides
        # listed after all, written with a state, a count or a plural no entry term holds
        ("gallium (III) oxide powder", []),
        ("Antimony sesquioxide 99.8%", []),
        ("tungsten oxides, mixed", []),
        ("二氯化锗", []),  # 氯化锗 is germanium tetrachloride's
        ("WO2 powder", []),  # the elements of WO3
        ("AlGaN template", []),  # GaN's elements in it
        # not a compound, or not a particular one
        ("Mo70Cu30 composite powder", []),  # an alloy: no non-metal
        ("gallium compounds, assorted", []),
        ("镓化合物", []),
        # organic antimony compounds are listed (above a purity); the rare earths' compounds all are
        ("antimony ethoxide 99.99%", []),
        ("antimony acetate and antimony trichloride", []),  # the acetate may be a listed one
        ("samarium(III) sulfate", []),
        # a listed item or another listed element named too
        ("gallium trichloride and gallium metal", []),
        ("gallium chloride, for GaN growth", []),
        ("Bi2Te3 ingot, tellurium 5N", []),  # tellurium named as the element besides
        ("Copper sputtering target", []),
    ],
)
def test_unlisted_compounds_are_those_the_list_does_not_name(arbiter: Arbiter, text: str, compounds: list[str]) -> None:
    named, groups = arbiter.naming.find_names(text)
    assert arbiter.unlisted_compounds(named, groups, text) == compounds


def test_a_compound_formula_does_not_fit_a_metal_label(arbiter: Arbiter) -> None:
    assert arbiter.compounds_for_metal("2804500001", "Tellurium dioxide TeO2 99.99%, 1 kg") == [
        "Tellurium dioxide",
        "TeO2",
    ]
    assert arbiter.compounds_for_metal("2804500001", "Tellurium oxide 99.99%") == ["Tellurium oxide"]  # by name
    assert arbiter.compounds_for_metal("8106901029", "氧化铋 99.9% 粉末") == ["氧化铋"]
    assert arbiter.compounds_for_metal("2804500001", "Tellurium ingot 5N") == []
    assert arbiter.compounds_for_metal("8106901029", "Bismuth ingot 99.99%, Bi2O3-free") == []  # denied
    assert arbiter.compounds_for_metal("2825800010", "Sb2O3 99.99%") == []  # a compound's label: its formula
    assert arbiter.compounds_for_metal("2804500001", "tellurium 5N, MoO3 packing") == []  # another element's


@pytest.mark.parametrize(
    ("label", "text", "minor"),
    [
        ("2804500001", "Tellurium copper rod C14500 (Te 0.5%), dia 25 mm", ["Te 0.5%"]),
        ("8106901099", "易切削钢圆钢 含铋0.1% Φ20mm", ["Bi 0.1%"]),
        ("8106901099", "Bismuth-tin alloy Bi 58% Sn 42%", []),  # bismuth predominates: a bismuth alloy
        ("2804500001", "Tellurium 99.99%, Se 0.5%", []),  # another element's content
        ("8112929010", "砷化镓废料 Ga含量约45%", []),  # gallium arsenide scrap named: not an alloy
        ("NOCODE:gd-alloys", "Mg-30Gd master alloy", []),  # not a metal label; the list names the alloys
        ("2805301910", "Mg-30Gd master alloy, Gd 30%", []),  # gadolinium alloys are listed
        # no content stated: the alloy's name says which metal predominates (naming.yaml minor_alloys)
        ("2804500001", "Tellurium-copper bar, 12 mm hex", ["'Tellurium-copper' (an alloy's name)"]),
        ("8110101000", "铅锑合金锭 蓄电池板栅用", ["'铅锑合金' (an alloy's name)"]),
        ("2804500001", "Tellurium lump 5N for tellurium copper melting", []),  # the alloy is only the use
    ],
)
def test_a_metal_under_half_of_an_alloy_is_not_the_listed_metal(
    arbiter: Arbiter, label: str, text: str, minor: list[str]
) -> None:
    named, _ = arbiter.naming.find_names(text)
    assert arbiter.minor_constituent(label, named, text) == minor


def test_an_unlisted_compound_does_not_make_the_text_name_the_metal(arbiter: Arbiter) -> None:
    # "氧化铋" (bismuth oxide) holds "铋", a term of bismuth metal: the metal must not win over the model's reading
    # for naming it (the shipped model: a rare-earth oxide 0.21, bismuth metal powder 0.20, not listed 0.10).
    proba = _proba(arbiter, {"2846901600": 0.21, "8106901029": 0.20, NOT_LISTED: 0.10})
    chosen, reasons = _choose(arbiter, "氧化铋 99.9% 粉末", proba)
    assert chosen == "2846901600" and reasons == []
    chosen, _ = _choose(arbiter, "铋 99.9% 粉末", proba)  # the metal itself
    assert chosen == "8106901029"


@pytest.mark.parametrize(
    ("label", "text", "goods"),
    [
        ("NOCODE:sh-crystal-technology", "Synthetic diamond single crystal, 2 mm", True),
        ("NOCODE:sh-crystal-technology", "人造金刚石 单晶 2mm", True),
        ("NOCODE:sh-crystal-technology", "HPHT diamond synthesis process know-how, licence", False),
        ("NOCODE:te-technology", "CZT crystal growth process parameters", False),
        ("NOCODE:sh-press-technology", "六面顶压机 设计图纸", False),  # drawings
        ("NOCODE:w-technology", "Tungsten carbide production technology and data", False),
        ("2849902000", "Tungsten carbide powder 0.8 um", False),  # a goods label: not asked
    ],
)
def test_goods_read_as_technology_are_found_by_the_absence_of_any_word_of_technology(
    arbiter: Arbiter, label: str, text: str, goods: bool
) -> None:
    assert arbiter.goods_as_technology(label, text) is goods
