"""The HS-code control classifier's service: the classifier, the control list and the API.

Importing the package decides whether its compiled modules run (``service.native``): only when they match their
sources.
"""

import gc

# With the collector paused: this runs before ``hscc serve`` can turn it off for start-up (service/__main__.py), and
# the check's imports and reads would otherwise run young collections there (tests/ops/test_collector.py).
_collecting = gc.isenabled()
gc.disable()
try:
    from pathlib import Path

    from service.native import NativeState, choose

    NATIVE: NativeState = choose(Path(__path__[0]))
finally:
    if _collecting:
        gc.enable()
