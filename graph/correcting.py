"""Making, undoing and sharing corrections on any store, through the few primitives each store adds
(``graph/stores/corrections_rdf.py``, ``corrections_bolt.py``).

A correction is saved first, with what undo needs, and then materialised: an article it touches is
read back, removed and written again through the store's write path, where ``apply_corrections``
rewrites it; names, types and aliases are set on the entity's description directly.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, Protocol

from graph.corrections import (
    Correction,
    CorrectionError,
    CorrectionRules,
    Op,
    ordered,
    sentence_key,
)
from graph.lookup import match_rank
from graph.merge import PINNED_NAME
from graph.model import Entity, EntityType, Extraction, Relation, RelationType, relation_id
from graph.names import fold_name, lemma_words


class CorrectableStore(Protocol):
    """What a store offers so that corrections can be made on it (besides ``write`` and ``entity``)."""

    def load_corrections(self) -> list[Correction]: ...
    def has_article(self, article_id: str) -> bool: ...
    def correction_state(self, correction_id: str) -> dict: ...
    def save_correction(self, correction: Correction, state: dict | None = None) -> None: ...
    def articles_touching(self, entity_ids: Iterable[str] = (), relation_ids: Iterable[str] = ()) -> list[str]: ...
    def article_extraction(self, article_id: str) -> Extraction | None: ...
    def remove_article(self, article_id: str) -> None: ...
    def entity_record(self, entity_id: str) -> Entity | None: ...
    def put_entity(self, entity: Entity) -> None: ...
    def drop_entity(self, entity_id: str) -> None: ...
    def asserted_types(self, entity_id: str) -> dict[str, str]: ...
    def set_asserted_types(self, entity_id: str, types: dict[str, str]) -> None: ...


def default_user() -> str:
    """Who makes a correction when ``--by`` is not given: ``$USER``, else the login name."""
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _now() -> datetime:
    return datetime.now(UTC)


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def _need(store: CorrectableStore, entity_id: str) -> Entity:
    entity = store.entity_record(entity_id)
    if entity is None:
        raise CorrectionError(f"no entity {entity_id} in the store")
    return entity


def _rewrite(store: CorrectableStore, extractions: dict[str, Extraction | None], journal: Correction | None = None) -> None:
    """Write each article again, as given (else as stored), through the write path and its corrections.

    Removing and writing an article are two steps: with a ``journal`` correction, what is to be written is
    first saved in that correction's state, and cleared once written, so that an interruption between the
    two is finished by the next correction command (``finish_interrupted``) and no article is lost."""
    todo = {a: x or store.article_extraction(a) for a, x in extractions.items()}
    todo = {a: x for a, x in todo.items() if x is not None}
    if not todo:
        return
    state = store.correction_state(journal.id) if journal is not None else {}
    if journal is not None:
        store.save_correction(journal, {**state, _PENDING: {a: _dump(x) for a, x in todo.items()}})
    for article_id, extraction in todo.items():
        store.remove_article(article_id)
        store.write([extraction])
    if journal is not None:
        store.save_correction(journal, state)


_PENDING = "pending_rewrites"


def finish_interrupted(store: CorrectableStore) -> list[str]:
    """Write the articles an interrupted correction removed and did not write back (see ``_rewrite``);
    their ids.  Every correction command runs it first."""
    written = []
    for correction in store.load_corrections():
        state = store.correction_state(correction.id)
        pending = state.pop(_PENDING, None)
        if pending is None:
            continue
        for article_id, extraction in pending.items():
            if not store.has_article(article_id):
                store.write([Extraction.model_validate(extraction)])
                written.append(article_id)
        store.save_correction(correction, state)
    return written


def rewrite_articles(store: CorrectableStore, article_ids: Iterable[str]) -> None:
    """Write stored articles again as they are stored, so the corrections made since apply to them."""
    _rewrite(store, dict.fromkeys(article_ids))


def _before(store: CorrectableStore, article_ids: Iterable[str]) -> dict[str, Extraction]:
    found = {a: store.article_extraction(a) for a in article_ids}
    return {a: x for a, x in found.items() if x is not None}


# --- building a correction from what the store holds -------------------------------------------------
def new_merge(store: CorrectableStore, into_id: str, from_id: str, by: str, note: str = "") -> Correction:
    if into_id == from_id:
        raise CorrectionError("an entity cannot be merged into itself")
    into, source = _need(store, into_id), _need(store, from_id)
    args = {"into": into.id, "from": source.id, "into_name": into.name, "into_type": into.type.value,
            "from_name": source.name}  # fmt: skip
    return Correction(op=Op.MERGE, args=args, by=by, note=note)


def new_rename(store: CorrectableStore, entity_id: str, name: str, by: str, note: str = "") -> Correction:
    entity = _need(store, entity_id)
    name = " ".join(name.split())
    if not name:
        raise CorrectionError("the new name is blank")
    if name == entity.name:
        raise CorrectionError(f"«{entity.name}» already has that name")
    for other in store.entity_names():
        if other.id != entity.id and fold_name(name) in {fold_name(n) for n in [other.name, *other.aliases]}:
            raise CorrectionError(
                f"«{name}» already names «{other.name}» ({other.type}): if they are one, `clusterkg fix merge` them"
            )
    return Correction(op=Op.RENAME, args={"id": entity.id, "name": name, "old_name": entity.name}, by=by, note=note)


def new_retype(store: CorrectableStore, entity_id: str, type_: str, by: str, note: str = "") -> Correction:
    entity = _need(store, entity_id)
    wanted = parse_type(type_)
    if wanted is entity.type:
        raise CorrectionError(f"«{entity.name}» is already a {wanted.value}")
    args = {"id": entity.id, "type": wanted.value, "old_type": entity.type.value, "name": entity.name}
    return Correction(op=Op.RETYPE, args=args, by=by, note=note)


def new_reject(store, source_id: str, type_: str, target_id: str, by: str, note: str = "") -> Correction:
    rtype = parse_relation_type(type_)
    wanted = relation_id(source_id, rtype, target_id)
    view = store.entity(source_id)
    found = [r for r in (view.relations if view else []) if r.id == wanted]
    if not found:
        raise CorrectionError(f"no stored relation {source_id} {rtype.value} {target_id}")
    relation = found[0]
    args = {
        "source": relation.source, "type": rtype.value, "target": relation.target, "relation": relation.id,
        "source_name": relation.source_name, "target_name": relation.target_name,
        "articles": sorted({e.article_id for e in relation.evidence if e.article_id}),
        "sentences": sorted({sentence_key(e.sentence) for e in relation.evidence if e.sentence.strip()}),
    }  # fmt: skip
    return Correction(op=Op.REJECT, args=args, by=by, note=note)


def parse_type(text: str) -> EntityType:
    for item in EntityType:
        if text.strip().lower() == item.value.lower():
            return item
    raise CorrectionError(f"unknown entity type {text!r}; one of: {', '.join(t.value for t in EntityType)}")


def parse_relation_type(text: str) -> RelationType:
    for item in RelationType:
        if text.strip().upper() == item.value:
            return item
    raise CorrectionError(f"unknown relation type {text!r}; one of: {', '.join(t.value for t in RelationType)}")


# --- making a correction --------------------------------------------------------------------------------
def perform(store: CorrectableStore, correction: Correction, finish: bool = True) -> str:
    """Save the correction and materialise it; the outcome in a word (``applied`` or ``recorded``).

    When an entity it names is not in this store (a correction shared from another store), the
    correction is only recorded: it still applies to every article written later.
    """
    if finish:
        finish_interrupted(store)
    known = {c.id for c in store.load_corrections()}
    if correction.id in known:
        return "present"
    correction = localised(store, correction)
    if correction.undone or not all(store.entity_record(i) for i in correction.entity_ids()):
        store.save_correction(correction, {})
        return "recorded"
    if correction.op is Op.MERGE:
        _merge(store, correction)
    elif correction.op is Op.RENAME:
        entity = _need(store, correction.args["id"])
        store.save_correction(correction, {"before": _dump(entity)})
        store.put_entity(_renamed(entity, correction.args["name"]))
    elif correction.op is Op.RETYPE:
        entity = _need(store, correction.args["id"])
        asserted = store.asserted_types(entity.id)
        store.save_correction(correction, {"before": _dump(entity), "asserted": asserted})
        wanted = correction.args["type"]
        store.set_asserted_types(entity.id, {article: wanted for article in asserted})
        store.put_entity(entity.model_copy(update={"type": EntityType(wanted)}))
    else:
        _reject(store, correction)
    return "applied"


# Which recorded name finds each id of a correction in another store: (id key, name keys in order).
_NAMED_IDS = {
    Op.MERGE: (("into", ("into_name",)), ("from", ("from_name",))),
    Op.RENAME: (("id", ("old_name", "name")),),
    Op.RETYPE: (("id", ("name",)),),
    Op.REJECT: (("source", ("source_name",)), ("target", ("target_name",))),
}


def localised(store: CorrectableStore, correction: Correction) -> Correction:
    """The correction with each id this store lacks replaced by the one entity its recorded name names
    exactly (same folded name or alias): ids are derived from the first name a store saw, which may differ."""
    args = dict(correction.args)
    names = None
    for id_key, name_keys in _NAMED_IDS[correction.op]:
        if not args.get(id_key) or store.entity_record(args[id_key]) is not None:
            continue
        names = names if names is not None else store.entity_names()
        for name in (args.get(k) for k in name_keys):
            found = [n for n in names if name and match_rank(name, n) == 0]
            if len(found) == 1:
                args[id_key] = found[0].id
                break
    if args == correction.args:
        return correction
    if correction.op is Op.REJECT:
        args["relation"] = relation_id(args["source"], args["type"], args["target"])
    return correction.model_copy(update={"args": args})


def _renamed(entity: Entity, name: str) -> Entity:
    """The entity under its new name, pinned (``graph.merge.PINNED_NAME``): later names become aliases."""
    return Entity(id=entity.id, type=entity.type, name=name, aliases=[entity.name, *entity.aliases],
                  attributes={**entity.attributes, PINNED_NAME: "true"})  # fmt: skip


def _merge(store: CorrectableStore, correction: Correction) -> None:
    into, source = _need(store, correction.args["into"]), _need(store, correction.args["from"])
    before = _before(store, store.articles_touching([source.id]))
    state = {"into": _dump(into), "from": _dump(source), "articles": {a: _dump(x) for a, x in before.items()}}
    store.save_correction(correction, state)
    _rewrite(store, dict(before), correction)
    current = store.entity_record(into.id) or into
    store.put_entity(
        Entity(
            id=into.id,
            type=current.type,
            name=current.name,
            aliases=[*current.aliases, source.name, *source.aliases],
            attributes={**source.attributes, **current.attributes},
        )
    )
    store.drop_entity(source.id)


def _reject(store: CorrectableStore, correction: Correction) -> None:
    a = correction.args
    view = store.entity(a["source"])
    relation = next((r for r in (view.relations if view else []) if r.id == a["relation"]), None)
    if relation is None:
        store.save_correction(correction, {})
        return
    stored = Relation(
        type=relation.type,
        source=relation.source,
        target=relation.target,
        attributes=relation.attributes,
        evidence=relation.evidence,
        confidence=relation.confidence,
    )
    articles = sorted({e.article_id for e in relation.evidence if e.article_id})
    store.save_correction(correction, {"relation": _dump(stored)})
    _rewrite(store, dict.fromkeys(articles), correction)


# --- undoing --------------------------------------------------------------------------------------------
def undo(store: CorrectableStore, correction_id: str, by: str) -> Correction:
    """Restore what a correction changed; refused while a later active correction is about the same entities."""
    finish_interrupted(store)
    corrections = ordered(store.load_corrections())
    found = [c for c in corrections if c.id == correction_id]
    if not found:
        raise CorrectionError(f"no correction {correction_id!r} in the store (see `clusterkg fix log`)")
    correction = found[0]
    if correction.undone:
        raise CorrectionError(f"correction {correction_id} is already undone")
    position = corrections.index(correction)
    later = [c for c in corrections[position + 1 :] if not c.undone and c.entity_ids() & correction.entity_ids()]
    if later:
        listing = ", ".join(f"{c.id} ({c.summary()})" for c in later)
        raise CorrectionError(f"undo the later corrections of the same entities first: {listing}")
    state = store.correction_state(correction.id)
    correction = correction.model_copy(update={"undone": True, "undone_by": by, "undone_at": _now()})
    store.save_correction(correction)  # from here on the write path no longer applies it
    if state:
        _UNDO[correction.op](store, correction, state)
    return correction


def _undo_rename(store: CorrectableStore, correction: Correction, state: dict) -> None:
    current = store.entity_record(correction.args["id"])
    if current is None:
        return
    before = Entity.model_validate(state["before"])
    new_name = correction.args["name"]
    had_new = fold_name(new_name) in {fold_name(a) for a in before.aliases}
    aliases = [a for a in [current.name, *current.aliases] if had_new or fold_name(a) != fold_name(new_name)]
    attributes = {k: v for k, v in current.attributes.items() if k != PINNED_NAME or k in before.attributes}
    store.put_entity(Entity(id=current.id, type=current.type, name=before.name, aliases=aliases,
                            attributes=attributes))  # fmt: skip


def _undo_retype(store: CorrectableStore, correction: Correction, state: dict) -> None:
    current = store.entity_record(correction.args["id"])
    if current is None:
        return
    store.set_asserted_types(current.id, dict(state.get("asserted", {})))
    store.put_entity(current.model_copy(update={"type": EntityType(correction.args["old_type"])}))


def _undo_reject(store: CorrectableStore, correction: Correction, state: dict) -> None:
    relation = Relation.model_validate(state["relation"])
    by_article: dict[str, list] = {}
    for evidence in relation.evidence:
        by_article.setdefault(evidence.article_id, []).append(evidence)
    for article_id, evidence in by_article.items():
        extraction = store.article_extraction(article_id)
        if extraction is None:
            continue
        back = relation.model_copy(update={"evidence": evidence})
        _rewrite(store, {article_id: extraction.model_copy(update={"relations": [*extraction.relations, back]})},
                 correction)


def _undo_merge(store: CorrectableStore, correction: Correction, state: dict) -> None:
    into_before, source = Entity.model_validate(state["into"]), Entity.model_validate(state["from"])
    store.put_entity(source)
    restored = {a: Extraction.model_validate(x) for a, x in state.get("articles", {}).items()}
    later = [a for a in store.articles_touching([into_before.id]) if a not in restored]
    _rewrite(store, restored, correction)
    _rewrite(store, {a: x for a, x in ((a, _moved_back(store.article_extraction(a), into_before, source))
                                       for a in later) if x is not None}, correction)
    current = store.entity_record(into_before.id)
    if current is None:
        return
    kept = {fold_name(n) for n in [into_before.name, *into_before.aliases]}
    gone = {fold_name(n) for n in [source.name, *source.aliases]} - kept
    aliases = [a for a in current.aliases if fold_name(a) not in gone]
    attributes = {**{k: v for k, v in current.attributes.items() if k not in source.attributes},
                  **into_before.attributes}  # fmt: skip
    store.put_entity(current.model_copy(update={"aliases": aliases, "attributes": attributes}))


def _moved_back(extraction: Extraction | None, into: Entity, source: Entity) -> Extraction | None:
    """An article written after the merge whose every mention of the kept node is written in the merged
    node's names (and none of the kept node's own): given back to the merged node, relations and all.
    None when the article is mixed or names the kept node itself: it stays where it is."""
    if extraction is None:
        return None
    found = [e for e in extraction.entities if e.id == into.id]
    if not found or not found[0].mentions:
        return None
    theirs = [lemma_words(label) for label in [source.name, *source.aliases]]
    mine = [lemma_words(label) for label in [into.name, *into.aliases]]
    if not all(_says(m.sentence, theirs) and not _says(m.sentence, mine) for m in found[0].mentions):
        return None
    back = source.model_copy(update={"mentions": found[0].mentions})
    entities = [back if e.id == into.id else e for e in extraction.entities]
    relations = [r.model_copy(update={"source": source.id if r.source == into.id else r.source,
                                      "target": source.id if r.target == into.id else r.target})
                 for r in extraction.relations]
    relations = [Relation(type=r.type, source=r.source, target=r.target, attributes=r.attributes,
                          evidence=r.evidence, confidence=r.confidence) for r in relations]  # ids from the new ends
    return extraction.model_copy(update={"entities": entities, "relations": relations})


def _says(sentence: str, names: list[list[str]]) -> bool:
    """The sentence names one of ``names`` (lemma sequences), in any case form."""
    words = lemma_words(sentence)
    return any(name and any(words[i : i + len(name)] == name for i in range(len(words) - len(name) + 1))
               for name in names)


_UNDO = {Op.RENAME: _undo_rename, Op.RETYPE: _undo_retype, Op.REJECT: _undo_reject, Op.MERGE: _undo_merge}


# --- sharing -----------------------------------------------------------------------------------------------
def apply_all(store: CorrectableStore, corrections: Iterable[Correction]) -> list[tuple[Correction, str]]:
    """Make each correction of a shared file on this store, oldest first, keeping its id, author and time."""
    finish_interrupted(store)
    return [(c, perform(store, c, finish=False)) for c in ordered(corrections)]


def rules_of(store: CorrectableStore) -> CorrectionRules:
    return CorrectionRules(store.load_corrections())
