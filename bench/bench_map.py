"""Benchmark the interactive map on synthetic graphs shaped like ours (1,000 / 5,000 / 10,000 nodes).

For each size: time of the ``clusterkg map`` code path (select + layout + render), file size, and,
in headless Chromium, the time from navigation start until the network is first drawn and until
a click on a node has filled the side panel. The same graph rendered with pyvis defaults (physics
on, its own template) is timed in the same run, capped at ``--cap`` seconds. With ``--with-store``
the graph is also written to an embedded store and the whole command is timed over it, with its
layout and render steps and the store's snapshot read on their own.

    python bench/bench_map.py [--sizes 1000 5000 10000] [--cap 40] [--with-store]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from graph.model import Article, Entity, Evidence, Extraction, GraphSnapshot, Relation

# Share of each entity type in the synthetic graph, roughly as in the dev articles' gold graph.
TYPE_SHARES = {
    "Cluster": 0.02, "Company": 0.30, "University": 0.07, "ResearchInstitute": 0.04, "FederalBody": 0.03,
    "RegionalBody": 0.07, "Official": 0.27, "Project": 0.12, "Organization": 0.08,
}
ORGANISATIONS = ("Company", "University", "ResearchInstitute", "FederalBody", "RegionalBody", "Organization")


def synthetic_snapshot(n: int, seed: int = 1) -> GraphSnapshot:
    """A graph of ``n`` entities: organisations join clusters and projects, officials hold posts,
    partners cooperate, clusters are formed on instructions; 1-2 evidence sentences per fact."""
    rng = random.Random(seed)
    by_type: dict[str, list[Entity]] = {t: [] for t in TYPE_SHARES}
    types = rng.choices(list(TYPE_SHARES), weights=list(TYPE_SHARES.values()), k=n)
    for i, type_ in enumerate(types):
        by_type[type_].append(Entity(type=type_, name=f"{type_} {i:05d}", aliases=[f"{type_[:3].upper()}-{i}"]))
    if not by_type["Cluster"]:
        by_type["Cluster"].append(Entity(type="Cluster", name="Cluster 00000"))
    articles = [
        Article(id=f"a{i}", url=f"https://news.example/{i}", title=f"Synthetic report {i}", outlet="example.news",
                published=date(2018, 1, 1) + timedelta(days=rng.randrange(2500)), text="(synthetic)")
        for i in range(max(10, n // 5))
    ]

    def evidence(text: str) -> list[Evidence]:
        picked = rng.sample(articles, rng.choice((1, 1, 2)))
        return [Evidence(article_id=a.id, sentence=text, published=a.published, confidence=rng.uniform(0.5, 1.0)) for a in picked]

    relations: dict[str, Relation] = {}

    def relate(type_: str, source: Entity, target: Entity, **attributes: str) -> None:
        if source.id == target.id:
            return
        text = f"{source.name} {type_.lower().replace('_', ' ')} {target.name}."
        relation = Relation(type=type_, source=source.id, target=target.id, attributes=attributes,
                            evidence=evidence(text), confidence=round(rng.uniform(0.4, 1.0), 2))
        relations.setdefault(relation.id, relation)

    clusters, projects = by_type["Cluster"], by_type["Project"]
    organisations = [e for t in ORGANISATIONS for e in by_type[t]]
    # Preferential attachment: big clusters attract more members, as in the news.
    weights = [1.0 / (k + 1) for k in range(len(clusters))]
    for org in organisations:
        for cluster in rng.choices(clusters, weights=weights, k=rng.choice((0, 1, 1, 2))):
            relate("PARTICIPATES_IN", org, cluster)
        if projects and rng.random() < 0.35:
            relate("PARTICIPATES_IN", org, rng.choice(projects))
        if rng.random() < 0.45:
            relate("COOPERATES_WITH", org, rng.choice(organisations))
    for project in projects:
        relate("PART_OF", project, rng.choices(clusters, weights=weights)[0])
    for official in by_type["Official"]:
        relate("OFFICIAL_OF", official, rng.choice(organisations), post="директор")
    for cluster in clusters:
        if by_type["Official"] and rng.random() < 0.6:
            relate("INSTRUCTED_BY", cluster, rng.choice(by_type["Official"]))
    entities = [e for t in TYPE_SHARES for e in by_type[t]]
    return GraphSnapshot(articles=articles, entities=entities, relations=list(relations.values()))


def render_ours(snapshot: GraphSnapshot, out: Path) -> float:
    from exports.map import render_map

    started = time.perf_counter()
    render_map(snapshot, out)
    return time.perf_counter() - started


def render_pyvis_defaults(snapshot: GraphSnapshot, out: Path) -> float:
    """pyvis as a newcomer would use it: default physics, default template, JS inlined."""
    from pyvis.network import Network

    started = time.perf_counter()
    net = Network(directed=True, cdn_resources="in_line")
    for entity in snapshot.entities:
        net.add_node(entity.id, label=entity.name, title=entity.type.value)
    known = set(net.node_ids)
    for relation in snapshot.relations:
        if relation.source in known and relation.target in known:
            net.add_edge(relation.source, relation.target, title=relation.type.value)
    out.write_text(net.generate_html(), encoding="utf-8")
    return time.perf_counter() - started


# Catches the page's global ``network`` when pyvis's template assigns it, to time its first draw.
HOOK_PYVIS = """
window.__drawnAt = null;
Object.defineProperty(window, 'network', {configurable: true,
  get() { return this.__net; },
  set(v) { this.__net = v; if (v && v.once) v.once('afterDrawing', () => { window.__drawnAt = performance.now(); }); }});
