"""Shared fixtures: where the real articles live, and the heavy pieces built once per session.

A missing ../shared/data skips on a developer's machine and fails with CI=true (tests/ci.py). Tests
that use the browser, Bolt or SPARQL-server fixtures get the matching marker here, so ``make check``
(``-m "not browser and not bolt and not sparql and not slow and not packaging"``) leaves them out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.ci import unavailable

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SHARED_DATA = SHARED / "data"
DEV_JSONL = SHARED_DATA / "dev.jsonl"
SEED_PAGE = SHARED_DATA / "seed_tomsk_cluster.txt"
NEREL_DEV = SHARED_DATA / "nerel" / "dev"

pytest_plugins = ["tests.fixtures_bolt", "tests.fixtures_browser", "tests.fixtures_http", "tests.fixtures_sparql"]


# fixture name -> the marker of every test that uses it
FIXTURE_MARKERS = {
    "chromium_browser": "browser",
    "browser_page": "browser",
    "strict_page": "browser",
    "bolt_server": "bolt",
    "bolt_store": "bolt",
    "sparql_endpoint": "sparql",
    "sparql_store": "sparql",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        callspec = getattr(item, "callspec", None)
        if callspec is not None:  # a parameter may name the fixture the test asks for (``sparql``, ``bolt_store``)
            named = [value for value in callspec.params.values() if isinstance(value, str)]
            used |= set(named) | {f"{value}_store" for value in named}
        for marker in sorted({FIXTURE_MARKERS[name] for name in used if name in FIXTURE_MARKERS}):
            item.add_marker(marker)


def _need(path: Path) -> Path:
    if not path.exists():
        unavailable(f"{path} is absent: the real articles live in ../shared/data beside the clone")
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
