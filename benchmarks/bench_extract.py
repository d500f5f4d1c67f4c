"""Extraction (normalize + structure + goals + measures) on a 5 MB corpus, as a ratio to one bare
`jieba.lcut` pass over the same text, both measured in this run. Target: <= 1.2 with part-of-speech tagging
(jieba.posseg is slower than lcut, so goal rules tag only the clauses around numbers; the share is printed)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import jieba

from briefing.extract import extract_document, extractor
from briefing.ingest import ingest_document
from briefing.models import SourceFile

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_ingest import build_corpus  # noqa: E402


def main() -> None:
    texts = build_corpus()
    blobs = [text.encode("utf-8") for text in texts]
    megabytes = sum(map(len, blobs)) / 1024 / 1024
    sources = [SourceFile(Path(f"doc{i}.txt"), f"{i:064d}", len(blob), "inbox") for i, blob in enumerate(blobs)]

    extract_document(ingest_document(sources[0], blobs[0]))  # rules, OpenCC and jieba dictionaries loaded once
    jieba.lcut(texts[0])

    tokenizer = extractor().tokenizer
    tagged_before = tokenizer.tagged_characters
    start = time.perf_counter()
    goals = measures = 0
    for source, blob in zip(sources, blobs):
        extraction = extract_document(ingest_document(source, blob))
        goals += len(extraction.goals)
        measures += len(extraction.measures)
    ours = time.perf_counter() - start
    tagged = tokenizer.tagged_characters - tagged_before
    characters = sum(map(len, texts))

    start = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    bare = time.perf_counter() - start

    print(f"extraction of {megabytes:.1f} MB ({len(texts)} documents, {goals} goals, {measures} measures): "
          f"{ours:.2f} s = {megabytes / ours:.2f} MB/s")
    print(f"one bare jieba.lcut pass (HMM on, jieba's default): {bare:.2f} s")
    print(f"part-of-speech tagged: {tagged} of {characters} characters ({tagged / characters:.1%})")
    print(f"ratio extraction / jieba.lcut = {ours / bare:.2f}  (target <= 1.2)")


if __name__ == "__main__":
    main()
