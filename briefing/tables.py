"""The tables that cross a stage boundary, each with its columns declared once.

The store's read views select these columns, the comparison builds its frames from them, the comparison
snapshot is saved and read back through them, and the report reads rows of them. A frame is conformed where
it is made: the declared columns in order, each value of its kind, and a missing value is None (NaN only in
float columns), so ``missing`` below is the one test for "no value" anywhere.

Kinds: ``text``; ``int`` and ``float``; ``flag`` (0/1 as SQLite stores booleans); ``bool`` (True/False, for
flags computed by a stage); ``decimal`` (exact numbers
kept as text, "1352.20"); ``json`` (a list or mapping kept as JSON text, as the store keeps it); ``list`` (a
Python list, for frames that never pass through SQL columns).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

Kind = Literal["text", "int", "float", "flag", "bool", "decimal", "json", "list"]
KINDS: tuple[Kind, ...] = ("text", "int", "float", "flag", "bool", "decimal", "json", "list")


def missing(value: object) -> bool:
    """No value: None, NaN, pandas' NA, or an empty string."""
    if value is None or value is pd.NA or value == "":
        return True
    return isinstance(value, float) and math.isnan(value)


def value_or_none(value: object) -> Any:
    """The value, or None where it is missing; numpy scalars become Python numbers."""
    if missing(value):
        return None
    return value.item() if hasattr(value, "item") else value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts of plain Python values, like ``frame.to_dict("records")`` but built column by
    column: pandas boxes every value of an object column in its own call, seconds for frames of the whole
    store."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in zip(*(frame[column].tolist() for column in columns))]


def records_by(frame: pd.DataFrame, column: str) -> dict[Any, list[dict[str, Any]]]:
    """The rows as ``records``, grouped by one column's value in the frame's order: a section that takes
    each document's rows asks a dict, not the frame (a mask or a group per document made the cards and the
    change sets of a 2,000-document run a minute of pandas indexing)."""
    grouped: dict[Any, list[dict[str, Any]]] = {}
    for row in records(frame):
        grouped.setdefault(row[column], []).append(row)
    return grouped


def json_value(value: object, default: Any = None) -> Any:
    """A json column's value decoded (an empty list where it is missing)."""
    if missing(value):
        return [] if default is None else default
    return json.loads(value) if isinstance(value, str) else value


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, Kind], ...]
    #: further columns of this kind may follow the declared ones (the theme matrix has one per theme)
    extra: Kind | None = None

    @property
    def names(self) -> list[str]:
        return [name for name, _ in self.columns]

    def kind(self, column: str) -> Kind:
        return dict(self.columns).get(column) or self.extra or "text"

    def frame(self, rows: Iterable[Mapping[str, object]] = ()) -> pd.DataFrame:
        """A conformed frame from records; a column a record lacks is missing in that row."""
        records = list(rows)
        columns = self.names + ([c for c in (records[0] if records else {}) if c not in self.names]
                                if self.extra else [])
        return self.conform(pd.DataFrame.from_records(records, columns=columns))

    def conform(self, frame: pd.DataFrame) -> pd.DataFrame:
        """The declared columns in order (missing ones added empty), extra ones kept where allowed."""
        extra = [c for c in frame.columns if c not in self.names] if self.extra else []
        result = pd.DataFrame(index=frame.index)
        for column in [*self.names, *extra]:
            values = frame[column] if column in frame.columns else pd.Series([None] * len(frame), index=frame.index,
                                                                               dtype=object)
            result[column] = _as_kind(values, self.kind(column))
        return result.reset_index(drop=True)

    def to_json(self, frame: pd.DataFrame) -> str:
        """The frame as JSON, column by column (``{"column": [values...]}``, None for missing): the JSON
        encoder works on whole lists, several times faster than on a dict per row for frames of the whole store."""
        columns = {column: frame[column].astype(object).where(~_missing_mask(frame[column]), None).tolist()
                   for column in frame.columns}
        return json.dumps(columns, ensure_ascii=False)

    def from_json(self, text: str) -> pd.DataFrame:
        """A frame saved by ``to_json``."""
        return self.conform(pd.DataFrame(json.loads(text)))


def _missing_mask(values: pd.Series) -> pd.Series:
    """``missing()`` of every value, computed by pandas over the whole column (frames of the whole store
    pass through here on every run)."""
    mask = values.isna()
    if values.dtype == object or isinstance(values.dtype, pd.StringDtype):
        mask |= values.eq("").fillna(False).astype(bool)
    return mask


def _all_text(values: pd.Series) -> bool:
    """Every value a string or missing (checked by pandas in one pass, not a Python call per value): a
    column of pandas' string dtype, as SQL text columns are read, or of objects that are all strings."""
    if isinstance(values.dtype, pd.StringDtype):
        return True
    return values.dtype == object and pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty")


def _text(values: pd.Series) -> pd.Series:
    """Strings as Python objects, None where missing (NaN of a string column too)."""
    return values.astype(object).where(~_missing_mask(values), None)


