"""Indexing on a Dask cluster: workers read, clean and run NER on files; the machine that owns the
index resolves entities, merges aliases across the corpus and writes (``update_index`` as ever,
so a killed coordinator leaves the previous index working).

``--cluster tcp://HOST:8786`` uses a running scheduler; ``--cluster local:N`` starts N worker
processes here. Every worker must run the same code and NER model as this machine: a worker that
does not is refused by name before any file is sent. A worker lost mid-run is Dask's to handle:
its files are read again elsewhere (``RETRIES`` times at most for one file), and each file's
articles are written once, in the order the files were listed, when its result arrives.

Needs the ``cluster`` extra (``pip install 'spacetui[cluster]'``: Dask's ``distributed``).
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from spacetui.articles.loaders import SourceFile, iter_file
from spacetui.articles.model import Article, LoadError

RETRIES = 3  # a file whose task keeps failing (not a lost worker: Dask re-runs those) fails
IN_FLIGHT_PER_WORKER = 4  # files sent ahead of the writer, per worker (bounds memory)


class ClusterError(RuntimeError):
    """The cluster cannot be used: unreachable, not installed, or a worker that differs."""


@cache
def build_identity() -> dict[str, str]:
    """What must match between a worker and this machine for the same files to give the same
    articles: the code (a digest of the package's sources and data), the NER model, the formats."""
    import spacetui
    from spacetui import __version__
    from spacetui.entities.ner import model_version
    from spacetui.index.schema import SCHEMA_VERSION

    package = Path(spacetui.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".json", ".toml")):
        digest.update(str(path.relative_to(package)).encode())
        digest.update(path.read_bytes())
    return {
        "spacetui": __version__,
        "code": digest.hexdigest()[:16],
        "model": model_version(),
        "schema": str(SCHEMA_VERSION),
    }


def differences(theirs: dict[str, str], ours: dict[str, str]) -> str:
    return ", ".join(f"{k} {theirs.get(k)!r} (here {v!r})" for k, v in ours.items() if theirs.get(k) != v)


def read_file(
    src: SourceFile, max_bytes: int, with_ner: bool, expected: dict[str, str]
) -> list[Article | LoadError]:
    """Runs on a worker: one file's articles (with their NER spans) and load errors."""
    mismatch = differences(build_identity(), expected)
    if mismatch:
        raise ClusterError(f"this worker differs from the machine that owns the index: {mismatch}")
    items = list(iter_file(src, max_bytes=max_bytes))
    if with_ner:
        from spacetui.entities.ner import NerRunner

        articles = [a for a in items if isinstance(a, Article)]
        for article, spans in zip(articles, NerRunner(1).spans([a.body for a in articles]), strict=True):
            article.ner = spans
    return items


class ClusterReader:
    """Reads files on a Dask cluster, in the order given, ``IN_FLIGHT_PER_WORKER`` ahead."""

    def __init__(self, address: str, *, with_ner: bool, max_bytes: int) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:
            raise ClusterError("indexing on a cluster needs Dask: pip install 'spacetui[cluster]'") from exc
        self.with_ner = with_ner
        self.max_bytes = max_bytes
        self._cluster: Any = None
        try:
            if address.startswith("local:"):
                n = int(address.removeprefix("local:") or 0)
                if n < 1:
                    raise ClusterError(
                        f"--cluster local:N wants a number of workers of 1 or more (got {address!r})"
                    )
                self._cluster = LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None
                )
                self.client = Client(self._cluster)
            else:
                self.client = Client(address, timeout="15s")
        except ClusterError:
            raise
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
        self._check_workers()

    def _check_workers(self) -> None:
        ours = build_identity()
        workers = self.client.run(build_identity)
        if not workers:
            raise ClusterError("the Dask scheduler has no workers: start some with `dask worker ADDRESS`")
        refused = {w: differences(theirs, ours) for w, theirs in workers.items() if theirs != ours}
        if refused:
            lines = "; ".join(f"{w}: {d}" for w, d in sorted(refused.items()))
            raise ClusterError(
                f"refused {len(refused)} of {len(workers)} workers that would index differently ({lines}); "
                "install the same spacetui and model there"
            )
        self.workers = len(workers)

    def read(self, files: Iterable[SourceFile]) -> Iterator[tuple[SourceFile, list[Article | LoadError]]]:
        """Each file with its articles, in the order given."""
        expected = build_identity()
        window = max(2, self.workers * IN_FLIGHT_PER_WORKER)
        pending: deque[tuple[SourceFile, Any]] = deque()
        for src in files:
            future = self.client.submit(
                read_file, src, self.max_bytes, self.with_ner, expected, retries=RETRIES, pure=False
            )
            pending.append((src, future))
            if len(pending) >= window:
                yield self._result(*pending.popleft())
        while pending:
            yield self._result(*pending.popleft())

    @staticmethod
    def _result(src: SourceFile, future: Any) -> tuple[SourceFile, list[Article | LoadError]]:
        try:
            items = future.result()
        except ClusterError:
            raise
        except Exception as exc:  # the file kept failing (or kept killing its workers)
            items = [
                LoadError(
                    str(src.path), f"could not be read on the cluster ({type(exc).__name__}: {exc})"[:300]
                )
            ]
        future.release()
        return src, items

    def close(self) -> None:
        self.client.close()
        if self._cluster is not None:
            self._cluster.close()
