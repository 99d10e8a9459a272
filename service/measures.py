"""Which measures apply to an entry on a given day and for a given destination, and what changes soon.

An entry's base measure comes from its announcement (e.g. "export licence required for all destinations").
Destination measures add to it for some destinations only (e.g. the 2024 ban on exports to the US), for some
groups or, with no groups listed, for all. Either kind may be suspended for a while; a suspension's ``end`` is
its last suspended day. Nothing here names a measure: it all comes from the control list.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal, NamedTuple

from service.controls.schema import Announcement, DestinationMeasure, Entry, Suspension

__all__ = ["MeasureReport", "MeasureStatus", "announcement_status", "measures_for"]

State = Literal["in_force", "not_yet_in_force", "suspended"]
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class MeasureStatus:
    """One measure as it stands on the day asked about."""

    id: str  # announcement id, or destination-measure id
    announcement: str
    measure: str  # what it requires, in the control list's words
    state: State
    note: str  # "in force since 2023-08-01", "suspended until 2026-11-27 (by mofcom-2025-72)", …
    effective: date
    suspended_until: date | None = None

    @property
    def in_force(self) -> bool:
        return self.state == "in_force"


@dataclass(frozen=True, slots=True)
class MeasureReport:
    base: MeasureStatus
    # Measures for the destination asked about that have taken effect: in force, or suspended (and then not
    # in force). Empty when no destination was given.
    destination: list[MeasureStatus] = field(default_factory=list)
    # Without a destination: what would apply where ("applies if destination is US: …").
    conditional: list[str] = field(default_factory=list)
    upcoming: list[str] = field(default_factory=list)  # changes within the horizon, in date order

    @property
    def measure(self) -> str:
        """The base measure with its status, in one line."""
        return f"{self.base.measure} ({self.base.note})"

    @property
    def destination_measures(self) -> list[str]:
        """The destination measures in one line each: with their status for the destination asked about,
        else as "applies if destination is …" notes."""
        return [f"{s.measure} ({s.note})" for s in self.destination] or list(self.conditional)


class _Run(NamedTuple):
    """Suspensions merged where they overlap or follow each other without a gap (an extension)."""

    start: date
    end: date  # last suspended day
    by: tuple[str, ...]


def measures_for(
    entry: Entry,
    announcements: dict[str, Announcement],
    destination_measures: list[DestinationMeasure],
    destination: str | None,
    as_of: date,
    horizon_days: int = 60,
    known_until: date | None = None,
) -> MeasureReport:
    """The measures for ``entry`` on ``as_of`` (for ``destination``, an ISO country code, if given) and the
    changes due within ``horizon_days`` after it.

    ``known_until``: the date of the control list's newest source. A suspension that ended after it may have
    been extended by an announcement the list does not know, so a measure "in force again" then says so."""
    announcement = announcements.get(entry.announcement)
    if announcement is None:
        raise KeyError(f"entry {entry.id}: unknown announcement {entry.announcement!r}")
    # Clamp rather than overflow: the API caps as_of, but this function must not fail for any date.
    horizon = as_of + timedelta(days=horizon_days) if date.max - as_of > timedelta(days=horizon_days) else date.max
    base_runs = _merge_suspensions(announcement.suspensions)
    base = _announcement_status(announcement, base_runs, as_of, known_until)
    events = _list_changes(f"announcement {announcement.id}", announcement.measure, announcement.effective, base_runs)

    wanted = destination.upper() if destination else None
    in_place: list[MeasureStatus] = []
    conditional: list[str] = []
    for m in destination_measures:
        if m.groups and entry.group not in m.groups:
            continue
        if wanted is not None and wanted not in m.destinations:
            continue
        # A suspension of the announcement that made the measure suspends the measure too.
        parent = announcements.get(m.announcement)
        runs = _merge_suspensions([*m.suspensions, *(parent.suspensions if parent else [])])
        status = _assess(m.id, m.announcement, m.measure, m.effective, runs, as_of, known_until)
        where = " or ".join(m.destinations)
        changes = _list_changes(f"{m.id} ({where})", m.measure, m.effective, runs)
        if wanted is not None:
            if status.state != "not_yet_in_force":
                in_place.append(status)
        else:
            if status.state != "not_yet_in_force":
                conditional.append(f"applies if destination is {where}: '{m.measure}' ({status.note})")
            changes = [(day, f"if destination is {where}: {text}") for day, text in changes]
        events += changes

    upcoming = [text for day, text in sorted(events) if as_of < day <= horizon]
    return MeasureReport(base, in_place, conditional, upcoming)


def announcement_status(announcement: Announcement, as_of: date, known_until: date | None = None) -> MeasureStatus:
    """An announcement's own measure on ``as_of``, as ``measures_for`` states an entry's (``known_until``: the same):
    for announcements no entry refers to, whose status a notice gives (``service.notices``)."""
    return _announcement_status(announcement, _merge_suspensions(announcement.suspensions), as_of, known_until)


def _announcement_status(
    announcement: Announcement, runs: Sequence[_Run], as_of: date, known_until: date | None
) -> MeasureStatus:
    return _assess(
        announcement.id, announcement.id, announcement.measure, announcement.effective, runs, as_of, known_until
    )


def _merge_suspensions(suspensions: Iterable[Suspension]) -> list[_Run]:
    runs: list[_Run] = []
    for s in sorted(suspensions, key=lambda s: (s.start, s.end)):
        if runs and s.start <= runs[-1].end + _DAY:
            last = runs[-1]
            by = last.by if s.by in last.by else (*last.by, s.by)
            runs[-1] = _Run(last.start, max(last.end, s.end), by)
        else:
            runs.append(_Run(s.start, s.end, (s.by,)))
    return runs


def _assess(
    id_: str,
    announcement: str,
    measure: str,
    effective: date,
    runs: Sequence[_Run],
    as_of: date,
    known_until: date | None = None,
) -> MeasureStatus:
    if as_of < effective:
        note = f"not yet in force: takes effect on {effective.isoformat()}"
        if covering := next((run for run in runs if run.start <= effective <= run.end), None):
            note += f", suspended until {covering.end.isoformat()} by {', '.join(covering.by)}"
        return MeasureStatus(id_, announcement, measure, "not_yet_in_force", note, effective)
    for run in runs:
        if run.start <= as_of <= run.end:
            note = f"suspended until {run.end.isoformat()} by {', '.join(run.by)}"
            return MeasureStatus(id_, announcement, measure, "suspended", note, effective, run.end)
    ended = [run for run in runs if effective <= run.end < as_of]
    if ended and ended[-1].start > effective:
        note = f"in force again since {(ended[-1].end + _DAY).isoformat()}, after a suspension"
    elif ended:  # suspended from the day it was to take effect
        note = f"in force since {(ended[-1].end + _DAY).isoformat()}, when its suspension ended"
    else:
        note = f"in force since {effective.isoformat()}"
    if ended and known_until is not None and ended[-1].end >= known_until:
        # The list cannot know of an extension announced after its newest source: a broker must check.
        note += (
            f"; an extension of {', '.join(ended[-1].by)} announced after {known_until.isoformat()}, the control "
            "list's newest source, would not be known here"
        )
    return MeasureStatus(id_, announcement, measure, "in_force", note, effective)


def _list_changes(name: str, measure: str, effective: date, runs: Sequence[_Run]) -> list[tuple[date, str]]:
    """Every dated change of one measure; the caller keeps those within the horizon."""
    changes = []
    if not any(run.start <= effective <= run.end for run in runs):  # else its suspension's end says it
        changes.append((effective, f"on {effective.isoformat()} {name} takes effect: '{measure}'"))
    for run in runs:
        by, until = ", ".join(run.by), run.end.isoformat()
        changes.append((run.start, f"on {run.start.isoformat()} {name} is suspended until {until} (by {by})"))
        resumes = run.end + _DAY
        again = " again" if run.start > effective else ""  # a measure suspended from the start never applied
        changes.append(
            (
                resumes,
                f"on {resumes.isoformat()} the suspension of {name} ends; '{measure}' applies{again} unless extended",
            )
        )
    return changes
