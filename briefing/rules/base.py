"""The base of every rule model: frozen, no unknown keys, regular expressions checked at load."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"bad regular expression: {exc}") from exc
    return pattern


Pattern = Annotated[str, AfterValidator(_compiles)]
#: A list of words or part-of-speech tags as config/ writes it.
Words = tuple[str, ...]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)




class IdentifiedRule(Rule):
    """A rule with a stable id, recorded on what it produces; alone, a rule whose logic is code."""

    id: str
