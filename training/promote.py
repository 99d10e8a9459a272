"""The promotion gate: a candidate bundle becomes current only if it is not worse than the current one.

Refused (with the figures) when the candidate failed ONNX parity, or when on any given eval set its
controlled recall, code top-1 or share of rows right (status and code as expected: near misses and ordinary
goods cleared, ambiguous rows sent to review) is lower than the current model's by more than ``margin``.
Promotion writes the pointer file ``models/current`` atomically; a running service picks it up on SIGHUP or
/admin/reload.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from service.api.state import ClassifierHolder
from service.bundle import CURRENT_POINTER, BundleError, resolve_current
from service.config import Settings
from training.evaluate import evaluate_file

GATED = ("controlled_recall", "code_top1", "rows_right")


class GateRefused(RuntimeError):
    """The candidate is worse than the current model (or failed parity); the message has the figures."""


def write_pointer(models_dir: Path, version: str) -> None:
    tmp = models_dir / f".{CURRENT_POINTER}.tmp"
    tmp.write_text(version + "\n", encoding="utf-8")
    os.replace(tmp, models_dir / CURRENT_POINTER)  # atomic: a reader sees the old name or the new one


def promote_bundle(
    models_dir: Path, version: str, eval_files: Sequence[Path], margin: float, force: bool = False
) -> str:
    candidate_dir = models_dir / version
    if not candidate_dir.is_dir():
        raise ValueError(f"{candidate_dir}: no such bundle")
    holder = ClassifierHolder(Settings(model_dir=models_dir, cache_size=0))
    try:
        candidate = holder.build(candidate_dir)
    except BundleError as exc:
        raise GateRefused(f"refused {version}: {exc}") from exc
    if not candidate.bundle.card.parity.get("passed", False):
        raise GateRefused(f"refused {version}: its card does not record a passed ONNX parity check")

    try:
        current_dir = resolve_current(models_dir)
        current = holder.build(current_dir) if current_dir.name != version else None
    except BundleError:
        current = None  # nothing serves yet (or the pointer is broken): the candidate only has to load
    lines = []
    if current is not None and not force:
        worse = []
        for path in eval_files:
            new = evaluate_file(candidate, path).figures
            old = evaluate_file(current, path).figures
            for key in GATED:
                n, o = new.get(key), old.get(key)
                lines.append(f"{path.name} {key}: candidate {n} vs current {o}")
                if n is not None and o is not None and n < o - margin:
                    worse.append(f"{path.name} {key} {n:.3f} < {o:.3f} - {margin}")
        if worse:
            raise GateRefused(
                f"refused {version} (current stays {current.version}): " + "; ".join(worse) + "\n" + "\n".join(lines)
            )
    write_pointer(models_dir, version)
    previous = current.version if current else "none"
    return "\n".join([*lines, f"promoted {version} (was {previous}); reload the service: SIGHUP or POST /admin/reload"])
