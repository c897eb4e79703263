"""Post stage: each person's posts ("ректор ТГУ Иван Петров", "…, заявил губернатор") and the body each post
belongs to, named or implied (a regional government, a ministry, the federal government)."""

from __future__ import annotations

import re
from dataclasses import replace

from graph.names import fold_name
from graph.word_lists import word_list, word_set
from loaders.extraction.article_state import ArticleState
from loaders.extraction.document import Document
from loaders.extraction.lexicon import Region
from loaders.extraction.mention_words import _BOARDS
from loaders.extraction.mentions import Mention
from loaders.extraction.people import GENERIC_REGION_NOUNS, Post
from loaders.extraction.post_lists import apposition_posts, plural_post_head
from loaders.extraction.relations import RelationDraft
from loaders.extraction.resolve import EntityDraft


def first_posts(ex, s: ArticleState) -> None:
    """Person drafts join the drafts one by one, each with the first post found next to a mention.

    A post may add the body it implies as a new draft, so people and implied bodies interleave in
    ``s.drafts``: the order is part of the output (entity numbering), keep it.
    """
    doc = s.doc
    drafts = s.drafts
    for pd in s.person_drafts:
        index = len(drafts)
        drafts.append(pd)
        for m in pd.mentions:
            m.entity = index
            post = ex.person_namer.post_before(doc, m, s.org_at, s.person_tokens)
            if post is None and m.i > 0 and doc.tokens[m.i - 1].text in {"—", "–", ":"}:
                # "капитан и лидер «Бостона» — Здено Хара", "Главный секретарь кабинета министров — Ёсихидэ Суга"
                post = ex.person_namer.post_before(doc, replace(m, i=m.i - 1), s.org_at, s.person_tokens)
            if post is None and not inside_apposition(ex, doc, m):
                post = ex.person_namer.post_after(doc, m, s.org_at)
            if in_presence(ex, doc, m):
                s.presence.add(index)
            if post is None:
                continue
            m.post_span = (post.i, post.j)
            target = post_organisation(ex, doc, post, drafts, s.main_region, s.region_hits)
            note_implied(s, target, post)
            if index not in s.posts or (s.posts[index][1] is None and target is not None):
                s.posts[index] = (post, target)
            if target is not None:
                s.post_org.setdefault(index, target)


def more_posts(ex, s: ArticleState) -> None:
    """Posts told by a predicate ("назначен ректором"), shared by a list of names, or in an apposition."""
    doc = s.doc
    told = ex.predicates.find(doc, s.people, s.orgs, s.org_at, s.person_tokens, workplaces=ex.profile == "nerel")
    told += listed_posts(ex, doc, s.people, s.org_at, s.person_tokens)
    # "губернаторы Курской и Тверской областей A и B": each name with its own region (people.py)
    for person, post, region in ex.person_namer.paired_region_posts(doc, s.people):
        told.append((person, post, _government(ex, s.drafts, region)))
        note_implied(s, told[-1][2], post)
    for m in s.people:
        if m.entity < 0:
            continue
        # "министр промышленности, вице-премьер Денис Мантуров": the posts before the nearest one
        for post in ex.person_namer.posts_before(doc, m, s.org_at, s.person_tokens)[1:]:
            target = post_organisation(ex, doc, post, s.drafts, s.main_region, s.region_hits)
            note_implied(s, target, post)
            if target is not None:
                s.extra_posts.append(RelationDraft("OFFICIAL_OF", m.entity, target, -1, 0.8, post=post.title))
        if inside_apposition(ex, doc, m):
            continue
        for post in apposition_posts(ex.person_namer, doc, m, s.org_at, s.person_tokens):
            target = post.orgs[-1].entity
            if target >= 0:
                s.extra_posts.append(RelationDraft("OFFICIAL_OF", m.entity, target, -1, 0.75, post=post.title))
    for person, post, target in told:
        if person not in s.posts or s.posts[person][1] is None:
            s.posts[person] = (post, target)
            s.post_org.setdefault(person, target)
        else:
            s.extra_posts.append(RelationDraft("OFFICIAL_OF", person, target, -1, 0.7, post=post.title))


