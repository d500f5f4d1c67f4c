"""BriefingContext: everything a template sees, built from the comparison and the run's records."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from briefing.compare import Comparison
from briefing.period import Period

COMPARATOR_WORDS = {">": "超过", ">=": "不低于", "=": "达到", "~": "左右", "<=": "不超过", "<": "低于"}


@dataclass(frozen=True)
class GoalRow:
    indicator: str
    target: str
    year: int | None
    comparator: str
    hedge: bool
    baseline: str | None
    placeholder: bool
    quote: str
    section: str
    document_title: str
    region: str


@dataclass(frozen=True)
class MeasureRow:
    number: str
    title: str
    responsible: tuple[str, ...]


@dataclass(frozen=True)
class DocumentCard:
    doc_id: str
    title: str
    region: str
    issuer: str | None
    date: str | None
    doc_type: str | None
    draft: bool
    script: str
    source: str
    goals: tuple[GoalRow, ...]
    measures: tuple[MeasureRow, ...]


@dataclass(frozen=True)
class PeerRow:
    region: str
    level: str | None
    target: str
    year: int | None
    comparator: str
    hedge: bool
    baseline: str | None
    is_new: bool
    document_title: str


@dataclass(frozen=True)
class PeerGroup:
    indicator_id: str
    indicator_name: str
    rows: tuple[PeerRow, ...]


@dataclass(frozen=True)
class RegionRow:
    region: str
    documents: int
    goals: int
    measures: int
    latest: str | None


@dataclass(frozen=True)
class QuarantineRow:
    path: str
    reason: str
    hint: str


@dataclass(frozen=True)
class VersionLink:
    """Two documents that are versions of one text (a draft and its final version), kept apart."""

    title: str
    draft: bool
    other_title: str
    other_draft: bool
    similarity: float


@dataclass(frozen=True)
class ManifestRow:
    path: str
    content_hash: str
    status: str


@dataclass(frozen=True)
class BriefingContext:
    title: str
    period: str
    period_chinese: str
    generated_at: str
    generated_iso: str
    run_id: int
    extractor_version: str
    new_documents: tuple[DocumentCard, ...]
    on_file_documents: tuple[DocumentCard, ...]
    peer_groups: tuple[PeerGroup, ...]
    regions: tuple[RegionRow, ...]
    quarantined: tuple[QuarantineRow, ...]
    linked_versions: tuple[VersionLink, ...]
    manifest: tuple[ManifestRow, ...]
    all_goals: tuple[GoalRow, ...]
    unmapped_goals: int
    masked_goals: int

    @property
    def new_goal_count(self) -> int:
        return sum(len(card.goals) for card in self.new_documents)

    @property
    def new_measure_count(self) -> int:
        return sum(len(card.measures) for card in self.new_documents)


def _none(value: object) -> object:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _baseline(row: pd.Series) -> str | None:
    value = _none(row.get("baseline_value"))
    if value is None:
        return None
    year = _none(row.get("baseline_year"))
    unit = _none(row.get("unit")) or ""
    return f"{value}{unit}" + (f"({int(year)}年)" if year is not None else "")


def _year(value: object) -> int | None:
    value = _none(value)
    return int(value) if value is not None else None  # type: ignore[arg-type]


def _goal_row(row: pd.Series) -> GoalRow:
    section = " › ".join(json.loads(row["section_path"])) if row["section_path"] else ""
    return GoalRow(
        indicator=row["indicator"],
        target=row["target"],
        year=_year(row["year"]),
        comparator=COMPARATOR_WORDS.get(row["comparator"], row["comparator"]),
        hedge=bool(row["hedge"]),
        baseline=_baseline(row),
        placeholder=bool(row["placeholder"]),
        quote=row["quote"],
        section=section,
        document_title=_none(row["document_title"]) or "(无标题)",  # type: ignore[arg-type]
        region=_none(row["region"]) or "",  # type: ignore[arg-type]
    )


def _cards(documents: pd.DataFrame, goals: pd.DataFrame, measures: pd.DataFrame) -> tuple[DocumentCard, ...]:
    cards = []
    for doc in documents.itertuples(index=False):
        doc_goals = goals[goals["doc_id"] == doc.doc_id]
        doc_measures = measures[measures["doc_id"] == doc.doc_id]
        cards.append(DocumentCard(
            doc_id=doc.doc_id,
            title=_none(doc.title) or "(无标题)",  # type: ignore[arg-type]
            region=_none(doc.region) or "",  # type: ignore[arg-type]
            issuer=_none(doc.issuer),  # type: ignore[arg-type]
            date=_none(doc.date),  # type: ignore[arg-type]
            doc_type=_none(doc.doc_type),  # type: ignore[arg-type]
            draft=bool(doc.draft),
            script=doc.script,
            source=doc.source,
            goals=tuple(_goal_row(row) for _, row in doc_goals.iterrows()),
            measures=tuple(MeasureRow(m.number, m.title, tuple(json.loads(m.responsible)))
                           for m in doc_measures.itertuples(index=False)),
        ))
    return tuple(cards)


def build_context(
    *,
    title: str,
    period: Period,
    run_id: int,
    extractor_version: str,
    comparison: Comparison,
    documents: pd.DataFrame,
    measures: pd.DataFrame,
    new_doc_ids: set[str],
    quarantine: pd.DataFrame,
    links: pd.DataFrame,
    manifest: tuple[ManifestRow, ...],
    generated_at: datetime,
) -> BriefingContext:
    goals = comparison.goals
    is_new = documents["doc_id"].isin(new_doc_ids)
    peer_groups = []
    for indicator_id, group in comparison.peers.groupby("indicator_id", sort=True):
        rows = tuple(
            PeerRow(
                region=row["region"] or "",
                level=_none(row["level"]),  # type: ignore[arg-type]
                target=row["target"],
                year=_year(row["year"]),
                comparator=COMPARATOR_WORDS.get(row["comparator"], row["comparator"]),
                hedge=bool(row["hedge"]),
                baseline=_baseline(row),
                is_new=bool(row["is_new"]),
                document_title=row["document_title"] or "",
            )
            for _, row in group.iterrows()
        )
        peer_groups.append(PeerGroup(str(indicator_id), str(group["indicator_name"].iloc[0]), rows))
    return BriefingContext(
        title=title,
        period=period.label,
        period_chinese=period.chinese,
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M"),
        generated_iso=generated_at.astimezone().isoformat(timespec="seconds"),  # PDF dates need an offset
        run_id=run_id,
        extractor_version=extractor_version,
        new_documents=_cards(documents[is_new], goals, measures),
        on_file_documents=_cards(documents[~is_new], goals, measures),
        peer_groups=tuple(peer_groups),
        regions=tuple(RegionRow(r.region or "", int(r.documents), int(r.goals), int(r.measures), _none(r.latest))
                      for r in comparison.regions.itertuples(index=False)),  # type: ignore[arg-type]
        quarantined=tuple(QuarantineRow(q.path, q.reason, q.hint) for q in quarantine.itertuples(index=False)),
        linked_versions=tuple(VersionLink(link.title or "(无标题)", bool(link.draft), link.other_title or "(无标题)",
                                          bool(link.other_draft), float(link.similarity))
                              for link in links.itertuples(index=False)),
        manifest=manifest,
        all_goals=tuple(_goal_row(row) for _, row in goals.iterrows()),
        unmapped_goals=int(goals["indicator_id"].isna().sum()) if len(goals) else 0,
        masked_goals=int(goals["placeholder"].astype(bool).sum()) if len(goals) else 0,
    )
