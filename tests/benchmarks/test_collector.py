"""``python -m benchmarks.collector``: both measurements run in fresh processes per threshold (speed is not
asserted)."""

from __future__ import annotations

import pytest

from benchmarks.collector import main, measure
from tests.conftest import MODELS


def test_every_threshold_gets_each_kind_of_figure_in_every_round() -> None:
    # the cache's 4,096 answers first, then two 100-item batches; the file is all of them
    result = measure([0, 5_000], rounds=1, texts=4_096 + 200, batches=2, model_dir=MODELS)
    assert set(result) == {"batches", "file"}
    for threshold in (0, 5_000):
        (batches,) = result["batches"][threshold]
        assert 0 < batches["p50_ms"] <= batches["p99_ms"]
        (file,) = result["file"][threshold]
        assert file["seconds"] > 0


def test_too_few_texts_for_the_cache_and_the_batches_is_refused() -> None:
    with pytest.raises(RuntimeError, match="need the cache's 4096 and 200 more"):
        measure([0], rounds=1, texts=4_096, batches=2, model_dir=MODELS, kinds=("batches",))


def test_the_command_refuses_unknown_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--kinds", "batches,nothing"]) == 2
    assert "unknown kinds ['nothing']" in capsys.readouterr().err
