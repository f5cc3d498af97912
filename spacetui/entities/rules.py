"""The version of the per-article entity rules, apart from the rules themselves: the app and the
CLI compare an index's version with it at start, without loading the rules."""

# Bump when per-article resolution changes: the next `spacetui index` then re-resolves every
# article from its stored NER spans (no new NER run), and until then the index says it is outdated.
RULES_VERSION = "79"
