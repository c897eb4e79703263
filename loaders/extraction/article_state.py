"""What the extraction stages know about one article so far: each stage reads it and adds its part."""

from __future__ import annotations

from dataclasses import dataclass, field

from loaders.extraction.document import Document
from loaders.extraction.lexicon import Region
from loaders.extraction.mentions import Mention
from loaders.extraction.people import Post
from loaders.extraction.projects import ProjectHint
from loaders.extraction.relations import RelationDraft
from loaders.extraction.resolve import EntityDraft


@dataclass
class ArticleState:
    """The article's document and every stage's output, in the order the stages fill them."""

    doc: Document
    skipped: set[int]  # furniture sentences (captions), left out everywhere
    region_hits: list[tuple[int, int, Region]] = field(default_factory=list)
    region_tokens: set[int] = field(default_factory=set)
    orgs: list[Mention] = field(default_factory=list)  # organisations, then projects too
    people: list[Mention] = field(default_factory=list)
    hints: list[ProjectHint] = field(default_factory=list)
    main_region: Region | None = None
    drafts: list[EntityDraft] = field(default_factory=list)  # organisations first, then people
    person_drafts: list[EntityDraft] = field(default_factory=list)
    org_at: dict[int, Mention] = field(default_factory=dict)
    person_tokens: set[int] = field(default_factory=set)
    posts: dict[int, tuple[Post, int | None]] = field(default_factory=dict)  # person draft → first post, its body
    post_org: dict[int, int] = field(default_factory=dict)
    presence: set[int] = field(default_factory=set)  # people named "в присутствии …"
    extra_posts: list[RelationDraft] = field(default_factory=list)
    relations: list[RelationDraft] = field(default_factory=list)
    keep: set[int] = field(default_factory=set)  # drafts that become entities
    implied: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # body no mention names → post tokens
