"""The tokenizer shared by goal and measure extraction: jieba with the domain dictionary of config/.

Segmentation and part-of-speech tagging run without jieba's HMM: the HMM guesses words that are not in
the dictionary, which is slow (part-of-speech tagging with it is about 100 times slower here) and not what
the rules need; the domain words are in the user dictionary. Goal rules tag only the few characters
around a number, never whole documents.
"""

from __future__ import annotations

import logging
from collections import ChainMap
from functools import cached_property
from typing import TYPE_CHECKING

import jieba

if TYPE_CHECKING:
    import jieba.posseg

from briefing.rules import Rules


class Tokenizer:
    """Built once per rule set; the dictionary loads on first use (about a second)."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        #: characters tagged so far, for benchmarks: tagging is meant for the few characters around numbers
        self.tagged_characters = 0

    @cached_property
    def segmenter(self) -> jieba.Tokenizer:
        jieba.setLogLevel(logging.WARNING)
        segmenter = jieba.Tokenizer()
        segmenter.load_userdict(str(self.rules.user_dictionary))
        keyword_rules = (*self.rules.themes.themes, *self.rules.instruments.instruments)
        for rule in keyword_rules:
            for keyword in rule.keywords:
                segmenter.add_word(keyword, freq=2000)
        return segmenter

    @cached_property
    def tagger(self) -> jieba.posseg.POSTokenizer:
        import jieba.posseg  # most documents need no tagging; the import alone takes most of a second

        # POSTokenizer(segmenter) would read jieba's dictionary once more into a tag table equal to the one
        # jieba.posseg builds on import (about 45 MB in every process that tags); both come from the default
        # dictionary, which the segmenter uses too. The domain words' tags go into a layer above the shared one.
        tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
        tagger.tokenizer = self.segmenter
        tagger.word_tag_tab = ChainMap({}, jieba.posseg.dt.word_tag_tab)
        return tagger

    def words(self, text: str) -> list[str]:
        return self.segmenter.lcut(text, HMM=False)

    def tagged(self, text: str) -> list[tuple[str, str]]:
        """(word, part of speech) pairs in jieba's tag set (n noun, v verb, vn verbal noun, a adjective ...)."""
        self.tagged_characters += len(text)
        return [(pair.word, pair.flag) for pair in self.tagger.lcut(text, HMM=False)]
