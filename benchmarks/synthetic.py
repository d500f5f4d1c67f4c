"""The generated corpus of the scale benchmarks: plans recombined from the sections of the bundled plans, with
regions, dates and one headline target drawn from a fixed seed. The same seed gives the same files."""

from __future__ import annotations

import random
from pathlib import Path

from briefing.ingest import ingest_document
from briefing.ingest.gazetteer import load_gazetteer
from briefing.models import SourceFile

PROJECT = Path(__file__).resolve().parent.parent
SEED = 20261122
CHAPTERS = ("一、总体要求", "二、重点任务", "三、保障措施")


def section_pool() -> list[str]:
    """Chapters and their subsections of the bundled plans, as text blocks."""
    pool = []
    for path in sorted((PROJECT / "inputs" / "plans").glob("*.txt")):
        data = path.read_bytes()
        document = ingest_document(SourceFile(path, "0" * 64, len(data), "plans"), data)
        for section in document.sections:
            if section.depth == 2 and section.kind in ("goals", "tasks", "safeguards"):
                pool.append(document.text[section.start:section.end].strip())
    return pool


def synthetic_documents(count: int, pool: list[str], rng: random.Random,
                        sections: tuple[int, int] = (6, 10)) -> list[str]:
    """``count`` plans of provinces and cities, each with a headline target and a number of sections drawn
    from ``sections`` (6 to 10: about 11 KB a plan; 16 to 26: about 30 KB, the size of a real plan)."""
    regions = [r.name for r in load_gazetteer().regions if r.level in ("province", "city")]
    texts = []
    for _ in range(count):
        region = rng.choice(regions)
        year = rng.randint(2018, 2025)
        parts = [f"{region}关于加快数字经济发展的实施方案", f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日"]
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(*sections)))
        parts.append(CHAPTERS[0])
        parts.append(f"到{year + 5}年,数字经济核心产业增加值占地区生产总值比重达到{rng.randint(5, 20)}%。")
        parts.append(CHAPTERS[1])
        parts.extend(chosen)
        parts.append(CHAPTERS[2])
        texts.append("\n".join(parts) + "\n")
    return texts


def write_corpus(folder: Path, texts: list[str], first_number: int = 0) -> int:
    """Write each text as ``folder/NNNNN.txt``; the bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for number, text in enumerate(texts, start=first_number):
        data = text.encode("utf-8")
        (folder / f"{number:05d}.txt").write_bytes(data)
        written += len(data)
    return written
