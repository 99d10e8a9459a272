"""``python -m benchmarks.ab``'s arguments: an interpreter is named for one of the variants."""

from __future__ import annotations

import pytest

from benchmarks import ab


@pytest.mark.parametrize("spec", ["other=/usr/bin/python3", "before", "before="])
def test_an_interpreter_for_no_variant_or_without_a_path_is_refused_before_anything_runs(
    spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        ab.main(["--variant", "before=.", "--python", spec, "--rounds", "0", "--starts", "0"])
    assert exc.value.code == 2
    assert f"--python {spec!r}: expected NAME=PATH for one of the variants ['before']" in capsys.readouterr().err


@pytest.mark.parametrize("spec", ["other=HSCC_X=1", "before=HSCC_X", "before", "before=="])
def test_a_setting_for_no_variant_or_without_a_value_is_refused_before_anything_runs(
    spec: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        ab.main(["--variant", "before=.", "--env", spec, "--rounds", "0", "--starts", "0"])
    assert exc.value.code == 2
    assert f"--env {spec!r}: expected NAME=KEY=VALUE for one of the variants ['before']" in capsys.readouterr().err
