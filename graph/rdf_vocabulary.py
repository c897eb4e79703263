"""The clusterkg RDF vocabulary: namespaces, classes and properties, the IRIs of our nodes, and
terms ⇄ Python values. What ``rdf_encode`` writes and ``rdf_decode`` reads.

Layout: one named graph per article (``id/graph/<article>``) holds everything read from that
article — the article node, which entities it mentions and as what type, each fact (reified, with
its post and confidence), the fact's evidence sentences, and the direct triple ``s p o`` — so an
article is written in one transaction and is either wholly there or absent.  One more graph
(``id/graph/entities``) holds the merged description of every entity: its one rdf:type, name,
aliases and attributes.  All terms are pyoxigraph objects; text is never pasted into queries.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote, unquote

from pyoxigraph import BlankNode, Literal, NamedNode

from graph.model import EntityType, RelationType
from ontology import DATA_NS, ONTOLOGY_NS

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
def data_node(kind: str, *ids: str) -> NamedNode:
    return NamedNode(DATA_NS + kind + "/" + "/".join(quote(i, safe="") for i in ids))


def entity_node(entity_id: str) -> NamedNode:
    return data_node("entity", entity_id)


def article_node(article_id: str) -> NamedNode:
    return data_node("article", article_id)


def article_graph(article_id: str) -> NamedNode:
    return data_node("graph", article_id)


def fact_node(relation_id: str) -> NamedNode:
    return data_node("relation", relation_id)


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

