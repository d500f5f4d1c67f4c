"""Character similarity of two phrases: the one measure used to pair indicators, statistics and duplicates.

Chinese indicator phrases vary in wording more than in characters ("数字经济核心产业增加值占GDP比重" and
"核心产业增加值占地区生产总值比重"), so the share of characters two phrases have in common (Jaccard over
character sets) is a fair, cheap measure; it is also the one the reference scorer uses.
"""

from __future__ import annotations

import re

_FILLER = re.compile(r"[\s的和与及]")


def character_jaccard(a: str, b: str, ignore_fillers: bool = False) -> float:
    """Shared characters over all characters of ``a`` and ``b``; 0 when either is empty.

    ``ignore_fillers`` drops white space and the particles 的/和/与/及 first ("X的比重" = "X比重").
    """
    if ignore_fillers:
        a, b = _FILLER.sub("", a), _FILLER.sub("", b)
    sa, sb = set(a or ""), set(b or "")
    return len(sa & sb) / len(sa | sb) if sa and sb else 0.0
