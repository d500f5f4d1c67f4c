"""Goals in running text: the candidates of briefing/extract/candidates.py (match) become goal records
(assemble): indicator, year, hedge, baseline, provenance, and the ids of every rule that produced them.
Past statistics become the baselines of the targets they describe.
"""

from __future__ import annotations

import re
from dataclasses import replace

from briefing.extract.baselines import Statistic, StatisticPairer
from briefing.extract.candidates import Candidate, CandidateFinder
from briefing.extract.clauses import sentence_around
from briefing.extract.indicators import Indicator, IndicatorReader
from briefing.extract.numbers import QuantityFinder
from briefing.extract.tokens import Tokenizer
from briefing.extract.units import Units
from briefing.extract.years import YearAnchor, YearReader, resolve_year, statistic_anchor
from briefing.models import Document, Goal, Provenance
from briefing.rules import GoalRules
from briefing.similarity import character_jaccard

#: indicators of two statements of one target share at least this share of characters
SAME_TARGET_SIMILARITY = 0.6
_SUBJECT_PARTS = re.compile(r"和|与|及|以及|、")
DISTRIBUTED = "indicator.distributed"
SHARED_SUBJECT = "indicator.shared_subject"


class ProseGoalFinder:
    """Compiled prose-goal rules; build once per rule set and reuse for every document."""

    def __init__(self, rules: GoalRules, units: Units, tokenizer: Tokenizer) -> None:
        self.rules = rules
        self.years = YearReader(rules)
        self.indicators = IndicatorReader(rules, tokenizer, units.pattern())
        self.candidates = CandidateFinder(rules, QuantityFinder(units), self.years, self.indicators, tokenizer)
        self.pairer = StatisticPairer(rules)
        self.hedges = [(w, h.id) for h in rules.hedges for w in h.words]

    def goals(self, document: Document) -> list[Goal]:
        found = self.candidates.find(document)
        result: list[Goal] = []
        subject: dict[int, tuple[int, str]] = {}  # paragraph start -> (sentence start, last indicator there)
        distributed: dict[int, list[str]] = {}  # paragraph start -> subjects left for "分别达到 a、b"
        for candidate in found.candidates:
            key = candidate.paragraph.start
            indicator = self._shared(candidate, self._indicator(candidate), subject.get(key), distributed)
            if indicator is None:
                continue
            subject[key] = (candidate.sentence_start, indicator.phrase)
            result.append(self._goal(document, candidate, indicator, found.anchors.get(key, []),
                                     found.section_years.get(key)))
        statistics = [self._statistic(c, found.anchors.get(c.paragraph.start, [])) for c in found.statistics]
        return self.pairer.pair(result, statistics)

    # --- indicator -----------------------------------------------------------------------------------------

    def _indicator(self, candidate: Candidate) -> Indicator:
        """The shortest phrase naming what is measured, and any baseline written inside it."""
        subject = self.indicators.subject(candidate.clause_before, candidate.quantity.unit)
        if candidate.predicate:
            phrase = self.indicators.leading_comparator.sub("", subject.phrase)
            phrase = self.indicators.leading_verb.sub("", phrase)
            suffix = self.rules.percent_predicate.rate_suffix
            phrase += candidate.predicate + ("" if candidate.predicate.endswith(suffix) else suffix)
            return Indicator(phrase, "indicator.percent_predicate", subject.baseline)
        comparator_word = self.indicators.comparator_word(candidate.clause_before)
        after = candidate.tail
        names_object = after.lstrip().startswith(("的", *(f"{w}的" for w in self.indicators.after_words)))
        # "建设3—5个大数据产业基地": the object after the unit names what is counted.
        if self.indicators.names_object(after) and (names_object or not subject.phrase or not comparator_word):
            counted = self.indicators.object_after(after)
            if counted:
                return Indicator(counted, "indicator.object", subject.baseline)
        return subject

    def _shared(self, candidate: Candidate, indicator: Indicator, previous: tuple[int, str] | None,
                distributed: dict[int, list[str]]) -> Indicator | None:
        """Subjects shared within a sentence: "分别达到 a、b", "双100%", "占GDP比重" after its subject, and a
        clause without a subject of its own. None where no indicator can be named."""
        key = candidate.paragraph.start
        phrase, rule = indicator.phrase, indicator.rule_id
        if phrase.endswith("分别") or self._doubled_first(candidate):
            parts = _split_subjects(phrase.removesuffix("分别"), self.rules.shared_head_nouns)
            phrase = phrase.removesuffix("分别")
            if len(parts) > 1:
                phrase, rule, distributed[key] = parts[0], DISTRIBUTED, parts[1:]
            elif self._doubled_first(candidate):  # "实现双100%" with no subject named: the phrase itself
                phrase = phrase or f"双{candidate.quantity.text}"
                distributed[key] = [phrase]
        elif (not phrase or candidate.doubled) and distributed.get(key):
            phrase, rule = distributed[key].pop(0), DISTRIBUTED
        same_sentence = previous is not None and previous[0] == candidate.sentence_start
        if phrase.startswith("占") and previous is not None:
            phrase, rule = previous[1].split("占")[0] + phrase, SHARED_SUBJECT
        elif self.indicators.needs_subject(phrase):
            inherited = previous[1] if previous is not None and same_sentence else self._previous_subject(candidate)
            if inherited:
                phrase, rule = self.indicators.with_subject(phrase, inherited), SHARED_SUBJECT
        if not phrase or self.indicators.needs_subject(phrase):
            return None
        return replace(indicator, phrase=phrase, rule_id=rule)

    @staticmethod
    def _doubled_first(candidate: Candidate) -> bool:
        text = candidate.paragraph.text
        quantity = candidate.quantity
        return text[max(0, quantity.start - 1):quantity.start] == "双" and not candidate.doubled

    def _previous_subject(self, candidate: Candidate) -> str:
        """The subject of the clause before this one in the sentence ("…比重稳步提升,年均提高0.8个百分点")."""
        text = candidate.paragraph.text
        clause_start = candidate.quantity.start - len(candidate.clause_before)
        previous = text[candidate.sentence_start:max(candidate.sentence_start, clause_start - 1)]
        clauses = [c for c in self.candidates.stop.split(previous) if c.strip()]
        return self.indicators.clause_subject(clauses[-1]) if clauses else ""

    def _statistic(self, candidate: Candidate, anchors: list[YearAnchor]) -> Statistic:
        indicator = self.indicators.subject(candidate.clause_before)
        anchor = statistic_anchor(anchors, candidate.quantity.start, candidate.sentence_start)
        return Statistic(indicator.phrase, candidate.quantity.value, candidate.quantity.unit,
                         anchor.year if anchor else None)

    # --- the record ----------------------------------------------------------------------------------------

    def _span(self, candidate: Candidate) -> tuple[int, int]:
        """The quote: the clause up to the number, its unit, a comparator after it and a "100%达标" verb."""
        paragraph, quantity = candidate.paragraph, candidate.quantity
        end = paragraph.start + quantity.end + len(candidate.predicate)
        after = next((word for word in self.indicators.after_words if candidate.clause_after.startswith(word)), "")
        start = max(paragraph.start, paragraph.start + quantity.start - len(candidate.clause_before))
        return start, end + len(after)

    def _goal(self, document: Document, candidate: Candidate, indicator: Indicator, anchors: list[YearAnchor],
              section_year: YearAnchor | None) -> Goal:
        quantity, baseline, form = candidate.quantity, indicator.baseline, candidate.quantity.unit_form
        start, end = self._span(candidate)
        resolved = resolve_year(anchors, quantity.start, candidate.sentence_start, section_year)
        sentence = candidate.paragraph.text[candidate.sentence_start:quantity.start]
        hedge_rule = next((rule_id for word, rule_id in self.hedges if word in sentence), None)
        extras = (hedge_rule, resolved.rule_id, form.rule_id if form else None, baseline.rule_id if baseline else None)
        return Goal(
            indicator=indicator.phrase, value=quantity.value, value_max=quantity.value_max, unit=quantity.unit,
            year=resolved.year, comparator=candidate.comparator, hedge=hedge_rule is not None,
            baseline_value=baseline.value if baseline else None, baseline_year=baseline.year if baseline else None,
            placeholder=quantity.placeholder, quote=document.text[start:end],
            provenance=Provenance(
                doc_id=document.doc_id, section_path=document.section_path_at(candidate.paragraph.start + quantity.start),
                sentence=sentence_around(candidate.paragraph.text, quantity.start), span=(start, end),
                original_span=document.original_span(start, end), rule_id=candidate.rule_id),
            rule_ids=(candidate.rule_id, *candidate.comparator_ids, indicator.rule_id, *filter(None, extras)),
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
