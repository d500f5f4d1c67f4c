"""A reviewer's corrections (config/corrections.yaml): goals dropped, changed or added by hand.

Corrections are keyed by document id and the goal's quote as extracted, never by position, so they survive a
rerun and a new extractor version (which extracts the document again). They are applied to the stored goals
after every store stage, from the file as it is then: the stored goals are always the extraction plus the
corrections of the file, a correction deleted from the file is undone, and one whose document or quote no
longer matches is reported (run log and the briefing's data-quality section), never silently ignored.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from pydantic import field_validator, model_validator

from briefing.rules import DEFAULT_CONFIG_DIR, load_model
from briefing.rules.base import Rule

CORRECTIONS_FILE = "corrections.yaml"
#: the rule id an added goal carries (its provenance), and its confidence: a reviewer read the sentence
ADDED_RULE_ID = "correction.added"


class GoalFields(Rule):
    """The fields of a goal a reviewer may set; a field left out keeps its extracted value."""

    indicator: str | None = None
    #: a canonical indicator of config/indicators.yaml, for a goal the taxonomy maps wrongly or not at all
    indicator_id: str | None = None
    value: str | None = None
    value_max: str | None = None
    unit: str | None = None
    year: int | None = None
    comparator: Literal[">", ">=", "=", "~", "<=", "<"] | None = None
    hedge: bool | None = None
    baseline_value: str | None = None
    baseline_year: int | None = None

    @field_validator("value", "value_max", "baseline_value", mode="before")
    @classmethod
    def _number(cls, value: object) -> object:
        if value is None:
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            raise ValueError(f"{value!r} is not a number") from None
        return str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")

    def given(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class Correction(Rule):
    """One goal dropped, changed or added. ``quote`` is the goal's quote as the briefing or `briefing review`
    shows it; for an added goal, a sentence (or part of one) of the document's text."""

    document: str
    quote: str
    action: Literal["drop", "change", "add"]
    set: GoalFields = GoalFields()
    reason: str
    date: dt.date

    @model_validator(mode="after")
    def _fields_fit_the_action(self) -> Correction:
        given = self.set.given()
        if self.action == "drop" and given:
            raise ValueError("a drop sets no fields")
        if self.action == "change" and not given:
            raise ValueError("a change sets at least one field")
        if self.action == "add" and not {"indicator", "value"} <= set(given):
            raise ValueError("an added goal needs at least its indicator and value")
        return self

    @property
    def provenance(self) -> str:
        """What the goal records of it: "corrected: reason, date"."""
        verb = {"drop": "dropped", "change": "corrected", "add": "added"}[self.action]
        return f"{verb}: {self.reason}, {self.date.isoformat()}"


class CorrectionsFile(Rule):
    corrections: tuple[Correction, ...] = ()

    @field_validator("corrections", mode="before")
    @classmethod
    def _none_is_empty(cls, value: object) -> object:
        return () if value is None else value  # "corrections:" with every item commented out


def load_corrections(config_dir: Path = DEFAULT_CONFIG_DIR) -> tuple[Correction, ...]:
    """The corrections of ``config_dir`` (none where the file is absent); a bad file is one ConfigError."""
    path = config_dir / CORRECTIONS_FILE
    return load_model(path, CorrectionsFile).corrections if path.is_file() else ()


def same_quote(stored: str, given: str) -> bool:
    """A stored quote matches the reviewer's, whatever white space either carries."""
    return "".join(stored.split()) == "".join(given.split())


def find_in_text(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in the document's normalized text (white space ignored), or None."""
    squashed = "".join(quote.split())
    if not squashed:
        return None
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    content = "".join(text[i] for i in positions)
    start = content.find(squashed)
    if start < 0:
        return None
    return positions[start], positions[start + len(squashed) - 1] + 1
