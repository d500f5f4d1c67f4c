"""Themes and policy-instrument types of measures, matched on jieba tokens.

Every theme and instrument keyword is added to the tokenizer's dictionary (with the domain user dictionary
in config/), so a keyword counts only where the tokenizer reads it as a word: "数据中心" in "大数据中心" is a
match, "人才" inside "人才培养" is one too, but "算法" in "计算法则" is not.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import jieba

from briefing.extract.tokens import Tokenizer
from briefing.rules import Rules


@dataclass(frozen=True)
class Classification:
    themes: tuple[str, ...]
    instrument: str | None


class MeasureClassifier:
    """Built once per rule set; the tokenizer loads its dictionary on first use (about a second)."""

    def __init__(self, rules: Rules, tokenizer: Tokenizer) -> None:
        self.rules = rules
        self.tokenizer = tokenizer
        self.theme_keywords = {rule.id: set(rule.keywords) for rule in rules.themes.themes}
        self.instrument_keywords = {rule.id: set(rule.keywords) for rule in rules.instruments.instruments}
        #: every theme and instrument keyword
        self.keywords = frozenset().union(*self.theme_keywords.values(), *self.instrument_keywords.values())
        longest_first = sorted(self.keywords, key=len, reverse=True)
        self._any_keyword = re.compile("|".join(map(re.escape, longest_first))) if longest_first else None

    def tokens(self, text: str) -> list[str]:
        return self.tokenizer.words(text)

    def keyword_tokens(self, text: str) -> list[str]:
        """The tokens of ``text`` that can be keywords, as segmenting the whole text would give them, in order.

        jieba segments each run of Han characters, letters and digits on its own (the pieces its
        ``re_han_default`` splits a text into), so a keyword can be a token only inside a piece that holds it
        as a substring: only those pieces are segmented. Segmenting every measure whole was two thirds of
        the extraction's time."""
        if self._any_keyword is None:
            return []
        search = self._any_keyword.search
        return [token for piece in jieba.re_han_default.split(text) if piece and search(piece)
                for token in self.tokens(piece)]

    def classify(self, text: str) -> Classification:
        tokens = self.keyword_tokens(text)
        present = set(tokens)
        themes = tuple(theme for theme, keywords in self.theme_keywords.items() if keywords & present)
        counts = Counter({instrument: sum(1 for token in tokens if token in keywords)
                          for instrument, keywords in self.instrument_keywords.items()})
        ranked = counts.most_common(2)
        instrument = None
        if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            instrument = ranked[0][0]
        return Classification(themes, instrument)
