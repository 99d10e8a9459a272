"""The decision layer driven by the real control list, independent of what the model happens to predict.

``Classifier.decide`` takes the model's probabilities; here they are set by hand so that every threshold,
every item without a code and every shared code is exercised, whether or not some text would reach it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import numpy as np
import pytest

from service.api.state import ClassifierHolder
from service.classifier import Classifier
from service.config import Settings
from service.controls import load_controls
from service.controls.schema import AllOf, AnyOf, Comparison, Condition, Entry
from service.params import Block, Params, Value, extract_params
from service.prediction import Prediction
from service.rules import evaluate
from tests.conftest import MODELS

CONTROLS = load_controls()
DAY = date(2026, 11, 22)


def leaves(condition: Condition | None) -> Iterator[Comparison]:
    if isinstance(condition, Comparison):
        yield condition
    elif isinstance(condition, AllOf):
        for child in condition.all_:
            yield from leaves(child)
    elif isinstance(condition, AnyOf):
        for child in condition.any_:
            yield from leaves(child)


def params_with(leaf: Comparison, value: float | list[float]) -> Params:
    if leaf.param == "block_dims_mm":
        assert isinstance(value, list)
        return Params(blocks=[Block(tuple(value), "test")])
    assert isinstance(value, float | int)
    v = [Value(float(value), float(value), "test")]
    if leaf.param == "composition_pct":
        return Params(composition={str(leaf.element): v})
    return Params(values={leaf.param: v})


def both_sides(leaf: Comparison) -> tuple[float | list[float], float | list[float]]:
    """A value that meets the threshold (at the boundary where it is inclusive) and one that just fails."""
    step = 0.0001 if leaf.param == "purity_pct" else 0.01
    if leaf.param == "block_dims_mm":
        edges = [float(x) for x in leaf.value]  # type: ignore[union-attr]
        return edges, [edges[0], edges[1], edges[2] - 1]
    if leaf.op == "in":
        return float(leaf.value[0]), float(leaf.value[0]) + 100  # type: ignore[index]
    v = float(leaf.value)  # type: ignore[arg-type]
    return {
        ">=": (v, v - step),
        ">": (v + step, v),
        "<=": (v, v + step),
        "<": (v - step, v),
    }[leaf.op]


THRESHOLDS = [(e.id, leaf) for e in CONTROLS.controls.entries for leaf in leaves(e.requires)]


@pytest.mark.parametrize(("entry_id", "leaf"), THRESHOLDS, ids=[f"{e}:{lf.label}" for e, lf in THRESHOLDS])
def test_every_threshold_on_both_sides_of_its_boundary(entry_id: str, leaf: Comparison) -> None:
    met, failed = both_sides(leaf)
    assert evaluate(leaf, params_with(leaf, met), "").outcome == "met"
    assert evaluate(leaf, params_with(leaf, failed), "").outcome == "not_met"
    assert evaluate(leaf, Params(), "").outcome == "unknown"


@pytest.mark.parametrize(
    ("text", "outcome"),
    [
        ('InSb wafer 2" (111), EPD 200 cm-2, n-type', "not_met"),  # a wafer is a single crystal's
        ('InSb wafer 2", EPD < 50 cm-2', "met"),
        ("锑化铟晶片 位错密度≤30/cm2", "met"),
        ("InSb wafer 7N", "unknown"),  # the polycrystals' purity test does not apply; EPD not stated
        ("InSb polycrystal 7N5 99.999995%", "met"),
    ],
)
def test_an_indium_antimonide_wafer_is_judged_as_a_single_crystal(text: str, outcome: str) -> None:
    requires = CONTROLS.entry("sb-indium-antimonide").requires
    assert requires is not None
    assert evaluate(requires, extract_params(text), text).outcome == outcome


def test_thresholds_exist_for_the_items_that_have_them() -> None:
    with_thresholds = {e for e, _ in THRESHOLDS}
    assert {"sb-oxide", "mo-powder", "graphite-artificial-high-purity", "w-heavy-alloy", "sh-mpcvd"} <= with_thresholds


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    holder = ClassifierHolder(Settings(model_dir=MODELS, cache_size=0))
    holder.load()
    return holder.classifier


def proba_for(classifier: Classifier, label: str, p: float = 0.9) -> np.ndarray:
    labels = classifier.bundle.card.labels
    out = np.full(len(labels), (1 - p) / (len(labels) - 1), dtype=np.float32)
    out[labels.index(label)] = p
    return out


NO_CODE = [e for e in CONTROLS.controls.entries if not e.codes]


@pytest.mark.parametrize("entry", NO_CODE, ids=[e.id for e in NO_CODE])
def test_every_item_without_a_code_is_reported_with_a_null_code(classifier: Classifier, entry: Entry) -> None:
    label = str(entry.pseudo_code)
    if label not in classifier.bundle.card.labels:
        pytest.skip(f"{label} not in this model's labels")
    # The item's own name plus any word its threshold asks for: the decision must land on this entry.
    mentions = " ".join(getattr(entry.requires, "mentions", [])[:1] if entry.requires is not None else [])
    text = f"{entry.item_en} {mentions}".strip()
    p = classifier.decide(text, proba_for(classifier, label), 3, None, DAY)
    assert p.hs_code is None
    assert p.status == "controlled", (entry.id, p.reasons)
    assert entry.id in [m.entry.id for m in p.matches]


def test_ndfeb_magnet_without_dy_or_tb_goes_to_review(classifier: Classifier) -> None:
    p = classifier.decide("sintered NdFeB magnets N42", proba_for(classifier, "NOCODE:ndfeb-magnets"), 3, None, DAY)
    assert (p.status, p.hs_code) == ("review", None)
    assert {m.entry.id for m in p.matches} == {"dy-magnets", "tb-magnets"}


@pytest.mark.parametrize(
    ("purity", "status"), [("0.9999", "controlled"), ("99.99%", "controlled"), ("0.995", "not_controlled")]
)
def test_purity_written_as_a_fraction_meets_a_percentage_threshold(
    classifier: Classifier, purity: str, status: str
) -> None:
    """Regression: "purity 0.9999" was read as 0.9999 %, so a 99.99 % antimony oxide came out not controlled."""
    text = f"Antimony trioxide Sb2O3, purity {purity}, 25 kg bags"
    p = classifier.decide(text, proba_for(classifier, "2825800010"), 3, None, DAY)
    assert p.status == status, p.reasons


def test_shared_code_resolved_by_parameters(classifier: Classifier) -> None:
    text = (
        "tungsten heavy alloy bar W-Ni-Fe, density 18.5 g/cm3, elastic limit 850 MPa, "
        "tensile strength 1300 MPa, elongation 12%"
    )
    p = classifier.decide(text, proba_for(classifier, "8101940001"), 3, None, DAY)
    assert p.status == "controlled"
    assert [m.entry.id for m in p.matches] == ["w-heavy-alloy"]
    weak = text.replace("18.5 g/cm3", "17.0 g/cm3")
    q = classifier.decide(weak, proba_for(classifier, "8101940001"), 3, None, DAY)
    assert "w-heavy-alloy" not in [m.entry.id for m in q.matches if m.outcome == "met"]


def test_uncertain_not_listed_goes_to_review(classifier: Classifier) -> None:
    labels = classifier.bundle.card.labels
    proba = np.zeros(len(labels), dtype=np.float32)
    proba[labels.index("NOT_LISTED")] = 0.55
    proba[labels.index("2825909001")] = 0.45
    p = classifier.decide("gallium something", proba, 3, None, DAY)
    assert p.status == "review"
    assert any("uncertain" in r for r in p.reasons)
    proba[labels.index("NOT_LISTED")] = 0.95  # below the lower threshold for texts naming an item too
    proba[labels.index("2825909001")] = 0.05
    assert classifier.decide("gallium something", proba, 3, None, DAY).status == "not_controlled"


def test_text_naming_another_element_than_the_label_goes_to_review(classifier: Classifier) -> None:
    """A label whose items belong to elements the text does not name, while it names another one, is almost
    always wrong (counted by ``hscc evaluate --heldout``): review, with the elements in the reasons."""
    rare_earth_compounds = "2846902910"  # Sm / Gd / Lu / Sc compounds
    p = classifier.decide("gallium 99.999%, 1 kg", proba_for(classifier, rare_earth_compounds), 3, None, DAY)
    assert (p.status, p.other_elements) == ("review", ["gallium"])
    assert any("names gallium" in r for r in p.reasons), p.reasons
    same = classifier.decide("samarium chloride 99.9%", proba_for(classifier, rare_earth_compounds), 3, None, DAY)
    assert (same.status, same.other_elements) == ("controlled", [])
    unnamed = classifier.decide("chloride salt 99.9%", proba_for(classifier, rare_earth_compounds), 3, None, DAY)
    assert unnamed.other_elements == []  # naming no element at all is not evidence against the label


def test_goods_of_an_unlisted_element_are_not_controlled(classifier: Classifier) -> None:
    """The text's first clause names an element that is not on the list, and it names no listed one: the goods
    are that element's, whatever label the model preferred, confident or uncertain (``Arbiter.foreign_goods``)."""
    target = "Copper sputtering target 99.99%, 3 inch"
    p = classifier.decide(target, proba_for(classifier, "3824999922"), 3, None, DAY)
    assert (p.label, p.hs_code, p.status, p.matches, p.foreign_goods) == (
        "NOT_LISTED",
        None,
        "not_controlled",
        [],
        ["copper"],
    )
    assert "copper (not a listed element)" in p.reasons[0] and "3824999922" in p.reasons[0]
    labels = classifier.bundle.card.labels
    proba = np.zeros(len(labels), dtype=np.float32)
    proba[labels.index("NOT_LISTED")] = 0.6
    proba[labels.index("2849902000")] = 0.4
    uncertain = classifier.decide("品名：镍粉；规格：Ni99.8%", proba, 3, None, DAY)
    assert (uncertain.status, uncertain.foreign_goods) == ("not_controlled", ["nickel"])
    assert uncertain.confidence == pytest.approx(0.6)  # the model's own probability of "not listed"
    # the other element only where the goods are used: judged as before (review: it names another element)
    use = classifier.decide(
        "Ga atomized powder 99.9%, for titanium castings", proba_for(classifier, "8112929090"), 3, None, DAY
    )
    assert use.foreign_goods == [] and use.status != "not_controlled"


