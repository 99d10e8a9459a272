"""Realistic input: a fixed sample of generated descriptions (not the training rows, not the eval file)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

BENCH_SEED = 2026  # a generator seed the shipped models are not trained with (they use 13)
REPO = Path(__file__).resolve().parents[1]


def request_json(descriptions: list[str], **fields: object) -> str:
    """The body of one ``POST /v1/classify`` for ``descriptions``, as every benchmark sends it (with the request's
    other ``fields``, e.g. ``detail="compact"``)."""
    return json.dumps({"items": [{"description": d} for d in descriptions], **fields}, ensure_ascii=False)


def _generator_fingerprint() -> str:
    """The generator's code and knowledge files: the cache is rebuilt when either changes, not only the seed."""
    digest = hashlib.sha256()
    generate = sorted((REPO / "training" / "generate").glob("*.py"))
    files = [*generate, REPO / "training" / "dataset.py", REPO / "service" / "data" / "naming.yaml"]
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def sample_descriptions(out_dir: Path, n: int, seed: int = BENCH_SEED) -> list[str]:
    """``n`` distinct raw descriptions from ``training.dataset.build_dataset(seed)``, cached as JSON."""
    cache = out_dir / f"texts-seed{seed}-{_generator_fingerprint()}.json"
    if cache.is_file():
        texts: list[str] = json.loads(cache.read_text(encoding="utf-8"))
        if len(texts) >= n:
            return texts[:n]
    from training.dataset import build_dataset  # a few seconds; cached afterwards

    frame = build_dataset(seed)
    unique = list(dict.fromkeys(str(t) for t in frame["description"]))
    texts = unique[: max(n, 20_000)]
    out_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return texts[:n]


def digest(texts: list[str]) -> str:
    return hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
