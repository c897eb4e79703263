"""Interactive maps, checked in a real headless Chromium: offline, complete, clickable, safe, filterable.

The graph is the dev articles' gold annotation written through the real embedded store (the
extractor is tested elsewhere); evidence sentences are looked up in the real article texts.
A hostile article we write here names a company ``<img src=x onerror=alert(1)>``.
"""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from exports.map import SelectionError, render_map, resolve_focus
from exports.subgraph import select_subgraph
from graph.model import Article, Entity, Evidence, Extraction, GraphSnapshot, Relation, entity_id
from graph.names import fold_name

REPO = Path(__file__).resolve().parent.parent
TEST_OUTPUT = REPO / "test-output"
SEED_CLUSTER = "промышленный кластер электроники и беспилотных технологий"
HOSTILE = "<img src=x onerror=alert(1)>"
SEED_MEMBERS = {"Когнитив", "НПФ «Микран»", "ЛЭМЗ-Т", "НПП «Радар ММС»", "ТУСУР"}



# ---- building the graph ------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def _sentence_naming(text: str, *names: str) -> str:
    """The first sentence naming all of ``names`` (by a folded stem), else one naming the first."""
    sentences = _sentences(text)
    stems = [fold_name(n)[: max(3, min(6, len(fold_name(n)) - 2))] for n in names]
    for wanted in (stems, stems[:1]):
        for sentence in sentences:
            if all(stem in fold_name(sentence) for stem in wanted):
                return sentence
    return sentences[0]


def gold_extraction(record: dict) -> Extraction:
    """One dev.jsonl line as the extractor would hand it over, evidence taken from the article text."""
    published = date.fromisoformat(record["date"]) if record.get("date") else None
    text = record["text"]
    article = Article(
        id=record["id"], url=record.get("url") or None, title=_sentences(text)[1][:150] if len(_sentences(text)) > 1 else None,
        outlet=record.get("source"), published=published, text=text,
    )
    entities = []
    for gold in record["entities"]:
        sentence = _sentence_naming(text, gold["name"])
        mention = Evidence(article_id=article.id, sentence=sentence, start=text.find(sentence), published=published)
        entities.append(Entity(type=gold["type"], name=gold["name"], aliases=gold.get("aliases", []), mentions=[mention]))
    relations = []
    for gold in record["relations"]:
        sentence = _sentence_naming(text, gold["source"], gold["target"])
        evidence = Evidence(
            article_id=article.id, sentence=sentence, start=text.find(sentence), end=text.find(sentence) + len(sentence),
            extractor="gold", confidence=0.9, published=published,
        )
        relations.append(
            Relation(
                type=gold["type"], source=entity_id(gold["source"]), target=entity_id(gold["target"]),
                attributes={"post": gold["post"]} if gold.get("post") else {}, evidence=[evidence], confidence=0.9,
            )
        )
    return Extraction(article=article, entities=entities, relations=relations)


def hostile_extraction() -> Extraction:
    """An article of ours whose company name, title and link try to run script in the map."""
    text = f"Компания {HOSTILE} подписала соглашение о сотрудничестве с Микраном. <script>alert(2)</script>"
    article = Article(
        id="hostile-1", url="javascript:alert(3)", title="<b onmouseover=alert(4)>Заголовок</b>", outlet="<i>evil</i>",
        published=date(2024, 3, 1), text=text,
    )
    hostile = Entity(type="Company", name=HOSTILE, aliases=["<svg onload=alert(5)>"])
    mikran = Entity(type="Company", name="НПФ «Микран»", aliases=["Микран"])
    evidence = Evidence(article_id=article.id, sentence=text, published=article.published, confidence=0.3)
    return Extraction(
        article=article,
        entities=[hostile, mikran],
        relations=[Relation(type="COOPERATES_WITH", source=hostile.id, target=mikran.id, evidence=[evidence], confidence=0.3)],
    )


