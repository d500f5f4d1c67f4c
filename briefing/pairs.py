"""`briefing compare OLD NEW`: what changed from one document to another, for files or stored documents."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from rich.table import Table

from briefing.compare.history import diff_documents
from briefing.compare.peers import map_goals
from briefing.compare.reuse import build_index, load_stock_phrases, shared_passages
from briefing.compare.taxonomy import load_taxonomy
from briefing.errors import InputError
from briefing.extract import EXTRACTOR_VERSION, extractor
from briefing.inspect import extract_files
from briefing.report.format import targets_text
from briefing.rules import DEFAULT_CONFIG_DIR
from briefing.store import seam
from briefing.tables import records, value_or_none
from briefing.winnow import content_positions


def _records(old: str, new: str, store_path: Path,
             config_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict[str, str], str, str]:
    """Documents, goals and measures holding both documents, their normalized texts, and their ids."""
    if Path(old).is_file() and Path(new).is_file():
        inspected = extract_files([Path(old), Path(new)], config_dir)
        if inspected.quarantined:
            record = inspected.quarantined[0]
            raise InputError(f"{record.path}: {record.reason}", record.hint)
        documents, goals, measures = seam.in_memory_records(inspected.extractions, EXTRACTOR_VERSION)
        old_id, new_id = (x.document.doc_id for x in inspected.extractions)
        texts = {x.document.doc_id: x.document.text for x in inspected.extractions}
        return documents, goals, measures, texts, old_id, new_id
    documents, goals, measures = seam.stored_records(store_path)
    known = set(documents["doc_id"])
    for doc_id in (old, new):
        if doc_id not in known:
            raise InputError(f"'{doc_id}' is neither a file nor a document id in {store_path}",
                             "give two file paths, or two ids from `briefing history`/goals.csv")
    return documents, goals, measures, seam.stored_texts(store_path, [old, new]), old, new


def _plain_rows(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{key: value_or_none(value) if not isinstance(value, list) else value for key, value in row.items()}
            for row in frame.to_dict(orient="records")]


def shared_passages_of(texts: dict[str, str], old_id: str, new_id: str, config_dir: Path) -> list[dict[str, Any]]:
    """The passages two documents share (stock phrasing aside), longest first: the span in each normalized
    text, the content characters matched, and the share of each document's content they make."""
    if old_id == new_id:
        return []
    pair = {old_id: texts[old_id], new_id: texts[new_id]}
    index = build_index(pair)
    passages = shared_passages(index, new_id, load_stock_phrases(config_dir))
    totals = {doc_id: max(1, len(content_positions(text))) for doc_id, text in pair.items()}
    return [{"length": int(row["length"]), "new_start": int(row["start"]), "new_end": int(row["end"]),
             "old_start": int(row["other_start"]), "old_end": int(row["other_end"]),
             "share_of_new": round(row["length"] / totals[new_id], 4),
             "share_of_old": round(row["length"] / totals[old_id], 4), "passage": row["passage"]}
            for row in records(passages)]


def compare_pair(old: str, new: str, store_path: Path, config_dir: Path = DEFAULT_CONFIG_DIR) -> dict[str, Any]:
    """The diff of two documents, each a file path or a document id in the store (old first)."""
    documents, goals, measures, texts, old_id, new_id = _records(old, new, store_path, config_dir)
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
        "passages": shared_passages_of(texts, old_id, new_id, config_dir),
    }


def comparison_tables(diff: dict[str, Any]) -> list[Table]:
    title = f"{diff['old']['title']} ({diff['old']['date'] or '?'}) → {diff['new']['title']} ({diff['new']['date'] or '?'})"
    tables = []
    for name in ("indicators", "themes", "measures", "passages"):
        rows = diff[name]
        table = Table(*(rows[0].keys() if rows else ["(none)"]), title=f"{name}: {title}")
        for row in rows:
            table.add_row(*("" if v is None else str(v) for v in row.values()))
        tables.append(table)
    return tables
