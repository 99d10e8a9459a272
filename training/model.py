"""The estimator: TF-IDF features -> a calibrated linear classifier, in scikit-learn's plain style."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.pipeline import Pipeline

from training.features import FeatureConfig, make_features, mask_features

ClassifierKind = Literal["logreg", "svm-sigmoid"]
# The SVM's penalty (SGD's alpha is 1 / (C * n_samples)) and its fixed number of passes over the data.
SVM_ALPHA = 1e-5
SVM_EPOCHS = 30


@dataclass(frozen=True)
class ModelConfig:
    features: FeatureConfig = field(default_factory=FeatureConfig)
    classifier: ClassifierKind = "logreg"
    C: float = 1.0
    max_iter: int = 300
    seed: int = 13
    # Coefficients rounded to this many bits after fitting (training.quantize); None keeps them as fitted.
    coef_bits: int | None = 8

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> ModelConfig:
        raw = dict(raw)
        raw.setdefault("coef_bits", None)  # cards written before quantisation describe unquantised models
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in raw.pop("features").items()}
        features = FeatureConfig(**fields)
        return cls(features=features, **raw)


def make_classifier(config: ModelConfig) -> Any:
    if config.classifier == "logreg":
        # Multinomial log-loss gives usable probabilities directly; lbfgs is deterministic.
        return LogisticRegression(C=config.C, max_iter=config.max_iter, tol=1e-4)
    # A linear SVM: hinge loss, L2 penalty, one-vs-rest, fitted by stochastic gradient descent for a fixed number
    # of epochs. The same calibration over liblinear's LinearSVC (squared hinge) did not finish in 34 minutes
    # (docs/model-comparison.md); this one fits in about 6. Sigmoid calibration converts exactly to ONNX;
    # isotonic does not (stack-findings).
    svm = SGDClassifier(
        loss="hinge", alpha=SVM_ALPHA, max_iter=SVM_EPOCHS, tol=None, random_state=config.seed, n_jobs=-1
    )
    return CalibratedClassifierCV(svm, method="sigmoid", cv=3, ensemble=False)


def fit_pipeline(normalized_texts: Sequence[str], labels: Sequence[str], config: ModelConfig) -> Pipeline:
    """Fit features and classifier on texts already passed through the model input function
    (``service.text.MODEL_INPUTS``; ``training.train.to_model_input`` for new bundles)."""
    texts = list(normalized_texts)
    features = make_features(texts, config.features).fit(texts)
    mask_features(features, config.features)  # before the classifier sees any feature
    classifier = make_classifier(config).fit(features.transform(texts), list(labels))
    return Pipeline([("features", features), ("clf", classifier)])
