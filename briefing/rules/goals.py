"""The models of config/goals.yaml and config/units.yaml: the rules that decide what a goal is."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from briefing.rules.base import Pattern, Rule


class UnitRule(Rule):
    """One base unit of config/units.yaml; prefixed forms ("万家", "亿元") are derived from it."""

    id: str
    unit: str
    family: str
    canonical: str
    factor: Decimal
    prefixes: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()
    #: False where the unit is read only with a prefix ("万人" yes, "人" alone no)
    bare: bool = True


class UnitTable(Rule):
    """config/units.yaml: multiplier prefixes and every base unit."""

    multipliers: dict[str, int]
    alternative_classifier: Pattern
    multiplier_followed_by: Pattern
    units: tuple[UnitRule, ...]


class ComparatorRule(Rule):
    """Words that state a comparison, before the number or after its unit, and the comparator they mean."""

    id: str
    comparator: Literal[">", ">=", "=", "~", "<=", "<"]
    before: tuple[str, ...] = ()
    after: tuple[str, ...] = ()
    #: the words state a change, not a level ("增长10%"): for a percentage, the word joins the indicator
    change: bool = False


class WordRule(Rule):
    """A rule that is a list of words."""

    id: str
    words: tuple[str, ...]


class VerbTagCue(Rule):
    """A count after a verb the tagger recognises is a target, where the text commits."""

    id: str
    tags: tuple[str, ...]
    sections: tuple[str, ...]
    reporting_verbs: tuple[str, ...]


class PercentPredicateRule(Rule):
    """"试点企业100%达标": a percentage followed by the verb it measures."""

    id: str
    max_predicate_length: int
    rate_suffix: str


class UnitlessRule(Rule):
    """A number without a unit after a comparator, where punctuation follows it."""

    id: str
    followed_by: Pattern


class ListContinuationRule(Rule):
    """Later items of a list of targets share its verb."""

    id: str
    max_gap: int


class YearAnchorRule(Rule):
    """Words that anchor a target to a year ("到2025年", "2027年,", "到“十五五”末")."""

    id: str
    pattern: Pattern
    #: "target": always a target year; "document_year": a target year unless before the document's own year
    tense: Literal["target", "document_year"] = "target"
    #: what a "document_year" anchor is in a document whose own year is unknown
    without_document_year: Literal["target", "statistic"] = "target"


class QuotedNameRule(Rule):
    """A number inside a short quotation is a name."""

    id: str
    open: Pattern
    close: Pattern
    max_inside: int


class PartCountRule(Rule):
    """Counts of the document's own parts ("七项重点工作")."""

    id: str
    any_numeral: tuple[str, ...]
    chinese_numeral: tuple[str, ...]


class SmallCountRule(Rule):
    """Small counts in Chinese numerals without a comparator are rhetoric."""

    id: str
    below: int


class IncentiveRule(Rule):
    """Money or shares a policy grants ("给予…奖励")."""

    id: str
    words: tuple[str, ...]
    families: tuple[str, ...]


class EligibilityRule(Rule):
    """The condition an incentive sets ("对…突破1亿元的企业")."""

    id: str
    openers: tuple[str, ...]
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


class StatisticMarkers(Rule):
    """Words that mark a past figure, in its clause or in the rest of its sentence."""

    id: str
    clause: tuple[str, ...]
    sentence: tuple[str, ...]


class PatternRule(Rule):
    """A rule that is one regular expression."""

    id: str
    pattern: Pattern


class SameMeaning(Rule):
    """Wording that differs without changing what is measured."""

    pattern: Pattern
    replacement: str


class StatisticPairing(Rule):
    """How a past statistic becomes the baseline of a target."""

    id: str
    similarity: float
    same_meaning: tuple[SameMeaning, ...] = ()


class BaselineRules(Rule):
    """Inline baselines and statistics paired as baselines."""

    inline_from: PatternRule
    compared_with: PatternRule
    statistic: StatisticPairing


class RuleId(Rule):
    """A rule whose logic is code; its id is recorded on what it produces."""

    id: str


class TableRules(Rule):
    """How indicator tables are read."""

    header_columns: RuleId
    unit_column: RuleId
    year_header: Pattern
    label_header: tuple[str, ...]
    unit_header: tuple[str, ...]
    subrow_prefix: Pattern
    value: Pattern
    binding: Pattern


class GoalRules(Rule):
    """config/goals.yaml, with the unit table of config/units.yaml."""

    # what makes a number a target
    comparators: tuple[ComparatorRule, ...]
    comparator_guards: tuple[str, ...]
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
    indicator_keeps_verbs: tuple[str, ...]
    # the grammar around a number
    modifier_tags: tuple[str, ...]
    short_modifier: int
    predicate_tags: tuple[str, ...]
    object_stop_verbs: tuple[str, ...]
    # subjects shared within a sentence
    shared_head_nouns: tuple[str, ...]
    growth_words: tuple[str, ...]
    rate_adverbs: tuple[str, ...]
    # what is no target, and baselines
    exclusions: Exclusions
    statistic_markers: StatisticMarkers
    baselines: BaselineRules
    tables: TableRules
    #: the unit table (config/units.yaml), loaded with the goal rules
    units: UnitTable
