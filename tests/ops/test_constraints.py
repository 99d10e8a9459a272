"""constraints.txt: the exact versions every install of the Makefile and the Dockerfile applies.

It must pin every dependency pyproject.toml names, within pyproject's ranges, and the environment the tests
run in must be the pinned one (``make test`` installs with it), so a passing run says which versions passed.
"""

from __future__ import annotations

import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import REPO

CONSTRAINTS = REPO / "constraints.txt"


def read_pins(text: str) -> dict[str, Version]:
    pins: dict[str, Version] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep and name and version, f"constraints.txt line {number}: expected 'name==version', got {raw!r}"
        key = canonicalize_name(name)
        assert key not in pins, f"constraints.txt line {number}: {name} pinned twice"
        pins[key] = Version(version)
    return pins


def declared_requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project.get("optional-dependencies", {})
    return [Requirement(r) for r in [*project["dependencies"], *(r for group in extras.values() for r in group)]]


def test_every_declared_dependency_is_pinned_within_its_range() -> None:
    pins = read_pins(CONSTRAINTS.read_text(encoding="utf-8"))
    problems = []
    for req in declared_requirements():
        pinned = pins.get(canonicalize_name(req.name))
        if pinned is None:
            problems.append(f"{req.name} is not pinned (run make lock)")
        elif not req.specifier.contains(pinned, prereleases=True):
            problems.append(f"{req.name}=={pinned} is outside pyproject's {req.specifier}")
    assert not problems, "; ".join(problems)


def test_the_environment_is_the_pinned_one() -> None:
    pins = read_pins(CONSTRAINTS.read_text(encoding="utf-8"))
    installed = {canonicalize_name(d.metadata["Name"]): Version(d.version) for d in metadata.distributions()}
    differ = {
        name: (str(want), str(installed[name])) for name, want in pins.items() if installed.get(name, want) != want
    }
    missing = sorted(name for name in pins if name not in installed)
    assert not differ, f"installed versions differ from constraints.txt (pinned, installed): {differ}"
    assert not missing, f"pinned but not installed: {missing}"


def test_a_malformed_line_is_named() -> None:
    with pytest.raises(AssertionError, match=r"line 2: expected 'name==version', got 'uvicorn>=0.30'"):
        read_pins("fastapi==1.0\nuvicorn>=0.30\n")
