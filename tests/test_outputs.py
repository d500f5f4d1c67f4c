"""Outputs as a recipient gets them: file modes from the umask, written whole or not at all."""

from __future__ import annotations

import os
import stat

import pytest

from briefing.deliver import write_atomically


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_outputs_take_their_mode_from_the_umask(tmp_path, umask, mode):
    previous = os.umask(umask)
    try:
        write_atomically(tmp_path / "简报.pdf", b"%PDF-1.7")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "简报.pdf").stat().st_mode) == mode
    assert (tmp_path / "简报.pdf").read_bytes() == b"%PDF-1.7"
    assert [path.name for path in tmp_path.iterdir()] == ["简报.pdf"]  # no temporary file left beside it
