"""The project's documents: a relative link in its Markdown names a file that is there.

Documents are moved and split as the project grows (benchmarks/README.md's session entries went to
benchmarks/JOURNAL.md); a link left pointing at the old place would send a reader nowhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

# [text](target) or [text](target#anchor); an absolute URL or a bare anchor is not a file.
LINK = re.compile(r"\]\(([^)\s]+)\)")
SKIPPED = (".venv", "node_modules", ".git", "out")


def markdown_files() -> list[Path]:
    return sorted(
        path
        for path in REPO.rglob("*.md")
        if not any(part in SKIPPED or part.startswith(".") for part in path.relative_to(REPO).parts[:-1])
        and "egg-info" not in str(path)
    )


def broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(path.read_text(encoding="utf-8")):
        if re.match(r"[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
            continue
        if not (path.parent / target.split("#", 1)[0]).exists():
            broken.append(target)
    return broken


def test_the_project_has_markdown_documents() -> None:
    names = {str(p.relative_to(REPO)) for p in markdown_files()}
    assert {"README.md", "benchmarks/README.md", "benchmarks/JOURNAL.md", "docs/history.md"} <= names


@pytest.mark.parametrize("path", markdown_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_name_files_that_exist(path: Path) -> None:
    assert broken_links(path) == []


def test_a_link_to_a_missing_file_is_found(tmp_path: Path) -> None:
    (tmp_path / "there.md").write_text("x", encoding="utf-8")
    doc = tmp_path / "doc.md"
    doc.write_text(
        "[ok](there.md) [anchor](there.md#a) [web](https://example.org/x) [self](#top) [gone](missing/README.md)",
        encoding="utf-8",
    )
    assert broken_links(doc) == ["missing/README.md"]
