"""The reporting period: a calendar month, "YYYY-MM"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from briefing.errors import ConfigError

_PERIOD = re.compile(r"^(?P<year>\d{4})-(?P<month>0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class Period:
    year: int
    month: int

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def chinese(self) -> str:
        return f"{self.year}年{self.month}月"

    def __str__(self) -> str:
        return self.label


def parse_period(text: str) -> Period:
    match = _PERIOD.match(text.strip())
    if not match:
        raise ConfigError(f"bad period {text!r}", hint="give the period as YYYY-MM, e.g. 2026-10")
    return Period(int(match["year"]), int(match["month"]))


def resolve_period(explicit: str | None, today: date, rule: str = "previous_month") -> Period:
    """An explicit period wins; otherwise a run on day D reports the previous calendar month."""
    if explicit:
        return parse_period(explicit)
    if rule == "current_month":
        return Period(today.year, today.month)
    if today.month == 1:
        return Period(today.year - 1, 12)
    return Period(today.year, today.month - 1)


def today_in(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()
