"""Articles: the model, the loaders for each file format, and the cleaning of messy scrapes."""

from spacetui.articles.model import Article, LoadError

__all__ = ["Article", "LoadError"]
