"""The extractor: one article in, one small typed graph (Extraction) out."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from graph.model import Article, Entity, EntityType, Evidence, Extraction, Relation, RelationType
from graph.names import fold_name
from loaders.extraction.document import Document, build_document
from loaders.extraction.lexicon import Lexicon, Region
from loaders.extraction.mentions import Mention, MentionFinder
from loaders.extraction.morph import Morph
from loaders.extraction.organisations import OrganisationNamer
from loaders.extraction.people import PersonNamer, Post, apposition_posts, plural_post_head
from loaders.extraction.predicates import PredicatePosts
from loaders.extraction.projects import ProjectFinder, ProjectHint
from loaders.extraction.relations import RelationDraft, RelationRules, SentenceView
from loaders.extraction.resolve import EntityDraft, Resolver

try:  # the sources engineer's furniture filter; the text is used as is until it exists
    from loaders.furniture import strip_furniture as _strip_furniture
except ImportError:  # pragma: no cover - depends on the checkout
    _strip_furniture = None

_CAPTION = re.compile(r"^\s*(?:Фото|Фото:|Источник фото|<image>|Иллюстрация|Скриншот)", re.IGNORECASE)
_ATTRIBUTION = {"сообщать", "передавать", "писать", "сообщить"}
_PRONOUN_ADJECTIVES = {"который", "этот", "тот", "свой", "наш", "весь", "такой", "один", "другой", "каждый", "его", "их", "ее", "её", "сам", "самый"}
_SOURCE_RANK = {"gazetteer": 0, "legal": 1, "chunk": 2, "ner": 3}
EXTRACTOR_NAME = "clusterkg-rules"
PROFILES = ("annotation", "nerel")
# heads of units inside a larger body: the body named after them is an entity of its own
_SUBUNIT_HEADS = {"комитет", "факультет", "кафедра", "отделение", "управление", "департамент", "филиал", "отдел",
                  "штаб", "секретариат", "пресс-служба", "аппарат", "комиссия", "совет"}


def _data_lines(name: str) -> list[str]:
    from importlib import resources

    text = resources.files("loaders.extraction").joinpath("data", name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@dataclass
class Models:
    """natasha's segmenter and NER model and pymorphy3, loaded once (the rules do the rest, so no tagger or parser)."""

    segmenter: object
    embedding: object
    ner: object
    morph: Morph