def post_relations(ex, s: ArticleState) -> list[RelationDraft]:
    """OFFICIAL_OF for every post: the first post's body, the outer bodies it names, other mentions' posts."""
    doc = s.doc
    out = [
        RelationDraft("OFFICIAL_OF", person, target, -1, 0.9, post=post.title)
        for person, (post, target) in s.posts.items()
        if target is not None
    ]
    for person, (post, target) in s.posts.items():
        for outer in post.orgs[:-1]:  # a board is no workplace: «председатель совета директоров «X»» is X's
            if outer.entity >= 0 and outer.entity != target and outer.head not in _BOARDS:
                out.append(RelationDraft("OFFICIAL_OF", person, outer.entity, -1, 0.75, post=post.title))
        for extra_post, extra_target in other_posts(ex, doc, s.drafts[person], s.posts[person], s.drafts, s.main_region,
                                                    s.region_hits, s.org_at, s.person_tokens):
            note_implied(s, extra_target, extra_post)
            out.append(RelationDraft("OFFICIAL_OF", person, extra_target, -1, 0.85, post=extra_post.title))
    return out + s.extra_posts


def note_implied(s: ArticleState, target: int | None, post: Post) -> None:
    """A body only a post implies («губернатор Калужской области») keeps the post's words as its mention."""
    if target is not None and not s.drafts[target].mentions:
        spans = s.implied.setdefault(target, [])
        if (post.i, post.j) not in spans:
            spans.append((post.i, post.j))


def in_presence(ex, doc: Document, m: Mention) -> bool:
    sent = doc.sentences[m.sentence]
    window = doc.tokens[max(sent.first_token, m.i - 6) : m.i]
    return any(t.lemma == "присутствие" for t in window)


def post_organisation(ex, doc, post: Post, drafts: list[EntityDraft], main_region: Region | None, region_hits) -> int | None:
    if ex.profile == "nerel":  # NEREL links a post only to an organisation written in it ("губернатор" → the region),
        if post.orgs:  # or named before by a common noun of its kind ("вице-президент палаты")
            return post.orgs[-1].entity if post.orgs[-1].entity >= 0 else None
        return generic_body(ex, doc, post, drafts)
    known = ex.person_namer.implied_body(post, drafts)  # «помощник президента», «ректор вуза»
    if known is not None:
        return known if isinstance(known, int) else add_draft(ex, drafts, known[0], known[1], set())
    if ex.person_namer.shared_by_regions(doc, post):
        return None  # "губернаторы Курской и Тверской областей A и B": paired in more_posts
    if post.orgs:
        return post.orgs[-1].entity if post.orgs[-1].entity >= 0 else None
    named = generic_body(ex, doc, post, drafts)  # «гендиректор госкорпорации» → the state corporation named before
    if named is not None:
        return named
    implied = ex.lexicon.posts.get(post.head, "")
    region = next((r for i, j, r in region_hits if post.i <= i and j <= post.j), None)
    if post.head in _MINISTERS and post.complement:
        if region is not None:
            return _ministry(ex, post, drafts, region, substitute=False)
        return _ministry(ex, post, drafts, main_region if post.region_words else None, substitute=post.region_words)
    if region is None and (implied == "region" or post.region_words or (post.head == "глава" and "регион" in post.complement)):
        region = main_region
    if region is not None and (implied in ("region", "city") or post.head in _REGION_HEADS):
        return _government(ex, drafts, region)
    if implied == "city":
        city = [w for w in post.complement.split() if w[:1].isupper()]
        if city:
            name = f"Администрация {' '.join(city)}"
            return add_draft(ex, drafts, name, "RegionalBody", set())
    if implied == "federal":
        body = ex.lexicon.bodies.get(ex.morph.lemma_key("Правительство РФ"))
        if body is not None:
            return add_draft(ex, drafts, body.name, body.type, set(body.aliases))
    return None


# heads whose post, with a region named in it, is held in the region's government ("Премьер-министр РТ")
_REGION_HEADS = word_set("regional_government_posts", "loaders.extraction")
_MINISTERS = word_set("minister_posts", "loaders.extraction")  # «министр промышленности»
_REGIONAL_GENITIVES = word_list("regional_genitives", "loaders.extraction")  # «Министерство … области» is regional
# «министр … области» in a region named elsewhere: the region noun gives way to the region's genitive
_REGION_NOUN_GENITIVE = re.compile(rf"\b({'|'.join(word_list('region_nouns_genitive', 'loaders.extraction'))})\b")
_EXECUTIVE_HEADS = word_set("executive_heads", "loaders.extraction")


def generic_body(ex, doc: Document, post: Post, drafts: list[EntityDraft]) -> int | None:
    """A post whose complement is one common noun ("вице-президент палаты", "гендиректор госкорпорации"): the
    organisation of that kind whose mention comes last before the post, within three sentences."""
    words = post.complement.split()
    if len(words) != 1:
        return None
    lemma = ex.morph.lemma(words[0])
    kind = ex.person_namer.generic_nouns.get(lemma)
    if kind is None:
        return None
    types, named = kind
    sentence = doc.tokens[post.i].sentence
    best, best_at = None, -1
    for n, d in enumerate(drafts):
        if d.type not in types or (named and lemma not in ex.morph.lemmas(" ".join([d.name, *d.aliases]))):
            continue
        for m in d.mentions:
            if m.i < post.i and sentence - 3 <= m.sentence and m.i > best_at:
                best, best_at = n, m.i
    return best


