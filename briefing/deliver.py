"""Delivery of a finished briefing: the outputs folder (written atomically) and e-mail."""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from briefing.errors import DeliveryError
from briefing.period import Period

if TYPE_CHECKING:
    from briefing.settings import Settings

logger = logging.getLogger("briefing")
PASSWORD_ENV = "BRIEFING_SMTP_PASSWORD"


@dataclass(frozen=True)
class Published:
    folder: Path
    pdf: Path
    html: Path
    goals_csv: Path
    measures_csv: Path

    def log_fields(self) -> dict[str, object]:
        return {"pdf": self.pdf}


PARTIAL_SUFFIX = ".part"


def remove_partial_files(folder: Path) -> list[Path]:
    """Temporary files that a killed run left in an output folder (``.<name>.<random>.part``); never a
    finished output."""
    if not folder.is_dir():
        return []
    partial = [path for path in folder.glob(f".*{PARTIAL_SUFFIX}") if path.is_file()]
    for path in partial:
        path.unlink(missing_ok=True)
    return partial


def _umask() -> int:
    """The process's umask, read without changing it where Linux reports it (os.umask can only read it by
    setting it, which races with threads creating files meanwhile)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target. The file gets the
    mode a plainly created file would (0644 under umask 022): mkstemp's 0600 would give recipients of a
    shared folder a briefing they cannot open."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX, dir=path.parent)
    try:
        os.fchmod(handle, 0o666 & ~_umask())
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def published_paths(output_root: Path, period: Period) -> Published:
    """outputs/<period>/briefing-<period>.pdf and .html, goals.csv and measures.csv beside them."""
    folder = output_root / period.label
    return Published(folder=folder, pdf=folder / f"briefing-{period.label}.pdf",
                     html=folder / f"briefing-{period.label}.html", goals_csv=folder / "goals.csv",
                     measures_csv=folder / "measures.csv")


def publish(output_root: Path, period: Period, pdf: bytes, html: str, goals_csv: bytes,
            measures_csv: bytes) -> Published:
    """Write the briefing's files, each atomically, the PDF last; temporary files of a killed run go first."""
    published = published_paths(output_root, period)
    remove_partial_files(published.folder)
    write_atomically(published.goals_csv, goals_csv)
    write_atomically(published.measures_csv, measures_csv)
    write_atomically(published.html, html.encode("utf-8"))
    write_atomically(published.pdf, pdf)
    return published


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int
    security: str  # none | starttls | ssl
    user: str | None
    sender: str
    recipients: tuple[str, ...]
    attempts: int
    backoff_seconds: float


def mail_settings(settings: Settings, recipients: tuple[str, ...]) -> MailSettings | None:
    """The configured SMTP settings for these recipients; none without recipients."""
    if not recipients:
        return None
    return MailSettings(settings.smtp_host, settings.smtp_port, settings.smtp_security, settings.smtp_user,
                        settings.mail_from, recipients, settings.mail_attempts, settings.mail_backoff_seconds)


def briefing_message(mail: MailSettings, title: str, period: Period, pdf: Path) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"{title}（{period.chinese}）"
    message["From"] = mail.sender
    message["To"] = ", ".join(mail.recipients)
    message.set_content(f"{title}（{period.chinese}，报告期 {period.label}）见附件 PDF。\n\n此邮件由 policy-briefing 自动发送。")
    message.add_attachment(pdf.read_bytes(), maintype="application", subtype="pdf", filename=pdf.name)
    return message


def _connect(mail: MailSettings, context: ssl.SSLContext) -> smtplib.SMTP:
    if mail.security == "ssl":
        return smtplib.SMTP_SSL(mail.host, mail.port, timeout=30, context=context)
    return smtplib.SMTP(mail.host, mail.port, timeout=30)


def _send_once(mail: MailSettings, message: EmailMessage, password: str | None) -> None:
    context = ssl.create_default_context()
    with _connect(mail, context) as smtp:
        if mail.security == "starttls":
            smtp.starttls(context=context)
        if mail.user:
            smtp.login(mail.user, password or "")
        smtp.send_message(message)


def send_briefing(mail: MailSettings, title: str, period: Period, pdf: Path,
                  sleep: Callable[[float], None] = time.sleep) -> None:
    """Send the PDF to the recipients, retrying with exponential backoff."""
    _send_with_retries(mail, briefing_message(mail, title, period, pdf), sleep)


def send_notice(mail: MailSettings, subject: str, body: str, sleep: Callable[[float], None] = time.sleep) -> None:
    """A plain-text message to ``mail.recipients`` (the operator), with the same retries."""
    message = EmailMessage()
    message["Subject"], message["From"], message["To"] = subject, mail.sender, ", ".join(mail.recipients)
    message.set_content(body + "\n\n此邮件由 policy-briefing 自动发送。")
    _send_with_retries(mail, message, sleep)


def _send_with_retries(mail: MailSettings, message: EmailMessage, sleep: Callable[[float], None]) -> None:
    """The password is read from the environment at the moment of sending and never logged."""
    password = os.environ.get(PASSWORD_ENV)
    last_error: Exception | None = None
    for attempt in range(1, mail.attempts + 1):
        try:
            _send_once(mail, message, password)
            return
        except (smtplib.SMTPException, OSError) as exc:
            last_error = exc
            logger.warning("e-mail attempt %d/%d to %s:%d failed: %s", attempt, mail.attempts, mail.host, mail.port,
                           type(exc).__name__)
            if attempt < mail.attempts:
                sleep(mail.backoff_seconds * 2 ** (attempt - 1))
    raise DeliveryError(f"e-mail to {len(mail.recipients)} recipient(s) via {mail.host}:{mail.port} failed "
                        f"after {mail.attempts} attempts ({type(last_error).__name__}: {last_error})")
