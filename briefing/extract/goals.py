"""Goals in running text: find numbers with units (match), then build goal records around them (assemble).

A number becomes a goal when a comparator (达到, 超过, 以上 ...), a target verb (培育, 建设 ...) or a verb the
tagger recognises stands with it in its clause and no exclusion applies (codes, penalties, names in quotes,
size labels, counts of the document's own parts). Past statistics are kept apart and become the baselines
of the targets they describe. Every goal records the ids of the rules that produced it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from briefing.extract.baselines import Statistic, StatisticPairer
from briefing.extract.indicators import Indicator, IndicatorReader
from briefing.extract.numbers import Quantity, QuantityFinder, parse_decimal
from briefing.extract.tokens import Tokenizer
from briefing.extract.units import Units
from briefing.extract.years import (
    YearAnchor,
    YearReader,
    resolve_year,
    statistic_anchor,
)
from briefing.models import Comparator, Document, Goal, Provenance, SectionKind
from briefing.rules import GoalRules
from briefing.similarity import character_jaccard

_SENTENCE_END = re.compile(r"[。！？!?]")
#: indicators of two statements of one target share at least this share of characters
SAME_TARGET_SIMILARITY = 0.6
_STRENGTH = {"=": 0, ">=": 1, "<=": 1, ">": 2, "<": 2, "~": 3}
_SUBJECT_PARTS = re.compile(r"和|与|及|以及|、")
_CJK_PREDICATE = re.compile(r"^[\u4e00-\u9fff]+$")


# Ids of the cues written in code: a comparator word stands before the number, or after its unit; "双100%".
COMPARATOR_CUE = "goal.prose.comparator"
COMPARATOR_AFTER_CUE = "goal.prose.comparator_after"
DOUBLE_CUE = "goal.prose.double"


@dataclass(frozen=True)
class ComparatorMatch:
    comparator: Comparator
    rule_ids: tuple[str, ...]
    #: a comparator word stands right before the number / right after its unit
    before: bool
    after: bool


@dataclass(frozen=True)
class Paragraph:
    start: int
    text: str
    kind: SectionKind
    #: start of the innermost section holding the paragraph (-1: none), for years carried within a section
    section_start: int


@dataclass(frozen=True)
class Candidate:
    """A matched number with the words around it, before a goal is built from it."""

    quantity: Quantity
    paragraph: Paragraph
    clause_before: str
    clause_after: str
    sentence_start: int
    rule_id: str
    comparator: Comparator
    comparator_ids: tuple[str, ...]
    #: "双100%": the second of two targets written as one
    doubled: bool = False
    #: "100%达标": the verb a percentage measures
    predicate: str = ""
    #: the text after the number up to the next hard stop (，。；), across 、: where the counted object is named
    tail: str = ""


@dataclass
class _Matches:
    candidates: list[Candidate] = field(default_factory=list)
    statistics: list[Candidate] = field(default_factory=list)
    #: paragraph start -> its year anchors
    anchors: dict[int, list[YearAnchor]] = field(default_factory=dict)
    #: paragraph start -> the last target-year anchor of earlier paragraphs of its goals section
    section_years: dict[int, YearAnchor] = field(default_factory=dict)


def _is_table_line(line: str) -> bool:
    """A row or cell of a pipe-drawn table (read by tables.py), not prose that happens to end in a pipe."""
    return line.count("|") >= 2 or ("|" in line and len(line.replace("|", "").strip()) < 30)


def paragraphs(document: Document) -> Iterator[Paragraph]:
    position = 0
    for line in document.text.splitlines(keepends=True):
        if line.strip():
            inner = [s for s in document.sections if s.start <= position < s.end and s.depth >= 0]
            section_start = max(inner, key=lambda s: s.depth).start if inner else -1
            yield Paragraph(position, line.rstrip("\n"), document.section_kind_at(position), section_start)
        position += len(line)


def sentence_start(text: str, position: int) -> int:
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, position):
        start = match.end()
    return start


def sentence_around(text: str, position: int) -> str:
    start = sentence_start(text, position)
    end_match = _SENTENCE_END.search(text, position)
    return text[start:end_match.end() if end_match else len(text)].strip()


class ProseGoalFinder:
    """Compiled prose-goal rules; build once per rule set and reuse for every document."""

    def __init__(self, rules: GoalRules, units: Units, tokenizer: Tokenizer) -> None:
        self.rules = rules
        self.units = units
        self.tokenizer = tokenizer
        self.quantities = QuantityFinder(units)
        self.years = YearReader(rules)
        self.indicators = IndicatorReader(rules, tokenizer, units.pattern())
        self.pairer = StatisticPairer(rules)
        self.stop = re.compile(rules.indicator_stop)
        self.hard_stop = re.compile(rules.indicator_stop.replace("、", ""))
        self.before_comparators = sorted(((w, c) for c in rules.comparators for w in c.before),
                                         key=lambda item: len(item[0]), reverse=True)
        self.after_comparators = sorted(((w, c) for c in rules.comparators for w in c.after),
                                        key=lambda item: len(item[0]), reverse=True)
        self.hedges = [(w, h.id) for h in rules.hedges for w in h.words]
        self.verbs = sorted(rules.target_verbs.words, key=len, reverse=True)
        excl = rules.exclusions
        self.quote_open = re.compile(excl.quoted_name.open)
        self.quote_close = re.compile(excl.quoted_name.close)
        before_words = "|".join(re.escape(w) for w, _ in self.before_comparators)
        after_words = "|".join(re.escape(w) for w, _ in self.after_comparators)
        self.unitless = re.compile(
            rf"(?P<cmp>{before_words})(?P<num>\d+(?:\.\d+)?)(?={rules.unitless.followed_by}|{after_words})")

    # --- match ---------------------------------------------------------------------------------------------

    def _matches(self, document: Document) -> _Matches:
        found = _Matches()
        document_year = self.years.document_year(document)
        last_section_year: dict[int, YearAnchor] = {}
        for paragraph in paragraphs(document):
            if _is_table_line(paragraph.text) or paragraph.kind == "annex":
                continue
            anchors = self.years.anchors(paragraph.text, document_year)
            found.anchors[paragraph.start] = anchors
            if paragraph.kind == "goals":
                if paragraph.section_start in last_section_year:
                    found.section_years[paragraph.start] = last_section_year[paragraph.section_start]
                if targets := [a for a in anchors if a.target]:
                    last_section_year[paragraph.section_start] = targets[-1]
            review = paragraph.kind == "review"  # "发展回顾": every figure there is a past statistic
            self._match_paragraph(paragraph, anchors, found, review)
        return found

    def _match_paragraph(self, paragraph: Paragraph, anchors: list[YearAnchor], found: _Matches,
                         review: bool) -> None:
        text = paragraph.text
        last_target_end = -1
        for quantity in self.quantities.find(text):
            start = sentence_start(text, quantity.start)
            if self._in_penalty_sentence(text, quantity.start):
                continue
            doubled = text[max(0, quantity.start - 1):quantity.start] == "双"  # "实现双100%": two targets
            before, after = self._clause(text, quantity.start - doubled, quantity.end)
            if self._excluded(text, quantity, before, after):
                continue
            comparator = self._comparator(before, after)
            if self._rhetorical_count(quantity, comparator.rule_ids):
                continue
            if review or self._is_statistic(text, quantity.start, before, anchors, start):
                found.statistics.append(Candidate(quantity, paragraph, before, after, start,
                                                  self.rules.statistic_markers.id, comparator.comparator,
                                                  comparator.rule_ids))
                continue
            rule_id, predicate = self._cue(paragraph, quantity, before, after, comparator, anchors)
            if rule_id is None and self._continues_list(text, last_target_end, quantity.start, before):
                rule_id = self.rules.list_continuation.id
            if rule_id is None:
                continue
            last_target_end = quantity.end
            candidate = Candidate(quantity, paragraph, before, after, start, rule_id, comparator.comparator,
                                  comparator.rule_ids, predicate=predicate, tail=self._tail(text, quantity.end))
            found.candidates.append(candidate)
            if doubled:
                found.candidates.append(replace(candidate, rule_id=DOUBLE_CUE, doubled=True))
        if review:
            return
        for match in self.unitless.finditer(text):
            start = match.start("num")
            before, after = self._clause(text, start, match.end())
            if self._code_context(before) or self._in_penalty_sentence(text, start):
                continue
            if self._is_statistic(text, start, before, anchors, sentence_start(text, start)):
                continue
            quantity = Quantity(start, match.end(), parse_decimal(match.group("num")), None, None, False,
                                match.group("num"))
            comparator = self._comparator(before, after)
            found.candidates.append(Candidate(quantity, paragraph, before, after, sentence_start(text, start),
                                              self.rules.unitless.id, comparator.comparator, comparator.rule_ids))

    def _clause(self, text: str, start: int, end: int) -> tuple[str, str]:
        clause_start = 0
        for match in self.stop.finditer(text, 0, start):
            clause_start = match.end()
        stop_after = self.stop.search(text, end)
        return text[clause_start:start], text[end:stop_after.start() if stop_after else len(text)]

    def _tail(self, text: str, end: int) -> str:
        stop = self.hard_stop.search(text, end)
        return text[end:stop.start() if stop else len(text)]

    def _continues_list(self, text: str, previous_end: int, start: int, before: str) -> bool:
        """"建成…2个,省级…工厂13家、…项目28个": later items of a target list share its verb."""
        if previous_end < 0 or self._code_context(before) or self._clause_statistic(before):
            return False
        between = text[previous_end:start]
        return not _SENTENCE_END.search(between) and len(between) <= self.rules.list_continuation.max_gap

    # --- exclusions ----------------------------------------------------------------------------------------

    def _in_penalty_sentence(self, text: str, position: int) -> bool:
        sentence = sentence_around(text, position)
        return any(word in sentence for word in self.rules.exclusions.penalty_sentence.words)

    def _code_context(self, before: str) -> bool:
        tail = before[-3:]
        return any(tail.endswith(word) for word in self.rules.exclusions.code_context.words)

    def _excluded(self, text: str, quantity: Quantity, before: str, after: str) -> bool:
        excl = self.rules.exclusions
        if self._code_context(before):
            return True
        if text[max(0, quantity.start - 1):quantity.start] in excl.list_count.words:
            return True
        if any(after.startswith(word) for word in excl.size_label.words):
            return True
        if quantity.start > 0 and self.quote_open.match(text, quantity.start - 1):
            close = self.quote_close.search(text, quantity.end, quantity.end + excl.quoted_name.max_inside)
            if close is not None:
                return True
        if self._incentive(quantity, before, after) or self._eligibility(before, after):
            return True
        return self._counts_parts(quantity, after)

    def _incentive(self, quantity: Quantity, before: str, after: str) -> bool:
        """"给予一次性100万元奖励": money a policy grants."""
        rule = self.rules.exclusions.incentive
        if quantity.unit_form is None or quantity.unit_form.family not in rule.families:
            return False
        return any(word in before or word in after for word in rule.words)

    def _eligibility(self, before: str, after: str) -> bool:
        """"对年营业收入首次突破1亿元的软件企业": the number says who qualifies."""
        rule = self.rules.exclusions.eligibility
        return before.lstrip().startswith(rule.openers) and rule.marker in after

    def _rhetorical_count(self, quantity: Quantity, comparator_ids: tuple[str, ...]) -> bool:
        """"两个市场、两种资源": a small count in Chinese numerals with no comparator is not a target."""
        rule = self.rules.exclusions.small_chinese_count
        return (quantity.chinese and not comparator_ids and quantity.value is not None
                and quantity.value < rule.below)

    def _counts_parts(self, quantity: Quantity, after: str) -> bool:
        """"主要任务12项", "5条重点赛道", "七项重点工作": a count of the document's own parts."""
        rule = self.rules.exclusions.part_count
        head = self.indicators.object_after(after)
        if any(head.endswith(noun) for noun in rule.any_numeral):
            return True
        if quantity.chinese:
            return any(head.endswith(noun) or noun in after[:6] for noun in (*rule.any_numeral, *rule.chinese_numeral))
        return False

    def _clause_statistic(self, before: str) -> bool:
        return any(marker in before for marker in self.rules.statistic_markers.clause)

    def _is_statistic(self, text: str, position: int, before: str, anchors: list[YearAnchor], start: int) -> bool:
        if self._clause_statistic(before):
            return True
        if any(marker in text[start:position] for marker in self.rules.statistic_markers.sentence):
            return True
        return statistic_anchor(anchors, position, start) is not None

    # --- cues ----------------------------------------------------------------------------------------------

    def _comparator(self, before: str, after: str) -> ComparatorMatch:
        """The comparator words standing with the number: right before it (a hedge may come between, "突破力争"
        reads as "力争突破") and right after its unit; where both apply the stronger bound wins."""
        stripped = before.rstrip()
        for hedge, _ in self.hedges:
            stripped = stripped.removesuffix(hedge)
        before_rule = None
        if not any(stripped.endswith(guard) for guard in self.rules.comparator_guards):
            before_rule = next((rule for word, rule in self.before_comparators if stripped.endswith(word)), None)
        after_rule = next((rule for word, rule in self.after_comparators if after.startswith(word)), None)
        found = [rule for rule in (before_rule, after_rule) if rule is not None]
        comparator: Comparator = max((rule.comparator for rule in found), key=lambda c: _STRENGTH[c], default="=")
        return ComparatorMatch(comparator, tuple(rule.id for rule in found), before_rule is not None,
                               after_rule is not None)

    def _cue(self, paragraph: Paragraph, quantity: Quantity, before: str, after: str,
             comparator: ComparatorMatch, anchors: list[YearAnchor]) -> tuple[str | None, str]:
        """The rule that makes the number a target, and the predicate of a "100%达标" target."""
        if comparator.before:
            return COMPARATOR_CUE, ""
        if comparator.after:
            return COMPARATOR_AFTER_CUE, ""
        if quantity.unit == "%" and (predicate := self._percent_predicate(after)):
            return self.rules.percent_predicate.id, predicate
        if any(verb in before for verb in self.verbs):
            return self.rules.target_verbs.id, ""
        if self._verb_tagged(paragraph, quantity, before, anchors):
            return self.rules.verb_tag_cue.id, ""
        return None, ""

    def _percent_predicate(self, after: str) -> str:
        """"试点企业100%达标": a short verb right after the percentage, and nothing else in the clause."""
        predicate = after.strip()
        rule = self.rules.percent_predicate
        if 0 < len(predicate) <= rule.max_predicate_length and _CJK_PREDICATE.match(predicate):
            return predicate
        return ""

    def _verb_tagged(self, paragraph: Paragraph, quantity: Quantity, before: str,
                     anchors: list[YearAnchor]) -> bool:
        """"挖掘10家…": a count right after a verb, in a section that commits (or a paragraph with a target year)."""
        if quantity.unit_form is None or quantity.unit_form.family != "count" or not before or quantity.chinese:
            return False  # commitments are counted in digits; "两个方向" is prose
        if paragraph.kind not in self.rules.verb_tag_cue.sections and not any(a.target for a in anchors):
            return False
        cue = self.rules.verb_tag_cue
        tagged = self.tokenizer.tagged(before[-8:])
        if not tagged:
            return False
        word, tag = tagged[-1]
        return tag in cue.tags and len(word) >= 2 and word not in cue.reporting_verbs

    # --- assemble ------------------------------------------------------------------------------------------

    def goals(self, document: Document) -> list[Goal]:
        found = self._matches(document)
        result: list[Goal] = []
        subject: dict[int, tuple[int, str]] = {}  # paragraph start -> (sentence start, last indicator there)
        distributed: dict[int, list[str]] = {}  # paragraph start -> subjects left for "分别达到 a、b"
        for candidate in found.candidates:
            paragraph = candidate.paragraph
            key = paragraph.start
            indicator = self._indicator(candidate)
            phrase = indicator.phrase
            rule = indicator.rule_id
            if phrase.endswith("分别") or self._doubled_first(candidate):
                phrase = phrase.removesuffix("分别")
                parts = _split_subjects(phrase, self.rules.shared_head_nouns)
                if len(parts) > 1:
                    phrase, rule = parts[0], "indicator.distributed"
                    distributed[key] = parts[1:]
                elif self._doubled_first(candidate):  # "实现双100%" with no subject named: the phrase itself
                    phrase = phrase or f"双{candidate.quantity.text}"
                    distributed[key] = [phrase]
            elif (not phrase or candidate.doubled) and distributed.get(key):
                phrase, rule = distributed[key].pop(0), "indicator.distributed"
            previous = subject.get(key)
            same_sentence = previous is not None and previous[0] == candidate.sentence_start
            if phrase.startswith("占") and previous is not None:
                phrase, rule = previous[1].split("占")[0] + phrase, "indicator.shared_subject"
            elif self.indicators.needs_subject(phrase):
                inherited = previous[1] if previous is not None and same_sentence else \
                    self._previous_clause_subject(candidate)
                if inherited:
                    phrase, rule = self.indicators.with_subject(phrase, inherited), "indicator.shared_subject"
            if not phrase or self.indicators.needs_subject(phrase):
                continue
            subject[key] = (candidate.sentence_start, phrase)
            result.append(self._goal(document, candidate, replace(indicator, phrase=phrase, rule_id=rule),
                                     found.anchors.get(key, []), found.section_years.get(key)))
        statistics = [self._statistic(c, found.anchors.get(c.paragraph.start, [])) for c in found.statistics]
        return self.pairer.pair(result, statistics)

    def _doubled_first(self, candidate: Candidate) -> bool:
        text = candidate.paragraph.text
        quantity = candidate.quantity
        return text[max(0, quantity.start - 1):quantity.start] == "双" and not candidate.doubled

    def _previous_clause_subject(self, candidate: Candidate) -> str:
        """The subject of the clause before this one in the sentence ("…比重稳步提升,年均提高0.8个百分点")."""
        text = candidate.paragraph.text
        clause_start = candidate.quantity.start - len(candidate.clause_before)
        previous = text[candidate.sentence_start:max(candidate.sentence_start, clause_start - 1)]
        clauses = [c for c in self.stop.split(previous) if c.strip()]
        return self.indicators.clause_subject(clauses[-1]) if clauses else ""

    def _statistic(self, candidate: Candidate, anchors: list[YearAnchor]) -> Statistic:
        indicator = self.indicators.subject(candidate.clause_before)
        anchor = statistic_anchor(anchors, candidate.quantity.start, candidate.sentence_start)
        year = anchor.year if anchor else None
        return Statistic(indicator.phrase, candidate.quantity.value, candidate.quantity.unit, year)

    def _indicator(self, candidate: Candidate) -> Indicator:
        """The shortest phrase naming what is measured, and any baseline written inside it."""
        subject = self.indicators.subject(candidate.clause_before, candidate.quantity.unit)
        if candidate.predicate:
            phrase = self.indicators.leading_comparator.sub("", subject.phrase)
            phrase = self.indicators.leading_verb.sub("", phrase)
            suffix = "" if candidate.predicate.endswith(self.rules.percent_predicate.rate_suffix) else \
                self.rules.percent_predicate.rate_suffix
            return Indicator(phrase + candidate.predicate + suffix, "indicator.percent_predicate", subject.baseline)
        comparator_word = self.indicators.comparator_word(candidate.clause_before)
        after = candidate.tail
        names_object = after.lstrip().startswith("的") or after.lstrip().startswith(
            tuple(f"{w}的" for w, _ in self.after_comparators))
        # "建设3—5个大数据产业基地": the object after the unit names what is counted.
        if self.indicators.names_object(after) and (names_object or not subject.phrase or not comparator_word):
            counted = self.indicators.object_after(after)
            if counted:
                return Indicator(counted, "indicator.object", subject.baseline)
        return subject

    def _year(self, candidate: Candidate, anchors: list[YearAnchor], section_year: YearAnchor | None) -> tuple[int | None, str | None]:
        position = candidate.quantity.start
        resolved = resolve_year(anchors, position, candidate.sentence_start, section_year)
        return resolved.year, resolved.rule_id

    def _hedge(self, candidate: Candidate) -> str | None:
        text = candidate.paragraph.text
        sentence = text[candidate.sentence_start:candidate.quantity.start]
        return next((rule_id for word, rule_id in self.hedges if word in sentence), None)

    def _goal(self, document: Document, candidate: Candidate, indicator: Indicator, anchors: list[YearAnchor],
              section_year: YearAnchor | None) -> Goal:
        quantity = candidate.quantity
        start = candidate.paragraph.start + quantity.start
        end = candidate.paragraph.start + quantity.end
        after = candidate.clause_after
        for word, _ in self.after_comparators:
            if after.startswith(word):
                end += len(word)
                break
        end += len(candidate.predicate)
        quote_start = max(candidate.paragraph.start, start - len(candidate.clause_before))
        year, year_rule = self._year(candidate, anchors, section_year)
        hedge_rule = self._hedge(candidate)
        baseline = indicator.baseline
        form = quantity.unit_form
        rule_ids = [candidate.rule_id, *candidate.comparator_ids, indicator.rule_id]
        for extra in (hedge_rule, year_rule, form.rule_id if form else None, baseline.rule_id if baseline else None):
            if extra:
                rule_ids.append(extra)
        return Goal(
            indicator=indicator.phrase,
            value=quantity.value,
            value_max=quantity.value_max,
            unit=quantity.unit,
            year=year,
            comparator=candidate.comparator,
            hedge=hedge_rule is not None,
            baseline_value=baseline.value if baseline else None,
            baseline_year=baseline.year if baseline else None,
            placeholder=quantity.placeholder,
            quote=document.text[quote_start:end],
            provenance=Provenance(
                doc_id=document.doc_id,
                section_path=document.section_path_at(start),
                sentence=sentence_around(candidate.paragraph.text, quantity.start),
                span=(quote_start, end),
                original_span=document.original_span(quote_start, end),
                rule_id=candidate.rule_id,
            ),
            rule_ids=tuple(rule_ids),
            canonical_unit=form.canonical if form else None,
            scaled_value=quantity.value * form.factor if form and quantity.value is not None else None,
        )


