"""Stories: copies of one article ("versions") and articles on one story, worked out at index time.

- ``linking`` (index time only; loads datasketch): word shingles, MinHash signatures and LSH
  find exact copies (one hash of the normalised text), near copies and same-story articles as
  articles come and go; its state is saved in the index generation beside ``entities.json``.
- ``groups`` (light: JSON only): what searches, the CLI and the app read, ``StoryGroups``.
- ``compare``: two articles' entities side by side (shared, one only, spelling variants,
  disagreeing ages and dates).
- ``timeline``: dates bucketed by day, week or month, the bucket chosen from the span.

Importing this package is cheap: datasketch and rapidfuzz load only where they are used.
"""

from __future__ import annotations

from spacetui.stories.groups import STORIES_FILE, StoryGroups

__all__ = ["STORIES_FILE", "StoryGroups"]
