"""Work in a process of its own: its result or its error handed back, its death named."""

from __future__ import annotations

import os
import signal

import pytest

from briefing.background import InBackground
from briefing.errors import BackgroundDied, RenderError


def _where(text: str) -> tuple[int, str]:
    return os.getpid(), text[::-1]


def _refuse(reason: str) -> None:
    raise RenderError(reason, hint="fix the template")


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def test_the_work_runs_in_a_process_of_its_own_and_its_result_comes_back():
    with InBackground(_where, "简报") as job:
        pid, answer = job.result()
    assert pid != os.getpid() and answer == "报简"


def test_an_error_in_the_work_comes_back_with_its_reason_and_hint():
    with InBackground(_refuse, "模板缺少字段") as job, pytest.raises(RenderError) as raised:
        job.result()
    assert raised.value.one_line() == "模板缺少字段 (fix the template)"


def test_a_process_that_dies_is_named_in_the_error():
    with InBackground(_die) as job, pytest.raises(BackgroundDied, match="_die died"):
        job.result()
