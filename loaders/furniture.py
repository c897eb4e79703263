"""Drop page furniture from plain article text: what the page wraps around the story.

Rules work on structure, not on a list of sites: where a line stands (before the first
paragraph of prose, after a "latest news" marker, at the very end), how long it is, whether it
ends a sentence, how many of its characters are letters, and whether its words belong to the
story at all. Marker words live in ``loaders/data/furniture.json``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SENTENCE_END = re.compile(r"[.!?…](?:[\"»”’)\]]*)(?:\s|$)")
_TERMINAL = re.compile(r"[.!?…:;,»\"”)]\s*$|\.\.\.\s*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-–—•*·]|\d{1,2}[.)])\s")
# Leftover markup: a whole line that is a tag, an inline image, or a theme's placeholder token.
_MARKUP = re.compile(r"^<[a-zA-Z/!].*>$|^[^ ]*data:image/|\bspot_img|^img$|^image$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[A-ZА-ЯЁ][a-zа-яё]+(?:-[A-ZА-ЯЁ]?[a-zа-яё]+)?$")
_SEPARATORS = re.compile(r"\s[|•·/]\s")
_TIME_OR_NUMBER = re.compile(r"\d")

PROSE_MIN_WORDS = 8
INTERPOSED_MAX_WORDS = 16
STORY_OVERLAP_MIN = 0.3


@dataclass(frozen=True)
class _Markers:
    tail: frozenset[str]
    prefixes: tuple[str, ...]
    story_links: tuple[str, ...]
    caption_prefixes: tuple[str, ...]
    weekdays: frozenset[str]
    months: frozenset[str]
    year_words: frozenset[str]
    relative_time: re.Pattern[str]
    address: re.Pattern[str]
    attribution: re.Pattern[str]
    trailing_attribution: re.Pattern[str]


@lru_cache(maxsize=1)
def _markers() -> _Markers:
    data = json.loads(resources.files("loaders").joinpath("data/furniture.json").read_text("utf-8"))
    verbs = "|".join(re.escape(v) for v in data["attribution_verbs"])
    outlet = r"(?:[«\"]?[A-ZА-ЯЁ][\w\-.«»\"]*(?:\s+|(?=\.))){1,3}"
    prefixes = tuple(data["line_prefixes"])
    caption_starts = tuple(data["caption_starts"])
    opening = re.escape(data["attribution_opening"])
    return _Markers(
        tail=frozenset(data["tail_markers"]),
        prefixes=tuple(p for p in prefixes if not p.startswith(caption_starts)),
        caption_prefixes=tuple(p for p in prefixes if p.startswith(caption_starts)),
        story_links=tuple(data["story_links"]),
        weekdays=frozenset(data["weekdays"]),
        months=frozenset(data["months"]),
        year_words=frozenset(data["year_words"]),
        relative_time=re.compile(data["relative_time"], re.IGNORECASE),
        address=re.compile(data["address"], re.IGNORECASE),
        attribution=re.compile(rf"(?:^|(?<=\s)){opening} (?:{verbs})\s+{outlet}\.(?:\s+|$)", re.UNICODE),
        trailing_attribution=re.compile(rf",\s+(?:{verbs})\s+{outlet}(?=\.(?:\s|$))", re.UNICODE),
    )


def _key(line: str) -> str:
    return line.strip().lower().replace("ё", "е").rstrip(" .:!…»\"").strip()


def _words(line: str) -> list[str]:
    return line.split()


def is_prose(line: str) -> bool:
    """A paragraph of the story: enough words and at least one finished sentence."""
    return len(_words(line)) >= PROSE_MIN_WORDS and bool(_SENTENCE_END.search(line))


def _letter_share(line: str) -> float:
    chars = [c for c in line if not c.isspace()]
    return sum(c.isalpha() for c in chars) / len(chars) if chars else 0.0


def _is_banner(line: str, markers: _Markers) -> bool:
    """The site's cookie notice or call to subscribe ("На сайте используются cookies…", "1 Подписывайтесь на …"):
    short, and about cookies or opening with a furniture prefix after a counter."""
    low = line.strip().lower()
    return len(_words(line)) <= 30 and ("cookie" in low or low.lstrip("0123456789.) ").startswith(markers.prefixes))


def _is_ticker(line: str) -> bool:
    """Currency, weather and clock lines: short and mostly digits and signs."""
    return len(_words(line)) <= 6 and _letter_share(line) < 0.6


def _is_date_line(line: str, markers: _Markers) -> bool:
    """A dateline ("Пятница, 26 апреля", "Экономика, 27.11.2016"): at most one word besides the date."""
    if len(_words(line)) > 6:
        return False
    words = [w.lower() for w in _WORD.findall(line)]
    dated = any(w in markers.weekdays for w in words) or (
        _TIME_OR_NUMBER.search(line) and any(w in markers.months for w in words)
    )
    rest = [w for w in words if w not in markers.weekdays and w not in markers.months and w not in markers.year_words]
    return bool(dated) and len(rest) <= 1


def _is_name_line(line: str) -> bool:
    """A person's name alone on a line (the byline above a bio): two or three capitalised words."""
    words = _words(line.strip())
    return 2 <= len(words) <= 3 and all(_NAME_WORD.match(w) for w in words)


def _stems(line: str) -> set[str]:
    return {w.lower().replace("ё", "е")[:5] for w in _WORD.findall(line) if len(w) >= 5}


