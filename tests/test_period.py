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


def test_a_late_scheduled_run_reports_the_month_it_was_due_for():
    from datetime import datetime, timezone
    from pathlib import Path

    from briefing import schedule
    from briefing.settings import load_settings

    settings = load_settings(Path(__file__).parent.parent / "config" / "briefing.yaml")
    due = datetime(2026, 11, 30, 23, 0, tzinfo=timezone.utc)  # 07:00 on 1 December in Shanghai
    assert schedule.scheduled_day(settings, due).isoformat() == "2026-12-01"
    assert resolve_period(None, schedule.scheduled_day(settings, due)).label == "2026-11"
    three_days_late = datetime(2026, 12, 4, 0, 0, tzinfo=timezone.utc)
    assert not schedule.is_skipped_as_late(settings, due, three_days_late)  # default policy: run it
    skipping = load_settings(Path(__file__).parent.parent / "config" / "briefing.yaml", missed_runs="skip")
    assert schedule.is_skipped_as_late(skipping, due, three_days_late)
    assert not schedule.is_skipped_as_late(skipping, due, datetime(2026, 12, 1, 1, 0, tzinfo=timezone.utc))
