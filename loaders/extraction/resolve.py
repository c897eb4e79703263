"""Within one article: mentions of the same thing become one entity (inflection, quotes, legal forms,
abbreviation ↔ expansion, surname-only mentions of a person named in full)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from graph.names import abbreviation_of, fold_name, is_abbreviation, short_form_of, strip_abbreviation_ending
from graph.word_lists import word_set
from loaders.extraction.mentions import Mention
from loaders.extraction.morph import Morph

_SOURCE_RANK = {"gazetteer": 0, "legal": 1, "chunk": 2, "ner": 3, "post": 4}


@dataclass
class EntityDraft:
    """An entity being assembled from its mentions."""

    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.8

    @property
    def keys(self) -> set[str]:
        return {fold_name(n) for n in {self.name, *self.aliases}}

    def absorb(self, other: EntityDraft) -> None:
        """Take another draft of the same entity in: its mentions, its names as aliases, attributes not set here."""
        self.mentions.extend(other.mentions)
        self.aliases |= {other.name, *other.aliases}
        for key, value in other.attributes.items():
            self.attributes.setdefault(key, value)


class Resolver:
    def __init__(self, morph: Morph, single_names: bool = False) -> None:
        self.morph = morph
        self.single_names = single_names

    def organisations(self, mentions: list[Mention]) -> list[EntityDraft]:
        drafts: list[EntityDraft] = []
        by_key: dict[str, EntityDraft] = {}
        for m in sorted(mentions, key=lambda m: _SOURCE_RANK.get(m.source, 9)):
            keys = {fold_name(n) for n in {m.name, *m.aliases} if n}
            keys |= {self._lemma_fold(n) for n in {m.name, *m.aliases} if n}
            draft = next((by_key[k] for k in keys if k in by_key), None)
            if draft is None:
                draft = self._match_abbreviation(m, drafts)
            if draft is None:
                draft = EntityDraft(type=m.type, name=m.name)
                drafts.append(draft)
            elif draft.type != m.type and _SOURCE_RANK.get(m.source, 9) < min(_SOURCE_RANK.get(x.source, 9) for x in draft.mentions):
                draft.type = m.type
            draft.mentions.append(m)
            draft.aliases |= {m.name, *m.aliases}
            if m.abbreviation:
                draft.aliases.add(strip_abbreviation_ending(m.abbreviation))
            if m.legal_form and "legal_form" not in draft.attributes:
                draft.attributes["legal_form"] = m.legal_form
            if m.region is not None and "region" not in draft.attributes:
                draft.attributes["region"] = m.region.name
            for k in keys:
                by_key.setdefault(k, draft)
        for d in drafts:
            self._choose_name(d)
        return drafts

    def _lemma_fold(self, name: str) -> str:
        return "~" + self.morph.lemma_key(name.replace("ё", "е"))

    def _match_abbreviation(self, m: Mention, drafts: list[EntityDraft]) -> EntityDraft | None:
        names = [m.name, *m.aliases]
        short = [n for n in names if is_abbreviation(n.replace(" ", "")) and len(n) <= 12]
        long = [n for n in names if len(n.split()) >= 2]
        for d in drafts:
            d_names = [d.name, *d.aliases]
            d_short = [n for n in d_names if is_abbreviation(n.replace(" ", "")) and len(n) <= 12]
            d_long = [n for n in d_names if len(n.split()) >= 2]
            if any(abbreviation_of(a, n) for a in short for n in d_long):
                return d
            if any(abbreviation_of(a, n) for a in d_short for n in long):
                return d
            # an abbreviated head before the same words: ОЭЗ «Тольятти» ~ особая экономическая зона «Тольятти»
            if d.type == m.type and any(short_form_of(a, b) or short_form_of(b, a) for a in long for b in d_long):
                return d
        return None

    def _choose_name(self, d: EntityDraft) -> None:
        gazetteer = [m for m in d.mentions if m.body is not None]
        if gazetteer:
            name = gazetteer[0].body.name
        else:
            counts: dict[str, int] = {}
            for m in d.mentions:
                counts[m.name] = counts.get(m.name, 0) + 1
            name = max(counts, key=lambda n: (counts[n], -_SOURCE_RANK.get(next(x.source for x in d.mentions if x.name == n), 9), len(n)))
        d.aliases |= {d.name}
        d.name = name
        d.aliases.discard(name)

    # --- people ---------------------------------------------------------------------

    def people(self, mentions: list[Mention]) -> list[EntityDraft]:
        """Full names first; a surname alone joins the one person with that surname, never two."""
        drafts: list[EntityDraft] = []
        by_key: dict[str, EntityDraft] = {}
        surnames: dict[str, list[EntityDraft]] = {}
        full = [m for m in mentions if m.type not in ("surname-only", "single-name")]
        alone = [m for m in mentions if m.type in ("surname-only", "single-name")]
        for m in full:
            key = fold_name(m.name)
            draft = by_key.get(key)
            if draft is None:
                draft = EntityDraft(type="Official", name=m.name)
                drafts.append(draft)
                by_key[key] = draft
                surnames.setdefault(self._surname_key(m.name), []).append(draft)
            draft.mentions.append(m)
            draft.aliases |= m.aliases
        drafts = self._join_initials(drafts)
        for m in alone:
            word = m.name.lower().replace("ё", "е")
            owners = [d for key, ds in surnames.items() for d in ds if key and _same_surname(word, key)]
            if not owners and m.type == "single-name":
                # a first name alone refers to the one person of the story with that first name
                owners = [d for d in drafts if d.mentions and d.mentions[0].type not in ("single-name",)
                          and " " in d.name and _same_surname(word, d.name.split()[0].lower().replace("ё", "е"))]
            if len(owners) == 1:
                owners[0].mentions.append(m)
            elif not owners and self.single_names:
                key = "single:" + fold_name(m.name)
                draft = by_key.get(key)
                if draft is None:
                    draft = EntityDraft(type="Official", name=m.name, confidence=0.5)
                    drafts.append(draft)
                    by_key[key] = draft
                draft.mentions.append(m)
        return drafts

    def _join_initials(self, drafts: list[EntityDraft]) -> list[EntityDraft]:
        """ "В. Лукашенко" joins "Виктор Лукашенко" when exactly one full name fits the initial and surname."""
        out = list(drafts)
        for d in drafts:
            words = d.name.split()
            initials = [w for w in words if w.endswith(".")]
            rest = [w for w in words if not w.endswith(".")]
            if not initials or len(rest) != 1:
                continue
            surname = rest[0].lower().replace("ё", "е")
            hosts = [h for h in out if h is not d and not any(w.endswith(".") for w in h.name.split())
                     and len(h.name.split()) >= 2 and h.name[0].lower() == initials[0][0].lower()
                     and (_same_surname(surname, h.name.split()[-1].lower().replace("ё", "е"))
                          or _same_surname(h.name.split()[-1].lower().replace("ё", "е"), surname))]
            if len(hosts) == 1:
                hosts[0].mentions.extend(d.mentions)
                hosts[0].aliases |= {d.name, *d.aliases}
                out.remove(d)
        return out

    def _surname_key(self, name: str) -> str:
        words = [w for w in name.split() if not w.endswith(".")]
        return words[-1].lower().replace("ё", "е") if words else ""

    def merge_descriptions(self, drafts: list[EntityDraft], lexicon) -> list[EntityDraft]:
        """Shorter descriptions of a cluster or project join the fuller one: "промышленный кластер Томской
        области" and "промышленный кластер электроники и беспилотных технологий" in one story."""
        out = list(drafts)
        for kind in ("Cluster", "Project"):
            group = [d for d in out if d.type == kind]
            if len(group) < 2:
                continue
            described = {id(d): _description(self.morph, lexicon, d.name) for d in group}
            for a in sorted(group, key=lambda d: len(d.name)):
                if any(m.quoted for m in a.mentions) or a not in out:
                    continue
                ca, ra = described[id(a)]
                hosts = []
                for b in group:
                    if b is a or b not in out:
                        continue
                    cb, rb = described[id(b)]
                    if (ca - _GENERIC_DESCRIPTORS) <= (cb | _GENERIC_DESCRIPTORS) and (ca - _GENERIC_DESCRIPTORS or len(group) == 2) and (not ra or not rb or ra <= rb) and len(cb) >= len(ca):
                        hosts.append(b)
                if hosts:
                    # the fullest description takes the shorter ones: "кампус" → "научно-преподавательский ... кампус"
                    host = max(hosts, key=lambda h: (len(described[id(h)][0]), len(h.name)))
                    host.mentions.extend(a.mentions)
                    host.aliases |= {a.name, *a.aliases}
                    out.remove(a)
        return out


