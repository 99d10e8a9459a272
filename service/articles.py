"""Finished articles whose listed material is only a part: "Servo motor 400 W with samarium-cobalt rotor magnets",
"碲化镉薄膜太阳能组件", "永磁同步电机 7.5kW（转子内置含镝钕铁硼磁钢）".

The list names materials and a few machines, never the end products made with them (naming.yaml J6, J9, J12,
J14: motors with magnets, CdTe solar panels, finished lenses and detectors are not listed). A broker reading
"CdTe solar module 540 W" sees a solar module, and the export of a motor is not the export of its magnets. The
model learnt some of these from the generated data, but reads an unseen article by its listed words; this reads
which word names the goods.

An article word (naming.yaml ``articles``) names the goods when it is the head of the goods' phrase:
- it stands in the description's goods clause (``service.text.goods_clause``), before any word that introduces
  parts ("with", "containing", "含", "内置");
- no use word comes before it in that phrase ("magnets for servo motors", "用于电机的磁钢");
- no word that turns it into a use or a material follows it ("电机用磁钢", "motor grade", "锂电池负极材料");
- and it ends the phrase's nouns, as a head does in English and Chinese: what follows it in the phrase (which a
  use word ends: "solar cell for satellites") is figures, units and spec words (``specs``), or, after a space,
  Chinese words ("光伏组件 功率540W"), so "graphite pump seal" and "电机转子" are a seal and a rotor. Nothing after
  it names listed goods or a form of goods: no listed name (the naming scan's hits), no listed element in a
  formula, no form word ("solar module scrap"), except a form word counting pieces right after a number ("30块").
Names before the article modify it ("CdTe solar module", "SmCo servo motor"); names after the parts word are its
parts. Anything else is left to the model and the other rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from service.text import goods_clause
from service.trie import CJK, terms_regex, trie_regex

_LATIN_WORD = re.compile(r"[a-z]+")


class Articles(BaseModel):
    """naming.yaml ``articles``: the words, each English or Chinese (told apart by their characters)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: list[str] = []  # finished articles: "servo motor", "solar module", "电机", "光伏组件"
    parts: list[str] = []  # introduce the article's parts: "with", "containing", "含", "内置"
    uses: list[str] = []  # before an article, make it the goods' use: "for", "用于"
    not_after: list[str] = []  # right after an article, make it a use or a material: "grade", "用", "负极"
    trade: list[str] = []  # words of trade that name no goods: "quotation", "RFQ", "询价" ("RFQ for germanium ingot")
    specs: list[str] = []  # English words that may follow an article in its phrase: "type", "rated", "volts"


# A word that may name goods: three Latin letters or more, or a run of Chinese characters.
_GOODS_WORD = re.compile(r"[A-Za-z]{3,}|[\u3400-\u9fff]+")


@lru_cache(maxsize=8)
def first_use(uses: tuple[str, ...], trade: tuple[str, ...] = ()) -> Callable[[str], int | None]:
    """Where a text first turns to its goods' use ("for", "used in", "用于": naming.yaml ``articles.uses``) after
    naming some goods, or None. A use word counts only after a word that may name goods and is not a word of trade
    (``trade``: "Quotation for gallium metal", "RFQ for germanium ingot" ask about the goods that follow).
    One-character Chinese use words are left out: "供" is also "supply" ("厂家直供"). Built once per word lists: the
    speller and the arbiter ask the same."""
    found = terms_regex((u.casefold() for u in uses if not (CJK.search(u) and len(u) < 2)), ignore_case=True)
    trade_words = frozenset(w.casefold() for w in trade)

    def first(text: str) -> int | None:
        if found is None:
            return None
        for m in found.finditer(text):
            # Stops at the first such word: most texts begin with their goods.
            if any(w.group().casefold() not in trade_words for w in _GOODS_WORD.finditer(text, 0, m.start())):
                return m.start()
        return None

    return first


class ArticleFinder:
    """The article a text's goods are, if they are one (see the module's docstring)."""

    def __init__(self, articles: Articles, forms: Iterable[str], key: Callable[[str], str] = str.casefold) -> None:
        """``key``: a word as the searched text writes it (the naming index passes its normalising ``term_key``,
        so "built-in" is looked for as the normalised text has it)."""
        self._parts = terms_regex(map(key, articles.parts))
        self._uses = terms_regex(map(key, articles.uses))
        # Right after the article, after at most a space (a plain pattern: it is matched at one place).
        not_after = [k for k in map(key, articles.not_after) if k]
        self._not_after = re.compile(r" ?(?:" + trie_regex(not_after) + ")") if not_after else None
        self._forms = terms_regex(map(key, forms))
        self._specs = frozenset(map(key, articles.specs))

    def find(
        self,
        text: str,
        articles: Sequence[tuple[int, int]],
        name_starts: Sequence[int],
        names_listed: Callable[[str], bool],
    ) -> str | None:
        """The article word that names ``text``'s goods, or None.

        ``text``: normalised (``service.scanner.normalize``); ``articles``: where the naming scan found article
        words in it (the longest at each place), and ``name_starts`` listed names; ``names_listed(part)``:
        whether ``part`` of it names a listed element in a formula."""
        folded = text.casefold()
        if len(folded) != len(text):  # positions must be the text's own ("ß" -> "ss")
            return None
        clause = goods_clause(folded)
        offset = folded.find(clause) if clause else -1
        if offset < 0:
            return None
        end = offset + len(clause)
        parts = self._parts.search(folded, offset, end) if self._parts else None
        if parts is not None:
            end = parts.start()
        found: str | None = None
        for start, stop in sorted(articles):
            if start < offset or stop > end:
                continue
            if self._uses is not None and self._uses.search(folded, offset, start):
                break  # this and every later article word are in a use phrase
            if self._not_after is not None and self._not_after.match(folded, stop):
                continue
            # A use word after the article ends its phrase: "GaAs solar cell for satellites" is a solar cell.
            use = self._uses.search(folded, stop, end) if self._uses is not None else None
            phrase_end = use.start() if use is not None else end
            if any(stop <= s < phrase_end for s in name_starts):
                continue
            tail = folded[stop:phrase_end]
            if not self._ends_nouns(tail):
                continue
            if self._forms is not None and any(
                not tail[: f.start()].rstrip().endswith(tuple("0123456789")) for f in self._forms.finditer(tail)
            ):
                continue
            if names_listed(text[stop:phrase_end]):
                continue
            found = text[start:stop]
        return found

    def _ends_nouns(self, tail: str) -> bool:
        """Whether ``tail``, the rest of the phrase after an article word, holds no noun that the article would
        modify: no Chinese right after it, and no Latin word of more than three letters but spec words (figures
        and units, "400 w", "24v 3000rpm", "ip65", have none)."""
        if tail[:1] and CJK.match(tail):
            return False
        return all(len(word) <= 3 or word in self._specs for word in _LATIN_WORD.findall(tail))