class Extractor:
    """Russian news article → entities of the 9 types and relations of the 5 types, with evidence.

    >>> extractor = Extractor.load()            # doctest: +SKIP
    >>> extractor.extract(article).entities     # doctest: +SKIP
    """

    def __init__(self, models: Models, lexicon: Lexicon, people_without_post: bool = True, profile: str = "annotation") -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown extraction profile {profile!r} (one of {', '.join(PROFILES)})")
        self.profile = profile
        self.models = models
        self.lexicon = lexicon
        self.morph = models.morph
        self.org_namer = OrganisationNamer(lexicon, models.morph)
        self.finder = MentionFinder(lexicon, set(self.org_namer.legal))
        self.not_org_nouns = lexicon.words("not_organisation_nouns.txt")
        self.project_finder = ProjectFinder(self.finder)
        self.post_verbs = {lemma: kind for kind, lemma in (row.split("\t") for row in _data_lines("post_verbs.tsv"))}
        self.person_namer = PersonNamer(lexicon, models.morph)
        self.predicates = PredicatePosts(self.person_namer, self.post_verbs)
        self.resolver = Resolver(models.morph, single_names=people_without_post)
        self.not_organisations = {fold_name(w) for w in lexicon.words("not_organisations.txt")}
        self.relation_only = {fold_name(w) for w in lexicon.words("relation_only_bodies.txt")}
        self.rules = RelationRules(lexicon)
        self.people_without_post = people_without_post
        self.descriptor_nouns = lexicon.words("descriptor_nouns.txt")
        if profile == "nerel":
            self.descriptor_nouns = self.descriptor_nouns | lexicon.words("nerel_descriptor_nouns.txt")
        self.generic_bodies = {row.split("\t")[0]: row.split("\t")[1] for row in _data_lines("nerel_generic_bodies.tsv")}

    @classmethod
    def load(cls, people_without_post: bool = True, profile: str = "annotation") -> "Extractor":
        """Load the models from the installed wheels (no download) and the lexicons.

        ``profile`` "annotation" follows ANNOTATION.md (our product); "nerel" follows NEREL's
        conventions for scoring on it: bodies named by a common noun and outlets cited as the source
        count as organisations, and organisations the text only implies are not emitted.
        """
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        morph = Morph()
        models = Models(
            segmenter=Segmenter(),
            embedding=embedding,
            ner=NewsNERTagger(embedding),
            morph=morph,
        )
        return cls(models, Lexicon.load(morph), people_without_post=people_without_post, profile=profile)

    # --- the pipeline -------------------------------------------------------------

    def extract(self, article: Article) -> Extraction:
        from natasha import Doc

        text = article.text
        if _strip_furniture is not None:
            text = _strip_furniture(text)
        ndoc = Doc(text)
        ndoc.segment(self.models.segmenter)
        ndoc.tag_ner(self.models.ner)
        doc = build_document(text, ndoc, self.morph)
        skipped = self._furniture_sentences(doc)

        region_hits = [(i, j, r) for i, j, r in self.finder.regions(doc) if doc.tokens[i].sentence not in skipped]
        region_tokens = {k for i, j, _ in region_hits for k in range(i, j)}
        ner_orgs, ner_people = self.finder.ner_mentions(doc)
        orgs = self._organisations(doc, ner_orgs, ner_people, region_tokens, skipped)
        people = self._people(doc, ner_people, orgs, skipped)
        hints = self._projects(doc, orgs, people, skipped)
        orgs = sorted(orgs + [h.mention for h in hints], key=lambda m: m.i)
        main_region = self._main_region(doc, region_hits, orgs)
        if main_region is not None:
            for m in orgs:
                self._name_generic_region(m, main_region)

        org_drafts = self.resolver.organisations(orgs)
        org_drafts = self.resolver.merge_descriptions(org_drafts, self.lexicon)
        attach_tax_numbers(doc, org_drafts)
        for n, d in enumerate(org_drafts):
            for m in d.mentions:
                m.entity = n
        person_drafts = self.resolver.people(people)
        org_at = {k: m for m in orgs for k in range(m.i, m.j)}
        person_tokens = {k for m in people for k in range(m.i, m.j)}
        drafts: list[EntityDraft] = list(org_drafts)
        post_org: dict[int, int] = {}
        posts: dict[int, tuple[Post, int | None]] = {}
        presence: set[int] = set()
        for pd in person_drafts:
            index = len(drafts)
            drafts.append(pd)
            for m in pd.mentions:
                m.entity = index
                post = self.person_namer.post_before(doc, m, org_at, person_tokens)
                if post is None and not self._inside_apposition(doc, m):
                    post = self.person_namer.post_after(doc, m, org_at)
                if self._in_presence(doc, m):
                    presence.add(index)
                if post is None:
                    continue
                m.post_span = (post.i, post.j)
                target = self._post_organisation(doc, post, drafts, main_region, region_hits)
                if index not in posts or (posts[index][1] is None and target is not None):
                    posts[index] = (post, target)
                if target is not None:
                    post_org.setdefault(index, target)

        told = self.predicates.find(doc, people, orgs, org_at, person_tokens)
        told += self._listed_posts(doc, people, org_at, person_tokens)
        extra_posts = []
        for m in people:
            if m.entity < 0 or self._inside_apposition(doc, m):
                continue
            for post in apposition_posts(self.person_namer, doc, m, org_at, person_tokens):
                target = post.orgs[-1].entity
                if target >= 0:
                    extra_posts.append(RelationDraft("OFFICIAL_OF", m.entity, target, -1, 0.75, post=post.title))
        for person, post, target in told:
            if person not in posts or posts[person][1] is None:
                posts[person] = (post, target)
                post_org.setdefault(person, target)
            else:
                extra_posts.append(RelationDraft("OFFICIAL_OF", person, target, -1, 0.7, post=post.title))
        keep = self._kept_entities(drafts, posts, person_drafts)
        types = [d.type for d in drafts]
        views = self._sentence_views(doc, orgs, people, skipped)
        main = self._main_entities(drafts)
        region_body = self._region_body(drafts, main_region)
        relation_drafts = [
            RelationDraft("OFFICIAL_OF", person, target, -1, 0.9, post=post.title)
            for person, (post, target) in posts.items()
            if target is not None
        ]
        for person, (post, target) in posts.items():
            for outer in post.orgs[:-1]:
                if outer.entity >= 0 and outer.entity != target:
                    relation_drafts.append(RelationDraft("OFFICIAL_OF", person, outer.entity, -1, 0.75, post=post.title))
            for extra_post, extra_target in self._other_posts(doc, drafts[person], posts[person], drafts, main_region, region_hits, org_at, person_tokens):
                relation_drafts.append(RelationDraft("OFFICIAL_OF", person, extra_target, -1, 0.85, post=extra_post.title))
        relation_drafts += extra_posts
        relation_drafts += self._project_relations(doc, hints, orgs, types, main)
        relation_drafts += self.rules.run(doc, views, types, post_org, presence, main, region_body)
        used = {r.source for r in relation_drafts} | {r.target for r in relation_drafts}
        keep = {n for n in keep if n in used or fold_name(drafts[n].name) not in self.relation_only}
        return self._build(article, doc, drafts, keep, relation_drafts, posts)

    # --- mentions -----------------------------------------------------------------

    def _furniture_sentences(self, doc: Document) -> set[int]:
        skipped = set()
        for s in doc.sentences:
            if _CAPTION.match(s.text):
                skipped.add(s.index)
        return skipped

    def _organisations(self, doc, ner_orgs, ner_people, region_tokens, skipped) -> list[Mention]:
        person_spans = [(m.i, m.j) for m in ner_people if m.j - m.i >= 1]
        strong = self.finder.gazetteer(doc)
        for i, j in self.org_namer.legal_quoted(doc):
            strong.append(self.finder._mention(doc, "org", i, j, "legal"))
        candidates = strong + self.finder.chunks(doc, person_spans, region_tokens)
        candidates.sort(key=lambda m: (-(m.j - m.i), _SOURCE_RANK.get(m.source, 9), m.i))
        accepted: list[Mention] = []
        for m in candidates:
            if any(m.overlaps(a) for a in accepted):
                continue
            accepted.append(m)
        # a well-known body named inside a longer name is an entity too: "комитет Совета Федерации"
        for g in strong:
            if g.source == "gazetteer" and g not in accepted and any(
                a.i <= g.i and g.j <= a.j and (self.profile == "nerel" or (a.source == "chunk" and a.head in _SUBUNIT_HEADS))
                for a in accepted
            ):
                accepted.append(g)
        for m in ner_orgs:
            if any(m.overlaps(a) for a in accepted):
                continue
            if not self._plausible_ner_org(doc, m, region_tokens):
                continue
            accepted.append(m)
        out = []
        for m in accepted:
            if m.sentence in skipped or (self.profile == "annotation" and self._attribution(doc, m)):
                continue
            self.org_namer.name(doc, m)
            self._drop_descriptor(m)
            if not m.name or not any(c.isalpha() for c in m.name) or fold_name(m.name) in self.not_organisations:
                continue
            if m.source == "ner" and m.body is None and not m.legal_form and not m.head:
                m.type = self._apposition_type(doc, m) or m.type
            out.append(m)
        if self.profile == "nerel":
            out += self._generic_bodies(doc, out, person_spans, region_tokens, skipped)
        out.sort(key=lambda m: m.i)
        return out

    def _drop_descriptor(self, m: Mention) -> None:
        """ "Компания ЛЭМЗ-Т" → "ЛЭМЗ-Т": a describing noun before a proper name is not part of the name."""

        def bare(name: str) -> str:
            first, _, rest = name.partition(" ")
            if rest and self.morph.lemma_key(first) in self.descriptor_nouns and (rest[:1].isupper() or rest[:1] in "«\"„"):
                return rest
            return name

        name = bare(m.name)
        if name != m.name:
            m.name = name
            m.aliases = {bare(a) for a in m.aliases} - {name}

    def _generic_bodies(self, doc, found, person_spans, region_tokens, skipped) -> list[Mention]:
        """NEREL profile: "правительство", "полиция", "российские власти", "правительство России"."""
        taken = {k for m in found for k in range(m.i, m.j)} | {k for a, b in person_spans for k in range(a, b)}
        out = []
        for sent in doc.sentences:
            if sent.index in skipped:
                continue
            for k in range(sent.first_token, sent.last_token):
                tok = doc.tokens[k]
                need = self.generic_bodies.get(tok.lemma)
                if need is None or k in taken or tok.pos != "NOUN":
                    continue
                i = k
                while i - 1 >= sent.first_token and i - 1 not in taken and doc.tokens[i - 1].pos == "ADJF" and doc.tokens[i - 1].is_word \
                        and not doc.tokens[i - 1].is_abbr and doc.tokens[i - 1].lemma not in _PRONOUN_ADJECTIVES:
                    i -= 1
                if need == "adjective" and i == k:
                    continue
                j = k + 1
                if need.startswith("with-next:"):
                    if j >= sent.last_token or doc.tokens[j].lemma != need.split(":", 1)[1]:
                        continue
                    j += 1
                elif need == "with-genitive":
                    i = k  # "Поздно вечером пресс-служба ..." : nothing in front belongs to it
                    j = self._genitive_end(doc, sent, j, found, person_spans)
                while j < sent.last_token and j in region_tokens and j not in taken:
                    j += 1
                m = self.finder._mention(doc, "org", i, j, "generic")
                m.head = tok.lemma
                words = self.morph.phrase_nominative([doc.tokens[x].text for x in range(i, j)])
                m.name = self.org_namer._rebuild(doc, list(range(i, j)), words)
                m.type = "Organization"
                m.aliases = {m.text} - {m.name}
                taken.update(range(i, j))
                out.append(m)
        return out

    def _genitive_end(self, doc, sent, j: int, found, person_spans) -> int:
        """Where a genitive complement ends: "пресс-служба Кремля", "пресс-служба главы Кемеровской области"."""
        start = j
        while j < sent.last_token and j - start < 6:
            inner = next((m for m in found if m.i == j), None)
            span = inner.j if inner is not None else next((b for a, b in person_spans if a == j), None)
            if span is not None:
                j = span
                continue
            tok = doc.tokens[j]
            if not tok.is_word or "gent" not in tok.cases or tok.pos not in ("NOUN", "ADJF"):
                break
            j += 1
        return j

    def _projects(self, doc, orgs, people, skipped) -> list[ProjectHint]:
        taken = {k for m in orgs for k in range(m.i, m.j)} | {k for m in people for k in range(m.i, m.j)}
        person_tokens = {k for m in people for k in range(m.i, m.j)}
        hints = []
        for h in self.project_finder.find(doc, taken, person_tokens):
            m = h.mention
            if m.sentence in skipped:
                continue
            idx = list(range(m.i, m.j))
            words = self.morph.phrase_nominative([doc.tokens[k].text for k in idx])
            m.name = self.org_namer._rebuild(doc, idx, words)
            m.aliases = {m.text}
            hints.append(h)
        return hints

    def _project_relations(self, doc, hints, orgs, types, main) -> list[RelationDraft]:
        out = []
        for h in hints:
            project = h.mention.entity
            if project < 0:
                continue
            same = [o for o in orgs if o.sentence == h.mention.sentence and o.entity >= 0 and o.entity != project]
            if h.kind == "invest":
                investors = [o for o in same if o.i < h.at and types[o.entity] not in ("Project", "Cluster", "FederalBody", "RegionalBody")]
                if investors:
                    out.append(RelationDraft("PARTICIPATES_IN", investors[-1].entity, project, h.mention.sentence, 0.7))
            elif h.kind == "listed":
                clusters = [o.entity for o in same if types[o.entity] == "Cluster"] or ([main["Cluster"]] if "Cluster" in main else [])
                for c in clusters[:1]:
                    out.append(RelationDraft("PART_OF", project, c, h.mention.sentence, 0.65))
        return out

    def _apposition_type(self, doc: Document, m: Mention) -> str | None:
        """A name after a head noun takes its type: "одним из кластеров Европы – Aerospace Initiative Saxony"."""
        sent = doc.sentences[m.sentence]
        for k in range(m.i - 1, max(sent.first_token, m.i - 7) - 1, -1):
            tok = doc.tokens[k]
            if tok.pos in ("VERB", "INFN") or tok.text in {",", ";", ":"}:
                return None
            kind = self.lexicon.org_heads.get(tok.lemma, "")
            if kind in ("Cluster", "Company", "University", "ResearchInstitute", "Organization"):
                return kind
        return None

    def _plausible_ner_org(self, doc: Document, m: Mention, region_tokens: set[int]) -> bool:
        toks = doc.tokens[m.i : m.j]
        words = [t for t in toks if t.is_word]
        if not words or fold_name(m.text) in self.not_organisations:
            return False
        if all(t.index in region_tokens for t in words):
            return False
        if any("." in t.text and t.text.lower().endswith((".ru", ".net", ".com", ".рф")) for t in toks):
            return False
        k = m.i - 1
        while k >= 0 and doc.tokens[k].is_quote:
            k -= 1
        if k >= 0 and k < m.i - 0 and doc.tokens[k].lemma in self.not_org_nouns and doc.tokens[k].sentence == m.sentence:
            return False
        if len(words) == 1:
            w = words[0]
            if w.lemma in self.lexicon.org_heads or w.lemma in self.lexicon.posts:
                return False
            parses = self.morph.parse(w.text)
            common = parses[0].is_known and not ({"Orgn", "Geox", "Surn", "Name", "Abbr"} & set(parses[0].tag.grammemes))
            quoted = m.i > 0 and doc.tokens[m.i - 1].is_quote
            if common and not quoted and not w.is_abbr:
                return False
        return True

    def _attribution(self, doc: Document, m: Mention) -> bool:
        """The outlet named only as the source of the news: "сообщает НИА-Томск", "пишет Интерфакс"."""
        k = m.i - 1
        while k >= 0 and doc.tokens[k].is_quote:
            k -= 1
        return k >= 0 and doc.tokens[k].lemma in _ATTRIBUTION and doc.tokens[k].sentence == m.sentence

    def _people(self, doc, ner_people, orgs, skipped) -> list[Mention]:
        out = []
        for m in ner_people:
            if m.sentence in skipped:
                continue
            # cut a person span where an organisation mention begins
            for o in orgs:
                if m.overlaps(o):
                    if o.i > m.i:
                        m.j = o.i
                    else:
                        m.j = m.i
            if m.j <= m.i:
                continue
            m.stop = doc.tokens[m.j - 1].stop
            m.text = doc.text[m.start : m.stop]
            if self._byline(doc, m):
                continue
            if self.person_namer.name(doc, m):
                out.append(m)
        return out

    def _byline(self, doc: Document, m: Mention) -> bool:
        """A name standing alone on its line is an author's byline, not part of the story."""
        line_start = doc.text.rfind("\n", 0, m.start) + 1
        line_end = doc.text.find("\n", m.stop)
        line_end = len(doc.text) if line_end < 0 else line_end
        return doc.text[line_start:line_end].strip() == m.text.strip()

    def _in_presence(self, doc: Document, m: Mention) -> bool:
        sent = doc.sentences[m.sentence]
        window = doc.tokens[max(sent.first_token, m.i - 6) : m.i]
        return any(t.lemma == "присутствие" for t in window)

    def _name_generic_region(self, m: Mention, region: Region) -> None:
        """ "департамент экономического развития области" in a Belgorod story → "... Белгородской области"."""
        if m.type not in ("RegionalBody",) or m.region is not None or m.body is not None:
            return
        words = m.name.split()
        if words and words[-1] in {"области", "региона", "края", "республики"}:
            m.aliases.add(m.name)
            name = " ".join(words[:-1] + [region.genitive])
            m.name = name[:1].upper() + name[1:]
            m.region = region

    def _main_region(self, doc, region_hits, orgs) -> Region | None:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for i, _, region in region_hits:
            counts[region.name] += 1
            first.setdefault(region.name, i)
        for m in orgs:
            if m.region is not None:
                counts[m.region.name] += 1
                first.setdefault(m.region.name, m.i)
        for t in doc.tokens:
            name = self.lexicon.region_adjectives.get(t.lemma)
            if name and t.pos == "ADJF":
                counts[name] += 0.5
                first.setdefault(name, t.index)
        if not counts:
            return None
        best = max(counts, key=lambda n: (counts[n], -first[n]))
        return self.lexicon.region_by_name.get(best)

    # --- posts ----------------------------------------------------------------------

    def _post_organisation(self, doc, post: Post, drafts: list[EntityDraft], main_region: Region | None, region_hits) -> int | None:
        if post.orgs:
            return post.orgs[-1].entity if post.orgs[-1].entity >= 0 else None
        implied = self.lexicon.posts.get(post.head, "")
        region = next((r for i, j, r in region_hits if post.i <= i and j <= post.j), None)
        if post.head in {"министр", "замминистра"} and post.complement:
            if region is not None:
                return self._ministry(post, drafts, region, substitute=False)
            return self._ministry(post, drafts, main_region if post.region_words else None, substitute=post.region_words)
        if region is None and (implied == "region" or post.region_words or (post.head == "глава" and "регион" in post.complement)):
            region = main_region
        if region is not None and (implied in ("region", "city") or post.head in {"глава", "председатель", "заместитель", "замглавы", "врио"}):
            return self._government(drafts, region)
        if implied == "city":
            city = [w for w in post.complement.split() if w[:1].isupper()]
            if city:
                name = f"Администрация {' '.join(city)}"
                return self._add_draft(drafts, name, "RegionalBody", set())
        if implied == "federal":
            body = self.lexicon.bodies.get(self.morph.lemma_key("Правительство РФ"))
            if body is not None:
                return self._add_draft(drafts, body.name, body.type, set(body.aliases))
        return None

    def _ministry(self, post: Post, drafts, region: Region | None, substitute: bool) -> int | None:
        wanted = {w for w in self.morph.lemmas(post.complement) if w not in {"область", "регион", "край", "республика", "и", ","}}
        for n, d in enumerate(drafts):
            if d.type in ("RegionalBody", "FederalBody") and d.mentions and d.mentions[0].head == "министерство":
                have = set(self.morph.lemmas(" ".join([d.name, *d.aliases])))
                if wanted and wanted <= have:
                    return n
        complement = post.complement if substitute else ""
        if not substitute:
            return self._ministry_named(post.complement, drafts, region)
        if region is not None:
            complement = re.sub(r"\b(области|региона|края|республики)\b", region.genitive, complement, count=1)
        return self._ministry_named(complement, drafts, region)

    def _ministry_named(self, complement: str, drafts, region: Region | None) -> int | None:
        name = " ".join(f"Министерство {complement}".split()).replace(" ,", ",")
        body = self.lexicon.bodies.get(self.morph.lemma_key(name))
        if body is not None:
            return self._add_draft(drafts, body.name, body.type, set(body.aliases))
        type_ = "RegionalBody" if region is not None or any(w in complement for w in ("области", "края", "республики", "Республики")) else "FederalBody"
        return self._add_draft(drafts, name, type_, set())

    def _government(self, drafts: list[EntityDraft], region: Region) -> int:
        for n, d in enumerate(drafts):
            if d.type == "RegionalBody" and d.attributes.get("region") == region.name and d.mentions and d.mentions[0].head in {"администрация", "правительство"}:
                return n
        return self._add_draft(drafts, region.government, "RegionalBody", set(), region=region.name)

    def _add_draft(self, drafts: list[EntityDraft], name: str, type_: str, aliases: set[str], region: str | None = None) -> int:
        key = fold_name(name)
        for n, d in enumerate(drafts):
            if key in d.keys:
                return n
        d = EntityDraft(type=type_, name=name, aliases=aliases, confidence=0.7)
        if region:
            d.attributes["region"] = region
        drafts.append(d)
        return len(drafts) - 1

    def _other_posts(self, doc, person: EntityDraft, first, drafts, main_region, region_hits, org_at, person_tokens):
        """A person may hold two posts: each mention's post gives its own OFFICIAL_OF."""
        seen = {first[1]}
        for m in person.mentions:
            post = self.person_namer.post_before(doc, m, org_at, person_tokens) or self.person_namer.post_after(doc, m, org_at)
            if post is None:
                continue
            target = self._post_organisation(doc, post, drafts, main_region, region_hits)
            if target is not None and target not in seen:
                seen.add(target)
                yield post, target

    def _inside_apposition(self, doc: Document, m: Mention) -> bool:
        """ "Ли Пэн, соратник Цзян Цзэминя, премьер ...": the posts after Цзян Цзэминь are Ли Пэн's."""
        k = m.i - 1
        if k < 1 or doc.tokens[k].sentence != m.sentence:
            return False
        tok = doc.tokens[k]
        return tok.pos == "NOUN" and not tok.is_capital and tok.lemma not in self.lexicon.posts and doc.tokens[k - 1].text == ","

    def _listed_posts(self, doc, people, org_at, person_tokens) -> list[tuple[int, Post, int]]:
        """A plural post shared by a list of names: "музыканты группы СВ — A, B и C"."""
        found = []
        ordered = sorted((m for m in people if m.entity >= 0), key=lambda m: m.i)
        shared: tuple[Post, int] | None = None
        previous = None
        for m in ordered:
            linked = previous is not None and previous.sentence == m.sentence and all(
                doc.tokens[k].text in {",", "и"} for k in range(previous.j, m.i)) and m.i > previous.j
            if shared is not None and linked:
                found.append((m.entity, shared[0], shared[1]))
            else:
                shared = None
                post = self.person_namer.post_before(doc, m, org_at, person_tokens)
                if post is None and m.i > 0 and doc.tokens[m.i - 1].text in {"—", "–", ":"}:
                    post = self.person_namer.post_before(doc, replace(m, i=m.i - 1), org_at, person_tokens)
                if post is not None and post.orgs and post.orgs[-1].entity >= 0 and plural_post_head(self.person_namer, doc, post):
                    shared = (post, post.orgs[-1].entity)
                    found.append((m.entity, post, shared[1]))
            previous = m
        return found

    # --- entities and relations -----------------------------------------------------

    def _kept_entities(self, drafts, posts, person_drafts) -> set[int]:
        keep = set()
        for n, d in enumerate(drafts):
            if d.type != "Official":
                keep.add(n)
                continue
            if " " not in d.name and not (self.people_without_post and d.mentions and d.mentions[0].type == "single-name"):
                continue
            if n in posts or self.people_without_post:
                keep.add(n)
        return keep

    def _sentence_views(self, doc, orgs, people, skipped) -> list[SentenceView]:
        views = []
        for s in doc.sentences:
            if s.index in skipped:
                continue
            views.append(
                SentenceView(
                    index=s.index,
                    lemmas=[t.lemma for t in doc.tokens[s.first_token : s.last_token]],
                    orgs=[m for m in orgs if m.sentence == s.index],
                    people=[m for m in people if m.sentence == s.index and m.entity >= 0],
                )
            )
        return views

    def _main_entities(self, drafts: list[EntityDraft]) -> dict:
        main: dict = {}
        for kind in ("Cluster", "Project"):
            ranked = [(len(d.mentions), -min((m.i for m in d.mentions), default=0), n) for n, d in enumerate(drafts) if d.type == kind]
            if ranked:
                n = max(ranked)[2]
                main[kind] = n
                words = [w for w in self.morph.lemmas(drafts[n].name) if len(w) > 3]
                if words:
                    main[kind + ":head"] = words[-1]
        return main

    def _region_body(self, drafts, region: Region | None) -> int | None:
        if region is None:
            return None
        for n, d in enumerate(drafts):
            if d.type == "RegionalBody" and d.attributes.get("region") == region.name and fold_name(d.name).split()[0] in {"правительство", "администрация"}:
                return n
        return None

    def _nominative_aliases(self, d: EntityDraft) -> list[str]:
        """Aliases as written in the nominative: "в «Микране»" gives no alias "Микране" next to "Микран"."""
        aliases = sorted(d.aliases)
        if d.type == "Official":
            return aliases
        names = [d.name, *aliases]
        keys = {n: self.morph.lemma_key(n) for n in names}

        def inflected(a: str) -> bool:
            for other in names:
                if other == a or fold_name(other) == fold_name(a) or keys[other] != keys[a]:
                    continue
                if len(other) < len(a) or (len(other) == len(a) and not self.morph.has_case(a.split()[-1].strip("«»\""), "nomn")):
                    return True
            return False

        return [a for a in aliases if not inflected(a)]

    def _build(self, article: Article, doc: Document, drafts, keep, relation_drafts, posts) -> Extraction:
        entities: dict[int, Entity] = {}
        for n in sorted(keep):
            d = drafts[n]
            if self.profile == "nerel" and not d.mentions:
                continue  # NEREL annotates only what the text names
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
            ]
            entities[n] = Entity(type=EntityType(d.type), name=d.name, aliases=self._nominative_aliases(d), attributes=dict(d.attributes), mentions=evidence)
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
