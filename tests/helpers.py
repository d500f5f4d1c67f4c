"""Small builders for tests: a Document from inline text, a loopback listener that counts connections."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from briefing.ingest import ingest_document
from briefing.ingest.limits import ReadLimits
from briefing.models import Document, Extraction, SourceFile
from briefing.extract import extract_document


#: inline sentences are fragments of documents: they are not held to what makes a file a document
FRAGMENT_LIMITS = ReadLimits(min_chinese_characters=0)


def document_from_text(text: str, name: str = "inline.txt") -> Document:
    data = text.encode("utf-8")
    return ingest_document(SourceFile(Path(name), "0" * 64, len(data), "inbox"), data, limits=FRAGMENT_LIMITS)


def extract_text(text: str) -> Extraction:
    return extract_document(document_from_text(text))


class LoopbackListener:
    """A TCP listener on 127.0.0.1 that counts connection attempts (nothing should connect)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
                self.connections += 1
                connection.close()
            except OSError:
                continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()
