"""The label contract of docs/entry-ids.md, parsed: entry id -> classifier labels.

The doc is the single source of truth for ids and labels; the generator and tests check naming.yaml
against it. The rare-earth compound codes are not spelled out in the doc ("the 2846... codes printed for
that element"): they are copied here from appendix_a.txt (1C902.c ... 1C908.c).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "entry-ids.md"
NOT_LISTED = "NOT_LISTED"

_LABEL = re.compile(r"\b\d{10}\b|NOCODE:[a-z0-9][a-z0-9-]*")
_ROW = re.compile(r"^\|\s*([a-z0-9][a-z0-9, -]*?)\s*\|(.*)$")

# appendix_a.txt, "X-containing compounds and their mixtures" rows (3824999922 appended for every element)
_SMGDLUSC = ["2846902810", "2846902910", "2846903910", "2846904820", "2846904910", "2846909920"]
RE_COMPOUND_CODES: dict[str, list[str]] = {
    "sm": _SMGDLUSC,
    "gd": _SMGDLUSC,
    "lu": _SMGDLUSC,
    "sc": _SMGDLUSC,
    "tb": [
        "2846902100",
        "2846902810",
        "2846903100",
        "2846903910",
        "2846904200",
        "2846904820",
        "2846909300",
        "2846909920",
    ],
    "dy": [
        "2846902200",
        "2846902810",
        "2846903200",
        "2846903910",
        "2846904300",
        "2846904820",
        "2846909400",
        "2846909920",
    ],
    "y": [
        "2846902600",
        "2846902810",
        "2846903600",
        "2846903910",
        "2846904600",
        "2846904820",
        "2846909690",
        "2846909920",
    ],
}
RARE_EARTHS = ["sm", "gd", "tb", "dy", "lu", "sc", "y"]


def _per_element(cell: str) -> dict[str, str]:
    """'sm/gd/lu 2805301910, tb 2805301300' -> {'sm': ..., 'gd': ..., 'lu': ..., 'tb': ...}"""
    out: dict[str, str] = {}
    for els, code in re.findall(r"([a-z]+(?:/[a-z]+)*)\s+(\d{10})", cell):
        for el in els.split("/"):
            out[el] = code
    return out


@lru_cache(maxsize=1)
def contract_labels(doc: Path = DOC) -> dict[str, tuple[str, ...]]:
    """entry id -> its labels, in the doc's order."""
    out: dict[str, tuple[str, ...]] = {}
    re_rows: dict[str, str] = {}
    for line in doc.read_text(encoding="utf-8").splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        ids_cell, rest = m.group(1), m.group(2)
        cells = [c.strip() for c in rest.split("|")]
        if ids_cell.startswith("x-") or ids_cell.startswith("X-"):
            continue
        if ids_cell in ("id",):
            continue
        if len(cells) >= 4 and re.fullmatch(r"[a-z0-9-]+", ids_cell):  # main table: group | code | labels
            labels_cell = cells[2]
            if "same three 8101" in labels_cell:
                out[ids_cell] = out["w-solid-alloy"]
                continue
            labels = tuple(dict.fromkeys(_LABEL.findall(labels_cell)))
            if labels:
                out[ids_cell] = labels
            continue
        re_rows[ids_cell] = " | ".join(cells)
    # the rare-earth table (rows keyed "X-metal", ..., "sm-magnets", "tb-magnets, dy-magnets")
    for line in doc.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\|\s*X-([a-z]+)\s*\|\s*([^|]*)\|\s*(.*?)\s*\|\s*$", line)
        if m:
            re_rows["X-" + m.group(1)] = m.group(3)
    metal = _per_element(re_rows["X-metal"])
    oxide = _per_element(re_rows["X-oxide"])
    for el in RARE_EARTHS:
        out[f"{el}-metal"] = (metal[el],)
        out[f"{el}-alloys"] = (f"NOCODE:{el}-alloys",)
        out[f"{el}-targets"] = ("3824999922", "8486909110")
        out[f"{el}-oxide"] = (oxide[el], "2846901993", "3824999922")
        out[f"{el}-compounds"] = (*RE_COMPOUND_CODES[el], "3824999922")
    for ids_cell, rest in re_rows.items():
        if "magnets" in ids_cell:
            labels = tuple(_LABEL.findall(rest))
            for eid in re.split(r"\s*,\s*", ids_cell):
                out[eid] = labels
    return out


def all_labels() -> set[str]:
    """Every valid classifier label, NOT_LISTED included."""
    return {label for labels in contract_labels().values() for label in labels} | {NOT_LISTED}
