"""`briefing compare OLD NEW`: what changed from one document to another, for files or stored documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rich.table import Table

from briefing.compare.history import diff_documents
from briefing.compare.peers import map_goals
from briefing.compare.taxonomy import load_taxonomy
from briefing.errors import InputError
from briefing.extract import EXTRACTOR_VERSION, extractor
from briefing.inspect import extract_files
from briefing.report.format import targets_text
from briefing.rules import DEFAULT_CONFIG_DIR
from briefing.store import seam
from briefing.tables import value_or_none


def _records(old: str, new: str, store_path: Path,
             config_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, str, str]:
    """Documents, goals and measures holding both documents, and their ids."""
    if Path(old).is_file() and Path(new).is_file():
        inspected = extract_files([Path(old), Path(new)], config_dir)
        if inspected.quarantined:
            record = inspected.quarantined[0]
            raise InputError(f"{record.path}: {record.reason}", record.hint)
        documents, goals, measures = seam.in_memory_records(inspected.extractions, EXTRACTOR_VERSION)
        old_id, new_id = (x.document.doc_id for x in inspected.extractions)
        return documents, goals, measures, old_id, new_id
    documents, goals, measures = seam.stored_records(store_path)
    known = set(documents["doc_id"])
    for doc_id in (old, new):
        if doc_id not in known:
            raise InputError(f"'{doc_id}' is neither a file nor a document id in {store_path}",
                             "give two file paths, or two ids from `briefing history`/goals.csv")
    return documents, goals, measures, old, new


def _plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: value_or_none(value) if not isinstance(value, list) else value for key, value in row.items()}
            for row in frame.to_dict(orient="records")]


def compare_pair(old: str, new: str, store_path: Path, config_dir: Path = DEFAULT_CONFIG_DIR) -> dict[str, Any]:
    """The diff of two documents, each a file path or a document id in the store (old first)."""
    documents, goals, measures, old_id, new_id = _records(old, new, store_path, config_dir)
    compiled = extractor(config_dir)
    mapped = map_goals(goals, load_taxonomy(config_dir), compiled.units, {new_id})
    diff = diff_documents(old_id, new_id, mapped, measures, compiled.classifier.tokens)
    indicators = diff["indicators"].drop(columns=["old_quote", "new_quote", "doc_id", "predecessor_id"])
    indicators["status"] = [", ".join(statuses) for statuses in indicators.pop("statuses")]
    indicators["old_targets"] = [targets_text(targets) for targets in indicators["old_targets"]]
    indicators["new_targets"] = [targets_text(targets) for targets in indicators["new_targets"]]
    titles = documents.set_index("doc_id")[["title", "region", "date"]]
    return {
        "old": {"doc_id": old_id, **{k: value_or_none(v) for k, v in titles.loc[old_id].items()}},
        "new": {"doc_id": new_id, **{k: value_or_none(v) for k, v in titles.loc[new_id].items()}},
        "indicators": _plain_rows(indicators[["indicator_id", "indicator_name", "status", "old_targets",
                                              "new_targets"]]),
        "themes": _plain_rows(diff["themes"][["theme", "status"]]),
        "measures": _plain_rows(diff["measures"].drop(columns=["doc_id", "predecessor_id"])),
    }


def comparison_tables(diff: dict[str, Any]) -> list[Table]:
    title = f"{diff['old']['title']} ({diff['old']['date'] or '?'}) → {diff['new']['title']} ({diff['new']['date'] or '?'})"
    tables = []
    for name, rows in (("indicators", diff["indicators"]), ("themes", diff["themes"]), ("measures", diff["measures"])):
        table = Table(*(rows[0].keys() if rows else ["(none)"]), title=f"{name}: {title}")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row.values()))
        tables.append(table)
    return tables