def strip_furniture(text: str) -> str:
    """The story alone: headline, lead and body, without what the page put around and inside it."""
    markers = _markers()
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        return ""
    keep = {i: True for i in content}
    # a site's cookie banner is a finished sentence too, but never the story's first paragraph
    body_start = next((i for i in content if is_prose(lines[i]) and not _is_banner(lines[i], markers)), None)

    end = _tail_cut(lines, content, body_start, markers)
    for i in content:
        if i >= end:
            keep[i] = False
    content = [i for i in content if i < end]

    for i in content:
        line = lines[i].strip()
        low = line.lower().replace("ё", "е")
        in_header = body_start is None or i < body_start
        if (
            _MARKUP.search(line)
            or _is_ticker(line)
            or _is_date_line(line, markers)
            or (len(_words(line)) <= 8 and markers.address.match(line))
            or low.startswith(markers.prefixes)
            or (low.startswith(markers.story_links) and not is_prose(line))
            or (len(_words(line)) <= 25 and low.startswith(markers.caption_prefixes))
            or len(_SEPARATORS.findall(line)) >= 3
            or (in_header and len(_words(line)) <= 2)
            or _is_banner(line, markers)
        ):
            keep[i] = False

    _drop_captions(lines, content, keep, markers)
    _drop_menus(lines, content, keep)
    _drop_repeats(lines, content, keep)
    _drop_interposed_headlines(lines, content, keep, body_start)

    kept = [_strip_attribution(lines[i], markers) if keep.get(i) else None for i in range(len(lines))]
    out: list[str] = []
    for i, line in enumerate(lines):
        if not line.strip():
            out.append("")
        elif kept[i] is not None and kept[i].strip():
            out.append(kept[i])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _tail_cut(lines: list[str], content: list[int], body_start: int | None, markers: _Markers) -> int:
    """Index of the first line of trailing furniture (marker lists, time-stamped lists, byline + bio)."""
    end = len(lines)
    after_body = [i for i in content if body_start is not None and i > body_start]
    for i in after_body:
        if _key(lines[i]) in markers.tail:
            end = i
            break
    for i in after_body:
        if i >= end:
            break
        if markers.relative_time.match(lines[i].strip()):
            start = i
            previous = [j for j in content if j < i and j > body_start]
            for j in reversed(previous[-2:]):
                line = lines[j].rstrip()
                if line.endswith(("…", "...")) or not _TERMINAL.search(line):
                    start = j
                else:
                    break
            end = min(end, start)
            break
    remaining = [i for i in after_body if i < end]
    for position, i in enumerate(remaining):
        if _is_name_line(lines[i]) and len(remaining) - position - 1 <= 2:
            end = min(end, i)
            break
    return end


def _drop_captions(lines: list[str], content: list[int], keep: dict[int, bool], markers: _Markers) -> None:
    """A short unfinished line right above a photo credit is the photo's caption."""
    first_kept = next((i for i in content if keep.get(i)), None)
    for before, after in zip(content, content[1:]):
        if before == first_kept:
            continue  # the headline often stands right above the lead photo's credit
        credit = lines[after].strip().lower().replace("ё", "е")
        if credit.startswith(markers.caption_prefixes) and not is_prose(lines[before]):
            if len(_words(lines[before])) <= INTERPOSED_MAX_WORDS and not _SENTENCE_END.search(lines[before]):
                keep[before] = False


def _drop_menus(lines: list[str], content: list[int], keep: dict[int, bool]) -> None:
    """Four or more one- or two-word lines in a row, no digits: a navigation menu."""
    run: list[int] = []
    for i in content + [None]:
        short = i is not None and len(_words(lines[i])) <= 2 and not _TIME_OR_NUMBER.search(lines[i]) \
            and not _TERMINAL.search(lines[i])
        if short and (not run or i == _next_content(content, run[-1])):
            run.append(i)
            continue
        if len(run) >= 4:
            for j in run:
                keep[j] = False
        run = [i] if short else []


def _next_content(content: list[int], i: int) -> int | None:
    position = content.index(i)
    return content[position + 1] if position + 1 < len(content) else None


def _drop_repeats(lines: list[str], content: list[int], keep: dict[int, bool]) -> None:
    """A short line seen before (a caption repeated by a gallery) is furniture the second time."""
    seen: set[str] = set()
    for i in content:
        line = " ".join(lines[i].split())
        if line in seen and not is_prose(line):
            keep[i] = False
        seen.add(line)


def _drop_interposed_headlines(
    lines: list[str], content: list[int], keep: dict[int, bool], body_start: int | None
) -> None:
    """Headlines of other stories inside the body: unfinished short lines sharing few words with it."""
    if body_start is None:
        return
    kept = [i for i in content if keep.get(i)]
    for i in kept:
        line = lines[i].strip()
        if i <= body_start or is_prose(line) or _LIST_ITEM.match(line) or _TERMINAL.search(line):
            continue
        if not 3 <= len(_words(line)) <= INTERPOSED_MAX_WORDS:
            continue
        own = _stems(line)
        if len(own) < 2:
            continue
        rest: set[str] = set()
        for j in kept:
            if j != i and keep.get(j):
                rest |= _stems(lines[j])
        if len(own & rest) / len(own) < STORY_OVERLAP_MIN:
            keep[i] = False


def _strip_attribution(line: str, markers: _Markers) -> str:
    """Drop "Об этом сообщает НИА-Томск." and ", передает РИА Томск": the outlet is not the story."""
    line = markers.attribution.sub("", line)
    return markers.trailing_attribution.sub("", line).rstrip()
