"""`briefing review`: a period's goals as a reviewer checks them before the briefing goes out, the least
certain first, each with its quote and where it stands; and a correction stub for any of them.

The listing is plain text, the same on a terminal and in a pipe, so that it can be read, diffed and quoted.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from briefing.corrections import CORRECTIONS_FILE
from briefing.report.format import target_text
from briefing.tables import json_value, missing, records, value_or_none


@dataclass(frozen=True)
class ReviewRow:
    number: int
    confidence: float | None
    doc_id: str
    document_title: str
    section: str
    span: tuple[int, int]
    indicator: str
    target: str
    #: the stored fields, for a correction stub
    value: str | None
    unit: str | None
    year: int | None
    quote: str
    corrected: str | None


def review_rows(goals: pd.DataFrame) -> list[ReviewRow]:
    """Goals by confidence, lowest first (those without one first of all), then in document order."""
    ordered = records(goals)
    ordered.sort(key=lambda goal: (not missing(goal["confidence"]),
                                   0.0 if missing(goal["confidence"]) else float(goal["confidence"])))
    return [ReviewRow(
        number=number, confidence=None if missing(goal["confidence"]) else float(goal["confidence"]),
        doc_id=goal["doc_id"], document_title=value_or_none(goal["document_title"]) or "(无标题)",
        section=" › ".join(json_value(goal["section_path"])) or "正文",
        span=(int(goal["span_start"]), int(goal["span_end"])), indicator=goal["indicator"],
        target=target_text(goal), value=value_or_none(goal["value"]), unit=value_or_none(goal["unit"]),
        year=None if missing(goal["year"]) else int(goal["year"]), quote=goal["quote"],
        corrected=value_or_none(goal["corrected"])) for number, goal in enumerate(ordered, start=1)]


def review_text(period: str | None, rows: list[ReviewRow]) -> str:
    if period is None:
        return "No period has stored documents yet: run `briefing run` first.\n"
    documents = len({row.doc_id for row in rows})
    lines = [f"Goals of {period}: {len(rows)} in {documents} document(s), lowest confidence first.", ""]
    for row in rows:
        confidence = "—" if row.confidence is None else f"{row.confidence:.2f}"
        year = f"{row.year}年" if row.year else "年份未注明"
        lines += [f"{row.number:>3}. confidence {confidence}  {row.indicator}：{row.target}（{year}）",
                  f"     原文：{row.quote}",
                  f"     位置：{row.document_title} › {row.section}（字符 {row.span[0]}–{row.span[1]}）",
                  f"     文件：{row.doc_id}"]
        if row.corrected:
            lines.append(f"     校正：{row.corrected}")
    lines += ["", f"`briefing review --stub N` adds a correction of goal N to config/{CORRECTIONS_FILE}."]
    return "\n".join(lines) + "\n"


def correction_stub(row: ReviewRow, today: dt.date) -> str:
    """A correction of the goal, commented out: the reviewer picks the action, fills in the fields and the
    reason, and removes the # signs (a stub left as it is changes nothing)."""
    quote = json.dumps(row.quote, ensure_ascii=False)
    fields = {"value": row.value, "unit": row.unit, "year": row.year}
    written = ", ".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()
                        if value is not None)
    return "\n".join([
        f"  # goal {row.number} of `briefing review`: {row.indicator}：{row.target}",
        "  # action: drop | change | add; set: any of indicator, indicator_id, value, value_max, unit, year,",
        "  # comparator (> >= = ~ <= <), hedge, baseline_value, baseline_year",
        f"  # - document: {row.doc_id}",
        f"  #   quote: {quote}",
        "  #   action: change",
        f"  #   set: {{{written}}}",
        "  #   reason: 为什么校正",
        f"  #   date: {today.isoformat()}",
    ]) + "\n"


def append_stub(config_dir: Path, stub: str) -> Path:
    """Append the stub to the corrections file (created with an empty list where there is none)."""
    path = config_dir / CORRECTIONS_FILE
    text = path.read_text(encoding="utf-8") if path.is_file() else "corrections:\n"
    # an empty list written inline would not take the items below it once they are uncommented
    text = "\n".join("corrections:" if line.strip() == "corrections: []" else line for line in text.splitlines())
    path.write_text(text + "\n" + stub, encoding="utf-8")
    return path
