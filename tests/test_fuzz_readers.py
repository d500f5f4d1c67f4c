"""Fuzzing the readers: random bytes, and real txt, html, pdf and docx files with bytes flipped, cut, repeated
or inserted. Every outcome is a document or a named input error with a reason; never another exception,
a hang, or memory that grows without bound."""

from __future__ import annotations

import resource
import signal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from briefing.errors import InputError
from briefing.ingest import ingest_document
from briefing.ingest.limits import DEFAULT_LIMITS
from briefing.models import Document, SourceFile
from conftest import PROJECT

FIXTURES = PROJECT / "tests" / "fixtures"
ORIGINALS = {
    ".txt": (FIXTURES / "003_gbk.txt").read_bytes()[:20_000],
    ".html": (FIXTURES / "003_page.html").read_bytes(),
    ".pdf": (FIXTURES / "002_print.pdf").read_bytes(),
    ".docx": (FIXTURES / "001_colleague.docx").read_bytes(),
}
#: a guard against a hang, far above any real reading time; it fails the example, it times nothing
HANG_SECONDS = 60
#: no "explain" phase: it traces every line executed, which makes reading a large example minutes slower
FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


class Hung(Exception):
    pass


def _hung(signum, frame):
    raise Hung(f"reading took more than {HANG_SECONDS} s")


def outcome(data: bytes, suffix: str) -> Document | InputError:
    source = SourceFile(Path(f"fuzzed{suffix}"), "0" * 64, len(data), "inbox")
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(HANG_SECONDS)
    try:
        document = ingest_document(source, data, limits=DEFAULT_LIMITS)
        if suffix in (".txt", ".html"):  # uncompressed formats: their text is never longer than the file
            assert len(document.original) <= len(data)
        return document
    except InputError as error:
        assert error.reason and error.hint
        return error
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@st.composite
def mutated(draw, original: bytes) -> bytes:
    data = bytearray(original)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["flip", "cut", "truncate", "repeat", "insert"]))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        length = draw(st.integers(1, 4096))
        if kind == "flip" and data:
            data[at] ^= draw(st.integers(1, 255))
        elif kind == "cut":
            del data[at:at + length]
        elif kind == "truncate":
            del data[at:]
        elif kind == "repeat":
            data[at:at] = data[at:at + length] * draw(st.integers(1, 50))
        else:
            data[at:at] = draw(st.binary(min_size=1, max_size=64))
    return bytes(data)


@pytest.fixture(scope="module", autouse=True)
def bounded_memory():
    yield
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 3000, f"the test process grew to {peak_mb:.0f} MB"


@FUZZ
@given(st.binary(max_size=20_000), st.sampled_from(sorted(ORIGINALS)))
def test_random_bytes_under_any_extension(data, suffix):
    assert isinstance(outcome(data, suffix), (Document, InputError))


@pytest.mark.parametrize("suffix", sorted(ORIGINALS))
def test_mutated_real_files(suffix):
    @FUZZ
    @given(mutated(ORIGINALS[suffix]))
    def fuzz(data):
        assert isinstance(outcome(data, suffix), (Document, InputError))

    fuzz()
