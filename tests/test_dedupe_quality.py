"""Dedupe quality on generated duplicates and look-alikes built from the real corpora (gold clusters)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent / "bench"


@pytest.mark.parametrize("seed", [7, 23])
def test_generated_set_meets_the_quality_goals(shared: Path, tmp_path: Path, seed: int) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import bench_dedupe
        import dupgen
    finally:
        sys.path.remove(str(BENCH))
    from citekit import load_store
    from citekit.dedupe import find_duplicates

    recs = dupgen.generate(3000, seed=seed)
    path = tmp_path / "gen.bib"
    path.write_text(dupgen.to_bibtex(recs), encoding="utf-8")
    result = find_duplicates(load_store([path]))
    pairs = bench_dedupe.pairs_of([list(c.keys) for c in result.clusters])
    scores = bench_dedupe.score(pairs, dupgen.gold(recs))
    assert scores["never_merge_violations"] == 0, scores
    assert scores["precision"] >= 0.995, scores
    assert scores["recall"] >= 0.97, scores
