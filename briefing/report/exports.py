"""The briefing's tables for spreadsheets: goals.csv and measures.csv beside the PDF."""

from __future__ import annotations

import pandas as pd

from briefing.bundles import BriefingInputs

GOAL_COLUMNS = ["region", "document_title", "indicator", "indicator_id", "value", "value_max", "unit", "year",
                "comparator", "hedge", "baseline_value", "baseline_year", "placeholder", "quote", "section_path",
                "span_start", "span_end", "original_start", "original_end", "rule_id", "rule_ids", "confidence",
                "doc_id", "is_new", "corrected"]
MEASURE_COLUMNS = ["region", "document_title", "number", "title", "responsible", "section_path", "span_start",
                   "span_end", "original_start", "original_end", "rule_id", "doc_id"]


def _csv(frame: pd.DataFrame) -> bytes:
    # A BOM, so that spreadsheet programs open the Chinese text correctly; convert_dtypes keeps integer
    # columns with gaps as integers (2025, not 2025.0).
    return frame.convert_dtypes().to_csv(index=False).encode("utf-8-sig")


def goals_csv(inputs: BriefingInputs) -> bytes:
    return _csv(inputs.comparison.goals[GOAL_COLUMNS])


def measures_csv(inputs: BriefingInputs) -> bytes:
    if not inputs.every_measure:
        raise ValueError("measures.csv needs every measure on file: load the briefing with every_measure")
    return _csv(inputs.measures[MEASURE_COLUMNS])
