"""Bad input through ``clusterkg ingest``: each kind is ingested correctly or skipped with one line
naming it and the reason; the run goes on, the exit code says so (2 = something skipped), and the
store keeps everything it held and still passes the SHACL shapes."""

from __future__ import annotations

import ctypes
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from clusterkg.cli import app
from graph.model import Article, StoreStats
from tests.fixtures_http import LocalSite
from tests.texts import CLUSTER, ENGLISH, KALUGA, KOI8_SAFE, MIKRAN_TUSUR, PERM, hostile_article

REPO = Path(__file__).resolve().parent.parent
GOOD = MIKRAN_TUSUR  # the well-formed article given next to every bad input: the run must go on


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def stats(store_dir: Path) -> StoreStats:
    from graph.stores import open_store

    with open_store(store_dir, read_only=True) as store:
        return store.stats()


def has_article(store_dir: Path, article_id: str) -> bool:
    from graph.stores import open_store

    with open_store(store_dir, read_only=True) as store:
        return store.has_article(article_id)


def shacl_conforms(store_dir: Path, tmp: Path) -> tuple[bool, str]:
    from rdflib import Dataset

    import ontology
    from graph.stores import open_store

    dump = tmp / "dump.nq"
    with open_store(store_dir, read_only=True) as store:
        store.dump(dump)
    dataset = Dataset()
    dataset.parse(dump, format="nquads")
    return ontology.validate(dataset)


