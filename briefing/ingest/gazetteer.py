"""China's administrative divisions, for resolving the region a document belongs to.

Data: briefing/data/adcodes.csv (民政部 codes, see briefing/data/README.md). The hierarchy comes from the
code itself, so a county resolves to its prefecture and province without a hand-made list.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

# Suffixes that may be dropped when a region is named in running text ("四川" for 四川省, "泰州" for 泰州市).
_SHORTENABLE = re.compile(
    r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$"
)
MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    province: str
    city: str | None
    county: str | None


@dataclass(frozen=True)
class Gazetteer:
    regions: tuple[Region, ...]
    by_name: dict[str, tuple[Region, ...]]
    pattern: re.Pattern[str]

    def find(self, text: str) -> list[Region]:
        """Every region named in ``text``, most specific first, then by first mention."""
        seen: dict[str, tuple[int, Region]] = {}
        for match in self.pattern.finditer(text):
            candidates = self.by_name[match.group(0)]
            if len(candidates) != 1:  # an ambiguous county name (several 朝阳区) tells nothing alone
                continue
            region = candidates[0]
            seen.setdefault(region.code, (match.start(), region))
        rank = {"county": 0, "city": 1, "province": 2}
        return [r for _, r in sorted(seen.values(), key=lambda item: (rank[item[1].level], item[0]))]


def _level(code: str) -> str:
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    return "county"


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    rows = resources.files("briefing.data").joinpath("adcodes.csv").read_text(encoding="utf-8")
    names: dict[str, str] = {}
    entries = [(row["adcode"], row["name"]) for row in csv.DictReader(rows.splitlines())]
    for code, name in entries:
        names[code] = name
    regions: list[Region] = []
    for code, name in entries:
        level = _level(code)
        province = names.get(code[:2] + "0" * 10, name)
        city = None
        if level == "city":
            city = name
        elif level == "county":
            city = names.get(code[:4] + "0" * 8)
        regions.append(Region(code, name, level, province, city, name if level == "county" else None))
    by_name: dict[str, list[Region]] = {}
    for region in regions:
        by_name.setdefault(region.name, []).append(region)
        short = _SHORTENABLE.sub("", region.name)
        if region.level != "county" and len(short) >= 2 and short != region.name:
            by_name.setdefault(short, []).append(region)
    alternatives = sorted(by_name, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(name) for name in alternatives))
    return Gazetteer(tuple(regions), {k: tuple(v) for k, v in by_name.items()}, pattern)
