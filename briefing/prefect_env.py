"""Environment for Prefect, set before prefect is imported (its settings are read at import)."""

from __future__ import annotations

import atexit
import importlib.metadata
import importlib.util
import logging
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from briefing.collection import SET_THRESHOLDS_SOURCE
from briefing.errors import TemporaryApiFailed
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


class TemporaryApi:
    """Prefect's temporary API server for one `briefing run`, started as soon as the run begins (and stopped at
    once if the run keeps its briefing without Prefect).

    Prefect starts the same server itself when no API is configured, but only once the flow is called,
    and its client first imports the whole server package (six seconds here) merely to launch it; the
    server process then imports it again. Started here (the same uvicorn command line, app and settings
    Prefect uses: ``prefect.server.api.server:create_app`` with ephemeral services; the collection
    thresholds of briefing.collection), it boots while this process imports Prefect and the flow, and the
    flow then talks to it as to any configured API. It is stopped when the process exits, after Prefect
    has sent its last logs.
    """

    def __init__(self) -> None:
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.migrations: MigrationStamp | None = None

    def start(self) -> TemporaryApi:
        spec = importlib.util.find_spec("prefect")  # its location, without importing it
        if spec is None or not spec.submodule_search_locations:
            raise TemporaryApiFailed("prefect is not installed", hint="run `make setup`")
        self.port = _free_loopback_port()
        package_dir = Path(next(iter(spec.submodule_search_locations))).parent
        env = {**os.environ, "PREFECT_UI_ENABLED": "0", "PREFECT__SERVER_EPHEMERAL": "1", "PREFECT__SERVER_FINAL": "1"}
        # an operator who sets MIGRATE_ON_START decides alone
        self.migrations = None if MIGRATE_ON_START in os.environ else MigrationStamp.of_default_database()
        if self.migrations is not None and self.migrations.current():
            env[MIGRATE_ON_START] = "false"
        self.process = subprocess.Popen(
            [sys.executable, "-c", _UVICORN_WITH_FEWER_COLLECTIONS, "--app-dir", str(package_dir), "--factory",
             "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(self.port),
             "--log-level", "error", "--lifespan", "on"], env=env)
        atexit.register(self.stop)  # registered before Prefect's own exit handlers, so it runs after them
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def wait_until_ready(self) -> str:
        """The API's URL once it answers its health check; a clear error if it does not within the timeout."""
        assert self.process is not None, "start() first"
        deadline = time.monotonic() + float(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS",
                                                           EPHEMERAL_STARTUP_TIMEOUT_SECONDS))
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if self.process.returncode == _ADDRESS_IN_USE:  # the port was taken meanwhile: another one
                    self.start()
                    continue
                raise TemporaryApiFailed(f"Prefect's temporary API server exited with code {self.process.returncode}",
                                    hint="see the lines above; or start `prefect server start` and set PREFECT_API_URL")
            try:
                with _LOOPBACK.open(f"{self.url}/health", timeout=2) as response:
                    if response.status == 200:
                        if self.migrations is not None:
                            self.migrations.record()
                        return self.url
            except OSError:
                pass
            time.sleep(0.1)
        raise TemporaryApiFailed("Prefect's temporary API server did not answer in time",
                            hint="raise PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS, or start "
                                 "`prefect server start` and set PREFECT_API_URL")

    def stop(self) -> None:
        atexit.unregister(self.stop)
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


#: Prefect's setting: the server brings its database up to date (Alembic) when it starts
MIGRATE_ON_START = "PREFECT_SERVER_DATABASE_MIGRATE_ON_START"


class MigrationStamp:
    """Whether the temporary API's database is known to be up to date for the installed Prefect.

    Prefect's server runs its Alembic migrations on every start: it loads every migration script to find
    that none is due (about a second of each run's start here). Once a start of this Prefect version
    has migrated the database file in PREFECT_HOME, a stamp beside it says so (Prefect's version and the
    file's inode), and later starts skip the check. Another Prefect version, or a new database file, runs
    the migrations again; a database Prefect is told about explicitly (a connection URL) is left alone.
    """

    STAMP_NAME = "briefing-migrated.txt"

    def __init__(self, database: Path) -> None:
        self.database, self.stamp = database, database.with_name(self.STAMP_NAME)

    @classmethod
    def of_default_database(cls) -> MigrationStamp | None:
        if any(os.environ.get(name) for name in ("PREFECT_API_DATABASE_CONNECTION_URL",
                                                 "PREFECT_SERVER_DATABASE_CONNECTION_URL")):
            return None
        home = os.environ.get("PREFECT_HOME")
        return cls(Path(home) / "prefect.db") if home else None

    def _value(self) -> str | None:
        try:
            return f"prefect {importlib.metadata.version('prefect')} inode {self.database.stat().st_ino}"
        except (OSError, importlib.metadata.PackageNotFoundError):
            return None

    def current(self) -> bool:
        value = self._value()
        try:
            return value is not None and self.stamp.read_text(encoding="utf-8").strip() == value
        except OSError:
            return False

    def record(self) -> None:
        """After a start that ran the migrations (or skipped them by a current stamp): up to date."""
        value = self._value()
        if value is None or self.current():
            return
        try:
            temporary = self.stamp.with_name(self.stamp.name + ".part")
            temporary.write_text(value + "\n", encoding="utf-8")
            temporary.replace(self.stamp)
        except OSError:
            pass  # a stamp not written only costs the next start its migration check


#: `python -m uvicorn`, with the thresholds of briefing.collection set before the API's imports (a second of its
#: start here)
_UVICORN_WITH_FEWER_COLLECTIONS = (f"{SET_THRESHOLDS_SOURCE}; import runpy; "
                                   "runpy.run_module('uvicorn', run_name='__main__', alter_sys=True)")
#: uvicorn's exit code when its port is taken
_ADDRESS_IN_USE = 3
#: no proxy from the environment for a server on this machine
_LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _free_loopback_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_temporary_api() -> TemporaryApi | None:
    """A temporary API for this run, unless the environment names one (a profile that names one is
    found once Prefect is imported: see flows.monthly_briefing.api_for_run)."""
    if os.environ.get("PREFECT_API_URL"):
        return None
    return TemporaryApi().start()
