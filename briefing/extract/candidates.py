"""Match: which numbers of a document are targets, which are past statistics, and the rule that decided.

A number becomes a candidate target when a comparator (达到, 超过, 以上 ...), a target verb (培育, 建设 ...),
a verb the tagger recognises, a percentage's own verb ("100%达标") or the list it continues stands with it in
its clause, and no exclusion applies. Statistics are kept apart: they become baselines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from briefing.extract.clauses import SENTENCE_END, Paragraph, is_table_line, paragraphs, sentence_start
from briefing.extract.exclusions import Exclusions
from briefing.extract.indicators import IndicatorReader
from briefing.extract.numbers import Quantity, QuantityFinder, parse_decimal
from briefing.extract.tokens import Tokenizer
from briefing.extract.years import YearAnchor, YearReader
from briefing.models import Comparator, Document
from briefing.rules import ComparatorRule, GoalRules

_STRENGTH = {"=": 0, ">=": 1, "<=": 1, ">": 2, "<": 2, "~": 3}
_CJK_PREDICATE = re.compile(r"^[\u4e00-\u9fff]+$")
# Ids of the cues written in code: a comparator word stands before the number, or after its unit; "双100%".
COMPARATOR_CUE = "goal.prose.comparator"
COMPARATOR_AFTER_CUE = "goal.prose.comparator_after"
DOUBLE_CUE = "goal.prose.double"


@dataclass(frozen=True)
class ComparatorMatch:
    """The comparator of a number and the rules that stated it."""

    comparator: Comparator
    #: the rule whose word stands right before the number / right after its unit, if any
    before_rule_id: str | None
    after_rule_id: str | None

    @property
    def before(self) -> bool:
        return self.before_rule_id is not None

    @property
    def after(self) -> bool:
        return self.after_rule_id is not None

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(rule_id for rule_id in (self.before_rule_id, self.after_rule_id) if rule_id is not None)


@dataclass(frozen=True)
class Candidate:
    """A matched number with the words around it, before a goal is built from it."""

    quantity: Quantity
    paragraph: Paragraph
    clause_before: str
    clause_after: str
    sentence_start: int
    #: the rule that made the number a target (or "baseline.statistic")
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
class Matches:
    candidates: list[Candidate] = field(default_factory=list)
    statistics: list[Candidate] = field(default_factory=list)
    #: paragraph start -> its year anchors
    anchors: dict[int, list[YearAnchor]] = field(default_factory=dict)
    #: paragraph start -> the last target-year anchor of earlier paragraphs of its goals section
    section_years: dict[int, YearAnchor] = field(default_factory=dict)


def _longest_first(pairs: list[tuple[str, ComparatorRule]]) -> list[tuple[str, ComparatorRule]]:
    return sorted(pairs, key=lambda item: len(item[0]), reverse=True)


class CandidateFinder:
    """Compiled matching rules; build once per rule set and reuse for every document."""

    def __init__(self, rules: GoalRules, quantities: QuantityFinder, years: YearReader,
                 indicators: IndicatorReader, tokenizer: Tokenizer) -> None:
        self.rules = rules
        self.quantities = quantities
        self.years = years
        self.tokenizer = tokenizer
        self.exclusions = Exclusions(rules, indicators)
        self.stop = re.compile(rules.indicator_stop)
        self.hard_stop = re.compile(rules.indicator_stop.replace("、", ""))  # a 、 list continues the object
        self.before_comparators = _longest_first([(w, c) for c in rules.comparators for w in c.before])
        self.after_comparators = _longest_first([(w, c) for c in rules.comparators for w in c.after])
        self.hedges = [(w, h.id) for h in rules.hedges for w in h.words]
        self.verbs = sorted(rules.target_verbs.words, key=len, reverse=True)
        before_words = "|".join(re.escape(w) for w, _ in self.before_comparators)
        after_words = "|".join(re.escape(w) for w, _ in self.after_comparators)
        self.unitless = re.compile(
            rf"(?P<cmp>{before_words})(?P<num>\d+(?:\.\d+)?)(?={rules.unitless.followed_by}|{after_words})")

    def find(self, document: Document) -> Matches:
        found = Matches()
        document_year = self.years.document_year(document)
        last_section_year: dict[int, YearAnchor] = {}
        for paragraph in paragraphs(document):
            if is_table_line(paragraph.text) or paragraph.kind == "annex":
                continue
            anchors = self.years.anchors(paragraph.text, document_year)
            found.anchors[paragraph.start] = anchors
            if paragraph.kind == "goals":
                if paragraph.section_start in last_section_year:
                    found.section_years[paragraph.start] = last_section_year[paragraph.section_start]
                if targets := [a for a in anchors if a.target]:
                    last_section_year[paragraph.section_start] = targets[-1]
            review = paragraph.kind == "review"  # "发展回顾": every figure there is a past statistic
            self._match_quantities(paragraph, anchors, found, review)
            if not review:
                found.candidates.extend(self._unitless(paragraph, anchors))
        return found

    def _match_quantities(self, paragraph: Paragraph, anchors: list[YearAnchor], found: Matches,
                          review: bool) -> None:
        last_target_end = -1
        for quantity in self.quantities.find(paragraph.text):
            candidate = self._candidate(paragraph, quantity, anchors, last_target_end, review)
            if candidate is None:
                continue
            if candidate.rule_id == self.rules.statistic_markers.id:
                found.statistics.append(candidate)
                continue
            last_target_end = quantity.end
            found.candidates.append(candidate)
            if paragraph.text[max(0, quantity.start - 1):quantity.start] == "双":  # "实现双100%": two targets
                found.candidates.append(replace(candidate, rule_id=DOUBLE_CUE, doubled=True))

    def _candidate(self, paragraph: Paragraph, quantity: Quantity, anchors: list[YearAnchor], last_target_end: int,
                   review: bool) -> Candidate | None:
        """The candidate target (or statistic) of one number, or None where it is neither."""
        text = paragraph.text
        start = sentence_start(text, quantity.start)
        if self.exclusions.penalty_sentence(text, quantity.start):
            return None
        doubled = text[max(0, quantity.start - 1):quantity.start] == "双"
        before, after = self._clause(text, quantity.start - doubled, quantity.end)
        if self.exclusions.excluded(text, quantity, before, after):
            return None
        comparator = self._comparator(before, after)
        if self.exclusions.rhetorical_count(quantity, comparator.rule_ids):
            return None
        if review or self.exclusions.statistic(text, quantity.start, before, anchors, start):
            return Candidate(quantity, paragraph, before, after, start, self.rules.statistic_markers.id,
                             comparator.comparator, comparator.rule_ids)
        rule_id, predicate = self._cue(paragraph, quantity, before, after, comparator, anchors)
        if rule_id is None and self._continues_list(text, last_target_end, quantity.start, before):
            rule_id = self.rules.list_continuation.id
        if rule_id is None:
            return None
        return Candidate(quantity, paragraph, before, after, start, rule_id, comparator.comparator,
                         comparator.rule_ids, predicate=predicate, tail=self._tail(text, quantity.end))

    def _unitless(self, paragraph: Paragraph, anchors: list[YearAnchor]) -> list[Candidate]:
        """"两化融合总指数超90。": a number after a comparator, without a unit, before punctuation."""
        found = []
        text = paragraph.text
        for match in self.unitless.finditer(text):
            start = match.start("num")
            before, after = self._clause(text, start, match.end())
            if self.exclusions.code_context(before) or self.exclusions.penalty_sentence(text, start):
                continue
            if self.exclusions.statistic(text, start, before, anchors, sentence_start(text, start)):
                continue
            quantity = Quantity(start, match.end(), parse_decimal(match.group("num")), None, None, False,
                                match.group("num"))
            comparator = self._comparator(before, after)
            found.append(Candidate(quantity, paragraph, before, after, sentence_start(text, start),
                                   self.rules.unitless.id, comparator.comparator, comparator.rule_ids))
        return found

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
        if previous_end < 0 or self.exclusions.code_context(before) or self.exclusions.clause_statistic(before):
            return False
        between = text[previous_end:start]
        return not SENTENCE_END.search(between) and len(between) <= self.rules.list_continuation.max_gap

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
        return ComparatorMatch(comparator, before_rule.id if before_rule else None,
                               after_rule.id if after_rule else None)

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
