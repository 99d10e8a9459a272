"""Notices of announcements outside the control list (``service.notices``), from the shipped control list."""

from __future__ import annotations

from datetime import date

import pytest

from service.controls.index import load_controls
from service.notices import Notices

DAY = date(2026, 11, 24)  # after the October 2025 announcements' suspension ended (2026-11-10)


@pytest.fixture(scope="module")
def notices() -> Notices:
    return Notices(load_controls())


def test_only_the_longest_name_at_a_place_is_given(notices: Notices) -> None:
    (notice,) = notices.find("Synthetic diamond micropowder, 0-0.5 um", DAY)
    assert "(mofcom-2025-55) names 'Synthetic diamond micropowder', which" in notice  # not "diamond micropowder" too


@pytest.mark.parametrize(
    ("text", "announcement", "named"),
    [
        ("氧化铕 99.99%", "mofcom-2025-57", "'铕'"),  # in Chinese
        ("HO2O3 4N POWDER", "mofcom-2025-57", "'HO2O3'"),  # an oxide's formula, in any case
        ("氧化铒（Ｅｒ２Ｏ３）", "mofcom-2025-57", "'铒', 'Er2O3'"),  # full-width letters read as ASCII
        ("LFP cathode: lithium iron phosphate, 1 t", "mofcom-2025-58", "'lithium iron phosphate'"),
        ("diamond wire saw 0.28 mm for silicon", "mofcom-2025-55", "'diamond wire saw'"),
    ],
)
def test_an_announcement_names_the_goods(notices: Notices, text: str, announcement: str, named: str) -> None:
    (notice,) = notices.find(text, DAY)
    assert f"({announcement}) names {named}," in notice
    assert notice.endswith("This verdict does not include it.")


def test_each_announcement_once_with_every_name_it_gives(notices: Notices) -> None:
    found = notices.find("Er2O3 and erbium fluoride; Yb2O3; lithium-ion cell", DAY)
    assert len(found) == 2
    assert "names 'Er2O3', 'erbium', 'Yb2O3'," in found[0]
    assert "(mofcom-2025-58)" in found[1]


@pytest.mark.parametrize(
    "text",
    [
        "gallium metal 4N",  # on the control list: its entries say how it stands
        "Erbiumx alloy",  # not the word
        "men's cotton t-shirt",
        "",
    ],
)
def test_goods_no_announcement_outside_the_list_names_get_none(notices: Notices, text: str) -> None:
    assert notices.find(text, DAY) == []
