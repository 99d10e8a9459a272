"""8-bit coefficients: the quantised classifier is the model, and its int8 graph answers exactly as it does."""

from __future__ import annotations

import copy

import numpy as np
import onnx
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline

from service.text import normalize
from training.export import PROBABILITY_TOLERANCE, check_parity, export_onnx
from training.features import FeatureConfig
from training.model import ModelConfig, fit_pipeline
from training.quantize import NotQuantizable, quantize_classifier, quantize_pipeline
from training.train import export_checked

# Small, quickly fitted models: whether lbfgs converged does not matter to what is tested here.
pytestmark = pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
CONFIG = ModelConfig(features=FeatureConfig(word_max_features=1000, char_max_features=2000), max_iter=100)


@pytest.fixture(scope="module")
def fitted(frame: pd.DataFrame) -> Pipeline:
    rows = frame.sample(1500, random_state=5)
    return fit_pipeline([normalize(t) for t in rows["description"]], rows["label"], CONFIG)


@pytest.fixture(scope="module")
def texts(frame: pd.DataFrame) -> list[str]:
    sample = frame.drop_duplicates("description").sample(1200, random_state=6)
    return [normalize(t) for t in sample["description"]]


def test_a_shift_per_feature_changes_no_probability(fitted: Pipeline, texts: list[str]) -> None:
    """The premise of centring: the same number added to every label's weight of a feature is invisible."""
    shifted = copy.deepcopy(fitted)
    clf = shifted.steps[-1][1]
    rng = np.random.default_rng(0)
    clf.coef_ = clf.coef_ + rng.normal(size=(1, clf.coef_.shape[1]))  # one shift per feature, all labels
    np.testing.assert_allclose(shifted.predict_proba(texts), fitted.predict_proba(texts), atol=1e-9)


def test_every_feature_is_a_scale_times_small_integers(fitted: Pipeline) -> None:
    clf = copy.deepcopy(fitted.steps[-1][1])
    before = clf.coef_.copy()
    quantize_classifier(clf, 8)
    coef = clf.coef_
    assert coef.shape == before.shape
    for f in range(0, coef.shape[1], 97):
        column = coef[:, f]
        peak = np.abs(column).max()
        if peak == 0:
            continue
        levels = column / (peak / 127)
        np.testing.assert_allclose(levels, np.round(levels), atol=1e-6)
        # centred: the largest and smallest weight sit at +127 and -127 (up to the shift)
        assert np.isclose(levels.max(), 127) and np.isclose(levels.min(), -127)
        # each weight moved by its feature's midpoint and by at most half a step of rounding
        low, high = before[:, f].min(), before[:, f].max()
        np.testing.assert_allclose(column, before[:, f] - (high + low) / 2, atol=(high - low) / 254 / 2 + 1e-12)


def test_report_says_what_quantising_changed(fitted: Pipeline, texts: list[str]) -> None:
    pipeline = copy.deepcopy(fitted)
    before = fitted.predict_proba(texts)
    report, after = quantize_pipeline(pipeline, 8, texts)
    assert report.bits == 8 and report.texts == len(texts)
    assert report.max_abs_probability_diff == pytest.approx(float(np.abs(before - after).max()))
    assert 0 < report.max_abs_probability_diff < 0.1  # something moved, not much
    assert report.top1_agreement == pytest.approx(float((before.argmax(1) == after.argmax(1)).mean()))
    assert len(report.changed) == int((before.argmax(1) != after.argmax(1)).sum())
    np.testing.assert_array_equal(after, pipeline.predict_proba(texts))  # the quantised model's own answers


def test_the_int8_graph_answers_as_the_quantised_model(fitted: Pipeline, texts: list[str]) -> None:
    pipeline = copy.deepcopy(fitted)
    quantize_classifier(pipeline.steps[-1][1], 8)
    classes = [str(c) for c in pipeline.classes_]
    onnx_bytes, parity, layout = export_checked(pipeline, classes, texts, coef_dtypes=("int8", "int16", "float32"))
    assert layout == {"strategy": "occurrence", "coefficients": "int8"}
    assert parity.passed and parity.top1_agreement == 1.0
    assert parity.max_abs_probability_diff <= PROBABILITY_TOLERANCE
    model = onnx.load_from_string(onnx_bytes)
    tables = [i for i in model.graph.initializer if i.name.startswith("sparse/coef_T")]
    assert len(tables) == 1 and tables[0].data_type == onnx.TensorProto.INT8
    int16 = export_onnx(pipeline, classes, coef_dtype="int16")
    assert len(onnx_bytes) < 0.75 * len(int16)


def test_the_unquantised_model_is_not_served_in_int8(fitted: Pipeline, texts: list[str]) -> None:
    """Rounding at export instead of in the model would move its answers past the parity bar: int8 is tried
    first and refused, and the 16-bit layout is served."""
    classes = [str(c) for c in fitted.classes_]
    assert not check_parity(fitted, export_onnx(fitted, classes, coef_dtype="int8"), texts).passed
    _, parity, layout = export_checked(fitted, classes, texts, coef_dtypes=("int8", "int16", "float32"))
    assert layout["coefficients"] == "int16" and parity.passed


def test_models_it_cannot_quantise_are_refused(frame: pd.DataFrame) -> None:
    rows = frame[frame["label"].isin(["NOT_LISTED", "2825909001"])].sample(300, random_state=7)
    binary = fit_pipeline([normalize(t) for t in rows["description"]], rows["label"], CONFIG)
    with pytest.raises(NotQuantizable, match="binary"):
        quantize_classifier(binary.steps[-1][1], 8)
    with pytest.raises(NotQuantizable, match="4-bit"):
        quantize_classifier(LogisticRegression(), 4)
    with pytest.raises(NotQuantizable, match="not a LogisticRegression"):
        quantize_classifier(object(), 8)
