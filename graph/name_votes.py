"""How many articles wrote each spelling of a node's name: the vote between spellings of one name that
differ only in case, quotes, dashes or ё (issue 11, «its usual capitalisation, most articles first»).
Counted from the mention sentences every store already keeps (article id and sentence of each mention), so
the result does not depend on the order articles arrive in and no store keeps counts of its own.  A form
counts for an article when one of the node's sentences there writes it exactly, as whole words."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from graph.model import Evidence


def sentences_by_article(mentions: Iterable[Evidence]) -> dict[str, set[str]]:
    """A node's mention sentences grouped by article."""
    out: dict[str, set[str]] = defaultdict(set)
    for mention in mentions:
        if mention.article_id and mention.sentence:
            out[mention.article_id].add(" ".join(mention.sentence.split()))
    return dict(out)


def article_votes(labels: Iterable[str], *sentences: Mapping[str, set[str]]) -> dict[str, int]:
    """Each form → the number of articles in which one of the node's sentences writes it exactly."""
    said: dict[str, set[str]] = defaultdict(set)
    for part in sentences:
        for article, texts in part.items():
            said[article] |= texts
    votes = {}
    for form in dict.fromkeys(" ".join(label.split()) for label in labels if label.strip()):
        exact = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
        votes[form] = sum(1 for texts in said.values() if any(exact.search(text) for text in texts))
    return votes


def spelling_variants(labels: Iterable[str]) -> list[str]:
    """The labels that share their folded form with another label: the only ones a vote can decide between."""
    from graph.names import fold_name

    forms = list(dict.fromkeys(" ".join(label.split()) for label in labels if label.strip()))
    counts = Counter(fold_name(form) for form in forms)
    return [form for form in forms if counts[fold_name(form)] > 1]


def stored_sentences(store, node_id: str) -> dict[str, set[str]]:
    """One stored node's mention sentences by article, read with the store's own query language (asked only
    when the node has spellings to vote between, so a large store is never read whole)."""
    found: dict[str, set[str]] = defaultdict(set)
    if store.supports_sparql:
        from graph.rdf_vocabulary import MENTION_OF, PROV_QUOTED_FROM, SENTENCE, entity_node, local_id

        rows = store.query(
            f"SELECT ?a ?s WHERE {{ GRAPH ?g {{ ?m <{MENTION_OF.value}> <{entity_node(node_id).value}> ; "
            f"<{PROV_QUOTED_FROM.value}> ?a ; <{SENTENCE.value}> ?s }} }}", "sparql")
        for row in rows:
            found[local_id(str(row["a"]).strip("<>"))].add(" ".join(str(row["s"]).split()))
    elif store.supports_cypher:
        from graph.stores.cypher_dialect import ARTICLE_LABEL, ENTITY_LABEL

        rows = store.query(f"MATCH (a:{ARTICLE_LABEL})-[m:MENTIONS]->(n:{ENTITY_LABEL} {{id: $id}}) "
                           "RETURN a.id AS article, m.sentences AS sentences", "cypher", {"id": node_id})
        for row in rows:
            found[row["article"]].update(" ".join(s.split()) for s in row["sentences"] or [])
    return dict(found)
