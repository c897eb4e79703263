"""Posts told by a verb rather than written next to the name: "X возглавил Y", "Главой Y назначен X",
"X занимает должность руководителя Y, а также заместителя Z", "X, который возглавляет Y", "X на посту главы Y"."""

from __future__ import annotations

from loaders.extraction.document import Document
from loaders.extraction.mentions import Mention
from loaders.extraction.people import PersonNamer, Post

_POST_NOUNS = {"должность", "пост"}  # "занимать должность директора", "назначен на пост главы"
_SKIPPED = {"на", "в", "с", "со", "от", "свой", "его", "её", "ее", "новый", "бывший", "также", "впоследствии", "затем", "позже", "вновь", "снова"}
_SUBJECT_PRONOUNS = {"он", "она"}
_HELD_POST = {"посту", "должности"}  # "на посту главы" holds it; "кандидат на пост главы" does not yet
_POST_END = {",", ".", ";", ":", "!", "?", "(", ")", "—", "–", "\n"}


class PredicatePosts:
    def __init__(self, namer: PersonNamer, post_verbs: dict[str, str]) -> None:
        self.namer = namer
        self.posts = namer.lex.posts
        self.verbs = post_verbs

    def find(self, doc: Document, people: list[Mention], orgs: list[Mention], org_at: dict[int, Mention],
             person_tokens: set[int]) -> list[tuple[int, Post, int]]:
        """(person entity, post, organisation entity) for every post a verb assigns; "он" = the last person named."""
        found: list[tuple[int, Post, int]] = []
        last_person = None
        by_sentence: dict[int, list[Mention]] = {}
        for m in people:
            if m.entity >= 0:
                by_sentence.setdefault(m.sentence, []).append(m)
        for sent in doc.sentences:
            here = by_sentence.get(sent.index, [])
            first, last = sent.first_token, sent.last_token
            for m in here:  # "X на посту директора Y", "X в должности главы Y": the post right after the name
                if m.j + 1 < last and doc.tokens[m.j].text in {"на", "в"} and doc.tokens[m.j + 1].text in _HELD_POST:
                    found += [(m.entity, post, post.orgs[0].entity)
                              for post in self._posts_after(doc, m.j, last, org_at, person_tokens)]
            for at in range(first, last):
                kind = self.verbs.get(doc.tokens[at].lemma)
                if kind is None:
                    continue
                if kind == "appoint":
                    told = self._object_posts(doc, here, at, last, org_at, person_tokens)
                    if told or doc.tokens[at].pos == "VERB":  # the subject of "назначил" is who appoints
                        found += told
                        continue
                    kind = "become"
                person = self._subject(doc, here, first, at, last_person)
                if person is None:
                    if kind == "become":
                        found += self._inverted(doc, here, first, at, last, org_at)
                    elif kind == "head":
                        found += self._headed_after(doc, here, orgs, sent.index, first, at)
                    continue
                if kind == "head":
                    after = [o for o in orgs if o.sentence == sent.index and o.i > at and o.entity >= 0 and o.i - at <= 8]
                    if after:
                        found.append((person, Post("руководитель", at, after[0].j, "руководитель", [after[0]], "", False), after[0].entity))
                else:
                    for post in self._posts_after(doc, at + 1, last, org_at, person_tokens):
                        found.append((person, post, post.orgs[0].entity))
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
        if before:
            m = before[-1]
            between = doc.tokens[m.j:at]
            if not m.post_span or any(t.lemma == "который" for t in between) or all(t.text not in _POST_END for t in between):
                return m.entity
            return None
        if any(doc.tokens[k].lemma in _SUBJECT_PRONOUNS for k in range(first, at)) and last_person is not None:
            return last_person
        return None

    def _posts_after(self, doc: Document, k: int, last: int, org_at, person_tokens) -> list[Post]:
        """ "директором Y", "на должность главы Y", "пост руководителя Y, а также заместителя Z"."""
        n = k
        named_post = False
        while n < last and n - k <= 4 and doc.tokens[n].lemma not in self.posts:
            if doc.tokens[n].lemma in _POST_NOUNS:
                named_post = True
            elif doc.tokens[n].lemma not in _SKIPPED and doc.tokens[n].pos not in ("ADJF", "ADVB") \
                    and not (named_post and doc.tokens[n].is_word and not doc.tokens[n].is_capital):
                return []  # after "пост" any lower-case word may qualify the post ("главного" parsed as a noun)
            n += 1
        wanted = "gent" if named_post else "ablt"
        out: list[Post] = []
        while n < last and doc.tokens[n].lemma in self.posts and wanted in doc.tokens[n].cases:
            end = n + 1
            while end < last and end - n <= 10 and end not in person_tokens and doc.tokens[end].text not in _POST_END:
                if doc.tokens[end].text == "а" and end + 1 < last and doc.tokens[end + 1].lemma == "также":
                    break
                if end in org_at:  # the post ends with the organisation it names
                    end = org_at[end].j
                    break
                end += 1
            post = self.namer._post(doc, n, end, org_at)
            if post.orgs and post.orgs[0].entity >= 0:
                out.append(post)
            # "..., а также заместителя Z" / "и заместителя Z": a second post of the same person
            n = end
            while n < last and doc.tokens[n].text in {",", "а", "также", "и"}:
                n += 1
            if n == end:
                break
        return out

    def _inverted(self, doc: Document, here: list[Mention], first: int, at: int, last: int, org_at) -> list[tuple[int, Post, int]]:
        """ "Главой Y назначен X", "Новым руководителем Y стал X": the post before the verb, the person after it."""
        start = next((k for k in range(first, at) if doc.tokens[k].lemma in self.posts and "ablt" in doc.tokens[k].cases), None)
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
        before = [o for o in orgs if o.sentence == sentence and o.entity >= 0 and first <= o.i and at - 2 <= o.j <= at]
        after = [m for m in here if at < m.i <= at + 6]
        if not before or not after or any(doc.tokens[k].text in _POST_END for k in range(at, after[0].i)):
            return []
        org = before[-1]
        return [(after[0].entity, Post("руководитель", at, at + 1, "руководитель", [org], "", False), org.entity)]
