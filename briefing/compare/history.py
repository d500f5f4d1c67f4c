"""History: each document against the same region's earlier plan.

Indicators new / dropped / raised / lowered / masked / deadline moved (values and years of both shown),
themes gained and lost, measures continued / new / dropped. Measures are matched by TF-IDF cosine on
jieba tokens: at or above ``MEASURE_SIMILARITY`` (0.3, where rewritten task titles of one programme still
meet and unrelated tasks of one policy field do not; tested in tests/test_compare.py) they are one measure
continued, matched one-to-one, best first.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from briefing.compare.links import measure_text
from briefing.tables import (
    INDICATOR_CHANGES,
    MEASURE_CHANGES,
    PREDECESSORS,
    THEME_CHANGES,
    json_value,
    missing,
    value_or_none,
)

MEASURE_SIMILARITY = 0.3
Tokenize = Callable[[str], list[str]]


def find_predecessors(documents: pd.DataFrame) -> pd.DataFrame:
    """For each dated document, the latest earlier dated document of the same region (province, city, county)."""
    dated = documents[documents["date"].notna() & documents["province"].notna()].copy()
    if not len(dated):
        return PREDECESSORS.frame()
    dated["region_key"] = (dated["province"].fillna("") + "/" + dated["city"].fillna("") + "/"
                           + dated["county"].fillna(""))
    dated = dated.sort_values(["region_key", "date", "doc_id"])
    previous = dated.groupby("region_key")[["doc_id", "title", "date"]].shift(1)
    dated["predecessor_id"] = previous["doc_id"]
    dated["predecessor_title"] = previous["title"]
    dated["predecessor_date"] = previous["date"]
    paired = dated[dated["predecessor_id"].notna() & (dated["predecessor_date"] < dated["date"])]
    return PREDECESSORS.conform(paired)


def _targets(goals: pd.DataFrame) -> list[dict[str, object]]:
    """The targets of one indicator in one document, in order: what the report writes as "2万亿元(2022年)"."""
    return [{key: value_or_none(row[key]) for key in ("value", "value_max", "unit", "placeholder", "year")}
            for _, row in goals.iterrows()]


def _status(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    old_last, new_last = old.iloc[-1], new.iloc[-1]
    statuses = []
    if new_last["placeholder"] and not old_last["placeholder"]:
        statuses.append("masked")
    elif (not missing(old_last["value_common"]) and not missing(new_last["value_common"])
          and old_last["unit_common"] == new_last["unit_common"]):
        if new_last["value_common"] > old_last["value_common"]:
            statuses.append("raised")
        elif new_last["value_common"] < old_last["value_common"]:
            statuses.append("lowered")
        else:
            statuses.append("unchanged")
    else:
        statuses.append("changed")
    if not missing(old_last["year"]) and not missing(new_last["year"]) and old_last["year"] != new_last["year"]:
        statuses.append("deadline moved")
    return statuses


def indicator_changes(old_goals: pd.DataFrame, new_goals: pd.DataFrame) -> pd.DataFrame:
    """One row per canonical indicator in either document, with both documents' targets side by side."""
    rows = []
    old_mapped = old_goals[old_goals["indicator_id"].notna()].sort_values(["year", "ordinal"], na_position="first")
    new_mapped = new_goals[new_goals["indicator_id"].notna()].sort_values(["year", "ordinal"], na_position="first")
    for indicator_id in dict.fromkeys([*old_mapped["indicator_id"], *new_mapped["indicator_id"]]):
        old = old_mapped[old_mapped["indicator_id"] == indicator_id]
        new = new_mapped[new_mapped["indicator_id"] == indicator_id]
        if not len(old):
            status = ["new"]
        elif not len(new):
            status = ["dropped"]
        else:
            status = _status(old, new)
        name = (new if len(new) else old)["indicator_name"].iloc[0]
        rows.append({"indicator_id": indicator_id, "indicator_name": name, "statuses": status,
                     "old_targets": _targets(old), "new_targets": _targets(new),
                     "old_quote": "；".join(old["quote"]), "new_quote": "；".join(new["quote"])})
    # Indicators in both documents first (what moved), then new ones, then dropped ones.
    rows.sort(key=lambda row: {"new": 1, "dropped": 2}.get(row["statuses"][0], 0) if len(row["statuses"]) == 1 else 0)
    return INDICATOR_CHANGES.frame(rows)


def document_themes(measures: pd.DataFrame) -> set[str]:
    themes: set[str] = set()
    for value in measures["themes"]:
        themes.update(json_value(value))
    return themes


