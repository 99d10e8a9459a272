"""``make bench``: model-only, HTTP, start-up/memory and peer-baseline figures for this machine.

Run ``python -m benchmarks.run`` (full, a few minutes plus a one-off scikit-learn fit) or
``python -m benchmarks.run --smoke`` (seconds, writes to ``benchmarks/out/``). See ``benchmarks/README.md``.
"""
