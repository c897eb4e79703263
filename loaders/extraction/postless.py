"""People named with no post: ANNOTATION.md's Official is a named person who holds a post, so a person the text
gives no sign of holding one (a caption or photo credit, an artist, a co-owner, a stray surname) is no entity."""

from __future__ import annotations

from graph.word_lists import word_set
from loaders.extraction.article_state import ArticleState
from loaders.extraction.mentions import Mention

_ACTING = word_set("acting_marks", "loaders.extraction")
_LIST_WORDS = {",", "и"}
_CLAUSE_VERBS = {"VERB", "INFN"}


def postless_people(ex, s: ArticleState) -> set[int]:
    """Kept person drafts to drop: no post was found for them, and either they are named by one word only
    («Антюх»), or no post word stands next to any of their mentions with no other person in between (the post
    rules may miss a link the text makes: «руководители двух больниц: Игорь Трофимов (…)» keeps him)."""
    out = set()
    for n in s.keep:
        d = s.drafts[n]
        if d.type != "Official" or n in s.posts:
            continue
        if " " not in d.name or not any(_post_nearby(ex, s, m) for m in d.mentions):
            out.add(n)
    return out


def _post_nearby(ex, s: ArticleState, m: Mention) -> bool:
    """A post word in the mention's sentence, before or after it, with no other person's name in between unless
    the names only list people sharing the post («главы районов Олег Чурсин и Нина Россохина»)."""
    sent = s.doc.sentences[m.sentence]
    for side in (range(m.i - 1, sent.first_token - 1, -1), range(m.j, sent.last_token)):
        listing = True  # only names and "," / "и" since the mention
        for k in side:
            tok = s.doc.tokens[k]
            if k in s.person_tokens or tok.text.lower() in _LIST_WORDS:
                if k in s.person_tokens and not listing:
                    break
                continue
            if tok.lemma in ex.post_verbs:
                return True  # «возглавлял», «назначен»: the predicate rules may have missed the post
            if tok.pos in _CLAUSE_VERBS:
                break  # a post across a verb is another clause's: «… Илья Жуков открыли цех, где нужны инженеры»
            listing = False
            if ex.person_namer.post_lemma(tok) or tok.lemma in ex.person_namer.titles or tok.text.lower() in _ACTING:
                return True
    return False


# the undertaking's words in front of what it is about: «развитие кластера», «проект по функционированию центра»
_ACTIVITY = word_set("activity_words", "loaders.extraction")


def bare_facility_projects(ex, s: ArticleState) -> set[int]:
    """Project drafts that only name an activity of a facility the text calls by its kind alone («развитие
    кластера», «проект по функционированию центра»): the facility is the article's own named one, no undertaking
    of its own."""
    out = set()
    for n in s.keep:
        d = s.drafts[n]
        if d.type != "Project":
            continue
        words = d.name.split()
        lemmas = [ex.morph.lemma(w) for w in words]
        if len(words) < 2 or lemmas[0] not in _ACTIVITY or not all(lemma in _ACTIVITY for lemma in lemmas[:-1]):
            continue
        if set(lemmas[:-1]) == {"проект"}:
            continue  # «проект биотехнопарка» may be the park itself, written as its project
        if words[-1].islower() and ex.lexicon.org_heads.get(lemmas[-1]):
            out.add(n)
    return out
