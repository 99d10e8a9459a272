"""Label-independent context: end uses, origins and trade boilerplate added to positives and negatives alike.

Why: real descriptions wrap the item in words about what it is for and where it comes from ("…, additive
for nonferrous alloys", "…, from Japan, for thin-film use"). If such words appear mostly in one class, a
linear model learns them as evidence, and a controlled item described with unfamiliar context drifts to
NOT_LISTED (the broad class that owns most of the vocabulary). Drawing the same clauses for every label, at
the same rate, makes context words neutral so that the item's own names and forms decide.

The clause pool is built from the HS nomenclature (every chapter's goods as "end uses") and a small list of
generic trade phrases — not from any evaluation text.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from training.generate.text import is_terse

DATA = Path(__file__).resolve().parent.parent / "data"
# Share of rows that get context. Negatives (tariff names, rulings) already carry such words natively, so
# positives get more: the aim is that a generic word is about as frequent around controlled items as around
# ordinary goods, whatever the label.
POSITIVE_RATE = 0.9
NEGATIVE_RATE = 0.5
MAX_CLAUSES = 4
# Share of the non-fragment clauses that name an application of materials (see application()).
APPLICATION_SHARE = 0.4

_EN_USE = [
    "for use in {x}",
    "used in {x}",
    "used as additive for {x}",
    "additive for {x}",
    "mainly used in {x}",
    "for the production of {x}",
    "raw material for {x}",
    "for {x} industry",
    "application: {x}",
    "intended for {x}",
    "for research use",
    "for laboratory use only",
    "for industrial use",
]
_EN_ORIGIN = [
    "from {c}",
    "origin {c}",
    "country of origin: {c}",
    "made in {c}",
    "produced in {c}",
    "shipped from {c}",
    "manufacturer located in {c}",
]
_EN_TRADE = [
    "new stock",
    "spot cargo",
    "sample available",
    "COA and MSDS provided",
    "customs cleared",
    "quality guaranteed",
    "as per attached specification",
    "largest supplier in the region",
    "competitive price",
    "REACH registered",
]
# Applications of materials, written as use clauses. Tariff negatives and near-element negatives
# ("lead-antimony alloy", "base metal fittings") carry words such as "alloys", "metal", "steel" and
# "magnets" natively, while the fragment pool below must exclude them (they decide labels when they name the
# item itself). Without this pool, "gallium metal, used in low-melting alloys" read as not listed: the use
# clause outvoted the item's name. Built from general materials knowledge, combinatorially; word bigrams
# such as "antimony alloy" still tell an alloy item from an alloy use.
_EN_APPLICATION_VERBS = [
    "used in {x}",
    "used for {x}",
    "additive for {x}",
    "alloying additive for {x}",
    "alloying element in {x}",
    "hardener for {x}",
    "used as a dopant in {x}",
    "for the manufacture of {x}",
    "for making {x}",
    "widely used in {x}",
    "application in {x}",
    "key material for {x}",
    "suitable for {x}",
]
_EN_APPLICATION_BASES = [
    "aluminium", "copper", "nickel", "titanium", "magnesium", "zinc", "lead", "tin", "cobalt", "iron",
    "special steel", "stainless steel", "tool steel", "non-ferrous", "light", "high-temperature", "heat-resistant",
    "low-melting", "magnetic", "superconducting", "hydrogen storage", "dental", "aerospace", "welding",
]  # fmt: skip
_EN_APPLICATION_NOUNS = ["alloys", "alloy production", "metallurgy", "materials", "metal products", "castings"]
_EN_APPLICATION_FIELDS = [
    "permanent magnets", "magnetic materials", "high-performance magnets", "electric motors", "batteries",
    "solders", "semiconductors", "electronics", "optoelectronics", "thin films", "optical glass",
    "optical coatings", "ceramics", "catalysts", "phosphors", "lighting", "lasers", "superconductors",
    "nuclear reactors", "nuclear industry", "neutron shielding", "medical imaging",
    "infrared optics", "fibre optics", "solar cells", "thermoelectric devices", "detectors", "steelmaking",
    "foundry", "the chemical industry", "the glass industry", "the electronics industry", "research",
    "the defence industry", "aerospace components", "metal refining", "refractories",
]  # fmt: skip
_ZH_APPLICATION = [
    "铝合金", "镁合金", "铜合金", "有色金属", "有色金属合金", "特种钢", "不锈钢", "高温合金", "永磁材料", "磁性材料",
    "电池", "焊料", "半导体", "电子工业", "光学玻璃", "陶瓷", "催化剂", "照明", "激光", "超导材料",
    "储氢材料", "核工业", "医疗影像", "太阳能电池", "冶金", "炼钢", "铸造", "科研",
]  # fmt: skip
_ZH_APPLICATION_VERBS = ["用于{x}", "主要用于{x}", "作为{x}添加剂", "应用于{x}", "{x}添加剂", "广泛用于{x}"]
_ZH_USE = ["用于{x}", "主要用于{x}", "{x}用", "作为{x}添加剂", "应用于{x}"]
_ZH_ORIGIN = ["原产地：{c}", "产地{c}", "{c}产"]
_ZH_TRADE = ["现货供应", "质量保证", "可提供样品", "价格面议", "附检测报告"]
_COUNTRIES_EN = [
    "China", "Japan", "Korea", "Germany", "USA", "Russia", "Vietnam", "India", "Belgium", "Canada",
    "Kazakhstan", "Malaysia", "Thailand", "Brazil", "France", "United Kingdom", "Taiwan", "Mexico",
]  # fmt: skip
_COUNTRIES_ZH = ["中国", "日本", "韩国", "德国", "美国", "俄罗斯", "越南", "印度", "比利时", "加拿大", "马来西亚"]
_FRAGMENT_SPLIT = re.compile(r"[;,:()]")


@lru_cache(maxsize=1)
def _phrases() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Short noun phrases naming goods of every chapter, English (HS-6) and Chinese (CN-8)."""
    hs = pd.read_csv(DATA / "hs-nomenclature" / "harmonized-system.csv", dtype=str, encoding="utf-8-sig")
    en: set[str] = set()
    for desc in hs.loc[hs["level"] == "6", "description"].dropna():
        for part in _FRAGMENT_SPLIT.split(desc):
            words = part.strip().lower().split()
            if 1 <= len(words) <= 5 and not any(ch.isdigit() for ch in part) and "other" not in words:
                en.add(" ".join(words))
    cn = pd.read_csv(DATA / "china-customs-hs8" / "china_customs_hs8_2023_en_zh.utf8.csv", dtype=str)
    zh: set[str] = set()
    for desc in cn["description_zh"].dropna():
        for part in re.split(r"[，,；;：:（）()、]", desc):
            part = part.strip()
            if 2 <= len(part) <= 8 and not any(ch.isdigit() for ch in part) and "其他" not in part:
                zh.add(part)
    return tuple(sorted(en)), tuple(sorted(zh))


