"""Goals in indicator tables: pipe-drawn (one cell per line, as in document 004, or one row per line, as HTML
tables arrive from ingestion) and whitespace/tab-separated tables.

Rows with a header ("指标 | 单位 | 2020年 | 2025年 | 属性") are read by column. Cell streams without row
boundaries are anchored on the unit column instead, because merged category cells ("总体", "数字产业化") make
their rows differ in length: indicator | unit | base-year value | target-year value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from briefing.extract.numbers import MASK_CHARS, parse_number
from briefing.models import Document, Goal, Provenance
from briefing.rules import GoalRules

_YEAR_HEADER = re.compile(r"^(?P<year>20\d\d)年?(?:目标|目标值|基期|基数|预期)?$")
_SUBROW_PREFIX = re.compile(r"^其中[:：]?")
_VALUE = re.compile(r"^(?:\d+(?:\.\d+)?|[□×]+|/|—|-|－)$")
_UNIT_IN_LABEL = re.compile(r"[(（](?P<unit>[^()（）]{1,8})[)）]$")
_BINDING = re.compile(r"约束性|预期性")
# A unit written into an indicator cell: "(%)", "(亿户)", "(万吨标准煤)"; "(含5G工厂)" is part of the name.
_LABEL_UNIT = re.compile(r"^(?:[万亿千百]+)?(?:元|美元|户|人|人次|家|个|项|件|台|套|次|条|座|所|吨|吨标准煤|千瓦时|亩|"
                         r"PB|EB|Gbps|Mbps|%|个百分点|‰)$")
_WIDE_GAP = re.compile(r"\t+|\s{2,}")
RULE_UNIT_COLUMN = "goal.table.unit_column"
RULE_HEADER_COLUMNS = "goal.table.header_columns"


@dataclass(frozen=True)
class Cell:
    text: str
    start: int
    end: int


def _split_cells(line: str, offset: int, separator: re.Pattern[str]) -> list[Cell]:
    cells: list[Cell] = []
    position = 0
    for match in [*separator.finditer(line), None]:
        end = match.start() if match else len(line)
        part = line[position:end]
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(stripped, offset + position + lead, offset + position + lead + len(stripped)))
        position = match.end() if match else len(line)
    return cells


def table_blocks(text: str) -> Iterator[list[list[Cell]]]:
    """Runs of consecutive table lines (with a pipe, or with tab/wide-space columns), as rows of cells."""
    rows: list[list[Cell]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if "|" in body:
            rows.append(_split_cells(body, position, re.compile(r"\|")))
        elif len(_WIDE_GAP.split(body.strip())) >= 3:
            rows.append(_split_cells(body, position, _WIDE_GAP))
        elif rows and body.strip():
            yield rows
            rows = []
        position += len(line)
    if rows:
        yield rows


def _value(cell: Cell) -> tuple[Decimal | None, bool]:
    if cell.text and cell.text[0] in MASK_CHARS:
        return None, True
    return parse_number(cell.text) if _VALUE.match(cell.text) else None, False


@dataclass(frozen=True)
class _Row:
    label: Cell
    unit: str | None
    target: Cell
    baseline: Cell | None
    binding: str | None


def _goal(document: Document, row: _Row, target_year: int, base_year: int | None, rule_id: str,
          units: set[str]) -> Goal | None:
    value, placeholder = _value(row.target)
    if value is None and not placeholder:
        return None
    baseline = _value(row.baseline)[0] if row.baseline else None
    label = _SUBROW_PREFIX.sub("", row.label.text)
    unit = row.unit
    unit_match = _UNIT_IN_LABEL.search(label)
    if unit_match and (unit_match.group("unit") in units or _LABEL_UNIT.match(unit_match.group("unit"))):
        label, unit = label[:unit_match.start()], unit or unit_match.group("unit")
    start, end = row.label.start, row.target.end
    return Goal(
        indicator=label, value=value, value_max=None, unit=unit, year=target_year, comparator="=", hedge=False,
        baseline_value=baseline, baseline_year=base_year if baseline is not None else None,
        placeholder=placeholder, quote=document.text[start:end],
        provenance=Provenance(
            doc_id=document.doc_id, section_path=document.section_path_at(start),
            sentence=" | ".join(c.text for c in (row.label, row.target)), span=(start, end),
            original_span=document.original_span(start, end), rule_id=rule_id),
        binding=row.binding,
    )


def _header_rows(rows: list[list[Cell]], document: Document, units: set[str]) -> list[Goal]:
    """Rows read by the columns their header names."""
    header_index = next((i for i, row in enumerate(rows)
                         if sum(bool(_YEAR_HEADER.match(c.text)) for c in row) >= 1 and len(row) >= 3
                         and any("指标" in c.text or "名称" in c.text for c in row)), None)
    if header_index is None:
        return []
    header = [c.text for c in rows[header_index]]
    years = [(i, int(m.group("year"))) for i, text in enumerate(header) if (m := _YEAR_HEADER.match(text))]
    label_column = next(i for i, text in enumerate(header) if "指标" in text or "名称" in text)
    unit_column = next((i for i, text in enumerate(header) if "单位" in text), None)
    (target_column, target_year) = years[-1]
    base_column, base_year = years[0] if len(years) > 1 else (None, None)
    goals = []
    for row in rows[header_index + 1:]:
        shift = len(header) - len(row)  # merged cells on the left (a category spanning rows) are missing
        if shift < 0 or len(row) <= target_column - shift or target_column - shift < 0:
            continue

        def cell(column: int | None) -> Cell | None:
            index = None if column is None else column - shift
            return row[index] if index is not None and 0 <= index < len(row) else None

        label, target = cell(label_column), cell(target_column)
        if label is None or target is None or not label.text or _VALUE.match(label.text):
            continue
        binding = next((m.group(0) for c in row if (m := _BINDING.search(c.text))), None)
        unit_cell = cell(unit_column)
        parsed = _Row(label, unit_cell.text if unit_cell and unit_cell.text else None, target,
                      cell(base_column), binding)
        if goal := _goal(document, parsed, target_year, base_year, RULE_HEADER_COLUMNS, units):
            goals.append(goal)
    return goals


def _unit_anchored(rows: list[list[Cell]], document: Document, units: set[str]) -> list[Goal]:
    """A stream of cells without row boundaries: each unit cell anchors indicator | unit | base | target."""
    block = [c for row in rows for c in row]
    first_unit = next((i for i, cell in enumerate(block) if cell.text in units), None)
    if first_unit is None:
        return []
    years = [int(m.group("year")) for cell in block[:first_unit] if (m := _YEAR_HEADER.match(cell.text))]
    if not years:
        return []
    base_year, target_year = (years[0], years[-1]) if len(years) > 1 else (None, years[0])
    value_columns = 2 if base_year is not None else 1
    cells = [c for c in block if c.text]
    goals = []
    for i, cell in enumerate(cells):
        if cell.text not in units or i == 0:
            continue
        values = cells[i + 1: i + 1 + value_columns]
        if len(values) < value_columns or not all(_VALUE.match(v.text) for v in values):
            continue
        label = cells[i - 1]
        if _VALUE.match(label.text) or label.text in units or _YEAR_HEADER.match(label.text):
            continue
        following = cells[i + 1 + value_columns: i + 3 + value_columns]
        binding = next((m.group(0) for c in following if (m := _BINDING.search(c.text))), None)
        row = _Row(label, cell.text, values[-1], values[0] if value_columns == 2 else None, binding)
        if goal := _goal(document, row, target_year, base_year, RULE_UNIT_COLUMN, units):
            goals.append(goal)
    return goals


def table_goals(document: Document, rules: GoalRules) -> list[Goal]:
    units = {rule.unit for rule in rules.units}
    goals: list[Goal] = []
    for rows in table_blocks(document.text):
        by_header = _header_rows(rows, document, units) if max(len(r) for r in rows) >= 3 else []
        goals.extend(by_header or _unit_anchored(rows, document, units))
    return goals
