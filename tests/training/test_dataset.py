"""The synthetic training set: deterministic, complete, valid, and encoding the naming knowledge."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pandas as pd
import pytest

from service.naming import load_naming_data
from service.text import normalize
from training.dataset import COLUMNS, _append_family, build_dataset, write_dataset
from training.generate.contract import NOT_LISTED, all_labels, contract_labels

MIN_PER_LABEL = 40
EVAL_FILES = sorted((Path(__file__).resolve().parents[2] / "training" / "data" / "eval").glob("*.csv"))


@pytest.fixture(scope="module")
def df(frame: pd.DataFrame) -> pd.DataFrame:
    return frame


@pytest.fixture(scope="module")
def core() -> pd.DataFrame:
    """The descriptions without the label-independent context clauses: what labelling rules are about."""
    return build_dataset(13, context=False)


def test_deterministic(df: pd.DataFrame) -> None:
    again = build_dataset(13)
    pd.testing.assert_frame_equal(df, again)
    other = build_dataset(14)
    assert not df["description"].head(500).equals(other["description"].head(500))


def test_columns_and_values(df: pd.DataFrame) -> None:
    assert list(df.columns) == ["description", "label", "language", "source"]
    assert set(df["language"]) == {"en", "zh", "mixed"}
    assert df["source"].str.match(r"^(pos|neg):[a-z0-9-]+$").all()
    assert 30_000 <= len(df) <= 80_000


def test_only_valid_labels(df: pd.DataFrame) -> None:
    valid = all_labels()
    assert set(df["label"]) <= valid
    for label in set(df["label"]):
        assert label == NOT_LISTED or re.fullmatch(r"\d{10}|NOCODE:[a-z0-9-]+", label)


def test_every_label_covered(df: pd.DataFrame) -> None:
    counts = df["label"].value_counts()
    for eid, labels in contract_labels().items():
        for label in labels:
            assert counts.get(label, 0) >= MIN_PER_LABEL, (eid, label, counts.get(label, 0))


def test_not_listed_share(df: pd.DataFrame) -> None:
    share = (df["label"] == NOT_LISTED).mean()
    assert 0.45 <= share <= 0.60, share


def test_both_languages_per_group(df: pd.DataFrame) -> None:
    naming = load_naming_data()
    label_group: dict[str, set[str]] = {}
    for entry in naming.entries.values():
        for label in entry.labels:
            label_group.setdefault(label, set()).add(entry.group)
    pos = df[df["label"] != NOT_LISTED]
    for group in naming.groups:
        labels = {lab for lab, groups in label_group.items() if group in groups}
        langs = set(pos[pos["label"].isin(labels)]["language"])
        assert {"en", "zh"} <= langs, group


def test_no_empty_or_conflicting(df: pd.DataFrame) -> None:
    assert (df["description"].str.strip().str.len() > 0).all()
    assert (df.groupby("description")["label"].nunique() == 1).all()


def _with(df: pd.DataFrame, pattern: str) -> pd.DataFrame:
    return df[df["description"].str.contains(pattern, case=False, regex=True)]


def test_pin_grade_5n_appears(df: pd.DataFrame) -> None:
    assert len(_with(df, r"\b5N\b")) > 100


def test_pin_gaas_scrap_vs_wafer(core: pd.DataFrame) -> None:
    df = core
    gaas = _with(df, r"gallium arsenide|GaAs|砷化镓")
    ingaas = r"InGaAs|GaInAs|铟镓砷|铟砷化镓|砷化铟镓|indium gallium|gallium indium"
    gaas = gaas[~gaas["description"].str.contains(ingaas, case=False)]
    scrap_words = r"kerf|scrap|sludge|broken|reject|fragment|residue|swarf|ends|tails|chips|waste|碎|废|边角|头尾"
    scrap = _with(gaas, scrap_words)
    wafer_only = _with(gaas, r"\bwafers?\b|晶片")
    wafer_only = wafer_only[~wafer_only.index.isin(scrap.index)]
    assert len(scrap) > 30 and len(wafer_only) > 30
    assert (scrap["label"] == "3825690004").all()
    assert "3818009004" not in set(scrap["label"])
    assert (wafer_only["label"].isin({"3818009004"})).mean() > 0.95


def test_pin_sb2o3_below_threshold(core: pd.DataFrame) -> None:
    df = core
    low = _with(df, r"antimony trioxide|antimony\(III\) oxide|Sb2O3|三氧化二锑|锑白")
    low = _with(low, r"99[.,][0-8]\d*\s*%|\b2N5\b")
    assert len(low) > 20
    assert (low["label"] == "2825800010").all()


def test_pin_tungsten_powder_and_carbide_not_listed(core: pd.DataFrame) -> None:
    df = core
    w_powder = _with(df, r"tungsten powder|钨粉")
    other_w = "carbide|碳化钨|oxide|蓝钨|紫钨|黄钨|氧化|生产|还原|production|reduction"
    w_powder = w_powder[~w_powder["description"].str.contains(other_w, case=False)]
    assert len(w_powder) > 10 and (w_powder["label"] == NOT_LISTED).all()
    carbide = _with(df, r"cemented carbide|硬质合金刀片|carbide inserts")
    carbide = carbide[~carbide["description"].str.contains("anvil|顶锤|press|hinge|production|industry", case=False)]
    assert len(carbide) > 10 and (carbide["label"] == NOT_LISTED).all()


def test_pin_ge_ingot_chinese(core: pd.DataFrame) -> None:
    df = core
    ge = _with(df, "锗锭")
    assert len(ge) > 10 and (ge["label"] != NOT_LISTED).all()


def test_pin_real_distinctions(core: pd.DataFrame) -> None:
    df = core
    assert (_with(df, "Terfenol-D")["label"] == "NOCODE:dy-alloys").all()
    wo3 = _with(df, r"tungsten trioxide|三氧化钨")
    assert (wo3["label"] == "2825901200").all()
    smco = _with(df, r"SmCo magnet|钐钴磁")
    assert (smco["label"] == "NOCODE:smco-magnets").all()
    bi_hi = _with(df, r"bismuth.*(?:99[.,]999|5N)")
    # word stems, not words: the generator's typos ("germaante") must not slip a BGO crystal past the filter
    bi_hi = bi_hi[~bi_hi["description"].str.contains("germa|BGO|phenyl|tellur|锗酸铋", case=False)]
    bi_hi = bi_hi[bi_hi["label"] != NOT_LISTED]
    assert len(bi_hi) > 10 and bi_hi["label"].str.startswith("810610").all()


def test_write_dataset(tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = write_dataset(tmp_path / "train.csv", seed=3)
    back = pd.read_csv(tmp_path / "train.csv", dtype=str, keep_default_na=False)
    assert len(back) == len(out)
    assert set(back["label"]) == set(out["label"])


def test_terse_lines_stay_terse_for_both_labels(df: pd.DataFrame) -> None:
    """Terse invoice lines ("Tb4O7 99.99%") get no context clause, whatever their label: when context went to
    90 % of controlled rows and 50 % of ordinary ones, a bare short line came to mean "not listed"."""
    terse = df[df["source"].str.endswith("terse")]
    assert len(terse) > 0.04 * len(df)
    assert 0.35 < (terse["label"] == "NOT_LISTED").mean() < 0.7
    assert terse["description"].str.len().median() < 40
    formulas = terse[terse["label"] == "2846901600"]["description"].str.upper()
    assert formulas.str.contains("TB4O7").any()


@pytest.mark.parametrize("path", EVAL_FILES, ids=lambda p: p.name)
def test_no_evaluation_text_in_the_training_set(df: pd.DataFrame, path: Path) -> None:
    """The evaluation files are never training data: no description of theirs, normalised, is a generated
    description or a part of one (the generator adds clauses around its goods)."""
    generated = [normalize(t) for t in df["description"]]
    whole = set(generated)
    joined = "\n".join(generated)
    texts = [normalize(t) for t in pd.read_csv(path, dtype=str)["description"]]
    assert texts, f"{path.name} has no descriptions"
    equal = [t for t in texts if t in whole]
    inside = [t for t in texts if len(t) >= 20 and t not in whole and t in joined]
    assert not equal, f"{path.name}: generated verbatim: {equal[:3]}"
    assert not inside, f"{path.name}: inside generated descriptions: {inside[:3]}"


def test_consumer_goods_are_not_listed(df: pd.DataFrame) -> None:
    consumer = df[df["source"].str.startswith("neg:consumer")]
    assert len(consumer) >= 100 and set(consumer["label"]) == {NOT_LISTED}
    assert consumer["description"].str.contains("GaN|氮化镓").any()


def test_an_appended_family_leaves_the_rows_before_it_as_they_were() -> None:
    base = pd.DataFrame([("gallium oxide 5N", "2825909001", "en", "pos"), ("GaN charger", "NOT_LISTED", "en", "neg")],
                        columns=COLUMNS)  # fmt: skip

    def family(rng: random.Random) -> list[tuple[str, str, str, str]]:
        return [
            ("GaN charger", "NOT_LISTED", "en", "f"),
            (f"germanium bracelet {rng.randrange(10)}", "NOT_LISTED", "en", "f"),
        ]

    out = _append_family(base, family, "13:test", context=False)
    pd.testing.assert_frame_equal(out.iloc[: len(base)], base)
    assert out["description"].tolist()[len(base) :] == [family(random.Random("13:test"))[1][0]]  # repeats left out
