"""The map (docs/ARCHITECTURE.md) stays true: it names every stage in order, and the seams it describes hold."""

from __future__ import annotations

import re

from briefing.pipeline import STAGES
from conftest import PROJECT

MAP = (PROJECT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")


def _python_files(folder: str) -> list:
    return sorted((PROJECT / folder).rglob("*.py"))


def test_the_map_lists_every_stage_in_order():
    listed = re.findall(r"^\| `([a-z_]+)` \|", MAP, flags=re.M)
    assert listed == [stage.name for stage in STAGES]


def test_only_the_seam_opens_the_database():
    opening = {path.relative_to(PROJECT).as_posix() for folder in ("briefing", "flows")
               for path in _python_files(folder) if re.search(r"\bStore\(", path.read_text(encoding="utf-8"))}
    assert opening == {"briefing/store/seam.py"}


def test_the_domain_package_never_imports_prefect():
    for path in _python_files("briefing"):
        assert not re.search(r"^\s*(import prefect|from prefect)", path.read_text(encoding="utf-8"), flags=re.M), path


def test_the_stage_order_is_written_in_one_file():
    """Only the pipeline names the stages one after another ("store", then "compare", then "render")."""
    in_order = re.compile(r'"store".*"compare".*"render"', flags=re.S)
    writers = [path.relative_to(PROJECT).as_posix() for folder in ("briefing", "flows", "benchmarks", "tests")
               for path in _python_files(folder)
               if path.name != "test_architecture.py" and in_order.search(path.read_text(encoding="utf-8"))]
    assert writers == ["briefing/pipeline.py"]


def test_report_code_needs_no_type_ignores():
    assert not [path for path in _python_files("briefing/report") if "type: ignore" in path.read_text(encoding="utf-8")]
