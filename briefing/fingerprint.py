"""What a briefing depends on besides the store: period, code versions, config, templates and settings.

A rerun whose inputs, store and all of this match a run that published keeps that briefing instead of
making it again (``briefing run --force`` makes it anyway).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path


def _package_version() -> str:
    try:
        return metadata.version("policy-briefing")
    except metadata.PackageNotFoundError:
        return "unknown"


def briefing_basis(values: Mapping[str, object], folders: tuple[Path, ...]) -> str:
    """A digest of ``values`` (period, extractor version, title, output folder ...), the package version and
    every file below ``folders`` (config, templates) by relative path and content."""
    digest = hashlib.sha256(json.dumps({**values, "package": _package_version()}, sort_keys=True,
                                       default=str, ensure_ascii=False).encode())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(b"\0" + str(path.relative_to(folder)).encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()
