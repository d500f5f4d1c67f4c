"""Comparison on the bundled plans: predecessors, peers, themes, text reuse, goal <-> measure links."""

import json
import re

import pandas as pd
import pytest

from briefing.compare import compare, reuse_on_file
from briefing.compare.history import MEASURE_SIMILARITY, measure_changes
from briefing.compare.taxonomy import load_taxonomy
from briefing.extract import EXTRACTOR_VERSION, extractor
from briefing.inspect import extract_files
from briefing.report.format import targets_text
from briefing.store import seam
from conftest import PLANS

SICHUAN_2022, JIANGXI, SICHUAN_2019, TAIZHOU, CHONGQING = sorted(p.name for p in PLANS.glob("*.txt"))


@pytest.fixture(scope="module")
def comparison(tmp_path_factory):
    extractions = extract_files(sorted(PLANS.glob("*.txt"))).extractions
    store = tmp_path_factory.mktemp("store") / "b.db"
    started = seam.start_run(store, "2026-10", EXTRACTOR_VERSION, [])
    seam.save_batch(store, started.run_id, extractions, EXTRACTOR_VERSION)
    on_file = seam.load_on_file(store, started.run_id)
    ids = {x.document.source.path.name: x.document.doc_id for x in extractions}
    assert on_file.new_doc_ids == set(ids.values())
    texts = seam.load_texts_on_file(store, started.run_id)
    result = compare(on_file.goals, on_file.documents, on_file.measures, set(on_file.new_doc_ids),
                     lambda: reuse_on_file(texts.texts, set(texts.new_doc_ids), fingerprints=texts.fingerprints))
    return result, ids


def test_taxonomy_has_at_least_thirty_indicators_and_maps_every_goal_or_says_unmapped(comparison):
    result, _ = comparison
    assert len(load_taxonomy().indicators) >= 30
    mapped = result.goals[result.goals["indicator_id"].notna()]
    assert (mapped["mapping_score"] > 0).all()
    assert result.goals.loc[result.goals["indicator_id"].isna(), "mapping_score"].isna().all()
    assert len(mapped) / len(result.goals) > 0.8


def test_sichuan_2022_draft_follows_the_2019_opinion(comparison):
    result, ids = comparison
    pairs = result.predecessors[["doc_id", "predecessor_id"]].values.tolist()
    assert pairs == [[ids[SICHUAN_2022], ids[SICHUAN_2019]]]
    changes = result.indicator_changes[result.indicator_changes["doc_id"] == ids[SICHUAN_2022]]
    size = changes[changes["indicator_id"] == "digital_economy_value_added"].iloc[0]
    assert targets_text(size["old_targets"]) == "2万亿元(2022年)"
    assert targets_text(size["new_targets"]) == "□万亿元(2025年)；□万亿元(2027年)"
    assert "masked" in size["statuses"] and "deadline moved" in size["statuses"]
    assert "全省数字经济总量超2万亿元" in size["old_quote"]
    gained = set(result.theme_changes.loc[result.theme_changes["status"] == "gained", "theme"])
    assert {"data_elements", "computing_power", "metaverse"} <= gained


def test_peer_benchmark_puts_shares_of_gdp_under_one_indicator(comparison):
    result, _ = comparison
    peers = result.peers.set_index(["indicator_id", "region"])
    chongqing = peers.loc[("digital_economy_share_gdp", "重庆市")]
    assert (chongqing["value"], chongqing["year"], chongqing["baseline_value"], chongqing["baseline_year"]) == (
        "50", 2027, "45.4", 2022)
    assert chongqing["annual_change_pp"] == pytest.approx((50 - 45.4) / 5)
    assert peers.loc[("digital_economy_share_gdp", "江西省"), "value"] == "45"
    assert peers.loc[("core_industry_share_gdp", "江西省"), "value"] == "10"
    taizhou = peers.loc[("core_industry_share_gdp", "泰州市")]
    assert (taizhou["value"], taizhou["year"], taizhou["level"]) == ("13.5", 2025, "city")
    # Provinces are ranked among provinces; the city stands apart.
    shares = result.peers[result.peers["indicator_id"] == "digital_economy_share_gdp"]
    assert shares.set_index("region").loc["重庆市", "rank"] == 1 and shares.set_index("region").loc["江西省", "rank"] == 2
    assert taizhou["rank"] == 1 and taizhou["regions_ranked"] == 1