def _as_kind(values: pd.Series, kind: Kind) -> pd.Series:
    if kind == "float":
        return pd.to_numeric(values, errors="coerce").astype(float)
    if kind in ("int", "flag"):
        numbers = pd.to_numeric(values, errors="coerce")
        return numbers.astype("int64") if not numbers.isna().any() else numbers.astype(float)
    if kind == "bool":
        return values.where(~_missing_mask(values), False).astype(bool)
    if kind == "list":
        return values.map(lambda v: list(v) if isinstance(v, (list, tuple)) else json_value(v)).astype(object)
    if kind == "json":
        if _all_text(values):  # as the store reads it: only blanks become None
            return _text(values)
        return values.map(lambda v: None if missing(v) else v if isinstance(v, str)
                          else json.dumps(v, ensure_ascii=False)).astype(object)
    if _all_text(values):
        return _text(values)  # text already: only blanks become None
    return values.map(lambda v: None if missing(v) else str(v)).astype(object)


def _columns(spec: str) -> tuple[tuple[str, Kind], ...]:
    """ "doc_id title:text ordinal:int" -> pairs; a column without a kind is text."""
    pairs: list[tuple[str, Kind]] = []
    for item in spec.split():
        name, _, written = item.partition(":")
        kind = next(k for k in KINDS if k == (written or "text"))
        pairs.append((name, kind))
    return tuple(pairs)


# --- what the store holds ---------------------------------------------------------------------------------

DOCUMENTS = Table("documents", _columns(
    "doc_id title issuer province city county region level doc_number date doc_type draft:flag script "
    "first_run_id:int source goal_count:int measure_count:int"))
_GOAL = ("doc_id ordinal:int indicator value:decimal value_max:decimal unit year:int comparator hedge:flag "
         "baseline_value:decimal baseline_year:int placeholder:flag quote sentence section_path:json "
         "span_start:int span_end:int original_start:int original_end:int rule_id binding rule_ids:json "
         "confidence:float canonical_unit scaled_value:decimal")
GOAL_RECORDS = Table("goal_records", _columns(_GOAL))
GOALS = Table("goals", _columns(_GOAL + " region province city level document_title document_date corrected "
                                        "forced_indicator_id"))
_MEASURE = ("doc_id ordinal:int number title text responsible:json section_path:json span_start:int span_end:int "
            "original_start:int original_end:int rule_id themes:json instrument goal_ordinals:json")
MEASURE_RECORDS = Table("measure_records", _columns(_MEASURE))
MEASURES = Table("measures", _columns(_MEASURE + " region document_title"))
QUARANTINE = Table("quarantine", _columns("path content_hash reason hint"))
CORRECTIONS = Table("corrections", _columns("document quote action status detail"))
LINKS = Table("links", _columns("doc_id title draft:flag other_doc_id other_title other_draft:flag "
                                "similarity:float kind"))
RUNS = Table("runs", _columns(
    "run_id:int period started_at finished_at status documents_new:int documents_on_file:int goals:int "
    "measures:int quarantined:int output extractor_version documents_read:int documents_extracted:int delivery "
    "status_detail delivery_detail pid:int host output_dir"))
MANIFEST = Table("manifest", _columns("path content_hash status"))

# --- what the comparison makes ----------------------------------------------------------------------------

MAPPED_GOALS = Table("mapped_goals", _columns(
    _GOAL + " region province city level document_title document_date indicator_id indicator_name "
    "mapping_score:float is_new:bool value_common:float unit_common corrected"))
PEERS = Table("peers", _columns(
    "indicator_id indicator_name region level value:decimal value_max:decimal unit value_common:float "
    "unit_common year:int comparator hedge:flag baseline_value:decimal baseline_year:int annual_growth:float "
    "annual_change_pp:float rank:int regions_ranked:int placeholder:flag is_new:bool document_title doc_id "
    "ordinal:int confidence:float"))
REGIONS = Table("regions", _columns("region documents:int goals:int measures:int latest"))
PREDECESSORS = Table("predecessors", _columns(
    "doc_id title date predecessor_id predecessor_title predecessor_date region"))
INDICATOR_CHANGES = Table("indicator_changes", _columns(
    "indicator_id indicator_name statuses:list old_targets:list new_targets:list old_quote new_quote "
    "doc_id predecessor_id"))
THEME_CHANGES = Table("theme_changes", _columns("theme status doc_id predecessor_id"))
MEASURE_CHANGES = Table("measure_changes", _columns(
    "status number title old_number old_title similarity:float doc_id predecessor_id"))
THEME_MATRIX = Table("theme_matrix", _columns("doc_id region title"), extra="int")
THEME_CONTRASTS = Table("theme_contrasts", _columns("doc_id region unique_themes:list missing_themes:list"))
REUSE = Table("reuse", _columns(
    "doc_id other_doc_id start:int end:int other_start:int other_end:int length:int passage"))
REUSE_SHARES = Table("reuse_shares", _columns("doc_id reuse_share:float sources:int"))
GOAL_LINKS = Table("goal_links", _columns(
    "doc_id goal_ordinal:int indicator measure_ordinal:int measure_number measure_title link shared_words"))
UNSUPPORTED_GOALS = Table("unsupported_goals", _columns("doc_id ordinal:int region indicator year:int quote "
                                                        "document_title"))
