"""Labels an extraction put on an entity that name another body: «Управляющая компания холдинга «X»» on X,
«Консорциум опорных вузов Госкорпорации «X»» on X, «X» on «Администрация индустриального парка «X»».

One of the two is what the entity is (the name decides), the other is the body it belongs to or the body
that belongs to it; keeping both joins a body and its subdivision or owner into one node.  Resolution
drops the other body's labels before matching (graph.resolve).
"""

from __future__ import annotations

import re

from graph.model import Entity, EntityType
from graph.name_choice import manages, managing_head
from graph.names import abbreviation_of, analyser, fold_name, is_abbreviation, lemma_words, strip_legal_form
from graph.word_lists import word_set

# Nouns that, in the genitive before an own name, make that own name the owner of what stands in front:
# «завод холдинга «Вертолёты России»», «администрация парка «Великий камень»».
_OWNER_NOUNS = word_set("owner_nouns")
_PARK_WORDS = word_set("park_words")
_DESCRIPTION_KINDS = word_set("description_kinds")  # with the park words: «машиностроительный кластер»
_PREPOSITIONS = word_set("prepositions")
_OWN_IN_QUOTES = re.compile(r"^([^«\"]{1,40}?)\s*[«\"]([^«»\"]+)[»\"]$")  # one descriptor, one own name
_QUOTES = re.compile(r"[\"«»„“”‘’]")


def _is_abbreviation(label: str) -> bool:
    return is_abbreviation(label.replace(" ", ""))


def _words(label: str) -> list[str]:
    """Lower-case words with quotes and standalone dashes dropped, hyphenated words kept whole."""
    text = _QUOTES.sub(" ", strip_legal_form(label.replace("ё", "е").replace("Ё", "Е"))).lower()
    return [w.strip(".,") for w in text.split() if w.strip("-‐‑‒–—―.,")]


def _genitive_owner_noun(word: str) -> bool:
    return any(p.normal_form in _OWNER_NOUNS and {"gent", "sing"} <= p.tag.grammemes for p in analyser().parse(word))


def _genitive_only(word: str) -> bool:
    parses = [p for p in analyser().parse(word) if p.tag.POS in ("NOUN", "ADJF")]
    return bool(parses) and any("gent" in p.tag for p in parses) and not any("nomn" in p.tag for p in parses)


def owned_by(owner: str, label: str) -> bool:
    """``label`` names something of ``owner``'s body, not that body: it ends with ``owner`` in the genitive
    after a head («Администрация индустриального парка» + «… парка «Великий камень»»), or with ``owner``'s
    own name after an organisation's noun in the genitive singular with a head before it («завод холдинга
    «Вертолёты России»», «Консорциум опорных вузов Госкорпорации «Росатом»»); a preposition in front keeps
    them one («Государственная корпорация по атомной энергии «Росатом»»)."""
    mine, theirs = _words(owner), _words(label)
    size = len(mine)
    if not size or len(theirs) <= size or [fold_name(w) for w in theirs[-size:]] != [fold_name(w) for w in mine]:
        return False
    head = theirs[:-size]
    if any(w in _PREPOSITIONS for w in head):
        return False
    if _genitive_only(mine[0]) and not _genitive_only(head[0]):
        return True  # «Китайско-Белорусского индустриального парка …» after «Администрация»
    # «… холдинга «X»» with a head in front that is not itself in the genitive («Северного индустриального
    # парка «X»» is the park, inflected)
    return len(head) >= 2 and _genitive_owner_noun(head[-1]) and not all(_genitive_only(w) for w in head[:-1])


def drop_managed_park(entity: Entity) -> Entity:
    """A company named both «X» and «управляющая компания «X»» where X is a park or a cluster is the
    managing company (ANNOTATION.md keeps the two apart): X goes, the managing form is the name."""
    if entity.type is not EntityType.COMPANY:
        return entity
    labels = list(dict.fromkeys([entity.name, *entity.aliases]))
    parks = {x for x in labels if any(manages(x, m) for m in labels if m != x) and _PARK_WORDS & set(lemma_words(x))}
    if not parks:
        return entity
    kept = [label for label in labels if label not in parks]
    name = entity.name if entity.name in kept else next(m for m in kept if any(manages(x, m) for x in parks))
    return entity.model_copy(update={"name": name, "aliases": [a for a in kept if a != name]})


