"""Telling the operator that a run failed: one log line always, an e-mail where ``operator_mail_to`` is set.

A failed stage is already recorded in the store by the pipeline; this is for the person who has to act, and
also covers failures before a run is recorded (a store locked by another run, bad settings, a crash).
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Mapping
from time import sleep as wait

from briefing.deliver import mail_settings, send_notice
from briefing.errors import DeliveryError
from briefing.settings import Settings

logger = logging.getLogger("briefing")


def failure_notice(run_name: str, parameters: Mapping[str, object], reason: str) -> tuple[str, str]:
    """Subject and body of the notice: which run, with what parameters, why, and where to look."""
    asked = ", ".join(f"{key}={value}" for key, value in parameters.items() if value not in (None, False)) or "scheduled"
    subject = f"policy-briefing: run {run_name} failed"
    body = (f"The briefing run {run_name} ({asked}) on {socket.gethostname()} failed:\n{reason}\n\n"
            "`briefing history` lists the runs; documents a failed run stored count as new again, so the next "
            "run reports them.")
    return subject, body


def tell_operator(settings: Settings, run_name: str, parameters: Mapping[str, object], reason: str,
                  sleep: Callable[[float], None] = wait) -> bool:
    """Log the failure and mail it to operator_mail_to; True if a mail was sent. A mail that cannot be sent is
    logged, never raised: the run has failed already."""
    subject, body = failure_notice(run_name, parameters, reason)
    logger.error("%s: %s", subject, reason)
    mail = mail_settings(settings, settings.operator_mail_to)
    if mail is None:
        return False
    try:
        send_notice(mail, subject, body, sleep)
    except DeliveryError as exc:
        logger.error("the operator could not be told: %s", exc.one_line())
        return False
    return True