def application(rng: random.Random, zh: bool) -> str:
    """A use clause naming an application of materials ("additive for aluminium alloys", "用于永磁材料")."""
    if zh:
        return rng.choice(_ZH_APPLICATION_VERBS).format(x=rng.choice(_ZH_APPLICATION))
    fields = []
    for _ in range(rng.choice((1, 1, 2, 3))):
        if rng.random() < 0.5:
            fields.append(f"{rng.choice(_EN_APPLICATION_BASES)} {rng.choice(_EN_APPLICATION_NOUNS)}")
        else:
            fields.append(rng.choice(_EN_APPLICATION_FIELDS))
    joined = fields[0] if len(fields) == 1 else ", ".join(fields[:-1]) + " and " + fields[-1]
    return rng.choice(_EN_APPLICATION_VERBS).format(x=joined)


def clause(rng: random.Random, language: str) -> str:
    """One context clause in the row's language (mixed rows get either)."""
    en_phrases, zh_phrases = _phrases()
    zh = language == "zh" or (language == "mixed" and rng.random() < 0.5)
    kind = rng.random()
    if zh:
        if kind < 0.6:
            return rng.choice(_ZH_USE).format(x=rng.choice(zh_phrases))
        if kind < 0.85:
            return rng.choice(_ZH_ORIGIN).format(c=rng.choice(_COUNTRIES_ZH))
        return rng.choice(_ZH_TRADE)
    if kind < 0.6:
        template = rng.choice(_EN_USE)
        if "{x}" in template:
            phrases = [rng.choice(en_phrases) for _ in range(rng.choice((1, 1, 2)))]
            return template.format(x=" and ".join(phrases))
        return template
    if kind < 0.85:
        return rng.choice(_EN_ORIGIN).format(c=rng.choice(_COUNTRIES_EN))
    return rng.choice(_EN_TRADE)


