"""Measures in time and place: effective dates, destinations, suspensions (inclusive) and what is coming."""

from __future__ import annotations

from datetime import date

import pytest

from service.controls.schema import Announcement, DestinationMeasure, Entry, Suspension
from service.measures import MeasureReport, measures_for

GA_GE = Announcement(
    id="mofcom-2023-23",
    title="Gallium and germanium",
    published=date(2023, 7, 3),
    effective=date(2023, 8, 1),
    measure="export licence required for all destinations",
    status="in force",
    source="test",
)
US_2024 = Announcement(
    id="mofcom-2024-46",
    title="Dual-use items to the United States",
    published=date(2024, 12, 3),
    effective=date(2024, 12, 3),
    measure="clause 1: military end users; clause 2: presumption of denial",
    status="clause 2 suspended",
    source="test",
)
SUSPENDED_BY_72 = Suspension(start=date(2025, 11, 9), end=date(2026, 11, 27), by="mofcom-2025-72", source="test")
US_DENIAL = DestinationMeasure(
    id="us-presumption-of-denial",
    announcement="mofcom-2024-46",
    destinations=["US"],
    groups=["gallium", "germanium", "antimony", "superhard"],
    measure="no export licences to the US in principle",
    effective=date(2024, 12, 3),
    suspensions=[SUSPENDED_BY_72],
    source="test",
)
US_MILITARY = DestinationMeasure(
    id="us-military-end-use-ban",
    announcement="mofcom-2024-46",
    destinations=["US"],
    groups=[],  # every group
    measure="ban on exports to US military users",
    effective=date(2024, 12, 3),
    source="test",
)
ANNOUNCEMENTS = {a.id: a for a in (GA_GE, US_2024)}
GALLIUM = Entry(
    id="ga-metal",
    group="gallium",
    item_en="Gallium metal",
    codes=["8112929010"],
    announcement="mofcom-2023-23",
    verification="V",
    source="test",
)
TUNGSTEN = GALLIUM.model_copy(update={"id": "w-apt", "group": "tungsten"})


def report(
    entry: Entry,
    destination: str | None,
    as_of: date,
    horizon_days: int = 60,
    measures: list[DestinationMeasure] | None = None,
) -> MeasureReport:
    return measures_for(entry, ANNOUNCEMENTS, measures or [US_DENIAL], destination, as_of, horizon_days)


# -- the suspension end is the last suspended day


def test_last_day_of_suspension_is_suspended() -> None:
    r = report(GALLIUM, "US", date(2026, 11, 27))
    (denial,) = r.destination
    assert denial.state == "suspended" and not denial.in_force
    assert denial.suspended_until == date(2026, 11, 27)
    assert denial.note == "suspended until 2026-11-27 by mofcom-2025-72"
    assert r.upcoming == [
        "on 2026-11-28 the suspension of us-presumption-of-denial (US) ends; "
        "'no export licences to the US in principle' applies again unless extended"
    ]


def test_day_after_suspension_is_in_force() -> None:
    r = report(GALLIUM, "US", date(2026, 11, 28))
    (denial,) = r.destination
    assert denial.in_force
    assert denial.note == "in force again since 2026-11-28, after a suspension"
    assert r.upcoming == []


def test_a_suspension_that_ended_after_the_newest_source_may_have_been_extended() -> None:
    """2025 No. 72 ends on 2026-11-27; the list's sources stop in January 2026, so its end is not news of it."""
    after = measures_for(GALLIUM, ANNOUNCEMENTS, [US_DENIAL], "US", date(2026, 11, 28), known_until=date(2026, 1, 18))
    assert after.destination[0].in_force
    assert after.destination[0].note == (
        "in force again since 2026-11-28, after a suspension; an extension of mofcom-2025-72 announced after "
        "2026-01-18, the control list's newest source, would not be known here"
    )
    # a suspension that ended before the newest source is known to have ended; one still running needs no caveat
    known = measures_for(GALLIUM, ANNOUNCEMENTS, [US_DENIAL], "US", date(2026, 11, 28), known_until=date(2026, 12, 1))
    assert known.destination[0].note == "in force again since 2026-11-28, after a suspension"
    during = measures_for(GALLIUM, ANNOUNCEMENTS, [US_DENIAL], "US", date(2026, 11, 1), known_until=date(2026, 1, 18))
    assert during.destination[0].note == "suspended until 2026-11-27 by mofcom-2025-72"


