"""A SPARQL 1.1 endpoint as a store (Oxigraph server, Fuseki, GraphDB, Virtuoso) through the protocol.

The SPARQL logic is ``SparqlGraphStore``'s; this module adds the URLs, Basic auth and the primitives.
"""

from __future__ import annotations

import base64
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox

from graph.stores.base import StoreError, StoreUnavailable
from graph.stores.sparql_base import PROLOGUE, Row, SparqlGraphStore, triple_rows, user_rows


class SparqlEndpointStore(SparqlGraphStore):
    """Any SPARQL 1.1 server through the protocol (Oxigraph server, Fuseki, GraphDB, Virtuoso).

    ``url`` is the query endpoint; the update endpoint is ``update_url``, else ``…/update`` when the
    URL ends in ``/query``, else ``BASE/query`` and ``BASE/update`` for a bare server URL (Oxigraph),
    else the same URL.  Credentials in the URL (``http://user:pass@host/…``) become Basic auth.
    """

    kind = "sparql"

    def __init__(self, url: str, update_url: str | None = None, timeout: float = 30.0) -> None:
        self.timeout = timeout
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreUnavailable(f"not a SPARQL endpoint URL: {url!r}")
        self._auth = None
        if parts.username:
            credentials = f"{urllib.parse.unquote(parts.username)}:{urllib.parse.unquote(parts.password or '')}"
            self._auth = "Basic " + base64.b64encode(credentials.encode()).decode()
            netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
            parts = parts._replace(netloc=netloc)
        clean = urllib.parse.urlunsplit(parts)
        if parts.path in ("", "/"):
            base = clean.rstrip("/")
            self.query_url, self.update_url = base + "/query", base + "/update"
        elif parts.path.endswith("/query"):
            self.query_url, self.update_url = clean, clean[: -len("query")] + "update"
        else:
            self.query_url, self.update_url = clean, clean
        if update_url:
            self.update_url = update_url
        self.url = self.query_url
        try:
            self._post(self.query_url, "query", "ASK {}", "application/sparql-results+json", timeout=5.0)
        except StoreUnavailable:
            raise
        except StoreError as exc:  # the server answered, but not as a SPARQL endpoint
            raise StoreUnavailable(str(exc)) from exc

    def _post(self, url: str, field: str, text: str, accept: str | None, timeout: float | None = None) -> tuple[bytes, str]:
        body = urllib.parse.urlencode({field: text}).encode("utf-8")
        request = urllib.request.Request(url, data=body, method="POST")
        request.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        if accept:
            request.add_header("Accept", accept)
        if self._auth:
            request.add_header("Authorization", self._auth)
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:300].decode("utf-8", "replace").strip().splitlines()
            raise StoreError(
                f"SPARQL endpoint {url} answered {exc.code}: {detail[0] if detail else exc.reason}"
            ) from exc
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StoreUnavailable(f"SPARQL endpoint {url} is unreachable: {reason}") from exc

    def _results(self, query: str) -> object:
        body, _ = self._post(self.query_url, "query", PROLOGUE + query, "application/sparql-results+json")
        return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)

    def _select(self, query: str) -> list[Row]:
        result = self._results(query)
        names = [v.value for v in result.variables]
        return [{n: s[n] for n in names if s[n] is not None} for s in result]

    def _ask(self, query: str) -> bool:
        return bool(self._results(query))

    def _tuples(self, query: str) -> list[tuple]:
        return [tuple(solution) for solution in self._results(query)]

    def _update(self, update: str) -> None:
        self._post(self.update_url, "update", PROLOGUE + update, None)

    def _all_quads(self) -> Iterable[ox.Quad]:
        rows = self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def _run_user_query(self, text: str) -> list[dict]:
        accept = "application/sparql-results+json, application/n-triples;q=0.9"
        body, content_type = self._post(self.query_url, "query", PROLOGUE + text, accept)
        if "n-triples" in content_type or "turtle" in content_type:
            fmt = ox.RdfFormat.N_TRIPLES if "n-triples" in content_type else ox.RdfFormat.TURTLE
            return triple_rows(q.triple for q in ox.parse(body, fmt))
        return user_rows(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
