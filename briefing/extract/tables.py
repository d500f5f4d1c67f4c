"""Goals in indicator tables: pipe-drawn (one cell per line, as in document 004, or one row per line, as HTML
tables arrive from ingestion), whitespace/tab-separated tables, and cell streams of one cell a line with
blank lines between (as PDF and web copies lay tables out).

Rows with a header ("指标 | 单位 | 2020年 | 2025年 | 属性") are read by column. Cell streams without row
boundaries are anchored on the unit column instead, because merged category cells ("总体", "数字产业化") make
their rows differ in length: indicator | unit | one value per year column. With two or more year columns the
first is the base year (unless the document's own year says it is a target year) and every later column is a
target: "2020年 | 2023年 | 2025年" gives two goals per row, each with the 2020 value as its baseline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from briefing.extract.numbers import parse_number
from briefing.extract.units import Units
from briefing.models import Comparator, Document, Goal, Provenance
from briefing.rules import GoalRules


class Cell(NamedTuple):
    """One cell of a table: its text and where it stands in the normalized text (a tuple: tables have many)."""

    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_UNIT_IN_LABEL = re.compile(r"[(](?P<unit>[^()]{1,8})[)]$")
_WIDE_GAP = re.compile(r"\t+|\s{2,}")
_PIPE = re.compile(r"\|")
# A cell of a one-cell-a-line table is short and is no sentence.
_MAX_CELL_LENGTH = 40
_SENTENCE_END = re.compile(r"[。；;]$|[。]")


@dataclass(frozen=True)
class _Value:
    number: Decimal | None
    placeholder: bool
    comparator: Comparator
    present: bool


@dataclass(frozen=True)
class _Row:
    label: Cell
    unit: str | None
    values: tuple[Cell, ...]
    binding: str | None


def _split_cells(line: str, offset: int, separator: re.Pattern[str]) -> list[Cell]:
    cells: list[Cell] = []
    position = 0
    for match in [*separator.finditer(line), None]:
        end = match.start() if match else len(line)
        part = line[position:end]
        stripped = part.strip()
        lead = len(part) - len(part.lstrip())
        cells.append(Cell(stripped, offset + position + lead))
        position = match.end() if match else len(line)
    return cells


def table_blocks(text: str) -> Iterator[list[list[Cell]]]:
    """Runs of consecutive table lines (with a pipe, or with tab/wide-space columns), as rows of cells."""
    rows: list[list[Cell]] = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\n")
        if "|" in body:
            rows.append(_split_cells(body, position, _PIPE))
        elif len(_WIDE_GAP.split(body.strip())) >= 3:
            rows.append(_split_cells(body, position, _WIDE_GAP))
        elif rows and body.strip():
            yield rows
            rows = []
        position += len(line)
    if rows:
        yield rows


class TableReader:
    """Compiled table rules; build once per rule set."""

    def __init__(self, rules: GoalRules, units: Units) -> None:
        self.rules = rules.tables
        self.units = units
        self.year_header = re.compile(self.rules.year_header)
        self.subrow_prefix = re.compile(self.rules.subrow_prefix)
        self.value = re.compile(self.rules.value)
        self.binding = re.compile(self.rules.binding)
        self.after_comparators = {w: c.comparator for c in rules.comparators for w in c.after}

    # --- blocks --------------------------------------------------------------------------------------------

    def cell_streams(self, text: str) -> Iterator[list[list[Cell]]]:
        """One cell a line: from a header cell ("指标") through the following short lines, blank lines between."""
        lines: list[Cell] = []
        position = 0
        collecting = False
        for line in text.splitlines(keepends=True):
            body = line.strip()
            start = position + len(line) - len(line.lstrip())
            position += len(line)
            if not body:
                continue
            if "|" in body or len(_WIDE_GAP.split(body)) >= 3:
                if lines:  # pipe and column tables are read as such
                    yield [lines]
                lines, collecting = [], False
                continue
            short = len(body) <= _MAX_CELL_LENGTH and not _SENTENCE_END.search(body)
            if collecting and short:
                lines.append(Cell(body, start))
                continue
            if lines:
                yield [lines]
            lines = []
            collecting = short and any(word in body for word in self.rules.label_header) and len(body) <= 8
            if collecting:
                lines.append(Cell(body, start))
        if lines:
            yield [lines]

    # --- values --------------------------------------------------------------------------------------------

    def is_value(self, text: str) -> bool:
        return bool(self.value.match(text))

    def read_value(self, cell: Cell | None) -> _Value:
        match = self.value.match(cell.text) if cell else None
        if match is None:
            return _Value(None, False, "=", False)
        if match.group("mask"):
            return _Value(None, True, "=", True)
        if match.group("number"):
            comparator: Comparator = self.after_comparators.get(match.group("after") or "", "=")  # type: ignore[assignment]
            return _Value(parse_number(match.group("number")), False, comparator, True)
        return _Value(None, False, "=", False)  # "/", "—": no value

    def _years(self, cells: list[Cell], document_year: int | None) -> tuple[int | None, list[tuple[int, int]]]:
        """(base year, [(column index among the year columns, target year)]) of a header's year cells."""
        years = [int(m.group("year")) for cell in cells if (m := self.year_header.match(cell.text))]
        if len(years) >= 2 and (document_year is None or years[0] < document_year):
            return years[0], [(i, year) for i, year in enumerate(years) if i > 0]
        return None, list(enumerate(years))

    # --- goals ---------------------------------------------------------------------------------------------

    def _goals(self, document: Document, row: _Row, base_year: int | None, targets: list[tuple[int, int]],
               rule_id: str) -> list[Goal]:
        label = self.subrow_prefix.sub("", row.label.text)
        unit = row.unit
        if (match := _UNIT_IN_LABEL.search(label)) and self.units.is_unit(match.group("unit")):
            label, unit = label[:match.start()], unit or match.group("unit")
        base = self.read_value(row.values[0]) if base_year is not None else None
        form = self.units.lookup(unit)
        goals = []
        for index, target_year in targets:
            cell = row.values[index] if index < len(row.values) else None
            value = self.read_value(cell)
            if cell is None or (value.number is None and not value.placeholder):
                continue
            has_base = base is not None and base.number is not None
            start, end = row.label.start, cell.end
            rule_ids = [rule_id]
            if form:
                rule_ids.append(form.rule_id)
            goals.append(Goal(
                indicator=label, value=value.number, value_max=None, unit=unit, year=target_year,
                comparator=value.comparator, hedge=False,
                baseline_value=base.number if has_base and base else None,
                baseline_year=base_year if has_base else None,
                placeholder=value.placeholder, quote=document.text[start:end],
                provenance=Provenance(
                    doc_id=document.doc_id, section_path=document.section_path_at(start),
                    sentence=" | ".join(c.text for c in (row.label, cell)), span=(start, end),
                    original_span=document.original_span(start, end), rule_id=rule_id),
                binding=row.binding,
                rule_ids=tuple(rule_ids),
                canonical_unit=form.canonical if form else None,
                scaled_value=value.number * form.factor if form and value.number is not None else None,
            ))
        return goals

    def header_rows(self, rows: list[list[Cell]], document: Document, document_year: int | None) -> list[Goal]:
        """Rows read by the columns their header names."""
        labels = self.rules.label_header
        header_index = next((i for i, row in enumerate(rows)
                             if any(self.year_header.match(c.text) for c in row) and len(row) >= 3
                             and any(word in c.text for c in row for word in labels)), None)
        if header_index is None:
            return []
        header = rows[header_index]
        year_columns = [i for i, cell in enumerate(header) if self.year_header.match(cell.text)]
        base_year, targets = self._years(header, document_year)
        label_column = next(i for i, cell in enumerate(header) if any(word in cell.text for word in labels))
        unit_column = next((i for i, cell in enumerate(header)
                            if any(word in cell.text for word in self.rules.unit_header)), None)
        goals = []
        for row in rows[header_index + 1:]:
            shift = len(header) - len(row)  # merged cells on the left (a category spanning rows) are missing
            if shift < 0 or len(row) <= year_columns[-1] - shift or year_columns[0] - shift < 0:
                continue

            def cell(column: int | None) -> Cell | None:
                index = None if column is None else column - shift
                return row[index] if index is not None and 0 <= index < len(row) else None

            label = cell(label_column)
            if label is None or not label.text or self.is_value(label.text):
                continue
            values = tuple(c for c in (cell(column) for column in year_columns) if c is not None)
            binding = next((m.group(0) for c in row if (m := self.binding.search(c.text))), None)
            unit_cell = cell(unit_column)
            parsed = _Row(label, unit_cell.text if unit_cell and unit_cell.text else None, values, binding)
            goals.extend(self._goals(document, parsed, base_year, targets, self.rules.header_columns.id))
        return goals

    def unit_anchored(self, rows: list[list[Cell]], document: Document, document_year: int | None) -> list[Goal]:
        """A stream of cells without row boundaries: each unit cell anchors indicator | unit | values."""
        cells = [c for row in rows for c in row if c.text]
        first_unit = next((i for i, cell in enumerate(cells) if self.units.is_unit(cell.text)), None)
        first_value = next((i for i, cell in enumerate(cells) if self.is_value(cell.text)), None)
        header_end = first_unit if first_unit is not None else first_value
        if header_end is None:
            return []
        header = cells[:header_end]
        base_year, targets = self._years(header, document_year)
        columns = len([c for c in header if self.year_header.match(c.text)])
        if not columns:
            return []
        with_unit_column = first_unit is not None and any(
            word in c.text for c in header for word in self.rules.unit_header)
        goals = []
        for i, cell in enumerate(cells):
            if i == 0 or (with_unit_column and not self.units.is_unit(cell.text)):
                continue
            first = i + 1 if with_unit_column else i
            values = cells[first: first + columns]
            if len(values) < columns or not all(self.is_value(v.text) for v in values):
                continue
            label = cells[i - 1]
            if self.is_value(label.text) or self.units.is_unit(label.text) or self.year_header.match(label.text):
                continue
            following = cells[first + columns: first + columns + 2]
            binding = next((m.group(0) for c in following if (m := self.binding.search(c.text))), None)
            row = _Row(label, cell.text if with_unit_column else None, tuple(values), binding)
            goals.extend(self._goals(document, row, base_year, targets, self.rules.unit_column.id))
        return goals

    def goals(self, document: Document, document_year: int | None) -> list[Goal]:
        goals: list[Goal] = []
        for rows in table_blocks(document.text):
            by_header = self.header_rows(rows, document, document_year) if max(len(r) for r in rows) >= 3 else []
            goals.extend(by_header or self.unit_anchored(rows, document, document_year))
        for rows in self.cell_streams(document.text):
            goals.extend(self.unit_anchored(rows, document, document_year))
        return goals
