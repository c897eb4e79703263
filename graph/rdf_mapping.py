"""Models ⇄ RDF quads in the clusterkg ontology.

Layout: one named graph per article (``id/graph/<article>``) holds everything read from that
article — the article node, which entities it mentions and as what type, each fact (reified, with
its post and confidence), the fact's evidence sentences, and the direct triple ``s p o`` — so an
article is written in one transaction and is either wholly there or absent.  One more graph
(``id/graph/entities``) holds the merged description of every entity: its one rdf:type, name,
aliases and attributes.  All terms are pyoxigraph objects; text is never pasted into queries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from urllib.parse import quote, unquote

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from graph.bulk import no_cycle_collection
from graph.model import (
    Article,
    Entity,
    EntityType,
    Evidence,
    Extraction,
    GraphSnapshot,
    Relation,
    RelationType,
)
from ontology import DATA_NS, ONTOLOGY_NS

# --- vocabulary ------------------------------------------------------------------------------
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"

PREFIXES = {
    "ckg": ONTOLOGY_NS,
    "ckgid": DATA_NS,
    "rdf": RDF,
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": XSD,
    "schema": SCHEMA,
    "skos": SKOS,
    "prov": PROV,
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": "http://www.w3.org/ns/org#",
    "foaf": "http://xmlns.com/foaf/0.1/",
}


def ckg(local: str) -> NamedNode:
    return NamedNode(ONTOLOGY_NS + local)


RDF_TYPE = NamedNode(RDF + "type")
RDF_SUBJECT = NamedNode(RDF + "subject")
RDF_PREDICATE = NamedNode(RDF + "predicate")
RDF_OBJECT = NamedNode(RDF + "object")
XSD_DATE = NamedNode(XSD + "date")
XSD_INTEGER = NamedNode(XSD + "integer")
XSD_DOUBLE = NamedNode(XSD + "double")
XSD_BOOLEAN = NamedNode(XSD + "boolean")
SCHEMA_NAME = NamedNode(SCHEMA + "name")
SCHEMA_URL = NamedNode(SCHEMA + "url")
SCHEMA_HEADLINE = NamedNode(SCHEMA + "headline")
SCHEMA_AUTHOR = NamedNode(SCHEMA + "author")
SCHEMA_DATE_PUBLISHED = NamedNode(SCHEMA + "datePublished")
SCHEMA_MENTIONS = NamedNode(SCHEMA + "mentions")
SKOS_ALT_LABEL = NamedNode(SKOS + "altLabel")
PROV_DERIVED_FROM = NamedNode(PROV + "wasDerivedFrom")
PROV_QUOTED_FROM = NamedNode(PROV + "wasQuotedFrom")

ARTICLE = ckg("Article")
FACT = ckg("Fact")
EVIDENCE = ckg("Evidence")
MENTION = ckg("Mention")
ASSERTED_TYPE = ckg("assertedType")
MENTION_OF = ckg("mentionOf")
OUTLET = ckg("outlet")
SENTENCE = ckg("sentence")
START = ckg("startOffset")
END = ckg("endOffset")
EXTRACTOR = ckg("extractor")
CONFIDENCE = ckg("confidence")
PUBLISHED = ckg("published")
ASSERTED_ON = ckg("assertedOn")

TYPE_CLASS: dict[EntityType, NamedNode] = {t: ckg(t.value) for t in EntityType}
CLASS_TYPE: dict[str, EntityType] = {node.value: t for t, node in TYPE_CLASS.items()}
RELATION_PROPERTY: dict[RelationType, NamedNode] = {
    RelationType.PARTICIPATES_IN: ckg("participatesIn"),
    RelationType.PART_OF: ckg("partOf"),
    RelationType.INSTRUCTED_BY: ckg("instructedBy"),
    RelationType.COOPERATES_WITH: ckg("cooperatesWith"),
    RelationType.OFFICIAL_OF: ckg("officialOf"),
}
PROPERTY_RELATION: dict[str, RelationType] = {node.value: t for t, node in RELATION_PROPERTY.items()}

# Attributes with a property of their own; any other key becomes ckg:attribute/KEY.
NAMED_ATTRIBUTES = {"legal_form": "legalForm", "region": "region", "inn": "inn", "post": "post"}
_ATTRIBUTE_PREFIX = ONTOLOGY_NS + "attribute/"
_PROPERTY_ATTRIBUTE = {ONTOLOGY_NS + local: key for key, local in NAMED_ATTRIBUTES.items()}


ENTITIES_GRAPH = NamedNode(DATA_NS + "graph/entities")


# --- identifiers -------------------------------------------------------------------------------
def _node(kind: str, *ids: str) -> NamedNode:
    return NamedNode(DATA_NS + kind + "/" + "/".join(quote(i, safe="") for i in ids))


def entity_node(entity_id: str) -> NamedNode:
    return _node("entity", entity_id)


def article_node(article_id: str) -> NamedNode:
    return _node("article", article_id)


def article_graph(article_id: str) -> NamedNode:
    return _node("graph", article_id)


def fact_node(relation_id: str) -> NamedNode:
    return _node("relation", relation_id)


def local_id(node: NamedNode | str) -> str:
    """The model id inside a data IRI: ``.../entity/e12ab`` → ``e12ab``."""
    value = node.value if isinstance(node, NamedNode) else node
    return unquote(value.rsplit("/", 1)[-1])


def attribute_property(key: str) -> NamedNode:
    local = NAMED_ATTRIBUTES.get(key)
    if local:
        return ckg(local)
    return NamedNode(_ATTRIBUTE_PREFIX + quote(key, safe=""))


def property_attribute(iri: str) -> str | None:
    """The attribute key a property stands for, or None when it is not an attribute."""
    if iri in _PROPERTY_ATTRIBUTE:
        return _PROPERTY_ATTRIBUTE[iri]
    if iri.startswith(_ATTRIBUTE_PREFIX):
        return unquote(iri[len(_ATTRIBUTE_PREFIX) :])
    return None


# --- terms <-> Python values ----------------------------------------------------------------------
def date_literal(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD_DATE)


def _boolean(text: str) -> bool:
    return text in ("true", "1")


# Literal datatype IRI -> Python conversion; any other datatype stays a string.
_CONVERSIONS = {
    **{XSD + name: int for name in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")},
    **{XSD + name: float for name in ("double", "float", "decimal")},
    XSD + "boolean": _boolean,
    XSD + "date": date.fromisoformat,
}


def to_python(term: object) -> object:
    """A plain Python value for a query result term: str, int, float, bool, date or None."""
    if term is None:
        return None
    if isinstance(term, Literal):
        convert = _CONVERSIONS.get(term.datatype.value) if term.datatype else None
        if convert is None:
            return term.value
        try:
            return convert(term.value)
        except ValueError:
            return term.value
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return str(term)


def as_date(term: object) -> date | None:
    return parse_date(to_python(term))


def parse_date(value: object) -> date | None:
    """A date from a date or an ISO string (a datetime string is cut to its date); anything else is None."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def n_triples_term(term: NamedNode | Literal | BlankNode) -> str:
    """The N-Triples form of a term, escaped by pyoxigraph (the only way text enters a query)."""
    return str(term)


