"""Retraining as an ML engineer does it: their labelled file in, a gated, versioned bundle out, hot-swapped.

Small models (a few thousand rows, small vocabularies) keep this fast; the code path is the real one.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import httpx
import pandas as pd
import pytest

from tests.conftest import MODELS, Hammer, start_server, stop_server
from training.dataset import build_dataset
from training.features import FeatureConfig
from training.model import ModelConfig
from training.pipeline import run_train
from training.promote import GateRefused, promote_bundle
from training.userdata import DataError

DEV = Path(__file__).resolve().parents[2] / "training" / "data" / "eval" / "real_descriptions_dev.csv"
SMALL = ModelConfig(features=FeatureConfig(word_max_features=1500, char_max_features=2500), max_iter=60)


@pytest.fixture(scope="module")
def their_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    frame = build_dataset(7)
    keep = frame[frame["label"].isin(["2825909001", "3818009004", "8112921090", "2841801000", "NOT_LISTED"])]
    sample = keep.groupby("label").head(250)
    path = tmp_path_factory.mktemp("data") / "their.csv"
    sample[["description", "label"]].to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, their_csv: Path) -> tuple[Path, Path]:
    models = tmp_path_factory.mktemp("models")
    bundle = run_train([their_csv], False, [DEV], 13, models, SMALL)
    return models, bundle


def test_bad_rows_are_reported_before_fitting(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("description,label\nGa2O3 5N,2825909001\n,NOT_LISTED\nGeO2,28256000\n", encoding="utf-8")
    models = tmp_path / "models"
    with pytest.raises(DataError) as info:
        run_train([bad], False, [], 13, models, SMALL)
    text = str(info.value)
    assert "bad.csv: row 3: description '': is empty" in text
    assert "bad.csv: row 4: label '28256000'" in text
    assert not any(models.glob("2*")), "no bundle may be written when the data is bad"


def test_bundle_has_a_complete_card(trained: tuple[Path, Path], their_csv: Path) -> None:
    _, bundle = trained
    card = json.loads((bundle / "card.json").read_text())
    assert (bundle / "model.onnx").is_file()
    assert bundle.name == card["version"] and card["version"][:8].isdigit()
    assert card["parity"]["passed"] is True and card["parity"]["texts"] >= 1000
    assert card["data"]["sources"][0]["name"] == f"user:{their_csv.name}"
    assert card["data"]["sources"][0]["rows"] == len(pd.read_csv(their_csv).drop_duplicates())
    assert card["seed"] == 13 and card["hyperparameters"]["features"]["char_max_features"] == 2500
    assert set(card["labels"]) == {"2825909001", "3818009004", "8112921090", "2841801000", "NOT_LISTED"}
    assert "scikit-learn" in card["libraries"] and card["controls_version"]
    assert card["graph"] == {"strategy": "occurrence", "coefficients": "int8"}  # the served graph's layout
    assert card["quantization"]["bits"] == 8 and card["quantization"]["top1_agreement"] > 0.9
    assert card["normalization"].startswith("v2:")  # the text function the graph reads (service.text)
    assert DEV.name in card["metrics"]["eval"] and "top1" in card["metrics"]["heldout"]
    assert [r["threshold"] for r in card["metrics"]["heldout"]["review_threshold_sweep"]][:2] == [0.5, 0.35]


def test_same_data_and_seed_give_the_same_model(trained: tuple[Path, Path], their_csv: Path, tmp_path: Path) -> None:
    _, first = trained
    again = run_train([their_csv], False, [DEV], 13, tmp_path, SMALL)
    a = json.loads((first / "card.json").read_text())
    b = json.loads((again / "card.json").read_text())
    assert a["version"] == b["version"]
    assert a["metrics"] == b["metrics"]
    assert a["onnx_sha256"] == b["onnx_sha256"]


def test_gate_refuses_a_worse_model_and_promotes_a_better_one(trained: tuple[Path, Path], tmp_path: Path) -> None:
    _small_models, small = trained
    models = tmp_path / "models"
    models.mkdir()
    shipped = (MODELS / "current").read_text().strip()
    shutil.copytree(MODELS / shipped, models / shipped)
    shutil.copytree(small, models / small.name)
    (models / "current").write_text(shipped + "\n")
    with pytest.raises(GateRefused, match=r"controlled_recall|code_top1") as info:
        promote_bundle(models, small.name, [DEV], margin=0.02)
    assert "candidate" in str(info.value) and "current" in str(info.value)
    assert (models / "current").read_text().strip() == shipped
    # The other way round: the shipped model is better than the small one, so it is promoted over it.
    (models / "current").write_text(small.name + "\n")
    message = promote_bundle(models, shipped, [DEV], margin=0.02)
    assert f"promoted {shipped}" in message
    assert (models / "current").read_text().strip() == shipped


def test_gate_refuses_a_bundle_with_a_bad_hash(trained: tuple[Path, Path], tmp_path: Path) -> None:
    _, small = trained
    models = tmp_path / "models"
    shutil.copytree(small, models / small.name)
    with (models / small.name / "model.onnx").open("ab") as fh:
        fh.write(b"tampered")
    with pytest.raises(GateRefused, match="sha256"):
        promote_bundle(models, small.name, [DEV], margin=0.02)


def test_hot_reload_under_load_with_zero_failures(trained: tuple[Path, Path], tmp_path: Path) -> None:
    _, small = trained
    models = tmp_path / "models"
    models.mkdir()
    shipped = (MODELS / "current").read_text().strip()
    shutil.copytree(small, models / small.name)
    shutil.copytree(MODELS / shipped, models / shipped)
    # Nothing serves yet in this folder: the user's bundle only has to load and pass parity to be promoted.
    assert f"promoted {small.name}" in promote_bundle(models, small.name, [DEV], margin=0.02)
    assert (models / "current").read_text().strip() == small.name
    server = start_server(tmp_path, {"HSCC_MODEL_DIR": str(models), "HSCC_ADMIN_TOKEN": "s3cret"})
    load = Hammer(server.url, "gallium oxide 5N lot {i}", threads=4)
    try:
        with load:
            time.sleep(0.5)
            wrong = httpx.post(server.url + "/admin/reload", headers={"Authorization": "Bearer wrong"})
            assert wrong.status_code == 401
            (models / "current").write_text(shipped + "\n")
            reload = httpx.post(server.url + "/admin/reload", headers={"Authorization": "Bearer s3cret"}, timeout=30)
            assert reload.status_code == 200, reload.text
            assert reload.json()["model_version"] == shipped
            time.sleep(0.5)
            # A broken bundle is refused and the running model keeps serving.
            broken = models / "broken"
            shutil.copytree(MODELS / shipped, broken)
            (broken / "model.onnx").write_bytes((broken / "model.onnx").read_bytes()[:1000])
            (models / "current").write_text("broken\n")
            refused = httpx.post(server.url + "/admin/reload", headers={"Authorization": "Bearer s3cret"}, timeout=30)
            assert refused.status_code == 409 and "model.onnx" in refused.json()["message"]
            time.sleep(0.3)
    finally:
        stop_server(server)
    assert not load.failures, load.failures[:3]
    assert load.versions[0] == small.name and load.versions[-1] == shipped
    assert set(load.versions) == {small.name, shipped}


def test_bundle_version_names_the_data_configuration_and_graph() -> None:
    """The shipped bundle's version is reproduced from its card; a dense-graph fallback is another version."""
    import datetime
    import json

    from tests.conftest import MODELS
    from training.model import ModelConfig
    from training.train import bundle_version

    version = (MODELS / "current").read_text(encoding="utf-8").strip()
    card = json.loads((MODELS / version / "card.json").read_text(encoding="utf-8"))
    args = (card["data"]["sha256"], ModelConfig.from_dict(card["hyperparameters"]))
    when = datetime.datetime.fromisoformat(card["created"])
    assert bundle_version(*args, when, card["graph"]["strategy"]) == card["version"]
    assert bundle_version(*args, when, "dense") != card["version"]
