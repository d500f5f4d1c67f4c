"""Text reuse: passages one document shares with another, whatever the script, punctuation or spacing.

Documents are compared on their normalized text (simplified script, glosses removed) with punctuation and
white space taken out. Each is reduced to winnowed fingerprints of character 8-grams (briefing/winnow.py,
kept with each document in the store: any shared run of at least 8 + 4 - 1 characters leaves a shared
fingerprint). Matches closer than
``MERGE_GAP`` characters in both documents form one passage, so a sentence reworded in the middle is still one
reused passage. Fingerprints go into one
sorted array, so a document is looked up with binary search: building is O(n log n) and each query costs
its own fingerprints, not the number of documents. A fingerprint found in more than ``MAX_POSTINGS``
documents is stock phrasing and is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from briefing.errors import ConfigError
from briefing.rules import DEFAULT_CONFIG_DIR
from briefing.tables import REUSE, REUSE_SHARES
from briefing.winnow import SHINGLE, Fingerprints, content_codes, content_positions, fingerprints

#: content characters matched, at least, for a passage to count (stock phrases are shorter)
MIN_MATCHED = 24
MERGE_GAP = 40
MAX_POSTINGS = 64


@dataclass(frozen=True)
class StockPhrases:
    """Stock phrasing (config/reuse.yaml) that does not make a passage reuse, and how much reuse is kept."""

    phrases: tuple[str, ...]
    share: float
    #: the longest passages kept for one pair of documents, and the pairs (by shared length) per document:
    #: a new document against thousands on file reports what matters and stays bounded in size
    passages_per_pair: int = 5
    pairs_per_document: int = 10

    def mostly_stock(self, passage: str) -> bool:
        content = re.sub(r"[^\u4e00-\u9fffA-Za-z0-9]", "", passage)
        if not content:
            return True
        covered = np.zeros(len(content), dtype=bool)
        for phrase in self.phrases:
            for match in re.finditer(re.escape(phrase), content):
                covered[match.start():match.end()] = True
        return covered.mean() >= self.share


def load_stock_phrases(config_dir: Path = DEFAULT_CONFIG_DIR) -> StockPhrases:
    path = config_dir / "reuse.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return StockPhrases(tuple(data["stock_phrases"]), float(data["stock_share"]),
                            int(data["passages_per_pair"]), int(data["pairs_per_document"]))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"{path}: {exc}") from None


@dataclass(frozen=True)
class _Indexed:
    doc_ids: list[str]
    number: dict[str, int]
    hashes: np.ndarray
    documents: np.ndarray
    positions: np.ndarray
    prints: Mapping[str, Fingerprints]
    texts: Mapping[str, str]
    #: content positions of the documents a passage was looked up in (most documents never are)
    _content: dict[str, np.ndarray] = field(default_factory=dict)
    _codes: dict[str, np.ndarray] = field(default_factory=dict)

    def content(self, doc_id: str) -> np.ndarray:
        if doc_id not in self._content:
            self._content[doc_id] = content_positions(self.texts[doc_id])
        return self._content[doc_id]

    def codes(self, doc_id: str) -> np.ndarray:
        if doc_id not in self._codes:
            self._codes[doc_id] = content_codes(self.texts[doc_id], self.content(doc_id))
        return self._codes[doc_id]


def build_index(texts: Mapping[str, str], stored: Mapping[str, Fingerprints] | None = None) -> _Indexed:
    """One sorted array of every document's fingerprints; those stored with a document are used as they are,
    the others computed from its text."""
    doc_ids = list(texts)
    prints = {doc_id: (stored or {}).get(doc_id) or fingerprints(texts[doc_id]) for doc_id in doc_ids}
    all_hashes = [prints[doc_id].hashes for doc_id in doc_ids]
    hashes = np.concatenate(all_hashes) if all_hashes else np.empty(0, dtype=np.uint64)
    documents = np.repeat(np.arange(len(doc_ids), dtype=np.int32), [len(h) for h in all_hashes])
    positions = (np.concatenate([prints[doc_id].positions for doc_id in doc_ids], dtype=np.int32) if doc_ids
                 else np.empty(0, dtype=np.int32))
    # sorted one array at a time, each unsorted one freed as its sorted copy replaces it (the index of
    # 4,000 plans is a few hundred MB)
    order = np.argsort(hashes, kind="stable")
    hashes = hashes[order]
    documents = documents[order]
    positions = positions[order]
    del order
    return _Indexed(doc_ids, {doc_id: i for i, doc_id in enumerate(doc_ids)}, hashes, documents, positions,
                    prints, texts)


@dataclass(frozen=True)
class _Run:
    """One copied passage: content characters its matched shingles cover, its first and last shingle in my
    document and in theirs."""

    matched: int
    mine: tuple[int, int]
    theirs: tuple[int, int]


def _runs(mine: list[int], theirs: list[int]) -> list[_Run]:
    """Copied passages: matches on one diagonal (their position - my position) form segments; segments
    closer than ``MERGE_GAP`` in both documents, running forward in both, join into one passage (a sentence
    reworded in the middle). Where a repeated phrase makes passages overlap, the longer one is kept.

    Plain Python over lists: a pair of documents shares a few dozen fingerprints, where each numpy call
    costs more than the work (a first load of 2,000 plans asks for 200,000 pairs)."""
    points = sorted(zip([t - m for m, t in zip(mine, theirs)], mine, theirs))  # by diagonal, then my position
    segments = []  # (first mine, last mine, first index, last index, diagonal)
    first = 0
    for i in range(1, len(points) + 1):
        if i == len(points) or points[i][0] != points[i - 1][0] or points[i][1] - points[i - 1][1] > MERGE_GAP:
            segments.append((points[first][1], points[i - 1][1], first, i - 1, points[first][0]))
            first = i
    segments.sort()
    passages: list[list[int]] = []  # [last mine, last diagonal, last theirs]
    groups: list[list[tuple[int, int]]] = []
    for start, last, a, b, diag in segments:
        for passage, group in zip(passages, groups):
            if (0 <= start - passage[0] <= MERGE_GAP and abs(diag - passage[1]) <= MERGE_GAP
                    and start + diag > passage[2]):  # forward in their document too
                passage[0], passage[1], passage[2] = max(passage[0], last), diag, max(passage[2], last + diag)
                group.append((a, b))
                break
        else:
            passages.append([last, diag, last + diag])
            groups.append([(a, b)])
    chains: list[_Run] = []
    for group in groups:
        matches = [points[i] for a, b in group for i in range(a, b + 1)]
        my_positions, their_positions = [point[1] for point in matches], [point[2] for point in matches]
        chains.append(_Run(_matched_length(my_positions), (min(my_positions), max(my_positions)),
                           (min(their_positions), max(their_positions))))
    chains.sort(key=lambda chain: -chain.matched)
    kept: list[_Run] = []
    for chain in chains:
        low, high = chain.mine
        if all(high < k.mine[0] or low > k.mine[1] for k in kept):
            kept.append(chain)
    return kept


def _matched_length(positions: list[int]) -> int:
    """Content characters covered by the shingles starting at ``positions``."""
    if not positions:
        return 0
    ordered = sorted(set(positions))
    return sum(min(b - a, SHINGLE) for a, b in zip(ordered, ordered[1:])) + SHINGLE


def _extend(mine: np.ndarray, theirs: np.ndarray, start: int, end: int, their_start: int,
            their_end: int) -> tuple[int, int, int, int]:
    """Grow a passage to the full shared run: fingerprints sit anywhere inside their window."""
    while start > 0 and their_start > 0 and mine[start - 1] == theirs[their_start - 1]:
        start, their_start = start - 1, their_start - 1
    while end < len(mine) and their_end < len(theirs) and mine[end] == theirs[their_end]:
        end, their_end = end + 1, their_end + 1
    return start, end, their_start, their_end


def _hits(index: _Indexed, doc_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Fingerprints of ``doc_id`` found in other documents: (its positions, their positions, their document
    numbers, its text positions), skipping stock phrasing (fingerprints in more than MAX_POSTINGS documents)."""
    own = index.number[doc_id]
    hashes, positions = index.prints[doc_id]
    text_positions = index.content(doc_id)
    # Looked up in sorted order: the binary searches then walk the index forward (far fewer cache misses).
    order = np.argsort(hashes, kind="stable")
    low, high = np.empty(len(hashes), dtype=np.int64), np.empty(len(hashes), dtype=np.int64)
    low[order] = np.searchsorted(index.hashes, hashes[order], side="left")
    high[order] = np.searchsorted(index.hashes, hashes[order], side="right")
    counts = high - low
    keep = (counts > 1) & (counts <= MAX_POSTINGS)
    low, counts, own_positions = low[keep], counts[keep], positions[keep]
    query = np.repeat(np.arange(len(counts)), counts)
    hits = np.repeat(low - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())
    other_docs = index.documents[hits]
    mask = other_docs != own
    return own_positions[query[mask]], index.positions[hits[mask]], other_docs[mask], text_positions


