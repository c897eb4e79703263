"""Features of the rules' candidates: one dict per entity draft, one per ordered pair of drafts.

Features are strings (present = 1.0) or a few numbers; the model maps them to columns by name, so an
unseen feature simply has no weight. Everything here reads the ArticleState the rule stages filled.
"""

from __future__ import annotations

import re

from loaders.extraction.article_state import ArticleState

_ABBR = re.compile(r"^[A-ZА-ЯЁ][A-ZА-ЯЁ0-9\-]{1,9}$")
_QUOTES = "«»\"“”„"
_BETWEEN_MAX = 12  # tokens between two mentions kept as lemmas; a longer gap keeps both ends
_WINDOW = 4  # tokens before and after a mention kept as context lemmas
_CONTENT_POS = {"NOUN", "VERB", "INFN", "PRTF", "PRTS", "GRND", "ADJF", "PREP", "CONJ"}


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _shape(word: str) -> str:
    """"ТГУ" → "AAA", "Микран" → "Aa", "ПАО" → "AAA", "3D" → "0A": the word's letter classes, squeezed."""
    out = []
    for c in word:
        k = "A" if c.isupper() else "a" if c.islower() else "0" if c.isdigit() else c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)[:6]


def _vector(ex, word: str):
    """The navec vector of a lemma (natasha's NewsEmbedding, loaded with the NER model), or None."""
    embedding = getattr(ex.models, "embedding", None)
    return embedding.get(word) if embedding is not None and word else None


def entity_features(ex, s: ArticleState, n: int, rule_relations: dict[int, set[str]], vectors: bool) -> dict[str, float]:
    """What the rules know about draft ``n``: its type, sources, head, name shape, context and relations."""
    d = s.drafts[n]
    doc = s.doc
    f: dict[str, float] = {"bias:entity": 1.0, f"rt:{d.type}": 1.0}
    if n in s.keep:
        f["kept"] = 1.0
        f[f"kept:{d.type}"] = 1.0
    if n in s.posts:
        f["has_post"] = 1.0
    words = d.name.split()
    f[f"nwords:{_bucket(len(words), (1, 2, 3, 5))}"] = 1.0
    f[f"nmentions:{_bucket(len(d.mentions), (0, 1, 2, 4))}"] = 1.0
    f[f"naliases:{_bucket(len(d.aliases), (0, 1, 2))}"] = 1.0
    lemmas = ex.morph.lemmas(d.name)
    for lemma in lemmas[:8]:
        f[f"w:{lemma}"] = 1.0
    if lemmas:
        f[f"w0:{lemmas[0]}"] = 1.0
        f[f"wl:{lemmas[-1]}"] = 1.0
    for w in words[:6]:
        core = w.strip(_QUOTES + "(),.")
        if _ABBR.match(core):
            f["abbr"] = 1.0
            f[f"abbr_pre:{core[:3]}"] = 1.0
            f[f"abbr_suf:{core[-2:]}"] = 1.0
            f[f"abbr_suf3:{core[-3:]}"] = 1.0
    f[f"shape:{_shape(words[0].strip(_QUOTES)) if words else ''}"] = 1.0
    if any(q in d.name for q in _QUOTES):
        f["quoted_name"] = 1.0
    if d.name[:1].islower():
        f["lower_name"] = 1.0
    for key in ("region", "inn"):
        if key in d.attributes:
            f[f"attr:{key}"] = 1.0
    first = min((m.sentence for m in d.mentions), default=-1)
    f[f"first_sentence:{_bucket(first, (-1, 0, 1, 3, 8))}"] = 1.0
    head = ""
    for m in d.mentions[:6]:
        f[f"src:{m.source}"] = 1.0
        f[f"src_rt:{m.source}:{d.type}"] = 1.0
        if m.head:
            f[f"head:{m.head}"] = 1.0
            head = head or m.head
        if m.legal_form:
            f["legal"] = 1.0
            f[f"legal:{m.legal_form}"] = 1.0
        if m.body is not None:
            f["gazetteer"] = 1.0
            f[f"gazetteer:{m.body.type}"] = 1.0
        if m.quoted:
            f["quoted"] = 1.0
        if m.abbreviation:
            f["bracket_abbr"] = 1.0
        if m.plural:
            f["plural"] = 1.0
        if m.post_span:
            f["post_span"] = 1.0
        for kind, start, stop in doc.ner:
            if start < m.stop and m.start < stop:
                f[f"ner:{kind}"] = 1.0
        for k in range(max(0, m.i - _WINDOW), m.i):
            if doc.tokens[k].sentence == m.sentence and doc.tokens[k].is_word:
                f[f"prev:{doc.tokens[k].lemma}"] = 1.0
        if m.i > 0 and doc.tokens[m.i - 1].sentence == m.sentence:
            f[f"prev1:{doc.tokens[m.i - 1].lemma}"] = 1.0
        if m.j < len(doc.tokens) and doc.tokens[m.j].sentence == m.sentence:
            f[f"next1:{doc.tokens[m.j].lemma}"] = 1.0
    for role in sorted(rule_relations.get(n, ())):
        f[f"rel:{role}"] = 1.0
    if vectors:
        vec = _vector(ex, head or (lemmas[-1] if lemmas else ""))
        if vec is not None:
            for k, v in enumerate(vec):
                f[f"vec:{k}"] = float(v)
    return f


