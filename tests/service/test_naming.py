"""Naming knowledge: the YAML validates, agrees with the label contract, and the index finds terms."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from service.naming import (
    DEFAULT_PATH,
    NamingIndex,
    load_naming,
    load_naming_data,
    naming_index,
)
from training.generate.contract import contract_labels


@pytest.fixture(scope="module")
def ix() -> NamingIndex:
    return naming_index()


def test_yaml_validates_and_matches_contract() -> None:
    assert isinstance(load_naming(), NamingIndex)
    naming = load_naming_data()
    contract = contract_labels()
    assert set(naming.entries) == set(contract)
    for eid, labels in contract.items():
        assert set(naming.entries[eid].labels) == set(labels), eid


def test_every_entry_has_english_and_chinese_names() -> None:
    for eid, entry in load_naming_data().entries.items():
        assert entry.names_en and entry.names_zh, eid


@pytest.mark.parametrize(
    ("text", "entry", "term"),
    [
        ("Gallium(III) oxide 99.999%", "ga-oxide", "gallium(III) oxide"),
        ("锗锭 5N", "ge-metal", "锗锭"),
        ("GaAs wafer 2 inch SI", "ga-arsenide", "GaAs"),
        ("Ｇａ２Ｏ３ powder", "ga-oxide", "Ga2O3"),
        ("β-Ga₂O₃ substrate", "ga-oxide", "β-Ga2O3"),
        ("gallium-oxide powder", "ga-oxide", "gallium oxide"),
        ("Terfenol-D rod", "dy-alloys", "Terfenol-D"),
        ("APT 88.5% min", "w-apt", "APT 88.5%"),
        ("TMIn electronic grade", "in-trimethyl", "TMIn"),
        ("区熔锗锭 13N", "ge-zone-refined-ingot", "区熔锗锭"),
        ("CAS 1309-64-4 antimony white", "sb-oxide", "1309-64-4"),
        ("Sb 99.65% ingots", "sb-metal", "Sb"),
        # Flexible graphite is exfoliated natural flake graphite, whatever the sheet is called.
        ("flexible graphite, 0.5 mm, rolls", "graphite-natural-flake", "flexible graphite"),
        ("柔性石墨 卷材", "graphite-natural-flake", "柔性石墨"),
    ],
)
def test_find_terms(ix: NamingIndex, text: str, entry: str, term: str) -> None:
    found = ix.find_terms(text, [entry])
    assert term in found.get(entry, []), found


def test_find_terms_pinned_example(ix: NamingIndex) -> None:
    assert ix.find_terms("Gallium(III) oxide 99.999%", ["ga-oxide"])["ga-oxide"]


def test_find_groups_dysprosium(ix: NamingIndex) -> None:
    assert "dysprosium" in ix.find_groups("金属镝 99.5%")


def test_denied_names_name_nothing(ix: NamingIndex) -> None:
    assert "dysprosium" not in ix.find_groups("钕铁硼磁体 不含镝")
    groups = ix.find_groups("NdFeB magnet, free of terbium and dysprosium")  # named as a magnet, not as Dy
    assert groups["dysprosium"] == ["NdFeB magnet"] and groups["terbium"] == ["NdFeB magnet"]
    assert "bismuth" not in ix.find_groups("bismuth-free solder paste")
    assert "dysprosium" in ix.find_groups("Dy-free shell, dysprosium-rich core")  # one name that stands


def test_unlisted_elements_are_named_as_groups_of_their_own(ix: NamingIndex) -> None:
    assert ix.find_groups("Copper sputtering target") == {"copper": ["copper"]}
    assert ix.find_groups("Cu 99.99% target") == {"copper": ["Cu"]}  # a symbol with a purity after it
    assert ix.find_groups("lead time 3 weeks, tin-plated, silver-grey, 金属") == {}  # left out: ordinary words
    assert ix.groups_in_formulas("Al2O3 4N powder") == {"aluminium": ["Al2O3"]}


def test_compound_words_name_their_element(ix: NamingIndex) -> None:
    assert ix.find_groups("Trimethylgallium TMGa 6N") == {"gallium": ["trimethylgallium", "TMGa"]}
    assert ix.find_groups("trimethylaluminium, bubbler") == {"aluminium": ["trimethylaluminium"]}
    assert "gallium" not in ix.find_groups("Trimethylindium TMIn 6N")


@pytest.mark.parametrize(
    ("text", "group", "compound"),
    [
        ("Bismuth oxide Bi2O3 powder 99.9%", "bismuth", "Bismuth oxide"),
        ("Gallium(III) nitrate hydrate 99.99%", "gallium", "Gallium(III) nitrate"),
        ("氧化铋 99.9% 粉末", "bismuth", "氧化铋"),
        ("硝酸镓 Ga(NO3)3 99.99%", "gallium", "硝酸镓"),
        ("Bismuth vanadate pigment, yellow", "bismuth", "Bismuth vanadate"),  # a salt of an oxometallic acid
        ("钒酸铋 颜料 黄色", "bismuth", "钒酸铋"),
    ],
)
def test_an_element_name_inside_an_unlisted_compound_names_the_element_not_its_metal(
    ix: NamingIndex, text: str, group: str, compound: str
) -> None:
    entries, groups = ix.find_names(text)
    assert entries == {}  # "bismuth" / "铋" alone are terms of the metal entry
    assert group in groups
    assert ix.find_compounds(text) == {group: [compound]}


def test_a_name_used_as_a_colour_names_a_colour_not_the_goods(ix: NamingIndex) -> None:
    assert ix.find_names("运动鞋 男款 石墨灰 39-44码") == ({}, {})
    assert ix.find_colours("运动鞋 男款 石墨灰 39-44码") == {"graphite": ["石墨灰"]}
    assert ix.find_colours("Laptop sleeve, colour: graphite grey") == {"graphite": ["graphite grey"]}
    # the same word as goods elsewhere in the text still names them
    entries, groups = ix.find_names("graphite grey felt, natural flake graphite 99.9%")
    assert "graphite" in groups and entries
    assert ix.find_colours("石墨 灰分≤0.1% 固定碳99.9%") == {}


def test_a_denied_name_names_nothing_and_is_kept_as_a_denial(ix: NamingIndex) -> None:
    assert ix.find_names("PET resin, antimony-free") == ({}, {})
    # the group and the metal entry, whose term "antimony" is too
    assert ix.find_denied("PET resin, antimony-free") == {"antimony": ["antimony free"], "sb-metal": ["antimony free"]}
    assert ix.find_denied("不含镝 钕铁硼磁体")["dysprosium"] == ["不含镝"]
    assert ix.find_denied("Antimony trioxide 99.8%") == {}
    # an article word denied is no listed name denied
    assert ix.find_denied("GaAs wafer, no motor, no laser") == {}


def test_overlapping_names_are_read_as_a_reader_segments_them(ix: NamingIndex) -> None:
    """The earlier name takes the characters two names share: "砷化镓废料" is 砷化镓 (GaAs) + 废料 (scrap), not
    砷化 + 镓废料 (gallium scrap)."""
    assert ix.find_names("砷化镓废料 晶片碎片")[0] == {"ga-arsenide": ["砷化镓"]}
    assert ix.find_names("镓废料 含镓99%")[0] == {"ga-metal": ["镓废料", "镓"]}  # not overlapped: kept


def test_listed_compounds_and_metals_keep_their_entries(ix: NamingIndex) -> None:
    assert ix.find_terms("gallium oxide 5N") == {"ga-oxide": ["gallium oxide"]}
    assert ix.find_compounds("gallium oxide 5N") == {}
    assert ix.find_terms("三氧化二锑 99.8%") == {"sb-oxide": ["三氧化二锑"]}
    assert ix.find_terms("Bismuth 99.99% needles") == {"bi-metal": ["bismuth"]}
    assert ix.find_terms("铋 99.99%") == {"bi-metal": ["铋"]}
    assert ix.find_compounds("Bismuth 99.99% needles, oxide-free") == {}


def test_a_compound_written_otherwise_is_still_its_item(ix: NamingIndex) -> None:
    assert ix.compound_items("gallium (III) oxide") == ["ga-oxide"]
    assert ix.compound_items("三氧化二镓") == ["ga-oxide"]
    assert ix.compound_items("gallium(III) chloride") == []
    assert ix.find_terms("氢化锑 5% in H2") == {"sb-hydride": ["氢化锑"]}  # a scan-only synonym


def test_compound_kinds_must_be_compound_words(tmp_path: Path) -> None:
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["compound_names"]["organic"].append("carboxylate")
    bad = tmp_path / "naming.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="carboxylate"):
        load_naming_data(bad)


def test_word_boundaries_and_case(ix: NamingIndex) -> None:
    assert "ga-arsenide" not in ix.find_terms("InGaAs epi-wafer on InP")  # GaAs inside InGaAs
    assert "ga-ingaas" in ix.find_terms("InGaAs epi-wafer on InP")
    assert ix.find_terms("an apt description of wc fittings") == {}  # short terms are case-sensitive
    assert ix.find_groups("In stock: cotton shirts") == {}  # a bare symbol is not evidence
    assert "gallium" not in ix.find_groups("organic garden")


def test_formulas_in_capitals(ix: NamingIndex) -> None:
    assert ix.find_terms("GERMANIUM DIOXIDE GEO2 5N 25KG DRUM")["ge-dioxide"] == ["germanium dioxide", "GeO2"]
    assert "sb-indium-antimonide" in ix.find_terms("INSB WAFER 2 INCH")
    assert ix.find_terms("AIR GAP 5 MM, GAN ROLLER") == {}  # three letters, no digit: could be a word


def test_text_whose_case_folding_changes_length(ix: NamingIndex) -> None:
    # "ß" folds to "ss": positions must stay those of the text, so the scan takes the flagged patterns
    assert "ga-arsenide" in ix.find_terms("Straße 5: GALLIUM ARSENIDE wafers")


def test_nested_terms_do_not_leak(ix: NamingIndex) -> None:
    found = ix.find_terms("gadolinium oxide 99.99%")
    assert "gd-oxide" in found and "gd-metal" not in found


def test_shared_code_disambiguation(ix: NamingIndex) -> None:
    ids = ["sm-metal", "gd-metal", "lu-metal"]  # all 2805301910
    assert set(ix.find_terms("lutetium metal ingot 99.9%", ids)) == {"lu-metal"}
    ids = ["sb-organic", "bi-triphenyl", "in-trimethyl", "in-triethyl"]  # all 2931900032
    assert set(ix.find_terms("三甲基铟 6N MOCVD", ids)) == {"in-trimethyl"}
    assert set(ix.find_terms("triphenylbismuth 99%", ids)) == {"bi-triphenyl"}


def test_unknown_ids_ignored(ix: NamingIndex) -> None:
    assert ix.find_terms("gallium oxide", ["no-such-entry"]) == {}


def test_fast(ix: NamingIndex) -> None:
    start = time.perf_counter()
    for i in range(300):
        ix.find_terms(f"Lot {i}: 25 kg Germanium(IV) chloride 99.9999%, in steel drums, CIF Rotterdam")
        ix.find_groups(f"Lot {i}: 25 kg Germanium(IV) chloride 99.9999%, in steel drums, CIF Rotterdam")
    assert (time.perf_counter() - start) / 300 < 0.005


def test_formulas_name_groups_whether_or_not_the_compound_is_known(ix: NamingIndex) -> None:
    assert ix.groups_in_formulas("MoO₃ 99.5%") == {"molybdenum": ["MoO3"]}  # subscript digits read as digits
    cdznte = {"tellurium": ["CdZnTe"], "cadmium": ["CdZnTe"], "zinc": ["CdZnTe"]}  # unlisted elements too
    assert ix.groups_in_formulas("CdZnTe detector") == cdznte
    # carbon in a formula does not name graphite; elements in neither list are not reported
    assert ix.groups_in_formulas("SiC grit and W2C powder") == {"silicon": ["SiC"], "tungsten": ["W2C"]}
    assert ix.groups_in_formulas("NdFeB, SiO2, H2O") == {"neodymium": ["NdFeB"], "silicon": ["SiO2"]}
    assert ix.groups_in_formulas("H2O, CO2, NaCl") == {}


@pytest.mark.parametrize(
    ("code", "form", "unstated", "stated", "other_code", "other_text"),
    [
        (
            "3825690002",
            "scrap or residues",
            ("gallium oxide powder 99.99%", "GeO2 5N", "氧化镓粉末"),
            ("Ga2O3 kerf loss", "GaAs off-spec fragments", "砷化镓不合格片", "germanium dioxide, recycled"),
            "2825909001",
            "gallium oxide powder",
        ),
        (
            "8106909090",
            "wrought metal",
            ("铋锭 Bi99.99 每块10kg", "Bismuth ingot 99.99%", "bismuth 5N"),
            ("bismuth rod 10 mm", "bismuth sheet 1 mm", "铋板", "rolled bismuth foil"),
            "8106901099",
            "Bismuth ingot 99.99%",
        ),
        (
            "3818009002",
            "wafers or substrates",
            ("Gallium oxide 99.999%", "Ga2O3 crystals 5N", "氧化镓粉末"),
            (
                "Ga2O3 wafer 2 inch",
                "beta-Ga2O3 epi-ready substrate",
                "Sn-doped Ga2O3 disc",
                "氧化镓衬底",
                "氧化镓外延片",
            ),
            "2825909001",
            "Gallium oxide 99.999%",
        ),
    ],
    ids=["scrap", "wrought-bismuth", "wafer"],
)
def test_a_code_for_a_stated_form_needs_the_text_to_state_it(
    ix: NamingIndex,
    code: str,
    form: str,
    unstated: tuple[str, ...],
    stated: tuple[str, ...],
    other_code: str,
    other_text: str,
) -> None:
    for text in unstated:
        found = ix.unstated_form(code, text)
        assert found is not None and found.name == form, text
    for text in stated:
        assert ix.unstated_form(code, text) is None, text
    assert ix.unstated_form(other_code, other_text) is None  # the item's other codes state nothing


def test_a_stated_form_must_name_known_form_vocabularies(tmp_path: Path) -> None:
    raw = yaml.safe_load(DEFAULT_PATH.read_text(encoding="utf-8"))
    raw["stated_forms"][0]["forms"] = ["compound_scrap", "no_such_form"]
    bad = tmp_path / "naming.yaml"
    bad.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown forms \\['no_such_form'\\]"):
        load_naming_data(bad)


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        ("Europium oxide with traces of gadolinium oxide", ["gadolinium"]),
        ("Dy2O3 99.9%, Tb4O7 99.99%", ["dysprosium", "terbium"]),
        ("氧化钇 99.999%", ["yttrium"]),
        ("Eu2O3 99.99%", []),  # an unlisted rare earth
        ("Ferrite magnets Y30BH", []),  # a grade, not yttrium
        ("Gallium oxide 99.99%", []),  # a listed element whose compounds are listed only by name
        ("SC connector, LuxGuide cable", []),  # symbols inside or before words
    ],
)
def test_groups_whose_every_compound_is_listed_are_found_by_name(text: str, groups: list[str]) -> None:
    assert load_naming().every_compound_listed(text) == groups


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Espresso machine 1450 W", ["1450 W"]),
        ("heater 1.5kW, fan 40w", ["1.5kW", "40w"]),
        ("功率２０００Ｗ", ["2000W"]),  # full width, read after NFKC
        ("range 800-1200W", ["1200W"]),
        ("93W-5Ni-2Fe bar", []),  # a composition, not a unit
        ("Ni-90W alloy", []),
        ("90W/10Cu electrodes", []),
        ("W 99.95% rod", []),  # the symbol with no number before it
        ("T2W3 grade", []),  # inside a word
    ],
)
def test_a_symbol_after_a_number_is_read_as_a_unit(text: str, found: list[str]) -> None:
    units = load_naming().find_symbol_units(text)
    assert units == ({"tungsten": found} if found else {})
