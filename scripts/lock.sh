#!/usr/bin/env bash
# Re-resolve every dependency (runtime, training and test tools) in a throw-away virtualenv and write the
# exact versions to constraints.txt, which every install of the Makefile and the Dockerfile applies.
# Run it (make lock) when pyproject.toml's dependencies change or to take newer releases; then make test.
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-python3}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$python" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install -q --upgrade pip
"$tmp/venv/bin/pip" install -q '.[train,dev]'
{
  echo "# Exact versions for every install (pip -c): written by 'make lock' (scripts/lock.sh) on $(date -u +%F)"
  echo "# with $("$tmp/venv/bin/python" --version), from pyproject.toml's ranges. Edit pyproject.toml, not this."
  "$tmp/venv/bin/pip" freeze --exclude-editable | grep -v -i '^hs-control-classifier' | LC_ALL=C sort -f
} >constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt) pins"
