"""The SPARQL endpoint store against a real server (``oxigraph serve``, started by tests/fixtures_sparql.py):
the store contract, and what it says when the server is down."""

from __future__ import annotations

import socket

import pytest

from graph.stores.base import StoreUnavailable
from graph.stores.sparql_endpoint import SparqlEndpointStore
from tests.store_contract import SparqlStoreContract


class TestSparqlEndpointStore(SparqlStoreContract):
    @pytest.fixture
    def store(self, sparql_store):
        return sparql_store


def test_a_down_endpoint_is_one_line() -> None:
    """How long it takes to say so is a figure of bench/bench_bolt.py (`unreachable`), not an assertion here."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(StoreUnavailable) as caught:
        SparqlEndpointStore(f"http://127.0.0.1:{port}/query")
    message = str(caught.value)
    assert "\n" not in message and f"127.0.0.1:{port}" in message and "unreachable" in message
    assert isinstance(caught.value.__cause__, OSError)  # the cause is kept for --debug