def rule_roles(s: ArticleState) -> dict[int, set[str]]:
    """Which relation drafts of the rules each draft takes part in, as source or target."""
    roles: dict[int, set[str]] = {}
    for r in s.relations:
        roles.setdefault(r.source, set()).add(f"src:{r.type}")
        roles.setdefault(r.target, set()).add(f"tgt:{r.type}")
    return roles


def _cue_kinds(ex, doc, sentence: int) -> set[str]:
    """The kinds of cues.tsv (cooperation, signing, participation, …) whose one-word cues the sentence holds."""
    kinds = ex.lexicon.cue_kinds
    sent = doc.sentences[sentence]
    return set().union(*(kinds.get(doc.tokens[k].lemma, ()) for k in range(sent.first_token, sent.last_token)))


def pair_candidates(ex, s: ArticleState, main: dict) -> list[tuple[int, int, int, dict[str, float]]]:
    """Ordered pairs of drafts named in one sentence, or related by a rule: (source, target, sentence, features)."""
    doc = s.doc
    by_sentence: dict[int, list] = {}
    for n, d in enumerate(s.drafts):
        for m in d.mentions:
            if m.sentence not in s.skipped:
                by_sentence.setdefault(m.sentence, []).append((n, m))
    rule = {}
    for r in s.relations:
        rule.setdefault((r.source, r.target), []).append(r)
    pairs: dict[tuple[int, int], tuple[int, dict[str, float]]] = {}
    for sent, items in sorted(by_sentence.items()):
        for a, ma in items:
            for b, mb in items:
                if a == b or ma.overlaps(mb):
                    continue
                f = _pair_in_sentence(doc, ma, mb, items)
                dist = abs(ma.i - mb.i)
                known = pairs.get((a, b))
                if known is None or dist < known[1].get("_dist", 1e9):
                    f["_dist"] = dist
                    pairs[(a, b)] = (sent, f)
    for (a, b) in rule:
        if (a, b) not in pairs:
            pairs[(a, b)] = (-1, {"no_shared_sentence": 1.0})
    out = []
    cues: dict[int, set[str]] = {}
    for (a, b), (sent, f) in sorted(pairs.items()):
        f = dict(f)
        f.pop("_dist", None)
        ta, tb = s.drafts[a].type, s.drafts[b].type
        f["bias:pair"] = 1.0
        f[f"ta:{ta}"] = 1.0
        f[f"tb:{tb}"] = 1.0
        f[f"tab:{ta}>{tb}"] = 1.0
        if sent >= 0:  # the sentence's cue kinds, alone and with both types: a class of words, not one word
            if sent not in cues:
                cues[sent] = _cue_kinds(ex, doc, sent)
            for kind in sorted(cues[sent]):
                f[f"cue:{kind}"] = 1.0
                f[f"cue_tab:{kind}:{ta}>{tb}"] = 1.0
        for r in rule.get((a, b), ()):
            f[f"rule:{r.type}"] = 1.0
            f[f"rule_conf:{r.type}"] = r.confidence
            if r.post:
                f["rule_post"] = 1.0
        for r in rule.get((b, a), ()):
            f[f"rule_rev:{r.type}"] = 1.0
        if a in s.posts and s.posts[a][1] == b:
            f["post_of"] = 1.0
        if s.post_org.get(a) == b:
            f["post_org"] = 1.0
        for kind in ("Cluster", "Project"):
            if main.get(kind) == b:
                f[f"tgt_main:{kind}"] = 1.0
            if main.get(kind) == a:
                f[f"src_main:{kind}"] = 1.0
        out.append((a, b, sent, f))
    return out


def _pair_in_sentence(doc, ma, mb, items) -> dict[str, float]:
    first, second = (ma, mb) if ma.i < mb.i else (mb, ma)
    f: dict[str, float] = {"src_first" if ma.i < mb.i else "tgt_first": 1.0}
    gap = [t for t in doc.tokens[first.j : second.i]]
    f[f"dist:{_bucket(len(gap), (0, 1, 3, 6, 10, 20))}"] = 1.0
    words = [t for t in gap if t.is_word and (t.pos in _CONTENT_POS or t.pos is None)]
    kept = words if len(words) <= _BETWEEN_MAX else words[: _BETWEEN_MAX // 2] + words[-_BETWEEN_MAX // 2 :]
    for t in kept:
        f[f"btw:{t.lemma}"] = 1.0
    if gap and all(t.text in {",", "и", "а", "также", "—", "-", "«", "»", "\""} for t in gap):
        f["coordinated"] = 1.0
    if any(t.text in {"(", ")"} for t in gap):
        f["bracket_between"] = 1.0
    if any(t.text in {";", ":"} for t in gap):
        f["colon_between"] = 1.0
    others = sum(1 for _, m in items if first.j <= m.i and m.j <= second.i)
    f[f"between_mentions:{_bucket(others, (0, 1, 3))}"] = 1.0
    for k in range(max(0, first.i - _WINDOW), first.i):
        t = doc.tokens[k]
        if t.sentence == first.sentence and t.is_word:
            f[f"before:{t.lemma}"] = 1.0
    for k in range(second.j, min(len(doc.tokens), second.j + _WINDOW)):
        t = doc.tokens[k]
        if t.sentence == second.sentence and t.is_word:
            f[f"after:{t.lemma}"] = 1.0
    return f
