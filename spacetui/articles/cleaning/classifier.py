"""The learned unit classifier: a logistic regression over :mod:`.features`, its coefficients
stored as data (``unit_weights.json``, written by ``benchmarks/train_cleaning.py``), applied
in plain Python: no learning library at run time."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacetui.articles.cleaning.features import FEATURES, unit_features
from spacetui.articles.cleaning.segment import Unit

WEIGHTS = Path(__file__).with_name("unit_weights.json")


@dataclass(frozen=True, slots=True)
class Weights:
    """Standardisation (mean, scale) and the logistic regression's coefficients, per feature."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def to_json(self, features: list[str] = FEATURES) -> dict[str, object]:
        return {
            "features": features,
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, data: dict[str, object], features: list[str] = FEATURES) -> Weights:
        if data.get("features") != features:
            raise ValueError("weights were learned for other features: retrain them")
        return cls(
            tuple(map(float, data["mean"])),  # type: ignore[call-overload]
            tuple(map(float, data["scale"])),  # type: ignore[call-overload]
            tuple(map(float, data["coef"])),  # type: ignore[call-overload]
            float(data["intercept"]),  # type: ignore[arg-type]
        )

    def probability(self, row: list[float]) -> float:
        z = self.intercept + sum(
            c * (x - m) / s for c, x, m, s in zip(self.coef, row, self.mean, self.scale, strict=True)
        )
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@lru_cache(maxsize=1)
def stored_weights() -> Weights:
    return Weights.from_json(json.loads(WEIGHTS.read_text(encoding="utf-8")))


def learned_scores(units: list[Unit], weights: Weights | None = None) -> None:
    """Each unit's value from the classifier: its words count for the body as far as it is more
    likely body than not (the same scale the best-run search reads from the rules)."""
    w = weights or stored_weights()
    for u, row in zip(units, unit_features(units), strict=True):
        p = w.probability(row)
        u.value = (2.0 * p - 1.0) * max(1, len(u.words))
