"""The sparsified graph answers exactly as scikit-learn does, on English, Chinese and odd strings."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

from service.bundle import load_bundle
from service.text import normalize
from training.export import PROBABILITY_TOLERANCE, check_parity, export_onnx
from training.features import FeatureConfig, make_features
from training.model import ModelConfig, fit_pipeline, make_classifier
from training.optimize import UnsupportedGraph, sparsify
from training.train import export_checked

ODD = [
    "",
    " ",
    "a",
    "ab",
    "氧",
    "氧化镓",
    "%",
    "%%%",
    "##",
    "# #",
    "a b",
    "ab ab ab ab ab",
    "99.999%",
    "4n5",
    "(iii)",
    "ga2o3 / gaas",
    "x" * 3000,
    "镓" * 500,
    "a-b-c-d-e",
    "\ue000",
    "0",
    "1 2 3",
    "tungsten",
    "w",
    "🙂 emoji only",
    "über straße",
    "ｆｕｌｌ ｗｉｄｔｈ ９９．９９％",
    "ǅ title-case",
    "ⅻ roman",
    "a\tb\nc",
]


@pytest.fixture(scope="module")
def pipeline(frame: pd.DataFrame) -> Pipeline:
    rows = frame.sample(2000, random_state=1)
    config = ModelConfig(features=FeatureConfig(word_max_features=1500, char_max_features=3000), max_iter=200)
    return fit_pipeline([normalize(t) for t in rows["description"]], rows["label"], config)


@pytest.fixture(scope="module")
def texts(frame: pd.DataFrame) -> list[str]:
    sample = frame.drop_duplicates("description").sample(1200, random_state=2)
    assert set(sample["language"]) >= {"en", "zh"}
    return [normalize(t) for t in [*sample["description"], *ODD]]


@pytest.fixture(scope="module")
def dense(pipeline: Pipeline) -> onnx.ModelProto:
    return onnx.load_from_string(export_onnx(pipeline, [str(c) for c in pipeline.classes_], sparse=False))


def _session(model: onnx.ModelProto | bytes) -> ort.InferenceSession:
    raw = model if isinstance(model, bytes) else model.SerializeToString()
    return ort.InferenceSession(raw, providers=["CPUExecutionProvider"])


@pytest.mark.parametrize("strategy", ["occurrence", "lookup", "nonzero"])
def test_parity_with_scikit_learn(pipeline: Pipeline, texts: list[str], strategy: str) -> None:
    classes = [str(c) for c in pipeline.classes_]
    onnx_bytes = export_onnx(pipeline, classes, strategy=strategy)  # type: ignore[arg-type]
    report = check_parity(pipeline, onnx_bytes, texts)
    assert report.texts >= 1000
    assert report.top1_agreement == 1.0, report.disagreements[:5]
    assert report.max_abs_probability_diff <= PROBABILITY_TOLERANCE
    labels = _session(onnx_bytes).run(["label"], {"text": np.array(texts, dtype=object).reshape(-1, 1)})[0]
    assert list(labels) == list(pipeline.predict(texts))


def test_graph_is_sparse_and_keeps_its_contract(pipeline: Pipeline) -> None:
    model = onnx.load_from_string(export_onnx(pipeline, [str(c) for c in pipeline.classes_]))
    ops = {n.op_type for n in model.graph.node}
    assert "LinearClassifier" not in ops
    assert not ops & {"TfIdfVectorizer", "Normalizer"}  # nothing vocabulary-wide is left
    assert [i.name for i in model.graph.input] == ["text"]
    assert [o.name for o in model.graph.output] == ["label", "probabilities"]
    text_type = model.graph.input[0].type.tensor_type
    assert text_type.elem_type == onnx.TensorProto.STRING and len(text_type.shape.dim) == 2
    session = _session(model)
    proba = session.run(["probabilities"], {"text": np.array([["gallium oxide"], ["氧化镓"]], dtype=object)})[0]
    assert proba.shape == (2, len(pipeline.classes_)) and proba.dtype == np.float32
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, atol=1e-5)


def test_exported_bytes_do_not_depend_on_the_process(pipeline: Pipeline) -> None:
    """The converter's opset list came in a set's order, which string hashing changes from process to process;
    the export lists it by domain, so the same model is the same file (the card's onnx_sha256)."""
    model = onnx.load_from_string(export_onnx(pipeline, [str(c) for c in pipeline.classes_]))
    domains = [o.domain for o in model.opset_import]
    assert domains == sorted(domains) and {"", "ai.onnx.ml"} <= set(domains)


@pytest.mark.parametrize("strategy", ["occurrence", "lookup", "nonzero"])
def test_rows_do_not_influence_each_other(pipeline: Pipeline, texts: list[str], strategy: str) -> None:
    """A text's probabilities are its own, to the bit, whatever it is run with: the tokenizers pad a batch to its
    longest text (the padding must never match a feature), and the slots to the row with the most features (the
    empty ones must add exact zeros; they once changed the sums' rounding)."""
    session = _session(export_onnx(pipeline, [str(c) for c in pipeline.classes_], strategy=strategy))  # type: ignore[arg-type]
    chosen = [t for t in texts if t][:200] + [normalize(t) for t in ODD]
    for start in range(0, len(chosen), 24):
        chunk = chosen[start : start + 24]
        batch = session.run(["probabilities"], {"text": np.array(chunk, dtype=object).reshape(-1, 1)})[0]
        for i, text in enumerate(chunk):
            single = session.run(["probabilities"], {"text": np.array([[text]], dtype=object)})[0]
            np.testing.assert_array_equal(single[0], batch[i], err_msg=repr(text))


@pytest.mark.parametrize("strategy", ["occurrence", "lookup", "nonzero"])
def test_same_answers_on_several_threads(pipeline: Pipeline, texts: list[str], strategy: str) -> None:
    """No op whose multi-threaded kernel could race on repeated indices (ScatterND add did)."""
    options = ort.SessionOptions()
    options.intra_op_num_threads = 2
    raw = export_onnx(pipeline, [str(c) for c in pipeline.classes_], strategy=strategy)  # type: ignore[arg-type]
    session = ort.InferenceSession(raw, options, providers=["CPUExecutionProvider"])
    batch = {"text": np.array(texts, dtype=object).reshape(-1, 1)}
    first = session.run(["probabilities"], batch)[0]
    for _ in range(4):
        np.testing.assert_array_equal(session.run(["probabilities"], batch)[0], first)


def test_dense_and_sparse_graphs_agree(pipeline: Pipeline, dense: onnx.ModelProto, texts: list[str]) -> None:
    """On ordinary texts; a text repeating one character 3,000 times moves the dense graph's own float32
    sums by more than this (the sparse one still matches scikit-learn there: see the parity test)."""
    batch = {"text": np.array([t for t in texts if len(t) < 400], dtype=object).reshape(-1, 1)}
    want = _session(dense).run(["probabilities"], batch)[0]
    for strategy in ("occurrence", "lookup", "nonzero"):
        got = _session(sparsify(dense, strategy=strategy)).run(["probabilities"], batch)[0]  # type: ignore[arg-type]
        assert np.abs(got - want).max() <= 1e-5


def test_quantised_coefficients_halve_the_table(dense: onnx.ModelProto, texts: list[str]) -> None:
    full = sparsify(dense, coef_dtype="float32")
    batch = {"text": np.array(texts, dtype=object).reshape(-1, 1)}
    want = _session(full).run(["probabilities"], batch)[0]
    for dtype, tolerance in (("int16", PROBABILITY_TOLERANCE), ("float16", 1e-2)):
        small = sparsify(dense, coef_dtype=dtype)  # type: ignore[arg-type]
        assert small.ByteSize() < 0.7 * full.ByteSize()
        got = _session(small).run(["probabilities"], batch)[0]
        assert np.abs(got - want).max() <= tolerance, dtype  # int16 is the default: it must pass the parity bar


def test_blocks_without_l2_normalisation(frame: pd.DataFrame, texts: list[str]) -> None:
    """A vectorizer with norm=None (no Normalizer node) next to an L2 one: each block is scaled on its own."""
    rows = frame.sample(1500, random_state=3)
    train = [normalize(t) for t in rows["description"]]
    config = ModelConfig(features=FeatureConfig(word_max_features=800, char_max_features=1500), max_iter=100)
    pipeline = Pipeline([("features", make_features(train, config.features)), ("clf", make_classifier(config))])
    pipeline.set_params(features__word__norm=None, features__char__norm="l2")
    pipeline.fit(train, list(rows["label"]))
    for strategy in ("occurrence", "lookup", "nonzero"):
        onnx_bytes = export_onnx(pipeline, [str(c) for c in pipeline.classes_], strategy=strategy)  # type: ignore[arg-type]
        report = check_parity(pipeline, onnx_bytes, texts)
        assert report.passed, (strategy, report.as_dict())


def test_calibrated_svm_is_served_by_the_dense_graph_with_parity(frame: pd.DataFrame, texts: list[str]) -> None:
    """The comparison's SVM variant (hinge loss by SGD, a sigmoid per label) is a MatMul, not a LinearClassifier:
    the sparse rewrite refuses it and training falls back to the converter's dense graph, parity checked."""
    common = frame["label"].value_counts().index[:12]  # every label with enough rows for 3-fold calibration
    rows = frame[frame["label"].isin(common)].sample(1500, random_state=4)
    features = FeatureConfig(word_max_features=800, char_max_features=1500)
    config = ModelConfig(features=features, classifier="svm-sigmoid")
    pipeline = fit_pipeline([normalize(t) for t in rows["description"]], rows["label"], config)
    classes = [str(c) for c in pipeline.classes_]
    with pytest.raises(UnsupportedGraph):
        export_onnx(pipeline, classes)
    onnx_bytes, parity, layout = export_checked(pipeline, classes, texts)
    assert layout == {"strategy": "dense", "coefficients": "float32"}
    assert parity.passed, parity.as_dict()
    assert parity.texts >= 1000
    assert any(n.op_type == "Sigmoid" or n.op_type == "Exp" for n in onnx.load_from_string(onnx_bytes).graph.node)


def test_unsupported_graph_is_refused(dense: onnx.ModelProto) -> None:
    broken = onnx.ModelProto()
    broken.CopyFrom(dense)
    kept = [n for n in broken.graph.node if n.op_type != "LinearClassifier"]
    del broken.graph.node[:]
    broken.graph.node.extend(kept)
    with pytest.raises(UnsupportedGraph):
        sparsify(broken)
    with pytest.raises(ValueError):
        sparsify(dense, strategy="bogus")  # type: ignore[arg-type]


def test_bundle_batches_in_length_chunks(pipeline: Pipeline, texts: list[str], tmp_path: Path) -> None:
    """``ModelBundle.predict_proba`` runs big batches in chunks of similar length; answers are unchanged."""
    onnx_bytes = export_onnx(pipeline, [str(c) for c in pipeline.classes_])
    (tmp_path / "model.onnx").write_bytes(onnx_bytes)
    card = {
        "version": "test",
        "created": "2026-01-01T00:00:00+00:00",
        "labels": [str(c) for c in pipeline.classes_],
        "controls_version": "test",
        "onnx_sha256": hashlib.sha256(onnx_bytes).hexdigest(),
    }
    (tmp_path / "card.json").write_text(json.dumps(card))
    bundle = load_bundle(tmp_path)
    got = bundle.predict_proba(texts[:300])
    want = pipeline.predict_proba(texts[:300])
    assert got.shape == want.shape
    assert np.abs(got - want).max() <= PROBABILITY_TOLERANCE
    assert (got.argmax(1) == want.argmax(1)).all()


def test_default_graph_sorts_nothing_and_has_fewer_nodes(dense: onnx.ModelProto) -> None:
    """The default ("occurrence") graph packs each row's feature columns without TopK and with fewer nodes
    than the sorted "lookup" graph; a row without features (empty or unknown text) scores the intercepts."""
    occurrence, lookup = sparsify(dense), sparsify(dense, strategy="lookup")
    ops = [n.op_type for n in occurrence.graph.node]
    assert "TopK" not in ops and "TopK" in {n.op_type for n in lookup.graph.node}
    assert len(ops) < len(lookup.graph.node)
    batch = {"text": np.array([[""], ["\ue000"], ["zzzzqqqq"], ["gallium oxide"]], dtype=object)}
    got = _session(occurrence).run(["probabilities"], batch)[0]
    want = _session(lookup).run(["probabilities"], batch)[0]
    np.testing.assert_allclose(got, want, atol=1e-6)
    np.testing.assert_allclose(got[0], got[1], atol=1e-7)  # both: no feature at all
