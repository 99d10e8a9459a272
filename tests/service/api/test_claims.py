"""The queue a worker and its batch helper share (service.api.claims): every unit is claimed once, by one end."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from service.api.claims import LEAST, MOST, UNITS, Claims, ClaimsLost, Rows, claim_size

FORK = multiprocessing.get_context("fork")


def test_a_claim_is_a_quarter_of_what_is_left_within_bounds() -> None:
    assert [claim_size(n) for n in (1, 3, 4, 10, 40, 96, 97, 1000)] == [1, 3, 4, 8, 10, 24, 24, MOST]
    assert all(min(n, LEAST) <= claim_size(n) <= MOST for n in range(1, 500))


def test_the_two_ends_meet_without_overlap() -> None:
    claims = Claims(FORK, timeout_s=5)
    claims.open(1, 50)
    front = claims.take_front(1)
    back = claims.take_back(1)
    assert front == (0, 12) and back == (41, 50)  # a quarter of 50, then of the 38 left
    taken = [front, back]
    while (claim := claims.take_front(1)) is not None:
        taken.append(claim)
    assert claims.take_back(1) is None  # the worker took the rest
    assert sorted(k for a, b in taken for k in range(a, b)) == list(range(50))
    assert claims.close(1) == 41  # the helper's units start there


def test_a_closed_or_other_batch_gives_no_claims() -> None:
    claims = Claims(FORK, timeout_s=5)
    claims.open(3, 10)
    assert claims.take_back(2) is None  # a helper still on an older batch claims nothing from this one
    assert claims.close(3) == 10  # the helper claimed none
    assert claims.take_back(3) is None and claims.take_front(3) is None
    with pytest.raises(RuntimeError, match="batch 3 is not the open one"):
        claims.close(3)


def _claim_from_the_back(claims: Claims, units: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    taken = []
    while (claim := claims.take_back(7)) is not None:
        taken.append(claim)
    units.put(taken)


def test_a_forked_process_and_this_one_claim_every_unit_once() -> None:
    claims = Claims(FORK, timeout_s=5)
    claims.open(7, 5_000)
    answer = FORK.Queue()
    process = FORK.Process(target=_claim_from_the_back, args=(claims, answer))
    process.start()
    mine = []
    while (claim := claims.take_front(7)) is not None:
        mine.append(claim)
    theirs = answer.get(timeout=30)
    process.join(timeout=30)
    first = claims.close(7)
    assert sorted(k for a, b in mine + theirs for k in range(a, b)) == list(range(5_000))
    assert all(a >= first for a, _ in theirs) and all(b <= first for _, b in mine)


def test_a_lock_held_past_the_timeout_is_reported() -> None:
    claims = Claims(FORK, timeout_s=0.2)
    claims.open(1, 10)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:  # as a process stopped (or killed) inside its claim would
        with claims._locked():
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(5)
    try:
        with pytest.raises(ClaimsLost, match=r"not free within 0\.2 s"):
            claims.take_front(1)
    finally:
        release.set()
        holder.join()
    assert claims.take_front(1) == (0, 8)


def test_the_helper_runs_the_model_from_where_the_worker_left_it_in_chunks() -> None:
    claims = Claims(FORK, timeout_s=5)
    claims.open(1, 60, model=(4, 50))  # units 0-3 and 50-59 are remembered
    first = claims.take_front(1)
    assert first == (0, 15)
    assert claims.rows(1, *first) is Rows.OWN  # the worker's own first claim: the helper starts after it
    ends = [12, 30, 44, 50]  # where the model's chunks end
    assert claims.take_rows(1, ends) == (15, 30)  # the rest of the chunk the worker's claim ended in
    assert claims.take_rows(1, ends) == (30, 44)
    assert claims.take_rows(1, ends) == (44, 50)
    assert claims.take_rows(1, ends) is None  # the range is done
    assert claims.take_rows(2, ends) is None  # and another batch's helper takes nothing


def test_the_workers_first_claim_is_its_own_to_run() -> None:
    claims = Claims(FORK, timeout_s=5)
    claims.open(1, 40, model=(0, 40))
    assert claims.take_first(1) == (0, 10)
    assert claims.take_rows(1, [24, 40]) == (10, 24)  # the helper's model starts after it
    assert claims.take_front(1) == (10, 18)  # and the worker's next claim is an ordinary one
    claims.close(1)
    assert claims.take_first(1) is None


def test_a_claims_rows_are_ready_once_published_and_pending_while_computed() -> None:
    claims = Claims(FORK, timeout_s=5)
    claims.open(1, 40, model=(0, 40))
    assert claims.rows(1, *claims.take_front(1) or (0, 0)) is Rows.OWN  # (0, 10)
    assert claims.take_rows(1, [24, 40]) == (10, 24)
    assert claims.rows(1, 10, 18) is Rows.PENDING  # the helper is computing them
    assert not claims.await_rows(1, 10, 18, wait_s=0.01)
    claims.publish(1, 10, 24)
    assert claims.await_rows(1, 10, 18, wait_s=0) and claims.rows(1, 10, 18) is Rows.READY
    # Past what the helper has taken: the worker runs them, and the helper skips them.
    assert claims.rows(1, 24, 30) is Rows.OWN
    assert claims.take_rows(1, [24, 40]) == (30, 40)
    # A claim the helper had half taken is the worker's to run (what the helper computes of it is computed twice).
    claims.open(2, 40, model=(0, 40))
    assert claims.take_rows(2, [8, 40]) == (0, 8)
    assert claims.rows(2, 4, 12) is Rows.OWN
    assert claims.take_rows(2, [8, 40]) == (12, 40)


def test_rows_outside_the_model_range_or_of_another_batch_are_never_ready() -> None:
    claims = Claims(FORK, timeout_s=5)
    claims.open(1, 30, model=(5, 25))
    assert claims.take_rows(1, [25]) == (5, 25)
    claims.publish(1, 5, 25)
    assert claims.rows(1, 5, 25) is Rows.READY
    assert claims.rows(1, 0, 10) is Rows.OWN and claims.rows(1, 20, 30) is Rows.OWN  # remembered units among them
    claims.open(2, 30, model=(5, 25))  # the next batch: the rows written are the last one's
    assert claims.take_rows(2, [25]) == (5, 25)
    claims.publish(1, 5, 25)  # a helper late with the last batch publishes nothing for this one
    assert claims.rows(2, 5, 25) is Rows.PENDING
    claims.publish(2, 5, 25)
    assert claims.rows(2, 5, 25) is Rows.READY
    with pytest.raises(ValueError, match="not within"):
        claims.open(3, 30, model=(0, UNITS + 1))
