"""Tokens of measure texts, kept as ids of one vocabulary: what the comparison compares measures by."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Tokenize = Callable[[str], list[str]]


class TokenIds:
    """Each text's tokens as ids of one vocabulary, found once per text: a pair of documents is then weighted
    with numpy alone (Python for every token of every pair was 25 s of a first load's 1,600 pairs), and a
    text's tokens are kept as 4 bytes each (lists of strings for every measure on file took 1.5 GB)."""

    def __init__(self, tokenize: Tokenize) -> None:
        self.tokenize = tokenize
        self.vocabulary: dict[str, int] = {}
        self._words: list[str] = []
        self._ids: dict[str, np.ndarray] = {}

    def __call__(self, text: str) -> np.ndarray:
        ids = self._ids.get(text)
        if ids is None:
            ids = self._ids[text] = self.of_tokens(self.tokenize(text))
        return ids

    def tokens(self, text: str) -> list[str]:
        """The text's tokens, in order, as ``tokenize`` gave them."""
        words = self._words
        return [words[i] for i in self(text).tolist()]

    def of_tokens(self, tokens: list[str]) -> np.ndarray:
        vocabulary, words = self.vocabulary, self._words
        ids = []
        for token in tokens:
            found = vocabulary.get(token)
            if found is None:
                found = vocabulary[token] = len(words)
                words.append(token)
            ids.append(found)
        return np.array(ids, dtype=np.int32)


def token_ids_of(tokenize: Tokenize | TokenIds) -> TokenIds:
    """``tokenize`` as token ids: the caller's own, where it passes one to share its cache."""
    return tokenize if isinstance(tokenize, TokenIds) else TokenIds(tokenize)
