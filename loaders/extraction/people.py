"""People: clean natasha's PER spans, name them in the nominative, and read the post written next to them."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from graph.word_lists import word_list, word_set
from loaders.extraction.document import Document
from loaders.extraction.lexicon import Lexicon
from loaders.extraction.mentions import Mention
from loaders.extraction.morph import Morph

_PART = re.compile(r"[А-ЯЁA-Z]\.|[А-ЯЁA-Z][а-яёa-z]+(?:-[А-ЯЁа-яё][а-яё]+)?")
_ROMAN = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XVI)")
_STOP_PUNCT = {",", ";", ":", "—", "–", "(", ")", "!", "?", "\n"}
_UNIVERSITY_UNITS = word_set("university_units", "loaders.extraction")
_REGION_NOUNS = word_set("region_and_district_nouns", "loaders.extraction")
_CREDITS = word_list("byline_credits", "loaders.extraction")
_RANKS = word_set("military_ranks", "loaders.extraction")
_ENVOYS = word_set("envoy_posts", "loaders.extraction")
_RANK_SERVICES = word_set("rank_services", "loaders.extraction")
_THEN_NOW = word_set("then_now_words", "loaders.extraction")  # between two posts of one person
_PREP_BREAK = word_set("post_breaking_prepositions", "loaders.extraction")
_UNIVERSITY_NOUNS = word_set("university_nouns", "loaders.extraction")  # «ректор вуза»
_RECTORS = word_set("rector_posts", "loaders.extraction")
_ACTING = word_set("acting_marks", "loaders.extraction")
_BOARDS = word_set("board_nouns", "loaders.extraction")  # «совет директоров»
_COMPLEMENT_PREPOSITIONS = word_set("post_complement_prepositions", "loaders.extraction")
_IN = word_set("in_prepositions", "loaders.extraction")
_ENVOY_PREPOSITIONS = word_set("envoy_prepositions", "loaders.extraction")  # «при ООН»
GENERIC_REGION_NOUNS = word_set("generic_region_nouns", "loaders.extraction")  # «губернатор области»
_FORMER = word_set("former_words", "loaders.extraction")


@dataclass
class Post:
    """A post written next to a person: its words, where it lies, and the organisation it names."""

    title: str
    i: int
    j: int
    head: str
    orgs: list[Mention]
    complement: str  # words after the head, as written (министр промышленности ... → "промышленности ...")
    region_words: bool  # the post names a region generically ("области", "региона")
    former: bool = False  # "бывший ректор", "экс-глава": no longer held


class PersonNamer:
    def __init__(self, lexicon: Lexicon, morph: Morph) -> None:
        self.lex = lexicon
        self.morph = morph
        self.titles = lexicon.words("person_titles.txt")
        self.implied = {(r[0], r[1]): (r[2], r[3]) for r in lexicon._rows("implied_posts.tsv")}
        # ANNOTATION.md: a post no longer held gives no OFFICIAL_OF; NEREL annotates it like any other
        self.keep_former = False
        # «гендиректор госкорпорации»: lemma → (entity types it may stand for, whether the name must contain it)
        self.generic_nouns = {r[0]: (set(r[1].split(";")), len(r) > 2 and r[2] == "named") for r in lexicon._rows("generic_org_nouns.tsv")}

    def shared_by_regions(self, doc: Document, post: Post) -> bool:
        """A plural post over coordinated regions ("губернаторы Курской и Тверской областей"): which region is
        whose is told by paired_region_posts, not by the first region in the post."""
        toks = doc.tokens[post.i : post.j]
        return (bool(toks) and "plur" in toks[0].tags and toks[0].lemma in self.lex.posts
                and sum(t.pos == "ADJF" for t in toks) >= 2 and any(t.text == "и" for t in toks)
                and any(t.lemma in _REGION_NOUNS and "plur" in t.tags for t in toks))

    def paired_region_posts(self, doc: Document, people: list[Mention]) -> list[tuple[int, Post, object]]:
        """ "губернаторы Курской и Тверской областей Роман Рыбин и Олег Дроздов": the n-th name holds the post
        in the n-th region; returns (person entity, post, region) triples."""
        out = []
        ordered = sorted((m for m in people if m.entity >= 0), key=lambda m: m.i)
        for n, m in enumerate(ordered):
            toks = doc.tokens
            k = m.i - 1
            if k < 1 or toks[k].lemma not in _REGION_NOUNS or "plur" not in toks[k].tags:
                continue
            noun = toks[k].lemma
            adjectives = []
            k -= 1
            while k >= 0 and toks[k].sentence == m.sentence and (toks[k].pos == "ADJF" or toks[k].text in {",", "и"}):
                if toks[k].pos == "ADJF":
                    adjectives.insert(0, toks[k].lemma)
                k -= 1
            if k < 0 or toks[k].lemma not in self.lex.posts or "plur" not in toks[k].tags or len(adjectives) < 2:
                continue
            regions = [self.lex.regions.get(f"{a} {noun}") for a in adjectives]
            names = [m]
            for other in ordered[n + 1 :]:
                if other.sentence != m.sentence or any(t.text not in {",", "и"} for t in toks[names[-1].j : other.i]):
                    break
                names.append(other)
            if len(names) != len(regions) or None in regions:
                continue
            post = Post(title=toks[k].lemma, i=k, j=m.i, head=toks[k].lemma, orgs=[], complement="", region_words=False)
            out.extend((p.entity, post, r) for p, r in zip(names, regions))
        return out

    def implied_body(self, post: Post, drafts) -> tuple[str, str] | int | None:
        """The organisation a post names only implicitly: «помощник президента» → (Администрация Президента РФ,
        FederalBody); «ректор вуза» → the index of the article's one university among ``drafts``."""
        words = post.title.split()
        if len(post.orgs) == 1 and words and post.orgs[0].text not in post.title:
            words += post.orgs[0].text.split()  # «помощник» + «президента РФ», a gazetteer body written after the title
        lemmas = [self.morph.lemma(w) for w in words]
        at = next((n for n in range(len(lemmas) - 1) if (lemmas[n], lemmas[n + 1]) in self.implied), None)
        # an organisation written in the post counts unless it is the very word the rule keys on ("Президента РФ")
        if at is not None and all(self.morph.lemma(o.text.split()[0]) == lemmas[at + 1] for o in post.orgs):
            found = self.implied[(lemmas[at], lemmas[at + 1])]
            words = words[at + 1 :]
            where = next((n for n, w in enumerate(words) if w.lower() in _IN), None)
            rest = " ".join(words[where:]).strip(" ,.;") if where is not None else ""
            if "{rest}" in found[0] and not rest:
                return None  # an envoy's office is named by its district
            name = found[0].replace("{rest}", rest).replace("{all}", " ".join(words).strip(" ,.;"))
            return " ".join(name.split()), found[1]
        # "директор Школы компьютерных наук": a university's school or faculty named by its field only; the post
        # belongs to the parent organisation, the article's one university (ANNOTATION.md: not its department)
        if post.orgs and post.orgs[-1].head in _UNIVERSITY_UNITS and not post.orgs[-1].quoted and not post.orgs[-1].abbreviation:
            unit = post.orgs[-1].entity
            universities = [n for n, d in enumerate(drafts) if d.type == "University" and n != unit]
            if len(universities) == 1:
                return universities[0]
        complement = [self.morph.lemma(w) for w in post.complement.split()]
        if not post.orgs and (not complement or complement[0] in _UNIVERSITY_NOUNS) and post.head in _RECTORS:
            universities = [n for n, d in enumerate(drafts) if d.type == "University"]
            if len(universities) == 1:
                return universities[0]
        return None

    def name(self, doc: Document, m: Mention) -> bool:
        """Fill the person's canonical name and aliases; False when the span is not a person's name.
        A regnal number stays with the name: "Елизавета II", "Иоанн Павел II". A byline or photo credit
        ("Автор: Алексей Дедов", "Фото: Иван Петров") is page furniture, not a person of the story."""
        before = doc.text[max(0, m.start - 12) : m.start].rstrip().lower()
        if before.endswith(_CREDITS):
            return False
        numeral = _ROMAN.fullmatch(m.text.split()[-1]) if m.text.split() else None
        if numeral is None and m.j < len(doc.tokens) and doc.tokens[m.j].sentence == m.sentence and _ROMAN.fullmatch(doc.tokens[m.j].text):
            m.j += 1
            m.stop = doc.tokens[m.j - 1].stop
            m.text = doc.text[m.start : m.stop]
            numeral = _ROMAN.fullmatch(doc.tokens[m.j - 1].text)
        if not self._name(doc, m):
            return False
        if numeral is not None:
            m.aliases = (m.aliases | {m.name}) - {""}
            m.name = f"{m.name} {numeral.group(0)}"
        return True

    def _name(self, doc: Document, m: Mention) -> bool:
        parts = _PART.findall(m.text)
        # a Cyrillic name keeps its Cyrillic words: "Шон Комбс Diddy" → "Шон Комбс"
        if any(re.match("[А-ЯЁ]", p) for p in parts):
            parts = [p for p in parts if not re.match("[A-Z][a-z]", p)]
        parts = [p for n, p in enumerate(parts) if n == 0 or p != parts[n - 1]]
        # a title or a common noun written in front ("Принц Чарльз", "Поп-звезда Мадонна") is no part of the name
        while len(parts) > 1 and (self.morph.lemma(parts[0]) in self.titles or self.morph.lemma(parts[0]) in self.lex.posts
                                  or _common_noun(self.morph, parts[0])):
            parts = parts[1:]
        if not parts:
            return False
        tagged = []
        for p in parts:
            if p.endswith("."):
                tagged.append((p, "init"))
                continue
            grams = {g for q in self.morph.parse(p)[:4] for g in q.tag.grammemes}
            role = "name" if "Name" in grams else "patr" if "Patr" in grams else "surn" if "Surn" in grams else "word"
            tagged.append((p, role))
        words = [p for p, r in tagged if r != "init"]
        initials = [p for p, r in tagged if r == "init"]
        # a trailing word that is no part of a name (the model ran into the next word)
        while len(words) > 2 and tagged[-1][1] == "word" and not _looks_like_surname(self.morph, tagged[-1][0]):
            tagged.pop()
            words = [p for p, r in tagged if r != "init"]
        if len(words) > 3:
            return False
        nominative = self.morph.person_nominative([p for p, _ in tagged])
        roles = [r for _, r in tagged]
        if initials and len(words) == 1:
            surname = next(w for w, r in zip(nominative, roles) if r != "init")
            inits = " ".join(w for w, r in zip(nominative, roles) if r == "init")
            m.name = f"{inits} {surname}"
            m.aliases = {f"{surname} {inits}", " ".join(nominative)}
            return True
        if len(words) == 1:
            if roles[0] == "word" and not _looks_like_surname(self.morph, words[0]):
                return False
            m.name = nominative[0]
            m.aliases = set()
            # a first name alone (Нарухито, Бейонсе) may stand for the person; a surname joins its full name
            m.type = "single-name" if roles[0] in ("name", "word") and "Surn" not in {g for q in self.morph.parse(words[0])[:2] for g in q.tag.grammemes} else "surname-only"
            return True
        full = " ".join(nominative)
        if len(words) == 3 and roles[1] == "patr":
            m.name = f"{nominative[0]} {nominative[2]}"
            m.aliases = {full}
        elif len(words) == 3 and roles[0] == "surn" and roles[2] == "patr":
            m.name = f"{nominative[1]} {nominative[0]}"
            m.aliases = {full}
        else:
            m.name = full
            m.aliases = set()
        return True

    # --- posts ----------------------------------------------------------------------

    def post_before(self, doc: Document, m: Mention, org_at: dict[int, Mention], person_at: set[int]) -> Post | None:
        """The post written just before a person: "ректор ТУСУРа Виктор Рулевский"."""
        sent = doc.sentences[m.sentence]
        k = m.i - 1
        head_seen = False
        rank_words = True  # only a rank and its service ("армии") so far
        envoy_at = None
        left = m.i
        while k >= sent.first_token:
            tok = doc.tokens[k]
            org = org_at.get(k)
            if org is not None:
                if head_seen:
                    break
                rank_words = rank_words and all(t.lemma in _RANK_SERVICES for t in doc.tokens[org.i : org.j])
                k = org.i - 1
                left = org.i
                continue
            if k in person_at:
                break
            lemma = tok.lemma
            if lemma in _RANKS and rank_words and not head_seen:
                k -= 1  # "замначальника Генштаба генерал-лейтенант Андрей Третьяк": a rank is no post, the post is before it
                continue
            if lemma in _RANK_SERVICES and not head_seen:
                k -= 1  # "генерал армии", "полковник полиции"
                continue
            if self.post_lemma(tok) or tok.text.lower() in _ACTING:
                head_seen = True
                left = k
                k -= 1
                continue
            board = lemma in _BOARDS and k + 1 < m.i and doc.tokens[k + 1].lemma == "директор"
            if lemma in self.lex.post_modifiers or board:  # "председатель совета директоров «Сталь-Групп»"
                if not head_seen:
                    break
                left = k
                k -= 1
                continue
            if head_seen:
                break
            if tok.text in _STOP_PUNCT or tok.text == "\n":
                if tok.text == "," and k - 1 >= sent.first_token and "gent" in doc.tokens[k - 1].cases and doc.tokens[k - 1].pos == "NOUN":
                    k -= 1
                    continue
                break
            if tok.text == "и" or tok.text in {".", "-"} or tok.is_quote:
                k -= 1
                continue
            if tok.text in _COMPLEMENT_PREPOSITIONS:
                k -= 1  # "член Совета Федерации от Республики Алтай", "заместитель губернатора по промышленности"
                continue
            if tok.text.lower() in _IN and any(t.lemma == "округ" for t in doc.tokens[k + 1 : m.i]):
                k -= 1  # "полпред президента в Сибирском федеральном округе"
                continue
            if tok.text.lower() in _ENVOY_PREPOSITIONS and k + 1 in org_at and envoy_at is None:
                envoy_at = k  # "постоянный представитель России при ООН": kept only if the post is an envoy's
                k -= 1
                continue
            if lemma in _PREP_BREAK or tok.pos in ("VERB", "INFN", "GRND", "PRTS", "ADVB", "CONJ", "PRCL", "NPRO"):
                break
            if not tok.is_word:
                break
            k -= 1
        if not head_seen:
            return None
        if envoy_at is not None and envoy_at > left and not any(
                self.post_lemma(t) in _ENVOYS for t in doc.tokens[left:envoy_at]):
            return None
        left = self._agreeing_start(doc, left, m)
        if left is None:
            return None
        post = self._post(doc, left, m.i, org_at)
        if post.former and not self.keep_former:
            return None
        if not post.orgs:
            post.orgs = self._organisation_before_comma(doc, left, sent.first_token, org_at) or _bracketed_after(doc, m, org_at)
        return post

    def posts_before(self, doc: Document, m: Mention, org_at: dict[int, Mention], person_at: set[int]) -> list[Post]:
        """Every post written before a name, the nearest first: "министр промышленности, вице-премьер Иван
        Петров" and "заместитель губернатора – директор департамента Иван Петров" hold both; a post ends at the
        comma or dash that separates it from the next."""
        out: list[Post] = []
        at = m
        while (post := self.post_before(doc, at, org_at, person_at)) is not None and len(out) < 4:
            out.append(post)
            k = post.i - 1
            while k > doc.sentences[m.sentence].first_token and doc.tokens[k].text.lower() in _THEN_NOW:
                k -= 1  # "вице-президента «Лукойла», а ныне члена Совета Федерации Ралифа Сафина"
            if k < doc.sentences[m.sentence].first_token or doc.tokens[k].text not in {",", "–", "—", "-"}:
                break
            at = replace(at, i=k)
        return out

    def post_lemma(self, tok) -> str:
        """The post a word names, "" when none: its lemma, a former holder's ("экс-глава"), or a deputy's written
        in one word whose lemma the dictionary gets wrong ("замсекретаря", "замначальника")."""
        for lemma in (tok.lemma, _former_post(tok.lemma)):
            if lemma in self.lex.posts:
                return lemma
        text = tok.text.lower()
        if text.startswith("зам") and len(text) > 6 and self.morph.lemma(text[3:]) in self.lex.posts:
            return "заместитель"
        # a participle used as a noun ("нападающего", "командующим"): the dictionary gives the verb as its lemma; one
        # that also qualifies a post or a body ("управляющий директор", "управляющая компания") is left alone
        noun = self.morph.participle_noun(tok.text)
        return noun if noun in self.lex.posts and noun not in self.lex.post_modifiers else ""

    def _agreeing_start(self, doc: Document, left: int, m: Mention) -> int | None:
        """Where the post of this name starts: a post and the name it is written before agree in case, so in
        "советником президента Дмитрия Медведева" the name holds "президента", not "советником"; None when no
        post word agrees (the name is then a complement of somebody else's post)."""
        words = [t for t in doc.tokens[m.i : m.j] if t.is_word and len(t.text) > 2]
        # judged only when every word of the name is visibly inflected ("Дмитрия Медведева") and the first is a known
        # first name: a surname alone ("Медведева"), a foreign or uninflected name may be any case
        inflected = all(t.cases and t.text.lower().replace("ё", "е") != t.lemma.replace("ё", "е") for t in words)
        if len(words) < 2 or not inflected or "Name" not in words[0].tags:
            return left
        name_cases = set(words[0].cases)
        for t in words[1:]:
            name_cases &= t.cases
        if not name_cases:
            return left
        heads = [k for k in range(left, m.i) if self.post_lemma(doc.tokens[k])]
        for n, k in enumerate(heads):
            cases = set(doc.tokens[k].cases)
            if cases & {"gent", "accs"}:
                cases |= {"gent", "accs"}  # a man's post in the accusative is written as the genitive
            if not cases or cases & name_cases:
                return left if n == 0 else k
        return None if heads else left

    def _organisation_before_comma(self, doc: Document, left: int, first: int, org_at: dict[int, Mention]) -> list[Mention]:
        """ "Звезда «Барселоны», футболист X": the organisation closing the phrase before the comma."""
        k = left - 1
        while k > first and doc.tokens[k].pos == "ADJF" and not doc.tokens[k].is_capital:  # "аргентинский футболист"
            k -= 1
        if k <= first or doc.tokens[k].text != ",":
            return []
        k -= 1
        while k > first and doc.tokens[k].is_quote:
            k -= 1
        org = org_at.get(k)
        if org is None or org.i - 1 < first:
            return []
        before = doc.tokens[org.i - 1]
        if before.is_quote and org.i - 2 >= first:
            before = doc.tokens[org.i - 2]
        named = doc.tokens[org.i] if not doc.tokens[org.i].is_quote else doc.tokens[min(org.i + 1, org.j - 1)]
        if "gent" not in named.cases or before.pos not in ("NOUN", "ADJF"):
            return []
        return [org]

    def post_after(self, doc: Document, m: Mention, org_at: dict[int, Mention]) -> Post | None:
        """An apposition after the name: "Сергей Таскаев, ректор ЧелГУ, ..."."""
        sent = doc.sentences[m.sentence]
        k = m.j
        if k >= sent.last_token or doc.tokens[k].text not in {",", "—", "–", "-"}:
            return None
        k += 1
        start = k
        head_seen = False
        while k < sent.last_token:
            tok = doc.tokens[k]
            if self.post_lemma(tok) or tok.lemma in self.lex.post_modifiers:
                head_seen = head_seen or bool(self.post_lemma(tok))
                k += 1
                continue
            break
        if not head_seen:
            return None
        if any(_former_post(t.lemma) != t.lemma or t.lemma == "бывший" for t in doc.tokens[start:k]) and not self.keep_former:
            return None
        end = k
        while end < sent.last_token and end - start < 12:
            tok = doc.tokens[end]
            org = org_at.get(end)
            if org is not None:
                end = org.j
                continue
            if tok.text in _STOP_PUNCT or tok.pos in ("VERB", "INFN"):
                break
            end += 1
        return self._post(doc, start, end, org_at)

    def _post(self, doc: Document, i: int, j: int, org_at: dict[int, Mention]) -> Post:
        orgs: list[Mention] = []
        seen = set()
        head = ""
        head_at = i
        constituency, j_title = False, j
        for k in range(i, j):
            org = org_at.get(k)
            # "депутат Госдумы от ЛДПР", "сенатор от Тверской области": what follows «от» is whom the person
            # stands for, not where the post is held
            if org is None and doc.tokens[k].text.lower() == "от" and not constituency:
                constituency, j_title = True, k
            if org is not None and id(org) not in seen and not constituency:
                seen.add(id(org))
                orgs.append(org)
            lemma = self.post_lemma(doc.tokens[k])
            if lemma and not orgs:
                head = lemma
                head_at = k
        # the complement: words after the last post head, before any organisation mention
        comp_end = orgs[0].i if orgs else j
        complement_tokens = [t for t in doc.tokens[head_at + 1 : comp_end]]
        complement = doc.text[complement_tokens[0].start : complement_tokens[-1].stop] if complement_tokens else ""
        complement = " ".join(complement.split())
        region_words = any(t.lemma in GENERIC_REGION_NOUNS and not t.is_capital for t in complement_tokens)
        # the title: the post words in the nominative, without a trailing organisation mention
        title_end = orgs[-1].i if orgs and all(doc.tokens[x].is_quote for x in range(orgs[-1].j, j_title)) else j_title
        words = [t.text for t in doc.tokens[i:title_end]]
        while words and (words[-1].lower() in _PREP_BREAK or words[-1] in "«»\"„“'"):  # "директор в «Векторе»" → "директор"
            words.pop()
        title = " ".join(self.morph.phrase_nominative(words)) if words else ""
        title = title.replace(" .", ".").replace("и. о.", "и.о.")
        former = any(t.lemma in _FORMER or _former_post(t.lemma) != t.lemma for t in doc.tokens[i:j])
        return Post(title=title.strip(" ,"), i=i, j=j, head=head, orgs=orgs, complement=complement, region_words=region_words,
                    former=former)


