"""Loaders: every source kind into Article models, and what cannot be read into one SkippedSource."""

from __future__ import annotations

import gzip
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from graph.model import Article
from loaders.sources import LOADERS, SkippedSource, load_articles, story_fingerprint
from loaders.sources.encoding import cyrillic_plausibility, decode_bytes
from tests.texts import CLUSTER, KOI8_SAFE, MIKRAN_TUSUR


def items(source) -> list:
    return list(load_articles(source))


def articles(source) -> list[Article]:
    return [i for i in load_articles(source) if isinstance(i, Article)]


def skips(source) -> list[SkippedSource]:
    return [i for i in load_articles(source) if isinstance(i, SkippedSource)]


def page(title: str, paragraphs: list[str], *, charset: str = "utf-8", extra_head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{title}</title>{extra_head}</head>'
        f'<body><nav><a href="/">Главная</a> <a href="/news">Новости</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>© Редакция</footer></body></html>"
    )


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n")[1:]]


# --- plain text and encodings --------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "koi8_r", "utf-16"])
def test_text_file_in_every_russian_encoding(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(KOI8_SAFE.encode(encoding))
    [article] = articles(path)
    assert article.text == KOI8_SAFE
    assert article.title == "Сибирские заводы объединились"
    assert article.id == Article.make_id(None, KOI8_SAFE)


def test_real_articles_survive_cp1251_and_koi8(dev_articles: list[dict]) -> None:
    for record in dev_articles:
        for encoding in ("cp1251", "koi8_r"):
            raw = record["text"].encode(encoding, errors="replace")
            text, used = decode_bytes(raw)
            assert text == raw.decode(encoding), (record["id"], encoding, used)


def test_plausibility_prefers_the_right_code_page() -> None:
    raw = "Томский университет подписал соглашение".encode("cp1251")
    assert cyrillic_plausibility(raw.decode("cp1251")) > cyrillic_plausibility(raw.decode("koi8_r"))
    assert cyrillic_plausibility(raw.decode("cp1251")) > cyrillic_plausibility(raw.decode("iso8859_5"))


def test_mixed_encodings_in_one_folder_recursively(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b").mkdir()
    (tmp_path / "one.txt").write_bytes(MIKRAN_TUSUR.encode("utf-8"))
    (tmp_path / "a" / "two.txt").write_bytes(CLUSTER.encode("cp1251"))
    (tmp_path / "a" / "b" / "three.txt").write_bytes(KOI8_SAFE.encode("koi8_r"))
    (tmp_path / ".hidden.txt").write_text("не статья", encoding="utf-8")
    found = articles(tmp_path)
    assert sorted(a.text for a in found) == sorted([MIKRAN_TUSUR, CLUSTER, KOI8_SAFE])


def test_seed_page_loads_whole(seed_page: Path) -> None:
    [article] = articles(seed_page)
    assert "Микран" in article.text and "Последние статьи" in article.text  # furniture goes later
    # The rubric line above the headline is not the title.
    assert article.title == "Участники промышленного кластера Томской области презентовали свои проекты"


# --- HTML --------------------------------------------------------------------------------------
def test_html_main_text_title_date_author(tmp_path: Path) -> None:
    head = ('<meta name="author" content="Анна Иванова">'
            '<meta property="article:published_time" content="2024-03-05T10:00:00+07:00">')
    path = tmp_path / "page.html"
    path.write_text(page("Микран и ТУСУР договорились", paragraphs(MIKRAN_TUSUR), extra_head=head), encoding="utf-8")
    [article] = articles(path)
    assert article.title == "Микран и ТУСУР договорились"
    assert article.author == "Анна Иванова"
    assert str(article.published) == "2024-03-05"
    assert article.text.startswith("Микран и ТУСУР договорились")
    assert "Виктор Рулевский" in article.text
    assert "Главная" not in article.text and "Редакция" not in article.text


def test_html_in_cp1251_with_meta_charset(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(page("Кластер растёт", paragraphs(CLUSTER), charset="windows-1251").encode("cp1251"))
    [article] = articles(path)
    assert "Радар ММС" in article.text


def test_html_without_main_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "menu.html"
    path.write_text('<html><body><nav><a href="/">Главная</a><a href="/x">Контакты</a></nav></body></html>',
                    encoding="utf-8")
    [skipped] = skips(path)
    assert skipped.source == str(path) and "no main text" in skipped.reason


def test_truncated_html_keeps_what_is_there(tmp_path: Path) -> None:
    full = page("Микран и ТУСУР договорились", paragraphs(MIKRAN_TUSUR))
    path = tmp_path / "cut.html"
    path.write_text(full[: full.index("Ректор ТУСУРа") + 30], encoding="utf-8")
    [article] = articles(path)
    assert "соглашение о сотрудничестве" in article.text


# --- feeds -------------------------------------------------------------------------------------
RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Томские новости</title>
<item><title>Микран и ТУСУР договорились</title><link>https://news.example/1</link>
<description>&lt;p&gt;{one}&lt;/p&gt;</description><pubDate>Tue, 05 Mar 2024 10:00:00 +0000</pubDate></item>
<item><title>Кластер растёт</title><link>https://news.example/2</link><description>{two}</description></item>
<item><title>Только заголовок</title><link>https://news.example/3</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Лента</title>
<entry><title>Кластер растёт</title><link href="https://atom.example/a"/><updated>2024-04-01T00:00:00Z</updated>
<content type="html">{two}</content></entry></feed>"""


def test_rss_entries_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text(RSS.format(one=paragraphs(MIKRAN_TUSUR)[0], two=paragraphs(CLUSTER)[0]), encoding="utf-8")
    result = items(path)
    found = [i for i in result if isinstance(i, Article)]
    assert [a.url for a in found] == ["https://news.example/1", "https://news.example/2"]
    assert found[0].outlet == "Томские новости" and str(found[0].published) == "2024-03-05"
    assert found[0].text.startswith("Микран и ТУСУР договорились\n\n")
    assert found[0].id == Article.make_id("https://news.example/1", found[0].text)
    [skipped] = [i for i in result if isinstance(i, SkippedSource)]
    assert skipped.source.endswith("feed.rss#entry3") and "no text" in skipped.reason


def test_atom_feed(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(ATOM.format(two=paragraphs(CLUSTER)[0]), encoding="utf-8")
    [article] = articles(path)
    assert article.url == "https://atom.example/a" and "Когнитив" in article.text


def test_feed_that_is_not_xml_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text("Сервис временно недоступен, попробуйте позже", encoding="utf-8")
    [skipped] = skips(path)
    assert "not an RSS/Atom feed" in skipped.reason


# --- JSONL -------------------------------------------------------------------------------------
def test_jsonl_fields_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"id": "x1", "url": "https://a.example/1", "title": "T", "date": "2023-12-14",
                    "source": "a.example", "text": MIKRAN_TUSUR}, ensure_ascii=False),
        "{not json",
        json.dumps({"id": "x3", "title": "no text"}),
        "",
        json.dumps(["text", "in a list"]),
        json.dumps({"text": CLUSTER, "date": "вчера"}, ensure_ascii=False),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = items(path)
    found = [i for i in result if isinstance(i, Article)]
    assert [a.text for a in found] == [MIKRAN_TUSUR, CLUSTER]
    first = found[0]
    assert (first.url, first.title, first.outlet, str(first.published)) == (
        "https://a.example/1", "T", "a.example", "2023-12-14")
    assert first.id == Article.make_id("https://a.example/1", MIKRAN_TUSUR)
    assert found[1].published is None
    bad = {s.source.rsplit(":", 1)[1]: s.reason for s in result if isinstance(s, SkippedSource)}
    assert set(bad) == {"2", "3", "5"}
    assert "not JSON" in bad["2"] and "text" in bad["3"] and "not an object" in bad["5"]


def test_dev_jsonl_loads_every_line(dev_jsonl: Path, dev_articles: list[dict]) -> None:
    found = articles(dev_jsonl)
    assert len(found) == len(dev_articles) == 21
    assert len({a.id for a in found}) == 21


@pytest.mark.slow
def test_jsonl_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    line = json.dumps({"text": MIKRAN_TUSUR}, ensure_ascii=False) + "\n"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(100_000):
            out.write(line)
    size = path.stat().st_size
    tracemalloc.start()
    count = 0
    for item in load_articles(path):
        count += isinstance(item, Article)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 100_000
    assert peak < size / 20, f"peak {peak} bytes while reading a {size}-byte dump"


# --- URLs --------------------------------------------------------------------------------------
def test_url_kinds_by_content_type(http_site) -> None:
    html_url = http_site.add("/news/1", page("Кластер растёт", paragraphs(CLUSTER)))
    feed_url = http_site.add("/rss", RSS.format(one="Первая новость о кластере и его участниках.",
                                                 two="Вторая новость о кластере и его участниках."),
                             "application/rss+xml")
    text_url = http_site.add("/plain", KOI8_SAFE.encode("cp1251"), "text/plain; charset=windows-1251")
    [html_article] = articles(html_url)
    assert html_article.url == html_url and "Когнитив" in html_article.text
    assert html_article.id == Article.make_id(html_url, html_article.text)
    assert len(articles(feed_url)) == 2
    [text_article] = articles(text_url)
    assert text_article.text == KOI8_SAFE


@pytest.mark.parametrize("status", [404, 500])
def test_url_http_errors_are_skipped(http_site, status: int) -> None:
    url = http_site.add(f"/e{status}", "ошибка", status=status)
    [skipped] = skips(url)
    assert skipped.source == url and skipped.reason.startswith(f"HTTP {status}")


def test_url_timeout_is_skipped(http_site) -> None:
    url = http_site.add("/slow", page("Медленно", paragraphs(CLUSTER)), delay=3)
    [skipped] = list(load_articles(url, timeout=0.5))
    assert skipped.reason == "timed out after 0.5 s"


def test_url_refused_and_bad_scheme() -> None:
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    [refused] = skips(f"http://127.0.0.1:{port}/x")
    assert "cannot fetch" in refused.reason
    [ftp] = skips("ftp://127.0.0.1/x.txt")
    assert "unsupported URL scheme" in ftp.reason


# --- inputs that are not articles --------------------------------------------------------------
@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\r\n  ", "whitespace only"),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>>", "PDF document"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
        ("dump.txt", gzip.compress(MIKRAN_TUSUR.encode()), "gzip archive"),
        ("nul.txt", b"abc\x00\x01\x02def" * 50, "NUL bytes"),
    ],
)
def test_unreadable_files_are_skipped_with_a_reason(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [skipped] = skips(path)
    assert skipped.source == str(path) and reason in skipped.reason
    assert skipped.line().startswith(f"skipped {path}: ")


def test_missing_path(tmp_path: Path) -> None:
    [skipped] = skips(tmp_path / "nope.txt")
    assert skipped.reason == "no such file or directory"


def test_huge_article_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as out:
        for _ in range(50 * 1024):
            out.write(("Кластер " * 128)[:1023] + "\n")
    [skipped] = skips(path)
    assert "too large" in skipped.reason


def test_every_loader_declares_a_kind() -> None:
    assert [loader.kind for loader in LOADERS] == ["jsonl", "feed", "html", "text"]


def test_syndicated_copies_share_a_fingerprint() -> None:
    copy = "Главная | Новости | Экономика | Спорт\n\n" + MIKRAN_TUSUR.replace("ё", "е") + "\n\nЧитайте также\n\nДругое"
    assert story_fingerprint(copy) == story_fingerprint(MIKRAN_TUSUR)
    assert story_fingerprint(CLUSTER) != story_fingerprint(MIKRAN_TUSUR)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_unreadable_folder_is_skipped(tmp_path: Path) -> None:
    from tests.test_bad_input import run_as_unprivileged_loader

    lines = run_as_unprivileged_loader()
    assert any("permission denied" in line for line in lines), lines


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Томская область\n\nУчастники кластера показали свои проекты\n\nТекст статьи.", "Участники кластера показали свои проекты"),
        ("Кластер открыт в Туле\nТекст статьи о кластере.", "Кластер открыт в Туле"),
        ("Экономика\n12.03.2025\nВуз и завод подписали соглашение\nТекст.", "Вуз и завод подписали соглашение"),
        ("Коротко\n\n" + "слово " * 80, "Коротко"),
        ("слово " * 80, None),
    ],
)
def test_plain_text_title_skips_a_rubric_line(text: str, title: str | None) -> None:
    from loaders.sources.text import first_line_title

    assert first_line_title(text) == title
