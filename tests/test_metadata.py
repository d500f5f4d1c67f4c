import json

import pytest

from briefing.ingest.metadata import read_metadata
from briefing.ingest.normalize import normalize
from conftest import GOLD, PLANS

FIELDS = ("province", "city", "level", "doc_type", "draft", "date", "script", "title")


BUNDLED_GOLD = [path for path in sorted(GOLD.glob("*.json")) if (PLANS / path.name.removesuffix(".json")).exists()]


@pytest.mark.parametrize("gold_file", BUNDLED_GOLD, ids=lambda p: p.name[:3])
def test_metadata_of_the_bundled_documents_matches_gold(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    normalized = normalize((PLANS / gold["doc"]).read_text(encoding="utf-8"))
    meta = read_metadata(normalized.text, normalized.script, "utf-8")  # type: ignore[arg-type]
    found = {
        "province": meta.province, "city": meta.city, "level": meta.level, "doc_type": meta.doc_type,
        "draft": meta.draft, "date": meta.date.isoformat() if meta.date else None, "script": meta.script,
        "title": meta.title,
    }
    assert found == {field: gold["meta"][field] for field in FIELDS}


def test_a_county_resolves_to_its_city_and_province():
    meta = read_metadata("鲤城区关于加快数字经济发展的实施方案\n", "simplified", "utf-8")
    assert (meta.province, meta.city, meta.county, meta.level) == ("福建省", "泉州市", "鲤城区", "county")


def test_a_national_issuer_without_region_is_national():
    text = "国务院关于印发“十四五”数字经济发展规划的通知\n国发〔2021〕29号\n国务院\n2021年12月12日\n"
    meta = read_metadata(text, "simplified", "utf-8")
    assert meta.level == "national"
    assert meta.doc_number == "国发〔2021〕29号"
    assert meta.date is not None and meta.date.isoformat() == "2021-12-12"
