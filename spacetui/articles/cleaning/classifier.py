"""The learned unit classifier: gradient-boosted trees over :mod:`.features`, stored as data
(``unit_trees.json``, written by ``benchmarks/train_cleaning.py --write``) and applied in plain
Python: no learning library at run time. Cleaning does not use it yet: `pipeline.default_scorer`
says why."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacetui.articles.cleaning.features import FEATURES, unit_features
from spacetui.articles.cleaning.segment import Unit

MODEL = Path(__file__).with_name("unit_trees.json")


@dataclass(frozen=True, slots=True)
class UnitModel:
    """Trees as flat node lists (a node's ``feature`` is -1 at a leaf): a unit is body with the
    probability the sigmoid of ``baseline`` plus the leaf values its features reach."""

    baseline: float
    # Added to the probability before the run search reads it: the lean towards keeping a unit
    # that held-out sites chose (the classes are weighed as balanced in training).
    offset: float
    roots: tuple[int, ...]
    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]

    def probability(self, row: list[float]) -> float:
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        z = self.baseline
        for node in self.roots:
            while (k := feature[node]) >= 0:
                node = left[node] if row[k] <= threshold[node] else right[node]
            z += self.value[node]
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self, features: list[str] = FEATURES) -> dict[str, object]:
        return {
            "features": features,
            "baseline": self.baseline,
            "offset": self.offset,
            "roots": list(self.roots),
            "feature": list(self.feature),
            "threshold": list(self.threshold),
            "left": list(self.left),
            "right": list(self.right),
            "value": list(self.value),
        }

    @classmethod
    def from_json(cls, data: dict[str, object], features: list[str] = FEATURES) -> UnitModel:
        if data.get("features") != features:
            raise ValueError("the model was learned for other features: retrain it")

        def ints(name: str) -> tuple[int, ...]:
            return tuple(map(int, data[name]))  # type: ignore[call-overload]

        def floats(name: str) -> tuple[float, ...]:
            return tuple(map(float, data[name]))  # type: ignore[call-overload]

        return cls(
            float(data["baseline"]),  # type: ignore[arg-type]
            float(data["offset"]),  # type: ignore[arg-type]
            ints("roots"),
            ints("feature"),
            floats("threshold"),
            ints("left"),
            ints("right"),
            floats("value"),
        )


@lru_cache(maxsize=1)
def stored_model() -> UnitModel:
    return UnitModel.from_json(json.loads(MODEL.read_text(encoding="utf-8")))


def learned_scores(units: list[Unit], model: UnitModel | None = None) -> None:
    """Each unit's value from the classifier: its words count for the body as far as it is more
    likely body than not (the same scale the best-run search reads from the rules)."""
    m = model or stored_model()
    for u, row in zip(units, unit_features(units), strict=True):
        p = m.probability(row) + m.offset
        u.value = (2.0 * p - 1.0) * max(1, len(u.words))