def measure_changes(old: pd.DataFrame, new: pd.DataFrame, tokenize: Tokenize,
                    threshold: float = MEASURE_SIMILARITY) -> pd.DataFrame:
    """Each measure of either document: continued (with its match and similarity), new or dropped."""
    if not len(old) and not len(new):
        return MEASURE_CHANGES.frame()
    # scikit-learn (with SciPy, about 60 MB and a second and a half) loads when measures are compared, not
    # when the run starts and its document workers are reading
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    texts = [measure_text(row) for row in pd.concat([old, new]).to_dict("records")]
    vectorizer = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None)
    matrix = vectorizer.fit_transform(texts)
    similarity = linear_kernel(matrix[len(old):], matrix[:len(old)]) if len(old) and len(new) else None
    pairs = []
    if similarity is not None:
        pairs = sorted(((similarity[i, j], i, j) for i in range(len(new)) for j in range(len(old))
                        if similarity[i, j] >= threshold), reverse=True)
    matched_new: dict[int, tuple[int, float]] = {}
    matched_old: set[int] = set()
    for score, i, j in pairs:
        if i not in matched_new and j not in matched_old:
            matched_new[i] = (j, float(score))
            matched_old.add(j)
    rows = []
    for i, (_, measure) in enumerate(new.iterrows()):
        if i in matched_new:
            j, score = matched_new[i]
            previous = old.iloc[j]
            rows.append({"status": "continued", "number": measure["number"], "title": measure["title"],
                         "old_number": previous["number"], "old_title": previous["title"],
                         "similarity": round(score, 3)})
        else:
            rows.append({"status": "new", "number": measure["number"], "title": measure["title"],
                         "old_number": None, "old_title": None, "similarity": None})
    for j, (_, previous) in enumerate(old.iterrows()):
        if j not in matched_old:
            rows.append({"status": "dropped", "number": None, "title": None, "old_number": previous["number"],
                         "old_title": previous["title"], "similarity": None})
    return MEASURE_CHANGES.frame(rows)


def diff_documents(old_id: str, new_id: str, goals: pd.DataFrame, measures: pd.DataFrame,
                   tokenize: Tokenize) -> dict[str, pd.DataFrame]:
    """Everything that changed from one document to another (predecessor first)."""
    old_measures = measures[measures["doc_id"] == old_id]
    new_measures = measures[measures["doc_id"] == new_id]
    old_themes, new_themes = document_themes(old_measures), document_themes(new_measures)
    themes = THEME_CHANGES.frame(
        [{"theme": theme, "status": "gained"} for theme in sorted(new_themes - old_themes)]
        + [{"theme": theme, "status": "lost"} for theme in sorted(old_themes - new_themes)])
    return {
        "indicators": indicator_changes(goals[goals["doc_id"] == old_id], goals[goals["doc_id"] == new_id]),
        "themes": themes,
        "measures": measure_changes(old_measures, new_measures, tokenize),
    }


def history(documents: pd.DataFrame, goals: pd.DataFrame, measures: pd.DataFrame, tokenize: Tokenize,
            doc_ids: set[str]) -> dict[str, pd.DataFrame]:
    """Predecessor pairs of ``doc_ids`` and their diffs, stacked into three frames keyed by doc_id."""
    pairs = find_predecessors(documents)
    pairs = pairs[pairs["doc_id"].isin(doc_ids)].reset_index(drop=True)
    # Only the paired documents' rows, split once (not one scan of the whole store per pair).
    paired = set(pairs["doc_id"]) | set(pairs["predecessor_id"])
    goals, measures = goals[goals["doc_id"].isin(paired)], measures[measures["doc_id"].isin(paired)]
    stacked: dict[str, list[pd.DataFrame]] = {"indicators": [], "themes": [], "measures": []}
    for _, pair in pairs.iterrows():
        ids = [pair["predecessor_id"], pair["doc_id"]]
        for name, frame in diff_documents(ids[0], ids[1], goals[goals["doc_id"].isin(ids)],
                                          measures[measures["doc_id"].isin(ids)], tokenize).items():
            stacked[name].append(frame.assign(doc_id=pair["doc_id"], predecessor_id=pair["predecessor_id"]))
    result = {"predecessors": pairs}
    declared = {"indicators": INDICATOR_CHANGES, "themes": THEME_CHANGES, "measures": MEASURE_CHANGES}
    for name, frames in stacked.items():
        result[f"{name}_changes"] = declared[name].conform(pd.concat(frames, ignore_index=True)) if frames \
            else declared[name].frame()
    return result
