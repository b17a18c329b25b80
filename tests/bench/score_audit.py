"""Score `citekit audit` against the gold annotations of tests/data/manuscripts/*/gold.toml.

Run: python tests/bench/score_audit.py        (prints per-manuscript and overall numbers)
Measures detection F1 (span overlap), trap false positives, linking F1, locator accuracy, defects F1,
recall on year mismatches and unresolved citations, and the time to load the store and audit each manuscript.
"""

from __future__ import annotations

import re
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citekit.audit import AuditResult, audit_path
from citekit.store import load_store

DATA = Path(__file__).resolve().parent.parent / "data" / "manuscripts"
THRESHOLDS = {
    "detection_f1": 0.98,
    "linking_f1": 0.95,
    "locator_accuracy": 0.95,
    "defects_f1": 0.90,
    "recall_year_mismatch": 1.0,
    "recall_unresolved_citation": 1.0,
}
MAX_TRAP_FP = 1
MAX_SECONDS = 1.0


@dataclass
class Counts:
    """True/false positives and the rest, summed over manuscripts."""

    det: Counter[str] = field(default_factory=Counter)
    link: Counter[str] = field(default_factory=Counter)
    loc: Counter[str] = field(default_factory=Counter)
    defects: Counter[str] = field(default_factory=Counter)
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    trap_fp: int = 0
    seconds: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)


def _norm_loc(loc: str | None) -> str:
    s = (loc or "").replace("~", " ").replace("–", "-").replace("—", "-").replace("--", "-").strip()
    s = re.sub(r"^(?:pp?|págs?)\.\s*", "", s, flags=re.IGNORECASE)
    return " ".join(s.split())


def _spans(text: str, gold: dict[str, Any]) -> list[tuple[int, int]]:
    out, cursor = [], 0
    for g in gold["citation"]:
        at = text.find(g["text"], cursor)
        if at < 0:
            raise ValueError(f"{gold['manuscript']}: gold citation {g['text']!r} not found after {cursor}")
        out.append((at, at + len(g["text"])))
        cursor = at + len(g["text"])
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gold_defects(text: str, gold: dict[str, Any], spans: list[tuple[int, int]]) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for d in gold.get("defect", []):
        if "at" in d:
            idx = [i for i, g in enumerate(gold["citation"]) if g["text"] == d["at"]][d.get("n", 1) - 1]
            out[(d["type"], f"c{idx}")] += 1
        elif "item" in d:
            out[(d["type"], f"@{text.find(d['item'])}")] += 1
        else:
            out[(d["type"], d["key"])] += 1
    return out


def _found_defects(result: AuditResult, spans: list[tuple[int, int]]) -> Counter[tuple[str, str]]:
    out: Counter[tuple[str, str]] = Counter()
    for d in result.defects:
        if d.span is not None:
            idx = next((i for i, s in enumerate(spans) if _overlap(s, d.span)), None)
            out[(d.type, f"c{idx}" if idx is not None else f"x{d.span[0]}")] += 1
        elif d.key or d.keys:
            out[(d.type, d.key or ",".join(d.keys or ()))] += 1
        else:
            out[(d.type, f"@{d.at}")] += 1
    return out