def test_first_day_of_suspension() -> None:
    assert report(GALLIUM, "US", date(2025, 11, 8)).destination[0].in_force
    assert report(GALLIUM, "US", date(2025, 11, 9)).destination[0].state == "suspended"


# -- effective dates


def test_before_the_base_measure_takes_effect() -> None:
    r = report(GALLIUM, None, date(2023, 7, 15))
    assert r.base.state == "not_yet_in_force"
    assert r.base.note == "not yet in force: takes effect on 2023-08-01"
    assert r.upcoming == [
        "on 2023-08-01 announcement mofcom-2023-23 takes effect: 'export licence required for all destinations'"
    ]


def test_on_and_after_the_effective_date() -> None:
    assert report(GALLIUM, None, date(2023, 8, 1)).base.in_force
    r = report(GALLIUM, None, date(2024, 1, 1))
    assert (r.base.state, r.base.note) == ("in_force", "in force since 2023-08-01")
    assert r.base.measure == "export licence required for all destinations"


def test_destination_measure_not_yet_in_force_is_only_upcoming() -> None:
    r = report(GALLIUM, "US", date(2024, 11, 20))
    assert r.destination == []
    assert r.upcoming == [
        "on 2024-12-03 us-presumption-of-denial (US) takes effect: 'no export licences to the US in principle'"
    ]


# -- destinations


def test_other_destination_gets_no_us_measure() -> None:
    r = report(GALLIUM, "DE", date(2026, 11, 28))
    assert r.destination == [] and r.conditional == [] and r.upcoming == []
    assert r.base.in_force


def test_destination_is_case_insensitive() -> None:
    assert report(GALLIUM, "us", date(2026, 11, 28)).destination[0].id == "us-presumption-of-denial"


def test_measure_for_other_groups_does_not_apply() -> None:
    assert report(TUNGSTEN, "US", date(2026, 11, 28)).destination == []


def test_measure_without_groups_applies_to_every_group() -> None:
    for entry in (GALLIUM, TUNGSTEN):
        r = report(entry, "US", date(2026, 1, 1), measures=[US_DENIAL, US_MILITARY])
        ids = [m.id for m in r.destination if m.in_force]
        assert "us-military-end-use-ban" in ids, entry.group
    assert [m.id for m in report(TUNGSTEN, "US", date(2026, 1, 1), measures=[US_DENIAL, US_MILITARY]).destination] == [
        "us-military-end-use-ban"
    ]


def test_without_destination_measures_are_conditional() -> None:
    r = report(GALLIUM, None, date(2026, 10, 1))
    assert r.destination == []
    assert r.conditional == [
        "applies if destination is US: 'no export licences to the US in principle' "
        "(suspended until 2026-11-27 by mofcom-2025-72)"
    ]
    assert r.upcoming == [
        "if destination is US: on 2026-11-28 the suspension of us-presumption-of-denial (US) ends; "
        "'no export licences to the US in principle' applies again unless extended"
    ]


# -- upcoming within the horizon


@pytest.mark.parametrize(
    ("as_of", "horizon", "expected"),
    [
        (date(2026, 9, 29), 60, 1),  # 2026-11-28 is day 60: included
        (date(2026, 9, 28), 60, 0),  # day 61: not yet
        (date(2026, 11, 1), 7, 0),
        (date(2026, 11, 27), 1, 1),
        (date(2025, 10, 1), 60, 1),  # the suspension starting on 2025-11-09
    ],
)
def test_upcoming_within_horizon(as_of: date, horizon: int, expected: int) -> None:
    assert len(report(GALLIUM, "US", as_of, horizon).upcoming) == expected


