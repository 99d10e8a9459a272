"""``python -m benchmarks.inputs``: the served graph timed on each model input version (speed is not asserted)."""

from __future__ import annotations

from benchmarks.inputs import measure
from service.text import MODEL_INPUTS
from tests.conftest import MODELS


def test_every_input_version_is_timed_on_the_same_texts() -> None:
    texts = ["Gallium oxide Ga2O3 5N powder, for wafers", "cotton T-shirt, size M", "钨精矿 WO3 65%"] * 20
    result = measure(texts, rounds=2, model_dir=MODELS)
    assert result["texts"] == 60
    assert result["served"] in MODEL_INPUTS  # the shipped card names its version
    for version in MODEL_INPUTS:
        assert result[version]["us_per_text"] > 0
    # v2 repeats each description's head after it: longer inputs for the graph
    assert result["v2"]["chars_per_text"] > result["v1"]["chars_per_text"]
