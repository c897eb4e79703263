"""Posts told by a verb rather than written next to the name: "X возглавил Y", "Главой Y назначен X",
"X занимает должность руководителя Y, а также заместителя Z", "X, который возглавляет Y", "X на посту главы Y"."""

from __future__ import annotations

from graph.word_lists import word_map, word_set
from loaders.extraction.document import Document
from loaders.extraction.mentions import Mention
from loaders.extraction.people import PersonNamer, Post

_POST_NOUNS = word_set("post_holding_nouns", "loaders.extraction")  # "занимать должность директора"
_ACTING = word_set("acting_openings", "loaders.extraction")  # "Исполняющим обязанности главы Y назначена X"
_SKIPPED = word_set("predicate_skipped_words", "loaders.extraction")
_SUBJECT_PRONOUNS = word_set("subject_pronouns", "loaders.extraction")
_HELD_POST = word_set("held_post_forms", "loaders.extraction")  # "на посту главы" holds it; "на пост" not yet
_HELD_PREPOSITIONS = word_set("held_post_prepositions", "loaders.extraction")  # "на посту", "в должности"
_POST_END = {",", ".", ";", ":", "!", "?", "(", ")", "—", "–", "\n"}
# a biography line opens with its date and leaves out its subject: "В 1992 году — президент ассоциации X",
# "С 2008 года возглавлял Y", "В ноябре 2005 года избран секретарём Z"
_TIME_WORDS = word_set("biography_time_words", "loaders.extraction")
_DATE_CONJUNCTIONS = word_set("date_conjunctions", "loaders.extraction")
_DASHES = {"—", "–", "-"}
# NEREL: where a person works is a WORKPLACE even with no post named ("работал в компании X", "выступает за «Y»"):
# verb → the prepositions of its workplace
_WORK_VERBS = {verb: frozenset(prepositions.split())
               for verb, prepositions in word_map("work_verbs", "loaders.extraction").items()}
_CEASE = word_set("cease_verbs", "loaders.extraction")  # "перестал возглавлять Y"
_SUCCEED = word_set("succeed_verbs", "loaders.extraction")  # "X сменил Y на посту главы Z"
_PREPOSITIONS = word_set("subject_breaking_prepositions", "loaders.extraction")
_LEADERSHIP = word_set("leadership_nouns", "loaders.extraction")  # "под руководством X"
_HOLDING = word_set("holding_verbs", "loaders.extraction")  # "пост … занимал X"
_CHAIN = word_set("party_conjunctions", "loaders.extraction")  # "руководителя Y, а также заместителя Z"


