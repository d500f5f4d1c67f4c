"""The models of config/goals.yaml and config/units.yaml: the rules that decide what a goal is."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from briefing.rules.base import IdentifiedRule, Pattern, Rule, Words


class UnitRule(IdentifiedRule):
    """One base unit of config/units.yaml; prefixed forms ("万家", "亿元") are derived from it."""

    unit: str
    family: str
    canonical: str
    factor: Decimal
    prefixes: Words = ()
    spellings: Words = ()
    #: False where the unit is read only with a prefix ("万人" yes, "人" alone no)
    bare: bool = True


class UnitTable(Rule):
    """config/units.yaml: multiplier prefixes and every base unit."""

    multipliers: dict[str, int]
    alternative_classifier: Pattern
    multiplier_followed_by: Pattern
    units: tuple[UnitRule, ...]


class ComparatorRule(IdentifiedRule):
    """Words that state a comparison, before the number or after its unit, and the comparator they mean."""

    comparator: Literal[">", ">=", "=", "~", "<=", "<"]
    before: Words = ()
    after: Words = ()
    #: the words state a change, not a level ("增长10%"): for a percentage, the word joins the indicator
    change: bool = False


class WordRule(IdentifiedRule):
    """A rule that is a list of words."""

    words: Words


class VerbTagCue(IdentifiedRule):
    """A count after a verb the tagger recognises is a target, where the text commits."""

    tags: Words
    sections: Words
    reporting_verbs: Words


class PercentPredicateRule(IdentifiedRule):
    """"试点企业100%达标": a percentage followed by the verb it measures."""

    max_predicate_length: int
    rate_suffix: str


class UnitlessRule(IdentifiedRule):
    """A number without a unit after a comparator, where punctuation follows it."""

    followed_by: Pattern


class ListContinuationRule(IdentifiedRule):
    """Later items of a list of targets share its verb."""

    max_gap: int


class YearAnchorRule(IdentifiedRule):
    """Words that anchor a target to a year ("到2025年", "2027年,", "到“十五五”末")."""

    pattern: Pattern
    #: "target": always a target year; "document_year": a target year unless before the document's own year
    tense: Literal["target", "document_year"] = "target"
    #: what a "document_year" anchor is in a document whose own year is unknown
    without_document_year: Literal["target", "statistic"] = "target"


class QuotedNameRule(IdentifiedRule):
    """A number inside a short quotation is a name."""

    open: Pattern
    close: Pattern
    max_inside: int


class PartCountRule(IdentifiedRule):
    """Counts of the document's own parts ("七项重点工作")."""

    any_numeral: Words
    chinese_numeral: Words


class SmallCountRule(IdentifiedRule):
    """Small counts in Chinese numerals without a comparator are rhetoric."""

    below: int


class IncentiveRule(IdentifiedRule):
    """Money or shares a policy grants ("给予…奖励")."""

    words: Words
    families: Words


class EligibilityRule(IdentifiedRule):
    """The condition an incentive sets ("对…突破1亿元的企业")."""

    openers: Words
    marker: str


class Exclusions(Rule):
    """Every rule that makes a number no target."""

    code_context: WordRule
    penalty_sentence: WordRule
    list_count: WordRule
    quoted_name: QuotedNameRule
    small_chinese_count: SmallCountRule
    size_label: WordRule
    incentive: IncentiveRule
    eligibility: EligibilityRule
    part_count: PartCountRule


class PatternRule(IdentifiedRule):
    """A rule that is one regular expression."""

    pattern: Pattern


class SameMeaning(Rule):
    """Wording that differs without changing what is measured."""

    pattern: Pattern
    replacement: str


class StatisticMarkers(IdentifiedRule):
    """Words that mark a past figure, in its clause or in the rest of its sentence."""

    clause: Words
    sentence: Words


class StatisticPairing(IdentifiedRule):
    """How a past statistic becomes the baseline of a target."""

    similarity: float
    same_meaning: tuple[SameMeaning, ...] = ()


class BaselineRules(Rule):
    """Inline baselines and statistics paired as baselines."""

    inline_from: PatternRule
    compared_with: PatternRule
    statistic: StatisticPairing


class TableRules(Rule):
    """How indicator tables are read."""

    header_columns: IdentifiedRule
    unit_column: IdentifiedRule
    year_header: Pattern
    label_header: Words
    unit_header: Words
    subrow_prefix: Pattern
    value: Pattern
    binding: Pattern


class GoalRules(Rule):
    """config/goals.yaml, with the unit table of config/units.yaml."""

    # what makes a number a target
    comparators: tuple[ComparatorRule, ...]
    comparator_guards: Words
    hedges: tuple[WordRule, ...]
    target_verbs: WordRule
    verb_tag_cue: VerbTagCue
    # forms of targets
    percent_predicate: PercentPredicateRule
    unitless: UnitlessRule
    list_continuation: ListContinuationRule
    # the year
    year_anchors: tuple[YearAnchorRule, ...]
    five_year_plans: dict[str, int]
    title_period: Pattern
    # the indicator phrase
    indicator_stop: Pattern
    indicator_strip_prefix: Pattern
    indicator_strip_suffix: Pattern
    indicator_keeps_verbs: Words
    # the grammar around a number
    modifier_tags: Words
    short_modifier: int
    predicate_tags: Words
    object_stop_verbs: Words
    # subjects shared within a sentence
    shared_head_nouns: Words
    growth_words: Words
    rate_adverbs: Words
    # what is no target, and baselines
    exclusions: Exclusions
    statistic_markers: StatisticMarkers
    baselines: BaselineRules
    tables: TableRules
    #: the unit table (config/units.yaml), loaded with the goal rules
    units: UnitTable