def _bracketed_after(doc: Document, m: Mention, org_at: dict[int, Mention]) -> list[Mention]:
    """ "голкипер Игорь Акинфеев («ЦСКА»)": the organisation alone in brackets right after the name."""
    k = m.j
    if k + 2 >= len(doc.tokens) or doc.tokens[k].text != "(" or doc.tokens[k].sentence != m.sentence:
        return []
    org = org_at.get(k + 1) or (org_at.get(k + 2) if doc.tokens[k + 1].is_quote else None)
    end = org.j if org is not None else len(doc.tokens)
    while end < len(doc.tokens) and doc.tokens[end].is_quote:
        end += 1
    return [org] if end < len(doc.tokens) and doc.tokens[end].text == ")" else []


def _former_post(lemma: str) -> str:
    """ "экс-глава" → "глава": the post a former holder held."""
    return lemma.removeprefix("экс-")


def _common_noun(morph: Morph, word: str) -> bool:
    if word.endswith(".") or len(word) < 6:
        return False
    p = morph.parse(word)[0]
    grams = {g for q in morph.parse(word)[:3] for g in q.tag.grammemes}
    return p.is_known and p.tag.POS == "NOUN" and not ({"Name", "Surn", "Patr", "Geox", "Orgn"} & grams)


def _looks_like_surname(morph: Morph, word: str) -> bool:
    parses = morph.parse(word)
    if any("Surn" in p.tag for p in parses[:3]):
        return True
    # unknown to the dictionary and capitalised: a rare surname rather than a common noun
    return not parses[0].is_known
