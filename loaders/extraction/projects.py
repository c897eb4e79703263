"""Projects an article presents without the word "проект" in front: invested in, created, or listed."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from graph.word_lists import word_set
from loaders.extraction.document import Document
from loaders.extraction.mentions import Mention, MentionFinder
from loaders.extraction.quotes import quote_role

_INVEST = word_set("investing_verbs", "loaders.extraction")
_CREATE = word_set("creating_verbs", "loaders.extraction")
_BUILD = word_set("building_nouns", "loaders.extraction")
_PLANTS = word_set("plant_nouns", "loaders.extraction")
_LAUNCH = word_set("launching_verbs", "loaders.extraction")  # "запустило производство реле"
_DASHES = {"—", "–", "-"}
_COPULAS = word_set("copulas", "loaders.extraction")
_IN = word_set("in_prepositions", "loaders.extraction")
_LIST_LINKS = frozenset({","}) | word_set("list_links", "loaders.extraction")  # "от A и B до C"
_COMPLEMENTS = word_set("complement_prepositions", "loaders.extraction")  # "завод по выпуску …", "центр для …"
_POINTING = word_set("pointing_words", "loaders.extraction")  # "создание такого центра" points back, it names nothing


@dataclass
class ProjectHint:
    """How a project was found, so the relation rules can link it: who invests, or which list it is in."""

    mention: Mention
    kind: str  # invest | create | listed
    at: int  # token of the cue
    elided: str = ""  # the head the list left out: "выпуск реле, датчиков и щитов" -> "выпуск" for "датчиков"


def _kinds() -> dict[str, str]:
    text = resources.files("loaders.extraction").joinpath("data", "project_nouns.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return {r[0].strip(): r[1].strip() for r in rows}


class ProjectFinder:
    def __init__(self, finder: MentionFinder) -> None:
        self.finder = finder
        self.kinds = _kinds()

    def find(self, doc: Document, taken: set[int], person_tokens: set[int]) -> list[ProjectHint]:
        hints: list[ProjectHint] = []
        for sent in doc.sentences:
            first, last = sent.first_token, sent.last_token
            for k in range(first, last):
                tok = doc.tokens[k]
                if tok.lemma in _INVEST:
                    for n in range(k + 1, min(last - 1, k + 8)):
                        if doc.tokens[n].text in _IN:
                            m = self._phrase(doc, n + 1, last, taken, person_tokens, kinds=("action",))
                            if m:
                                hints.append(ProjectHint(m, "invest", k))
                            break
                elif tok.lemma in _CREATE:
                    for n in range(k + 1, min(last, k + 3)):
                        m = self._phrase(doc, n, last, taken, person_tokens, kinds=("facility",))
                        if m:
                            hints.append(ProjectHint(m, "create", k))
                            break
                elif tok.lemma in _BUILD and k + 1 < last:
                    # "создание межвузовского кампуса", "строительство завода по выпуску …": the facility being built;
                    # "проектирование и строительство центра": the coordinated actions are one undertaking
                    start = k - 2 if k - 2 >= first and doc.tokens[k - 1].text == "и" and doc.tokens[k - 2].lemma in _BUILD else k
                    m = self._phrase(doc, k + 1, last, taken, person_tokens, kinds=("facility",), start=start)
                    if m:
                        hints.append(ProjectHint(m, "create", k))
                elif (tok.lemma in _PLANTS and k + 1 < last and doc.tokens[k + 1].text == "по" and k > first
                      and doc.tokens[k - 1].lemma not in _BUILD | _CREATE):
                    # "завод по заправке ёмкостей газами": a plant named by what it will make is an undertaking
                    m = self._phrase(doc, k, last, taken, person_tokens, kinds=("facility",))
                    if m and m.j > k + 2:
                        hints.append(ProjectHint(m, "create", k))
                elif tok.lemma in _LAUNCH:
                    m = self._phrase(doc, k + 1, last, taken, person_tokens, kinds=("action",)) if k + 1 < last else None
                    if m:
                        hints.append(ProjectHint(m, "invest", k))
                elif tok.lemma == "проект" and ("plur" in tok.tags or (k > first and doc.tokens[k - 1].pos == "NUMR")):
                    hints.extend(self._listed(doc, k, last, taken, person_tokens))
                elif tok.lemma == "проект" and tok.cases == frozenset({"ablt"}):
                    hints.extend(self._predicated(doc, k, last, taken, person_tokens))
        return hints

    def _listed(self, doc, k, last, taken, person_tokens) -> list[ProjectHint]:
        """ "проекты ... — от A и B до C", "три проекта: выпуск A, производство B и сборка C": each of them."""
        n = k + 1
        if n + 1 < last and doc.tokens[n].text == "по" and self.kinds.get(doc.tokens[n + 1].lemma) == "action":
            return self._coordinated(doc, k, n + 1, last, taken, person_tokens)
        while n < last and doc.tokens[n].text not in _DASHES and doc.tokens[n].text != ":":
            n += 1
        if n + 1 >= last:
            return []
        kinds = None
        if doc.tokens[n].text == ":":
            n += 1
        elif doc.tokens[n + 1].text == "от":
            n += 2
        elif doc.tokens[n + 1].pos == "NOUN" and self.kinds.get(doc.tokens[n + 1].lemma) == "action":
            n, kinds = n + 1, ("action",)  # "Среди проектов кластера — выпуск фрез и …": a dash before named activities
        else:
            return []
        out = []
        if n < last and quote_role(doc, doc.tokens[n]) == "open":
            return self._quoted_titles(doc, k, n, last, taken)
        first_head = None
        while n < last:
            m = self._phrase(doc, n, last, taken, person_tokens, kinds=kinds if not out else None)
            if m is None:
                break
            head = next((doc.tokens[x] for x in range(m.i, m.j) if doc.tokens[x].pos == "NOUN"), None)
            elided = ""
            if first_head is None:
                first_head = head
            elif head is not None and "nomn" in first_head.cases and "gent" in head.cases and "nomn" not in head.cases:
                elided = first_head.text.lower()  # "выпуск реле, датчиков и щитов": "датчиков" is "выпуск датчиков"
            out.append(ProjectHint(m, "listed", k, elided))
            n = m.j
            if n < last and doc.tokens[n].text in _LIST_LINKS:
                n += 1
                continue
            break
        return out

    def _predicated(self, doc, k, last, taken, person_tokens) -> list[ProjectHint]:
        """ "Первым проектом кластера стал выпуск фрез", "его проектом стал «Умный привод»": the nominative after the
        copula is the project (an activity or a quoted title)."""
        n = next((x for x in range(k + 1, min(last, k + 6)) if doc.tokens[x].lemma in _COPULAS), None)
        if n is None or n + 1 >= last or any(doc.tokens[x].text in {",", ":", "—"} for x in range(k + 1, n)):
            return []
        if quote_role(doc, doc.tokens[n + 1]) == "open":
            return self._quoted_titles(doc, k, n + 1, last, taken)[:1]
        m = self._phrase(doc, n + 1, last, taken, person_tokens, kinds=("action", "facility"))
        return [ProjectHint(m, "listed", k)] if m is not None else []

    def _coordinated(self, doc, k, n, last, taken, person_tokens) -> list[ProjectHint]:
        """ "проекты по выпуску эмалей и производству лаков": one project per activity the plural head governs."""
        out = []
        while n < last:
            m = self._phrase(doc, n, last, taken, person_tokens, kinds=("action",))
            if m is None:
                break
            out.append(ProjectHint(m, "listed", k))
            n = m.j
            if n + 1 < last and doc.tokens[n].text in {"и", ","}:
                n += 1
                continue
            break
        return out if len(out) >= 2 else []

    def _quoted_titles(self, doc, k, n, last, taken) -> list[ProjectHint]:
        """"три проекта: «Создание …» (инициатор — ООО «А»), «Развитие …» и «…»": each quoted title is a project,
        however long; a bracketed remark after a title is skipped."""
        out = []
        while n < last and quote_role(doc, doc.tokens[n]) == "open":
            end, depth = n, 0
            while end < last:
                role = quote_role(doc, doc.tokens[end])
                depth += 1 if role == "open" else -1 if role == "close" else 0
                end += 1
                if depth <= 0:
                    break
            if depth > 0 or end - n < 3 or any(x in taken for x in range(n, end)):
                break
            m = self.finder._mention(doc, "org", n, end, "project")
            m.head, m.type = "проект", "Project"
            out.append(ProjectHint(m, "listed", k))
            n = end
            if n < last and doc.tokens[n].text == "(":
                close = next((x for x in range(n, last) if doc.tokens[x].text == ")"), None)
                if close is None:
                    break
                n = close + 1
            while n + 1 < last and doc.tokens[n].text in {",", "и"}:
                n += 1
            if quote_role(doc, doc.tokens[n]) == "open":
                continue
            break
        return out

    def _phrase(self, doc, j, last, taken, person_tokens, kinds, start: int | None = None) -> Mention | None:
        """A noun phrase from j: adjectives (joined by "и"), a head noun, then genitive or по/для complements."""
        toks = doc.tokens
        n = j
        while n < last and (toks[n].pos in ("ADJF", "PRTF") or (toks[n].text == "и" and n > j and toks[n - 1].pos == "ADJF")):
            n += 1
        if n >= last or toks[n].pos != "NOUN" or n in taken or toks[n].is_capital and n > j:
            return None
        head = toks[n]
        if kinds is not None and self.kinds.get(head.lemma) not in kinds:
            return None
        end = n + 1
        while end < last:
            if toks[end].text in _COMPLEMENTS and end + 1 < last:
                nxt = self.finder._noun_phrase(doc, end + 1, last, person_tokens, case=None)
                if nxt > end + 1 and not any(x in taken for x in range(end, nxt)):
                    end = nxt
                    continue
                break
            nxt = self.finder._noun_phrase(doc, end, last, person_tokens, case="gent")
            if nxt > end and not any(x in taken for x in range(end, nxt)) and toks[end].text not in {"и"}:
                end = nxt
                continue
            break
        if any(x in taken for x in range(j, end)):
            return None
        if kinds == ("facility",) and n == j and end == n + 1:
            return None  # "построит завод": which plant is not said
        if kinds == ("facility",) and ("plur" in head.tags and "sing" not in head.tags
                                       or any(toks[x].lemma in _POINTING for x in range(j, n))):
            return None  # "создание таких центров", "строительство новых заводов": a kind of facility, not one
        m = self.finder._mention(doc, "org", j if start is None else start, end, "project")
        m.head = head.lemma
        m.type = "Project"
        return m