@pytest.fixture(scope="module")
def base_store(tmp_path_factory) -> Path:
    """A store that already holds one article: bad input must never cost it anything."""
    folder = tmp_path_factory.mktemp("base")
    (folder / "cluster.txt").write_text(CLUSTER, encoding="utf-8")
    store = folder / "store"
    result = invoke("ingest", str(folder / "cluster.txt"), "--store", str(store))
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture
def store(base_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(base_store, copy, ignore=shutil.ignore_patterns("clusterkg.lock"))
    return copy


# --- the bad inputs -------------------------------------------------------------------------------
def write(path: Path, data: bytes | str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return str(path)


def html_page(title: str, text: str, charset: str = "utf-8", furniture: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title></head><body>'
            f'<nav><a href="/">Главная</a></nav><article><h1>{title}</h1>{body}</article>'
            f"<aside>{furniture}</aside></body></html>")


def jsonl(*records: object) -> str:
    return "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records) + "\n"


def big_text_file(path: Path, megabytes: int) -> str:
    line = ("Томский кластер электроники растёт. " * 40)[:1000] + "\n"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(megabytes * 1000):
            out.write(line)
    return str(path)


def hundred_thousand_lines(path: Path) -> str:
    line = json.dumps({"url": "https://dump.example/1", "text": KALUGA}, ensure_ascii=False) + "\n"
    with path.open("w", encoding="utf-8") as out:
        out.writelines(line for _ in range(100_000))
    return str(path)


def symlink_loop(tmp: Path) -> list[str]:
    folder = tmp / "loop"
    write(folder / "story.txt", KALUGA)
    os.symlink(folder, folder / "self")
    return [str(folder)]


def truncated_feed(tmp: Path) -> list[str]:
    feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Лента</title>'
            f"<item><title>Технопарк</title><link>https://feed.example/1</link><description>{KALUGA}</description></item>"
            f"<item><title>Пермь</title><link>https://feed.example/2</link><description>{PERM[:60]}")
    return [write(tmp / "cut.rss", feed)]


@dataclass
class Case:
    """One kind of bad input: how to make it, what must be skipped, how many articles it adds."""

    build: Callable[[Path, LocalSite], list[str]]
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (source contains, reason contains)
    new: int = 0


CASES: dict[str, Case] = {
    "empty_file": Case(lambda t, s: [write(t / "empty.txt", b"")], [("empty.txt", "empty file")]),
    "whitespace_only": Case(lambda t, s: [write(t / "blank.txt", " \n\t\r\n  ")], [("blank.txt", "whitespace only")]),
    "pdf_as_text": Case(lambda t, s: [write(t / "scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>")],
                        [("scan.txt", "PDF document")]),
    "png_as_text": Case(lambda t, s: [write(t / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")],
                        [("photo.txt", "PNG image")]),
    "gzip_as_text": Case(lambda t, s: [write(t / "news.txt", gzip.compress(KALUGA.encode()))],
                         [("news.txt", "gzip archive")]),
    "nul_bytes": Case(lambda t, s: [write(t / "odd.txt", b"\x00\x01\x02binary\x00" * 100)], [("odd.txt", "NUL bytes")]),
    "cp1251_text": Case(lambda t, s: [write(t / "cp.txt", KALUGA.encode("cp1251"))], new=1),
    "koi8r_text": Case(lambda t, s: [write(t / "koi.txt", KOI8_SAFE.encode("koi8_r"))], new=1),
    "utf8_bom": Case(lambda t, s: [write(t / "bom.txt", b"\xef\xbb\xbf" + PERM.encode())], new=1),
    "utf16_bom": Case(lambda t, s: [write(t / "u16.txt", PERM.encode("utf-16"))], new=1),
    "crlf_lines": Case(lambda t, s: [write(t / "dos.txt", PERM.replace("\n", "\r\n").encode("cp1251"))], new=1),
    "mixed_encodings_folder": Case(
        lambda t, s: [str(t / "mixed"), write(t / "mixed" / "a.txt", KALUGA.encode("cp1251")),
                      write(t / "mixed" / "sub" / "b.txt", KOI8_SAFE.encode("koi8_r")),
                      write(t / "mixed" / "sub" / "c.txt", PERM.encode("utf-8-sig")),
                      write(t / "mixed" / "sub" / "d.pdf", b"%PDF-1.4 scan")][:1],
        [("d.pdf", "PDF document")], new=3),
    "truncated_html": Case(lambda t, s: [write(t / "cut.html", html_page("Технопарк", KALUGA)[:-80])], new=1),
    "html_without_main_text": Case(
        lambda t, s: [write(t / "menu.html", '<html><body><nav><a href="/">Главная</a></nav></body></html>')],
        [("menu.html", "no main text")]),
    "html_cp1251": Case(lambda t, s: [write(t / "win.html", html_page("Пермь", PERM, "windows-1251").encode("cp1251"))],
                        new=1),
    "rss_not_xml": Case(lambda t, s: [write(t / "feed.rss", "502 Bad Gateway: upstream is down")],
                        [("feed.rss", "not an RSS/Atom feed")]),
    "rss_truncated": Case(lambda t, s: truncated_feed(t), [("cut.rss#entry2", "no text")], new=1),
    "rss_entry_without_text": Case(
        lambda t, s: [write(t / "f.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>'
                                        "<item><title>Только заголовок</title></item></channel></rss>")],
        [("f.xml#entry1", "no text")]),
    "jsonl_line_not_json": Case(lambda t, s: [write(t / "a.jsonl", jsonl({"text": KALUGA}, "{oops"))],
                                [("a.jsonl:2", "not JSON")], new=1),
    "jsonl_line_without_text": Case(lambda t, s: [write(t / "b.jsonl", jsonl({"id": "1", "title": "x"}, {"text": PERM}))],
                                    [("b.jsonl:1", "\"text\"")], new=1),
    "jsonl_wrong_types": Case(lambda t, s: [write(t / "c.jsonl", jsonl([1, 2], {"text": 42}, "null", {"text": PERM}))],
                              [("c.jsonl:1", "not an object"), ("c.jsonl:2", "\"text\""), ("c.jsonl:3", "not an object")],
                              new=1),
    "jsonl_invalid_utf8": Case(lambda t, s: [write(t / "d.jsonl", b'{"text": "\xcf\xf0\xe8\xe2\xe5\xf2"}\n'
                                                   + jsonl({"text": PERM}).encode())],
                               [("d.jsonl:1", "not UTF-8")], new=1),
    "jsonl_bad_date_and_bom": Case(lambda t, s: [write(t / "e.jsonl", b"\xef\xbb\xbf" + jsonl(
        {"text": PERM, "date": "позавчера", "url": 17}).encode())], new=1),
    "article_50_mb": Case(lambda t, s: [big_text_file(t / "huge.txt", 50)], [("huge.txt", "too large")]),
    "jsonl_line_too_large": Case(
        lambda t, s: [write(t / "g.jsonl", '{"text": "' + "я" * 3_000_000 + '"}\n' + jsonl({"text": PERM}))],
        [("g.jsonl:1", "too large")], new=1),
    "jsonl_100k_lines": Case(lambda t, s: [hundred_thousand_lines(t / "big.jsonl")], new=1),
    "article_in_english": Case(lambda t, s: [write(t / "en.txt", ENGLISH)], new=1),
    "url_timeout": Case(lambda t, s: [s.add("/slow", html_page("x", KALUGA), delay=4)], [("/slow", "timed out")]),
    "url_404": Case(lambda t, s: [s.url("/missing")], [("/missing", "HTTP 404")]),
    "url_500": Case(lambda t, s: [s.add("/boom", "Internal error", status=500)], [("/boom", "HTTP 500")]),
    "url_refused": Case(lambda t, s: ["http://127.0.0.1:9/nothing-listens"], [("127.0.0.1:9", "cannot fetch")]),
    "url_unsupported_scheme": Case(lambda t, s: ["ftp://127.0.0.1/news.txt"], [("ftp://", "unsupported URL scheme")]),
    "url_good_page": Case(lambda t, s: [s.add("/news/7", html_page("Технопарк", KALUGA))], new=1),
    "path_does_not_exist": Case(lambda t, s: [str(t / "no" / "such.txt")], [("such.txt", "no such file")]),
    "empty_folder": Case(lambda t, s: [str((t / "void").mkdir(parents=True) or (t / "void"))], [("void", "no articles")]),
    "special_file": Case(lambda t, s: ["/dev/null"], [("/dev/null", "not a regular file")]),
    "symlink_loop": Case(lambda t, s: symlink_loop(t), new=1),
    "same_file_twice": Case(lambda t, s: [write(t / "k.txt", KALUGA)] * 2, new=1),
    "same_story_two_urls": Case(
        lambda t, s: [s.add("/a/story", html_page("Технопарк", KALUGA, furniture="Реклама: купите слона")),
                      s.add("/b/copy", html_page("Технопарк", KALUGA, furniture="Погода: +5"))], new=2),
    "hostile_names": Case(lambda t, s: [write(t / "hostile.txt", hostile_article())], new=1),
}


SLOW_CASES = {"jsonl_100k_lines"}  # ten seconds and more: `make check` leaves them to `make test`


@pytest.mark.parametrize("kind", [pytest.param(k, marks=pytest.mark.slow) if k in SLOW_CASES else k for k in CASES])
def test_bad_input(kind: str, store: Path, tmp_path: Path, http_site, monkeypatch) -> None:
    monkeypatch.setenv("CLUSTERKG_HTTP_TIMEOUT", "1")
    case = CASES[kind]
    (tmp_path / "in").mkdir()
    inputs = case.build(tmp_path / "in", http_site)
    good = write(tmp_path / "good" / "good.txt", GOOD)
    before = stats(store)

    result = invoke("ingest", *inputs, good, "--store", str(store))

    skip_lines = [line for line in result.stderr.splitlines() if line.startswith("skipped ")]
    assert len(skip_lines) == len(case.skipped), result.stderr
    for source, reason in case.skipped:
        assert sum(source in line and reason in line for line in skip_lines) == 1, (source, reason, skip_lines)
    assert result.exit_code == (2 if case.skipped else 0), result.output
    assert "Traceback" not in result.output

    after = stats(store)
    assert has_article(store, Article.make_id(None, GOOD)), "the run did not go on to the good article"
    assert after.articles == before.articles + 1 + case.new, (before, after)
    assert after.entities >= before.entities and after.relations >= before.relations
    conforms, report = shacl_conforms(store, tmp_path)
    assert conforms, report


def _ingest_with_one_unreadable(base_store: Path, locked: str, secret: str) -> tuple[Path, list[str]]:
    """Ingest a folder holding a readable article and one path without read permission, as a user
    without root's override; returns the folder and the skip lines, after checking the rest was stored."""
    with tempfile.TemporaryDirectory(prefix="ckg-perm-") as raw:
        root = Path(raw)
        os.chmod(root, 0o777)
        store = root / "store"
        shutil.copytree(base_store, store, ignore=shutil.ignore_patterns("clusterkg.lock"))
        write(root / "in" / "open.txt", KALUGA)
        write(root / "in" / secret, PERM)
        os.chmod(root / "in" / locked, 0)
        try:
            result = run_unprivileged([str(Path(sys.executable).parent / "clusterkg"), "ingest", str(root / "in"), "--store", str(store)])
        finally:
            os.chmod(root / "in" / locked, 0o755)
        assert result.returncode == 2, result.stderr
        assert stats(store).articles == 2
        return root / "in", [line for line in result.stderr.splitlines() if line.startswith("skipped ")]


@pytest.mark.slow  # a whole `clusterkg ingest` process without root's override
def test_unreadable_folder_through_ingest(base_store: Path) -> None:
    """A directory without read permission: skipped with one line, the rest stored (run without root's override)."""
    folder, skipped = _ingest_with_one_unreadable(base_store, "locked", "locked/secret.txt")
    assert skipped == [f"skipped {folder / 'locked'}: permission denied (directory not readable)"]


@pytest.mark.slow  # a whole `clusterkg ingest` process without root's override
def test_unreadable_file_through_ingest(base_store: Path) -> None:
    """A file without read permission beside a readable one: skipped with one line, the rest stored."""
    folder, skipped = _ingest_with_one_unreadable(base_store, "secret.txt", "secret.txt")
    assert len(skipped) == 1 and skipped[0].startswith(f"skipped {folder / 'secret.txt'}: "), skipped
    assert "permission" in skipped[0]


def run_unprivileged(command: list[str]) -> subprocess.CompletedProcess:
    """Run ``command`` without the power to ignore file permissions (root keeps its uid, loses DAC override)."""
    preexec = _drop_permission_override if os.geteuid() == 0 else None
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, preexec_fn=preexec,
                          check=False)


def _drop_permission_override() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop, cap_dac_override, cap_dac_read_search = 24, 1, 2
    for capability in (cap_dac_override, cap_dac_read_search):
        if libc.prctl(pr_capbset_drop, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop the permission-override capability")


def run_as_unprivileged_loader() -> list[str]:
    """The loader alone on a folder with an unreadable subfolder; returns the printed skip lines."""
    with tempfile.TemporaryDirectory(prefix="ckg-perm-") as raw:
        root = Path(raw)
        write(root / "open.txt", KALUGA)
        write(root / "locked" / "secret.txt", PERM)
        os.chmod(root / "locked", 0)
        code = ("import sys\nfrom loaders.sources import load_articles, SkippedSource\n"
                f"for item in load_articles({str(root)!r}):\n"
                "    print(item.line() if isinstance(item, SkippedSource) else 'article ' + item.id)\n")
        try:
            result = run_unprivileged([sys.executable, "-c", code])
        finally:
            os.chmod(root / "locked", 0o755)
        assert result.returncode == 0, result.stderr
        return result.stdout.splitlines()
