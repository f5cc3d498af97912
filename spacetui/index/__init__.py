"""The index: schema, building (incremental, crash-safe) and the search layer everyone uses."""

from __future__ import annotations

import importlib.util
import sys
import types
from typing import Any


def _import_whoosh_without_urllib_request() -> None:
    """whoosh.compat imports urllib.request (and with it http.client and email: ~2 MiB resident
    and ~15 ms) only to re-export ``urlretrieve``, which nothing here calls. Import it against a
    stand-in that loads the real function if ever called; the real module stays importable.
    Forks without ``whoosh.compat`` (whoosh3) need none of this."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    if importlib.util.find_spec("whoosh.compat") is None:
        return

    def urlretrieve(*args: Any, **kwargs: Any) -> Any:
        from urllib.request import urlretrieve as real

        return real(*args, **kwargs)

    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_import_whoosh_without_urllib_request()
