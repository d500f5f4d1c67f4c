"""What a target measures: the indicator phrase of a number, read from the clause around it.

Two clause shapes carry nearly every target in Chinese plans:
- subject + comparator + number: "数字经济增加值占GDP比重超过50%" -> the subject before the comparator;
- verb + number + unit + object: "打造不少于50个带动性强、可复制推广的智能制造示范场景" -> the object after the
  unit, whose head is the noun phrase after the last 的 of its modifiers (a modifier list may run across 、
  when its parts are adjectives or verb phrases, which the part-of-speech tagger tells).
A clause with no subject of its own ("到2030年底力争突破1000亿元", "年均提高0.8个百分点") takes the subject of
the clause before it in the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from briefing.extract.baselines import InlineBaseline, InlineBaselineReader
from briefing.extract.tokens import Tokenizer
from briefing.rules import GoalRules

# The object after a count ends where the next counted item begins: "二十个省级平台和一百五十家…".
_NEXT_ITEM = re.compile(r"(?:和|与|及|以及|、)(?=[\d两二三四五六七八九十一□×])")
_HARD_STOP = re.compile(r"[,，。;；:：!！?？\n|(（]")
_MODIFIER_LIST = "、"
# What counted things are named with: Chinese, Latin, an opening quote, or a name that starts with a digit
# ("100个5G+工业互联网示范项目").
_NAMING_CHARACTER = re.compile(r"[\u4e00-\u9fffA-Za-z“]|\d+[A-Za-z]")
MAX_INDICATOR_LENGTH = 40
_ITEM_START = re.compile(r"[\d两二三四五六七八九十一□×]|若干")


@dataclass(frozen=True)
class Indicator:
    """An indicator phrase, the rule that read it and a baseline written inside it."""

    phrase: str
    rule_id: str
    baseline: InlineBaseline | None = None


class IndicatorReader:
    """Compiled indicator rules; build once per rule set."""

    def __init__(self, rules: GoalRules, tokenizer: Tokenizer, unit_pattern: str) -> None:
        self.rules = rules
        self.tokenizer = tokenizer
        self.strip_prefix = re.compile(rules.indicator_strip_prefix)
        self.strip_suffix = re.compile(rules.indicator_strip_suffix)
        self.before_words = sorted((w for c in rules.comparators for w in c.before), key=len, reverse=True)
        self.change_words = {w for c in rules.comparators if c.change for w in c.before}
        self.after_words = sorted((w for c in rules.comparators for w in c.after), key=len, reverse=True)
        self.hedge_words = tuple(w for h in rules.hedges for w in h.words)
        verbs = sorted((v for v in rules.target_verbs.words if v not in rules.indicator_keeps_verbs),
                       key=len, reverse=True)
        self.leading_verb = re.compile("^(?:" + "|".join(map(re.escape, verbs)) + ")+")
        self.leading_hedge = re.compile("^(?:" + "|".join(map(re.escape, self.hedge_words)) + ")+")
        self.leading_comparator = re.compile("^(?:" + "|".join(map(re.escape, self.before_words)) + ")")
        self.object_stop = re.compile("|".join(map(re.escape, rules.object_stop_verbs)))
        self.growth_words = tuple(sorted(rules.growth_words, key=len, reverse=True))
        self.inline = InlineBaselineReader(rules, unit_pattern)

    # --- the subject before the number ------------------------------------------------------------------

    def comparator_word(self, before: str) -> str:
        before = before.rstrip()
        return next((w for w in self.before_words if before.endswith(w)), "")

    def subject(self, before: str, unit: str | None = None) -> Indicator:
        """The phrase before the comparator, without leading verbs, hedges, years and region words. A growth
        rate keeps its change word: "数字经济总量增长10%" -> 数字经济总量增长."""
        before = before.strip()
        comparator_word = self.comparator_word(before)
        phrase = before[: len(before) - len(comparator_word)] if comparator_word else before
        inline = None
        for _ in range(3):  # "力争突破", "累计建成", "比2020年提高" ...
            phrase = self.leading_verb.sub("", phrase)
            phrase = self.strip_prefix.sub("", phrase)
            phrase = self.leading_hedge.sub("", phrase)
            if not phrase.endswith("年均"):
                phrase = phrase.rstrip("均")  # "年均增速均达到" -> 年均增速
            for word in (*self.before_words, *self.hedge_words):
                if phrase.endswith(word):
                    phrase = phrase[: -len(word)]
            phrase = self.strip_suffix.sub("", phrase)
            if inline is None and (inline := self.inline.split(phrase)):
                phrase = inline.phrase
        if comparator_word in self.change_words:
            if unit == "%" and phrase and not phrase.endswith(self.growth_words):
                phrase += comparator_word  # "年均增长15%", "总量增长10%": the growth rate is the indicator
            elif unit != "%" and phrase in self.rules.rate_adverbs:
                phrase = ""  # "年均提高1个百分点": the change of the share named before
        return Indicator(phrase.strip()[-MAX_INDICATOR_LENGTH:], "indicator.subject", inline)

    def needs_subject(self, phrase: str) -> bool:
        """A phrase that names no thing of its own: empty, or only a growth word ("年均增长")."""
        return not phrase or phrase in self.growth_words

    def with_subject(self, phrase: str, subject: str) -> str:
        """"年均复合增长率" after "绿色算力产业规模…" -> 绿色算力产业年均复合增长率; a level after a growth rate
        ("…增加值年均增长15%,到2025年达到2000亿元") takes the subject without the growth word."""
        growth = next((w for w in self.growth_words if subject.endswith(w) and subject != w), "")
        subject = subject[: len(subject) - len(growth)] if growth else subject
        if not phrase:
            return subject
        return subject.removesuffix("规模") + phrase

    def clause_subject(self, clause: str) -> str:
        """The subject of a clause without a number: "…占地区生产总值比重稳步提升" -> …占地区生产总值比重."""
        phrase = self.subject(clause).phrase
        tagged = self.tokenizer.tagged(phrase)
        while tagged and tagged[-1][1] in self.rules.predicate_tags:
            tagged.pop()
        return "".join(word for word, _ in tagged)

    # --- the object after the unit ----------------------------------------------------------------------

    def object_after(self, after: str) -> str:
        """The thing counted after the unit: the head after the last 的 of its modifiers, before any verb."""
        after = _NEXT_ITEM.split(after, maxsplit=1)[0]
        for word in self.after_words:
            if after.startswith(word):
                after = after[len(word):]
                break
        after = after.lstrip("的").strip()
        segments = _HARD_STOP.split(after, maxsplit=1)[0].split(_MODIFIER_LIST)
        phrase = segments[0]
        if "的" not in phrase:
            # "带动性强、可复制推广的…场景": modifiers listed with 、 before a 的
            for index in range(1, len(segments)):
                if not self._is_modifier(segments[index - 1]) or self._starts_item(segments[index]):
                    break
                if "的" in segments[index]:
                    phrase = _MODIFIER_LIST.join(segments[: index + 1])
                    break
        if "的" in phrase:
            head = phrase.rsplit("的", 1)[1]
            phrase = head or phrase
        if (stop := self.object_stop.search(phrase, 1)) is not None:
            phrase = phrase[: stop.start()]
        return phrase.strip()[:MAX_INDICATOR_LENGTH]

    def names_object(self, after: str) -> bool:
        """The unit is followed by words that name what is counted."""
        after = after.lstrip()
        for word in self.after_words:
            if after.startswith(word):
                after = after[len(word):]
                break
        return bool(_NAMING_CHARACTER.match(after.lstrip("的")))

    def _is_modifier(self, segment: str) -> bool:
        """A short phrase ("国内领先", "特色鲜明"), or one the tagger ends in an adjective or verb."""
        if not segment or "的" in segment:
            return False
        if len(segment) <= self.rules.short_modifier:
            return True
        tagged = self.tokenizer.tagged(segment)
        return bool(tagged) and tagged[-1][1] in self.rules.modifier_tags

    def _starts_item(self, segment: str) -> bool:
        """A listed segment that is another counted item or another predicate, not a modifier."""
        return bool(_ITEM_START.match(segment)) or bool(self.leading_verb.match(segment))
