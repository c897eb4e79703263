"""The data files under ``data/`` as lookup tables keyed by lemmas (so any case form matches)."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from loaders.extraction.morph import Morph


def _rows(name: str) -> list[list[str]]:
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
    region_adjectives: dict[str, str] = field(default_factory=dict)
    org_heads: dict[str, str] = field(default_factory=dict)
    posts: dict[str, str] = field(default_factory=dict)  # post head lemma → implied organisation kind
    post_modifiers: frozenset[str] = frozenset()
    cues: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)

    @classmethod
    def load(cls, morph: Morph) -> "Lexicon":
        lex = cls()
        for row in _rows("organisations.tsv"):
            name, type_ = row[0], row[1]
            aliases = tuple(a for a in (row[2].split(";") if len(row) > 2 and row[2] else []) if a)
            body = KnownBody(name, type_, aliases)
            for form in (name, *aliases):
                key = morph.lemma_key(form)
                lex.bodies.setdefault(key, body)
                lex.body_max_words = max(lex.body_max_words, len(key.split()))
        for row in _rows("regions.tsv"):
            name = row[0]
            aliases = tuple(a for a in (row[1].split(";") if len(row) > 1 and row[1] else []) if a)
            government = row[2] if len(row) > 2 and row[2] else f"Правительство {morph.genitive(name)}"
            region = Region(name, morph.genitive(name), government, aliases)
            lex.region_by_name[name] = region
            for form in (name, *aliases):
                lex.regions[morph.lemma_key(form)] = region
        for row in _rows("region_adjectives.tsv"):
            lex.region_adjectives[row[0]] = row[1]
        for row in _rows("org_heads.tsv"):
            lex.org_heads[row[0]] = row[1]
        for row in _rows("posts.tsv"):
            lex.posts[row[0]] = row[1] if len(row) > 1 else ""
        lex.post_modifiers = frozenset(r[0] for r in _rows("post_modifiers.txt"))
        for row in _rows("cues.tsv"):
            lex.cues.setdefault(row[0], []).append(tuple(row[1].split()))
        return lex

    def words(self, name: str) -> frozenset[str]:
        """A one-word-a-line data file as a set."""
        return frozenset(r[0] for r in _rows(name))

    def cue_lemmas(self, kind: str) -> set[str]:
        """Single-word cues of one kind."""
        return {c[0] for c in self.cues.get(kind, []) if len(c) == 1}
