"""Extraction of files on the command line, without the store: for maintainers checking what a text yields."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import yaml
from rich.table import Table
from rich.tree import Tree

from briefing.discover import content_hash
from briefing.errors import InputError
from briefing.evaluate import Score
from briefing.extract import extract_document
from briefing.ingest import ingest_document
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits
from briefing.models import (
    Document,
    Extraction,
    Goal,
    Measure,
    QuarantineRecord,
    Section,
    SourceFile,
)
from briefing.rules import DEFAULT_CONFIG_DIR, load_rules


@dataclass(frozen=True)
class IngestedFiles:
    documents: tuple[Document, ...]
    quarantined: tuple[QuarantineRecord, ...]


@dataclass(frozen=True)
class InspectedFiles:
    extractions: tuple[Extraction, ...]
    quarantined: tuple[QuarantineRecord, ...]


def ingest_files(paths: list[Path], config_dir: Path = DEFAULT_CONFIG_DIR,
                 limits: ReadLimits = DEFAULT_LIMITS) -> IngestedFiles:
    """Each file read and ingested; the limits are checked before it is read (its size) and parsed."""
    documents: list[Document] = []
    quarantined: list[QuarantineRecord] = []
    for path in paths:
        try:
            source = SourceFile(path, content_hash(path), path.stat().st_size, "inbox")
            limits.check_file_size(source.size)
            documents.append(ingest_document(source, path.read_bytes(), config_dir, limits))
        except OSError as exc:
            quarantined.append(QuarantineRecord(path, "", f"cannot be read ({exc.strerror})", "check the path"))
        except InputError as exc:
            quarantined.append(QuarantineRecord(path, source.content_hash, exc.reason, exc.hint))
    return IngestedFiles(tuple(documents), tuple(quarantined))


def extract_files(paths: list[Path], config_dir: Path = DEFAULT_CONFIG_DIR,
                  limits: ReadLimits = DEFAULT_LIMITS) -> InspectedFiles:
    ingested = ingest_files(paths, config_dir, limits)
    return InspectedFiles(tuple(extract_document(d, config_dir) for d in ingested.documents), ingested.quarantined)


def section_record(section: Section) -> dict[str, Any]:
    return {"number": section.number, "title": section.title, "kind": section.kind, "depth": section.depth,
            "path": list(section.path), "span": [section.start, section.end], "rule_id": section.rule_id}


def ingestion_json(results: IngestedFiles) -> dict[str, Any]:
    return {
        "documents": [
            {"source": str(d.source.path), "meta": meta_record(d), "sections": [section_record(s) for s in d.sections],
             "warnings": list(d.warnings)}
            for d in results.documents
        ],
        "quarantined": [{"source": str(r.path), "reason": r.reason} for r in results.quarantined],
    }


def ingestion_outline(document: Document) -> Tree:
    meta = document.meta
    tree = Tree(f"[bold]{document.source.path.name}[/bold]: {meta.title or '(no title)'} — {meta.region}, "
                f"{meta.level or '?'}, {meta.doc_type or '?'}, {meta.date or 'no date'}"
                f"{', draft' if meta.draft else ''}, {meta.script}, {meta.encoding}")
    stack: list[tuple[int, Tree]] = [(-2, tree)]
    for section in document.sections:
        while stack[-1][0] >= section.depth:
            stack.pop()
        label = f"{section.number} {section.title}".strip()
        node = stack[-1][1].add(f"{label} [dim]({section.kind})[/dim]")
        if section.kind != "preamble":  # the preamble precedes the headings; it encloses none of them
            stack.append((section.depth, node))
    for warning in document.warnings:
        tree.add(f"[yellow]warning:[/yellow] {warning}")
    return tree


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def goal_record(goal: Goal) -> dict[str, Any]:
    p = goal.provenance
    return {
        "indicator": goal.indicator, "value": _number(goal.value), "value_max": _number(goal.value_max),
        "unit": goal.unit, "year": goal.year, "comparator": goal.comparator, "hedge": goal.hedge,
        "baseline_value": _number(goal.baseline_value), "baseline_year": goal.baseline_year,
        "placeholder": goal.placeholder, "binding": goal.binding,
        "canonical_unit": goal.canonical_unit, "scaled_value": _number(goal.scaled_value),
        "confidence": goal.confidence,
        "quote": goal.quote, "sentence": p.sentence,
        "section_path": list(p.section_path), "span": list(p.span), "original_span": list(p.original_span),
        "rule_id": p.rule_id, "rule_ids": list(goal.rule_ids),
    }


def measure_record(measure: Measure) -> dict[str, Any]:
    p = measure.provenance
    return {"number": measure.number, "number_path": list(measure.number_path), "title": measure.title,
            "responsible": list(measure.responsible),
            "themes": list(measure.themes), "instrument": measure.instrument, "goals": list(measure.goal_indexes),
            "section_path": list(p.section_path), "span": list(p.span), "original_span": list(p.original_span),
            "rule_id": p.rule_id}


def meta_record(document: Document) -> dict[str, Any]:
    meta = document.meta
    return {"title": meta.title, "issuer": meta.issuer, "province": meta.province, "city": meta.city,
            "county": meta.county, "level": meta.level, "doc_number": meta.doc_number,
            "date": meta.date.isoformat() if meta.date else None, "doc_type": meta.doc_type, "draft": meta.draft,
            "script": meta.script, "encoding": meta.encoding, "doc_id": document.doc_id,
            "evidence": dict(meta.evidence)}


def extraction_json(results: InspectedFiles) -> dict[str, Any]:
    return {
        "documents": [
            {"source": str(x.document.source.path), "meta": meta_record(x.document),
             "goals": [goal_record(g) for g in x.goals], "measures": [measure_record(m) for m in x.measures]}
            for x in results.extractions
        ],
        "quarantined": [{"source": str(r.path), "reason": r.reason} for r in results.quarantined],
    }


def extraction_csv(results: InspectedFiles) -> str:
    rows = [{"source": str(x.document.source.path),
             **{key: json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
                for key, value in goal_record(g).items()}}
            for x in results.extractions for g in x.goals]  # lists (rule ids, spans, section path) as JSON
    buffer = io.StringIO()
    pd.DataFrame(rows).convert_dtypes().to_csv(buffer, index=False)  # years stay 2025, not 2025.0
    return buffer.getvalue()


def extraction_tables(results: InspectedFiles) -> list[Table]:
    tables = []
    for x in results.extractions:
        meta = x.document.meta
        table = Table("indicator", "target", "year", "cmp", "hedge", "baseline", "confidence", "rule",
                      title=f"{x.document.source.path.name}: {meta.region} {meta.title or ''} "
                            f"({len(x.goals)} goals, {len(x.measures)} measures)")
        for goal in x.goals:
            target = "□" if goal.placeholder else str(goal.value) + (f"—{goal.value_max}" if goal.value_max else "")
            baseline = f"{goal.baseline_value} ({goal.baseline_year})" if goal.baseline_value is not None else ""
            table.add_row(goal.indicator, target + (goal.unit or ""), str(goal.year or ""), goal.comparator,
                          "力争" if goal.hedge else "", baseline,
                          f"{goal.confidence:.2f}" if goal.confidence is not None else "", goal.provenance.rule_id)
        tables.append(table)
    return tables


def write_confidence_table(results: Score, config_dir: Path) -> Path:
    """config/confidence.yaml from a scoring run (atomically: a reader never sees half a file)."""
    table = results.calibration(load_rules(config_dir).confidence.unseen_rule)
    header = ("# How reliable each goal rule proved on the gold annotations (tests/gold): goals it produced\n"
              "# (fired), how many were right in value, unit, year, comparator and baseline (correct), and the\n"
              "# reliability (correct / fired, shrunk towards unseen_rule where a rule fired rarely).\n"
              "# Written by `briefing score --calibrate`; extraction gives each goal the lowest reliability among\n"
              "# its rules as its confidence.\n")
    body = yaml.safe_dump(table.model_dump(mode="json"), allow_unicode=True, sort_keys=False, width=120)
    target = config_dir / "confidence.yaml"
    temporary = target.with_suffix(".yaml.part")
    temporary.write_text(header + body, encoding="utf-8")
    temporary.replace(target)
    return target
