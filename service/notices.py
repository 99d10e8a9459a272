"""Notices: announcements outside the control list that name a text's goods, with their status on the day.

The October 2025 announcements (2025 Nos. 55, 57 and 58) control goods that appendix A does not list: holmium,
erbium, thulium, europium and ytterbium items, synthetic diamond micropowder and single crystals, diamond wire saws,
lithium iron phosphate... They were suspended until 2026-11-10, and what applies since is not in the material the
control list was built from. A verdict is on the control list only, so a text that names such goods keeps its
verdict, and says which announcement also names them and how it stands (``measures.announcement_status``: "suspended
until …", or "in force since … when its suspension ended; an extension … would not be known here"). A broker must
not read "not controlled" as "free to export" there.

What an announcement names is data: ``covers`` in ``service/data/controls.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from service.controls import ControlIndex
from service.controls.schema import Announcement
from service.measures import announcement_status
from service.scanner import normalize, term_key
from service.trie import CJK, NOT_AFTER, NOT_BEFORE, trie_regex

# A space in a name matches what ``scanner.normalize`` makes a space ("lithium-ion", "lithium  ion"): the text is
# searched as written, case-folded, not normalised first (every text pays for this search; normalising cost more than
# the search).
_SEPARATORS = r"[\s\-_\u2010\u2011\u2013]+"
# Full-width digits and Latin letters ("Ｅｒ２Ｏ３"): a text holding one is put in NFKC before the search.
_FULL_WIDTH = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def _escape(char: str) -> str:
    return _SEPARATORS if char == " " else re.escape(char)


class Notices:
    """``find(text, as_of)``: one line per announcement outside the list that names the text's goods."""

    def __init__(self, controls: ControlIndex) -> None:
        self._known_until = controls.controls.latest_material
        self._by_term: dict[str, list[Announcement]] = {}
        for announcement in controls.controls.announcements:
            for term in announcement.covers:
                self._by_term.setdefault(term_key(term), []).append(announcement)
        latin = sorted(k for k in self._by_term if not CJK.search(k))
        cjk = sorted(k for k in self._by_term if CJK.search(k))
        # The longest name at each place and none inside it: Latin names as whole words, those holding a CJK
        # character anywhere (``trie.terms_regex``'s rule). Two plain searches: the overlapping matches of
        # ``terms_regex``, or one pattern for both kinds, made the search half as slow again.
        patterns = [f"{NOT_BEFORE}(?:{trie_regex(latin, _escape)}){NOT_AFTER}"] if latin else []
        patterns += [trie_regex(cjk)] if cjk else []
        self._patterns = [re.compile(p) for p in patterns]

    def find(self, text: str, as_of: date) -> list[str]:
        # Only then, as ``scanner.normalize`` would: most Chinese texts are not in NFKC (full-width punctuation), and
        # normalising them cost more than the search.
        if _FULL_WIDTH.search(text):
            text = unicodedata.normalize("NFKC", text)
        folded = text.casefold()
        hits = [m for rx in self._patterns for m in rx.finditer(folded)]
        if not hits:  # nearly every text
            return []
        hits.sort(key=lambda m: m.start())
        as_written = len(folded) == len(text)  # else ("ß" -> "ss") the names are given case-folded
        named: dict[str, tuple[Announcement, list[str]]] = {}
        for m in hits:
            found = m.group()
            for announcement in self._by_term.get(normalize(found).strip(), ()):
                if as_of >= announcement.published:  # not before it was made public
                    written = text[m.start() : m.end()] if as_written else found
                    named.setdefault(announcement.id, (announcement, []))[1].append(written)
        return [self._notice(a, terms, as_of) for a, terms in named.values()]

    def _notice(self, announcement: Announcement, terms: list[str], as_of: date) -> str:
        status = announcement_status(announcement, as_of, self._known_until)
        written = ", ".join(f"'{t}'" for t in dict.fromkeys(terms))
        return (
            f"{announcement.title} ({announcement.id}) names {written}, which the control list checked here does not "
            f"list: {announcement.measure} ({status.note}). This verdict does not include it."
        )
