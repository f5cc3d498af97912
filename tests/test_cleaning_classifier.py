"""The learned unit classifier: stored as data, applied without a learning library."""

from __future__ import annotations

import subprocess
import sys

from spacetui.articles.cleaning.classifier import learned_scores, stored_model
from spacetui.articles.cleaning.features import FEATURES
from spacetui.articles.cleaning.pipeline import extract
from tests.conftest import SEEDS


def _seed004() -> str:
    (path,) = SEEDS.glob("004*.txt")
    return path.read_text(encoding="utf-8")


def test_the_stored_trees_are_for_these_features() -> None:
    model = stored_model()
    assert model.roots and max(model.feature) < len(FEATURES)
    nodes = len(model.feature)
    assert len(model.threshold) == len(model.left) == len(model.right) == len(model.value) == nodes
    # every inner node leads to nodes of its own tree, every path ends at a leaf
    assert all(
        0 <= model.left[i] < nodes and 0 <= model.right[i] < nodes
        for i in range(nodes)
        if model.feature[i] >= 0
    )
    assert 0.0 < model.probability([0.0] * len(FEATURES)) < 1.0


def test_learned_scores_find_the_seed_story() -> None:
    raw = _seed004()
    ex = extract(raw, scorer=learned_scores)
    body = " ".join(ex.paragraphs)
    assert "Last year, it was announced" in body
    assert "SIGN UP" not in body


def test_learned_scoring_loads_no_learning_library() -> None:
    """The unit classifier and the headline ranker read their stored coefficients only."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from spacetui.articles.cleaning.classifier import learned_scores\n"
        "from spacetui.articles.cleaning.headline_rank import ranked_headline\n"
        "from spacetui.articles.cleaning.pipeline import extract\n"
        "text = Path(sys.argv[1]).read_text(encoding='utf-8')\n"
        "extract(text, scorer=learned_scores, headline=ranked_headline)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'scipy', 'numpy', 'spacy')))\n"
    )
    (path,) = SEEDS.glob("004*.txt")
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
