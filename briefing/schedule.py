"""Scheduled runs that start late (the server or runner was down): which month they report, or whether
they are skipped (config: missed_runs, late_after_hours)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from briefing.settings import Settings


def scheduled_day(settings: Settings, scheduled_start: datetime | None) -> date | None:
    """The day a scheduled run was due, in the schedule's timezone: a late run reports the month it was due for."""
    if scheduled_start is None:
        return None
    return scheduled_start.astimezone(ZoneInfo(settings.timezone)).date()


def is_skipped_as_late(settings: Settings, scheduled_start: datetime | None, now: datetime) -> bool:
    """Under the "skip" policy, a run starting more than ``late_after_hours`` after its time is not built."""
    if settings.missed_runs != "skip" or scheduled_start is None:
        return False
    return (now - scheduled_start).total_seconds() > settings.late_after_hours * 3600
