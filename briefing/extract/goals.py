"""Goals in running text: find numbers with units (match), then build goal records around them (assemble).

A number becomes a goal when a comparator word (达到, 超过, 以上 ...) or a target verb (培育, 建设 ...) stands
with it in its clause and nothing marks it as a past statistic, a penalty or a section count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from briefing.extract.numbers import Quantity, find_quantities, parse_decimal, quantity_pattern
from briefing.models import Comparator, Document, Goal, Provenance
from briefing.rules import GoalRules

_SENTENCE_END = re.compile(r"[。！？!?]")
_STRENGTH = {"=": 0, ">=": 1, "<=": 1, ">": 2, "<": 2, "~": 3}


@dataclass(frozen=True)
class Paragraph:
    start: int
    text: str


@dataclass(frozen=True)
class Candidate:
    """A matched number with the words around it, before a goal is built from it."""

    quantity: Quantity
    paragraph: Paragraph
    clause_before: str
    clause_after: str
    rule_id: str


def _is_table_line(line: str) -> bool:
    """A row or cell of a pipe-drawn table (read by tables.py), not prose that happens to end in a pipe."""
    return line.count("|") >= 2 or ("|" in line and len(line.replace("|", "").strip()) < 30)


def paragraphs(text: str) -> Iterator[Paragraph]:
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            yield Paragraph(position, line.rstrip("\n"))
        position += len(line)


class ProseGoalFinder:
    """Compiled prose-goal rules; build once per rule set and reuse for every document."""

    def __init__(self, rules: GoalRules) -> None:
        self.rules = rules
        self.quantity = quantity_pattern(rules)
        self.stop = re.compile(rules.indicator_stop)
        self.strip_prefix = re.compile(rules.indicator_strip_prefix)
        self.year_anchor = re.compile(rules.year_anchor)
        self.before_words = sorted(rules.comparators_before, key=len, reverse=True)
        verbs = sorted(rules.target_verbs, key=len, reverse=True)
        self.leading_verb = re.compile("^(?:" + "|".join(map(re.escape, verbs)) + ")+")
        self.verbs = verbs
        hedges = "|".join(map(re.escape, rules.hedges))
        self.leading_hedge = re.compile(f"^(?:{hedges})+")
        cmp_words = "|".join(map(re.escape, self.before_words))
        after_words = "|".join(map(re.escape, rules.comparators_after))
        self.unitless = re.compile(
            rf"(?P<cmp>{cmp_words})(?P<num>\d+(?:\.\d+)?)(?=[,，。;；、]|$|{after_words})"
        )

    # --- match ---------------------------------------------------------------------------------------------

    def candidates(self, document: Document) -> Iterator[Candidate]:
        for paragraph in paragraphs(document.text):
            if _is_table_line(paragraph.text) or document.section_kind_at(paragraph.start) == "annex":
                continue
            last_target_end = -1
            for quantity in find_quantities(paragraph.text, self.quantity):
                if self._in_excluded_sentence(paragraph.text, quantity.start):
                    continue
                before, after = self._clause(paragraph.text, quantity.start, quantity.end)
                rule_id = self._target_rule(before, after)
                if rule_id is None and self._continues_list(paragraph.text, last_target_end, quantity.start, before):
                    rule_id = "goal.prose.list_continuation"
                if rule_id:
                    last_target_end = quantity.end
                    yield Candidate(quantity, paragraph, before, after, rule_id)
            for match in self.unitless.finditer(paragraph.text):
                value = parse_decimal(match.group("num"))
                start = match.start("num")
                quantity = Quantity(start, match.end(), value, None, None, False, match.group("num"))
                before, after = self._clause(paragraph.text, start, match.end())
                if self._excluded(before) or self._in_excluded_sentence(paragraph.text, start):
                    continue
                yield Candidate(quantity, paragraph, before, after, "goal.prose.unitless")

    def _clause(self, text: str, start: int, end: int) -> tuple[str, str]:
        clause_start = 0
        for match in self.stop.finditer(text, 0, start):
            clause_start = match.end()
        stop_after = self.stop.search(text, end)
        return text[clause_start:start], text[end:stop_after.start() if stop_after else len(text)]

    def _continues_list(self, text: str, previous_end: int, start: int, before: str) -> bool:
        """"建成…2个,省级…工厂13家、…项目28个": later items of a target list share its verb."""
        if previous_end < 0 or self._excluded(before):
            return False
        between = text[previous_end:start]
        return not _SENTENCE_END.search(between) and len(between) <= 40

    def _in_excluded_sentence(self, text: str, position: int) -> bool:
        sentence = _sentence_around(text, position)
        return any(word in sentence for word in self.rules.excluded_sentences)

    def _excluded(self, before: str) -> bool:
        tail = before[-3:]
        if any(tail.endswith(word) for word in self.rules.excluded_contexts):
            return True
        return any(marker in before for marker in self.rules.baseline_markers)

    def _target_rule(self, before: str, after: str) -> str | None:
        if self._excluded(before):
            return None
        if any(before.rstrip().endswith(word) for word in self.before_words):
            return "goal.prose.comparator"
        if any(after.startswith(word) for word in self.rules.comparators_after):
            return "goal.prose.comparator_after"
        if any(verb in before for verb in self.verbs):
            return "goal.prose.target_verb"
        return None

    # --- assemble ------------------------------------------------------------------------------------------

    def goals(self, document: Document) -> list[Goal]:
        result: list[Goal] = []
        previous_indicator: dict[int, str] = {}
        for candidate in self.candidates(document):
            indicator = self._indicator(candidate)
            if indicator.startswith("占") and candidate.paragraph.start in previous_indicator:
                indicator = previous_indicator[candidate.paragraph.start].split("占")[0] + indicator
            if not indicator:
                continue
            previous_indicator[candidate.paragraph.start] = indicator
            result.append(self._goal(document, candidate, indicator))
        return result

    def _indicator(self, candidate: Candidate) -> str:
        before = candidate.clause_before.strip()
        comparator_word = next((w for w in self.before_words if before.endswith(w)), "")
        phrase = before[: len(before) - len(comparator_word)] if comparator_word else before
        for _ in range(3):  # "力争突破", "累计建成" ...
            phrase = self.strip_prefix.sub("", phrase)
            phrase = self.leading_hedge.sub("", phrase)
            phrase = self.leading_verb.sub("", phrase)
            phrase = phrase.rstrip("均")
            for word in (*self.before_words, *self.rules.hedges):
                if phrase.endswith(word):
                    phrase = phrase[: -len(word)]
        after = candidate.clause_after
        for word in self.rules.comparators_after:
            if after.startswith(word):
                after = after[len(word):]
        names_object = after.startswith("的")  # "超过1千亿元的细分领域产业集群"
        after = after.lstrip("的").strip()
        # "建设3—5个大数据产业基地": the object after the unit names what is counted.
        if after and (names_object or not phrase or not comparator_word) and re.match(r"[\u4e00-\u9fffA-Za-z“]", after):
            return after[:40]
        return phrase.strip()[-40:]

    def _comparator(self, candidate: Candidate) -> Comparator:
        found: list[str] = []
        before = candidate.clause_before.rstrip()
        for word in self.before_words:
            if before.endswith(word) or before[:-2].endswith(word) and before[-2:] in self.rules.hedges:
                found.append(self.rules.comparators_before[word])
                break
        for word, comparator in self.rules.comparators_after.items():
            if candidate.clause_after.startswith(word):
                found.append(comparator)
        if not found:
            return "="
        return max(found, key=lambda c: _STRENGTH[c])  # type: ignore[return-value]

    def _year(self, candidate: Candidate) -> int | None:
        paragraph = candidate.paragraph.text
        year = None
        for match in self.year_anchor.finditer(paragraph, 0, candidate.quantity.start):
            year = int(match.group("year") or match.group("year2"))
        if year is None:
            for phrase, period_year in self.rules.period_years.items():
                if phrase in paragraph[: candidate.quantity.start]:
                    year = period_year
        return year

    def _hedged(self, candidate: Candidate) -> bool:
        text = candidate.paragraph.text[: candidate.quantity.start]
        sentence_start = 0
        for match in _SENTENCE_END.finditer(text):
            sentence_start = match.end()
        sentence = text[sentence_start:]
        return any(hedge in sentence for hedge in self.rules.hedges)

    def _goal(self, document: Document, candidate: Candidate, indicator: str) -> Goal:
        quantity = candidate.quantity
        start = candidate.paragraph.start + quantity.start
        end = candidate.paragraph.start + quantity.end
        after = candidate.clause_after
        for word in self.rules.comparators_after:
            if after.startswith(word):
                end += len(word)
        quote_start = max(candidate.paragraph.start, start - len(candidate.clause_before))
        sentence = _sentence_around(candidate.paragraph.text, quantity.start)
        return Goal(
            indicator=indicator,
            value=quantity.value,
            value_max=quantity.value_max,
            unit=quantity.unit,
            year=self._year(candidate),
            comparator=self._comparator(candidate),
            hedge=self._hedged(candidate),
            baseline_value=None,
            baseline_year=None,
            placeholder=quantity.placeholder,
            quote=document.text[quote_start:end],
            provenance=Provenance(
                doc_id=document.doc_id,
                section_path=document.section_path_at(start),
                sentence=sentence,
                span=(quote_start, end),
                original_span=document.original_span(quote_start, end),
                rule_id=candidate.rule_id,
            ),
        )


def _sentence_around(text: str, position: int) -> str:
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    end_match = _SENTENCE_END.search(text, position)
    return text[start:end_match.end() if end_match else len(text)].strip()


def same_target(a: Goal, b: Goal, scale_a: Decimal | None, scale_b: Decimal | None) -> bool:
    """Two records of one target (headline and body, table and prose)."""
    if a.year != b.year and a.year is not None and b.year is not None:
        return False
    if a.provenance.rule_id == b.provenance.rule_id == "goal.table.unit_column":
        return False  # two rows of one table are two targets
    if a.placeholder or b.placeholder:
        return a.placeholder and b.placeholder and a.indicator == b.indicator and a.unit == b.unit
    if scale_a is None or scale_b is None or scale_a != scale_b:
        return False
    shared = set(a.indicator) & set(b.indicator)
    union = set(a.indicator) | set(b.indicator)
    return bool(union) and len(shared) / len(union) >= 0.6
