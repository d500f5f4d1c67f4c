"""Environment for Prefect, set before prefect is imported (its settings are read at import)."""

from __future__ import annotations

import logging
import os

from briefing.settings import Settings

# The first ephemeral start on a fresh PREFECT_HOME runs migrations that exceed Prefect's default 20 s.
EPHEMERAL_STARTUP_TIMEOUT_SECONDS = "180"


def prepare_prefect_environment(settings: Settings) -> None:
    """A PREFECT_HOME of the project's own (nothing shared by accident), no analytics, a patient start-up.

    Values the operator has set explicitly are kept.
    """
    home = settings.path("prefect_home")
    home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(home))
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", EPHEMERAL_STARTUP_TIMEOUT_SECONDS)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_CLOUD_ENABLE_ORCHESTRATION_TELEMETRY", "false")
    # Our own log lines (quarantined files, stage counts) go to Prefect's handlers and the run's logs.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "briefing")
    # Stage lines ("stage=store begins", "stage=store seconds=0.12 ...") are INFO; the root logger is at WARNING.
    logging.getLogger("briefing").setLevel(logging.INFO)