def _split_subjects(phrase: str, shared_heads: tuple[str, ...]) -> list[str]:
    """"5G网络和千兆光网覆盖率" -> ["5G网络覆盖率", "千兆光网覆盖率"]: parts share the last part's head noun."""
    parts = [part for part in _SUBJECT_PARTS.split(phrase) if part]
    if len(parts) < 2:
        return parts
    head = next((noun for noun in sorted(shared_heads, key=len, reverse=True) if parts[-1].endswith(noun)), None)
    if head:
        if head == "率" and len(parts[-1]) >= 4:  # "4G通达率": the head is the rate's name, 通达率
            head = parts[-1][-3:]
        parts = [part if any(part.endswith(n) for n in shared_heads) else part + head for part in parts]
    return parts


def same_target(a: Goal, b: Goal) -> bool:
    """Two records of one target (headline and body, table and prose, a lead repeating the text)."""
    if a.year != b.year and a.year is not None and b.year is not None:
        return False
    if a.provenance.span == b.provenance.span:
        return False  # split on purpose ("双100%")
    if a.provenance.rule_id.startswith("goal.table.") and b.provenance.rule_id.startswith("goal.table."):
        return False  # two rows of tables are two targets
    if a.placeholder or b.placeholder:
        return a.placeholder and b.placeholder and a.indicator == b.indicator and a.unit == b.unit
    if a.canonical_unit != b.canonical_unit:
        return False
    if a.scaled_value is None or b.scaled_value is None or a.scaled_value != b.scaled_value:
        if not (a.canonical_unit is None and a.value == b.value and a.value is not None):
            return False
    return character_jaccard(a.indicator, b.indicator) >= SAME_TARGET_SIMILARITY


