"""``python -m benchmarks.cores``: one busy process against two (speed is not asserted)."""

from __future__ import annotations

import pytest

from benchmarks.cores import busy_loop, main, measure
from benchmarks.report import _two_processes_line


def test_a_loop_alone_and_two_at_once_are_timed_and_compared() -> None:
    # loops long enough (~15 ms) that the figures' rounding to 0.1 ms cannot move their ratio by 5 %
    figures = measure(rounds=2, loops=300_000)
    assert figures["rounds"] == 2 and figures["loops"] == 300_000
    assert figures["alone_ms"] > 0 and figures["together_ms"] > 0
    # the speed-up is the ratio of the two medians, whatever the machine makes of them
    assert figures["speed_up"] == pytest.approx(2 * figures["alone_ms"] / figures["together_ms"], rel=0.05, abs=0.05)


def test_the_loop_takes_longer_for_more_steps() -> None:
    assert min(busy_loop(400_000) for _ in range(3)) > min(busy_loop(4_000) for _ in range(3))


def test_the_report_states_the_figures_and_leaves_out_a_run_without_them() -> None:
    line = _two_processes_line({"alone_ms": 140.0, "together_ms": 160.0, "speed_up": 1.75, "steal_pct": 0.2})
    assert "140.0 ms alone" in line[0] and "160.0 ms each" in line[0] and "1.75x" in line[0]
    assert _two_processes_line(None) == []


def test_the_report_adds_the_figures_taken_after_the_http_scenarios() -> None:
    start = {"alone_ms": 140.0, "together_ms": 160.0, "speed_up": 1.75, "steal_pct": 0.2}
    after = {"alone_ms": 150.0, "together_ms": 250.0, "speed_up": 1.2, "steal_pct": 0.0}
    (line,) = _two_processes_line(start, after)
    assert "1.75x the work" in line and "After the HTTP scenarios: 150.0 ms alone, 250.0 ms each" in line
    assert "1.2x" in line
    assert "After" not in _two_processes_line(start)[0]  # a run that measured only at the start


def test_the_command_refuses_nonsense_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--rounds", "0"]) == 2
    assert "--rounds and --loops must be at least 1" in capsys.readouterr().err
