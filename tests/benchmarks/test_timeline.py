"""``python -m benchmarks.timeline``: a shared batch's steps, in both processes, in the order they happen (speed is
not asserted)."""

from __future__ import annotations

from benchmarks import timeline
from service.api import helper as worker_side
from service.api import helper_process as helper_side
from service.api import routes
from tests.conftest import MODELS

ORDER = [
    "validated",
    "thread started",
    "helper received",
    "helper model done",
    "helper replied",
    "finished",
    "thread done",
    "answered",
]


def test_each_step_of_a_shared_batch_is_timed_in_order_and_every_text_is_decided_once() -> None:
    kinds = ["Gallium oxide Ga2O3 5N powder", "cotton T-shirt", "Tungsten carbide powder WC", "钨精矿 WO3 65%"]
    batches = [[f"{kind}, lot {b}-{i}" for i in range(15) for kind in kinds] for b in range(4)]
    originals = (routes._rendered_results, worker_side.classify_part, helper_side.answer)
    steps = timeline.measure(batches, MODELS, warm_up=1)
    # A helper late to wake holds no claim, and its batch is left out (timeline.steps): not all three, but some.
    assert len(steps) == 3 and any(steps)
    for batch in filter(None, steps):
        times = [batch[name] for name in ORDER]
        assert times == sorted(times) and times[0] > 0
        assert batch["worker first claim done"] <= batch["worker claims done"] <= batch["finishing"]
        assert batch["worker texts"] + batch["helper texts"] == 60
        assert 0 <= batch["worker texts with the helper's probabilities"] <= batch["worker texts"]
        assert batch["helper model µs a text it ran"] > 0
    summary = timeline.summarize(steps)
    assert summary["answered"]["p10"] <= summary["answered"]["median"] <= summary["answered"]["p90"]
    # The wrapping ends with the measurement.
    assert (routes._rendered_results, worker_side.classify_part, helper_side.answer) == originals