def test_precious_metals_are_goods_of_unlisted_elements(classifier: Classifier) -> None:
    """Precious metals are traded by purity and form like the listed ones; a model that reads them as a listed
    element's is overruled by their names (naming.yaml ``other_elements``), in English and Chinese."""
    for text, element in [
        ("Rhodium sponge 99.95%, 50 g", "rhodium"),
        ("Fine silver grain 99.99, 25 kg", "silver"),
        ("金锭 Au99.99 1kg", "gold"),
        ("铱粉 99.9% 100g", "iridium"),
    ]:
        p = cleared_by_text(classifier, text, "2846903100", "not a listed element")
        assert p.foreign_goods == [element], text
    # a colour or a plating beside listed goods leaves them the listed goods'
    plated = classifier.decide(
        "Gallium metal 6N, silver-white, 1 kg", proba_for(classifier, "8112929090"), 3, None, DAY
    )
    assert (plated.foreign_goods, plated.status) == ([], "controlled")


def test_a_compound_the_list_does_not_name_is_not_controlled(classifier: Classifier) -> None:
    """A compound of a listed element that the list does not name, in a text that names no listed item, is not
    controlled, whatever label the model preferred, confident or uncertain (``Arbiter.unlisted_compounds``)."""
    rare_earth_compounds = "2846902910"
    p = classifier.decide("gallium trichloride 99.999%", proba_for(classifier, rare_earth_compounds), 3, None, DAY)
    assert (p.label, p.hs_code, p.status, p.matches) == ("NOT_LISTED", None, "not_controlled", [])
    assert (p.unlisted_compounds, p.other_elements, p.decided_by) == (["gallium trichloride"], [], "text")
    assert "gallium trichloride" in p.reasons[0] and rare_earth_compounds in p.reasons[0]
    labels = classifier.bundle.card.labels
    proba = np.zeros(len(labels), dtype=np.float32)
    proba[labels.index("NOT_LISTED")] = 0.6
    proba[labels.index("2804500001")] = 0.4  # tellurium metal, the model unsure
    uncertain = classifier.decide("Tellurium dioxide TeO2 99.99% powder", proba, 3, None, DAY)
    assert (uncertain.status, uncertain.unlisted_compounds) == ("not_controlled", ["Tellurium dioxide", "TeO2"])
    assert uncertain.confidence == pytest.approx(0.6)  # the model's own probability of "not listed"
    # by formula alone, read as scrap of a listed gallium compound
    scrap = classifier.decide("GaCl3 99.999%, 25 g", proba_for(classifier, "3825690003"), 3, None, DAY)
    assert (scrap.status, scrap.unlisted_compounds) == ("not_controlled", ["GaCl3"])
    # every compound of a rare earth is listed
    samarium = classifier.decide("samarium(III) sulfate", proba_for(classifier, "2846909920"), 3, None, DAY)
    assert (samarium.status, samarium.unlisted_compounds) == ("controlled", [])
    # a listed item named as well: judged as before
    named = classifier.decide("gallium chloride for GaN epitaxy", proba_for(classifier, "2850009020"), 3, None, DAY)
    assert named.unlisted_compounds == [] and named.status != "not_controlled"


