"""Typed records passed between stages. Frozen, so a stage cannot change what another produced."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from briefing.winnow import Fingerprints

Level = Literal["national", "province", "city", "county"]
Script = Literal["simplified", "traditional"]
SectionKind = Literal["preamble", "review", "goals", "tasks", "safeguards", "table", "box", "annex", "other"]
Comparator = Literal[">", ">=", "=", "~", "<=", "<"]


@dataclass(frozen=True)
class SourceFile:
    """A file found in the inputs; ``content_hash`` is the SHA-256 of its bytes."""

    path: Path
    content_hash: str
    size: int
    collection: Literal["plans", "inbox"]


@dataclass(frozen=True)
class QuarantineRecord:
    """A file set aside: never moved, changed or deleted; listed in the briefing's data-quality section."""

    path: Path
    content_hash: str
    reason: str
    hint: str

    def one_line(self) -> str:
        return f"{self.path}: {self.reason} ({self.hint})"


@dataclass(frozen=True)
class DocumentMeta:
    title: str | None
    issuer: str | None
    province: str | None
    city: str | None
    county: str | None
    level: Level | None
    doc_number: str | None
    date: date | None
    doc_type: str | None
    draft: bool
    script: Script
    encoding: str
    #: field name -> the line of the normalized text it was read from
    evidence: dict[str, str] = field(default_factory=dict)

    @property
    def region(self) -> str:
        """The most specific region name, for grouping and display."""
        return self.county or self.city or self.province or "全国"


@dataclass(frozen=True)
class Section:
    """A heading and the span of normalized text it governs."""

    number: str
    title: str
    kind: SectionKind
    depth: int
    start: int
    end: int
    #: titles from the outermost section down to this one
    path: tuple[str, ...]
    rule_id: str = ""


@dataclass(frozen=True)
class Document:
    """One policy text after ingestion.

    ``doc_id`` is the hash of the normalized text, so the same document in another script or encoding
    is the same document. ``offsets[i]`` is the index in ``original`` of normalized character ``i``.
    """

    doc_id: str
    source: SourceFile
    original: str
    text: str
    #: one machine integer per character (a tuple would hold a Python int object each: 36 bytes, not 8)
    offsets: Sequence[int]
    meta: DocumentMeta
    sections: tuple[Section, ...]
    warnings: tuple[str, ...] = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the normalized text onto the original text."""
        if start >= len(self.text):
            return len(self.original), len(self.original)
        last = self.offsets[end - 1] + 1 if end > start else self.offsets[start]
        return self.offsets[start], last

    def section_path_at(self, position: int) -> tuple[str, ...]:
        """Titles of the innermost section containing ``position``."""
        best: Section | None = None
        for section in self.sections:
            if section.start <= position < section.end and (best is None or section.depth >= best.depth):
                best = section
        return best.path if best else ()

    def section_kind_at(self, position: int) -> SectionKind:
        kinds = [s for s in self.sections if s.start <= position < s.end]
        # The outermost classified section decides (a numbered item inside 重点任务 is a task).
        for section in sorted(kinds, key=lambda s: s.depth):
            if section.kind != "other":
                return section.kind
        return "other"


@dataclass(frozen=True)
class Provenance:
    """Where a goal or measure was read: its document, section, sentence and spans."""

    doc_id: str
    section_path: tuple[str, ...]
    sentence: str
    span: tuple[int, int]
    original_span: tuple[int, int]
    rule_id: str


@dataclass(frozen=True)
class Goal:
    """A quantitative target a document commits to, with where it was read and how."""

    indicator: str
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    year: int | None
    comparator: Comparator
    hedge: bool
    baseline_value: Decimal | None
    baseline_year: int | None
    placeholder: bool
    quote: str
    provenance: Provenance
    #: 约束性 (binding) or 预期性 (expected) where the document marks it
    binding: str | None = None
    #: ids of every rule that produced this goal (cue, comparator, hedge, year, unit, indicator, baseline)
    rule_ids: tuple[str, ...] = ()
    #: 0–1: how reliable the weakest of those rules proved on the gold annotations (config/confidence.yaml)
    confidence: float | None = None
    #: the unit family's canonical unit and the value in it (EFlops -> FLOPS; 1.2万亿元 -> 1.2e12 元)
    canonical_unit: str | None = None
    scaled_value: Decimal | None = None


@dataclass(frozen=True)
class Measure:
    """A numbered task of the task part of a document, with its responsible units."""

    number: str
    title: str
    text: str
    responsible: tuple[str, ...]
    provenance: Provenance
    #: ids of the themes in config/themes.yaml that the measure's text names
    themes: tuple[str, ...] = ()
    #: supply / demand / environment (Rothwell & Zegveld), or None where the keywords do not decide
    instrument: str | None = None
    #: indexes into the extraction's goals of the targets stated inside this measure
    goal_indexes: tuple[int, ...] = ()
    #: markers of the enclosing numbered sections and its own: ("二", "一", "1")
    number_path: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    document: Document
    goals: tuple[Goal, ...]
    measures: tuple[Measure, ...]
    #: what the store keeps to compare texts (MinHash signature, winnowed fingerprints), computed where the
    #: document was read: in its worker process, beside the extraction, not in the orchestrator's threads.
    #: The store computes what is missing.
    signature: bytes | None = None
    fingerprints: Fingerprints | None = None


class RunStatus(str, Enum):
    """What became of a run, as the run ledger records it (details, such as the error, are kept apart)."""

    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    SKIPPED = "skipped"
    DELIVERY_FAILED = "delivery failed"
    #: its process ended (killed, machine restarted) before the run finished; recorded by the next run
    INTERRUPTED = "interrupted"
    #: inputs, store, extractor, config, templates and period as at a run that published: its briefing is kept
    UNCHANGED = "unchanged"


class DeliveryOutcome(str, Enum):
    NOT_CONFIGURED = "not_configured"
    SENT = "sent"
    FAILED = "failed"
    #: an unchanged run keeps a briefing that was sent before
    ALREADY_SENT = "already_sent"


@dataclass(frozen=True)
class Delivery:
    outcome: DeliveryOutcome
    #: "to 2 recipient(s)", or why sending failed
    detail: str = ""

    def __str__(self) -> str:
        words = {DeliveryOutcome.NOT_CONFIGURED: "not configured", DeliveryOutcome.SENT: "sent",
                 DeliveryOutcome.FAILED: "failed", DeliveryOutcome.ALREADY_SENT: "already sent"}[self.outcome]
        return f"{words}: {self.detail}" if self.detail else words

    def log_fields(self) -> dict[str, object]:
        return {"delivery": self.outcome.value}
