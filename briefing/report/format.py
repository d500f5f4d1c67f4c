"""How numbers, targets, amounts, percentages and dates are written in the briefing (and by the command line,
which shows what the briefing would).

Every formatter takes plain values and returns text; the Jinja2 filters in render.py are these functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from briefing.tables import missing

COMPARATOR_WORDS = {">": "超过", ">=": "不低于", "=": "达到", "~": "左右", "<=": "不超过", "<": "低于"}
STATUS_WORDS = {"new": "新增", "dropped": "删去", "raised": "提高", "lowered": "降低", "unchanged": "不变",
                "masked": "数值待定", "changed": "调整", "deadline moved": "期限调整"}
MANIFEST_WORDS = {"new": "新增", "on_file": "在库", "quarantined": "隔离"}
# Canonical units of the unit table that are written with SI prefixes (5e18 FLOPS -> 5EFLOPS, 8e13 bps -> 80Tbps).
_SI_UNITS = ("FLOPS", "bps", "B")
_SI_PREFIXES = ((1e18, "E"), (1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K"))
_CHINESE_SCALES = ((1e12, "万亿"), (1e8, "亿"), (1e4, "万"))


def _float(value: object) -> float:
    return float(str(value))


def _int(value: object) -> int:
    return int(_float(value))


def plain_number(value: object) -> str:
    """A number as written, without trailing zeros: "1352.20" -> 1352.2, 50.0 -> 50."""
    text = str(value)
    return text.rstrip("0").rstrip(".") if "." in text else text


def target_text(target: Mapping[str, object]) -> str:
    """The target as a reader says it: "50%", "3—5个", "□万亿元" (from value, value_max, unit, placeholder)."""
    value = "□" if target["placeholder"] else plain_number(target["value"])
    if not target["placeholder"] and not missing(target.get("value_max")):
        value += f"—{plain_number(target['value_max'])}"
    return value + ("" if missing(target.get("unit")) else str(target["unit"]))


def targets_text(targets: Sequence[Mapping[str, object]]) -> str:
    """Several targets of one indicator, each with its year: "2万亿元(2022年)；□万亿元(2025年)"."""
    return "；".join(target_text(t) + ("" if missing(t.get("year")) else f"({_int(t['year'])}年)")
                    for t in targets)


def baseline_text(row: Mapping[str, object]) -> str | None:
    """"45.4%(2022年)", or None where the goal has no baseline."""
    if missing(row.get("baseline_value")):
        return None
    year = row.get("baseline_year")
    unit = "" if missing(row.get("unit")) else str(row["unit"])
    return f"{plain_number(row['baseline_value'])}{unit}" + ("" if missing(year) else f"({_int(year)}年)")


def status_text(statuses: Sequence[str]) -> str:
    """Status codes of an indicator change in words: ["masked", "deadline moved"] -> "数值待定，期限调整"."""
    return "，".join(STATUS_WORDS.get(status, status) for status in statuses)


def stated(comparator: str, target: str) -> str:
    """A target as a sentence says it: "超过50%", "300个左右" (``comparator`` already in words)."""
    return f"{target}左右" if comparator == "左右" else f"{comparator}{target}"


def growth_text(annual_growth: object, annual_change_pp: object) -> str | None:
    if not missing(annual_growth):
        return f"年均{_float(annual_growth) * 100:.1f}%"
    if not missing(annual_change_pp):
        return f"年均{_float(annual_change_pp):+.2f}个百分点"
    return None


def number(value: object) -> str:
    """Decimal-as-text without float noise: '50', '13.5'."""
    return "—" if missing(value) else plain_number(value)


def year(value: object) -> str:
    return "—" if missing(value) else f"{_int(value)}年"


def chinese_date(value: object) -> str:
    if missing(value):
        return "未注明"
    text = str(value)
    parts = text.split("-")
    if len(parts) == 3 and all(part.isdigit() for part in parts):
        return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"
    return text


def amount(value: object, unit: object = "元") -> str:
    """A value in base units the Chinese way: 1.2e12 元 -> 1.2万亿元, 4e11 元 -> 4000亿元, 8e4 家 -> 8万家;
    computing power and bandwidth with SI prefixes (5EFLOPS, 80Tbps), lengths in 公里."""
    if missing(value):
        return "—"
    quantity, base = _float(value), "" if missing(unit) else str(unit)
    if base == "%":
        return f"{quantity:g}%"
    if base in _SI_UNITS:
        factor, prefix = next(((f, p) for f, p in _SI_PREFIXES if abs(quantity) >= f), (1.0, ""))
        return f"{quantity / factor:.4g}{prefix}{base}"
    if base == "米" and abs(quantity) >= 1000:
        quantity, base = quantity / 1000, "公里"
    for scale, prefix in _CHINESE_SCALES:
        if abs(quantity) >= scale and (base == "元" or scale == 1e4):
            return f"{quantity / scale:.4g}{prefix}{base}"
    return f"{quantity:.4g}{base}"


def percent(value: object, digits: int = 0) -> str:
    """A share as a percentage: 0.83 -> 83%."""
    if missing(value):
        return "—"
    return f"{_float(value) * 100:.{digits}f}%"


def input_name(path: str, folders: Sequence[Path]) -> str:
    """An input file as the briefing names it: relative to the input folder it was found in, with that
    folder's name first ("plans/四川省.txt"); a file outside them by its name alone. The machine's absolute
    paths never reach a recipient."""
    file = Path(path).absolute()
    for folder in (folder.absolute() for folder in folders):
        if file.is_relative_to(folder):
            return f"{folder.name}/{file.relative_to(folder).as_posix()}"
    return file.name
