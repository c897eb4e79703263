"""An analyst's corrections of the graph (merge, rename, retype, reject), kept in the store itself.

A correction is materialised in the stored graph when it is made (``graph.correcting``) and, through
``apply_corrections``, applied to every new extraction before a store writes it, so re-ingesting or
ingesting new articles never undoes it: a merged id is redirected, a pinned name or type is kept and
a rejected relation's evidence from the rejected articles or sentences is dropped.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from pydantic import BaseModel, Field

from graph.errors import ClusterKGError
from graph.merge import PINNED_NAME, merge_entities_by_id, merge_relations_by_id
from graph.model import Entity, EntityType, Evidence, Extraction, Relation, RelationType
from graph.names import fold_name

FILE_FORMAT = "clusterkg-corrections/1"


class CorrectionError(ClusterKGError, ValueError):
    """A correction that cannot be made, undone or read (the message says why)."""


class Op(str, Enum):
    MERGE = "merge"
    RENAME = "rename"
    RETYPE = "retype"
    REJECT = "reject"


class Correction(BaseModel):
    """One analyst decision. ``args`` holds ids (stable across stores) and the names as they were read.

    merge:  into, from, into_name, into_type, from_name      (``from`` disappears into ``into``)
    rename: id, name, old_name                                (the name is pinned)
    retype: id, type, old_type                                (the type is pinned)
    reject: source, type, target, relation, articles, sentences (that evidence never comes back)
    """

    id: str = Field(default_factory=lambda: "c" + uuid.uuid4().hex[:12])
    op: Op
    args: dict[str, Any] = Field(default_factory=dict)
    by: str = ""
    at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    note: str = ""
    undone: bool = False
    undone_by: str = ""
    undone_at: datetime | None = None

    def entity_ids(self) -> set[str]:
        """The entities this correction is about (an undo is refused while a later one shares them)."""
        keys = {"merge": ("into", "from"), "reject": ("source", "target")}.get(self.op.value, ("id",))
        return {str(self.args[k]) for k in keys if self.args.get(k)}

    def summary(self) -> str:
        """One line saying what the correction does, with the names as they were."""
        a = self.args
        if self.op is Op.MERGE:
            return f"merge «{a.get('from_name')}» into «{a.get('into_name')}»"
        if self.op is Op.RENAME:
            return f"rename «{a.get('old_name')}» to «{a.get('name')}»"
        if self.op is Op.RETYPE:
            return f"retype «{a.get('name', a.get('id'))}» from {a.get('old_type')} to {a.get('type')}"
        return f"reject «{a.get('source_name')}» {a.get('type')} «{a.get('target_name')}»"


def ordered(corrections: Iterable[Correction]) -> list[Correction]:
    return sorted(corrections, key=lambda c: (c.at, c.id))


def sentence_key(sentence: str) -> str:
    """A sentence as evidence is compared: whitespace-normalised (a syndicated copy has the same one)."""
    return " ".join(sentence.split())


class CorrectionRules:
    """The active corrections compiled into look-ups: redirects, pinned names and types, rejections.

    ``stored`` (a store's ``entity_record``) gives the merged node's name and type as they stand now, so
    a redirected mention never brings back the name the node had when it was merged.
    """

    def __init__(self, corrections: Iterable[Correction], stored: Callable[[str], Entity | None] | None = None) -> None:
        self._stored = stored
        self._current: dict[str, Entity | None] = {}
        self.redirect: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.types: dict[str, EntityType] = {}
        self.merge_names: dict[str, str] = {}
        self.merge_types: dict[str, EntityType] = {}
        self.rejected: dict[tuple[str, str, str], tuple[set[str], set[str]]] = {}
        active = [c for c in ordered(corrections) if not c.undone]
        for c in active:
            a = c.args
            if c.op is Op.MERGE:
                self.redirect[a["from"]] = a["into"]
                self.merge_names.setdefault(a["into"], a.get("into_name") or "")
                if a.get("into_type"):
                    self.merge_types.setdefault(a["into"], EntityType(a["into_type"]))
            elif c.op is Op.RENAME:
                self.names[a["id"]] = a["name"]
            elif c.op is Op.RETYPE:
                self.types[a["id"]] = EntityType(a["type"])
        for c in active:  # rejections are keyed by the ends as they are after every merge
            if c.op is Op.REJECT:
                key = self.relation_key(c.args["source"], c.args["type"], c.args["target"])
                articles, sentences = self.rejected.setdefault(key, (set(), set()))
                articles.update(c.args.get("articles", []))
                sentences.update(sentence_key(s) for s in c.args.get("sentences", []))

    def __bool__(self) -> bool:
        return bool(self.redirect or self.names or self.types or self.rejected)

    def resolve(self, entity_id: str) -> str:
        """Where an id lands after every merge (chains followed, a cycle stops where it closes)."""
        seen = {entity_id}
        while entity_id in self.redirect:
            entity_id = self.redirect[entity_id]
            if entity_id in seen:
                break
            seen.add(entity_id)
        return entity_id

    def current(self, entity_id: str) -> Entity | None:
        """The stored node a merge redirects to (read once), when the rules know the store."""
        if self._stored is None:
            return None
        if entity_id not in self._current:
            self._current[entity_id] = self._stored(entity_id)
        return self._current[entity_id]

    def relation_key(self, source: str, type_: str, target: str) -> tuple[str, str, str]:
        source, target, rtype = self.resolve(source), self.resolve(target), RelationType(type_)
        if rtype.symmetric and target < source:
            source, target = target, source
        return source, rtype.value, target

    def entity(self, entity: Entity) -> Entity:
        """The entity as the corrections want it: redirected, its pinned name and type."""
        target = self.resolve(entity.id)
        name, type_ = self.names.get(target), self.types.get(target)
        if target != entity.id:
            current = self.current(target)
            name = name or (current.name if current else self.merge_names.get(target))
            type_ = type_ or (current.type if current else self.merge_types.get(target))
        if target == entity.id and name is None and type_ is None:
            return entity
        update: dict[str, Any] = {"id": target}
        if name and fold_name(name) != fold_name(entity.name):
            update["name"] = name
            update["aliases"] = [entity.name, *entity.aliases]
        if type_ is not None:
            update["type"] = type_
        if target in self.names:  # a renamed entity's name stays (graph.merge.PINNED_NAME)
            update["attributes"] = {**entity.attributes, PINNED_NAME: "true"}
        fixed = entity.model_copy(update=update, deep=True)
        fixed.model_post_init(None)  # the aliases deduplicated against the new name
        return fixed

    def relation(self, relation: Relation, article_id: str) -> Relation | None:
        """The relation redirected, without rejected evidence; None when nothing of it is left."""
        source, target = self.resolve(relation.source), self.resolve(relation.target)
        if source == target:
            return None
        key = self.relation_key(source, relation.type.value, target)
        if source != relation.source or target != relation.target:
            relation = Relation(
                type=relation.type, source=source, target=target, attributes=dict(relation.attributes),
                evidence=list(relation.evidence), confidence=relation.confidence,
            )  # fmt: skip
        rejected = self.rejected.get(key)
        if rejected is None:
            return relation
        articles, sentences = rejected

        def dropped(evidence: Evidence) -> bool:
            return (evidence.article_id or article_id) in articles or sentence_key(evidence.sentence) in sentences

        kept = [e for e in relation.evidence if not dropped(e)]
        if not kept and (relation.evidence or article_id in articles):
            return None
        return relation.model_copy(update={"evidence": kept})


def apply_corrections(extraction: Extraction, corrections: Iterable[Correction] | CorrectionRules) -> Extraction:
    """The extraction as the corrections want it, before a store writes it (the input is not changed)."""
    rules = corrections if isinstance(corrections, CorrectionRules) else CorrectionRules(corrections)
    if not rules:
        return extraction
    article_id = extraction.article.id
    entities = merge_entities_by_id([rules.entity(e) for e in extraction.entities])
    relations = merge_relations_by_id(
        r for r in (rules.relation(r, article_id) for r in extraction.relations) if r is not None
    )
    return extraction.model_copy(update={"entities": entities, "relations": relations})


# --- sharing corrections between stores ---------------------------------------------------------------
def dump_corrections(corrections: Sequence[Correction]) -> str:
    """The corrections as one JSON document (what ``fix export`` writes; undo state stays in the store)."""
    return json.dumps(
        {"format": FILE_FORMAT, "corrections": [c.model_dump(mode="json") for c in ordered(corrections)]},
        ensure_ascii=False,
        indent=2,
    )


def load_corrections(text: str) -> list[Correction]:
    """Corrections read from a ``fix export`` file; a file of another kind is one clear error."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorrectionError(f"not a corrections file (bad JSON: {exc.msg} at line {exc.lineno})") from exc
    if not isinstance(data, dict) or data.get("format") != FILE_FORMAT:
        raise CorrectionError(f'not a corrections file (expected "format": "{FILE_FORMAT}")')
    try:
        return ordered(Correction.model_validate(item) for item in data.get("corrections", []))
    except ValueError as exc:
        raise CorrectionError(f"a correction in the file is malformed: {str(exc).splitlines()[0]}") from exc


class CorrectedWrites:
    """Mixed in before a store class: the write path's ``_prepare`` hook passes every extraction through
    ``apply_corrections``, with the store's corrections read once per ``write``."""

    def _prepare(self, extractions: Iterable[Extraction]) -> Iterable[Extraction]:
        rules = CorrectionRules(self.load_corrections(), stored=self.entity_record)
        return (apply_corrections(e, rules) for e in super()._prepare(extractions))