class PredicatePosts:
    def __init__(self, namer: PersonNamer, post_verbs: dict[str, str]) -> None:
        self.namer = namer
        self.posts = namer.lex.posts
        self.verbs = post_verbs

    def find(self, doc: Document, people: list[Mention], orgs: list[Mention], org_at: dict[int, Mention],
             person_tokens: set[int], workplaces: bool = False) -> list[tuple[int, Post, int]]:
        """(person entity, post, organisation entity) for every post a verb assigns; "он" = the last person named.
        ``workplaces`` (NEREL): a verb of working names the organisation worked at, with no post."""
        found: list[tuple[int, Post, int]] = []
        last_person = None
        by_sentence: dict[int, list[Mention]] = {}
        counts: dict[int, int] = {}
        for m in people:
            if m.entity >= 0:
                by_sentence.setdefault(m.sentence, []).append(m)
                counts[m.entity] = counts.get(m.entity, 0) + 1
        # the person a biography is about: the one named most often (a later one wins a tie)
        main = max(counts, key=lambda e: (counts[e], -min(m.i for m in people if m.entity == e)), default=None)
        for sent in doc.sentences:
            here = by_sentence.get(sent.index, [])
            first, last = sent.first_token, sent.last_token
            sent_start = len(found)
            found += self._dash_line(doc, here, first, last, last_person, main, org_at, person_tokens)
            found += self._led_by(doc, here, first, last, org_at)
            for m in here:  # "X на посту директора Y", "X в должности главы Y": the post right after the name
                replaced = m.i > first and doc.tokens[m.i - 1].lemma in _SUCCEED and not self.namer.keep_former
                if m.j + 1 < last and doc.tokens[m.j].text in _HELD_PREPOSITIONS and doc.tokens[m.j + 1].text in _HELD_POST \
                        and not replaced:  # "сменил Ивана Сомова на посту": Сомов no longer holds it
                    found += [(m.entity, post, post.orgs[0].entity)
                              for post in self._posts_after(doc, m.j, last, org_at, person_tokens)]
            for at in range(first, last):
                kind = self.verbs.get(doc.tokens[at].lemma)
                if not self.namer.keep_former and (doc.tokens[at].lemma == "быть" or doc.tokens[at - 1].lemma in _CEASE):
                    kind = None  # "был директором", "перестал возглавлять": no longer held (ANNOTATION.md drops it, NEREL keeps it)
                if doc.tokens[at].lemma in _SUCCEED:
                    found += self._successor(doc, here, first, at, last, org_at, person_tokens)
                if workplaces and doc.tokens[at].lemma in _WORK_VERBS:
                    found += self._workplace(doc, here, orgs, sent.index, first, at, last_person, main, person_tokens)
                if kind is None:
                    continue
                if kind == "appoint":
                    told = self._object_posts(doc, here, at, last, org_at, person_tokens)
                    if told or doc.tokens[at].pos == "VERB":  # the subject of "назначил" is who appoints
                        found += told
                        continue
                    kind = "become"
                person = self._subject(doc, here, first, at, last_person)
                if person is None and kind in ("become", "head") and self.namer.keep_former and self._time_led(doc, first, at):
                    person = main  # a biography line: mostly posts held in the past
                if person is None and kind in ("become", "head") and self.namer.keep_former and self._opens(doc, first, at):
                    person = main
                if person is None:
                    if kind == "become":
                        found += self._inverted(doc, here, first, at, last, org_at)
                        after = next((m for m in here if at < m.i <= at + 3 and not any(
                            doc.tokens[k].text in _POST_END for k in range(at, m.i))), None)
                        if after is not None:
                            found += [(after.entity, post, post.orgs[0].entity)
                                      for post in self._held_before(doc, here, first, at, org_at, person_tokens)]
                    elif kind == "head":
                        found += self._headed_after(doc, here, orgs, sent.index, first, at)
                    continue
                if kind == "head":
                    after = [o for o in orgs if o.sentence == sent.index and o.i > at and o.entity >= 0 and o.i - at <= 8]
                    if after:
                        found.append((person, Post("руководитель", at, after[0].j, "руководитель", [after[0]], "", False), after[0].entity))
                else:
                    posts = self._posts_after(doc, at + 1, last, org_at, person_tokens)
                    found += [(person, post, post.orgs[0].entity) for post in posts]
                    if not posts:
                        found += [(person, post, post.orgs[0].entity) for post in self._relative_post(doc, first, at, org_at)]
                        found += [(person, post, post.orgs[0].entity) for post in self._held_before(doc, here, first, at, org_at, person_tokens)]
            found += self._coordinated(doc, here, found[sent_start:])
            if here:
                last_person = here[-1].entity
        return found

    def _object_posts(self, doc: Document, here: list[Mention], at: int, last: int, org_at, person_tokens) -> list[tuple[int, Post, int]]:
        """The person right after the verb is its object: "назначил X директором Y", "уволил X с должности главы Y"."""
        obj = next((m for m in here if at < m.i <= at + 2), None)
        if obj is not None and not any(doc.tokens[k].is_word for k in range(at + 1, obj.i)):
            return [(obj.entity, post, post.orgs[0].entity) for post in self._posts_after(doc, obj.j, last, org_at, person_tokens)]
        # "назначил руководителем Y 30-летнего X": the post first, the person right after it
        posts = self._posts_after(doc, at + 1, last, org_at, person_tokens)
        if not posts:
            return []
        obj = next((m for m in here if posts[-1].j <= m.i <= posts[-1].j + 8), None)
        if obj is None or any(doc.tokens[k].text in _POST_END - {"."} for k in range(posts[-1].j, obj.i)):  # "и.о." has dots
            return []
        return [(obj.entity, post, post.orgs[0].entity) for post in posts]

    def _subject(self, doc: Document, here: list[Mention], first: int, at: int, last_person: int | None) -> int | None:
        """The person the verb is said of: the last one named before it in the sentence (past a "который"
        that refers back to them), else "он/она" for the person of an earlier sentence."""
        before = [m for m in here if m.j <= at]
        # "играл с Игги Попом, был продюсером": a name after a preposition is no subject
        # nor one whose post before it is in an oblique case ("родилась в семье вице-губернатора Кэтлин Таунсенд")
        free = [m for m in before if (m.i == 0 or doc.tokens[m.i - 1].lemma not in _PREPOSITIONS) and not self._governed(doc, m)]
        if before and (not free or free[-1] is not before[-1]) and all(
                doc.tokens[k].lemma != "который" for k in range(free[-1].j if free else before[-1].j, at)):
            before = free
        if before:
            m = before[-1]
            between = doc.tokens[m.j:at]
            if not m.post_span or any(t.lemma == "который" for t in between) or all(t.text not in _POST_END for t in between):
                return m.entity
            # "Стивен Грин, председатель банка HSBC, будет назначен министром": the post in apposition is the name's own
            if m.j <= m.post_span[0] and m.post_span[1] < at and doc.tokens[m.post_span[1]].text == "," and all(
                    t.text not in _POST_END for t in doc.tokens[m.post_span[1] + 1:at]):
                return m.entity
            # "Кейта занимал пост с 1994 года, с 2002 года является спикером": a clause of only a date goes on with it
            cut = max(k for k in range(m.j, at) if doc.tokens[k].text in _POST_END)
            if all(t.lemma in _TIME_WORDS or t.text in _DATE_CONJUNCTIONS or t.text[:1].isdigit() for t in doc.tokens[cut + 1:at]):
                return m.entity
            return None
        if any(doc.tokens[k].lemma in _SUBJECT_PRONOUNS for k in range(first, at)) and last_person is not None:
            return last_person
        return None

    def _workplace(self, doc: Document, here: list[Mention], orgs: list[Mention], sentence: int, first: int, at: int,
                   last_person: int | None, main: int | None, person_tokens: set[int]) -> list[tuple[int, Post, int]]:
        """ "Хансен работал в компании Opera", "выступал за «Лос-Анджелес Лейкерс»": the organisation the verb's
        preposition governs (a kind noun and adjectives may stand between), the subject as for a post verb."""
        preps = _WORK_VERBS[doc.tokens[at].lemma]
        k = at + 1
        # "работал долгое время в", "играл полузащитником за", "работали над проблемой синего света в"
        while k < at + 7 and k < len(doc.tokens) and doc.tokens[k].text.lower() not in preps and doc.tokens[k].is_word \
                and doc.tokens[k].pos not in ("VERB", "INFN", "CONJ") and k not in person_tokens:
            k += 1
        if k >= len(doc.tokens) or doc.tokens[k].text.lower() not in preps:
            return []
        here_orgs = [o for o in orgs if o.sentence == sentence and o.entity >= 0 and o.i > k]
        org = next((o for o in here_orgs if o.i <= k + 4), None)
        if org is None or any(doc.tokens[x].text in _POST_END - {":"} or doc.tokens[x].pos in ("VERB", "INFN") for x in range(k + 1, org.i)):
            return []
        person = self._subject(doc, here, first, at, last_person)
        if person is None and self._time_led(doc, first, at):
            person = main
        if person is None and self._opens(doc, first, at):
            person = main
        if person is None:
            return []
        listed = [org]  # "выступал за команды: «Джордан», «Бенеттон» и «Феррари»"
        for o in here_orgs:
            if o.i > listed[-1].j and all(t.text in {",", "и"} or t.is_quote for t in doc.tokens[listed[-1].j:o.i]):
                listed.append(o)
        return [(person, Post("сотрудник", at, o.j, "сотрудник", [o], "", False), o.entity) for o in listed]

    def _led_by(self, doc: Document, here: list[Mention], first: int, last: int, org_at) -> list[tuple[int, Post, int]]:
        """ "театр под руководством Армена Джигарханяна", "оркестр под управлением Гергиева": the organisation
        right before «под руководством», the person right after it."""
        out = []
        for k in range(first + 1, last - 2):
            if doc.tokens[k].text.lower() == "во" and doc.tokens[k + 1].text.lower() == "главе":
                # "деятельность Рауля Кастро во главе Компартии Кубы" (but "делегация во главе с X" is led by X)
                person = next((m for m in here if m.j == k), None)
                org = org_at.get(k + 2) or (org_at.get(k + 3) if doc.tokens[k + 2].is_quote else None)
                if person is not None and org is not None and org.entity >= 0:
                    out.append((person.entity, Post("руководитель", k, org.j, "руководитель", [org], "", False), org.entity))
                continue
            if doc.tokens[k].text.lower() != "под" or doc.tokens[k + 1].lemma not in _LEADERSHIP:
                continue
            person = next((m for m in here if m.i == k + 2), None)
            org = org_at.get(k - 1) or (org_at.get(k - 2) if doc.tokens[k - 1].is_quote else None)
            if person is None or org is None or org.entity < 0:
                continue
            out.append((person.entity, Post("руководитель", k, k + 2, "руководитель", [org], "", False), org.entity))
        return out

    def _held_before(self, doc: Document, here: list[Mention], first: int, at: int, org_at, person_tokens) -> list[Post]:
        """ "Пост главы правительства Мали Кейта занимал …", "пост министра занял А. Кулешов": a post named by
        «пост/должность» before a verb of holding it ("занимать", "занять")."""
        if doc.tokens[at].lemma not in _HOLDING:
            return []
        start = next((k for k in range(first, at) if doc.tokens[k].lemma in _POST_NOUNS), None)
        if start is None or any(doc.tokens[k].text in _POST_END for k in range(start, at)):
            return []
        stop = min([m.i for m in here if start < m.i < at] + [at])
        return self._posts_after(doc, start, stop, org_at, person_tokens)

    def _relative_post(self, doc: Document, first: int, at: int, org_at) -> list[Post]:
        """ "в Русском дворянском собрании, президентом которого он являлся": the post before «которого», the
        organisation before the comma."""
        k = at - 1
        while k > first and (doc.tokens[k].lemma in _SUBJECT_PRONOUNS or doc.tokens[k].pos == "ADVB"):
            k -= 1
        if k - 2 < first or doc.tokens[k].lemma != "который" or not self.namer.post_lemma(doc.tokens[k - 1]):
            return []
        if doc.tokens[k - 2].text != ",":
            return []
        org = next((o for o in org_at.values() if o.j == k - 2 or (o.j == k - 3 and doc.tokens[k - 3].is_quote)), None)
        if org is None or org.entity < 0:
            return []
        post = self.namer._post(doc, k - 1, k, org_at)
        post.orgs = [org]
        return [post]

    def _successor(self, doc: Document, here: list[Mention], first: int, at: int, last: int, org_at,
                   person_tokens) -> list[tuple[int, Post, int]]:
        """The one who takes over a post «на посту» Y: the subject of «сменил», or the name right after «сменит»
        when the one replaced is a pronoun or comes first. A successor still to come holds no post by ANNOTATION.md."""
        if "past" not in doc.tokens[at].tags and not self.namer.keep_former:
            return []
        held = next((k for k in range(first, last - 1) if doc.tokens[k].text.lower() in _HELD_PREPOSITIONS
                     and doc.tokens[k + 1].text in _HELD_POST), None)
        if held is None:
            return []
        before = [m for m in here if m.j <= at and not (held <= m.i < held + 12 and m.i > held)]
        after = [m for m in here if at < m.i <= at + 3 and not any(doc.tokens[k].text in _POST_END for k in range(at, m.i))]
        if before and not any(doc.tokens[k].text in _POST_END for k in range(before[-1].j, at)):
            person = before[-1].entity  # "X сменил Y на посту главы Z"
        elif after and any(doc.tokens[k].lemma in _SUBJECT_PRONOUNS for k in range(first, at)):
            person = after[0].entity  # "На посту главы Z его сменит X"
        else:
            return []
        return [(person, post, post.orgs[0].entity) for post in self._posts_after(doc, held, last, org_at, person_tokens)]

    def _coordinated(self, doc: Document, here: list[Mention], told: list[tuple[int, Post, int]]) -> list[tuple[int, Post, int]]:
        """ "Исаму Акасаки и Хироси Амано работали в институте": a plural verb's post is each listed name's."""
        out = []
        for person, post, org in told:
            m = next((x for x in reversed(here) if x.entity == person and x.j <= post.i), None)
            if m is None or not any(t.pos == "VERB" and "plur" in t.tags for t in doc.tokens[m.j : post.i + 1]):
                continue
            j = post.orgs[-1].j if post.orgs else post.j
            while j < len(doc.tokens) - 1 and doc.tokens[j].is_quote:
                j += 1
            if j + 1 < len(doc.tokens) and doc.tokens[j].text in {",", "и"} and (doc.tokens[j + 1].is_quote or doc.tokens[j + 1].is_capital):
                continue  # "A и B возглавили «X» и «Y»": each his own, respectively
            at = m
            for other in reversed([x for x in here if x.j <= m.i]):
                if other.j > at.i or any(t.text not in {",", "и"} for t in doc.tokens[other.j : at.i]) or other.j == at.i:
                    break
                out.append((other.entity, post, org))
                at = other
        return out

    def _governed(self, doc: Document, m: Mention) -> bool:
        """The post word just before the name is in an oblique case: the name is its complement, no subject."""
        for k in range(m.i - 1, max(m.i - 4, doc.sentences[m.sentence].first_token - 1), -1):
            tok = doc.tokens[k]
            if tok.text in _POST_END:
                return False
            if self.namer.post_lemma(tok):
                return bool(tok.cases) and not tok.cases & {"nomn", "ablt"}  # "с футболистом Родригес работала" is read either way
        return False

    def _opens(self, doc: Document, first: int, at: int) -> bool:
        """A past-tense verb opens the sentence, its subject left out: "Выступал за «Ротор»." is a biography line,
        said of the person the text is about."""
        return at == first and doc.tokens[at].pos == "VERB" and "past" in doc.tokens[at].tags and "plur" not in doc.tokens[at].tags

    def _time_led(self, doc: Document, first: int, at: int) -> bool:
        """Only a date stands before ``at``: the line's subject is left out ("В 1993-1996 годах возглавлял …")."""
        toks = doc.tokens[first:at]
        return any(t.text[:1].isdigit() for t in toks) and all(
            not t.is_word or t.lemma in _TIME_WORDS or t.text[:1].isdigit() for t in toks)

    def _dash_line(self, doc: Document, here: list[Mention], first: int, last: int, last_person: int | None,
                   main: int | None, org_at, person_tokens) -> list[tuple[int, Post, int]]:
        """ "В 1992 году — президент ассоциации X" (the biography's person), "Сейчас он — профессор университета Y"
        (the person named last): posts in the nominative after a dash that only a date or a pronoun precedes."""
        dash = next((k for k in range(first, min(last, first + 9)) if doc.tokens[k].text in _DASHES), None)
        if dash is None or dash == first or any(m.i < dash for m in here):
            return []
        before = doc.tokens[first:dash]
        if any(t.lemma in _SUBJECT_PRONOUNS for t in before) and all(
                t.lemma in _SUBJECT_PRONOUNS or t.lemma in _TIME_WORDS or not t.is_word or t.text[:1].isdigit() for t in before):
            person = last_person
        elif self.namer.keep_former and self._time_led(doc, first, dash):
            person = main
        else:
            return []
        if person is None:
            return []
        return [(person, post, post.orgs[0].entity) for post in self._posts_after(doc, dash + 1, last, org_at, person_tokens, "nomn")]

    def _posts_after(self, doc: Document, k: int, last: int, org_at, person_tokens, case: str = "") -> list[Post]:
        """ "директором Y", "на должность главы Y", "пост руководителя Y, а также заместителя Z"."""
        n = k
        named_post = False
        while n < last and n - k <= 4 and not self.namer.post_lemma(doc.tokens[n]):
            if doc.tokens[n].lemma in _POST_NOUNS:
                named_post = True
            elif doc.tokens[n].lemma not in _SKIPPED and doc.tokens[n].pos not in ("ADJF", "ADVB") \
                    and not (named_post and doc.tokens[n].is_word and not doc.tokens[n].is_capital):
                return []  # after "пост" any lower-case word may qualify the post ("главного" parsed as a noun)
            n += 1
        wanted = case or ("gent" if named_post else "ablt")
        out: list[Post] = []
        while n < last and self.namer.post_lemma(doc.tokens[n]) and (
                wanted in doc.tokens[n].cases or doc.tokens[n].text.lower().startswith("зам")):  # "замсекретаря": any case
            end = n + 1
            while end < last and end - n <= 10 and end not in person_tokens and doc.tokens[end].text not in _POST_END:
                if doc.tokens[end].text == "а" and end + 1 < last and doc.tokens[end + 1].lemma == "также":
                    break
                if doc.tokens[end].text == "и" and end + 1 < last and self.namer.post_lemma(doc.tokens[end + 1]) \
                        and wanted in doc.tokens[end + 1].cases:
                    break  # "губернатором области и начальником дороги": the next post of the same person
                if end in org_at:  # the post ends with the organisation it names
                    end = org_at[end].j
                    break
                end += 1
            post = self.namer._post(doc, n, end, org_at)
            if post.orgs and post.orgs[0].entity >= 0:
                out.append(post)
            # "..., а также заместителя Z" / "и заместителя Z": a second post of the same person
            n = end
            while n < last and (doc.tokens[n].text == "," or doc.tokens[n].text in _CHAIN):
                n += 1
            if n == end:
                break
        return out

    def _inverted(self, doc: Document, here: list[Mention], first: int, at: int, last: int, org_at) -> list[tuple[int, Post, int]]:
        """ "Главой Y назначен X", "Новым руководителем Y стал X": the post before the verb, the person after it."""
        start = next((k for k in range(first, at) if doc.tokens[k].lemma in self.posts and "ablt" in doc.tokens[k].cases
                      or doc.tokens[k].text.lower() in _ACTING), None)
        if start is None or any(doc.tokens[k].text in _POST_END for k in range(start, at)):
            return []
        after = [m for m in here if m.i > at and m.i - at <= 8]
        if not after or any(doc.tokens[k].text in _POST_END for k in range(at, after[0].i)):
            return []
        post = self.namer._post(doc, start, at, org_at)
        if not post.orgs or post.orgs[0].entity < 0:
            return []
        return [(after[0].entity, post, post.orgs[0].entity)]

    def _headed_after(self, doc: Document, here: list[Mention], orgs: list[Mention], sentence: int, first: int,
                      at: int) -> list[tuple[int, Post, int]]:
        """ "Нижегородское министерство промышленности возглавит Максим Черкасов": the body before the verb, the
        person after it (a post may come between), no person before it."""
        before = [o for o in orgs if o.sentence == sentence and o.entity >= 0 and first <= o.i and o.j <= at and (
            at - 2 <= o.j or all(t.text == "," or t.is_quote or t.lemma == "который" for t in doc.tokens[o.j:at]))]
        after = [m for m in here if at < m.i <= at + 6]
        if not before or not after or any(doc.tokens[k].text in _POST_END for k in range(at, after[0].i)):
            return []
        org = before[-1]
        return [(after[0].entity, Post("руководитель", at, at + 1, "руководитель", [org], "", False), org.entity)]
