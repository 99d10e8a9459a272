"""Positive examples: every label of the contract, composed from naming.yaml.

For each entry and each of its variants (one way the good is traded, with its label(s)), draw a name,
a form word, purity/specs and an end use, and write it in one of the styles of ``text.py``. Sibling
labels of one variant (codes text cannot tell apart) are cycled so they get equal shares.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from service.naming import EntryNames, Naming, Variant
from training.generate.specs import SPECS
from training.generate.text import Good, chance, compose, pick, tag_source

BASE_PER_VARIANT = 150
MIN_PER_VARIANT = 30
LANG_WEIGHTS = (("en", 0.55), ("zh", 0.30), ("mixed", 0.15))


def pick_lang(rng: random.Random) -> str:
    r = rng.random()
    acc = 0.0
    for lang, w in LANG_WEIGHTS:
        acc += w
        if r < acc:
            return lang
    return "en"


def _form_words(naming: Naming, variant: Variant, rng: random.Random) -> tuple[str, str]:
    key = pick(rng, variant.forms)
    vocab = naming.forms[key]
    return pick(rng, vocab.en), pick(rng, vocab.zh)


def _redundant(form: str, name: str) -> bool:
    if not form:
        return False
    low = name.lower()
    return any(len(t) >= 4 and t.rstrip("s") in low for t in form.lower().split()) or form.lower() in low


def make_good(naming: Naming, entry: EntryNames, variant: Variant, rng: random.Random) -> Good:
    names_en = variant.names_en or entry.names_en
    names_zh = variant.names_zh or entry.names_zh
    formulas = entry.formulas if variant.formulas is None else variant.formulas
    cas = entry.cas if variant.cas is None else variant.cas
    group = naming.groups[entry.group]
    name_en, name_zh = pick(rng, names_en), pick(rng, names_zh)
    if entry.symbol_forms and group.symbol and chance(rng, 0.1):
        name_en = group.symbol
    form_en, form_zh = _form_words(naming, variant, rng)
    if _redundant(form_en, name_en):
        form_en = ""
    if form_zh and form_zh in name_zh:
        form_zh = ""
    uses_en = entry.uses_en or group.uses_en
    uses_zh = entry.uses_zh or group.uses_zh
    g = Good(
        name_en=name_en,
        name_zh=name_zh,
        form_en=form_en,
        form_zh=form_zh,
        formula=pick(rng, formulas) if formulas and chance(rng, 0.6) else "",
        cas=pick(rng, cas) if cas else "",
        purity=float(pick(rng, [str(p) for p in entry.purity])) if entry.purity and chance(rng, 0.8) else None,
        use_en=pick(rng, uses_en) if uses_en and chance(rng, 0.5) else "",
        use_zh=pick(rng, uses_zh) if uses_zh and chance(rng, 0.5) else "",
    )
    for spec in variant.specs:
        SPECS[spec](rng, g)
    return g


def positives(naming: Naming, rng: random.Random, scale: float = 1.0) -> Iterator[tuple[str, str, str, str]]:
    """(description, label, language, source) for every entry variant, ``BASE_PER_VARIANT * weight`` each."""
    for eid in sorted(naming.entries):
        entry = naming.entries[eid]
        for variant in entry.variants:
            n = max(MIN_PER_VARIANT, round(BASE_PER_VARIANT * variant.weight * scale))
            n -= n % len(variant.labels)  # equal share per sibling label
            n = max(n, len(variant.labels) * 10)
            for i in range(n):
                label = variant.labels[i % len(variant.labels)]
                g = make_good(naming, entry, variant, rng)
                lang = pick_lang(rng)
                text, style = compose(rng, g, lang)
                real_lang = "mixed" if style == "mixed" else ("zh" if style.startswith("zh") else "en")
                source = "pos:zh" if real_lang == "zh" else ("pos:mixed" if real_lang == "mixed" else f"pos:{style}")
                yield text, label, real_lang, tag_source(source, style)
