"""Goals in indicator tables drawn with pipes: one cell per line (document 004) or one row per line (HTML).

Rows are anchored on the unit column rather than counted, because merged category cells ("总体",
"数字产业化") make row lengths differ: indicator | unit | base-year value | target-year value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from briefing.extract.numbers import MASK_CHARS, parse_decimal
from briefing.models import Document, Goal, Provenance
from briefing.rules import GoalRules

_YEAR_HEADER = re.compile(r"^(20\d\d)年?(?:目标|目标值|基期|基数)?$")
_SUBROW_PREFIX = re.compile(r"^其中[:：]?")
_VALUE = re.compile(r"^(?:\d+(?:\.\d+)?|[□×]+|/|—|-)$")


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


def table_blocks(text: str) -> Iterator[list[Cell]]:
    """Runs of consecutive lines that contain a pipe, split into cells with their spans."""
    cells: list[Cell] = []
    position = 0
    for line in text.splitlines(keepends=True):
        if "|" in line:
            offset = position
            for part in line.rstrip("\n").split("|"):
                stripped = part.strip()
                lead = len(part) - len(part.lstrip())
                cells.append(Cell(stripped, offset + lead, offset + lead + len(stripped)))
                offset += len(part) + 1
        elif cells and line.strip():
            yield cells
            cells = []
        position += len(line)
    if cells:
        yield cells


def _cell_value(cell: Cell) -> tuple[Decimal | None, bool]:
    if cell.text and cell.text[0] in MASK_CHARS:
        return None, True
    return parse_decimal(cell.text), False


def table_goals(document: Document, rules: GoalRules) -> list[Goal]:
    units = {rule.unit for rule in rules.units}
    goals: list[Goal] = []
    for block in table_blocks(document.text):
        first_unit = next((i for i, cell in enumerate(block) if cell.text in units), None)
        if first_unit is None:
            continue
        years = [int(m.group(1)) for cell in block[:first_unit] if (m := _YEAR_HEADER.match(cell.text))]
        if not years:
            continue
        base_year, target_year = (years[0], years[-1]) if len(years) > 1 else (None, years[0])
        value_columns = 2 if base_year is not None else 1
        cells = [c for c in block if c.text]
        for i, cell in enumerate(cells):
            if cell.text not in units or i == 0:
                continue
            values = cells[i + 1: i + 1 + value_columns]
            if len(values) < value_columns or not all(_VALUE.match(v.text) for v in values):
                continue
            label = cells[i - 1]
            if _VALUE.match(label.text) or label.text in units or _YEAR_HEADER.match(label.text):
                continue
            target_cell = values[-1]
            value, placeholder = _cell_value(target_cell)
            if value is None and not placeholder:
                continue
            baseline = parse_decimal(values[0].text) if value_columns == 2 else None
            start, end = label.start, target_cell.end
            goals.append(Goal(
                indicator=_SUBROW_PREFIX.sub("", label.text),
                value=value,
                value_max=None,
                unit=cell.text,
                year=target_year,
                comparator="=",
                hedge=False,
                baseline_value=baseline,
                baseline_year=base_year if baseline is not None else None,
                placeholder=placeholder,
                quote=document.text[start:end],
                provenance=Provenance(
                    doc_id=document.doc_id,
                    section_path=document.section_path_at(start),
                    sentence=" | ".join(c.text for c in (label, cell, *values)),
                    span=(start, end),
                    original_span=document.original_span(start, end),
                    rule_id="goal.table.unit_column",
                ),
            ))
    return goals
