"""Time full extraction against bare natasha NER (segment + NER) on the same texts, in one process."""

from __future__ import annotations

import resource
import time

from graph.model import Article


def run_benchmark(texts: list[str], console=None) -> dict:
    """Both throughputs, their time ratio and the peak resident memory of the run."""
    from natasha import Doc

    from loaders.extraction import Extractor

    started = time.perf_counter()
    extractor = Extractor.load()
    load_s = time.perf_counter() - started
    models = extractor.models
    warm = texts[:3]
    for text in warm:  # first calls pay for lazy initialisation in both paths
        extractor.extract(Article(id="warm", text=text))

    def bare() -> float:
        t0 = time.perf_counter()
        for text in texts:
            doc = Doc(text)
            doc.segment(models.segmenter)
            doc.tag_ner(models.ner)
        return time.perf_counter() - t0

    def full() -> float:
        t0 = time.perf_counter()
        for n, text in enumerate(texts):
            extractor.extract(Article(id=f"b{n}", text=text))
        return time.perf_counter() - t0

    if console is not None:
        console.print(f"running bare NER and full extraction on {len(texts)} texts…")
    bare_s = min(bare(), bare())
    full_s = min(full(), full())
    chars = sum(len(t) for t in texts)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "texts": len(texts),
        "chars": chars,
        "load_seconds": round(load_s, 3),
        "bare_ner_seconds": round(bare_s, 3),
        "full_seconds": round(full_s, 3),
        "bare_ner_texts_per_s": round(len(texts) / bare_s, 2),
        "full_texts_per_s": round(len(texts) / full_s, 2),
        "ratio_full_to_bare": round(full_s / bare_s, 3),
        "peak_rss_mib": round(peak_mib, 1),
    }
