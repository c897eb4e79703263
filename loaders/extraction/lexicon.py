"""The data files under ``data/`` as lookup tables keyed by lemmas (so any case form matches)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from graph.word_lists import word_list, word_set
from loaders.extraction.morph import Morph

_ADJECTIVE_ENDINGS = word_list("masculine_adjective_endings", "loaders.extraction")
_REGION_KIND_NOUNS = word_set("oblast_and_krai", "loaders.extraction")


def _rows(name: str, data_dir: Path | None = None) -> list[list[str]]:
    if data_dir is not None:
        text = (Path(data_dir) / name).read_text(encoding="utf-8")
    else:
        text = resources.files("loaders.extraction").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append([cell.strip() for cell in line.split("\t")])
    return rows


@dataclass(frozen=True)
class KnownBody:
    """A gazetteer entry: the canonical name, its type and every other name it goes by."""

    name: str
    type: str
    aliases: tuple[str, ...]


class HeadTable(dict):
    """Head noun lemma → kind, where a row "*кластер" also covers compounds ending so (фармкластер, автокластер)."""

    def __init__(self) -> None:
        super().__init__()
        self.suffixes: list[tuple[str, str]] = []

    def add(self, lemma: str, kind: str) -> None:
        if lemma.startswith("*"):
            self.suffixes.append((lemma[1:], kind))
        else:
            self[lemma] = kind

    def _by_suffix(self, lemma: object) -> str | None:
        if isinstance(lemma, str) and len(lemma) > 4:
            for suffix, kind in self.suffixes:
                if lemma.endswith(suffix) and len(lemma) > len(suffix) + 1:
                    return kind
        return None

    def get(self, lemma, default=None):
        found = super().get(lemma)
        if found is None:
            found = self._by_suffix(lemma)
        return default if found is None else found

    def __contains__(self, lemma) -> bool:
        return super().__contains__(lemma) or self._by_suffix(lemma) is not None


_COUNTRY_TAIL = tuple(" " + country for country in word_list("country_name_tails", "loaders.extraction"))


def _without_country(body: KnownBody) -> list[str]:
    """A federal ministry named without its country: "Министерство здравоохранения" is Минздрав России
    (a region's ministry carries its region, which the regional rules read first)."""
    if body.type != "FederalBody":
        return []
    out = []
    for form in (body.name, *body.aliases):
        if form.startswith("Министерство "):
            for tail in _COUNTRY_TAIL:
                if form.endswith(tail):
                    out.append(form[: -len(tail)])
    return out


@dataclass(frozen=True)
class Region:
    name: str
    genitive: str
    government: str
    aliases: tuple[str, ...]


@dataclass
class Lexicon:
    """Everything the rules look up, loaded once."""

    bodies: dict[str, KnownBody] = field(default_factory=dict)  # lemma key of any name → body
    body_max_words: int = 1
    regions: dict[str, Region] = field(default_factory=dict)  # lemma key of name/alias → region
    region_by_name: dict[str, Region] = field(default_factory=dict)
    capitals: dict[str, Region] = field(default_factory=dict)  # lemma key of a region's administrative centre → region
    region_adjectives: dict[str, str] = field(default_factory=dict)
    org_heads: HeadTable = field(default_factory=HeadTable)
    posts: dict[str, str] = field(default_factory=dict)  # post head lemma → implied organisation kind
    post_modifiers: frozenset[str] = frozenset()
    cues: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)
    data_dir: Path | None = None  # None: the packaged data files

    @classmethod
    def load(cls, morph: Morph, data_dir: Path | None = None,
             keep_body: Callable[[KnownBody], bool] | None = None) -> Lexicon:
        """Load the lexicons from the packaged data (or ``data_dir``); ``keep_body`` filters the gazetteer
        of known bodies, so that a test can measure what the rules find without some of its lines."""
        lex = cls(data_dir=data_dir)
        for row in lex._rows("organisations.tsv"):
            name, type_ = row[0], row[1]
            aliases = tuple(a for a in (row[2].split(";") if len(row) > 2 and row[2] else []) if a)
            body = KnownBody(name, type_, aliases)
            if keep_body is not None and not keep_body(body):
                continue
            for form in (name, *aliases, *_without_country(body)):
                key = morph.lemma_key(form)
                lex.bodies.setdefault(key, body)
                lex.body_max_words = max(lex.body_max_words, len(key.split()))
        for row in lex._rows("regions.tsv"):
            name = row[0]
            aliases = tuple(a for a in (row[1].split(";") if len(row) > 1 and row[1] else []) if a)
            government = row[2] if len(row) > 2 and row[2] else f"Правительство {morph.genitive(name)}"
            region = Region(name, morph.genitive(name), government, aliases)
            lex.region_by_name[name] = region
            # the genitive's key too: "Тверская" alone lemmatises as a noun, "Тверской области" as the adjective
            for form in (name, *aliases, region.genitive):
                lex.regions.setdefault(morph.lemma_key(form), region)
        for row in lex._rows("region_capitals.tsv"):
            lex.capitals[morph.lemma_key(row[0])] = lex.region_by_name[row[1]]
        for row in lex._rows("region_adjectives.tsv"):
            lex.region_adjectives[row[0]] = row[1]
        for name in lex.region_by_name:  # «Курганская область» → «курганский»: every oblast and krai gives its adjective
            words = name.split()
            adjective = morph.lemma(words[0].lower()) if len(words) == 2 and words[1] in _REGION_KIND_NOUNS else ""
            if adjective.endswith(_ADJECTIVE_ENDINGS):
                lex.region_adjectives.setdefault(adjective, name)
        for row in lex._rows("org_heads.tsv"):
            lex.org_heads.add(row[0], row[1])
        for row in lex._rows("posts.tsv"):
            lex.posts[row[0]] = row[1] if len(row) > 1 else ""
        lex.post_modifiers = frozenset(r[0] for r in lex._rows("post_modifiers.txt"))
        for row in lex._rows("cues.tsv"):
            lex.cues.setdefault(row[0], []).append(tuple(row[1].split()))
        return lex

    def _rows(self, name: str) -> list[list[str]]:
        return _rows(name, self.data_dir)

    def words(self, name: str) -> frozenset[str]:
        """A one-word-a-line data file as a set."""
        return frozenset(r[0] for r in self._rows(name))

    def cue_lemmas(self, kind: str) -> set[str]:
        """Single-word cues of one kind."""
        return {c[0] for c in self.cues.get(kind, []) if len(c) == 1}

    @cached_property
    def cue_kinds(self) -> dict[str, frozenset[str]]:
        """Each single-word cue → the kinds it is a cue of (cooperation, signing, participation, …)."""
        kinds: dict[str, set[str]] = {}
        for kind, rows in self.cues.items():
            for row in rows:
                if len(row) == 1:
                    kinds.setdefault(row[0], set()).add(kind)
        return {lemma: frozenset(found) for lemma, found in kinds.items()}
