"""Shared fixtures: where the real articles live, and the heavy pieces built once per session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
DEV_JSONL = SHARED_DATA / "dev.jsonl"
SEED_PAGE = SHARED_DATA / "seed_tomsk_cluster.txt"
NEREL_DEV = SHARED_DATA / "nerel" / "dev"

pytest_plugins = ["tests.fixtures_bolt", "tests.fixtures_browser", "tests.fixtures_sparql"]


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: the real articles live in ../shared/data beside the clone")
    return path


@pytest.fixture(scope="session")
def dev_jsonl() -> Path:
    return _need(DEV_JSONL)


@pytest.fixture(scope="session")
def dev_articles(dev_jsonl: Path) -> list[dict]:
    return [json.loads(line) for line in dev_jsonl.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(scope="session")
def seed_page() -> Path:
    return _need(SEED_PAGE)


@pytest.fixture(scope="session")
def nerel_dev() -> Path:
    return _need(NEREL_DEV)
