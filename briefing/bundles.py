"""The typed bundles the store seam loads for a stage: frames of the declared tables (briefing/tables.py)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from briefing.compare import Comparison


@dataclass(frozen=True)
class OnFile:
    """Everything stored, for the comparison: documents, goals, measures, texts, and which are new."""

    documents: pd.DataFrame
    goals: pd.DataFrame
    measures: pd.DataFrame
    texts: dict[str, str]
    new_doc_ids: frozenset[str]


@dataclass(frozen=True)
class BriefingInputs:
    """Everything the briefing of a run shows: its comparison and the run's own records."""

    run_id: int
    comparison: Comparison
    documents: pd.DataFrame
    measures: pd.DataFrame
    quarantine: pd.DataFrame
    links: pd.DataFrame
    #: the run's inputs: path, content hash, status (new, on_file, quarantined)
    manifest: pd.DataFrame
    new_doc_ids: frozenset[str]
