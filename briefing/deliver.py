"""Delivery of a finished briefing to the outputs folder, written atomically."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from briefing.period import Period


@dataclass(frozen=True)
class Published:
    folder: Path
    pdf: Path
    html: Path
    goals_csv: Path
    measures_csv: Path


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename over the target."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def publish(output_root: Path, period: Period, pdf: bytes, html: str, goals: pd.DataFrame,
            measures: pd.DataFrame) -> Published:
    """outputs/<period>/briefing-<period>.pdf and .html, goals.csv and measures.csv beside them."""
    folder = output_root / period.label
    published = Published(
        folder=folder,
        pdf=folder / f"briefing-{period.label}.pdf",
        html=folder / f"briefing-{period.label}.html",
        goals_csv=folder / "goals.csv",
        measures_csv=folder / "measures.csv",
    )
    # CSVs with a BOM so that spreadsheet programs open the Chinese text correctly.
    # convert_dtypes keeps integer columns with gaps as integers (2025, not 2025.0).
    write_atomically(published.goals_csv, goals.convert_dtypes().to_csv(index=False).encode("utf-8-sig"))
    write_atomically(published.measures_csv, measures.convert_dtypes().to_csv(index=False).encode("utf-8-sig"))
    write_atomically(published.html, html.encode("utf-8"))
    write_atomically(published.pdf, pdf)
    return published
