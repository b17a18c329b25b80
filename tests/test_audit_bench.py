"""The audit goals hold on the gold-annotated manuscripts (numbers from tests/bench/score_audit.py)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent / "bench" / "score_audit.py"


def _scorer():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("score_audit", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("score_audit", module)
    spec.loader.exec_module(module)
    return module


def test_every_goal_holds_on_the_gold_manuscripts() -> None:
    scorer = _scorer()
    metrics, counts = scorer.score_all()
    assert metrics["manuscripts"] >= 5
    assert metrics["citations"] >= 100
    assert scorer.failures(metrics) == [], counts.misses


def test_scorer_notices_a_regression(tmp_path: Path) -> None:
    """A gold file that disagrees with the tool must lower the scores (the scorer can fail)."""
    scorer = _scorer()
    src = scorer.DATA / "harvard_biobio"
    dest = tmp_path / "harvard_biobio"
    import shutil

    shutil.copytree(src, dest)
    gold = (dest / "gold.toml").read_text(encoding="utf-8")
    gold = gold.replace(
        'key = "keating1999", locator = "3" },\n  { text = "Gobierno',
        'key = "lecours2002", locator = "4" },\n  { text = "Gobierno',
    )
    gold = gold.replace('{ type = "year_mismatch", at = "Keating 1998: 3" },', "")
    (dest / "gold.toml").write_text(gold, encoding="utf-8")
    metrics, _ = scorer.score_all(tmp_path)
    assert metrics["linking_f1"] < 1.0 and metrics["locator_accuracy"] < 1.0 and metrics["defects_f1"] < 1.0
