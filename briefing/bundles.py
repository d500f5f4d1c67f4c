"""The typed bundles the store seam loads for a stage: frames of the declared tables (briefing/tables.py)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import pandas as pd

from briefing import tables
from briefing.tables import Table
from briefing.winnow import Fingerprints


@dataclass(frozen=True)
class Comparison:
    #: every stored goal with region, canonical indicator (id, name, score), common-unit value, is_new
    goals: pd.DataFrame
    #: canonical indicator x region: latest target, common unit, implied annual growth, rank within level
    peers: pd.DataFrame
    #: one row per region: documents, goals, measures, latest document date
    regions: pd.DataFrame
    #: new documents and the same region's earlier plan
    predecessors: pd.DataFrame
    indicator_changes: pd.DataFrame
    theme_changes: pd.DataFrame
    measure_changes: pd.DataFrame
    #: documents x themes (0/1), and per new document the themes only it has and those it lacks
    theme_matrix: pd.DataFrame
    theme_contrasts: pd.DataFrame
    #: passages new documents share with others (spans in both), and each new document's reuse share
    reuse: pd.DataFrame
    reuse_shares: pd.DataFrame
    #: which measures support which goal of a new document, and its goals no measure supports
    goal_links: pd.DataFrame
    unsupported_goals: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


#: the declared table of each frame of a Comparison (the snapshot is saved and read back through them)
COMPARISON_TABLES: dict[str, Table] = {
    "goals": tables.MAPPED_GOALS, "peers": tables.PEERS, "regions": tables.REGIONS,
    "predecessors": tables.PREDECESSORS, "indicator_changes": tables.INDICATOR_CHANGES,
    "theme_changes": tables.THEME_CHANGES, "measure_changes": tables.MEASURE_CHANGES,
    "theme_matrix": tables.THEME_MATRIX, "theme_contrasts": tables.THEME_CONTRASTS, "reuse": tables.REUSE,
    "reuse_shares": tables.REUSE_SHARES, "goal_links": tables.GOAL_LINKS,
    "unsupported_goals": tables.UNSUPPORTED_GOALS,
}


@dataclass(frozen=True)
class OnFile:
    """Everything stored the comparison reads besides the texts: documents, goals, measures, and which are new."""

    documents: pd.DataFrame
    goals: pd.DataFrame
    measures: pd.DataFrame
    new_doc_ids: frozenset[str]


@dataclass(frozen=True)
class TextsOnFile:
    """What text reuse reads: every normalized text and its stored fingerprints, and which documents are new."""

    texts: dict[str, str]
    new_doc_ids: frozenset[str]
    fingerprints: dict[str, Fingerprints] = field(default_factory=dict)


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
    #: what each of the reviewer's corrections did in this run (applied, or stale and why)
    corrections: pd.DataFrame = field(default_factory=tables.CORRECTIONS.frame)
    #: whether ``measures`` holds every measure on file or only the new documents' ones
    every_measure: bool = True


@dataclass(frozen=True)
class RunSummaryInputs:
    """What the orchestrator's run page shows: the period's new documents and their goals, and counts of the
    rest."""

    run_id: int
    new_documents: pd.DataFrame
    documents_on_file: int
    new_goals: pd.DataFrame
    goals_on_file: int
    indicator_changes: int
    quarantine: pd.DataFrame
