"""Goals in running text: find numbers with units (match), then build goal records around them (assemble).

A number becomes a goal when a comparator word (达到, 超过, 以上 ...) or a target verb (培育, 建设 ...) stands
with it in its clause and nothing marks it as a past statistic, a penalty or a count of sections. Past
statistics are kept apart and become the baselines of the targets they describe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from briefing.extract.baselines import (
    InlineBaseline,
    Statistic,
    pair_statistics,
    split_inline_baseline,
    statistic_year,
)
from briefing.extract.numbers import Quantity, find_quantities, parse_decimal, quantity_pattern
from briefing.models import Comparator, Document, Goal, Provenance
from briefing.rules import GoalRules

_SENTENCE_END = re.compile(r"[。！？!?]")
_STRENGTH = {"=": 0, ">=": 1, "<=": 1, ">": 2, "<": 2, "~": 3}
_SUBJECT_PARTS = re.compile(r"和|与|及|以及|、")
# The object after a count ends where the next counted item begins: "二十个省级平台和一百五十家…".
_NEXT_ITEM = re.compile(r"(?:和|与|及|以及)(?=[\d两二三四五六七八九十一□×])")
# The noun a list of subjects shares: "5G网络和千兆光网覆盖率" -> 5G网络覆盖率, 千兆光网覆盖率.
_SHARED_HEAD = re.compile(r"(覆盖率|普及率|渗透率|使用率|达标率|开放率|办理率|应用率|占比|比重|比例|规模|收入|增加值|数量|率)$")


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


@dataclass(frozen=True)
class Matches:
    candidates: list[Candidate]
    statistics: list[Candidate]


def _is_table_line(line: str) -> bool:
    """A row or cell of a pipe-drawn table (read by tables.py), not prose that happens to end in a pipe."""
    return line.count("|") >= 2 or ("|" in line and len(line.replace("|", "").strip()) < 30)


def paragraphs(text: str) -> Iterator[Paragraph]:
    position = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            yield Paragraph(position, line.rstrip("\n"))
        position += len(line)


def _sentence_start(text: str, position: int) -> int:
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    return start


def _sentence_around(text: str, position: int) -> str:
    start = _sentence_start(text, position)
    end_match = _SENTENCE_END.search(text, position)
    return text[start:end_match.end() if end_match else len(text)].strip()


class ProseGoalFinder:
    """Compiled prose-goal rules; build once per rule set and reuse for every document."""

    def __init__(self, rules: GoalRules) -> None:
        self.rules = rules
        self.quantity = quantity_pattern(rules)
        self.stop = re.compile(rules.indicator_stop)
        self.strip_prefix = re.compile(rules.indicator_strip_prefix)
        self.year_anchor = re.compile(rules.year_anchor)
        self.before_words = sorted(rules.comparators_before, key=len, reverse=True)
        self.verbs = sorted(rules.target_verbs, key=len, reverse=True)
        self.leading_verb = re.compile("^(?:" + "|".join(map(re.escape, self.verbs)) + ")+")
        hedges = "|".join(map(re.escape, rules.hedges))
        self.leading_hedge = re.compile(f"^(?:{hedges})+")
        cmp_words = "|".join(map(re.escape, self.before_words))
        after_words = "|".join(map(re.escape, rules.comparators_after))
        self.unitless = re.compile(
            rf"(?P<cmp>{cmp_words})(?P<num>\d+(?:\.\d+)?)(?=[,，。;；、]|$|{after_words})"
        )

    # --- match ---------------------------------------------------------------------------------------------

    def matches(self, document: Document) -> Matches:
        candidates: list[Candidate] = []
        statistics: list[Candidate] = []
        for paragraph in paragraphs(document.text):
            kind = document.section_kind_at(paragraph.start)
            if _is_table_line(paragraph.text) or kind == "annex":
                continue
            if kind == "review":  # "发展回顾": every figure there is a past statistic
                self._match_paragraph(paragraph, statistics, statistics)
            else:
                self._match_paragraph(paragraph, candidates, statistics)
        return Matches(candidates, statistics)

    def _match_paragraph(self, paragraph: Paragraph, candidates: list[Candidate],
                         statistics: list[Candidate]) -> None:
        text = paragraph.text
        last_target_end = -1
        for quantity in find_quantities(text, self.quantity):
            if self._in_excluded_sentence(text, quantity.start):
                continue
            doubled = text[max(0, quantity.start - 1):quantity.start] == "双"  # "实现双100%": two targets
            before, after = self._clause(text, quantity.start - doubled, quantity.end)
            if quantity.chinese and self._counts_sections(text, quantity, after):
                continue
            if self._is_statistic(text, quantity.start, before):
                statistics.append(Candidate(quantity, paragraph, before, after, "baseline.statistic"))
                continue
            rule_id = self._target_rule(before, after)
            if rule_id is None and self._continues_list(text, last_target_end, quantity.start, before):
                rule_id = "goal.prose.list_continuation"
            if rule_id is None:
                continue
            last_target_end = quantity.end
            candidate = Candidate(quantity, paragraph, before, after, rule_id)
            candidates.append(candidate)
            if doubled:
                candidates.append(replace(candidate, rule_id="goal.prose.double"))
        for match in self.unitless.finditer(text):
            start = match.start("num")
            before, after = self._clause(text, start, match.end())
            if self._excluded(before) or self._in_excluded_sentence(text, start):
                continue
            quantity = Quantity(start, match.end(), parse_decimal(match.group("num")), None, None, False,
                                match.group("num"))
            candidates.append(Candidate(quantity, paragraph, before, after, "goal.prose.unitless"))

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

    def _counts_sections(self, text: str, quantity: Quantity, after: str) -> bool:
        """"七项重点工作", "等两大任务": a count of the document's own parts, not a target."""
        preceded_by_list = text[max(0, quantity.start - 1):quantity.start] == "等"
        return preceded_by_list or any(noun in after[:6] for noun in self.rules.section_count_nouns)

    def _is_statistic(self, text: str, position: int, before: str) -> bool:
        sentence_before = text[_sentence_start(text, position):position]
        return statistic_year(sentence_before) is not None or any(
            marker in before for marker in self.rules.baseline_markers)

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
        found = self.matches(document)
        result: list[Goal] = []
        subject: dict[int, str] = {}  # paragraph start -> the last indicator named there
        distributed: dict[int, list[str]] = {}  # paragraph start -> subjects left for "分别达到 a、b"
        for candidate in found.candidates:
            key = candidate.paragraph.start
            indicator, inline = self._indicator(candidate)
            text = candidate.paragraph.text
            doubled = text[max(0, candidate.quantity.start - 1):candidate.quantity.start] == "双"
            if indicator.endswith("分别") or (doubled and candidate.rule_id != "goal.prose.double"):
                indicator = indicator.removesuffix("分别")
                parts = _split_subjects(indicator)
                if len(parts) > 1:
                    indicator = parts[0]
                    distributed[key] = parts[1:]
                elif doubled:  # "实现双100%" with no subject named: the phrase itself
                    indicator = indicator or f"双{candidate.quantity.text}"
                    distributed[key] = [indicator]
            elif (not indicator or doubled) and distributed.get(key):
                indicator = distributed[key].pop(0)
            if indicator.startswith("占") and key in subject:
                indicator = subject[key].split("占")[0] + indicator
            if not indicator:
                continue
            subject[key] = indicator
            result.append(self._goal(document, candidate, indicator, inline))
        statistics = [self._statistic(c) for c in found.statistics]
        return pair_statistics(result, statistics)

    def _statistic(self, candidate: Candidate) -> Statistic:
        indicator, _ = self._indicator(candidate)
        sentence_before = candidate.paragraph.text[_sentence_start(candidate.paragraph.text,
                                                                     candidate.quantity.start):candidate.quantity.start]
        return Statistic(indicator, candidate.quantity.value, candidate.quantity.unit, statistic_year(sentence_before))

    def _indicator(self, candidate: Candidate) -> tuple[str, InlineBaseline | None]:
        """The shortest phrase naming what is measured, and any baseline written inside it."""
        before = candidate.clause_before.strip()
        comparator_word = next((w for w in self.before_words if before.endswith(w)), "")
        phrase = before[: len(before) - len(comparator_word)] if comparator_word else before
        inline = None
        for _ in range(3):  # "力争突破", "累计建成", "比2020年提高" ...
            phrase = self.strip_prefix.sub("", phrase)
            phrase = self.leading_hedge.sub("", phrase)
            phrase = self.leading_verb.sub("", phrase)
            if not phrase.endswith("年均"):
                phrase = phrase.rstrip("均")  # "年均增速均达到" -> 年均增速
            for word in (*self.before_words, *self.rules.hedges):
                if phrase.endswith(word):
                    phrase = phrase[: -len(word)]
            if inline is None and (inline := split_inline_baseline(phrase)):
                phrase = inline.phrase
        if phrase.endswith("年均") and comparator_word in ("增长", "提高"):
            phrase += comparator_word  # "年均增长15%": the growth rate is the indicator
        after = _NEXT_ITEM.split(candidate.clause_after, maxsplit=1)[0]
        for word in self.rules.comparators_after:
            if after.startswith(word):
                after = after[len(word):]
        names_object = after.startswith("的")  # "超过1千亿元的细分领域产业集群"
        after = after.lstrip("的").strip()
        # "建设3—5个大数据产业基地": the object after the unit names what is counted.
        if after and (names_object or not phrase or not comparator_word) and re.match(r"[\u4e00-\u9fffA-Za-z“]", after):
            return after[:40], inline
        return phrase.strip()[-40:], inline

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
        text = candidate.paragraph.text
        sentence = text[_sentence_start(text, candidate.quantity.start):candidate.quantity.start]
        return any(hedge in sentence for hedge in self.rules.hedges)

    def _goal(self, document: Document, candidate: Candidate, indicator: str,
              inline: InlineBaseline | None) -> Goal:
        quantity = candidate.quantity
        start = candidate.paragraph.start + quantity.start
        end = candidate.paragraph.start + quantity.end
        after = candidate.clause_after
        for word in self.rules.comparators_after:
            if after.startswith(word):
                end += len(word)
        quote_start = max(candidate.paragraph.start, start - len(candidate.clause_before))
        return Goal(
            indicator=indicator,
            value=quantity.value,
            value_max=quantity.value_max,
            unit=quantity.unit,
            year=self._year(candidate),
            comparator=self._comparator(candidate),
            hedge=self._hedged(candidate),
            baseline_value=inline.value if inline else None,
            baseline_year=inline.year if inline else None,
            placeholder=quantity.placeholder,
            quote=document.text[quote_start:end],
            provenance=Provenance(
                doc_id=document.doc_id,
                section_path=document.section_path_at(start),
                sentence=_sentence_around(candidate.paragraph.text, quantity.start),
                span=(quote_start, end),
                original_span=document.original_span(quote_start, end),
                rule_id=candidate.rule_id,
            ),
        )


