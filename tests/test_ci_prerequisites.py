"""The data and browser fixtures cannot pass by skipping on CI: with ``CI=true`` a missing ../shared/data
or a Chromium absent from PATH fails the run; elsewhere the tests that need them skip. Checked by running
pytest on a small module that uses the real fixtures with only the prerequisite taken away."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

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
    (tmp_path / "conftest.py").write_text(HIDE_DATA, encoding="utf-8")
    (tmp_path / "test_needs_prerequisites.py").write_text(NEEDS_DATA_AND_BROWSER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(REPO)
    env["PATH"] = str(Path(sys.executable).parent)  # no chromium here
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


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