def test_suspension_starting_is_announced() -> None:
    assert report(GALLIUM, "US", date(2025, 10, 1)).upcoming == [
        "on 2025-11-09 us-presumption-of-denial (US) is suspended until 2026-11-27 (by mofcom-2025-72)"
    ]


def test_an_extension_is_one_suspension() -> None:
    extended = US_DENIAL.model_copy(
        update={
            "suspensions": [
                SUSPENDED_BY_72,
                Suspension(start=date(2026, 11, 28), end=date(2027, 11, 27), by="mofcom-2026-99", source="test"),
            ]
        }
    )
    r = report(GALLIUM, "US", date(2026, 11, 27), measures=[extended])
    assert r.destination[0].note == "suspended until 2027-11-27 by mofcom-2025-72, mofcom-2026-99"
    assert r.upcoming == []  # nothing ends on 2026-11-28 any more


def test_suspended_announcement_suspends_the_base_measure() -> None:
    suspended = GA_GE.model_copy(update={"suspensions": [SUSPENDED_BY_72]})
    r = measures_for(GALLIUM, {**ANNOUNCEMENTS, GA_GE.id: suspended}, [], None, date(2026, 1, 1))
    assert (r.base.state, r.base.note) == ("suspended", "suspended until 2026-11-27 by mofcom-2025-72")


def test_suspended_from_the_start() -> None:
    october = GA_GE.model_copy(
        update={
            "effective": date(2025, 11, 8),
            "suspensions": [Suspension(start=date(2025, 11, 7), end=date(2026, 11, 10), by="no-70", source="t")],
        }
    )
    anns = {**ANNOUNCEMENTS, GA_GE.id: october}
    before = measures_for(GALLIUM, anns, [], None, date(2025, 11, 1))
    assert before.base.note == "not yet in force: takes effect on 2025-11-08, suspended until 2026-11-10 by no-70"
    assert before.upcoming == ["on 2025-11-07 announcement mofcom-2023-23 is suspended until 2026-11-10 (by no-70)"]
    ending = measures_for(GALLIUM, anns, [], None, date(2026, 11, 1))
    assert ending.upcoming == [
        "on 2026-11-11 the suspension of announcement mofcom-2023-23 ends; "
        "'export licence required for all destinations' applies unless extended"
    ]
    after = measures_for(GALLIUM, anns, [], None, date(2026, 12, 1))
    assert after.base.note == "in force since 2026-11-11, when its suspension ended"


def test_unknown_announcement_is_an_error() -> None:
    with pytest.raises(KeyError, match="unknown announcement"):
        measures_for(GALLIUM, {}, [], None, date(2026, 1, 1))


def test_one_line_summaries() -> None:
    r = report(GALLIUM, "US", date(2026, 11, 27))
    assert r.measure == "export licence required for all destinations (in force since 2023-08-01)"
    assert r.destination_measures == [
        "no export licences to the US in principle (suspended until 2026-11-27 by mofcom-2025-72)"
    ]
    assert report(GALLIUM, None, date(2026, 11, 27)).destination_measures == [
        "applies if destination is US: 'no export licences to the US in principle' "
        "(suspended until 2026-11-27 by mofcom-2025-72)"
    ]


def test_any_date_is_answered_without_overflow() -> None:
    """Regression: as_of near 9999-12-31 overflowed the look-ahead horizon (found by hardening, 2026-11-22)."""
    from service.controls import load_controls

    controls = load_controls()
    entry = controls.entry("ga-oxide")
    for day in (date.max, date(9999, 12, 1), date.min):
        report = measures_for(entry, controls.announcements, controls.controls.destination_measures, "US", day)
        assert report.measure
