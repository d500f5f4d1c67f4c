"""Themes and policy-instrument types of measures, matched on jieba tokens.

Every theme and instrument keyword is added to the tokenizer's dictionary (with the domain user dictionary
in config/), so a keyword counts only where the tokenizer reads it as a word: "数据中心" in "大数据中心" is a
match, "人才" inside "人才培养" is one too, but "算法" in "计算法则" is not.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

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

    def tokens(self, text: str) -> list[str]:
        return self.tokenizer.words(text)

    def classify(self, text: str) -> Classification:
        tokens = self.tokens(text)
        present = set(tokens)
        themes = tuple(theme for theme, keywords in self.theme_keywords.items() if keywords & present)
        counts = Counter({instrument: sum(1 for token in tokens if token in keywords)
                          for instrument, keywords in self.instrument_keywords.items()})
        ranked = counts.most_common(2)
        instrument = None
        if ranked and ranked[0][1] > 0 and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):
            instrument = ranked[0][0]
        return Classification(themes, instrument)
