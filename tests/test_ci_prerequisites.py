"""The data and browser fixtures cannot pass by skipping on CI: with ``CI=true`` a missing ../shared/data
or a Chromium absent from PATH fails the run; elsewhere the tests that need them skip. Checked by running
pytest on a small module that uses the real fixtures with only the prerequisite taken away."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci import run_pytest

HIDE_DATA = """
import tests.conftest

tests.conftest.DEV_JSONL = tests.conftest.SHARED / "absent" / "dev.jsonl"  # as if ../shared/data were missing

pytest_plugins = ["tests.conftest"]
"""

NEEDS_DATA_AND_BROWSER = """
def test_needs_the_shared_data(dev_jsonl):
    pass


def test_needs_chromium(chromium_browser):
    pass
"""


def run_without_prerequisites(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    files = {"conftest.py": HIDE_DATA, "test_needs_prerequisites.py": NEEDS_DATA_AND_BROWSER}
    return run_pytest(tmp_path, files, {"CI": ci, "PATH": str(Path(sys.executable).parent)})  # no chromium on PATH


def test_missing_data_and_chromium_fail_the_run_on_ci(tmp_path: Path) -> None:
    result = run_without_prerequisites(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "2 errors" in result.stdout, result.stdout
    assert "absent: the real articles live in ../shared/data" in result.stdout
    assert "chromium is not installed" in result.stdout
    assert "CI=true" in result.stdout


@pytest.mark.parametrize("ci", [None, "false"])
def test_missing_data_and_chromium_skip_elsewhere(tmp_path: Path, ci: str | None) -> None:
    result = run_without_prerequisites(tmp_path, ci)
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout, result.stdout