def shared_passages(index: _Indexed, doc_id: str, stock: StockPhrases | None = None) -> pd.DataFrame:
    """Passages of ``doc_id`` found in other indexed documents, with spans in both normalized texts."""
    return REUSE.conform(_longest_first(_passage_rows(index, doc_id, stock)))


def _longest_first(rows: list[dict[str, object]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=REUSE.names).sort_values(["length"], ascending=False)


def _passage_rows(index: _Indexed, doc_id: str, stock: StockPhrases | None) -> list[dict[str, object]]:
    mine_all, theirs_all, other_docs, text_positions = _hits(index, doc_id)
    rows = []
    my_codes = index.codes(doc_id)
    # each other document's hits, in the order found: one stable sort, then slices
    order = np.argsort(other_docs, kind="stable")
    candidates, firsts, counts_per_doc = np.unique(other_docs[order], return_index=True, return_counts=True)
    mine_sorted, theirs_sorted = mine_all[order].tolist(), theirs_all[order].tolist()
    for other, first, count in zip(candidates.tolist(), firsts.tolist(), counts_per_doc.tolist()):
        if count * SHINGLE < MIN_MATCHED:  # too few matches cannot make a passage
            continue
        other_id = index.doc_ids[other]
        for run in _runs(mine_sorted[first:first + count], theirs_sorted[first:first + count]):
            if run.matched < MIN_MATCHED:
                continue
            other_content = index.content(other_id)
            start, end, their_start, their_end = _extend(
                my_codes, index.codes(other_id), run.mine[0], run.mine[1] + SHINGLE,
                run.theirs[0], run.theirs[1] + SHINGLE)
            text_start, text_end = int(text_positions[start]), int(text_positions[end - 1]) + 1
            if stock is not None and stock.mostly_stock(index.texts[doc_id][text_start:text_end]):
                continue
            rows.append({"doc_id": doc_id, "other_doc_id": other_id, "start": text_start, "end": text_end,
                         "other_start": int(other_content[their_start]),
                         "other_end": int(other_content[their_end - 1]) + 1, "length": run.matched,
                         "passage": index.texts[doc_id][text_start:text_end]})
    return rows


def bounded(passages: pd.DataFrame, limits: StockPhrases) -> pd.DataFrame:
    """One document's passages cut to its ``pairs_per_document`` other documents sharing the most text and,
    with each, its ``passages_per_pair`` longest passages. Its reuse share is measured before the cut."""
    if not len(passages):
        return passages
    shared = passages.groupby("other_doc_id")["length"].sum().sort_values(ascending=False, kind="stable")
    kept = passages[passages["other_doc_id"].isin(shared.index[:limits.pairs_per_document])]
    longest = kept.sort_values("length", ascending=False, kind="stable").groupby("other_doc_id", sort=False)
    return longest.head(limits.passages_per_pair)


def reuse_share(passages: pd.DataFrame, text: str) -> float:
    """Share of a document's content characters that lie in passages found elsewhere."""
    total = len(content_positions(text))
    if not total or not len(passages):
        return 0.0
    covered = np.zeros(len(text), dtype=bool)
    for start, end in zip(passages["start"], passages["end"]):
        covered[start:end] = True
    return round(float(covered[content_positions(text)].sum()) / total, 4)


def text_reuse(texts: Mapping[str, str], doc_ids: set[str], stock: StockPhrases | None = None,
               stored: Mapping[str, Fingerprints] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Passages of each of ``doc_ids`` shared with any other document in ``texts``, and each one's reuse share
    (``stored``: fingerprints kept with the documents, by id)."""
    index = build_index(texts, stored)
    frames, shares = [], []
    for doc_id in sorted(doc_ids & set(texts)):
        # conformed once, all documents together (conforming each document's frame took half of a first
        # load's text reuse)
        passages = _longest_first(_passage_rows(index, doc_id, stock))
        if len(passages):
            frames.append(bounded(passages, stock) if stock is not None else passages)
        shares.append({"doc_id": doc_id, "reuse_share": reuse_share(passages, texts[doc_id]),
                       "sources": passages["other_doc_id"].nunique() if len(passages) else 0})
    passages = REUSE.conform(pd.concat(frames, ignore_index=True)) if frames else REUSE.frame()
    return passages, REUSE_SHARES.frame(shares)
