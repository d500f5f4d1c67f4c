"""A reviewer's corrections applied to the stored goals, from scratch on every run.

Every run first undoes what corrections did before (restores changed fields, shows dropped goals again,
removes added ones), then applies the corrections file as it is now, in one transaction: the stored goals are
always the extraction plus the current corrections. What each correction did is recorded per run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from briefing.corrections import ADDED_RULE_ID, Correction, find_in_text, same_quote
from briefing.store.database import Store

if TYPE_CHECKING:
    from briefing.extract.units import Units

@dataclass(frozen=True)
class CorrectionOutcome:
    correction: Correction
    #: applied or stale
    status: str
    detail: str

    @property
    def stale(self) -> bool:
        return self.status == "stale"

    def one_line(self) -> str:
        return (f"correction of {self.correction.document[:12]} ({self.correction.action}, "
                f"\"{self.correction.quote[:30]}\"): {self.detail}")


def undo_corrections(connection: sqlite3.Connection) -> None:
    connection.execute("DELETE FROM goals WHERE origin = 'correction'")
    for rowid, fields in connection.execute(
            "SELECT rowid, extracted_fields FROM goals WHERE extracted_fields IS NOT NULL").fetchall():
        saved = json.loads(fields)
        assignments = ", ".join(f"{column} = ?" for column in saved)
        connection.execute(f"UPDATE goals SET {assignments} WHERE rowid = ?", (*saved.values(), rowid))
    connection.execute("UPDATE goals SET dropped = 0, corrected = NULL, extracted_fields = NULL, "
                       "forced_indicator_id = NULL WHERE dropped != 0 OR corrected IS NOT NULL")


def _scaled(fields: dict[str, Any], units: Units) -> dict[str, Any]:
    factor, canonical = units.scale(fields.get("unit"))
    value = fields.get("value")
    return {"canonical_unit": canonical or None,
            "scaled_value": None if value is None else str(Decimal(value) * factor)}


def _fields(correction: Correction) -> tuple[dict[str, Any], str | None]:
    """The goal columns a correction sets (as the store keeps them), and the canonical indicator it names."""
    given = correction.set.given()
    forced = given.pop("indicator_id", None)
    if "hedge" in given:
        given["hedge"] = int(given["hedge"])
    return given, forced


def _matching_goal(connection: sqlite3.Connection, correction: Correction) -> tuple[int, dict[str, Any]] | None:
    connection.row_factory = sqlite3.Row
    try:
        rows = connection.execute("SELECT rowid AS id, * FROM goals WHERE doc_id = ? AND origin = 'extracted'",
                                  (correction.document,)).fetchall()
    finally:
        connection.row_factory = None
    for row in rows:
        if same_quote(row["quote"], correction.quote):
            return int(row["id"]), dict(row)
    return None


def _change(connection: sqlite3.Connection, correction: Correction, units: Units) -> str | None:
    found = _matching_goal(connection, correction)
    if found is None:
        return "no goal of the document has this quote"
    rowid, goal = found
    if correction.action == "drop":
        connection.execute("UPDATE goals SET dropped = 1, corrected = ? WHERE rowid = ?",
                           (correction.provenance, rowid))
        return None
    given, forced = _fields(correction)
    changed = {**given, **(_scaled({**goal, **given}, units) if {"unit", "value"} & set(given) else {})}
    # a second correction of the same goal keeps the values the extraction gave, not the first correction's
    saved = {**{column: goal[column] for column in changed}, **json.loads(goal["extracted_fields"] or "{}")}
    assignments = ", ".join(f"{column} = ?" for column in changed)
    connection.execute(f"UPDATE goals SET {assignments}{', ' if changed else ''}corrected = ?, "
                       "extracted_fields = ?, forced_indicator_id = ? WHERE rowid = ?",
                       (*changed.values(), correction.provenance, json.dumps(saved, ensure_ascii=False) if saved
                        else None, forced, rowid))
    return None


def _add(connection: sqlite3.Connection, correction: Correction, units: Units) -> str | None:
    row = connection.execute("SELECT text FROM documents WHERE doc_id = ?", (correction.document,)).fetchone()
    span = find_in_text(row[0], correction.quote) if row else None
    if span is None:
        return "the quote is not in the document's text"
    given, forced = _fields(correction)
    ordinal = connection.execute("SELECT COALESCE(MAX(ordinal), -1) + 1 FROM goals WHERE doc_id = ?",
                                 (correction.document,)).fetchone()[0]
    fields = {"comparator": "=", "hedge": 0, "placeholder": 0, **given}
    fields.update(_scaled(fields, units))
    columns = {"doc_id": correction.document, "ordinal": ordinal, **fields, "quote": row[0][span[0]:span[1]],
               "sentence": row[0][span[0]:span[1]], "section_path": "[]", "span_start": span[0], "span_end": span[1],
               # where the words stand in the source file is not known for a goal added by hand
               "original_start": -1, "original_end": -1,
               "rule_id": ADDED_RULE_ID, "rule_ids": json.dumps([ADDED_RULE_ID]), "confidence": 1.0,
               "origin": "correction", "corrected": correction.provenance, "forced_indicator_id": forced}
    connection.execute(f"INSERT INTO goals ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                       tuple(columns.values()))
    return None


def apply_corrections(db: Store, run_id: int, corrections: Sequence[Correction], units: Units,
                      indicator_ids: set[str]) -> list[CorrectionOutcome]:
    """Undo the corrections applied before, apply ``corrections``, and record what each did in this run."""
    outcomes = []
    with db.transaction() as connection:
        undo_corrections(connection)
        for correction in corrections:
            forced = correction.set.indicator_id
            if forced is not None and forced not in indicator_ids:
                problem: str | None = f"indicator id {forced!r} is not in config/indicators.yaml"
            else:
                problem = (_add if correction.action == "add" else _change)(connection, correction, units)
            outcomes.append(CorrectionOutcome(correction, "stale" if problem else "applied",
                                              problem or correction.provenance))
        connection.execute("DELETE FROM run_corrections WHERE run_id = ?", (run_id,))
        connection.executemany(
            "INSERT INTO run_corrections (run_id, position, document, quote, action, status, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(run_id, i, o.correction.document, o.correction.quote, o.correction.action, o.status, o.detail)
             for i, o in enumerate(outcomes)])
    return outcomes
