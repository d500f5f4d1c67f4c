"""History: each document against the same region's earlier plan.

Indicators new / dropped / raised / lowered / masked / deadline moved (values and years of both shown),
themes gained and lost, measures continued / new / dropped. Measures are matched by TF-IDF cosine on
jieba tokens: at or above ``MEASURE_SIMILARITY`` (0.3, where rewritten task titles of one programme still
meet and unrelated tasks of one policy field do not; tested in tests/test_compare.py) they are one measure
continued, matched one-to-one, best first.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

from briefing.compare.peers import present

MEASURE_SIMILARITY = 0.3
Tokenize = Callable[[str], list[str]]


PREDECESSOR_COLUMNS = ["doc_id", "title", "date", "predecessor_id", "predecessor_title", "predecessor_date", "region"]


def find_predecessors(documents: pd.DataFrame) -> pd.DataFrame:
    """For each dated document, the latest earlier dated document of the same region (province, city, county)."""
    dated = documents[documents["date"].notna() & documents["province"].notna()].copy()
    if not len(dated):
        return pd.DataFrame(columns=PREDECESSOR_COLUMNS)
    dated["region_key"] = (dated["province"].fillna("") + "/" + dated["city"].fillna("") + "/"
                           + dated["county"].fillna(""))
    dated = dated.sort_values(["region_key", "date", "doc_id"])
    previous = dated.groupby("region_key")[["doc_id", "title", "date"]].shift(1)
    dated["predecessor_id"] = previous["doc_id"]
    dated["predecessor_title"] = previous["title"]
    dated["predecessor_date"] = previous["date"]
    paired = dated[dated["predecessor_id"].notna() & (dated["predecessor_date"] < dated["date"])]
    return paired[PREDECESSOR_COLUMNS].reset_index(drop=True)


def _targets(goals: pd.DataFrame) -> str:
    return "；".join(f"{row['target']}({int(row['year'])}年)" if present(row["year"]) else row["target"]
                    for _, row in goals.iterrows())


def _status(old: pd.DataFrame, new: pd.DataFrame) -> list[str]:
    old_last, new_last = old.iloc[-1], new.iloc[-1]
    statuses = []
    if new_last["placeholder"] and not old_last["placeholder"]:
        statuses.append("masked")
    elif (present(old_last["value_common"]) and present(new_last["value_common"])
          and old_last["unit_common"] == new_last["unit_common"]):
        if new_last["value_common"] > old_last["value_common"]:
            statuses.append("raised")
        elif new_last["value_common"] < old_last["value_common"]:
            statuses.append("lowered")
        else:
            statuses.append("unchanged")
    else:
        statuses.append("changed")
    if present(old_last["year"]) and present(new_last["year"]) and old_last["year"] != new_last["year"]:
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
        rows.append({"indicator_id": indicator_id, "indicator_name": name, "status": ", ".join(status),
                     "old_targets": _targets(old), "new_targets": _targets(new),
                     "old_quote": "；".join(old["quote"]), "new_quote": "；".join(new["quote"])})
    frame = pd.DataFrame(rows, columns=["indicator_id", "indicator_name", "status", "old_targets", "new_targets",
                                        "old_quote", "new_quote"])
    # Indicators in both documents first (what moved), then new ones, then dropped ones.
    order = frame["status"].map(lambda status: {"new": 1, "dropped": 2}.get(status, 0))
    return frame.iloc[order.argsort(kind="stable")].reset_index(drop=True)


def document_themes(measures: pd.DataFrame) -> set[str]:
    themes: set[str] = set()
    for value in measures["themes"]:
        themes.update(json.loads(value) if isinstance(value, str) else value)
    return themes


def measure_changes(old: pd.DataFrame, new: pd.DataFrame, tokenize: Tokenize,
                    threshold: float = MEASURE_SIMILARITY) -> pd.DataFrame:
    """Each measure of either document: continued (with its match and similarity), new or dropped."""
    columns = ["status", "number", "title", "old_number", "old_title", "similarity"]
    if not len(old) and not len(new):
        return pd.DataFrame(columns=columns)
    texts = [f"{row['title']}。{row['text']}" for _, row in pd.concat([old, new]).iterrows()]
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
    return pd.DataFrame(rows, columns=columns)


def diff_documents(old_id: str, new_id: str, goals: pd.DataFrame, measures: pd.DataFrame,
                   tokenize: Tokenize) -> dict[str, pd.DataFrame]:
    """Everything that changed from one document to another (predecessor first)."""
    old_measures = measures[measures["doc_id"] == old_id]
    new_measures = measures[measures["doc_id"] == new_id]
    old_themes, new_themes = document_themes(old_measures), document_themes(new_measures)
    themes = pd.DataFrame(
        [{"theme": theme, "status": "gained"} for theme in sorted(new_themes - old_themes)]
        + [{"theme": theme, "status": "lost"} for theme in sorted(old_themes - new_themes)],
        columns=["theme", "status"])
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
    stacked: dict[str, list[pd.DataFrame]] = {"indicators": [], "themes": [], "measures": []}
    for _, pair in pairs.iterrows():
        for name, frame in diff_documents(pair["predecessor_id"], pair["doc_id"], goals, measures, tokenize).items():
            stacked[name].append(frame.assign(doc_id=pair["doc_id"], predecessor_id=pair["predecessor_id"]))
    result = {"predecessors": pairs}
    for name, frames in stacked.items():
        result[f"{name}_changes"] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
            columns=["doc_id", "predecessor_id"])
    return result
