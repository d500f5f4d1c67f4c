"""The unit table of config/units.yaml: every spelling a quantity's unit may have, and what it means.

A unit keeps the spelling the document used ("EFlops", "万家", "条(个)"); its family, canonical unit and
factor say what it measures, so values can be compared and duplicates found across spellings
(5 EFLOPS = 5000 PFLOPS, 1.2万亿元 = 12000亿元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from briefing.rules import UnitRule, UnitTable


@dataclass(frozen=True)
class UnitForm:
    """One spelling of a unit: the rule it comes from and the factor to the family's canonical unit."""

    rule_id: str
    spelling: str
    family: str
    canonical: str
    factor: Decimal


def _is_latin(text: str) -> bool:
    return text.isascii() and any(c.isalpha() for c in text)


class Units:
    """Lookup and matching of unit spellings; build once per rule set."""

    def __init__(self, table: UnitTable) -> None:
        self.table = table
        self._forms: dict[str, UnitForm] = {}
        for rule in table.units:
            for spelling in (rule.unit, *rule.spellings):
                if rule.bare:
                    self._add(spelling, rule, 1)
                for prefix in rule.prefixes:
                    self._add(prefix + spelling, rule, table.multipliers[prefix])
        self._alternative = re.compile(table.alternative_classifier)

    def _add(self, spelling: str, rule: UnitRule, multiplier: int) -> None:
        key = spelling.lower() if _is_latin(spelling) else spelling
        self._forms.setdefault(key, UnitForm(rule.id, spelling, rule.family, rule.canonical,
                                             rule.factor * multiplier))

    def pattern(self) -> str:
        """A regular-expression alternation of every spelling, longest first; Latin spellings in any case."""
        spellings = sorted({form.spelling for form in self._forms.values()}, key=len, reverse=True)
        parts = [f"(?i:{re.escape(s)})" if _is_latin(s) else re.escape(s) for s in spellings]
        return f"(?:{'|'.join(parts)})(?:{self.table.alternative_classifier})?"

    def lookup(self, written: str | None) -> UnitForm | None:
        """The form of a unit as written ("EFlops", "万座", "条(个)"), or None for no or an unknown unit."""
        if not written:
            return None
        base = self._alternative.sub("", written)
        return self._forms.get(base.lower() if _is_latin(base) else base)

    def is_unit(self, text: str) -> bool:
        return self.lookup(text) is not None

    def scale(self, written: str | None) -> tuple[Decimal, str]:
        """(factor, canonical unit): 万亿元 -> (10**12, 元); EFlops -> (10**18, FLOPS); unknown -> (1, as written)."""
        form = self.lookup(written)
        if form is None:
            return Decimal(1), written or ""
        return form.factor, form.canonical