@lru_cache(maxsize=1)
def _decisive() -> tuple[frozenset[str], tuple[str, ...]]:
    """Words that decide a label (forms such as wafer/scrap/target/powder, element and material names).

    Context must never carry them, or an augmented wafer line would read as scrap: such fragments are skipped.
    """
    from service.naming import load_naming_data

    naming = load_naming_data()
    en: set[str] = {"oxide", "carbide", "compound", "technology", "alloy", "alloys", "magnet", "magnets", "metal"}
    zh: set[str] = {"氧化", "合金", "技术", "磁", "金属"}
    for name, form in naming.forms.items():
        if name == "machine":
            continue
        for term in form.en:
            en.update(term.lower().split())
        zh.update(form.zh)
    for group in naming.groups.values():
        for term in group.names_en:
            en.update(term.lower().split())
        zh.update(group.names_zh)
    return frozenset(en), tuple(sorted(zh))


def _neutral(text: str) -> bool:
    if any(ch.isdigit() for ch in text):
        return False  # numbers would read as purities, sizes or grades of the item
    en, zh = _decisive()
    words = {w.strip(".,;:()/-").lower() for w in text.split()}
    return not (words & en) and not any(term in text for term in zh)


def _fragment(rng: random.Random, pool: list[str]) -> str:
    """A short run of words (or CJK characters) from a random row of the pool."""
    text = rng.choice(pool)
    words = text.split()
    if len(words) >= 3:
        # Up to a dozen words: about as much ordinary-goods text as a tariff line carries natively.
        n = rng.randint(2, min(12, len(words)))
        start = rng.randrange(len(words) - n + 1)
        return " ".join(words[start : start + n]).strip(" ,;.")
    n = rng.randint(2, min(8, max(2, len(text))))
    start = rng.randrange(max(1, len(text) - n + 1))
    return text[start : start + n].strip(" ,;.")


def add_context(rows: list[tuple[str, str, str, str]], rng: random.Random) -> list[tuple[str, str, str, str]]:
    """Return rows where a share (POSITIVE_RATE / NEGATIVE_RATE) carries one or more extra clauses.

    Half of the clauses are fragments of the negative rows themselves, so that a phrase common among
    ordinary goods ("non-ferrous metal", "for solar cells") is about as common around controlled items.
    """
    pools: dict[str, list[str]] = {"en": [], "zh": []}
    for description, label, language, _ in rows:
        if label == "NOT_LISTED":
            pools["zh" if language == "zh" else "en"].append(description)
    out = []
    for description, label, language, source in rows:
        if is_terse(source):  # a terse line stays terse, whatever its label
            out.append((description, label, language, source))
            continue
        if rng.random() < (NEGATIVE_RATE if label == "NOT_LISTED" else POSITIVE_RATE):
            clauses = []
            for _ in range(rng.randint(1, MAX_CLAUSES)):
                fragment = _fragment(rng, pools["zh" if language == "zh" else "en"])
                if rng.random() < 0.5 and fragment and _neutral(fragment):
                    clauses.append(
                        rng.choice(("for {x}", "used in {x}", "{x}", "{x}")).format(x=fragment)
                        if language != "zh"
                        else rng.choice(("用于{x}", "{x}")).format(x=fragment)
                    )
                elif rng.random() < APPLICATION_SHARE:
                    # May say "alloys" or "magnets" by design (see _EN_APPLICATION_VERBS); never an element.
                    zh = language == "zh" or (language == "mixed" and rng.random() < 0.5)
                    clauses.append(application(rng, zh))
                else:
                    extra = clause(rng, language)
                    if _neutral(extra):
                        clauses.append(extra)
            if clauses:
                sep = "，" if language == "zh" else rng.choice((", ", "; ", " - ", ". "))
                description = sep.join([description.rstrip(" .;,"), *clauses])
        out.append((description, label, language, source))
    return out
