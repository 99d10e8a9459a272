"""service.spelling: listed element names misspelt by one edit, spelled right (shipped naming.yaml)."""

from __future__ import annotations

import pytest

from service.naming import load_naming_data
from service.spelling import Speller, one_edit

NAMING = load_naming_data()


@pytest.fixture(scope="module")
def speller() -> Speller:
    return Speller(NAMING)


def test_one_edit_holds_each_kind_of_edit_and_not_the_word() -> None:
    variants = one_edit("indium")
    assert {"indum", "inidum", "indiun", "inddium"} <= variants  # deleted, swapped, replaced, inserted
    assert "indium" not in variants
    assert "indu" not in variants  # two edits


@pytest.mark.parametrize(
    ("text", "respelled", "words"),
    [
        ("Galium metal 6N, 5 x 1kg", "Gallium metal 6N, 5 x 1kg", [("Galium", "Gallium")]),
        ("GERMAINUM INGOT 5N", "GERMANIUM INGOT 5N", [("GERMAINUM", "GERMANIUM")]),  # neighbours swapped
        ("swarf of glalium nitride", "swarf of gallium nitride", [("glalium", "gallium")]),
        (
            "Tungstan wire / molybdnum sheet",
            "Tungsten wire / molybdenum sheet",
            [("Tungstan", "Tungsten"), ("molybdnum", "molybdenum")],
        ),
    ],
)
def test_misspelt_names_are_spelled_right(
    speller: Speller, text: str, respelled: str, words: list[tuple[str, str]]
) -> None:
    found = speller.respell(text)
    assert found is not None
    assert (found.text, [(w, r) for w, r, _ in found.words]) == (respelled, words)


@pytest.mark.parametrize(
    "text",
    [
        "Gallium metal 6N",  # spelled right
        "Geranium essential oil",  # a word of its own (naming.yaml not_misspellings)
        "Allium bulbs",
        "Erbium oxide 99.99%",  # another element's name, not a misspelt terbium
        "TMGa 6N, MOCVD precursor",  # an acronym, not a misspelt MPCVD
        "Indu 4N",  # under five letters
        "Gadolnum ingot",  # two edits: near_names may keep it for review, but it is not read as gadolinium
    ],
)
def test_other_words_are_left_alone(speller: Speller, text: str) -> None:
    assert speller.respell(text) is None


def test_every_listed_non_misspelling_is_one_edit_from_a_listed_name() -> None:
    """The exception list holds no dead words: each would otherwise be respelled."""
    names = {t for g in NAMING.groups.values() for t in g.names_en if t.isalpha() and t.islower()}
    near = set().union(*(one_edit(n) for n in names))
    assert NAMING.not_misspellings
    assert [w for w in NAMING.not_misspellings if w not in near] == []


@pytest.mark.parametrize(
    ("text", "respelled"),
    [
        ("Bismuth needles .9999 fine, 1 kg", "Bismuth needles 99.99% fine, 1 kg"),
        ("Indium ingot 0.99995 fine", "Indium ingot 99.995% fine"),
        ("Galium shot .99999, 100 g", "Gallium shot 99.999%, 100 g"),  # both kinds at once
        ("Bismuth .9999 ingots, .9999 fine", "Bismuth 99.99% ingots, 99.99% fine"),  # the same fraction twice
    ],
)
def test_a_purity_written_as_a_fraction_is_written_as_a_percentage(speller: Speller, text: str, respelled: str) -> None:
    found = speller.respell(text)
    assert found is not None and found.text == respelled


def test_fractions_that_are_not_purities_and_names_not_asked_for_are_left_alone(speller: Speller) -> None:
    assert speller.respell("Tungsten plate, weight 0.999 kg") is None  # a weight, not a purity
    assert speller.respell("Galium metal 6N", names=False) is None
    fraction_only = speller.respell("Galium metal .9999", names=False)
    assert fraction_only is not None and fraction_only.text == "Galium metal 99.99%"


@pytest.mark.parametrize(
    ("text", "respelled"),
    [
        ("W bar 99.95%, 10 kg", "tungsten bar 99.95%, 10 kg"),  # the model had read it as not listed (0.94)
        ("Spherical Mo powder, 15-45 um", "Spherical molybdenum powder, 15-45 um"),
        ("Sb strip 99.85%", "antimony strip 99.85%"),
        ("5 kgs; Gd beads; in drums", "5 kgs; gadolinium beads; in drums"),
        ("GA ingot 6N", None),  # the symbol is matched as written: "GA" in capitals is not gallium's symbol...
        ("GA INGOT 6N", "GALLIUM INGOT 6N"),  # ... but in a text in capitals it is
        ("MO POWDER 99.7%, D50 8UM", "MOLYBDENUM POWDER 99.7%, D50 8UM"),
        ("PACKED IN BARS", None),  # "IN" in capitals is a word
        ("Cu bar 99.99%", "copper bar 99.99%"),  # another element: the model should see that too
        ("Galium metal 6N, W rod", "Gallium metal 6N, tungsten rod"),  # with a misspelt name
        # a target named by its kind: the kind word sits between the symbol and "target"
        ("Cr sputtering target 99.95%, 3 in", "chromium sputtering target 99.95%, 3 in"),
        ("Tb magnetron  sputter targets", "terbium magnetron  sputter targets"),
        ("Mo rotary target, OD 160 mm", "molybdenum rotary target, OD 160 mm"),
        ("Ti sputtering system spare parts", None),  # no target: "sputtering" alone is not a form
    ],
)
def test_a_bare_element_symbol_before_a_form_word_is_written_as_its_name(
    speller: Speller, text: str, respelled: str | None
) -> None:
    found = speller.respell(text)
    assert (found.text if found else None) == respelled
    if found:
        assert "an element symbol" in [why for _, _, why in found.words]


