"""Settings: config/briefing.yaml validated once into one object; BRIEFING_<KEY> variables override keys."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    YamlConfigSettingsSource,
)

from briefing.errors import ConfigError
from briefing.ingest.limits import Budget, ReadLimits

CONFIG_ENV = "BRIEFING_CONFIG"
DEFAULT_CONFIG = Path("config") / "briefing.yaml"


class Settings(BaseSettings):
    """Everything a run needs to know, validated at start-up."""

    model_config = SettingsConfigDict(env_prefix="BRIEFING_", extra="forbid", frozen=True)

    title: str = "数字经济政策监测简报"
    timezone: str = "Asia/Shanghai"
    schedule: str = "0 7 1 * *"
    period_rule: Literal["previous_month", "current_month"] = "previous_month"
    plans_dir: Path = Path("inputs/plans")
    inbox_dir: Path = Path("inputs/inbox")
    output_dir: Path = Path("outputs")
    store: Path = Path("outputs/briefing.db")
    templates_dir: Path = Path("report_templates")
    prefect_home: Path = Path("outputs/.prefect")
    deployment_name: str = "monthly-briefing"
    #: a scheduled run that starts late (the server or runner was down): "run" builds the briefing of the
    #: month it was scheduled for; "skip" records it as skipped when it starts more than late_after_hours late
    missed_runs: Literal["run", "skip"] = "run"
    late_after_hours: float = 72.0
    #: seconds a run waits for another run on the same store before it gives up
    lock_timeout: float = 600.0
    #: how per-document ingest and extract run: threads, processes, or dask (an existing cluster)
    task_runner: Literal["threads", "processes", "dask"] = "threads"
    workers: int = 2
    #: new files read and extracted per task (one mapped task per batch, never one per document)
    batch_size: int = Field(default=50, ge=1)
    #: limits checked before a file is parsed (briefing/ingest/limits.py); a file over one is quarantined
    max_file_bytes: int = Field(default=50_000_000, gt=0)
    max_docx_uncompressed_bytes: int = Field(default=150_000_000, gt=0)
    max_docx_compression_ratio: float = Field(default=100.0, gt=1)
    max_pdf_pages: int = Field(default=1000, gt=0)
    max_text_characters: int = Field(default=5_000_000, gt=0)
    max_bad_byte_share: float = Field(default=0.005, ge=0, lt=1)
    min_chinese_characters: int = Field(default=10, ge=0)
    #: seconds one document may take to be read and extracted (in a worker process); 0: no budget
    document_timeout: float = Field(default=120.0, ge=0)
    #: memory one worker process may use, in MB (0: no cap); a document needing more is quarantined
    document_memory_mb: int = Field(default=2048, ge=0)
    dask_address: str | None = None
    #: e-mail delivery; no recipients means no e-mail. The password comes from BRIEFING_SMTP_PASSWORD only.
    mail_to: tuple[str, ...] = ()
    mail_from: str = "policy-briefing@localhost"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_security: Literal["none", "starttls", "ssl"] = "none"
    smtp_user: str | None = None
    #: goals whose confidence (config/confidence.yaml) is below this are marked in the briefing for checking
    uncertain_confidence: float = Field(default=0.8, ge=0.0, le=1.0)
    mail_attempts: int = 3
    mail_backoff_seconds: float = 2.0
    #: who is told by e-mail when a run fails (through the SMTP settings above); none: the failure is only
    #: recorded (store, Prefect flow run and its "briefing-failure" artifact)
    operator_mail_to: tuple[str, ...] = ()
    #: retries of the render and deliver tasks under Prefect, with exponential backoff from the delay
    task_retries: int = Field(default=2, ge=0)
    task_retry_delay_seconds: float = Field(default=10.0, ge=0)
    #: the folder relative paths are resolved against (set by ``load_settings``)
    project_root: Path = Path(".")
    #: the folder of the rule files: the one holding the settings file (set by ``load_settings``), so every
    #: command of one project reads the same rules
    config_dir: Path = Path("config")

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}") from exc
        return value

    @field_validator("schedule")
    @classmethod
    def _five_field_cron(cls, value: str) -> str:
        fields = value.split()
        if len(fields) != 5:
            raise ValueError(f"cron needs 5 fields (minute hour day month weekday), got {value!r}")
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Priority: explicit arguments, then BRIEFING_* variables, then the YAML file (model_config["yaml_file"]).
        return init_settings, env_settings, YamlConfigSettingsSource(settings_cls, yaml_file_encoding="utf-8")

    def read_limits(self) -> ReadLimits:
        return ReadLimits(self.max_file_bytes, self.max_docx_uncompressed_bytes, self.max_docx_compression_ratio,
                          self.max_pdf_pages, self.max_text_characters, self.max_bad_byte_share,
                          self.min_chinese_characters)

    def budget(self) -> Budget:
        return Budget(self.document_timeout, self.document_memory_mb, self.workers)

    def path(self, key: str) -> Path:
        """A path setting resolved against the project folder."""
        value = getattr(self, key)
        if not isinstance(value, Path):
            raise KeyError(key)
        return value if value.is_absolute() else (self.project_root / value)


def find_config(explicit: Path | None = None) -> Path:
    """The config file: an explicit path, $BRIEFING_CONFIG, or config/briefing.yaml in the working folder."""
    if explicit is not None:
        return explicit
    if env := os.environ.get(CONFIG_ENV):
        return Path(env)
    return DEFAULT_CONFIG


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Read, validate and resolve the settings; any problem becomes one ``ConfigError`` line."""
    path = find_config(config_file)
    if not path.is_file():
        raise ConfigError(f"{path}: config file not found", hint=f"run from the project folder or set {CONFIG_ENV}")
    root = path.resolve().parent.parent
    # pydantic-settings reads the YAML path from model_config, so each file gets its own subclass.
    bound = type("Settings", (Settings,), {"model_config": SettingsConfigDict(**{**Settings.model_config, "yaml_file": path})})
    try:
        settings = bound(**{"project_root": root, "config_dir": path.resolve().parent, **overrides})
    except ValidationError as exc:
        raise ConfigError(_describe(exc, path)) from None
    except Exception as exc:  # a YAML syntax error or an unreadable file
        raise ConfigError(f"{path}: cannot be read: {exc}") from None
    return settings


def _describe(exc: ValidationError, path: Path) -> str:
    """One line naming the first bad key, the file and the reason."""
    error = exc.errors()[0]
    key = ".".join(str(part) for part in error["loc"]) or "?"
    if error["type"] == "extra_forbidden":
        return f"{path}: unknown key '{key}'"
    env_name = f"BRIEFING_{key.upper()}"
    where = f"{path} (or {env_name})" if env_name in os.environ else str(path)
    return f"{where}: bad value for key '{key}': {error['msg']}"


__all__ = ["Settings", "load_settings", "find_config"]