def _ministry(ex, post: Post, drafts, region: Region | None, substitute: bool) -> int | None:
    wanted = {w for w in ex.morph.lemmas(post.complement) if w not in GENERIC_REGION_NOUNS and w not in {"и", ","}}
    for n, d in enumerate(drafts):
        if d.type in ("RegionalBody", "FederalBody") and d.mentions and d.mentions[0].head == "министерство":
            have = set(ex.morph.lemmas(" ".join([d.name, *d.aliases])))
            if wanted and wanted <= have:
                return n
    complement = post.complement if substitute else ""
    if not substitute:
        return _ministry_named(ex, post.complement, drafts, region)
    if region is not None:
        complement = _REGION_NOUN_GENITIVE.sub(region.genitive, complement, count=1)
    return _ministry_named(ex, complement, drafts, region)


def _ministry_named(ex, complement: str, drafts, region: Region | None) -> int | None:
    name = " ".join(f"Министерство {complement}".split()).replace(" ,", ",")
    body = ex.lexicon.bodies.get(ex.morph.lemma_key(name))
    if body is not None:
        return add_draft(ex, drafts, body.name, body.type, set(body.aliases))
    type_ = "RegionalBody" if region is not None or any(w in complement for w in _REGIONAL_GENITIVES) else "FederalBody"
    return add_draft(ex, drafts, name, type_, _official_region_form(ex, name))


def _official_region_form(ex, name: str) -> set[str]:
    """«Министерство … Чувашии» is also «Министерство … Чувашской Республики»: the region's official genitive."""
    words = name.split()
    for size in (3, 2, 1):
        if len(words) > size and (region := ex.lexicon.regions.get(ex.morph.lemma_key(" ".join(words[-size:])))):
            official = " ".join(words[:-size] + [region.genitive])
            return {official} if official != name else set()
    return set()


def _government(ex, drafts: list[EntityDraft], region: Region) -> int:
    for n, d in enumerate(drafts):
        if d.type == "RegionalBody" and d.attributes.get("region") == region.name and d.mentions and d.mentions[0].head in _EXECUTIVE_HEADS:
            return n
    return add_draft(ex, drafts, region.government, "RegionalBody", set(), region=region.name)


def add_draft(ex, drafts: list[EntityDraft], name: str, type_: str, aliases: set[str], region: str | None = None) -> int:
    key = fold_name(name)
    for n, d in enumerate(drafts):
        if key in d.keys:
            return n
    d = EntityDraft(type=type_, name=name, aliases=aliases, confidence=0.7)
    if region:
        d.attributes["region"] = region
    drafts.append(d)
    return len(drafts) - 1


def other_posts(ex, doc, person: EntityDraft, first, drafts, main_region, region_hits, org_at, person_tokens):
    """A person may hold two posts: each mention's post gives its own OFFICIAL_OF."""
    seen = {first[1]}
    for m in person.mentions:
        post = ex.person_namer.post_before(doc, m, org_at, person_tokens) or ex.person_namer.post_after(doc, m, org_at)
        if post is None:
            continue
        target = post_organisation(ex, doc, post, drafts, main_region, region_hits)
        if target is not None and target not in seen:
            seen.add(target)
            yield post, target


def inside_apposition(ex, doc: Document, m: Mention) -> bool:
    """ "Ли Пэн, соратник Цзян Цзэминя, премьер ...": the posts after Цзян Цзэминь are Ли Пэн's."""
    k = m.i - 1
    if k < 1 or doc.tokens[k].sentence != m.sentence:
        return False
    tok = doc.tokens[k]
    return tok.pos == "NOUN" and not tok.is_capital and tok.lemma not in ex.lexicon.posts and doc.tokens[k - 1].text == ","


def listed_posts(ex, doc, people, org_at, person_tokens) -> list[tuple[int, Post, int]]:
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
            post = ex.person_namer.post_before(doc, m, org_at, person_tokens)
            if post is None and m.i > 0 and doc.tokens[m.i - 1].text in {"—", "–", ":"}:
                post = ex.person_namer.post_before(doc, replace(m, i=m.i - 1), org_at, person_tokens)
            if post is not None and post.orgs and post.orgs[-1].entity >= 0 and plural_post_head(ex.person_namer, doc, post):
                shared = (post, post.orgs[-1].entity)
                found.append((m.entity, post, shared[1]))
        previous = m
    return found
