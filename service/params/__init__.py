"""Read the numbers a threshold can ask about (purity, composition, sizes, strengths …) out of free text.

The rules layer compares what is read here with the thresholds in the control list, so every value is an
interval (``min 99.95 %`` is [99.95, 100], ``3-5 µm`` is [3, 5], ``-325 mesh`` is [0, 44]) and keeps the exact
span of the original text it came from, for the reasons shown to people.

How a number is read: its unit, the label right before it ("purity", "D50", "Ø", "钨", an element symbol) or
failing that right after it ("97% W", "300 mm long"), and a comparator ("≥", "at least", "不低于", "min" after
it) decide which parameter it states and as what interval; without a label, the unit decides (a bare 99.9 % is
a purity, a bare 45 µm a particle size). Notations that a number-by-number reading would get wrong — grades
(5N), alloy formulas (90W-7Ni-3Fe, W90Ni7Fe3, Ag/W 25/75), "a x b x c" sizes and mesh — are read whole.
Everything is driven by the tables in ``vocabulary``; nothing here knows about particular controlled items.

The package, one step per module: ``values`` (what is returned: Value, Block, Params), ``vocabulary`` (the
tables), ``patterns`` (the regular expressions built from them), ``normalise`` (preparing the text with its
offsets kept), ``quantities`` (what one number with its unit and label states) and ``reading`` (the pass over
a description, ``extract_params``).
"""

from service.params.reading import extract_params
from service.params.reading import log as log  # the logger extract_params reports to (tests patch it)
from service.params.values import Block, Params, Value

__all__ = ["Block", "Params", "Value", "extract_params"]
