"""The section tree of a document, from heading markers at the start of lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from briefing.models import Section, SectionKind
from briefing.rules import StructureRules

_TITLE_END = re.compile(r"[。;；]")
PREAMBLE_TITLE = "前言"


@dataclass(frozen=True)
class _Heading:
    start: int
    depth: int
    number: str
    title: str
    rule_id: str
    kind: str | None


def _compiled(rules: StructureRules) -> list[tuple[re.Pattern[str], int, str, str | None]]:
    return [(re.compile(rule.pattern), rule.depth, rule.id, rule.kind) for rule in rules.headings]


def find_headings(text: str, rules: StructureRules) -> list[_Heading]:
    patterns = _compiled(rules)
    headings: list[_Heading] = []
    position = 0
    for line in text.splitlines(keepends=True):
        stripped = line.lstrip()
        offset = position + len(line) - len(stripped)
        for pattern, depth, rule_id, kind in patterns:
            match = pattern.match(stripped)
            if not match:
                continue
            rest = stripped[match.end():].rstrip("\n")
            title = _TITLE_END.split(rest, maxsplit=1)[0].strip()
            if not title and kind == "annex" and match.group("number"):
                title = match.group("number")  # "附件" alone on its line
            # A table cell or a long sentence that starts with a number is not a heading.
            if not title or "|" in title or len(title) > rules.max_title_length and not _TITLE_END.search(rest):
                break
            headings.append(_Heading(offset, depth, match.group("number").replace(" ", ""), title[:80], rule_id,
                                     kind))
            break
        position += len(line)
    return headings


def _kind(title: str, number: str, rules: StructureRules) -> SectionKind:
    label = number + title
    for rule in rules.section_kinds:
        if any(keyword in label for keyword in rule.keywords):
            return rule.kind  # type: ignore[return-value]
    return "other"


def build_sections(text: str, rules: StructureRules) -> tuple[Section, ...]:
    """Sections with spans, paths and kinds.

    A top-level section with no kind of its own that sits between the goals and the safeguards is a task
    section: many plans title their task chapters by topic ("二、加快发展数字经济核心产业").
    """
    headings = find_headings(text, rules)
    sections: list[Section] = []
    stack: list[Section] = []
    for index, heading in enumerate(headings):
        end = len(text)
        for later in headings[index + 1:]:
            if later.depth <= heading.depth:
                end = later.start
                break
        while stack and stack[-1].depth >= heading.depth:
            stack.pop()
        path = tuple(s.title for s in stack) + (heading.title,)
        kind = heading.kind or _kind(heading.title, heading.number, rules)
        section = Section(heading.number, heading.title, kind, heading.depth, heading.start, end, path,  # type: ignore[arg-type]
                          heading.rule_id)
        sections.append(section)
        stack.append(section)
    sections = _inherit_kinds(_infer_task_chapters(sections))
    first = headings[0].start if headings else len(text)
    if text[:first].strip():
        preamble = Section("", PREAMBLE_TITLE, "preamble", -1, 0, first, (PREAMBLE_TITLE,), "section.preamble")
        sections.insert(0, preamble)
    return tuple(sections)


def _relabel(section: Section, kind: SectionKind) -> Section:
    return replace(section, kind=kind)


def _infer_task_chapters(sections: list[Section]) -> list[Section]:
    # An annex that contains the goals chapter is the plan itself, wrapped in a notice.
    sections = [
        _relabel(s, "other") if s.kind == "annex" and any(
            o.kind == "goals" and s.start < o.start < s.end for o in sections) else s
        for s in sections
    ]
    top_depth = min((s.depth for s in sections if s.kind not in ("annex",)), default=0)
    if any(s.depth == top_depth and s.kind == "tasks" for s in sections):
        return sections  # the document names its task chapters; other chapters are not tasks
    result: list[Section] = []
    seen_goals = False
    for section in sections:
        if section.depth == top_depth:
            if section.kind == "goals":
                seen_goals = True
            elif section.kind in ("safeguards", "annex", "review"):
                seen_goals = False
            elif section.kind == "other" and seen_goals:
                section = _relabel(section, "tasks")
        result.append(section)
    return result


def _inherit_kinds(sections: list[Section]) -> list[Section]:
    """A numbered item inside 重点任务 is part of the tasks: unclassified sections take their parent's kind."""
    result: list[Section] = []
    stack: list[Section] = []
    for section in sections:
        while stack and stack[-1].depth >= section.depth:
            stack.pop()
        if section.kind == "other" and stack and stack[-1].kind in ("review", "goals", "tasks", "safeguards", "annex"):
            section = _relabel(section, stack[-1].kind)
        result.append(section)
        stack.append(section)
    return result