@pytest.fixture(scope="module")
def store_dir(dev_articles, tmp_path_factory) -> Path:
    """The dev gold graph plus the hostile article, written through the real embedded store."""
    from graph.stores.embedded import EmbeddedRdfStore

    path = tmp_path_factory.mktemp("map-store") / "store"
    extractions = [gold_extraction(r) for r in dev_articles] + [hostile_extraction()]
    with EmbeddedRdfStore(path) as store:
        store.write(extractions)
    return path


@pytest.fixture(scope="module")
def snapshot(store_dir) -> GraphSnapshot:
    from graph.stores.embedded import EmbeddedRdfStore

    with EmbeddedRdfStore(store_dir, read_only=True) as store:
        return store.snapshot()


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["map", *args])
    return result.exit_code, result.output


def names_of(snapshot: GraphSnapshot) -> set[str]:
    return {e.name for e in snapshot.entities}


# ---- the page in the browser -------------------------------------------------------------------


def open_map(page, html: Path) -> None:
    page.goto(html.resolve().as_uri())
    page.wait_for_function("document.body.getAttribute('data-drawn') === '1'", timeout=30_000)


def click_node(page, node_id: str) -> None:
    """Click a node where vis drew it: canvas → DOM coordinates, then a real mouse click."""
    x, y = page.evaluate(
        """(id) => {
            const net = clusterMap.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return [p.x + box.left, p.y + box.top];
        }""",
        node_id,
    )
    page.mouse.click(x, y)


def drawn_counts(page) -> tuple[int, int, int, int]:
    return tuple(
        page.evaluate(
            "[clusterMap.nodes.length, clusterMap.edges.length,"
            " clusterMap.network.body.nodeIndices.length, clusterMap.network.body.edgeIndices.length]"
        )
    )


