"""The extractor: one article in, one small typed graph (Extraction) out.

`Extractor.extract` runs the stages in order over one ArticleState; each stage lives in a module of its own
(stage_mentions, stage_projects, stage_regions, stage_assembly, stage_posts, stage_relations)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph.model import Article, Extraction
from graph.names import fold_name
from loaders.extraction import (
    contracted_bodies,
    nerel_mentions,
    postless,
    stage_assembly,
    stage_mentions,
    stage_posts,
    stage_projects,
    stage_regions,
    stage_relations,
)
from loaders.extraction.article_state import ArticleState
from loaders.extraction.document import Document, build_document, wiki_italics_as_quotes
from loaders.extraction.learned import layer
from loaders.extraction.learned.model import LearnedModel, load_default_model
from loaders.extraction.lexicon import Lexicon
from loaders.extraction.mentions import MentionFinder
from loaders.extraction.morph import Morph
from loaders.extraction.organisations import OrganisationNamer
from loaders.extraction.people import PersonNamer
from loaders.extraction.predicates import PredicatePosts
from loaders.extraction.projects import ProjectFinder
from loaders.extraction.relations import RelationRules
from loaders.extraction.resolve import Resolver
from loaders.extraction.stage_assembly import EXTRACTOR_NAME, attach_tax_numbers

try:  # the sources engineer's furniture filter; the text is used as is until it exists
    from loaders.furniture import strip_furniture as _strip_furniture
except ImportError:  # pragma: no cover - depends on the checkout
    _strip_furniture = None

PROFILES = ("annotation", "nerel")
MODEL_ENV = "CLUSTERKG_MODEL"  # a model file (or "none") used when no model is passed; workers inherit it
__all__ = ["EXTRACTOR_NAME", "PROFILES", "Extractor", "Models", "attach_tax_numbers"]


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

    def __init__(self, models: Models, lexicon: Lexicon, people_without_post: bool = True, profile: str = "annotation",
                 model: LearnedModel | None = None) -> None:
        if profile not in PROFILES:
            raise ValueError(f"unknown extraction profile {profile!r} (one of {', '.join(PROFILES)})")
        self.profile = profile
        # the learned layer follows ANNOTATION.md, so the NEREL profile runs the rules alone
        self.model = model if profile == "annotation" else None
        self.models = models
        self.lexicon = lexicon
        self.morph = models.morph
        self.org_namer = OrganisationNamer(lexicon, models.morph)
        self.finder = MentionFinder(lexicon, set(self.org_namer.legal))
        self.not_org_nouns = lexicon.words("not_organisation_nouns.txt")
        self.project_finder = ProjectFinder(self.finder)
        self.post_verbs = {lemma: kind for kind, lemma in (row.split("\t") for row in _data_lines("post_verbs.tsv"))}
        self.person_namer = PersonNamer(lexicon, models.morph)
        self.person_namer.keep_former = profile == "nerel"
        self.predicates = PredicatePosts(self.person_namer, self.post_verbs)
        self.resolver = Resolver(models.morph, single_names=people_without_post)
        self.not_organisations = {fold_name(w) for w in lexicon.words("not_organisations.txt")}
        if profile == "nerel":  # NEREL tags the President as a person's post, not a body
            self.not_organisations |= {fold_name(w) for w in lexicon.words("nerel_not_organisations.txt")}
        self.relation_only = {fold_name(w) for w in lexicon.words("relation_only_bodies.txt")}
        self.rules = RelationRules(lexicon)
        self.people_without_post = people_without_post
        self.descriptor_nouns = lexicon.words("descriptor_nouns.txt")
        if profile == "nerel":
            self.descriptor_nouns = self.descriptor_nouns | lexicon.words("nerel_descriptor_nouns.txt")
        self.generic_bodies = {row.split("\t")[0]: row.split("\t")[1] for row in _data_lines("nerel_generic_bodies.tsv")}
        self.nested_heads = lexicon.words("nerel_nested_heads.txt")
        self.facility_heads = lexicon.words("nerel_facility_heads.txt") if profile == "nerel" else frozenset()

    @classmethod
    def load(cls, people_without_post: bool = True, profile: str = "annotation",
             model: LearnedModel | str | Path | None = "default") -> Extractor:
        """Load the models from the installed wheels (no download) and the lexicons.

        ``model`` is the learned layer: "default" (the file named by $CLUSTERKG_MODEL, else the model
        shipped in the package), a path to a model file from `clusterkg train`, a loaded LearnedModel,
        or None / "none" for the rules alone.

        ``profile`` "annotation" follows ANNOTATION.md (our product); "nerel" follows NEREL's
        conventions for scoring on it: bodies named by a common noun and outlets cited as the source
        count as organisations, and organisations the text only implies are not emitted.
        """
        # the model first: a bad model file fails before the NER model is loaded
        if isinstance(model, str) and model == "default":
            model = os.environ.get(MODEL_ENV) or "default"
        if isinstance(model, str) and model.lower() in ("none", ""):
            model = None
        elif isinstance(model, str) and model == "default":
            model = load_default_model()
        elif isinstance(model, (str, Path)):
            model = LearnedModel.load(model)
        from natasha import NewsEmbedding, NewsNERTagger, Segmenter

        embedding = NewsEmbedding()
        morph = Morph()
        models = Models(
            segmenter=Segmenter(),
            embedding=embedding,
            ner=NewsNERTagger(embedding),
            morph=morph,
        )
        return cls(models, Lexicon.load(morph), people_without_post=people_without_post, profile=profile, model=model)

    # --- the pipeline -------------------------------------------------------------

    def document(self, text: str) -> Document:
        """The article text without furniture, segmented, NER-tagged and lemmatised."""
        from natasha import Doc

        if _strip_furniture is not None and self.profile != "nerel":  # NEREL tags the outlets a story cites
            text = _strip_furniture(text)
        text = wiki_italics_as_quotes(text)
        ndoc = Doc(text)
        ndoc.segment(self.models.segmenter)
        ndoc.tag_ner(self.models.ner)
        return build_document(text, ndoc, self.morph)

    def extract(self, article: Article) -> Extraction:
        return self.finish(article, self.rules_state(article))

    def rules_state(self, article: Article) -> ArticleState:
        """Every rule stage: candidates for entities and relations, before the learned layer."""
        doc = self.document(article.text)
        s = ArticleState(doc=doc, skipped=stage_mentions.furniture_sentences(self, doc))
        stage_mentions.find_mentions(self, s)
        stage_projects.add_projects(self, s)
        stage_regions.place(self, s)
        contracted_bodies.bare_contractions(self, s)  # «глава минпрома» → the story's regional ministry
        stage_assembly.resolve_entities(self, s)
        stage_posts.first_posts(self, s)
        stage_posts.more_posts(self, s)
        s.keep = stage_assembly.kept_entities(self, s.drafts, s.posts, s.person_drafts)
        if self.profile == "annotation":
            s.keep -= postless.postless_people(self, s)  # an Official holds a post (ANNOTATION.md)
            s.keep -= postless.bare_facility_projects(self, s)
        stage_relations.collect(self, s)
        stage_assembly.drop_unrelated(self, s)
        return s

    def finish(self, article: Article, s: ArticleState) -> Extraction:
        """The learned layer, when the extractor has a model, then assembly into an Extraction."""
        if self.model is not None:
            acts = layer.acts_on_entities(self.model) or layer.acts_on_relations(self.model)
            layer.apply(self.model, s, layer.candidates(self, s, self.model.vectors) if acts else None)
        if self.profile == "nerel":
            nerel_mentions.nested_bodies(self, s)  # NEREL tags «МВД» inside «МВД России» too
        return stage_assembly.build(self, article, s.doc, s.drafts, s.keep, s.relations, s.posts, s.implied)
