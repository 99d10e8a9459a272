import numpy as np
import pytest

from service.ranking import top_labels


def _stable(proba: np.ndarray, depth: int) -> list[list[int]]:
    return np.argsort(-np.atleast_2d(proba), axis=1, kind="stable")[:, :depth].tolist()


@pytest.mark.parametrize("depth", [1, 3, 5, 20])
def test_the_order_is_the_stable_sorts_on_softmax_rows(depth: int) -> None:
    rng = np.random.default_rng(7)
    logits = rng.normal(scale=8.0, size=(40, 137)).astype(np.float32)
    proba = np.exp(logits - logits.max(axis=1, keepdims=True))
    proba /= proba.sum(axis=1, keepdims=True)
    assert top_labels(proba, depth) == _stable(proba, depth)


def test_equal_probabilities_keep_label_order_even_at_the_cut() -> None:
    proba = np.zeros((3, 137), dtype=np.float32)
    proba[0, 5] = 1.0  # all others 0: the cut falls inside a run of 136 equal values
    proba[1, [90, 7, 40]] = 0.3  # three equal, out of label order
    proba[1, 100] = 0.1
    proba[2, :] = 1 / 137  # every label equal
    got = top_labels(proba, 4)
    assert got == [[5, 0, 1, 2], [7, 40, 90, 100], [0, 1, 2, 3]]
    assert got == _stable(proba, 4)


def test_negative_zero_ranks_as_zero() -> None:
    proba = np.array([[0.5, -0.0, 0.0, 0.5]] * 3, dtype=np.float32)  # three rows: the keyed path
    assert top_labels(proba, 4) == [[0, 3, 1, 2]] * 3


def test_values_that_are_not_probabilities_fall_back_to_the_plain_sort() -> None:
    rows = np.array([[0.2, -1.0, 3.0], [np.nan, 0.1, 0.2]], dtype=np.float32)
    assert top_labels(rows, 3) == _stable(rows, 3)


@pytest.mark.parametrize("rows", [1, 3])
def test_one_row_or_several_depth_beyond_the_labels_and_no_depth(rows: int) -> None:
    proba = np.array([[0.1, 0.6, 0.3]] * rows, dtype=np.float32)
    assert top_labels(proba, 10) == [[1, 2, 0]] * rows
    assert top_labels(proba, 0) == [[]] * rows
    assert top_labels(proba[0], 2) == [[1, 2]]  # a 1-d row is one row
