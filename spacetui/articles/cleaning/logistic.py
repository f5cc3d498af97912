"""A logistic regression's coefficients, stored as data and applied in plain Python: the
headline ranker's model (``headline_rank``)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Weights:
    """Standardisation (mean, scale) and the logistic regression's coefficients, per feature."""

    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float

    def to_json(self, features: list[str]) -> dict[str, object]:
        return {
            "features": features,
            "mean": list(self.mean),
            "scale": list(self.scale),
            "coef": list(self.coef),
            "intercept": self.intercept,
        }

    @classmethod
    def from_json(cls, data: dict[str, object], features: list[str]) -> Weights:
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