@pytest.mark.parametrize(
    "text",
    [
        "Induction cooker 2000 W bar heater",  # watts after a number
        "Tungsten metal powder W 99.95%, FSSS 2.0 um",  # the element is named already: the model has the name
        "品名：铟片；规格：In99.995%",  # named in Chinese
        "TMGa 6N, MOCVD precursor",  # a symbol inside a word
        "Tb2O3 99.99%",  # a formula, which the model has learnt as written
        "Made In China",  # no form word after it
        "W 99.95%, dia 20 mm x L 50 mm",  # before a purity or grade, as the training texts write symbols
        "Ge 5N",
        "(Lu,Y)2SiO5:Ce granules",  # a dopant in a formula
        "W-Cu block, W70Cu30",  # an alloy's name
    ],
)
def test_symbols_as_units_before_grades_in_words_or_beside_the_name_are_left_alone(speller: Speller, text: str) -> None:
    assert speller.respell(text) is None
    assert speller.respell("W bar 99.95%", symbols=False) is None


def test_amounts_are_dropped_only_when_asked(speller: Speller) -> None:
    found = speller.respell("GeO2 5N, 25 KG NET, 1,000kg bags", amounts=True)
    assert found is not None and found.text == "GeO2 5N, ,  bags"
    assert [(w, r) for w, r, _ in found.words] == [("25 KG NET", ""), ("1,000kg", "")]
    assert speller.respell("GeO2 5N, 25 KG NET") is None  # not asked
    assert speller.respell("density 17.5 g/cm3, 3 inch", amounts=True) is None  # no amount


@pytest.mark.parametrize(
    ("text", "respelled"),
    [
        ("GeO2 powder", "germanium dioxide powder"),
        ("Ga2O3 99.999% powder, 1kg", "gallium oxide 99.999% powder, "),  # with the amounts: the text names an item
        ("Y2O3 POWDER 5N", "YTTRIUM OXIDE POWDER 5N"),  # in capitals as the text is
        ("GaN:Mg epi layer", "gallium nitride:Mg epi layer"),
        ("geo2 powder 5n", "germanium dioxide powder 5n"),  # a formula with a count, in any case
        ("GA2O3 POWDER", "GALLIUM OXIDE POWDER"),
        ("Y2O3:Eu phosphor", "yttrium oxide:Eu phosphor"),  # the host of a dopant
    ],
)
def test_a_listed_items_formula_is_written_as_the_items_name(speller: Speller, text: str, respelled: str) -> None:
    found = speller.respell(text, label_entries=frozenset())
    assert found is not None and found.text == respelled
    assert "a listed item's formula" in [why for _, _, why in found.words]


@pytest.mark.parametrize(
    "text",
    [
        "Gallium nitride (GaN) wafer",  # named already
        "氧化锗 GeO2 99.999%",  # named already, in Chinese
        "ZnO:Ga2O3 sputtering target",  # a dopant
        "GeO2-doped silica preform",  # part of a longer word
        "SmCo5 magnet",  # an alloy: not read
        "NdFeB magnet",  # a formula of two entries
        "Sb2O5 sol",  # not the entry's first formula, whose name it would be given ("antimony trioxide")
        "gap filler, GAP 2 mm",  # a formula without a count only as written: "gap" is a word
        "Dicing blade for GaAs wafers",  # the goods' use
        "研磨液 用于GaN晶片",
    ],
)
def test_formulas_named_already_or_in_notation_or_alloys_are_left_alone(speller: Speller, text: str) -> None:
    assert speller.respell(text, label_entries=frozenset()) is None


def test_formulas_are_read_only_when_the_model_read_none_of_their_items(speller: Speller) -> None:
    assert speller.respell("GeO2 powder") is None  # not asked
    assert speller.respell("GeO2 powder", label_entries=frozenset({"ge-dioxide"})) is None
    # the model read the epitaxial stack as one of the items it writes: the other is not read as the goods
    assert speller.respell("InGaAs/InP epi wafer", label_entries=frozenset({"ga-ingaas"})) is None
    found = speller.respell("InGaAs/InP epi wafer", label_entries=frozenset({"sm-oxide"}))
    assert found is not None and found.text == "indium gallium arsenide/indium phosphide epi wafer"
