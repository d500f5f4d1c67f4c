"""`briefing history` as an operator reads it: a table on a terminal, full values in a pipe or a log, JSON or
CSV for scripts.

Rich cuts a table to the terminal's width, and to 80 columns when there is no terminal ("202…", "suc…"), so
output that is not for a terminal is laid out here with every value whole.
"""

from __future__ import annotations

import csv
import io
import json
from enum import Enum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the command line imports this module before it knows it will list anything
    import pandas as pd


class ListingFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


#: (heading, record key) of each column, in order; the JSON and CSV keys are the record keys
COLUMNS = (("run", "run_id"), ("period", "period"), ("started (UTC)", "started_at"), ("status", "status"),
           ("read", "documents_read"), ("extracted", "documents_extracted"), ("new", "documents_new"),
           ("on file", "documents_on_file"), ("goals", "goals"), ("quarantined", "quarantined"),
           ("delivery", "delivery"), ("output", "output"))
DETAILS = {"status": "status_detail", "delivery": "delivery_detail"}


def records(runs: pd.DataFrame) -> list[dict[str, object]]:
    """One dict a run, values as JSON has them (counts as integers, missing as null)."""
    keys = [key for _, key in COLUMNS] + list(DETAILS.values())
    return [{key: _plain(row.get(key)) for key in keys} for row in runs.to_dict("records")]


def _plain(value: object) -> object:
    from briefing.tables import value_or_none

    value = value_or_none(value)
    return int(value) if isinstance(value, float) and value.is_integer() else value


def cells(record: dict[str, object]) -> list[str]:
    """The row's cells as the table shows them: status and delivery with their detail."""
    def text(value: object) -> str:
        return "" if value is None else str(value)

    row = []
    for _, key in COLUMNS:
        detail = text(record.get(DETAILS[key])) if key in DETAILS else ""
        row.append(f"{text(record[key])}: {detail}" if detail else text(record[key]))
    return row


def as_json(runs: pd.DataFrame) -> str:
    return json.dumps(records(runs), ensure_ascii=False, indent=2)


def as_csv(runs: pd.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[key for _, key in COLUMNS] + list(DETAILS.values()), lineterminator="\n")
    writer.writeheader()
    writer.writerows(records(runs))
    return out.getvalue()


def as_plain_table(runs: pd.DataFrame) -> str:
    """Columns aligned by padding, no value cut: for a pipe or a log file."""
    rows = [[heading for heading, _ in COLUMNS], *(cells(record) for record in records(runs))]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows) + "\n"
