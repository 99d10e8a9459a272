"""Checks on the shipped control list, service/data/controls.yaml, against its sources and its contract.

- docs/entry-ids.md is the contract: entry ids, groups, control codes, labels, which entries have thresholds.
- training/data/controls/appendix_a.txt is the appendix as printed: every 10-digit code in it must be held by
  an entry or be recorded as deliberately dropped in a correction.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from pydantic import ValidationError

from service.controls import ControlIndex, ControlList, load_controls
from service.controls.schema import AllOf, AnyOf, Comparison, Condition, Entry, Mentions, Param

ROOT = Path(__file__).resolve().parents[3]
APPENDIX = ROOT / "training" / "data" / "controls" / "appendix_a.txt"
CONTRACT = ROOT / "docs" / "entry-ids.md"
REFERENCE_CSV = ROOT / "training" / "data" / "china-customs-hs8" / "controlled_codes_reference.csv"

CODE_RE = re.compile(r"\b\d{10}\b")  # also finds "3824999922" in the scandium row's "3824999922)"
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
RARE_EARTHS = ("sm", "gd", "tb", "dy", "lu", "sc", "y")
RE_KINDS = ("metal", "alloys", "targets", "oxide", "compounds")
W_CODES = ["8101940001", "8101991001", "8101999001"]


@pytest.fixture(scope="module")
def index() -> ControlIndex:
    return load_controls()


def entry(index: ControlIndex, entry_id: str) -> Entry:
    return index.entry(entry_id)


# ---------------------------------------------------------------------------------------------- contract


def contract_main_rows() -> dict[str, dict[str, str]]:
    """The first table of docs/entry-ids.md: id -> group, control code, labels, thresholds (raw cells)."""
    rows: dict[str, dict[str, str]] = {}
    for line in CONTRACT.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and ID_RE.match(cells[0]) and cells[0] != "id":
            entry_id, group, control_code, labels, thresholds = cells
            rows[entry_id] = {
                "group": group,
                "control_code": control_code,
                "labels": labels,
                "thresholds": thresholds,
            }
    return rows


def contract_ids() -> set[str]:
    """Every id the contract names: the main table plus the rare-earth template table."""
    rare_earth = {f"{x}-{kind}" for x in RARE_EARTHS for kind in RE_KINDS}
    return set(contract_main_rows()) | rare_earth | {"sm-magnets", "tb-magnets", "dy-magnets"}


def test_file_loads_and_validates(index: ControlIndex) -> None:
    assert isinstance(index.controls, ControlList)
    assert index.version == "2026.11.25.2"
    assert index.controls.latest_material <= date(2026, 1, 31)


def test_contract_parsing_finds_the_tables() -> None:
    rows = contract_main_rows()
    assert len(rows) == 53
    assert "ga-metal" in rows and "in-technology" in rows
    assert len(contract_ids()) == 53 + 38


def test_entry_ids_are_exactly_the_contract(index: ControlIndex) -> None:
    held = {e.id for e in index.controls.entries}
    assert held == contract_ids()


@pytest.mark.parametrize("entry_id", sorted(contract_main_rows()))
def test_main_table_group_control_code_and_labels(index: ControlIndex, entry_id: str) -> None:
    row = contract_main_rows()[entry_id]
    e = entry(index, entry_id)
    assert e.group == row["group"]
    assert e.control_code == (None if row["control_code"] == "–" else row["control_code"])
    expected = re.findall(r"\b\d{10}\b|NOCODE:[a-z0-9-]+", row["labels"])
    if row["labels"].startswith("same three 8101 codes"):
        expected = W_CODES
    assert expected, f"no labels parsed for {entry_id}"
    assert sorted(e.labels) == sorted(expected)
    assert (e.kind == "technology") == (row["thresholds"] == "technology")


RE_CONTROL = {
    "sm": "1C902",
    "gd": "1C903",
    "tb": "1C904",
    "dy": "1C905",
    "lu": "1C906",
    "sc": "1C907",
    "y": "1C908",
}
RE_METAL = {
    "sm": "2805301910",
    "gd": "2805301910",
    "lu": "2805301910",
    "tb": "2805301300",
    "dy": "2805301200",
    "sc": "2805301800",
    "y": "2805301700",
}
RE_OXIDE = {
    "sm": "2846901940",
    "gd": "2846901930",
    "tb": "2846901600",
    "dy": "2846901500",
    "lu": "2846901800",
    "sc": "2846901980",
    "y": "2846901100",
}
RE_GROUP = {
    "sm": "samarium",
    "gd": "gadolinium",
    "tb": "terbium",
    "dy": "dysprosium",
    "lu": "lutetium",
    "sc": "scandium",
    "y": "yttrium",
}


@pytest.mark.parametrize("x", RARE_EARTHS)
def test_rare_earth_template(index: ControlIndex, x: str) -> None:
    cc = RE_CONTROL[x]
    for kind in RE_KINDS:
        e = entry(index, f"{x}-{kind}")
        assert e.group == RE_GROUP[x]
        assert e.announcement == "mofcom-2025-18"
        suffix = {"oxide": "b", "compounds": "c"}.get(kind, "a")
        assert e.control_code == f"{cc}.{suffix}"
    assert entry(index, f"{x}-metal").labels == [RE_METAL[x]]
    assert entry(index, f"{x}-alloys").labels == [f"NOCODE:{x}-alloys"]
    assert sorted(entry(index, f"{x}-targets").labels) == ["3824999922", "8486909110"]
    assert sorted(entry(index, f"{x}-oxide").labels) == sorted([RE_OXIDE[x], "2846901993", "3824999922"])
    compounds = entry(index, f"{x}-compounds").codes
    assert "3824999922" in compounds
    assert all(c.startswith("2846") for c in compounds if c != "3824999922")


def test_rare_earth_magnets(index: ControlIndex) -> None:
    assert entry(index, "sm-magnets").labels == ["NOCODE:smco-magnets"]
    assert entry(index, "tb-magnets").labels == ["NOCODE:ndfeb-magnets"]
    assert entry(index, "dy-magnets").labels == ["NOCODE:ndfeb-magnets"]
    assert entry(index, "tb-magnets").control_code == "1C904.a"
    assert entry(index, "dy-magnets").control_code == "1C905.a"
    assert {e.id for e in index.entries_for_label("NOCODE:ndfeb-magnets")} == {"tb-magnets", "dy-magnets"}


def test_rare_earth_compound_codes_match_reference_csv(index: ControlIndex) -> None:
    """Each X-compounds entry holds exactly the codes the reference CSV maps to its 1C90n.c row."""

    with REFERENCE_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for x, cc in RE_CONTROL.items():
        expected = {r["code10"] for r in rows if f"{cc}.c " in r["appendix_items"]}
        assert set(entry(index, f"{x}-compounds").codes) == expected, x


# ------------------------------------------------------------------------------------------ completeness


def appendix_codes(text: str | None = None) -> set[str]:
    return set(CODE_RE.findall(APPENDIX.read_text(encoding="utf-8") if text is None else text))


def missing_appendix_codes(controls: ControlList, appendix_text: str) -> set[str]:
    """Codes printed in the appendix that the control list neither holds nor records as dropped.

    A code is accounted for when some entry holds it, or when a correction names it in ``printed`` and not
    in ``held`` (the correction says the file deliberately does not hold it there). A correction that quotes
    a code it still holds (E1, E5) or hands on to another entry (E7) does not excuse that code's removal.
    """
    held = {c for e in controls.entries for c in e.codes}
    dropped = {
        c
        for e in controls.entries
        for corr in e.corrections
        for c in set(CODE_RE.findall(corr.printed)) - set(CODE_RE.findall(corr.held))
    }
    return set(CODE_RE.findall(appendix_text)) - held - dropped


def test_every_printed_code_is_accounted_for(index: ControlIndex) -> None:
    text = APPENDIX.read_text(encoding="utf-8")
    assert len(appendix_codes(text)) == 119
    assert "3824999922)" in text  # E5 is still in the vendored appendix, and the regex copes with it
    assert missing_appendix_codes(index.controls, text) == set()


def test_every_held_code_is_printed_in_the_appendix(index: ControlIndex) -> None:
    assert index.codes == appendix_codes()


def without_code(controls: ControlList, code: str) -> ControlList:
    """A copy of the control list with ``code`` removed from every entry that holds it."""
    data: dict[str, Any] = controls.model_dump(by_alias=True)
    touched = 0
    for e in data["entries"]:
        if code in e["codes"]:
            e["codes"].remove(code)
            touched += 1
    assert touched, f"{code} is not held by any entry"
    return ControlList.model_validate(data)


@pytest.mark.parametrize(
    "code",
    [
        "2617109090",  # sb-ores only
        "8112929010",  # ga-metal; also quoted (and held) by the E1 correction
        "2846901980",  # sc-oxide; also quoted (and held) by the E5 correction
        "2825901910",  # w-oxide; also quoted by w-apt's E7 correction, which hands it on to w-oxide
        "3824999922",  # shared by 21 rare-earth entries, removed from all of them
    ],
)
def test_completeness_check_reports_a_removed_code(index: ControlIndex, code: str) -> None:
    text = APPENDIX.read_text(encoding="utf-8")
    assert missing_appendix_codes(without_code(index.controls, code), text) == {code}


def test_reference_csv_groups_match(index: ControlIndex) -> None:
    """The vendored reference CSV (one row per appendix code) agrees on which groups use each code."""

    names = {"Superhard materials": "superhard"}
    with REFERENCE_CSV.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert {r["code10"] for r in rows} == index.codes
    for r in rows:
        expected = {names.get(g, g.lower()) for g in r["mineral_groups"].split("|")}
        assert {e.group for e in index.entries_for_label(r["code10"])} == expected, r["code10"]


# ------------------------------------------------------------------------------------------ shared codes

SHARED = {
    "2931900032": {"sb-organic", "bi-triphenyl", "bi-tri-p-ethoxyphenyl", "in-trimethyl", "in-triethyl"},
    "3824999922": {f"{x}-{kind}" for x in RARE_EARTHS for kind in ("oxide", "compounds", "targets")},
    "8486909110": {f"{x}-targets" for x in RARE_EARTHS},
    "8112921090": {"ge-metal", "ge-zone-refined-ingot", "ge-epitaxial-substrate"},
    "3818009021": {"te-cdte", "te-czt", "te-mct"},
    "8101940001": {"w-solid-alloy", "w-copper", "w-heavy-alloy"},
    "2805301910": {"sm-metal", "gd-metal", "lu-metal"},
}


@pytest.mark.parametrize("code", sorted(SHARED))
def test_shared_code_maps_to_all_its_items(index: ControlIndex, code: str) -> None:
    assert {e.id for e in index.entries_for_label(code)} == SHARED[code]


# ---------------------------------------------------------------------------------------------- requires


def shape(cond: Condition) -> Any:
    """A hashable, order-free picture of a condition, for comparing with the expected thresholds."""
    if isinstance(cond, Comparison):
        value = tuple(cond.value) if isinstance(cond.value, list) else cond.value
        return (cond.param, cond.op, value, cond.element, cond.tolerance)
    if isinstance(cond, Mentions):
        return ("mentions", frozenset(cond.mentions), cond.element)
    if isinstance(cond, AllOf):
        return ("all", frozenset(shape(c) for c in cond.all_))
    assert isinstance(cond, AnyOf)
    return ("any", frozenset(shape(c) for c in cond.any_))


def cmp(param: str, op: str, value: Any, element: str | None = None, tolerance: float = 0.0) -> Any:
    return (param, op, tuple(value) if isinstance(value, list) else value, element, tolerance)


def all_(*parts: Any) -> Any:
    return ("all", frozenset(parts))


def any_(*parts: Any) -> Any:
    return ("any", frozenset(parts))


def mentions(*terms: str, element: str | None = None) -> Any:
    return ("mentions", frozenset(terms), element)


SIZE = any_(
    all_(cmp("diameter_mm", ">=", 120), cmp("length_mm", ">=", 50)),
    all_(cmp("inner_diameter_mm", ">=", 65), cmp("wall_thickness_mm", ">=", 25), cmp("length_mm", ">=", 50)),
    cmp("block_dims_mm", ">=", [120, 120, 50]),
)
EXPECTED_REQUIRES = {
    "sb-oxide": cmp("purity_pct", ">=", 99.99),
    "sb-organic": cmp("purity_pct", ">", 99.999),
    "sb-hydride": cmp("purity_pct", ">", 99.999),
    "sb-indium-antimonide": any_(cmp("dislocation_density_cm2", "<", 50), cmp("purity_pct", ">", 99.99999)),
    "graphite-artificial-high-purity": all_(
        cmp("purity_pct", ">", 99.9), cmp("flexural_strength_mpa", ">", 30), cmp("density_g_cm3", ">", 1.73)
    ),
    "mo-powder": all_(cmp("composition_pct", ">=", 97, "Mo"), cmp("particle_size_um", "<=", 50)),
    "w-solid-alloy": all_(cmp("composition_pct", ">=", 97, "W"), SIZE),
    "w-copper": all_(cmp("composition_pct", ">=", 80, "W"), mentions("copper", "Cu", "铜", element="Cu"), SIZE),
    "w-silver": all_(cmp("composition_pct", ">=", 80, "W"), cmp("composition_pct", ">=", 2, "Ag"), SIZE),
    # the item's name states nickel as a constituent (W-Ni-Fe, W-Ni-Cu); the appendix gives no threshold on it
    "w-heavy-alloy": all_(
        mentions("nickel", "Ni", "镍", element="Ni"),
        cmp("density_g_cm3", ">", 17.5),
        cmp("elastic_limit_mpa", ">", 800),
        cmp("tensile_strength_mpa", ">", 1270),
        cmp("elongation_pct", ">", 8),
    ),
    "sh-six-sided-press": any_(cmp("bore_mm", ">=", 500), cmp("pressure_gpa", ">=", 5)),
    "sh-press-components": any_(
        mentions("hinge beam", "hinge beams", "anvil", "anvils", "top hammer", "top hammers", "铰链梁", "顶锤"),
        cmp("pressure_gpa", ">", 5),
    ),
    "sh-mpcvd": all_(cmp("power_kw", ">=", 10), cmp("frequency_mhz", "in", [915, 2450], tolerance=5)),
    "sh-diamond-window": any_(
        mentions("curved", "曲面"), all_(cmp("diameter_mm", ">=", 76.2), cmp("transmittance_pct", ">=", 65))
    ),
    "tb-magnets": mentions("terbium", "Tb", "铽", element="Tb"),
    "dy-magnets": mentions("dysprosium", "Dy", "镝", element="Dy"),
}


def walk(cond: Condition) -> list[Comparison | Mentions]:
    if isinstance(cond, AllOf):
        return [leaf for c in cond.all_ for leaf in walk(c)]
    if isinstance(cond, AnyOf):
        return [leaf for c in cond.any_ for leaf in walk(c)]
    return [cond]


def test_entries_with_thresholds_in_the_contract_have_requires(index: ControlIndex) -> None:
    with_thresholds = {i for i, row in contract_main_rows().items() if row["thresholds"] not in ("–", "technology")} | {
        "tb-magnets",
        "dy-magnets",
    }
    have_requires = {e.id for e in index.controls.entries if e.requires is not None}
    assert have_requires == with_thresholds
    assert with_thresholds == set(EXPECTED_REQUIRES)


@pytest.mark.parametrize("entry_id", sorted(EXPECTED_REQUIRES))
def test_requires_match_the_thresholds(index: ControlIndex, entry_id: str) -> None:
    requires = entry(index, entry_id).requires
    assert requires is not None
    assert shape(requires) == EXPECTED_REQUIRES[entry_id]


def test_requires_params_are_in_the_vocabulary_and_labelled(index: ControlIndex) -> None:
    vocabulary = set(get_args(Param))
    for e in index.controls.entries:
        if e.requires is None:
            continue
        for leaf in walk(e.requires):
            assert leaf.label.strip(), e.id
            if isinstance(leaf, Comparison):
                assert leaf.param in vocabulary, (e.id, leaf.param)
                assert "_" not in leaf.label, (e.id, leaf.label)  # a readable label, not the param name


# -------------------------------------------------------------------------------- schema rejects bad data


def minimal() -> dict[str, Any]:
    return {
        "version": "2026.01.01",
        "latest_material": "2026-01-01",
        "announcements": [
            {
                "id": "mofcom-2023-23",
                "title": "t",
                "published": "2023-07-03",
                "effective": "2023-08-01",
                "measure": "licence",
                "status": "in force",
                "source": "notes",
            }
        ],
        "entries": [
            {
                "id": "ga-metal",
                "group": "gallium",
                "item_en": "Gallium metal",
                "codes": ["8112929010"],
                "announcement": "mofcom-2023-23",
                "verification": "V",
                "source": "notes",
            }
        ],
    }


def test_minimal_data_validates() -> None:
    ControlList.model_validate(minimal())


def _duplicate_id(d: dict[str, Any]) -> None:
    d["entries"].append(dict(d["entries"][0]))


def _nine_digit_code(d: dict[str, Any]) -> None:
    d["entries"][0]["codes"] = ["811292901"]


def _unknown_announcement(d: dict[str, Any]) -> None:
    d["entries"][0]["announcement"] = "mofcom-2099-1"


def _codes_and_pseudo_code(d: dict[str, Any]) -> None:
    d["entries"][0]["pseudo_code"] = "NOCODE:ga-metal"


def _neither_codes_nor_pseudo_code(d: dict[str, Any]) -> None:
    d["entries"][0]["codes"] = []


def _unknown_param(d: dict[str, Any]) -> None:
    d["entries"][0]["requires"] = {"param": "purity", "op": ">=", "value": 99.99, "label": "purity"}


def _composition_without_element(d: dict[str, Any]) -> None:
    d["entries"][0]["requires"] = {"param": "composition_pct", "op": ">=", "value": 97, "label": "W content"}


def _unknown_measure_announcement(d: dict[str, Any]) -> None:
    d["destination_measures"] = [
        {
            "id": "us-x",
            "announcement": "mofcom-2099-1",
            "destinations": ["US"],
            "measure": "m",
            "effective": "2024-12-03",
            "source": "s",
        }
    ]


@pytest.mark.parametrize(
    "break_it",
    [
        _duplicate_id,
        _nine_digit_code,
        _unknown_announcement,
        _codes_and_pseudo_code,
        _neither_codes_nor_pseudo_code,
        _unknown_param,
        _composition_without_element,
        _unknown_measure_announcement,
    ],
)
def test_schema_rejects_bad_data(break_it: Callable[[dict[str, Any]], None]) -> None:
    data = minimal()
    break_it(data)
    with pytest.raises(ValidationError):
        ControlList.model_validate(data)


def test_load_controls_names_the_file_on_bad_data(tmp_path: Path) -> None:
    data = minimal()
    _duplicate_id(data)
    path = tmp_path / "controls.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"controls\.yaml"):
        load_controls(path)


# ------------------------------------------------------------------------------------------- corrections


def citing(e: Entry, tag: str) -> list[Any]:
    """The entry's corrections whose source cites research-notes error ``tag`` (E1 does not match E10)."""
    return [c for c in e.corrections if re.search(rf"\b{tag}\b", c.source)]


