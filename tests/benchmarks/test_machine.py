"""The machine's description: CPU steal between two readings of /proc/stat."""

from __future__ import annotations

import sys

import pytest

from benchmarks.machine import cpu_ticks, steal_pct


def test_steal_is_the_stolen_share_of_all_cpu_time_between_two_readings() -> None:
    before = [100, 0, 50, 800, 10, 0, 5, 35, 0, 0]
    # +60 user, +10 system, +100 idle, +30 steal (+40 guest, already inside user): 30 of 200 ticks
    after = [160, 0, 60, 900, 10, 0, 5, 65, 40, 0]
    assert steal_pct(before, after) == 15.0


@pytest.mark.parametrize(
    ("before", "after"),
    [(None, [1] * 10), ([1] * 10, None), ([1] * 10, [1] * 10), ([1] * 4, [2] * 4)],
)
def test_no_steal_figure_without_two_readings_or_elapsed_time(
    before: list[int] | None, after: list[int] | None
) -> None:
    assert steal_pct(before, after) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc/stat is Linux's")
def test_this_machine_reports_its_counters() -> None:
    ticks = cpu_ticks()
    assert ticks is not None and len(ticks) >= 8 and all(v >= 0 for v in ticks)
