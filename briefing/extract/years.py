"""Target years: the anchors a paragraph states ("到2025年", "2027年,", "到“十五五”末") and which one a
target takes.

A target takes the nearest anchor before it in its sentence, else the nearest before it in its paragraph,
else the paragraph's anchor after it (where the paragraph names one year only), else the last anchor of an
earlier paragraph of the same goals section ("到2020年,…" followed by "——…形成10个以上…" bullets).
Some anchors ("2020年,…", "截至2022年底,…") state the year of a past statistic rather than a target year;
which one they are depends on the document's own year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.models import Document
from briefing.rules import GoalRules

_TITLE_HEAD_CHARACTERS = 1000


@dataclass(frozen=True)
class YearAnchor:
    start: int
    end: int
    year: int
    rule_id: str
    #: False: the year of a past statistic, not a target year
    target: bool


@dataclass(frozen=True)
class ResolvedYear:
    year: int | None
    rule_id: str | None


class YearReader:
    """Compiled year rules; build once per rule set."""

    def __init__(self, rules: GoalRules) -> None:
        self.rules = rules
        self.anchor_rules = [(re.compile(rule.pattern), rule) for rule in rules.year_anchors]
        self.title_period = re.compile(rules.title_period)

    def document_year(self, document: Document) -> int | None:
        """The document's own year: its date, else the start of the period its title (or first lines) name."""
        if document.meta.date is not None:
            return document.meta.date.year
        for text in (document.meta.title or "", document.text[:_TITLE_HEAD_CHARACTERS]):
            starts = [int(match.group("start")) for match in self.title_period.finditer(text)]
            if starts:
                return max(starts)
        return None

    def anchors(self, text: str, document_year: int | None) -> list[YearAnchor]:
        """Every anchor in a paragraph, in order; overlapping matches keep the first rule's."""
        found: list[YearAnchor] = []
        for pattern, rule in self.anchor_rules:
            for match in pattern.finditer(text):
                if any(a.start < match.end() and match.start() < a.end for a in found):
                    continue
                year = self._year(match)
                if year is None:
                    continue
                if rule.tense == "target":
                    target = True
                elif document_year is None:
                    target = rule.without_document_year == "target"
                else:
                    target = year >= document_year
                found.append(YearAnchor(match.start(), match.end(), year, rule.id, target))
        return sorted(found, key=lambda a: a.start)

    def _year(self, match: re.Match[str]) -> int | None:
        groups = match.groupdict()
        if groups.get("year"):
            return int(groups["year"])
        if groups.get("plan"):
            return self.rules.five_year_plans.get(groups["plan"])
        return None


def nearest_before(anchors: list[YearAnchor], position: int, not_before: int = 0) -> YearAnchor | None:
    """The last anchor that ends at or before ``position`` and starts at or after ``not_before``."""
    best = None
    for anchor in anchors:
        if anchor.end <= position and anchor.start >= not_before:
            best = anchor
    return best


def resolve_year(anchors: list[YearAnchor], position: int, sentence_start: int,
                 section_year: YearAnchor | None) -> ResolvedYear:
    """The target year of a number at ``position`` of a paragraph (see the module docstring)."""
    targets = [a for a in anchors if a.target]
    if (anchor := nearest_before(targets, position, sentence_start)) is not None:
        return ResolvedYear(anchor.year, anchor.rule_id)
    if (anchor := nearest_before(targets, position)) is not None:
        return ResolvedYear(anchor.year, anchor.rule_id)
    later_years = {a.year for a in targets if a.start >= position}
    if len(later_years) == 1:
        anchor = next(a for a in targets if a.start >= position)
        return ResolvedYear(anchor.year, anchor.rule_id + ".after")
    if section_year is not None and not targets:
        return ResolvedYear(section_year.year, "year.goals_section")
    return ResolvedYear(None, None)


def statistic_anchor(anchors: list[YearAnchor], position: int, sentence_start: int) -> YearAnchor | None:
    """The past-statistic anchor that governs ``position``: the nearest anchor before it in its sentence."""
    anchor = nearest_before(anchors, position, sentence_start)
    return anchor if anchor is not None and not anchor.target else None
