"""Sources → articles → extraction → resolution → store, streamed in small batches.

Memory stays bounded whatever the input size: articles are read lazily, at most a window of
them is in extraction at once, and only one small batch waits for ``store.write``.

Syndicated copies (the same story under two URLs, recognised by ``story_fingerprint``) are kept
as separate ``Article`` records, one per URL, that share one set of facts: entity and relation
ids are content-derived, so the copy adds its URL as a second source (a second evidence article
on every relation) and never a second node or edge.  Within a run the copy reuses the first
copy's extraction instead of running the extractor again.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from graph.errors import ClusterKGError
from graph.model import Article, Evidence, Extraction
from graph.names import NameKnowledge
from graph.resolve import NameIndex, resolve_entities
from graph.stores.base import GraphStore
from graph.stores.writer_lock import writer_lock
from loaders.sources import SkippedSource, load_articles, story_fingerprint

BATCH_SIZE = 8
WINDOW_PER_WORKER = 4
REUSE_CACHE = 256
# A task lost with a dead worker never completes in multiprocessing.Pool: give up after this long.
WORKER_TIMEOUT = float(os.environ.get("CLUSTERKG_EXTRACT_TIMEOUT", "600"))


@dataclass
class IngestSummary:
    """What one run did, for the closing line and the exit code."""

    read: int = 0
    new: int = 0
    already_stored: int = 0
    skipped: int = 0
    syndicated: int = 0
    entities: int = 0
    relations: int = 0
    seconds: float = 0.0
    skipped_sources: list[SkippedSource] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"articles: {self.read} read, {self.new} new, {self.already_stored} already stored, "
            f"{self.syndicated} syndicated copies; skipped inputs: {self.skipped}; "
            f"written: {self.entities} entities, {self.relations} relations; {self.seconds:.1f} s"
        )


@dataclass
class _Failed:
    article: Article
    reason: str


# --- extraction, in this process or in workers ---------------------------------------------------
_WORKER_EXTRACTOR = None


def load_extractor():
    """The extractor, loaded once per process and learned model (models are heavy); the model is the
    one $CLUSTERKG_MODEL names (`ingest --model` sets it), else the shipped one."""
    return _extractor_for(os.environ.get("CLUSTERKG_MODEL") or "default")


@lru_cache(maxsize=2)
def _extractor_for(model: str):
    from loaders.extraction import Extractor

    return Extractor.load(model=model)


@lru_cache(maxsize=1)
def name_knowledge() -> NameKnowledge:
    """What resolution knows beyond the names it sees: the extractor's gazetteer of bodies and regions."""
    from loaders.extraction.lexicon import Lexicon
    from loaders.extraction.morph import Morph

    lexicon = Lexicon.load(Morph())
    bodies = {body.name: body.aliases for body in lexicon.bodies.values()}
    regions = {region.name: region.aliases for region in lexicon.region_by_name.values()}
    return NameKnowledge.build(bodies.items(), regions.items())


class IngestError(ClusterKGError, RuntimeError):
    """The pipeline itself cannot run (e.g. the extractor does not load): fatal, one line."""


def _init_worker() -> None:
    global _WORKER_EXTRACTOR
    try:
        _WORKER_EXTRACTOR = load_extractor()
    except Exception as exc:  # reported with the first article instead of a silent respawn loop
        _WORKER_EXTRACTOR = IngestError(f"the extractor did not load in a worker ({type(exc).__name__}: {exc})")


def _extract_in_worker(article: Article) -> Extraction | _Failed:
    if isinstance(_WORKER_EXTRACTOR, IngestError):
        raise _WORKER_EXTRACTOR
    return _extract_one(_WORKER_EXTRACTOR, article)


def _extract_one(extractor, article: Article) -> Extraction | _Failed:
    try:
        return extractor.extract(article)
    except Exception as exc:  # one bad article must not stop the run
        return _Failed(article, f"extraction failed ({type(exc).__name__}: {exc})")


def retarget(extraction: Extraction, article: Article) -> Extraction:
    """The same facts read from a syndicated copy: every evidence now points at ``article``."""

    def moved(evidence: list[Evidence]) -> list[Evidence]:
        return [e.model_copy(update={"article_id": article.id, "published": article.published or e.published})
                for e in evidence]

    return Extraction(
        article=article,
        entities=[e.model_copy(update={"mentions": moved(e.mentions)}) for e in extraction.entities],
        relations=[r.model_copy(update={"evidence": moved(r.evidence)}) for r in extraction.relations],
    )


