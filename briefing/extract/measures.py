"""Measures: the numbered tasks at the finest numbered level of the task part of a document."""

from __future__ import annotations

import re

from briefing.models import Document, Measure, Provenance, Section
from briefing.rules import MeasureRules

_TITLE_END = re.compile(r"[。;；]")


def _is_task_leaf(section: Section, document: Document) -> bool:
    if section.kind in ("box", "table", "annex") or section.number.startswith(("专栏", "表")):
        return False
    if document.section_kind_at(section.start) != "tasks":
        return False
    enclosing = [s for s in document.sections if s.start < section.start < s.end and s.depth < section.depth]
    if not enclosing:  # the task chapter itself
        return False
    children = [
        s for s in document.sections
        if section.start < s.start < section.end and s.depth > section.depth
        and not s.number.startswith(("专栏", "表"))
    ]
    return not children


def find_measures(document: Document, rules: MeasureRules) -> list[Measure]:
    responsible_pattern = re.compile(rules.responsible_pattern)
    separators = re.compile(rules.responsible_separators)
    measures: list[Measure] = []
    for section in document.sections:
        if not _is_task_leaf(section, document):
            continue
        body = document.text[section.start:section.end]
        responsible: list[str] = []
        for match in responsible_pattern.finditer(body):
            for unit in separators.split(match.group("units")):
                if unit and unit not in responsible:
                    responsible.append(unit)
        enclosing = sorted((s for s in document.sections
                            if s.start <= section.start < s.end and s.depth < section.depth and s.number),
                           key=lambda s: s.depth)
        first_line = body.split("\n", 1)[0]
        end = section.start + len(first_line)
        measures.append(Measure(
            number=section.number,
            title=section.title,
            text=body.strip(),
            responsible=tuple(responsible),
            number_path=tuple(s.number for s in enclosing) + (section.number,),
            provenance=Provenance(
                doc_id=document.doc_id,
                section_path=section.path,
                sentence=_TITLE_END.split(first_line, maxsplit=1)[0],
                span=(section.start, end),
                original_span=document.original_span(section.start, end),
                rule_id="measure.task_leaf",
            ),
        ))
    return measures