"""


def time_in_browser(browser, html: Path, ours: bool, cap: float) -> tuple[float | None, float | None]:
    """Seconds from navigation start to first draw, and to a clicked node's panel (ours only)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:")) else route.abort())
    try:
        if not ours:
            page.add_init_script(HOOK_PYVIS)
        page.goto(html.as_uri(), timeout=cap * 1000, wait_until="commit")
        probe = "clusterMap.state.firstDrawAt" if ours else "window.__drawnAt"
        try:
            page.wait_for_function(f"(() => {{ try {{ return {probe}; }} catch (e) {{ return null; }} }})()",
                                   timeout=cap * 1000, polling=50)
        except PlaywrightTimeout:  # not drawn within the cap
            return None, None
        drawn = page.evaluate(probe) / 1000
        if not ours:
            return drawn, None
        node = page.evaluate("clusterMap.nodes.get({filter: n => n.etype === 'Cluster'})[0].id")
        x, y, node = page.evaluate(
            """(id) => { const n = clusterMap.network; const p = n.canvasToDOM(n.getPositions([id])[id]);
                const b = document.getElementById('mynetwork').getBoundingClientRect();
                return [p.x + b.left, p.y + b.top, n.getNodeAt(p)]; }""",
            node,
        )  # in a crowded map another node may lie on top: expect the panel of the one under the mouse
        page.mouse.click(x, y)
        page.wait_for_function(f"document.getElementById('panel-body').dataset.node === '{node}'", timeout=cap * 1000)
        responsive = page.evaluate("performance.now()") / 1000
        return drawn, responsive
    finally:
        context.close()


def time_cli_with_store(snapshot: GraphSnapshot, workdir: Path) -> tuple[float, float, float, float, float]:
    """Write the graph into the embedded store (not timed as map cost), then time the whole command.

    Returns the write, the whole ``clusterkg map`` run, its layout and render steps (as the command
    reports them) and, measured apart in this process, the store's ``snapshot()`` read."""
    from graph.stores.embedded import EmbeddedRdfStore

    store = workdir / "store"
    started = time.perf_counter()
    by_article: dict[str, Extraction] = {a.id: Extraction(article=a) for a in snapshot.articles}
    entities = {e.id: e for e in snapshot.entities}
    for relation in snapshot.relations:
        extraction = by_article[relation.evidence[0].article_id]
        extraction.relations.append(relation)
        extraction.entities.extend([entities[relation.source], entities[relation.target]])
    with EmbeddedRdfStore(store) as opened:
        opened.write(by_article.values())
    write_seconds = time.perf_counter() - started
    started = time.perf_counter()
    run = subprocess.run(
        [str(Path(sys.executable).parent / "clusterkg"), "map", "--store", str(store), "--out", str(workdir / "cli.html")],
        check=True, capture_output=True, text=True,
    )
    cli_seconds = time.perf_counter() - started
    steps = re.search(r"layout ([\d.]+) s, render ([\d.]+) s", run.stdout)
    layout, render = (float(steps.group(1)), float(steps.group(2))) if steps else (float("nan"), float("nan"))
    with EmbeddedRdfStore(store, read_only=True) as opened:
        started = time.perf_counter()
        opened.snapshot()
        snapshot_seconds = time.perf_counter() - started
    return write_seconds, cli_seconds, layout, render, snapshot_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    parser.add_argument("--cap", type=float, default=40.0, help="seconds to wait for pyvis defaults to draw")
    parser.add_argument("--with-store", action="store_true", help="also time `clusterkg map` end to end over the embedded store")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.fixtures_browser import launch_chromium

    workdir = Path(tempfile.mkdtemp(prefix="bench-map-"))
    rows = []
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        for n in args.sizes:
            snapshot = synthetic_snapshot(n)
            ours_html, pyvis_html = workdir / f"ours-{n}.html", workdir / f"pyvis-{n}.html"
            ours_render = render_ours(snapshot, ours_html)
            pyvis_render = render_pyvis_defaults(snapshot, pyvis_html)
            ours_draw, ours_click = time_in_browser(browser, ours_html, True, args.cap)
            pyvis_draw, _ = time_in_browser(browser, pyvis_html, False, args.cap)
            cli = time_cli_with_store(snapshot, workdir) if args.with_store else None
            rows.append((n, len(snapshot.relations), ours_render, ours_html.stat().st_size, ours_draw, ours_click,
                         pyvis_render, pyvis_html.stat().st_size, pyvis_draw, cli))
            print(f"measured {n} nodes", file=sys.stderr, flush=True)
        browser.close()
    shutil.rmtree(workdir, ignore_errors=True)

    def secs(value: float | None) -> str:
        return f"> {args.cap:.0f} s" if value is None else f"{value:.2f} s"

    print(f"\nMap benchmark, headless Chromium; pyvis defaults capped at {args.cap:.0f} s\n")
    header = ("nodes", "edges", "ours: render", "ours: size", "ours: drawn", "ours: click→panel",
              "pyvis: render", "pyvis: size", "pyvis: drawn")
    if args.with_store:
        header += ("store write", "clusterkg map (CLI)", "CLI: layout", "CLI: render", "store snapshot()")
    print(" | ".join(header))
    print(" | ".join("---" for _ in header))
    for n, m, ours_render, ours_size, ours_draw, ours_click, pv_render, pv_size, pv_draw, cli in rows:
        cells = [str(n), str(m), secs(ours_render), f"{ours_size / 1e6:.1f} MB", secs(ours_draw), secs(ours_click),
                 secs(pv_render), f"{pv_size / 1e6:.1f} MB", secs(pv_draw)]
        if cli:
            cells += [secs(value) for value in cli]
        print(" | ".join(cells))


if __name__ == "__main__":
    main()
