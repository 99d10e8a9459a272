"""The ``train`` command's stages with progress bars: load, build, fit, export, evaluate."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tqdm import tqdm

from service.controls import load_controls
from service.naming import load_naming
from training.model import ModelConfig
from training.train import DataSource, train_bundle
from training.userdata import read_labelled

STAGES = 6  # load, build, split, fit, export, evaluate/write


def run_train(
    data_files: Sequence[Path],
    base: bool,
    eval_files: Sequence[Path],
    seed: int,
    models_dir: Path,
    config: ModelConfig | None = None,
) -> Path:
    """Validate every input before fitting; then train, check parity, evaluate and write a bundle."""
    if not base and not data_files:
        raise ValueError("nothing to train on: give --data FILE or keep the built-in set (--base)")
    for path in eval_files:
        if not path.is_file():
            raise ValueError(f"{path}: eval file not found")
    controls = load_controls()
    naming = load_naming()
    config = config or ModelConfig(seed=seed)
    models_dir.mkdir(parents=True, exist_ok=True)

    with tqdm(total=STAGES, desc="train", unit="stage", disable=None) as bar:
        bar.set_postfix_str("load")
        sources = [DataSource(f"user:{p.name}", read_labelled(p, controls.is_label)) for p in data_files]
        bar.update()
        if base:
            bar.set_postfix_str("build built-in set")
            from training.dataset import build_dataset

            sources.insert(0, DataSource(f"built-in(seed={seed})", build_dataset(seed)))
        bar.update()

        def progress(message: str) -> None:
            bar.set_postfix_str(message[:60])
            if message.startswith(("fit", "export", "evaluate", "wrote")):
                bar.update()

        return train_bundle(sources, controls, naming, models_dir, config, eval_files, progress)
