"""What a test does when something it needs is absent: skip on a developer's machine, fail on CI.

CI sets ``CI=true``; there a missing server, browser or data folder must turn the run red, since a
skip is green and would hide it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail with it when running on CI."""
    if on_ci():
        pytest.fail(f"{reason} (CI=true: a missing prerequisite fails the run)", pytrace=False)
    pytest.skip(reason)


def run_pytest(folder: Path, files: dict[str, str], env: dict[str, str | None]) -> subprocess.CompletedProcess:
    """Run pytest on ``files`` (name -> text) written into ``folder``, the repository importable, the
    environment changed by ``env`` (None removes a variable): how a test checks what a fixture does."""
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    changed = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent), **env}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(folder), str(folder)],
        cwd=folder, env={k: v for k, v in changed.items() if v is not None}, capture_output=True, text=True,
        timeout=120, check=False,
    )
