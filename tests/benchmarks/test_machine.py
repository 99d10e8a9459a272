"""The machine's description: CPU steal between two readings of /proc/stat, and how the interpreter was built."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.machine import cpu_ticks, python_build, steal_pct
from benchmarks.report import _build


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


def test_the_interpreter_is_described_by_its_own_executable_and_flags() -> None:
    build = python_build()
    assert Path(build["executable"]) == Path(sys.executable).resolve()
    assert {type(build["configured_with_optimizations"]), type(build["configured_with_lto"])} == {bool}
    if sys.platform.startswith("linux"):  # a shared libpython is mapped into the process; a static one is not
        assert build["libpython_loaded"] == ("libpython" in Path("/proc/self/maps").read_text())


def test_the_report_names_the_build_and_says_nothing_for_runs_that_recorded_none() -> None:
    build = {
        "executable": "/usr/bin/python3.11",
        "configured_with_optimizations": True,
        "configured_with_lto": False,
        "libpython_loaded": False,
    }
    assert _build(build) == " (/usr/bin/python3.11; configure flags: PGO; libpython static)"
    assert _build({**build, "configured_with_optimizations": False, "libpython_loaded": True}).endswith(
        "configure flags: no PGO/LTO; libpython shared)"
    )
    assert _build(None) == ""
