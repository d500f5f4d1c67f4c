"""Document identity: exact (hash of the normalized text) and near (MinHash of character shingles).

The same text in another script or encoding normalizes to the same string, so it gets the same id. A draft
and its final version differ in places: they get different ids and are linked as near duplicates, never
merged, because a recipient wants to see what changed between them.

Signatures are made when a document is stored, not when it is read: datasketch imports scipy (about 50 MB),
which the document workers are spared.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from datasketch import MinHash

SHINGLE_LENGTH = 5
PERMUTATIONS = 128
#: stored signatures are only comparable within one permutation scheme, so it is fixed here
SCHEME = "affine32"
#: estimated Jaccard similarity of shingle sets above which two documents are versions of one text
NEAR_DUPLICATE_THRESHOLD = 0.6
_NOT_CONTENT = re.compile(r"[\s\W_]+")


def document_id(normalized_text: str) -> str:
    return hashlib.sha256(normalized_text.encode("utf-8")).hexdigest()[:16]


def signature(normalized_text: str) -> bytes:
    """MinHash of the text's character shingles, punctuation and spacing ignored."""
    from datasketch import MinHash

    content = _NOT_CONTENT.sub("", normalized_text)
    shingles = {content[i:i + SHINGLE_LENGTH].encode("utf-8") for i in range(max(1, len(content) - SHINGLE_LENGTH + 1))}
    minhash = MinHash(num_perm=PERMUTATIONS, scheme=SCHEME)
    minhash.update_batch(list(shingles))
    return minhash.hashvalues.astype(np.uint32).tobytes()


def _minhash(raw: bytes) -> MinHash:
    from datasketch import MinHash

    return MinHash(num_perm=PERMUTATIONS, hashvalues=np.frombuffer(raw, dtype=np.uint32), scheme=SCHEME)


@dataclass(frozen=True)
class NearDuplicate:
    doc_id: str
    other_doc_id: str
    similarity: float


def near_duplicates(new: dict[str, bytes], on_file: dict[str, bytes],
                    threshold: float = NEAR_DUPLICATE_THRESHOLD) -> list[NearDuplicate]:
    """Pairs (new document, any other document) whose texts are near duplicates; LSH keeps it sub-quadratic."""
    from datasketch import MinHashLSH

    index = MinHashLSH(threshold=threshold, num_perm=PERMUTATIONS)
    hashes = {doc_id: _minhash(raw) for doc_id, raw in {**on_file, **new}.items()}
    for doc_id, minhash in hashes.items():
        index.insert(doc_id, minhash)
    found: dict[tuple[str, str], float] = {}
    for doc_id in new:
        for other in index.query(hashes[doc_id]):
            if other == doc_id:
                continue
            similarity = hashes[doc_id].jaccard(hashes[other])
            if similarity >= threshold:
                found[tuple(sorted((doc_id, other)))] = similarity  # type: ignore[index]
    return [NearDuplicate(a, b, round(s, 3)) for (a, b), s in sorted(found.items())]
