"""Document metadata read from the normalized text; each field remembers the line it came from."""

from __future__ import annotations

import re
from datetime import date

from briefing.ingest.gazetteer import MUNICIPALITIES, load_gazetteer
from briefing.models import DocumentMeta, Level, Script

DOC_TYPES = ("指导意见", "实施意见", "行动计划", "实施方案", "工作方案", "工作要点", "规划", "意见", "方案",
             "条例", "通知", "办法", "计划", "纲要")
_DOC_TYPE_END = re.compile(
    r"(?P<type>" + "|".join(DOC_TYPES) + r")(?:[(][^()]{1,20}[)])?$"
)
_ORG_SUFFIX = r"(?:人民政府|人民政府办公厅|办公厅|委员会|常务委员会|厅|局|委|部|院|署|中心|办公室|小组)"
_ISSUER_PREFIX = re.compile(rf"^(?P<issuer>[\u4e00-\u9fff、]{{2,40}}?{_ORG_SUFFIX})(?:[ \t]+|(?=关于))")
_PUBLISHED_BY = re.compile(
    rf"(?:^|[,，。]|近日[,，]?)(?P<issuer>[\u4e00-\u9fff、]{{2,60}}?{_ORG_SUFFIX})(?:联合)?(?:印发|发布|出台)了?《(?P<title>[^》]+)》"
)
_QUOTED_TITLE = re.compile(r"《(?P<title>[^》]{4,80})》")
_MAKES_TITLE = re.compile(r"(?:特制定|制定|编制)(?:本)?(?P<title>[\u4e00-\u9fff“”]{4,60}?(?:" + "|".join(DOC_TYPES) + "))[。,，]")
_ISSUER_LINE = re.compile(rf"^[\u4e00-\u9fff、]{{2,40}}{_ORG_SUFFIX}$")
_DATE_LINE = re.compile(
    r"^(?P<y>(?:19|20)\d\d)(?:年|-|/|\.)(?P<m>\d{1,2})(?:月|-|/|\.)(?P<d>\d{1,2})日?"
    r"(?:[ \t]*(?:印发|发布|公布|通过|来源:?.*|[ \t]+\S.*))?$"
)
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔(?:19|20)\d\d〕\d{1,4}号")
_DRAFT = re.compile(r"征求意见稿|送审稿|草案")
_DRAFT_SUFFIX = re.compile(r"[(]?(?:公开)?征求意见稿[)]?$")
_ANNEX_PREFIX = re.compile(r"^附件\d?[:：]?")
_NOTICE_OF = re.compile(r"^关于印发(?P<inner>.+?)的通知$")
# Labelled fields of government web pages and their PDF prints: "发文机关: 国务院 成文日期: 2021年12月12日".
_LABELLED_ISSUER = re.compile(r"发文机关[:：]\s*(?P<issuer>[\u4e00-\u9fff、]{2,40})")
_LABELLED_DATE = re.compile(r"(?:成文日期|发布日期|印发日期)[:：]\s*(?P<y>(?:19|20)\d\d)[年\-/.](?P<m>\d{1,2})[月\-/.](?P<d>\d{1,2})")
_NATIONAL_SCOPE = re.compile(r"我国|全国|国家")
_NATIONAL_ISSUERS = re.compile(r"^(?:国务院|中共中央|全国人民代表大会|国家[\u4e00-\u9fff]{1,12}(?:委员会|局|部)|"
                               r"[\u4e00-\u9fff]{2,12}部$|工业和信息化部|国家发展改革委|中央网信办)")


def _lines(text: str, limit: int = 60) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()][:limit]


def _title_lines(text: str) -> list[tuple[str, str | None]]:
    """Candidate title lines, each with the line after it; a title broken over two short lines is joined."""
    lines = _lines(text, 41)
    candidates: list[tuple[str, str | None]] = []
    for index, line in enumerate(lines[:40]):
        following = lines[index + 1] if index + 1 < len(lines) else None
        candidates.append((line, following))
        if (following and len(line) <= 30 and len(following) <= 30 and not re.search(r"[。，,；;:：〔]", line)
                and not _ISSUER_LINE.match(line) and not line.endswith("文件")
                and _DOC_TYPE_END.search(_DRAFT_SUFFIX.sub("", following))):
            after = lines[index + 2] if index + 2 < len(lines) else None
            candidates.append((line + following, after))
    # The joined form of a broken title comes before its second half on its own.
    candidates.sort(key=lambda item: 0 if item[0].endswith(item[1] or "\0") else 1)
    return candidates


def _unwrap_notice(title: str) -> str:
    """"关于印发《X》的通知" is the notice that carries X: the document is X."""
    if match := _NOTICE_OF.match(title):
        inner = match.group("inner").strip("《》")
        if _DOC_TYPE_END.search(inner):
            return inner
    return title