def drop_other_descriptions(entity: Entity) -> Entity:
    """A cluster's or project's alias that only describes one («машиностроительный кластер», «медицинский
    кластер») by a word none of its other names has is another cluster of the article, not this one: it goes,
    so that no other article's «машиностроительный кластер» lands on «Прима»."""
    if entity.type not in (EntityType.CLUSTER, EntityType.PROJECT) or not entity.aliases:
        return entity
    labels = [entity.name, *entity.aliases]

    def described(label: str) -> list[str] | None:
        """The describing words' lemmas of a bare description (no quotes, no proper name), else None."""
        if _QUOTES.search(label) or any(w[:1].isupper() for w in label.split()[1:]):
            return None
        words = lemma_words(label)
        kinds = [w for w in words if w in _PARK_WORDS or w in _DESCRIPTION_KINDS]
        if not kinds or len(words) > 3:
            return None
        return [w for w in words if w not in kinds]

    def foreign(label: str) -> bool:
        words = described(label)
        if not words:
            return False
        others = {w for other in labels if other != label for w in lemma_words(other)}
        return not set(words) <= others

    kept = [a for a in entity.aliases if not foreign(a)]
    return entity if len(kept) == len(entity.aliases) else entity.model_copy(update={"aliases": kept})


def drop_other_bodies(entity: Entity) -> Entity:
    """The entity without the labels that name another body than its name does (see ``owned_by``), a
    managing company without the name of the park it manages (``drop_managed_park``), and a cluster without
    another cluster's bare description (``drop_other_descriptions``)."""
    entity = drop_other_descriptions(drop_managed_park(entity))
    labels = list(dict.fromkeys([entity.name, *entity.aliases]))
    if len(labels) < 2:
        return entity
    pairs = [(owner, label) for owner in labels for label in labels if owner != label and owned_by(owner, label)]
    if not pairs:
        return entity
    name_key = fold_name(entity.name)
    owned_side = any(label == entity.name or (owner != entity.name and name_key in fold_name(label))
                     for owner, label in pairs)
    # the entity is the owned body («Администрация … «X»», a federal project of a national one): the owner's
    # labels go; else the entity is the owner and what belongs to it goes
    drop = {owner for owner, _ in pairs} if owned_side else {label for _, label in pairs}
    drop.discard(entity.name)
    heads = [_words(label)[: -len(_words(owner))] for owner, label in pairs if label in drop]
    heads = [" ".join(words[:end]) for words in heads for end in (len(words), len(words) - 1)]  # «… холдинга»
    kept = []
    for alias in entity.aliases:
        if alias in drop:
            continue
        if any(_is_abbreviation(alias) and abbreviation_of(alias, head) for head in heads):
            continue  # «У-УАЗ» of the dropped «Улан-Удэнский авиационный завод холдинга «Вертолёты России»»
        kept.append(_up_to(alias, entity.name) if owned_side else alias)
    return entity.model_copy(update={"aliases": list(dict.fromkeys(kept))})


def _up_to(label: str, name: str) -> str:
    """«федеральный проект «X» нацпроекта «Y»» on X, once Y went: «федеральный проект «X»»."""
    found = re.search(r"«" + re.escape(name) + r"»", label)
    return label[: found.end()] if found and found.end() < len(label) and found.start() > 0 else label


def join_bare_own_names(entities: list[Entity]) -> tuple[list[Entity], dict[str, str]]:
    """An article's bare «Алабуга» typed as a company or organisation is its «ОЭЗ «Алабуга»», whatever type
    the descriptor gave that one, when exactly one entity of the article carries that own name in quotes;
    not when the bare name came with a legal form (the park's managing company «АО «Академпарк»») or
    the quoted one is a project or a managing company."""
    quoted: dict[str, list[Entity]] = {}
    for entity in entities:
        if entity.type in (EntityType.OFFICIAL, EntityType.PROJECT):
            continue
        for label in [entity.name, *entity.aliases]:
            found = _OWN_IN_QUOTES.match(label.strip())
            if found and not managing_head(fold_name(found.group(1)).split()):
                owners = quoted.setdefault(fold_name(found.group(2)), [])
                if entity not in owners:
                    owners.append(entity)
    remap: dict[str, str] = {}
    into: dict[str, Entity] = {}
    for entity in entities:
        if entity.type not in (EntityType.COMPANY, EntityType.ORGANIZATION) or entity.attributes.get("legal_form"):
            continue
        owners = [o for o in quoted.get(fold_name(entity.name), []) if o is not entity and o.type is not entity.type]
        if len(owners) != 1 or owners[0].id in remap:
            continue
        target = into.setdefault(owners[0].id, owners[0].model_copy(deep=True))
        target.aliases = list(dict.fromkeys([*target.aliases, entity.name, *entity.aliases]))
        target.mentions = target.mentions + entity.mentions
        remap[entity.id] = target.id
    kept = [into.get(e.id, e) for e in entities if e.id not in remap]
    return kept, remap
