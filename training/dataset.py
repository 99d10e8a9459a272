"""The synthetic training set: positives for every label of docs/entry-ids.md plus NOT_LISTED negatives.

``build_dataset(seed)`` is deterministic for a seed (one ``random.Random``; every input read in sorted
order). Columns: ``description, label, language ('en'|'zh'|'mixed'), source``. See
``training/generate/`` for the families and ``service/data/naming.yaml`` for the knowledge and the
judgment calls it encodes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from service.naming import load_naming_data
from training.generate import negatives
from training.generate.context import add_context
from training.generate.positives import positives

COLUMNS = ["description", "label", "language", "source"]


def build_dataset(seed: int = 13, context: bool = True) -> pd.DataFrame:
    """Build the training frame for ``seed`` (about 60k rows, a few seconds).

    ``context=False`` leaves out the label-independent context clauses (training/generate/context.py): the
    descriptions as composed from the naming knowledge, which is what labelling-rule tests inspect.
    """
    rng = random.Random(seed)
    naming = load_naming_data()
    rows: list[tuple[str, str, str, str]] = []
    rows.extend(positives(naming, rng))
    rows.extend(negatives.near_element(rng))
    rows.extend(negatives.near_miss(rng))
    rows.extend(negatives.hs6(rng))
    rows.extend(negatives.cn8(rng))
    rows.extend(negatives.ordinary(rng))
    if context:
        rows = add_context(rows, rng)
    df = _frame(rows)
    order = list(range(len(df)))
    rng.shuffle(order)
    df = df.iloc[order].reset_index(drop=True)
    return _append_family(df, negatives.consumer_goods, f"{seed}:consumer", context)


def _append_family(
    df: pd.DataFrame, family: Callable[[random.Random], Iterable[tuple[str, str, str, str]]], seed: str, context: bool
) -> pd.DataFrame:
    """``df`` with ``family``'s rows appended, drawn from a random stream of their own (``seed``).

    A family added inside the main stream moves every later draw: the retrained model is then another draw
    of the whole set, not this one plus the family (trained that way, bundle 20261122-12220afb learnt the
    consumer goods but waved "Sb2O3 99.99%" through as not listed). Appended, every earlier row stays as it
    was; rows whose description is already in ``df`` are left out."""
    rng = random.Random(seed)
    rows = list(family(rng))
    if context:
        rows = add_context(rows, rng)
    extra = _frame(rows)
    return pd.concat([df, extra[~extra["description"].isin(set(df["description"]))]], ignore_index=True)


def _frame(rows: Iterable[tuple[str, str, str, str]]) -> pd.DataFrame:
    """Rows as a frame of stripped, non-empty descriptions, each once; a description seen with two different
    labels teaches nothing, so every copy of it is dropped."""
    df = pd.DataFrame(rows, columns=COLUMNS)
    df["description"] = df["description"].str.strip()
    df = df[df["description"].str.len() > 0]
    n_labels = df.groupby("description")["label"].transform("nunique")
    return df[n_labels == 1].drop_duplicates(subset=["description", "label"])


def write_dataset(path: Path | str, seed: int = 13) -> pd.DataFrame:
    """Build and write the dataset as UTF-8 CSV; returns the frame."""
    df = build_dataset(seed)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(path, index=False, encoding="utf-8")
    return df
