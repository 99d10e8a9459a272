"""Load the control list once and answer the questions the service asks of it."""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from pathlib import Path

import yaml

from service.controls.schema import Announcement, ControlList, Entry

DEFAULT_PATH = Path(__file__).resolve().parent.parent / "data" / "controls.yaml"
NOT_LISTED = "NOT_LISTED"


class ControlIndex:
    """A validated control list with lookups by label (code or pseudo-code) and by group."""

    def __init__(self, controls: ControlList) -> None:
        self.controls = controls
        by_label: dict[str, list[Entry]] = defaultdict(list)
        for entry in controls.entries:
            for label in entry.labels:
                by_label[label].append(entry)
        self._by_label = dict(by_label)
        self._by_id = {e.id: e for e in controls.entries}

    @property
    def version(self) -> str:
        return self.controls.version

    @cached_property
    def announcements(self) -> dict[str, Announcement]:
        return {a.id: a for a in self.controls.announcements}

    @cached_property
    def labels(self) -> list[str]:
        """Every label the classifier may predict: codes, pseudo-codes and NOT_LISTED, sorted."""
        return [*sorted(self._by_label), NOT_LISTED]

    @cached_property
    def codes(self) -> set[str]:
        return {c for e in self.controls.entries for c in e.codes}

    def entries_for_label(self, label: str) -> list[Entry]:
        return self._by_label.get(label, [])

    def entry(self, entry_id: str) -> Entry:
        return self._by_id[entry_id]

    def is_label(self, label: str) -> bool:
        return label == NOT_LISTED or label in self._by_label


def load_controls(path: Path | str = DEFAULT_PATH) -> ControlIndex:
    """Read and validate the control list; raises ``ValueError`` naming the file on any problem."""
    path = Path(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        return ControlIndex(ControlList.model_validate(raw))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ValueError(f"control list {path}: {exc}") from exc