def values_clause(variable: str, terms: Iterable[NamedNode | Literal]) -> str:
    """``VALUES ?v { ... }`` with library-serialised terms."""
    return "VALUES ?" + variable + " { " + " ".join(n_triples_term(t) for t in terms) + " }"


def insert_data(quads: Iterable[Quad]) -> str:
    """The body of a SPARQL ``INSERT DATA`` / ``DELETE DATA`` block, grouped by graph."""
    by_graph: dict[str, list[str]] = defaultdict(list)
    for quad in quads:
        triple = f"{quad.subject} {quad.predicate} {quad.object} ."
        by_graph[str(quad.graph_name)].append(triple)
    parts = []
    for graph, triples in by_graph.items():
        parts.append("GRAPH " + graph + " {\n" + "\n".join(triples) + "\n}")
    return "\n".join(parts)


# --- models -> quads --------------------------------------------------------------------------
def _evidence_quads(node: NamedNode, evidence: Evidence, article: Article, graph: NamedNode) -> Iterator[Quad]:
    published = evidence.published or article.published
    yield Quad(node, PROV_QUOTED_FROM, article_node(evidence.article_id or article.id), graph)
    yield Quad(node, SENTENCE, Literal(evidence.sentence), graph)
    yield Quad(node, START, Literal(evidence.start), graph)
    yield Quad(node, END, Literal(evidence.end), graph)
    yield Quad(node, EXTRACTOR, Literal(evidence.extractor), graph)
    yield Quad(node, CONFIDENCE, Literal(float(evidence.confidence)), graph)
    if published:
        yield Quad(node, PUBLISHED, date_literal(published), graph)


def article_quads(article: Article, graph: NamedNode | None = None) -> Iterator[Quad]:
    graph = graph or article_graph(article.id)
    node = article_node(article.id)
    yield Quad(node, RDF_TYPE, ARTICLE, graph)
    for prop, value in ((SCHEMA_URL, article.url), (SCHEMA_HEADLINE, article.title),
                        (OUTLET, article.outlet), (SCHEMA_AUTHOR, article.author)):
        if value:
            yield Quad(node, prop, Literal(value), graph)
    if article.published:
        yield Quad(node, SCHEMA_DATE_PUBLISHED, date_literal(article.published), graph)


