"""A boosted-tree ensemble, read from a JSON data file and evaluated for many rows at once with numpy.

The gap scorer's model is fitted by LightGBM (``tests/bench/fit_segmenter.py``),
which sees what a linear score cannot: that a headline matters when the words
change and hardly at all when they do not, that a pronoun opening counts only
after a long story. Only the fitting needs LightGBM: its trees are exported
as flat node arrays (a data file, no pickle), and evaluating them is a few
numpy steps per tree level for all gaps of a chunk together, so the run time
needs no dependency beyond numpy (already there for spaCy).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Forest:
    """All trees' nodes in flat arrays; a leaf is its own child both ways, so extra levels leave it put."""

    features: tuple[str, ...]
    feature: np.ndarray  # column of the split (0 at leaves)
    threshold: np.ndarray  # go left when x <= threshold (+inf at leaves)
    children: np.ndarray  # node k's left child at 2k, right child at 2k + 1
    value: np.ndarray  # leaf values (0 at splits)
    inner: np.ndarray  # True at splits
    roots: np.ndarray
    depth: int

    def raw_scores(self, rows: Sequence[Mapping[str, float]]) -> list[float]:
        """The summed leaf values (log-odds) of every row; a feature missing from a row counts as 0.

        All rows walk all trees together, one level per step, with flat ``take``s
        (much cheaper than two-dimensional fancy indexing).
        """
        if not rows:
            return []
        keys = self.features
        x = np.array([[row.get(k, 0.0) for k in keys] for row in rows], dtype=np.float64).ravel()
        trees = len(self.roots)
        # One entry per (row, tree); entries that reached a leaf drop out, so deep paths cost only their own steps.
        at = np.tile(self.roots, len(rows))
        base = np.repeat(np.arange(len(rows), dtype=np.intp) * len(keys), trees)
        entry = np.arange(at.size, dtype=np.intp)
        leaf = np.empty_like(at)
        for _ in range(self.depth):
            inner = self.inner.take(at)
            if not inner.all():
                done = ~inner
                leaf[entry[done]] = at[done]
                at, base, entry = at[inner], base[inner], entry[inner]
                if not at.size:
                    break
            right = x.take(base + self.feature.take(at)) > self.threshold.take(at)
            at = self.children.take(2 * at + right)
        leaf[entry] = at
        return [float(v) for v in self.value.take(leaf).reshape(len(rows), trees).sum(axis=1)]


def forest_from_json(data: Mapping[str, Any]) -> Forest:
    """A :class:`Forest` from the exported dictionary (see :func:`export_lightgbm`)."""
    threshold = np.array([np.inf if t is None else t for t in data["threshold"]], dtype=np.float64)
    return Forest(
        tuple(data["features"]),
        np.array(data["feature"], dtype=np.intp),
        threshold,
        np.array([c for pair in zip(data["left"], data["right"], strict=True) for c in pair], dtype=np.intp),
        np.array(data["value"], dtype=np.float64),
        np.isfinite(threshold),
        np.array(data["roots"], dtype=np.intp),
        int(data["depth"]),
    )


def load_forest(path: Path) -> Forest:
    return forest_from_json(json.loads(path.read_text(encoding="utf-8")))


def export_lightgbm(dumped: Mapping[str, Any], digits: int = 6) -> dict[str, Any]:
    """Flatten LightGBM's ``Booster.dump_model()`` into node arrays (numerical "<=" splits only).

    Used by the fitting script; kept here beside its reader so the format has one home.
    """
    names = list(dumped["feature_names"])
    out: dict[str, Any] = {
        "features": names,
        "feature": [],
        "threshold": [],
        "left": [],
        "right": [],
        "value": [],
        "roots": [],
    }
    depth = 0

    def add(node: Mapping[str, Any], level: int) -> int:
        nonlocal depth
        me = len(out["feature"])
        for key, blank in (("feature", 0), ("threshold", None), ("left", me), ("right", me), ("value", 0.0)):
            out[key].append(blank)
        if "leaf_value" in node:
            depth = max(depth, level)
            out["value"][me] = round(float(node["leaf_value"]), digits)
            return me
        if node.get("decision_type", "<=") != "<=":
            raise ValueError(f"unsupported split {node.get('decision_type')}")
        out["feature"][me] = int(node["split_feature"])
        out["threshold"][me] = float(node["threshold"])
        out["left"][me] = add(node["left_child"], level + 1)
        out["right"][me] = add(node["right_child"], level + 1)
        return me

    for tree in dumped["tree_info"]:
        out["roots"].append(add(tree["tree_structure"], 0))
    out["depth"] = depth
    return out
