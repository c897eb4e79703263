"""The layout shows the data flow: the application (clusterkg) sits above loaders, graph, exports and
ontology; loaders and exports build on graph; graph on the ontology's vocabulary (ontology imports
nothing of ours); nothing imports upwards and no two modules import each other.

The imports are read with ``ast`` (nothing is imported), every ``import`` counts, the ones inside
functions too: a lazy import still ties two modules together.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGES = ("clusterkg", "graph", "loaders", "exports", "ontology")
# package -> the packages it may import (besides itself)
ALLOWED = {
    "clusterkg": {"loaders", "graph", "exports", "ontology"},
    "loaders": {"graph", "ontology"},
    "exports": {"graph", "ontology"},
    "graph": {"ontology"},
    "ontology": set(),
}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules(root: Path = REPO, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    found = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            found[_module_name(path, root)] = path
    return found


def _imported(node: ast.AST, module: str, is_package: bool, known: set[str]) -> list[str]:
    """The project modules one import statement loads (the deepest known module of each name)."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            prefix = ".".join(base + ([node.module] if node.module else []))
        else:
            prefix = node.module or ""
        # ``from package import submodule`` loads the submodule; ``from module import name`` the module.
        targets = [f"{prefix}.{alias.name}" if f"{prefix}.{alias.name}" in known else prefix for alias in node.names]
    else:
        return []
    result = []
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target:
            result.append(target)
    return result


def import_graph(root: Path = REPO, packages: tuple[str, ...] = PACKAGES) -> nx.DiGraph:
    """Module → module edges, each with the line numbers of the imports behind it."""
    modules = project_modules(root, packages)
    known = set(modules)
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    for module, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        for node in ast.walk(tree):
            for target in set(_imported(node, module, is_package, known)):
                if target != module:
                    graph.add_edge(module, target)
                    graph.edges[module, target].setdefault("lines", []).append(node.lineno)
    return graph


def package_graph(modules: nx.DiGraph) -> dict[str, dict[str, list[str]]]:
    """package -> imported package -> the module edges that make the dependency."""
    packages: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for source, target in modules.edges:
        a, b = source.split(".")[0], target.split(".")[0]
        if a != b:
            packages[a][b].append(f"{source} -> {target}")
    return packages


def describe(packages: dict[str, dict[str, list[str]]]) -> str:
    lines = ["package import graph:"]
    for source in PACKAGES:
        targets = packages.get(source, {})
        lines.append(f"  {source} -> {', '.join(sorted(targets)) or '(nothing)'}")
    return "\n".join(lines)


@pytest.fixture(scope="module")
def modules() -> nx.DiGraph:
    return import_graph()


def test_the_walk_sees_the_known_imports(modules: nx.DiGraph) -> None:
    # A walk that found nothing would pass the two tests below: prove it reads real edges.
    assert modules.has_edge("clusterkg.cli.store_cmd", "graph.model")
    assert modules.has_edge("exports.files", "graph.analytics")
    assert modules.number_of_nodes() > 60 and modules.number_of_edges() > 100


def test_packages_import_only_downwards(modules: nx.DiGraph) -> None:
    packages = package_graph(modules)
    wrong = [
        f"{source} -> {target}: " + "; ".join(sorted(edges)[:5])
        for source, targets in sorted(packages.items())
        for target, edges in sorted(targets.items())
        if target not in ALLOWED[source]
    ]
    assert not wrong, describe(packages) + "\nupward or sideways imports:\n  " + "\n  ".join(wrong)


def module_cycles(modules: nx.DiGraph) -> list[list[str]]:
    return [sorted(group) for group in nx.strongly_connected_components(modules) if len(group) > 1]


def test_the_walk_finds_a_lazy_relative_cycle(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from pkg.a import A\n")
    (package / "a.py").write_text("A = 1\ndef f():\n    from .sub import b\n")
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "b.py").write_text("from ..a import A\n")
    (package / "c.py").write_text("from pkg import sub\n")
    found = import_graph(tmp_path, ("pkg",))
    assert module_cycles(found) == [["pkg.a", "pkg.sub.b"]]
    assert found.has_edge("pkg.c", "pkg.sub") and not found.has_edge("pkg.c", "pkg")


def test_no_import_cycle_between_modules(modules: nx.DiGraph) -> None:
    cycles = module_cycles(modules)
    detail = []
    for group in cycles:
        sub = modules.subgraph(group)
        detail.append(" <-> ".join(group) + "\n    " + "\n    ".join(
            f"{u} -> {v} (line {', '.join(map(str, d['lines']))})" for u, v, d in sorted(sub.edges(data=True))))
    assert not cycles, describe(package_graph(modules)) + "\nmodule cycles:\n  " + "\n  ".join(detail)