def _same_surname(word: str, surname: str) -> bool:
    """An inflected surname against the nominative one: Потёмкина ~ Потёмкин, Черниковой ~ Черникова."""
    stem = surname[:-1] if surname[-1:] in "аяйь" else surname
    return word.startswith(stem) and 0 <= len(word) - len(stem) <= 3 and len(stem) >= 3


_GENERIC_DESCRIPTORS = word_set("generic_descriptors", "loaders.extraction")
_REGION_NOUNS = word_set("region_nouns", "loaders.extraction")  # «область», «край» …


def _description(morph: Morph, lexicon, name: str) -> tuple[set[str], set[str]]:
    """(content lemmas, region lemmas) of a descriptive name; a region adjective counts as its region."""
    content, region = set(), set()
    for lemma in morph.lemmas(name):
        canonical = lexicon.region_adjectives.get(lemma)
        if canonical:
            region |= set(morph.lemmas(canonical))
        elif lemma in _REGION_NOUNS or lemma == "регион" or morph.lemma_key(lemma) in lexicon.regions:
            region.add(lemma)
        else:
            content.add(lemma)
    return content, region


# A former name said in the text: «X (бывший Y)», «X, ранее называвшийся Y», «Y (ныне X)», «Y, так
# назывался X до …»: the two are one organisation under its present name X.
_FORMER_AFTER = re.compile(
    r"^\s*[(,—–-]?\s*(?:бывш\w*|ранее(?:\s+(?:называ\w*|известн\w*(?:\s+как)?|именова\w*))?|прежде\s+называ\w*|"
    r"до\s+переименования|прежнее\s+название|старое\s+название)\s*[:—–-]?\s*[«\"]?\s*(?:\w+\s+)?[«\"]?\s*$",
    re.IGNORECASE)
_FORMER_BEFORE = re.compile(
    r"^\s*[(,—–-]?\s*(?:ныне|теперь|сейчас|переименован\w*\s+в|так\s+назыв\w*(?:\s+\w+){0,3}?)\s*[:—–-]?\s*[«\"]?"
    r"\s*(?:\w+\s+)?[«\"]?\s*$",
    re.IGNORECASE)


def join_former_names(text: str, drafts: list[EntityDraft]) -> list[EntityDraft]:
    """Organisations the text says were renamed join under the present name; the former is an alias."""
    owner = {id(m): d for d in drafts if d.type != "Official" for m in d.mentions}
    mentions = sorted((m for d in drafts if d.type != "Official" for m in d.mentions), key=lambda m: m.start)
    out = list(drafts)
    for first, second in itertools.pairwise(mentions):
        a, b = owner[id(first)], owner[id(second)]
        if a is b or a not in out or b not in out or first.sentence != second.sentence:
            continue
        between = text[first.stop : second.start]
        if len(between) > 40:
            continue
        if _FORMER_AFTER.match(between):
            present, former = a, b
        elif _FORMER_BEFORE.match(between):
            present, former = b, a
        else:
            continue
        present.absorb(former)
        out.remove(former)
    return out