W_SHIFTED = ["w-apt", "w-oxide", "w-carbide", "w-solid-alloy", "w-copper", "w-silver"]


@pytest.mark.parametrize("entry_id", W_SHIFTED)
def test_tungsten_shift_recorded(index: ControlIndex, entry_id: str) -> None:
    assert citing(entry(index, entry_id), "E7")


def test_zone_refined_germanium_recorded(index: ControlIndex) -> None:
    e = entry(index, "ge-zone-refined-ingot")
    (corr,) = citing(e, "E2")
    assert "District melt" in corr.printed
    assert e.item_en == "Zone-refined germanium ingot"


@pytest.mark.parametrize(("entry_id", "printed"), [("gd-alloys", "2805301910"), ("tb-alloys", "2805301300")])
def test_alloy_codes_copied_from_metal_recorded(index: ControlIndex, entry_id: str, printed: str) -> None:
    e = entry(index, entry_id)
    (corr,) = citing(e, "E3")
    assert corr.printed == printed
    assert not e.codes and e.pseudo_code == f"NOCODE:{entry_id}"


def test_stray_parenthesis_recorded(index: ControlIndex) -> None:
    (corr,) = citing(entry(index, "sc-oxide"), "E5")
    assert "3824999922)" in corr.printed
    assert ")" not in corr.held


