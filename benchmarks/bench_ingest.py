"""Ingestion: normalization throughput on a 5 MB corpus (half traditional script), read time per format."""

from __future__ import annotations

import time
from pathlib import Path

import opencc

from briefing.ingest.normalize import normalize
from briefing.ingest.readers import read_document

PROJECT = Path(__file__).resolve().parent.parent
PLANS = PROJECT / "inputs" / "plans"
PASSAGES = PROJECT / "tests" / "passages"
FIXTURES = PROJECT / "tests" / "fixtures"
CORPUS = PROJECT.parent / "shared" / "corpus"
TARGET_BYTES = 5 * 1024 * 1024


def build_corpus() -> list[str]:
    """Copies of the bundled plans and the regional passages up to 5 MB of UTF-8, every other copy in
    traditional script."""
    to_traditional = opencc.OpenCC("s2t")
    originals = [path.read_text(encoding="utf-8")
                 for path in (*sorted(PLANS.glob("*.txt")), *sorted(PASSAGES.glob("*.txt")))]
    simplified = [text for text in originals]
    traditional = [to_traditional.convert(text) for text in originals]
    texts: list[str] = []
    size = 0
    index = 0
    while size < TARGET_BYTES:
        text = (traditional if index % 2 else simplified)[index // 2 % len(originals)]
        texts.append(text)
        size += len(text.encode("utf-8"))
        index += 1
    return texts


def best_of(runs: int, function, *args) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    texts = build_corpus()
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1024 / 1024
    normalize(texts[0])  # OpenCC and regex set-up outside the timing
    seconds = best_of(3, lambda: [normalize(text) for text in texts])
    t2s = opencc.OpenCC("t2s")
    bare_opencc = best_of(3, lambda: [t2s.convert(text) for text in texts])
    print(f"normalize {megabytes:.1f} MB ({len(texts)} documents, half traditional): {seconds:.2f} s = "
          f"{megabytes / seconds:.1f} MB/s; a bare OpenCC t2s pass takes {bare_opencc / seconds:.2f} of that time")

    files = [FIXTURES / "002_print.pdf", FIXTURES / "003_page.html", FIXTURES / "001_colleague.docx",
             PLANS / "003_751def9eb89f538a.txt", *sorted(CORPUS.glob("*.pdf"))]
    for path in files:
        if not path.exists():
            continue
        data = path.read_bytes()
        read_document(path.suffix, data)
        seconds = best_of(5, read_document, path.suffix, data)
        print(f"read {path.suffix:<5} {path.name:<48} {len(data) / 1024:8.0f} KB  {seconds * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
