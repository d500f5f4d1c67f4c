"""Edits with an offset map: a step turns a text into another and says, for every new character, which
character of its input it came from; chaining steps composes the maps, so every span found in the final
text points back into the file as it was read."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

Replacement = str | Callable[[re.Match[str]], str]


@dataclass(frozen=True)
class Edit:
    text: str
    #: source[i] = index in the step's input of new character i (len(text) entries)
    source: np.ndarray


def identity(text: str) -> Edit:
    return Edit(text, np.arange(len(text), dtype=np.int64))


def rewrite(text: str, pattern: re.Pattern[str], replacement: Replacement) -> Edit:
    """Replace every match; characters of a replacement map to the start of what they replaced."""
    pieces: list[str] = []
    index_parts: list[np.ndarray] = []
    position = 0
    for match in pattern.finditer(text):
        start, end = match.span()
        new = replacement(match) if callable(replacement) else match.expand(replacement)
        if new == match.group(0):
            continue
        pieces.append(text[position:start])
        index_parts.append(np.arange(position, start, dtype=np.int64))
        pieces.append(new)
        index_parts.append(np.full(len(new), start, dtype=np.int64))
        position = end
    if not pieces:
        return identity(text)
    pieces.append(text[position:])
    index_parts.append(np.arange(position, len(text), dtype=np.int64))
    return Edit("".join(pieces), np.concatenate(index_parts))


def translate(text: str, table: dict[int, str]) -> Edit:
    """A one-to-one character mapping (length preserved)."""
    return Edit(text.translate(table), np.arange(len(text), dtype=np.int64))


Step = Callable[[str], Edit]


def chain(text: str, steps: Sequence[Step]) -> Edit:
    source = np.arange(len(text), dtype=np.int64)
    for step in steps:
        edit = step(text)
        source = source[edit.source] if len(edit.source) else edit.source
        text = edit.text
    return Edit(text, source)
