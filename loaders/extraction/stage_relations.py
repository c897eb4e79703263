"""Relation stage: OFFICIAL_OF from posts, project relations, and the sentence rules of relations.py."""

from __future__ import annotations

import re

from loaders.extraction import stage_posts, stage_projects, stage_regions
from loaders.extraction.article_state import ArticleState
from loaders.extraction.relations import SentenceView
from loaders.extraction.resolve import EntityDraft


def collect(ex, s: ArticleState) -> None:
    """All relation drafts of the article, into ``s.relations``."""
    doc = s.doc
    types = [d.type for d in s.drafts]
    views = sentence_views(ex, doc, s.orgs, s.people, s.skipped)
    main = main_entities(ex, s.drafts)
    region_body = stage_regions.region_body(ex, s.drafts, s.main_region)
    s.relations = stage_posts.post_relations(ex, s)
    s.relations += stage_projects.project_relations(ex, doc, s.hints, s.orgs, types, main)
    s.relations += ex.rules.run(doc, views, types, s.post_org, s.presence, main, region_body)


def sentence_views(ex, doc, orgs, people, skipped) -> list[SentenceView]:
    views = []
    for s in doc.sentences:
        if s.index in skipped:
            continue
        views.append(
            SentenceView(
                index=s.index,
                lemmas=[t.lemma for t in doc.tokens[s.first_token : s.last_token]],
                orgs=[m for m in orgs if m.sentence == s.index],
                people=[m for m in people if m.sentence == s.index and m.entity >= 0],
            )
        )
    return views


def main_entities(ex, drafts: list[EntityDraft]) -> dict:
    main: dict = {}
    for kind in ("Cluster", "Project", "University", "Company"):
        ranked = [(len(d.mentions), -min((m.i for m in d.mentions), default=0), n) for n, d in enumerate(drafts) if d.type == kind]
        if ranked:
            n = max(ranked)[2]
            main[kind] = n
            words = [w for w in ex.morph.lemmas(drafts[n].name) if len(w) > 3]
            if words:
                main[kind + ":head"] = words[-1]
            # the common noun the name is built on ("научно-технологическая долина «…»" → долина)
            plain = re.split(r"[«\"„“]", drafts[n].name)[0]
            nouns = [w for w in re.findall(r"[а-яё]+", plain.lower()) if len(w) > 3 and ex.morph.is_pos(w, "NOUN")]
            if nouns:
                main[kind + ":noun"] = ex.morph.lemma(nouns[0])
    return main
