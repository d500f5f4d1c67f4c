"""What a run covers, decided before it starts: the request, the store it uses (an ad-hoc run keeps its own),
its period, folders and output, and whether it would only keep a briefing already published."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from briefing.discover import FolderSpec
from briefing.extractor_version import EXTRACTOR_VERSION
from briefing.fingerprint import briefing_basis
from briefing.period import Period, resolve_period, today_in
from briefing.settings import Settings
from briefing.store import seam


@dataclass(frozen=True)
class RunRequest:
    """What the operator or the schedule asks for; every field may be left to the settings."""

    period: str | None = None
    inputs: str | None = None
    out: str | None = None
    #: the day the run counts as (a late scheduled run counts as the day it was due)
    today: date | None = None
    #: make the briefing even when nothing it depends on changed since one was published
    force: bool = False
    #: the store to use; a run on a folder (``inputs``) without one keeps a store of its own
    store: str | None = None


#: the store of an ad-hoc run, in its output folder
AD_HOC_STORE = "ad-hoc.db"
STORE_VARIABLE = "BRIEFING_STORE"


def settings_for(settings: Settings, request: RunRequest) -> Settings:
    """The settings of this run, with the store it uses. A run on a folder (``inputs``) is ad hoc: unless it
    names a store (``store``, or BRIEFING_STORE set for this process), it keeps one of its own beside its
    outputs, so a maintainer's trial never makes its documents "on file" for the scheduled briefing."""
    if request.store:
        return settings.model_copy(update={"store": Path(request.store).absolute()})
    if request.inputs and STORE_VARIABLE not in os.environ:
        output_root = Path(request.out) if request.out else settings.path("output_dir")
        return settings.model_copy(update={"store": (output_root / AD_HOC_STORE).absolute()})
    return settings


def run_scope(settings: Settings, request: RunRequest) -> tuple[Period, list[FolderSpec], Path, str]:
    """The run's period, input folders, output folder, and the basis of its briefing (all it depends on
    besides the inputs and the store)."""
    period = resolve_period(request.period, request.today or today_in(settings.timezone), settings.period_rule)
    folders: list[FolderSpec]
    if request.inputs:
        folders = [(Path(request.inputs), "inbox")]
    else:
        folders = [(settings.path("plans_dir"), "plans"), (settings.path("inbox_dir"), "inbox")]
    output_root = Path(request.out) if request.out else settings.path("output_dir")
    basis = briefing_basis(
        {"period": period.label, "extractor": EXTRACTOR_VERSION, "title": settings.title,
         "timezone": settings.timezone, "uncertain_confidence": settings.uncertain_confidence,
         "output": str(output_root.resolve())},
        (settings.config_dir, settings.path("templates_dir")))
    return period, folders, output_root, basis


def would_keep(settings: Settings, request: RunRequest) -> bool:
    """Whether a run would find nothing changed since a briefing was published and keep it, found without
    recording anything or taking the lock: the command line then runs it without starting Prefect."""
    if request.force:
        return False
    settings = settings_for(settings, request)
    _, folders, _, basis = run_scope(settings, request)
    kept = seam.published_for(settings.path("store"), EXTRACTOR_VERSION, folders, basis)
    return kept is not None and Path(kept.output).is_file()