class Ingestor:
    """Runs the pipeline into one open store; callbacks report skips and progress."""

    def __init__(
        self,
        store: GraphStore,
        *,
        workers: int = 1,
        batch_size: int = BATCH_SIZE,
        on_skip: Callable[[SkippedSource], None] = lambda skipped: None,
        on_article: Callable[[IngestSummary], None] = lambda summary: None,
        extractor=None,
        on_batch: Callable[[list[Extraction]], None] = lambda batch: None,
    ) -> None:
        self.store = store
        self.on_batch = on_batch
        self.workers = max(1, workers)
        self.batch_size = max(1, batch_size)
        self.on_skip = on_skip
        self.on_article = on_article
        self.extractor = extractor
        self.summary = IngestSummary()
        self._seen_ids: set[str] = set()
        self._first_of_story: dict[str, str] = {}
        self._done: OrderedDict[str, Extraction] = OrderedDict()
        self._index: NameIndex | None = None

    # --- the stream of new articles ---------------------------------------------------------------
    def _skip(self, skipped: SkippedSource) -> None:
        self.summary.skipped += 1
        self.summary.skipped_sources.append(skipped)
        self.on_skip(skipped)

    def new_articles(self, sources: Iterable[str]) -> Iterator[tuple[Article, str | None]]:
        """Articles not stored yet, each with the fingerprint of its story."""
        for source in sources:
            produced = False
            for item in load_articles(source):
                produced = True
                if isinstance(item, SkippedSource):
                    self._skip(item)
                    continue
                self.summary.read += 1
                if item.id in self._seen_ids or self.store.has_article(item.id):
                    self.summary.already_stored += 1
                    self.on_article(self.summary)
                    continue
                self._seen_ids.add(item.id)
                yield item, story_fingerprint(item.text)
            if not produced:
                self._skip(SkippedSource(source=str(source), reason="no articles found (empty folder?)"))

    # --- extraction ------------------------------------------------------------------------------
    def _reuse(self, article: Article, fingerprint: str) -> Extraction | None:
        first = self._first_of_story.setdefault(fingerprint, article.id)
        if first == article.id:
            return None
        self.summary.syndicated += 1
        done = self._done.get(fingerprint)
        return retarget(done, article) if done is not None else None

    def _remember(self, fingerprint: str, extraction: Extraction) -> None:
        if self._first_of_story.get(fingerprint) == extraction.article.id:
            self._done[fingerprint] = extraction
            while len(self._done) > REUSE_CACHE:
                self._done.popitem(last=False)

    def extractions(self, sources: Iterable[str]) -> Iterator[Extraction | _Failed]:
        if self.workers == 1:
            try:
                extractor = self.extractor or load_extractor()
            except Exception as exc:
                raise IngestError(f"the extractor did not load ({type(exc).__name__}: {exc})") from exc
            for article, fingerprint in self.new_articles(sources):
                result = self._reuse(article, fingerprint) or _extract_one(extractor, article)
                if isinstance(result, Extraction):
                    self._remember(fingerprint, result)
                yield result
            return
        context = multiprocessing.get_context("spawn")
        window = self.workers * WINDOW_PER_WORKER
        with context.Pool(self.workers, initializer=_init_worker) as pool:
            pending: deque = deque()
            for article, fingerprint in self.new_articles(sources):
                reused = self._reuse(article, fingerprint)
                pending.append((fingerprint, reused or pool.apply_async(_extract_in_worker, (article,))))
                while len(pending) >= window:
                    yield self._take(pending)
            while pending:
                yield self._take(pending)

    def _take(self, pending: deque) -> Extraction | _Failed:
        fingerprint, job = pending.popleft()
        try:
            result = job if isinstance(job, (Extraction, _Failed)) else job.get(timeout=WORKER_TIMEOUT)
        except IngestError:
            raise
        except Exception as exc:  # a worker died (killed, out of memory): the run cannot go on
            raise IngestError(f"an extraction worker failed ({type(exc).__name__}: {exc})") from exc
        if isinstance(result, Extraction):
            self._remember(fingerprint, result)
        return result

    # --- resolution and writing -------------------------------------------------------------------
    def run(self, sources: Iterable[str]) -> IngestSummary:
        started = time.perf_counter()
        batch: list[Extraction] = []
        for result in self.extractions(sources):
            if isinstance(result, _Failed):
                self._skip(SkippedSource(source=result.article.url or result.article.id, reason=result.reason))
                continue
            batch.append(result)
            if len(batch) >= self.batch_size:
                self._flush(batch)
        self._flush(batch)
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _flush(self, batch: list[Extraction]) -> None:
        """Resolve the batch against the stored names and write it, holding the store's writer lock, so a
        second ingest process never creates a second node for a name this one is storing."""
        if not batch:
            return
        with writer_lock(self.store):
            if self._index is None or not self.store.single_writer:  # others may have written since
                self._index = NameIndex.from_store(self.store, name_knowledge())
            resolved = [resolve_entities(extraction, self._index) for extraction in batch]
            report = self.store.write(resolved)
            self._index.written()
            self.on_batch(resolved)  # still under the lock: callers see batches in the order they were written
        self.summary.new += len(report.written)
        self.summary.already_stored += len(report.skipped_existing)
        self.summary.entities += report.entities
        self.summary.relations += report.relations
        batch.clear()
        self.on_article(self.summary)


def evaluate_graph(gold_files: Iterable[str], extractor=None):
    """``eval --graph``: the gold files' articles ingested together into a temporary embedded store,
    the resolved graph scored against the gold graph (loaders.evaluation.graph_score)."""
    import tempfile

    from graph.stores import open_store
    from loaders.evaluation import read_jsonl
    from loaders.evaluation.graph_score import score_graph

    gold_files = [str(path) for path in gold_files]
    docs = [doc for path in gold_files for doc in read_jsonl(path)]
    with tempfile.TemporaryDirectory(prefix="clusterkg-graph-eval-") as folder, open_store(folder) as store:
        summary = Ingestor(store, extractor=extractor).run(gold_files)
        if summary.skipped:
            reasons = "; ".join(s.line() for s in summary.skipped_sources)
            raise IngestError(f"some gold articles were not ingested: {reasons}")
        snapshot = store.snapshot()
    return score_graph(docs, snapshot)
