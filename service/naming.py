"""Naming knowledge: how the controlled goods are written, and a fast index to find those names in a text.

``service/data/naming.yaml`` holds, per group (element) and per entry id, the English and Chinese names,
formulas, CAS numbers and trade names of the goods, plus the form vocabularies and label variants the
training generator uses. This module validates that file and builds a :class:`NamingIndex` whose
regular expressions are compiled once; ``find_terms`` / ``find_groups`` run per request to give evidence
("identified by 'Ga2O3'") and to choose between entries that share one code.

Matching rules: text and terms are NFKC-normalised (full-width letters, subscript digits); matching is
case-insensitive; Latin terms need word boundaries (letters/digits around them do not count as a match,
so "GaAs" is not found inside "InGaAs"); spaces and hyphens inside a term match any run of spaces,
hyphens or underscores; CJK terms match as substrings. Short Latin terms (<= 4 chars) with an upper-case
letter (GaN, InP, WC, APT, YAG) are matched case-sensitively. A bare element symbol is only evidence
when a grade, purity or form word follows it ("Ge 5N", "Sb 99.65%", "Dy metal").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "naming.yaml"

Label = Annotated[str, Field(pattern=r"^(\d{10}|NOCODE:[a-z0-9][a-z0-9-]*)$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GroupNames(_Model):
    symbol: str = ""
    names_en: list[str] = Field(min_length=1)
    names_zh: list[str] = Field(min_length=1)
    uses_en: list[str] = []
    uses_zh: list[str] = []


class FormVocab(_Model):
    en: list[str] = []
    zh: list[str] = []


class Grades(_Model):
    purity: dict[str, float]
    trade_en: list[str] = []
    trade_zh: list[str] = []


class Variant(_Model):
    """One way the good is traded: its label(s), the form vocabularies and the spec generators to use.
    Names left unset are inherited from the entry."""

    key: str
    labels: list[Label] = Field(min_length=1)
    forms: list[str] = ["none"]
    specs: list[str] = []
    weight: float = Field(default=1.0, gt=0)
    names_en: list[str] | None = None
    names_zh: list[str] | None = None
    formulas: list[str] | None = None
    cas: list[str] | None = None


class EntryNames(_Model):
    group: str
    names_en: list[str] = Field(min_length=1)
    names_zh: list[str] = Field(min_length=1)
    formulas: list[str] = []
    cas: list[str] = []
    trade: list[str] = []
    uses_en: list[str] = []
    uses_zh: list[str] = []
    purity: list[float] = []
    symbol_forms: bool = False
    variants: list[Variant] = Field(min_length=1)

    @property
    def labels(self) -> list[str]:
        seen: dict[str, None] = {}
        for v in self.variants:
            for label in v.labels:
                seen.setdefault(label, None)
        return list(seen)

    def all_terms(self) -> list[str]:
        """Every term that identifies this entry (entry-level and variant-level), without duplicates."""
        out: dict[str, None] = {}
        parts: list[Iterable[str]] = [self.names_en, self.names_zh, self.formulas, self.cas, self.trade]
        for v in self.variants:
            parts += [v.names_en or [], v.names_zh or [], v.formulas or [], v.cas or []]
        for part in parts:
            for term in part:
                if term.strip():
                    out.setdefault(term.strip(), None)
        return list(out)


class Naming(_Model):
    version: str
    groups: dict[str, GroupNames]
    grades: Grades
    forms: dict[str, FormVocab]
    entries: dict[str, EntryNames]
    cas_check: list[str] = []

    @model_validator(mode="after")
    def _references(self) -> Naming:
        for eid, entry in self.entries.items():
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", eid):
                raise ValueError(f"bad entry id {eid!r}")
            if entry.group not in self.groups:
                raise ValueError(f"entry {eid}: unknown group {entry.group!r}")
            for v in entry.variants:
                unknown = [f for f in v.forms if f not in self.forms]
                if unknown:
                    raise ValueError(f"entry {eid} variant {v.key}: unknown forms {unknown}")
        return self


# ----------------------------------------------------------------------------------------------- matching

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_SEP = re.compile(r"[\s\-_‐‑–]+")
_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_ALNUM_AFTER = r"(?![0-9A-Za-z])"
_SYMBOL_TAIL = (
    r"(?=[\s:：\-]*(?:\d(?:\.\d)?\s?N\d?(?![0-9A-Za-z])|\d{2}(?:[.,]\d+)?\s*%|"
    r"metal|ingots?|powders?|lumps?|granules?|pellets?|shots?|bars?|rods?|targets?|chunks?|pieces?|"
    r"金属|锭|粉|块|粒|靶))"
)


def normalize(text: str) -> str:
    """NFKC (full-width and sub/superscript characters to ASCII) with a few trade-text quirks unified."""
    text = unicodedata.normalize("NFKC", text)
    return text.replace("\u00a0", " ").replace("·", "·")


def _key(s: str) -> str:
    return _SEP.sub(" ", normalize(s).casefold()).strip()


def _is_case_sensitive(term: str) -> bool:
    return not _CJK.search(term) and len(term) <= 4 and any(c.isupper() for c in term)


def _term_regex(term: str) -> str:
    term = normalize(term)
    if _CJK.search(term):
        return re.escape(term)
    pieces = [re.escape(p) for p in _SEP.split(term) if p]
    body = r"[\s\-_‐‑–]*".join(pieces)
    return _ALNUM_BEFORE + body + _ALNUM_AFTER


class _Matcher:
    """Two precompiled alternations (case-insensitive / case-sensitive) that map hits back to terms."""

    def __init__(self, terms: Iterable[str], symbol: str = "") -> None:
        insensitive: list[str] = []
        sensitive: list[str] = []
        self._canon: dict[str, str] = {}
        for term in sorted(set(terms), key=lambda t: (-len(t), t)):
            (sensitive if _is_case_sensitive(term) else insensitive).append(term)
            self._canon.setdefault(_key(term), term)
        self._ci = (
            re.compile("|".join(_term_regex(t) for t in insensitive), re.IGNORECASE) if insensitive else None
        )
        self._cs = re.compile("|".join(_term_regex(t) for t in sensitive)) if sensitive else None
        self._sym = (
            re.compile(_ALNUM_BEFORE + re.escape(symbol) + _SYMBOL_TAIL)
            if symbol and len(symbol) <= 2
            else None
        )
        self._symbol = symbol

    def find(self, text: str) -> list[str]:
        found: dict[str, None] = {}
        for rx in (self._ci, self._cs):
            if rx is None:
                continue
            for m in rx.finditer(text):
                found.setdefault(self._canon.get(_key(m.group(0)), m.group(0)), None)
        if self._sym is not None and self._sym.search(text):
            found.setdefault(self._symbol, None)
        return list(found)


class NamingIndex:
    """Validated naming knowledge with precompiled matchers per entry and per group."""

    def __init__(self, naming: Naming) -> None:
        self.naming = naming
        self._entry: dict[str, _Matcher] = {}
        group_terms: dict[str, list[str]] = {g: [*n.names_en, *n.names_zh] for g, n in naming.groups.items()}
        for eid, entry in naming.entries.items():
            terms = entry.all_terms()
            symbol = naming.groups[entry.group].symbol if entry.symbol_forms else ""
            self._entry[eid] = _Matcher(terms, symbol)
            group_terms[entry.group].extend(terms)
        self._group = {g: _Matcher(t, naming.groups[g].symbol) for g, t in group_terms.items()}

    @property
    def entry_ids(self) -> list[str]:
        return list(self.naming.entries)

    def entry(self, entry_id: str) -> EntryNames:
        return self.naming.entries[entry_id]

    def find_terms(self, text: str, entry_ids: Iterable[str] | None = None) -> dict[str, list[str]]:
        """Entry-specific terms occurring in ``text``: ``{entry_id: [term, ...]}`` for entries with a hit.
        ``entry_ids=None`` searches every entry; unknown ids are ignored."""
        norm = normalize(text)
        ids = self._entry if entry_ids is None else entry_ids
        out: dict[str, list[str]] = {}
        for eid in ids:
            matcher = self._entry.get(eid)
            if matcher is None:
                continue
            hits = matcher.find(norm)
            if hits:
                out[eid] = hits
        return out

    def find_groups(self, text: str) -> dict[str, list[str]]:
        """Element / group terms found in ``text``: ``{group: [term, ...]}`` for groups with a hit."""
        norm = normalize(text)
        out: dict[str, list[str]] = {}
        for group, matcher in self._group.items():
            hits = matcher.find(norm)
            if hits:
                out[group] = hits
        return out


def load_naming(path: Path | str = DEFAULT_PATH) -> Naming:
    """Read and validate naming.yaml; raises ``ValueError`` naming the file on any problem."""
    path = Path(path)
    try:
        raw = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
        return Naming.model_validate(raw)
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise ValueError(f"naming file {path}: {exc}") from exc


@lru_cache(maxsize=4)
def naming_index(path: str = str(DEFAULT_PATH)) -> NamingIndex:
    """The index for ``path``, built once per process."""
    return NamingIndex(load_naming(path))
