"""Faults in the model bundle: start-up refuses to serve, and a reload (HTTP or SIGHUP) keeps the old model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from tests.conftest import REPO, Hammer, free_port, start_server, stop_server
from tests.ops.conftest import copy_bundle, log_lines, wait_until


def truncate(bundle: Path) -> None:
    model = bundle / "model.onnx"
    model.write_bytes(model.read_bytes()[:100_000])


def flip_a_byte(bundle: Path) -> None:
    model = bundle / "model.onnx"
    data = bytearray(model.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, different content
    model.write_bytes(bytes(data))


def wrong_hash_in_card(bundle: Path) -> None:
    card = bundle / "card.json"
    data = json.loads(card.read_text(encoding="utf-8"))
    data["onnx_sha256"] = "0" * 64
    card.write_text(json.dumps(data), encoding="utf-8")


def current_bundle(models: Path) -> Path:
    return models / (models / "current").read_text().strip()


def drop_pointer(models: Path) -> None:
    (models / "current").unlink()


def point_nowhere(models: Path) -> None:
    (models / "current").write_text("no-such-bundle\n")


# case -> (damage done to a private copy of models/, fragments the start-up output must contain)
START_UP_FAULTS: dict[str, tuple[Callable[[Path], None], list[str]]] = {
    "truncated": (
        lambda m: truncate(current_bundle(m)),
        ["{bundle}/model.onnx", "sha256", "does not match", "truncated"],
    ),
    "corrupted": (lambda m: flip_a_byte(current_bundle(m)), ["{bundle}/model.onnx", "sha256", "does not match"]),
    "card-hash": (
        lambda m: wrong_hash_in_card(current_bundle(m)),
        ["{bundle}/model.onnx", "sha256", "does not match the card's 000000000000"],
    ),
    "no-pointer": (drop_pointer, ["{models}/current", "cannot read the current-model pointer"]),
    "pointer-to-nothing": (point_nowhere, ["{models}/no-such-bundle/card.json", "cannot read model card"]),
}


@pytest.fixture(scope="module")
def failed_starts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, int, str]]:
    """Run `python -m service serve` on each damaged copy; return case -> (models, bundle, exit code, output).

    One after the other: start-up is CPU-bound imports, and on two cores running them side by side was slower.
    """
    started: dict[str, tuple[Path, Path, subprocess.Popen[bytes], Path]] = {}
    try:
        for case, (damage, _) in START_UP_FAULTS.items():
            root = tmp_path_factory.mktemp(case)
            models = root / "models"
            models.mkdir()
            bundle = copy_bundle(models)
            (models / "current").write_text(bundle.name + "\n")
            damage(models)
            log_path = root / "serve.log"
            with log_path.open("wb") as log:
                proc = subprocess.Popen(
                    [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(free_port())],
                    env={**os.environ, "HSCC_MODEL_DIR": str(models)},
                    cwd=REPO,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            started[case] = (models, bundle, proc, log_path)
            proc.wait(timeout=60)
        return {
            case: (models, bundle, proc.returncode, log_path.read_text(encoding="utf-8", errors="replace"))
            for case, (models, bundle, proc, log_path) in started.items()
        }
    finally:
        for _, _, proc, _ in started.values():
            if proc.poll() is None:
                proc.kill()
                proc.wait()


@pytest.mark.parametrize("case", list(START_UP_FAULTS))
def test_bad_bundle_or_pointer_fails_start_up_naming_the_file(
    failed_starts: dict[str, tuple[Path, Path, int, str]], case: str
) -> None:
    models, bundle, code, output = failed_starts[case]
    assert code != 0, output
    assert "Application startup failed" in output, output
    for fragment in START_UP_FAULTS[case][1]:
        fragment = fragment.format(models=models, bundle=bundle)
        assert fragment in output, (fragment, output[-3000:])
    # Besides uvicorn's traceback, one structured line carries the reason, naming the file.
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    failed = [line for line in lines if line.get("msg") == "model load failed"]
    assert len(failed) == 1, output
    assert START_UP_FAULTS[case][1][0].format(models=models, bundle=bundle) in failed[0]["reason"]


def test_sighup_reloads_a_good_bundle_and_refuses_a_broken_one(models_copy: tuple[Path, str], tmp_path: Path) -> None:
    models, old = models_copy
    new = f"{old}-hup"
    copy_bundle(models, name="good-next", version=new)
    broken = copy_bundle(models, name="broken", version="never-served")
    truncate(broken)

    server = start_server(tmp_path, {"HSCC_MODEL_DIR": str(models)})
    load = Hammer(server.url, "germanium dioxide lot {i}")
    try:
        with load:
            wait_until(lambda: load.latest_version() == old, 10, "first answers")

            (models / "current").write_text("good-next\n")
            server.process.send_signal(signal.SIGHUP)
            wait_until(lambda: load.latest_version() == new, 20, f"answers from {new}")
            assert httpx.get(server.url + "/readyz").json()["model_version"] == new
            assert f'hscc_model_info{{version="{new}"}} 1.0' in httpx.get(server.url + "/metrics").text

            (models / "current").write_text("broken\n")
            server.process.send_signal(signal.SIGHUP)
            refused = "the refusal"
            wait_until(lambda: any(line.get("msg") == "reload refused" for line in log_lines(server)), 20, refused)
            refusal = next(line for line in log_lines(server) if line.get("msg") == "reload refused")
            assert str(broken / "model.onnx") in refusal["reason"] and "sha256" in refusal["reason"]
            served = len(load.versions)
            wait_until(lambda: len(load.versions) >= served + 20, 10, "answers after the refusal")
            assert server.process.poll() is None
            assert httpx.get(server.url + "/readyz").json()["model_version"] == new
    finally:
        stop_server(server)
    failures, versions = load.failures, load.versions
    assert not failures, failures[:3]
    assert "never-served" not in versions
    assert versions[0] == old and versions[-1] == new
    # Once the new model answered, no request went back to the old one: the swap is one reference.
    first_new = versions.index(new)
    assert set(versions[first_new:]) == {new}
