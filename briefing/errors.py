"""Named errors raised inside the domain; the CLI and the flow turn each into one clear line."""

from __future__ import annotations


class BriefingError(Exception):
    """Base of every error the project raises on purpose."""

    #: What the user can do about it, shown after the reason.
    hint: str = ""

    def __init__(self, reason: str, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if hint is not None:
            self.hint = hint

    def one_line(self, subject: str | None = None) -> str:
        """``subject: reason (hint)``: the message shown to users."""
        head = f"{subject}: {self.reason}" if subject else self.reason
        return f"{head} ({self.hint})" if self.hint else head


class ConfigError(BriefingError):
    hint = "fix the key in the config file or the BRIEFING_* environment variable"


class InputError(BriefingError):
    """A document that cannot become a briefing record; it is quarantined, never changed."""

    hint = "check the file; it was left untouched and the run went on without it"


class UnreadableDocument(InputError):
    pass


class UnsupportedFormat(InputError):
    hint = "convert it to .txt, .html, .pdf or .docx and drop it into the inbox again"


class LimitExceeded(InputError):
    """A file over one of the limits checked before parsing (config/briefing.yaml)."""


class TookTooLong(InputError):
    hint = "the document was abandoned; raise document_timeout in config/briefing.yaml if it is a real text"


class StoreError(BriefingError):
    """The database file cannot be opened or created."""

    hint = "check the database path (config key 'store') and that the disk is writable"


class RunLocked(BriefingError):
    """Another run held the store's lock for longer than this run would wait."""

    hint = "another briefing run is using this store; wait for it, or raise lock_timeout (BRIEFING_LOCK_TIMEOUT)"


class DeliveryError(BriefingError):
    hint = "check the SMTP settings (smtp_host, smtp_port, smtp_security, BRIEFING_SMTP_PASSWORD); the PDF is kept"


class RenderError(BriefingError):
    hint = "check report_templates/ and the fonts (fonts-noto-cjk)"


class BackgroundDied(BriefingError):
    """A process computing part of a stage ended without a result (killed, out of memory, a native crash)."""


class TemporaryApiFailed(BriefingError):
    """The temporary Prefect API a run starts for itself exited or did not answer in time."""
