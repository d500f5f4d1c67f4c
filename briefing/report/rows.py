"""The typed, display-ready rows a template sees. Codes stay codes (rank numbers, status codes) so that
highlights can reason on them; their words are properties, written by briefing/report/format.py."""

from __future__ import annotations

from dataclasses import dataclass, field

from briefing.report.charts import BarChart
from briefing.report.format import MANIFEST_WORDS, status_text


@dataclass(frozen=True)
class GoalRow:
    """A goal as a table of the briefing shows it."""

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
    binding: str | None = None
    #: 0–1, from the rules that produced the goal (config/confidence.yaml); None for goals stored without one
    confidence: float | None = None
    #: the confidence is below the briefing's threshold: the reader is asked to check the source sentence
    uncertain: bool = False
    #: the indicator is one of the canonical indicators compared across regions
    comparable: bool = False
    doc_id: str = ""
    #: a reviewer's correction of this goal ("corrected: reason, date"), if any
    corrected: str | None = None

    @property
    def section_leaf(self) -> str:
        """The innermost section holding the goal: where the PDF's narrow column points."""
        return self.section.rsplit(" › ", 1)[-1]


@dataclass(frozen=True)
class MeasureRow:
    """A measure as a document card lists it."""

    number: str
    title: str
    responsible: tuple[str, ...]


@dataclass(frozen=True)
class DocumentCard:
    """A document as the briefing presents it: its facts, goals, measures and themes."""

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
    themes: tuple[str, ...] = ()
    #: goals the PDF leaves out of this card (the HTML twin lists them)
    omitted_goals: int = 0


@dataclass(frozen=True)
class PeerRow:
    """One region's latest target for an indicator, beside its peers."""

    region: str
    level: str | None
    target: str
    year: int | None
    comparator: str
    hedge: bool
    baseline: str | None
    is_new: bool
    document_title: str
    growth: str | None = None
    #: place among the regions of the same level that state a number (1 = the highest), and how many
    rank: int | None = None
    regions_ranked: int | None = None
    #: the target in the indicator's common unit (元, 家, %), for comparing regions that write it differently
    value_common: float | None = None
    unit_common: str | None = None
    #: shown in the PDF and its chart: a row of this period's documents, or among the best ranked on file
    featured: bool = True
    doc_id: str = ""
    #: the target's extraction confidence is under the briefing's threshold: check the source sentence
    uncertain: bool = False

    @property
    def rank_text(self) -> str | None:
        return f"{self.rank}/{self.regions_ranked}" if self.rank is not None else None


@dataclass(frozen=True)
class PeerGroup:
    """All regions with a target for one canonical indicator, and its chart."""

    indicator_id: str
    indicator_name: str
    rows: tuple[PeerRow, ...]
    #: a bar chart of the featured rows; None unless enough regions state a number in one unit
    chart: BarChart | None
    #: rows the PDF leaves out (the HTML twin lists them)
    omitted: int = 0


@dataclass(frozen=True)
class ChangeRow:
    """One canonical indicator in a new document and in its predecessor."""

    indicator: str
    #: codes: new, dropped, raised, lowered, unchanged, masked, changed, deadline moved
    statuses: tuple[str, ...]
    old_targets: str
    new_targets: str

    @property
    def status(self) -> str:
        return status_text(self.statuses)


@dataclass(frozen=True)
class ChangeSet:
    """A new document against the same region's earlier plan."""

    title: str
    region: str
    predecessor_title: str
    predecessor_date: str
    indicators: tuple[ChangeRow, ...]
    themes_gained: tuple[str, ...]
    themes_lost: tuple[str, ...]
    measures_continued: int
    measures_new: int
    measures_dropped: int
    #: indicator rows the PDF leaves out (the HTML twin lists them)
    omitted_rows: int = 0
    doc_id: str = ""
    predecessor_id: str = ""


@dataclass(frozen=True)
class Heatmap:
    """Themes (rows) x regions (columns); a cell counts the region's documents whose measures name the theme."""

    regions: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]
    highlighted: tuple[str, ...]  # regions with a new document this period


@dataclass(frozen=True)
class ReuseRow:
    """A passage two documents share."""

    title: str
    other_title: str
    passage: str
    length: int
    doc_id: str = ""
    other_doc_id: str = ""


@dataclass(frozen=True)
class RegionRow:
    """What is on file for one region."""

    region: str
    documents: int
    goals: int
    measures: int
    latest: str | None


@dataclass(frozen=True)
class QuarantineRow:
    """A file set aside, why, and what to do."""

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
    """One of the run's input files."""

    path: str
    content_hash: str
    #: new, on_file or quarantined
    status_code: str

    @property
    def status(self) -> str:
        return MANIFEST_WORDS.get(self.status_code, self.status_code)


#: the lists the PDF may cut (briefing/report/print_edition.py), each with a count in ``Omitted``
CUT_LISTS = ("regions", "measures", "peer_groups", "change_sets", "heatmap_regions", "unsupported",
             "linked_versions", "masked", "uncertain", "unmapped", "manifest", "appendix")


@dataclass(frozen=True)
class Omitted:
    """How many rows of each list in ``CUT_LISTS`` the PDF leaves out; the HTML twin and the CSVs have them.
    Read as attributes (``omitted.masked``); a name outside ``CUT_LISTS`` is an error, not a silent 0."""

    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.counts) - set(CUT_LISTS)
        if unknown:
            raise ValueError(f"no such list to cut: {', '.join(sorted(unknown))}")

    def __getattr__(self, name: str) -> int:
        if name in CUT_LISTS:
            return self.counts.get(name, 0)
        raise AttributeError(name)


@dataclass(frozen=True)
class CorrectionRow:
    """One of the reviewer's corrections and what it did in this run."""

    document: str
    quote: str
    action: str
    #: applied, or stale (its document or quote no longer matches)
    status: str
    detail: str

    @property
    def action_text(self) -> str:
        return {"drop": "删去", "change": "修改", "add": "补充"}.get(self.action, self.action)


@dataclass(frozen=True)
class Source:
    """A document a highlight rests on."""

    doc_id: str
    title: str


@dataclass(frozen=True)
class Highlight:
    """A sentence of 本期要点 and the documents it rests on (the PDF points to their quotes in the appendix)."""

    text: str
    sources: tuple[Source, ...] = ()
