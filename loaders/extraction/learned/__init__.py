"""The learned layer: classifiers fitted on annotated articles that keep, type and relate the rules' candidates.

    model = LearnedModel.load("model.json")       # or load_default_model()
    extractor = Extractor.load(model=model)
"""

from loaders.extraction.learned.model import (
    FORMAT_VERSION,
    LearnedModel,
    LinearClassifier,
    ModelError,
    default_model_path,
    load_default_model,
)

__all__ = ["FORMAT_VERSION", "LearnedModel", "LinearClassifier", "ModelError", "default_model_path", "load_default_model"]
