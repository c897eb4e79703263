"""Which part of the graph a map shows: a period, a confidence floor, one cluster or one neighbourhood."""

from __future__ import annotations

from datetime import date

import networkx as nx

from graph.analytics import to_networkx
from graph.errors import ClusterKGError
from graph.model import Article, Entity, EntityType, Evidence, GraphSnapshot, Relation, RelationType


class SelectionError(ClusterKGError, ValueError):
    """The requested focus (cluster or entity) is not in the graph."""


def select_subgraph(
    snapshot: GraphSnapshot,
    *,
    cluster: str | None = None,
    around: str | None = None,
    depth: int = 1,
    since: date | None = None,
    until: date | None = None,
    min_confidence: float = 0.0,
) -> GraphSnapshot:
    """Return the part of ``snapshot`` a map should show.

    Facts are filtered first (evidence dated within ``since``..``until``, relation confidence
    at least ``min_confidence``); entities left without any fact by that filter disappear.
    Then ``cluster`` (an entity id) keeps the cluster, its members, their projects, the
    officials and bodies behind them and their partners; ``around`` (an entity id) keeps
    the nodes within ``depth`` hops.
    """
    article_dates = {a.id: a.published for a in snapshot.articles}
    entities = {e.id: e for e in snapshot.entities}
    for focus in (cluster, around):
        if focus is not None and focus not in entities:
            raise SelectionError(f"entity {focus!r} is not in the graph")

    dated = since is not None or until is not None
    relations: list[Relation] = []
    for relation in snapshot.relations:
        if relation.confidence < min_confidence:
            continue
        if relation.source not in entities or relation.target not in entities:
            continue
        if dated:
            kept = [ev for ev in relation.evidence if _within(_evidence_date(ev, article_dates), since, until)]
            if not kept:
                continue
            relation = relation.model_copy(update={"evidence": kept})
        relations.append(relation)

    connected = {r.source for r in relations} | {r.target for r in relations}
    had_facts = {r.source for r in snapshot.relations} | {r.target for r in snapshot.relations}
    keep_ids: set[str] = set()
    for entity in entities.values():
        if entity.id in connected:
            keep_ids.add(entity.id)
        elif entity.id not in had_facts and (not dated or _mentioned_within(entity, article_dates, since, until)):
            keep_ids.add(entity.id)  # an entity that never had a relation stays unless out of period

    graph = None
    if cluster is not None or around is not None:
        kept = GraphSnapshot(entities=[entities[i] for i in keep_ids], relations=relations)
        graph = to_networkx(kept, entities=keep_ids)
    if cluster is not None:
        keep_ids = _cluster_nodes(graph, cluster, entities) if cluster in graph else {cluster}
    if around is not None:
        if around in graph:
            reach = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True), around, cutoff=depth)
            keep_ids &= set(reach)
        else:
            keep_ids = {around}

    kept_relations = [r for r in relations if r.source in keep_ids and r.target in keep_ids]
    kept_entities = [entities[i] for i in entities if i in keep_ids]
    if dated:
        kept_entities = [_mentions_within(e, article_dates, since, until) for e in kept_entities]
    used_articles = {ev.article_id for r in kept_relations for ev in r.evidence}
    used_articles |= {ev.article_id for e in kept_entities for ev in e.mentions}
    articles: list[Article] = [a for a in snapshot.articles if a.id in used_articles]
    return GraphSnapshot(articles=articles, entities=kept_entities, relations=kept_relations)


def _cluster_nodes(graph: nx.MultiDiGraph, cluster: str, entities: dict[str, Entity]) -> set[str]:
    """The cluster, its members and projects, who instructed it, their officials and members' partners."""

    def sources(node: str, *types: RelationType) -> set[str]:
        return {u for u, _, t in graph.in_edges(node, data="type") if t in types}

    def targets(node: str, *types: RelationType) -> set[str]:
        return {v for _, v, t in graph.out_edges(node, data="type") if t in types}

    def partners(node: str) -> set[str]:
        return sources(node, RelationType.COOPERATES_WITH) | targets(node, RelationType.COOPERATES_WITH)

    members = sources(cluster, RelationType.PARTICIPATES_IN, RelationType.PART_OF)
    # Projects of the members, and who takes part in the cluster's projects.
    projects = {p for m in members for p in targets(m, RelationType.PARTICIPATES_IN) if entities[p].type == EntityType.PROJECT}
    projects |= {m for m in members if entities[m].type == EntityType.PROJECT}
    project_members = {m for p in projects for m in sources(p, RelationType.PARTICIPATES_IN)}
    core = {cluster} | members | projects | project_members
    instructors = {t for node in core for t in targets(node, RelationType.INSTRUCTED_BY)}
    # An instructing official is shown with the body they speak for (not with that body's other staff).
    bodies = {t for official in instructors for t in targets(official, RelationType.OFFICIAL_OF)}
    officials = {o for node in core | instructors for o in sources(node, RelationType.OFFICIAL_OF)}
    partner_ids = {p for node in core for p in partners(node)}
    return core | instructors | bodies | officials | partner_ids


def _evidence_date(evidence: Evidence, article_dates: dict[str, date | None]) -> date | None:
    return evidence.published or article_dates.get(evidence.article_id)


def _within(day: date | None, since: date | None, until: date | None) -> bool:
    if day is None:
        return False
    return (since is None or day >= since) and (until is None or day <= until)


def _mentioned_within(entity: Entity, article_dates: dict, since: date | None, until: date | None) -> bool:
    return any(_within(_evidence_date(ev, article_dates), since, until) for ev in entity.mentions)


def _mentions_within(entity: Entity, article_dates: dict, since: date | None, until: date | None) -> Entity:
    kept = [ev for ev in entity.mentions if _within(_evidence_date(ev, article_dates), since, until)]
    return entity.model_copy(update={"mentions": kept})