def cleared_by_text(classifier: Classifier, text: str, label: str, why: str) -> Prediction:
    """``text`` decided with the model all but sure of ``label``: asserts that the text's words cleared it (not
    controlled, with ``why`` in the first reason, which names the label) and returns the prediction."""
    p = classifier.decide(text, proba_for(classifier, label, 0.98), 3, None, DAY)
    assert (p.label, p.status, p.decided_by) == ("NOT_LISTED", "not_controlled", "text")
    assert label in p.reasons[0] and why in p.reasons[0]
    return p


def test_goods_naming_a_listed_material_only_as_their_colour_are_not_controlled(classifier: Classifier) -> None:
    """A listed name used as a colour ("石墨灰", graphite grey) names no goods: a text with no other listed name is
    not controlled, however sure the model is of its reading (``Arbiter.colour_only``)."""
    graphite = "6815190020"
    shoes = cleared_by_text(classifier, "运动鞋 男款 网面 石墨灰 39-44码", graphite, "as a colour")
    assert shoes.colours == ["石墨灰"] and "石墨灰" in shoes.reasons[0]
    # graphite named as goods besides the colour: judged as graphite
    felt_text = "graphite grey felt, natural flake graphite"
    felt = classifier.decide(felt_text, proba_for(classifier, graphite), 3, None, DAY)
    assert (felt.colours, felt.status) == ([], "controlled")
    # a listed formula besides the colour: judged too
    target = classifier.decide("Ga2O3 target, colour: graphite", proba_for(classifier, graphite), 3, None, DAY)
    assert target.colours == [] and target.status != "not_controlled"


