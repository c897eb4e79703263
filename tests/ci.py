"""What a test does when something it needs is absent: skip on a developer's machine, fail on CI.

CI sets ``CI=true``; there a missing server, browser or data folder must turn the run red, since a
skip is green and would hide it.
"""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip with ``reason``, or fail with it when running on CI."""
    if on_ci():
        pytest.fail(f"{reason} (CI=true: a missing prerequisite fails the run)", pytrace=False)
    pytest.skip(reason)
