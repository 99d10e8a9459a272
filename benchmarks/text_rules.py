"""``python -m benchmarks.text_rules [--texts 3000] [--rounds 3] [--tree PATH ...]``: what the per-text rules of
the decisions cost, in µs a text over distinct benchmark descriptions (the median of ``--rounds`` passes), and how
many texts each cue lets through.

The rules' cheap cues run on many texts, so their cost is per text, not per hit:
- ``naming scan``: the scan under ``NamingIndex.find_names`` (``service.scanner.TermScanner.scan``), its cache
  cleared each pass, and the texts it finds anything in (a name, compound, colour or article);
- ``spelling``: ``Speller.respell`` for a text read as not listed (misspelt names and fraction purities);
- ``fraction``: ``Speller.respell(names=False)``, what every other text pays;
- ``formulas``: the listed items' formulas alone (``Speller.respell`` with only ``label_entries``), every text
  taken as read as not listed, so that every formula found counts (the served classifier reads a formula again
  only where the model read none of the text's formula items);
- ``use words``: where a text turns to its goods' use (``service.articles.first_use``), searched in the whole
  text (the served code searches only texts that write a listed formula, and before a text's first listed name);
- ``uses rule``: ``Arbiter.listed_only_as_use`` given the text's names (computed beforehand), every text taken as
  flagged under one listed compound's label (gallium arsenide, ``USES_LABEL``), and the texts it would send to
  review under that label;
- ``rare-earth cue`` / ``rare-earth rule``: ``NamingIndex._may_name_every_compound`` alone, then
  ``every_compound_listed`` (the cue and, for its hits, the naming scan; the scan's cache is cleared each pass);
- ``ore cue`` / ``ore rule``: ``NamingIndex.may_name_ore`` alone, then ``Arbiter.unlisted_ores`` given the
  text's groups (computed beforehand);
- ``notices``: ``service.notices.Notices.find``, what every text pays for the notices of announcements outside the
  control list, and the texts that get one;
- ``symbol units``: ``NamingIndex.find_symbol_units``, what every text the model flags pays before the rest of
  ``Arbiter.symbol_units`` (which runs only where it finds a unit);
- ``ranking`` / ``ranking by argsort``: the labels by falling probability for chunks of 24 texts, as the
  served pipeline takes them, by ``service.ranking.top_labels`` and by the stable full sort it replaced; also for
  one text and three texts a chunk, where the full sort is the cheaper (and ``top_labels`` takes it for one or two);
- ``decide``: ``Classifier.decide`` given probabilities computed beforehand, for each ``--tree`` (a source tree
  with ``service/``, e.g. ``git worktree add /tmp/before <rev>``; default: this one), passes interleaved.

A whole request's share of these is best read from ``python -m benchmarks.paired`` (batches through the served
pipeline); this script says which rule it is.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.paired import DAY, served_from
from benchmarks.texts import REPO, sample_descriptions
from service.arbitration import RERANK_DEPTH
from service.bundle import CHUNK_ITEMS
from service.ranking import top_labels

# The label the ``uses rule`` row takes every text as flagged under: gallium arsenide's bulk code, an item named by
# its use in trade ("crucible for GaAs growth").
USES_LABEL = "2853909026"


def _median_us(texts: list[Any], run: Callable[[Any], object], rounds: int, before: Callable[[], None]) -> float:
    times = []
    for _ in range(rounds):
        before()
        started = time.perf_counter()
        for t in texts:
            run(t)
        times.append((time.perf_counter() - started) / len(texts) * 1e6)
    return statistics.median(times)


def _decider(classifier: Any) -> Callable[[Any], object]:
    def decide(pair: tuple[str, Any]) -> object:
        return classifier.decide(pair[0], pair[1], 3, None, DAY)

    return decide


def measure(texts: list[str], rounds: int, trees: list[Path], model_dir: Path) -> dict[str, dict[str, float]]:
    """``{rule: {"us_per_text": …, "hits": …}}`` for this tree's rules, and ``decide <tree>`` for every tree."""
    from service.api.state import ClassifierHolder
    from service.config import Settings

    holder = ClassifierHolder(Settings(model_dir=model_dir, cache_size=0))
    holder.load()
    classifier = holder.classifier
    naming, arbiter, speller = classifier.naming, classifier._arbiter, classifier._speller
    clear_scan = naming.clear_caches
    groups = [naming.find_groups(t) for t in texts]
    names = [(t, *naming.find_names(t)) for t in texts]

    def nothing() -> None:
        return None

    rules: dict[str, tuple[Callable[[Any], object], list[Any], Callable[[], None]]] = {
        "naming scan": (naming._scanner.scan, texts, clear_scan),
        "spelling": (speller.respell, texts, nothing),
        "fraction": (lambda t: speller.respell(t, names=False), texts, nothing),
        "formulas": (
            lambda t: speller.respell(t, names=False, symbols=False, label_entries=frozenset()),
            texts,
            nothing,
        ),
        "use words": (arbiter._first_use, texts, nothing),
        "uses rule": (
            lambda named: arbiter.listed_only_as_use(USES_LABEL, named[1], named[2], named[0]),
            names,
            nothing,
        ),
        "rare-earth cue": (naming._may_name_every_compound, texts, nothing),
        "rare-earth rule": (naming.every_compound_listed, texts, clear_scan),
        "ore cue": (naming.may_name_ore, texts, nothing),
        "symbol units": (naming.find_symbol_units, texts, nothing),
        "ore rule": (
            lambda pair: arbiter.unlisted_ores({}, pair[1], pair[0]),
            list(zip(texts, groups, strict=True)),
            nothing,
        ),
        "notices": (lambda t: classifier._notices.find(t, DAY), texts, nothing),
    }
    out: dict[str, dict[str, float]] = {}
    for name, (run, items, before) in rules.items():
        out[name] = {
            "us_per_text": round(_median_us(items, run, rounds, before), 2),
            "hits": sum(bool(run(item)) for item in items),
        }
    # decide, per tree, passes interleaved so that a slow phase of the machine falls on every tree alike
    classifiers = {str(tree): served_from(tree, model_dir)[0] for tree in trees}
    bundle = classifier.bundle
    proba = bundle.predict_proba([bundle.model_input(t) for t in texts])
    pairs = list(zip(texts, proba, strict=True))
    for size in (1, 3, CHUNK_ITEMS):
        chunks = [proba[i : i + size] for i in range(0, len(texts) - size + 1, size)]
        if not chunks:
            continue
        for name, rank in (
            ("ranking", lambda chunk: top_labels(chunk, RERANK_DEPTH)),
            ("ranking by argsort", lambda chunk: np.argsort(-chunk, axis=1, kind="stable")[:, :RERANK_DEPTH].tolist()),
        ):
            us_per_chunk = _median_us(chunks, rank, rounds, nothing)
            out[f"{name}, {size} a chunk"] = {"us_per_text": round(us_per_chunk / size, 2), "hits": len(chunks) * size}
    passes: dict[str, list[float]] = {name: [] for name in classifiers}
    for _ in range(rounds):
        for name, c in classifiers.items():
            passes[name].append(_median_us(pairs, _decider(c), 1, nothing))
    for name, values in passes.items():
        out[f"decide {name}"] = {"us_per_text": round(statistics.median(values), 2), "hits": len(texts)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.text_rules", description=__doc__)
    ap.add_argument("--texts", type=int, default=3000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--tree", type=Path, action="append", help="source tree(s) for the decide line (default: .)")
    ap.add_argument("--model-dir", type=Path, default=REPO / "models")
    args = ap.parse_args(argv)
    texts = sample_descriptions(REPO / "benchmarks" / "out", args.texts)
    figures = measure(texts, args.rounds, args.tree or [REPO], args.model_dir)
    print(f"{len(texts)} benchmark texts, median of {args.rounds} passes")
    print("| rule | µs a text | texts it finds something in |\n|---|---:|---:|")
    for name, f in figures.items():
        print(f"| {name} | {f['us_per_text']:.2f} | {int(f['hits'])} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
