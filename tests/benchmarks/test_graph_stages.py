"""``python -m benchmarks.graph_stages``: the served graph cut at each stage (speed is not asserted)."""

from __future__ import annotations

import itertools

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from benchmarks import graph_stages
from service.bundle import ModelBundle, load_bundle, resolve_current
from tests.conftest import MODELS
from training.optimize import SLOT_ALIGN

TEXTS = ["Gallium oxide Ga2O3 5N powder", "cotton T-shirt", "钨精矿 WO3 65%", "Tungsten carbide powder WC, 25 kg"]


Shipped = tuple[ModelBundle, onnx.ModelProto]


@pytest.fixture(scope="module")
def shipped() -> Shipped:
    bundle = load_bundle(resolve_current(MODELS))
    return bundle, onnx.load(str(bundle.path / "model.onnx"))


def _run(model: onnx.ModelProto, texts: list[str]) -> np.ndarray:
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    out: np.ndarray = session.run(None, {"text": np.array(texts, dtype=object).reshape(-1, 1)})[0]
    return out


def test_every_stage_is_found_in_the_shipped_graph_in_order(shipped: Shipped) -> None:
    _, model = shipped
    stages, missing = graph_stages.cut_points(model, "probabilities")
    assert missing == []
    assert [stage for stage, _ in stages] == [stage for stage, _ in graph_stages.STAGES]
    assert stages[-1][1] == "probabilities"
    counts = [len(graph_stages.cut(model, tensor).graph.node) for _, tensor in stages]
    assert counts == sorted(counts) and counts[-1] < len(model.graph.node)  # the label's nodes are not needed


def test_a_graph_without_the_stage_names_says_which_stages_it_lacks(
    shipped: Shipped,
) -> None:
    _, model = shipped
    renamed = onnx.ModelProto()
    renamed.CopyFrom(model)
    for node in renamed.graph.node:  # a graph whose packing is named otherwise
        for i, name in enumerate(node.output):
            if "/cols_" in name:
                node.output[i] = name.replace("/cols_", "/layout_")
    stages, missing = graph_stages.cut_points(renamed, "probabilities")
    assert missing == ["packing"] and "packing" not in dict(stages)


def test_the_last_cut_answers_as_the_served_bundle_and_the_packing_cut_gives_aligned_columns(
    shipped: Shipped,
) -> None:
    bundle, model = shipped
    texts = [bundle.model_input(t) for t in TEXTS]
    stages = dict(graph_stages.cut_points(model, "probabilities")[0])
    whole = _run(graph_stages.cut(model, stages["scores to probabilities"]), texts)
    assert np.array_equal(whole, bundle.predict_proba(texts))
    columns = _run(graph_stages.cut(model, stages["packing"]), texts)
    assert columns.dtype == np.int64 and columns.shape[0] == len(texts) and columns.shape[1] % SLOT_ALIGN == 0


def test_a_batch_is_cut_into_the_services_chunks_shortest_first() -> None:
    texts = [f"text {'x' * (i % 37)} {i}" for i in range(100)]
    chunks = graph_stages.chunked(texts)
    flat = [str(t) for chunk in chunks for t in chunk.ravel()]
    assert sorted(flat) == sorted(texts) and [len(t) for t in flat] == sorted(len(t) for t in texts)
    assert len(chunks) > 1 and all(chunk.shape[1] == 1 for chunk in chunks)


def test_a_short_run_reports_each_stage_and_its_difference() -> None:
    result = graph_stages.measure(MODELS, rounds=1, batches=1, singles=3)
    rows = result["stages"]
    assert [row["stage"] for row in rows] == [stage for stage, _ in graph_stages.STAGES]
    assert all(row["batch_ms"] > 0 and row["one_text_us"] > 0 for row in rows)
    for before, row in itertools.pairwise(rows):
        assert row["stage_batch_ms"] == pytest.approx(row["batch_ms"] - before["batch_ms"], abs=0.002)
    table = graph_stages.table(result)
    assert table.count("\n") == len(rows) + 1 and "packing" in table


def test_the_command_refuses_nonsense_counts(capsys: pytest.CaptureFixture[str]) -> None:
    assert graph_stages.main(["--rounds", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err
