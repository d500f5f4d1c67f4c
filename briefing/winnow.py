"""Winnowed fingerprints of a text (Schleimer et al., 2003), the basis of text reuse.

A document's fingerprints are computed once, when it is stored, and kept beside it: a monthly run compares its
new documents with thousands on file and must not hash every text on file again.

Fingerprints are taken over the content characters (Han characters, letters, digits) of the normalized text:
the hashes of character ``SHINGLE``-grams, the smallest of every ``WINDOW`` consecutive ones kept, so any shared
run of at least SHINGLE + WINDOW - 1 content characters leaves a shared fingerprint.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

SHINGLE = 8
WINDOW = 4
_BASE = np.uint64(1_000_003)
_HASH = np.dtype("<u8")
_POSITION = np.dtype("<i4")


class Fingerprints(NamedTuple):
    hashes: np.ndarray
    #: where each fingerprint's shingle starts, counted in content characters
    positions: np.ndarray

    def to_bytes(self) -> tuple[bytes, bytes]:
        return self.hashes.astype(_HASH).tobytes(), self.positions.astype(_POSITION).tobytes()

    @classmethod
    def from_bytes(cls, hashes: bytes, positions: bytes) -> Fingerprints:
        """Read-only views of the stored bytes, in their stored types (positions as 32-bit): the comparison
        reads every document's fingerprints, and copies into 64-bit positions were a quarter of its memory."""
        return cls(np.frombuffer(hashes, dtype=_HASH), np.frombuffer(positions, dtype=_POSITION))


def content_positions(text: str) -> np.ndarray:
    """Indexes of the characters that carry content: Han characters, letters and digits."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    han = (codes >= 0x4E00) & (codes <= 0x9FFF)
    ascii_alnum = ((codes >= 48) & (codes <= 57)) | ((codes >= 65) & (codes <= 90)) | ((codes >= 97) & (codes <= 122))
    return np.nonzero(han | ascii_alnum)[0]


def content_codes(text: str, positions: np.ndarray) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)[positions]


def fingerprints(text: str) -> Fingerprints:
    codes = content_codes(text, content_positions(text)).astype(np.uint64)
    if len(codes) < SHINGLE + WINDOW:
        return Fingerprints(np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int64))
    count = len(codes) - SHINGLE + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE):  # polynomial hash of each shingle, wrapping at 2**64
            hashes = hashes * _BASE + codes[offset:offset + count]
    windows = np.lib.stride_tricks.sliding_window_view(hashes, WINDOW)
    chosen = np.unique(windows.argmin(axis=1) + np.arange(len(windows)))
    return Fingerprints(hashes[chosen], chosen.astype(np.int64))
