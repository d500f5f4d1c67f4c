"""Comparison of what is on file: peers per canonical indicator, history against predecessor plans, theme
coverage, text reuse and goal <-> measure links. Pure functions over DataFrames read from the store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

import pandas as pd

from briefing import tables
from briefing.bundles import COMPARISON_TABLES, Comparison
from briefing.compare.history import history
from briefing.compare.tokens import TokenIds
from briefing.compare.links import goal_measure_links, unsupported_goals
from briefing.compare.peers import map_goals, peer_benchmark
from briefing.compare.reuse import load_stock_phrases, text_reuse
from briefing.compare.taxonomy import load_taxonomy
from briefing.compare.themes import coverage_matrix, theme_contrasts
from briefing.extract import extractor
from briefing.rules import DEFAULT_CONFIG_DIR
from briefing.winnow import Fingerprints


def region_summary(documents: pd.DataFrame) -> pd.DataFrame:
    if not len(documents):
        return tables.REGIONS.frame()
    return tables.REGIONS.conform(
        documents.groupby("region", as_index=False)
        .agg(documents=("doc_id", "count"), goals=("goal_count", "sum"), measures=("measure_count", "sum"),
             latest=("date", "max"))
        .sort_values("region"))


#: text reuse of the new documents: their shared passages, and each one's reuse share
Reuse = tuple[pd.DataFrame, pd.DataFrame]


def reuse_on_file(texts: dict[str, str], new_doc_ids: set[str], config_dir: Path = DEFAULT_CONFIG_DIR,
                  fingerprints: Mapping[str, Fingerprints] | None = None) -> Reuse:
    """Text reuse between the new documents and every text on file (``fingerprints``: those kept with the
    documents; any missing are computed). Apart from the rest of the comparison, which needs no texts, so
    that it can run in a process of its own meanwhile."""
    return text_reuse(texts, new_doc_ids, load_stock_phrases(config_dir), fingerprints)


def compare(goals: pd.DataFrame, documents: pd.DataFrame, measures: pd.DataFrame, new_doc_ids: set[str],
            reuse: Callable[[], Reuse], config_dir: Path = DEFAULT_CONFIG_DIR) -> Comparison:
    """Everything the briefing compares, for the documents on file and this run's new ones; ``reuse`` gives
    the text reuse frames (``reuse_on_file``'s), asked for last."""
    compiled = extractor(config_dir)
    rules = compiled.rules
    # One run reads a new document's measures twice (against its predecessor, and for goal links): each text
    # is tokenized once, its tokens kept as ids.
    token_ids = TokenIds(compiled.classifier.tokens)
    mapped = map_goals(goals, load_taxonomy(config_dir), compiled.units, new_doc_ids)
    changes = history(documents, mapped, measures, token_ids, new_doc_ids)
    theme_ids = [rule.id for rule in rules.themes.themes]
    matrix = coverage_matrix(documents, measures, theme_ids)
    # Links for this run's documents only: those on file were linked when they were new.
    new_goals = mapped[mapped["doc_id"].isin(new_doc_ids)]
    links = goal_measure_links(new_goals, measures, token_ids.tokens)
    frames = dict(
        goals=mapped,
        peers=peer_benchmark(mapped),
        regions=region_summary(documents),
        predecessors=changes["predecessors"],
        indicator_changes=changes["indicators_changes"],
        theme_changes=changes["themes_changes"],
        measure_changes=changes["measures_changes"],
        theme_matrix=matrix,
        theme_contrasts=theme_contrasts(matrix, new_doc_ids, theme_ids),
        goal_links=links,
        unsupported_goals=unsupported_goals(new_goals, links),
    )
    frames["reuse"], frames["reuse_shares"] = reuse()
    return Comparison(**{name: COMPARISON_TABLES[name].conform(frame) for name, frame in frames.items()})

__all__ = ["COMPARISON_TABLES", "Comparison", "Reuse", "compare", "reuse_on_file"]