def test_goods_naming_listed_materials_only_to_deny_them_are_not_controlled(classifier: Classifier) -> None:
    """A text that uses listed names only to deny them ("Sb-free", "不含钆") names no listed goods: not controlled,
    however sure the model is of its reading (``Arbiter.denied_only``)."""
    antimony, rare_earth = "8110101000", "3824999922"
    pet = cleared_by_text(classifier, "PET bottle resin, antimony-free, 1 t bags", antimony, "only to deny them")
    assert pet.denials and "antimony" in pet.denials[0].casefold() and pet.denials[0] in pet.reasons[0]
    phosphor = cleared_by_text(classifier, "LED荧光粉 不含钆 不含钇 1kg", rare_earth, "only to deny them")
    assert phosphor.denials == ["不含钆", "不含钇"]
    # a listed item named besides the denial: judged as that item
    oxide = classifier.decide("Dy2O3 99.99%, Tb-free", proba_for(classifier, "2846901500"), 3, None, DAY)
    assert (oxide.denials, oxide.status) == ([], "controlled")
    # "free-standing" is an attribute of the wafer, not a denial of the GaN
    wafer = classifier.decide(
        "GaN free-standing wafer, 4 inch, HVPE grown", proba_for(classifier, "3818009001"), 3, None, DAY
    )
    assert (wafer.denials, wafer.status) == ([], "controlled")
    # NdFeB magnets denied their dysprosium are still NdFeB magnets, whose conditions the rules read
    magnet = classifier.decide("NdFeB magnet N45, Dy-free", proba_for(classifier, "NOCODE:ndfeb-magnets"), 3, None, DAY)
    assert magnet.denials == [] and any("rules it out" in r for r in magnet.reasons)


def test_an_alloy_with_the_listed_metal_under_half_is_not_controlled(classifier: Classifier) -> None:
    """A text read as a listed metal that gives the metal's content below half is an alloy of another metal (HS
    Section XV, note 5), not the listed one, whatever the model weighed (``Arbiter.minor_constituent``)."""
    tellurium = "2804500001"
    rod = cleared_by_text(classifier, "Tellurium copper rod C14500 (Te 0.5%), dia 25 mm", tellurium, "predominates")
    assert rod.minor_constituent == ["Te 0.5%"]
    metal = classifier.decide("Tellurium ingot 99.99%, Se 0.5%", proba_for(classifier, tellurium), 3, None, DAY)
    assert (metal.status, metal.minor_constituent) == ("controlled", [])


def test_a_finished_article_made_with_a_listed_material_is_not_controlled(classifier: Classifier) -> None:
    """A motor with samarium-cobalt magnets is a motor, a CdTe solar panel a solar panel: the list names the
    materials, not the articles made with them, whatever the model weighed (``Arbiter.finished_article``)."""
    cdte = "2842902000"
    panel = cleared_by_text(classifier, "CdTe thin film solar panel 420 W", cdte, "finished article")
    assert panel.articles == ["solar panel"]
    # the material itself, for such articles: judged as the material
    wafer = classifier.decide("CdTe wafers for solar panel research", proba_for(classifier, cdte), 3, None, DAY)
    assert (wafer.articles, wafer.status) == ([], "controlled")
    # a machine working with a listed material (a YAG laser's crystal) is a machine
    marker = cleared_by_text(classifier, "Fiber-coupled YAG laser engraving machine, 30 W, desktop", "2846909690",
                             "finished article")  # fmt: skip
    assert marker.articles == ["laser engraving machine"]


def test_an_ore_or_concentrate_the_list_does_not_name_is_not_controlled(classifier: Classifier) -> None:
    """A germanium or tungsten concentrate is not germanium metal or a tungsten alloy, whatever the model weighed
    (``Arbiter.unlisted_ores``); antimony's ores are listed, and an item named before the ore word is the goods."""
    germanium = "8112921090"
    concentrate = cleared_by_text(classifier, "锗精矿 Ge 15% 湿法冶炼中间品", germanium, "ore or a concentrate")
    assert concentrate.ores == ["精矿"]
    ore = cleared_by_text(classifier, "TUNGSTEN ORE CONCENTRATE WO3 60%", "8101940001", "whose ores the list")
    assert ore.ores == ["ore concentrate", "concentrate"]
    # a smelter's flue dust from which germanium or indium is recovered is a raw material, not the metal
    dust = cleared_by_text(classifier, "Zinc smelter flue dust containing germanium 0.3%, bulk", "8112921090", "ore")
    assert dust.ores == ["flue dust"]
    for text, label in [
        ("Antimony concentrate Sb 50%", "2617109090"),  # listed ores
        ("Tungsten oxide WO3 99.9% made from concentrate", "2825901200"),  # the item comes first
    ]:
        p = classifier.decide(text, proba_for(classifier, label), 3, None, DAY)
        assert (p.ores, p.status) == ([], "controlled")


