"""A clean ``pip install .`` gives the four import packages, their data files and the command."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
@pytest.mark.packaging
def test_clean_install_imports_every_package(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # A copy of the tree keeps the build from writing into the checkout.
    src = tmp_path / "src"
    subprocess.run(
        [sys.executable, "-c",
         ("import shutil,sys; shutil.copytree(sys.argv[1], sys.argv[2], ignore=shutil.ignore_patterns("
          "'.venv', '.git', '*.egg-info', 'clusterkg-data', 'test-output', '__pycache__'))"),
         str(REPO), str(src)],
        check=True,
    )
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(src)],
        capture_output=True, text=True, env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}, check=False,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    probe = (
        "import clusterkg, clusterkg.cli, graph, loaders, ontology, exports, graph.model, graph.stores\n"
        "import importlib.resources as r\n"
        "names = [p.name for p in r.files('ontology').iterdir()]\n"
        "assert any(n.endswith('.ttl') for n in names), names\n"
        "assert any(p.name == 'map.js' for p in r.files('exports').joinpath('mapassets').iterdir())\n"
        "assert r.files('loaders').joinpath('data', 'furniture.json').is_file()\n"
        "from graph.model import Article\n"
        "from loaders.extraction import Extractor\n"
        "found = Extractor.load().extract(Article(id='a', text='Ректор ТУСУРа Виктор Рулевский открыл лабораторию.'))\n"
        "assert {e.name for e in found.entities} >= {'ТУСУР', 'Виктор Рулевский'}, found.entities\n"
        "print('ok', sorted(n for n in names if not n.startswith('__')))\n"
    )
    # Run outside the checkout so the installed packages, not the source folders, are imported.
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("ok")
    cli = subprocess.run([str(env_dir / "bin" / "clusterkg"), "--help"], capture_output=True, text=True, cwd=tmp_path,
                         check=False)
    assert cli.returncode == 0, cli.stderr[-2000:]
    for command in ("ingest", "extract", "eval", "stats", "members", "entity", "query", "map"):
        assert command in cli.stdout
