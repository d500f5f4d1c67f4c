"""Theme coverage: documents x themes, and for each new document what is unique to it and what it lacks."""

from __future__ import annotations

import pandas as pd

from briefing.tables import THEME_CONTRASTS, THEME_MATRIX, json_value


def coverage_matrix(documents: pd.DataFrame, measures: pd.DataFrame, theme_ids: list[str]) -> pd.DataFrame:
    """One row per document, one 0/1 column per theme (themes of its measures)."""
    by_document: dict[str, set[str]] = {}
    for doc_id, themes in zip(measures["doc_id"], measures["themes"]):
        by_document.setdefault(doc_id, set()).update(json_value(themes))
    rows = [{"doc_id": doc_id, "region": region, "title": title,
             **{theme: int(theme in by_document.get(doc_id, set())) for theme in theme_ids}}
            for doc_id, region, title in zip(documents["doc_id"], documents["region"], documents["title"])]
    return THEME_MATRIX.conform(pd.DataFrame(rows, columns=["doc_id", "region", "title", *theme_ids]))


def theme_contrasts(matrix: pd.DataFrame, new_doc_ids: set[str], theme_ids: list[str]) -> pd.DataFrame:
    """For each new document: themes no peer mentions, and themes its peers mention that it lacks."""
    rows = []
    totals = matrix[theme_ids].sum() if len(matrix) else pd.Series(0, index=theme_ids)
    for _, document in matrix[matrix["doc_id"].isin(new_doc_ids)].iterrows():
        peer_themes = {t for t in theme_ids if totals[t] - document[t] > 0}  # mentioned by some other document
        own = {t for t in theme_ids if document[t]}
        rows.append({"doc_id": document["doc_id"], "region": document["region"],
                     "unique_themes": sorted(own - peer_themes), "missing_themes": sorted(peer_themes - own)})
    return THEME_CONTRASTS.frame(rows)
