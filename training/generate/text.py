# ruff: noqa: E501 - bilingual vocabulary tables read best one group per line
"""Writing styles shared by positives and negatives: purity, quantities, packaging, trade noise, typos,
and the templates of catalogue lines, invoices, customs rulings, declarations and Chinese texts.

Negatives go through the same templates as positives, so that style words (lot numbers, purity, drums,
Incoterms, 'The merchandise consists of') never by themselves signal a controlled good.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

GRADE_OF: dict[float, str] = {
    99.0: "2N",
    99.5: "2N5",
    99.9: "3N",
    99.95: "3N5",
    99.99: "4N",
    99.995: "4N5",
    99.999: "5N",
    99.9995: "5N5",
    99.9999: "6N",
    99.99995: "6N5",
    99.99999: "7N",
    99.999999: "8N",
}


@dataclass
class Good:
    """One concrete good to describe, in both languages (either side may be empty)."""

    name_en: str
    name_zh: str
    form_en: str = ""
    form_zh: str = ""
    formula: str = ""
    cas: str = ""
    purity: float | None = None
    purity_required: bool = False
    specs_en: list[str] = field(default_factory=list)
    specs_zh: list[str] = field(default_factory=list)
    use_en: str = ""
    use_zh: str = ""
    unit: str = "kg"  # kg | pcs | set | g | mt | doc
    trace: bool = False  # chemical-catalogue style ("trace metals basis")


def pick(rng: random.Random, seq: list[str] | tuple[str, ...]) -> str:
    return seq[rng.randrange(len(seq))] if seq else ""


def chance(rng: random.Random, p: float) -> bool:
    return rng.random() < p


def fmt_num(p: float) -> str:
    s = f"{p:.8f}".rstrip("0").rstrip(".")
    return s


def purity_en(rng: random.Random, p: float) -> str:
    num = fmt_num(p)
    grade = GRADE_OF.get(p)
    opts = [
        f"{num}%",
        f"{num}%",
        f"{num} %",
        f"purity {num}%",
        f"min. {num}%",
        f"{num}% min",
        f">={num}%",
        f"≥{num}%",
        f"Purity: {num}%",
        f"{num}pct",
        f"assay {num}%",
        f"{num.replace('.', ',')} %",
    ]
    if grade:
        opts += [grade, grade, grade, f"{grade} ({num}%)", f"{grade} purity", f"{grade.lower()}"]
    return pick(rng, opts)


def purity_zh(rng: random.Random, p: float) -> str:
    num = fmt_num(p)
    grade = GRADE_OF.get(p)
    opts = [f"纯度{num}%", f"纯度：{num}%", f"{num}%", f"含量≥{num}%", f"纯度≥{num}%", f"{num}％"]
    if grade:
        opts += [grade, f"{grade}级", f"纯度{grade}", f"{grade}（{num}%）"]
    return pick(rng, opts)


_UNITS_EN = {
    "kg": ["{n} kg", "{n} KGS", "{n}kg", "{n} kilograms", "{n} KG NET"],
    "g": ["{n} g", "{n} grams", "{n}g"],
    "mt": ["{n} MT", "{n} mt", "{n} metric tons", "{n} tonnes"],
    "pcs": ["{n} pcs", "{n} PCS", "{n} pieces", "{n} EA", "{n} wafers"],
    "set": ["{n} set", "{n} SET", "{n} unit", "{n} units"],
    "doc": ["1 lot", "1 package", "one set of documents"],
}
_UNITS_ZH = {
    "kg": ["{n}千克", "{n}公斤", "{n}KG", "{n}kg"],
    "g": ["{n}克", "{n}g"],
    "mt": ["{n}吨", "{n}公吨"],
    "pcs": ["{n}片", "{n}个", "{n}件", "{n}PCS"],
    "set": ["{n}台", "{n}套"],
    "doc": ["1套", "1份"],
}


def _amount(rng: random.Random, unit: str) -> str:
    if unit == "kg":
        return str(
            pick(
                rng,
                [
                    "1",
                    "5",
                    "10",
                    "20",
                    "25",
                    "50",
                    "100",
                    "200",
                    "250",
                    "500",
                    "1000",
                    "1,000",
                    "2000",
                    "5,000",
                    "12.5",
                    "3.2",
                ],
            )
        )
    if unit == "g":
        return pick(rng, ["5", "10", "25", "50", "100", "250", "500"])
    if unit == "mt":
        return pick(rng, ["1", "2", "5", "10", "20", "25", "50", "100", "1.5"])
    if unit == "pcs":
        return pick(rng, ["1", "2", "5", "10", "25", "50", "100", "200", "500", "1000", "1,200"])
    return pick(rng, ["1", "1", "2", "3"])


def qty_en(rng: random.Random, unit: str) -> str:
    return pick(rng, _UNITS_EN.get(unit, _UNITS_EN["kg"])).format(n=_amount(rng, unit))


def qty_zh(rng: random.Random, unit: str) -> str:
    return pick(rng, _UNITS_ZH.get(unit, _UNITS_ZH["kg"])).format(n=_amount(rng, unit))


PACK_EN = {
    "kg": [
        "in 25 kg bags",
        "packed in steel drums",
        "in PE bottles",
        "vacuum packed",
        "in plastic bags inside iron drums",
        "1 MT jumbo bags",
        "in 50 kg drums",
        "double PE bags in carton",
        "in argon-filled glass ampoules",
        "on pallets",
        "in wooden cases",
        "in fibre drums",
        "net weight 25 kg/drum",
        "in sealed aluminium bags",
    ],
    "g": ["in glass bottle", "in amber glass ampoule", "sealed under argon", "in PE bottle", "in glass vial"],
    "mt": ["in 1 MT jumbo bags", "in bulk", "in 20ft container", "in big bags", "in 2 MT flexible bags"],
    "pcs": [
        "in wafer cassettes",
        "packed in single wafer containers",
        "in cleanroom bags",
        "in wooden case",
        "vacuum sealed in N2",
        "in carton boxes",
        "in foam-lined box",
    ],
    "set": ["in wooden crates", "export packing", "in seaworthy packing", "CKD packing", "on steel skid"],
    "doc": ["delivered electronically", "by e-mail", "in printed and digital form"],
}
PACK_ZH = {
    "kg": [
        "25kg/袋",
        "铁桶包装",
        "真空包装",
        "塑料瓶装",
        "内衬PE袋外铁桶",
        "吨袋包装",
        "纸箱包装",
        "充氩安瓿瓶",
        "编织袋包装",
        "木箱包装",
    ],
    "g": ["玻璃瓶装", "安瓿瓶", "充氩密封"],
    "mt": ["吨袋", "散装", "集装箱"],
    "pcs": ["片盒包装", "单片盒", "真空充氮包装", "纸箱"],
    "set": ["木箱包装", "出口包装", "裸装"],
    "doc": ["电子版", "纸质及电子版"],
}
INCOTERMS = [
    "FOB Shanghai",
    "CIF Rotterdam",
    "EXW Changsha",
    "FOB Tianjin",
    "CFR Busan",
    "DAP Hamburg",
    "CIF Osaka",
    "FCA Shenzhen",
    "CIP Frankfurt",
    "FOB Ningbo",
    "DDP Los Angeles",
    "CIF Antwerp",
    "FOB Xiamen",
    "EXW Ganzhou",
    "CIF Incheon",
    "FOB Guangzhou",
    "CPT Chicago",
]
CURRENCY = ["USD", "US$", "EUR", "USD", "CNY", "JPY"]


def price_en(rng: random.Random, unit: str) -> str:
    cur = pick(rng, CURRENCY)
    val = pick(rng, ["12.50", "85", "230", "1,150", "18.75", "3,400", "0.95", "560", "7,800", "45.20", "126"])
    per = {"kg": "/kg", "g": "/g", "mt": "/MT", "pcs": "/pc", "set": "/set", "doc": ""}.get(unit, "")
    return pick(
        rng,
        [
            f"{cur} {val}{per}",
            f"unit price {cur} {val}",
            f"@ {cur}{val}{per}",
            f"{cur} {val} per unit",
            f"total {cur} {val}",
        ],
    )


def price_zh(rng: random.Random, unit: str) -> str:
    val = pick(rng, ["1850", "230", "12.5", "56000", "3800", "145", "920", "17.8"])
    per = {"kg": "元/千克", "g": "元/克", "mt": "元/吨", "pcs": "元/片", "set": "元/台", "doc": "元"}.get(unit, "元")
    return pick(rng, [f"单价{val}{per}", f"{val}{per}", f"报价{val}{per}", f"均价{val}{per}"])


def lot_en(rng: random.Random) -> str:
    n = rng.randrange(1000, 99999)
    return pick(
        rng,
        [
            f"Lot No. {n}",
            f"Batch {rng.randrange(20, 26)}A{n % 1000:03d}",
            f"P/N {chr(65 + n % 26)}{n}-{n % 97}",
            f"Item {n % 40 + 1}",
            f"PO#{n}",
            f"Ref. {n}/{rng.randrange(1, 12)}",
            f"Cat. No. {n}",
            f"Art.-Nr. {n}",
            f"SKU {n}-{n % 13}",
            f"Invoice line {n % 30 + 1}",
            f"Contract {n}",
        ],
    )


def lot_zh(rng: random.Random) -> str:
    n = rng.randrange(1000, 99999)
    return pick(rng, [f"批号{n}", f"合同号{n}", f"货号{n}", f"型号{chr(65 + n % 26)}{n % 900}", f"订单{n}"])


# ------------------------------------------------------------------------------------------------ noise


def typo(rng: random.Random, text: str) -> str:
    """One character-level slip in a random longer Latin word: swap, drop, double or neighbour key."""
    words = text.split(" ")
    idx = [i for i, w in enumerate(words) if len(w) >= 5 and w.isascii() and w.isalpha()]
    if not idx:
        return text
    i = idx[rng.randrange(len(idx))]
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:
        w = w[:j] + w[j + 1 :]
    elif kind == 2:
        w = w[:j] + w[j] + w[j:]
    else:
        near = {"a": "s", "e": "r", "i": "o", "o": "i", "n": "m", "m": "n", "r": "t", "t": "r", "u": "y", "l": "k"}
        w = w[:j] + near.get(w[j], w[j]) + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def casing(rng: random.Random, text: str) -> str:
    r = rng.random()
    if r < 0.12:
        return text.upper()
    if r < 0.2:
        return text.lower()
    if r < 0.25:
        return text.title()
    return text


def tidy(text: str) -> str:
    text = " ".join(text.split())
    for a, b in ((" ,", ","), (",,", ","), (" ;", ";"), ("( ", "("), (" )", ")"), (" .", "."), (", .", ".")):
        text = text.replace(a, b)
    return text.strip(" ,;")


def capfirst(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


# ------------------------------------------------------------------------------------------------ styles


def _en_core(rng: random.Random, g: Good) -> str:
    """The name + form nucleus: 'gallium arsenide wafer', 'wafer of gallium arsenide', 'GaAs wafers'."""
    name = g.name_en
    if g.formula and chance(rng, 0.25):
        name = g.formula if chance(rng, 0.5) else f"{name} ({g.formula})"
    form = g.form_en
    if not form:
        return name
    r = rng.random()
    if r < 0.62:
        return f"{name} {form}"
    if r < 0.78:
        return f"{name}, {form}"
    if r < 0.9:
        return f"{form} of {name}"
    return f"{capfirst(form)}: {name}"


def _zh_core(rng: random.Random, g: Good) -> str:
    name = g.name_zh
    if g.formula and chance(rng, 0.25):
        name = pick(rng, [f"{name}（{g.formula}）", f"{g.formula} {name}", f"{name}{g.formula}"])
    form = g.form_zh
    if not form:
        return name
    return pick(rng, [f"{name}{form}", f"{name}{form}", f"{name} {form}", f"{name}（{form}）"])


def _pur_en(rng: random.Random, g: Good, p: float = 0.75) -> str:
    if g.purity is None:
        return ""
    if g.purity_required or chance(rng, p):
        return purity_en(rng, g.purity)
    return ""


def _pur_zh(rng: random.Random, g: Good, p: float = 0.75) -> str:
    if g.purity is None:
        return ""
    if g.purity_required or chance(rng, p):
        return purity_zh(rng, g.purity)
    return ""


def _specs(rng: random.Random, specs: list[str], k: int) -> list[str]:
    if not specs:
        return []
    n = min(len(specs), rng.randrange(0, k + 1))
    return rng.sample(specs, n)


def en_catalogue(rng: random.Random, g: Good) -> str:
    core = capfirst(_en_core(rng, g))
    pur = _pur_en(rng, g, 0.9)
    parts = [core]
    if pur:
        if g.trace and chance(rng, 0.5):
            pur = f"{pur} {pick(rng, ['trace metals basis', 'metals basis', '(metals basis)', 'Puratronic', 'electronic grade'])}"
        parts.append(pur)
    parts += _specs(rng, g.specs_en, 2)
    if g.cas and chance(rng, 0.35):
        parts.append(pick(rng, [f"CAS {g.cas}", f"CAS No. {g.cas}", f"[{g.cas}]", f"CAS#: {g.cas}"]))
    if chance(rng, 0.3):
        parts.append(pick(rng, [qty_en(rng, g.unit), lot_en(rng)]))
    return ", ".join(p for p in parts if p)


def en_invoice(rng: random.Random, g: Good) -> str:
    parts = []
    if chance(rng, 0.7):
        parts.append(qty_en(rng, g.unit))
    core = _en_core(rng, g)
    pur = _pur_en(rng, g)
    parts.append(core if not pur or chance(rng, 0.6) else f"{pur} {core}")
    if pur and pur not in parts[-1]:
        parts.append(pur)
    parts += _specs(rng, g.specs_en, 2)
    if chance(rng, 0.5):
        parts.append(pick(rng, PACK_EN.get(g.unit, PACK_EN["kg"])))
    if chance(rng, 0.4):
        parts.append(pick(rng, INCOTERMS))
    if chance(rng, 0.4):
        parts.append(price_en(rng, g.unit))
    if chance(rng, 0.4):
        parts.append(lot_en(rng))
    sep = pick(rng, [", ", " - ", "; ", " ", " | ", ", "])
    text = sep.join(p for p in parts if p)
    return casing(rng, text)


_RULING_OPEN = [
    "The merchandise consists of {a}.",
    "The product under consideration is {a}.",
    "The subject merchandise is {a}.",
    "The item at issue is described as {a}.",
    "The article is {a}.",
    "The goods are {a}.",
    "The imported product is {a}.",
    "You describe the product as {a}.",
    "The sample submitted is {a}.",
    "The merchandise under review is {a}.",
    "Item {n} is {a}.",
]
_RULING_USE = [
    "It is used in {u}.",
    "The product is used for {u}.",
    "It will be used in {u}.",
    "The goods are intended for {u}.",
    "According to the importer, it is used in {u}.",
    "It is sold to manufacturers for {u}.",
]


def _article(core: str) -> str:
    c = core.lower()
    if c.endswith("s") and not c.endswith(("ss", "us", "is")):
        return core
    return ("an " if c[:1] in "aeiou" else "a ") + core


def en_ruling(rng: random.Random, g: Good) -> str:
    core = _en_core(rng, g)
    a = _article(core) if chance(rng, 0.4) else core
    pur = _pur_en(rng, g, 0.6)
    if pur:
        a += pick(rng, [f" with a purity of {pur}", f" of {pur} purity", f" ({pur})", f", {pur}"])
    sp = _specs(rng, g.specs_en, 2)
    if sp and chance(rng, 0.6):
        a += pick(rng, [", ", " measuring ", " with "]) + ", ".join(sp)
    sents = [pick(rng, _RULING_OPEN).format(a=a, n=rng.randrange(1, 9))]
    if g.use_en and chance(rng, 0.6):
        sents.append(pick(rng, _RULING_USE).format(u=g.use_en))
    if chance(rng, 0.35):
        sents.append(
            pick(
                rng,
                [
                    f"It is imported {pick(rng, PACK_EN.get(g.unit, PACK_EN['kg']))}.",
                    "The product is of Chinese origin.",
                    "It is shipped from China.",
                    "The goods are imported in bulk.",
                    "No further processing takes place after importation.",
                    f"The merchandise will be shipped {pick(rng, INCOTERMS)}.",
                ],
            )
        )
    return capfirst(" ".join(sents))


def en_declaration(rng: random.Random, g: Good) -> str:
    parts = [_en_core(rng, g)]
    pur = _pur_en(rng, g, 0.7)
    if pur:
        parts.append(pur if pur[:1].isalpha() else pick(rng, [pur, f"PURITY {pur}", f"P{fmt_num(g.purity or 0)}"]))
    parts += _specs(rng, g.specs_en, 1)
    if chance(rng, 0.3):
        parts.append(qty_en(rng, g.unit))
    text = pick(rng, [" ", ", ", " / ", " - "]).join(p for p in parts if p)
    return text.upper() if chance(rng, 0.75) else text


def en_listing(rng: random.Random, g: Good) -> str:
    core = _en_core(rng, g)
    pur = _pur_en(rng, g, 0.85)
    head = pick(
        rng,
        [
            "Supply",
            "Factory supply",
            "High quality",
            "Hot sale",
            "China manufacturer",
            "Best price",
            "In stock:",
            "Offer:",
            "We sell",
            "WTS",
            "Spot cargo:",
            "",
        ],
    )
    mid = f"{pur} {core}" if pur and chance(rng, 0.5) else (f"{core} {pur}" if pur else core)
    tail = []
    tail += _specs(rng, g.specs_en, 2)
    if chance(rng, 0.4):
        tail.append(
            pick(
                rng,
                [
                    "MOQ 1 kg",
                    "MOQ 10 pcs",
                    "sample available",
                    "fast delivery",
                    "customizable",
                    "price negotiable",
                    "COA available",
                    "in-whs Rotterdam",
                    "ex-works China",
                ],
            )
        )
    if chance(rng, 0.3):
        tail.append(price_en(rng, g.unit))
    if g.use_en and chance(rng, 0.3):
        tail.append(f"for {g.use_en}")
    text = " ".join(p for p in [head, mid] if p)
    if tail:
        text += pick(rng, [", ", " | ", " - "]) + pick(rng, [", ", " | "]).join(tail)
    return text


def zh_declaration(rng: random.Random, g: Good) -> str:
    name = _zh_core(rng, g)
    pur = _pur_zh(rng, g, 0.8)
    spec = "，".join(_specs(rng, g.specs_zh, 2))
    use = g.use_zh
    r = rng.random()
    if r < 0.35:
        fields = [f"品名：{name}"]
        if pur:
            fields.append(pur if pur.startswith(("纯度", "含量")) else f"纯度：{pur}")
        if spec:
            fields.append(f"规格：{spec}")
        if use and chance(rng, 0.6):
            fields.append(f"用途：{use}")
        if chance(rng, 0.5):
            fields.append(f"包装：{pick(rng, PACK_ZH.get(g.unit, PACK_ZH['kg']))}")
        return pick(rng, ["；", "，", " "]).join(fields)
    if r < 0.55:
        # 申报要素 (declaration elements), pipe-separated as in customs declarations
        elems = ["0", "0", name, g.form_zh or "无", pur or "无", use or "无", "品牌：无", f"型号：{lot_zh(rng)[-4:]}"]
        return "|".join(e for e in elems if e)
    parts = [name]
    if pur:
        parts.append(pur)
    if spec:
        parts.append(spec)
    if chance(rng, 0.35):
        parts.append(qty_zh(rng, g.unit))
    if chance(rng, 0.25):
        parts.append(pick(rng, PACK_ZH.get(g.unit, PACK_ZH["kg"])))
    if use and chance(rng, 0.3):
        parts.append(f"用于{use}")
    return pick(rng, [" ", "，", "、", " "]).join(parts)


def zh_market(rng: random.Random, g: Good) -> str:
    name = _zh_core(rng, g)
    pur = _pur_zh(rng, g, 0.8)
    head = f"{pur}{name}" if pur and chance(rng, 0.5) else (f"{name} {pur}" if pur else name)
    tail = pick(
        rng,
        ["现货报价", "价格", "今日报价", "市场价", "出口报价", "均价", "主流成交价", "供应", "长期供应", "厂家直销"],
    )
    extra = price_zh(rng, g.unit) if chance(rng, 0.6) else ""
    mood = pick(rng, ["", "较上日持平", "上涨", "下跌", "成交清淡", "货源偏紧", ""])
    return " ".join(p for p in [head, tail, extra, mood] if p)


def zh_terse(rng: random.Random, g: Good) -> str:
    """Chinese counterpart of ``en_terse``: "氧化镓 5N", "99.99%碲锭", "铜杆（华东）"."""
    name = g.formula if g.formula and chance(rng, 0.25) else (g.name_zh or g.formula)
    if g.form_zh and g.form_zh not in name:  # the form decides the code: never dropped
        name += g.form_zh
    pur = purity_zh(rng, g.purity) if g.purity is not None and (g.purity_required or chance(rng, 0.8)) else ""
    text = (f"{pur}{name}" if chance(rng, 0.4) else f"{name} {pur}") if pur else name
    if chance(rng, 0.2):
        text += " " + qty_zh(rng, g.unit)
    return text


def mixed(rng: random.Random, g: Good) -> str:
    zh = _zh_core(rng, g)
    en = _en_core(rng, g)
    pur = _pur_en(rng, g, 0.7)
    r = rng.random()
    if r < 0.4:
        text = f"{zh} {en}"
    elif r < 0.7:
        text = f"{en} / {zh}"
    else:
        text = f"{zh}（{en}）"
    if pur:
        text += f" {pur}"
    sp = _specs(rng, g.specs_en if chance(rng, 0.5) else g.specs_zh, 1)
    if sp:
        text += " " + sp[0]
    if chance(rng, 0.3):
        text += " " + qty_zh(rng, g.unit)
    return text


# Style name of the shortest lines; their rows' source is marked so that no context clause is added to them
# (training/generate/context.py), for controlled and ordinary goods alike.
TERSE = "terse"


def tag_source(source: str, style: str) -> str:
    """``source`` marked as a terse line when ``style`` is one ("pos:zh" -> "pos:zh-terse")."""
    return f"{source}-{TERSE}" if style.endswith(TERSE) and not source.endswith(TERSE) else source


def is_terse(source: str) -> bool:
    return source.endswith(TERSE)


def en_terse(rng: random.Random, g: Good) -> str:
    """The shortest lines of invoices and stock lists: a formula or bare name and a grade, little else
    ("Tb4O7 99.99%", "GA2O3 5N POWDER", "InSb 5N, 10 kg"). With so few words the name or formula must carry
    the decision alone; the other styles wrap it in enough context to hide that."""
    name = g.formula if g.formula and chance(rng, 0.7) else g.name_en
    parts = [name]
    if g.form_en:  # the form decides the code (compound, wafer, scrap, target): never dropped
        parts.append(g.form_en)
    if g.purity is not None and (g.purity_required or chance(rng, 0.85)):
        parts.append(purity_en(rng, g.purity))
    if chance(rng, 0.2):
        parts.append(qty_en(rng, g.unit))
    text = pick(rng, [" ", " ", ", ", " / "]).join(parts)
    return text.upper() if chance(rng, 0.4) else text


EN_STYLES = {
    "catalogue": en_catalogue,
    "invoice": en_invoice,
    "ruling": en_ruling,
    "declaration": en_declaration,
    "listing": en_listing,
    TERSE: en_terse,
}
ZH_TERSE = f"zh-{TERSE}"
ZH_STYLES = {"zh": zh_declaration, "zh-market": zh_market, ZH_TERSE: zh_terse}
EN_STYLE_MIX = ["catalogue", "invoice", "invoice", "ruling", "declaration", "listing", TERSE]


def compose(rng: random.Random, g: Good, lang: str) -> tuple[str, str]:
    """(text, style) for one good in the requested language ('en' | 'zh' | 'mixed')."""
    if lang == "mixed" and g.name_zh and g.name_en:
        return tidy(mixed(rng, g)), "mixed"
    if lang == "zh" and g.name_zh:
        if g.unit != "doc" and chance(rng, 1 / len(EN_STYLE_MIX)):  # as often as en_terse among English rows
            style = ZH_TERSE
        else:
            style = "zh" if g.unit == "doc" or chance(rng, 0.72) else "zh-market"
        return tidy(ZH_STYLES[style](rng, g)), style
    styles = ["ruling", "declaration", "catalogue"] if g.unit == "doc" else EN_STYLE_MIX
    style = pick(rng, styles)
    text = tidy(EN_STYLES[style](rng, g))
    if chance(rng, 0.08):
        text = typo(rng, text)
    return text, style
