"""``python -m benchmarks.threads``: both threads of a batch are timed (speed is not asserted)."""

from __future__ import annotations

from benchmarks.threads import FIGURES, measure
from tests.conftest import MODELS


def test_both_threads_of_a_batch_are_timed_at_each_switch_interval() -> None:
    kinds = ["Gallium oxide Ga2O3 5N powder", "cotton T-shirt", "Tungsten carbide powder WC", "钨精矿 WO3 65%"]
    # distinct texts, more than a chunk a batch: the model's thread takes part
    batches = [[f"{kind}, lot {b}-{i}" for i in range(15) for kind in kinds] for b in range(2)]
    table = measure(batches, [0.005, 0.001], MODELS)
    assert set(table) == {0.005, 0.001}
    for figures in table.values():
        assert list(figures) == list(FIGURES)
        assert figures["model thread wall"] > 0 and figures["model thread CPU"] > 0
        assert 0 < figures["deciding thread waiting for chunks"] < figures["wall"]
        assert 0 < figures["deciding thread deciding"] < figures["wall"]