def test_a_text_naming_a_rare_earth_whose_every_compound_is_listed_goes_to_review_whatever_the_model(
    classifier: Classifier,
) -> None:
    """The list names every compound and mixture of the listed rare earths: a text that names one is reviewed
    even when the model is sure it is not listed (an oxide blend led by an unlisted rare earth)."""
    not_listed = proba_for(classifier, "NOT_LISTED", 0.999)
    blend = classifier.decide("Europium oxide powder with traces of gadolinium oxide", not_listed, 3, None, DAY)
    assert blend.status == "review"
    assert any("names gadolinium, whose every compound is listed" in r for r in blend.reasons)
    assert any("(review at any probability for a text that names gadolinium" in r for r in blend.reasons)
    for text in ["Europium oxide Eu2O3 99.99%", "Ferrite magnets Y30BH ring 40x22x8 mm", "Y-axis guide rail"]:
        assert classifier.decide(text, not_listed, 3, None, DAY).status == "not_controlled", text


def test_a_text_naming_an_item_and_meeting_its_threshold_goes_to_review_whatever_the_model(
    classifier: Classifier,
) -> None:
    """Not listed on top with only 0.02-0.10 for the controlled labels: review when the text names an item with a
    threshold by the item's own term and states figures that meet it; not controlled when they fail it. (Named, not
    written as a formula: a formula is read again as the item's name.)"""
    labels = classifier.bundle.card.labels
    proba = np.zeros(len(labels), dtype=np.float32)
    proba[labels.index("NOT_LISTED")] = 0.96
    proba[labels.index("8106101099")] = 0.03  # the model's runner-up: bismuth
    proba[labels.index("2825800010")] = 0.01  # antimony oxides
    met = classifier.decide("Antimony trioxide 4N5 (99.995%) sub-micron, in drums", proba, 3, None, DAY)
    assert (met.status, met.label) == ("review", "2825800010")
    assert any("meets its threshold" in r for r in met.reasons)
    failed = classifier.decide("Antimony trioxide 99.8% min, in drums", proba, 3, None, DAY)
    assert (failed.status, failed.label) == ("not_controlled", "NOT_LISTED")
    unknown = classifier.decide("Antimony trioxide sub-micron, in drums", proba, 3, None, DAY)
    assert unknown.status == "not_controlled"
    proba[labels.index("NOT_LISTED")], proba[labels.index("8106101099")] = 0.99, 0.0
    assert classifier.decide("Antimony trioxide 4N5 (99.995%)", proba, 3, None, DAY).status == "not_controlled"


def test_a_text_naming_a_listed_item_goes_to_review_from_a_lower_probability(classifier: Classifier) -> None:
    """Not listed on top with 0.10-0.20 for the controlled labels: review when the text names an item by an item's
    own term (``NAMED_REVIEW_THRESHOLD``), not listed otherwise."""
    labels = classifier.bundle.card.labels
    proba = np.zeros(len(labels), dtype=np.float32)
    proba[labels.index("NOT_LISTED")] = 0.85
    proba[labels.index("2805301300")] = 0.15  # terbium metal
    named = classifier.decide("品名：金属铽；规格：Tb/TREM≥99.99%", proba, 3, None, DAY)
    assert (named.status, named.hs_code) == ("review", "2805301300"), named.reasons
    assert any("review from 0.10 for a text that names a listed item" in r for r in named.reasons)
    assert classifier.decide("white crystalline powder, 50 kg", proba, 3, None, DAY).status == "not_controlled"
    proba[labels.index("NOT_LISTED")], proba[labels.index("2805301300")] = 0.95, 0.05
    # Below the band the named item alone does not keep it: gallium metal is cleared. Terbium stays in review, as a
    # rare earth whose every compound is listed (test_a_text_naming_a_rare_earth_whose_every_compound_is_listed...).
    gallium = np.zeros(len(labels), dtype=np.float32)
    gallium[labels.index("NOT_LISTED")], gallium[labels.index("8112929090")] = 0.95, 0.05
    assert classifier.decide("品名：金属镓；规格：Ga≥99.99%", gallium, 3, None, DAY).status == "not_controlled"
    below = classifier.decide("品名：金属铽；规格：Tb/TREM≥99.99%", proba, 3, None, DAY)
    assert not any("names a listed item" in r for r in below.reasons)
    assert any("whose every compound is listed" in r for r in below.reasons)


