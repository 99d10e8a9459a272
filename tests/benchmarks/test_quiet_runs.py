"""Runs judged by their own steal (benchmarks.quiet_runs): which runs are made again, which are kept."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from benchmarks.quiet_runs import QuietRuns, Run, runs_made
from benchmarks.report import _made, _rerun_lines


def _runs(steals: list[float | None]) -> Callable[[], Run]:
    """A timed run that reports the given steals in turn, numbered so the kept ones can be told apart."""
    it: Iterator[tuple[int, float | None]] = iter(enumerate(steals))

    def timed() -> Run:
        i, steal = next(it)
        return {"n": i, "steal_pct": steal}

    return timed


def test_quiet_runs_are_not_made_again() -> None:
    quiet = QuietRuns(max_steal=5.0)
    kept, aside = quiet.measure(_runs([0.0, 4.9, 1.0]), 3)
    assert [r["n"] for r in kept] == [0, 1, 2] and aside == [] and quiet.spent_s == 0.0
    assert runs_made(kept, aside) == "3"


def test_stolen_runs_are_made_again_and_the_least_stolen_kept() -> None:
    quiet = QuietRuns(max_steal=5.0)
    kept, aside = quiet.measure(_runs([30.0, 1.0, 12.0, 2.0, 0.5, 99.0]), 3)
    # three made, two stolen: runs are added until three are quiet (after the fifth)
    assert [r["n"] for r in kept] == [1, 3, 4] and [r["n"] for r in aside] == [0, 2]
    assert runs_made(kept, aside) == "3 of 5" and quiet.spent_s > 0.0  # the extra runs' time is counted


def test_reruns_stop_at_the_factor_and_keep_the_least_stolen_of_all() -> None:
    quiet = QuietRuns(max_steal=5.0, max_factor=2)
    kept, aside = quiet.measure(_runs([40.0, 20.0, 30.0, 10.0, 50.0, 6.0, 1.0]), 3)
    assert len(kept) + len(aside) == 6  # twice the wanted runs, none of them quiet
    assert [r["n"] for r in kept] == [1, 3, 5]


def test_reruns_stop_when_the_budget_is_spent() -> None:
    quiet = QuietRuns(max_steal=5.0, budget_s=0.0)
    kept, aside = quiet.measure(_runs([40.0, 20.0]), 2)
    assert len(kept) == 2 and aside == []


def test_off_or_unmeasured_steal_makes_nothing_again() -> None:
    kept, aside = QuietRuns(max_steal=None).measure(_runs([90.0, 80.0]), 2)
    assert len(kept) == 2 and aside == []
    kept, aside = QuietRuns(max_steal=5.0).measure(_runs([None, None]), 2)  # no /proc/stat
    assert len(kept) == 2 and aside == []


def test_report_states_reruns_only_when_they_were_possible() -> None:
    assert _rerun_lines(None) == [] and _rerun_lines(QuietRuns(max_steal=None).describe()) == []
    (line,) = _rerun_lines(QuietRuns(max_steal=5.0).describe())
    assert "at 5 % steal or more was made again" in line and "0 s spent" in line
    assert _made({"ready_s": {"n": 5}, "set_aside": [{}, {}, {}]}) == ", of 8 made"
    assert _made({"ready_s": {"n": 5}, "set_aside": []}) == "" and _made({"ready_s": {"n": 5}}) == ""
