from datetime import date

import pytest

from briefing.errors import ConfigError
from briefing.period import resolve_period


@pytest.mark.parametrize(("today", "expected"), [
    (date(2026, 12, 1), "2026-11"),
    (date(2027, 1, 1), "2026-12"),
    (date(2026, 11, 22), "2026-10"),
])
def test_a_run_reports_the_previous_calendar_month(today, expected):
    assert resolve_period(None, today).label == expected


def test_an_explicit_period_wins():
    assert resolve_period("2025-03", date(2026, 12, 1)).label == "2025-03"


@pytest.mark.parametrize("bad", ["2025-13", "2025/03", "25-03", ""])
def test_a_bad_period_is_refused(bad):
    with pytest.raises(ConfigError):
        resolve_period(bad or "x", date(2026, 12, 1))
