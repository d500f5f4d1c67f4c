"""Ingestion: a file's bytes become a normalized, structured ``Document`` (or a named error)."""

from __future__ import annotations

from array import array

from pathlib import Path

import numpy as np

from briefing.ingest.identity import document_id
from briefing.ingest.limits import DEFAULT_LIMITS, ReadLimits
from briefing.ingest.metadata import read_metadata
from briefing.ingest.normalize import normalize as normalize_text
from briefing.ingest.readers import read_document
from briefing.ingest.structure import build_sections
from briefing.models import Document, SourceFile
from briefing.rules import DEFAULT_CONFIG_DIR, load_rules

__all__ = ["document_id", "ingest_document"]


def ingest_document(source: SourceFile, data: bytes, config_dir: Path = DEFAULT_CONFIG_DIR,
                    limits: ReadLimits = DEFAULT_LIMITS) -> Document:
    """Read, normalize and structure one file. Raises ``InputError`` subclasses for unusable input."""
    decoded = read_document(source.path.suffix, data, limits)
    limits.check_text(decoded.text)
    rules = load_rules(config_dir)
    normalized = normalize_text(decoded.text, rules.structure)
    sections = build_sections(normalized.text, rules.structure)
    meta = read_metadata(normalized.text, normalized.script, decoded.encoding)  # type: ignore[arg-type]
    warnings = list(decoded.warnings)
    if not sections:
        warnings.append("no numbered headings found: measures cannot be read")
    return Document(
        doc_id=document_id(normalized.text),
        source=source,
        original=decoded.text,
        text=normalized.text,
        offsets=array("q", normalized.offsets.astype(np.int64).tobytes()),  # no Python int per character
        meta=meta,
        sections=sections,
        warnings=tuple(warnings),
    )
