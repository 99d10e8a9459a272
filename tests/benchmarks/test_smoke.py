"""``python -m benchmarks.run --smoke`` runs every part and writes results with the expected keys.

Speed is not asserted: this only proves the benchmark works end to end (it runs in seconds).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_smoke_run_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "bench"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--smoke", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=280,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert results["mode"] == "smoke"
    assert {"machine", "model", "texts", "model_only", "http", "startup", "peers", "targets"} <= set(results)
    assert {"cpu", "cores", "python", "python_build", "libraries"} <= set(results["machine"])
    assert {"version", "n_features", "model_bytes"} <= set(results["model"])
    onnx = results["model_only"]["onnx"]
    assert {"median_us", "p99_us"} <= set(onnx["single"])
    assert set(onnx["batches"]) == {"1", "32", "256", "1024"}
    assert {"items_per_s_median", "items_per_s_p99", "median_us", "p99_us"} <= set(onnx["batches"]["256"])
    assert "batches" in results["model_only"]["sklearn"]
    assert "steal_pct" in onnx and "steal_pct" in results["model_only"]["sklearn"] and "steal_pct" in results["startup"]
    scenarios = {(s["scenario"], s["concurrency"]) for s in results["http"]["scenarios"]}
    assert {("single", 1), ("single", 32), ("batch100", 1), ("batch100_compact", 1), ("single_cached", 1)} <= scenarios
    # every request of every scenario was answered: the compact bodies are valid requests too
    assert not any(any(s["errors"].values()) for s in results["http"]["scenarios"])
    for s in results["http"]["scenarios"]:
        assert {"req_per_s_median", "latency_p50_us", "latency_p99_us", "errors", "steal_pct_median"} <= set(s)
        # the server's own CPU a request, read from its processes' scheduler counters (this is Linux)
        assert s["server_cpu_ms"] is not None and s["server_cpu_ms"] > 0, s
    # a 100-item request costs the server more CPU than one item does
    cpu = {(s["scenario"], s["workers"], s["concurrency"]): s["server_cpu_ms"] for s in results["http"]["scenarios"]}
    assert cpu[("batch100", 1, 1)] > cpu[("single", 1, 1)]
    # the compact answer is the smaller one, by what the load generator read
    size = {(s["scenario"], s["workers"]): s["bytes_per_request"] for s in results["http"]["scenarios"]}
    assert 0 < size[("batch100_compact", 1)] < size[("batch100", 1)]
    workers = {str(s["workers"]) for s in results["http"]["scenarios"]}
    assert set(results["http"]["model_threads"]) == workers and all(
        n >= 1 for n in results["http"]["model_threads"].values()
    )
    assert results["startup"]["ready_s"]["median"] > 0
    # --smoke makes no run again for its steal, and says so
    assert results["reruns"]["max_steal_pct"] is None and results["startup"]["runs_made"] == "1"
    assert all(s["runs_made"] == "1" and s["set_aside"] == [] for s in results["http"]["scenarios"])
    assert results["startup"]["rss_after_load"]
    assert {"classifier", "keyword", "minilm"} <= set(results["peers"])
    assert "figures" in results["peers"]["keyword"]["dev_eval"]
    assert all({"target", "value", "wanted", "met"} <= set(t) for t in results["targets"])
    markdown = (out / "results.md").read_text(encoding="utf-8")
    assert "## Model only" in markdown and "## HTTP" in markdown and "## Targets" in markdown
    assert "Model threads per worker" in markdown and "steal %" in markdown and "server CPU ms a request" in markdown


def test_paired_runs_every_variant_on_every_batch(tmp_path: Path) -> None:
    """``benchmarks.paired`` imports each tree's ``service`` on its own and times the same batches with each."""
    from benchmarks import paired

    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "service").symlink_to(REPO / "service", target_is_directory=True)
    models = REPO / "models"
    result = paired.run({"here": (REPO, models), "copy": (copy, models)}, items=30, batches=2, passes=1)
    assert {"here", "copy"} <= set(result)
    for name in ("here", "copy"):
        assert 0 < result[name]["p50_ms"] <= result[name]["p90_ms"]
    assert "service" not in sys.modules or Path(sys.modules["service"].__path__[0]).resolve() == REPO / "service"


@pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="needs two cores")
def test_paired_can_crowd_the_batch_helpers_core() -> None:
    """``--crowded-core`` runs the applications with their helpers on a core shared with a busy loop, then ends the
    loop and gives this process its cores back."""
    from benchmarks import paired

    cores = os.sched_getaffinity(0)
    result = paired.run({"here": (REPO, REPO / "models")}, items=20, batches=2, passes=1, asgi=True, crowded_core=True)
    assert result["crowded_core"] is True and result["here"]["p50_ms"] > 0
    assert os.sched_getaffinity(0) == cores
    with pytest.raises(ValueError, match="needs asgi"):
        paired.run({"here": (REPO, REPO / "models")}, items=20, batches=2, passes=1, crowded_core=True)


def test_paired_batches_can_repeat_descriptions(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--distinct N``: each batch is N distinct descriptions repeated in turn (a manifest's repeated lines)."""
    from benchmarks import paired

    seen: list[list[str]] = []
    monkeypatch.setattr(paired, "_alternate", lambda calls, work, passes: seen.extend(work) or {"here": [0.001]})
    result = paired.run({"here": (REPO, REPO / "models")}, items=12, batches=2, passes=1, distinct=5)
    assert result["distinct"] == 5 and len(seen) == 2
    for batch in seen:
        assert len(batch) == 12 and len(set(batch)) == 5 and batch[:5] == batch[5:10]
    assert set(seen[0]).isdisjoint(seen[1])


def test_anatomy_times_every_layer_of_a_request_on_batches_of_its_own() -> None:
    """``benchmarks.anatomy``: the model, the decisions, both in turn, the served pipeline, the app through ASGI
    and a real server, each on texts no other layer saw (the decisions remember recent texts' readings)."""
    from benchmarks import anatomy

    work = anatomy.layer_batches(3, 20, anatomy.LAYERS)
    seen = [text for batches in work for batch in batches.values() for text in batch]
    assert len(work) == 3 and all(set(batches) == set(anatomy.LAYERS) for batches in work)
    assert len(seen) == len(set(seen)) == 3 * 20 * len(anatomy.LAYERS)

    result = anatomy.run(REPO / "models", batches=2, items=30, warm_up=1)
    assert set(anatomy.LAYERS) <= set(result)
    for layer in anatomy.LAYERS:
        assert result[layer]["p50_ms"] > 0 and result[layer]["mean_ms"] > 0
    assert "| pipeline |" in anatomy.table(result)
    some = anatomy.run(REPO / "models", batches=1, items=10, layers=("pipeline", "asgi"), warm_up=0)
    assert {"pipeline", "asgi"} <= set(some) and not {"model", "http"} & set(some)
    with pytest.raises(ValueError, match="unknown layers"):
        anatomy.run(REPO / "models", batches=1, items=10, layers=("pipeline", "socket"))


def test_cli_times_a_file_with_and_without_the_batch_helper() -> None:
    from benchmarks import cli

    result = cli.run(rows=40, rounds=2, model_dir=REPO / "models")
    for name in ("helper", "alone"):
        figures = result[name]
        assert isinstance(figures, dict) and len(figures["runs_s"]) == 2 and figures["median_s"] > 0
    assert "steal_pct" in result and result["distinct"] == 40
    assert cli.run(rows=40, rounds=1, model_dir=REPO / "models", distinct=7)["distinct"] == 7


def test_params_diff_lists_the_texts_two_trees_read_differently(tmp_path: Path) -> None:
    from benchmarks.params_diff import compare

    other = tmp_path / "other" / "service" / "params"
    other.mkdir(parents=True)
    (other.parent / "__init__.py").write_text("")
    (other / "__init__.py").write_text("def extract_params(text):\n    return 'purity 99' if '99' in text else None\n")
    texts = ["Ga 99.99%", "frozen shrimp"]
    assert compare(REPO, REPO, texts) == []
    changed = compare(REPO, tmp_path / "other", texts)
    assert [text for text, _, after in changed] == texts and changed[0][2] == "'purity 99'"
    assert "service" not in sys.modules or Path(sys.modules["service"].__path__[0]).resolve() == REPO / "service"


def test_invariance_finds_no_text_whose_answer_depends_on_its_chunk() -> None:
    from benchmarks import invariance

    result = invariance.run(REPO / "models", texts=96, chunk=24)
    assert result["texts"] == 96 and result["differ"] == 0 and result["max_abs_diff"] == 0.0
    with pytest.raises(ValueError, match="one model run"):
        invariance.run(REPO / "models", texts=10, chunk=100)
