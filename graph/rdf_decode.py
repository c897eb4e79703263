"""RDF quads in the layout of ``graph.rdf_vocabulary`` → models: the inverse of ``graph.rdf_encode``.
The result never depends on the order the store returns statements in."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from pyoxigraph import NamedNode, Quad

from graph.bulk import no_cycle_collection
from graph.merge import agreed_value
from graph.model import Article, Entity, Evidence, GraphSnapshot, Relation
from graph.rdf_vocabulary import (
    ARTICLE,
    CLASS_TYPE,
    CONFIDENCE,
    END,
    ENTITIES_GRAPH,
    EVIDENCE,
    EXTRACTOR,
    FACT,
    MENTION,
    MENTION_OF,
    OUTLET,
    PROPERTY_RELATION,
    PROV_DERIVED_FROM,
    PROV_QUOTED_FROM,
    PUBLISHED,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    SCHEMA_AUTHOR,
    SCHEMA_DATE_PUBLISHED,
    SCHEMA_HEADLINE,
    SCHEMA_NAME,
    SCHEMA_URL,
    SENTENCE,
    SKOS_ALT_LABEL,
    START,
    as_date,
    local_id,
    property_attribute,
    to_python,
)

# What the models are read from: in article graphs the kinds of node below (by rdf:type), these
# properties and every attribute property; in the entities graph everything.
SNAPSHOT_KINDS = (ARTICLE, MENTION, FACT, EVIDENCE)
SNAPSHOT_PROPERTIES = (
    SCHEMA_URL, SCHEMA_HEADLINE, OUTLET, SCHEMA_AUTHOR, SCHEMA_DATE_PUBLISHED,
    MENTION_OF, RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT, CONFIDENCE, PROV_DERIVED_FROM,
    PROV_QUOTED_FROM, SENTENCE, START, END, EXTRACTOR, PUBLISHED,
)

# subject IRI -> predicate IRI -> objects
Properties = dict[str, dict[str, list]]


def subject_key(term: object) -> str:
    """How a subject is keyed while grouping: its IRI, or its N-Triples form for a blank node."""
    return term.value if isinstance(term, NamedNode) else str(term)


def grouped_properties() -> Properties:
    return defaultdict(lambda: defaultdict(list))


def _first(props: dict[str, list[object]], prop: NamedNode, default: object = None) -> object:
    values = props.get(prop.value)
    return to_python(values[0]) if values else default


def _text(props: dict[str, list[object]], prop: NamedNode) -> str | None:
    values = props.get(prop.value)
    return str(to_python(values[0])) if values else None


def _evidence_from(props: dict[str, list[object]]) -> Evidence:
    quoted = props.get(PROV_QUOTED_FROM.value)
    published = props.get(PUBLISHED.value)
    # Stored evidence was validated when it was written: build it without validating again.
    return Evidence.model_construct(
        article_id=local_id(quoted[0]) if quoted else "",
        sentence=str(_first(props, SENTENCE, "")),
        start=int(_first(props, START, 0)),
        end=int(_first(props, END, 0)),
        extractor=str(_first(props, EXTRACTOR, "rules")),
        confidence=float(_first(props, CONFIDENCE, 1.0)),
        published=as_date(published[0]) if published else None,
    )


def _agreed(values: list) -> str:
    """One value for a property stated in several articles: the most frequent, ties to the smallest."""
    if len(values) == 1:
        return str(to_python(values[0]))
    return agreed_value(Counter(str(to_python(v)) for v in values))


def snapshot_from_quads(quads: Iterable[Quad]) -> GraphSnapshot:
    """Read the layout back into models (the inverse of the functions above)."""
    entity_props, nodes = grouped_properties(), grouped_properties()
    with no_cycle_collection():
        for quad in quads:
            target = entity_props if quad.graph_name == ENTITIES_GRAPH else nodes
            target[subject_key(quad.subject)][quad.predicate.value].append(quad.object)
        return snapshot_from_properties(entity_props, nodes)


def snapshot_from_properties(entity_props: Properties, nodes: Properties) -> GraphSnapshot:
    """Models from statements grouped by subject: ``entity_props`` from the entities graph, ``nodes``
    from the article graphs. The result does not depend on the order of the statements."""

    def types(props: dict[str, list]) -> set[str]:
        return {t.value for t in props.get(RDF_TYPE.value, []) if isinstance(t, NamedNode)}

    articles, relations, mentions = [], [], defaultdict(list)
    for subject, props in nodes.items():
        kinds = types(props)
        if ARTICLE.value in kinds:
            dates = props.get(SCHEMA_DATE_PUBLISHED.value)
            articles.append(Article.model_construct(
                id=local_id(subject), url=_text(props, SCHEMA_URL), title=_text(props, SCHEMA_HEADLINE),
                outlet=_text(props, OUTLET), author=_text(props, SCHEMA_AUTHOR),
                published=as_date(dates[0]) if dates else None, text="",
            ))
        elif MENTION.value in kinds:
            for target in props.get(MENTION_OF.value, []):
                mentions[local_id(target)].append(_evidence_from(props))
        elif FACT.value in kinds:
            relation = _relation_from(subject, props, nodes)
            if relation is not None:
                relations.append(relation)

    entities = []
    for subject, props in entity_props.items():
        entity = _entity_from(subject, props)
        if entity is not None:
            entity.mentions = sorted(mentions.get(entity.id, []), key=Evidence.sort_key)
            entities.append(entity)
    return GraphSnapshot.model_construct(
        articles=sorted(articles, key=lambda a: a.id),
        entities=sorted(entities, key=lambda e: e.id),
        relations=sorted(relations, key=lambda r: r.id),
    )


def _attributes_from(props: dict[str, list]) -> dict[str, str]:
    """The attribute properties of one node, each with the value its articles agree on."""
    attributes = {}
    for prop, values in props.items():
        key = property_attribute(prop)
        if key and values:
            attributes[key] = _agreed(values)
    return attributes


def _entity_from(subject: str, props: dict[str, list]) -> Entity | None:
    classes = [CLASS_TYPE[t.value] for t in props.get(RDF_TYPE.value, []) if t.value in CLASS_TYPE]
    names = props.get(SCHEMA_NAME.value)
    if not classes or not names:
        return None
    attributes = _attributes_from(props)
    name = " ".join(str(to_python(names[0])).split())
    if not name:
        return None
    # The name is normalised as the validator would; model_post_init still merges the aliases.
    return Entity.model_construct(
        id=local_id(subject),
        type=classes[0],
        name=name,
        aliases=sorted(str(to_python(a)) for a in props.get(SKOS_ALT_LABEL.value, [])),
        attributes=attributes,
        mentions=[],
    )


def _relation_from(subject: str, props: dict[str, list], nodes: Properties) -> Relation | None:
    predicates = [p.value for p in props.get(RDF_PREDICATE.value, [])]
    sources, targets = props.get(RDF_SUBJECT.value), props.get(RDF_OBJECT.value)
    if not predicates or predicates[0] not in PROPERTY_RELATION or not sources or not targets:
        return None
    attributes = _attributes_from(props)
    evidence = [_evidence_from(nodes[e.value]) for e in props.get(PROV_DERIVED_FROM.value, []) if e.value in nodes]
    confidences = [float(to_python(c)) for c in props.get(CONFIDENCE.value, [])]
    return Relation.model_construct(
        id=local_id(subject),
        type=PROPERTY_RELATION[predicates[0]],
        source=local_id(sources[0]),
        target=local_id(targets[0]),
        attributes=attributes,
        evidence=sorted(evidence, key=Evidence.sort_key),
        confidence=max(confidences) if confidences else 1.0,
    )
