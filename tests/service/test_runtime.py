"""The switch-interval context the server's lifespan and the CLI's batch run apply."""

from __future__ import annotations

import sys

import pytest

from service.runtime import gil_switch_interval


def test_sets_the_interval_for_the_block_and_restores_it() -> None:
    before = sys.getswitchinterval()
    with gil_switch_interval(250):
        assert sys.getswitchinterval() == pytest.approx(250e-6)
    assert sys.getswitchinterval() == before


def test_restores_the_interval_when_the_block_raises() -> None:
    before = sys.getswitchinterval()
    with pytest.raises(RuntimeError), gil_switch_interval(100):
        raise RuntimeError("boom")
    assert sys.getswitchinterval() == before


def test_none_leaves_the_interval_alone() -> None:
    before = sys.getswitchinterval()
    with gil_switch_interval(None):
        assert sys.getswitchinterval() == before
    assert sys.getswitchinterval() == before