def test_an_unsure_reading_of_a_text_naming_nothing_listed_is_cleared(classifier: Classifier) -> None:
    """Below ``UNBACKED_CONTROLLED_MIN`` the model's word alone flags nothing when the text names no listed item or
    element and nothing spelled like one: not controlled, said so in the reasons, the model's own probability for
    "not listed" as the confidence. A name, or a surer model, is enough to flag it."""
    proba = proba_for(classifier, "2825909001", 0.4)  # gallium oxide, no thresholds
    gloves = classifier.decide("品名：针织手套；规格：涤纶；用途：劳保", proba, 3, None, DAY)
    assert (gloves.label, gloves.hs_code, gloves.status, gloves.matches) == ("NOT_LISTED", None, "not_controlled", [])
    assert gloves.unnamed and gloves.decided_by == "text" and not gloves.unbacked
    assert gloves.confidence == pytest.approx(float(proba[classifier._labels.index("NOT_LISTED")]))
    assert gloves.candidates[0].label == "2825909001"  # the model's reading stays visible
    assert "names no listed item or element, nor anything spelled like one" in gloves.reasons[0], gloves.reasons
    named = classifier.decide("Ga2O3 powder", proba, 3, None, DAY)
    assert (named.status, named.unbacked, named.unnamed) == ("controlled", False, False)
    sure = proba_for(classifier, "2825909001", 0.6)
    assert classifier.decide("品名：针织手套；规格：涤纶；用途：劳保", sure, 3, None, DAY).status == "controlled"


@pytest.mark.parametrize(
    "text",
    [
        "Galium oxyde powder, 25 kg drums",  # a misspelt element name
        "GA OXIDE POWDER 99.99",  # a symbol in capitals
        "tbf3 tablets, -325 mesh",  # a formula in lower case
        "rare earth oxide powder, 1 MT",  # the family, no element
    ],
)
def test_an_unsure_reading_of_a_text_with_a_near_name_goes_to_review(classifier: Classifier, text: str) -> None:
    """What may be a listed name the naming index does not know keeps the unsure item for a person to look at."""
    proba = proba_for(classifier, "2825909001", 0.4)
    prediction = classifier.decide(text, proba, 3, None, DAY)
    assert (prediction.status, prediction.unbacked, prediction.unnamed) == ("review", True, False), prediction.reasons
    assert any("names no listed item or element" in r for r in prediction.reasons)


def test_a_misspelt_listed_name_is_read_again_spelled_right(classifier: Classifier) -> None:
    """The model all but sure that "Galium metal 6N" is not listed: the text is read again as "Gallium metal 6N"
    (a second model run and decision), which names gallium metal; the reasons say which word was read how."""
    not_listed = proba_for(classifier, "NOT_LISTED", 0.99)
    p = classifier.decide("Galium metal 6N, 5 x 1kg", not_listed, 3, None, DAY)
    assert p.respelled == ["Galium -> Gallium"]
    assert p.status == "controlled" and [m.entry.id for m in p.matches] == ["ga-metal"]
    assert p.reasons[0] == "read 'Galium' as 'Gallium' (one letter from a listed name)"
    # A purity written as a fraction is read as a percentage in any text, the model's reading listed or not.
    bar = classifier.decide("Bismuth ingot .9999, 10 kg", proba_for(classifier, "8106109090", 0.8), 3, None, DAY)
    assert bar.respelled == [".9999 -> 99.99%"]
    assert bar.reasons[0] == "read '.9999' as '99.99%' (a purity written as a fraction)"
    # A word of its own is not a misspelling, and a text the model reads as listed is not read again.
    assert classifier.decide("Geranium essential oil 10 ml", not_listed, 3, None, DAY).respelled == []
    flagged = classifier.decide("Galium metal 6N", proba_for(classifier, "8112929090", 0.9), 3, None, DAY)
    assert flagged.respelled == [] and flagged.status == "controlled"


def test_a_name_read_from_a_misspelling_is_not_controlled_on_an_unsure_model(classifier: Classifier) -> None:
    """ "Galium aparine" is the bedstraw genus. Read as "Gallium aparine (cleavers) dried herb", the model gives
    gallium metal 0.27: the guessed name and so weak a reading leave it to a person, not controlled."""
    herb = classifier.decide(
        "Galium aparine (cleavers) dried herb", proba_for(classifier, "NOT_LISTED", 0.99), 3, None, DAY
    )
    assert herb.respelled == ["Galium -> Gallium"]
    assert herb.status == "review" and herb.confidence < 0.5
    assert herb.reasons[-1].startswith("the name 'Gallium' is read from a misspelling and the model gives ")
    assert herb.reasons[-1].endswith("(controlled from 0.50 on a guessed name): review")


def test_a_line_read_as_not_listed_that_names_a_listed_item_is_read_again_without_its_amounts(
    classifier: Classifier,
) -> None:
    """An amount pulls a short line towards "not listed" ("GeCl4 6N 200kg": 0.91 not listed, "GeCl4 6N": the
    tetrachloride first): such a line that names a listed item is read again without it, model and rules. (A
    formula the model did not read as its item is read again as the item's name, with the amounts left out:
    ``test_a_listed_items_formula_the_model_did_not_read_as_the_item_is_read_again_as_its_name``.)"""
    text = "Germanium tetrachloride 6N 200kg"
    line = classifier.decide(text, proba_for(classifier, "NOT_LISTED", 0.91), 3, None, DAY)
    assert line.respelled == ["200kg -> "]
    assert line.reasons[0] == "read without '200kg' (an amount, which says nothing of the goods)"
    assert line.status == "controlled" and [m.entry.id for m in line.matches] == ["ge-tetrachloride"]
    # Not a line the model is all but sure of (most ordinary goods: the second reading costs a naming scan), nor one
    # that names nothing listed, nor one the model reads as listed.
    assert classifier.decide(text, proba_for(classifier, "NOT_LISTED", 0.999), 3, None, DAY).respelled == []
    assert (
        classifier.decide("Cotton shirts 200kg", proba_for(classifier, "NOT_LISTED", 0.9), 3, None, DAY).respelled == []
    )
    listed = classifier.decide("GeCl4 6N 200kg", proba_for(classifier, "2827399001", 0.9), 3, None, DAY)
    assert listed.respelled == []


