"""The search layer: the one door the CLI and the app use to reach the index.

Nothing outside this package (and the builder) knows Whoosh: callers pass query strings and
:class:`Filter` objects and get the plain dataclasses of :mod:`spacetui.search.results` back.

- ``results``: result types (no Whoosh; the app imports them on its light path)
- ``query``: reading what was typed into a plan (words, exclusions, dates, fields)
- ``ranking``: BM25F settings; ``blend``: the Whoosh query that scores a word over the text fields
- ``rankers``: ranking, written once over ``postings`` (numpy arrays for big indexes, lists for
  small ones); ``facets``: entity counts of a result
- ``snippets``: highlighted excerpts; ``suggest``: "did you mean"
- ``whoosh_internals``: every use of a private Whoosh name, checked by a test
- ``service``: :class:`SearchService`, the facade
"""
