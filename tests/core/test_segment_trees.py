"""The gap scorer's tree ensemble: exported from LightGBM's dump format and evaluated exactly."""

from __future__ import annotations

from typing import Any

from reader.core.ingest.segment import decoder
from reader.core.ingest.segment.trees import export_lightgbm, forest_from_json


def _leaf(value: float) -> dict[str, Any]:
    return {"leaf_value": value}


def _split(feature: int, threshold: float, left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    return {
        "split_feature": feature,
        "threshold": threshold,
        "decision_type": "<=",
        "left_child": left,
        "right_child": right,
    }


# Two trees in LightGBM's dump_model() shape: an unbalanced one of depth 3 and a single leaf.
DUMPED = {
    "feature_names": ["sim", "heading"],
    "tree_info": [
        {
            "tree_structure": _split(
                0,
                0.05,
                _split(1, 0.5, _leaf(1.0), _split(0, 0.01, _leaf(4.0), _leaf(3.0))),
                _leaf(-2.0),
            )
        },
        {"tree_structure": _leaf(0.25)},
    ],
}


def test_each_row_takes_its_own_path_and_the_trees_add_up() -> None:
    forest = forest_from_json(export_lightgbm(DUMPED))
    rows = [
        {"sim": 0.3, "heading": 1.0},  # sim > 0.05: right leaf
        {"sim": 0.05, "heading": 0.0},  # sim <= 0.05 (equal goes left), no heading
        {"sim": 0.0, "heading": 1.0},  # low sim and a heading: the deepest leaf
        {"sim": 0.02, "heading": 1.0},
        {},  # a missing feature counts as 0
    ]
    assert forest.raw_scores(rows) == [-1.75, 1.25, 4.25, 3.25, 1.25]
    assert forest.depth == 3
    assert forest.raw_scores([]) == []


def test_the_shipped_model_scores_every_gap_of_the_sample_and_knows_its_features() -> None:
    from tests.core.test_ingest_refine import _units_and_analysis

    units, analysis = _units_and_analysis()
    scores = decoder.score_all(analysis.features)
    assert len(scores) == len(units) - 1
    assert set(decoder.FOREST.features) <= set(analysis.features[0].x)
    starts = {
        units[f.index].line for f, s in zip(analysis.features, scores, strict=True) if s > decoder.THRESHOLD
    }
    assert {21, 34, 52} <= starts