def test_text_reuse_finds_the_talent_passage_across_scripts(comparison):
    result, ids = comparison
    pair = result.reuse[(result.reuse["doc_id"] == ids[SICHUAN_2022]) & (result.reuse["other_doc_id"] == ids[TAIZHOU])]
    passages = " ".join(pair["passage"])
    assert "支持企业与院校共建一批现代产业学院、联合实验室、实习基地" in passages
    assert "培育一批复合型“数字工匠" in passages
    shares = result.reuse_shares.set_index("doc_id")["reuse_share"]
    assert 0 < shares[ids[SICHUAN_2022]] < 0.2


def test_reuse_spans_point_at_the_passage_in_both_documents(comparison):
    result, ids = comparison
    from briefing.inspect import ingest_files

    texts = {d.doc_id: d.text for d in ingest_files(sorted(PLANS.glob("*.txt"))).documents}
    from difflib import SequenceMatcher

    for _, row in result.reuse.iterrows():
        assert texts[row["doc_id"]][row["start"]:row["end"]] == row["passage"]
        theirs = texts[row["other_doc_id"]][row["other_start"]:row["other_end"]]
        content = [re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", text) for text in (row["passage"], theirs)]
        longest = SequenceMatcher(None, *content, autojunk=False).find_longest_match()
        assert longest.size >= 11  # content characters: the shortest run a fingerprint guarantees to find


def test_goals_are_linked_to_the_measures_that_support_them(comparison):
    result, ids = comparison
    links = result.goal_links
    chongqing = links[links["doc_id"] == ids[CHONGQING]]
    smart = chongqing[chongqing["indicator"] == "智能工厂"]
    assert "制造业数字化" in set(smart["measure_title"])
    unsupported = set(zip(result.unsupported_goals["doc_id"], result.unsupported_goals["ordinal"]))
    assert not unsupported & set(zip(links["doc_id"], links["goal_ordinal"]))


def _measures(*titles_and_texts):
    return pd.DataFrame([{"doc_id": "d", "ordinal": i, "number": str(i + 1), "title": title, "text": text,
                          "themes": "[]"} for i, (title, text) in enumerate(titles_and_texts)])


def test_measures_are_matched_by_tfidf_cosine_above_the_documented_threshold():
    assert MEASURE_SIMILARITY == 0.3
    tokenize = extractor().classifier.tokens
    old = _measures(("做大做强大数据产业", "加快推进大数据产业集聚区建设,打造大数据产业基地,推进大数据应用。"),
                    ("加快发展人工智能产业", "建设人工智能创新平台,培育智能机器人等重点产品。"))
    new = _measures(("大力发展大数据产业", "推进大数据产业集聚区和产业基地建设,深化大数据应用。"),
                    ("推动数据要素市场化流通", "建设数据交易中心,制定数据确权和定价机制。"))
    changes = measure_changes(old, new, tokenize)
    statuses = {(row["status"], row["title"] if isinstance(row["title"], str) else row["old_title"])
                for _, row in changes.iterrows()}
    assert statuses == {("continued", "大力发展大数据产业"), ("new", "推动数据要素市场化流通"),
                        ("dropped", "加快发展人工智能产业")}
    continued = changes[changes["status"] == "continued"].iloc[0]
    assert continued["old_title"] == "做大做强大数据产业" and continued["similarity"] >= MEASURE_SIMILARITY


def test_theme_contrasts_name_unique_and_missing_themes(comparison):
    result, ids = comparison
    contrasts = result.theme_contrasts.set_index("doc_id")
    for doc_id in ids.values():
        unique, missing = contrasts.loc[doc_id, "unique_themes"], contrasts.loc[doc_id, "missing_themes"]
        assert not set(unique) & set(missing)
    matrix = result.theme_matrix.set_index("doc_id")
    assert matrix.loc[ids[SICHUAN_2022], "data_elements"] == 1
    assert json.dumps(list(contrasts.columns)) == json.dumps(["region", "unique_themes", "missing_themes"])


def test_reuse_keeps_the_pairs_sharing_most_and_their_longest_passages():
    from briefing.compare.reuse import StockPhrases, text_reuse

    long_passage = "加快建设全国一体化算力网络国家枢纽节点，统筹布局绿色智能的数据与算力基础设施，提升算力调度能力"
    short_passage = "支持龙头企业牵头组建创新联合体，开展关键核心技术攻关和产业化应用示范"
    other_short = "完善数据要素市场化配置机制，培育数据商和第三方专业服务机构，促进数据合规高效流通"
    filler = "这是一段各不相同的说明文字{}。"
    new = "。".join([long_passage, short_passage, other_short, filler.format("甲")])
    texts = {
        "new": new,
        "most": f"{short_passage}。{filler.format('乙')}{long_passage}。",  # two passages, in another order
        "some": f"{filler.format('丙')}{other_short}。",
        "least": f"{filler.format('丁')}{short_passage}。",
    }
    everything = StockPhrases((), 1.0, passages_per_pair=100, pairs_per_document=100)
    bounded = StockPhrases((), 1.0, passages_per_pair=1, pairs_per_document=2)
    all_passages, all_shares = text_reuse(texts, {"new"}, everything)
    kept, shares = text_reuse(texts, {"new"}, bounded)
    assert sorted(all_passages["other_doc_id"]) == ["least", "most", "most", "some"]
    assert list(kept["other_doc_id"]) == ["most", "some"]  # "least" shares the least text
    assert kept.iloc[0]["passage"].startswith("加快建设全国一体化算力网络")  # the longer of the two with "most"
    assert shares.equals(all_shares)  # the share counts every passage, kept or not


def test_a_unitless_target_kept_as_it_was_is_unchanged_not_changed():
    """An index target with no unit (发展指数达到90) stated alike in two plans: its missing unit is None in
    both mapped rows (not NaN, which equals nothing), so the status is "unchanged"."""
    from briefing import tables
    from briefing.compare.history import indicator_change_rows
    from briefing.compare.peers import map_goals

    def goal(doc_id: str) -> dict:
        return {"doc_id": doc_id, "ordinal": 0, "indicator": "两化融合发展指数", "value": "90", "unit": None,
                "year": 2025, "placeholder": 0, "quote": "两化融合发展指数达到90"}

    with_unit = {**goal("other"), "indicator": "数字经济核心产业增加值", "value": "500", "unit": "亿元"}
    mapped = map_goals(tables.GOALS.frame([goal("old"), goal("new"), with_unit]), load_taxonomy(),
                       extractor().units, {"new"})
    assert mapped["unit_common"].tolist()[:2] == [None, None]
    old, new, _ = mapped.to_dict("records")
    assert [row["statuses"] for row in indicator_change_rows([old], [new])] == [["unchanged"]]


def test_measure_similarity_is_the_tfidf_cosine_scikit_learn_computes():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    from briefing.compare.history import tfidf_cosine

    tokenize = extractor().classifier.tokens
    old = ["建设城市大数据中心，推进政务数据共享开放。", "实施千兆光网进万家工程，加快5G基站建设。", "加强组织领导。"]
    new = ["推进政务数据共享开放，建设城市大数据平台。", "培育数据要素市场，完善数据交易规则。", "加快5G基站和千兆光网建设。"]
    ours = tfidf_cosine([tokenize(text) for text in old], [tokenize(text) for text in new])
    vectorizer = TfidfVectorizer(tokenizer=tokenize, lowercase=False, token_pattern=None)
    matrix = vectorizer.fit_transform([*old, *new])
    reference = linear_kernel(matrix[len(old):], matrix[:len(old)])
    assert ours.shape == (3, 3)
    assert abs(ours - reference).max() < 1e-12
    assert ours[0, 0] > 0.3 and ours[2, 1] > 0.3 and ours[1].max() < ours[0, 0]
    assert tfidf_cosine([[]], [["数据"]]).tolist() == [[0.0]]  # an empty text is similar to nothing


def test_matches_near_each_other_join_into_one_passage_and_an_overlapping_shorter_one_is_dropped():
    from briefing.compare.reuse import _runs

    # a copied sentence (diagonal 100), its continuation after a rewording (diagonal 105), a distant match,
    # and a repeated phrase matching the start of the copy again elsewhere in their document (shorter)
    mine = [0, 4, 8, 12, 30, 34, 500, 504, 508, 0, 4]
    theirs = [100, 104, 108, 112, 135, 139, 10, 14, 18, 900, 904]
    runs = _runs(mine, theirs)
    assert [(run.matched, run.mine, run.theirs) for run in runs] == [(32, (0, 34), (100, 139)), (16, (500, 508), (10, 18))]
