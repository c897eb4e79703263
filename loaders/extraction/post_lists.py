"""Posts of several: the chain of posts in an apposition after a name ("X, премьер Госсовета …, председатель …"),
and a post said in the plural of a list of names ("музыканты группы СВ — A, B и C")."""

from __future__ import annotations

from loaders.extraction.document import Document
from loaders.extraction.mentions import Mention
from loaders.extraction.people import PersonNamer, Post


def apposition_posts(namer: PersonNamer, doc: Document, m: Mention, org_at: dict[int, Mention], person_at: set[int]) -> list[Post]:
    """Every post of a comma-separated apposition after a name, each naming its organisation:
    "X, премьер Госсовета в 1988—1998 годах, председатель Постоянного комитета ..., умер"."""
    sent = doc.sentences[m.sentence]
    out: list[Post] = []
    k = m.j
    while k < sent.last_token and doc.tokens[k].text in {",", "—", "–"}:
        start = k + 1
        end = start
        has_person = False
        while end < sent.last_token:
            org = org_at.get(end)
            if org is not None:
                end = org.j
                continue
            if end in person_at:
                has_person = True
            tok = doc.tokens[end]
            if tok.text in {",", ";", ":", "—", "–", "!", "?", "\n"} or tok.pos in ("VERB", "INFN", "PRTS") or tok.lemma == "который":
                break
            end += 1
        words = [t for t in doc.tokens[start:end] if t.is_word]
        lead = next((t for t in words if t.lemma not in namer.lex.post_modifiers and not t.text[:1].isdigit()), None)
        if lead is not None and lead.lemma in namer.lex.posts:
            if has_person:
                break  # a list of people, each with a post of their own: "X, ректор A Y, ..."
            post = namer._post(doc, start, end, org_at)
            if post.orgs and (namer.keep_former or not post.former):
                out.append(post)
        elif not words or words[0].pos != "NOUN" or words[0].is_capital:
            break  # only a descriptive apposition ("соратник X") is stepped over
        if end >= sent.last_token or doc.tokens[end].text not in {",", "—", "–"}:
            break
        k = end
    return out


def plural_post_head(namer: PersonNamer, doc: Document, post: Post) -> bool:
    """The post is said of several people: "музыканты группы", "сотрудники полиции"."""
    for tok in doc.tokens[post.i : post.j]:
        if tok.lemma in namer.lex.posts:
            return "plur" in tok.tags and "sing" not in tok.tags
    return False
