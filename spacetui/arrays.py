"""Arrays saved in an index generation (numpy ``.npy``): written durably, read memory-mapped.

Read arrays are plain ndarray views of the mapping: indexing a ``numpy.memmap`` makes a memmap
object per element read (~2 µs each), which a lookup by id did hundreds of times a search.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any


def load(path: Path) -> Any:
    """The array in ``path``, memory-mapped read-only (pages are read as they are touched)."""
    import numpy as np

    try:
        return np.load(path, mmap_mode="r").view(np.ndarray)
    except ValueError:  # (an empty array cannot be memory-mapped)
        return np.load(path)


def save(path: Path, array: Any) -> None:
    """Write ``array`` to ``path`` and flush it to disk (the caller renames it into place)."""
    import numpy as np

    with open(path, "wb") as fh:
        np.save(fh, np.ascontiguousarray(array))
        fh.flush()
        os.fsync(fh.fileno())
