"""Indexing on a Dask cluster gives the index a local build gives, survives a lost worker, and
refuses workers that would index differently."""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import pytest

from spacetui.index.build import update_index
from spacetui.index.cluster import ClusterError
from spacetui.index.store import IndexStore
from spacetui.search.service import SearchService
from tests.conftest import require_shared

distributed = pytest.importorskip("distributed", reason="the cluster extra is not installed")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as local:
        yield local


@pytest.fixture(scope="module")
def stories(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """60 Reuters stories as text files (real wire copy: people, places, organisations)."""
    folder = tmp_path_factory.mktemp("stories")
    with require_shared("news", "reuters21578.jsonl").open(encoding="utf-8") as fh:
        records = [json.loads(line) for line in islice(fh, 400)]
    kept = [r for r in records if len((r.get("text") or "").split()) > 80][:60]
    for n, record in enumerate(kept):
        (folder / f"{n:03d}.txt").write_text(f"{record['title']}\n\n{record['text']}", encoding="utf-8")
    return folder


def _snapshot(index: Path) -> dict[str, Any]:
    service = SearchService(index)
    hits = service.search("", limit=10_000, facets=False).hits
    articles = {h.id: service.article(h.id) for h in hits}
    return {
        "ids": sorted(articles),
        "articles": {i: (a.title, a.body, a.date) for i, a in articles.items() if a},
        "entities": {i: sorted((e.type, e.name) for e in a.entities) for i, a in articles.items() if a},
        "sidebar": sorted(
            (e.type, e.name, sorted(e.aliases), e.articles, e.mentions) for e in service.entities()
        ),
    }


def test_a_cluster_build_equals_a_local_build(cluster: Any, stories: Path, tmp_path: Path) -> None:
    update_index(tmp_path / "local", [stories])
    report = update_index(tmp_path / "dask", [stories], cluster=cluster.scheduler_address)
    assert report.added == 60 and not report.errors
    local, dask = _snapshot(tmp_path / "local"), _snapshot(tmp_path / "dask")
    assert sum(len(e) for e in local["entities"].values()) > 100  # the comparison has content
    assert dask == local


def test_a_worker_lost_mid_run_loses_and_doubles_nothing(cluster: Any, stories: Path, tmp_path: Path) -> None:
    client = distributed.Client(cluster)
    killed: list[str] = []

    def kill_one_worker(stage: str, done: int, total: int, articles: int) -> None:
        if stage == "indexing" and articles >= 5 and not killed:
            victim = sorted(client.scheduler_info()["workers"])[0]
            killed.append(victim)
            with contextlib.suppress(Exception):  # the worker died answering
                client.run(os._exit, 1, workers=[victim])

    try:
        report = update_index(
            tmp_path / "dask",
            [stories],
            entities=False,
            cluster=cluster.scheduler_address,
            progress=kill_one_worker,
        )
    finally:
        client.close()
    assert killed, "no worker was killed: the test did not test anything"
    assert report.added == 60 and not report.errors
    service = SearchService(tmp_path / "dask")
    ids = [h.id for h in service.search("", limit=10_000, facets=False).hits]
    assert len(ids) == len(set(ids)) == 60
    update_index(tmp_path / "local", [stories], entities=False)
    assert _snapshot(tmp_path / "dask") == _snapshot(tmp_path / "local")


def test_a_worker_with_another_model_is_refused_by_name(cluster: Any, stories: Path, tmp_path: Path) -> None:
    client = distributed.Client(cluster)
    victim = sorted(client.scheduler_info()["workers"])[0]

    def pretend_another_model(model: str | None) -> None:
        from spacetui.entities import ner
        from spacetui.index import cluster as on_cluster

        if model is None:
            ner.model_version = ner.__dict__["_real_model_version"]
        else:
            ner.__dict__.setdefault("_real_model_version", ner.model_version)
            ner.model_version = lambda: model
        on_cluster.build_identity.cache_clear()

    client.run(pretend_another_model, "en_core_web_lg-3.7.0", workers=[victim])
    try:
        with pytest.raises(ClusterError) as refused:
            update_index(tmp_path / "ix", [stories], entities=False, cluster=cluster.scheduler_address)
    finally:
        client.run(pretend_another_model, None, workers=[victim])
        client.close()
    assert victim in str(refused.value) and "en_core_web_lg-3.7.0" in str(refused.value)
    assert IndexStore(tmp_path / "ix").current_dir() is None  # nothing was published