@pytest.mark.browser
def test_whole_map_loads_offline_with_every_node_and_edge(store_dir, snapshot, tmp_path, strict_page):
    out = tmp_path / "graph.html"
    code, output = run_cli("--store", str(store_dir), "--out", str(out))
    assert code == 0, output
    html = out.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]+src=|<link[^>]+href=|@import|url\(['\"]?https?:", html)  # everything inlined

    browser_page = strict_page  # the page's own CSP applies: it must still draw without errors
    browser_page.goto(out.resolve().as_uri())
    browser_page.wait_for_selector("body[data-drawn='1']", state="attached", timeout=30_000)
    watch = browser_page.watch
    assert watch.remote_requests == []
    assert watch.console_errors == [] and watch.page_errors == []
    n, m = len(snapshot.entities), len(snapshot.relations)
    assert drawn_counts(browser_page) == (n, m, n, m)

    legend_types = browser_page.eval_on_selector_all("#legend-entities input", "els => els.map(e => e.dataset.etype)")
    assert set(legend_types) == {e.type.value for e in snapshot.entities}
    legend_relations = browser_page.eval_on_selector_all("#legend-relations input", "els => els.map(e => e.dataset.rtype)")
    assert set(legend_relations) == {r.type.value for r in snapshot.relations}
    assert browser_page.inner_text("#legend").count("Компания") == 1


@pytest.mark.browser
def test_clicking_a_node_and_an_edge_shows_their_evidence(store_dir, snapshot, tmp_path, browser_page):
    out = tmp_path / "seed.html"
    code, output = run_cli("--store", str(store_dir), "--cluster", "кластера электроники и беспилотных технологий", "--out", str(out))
    assert code == 0, output
    open_map(browser_page, out)

    mikran = entity_id("НПФ «Микран»")
    click_node(browser_page, mikran)
    browser_page.wait_for_function(f"document.getElementById('panel-body').dataset.node === '{mikran}'")
    panel = browser_page.inner_text("#panel-body")
    membership = next(r for r in snapshot.relations if r.source == mikran and r.type.value == "PARTICIPATES_IN")
    assert "НПФ «Микран»" in panel and "АО «НПФ «Микран»" in panel  # name and alias
    assert membership.evidence[0].sentence in panel
    assert "Сибмедиа" in panel  # the outlet of the seed article

    # An edge: click the middle of the Когнитив → cluster line, where vis drew it (it may curve).
    kognitiv, cluster = entity_id("Когнитив"), entity_id(SEED_CLUSTER)
    x, y = browser_page.evaluate(
        """([a, b]) => {
            const net = clusterMap.network;
            const id = net.getConnectedEdges(a).find(e => net.getConnectedNodes(e).includes(b));
            const p = net.canvasToDOM(net.body.edges[id].edgeType.getPoint(0.5));
            const box = document.getElementById('mynetwork').getBoundingClientRect();
            return [p.x + box.left, p.y + box.top];
        }""",
        [kognitiv, cluster],
    )
    browser_page.mouse.click(x, y)
    browser_page.wait_for_function("document.getElementById('panel-body').dataset.edge !== undefined")
    panel = browser_page.inner_text("#panel-body")
    assert "Когнитив" in panel and "участвует в" in panel
    assert browser_page.watch.console_errors == [] and browser_page.watch.page_errors == []


@pytest.mark.browser
def test_hostile_names_show_as_text_and_run_nothing(store_dir, tmp_path, browser_page):
    out = tmp_path / "hostile.html"
    code, output = run_cli("--store", str(store_dir), "--around", "Микран", "--out", str(out))
    assert code == 0, output
    html = out.read_text(encoding="utf-8")
    assert HOSTILE not in html and "<script>alert" not in html  # escaped inside the JSON payload

    browser_page.add_init_script("window.__calls = []; for (const f of ['alert','confirm','prompt']) {"
                                 " const orig = window[f]; window[f] = (...a) => { window.__calls.push(f); return orig.apply(window, a); }; }")
    open_map(browser_page, out)
    hostile = entity_id(HOSTILE)
    click_node(browser_page, hostile)
    browser_page.wait_for_function(f"document.getElementById('panel-body').dataset.node === '{hostile}'")
    browser_page.mouse.move(5, 5)
    edge_id = browser_page.evaluate(f"clusterMap.network.getConnectedEdges('{hostile}')[0]")
    browser_page.evaluate("(id) => clusterMap.network.emit('click', {nodes: [], edges: [id]})", edge_id)
    edge_panel = browser_page.inner_text("#panel-body")
    assert HOSTILE in edge_panel and "<script>alert(2)</script>" in edge_panel and "<i>evil</i>" in edge_panel
    assert browser_page.eval_on_selector_all("#panel-body a[href^='javascript']", "els => els.length") == 0

    click_node(browser_page, hostile)
    browser_page.wait_for_function(f"document.getElementById('panel-body').dataset.node === '{hostile}'")
    assert browser_page.inner_text("#panel-body h3") == HOSTILE
    assert "<svg onload=alert(5)>" in browser_page.inner_text("#panel-body")
    tooltip = browser_page.evaluate(f"clusterMap.nodes.get('{hostile}').title.textContent")
    assert tooltip.startswith(HOSTILE)

    browser_page.fill("#search-input", "<img")
    assert HOSTILE in browser_page.inner_text("#search-results")
    browser_page.wait_for_timeout(300)
    assert browser_page.evaluate("document.querySelectorAll('img, svg[onload], b[onmouseover]').length") == 0
    assert browser_page.evaluate("window.__calls") == []
    assert browser_page.watch.dialogs == [] and browser_page.watch.page_errors == []
    assert browser_page.watch.remote_requests == []


@pytest.mark.browser
def test_search_filters_and_physics_controls(store_dir, snapshot, tmp_path, browser_page):
    out = tmp_path / "graph.html"
    assert run_cli("--store", str(store_dir), "--out", str(out))[0] == 0
    open_map(browser_page, out)

    browser_page.fill("#search-input", "микран")
    browser_page.press("#search-input", "Enter")
    assert browser_page.evaluate("clusterMap.network.getSelectedNodes()") == [entity_id("НПФ «Микран»")]
    assert "НПФ «Микран»" in browser_page.inner_text("#panel-body h3")

    officials = {e.id for e in snapshot.entities if e.type.value == "Official"}
    kept_edges = [r for r in snapshot.relations if r.source not in officials and r.target not in officials]
    browser_page.uncheck("input[data-etype='Official']")
    _, _, nodes_drawn, edges_drawn = drawn_counts(browser_page)
    assert (nodes_drawn, edges_drawn) == (len(snapshot.entities) - len(officials), len(kept_edges))
    browser_page.check("input[data-etype='Official']")
    browser_page.uncheck("input[data-rtype='COOPERATES_WITH']")
    cooperations = sum(r.type.value == "COOPERATES_WITH" for r in snapshot.relations)
    assert drawn_counts(browser_page)[3] == len(snapshot.relations) - cooperations

    assert browser_page.evaluate("clusterMap.network.physics.physicsEnabled") is False
    browser_page.check("#physics-toggle")
    assert browser_page.evaluate("clusterMap.network.physics.physicsEnabled") is True
    browser_page.uncheck("#physics-toggle")
    assert browser_page.watch.console_errors == [] and browser_page.watch.page_errors == []


# ---- filters (Python level, cross-checked without networkx) -------------------------------------


def test_cluster_filter_keeps_members_projects_instructors_and_their_bodies(snapshot):
    cluster = resolve_focus(snapshot, SEED_CLUSTER)
    selected = select_subgraph(snapshot, cluster=cluster)
    assert names_of(selected) == SEED_MEMBERS | {
        SEED_CLUSTER, "спутниковая связь для беспилотников", "лидары", "производство беспилотного минитрактора",
        "Андрей Яцкин", "Антон Алиханов", "Совет Федерации", "Минпромторг России",
        HOSTILE,  # cooperates with Микран, a member: a partner
    }
    kept = {e.id for e in selected.entities}
    assert all(r.source in kept and r.target in kept for r in selected.relations)
    evidence_articles = {ev.article_id for r in selected.relations for ev in r.evidence}
    assert {"seed-sibmedia-tomsk-cluster", "hostile-1"} <= evidence_articles <= {a.id for a in selected.articles}


def test_around_filter_keeps_the_neighbourhood_within_depth(snapshot):
    focus = entity_id("ТУСУР")
    for depth in (1, 2):
        expected = {focus}
        for _ in range(depth):
            expected |= {r.target for r in snapshot.relations if r.source in expected} | {
                r.source for r in snapshot.relations if r.target in expected
            }
        selected = select_subgraph(snapshot, around=focus, depth=depth)
        assert {e.id for e in selected.entities} == expected
    assert len(select_subgraph(snapshot, around=focus, depth=2).entities) > len(select_subgraph(snapshot, around=focus).entities)


def test_since_until_and_confidence_filters_drop_the_right_facts(snapshot):
    since = date(2021, 1, 1)
    dates = {a.id: a.published for a in snapshot.articles}
    expected = {r.id for r in snapshot.relations if any((ev.published or dates[ev.article_id] or date.min) >= since for ev in r.evidence)}
    selected = select_subgraph(snapshot, since=since)
    assert {r.id for r in selected.relations} == expected
    assert SEED_CLUSTER not in names_of(selected)  # the seed page carries no date
    until = select_subgraph(snapshot, until=date(2016, 12, 31))
    assert {ev.published.year for r in until.relations for ev in r.evidence} <= {2013, 2016}

    strong = select_subgraph(snapshot, min_confidence=0.5)
    assert HOSTILE not in names_of(strong)  # its only fact has confidence 0.3
    assert len(strong.relations) == len(snapshot.relations) - 1


def test_unknown_focus_is_an_error(snapshot, tmp_path):
    with pytest.raises(SelectionError):
        render_map(snapshot, tmp_path / "x.html", cluster="нет такого кластера")


# ---- command line -------------------------------------------------------------------------------


def test_cli_default_out_png_svg_and_errors(store_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, output = run_cli("--store", str(store_dir), "--cluster", "Томский кластер электроники", "--png", "seed.png", "--svg", "seed.svg")
    assert code == 0, output
    written = list((tmp_path / "exports").glob("*.html"))
    assert [p.name for p in written] == ["промышленный-кластер-электроники-и-беспилотных-технологий.html"]
    assert (tmp_path / "seed.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = ElementTree.parse(tmp_path / "seed.svg").getroot()
    texts = ["".join(t.itertext()) for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert HOSTILE in " ".join(texts)  # the partner of a member, drawn as literal text (label wrapped)
    assert not [a for el in svg.iter() for a in el.attrib if a.lower().startswith("on")]
    assert not [el.tag for el in svg.iter() if el.tag.split("}")[-1] in {"script", "foreignObject", "img"}]

    code, output = run_cli("--store", str(store_dir), "--around", "кластер")
    assert code == 1 and "ambiguous" in output and "ульяновский авиационный кластер" in output
    code, output = run_cli("--store", str(store_dir), "--cluster", "Кластер марсианских технологий")
    assert code == 1 and output.startswith("error:") and len(output.strip().splitlines()) == 1
    code, output = run_cli("--store", str(store_dir), "--since", "вчера")
    assert code == 1 and "--since" in output


# ---- the seed's cluster map, as an analyst sees it ----------------------------------------------


def seed_cluster_snapshot(seed_page: Path, dev_articles: list[dict], tmp_path: Path) -> tuple[Path, str]:
    """Store holding the seed page: through the real extractor when it is there, else its gold line."""
    from graph.stores.embedded import EmbeddedRdfStore

    store = tmp_path / "seed-store"
    try:
        from loaders.extraction import Extractor
        from loaders.sources import load_articles
    except ImportError:
        extractions = [gold_extraction(dev_articles[0])]
        cluster = SEED_CLUSTER
    else:
        extractor = Extractor.load()
        extractions = [extractor.extract(a) for a in load_articles(seed_page) if isinstance(a, Article)]
        clusters = [e for x in extractions for e in x.entities if e.type.value == "Cluster"]
        assert clusters, "the extractor found no cluster on the seed page"
        cluster = clusters[0].name
    with EmbeddedRdfStore(store) as opened:
        opened.write(extractions)
    return store, cluster


@pytest.mark.browser
def test_seed_cluster_map_screenshot(seed_page, dev_articles, tmp_path, browser_page):
    store, cluster = seed_cluster_snapshot(seed_page, dev_articles, tmp_path)
    out = tmp_path / "seed_cluster_map.html"
    code, output = run_cli("--store", str(store), "--cluster", cluster, "--out", str(out))
    assert code == 0, output
    open_map(browser_page, out)
    cluster_id = browser_page.evaluate("clusterMap.nodes.get({filter: n => n.etype === 'Cluster'})[0].id")
    click_node(browser_page, cluster_id)
    browser_page.wait_for_function("document.getElementById('panel-body').dataset.node !== undefined")
    browser_page.mouse.move(400, 880)  # away from any node, so no tooltip covers the map
    browser_page.wait_for_timeout(500)
    TEST_OUTPUT.mkdir(exist_ok=True)
    shot = TEST_OUTPUT / "seed_cluster_map.png"
    browser_page.screenshot(path=str(shot))
    shutil.copy(out, TEST_OUTPUT / "seed_cluster_map.html")
    assert shot.stat().st_size > 20_000
    panel = browser_page.inner_text("#panel-body")
    assert "Кластер" in panel and "участвует в" in panel
    assert browser_page.watch.console_errors == [] and browser_page.watch.remote_requests == []


def test_size_by_articles_makes_the_most_reported_entity_largest(snapshot):
    from exports.map_data import build_map_data
    from exports.map_style import MAX_SIZE

    data = build_map_data(snapshot, {}, size_by="articles")
    articles = {n: d["articles"] for n, d in data.details["nodes"].items()}
    most = max(articles, key=articles.get)
    sizes = {n["id"]: n["size"] for n in data.nodes}
    assert articles[most] > 1 and sizes[most] >= MAX_SIZE
    with pytest.raises(ValueError):
        build_map_data(snapshot, {}, size_by="colour")
