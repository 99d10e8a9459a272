"""The control list as data: load, validate and index ``controls.yaml``."""

from service.controls.index import ControlIndex, load_controls
from service.controls.schema import Condition, ControlList, Entry

__all__ = ["Condition", "ControlIndex", "ControlList", "Entry", "load_controls"]
