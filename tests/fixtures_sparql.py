"""A real SPARQL 1.1 endpoint for tests: ``oxigraph serve`` from the PyPI ``oxigraph`` package on a free
loopback port, one server per session, emptied before each test that asks for ``sparql_store``.
Without the binary the tests skip, or fail when ``CI=true``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ci import unavailable


def _oxigraph_binary() -> str | None:
    local = Path(sys.executable).with_name("oxigraph")
    return str(local) if local.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"oxigraph serve exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"oxigraph serve did not answer on {url} within {timeout:.0f} s")


@pytest.fixture(scope="session")
def sparql_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a running Oxigraph server (``/query`` and ``/update`` under it)."""
    binary = _oxigraph_binary()
    if binary is None:
        unavailable("the `oxigraph` server binary is absent: pip install oxigraph (in the [dev] extra)")
    location = tmp_path_factory.mktemp("oxigraph-server")
    port = _free_port()
    process = subprocess.Popen(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def sparql_store(sparql_endpoint: str):
    """An empty SparqlEndpointStore on the session's server."""
    from graph.stores.sparql_endpoint import SparqlEndpointStore

    store = SparqlEndpointStore(sparql_endpoint)
    store._update("DROP ALL")  # a fresh server per test would cost seconds: empty the session's one
    yield store
    store.close()