def _find_title(text: str) -> tuple[str | None, str | None, str | None]:
    """(title, issuer from the title line or the line under it, the line) — title lines end with a document type."""
    for line, following in _title_lines(text):
        candidate = _ANNEX_PREFIX.sub("", line)
        candidate = _DRAFT_SUFFIX.sub("", candidate).strip()
        if len(candidate) > 70 or not _DOC_TYPE_END.search(candidate):
            continue
        if re.search(r"[。，,；;]", candidate):
            continue
        issuer = None
        if match := _ISSUER_PREFIX.match(candidate):
            issuer = match.group("issuer")
            candidate = candidate[match.end():].strip()
        elif following and _ISSUER_LINE.match(following):  # a cover page: title, then the issuer
            issuer = following
        return _unwrap_notice(candidate), issuer, line
    head = text[:3000]
    if match := _PUBLISHED_BY.search(head):
        return _DRAFT_SUFFIX.sub("", match.group("title")), match.group("issuer"), match.group(0)
    if match := _MAKES_TITLE.search(head):
        return match.group("title"), None, match.group(0)
    for match in _QUOTED_TITLE.finditer(head):
        title = _DRAFT_SUFFIX.sub("", match.group("title"))
        if _DOC_TYPE_END.search(title):
            return title, None, match.group(0)
    return None, None, None


def _find_date(text: str) -> tuple[date | None, str | None]:
    """The signing, printing or publishing date: a line that is a date (optionally 印发/来源…)."""
    for line in _lines(text, 10_000):
        if match := _DATE_LINE.match(line):
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"])), line
            except ValueError:
                continue
    if match := _LABELLED_DATE.search(text):
        try:
            return date(int(match["y"]), int(match["m"]), int(match["d"])), match.group(0)
        except ValueError:
            pass
    return None, None


def _find_signing_issuer(text: str) -> tuple[str | None, str | None]:
    """An organisation name on the line right before a date line (the signature block)."""
    lines = _lines(text, 10_000)
    for previous, line in zip(lines, lines[1:]):
        if _DATE_LINE.match(line) and _ISSUER_LINE.match(previous):
            return previous, previous
    return None, None


def _level(province: str | None, city: str | None, county: str | None, issuer: str | None) -> Level | None:
    if county:
        return "county"
    if city and city not in MUNICIPALITIES:
        return "city"
    if province:
        return "province"
    if issuer and _NATIONAL_ISSUERS.search(issuer):
        return "national"
    return None


def _doc_type(title: str | None) -> str | None:
    if not title:
        return None
    if match := _DOC_TYPE_END.search(title):
        kind = match.group("type")
        return "行动计划" if kind == "计划" else kind
    return None


def _issuer(text: str, title_issuer: str | None, title_line: str | None,
            evidence: dict[str, str]) -> str | None:
    """The issuer named in the title, else the signature, else a labelled metadata line."""
    issuer, line = title_issuer, title_line
    if issuer is None:
        issuer, line = _find_signing_issuer(text)
    if issuer is None and (labelled := _LABELLED_ISSUER.search(text)):
        issuer, line = labelled.group("issuer"), labelled.group(0)
    if issuer and line:
        evidence["issuer"] = line
    return issuer


def _region(text: str, title: str | None, issuer: str | None,
            evidence: dict[str, str]) -> tuple[str | None, str | None, str | None, Level | None]:
    """(province, city, county, level): the first region named in the title, the issuer or the opening."""
    gazetteer = load_gazetteer()
    regions = []
    for source, label in ((title, "title"), (issuer, "issuer"), (text[:600], "opening")):
        if source and (regions := gazetteer.find(source)):
            evidence["region"] = f"{label}: {source[:80]}"
            break
    region = regions[0] if regions else None
    province = region.province if region else None
    city = None if region is None or region.name in MUNICIPALITIES else region.city
    county = region.county if region else None
    level = _level(province, city, county, issuer)
    if level is None and len(_NATIONAL_SCOPE.findall(text)) >= 3:
        level = "national"  # no region named up front, and the text speaks for the whole country
        evidence["level"] = "我国/全国/国家 throughout, no region in title, issuer or opening"
    return province, city, county, level


def read_metadata(text: str, script: Script, encoding: str) -> DocumentMeta:
    """Title, issuer, region, level, number, date, type and draft flag, with evidence lines."""
    evidence: dict[str, str] = {}
    title, title_issuer, title_line = _find_title(text)
    if title_line:
        evidence["title"] = title_line
    issuer = _issuer(text, title_issuer, title_line, evidence)
    when, date_line = _find_date(text)
    if date_line:
        evidence["date"] = date_line
    number_match = _DOC_NUMBER.search(text[:2000])
    if number_match:
        evidence["doc_number"] = number_match.group(0)
    draft_match = _DRAFT.search(text)
    if draft_match:
        evidence["draft"] = text[max(0, draft_match.start() - 30):draft_match.end() + 5]
    province, city, county, level = _region(text, title, issuer, evidence)
    return DocumentMeta(
        title=title, issuer=issuer, province=province, city=city, county=county, level=level,
        doc_number=number_match.group(0) if number_match else None, date=when, doc_type=_doc_type(title),
        draft=draft_match is not None, script=script, encoding=encoding, evidence=evidence,
    )