def test_gallium_code_discrepancy_recorded(index: ControlIndex) -> None:
    e = entry(index, "ga-metal")
    (corr,) = citing(e, "E1")
    assert "8110929010" in corr.printed
    assert "8112929010" in e.codes


def test_placeholders_recorded_for_every_pseudo_coded_entry(index: ControlIndex) -> None:
    for e in index.controls.entries:
        if e.pseudo_code:
            assert citing(e, "E4") or citing(e, "E3"), e.id


def test_no_debris_in_item_names(index: ControlIndex) -> None:
    for e in index.controls.entries:
        for text in (e.item_en, e.item_zh or ""):
            assert not re.search(r"<[a-z/]|\$|\\times|•|District melt", text), e.id


# ------------------------------------------------------------------------------ announcements and measures


def test_destination_measures(index: ControlIndex) -> None:
    measures = {m.id: m for m in index.controls.destination_measures}
    assert set(measures) == {
        "us-presumption-of-denial",
        "us-graphite-end-use-review",
        "us-military-end-use-ban",
        "jp-military-end-use-ban",
    }
    assert measures["us-presumption-of-denial"].groups == ["gallium", "germanium", "antimony", "superhard"]
    assert measures["us-graphite-end-use-review"].groups == ["graphite"]
    for clause2 in ("us-presumption-of-denial", "us-graphite-end-use-review"):
        m = measures[clause2]
        assert (m.announcement, m.destinations, m.effective) == ("mofcom-2024-46", ["US"], date(2024, 12, 3))
        (s,) = m.suspensions
        assert (s.start, s.end, s.by) == (date(2025, 11, 9), date(2026, 11, 27), "mofcom-2025-72")
    ban = measures["us-military-end-use-ban"]
    assert (ban.groups, ban.suspensions, ban.effective) == ([], [], date(2024, 12, 3))
    jp = measures["jp-military-end-use-ban"]
    assert (jp.announcement, jp.destinations, jp.groups, jp.effective) == (
        "mofcom-2026-1",
        ["JP"],
        [],
        date(2026, 1, 6),
    )


def test_october_2025_announcements_suspended_by_no_70(index: ControlIndex) -> None:
    announcements = {a.id: a for a in index.controls.announcements}
    for n in (55, 56, 57, 58, 61, 62):
        a = announcements[f"mofcom-2025-{n}"]
        (s,) = a.suspensions
        assert (s.start, s.end, s.by) == (date(2025, 11, 7), date(2026, 11, 10), "mofcom-2025-70")
        assert "unknown" in a.status
    required = {"mofcom-2023-39", "mofcom-2024-33", "mofcom-2024-51", "mofcom-2025-10", "mofcom-2025-72"}
    assert required <= set(announcements)
