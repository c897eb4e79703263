"""Assembly stage: resolved drafts and relation drafts → the article's Extraction (entities with evidence,
relations with the sentence that states them), plus the ИНН attached to an organisation."""

from __future__ import annotations

import re

from graph.model import Article, Entity, EntityType, Evidence, Extraction, Relation, RelationType
from graph.names import fold_name
from loaders.extraction.article_state import ArticleState
from loaders.extraction.contracted_bodies import join_contracted_ministries
from loaders.extraction.document import Document
from loaders.extraction.resolve import EntityDraft, join_former_names

EXTRACTOR_NAME = "clusterkg-rules"


def resolve_entities(ex, s: ArticleState) -> None:
    """Organisation mentions → organisation drafts (numbered), people mentions → person drafts (numbered later)."""
    org_drafts = ex.resolver.organisations(s.orgs)
    org_drafts = ex.resolver.merge_descriptions(org_drafts, ex.lexicon)
    org_drafts = join_former_names(s.doc.text, org_drafts)
    org_drafts = join_contracted_ministries(org_drafts)
    attach_tax_numbers(s.doc, org_drafts)
    for n, d in enumerate(org_drafts):
        for m in d.mentions:
            m.entity = n
    s.person_drafts = ex.resolver.people(s.people)
    s.org_at = {k: m for m in s.orgs for k in range(m.i, m.j)}
    s.person_tokens = {k for m in s.people for k in range(m.i, m.j)}
    s.drafts = list(org_drafts)


def drop_unrelated(ex, s: ArticleState) -> None:
    """A body listed as relation-only (e.g. a generic ministry) is kept only when a relation uses it."""
    used = {r.source for r in s.relations} | {r.target for r in s.relations}
    s.keep = {n for n in s.keep if n in used or fold_name(s.drafts[n].name) not in ex.relation_only}


def kept_entities(ex, drafts, posts, person_drafts) -> set[int]:
    keep = set()
    for n, d in enumerate(drafts):
        if d.type != "Official":
            keep.add(n)
            continue
        if " " not in d.name and not (ex.people_without_post and d.mentions and d.mentions[0].type == "single-name"):
            continue
        if n in posts or ex.people_without_post:
            keep.add(n)
    return keep


def _nominative_aliases(ex, d: EntityDraft) -> list[str]:
    """Aliases as written in the nominative: "в «Микране»" gives no alias "Микране" next to "Микран"."""
    aliases = sorted(d.aliases)
    if d.type == "Official":
        return aliases
    names = [d.name, *aliases]
    keys = {n: ex.morph.lemma_key(n) for n in names}

    def inflected(a: str) -> bool:
        for other in names:
            if other == a or fold_name(other) == fold_name(a) or keys[other] != keys[a]:
                continue
            if len(other) < len(a) or (len(other) == len(a) and not ex.morph.has_case(a.split()[-1].strip("«»\""), "nomn")):
                return True
        return False

    return [a for a in aliases if not inflected(a)]


def build(ex, article: Article, doc: Document, drafts, keep, relation_drafts, posts,
          implied: dict[int, list[tuple[int, int]]] | None = None) -> Extraction:
    """Kept drafts → entities, each with at least one mention: the text naming it, or for a body only a post
    implies, the post's words (``implied``: draft → token spans); a draft with neither is left out."""
    entities: dict[int, Entity] = {}
    implied = implied or {}
    for n in sorted(keep):
        d = drafts[n]
        if ex.profile == "nerel" and not d.mentions:
            continue  # NEREL annotates only what the text names
        if not d.mentions and not implied.get(n):
            continue  # nothing in the text names or implies it: no evidence to show
        evidence = [
            Evidence(
                article_id=article.id,
                sentence=doc.sentences[m.sentence].text,
                start=m.start,
                end=m.stop,
                extractor=f"{EXTRACTOR_NAME}:{m.source}",
                confidence=0.9 if m.source in ("gazetteer", "legal") else 0.8,
                published=article.published,
            )
            for m in d.mentions
        ] or [_implied_evidence(article, doc, i, j) for i, j in implied[n]]
        entities[n] = Entity(type=EntityType(d.type), name=d.name, aliases=_nominative_aliases(ex, d), attributes=dict(d.attributes), mentions=evidence)
    relations: dict[str, Relation] = {}
    for r in relation_drafts:
        if r.source not in entities or r.target not in entities or r.source == r.target:
            continue
        if r.sentence >= 0:
            sent = doc.sentences[r.sentence]
        else:
            mention = next((m for m in drafts[r.source].mentions if m.post_span), drafts[r.source].mentions[0] if drafts[r.source].mentions else None)
            sent = doc.sentences[mention.sentence] if mention else doc.sentences[0]
        ev = Evidence(article_id=article.id, sentence=sent.text, start=sent.start, end=sent.stop,
                      extractor=EXTRACTOR_NAME, confidence=r.confidence, published=article.published)
        attrs = {"post": r.post} if r.post else {}
        rel = Relation(type=RelationType(r.type), source=entities[r.source].id, target=entities[r.target].id,
                       attributes=attrs, evidence=[ev], confidence=r.confidence)
        if rel.id in relations:
            existing = relations[rel.id]
            if all(e.sentence != ev.sentence for e in existing.evidence):
                existing.evidence.append(ev)
            continue
        relations[rel.id] = rel
    # one entity per id (two drafts may share a canonical name)
    unique: dict[str, Entity] = {}
    for e in entities.values():
        if e.id in unique:
            unique[e.id].aliases = sorted(set(unique[e.id].aliases) | set(e.aliases))
            unique[e.id].mentions.extend(e.mentions)
        else:
            unique[e.id] = e
    return Extraction(article=article, entities=list(unique.values()), relations=list(relations.values()))


def _implied_evidence(article: Article, doc: Document, i: int, j: int) -> Evidence:
    """The post words [i, j) that imply a body («губернатор Калужской области» → its government)."""
    return Evidence(article_id=article.id, sentence=doc.sentences[doc.tokens[i].sentence].text,
                    start=doc.tokens[i].start, end=doc.tokens[j - 1].stop, extractor=f"{EXTRACTOR_NAME}:post",
                    confidence=0.7, published=article.published)


# A Russian taxpayer number: 10 digits for an organisation, 12 for a sole trader.
_INN = re.compile(r"\bИНН\s*:?\s*(\d{12}|\d{10})\b")
_INN_REACH = 40  # characters between the organisation's name and its ИНН


def attach_tax_numbers(doc: Document, drafts: list[EntityDraft]) -> None:
    """An ИНН written just after an organisation's name, in the same sentence, becomes its ``inn`` attribute."""
    for match in _INN.finditer(doc.text):
        at = doc.token_at(match.start())
        if at is None:
            continue
        sentence = doc.tokens[at].sentence
        best: tuple[int, EntityDraft] | None = None
        for draft in drafts:
            for m in draft.mentions:
                end = doc.tokens[m.j - 1].stop
                if doc.tokens[m.i].sentence == sentence and end <= match.start() and (best is None or end > best[0]):
                    best = (end, draft)
        if best is not None and match.start() - best[0] <= _INN_REACH:
            best[1].attributes.setdefault("inn", match.group(1))