def test_a_listed_items_formula_the_model_did_not_read_as_the_item_is_read_again_as_its_name(
    classifier: Classifier,
) -> None:
    """Lower-cased, a formula shares its n-grams with other goods ("gan" in "organic", "2o3" in every rare-earth
    oxide): model 201fa419 read "GeO2 powder 1kg" as not listed (0.9999) and "Ga2O3 99.999% powder" as samarium
    oxide. Read again with the item's name, they are judged as the items they are; a text the model read as the
    formula's item is not read again."""
    powder = classifier.decide("GeO2 powder 1kg", proba_for(classifier, "NOT_LISTED", 0.9999), 3, None, DAY)
    assert powder.respelled == ["GeO2 -> germanium dioxide", "1kg -> "]
    assert powder.reasons[0] == (
        "read 'GeO2' as 'germanium dioxide' (a listed item's formula), without '1kg' (an amount, which says nothing "
        "of the goods)"
    )
    assert powder.status == "controlled" and [m.entry.id for m in powder.matches] == ["ge-dioxide"]
    oxide = classifier.decide("Ga2O3 99.999% powder", proba_for(classifier, "2846901940", 0.61), 3, None, DAY)
    assert oxide.respelled == ["Ga2O3 -> gallium oxide"]
    assert oxide.status == "controlled" and [m.entry.id for m in oxide.matches] == ["ga-oxide"]
    # read as the item already: no second reading
    assert classifier.decide("GeO2 powder", proba_for(classifier, "2825600002", 0.6), 3, None, DAY).respelled == []
    # a finished article made with the item is still one
    charger = classifier.decide("GaN charger 65W", proba_for(classifier, "NOT_LISTED", 0.999), 3, None, DAY)
    assert charger.respelled == ["GaN -> gallium nitride"] and charger.status == "not_controlled"
    # goods the model read as not listed, and as the item under 0.5 once it is named, go to a person
    device = classifier.decide("GaAs RF power amplifier MMIC", proba_for(classifier, "NOT_LISTED", 0.99), 3, None, DAY)
    assert device.respelled == ["GaAs -> gallium arsenide"]
    assert device.status == "review" and device.confidence < 0.5
    assert device.reasons[-1].startswith("the model read the text as not listed with the formula as written")


def test_an_element_symbol_before_a_form_word_is_read_again_as_the_elements_name(classifier: Classifier) -> None:
    """The model's word tokens are two letters or more: it read "W bar 99.95%" as not listed (0.94) and "Tb chips
    99.9%" as germanium dioxide (0.87). Read again as "tungsten bar" and "terbium chips", whatever the first
    reading, they are judged as the goods they are."""
    bar = classifier.decide("W bar 99.95%, 10 kg", proba_for(classifier, "NOT_LISTED", 0.94), 3, None, DAY)
    assert bar.respelled == ["W -> tungsten", "10 kg -> "]  # and the amount dropped: the text names a listed item
    assert bar.reasons[0] == (
        "read 'W' as 'tungsten' (an element symbol), without '10 kg' (an amount, which says nothing of the goods)"
    )
    # solid tungsten is listed when it can be machined to the sizes of 1C117.c: no size stated, so a person decides
    assert bar.status == "review" and "w-solid-alloy" in [m.entry.id for m in bar.matches]
    chips = classifier.decide("Tb chips 99.9%", proba_for(classifier, "3825690009", 0.87), 3, None, DAY)
    assert chips.respelled == ["Tb -> terbium"]
    assert chips.status == "controlled" and [m.entry.id for m in chips.matches] == ["tb-metal"]
    # before a grade the symbol is read as written, as the training texts show it
    assert classifier.decide("Ge 5N", proba_for(classifier, "8112921090", 0.9), 3, None, DAY).respelled == []
    # a text in capitals writes the symbol in capitals
    caps = classifier.decide("GA METAL 4N, 100KG", proba_for(classifier, "NOT_LISTED", 0.94), 3, None, DAY)
    assert caps.respelled == ["GA -> GALLIUM"]
    assert caps.status == "controlled" and [m.entry.id for m in caps.matches] == ["ga-metal"]


