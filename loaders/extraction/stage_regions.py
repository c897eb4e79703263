"""Region stage: the article's main region, which names generic regional bodies and implied governments."""

from __future__ import annotations

from collections import Counter

from graph.names import fold_name
from graph.word_lists import word_list, word_set
from loaders.extraction.article_state import ArticleState
from loaders.extraction.lexicon import Region
from loaders.extraction.mention_words import scan_keys
from loaders.extraction.mentions import Mention
from loaders.extraction.region_parties import region_parties


def place(ex, s: ArticleState) -> None:
    """Find the main region; "департамент … области" becomes "департамент … Белгородской области"."""
    s.main_region = main_region(ex, s.doc, s.region_hits, s.orgs)
    if ex.profile == "annotation":
        s.orgs = sorted(s.orgs + region_parties(ex, s.doc, s.region_hits, s.orgs, s.skipped), key=lambda m: m.i)
    if s.main_region is not None:
        for m in s.orgs:
            name_generic_region(ex, m, s.main_region)
    one_executive(ex, s)


def one_executive(ex, s: ArticleState) -> None:
    """A region has one executive: «кабинет министров республики» and «правительство региона» in one story about
    Adygea are one body, named first as the article first names it."""
    by_region: dict[str, list[Mention]] = {}
    for m in s.orgs:
        if m.type != "RegionalBody" or m.region is None or m.body is not None or m.head not in _EXECUTIVES:
            continue
        if fold_name(m.name) in {fold_name(f"{h} {m.region.genitive}") for h in _EXECUTIVE_NAMES}:
            by_region.setdefault(m.region.name, []).append(m)
    for group in by_region.values():
        first = min(group, key=lambda m: m.i)
        for m in group:
            if m is not first:
                m.aliases.add(first.name)


_EXECUTIVES = word_set("executive_heads", "loaders.extraction")
_EXECUTIVE_NAMES = word_list("executive_names", "loaders.extraction")
_GENERIC_REGION_ENDINGS = word_set("region_nouns_genitive", "loaders.extraction")  # «… области»


def name_generic_region(ex, m: Mention, region: Region) -> None:
    """ "департамент экономического развития области" in a Belgorod story → "... Белгородской области"."""
    if m.type not in ("RegionalBody",) or m.region is not None or m.body is not None:
        return
    words = m.name.split()
    if words and words[-1] in _GENERIC_REGION_ENDINGS:
        m.aliases.add(m.name)
        name = " ".join(words[:-1] + [region.genitive])
        m.name = name[:1].upper() + name[1:]
        m.region = region


def main_region(ex, doc, region_hits, orgs) -> Region | None:
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
        name = ex.lexicon.region_adjectives.get(t.lemma)
        if name and t.pos == "ADJF":
            counts[name] += 0.5
            first.setdefault(name, t.index)
    for i, _, region in scan_keys(doc, ex.lexicon.capitals, 3):  # "в Екатеринбурге": the region's centre
        if doc.tokens[i].is_capital:
            counts[region.name] += 0.5
            first.setdefault(region.name, i)
    if not counts:
        return None
    best = max(counts, key=lambda n: (counts[n], -first[n]))
    return ex.lexicon.region_by_name.get(best)


def region_body(ex, drafts, region: Region | None) -> int | None:
    if region is None:
        return None
    for n, d in enumerate(drafts):
        if d.type == "RegionalBody" and d.attributes.get("region") == region.name and fold_name(d.name).split()[0] in _EXECUTIVES:
            return n
    return None
