"""Discovery: which input files exist, their content hashes, and which the store has not seen."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from briefing.models import SourceFile

#: an input folder and the collection its files belong to
FolderSpec = tuple[Path, Literal["plans", "inbox"]]

_IGNORED_NAMES = {".gitkeep", ".DS_Store", "Thumbs.db"}


@dataclass(frozen=True)
class Discovery:
    new: tuple[SourceFile, ...]
    on_file: tuple[SourceFile, ...]


def content_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def list_inputs(folder: Path, collection: Literal["plans", "inbox"]) -> list[SourceFile]:
    """Every file below ``folder`` (hidden files and lock files skipped), in a stable order."""
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.name in _IGNORED_NAMES or path.name.startswith((".", "~$")):
            continue
        files.append(SourceFile(path=path, content_hash=content_hash(path), size=path.stat().st_size,
                                collection=collection))
    return files


def discover(folders: Iterable[FolderSpec], known_hashes: set[str]) -> Discovery:
    """Split the inputs into files the store has not seen (by content hash) and files already on file."""
    new: list[SourceFile] = []
    on_file: list[SourceFile] = []
    seen: set[str] = set()
    for folder, collection in folders:
        for source in list_inputs(folder, collection):
            if source.content_hash in seen:  # the same bytes twice in the inputs count once
                continue
            seen.add(source.content_hash)
            (on_file if source.content_hash in known_hashes else new).append(source)
    return Discovery(tuple(new), tuple(on_file))