def _split_subjects(phrase: str) -> list[str]:
    """"5G网络和千兆光网覆盖率" -> ["5G网络覆盖率", "千兆光网覆盖率"]: parts share the last part's head noun."""
    parts = [part for part in _SUBJECT_PARTS.split(phrase) if part]
    if len(parts) < 2:
        return parts
    head = _SHARED_HEAD.search(parts[-1])
    if head:
        noun = head.group(1)
        if noun == "率" and len(parts[-1]) >= 4:  # "4G通达率": the head is the rate's name, 通达率
            noun = parts[-1][-3:]
        parts = [part if _SHARED_HEAD.search(part) else part + noun for part in parts]
    return parts


def same_target(a: Goal, b: Goal, scale_a: Decimal | None, scale_b: Decimal | None) -> bool:
    """Two records of one target (headline and body, table and prose)."""
    if a.year != b.year and a.year is not None and b.year is not None:
        return False
    if a.provenance.span == b.provenance.span:
        return False  # split on purpose ("双100%")
    if a.provenance.rule_id.startswith("goal.table.") and b.provenance.rule_id.startswith("goal.table."):
        return False  # two rows of tables are two targets
    if a.placeholder or b.placeholder:
        return a.placeholder and b.placeholder and a.indicator == b.indicator and a.unit == b.unit
    if scale_a is None or scale_b is None or scale_a != scale_b:
        return False
    shared = set(a.indicator) & set(b.indicator)
    union = set(a.indicator) | set(b.indicator)
    return bool(union) and len(shared) / len(union) >= 0.6