def test_goods_read_as_a_technology_entry_go_to_review(classifier: Classifier) -> None:
    """The list's technology entries cover a process and its data, not the goods it makes: synthetic diamond
    crystals read as the technology for growing them (the model: 0.83) are for a person to judge; a text about the
    technology is still controlled."""
    technology = "NOCODE:sh-crystal-technology"
    crystals = classifier.decide(
        "Synthetic diamond single crystal 2mm", proba_for(classifier, technology), 3, None, DAY
    )
    assert crystals.status == "review"
    assert (
        crystals.reasons[-1]
        == f"{technology} is technology, and the text names goods, with no word of technology: review"
    )
    process = classifier.decide(
        "HPHT single crystal diamond synthesis technology", proba_for(classifier, technology), 3, None, DAY
    )
    assert process.status == "controlled" and [m.entry.id for m in process.matches] == ["sh-crystal-technology"]


def test_a_symbol_before_a_kind_of_target_names_the_targets_element(classifier: Classifier) -> None:
    """A sputtering target is most often written with its element's symbol and its kind ("Cr sputtering target"),
    and the model reads any target as a rare-earth one (3824999922 at 1.00 for chromium, nickel or tantalum). Read
    as the element, the goods of an unlisted element are cleared, those of another listed element go to a person,
    and a rare-earth symbol keeps the target entry of its own element."""
    target = "3824999922"
    chromium = classifier.decide("Cr sputtering target 99.95%", proba_for(classifier, target, 0.99), 3, None, DAY)
    assert chromium.respelled == ["Cr -> chromium"]
    assert chromium.status == "not_controlled" and chromium.foreign_goods == ["chromium"]
    tungsten = classifier.decide("W planar target 99.95%", proba_for(classifier, target, 0.99), 3, None, DAY)
    assert tungsten.status == "review" and tungsten.other_elements == ["tungsten"]
    gadolinium = classifier.decide("Gd sputtering target 99.9%", proba_for(classifier, target, 0.99), 3, None, DAY)
    assert gadolinium.status == "controlled" and [m.entry.id for m in gadolinium.matches] == ["gd-targets"]


def test_an_element_symbol_written_as_a_unit_names_no_element(classifier: Classifier) -> None:
    """ "1450 W" after a number is a power, not tungsten: a text whose only trace of the label's element is its
    symbol as a unit is not controlled, however sure the model is (``Arbiter.symbol_units``, naming.yaml
    ``symbol_unit``). Tungsten named besides the power, or the symbol in a composition, is judged as before."""
    tungsten = "8101999001"
    machine = cleared_by_text(classifier, "Espresso machine 1450 W, 15 bar pump", tungsten, "unit after a number")
    assert machine.units == ["1450 W (watts)"]
    mixer = cleared_by_text(classifier, "Stand mixer 1.2kW, 5 l bowl", tungsten, "unit after a number")
    assert mixer.units == ["1.2kW (watts)"]
    for text in ["Tungsten heating element 2 kW, W 99.95%", "90W-7Ni-3Fe plate, density 17.1 g/cm3"]:
        p = classifier.decide(text, proba_for(classifier, tungsten), 3, None, DAY)
        assert p.units == [] and not any("unit after a number" in r for r in p.reasons)


def test_listed_names_only_in_the_goods_use_send_the_text_to_review(classifier: Classifier) -> None:
    """Feedstock and consumables for listed compounds name the compound only as their use ("for GaAs growth"): the
    model reads the compound, but what the goods are is for a person to say. A text that names its goods before
    the use, or whose listed term holds a use word, is judged as before; technology is named by its use."""
    crucible = classifier.decide(
        "Quartz crucible for GaAs VGF growth", proba_for(classifier, "2853909026", 0.9), 3, None, DAY, respell=False
    )
    assert crucible.status == "review" and crucible.uses == ["GaAs"]
    assert "the text names 'GaAs' only as the goods' use, and no listed item before it: review" in crucible.reasons
    zh = classifier.decide("石英坩埚 用于砷化镓晶体生长", proba_for(classifier, "2853909026", 0.9), 3, None, DAY)
    assert zh.status == "review" and zh.uses == ["砷化镓"]
    # an element before the use, whose metal the list does not name, and the label's item only after it
    feedstock = classifier.decide(
        "Indium 6N ingot for InP crystal growth", proba_for(classifier, "2853904051", 0.99), 3, None, DAY
    )
    assert feedstock.status == "review" and feedstock.uses == ["InP"]
    for text, label in [
        ("GaAs wafers 4 inch for solar cells", "3818009004"),
        ("Ge substrate for III-V solar cells, 4 inch", "8112921090"),
        ("Quotation for gallium metal 4N, 100 kg", "8112929090"),  # "for" after a word of trade only
    ]:
        named = classifier.decide(text, proba_for(classifier, label, 0.9), 3, None, DAY)
        assert named.uses == [] and named.status == "controlled", text
    technology = classifier.decide(
        "Process specifications for the production of trimethylindium",
        proba_for(classifier, "NOCODE:in-technology", 0.9),
        3,
        None,
        DAY,
    )
    assert technology.uses == [] and technology.status == "controlled"
