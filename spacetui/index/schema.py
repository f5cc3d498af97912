"""The Whoosh schema. Bump SCHEMA_VERSION on any change: existing indexes then rebuild."""

from __future__ import annotations

from whoosh.analysis import StandardAnalyzer
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from spacetui.index.analysis import text_analyzer

SCHEMA_VERSION = 8  # 2: source is words ("source:guardian" finds "The Guardian"); 3: events;
# 4: names are not stemmed ("france" is not "francs", index/analysis.py); 5: stop words are
# indexed, so a phrase is exactly its words ("bank of japan" is not "bank. Japan", search/phrases.py);
# 6: inflections only are stemmed ("privatization" is not "private", index/analysis.py); 7: an
# acronym spelt as a stop word is also indexed as one ("US" is "us^", index/analysis.py); 8:
# accents are folded ("Pérez" is "perez", index/analysis.py)

# Entity types, in the order the sidebar groups them; each is also a query field (person:cruise).
ENTITY_TYPES = ("person", "org", "place", "date", "work", "product", "event")
# The query field for each type ("date" the entity is "when": "date" is the publication date).
ENTITY_FIELDS = {t: ("when" if t == "date" else t) for t in ENTITY_TYPES}
# Fields a user may name in a query, with what they mean (for help and error messages).
QUERY_FIELDS = {
    "title": "headline",
    "body": "article text",
    "standfirst": "subtitle",
    "author": "byline",
    "source": "site or publication",
    "date": "publication date (date:2021-05-13, date:>2021, date:[2020 to 2021])",
    "id": "article id",
    "entity": 'any entity by canonical name (entity:"Tom Cruise")',
    "person": "people",
    "org": "organisations",
    "place": "places",
    "when": "dates named in the text",
    "work": "films, books, shows",
    "product": "products and vehicles",
    "event": "events",
}


def build_schema() -> Schema:
    text = text_analyzer()
    names = StandardAnalyzer(stoplist=None)
    entity_fields = {
        field: TEXT(analyzer=names, stored=False, phrase=True) for field in ENTITY_FIELDS.values()
    }
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        # "path\x1fcontent hash" of the file each article came from: lets an update see which
        # files changed by reading one lexicon, without loading any stored document.
        file_sig=ID(stored=False),
        # (a column too: saved searches read the hashes of thousands of matches without
        # unpickling each whole stored article)
        content_hash=ID(stored=True, sortable=True),
        format=STORED(),
        title=TEXT(analyzer=text, stored=True, chars=True, spelling=True),
        standfirst=TEXT(analyzer=text, stored=True, chars=True),
        body=TEXT(analyzer=text, stored=True, chars=True, spelling=True),
        author=TEXT(analyzer=names, stored=True),
        source=TEXT(analyzer=names, stored=True, phrase=True),
        url=STORED(),
        date=DATETIME(stored=False),
        date_key=NUMERIC(int, bits=32, signed=False, sortable=True),
        date_iso=STORED(),
        words=NUMERIC(stored=True),
        raw=STORED(),
        # Entities: canonical names per type for queries, typed keys for facet counts, and the
        # whole list (aliases, mention offsets) stored for the reading pane.
        entity=KEYWORD(lowercase=True, commas=True, scorable=True),
        entity_key=KEYWORD(commas=True, stored=False),
        entities=STORED(),
        ner=STORED(),
        # Dated events (spacetui.stories.events): the sentences that name a day, for stories.
        # Stored by indexes from before the column; a column since: an entity's events are read
        # from thousands of articles without unpickling each whole stored article. (No format
        # bump: readers fall back to the stored field where the index has no column.)
        events=STORED(),
        event_rows=COLUMN(VarBytesColumn()),
        **entity_fields,
    )