def score_one(folder: Path, counts: Counts) -> None:
    """Audit one manuscript and add its numbers to `counts`."""
    gold = tomllib.loads((folder / "gold.toml").read_text(encoding="utf-8"))
    path = folder / gold["manuscript"]
    t0 = time.perf_counter()
    result = audit_path(path, load_store([folder / "refs"]))
    counts.seconds.append(time.perf_counter() - t0)
    text = result.text
    spans = _spans(text, gold)
    matched: dict[int, int] = {}
    for j, c in enumerate(result.citations):
        i = next((i for i, s in enumerate(spans) if i not in matched and _overlap(s, (c.start, c.end))), None)
        if i is None:
            counts.det["fp"] += 1
            counts.misses.append(f"{folder.name}: extra citation {c.text!r}")
            if any(
                _overlap((c.start, c.end), (a, a + len(t)))
                for t in gold.get("trap", [])
                for a in [m.start() for m in re.finditer(re.escape(t), text)]
            ):
                counts.trap_fp += 1
            if c.key:
                counts.link["fp"] += 1
            continue
        matched[i] = j
    for i, g in enumerate(gold["citation"]):
        want = g.get("key") or None
        if i not in matched:
            counts.det["fn"] += 1
            counts.link["fn"] += 1 if want else 0
            counts.loc["wrong"] += 1
            counts.misses.append(f"{folder.name}: missed citation {g['text']!r}")
            continue
        c = result.citations[matched[i]]
        counts.det["tp"] += 1
        if want and c.key == want:
            counts.link["tp"] += 1
        else:
            counts.link["fn"] += 1 if want else 0
            counts.link["fp"] += 1 if c.key else 0
            if c.key != want:
                counts.misses.append(f"{folder.name}: {g['text']!r} linked to {c.key}, gold {want}")
        ok = _norm_loc(c.locator) == _norm_loc(g.get("locator"))
        counts.loc["right" if ok else "wrong"] += 1
        if not ok:
            counts.misses.append(
                f"{folder.name}: {g['text']!r} locator {c.locator!r}, gold {g.get('locator')!r}"
            )
    _score_defects(folder.name, _gold_defects(text, gold, spans), _found_defects(result, spans), counts)


def _score_defects(
    name: str, want: Counter[tuple[str, str]], got: Counter[tuple[str, str]], counts: Counts
) -> None:
    for item in set(want) | set(got):
        tp = min(want[item], got[item])
        per = counts.by_type.setdefault(item[0], Counter())
        for k, v in (("tp", tp), ("fn", want[item] - tp), ("fp", got[item] - tp)):
            counts.defects[k] += v
            per[k] += v
        if want[item] != got[item]:
            counts.misses.append(f"{name}: defect {item} gold {want[item]} found {got[item]}")


def _f1(c: Counter[str]) -> float:
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def _recall(c: Counter[str] | None) -> float:
    if not c or c["tp"] + c["fn"] == 0:
        return 1.0
    return c["tp"] / (c["tp"] + c["fn"])


def score_all(data: Path = DATA) -> tuple[dict[str, float], Counts]:
    """Score every manuscript folder under `data`; the metrics and the raw counts."""
    counts = Counts()
    folders = sorted(p for p in data.iterdir() if (p / "gold.toml").is_file())
    for folder in folders:
        score_one(folder, counts)
    metrics = {
        "manuscripts": float(len(folders)),
        "citations": float(counts.det["tp"] + counts.det["fn"]),
        "detection_f1": _f1(counts.det),
        "trap_false_positives": float(counts.trap_fp),
        "linking_f1": _f1(counts.link),
        "locator_accuracy": counts.loc["right"] / max(1, counts.loc["right"] + counts.loc["wrong"]),
        "defects_f1": _f1(counts.defects),
        "recall_year_mismatch": _recall(counts.by_type.get("year_mismatch")),
        "recall_unresolved_citation": _recall(counts.by_type.get("unresolved_citation")),
        "max_seconds_per_manuscript": max(counts.seconds, default=0.0),
        "mean_seconds_per_manuscript": sum(counts.seconds) / max(1, len(counts.seconds)),
    }
    return metrics, counts


def failures(metrics: dict[str, float]) -> list[str]:
    """The goals a run misses (empty when every threshold holds)."""
    out = [f"{k} {metrics[k]:.3f} < {v}" for k, v in THRESHOLDS.items() if metrics[k] < v]
    if metrics["trap_false_positives"] > MAX_TRAP_FP:
        out.append(f"trap false positives {metrics['trap_false_positives']:.0f} > {MAX_TRAP_FP}")
    if metrics["max_seconds_per_manuscript"] >= MAX_SECONDS:
        out.append(f"slowest manuscript {metrics['max_seconds_per_manuscript']:.3f} s >= {MAX_SECONDS} s")
    return out


def main() -> int:
    metrics, counts = score_all()
    for line in counts.misses:
        print("  " + line)
    for k, v in metrics.items():
        print(f"{k:32} {v:.3f}" if isinstance(v, float) and not v.is_integer() else f"{k:32} {v:.0f}")
    for t, c in sorted(counts.by_type.items()):
        print(f"  defects {t:28} tp={c['tp']} fp={c['fp']} fn={c['fn']}")
    bad = failures(metrics)
    print("FAIL: " + "; ".join(bad) if bad else "all goals met")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
