"""Project stage: projects named by their wording ("проект по выпуску …", "инвестирует в строительство …")
and the PART_OF / PARTICIPATES_IN relations that wording implies."""

from __future__ import annotations

from loaders.extraction.article_state import ArticleState
from loaders.extraction.projects import ProjectHint
from loaders.extraction.quotes import quoted_inner
from loaders.extraction.relations import RelationDraft


def add_projects(ex, s: ArticleState) -> None:
    """Projects found outside the organisation and person mentions join the organisation mentions."""
    s.hints = projects(ex, s.doc, s.orgs, s.people, s.skipped)
    s.orgs = sorted(s.orgs + [h.mention for h in s.hints], key=lambda m: m.i)


def projects(ex, doc, orgs, people, skipped) -> list[ProjectHint]:
    taken = {k for m in orgs for k in range(m.i, m.j)} | {k for m in people for k in range(m.i, m.j)}
    person_tokens = {k for m in people for k in range(m.i, m.j)}
    hints = []
    for h in ex.project_finder.find(doc, taken, person_tokens):
        m = h.mention
        if m.sentence in skipped:
            continue
        idx = list(range(m.i, m.j))
        if doc.tokens[m.i].is_quote:
            m.name = quoted_inner(doc, m.i, m.j)  # a quoted title is the name as written
        elif h.elided:
            m.name = f"{h.elided} {m.text}"  # the complement keeps its case after the head the list left out
        else:
            words = ex.morph.phrase_nominative([doc.tokens[k].text for k in idx])
            m.name = ex.org_namer._rebuild(doc, idx, words)
        m.aliases = {m.text}
        hints.append(h)
    return hints


def project_relations(ex, doc, hints, orgs, types, main) -> list[RelationDraft]:
    out = []
    for h in hints:
        project = h.mention.entity
        if project < 0:
            continue
        same = [o for o in orgs if o.sentence == h.mention.sentence and o.entity >= 0 and o.entity != project]
        if h.kind == "invest":
            investors = [o for o in same if o.i < h.at and types[o.entity] not in ("Project", "Cluster", "FederalBody", "RegionalBody")]
            if investors:
                out.append(RelationDraft("PARTICIPATES_IN", investors[-1].entity, project, h.mention.sentence, 0.7))
        elif h.kind == "listed":
            clusters = [o.entity for o in same if types[o.entity] == "Cluster"] or ([main["Cluster"]] if "Cluster" in main else [])
            for c in clusters[:1]:
                out.append(RelationDraft("PART_OF", project, c, h.mention.sentence, 0.65))
    return out
