"""``python -m benchmarks.ab``'s arguments: an interpreter or a setting is named for one of the variants."""

from __future__ import annotations

import pytest

from benchmarks import ab

BAD = [
    *[("--python", spec, "NAME=PATH") for spec in ["other=/usr/bin/python3", "before", "before="]],
    *[("--env", spec, "NAME=KEY=VALUE") for spec in ["other=HSCC_X=1", "before=HSCC_X", "before", "before=="]],
]


@pytest.mark.parametrize(("option", "spec", "expected"), BAD)
def test_an_option_for_no_variant_or_incomplete_is_refused_before_anything_runs(
    option: str, spec: str, expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        ab.main(["--variant", "before=.", option, spec, "--rounds", "0", "--starts", "0"])
    assert exc.value.code == 2
    assert f"{option} {spec!r}: expected {expected} for one of the variants ['before']" in capsys.readouterr().err
