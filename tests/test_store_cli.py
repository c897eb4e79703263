"""`stats`, `members`, `entity` and `query sparql` on a store filled with the contract corpus."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from graph.stores.embedded import EmbeddedRdfStore
from tests.store_contract import STORED_HOSTILE, corpus

runner = CliRunner()


@pytest.fixture
def store_dir(tmp_path) -> str:
    path = tmp_path / "store"
    with EmbeddedRdfStore(path) as store:
        store.write(corpus())
    return str(path)


def invoke(*args: str):
    return runner.invoke(app, list(args))


def test_stats_json_shape(store_dir) -> None:
    result = invoke("stats", "--store", store_dir, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"articles", "entities", "relations", "entities_by_type", "relations_by_type"}
    assert data["articles"] == 3


@pytest.mark.parametrize("typed", ["кластера электроники", "Промышленный кластер электроники и беспилотных технологий",
                                   "ПРОМЫШЛЕННОГО КЛАСТЕРА ЭЛЕКТРОНИКИ"])
def test_members_json_by_any_form_of_the_name(store_dir, typed) -> None:
    result = invoke("members", typed, "--store", store_dir, "--json")
    assert result.exit_code == 0, result.output
    rows = {row["name"]: row for row in json.loads(result.stdout)}
    assert rows["Микран"] == {"name": "Микран", "type": "Company", "first_seen": "2023-03-14",
                              "last_seen": "2024-06-01", "articles": 2}
    assert set(STORED_HOSTILE) <= set(rows)


def test_members_as_of_and_table(store_dir) -> None:
    result = invoke("members", "кластер", "--as-of", "2023-12-31", "--store", store_dir)
    assert result.exit_code == 0, result.output
    assert "Микран" in result.stdout and "ЛЭМЗ-Т" not in result.stdout
    bad = invoke("members", "кластер", "--as-of", "вчера", "--store", store_dir)
    assert bad.exit_code == 1 and "--as-of" in bad.stderr


@pytest.mark.parametrize("typed", ["ТУСУРа", "тусур", "Томского государственного университета систем управления и радиоэлектроники"])
def test_entity_by_inflected_or_abbreviated_name(store_dir, typed) -> None:
    result = invoke("entity", typed, "--store", store_dir, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["name"] == "ТУСУР" and data["type"] == "University"
    posts = [r for r in data["relations"] if r["type"] == "OFFICIAL_OF"]
    assert posts[0]["attributes"]["post"] == "ректор" and posts[0]["evidence"][0]["published"] == "2023-03-14"


def test_entity_with_a_hostile_name_prints_it_verbatim(store_dir) -> None:
    name = STORED_HOSTILE[1]
    result = invoke("entity", name, "--store", store_dir)
    assert result.exit_code == 0, result.output
    assert name in result.stdout


def test_unknown_name_is_one_line(store_dir) -> None:
    unknown = invoke("entity", "Газпром", "--store", store_dir)
    assert unknown.exit_code == 1
    assert unknown.stderr.strip() == "error: no entity named 'Газпром' in the store"
    hostile = invoke("entity", "центра", "--store", store_dir, "--json")  # inflected, one candidate
    assert hostile.exit_code == 0 and json.loads(hostile.stdout)["name"] == STORED_HOSTILE[4]


def test_ambiguous_name_lists_candidates(tmp_path) -> None:
    from graph.model import Article, Entity, EntityType, Extraction

    path = tmp_path / "store"
    people = [Entity(type=EntityType.OFFICIAL, name="Антон Алиханов"), Entity(type=EntityType.OFFICIAL, name="Андрей Алиханов")]
    with EmbeddedRdfStore(path) as store:
        store.write([Extraction(article=Article(id="a", text="…"), entities=people)])
    for command in ("entity", "timeline", "partners"):  # one picker behind every command
        result = invoke(command, "Алиханова", "--store", str(path))
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            "error: 'Алиханова' is ambiguous; did you mean one of:", "  Андрей Алиханов (Official)",
            "  Антон Алиханов (Official)",
        ]


def test_query_sparql_json_and_errors(store_dir) -> None:
    result = invoke("query", "sparql", "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a ckg:Article }",
                    "--store", store_dir, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"n": 3}]
    bad = invoke("query", "sparql", "DROP ALL", "--store", store_dir)
    assert bad.exit_code == 1 and bad.stderr.startswith("error: SPARQL")
    with EmbeddedRdfStore(store_dir, read_only=True) as store:
        assert store.stats().articles == 3


# Every command that reads a store takes the same options, declared once in clusterkg.cli.common.
READING = ["stats", "members", "entity", "links", "instructions", "partners", "brokers", "communities", "timeline"]


@pytest.mark.parametrize("name", READING + ["query sparql", "map", "export"])
def test_reading_commands_share_the_store_options(name) -> None:
    import typer.main

    command = typer.main.get_command(app)
    for part in name.split():
        command = command.commands[part]
    options = {o for p in command.params for o in p.opts}
    assert {"--store", "--neo4j", "--sparql"} <= options
    assert ("--json" in options) == (name not in ("map", "export"))
    envvars = {p.name: p.envvar for p in command.params}
    assert (envvars["store"], envvars["neo4j"], envvars["sparql"]) == ("CLUSTERKG_STORE", "NEO4J_URI", "CLUSTERKG_SPARQL")


def test_errors_are_one_line_and_debug_shows_the_causes(store_dir) -> None:
    import subprocess
    import sys
    from pathlib import Path

    clusterkg = str(Path(sys.executable).parent / "clusterkg")
    endpoint = "http://127.0.0.1:9/sparql"  # nothing listens on the discard port
    plain = subprocess.run([clusterkg, "stats", "--sparql", endpoint], capture_output=True, text=True, check=False)
    assert plain.returncode == 1
    [line] = plain.stderr.strip().splitlines()
    assert line.startswith(f"error: SPARQL endpoint {endpoint} is unreachable")
    debug = subprocess.run([clusterkg, "--debug", "stats", "--sparql", endpoint], capture_output=True, text=True,
                           check=False)
    assert debug.returncode == 1
    assert debug.stderr.strip().splitlines()[-1] == line
    assert "Traceback" in debug.stderr and "StoreUnavailable" in debug.stderr
    assert "The above exception was the direct cause of the following exception" in debug.stderr
    typed_after = invoke("entity", "Газпром", "--store", store_dir, "--debug")  # anywhere on the line
    assert typed_after.exit_code == 1
    assert "Traceback" in typed_after.stderr and "UnknownName" in typed_after.stderr
    assert typed_after.stderr.strip().splitlines()[-1] == "error: no entity named 'Газпром' in the store"
