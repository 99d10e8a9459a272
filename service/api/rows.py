"""Probabilities shared by a worker and its batch helper (``service.api.helper``): the helper runs the model over a
batch's units and writes each unit's row here; the worker decides with them (``service.api.claims`` says which
rows are written).

Memory shared across the fork, of a fixed size: a batch's units beyond what it holds are run the old way, each
process running the model for its own claims.
"""

from __future__ import annotations

import ctypes
from multiprocessing.context import BaseContext
from typing import Any

import numpy as np

from service.api.claims import UNITS

# 1 MiB of float32: 1,913 units of the shipped model's 137 labels, more than the API's 1,000 items a request or the
# CLI's 512 rows a batch. Pages are shared, and only those a batch writes are ever touched.
FLOATS = 1 << 18


class SharedRows:
    """Rows of probabilities, one per unit of the open batch. Create it before the fork."""

    def __init__(self, context: BaseContext, floats: int = FLOATS) -> None:
        self._raw: Any = context.RawArray(ctypes.c_float, floats)
        self._floats = floats

    def capacity(self, labels: int) -> int:
        """How many units' rows of ``labels`` probabilities fit (at most the claims' ``UNITS``)."""
        return min(UNITS, self._floats // labels)

    def view(self, labels: int) -> np.ndarray:
        """The rows as an array (capacity, labels), writable, backed by the shared memory."""
        rows = self.capacity(labels)
        return np.frombuffer(self._raw, dtype=np.float32, count=rows * labels).reshape(rows, labels)
