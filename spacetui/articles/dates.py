"""Publication dates to ISO 8601."""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}")


def to_iso(value: object) -> str | None:
    """Best-effort ISO date (``YYYY-MM-DD``) from a date-ish value; None if it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        try:
            return datetime.fromtimestamp(float(value)).date().isoformat()
        except (OverflowError, OSError, ValueError):
            return None
    text = " ".join(str(value).split())[:100]
    if not text:
        return None
    if _ISO.match(text):
        try:
            return date.fromisoformat(text[:10]).isoformat()
        except ValueError:
            pass
    return _parse_free(text)


@lru_cache(maxsize=4096)
def _parse_free(text: str) -> str | None:
    import dateparser  # heavy: index time only

    try:
        parsed = dateparser.parse(
            text,
            languages=["en"],
            settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
        )
    except Exception:  # dateparser raises a zoo of errors on odd input
        return None
    return parsed.date().isoformat() if parsed else None