def relation_quads(relation: Relation, article: Article, graph: NamedNode, first_index: int = 0) -> Iterator[Quad]:
    """The direct triple(s), the reified fact and its evidence, all in the article's graph."""
    subject, obj = entity_node(relation.source), entity_node(relation.target)
    prop = RELATION_PROPERTY[relation.type]
    yield Quad(subject, prop, obj, graph)
    if relation.type.symmetric:
        yield Quad(obj, prop, subject, graph)
    fact = fact_node(relation.id)
    yield Quad(fact, RDF_TYPE, FACT, graph)
    yield Quad(fact, RDF_SUBJECT, subject, graph)
    yield Quad(fact, RDF_PREDICATE, prop, graph)
    yield Quad(fact, RDF_OBJECT, obj, graph)
    yield Quad(fact, CONFIDENCE, Literal(float(relation.confidence)), graph)
    for key, value in relation.attributes.items():
        if value:
            yield Quad(fact, attribute_property(key), Literal(str(value)), graph)
    for published in sorted({e.published or article.published for e in relation.evidence} - {None}):
        yield Quad(fact, ASSERTED_ON, date_literal(published), graph)  # lets `members` skip the evidence hop
    for index, evidence in enumerate(relation.evidence, start=first_index):
        node = _node("evidence", relation.id, article.id, str(index))
        yield Quad(fact, PROV_DERIVED_FROM, node, graph)
        yield Quad(node, RDF_TYPE, EVIDENCE, graph)
        yield from _evidence_quads(node, evidence, article, graph)


def mention_quads(entity: Entity, article: Article, graph: NamedNode) -> Iterator[Quad]:
    node = entity_node(entity.id)
    yield Quad(article_node(article.id), SCHEMA_MENTIONS, node, graph)
    yield Quad(node, ASSERTED_TYPE, TYPE_CLASS[entity.type], graph)
    for index, evidence in enumerate(entity.mentions):
        mention = _node("mention", entity.id, article.id, str(index))
        yield Quad(mention, RDF_TYPE, MENTION, graph)
        yield Quad(mention, MENTION_OF, node, graph)
        yield from _evidence_quads(mention, evidence, article, graph)


def extraction_quads(extraction: Extraction) -> list[Quad]:
    """Everything one article contributes to its own named graph."""
    article = extraction.article
    graph = article_graph(article.id)
    quads = list(article_quads(article, graph))
    for entity in extraction.entities:
        quads.extend(mention_quads(entity, article, graph))
    for relation in extraction.relations:
        quads.extend(relation_quads(relation, article, graph))
    return quads


def entity_quads(entity: Entity, *, with_type: bool = True, with_name: bool = True) -> Iterator[Quad]:
    """The merged description of an entity in the entities graph (no mentions)."""
    node = entity_node(entity.id)
    if with_type:
        yield Quad(node, RDF_TYPE, TYPE_CLASS[entity.type], ENTITIES_GRAPH)
    if with_name:
        yield Quad(node, SCHEMA_NAME, Literal(entity.name), ENTITIES_GRAPH)
    for alias in entity.aliases:
        yield Quad(node, SKOS_ALT_LABEL, Literal(alias), ENTITIES_GRAPH)
    for key, value in entity.attributes.items():
        if value:
            yield Quad(node, attribute_property(key), Literal(str(value)), ENTITIES_GRAPH)


def snapshot_quads(snapshot: GraphSnapshot) -> Iterator[Quad]:
    """A whole snapshot as quads in the same layout (exports of stores that do not speak RDF)."""
    articles = {a.id: a for a in snapshot.articles}
    per_article: dict[str, Extraction] = {}

    def extraction_for(article_id: str) -> Extraction:
        if article_id not in per_article:
            article = articles.get(article_id) or Article(id=article_id, text="")
            per_article[article_id] = Extraction(article=article)
        return per_article[article_id]

    for article in snapshot.articles:
        extraction_for(article.id)
    for entity in snapshot.entities:
        yield from entity_quads(entity)
        by_article: dict[str, list[Evidence]] = defaultdict(list)
        for mention in entity.mentions:
            by_article[mention.article_id].append(mention)
        for article_id, mentions in by_article.items():
            extraction_for(article_id).entities.append(entity.model_copy(update={"mentions": mentions}))
    for relation in snapshot.relations:
        by_article = defaultdict(list)
        for evidence in relation.evidence:
            by_article[evidence.article_id].append(evidence)
        for article_id, evidence in by_article.items():
            extraction_for(article_id).relations.append(relation.model_copy(update={"evidence": evidence}))
    for extraction in per_article.values():
        yield from extraction_quads(extraction)


def rdflib_graph(quads: Iterable[Quad]):
    """The union of the quads' graphs as an rdflib Graph (what pyshacl and rdflib tools read)."""
    from rdflib import Graph

    graph = Graph()
    graph.parse(data="\n".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads), format="nt")
    return graph


# --- quads -> models --------------------------------------------------------------------------
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


def _evidence_key(evidence: Evidence) -> tuple:
    """Oldest first; the full record breaks ties, so the order never depends on the store's scan order."""
    return (evidence.published or date.min, evidence.article_id, evidence.start, evidence.sentence,
            evidence.end, evidence.extractor, evidence.confidence)


def _agreed(values: list) -> str:
    """One value for a property stated in several articles: the most frequent, ties to the smallest."""
    if len(values) == 1:
        return str(to_python(values[0]))
    counts = Counter(str(to_python(v)) for v in values)
    return min(counts, key=lambda value: (-counts[value], value))


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
            entity.mentions = sorted(mentions.get(entity.id, []), key=_evidence_key)
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
        evidence=sorted(evidence, key=_evidence_key),
        confidence=max(confidences) if confidences else 1.0,
    )
