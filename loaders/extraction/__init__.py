"""Russian news → typed entities and relations (natasha/slovnet NER, pymorphy3, rules and lexicons).

    from loaders.extraction import Extractor
    extractor = Extractor.load()
    extraction = extractor.extract(article)
"""

from loaders.extraction.pipeline import Extractor

__all__ = ["Extractor"]
