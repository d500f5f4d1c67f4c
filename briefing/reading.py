"""One input file to its extraction, or to the quarantine record that says why not (the file is untouched)."""

from __future__ import annotations

import logging
from dataclasses import replace
from pathlib import Path

from briefing.errors import InputError
from briefing.extract import extract_document
from briefing.ingest import ingest_document
from briefing.ingest.identity import signature
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits
from briefing.models import Extraction, QuarantineRecord, SourceFile
from briefing.winnow import fingerprints

logger = logging.getLogger("briefing")


def quarantined(source: SourceFile, error: InputError) -> QuarantineRecord:
    return QuarantineRecord(source.path, source.content_hash, error.reason, error.hint)


def read_file(source: SourceFile, config_dir: Path, limits: ReadLimits = DEFAULT_LIMITS) -> Extraction | QuarantineRecord:
    """Read, ingest and extract one file. Whatever goes wrong becomes a quarantine record, never an exception:
    one bad file must not cost the whole briefing."""
    try:
        limits.check_file_size(source.size)  # before the file is read at all
        extraction = extract_document(ingest_document(source, source.path.read_bytes(), config_dir, limits),
                                      config_dir)
        text = extraction.document.text
        return replace(extraction, signature=signature(text), fingerprints=fingerprints(text))
    except InputError as exc:
        record = quarantined(source, exc)
    except OSError as exc:
        record = QuarantineRecord(source.path, source.content_hash, f"cannot be read ({exc.strerror})",
                                  "check the file's permissions")
    except MemoryError:
        record = QuarantineRecord(source.path, source.content_hash, "needed more memory than document_memory_mb",
                                  "raise document_memory_mb in config/briefing.yaml if it is a real text")
    except Exception as exc:  # an extractor bug on one text must not cost the whole briefing
        logger.exception("extraction failed for %s", source.path)
        record = QuarantineRecord(source.path, source.content_hash,
                                  f"extraction failed ({type(exc).__name__}: {exc})",
                                  "report this file to the maintainers; the run went on without it")
    logger.warning("quarantined %s", record.one_line())
    return record
