"""Benchmark `citekit dedupe` against gold clusters, and bibtex-tidy on the same file when installed.

    python tests/bench/bench_dedupe.py                 # 10k and 100k entries
    python tests/bench/bench_dedupe.py --sizes 10000   # one size

bibtex-tidy is looked up in $BIBTEX_TIDY_DIR, then /tmp/bt/node_modules/bibtex-tidy (npm install
bibtex-tidy there); the comparison is skipped when it or node is absent. Each size runs in a fresh
process so peak memory (ru_maxrss) is that run's own. Wall times depend on what else the machine runs;
CPU times (`*_cpu_s`) and the 1-minute load average are printed next to them. citekit is timed in a
process of its own, started on the generated file, as a user would run it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve()
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE.parent))

NEVER = ("edition", "volume", "part", "erratum", "report-number")
TIDY_PAIR = re.compile(r"Entry (\S+) has .*? to entry (\S+?)\.\s*$", re.MULTILINE)


def pairs_of(clusters: list[list[str]]) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    for c in clusters:
        out.update(tuple(sorted(p)) for p in combinations(c, 2))  # type: ignore[misc]
    return out


def close(pairs: list[tuple[str, str]]) -> list[list[str]]:
    """Transitive closure of pairs (what a hash-based merge does)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x
    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[str, list[str]] = defaultdict(list)
    for x in parent:
        groups[find(x)].append(x)
    return [g for g in groups.values() if len(g) > 1]


def score(pred: set[tuple[str, str]], gold: dict[str, object]) -> dict[str, object]:
    work = gold["clusters"]
    kinds = gold["kinds"]
    assert isinstance(work, dict) and isinstance(kinds, dict)
    by_work: dict[int, list[str]] = defaultdict(list)
    for k, w in work.items():
        by_work[w].append(k)
    truth = pairs_of([v for v in by_work.values() if len(v) > 1])
    tp = len(pred & truth)
    wrong = pred - truth
    bad_kinds: dict[str, int] = defaultdict(int)
    for a, b in wrong:
        for k in (kinds.get(a, ""), kinds.get(b, "")):
            if k in NEVER or k in ("conference", "same-authors-year"):
                bad_kinds[k] += 1
    return {"precision": round(tp / len(pred), 4) if pred else 1.0,
            "recall": round(tp / len(truth), 4) if truth else 1.0,
            "pairs_true": len(truth), "pairs_found": len(pred), "false_pairs": len(wrong),
            "wrong_merges_by_lookalike": dict(bad_kinds),
            "never_merge_violations": sum(bad_kinds[k] for k in NEVER)}


def run_citekit(path: Path, gold: dict[str, object]) -> dict[str, object]:
    from citekit import load_store
    from citekit.dedupe import find_duplicates

    t0 = time.perf_counter()
    store = load_store([path])
    t1, c1 = time.perf_counter(), time.process_time()
    result = find_duplicates(store)
    t2, c2 = time.perf_counter(), time.process_time()
    all_pairs = pairs_of([list(c.keys) for c in result.clusters])
    auto_pairs = pairs_of([list(c.keys) for c in result.clusters if c.confidence == "auto"])
    return {"entries": len(store), "load_s": round(t1 - t0, 2), "dedupe_s": round(t2 - t1, 2),
            "dedupe_cpu_s": round(c2 - c1, 2), "load_avg_1min": round(os.getloadavg()[0], 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "candidates": result.stats["candidates"], "clusters": len(result.clusters),
            "related": len(result.related), "all": score(all_pairs, gold), "auto_only": score(auto_pairs, gold)}


def tidy_dir() -> Path | None:
    for d in (os.environ.get("BIBTEX_TIDY_DIR"), "/tmp/bt/node_modules/bibtex-tidy"):
        if d and (Path(d) / "package.json").exists():
            return Path(d)
    return None


def run_tidy(path: Path, gold: dict[str, object]) -> dict[str, object] | None:
    """`bibtex-tidy --duplicates` (its default rules: doi, citation, abstract) on the same file."""
    d, node = tidy_dir(), shutil.which("node")
    if d is None or node is None:
        return None
    cli = [node, str(d / "bin" / "bibtex-tidy"), str(path), "--duplicates=doi,citation,abstract", "--no-modify"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cli, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if proc.returncode != 0:
        return {"error": proc.stderr[-500:]}
    pairs = [(m.group(1), m.group(2)) for m in TIDY_PAIR.finditer(proc.stdout + "\n" + proc.stderr)]
    return {"cli_s": round(wall, 2), "cli_cpu_s": round(cpu, 2),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
            "scores": score(pairs_of(close(pairs)), gold)}


def one(n: int, tidy: bool) -> dict[str, object]:
    """Generate the set, then time citekit in a fresh process (as a user runs it: no caches warmed by
    the generator, peak memory its own) and bibtex-tidy on the same file."""
    import dupgen

    tmp = Path(tempfile.mkdtemp(prefix="ckbench"))
    path = tmp / f"dup{n}.bib"
    recs = dupgen.generate(n)
    path.write_text(dupgen.to_bibtex(recs), encoding="utf-8")
    gold = dupgen.gold(recs)
    gold_path = tmp / f"dup{n}.gold.json"
    gold_path.write_text(json.dumps(gold), encoding="utf-8")
    del recs
    proc = subprocess.run([sys.executable, str(HERE), "--measure", str(path), str(gold_path)],
                          capture_output=True, text=True, check=True)
    out: dict[str, object] = {"size": n, "file": str(path), "citekit": json.loads(proc.stdout)}
    if tidy:
        out["bibtex_tidy"] = run_tidy(path, gold) or "skipped (bibtex-tidy or node not found)"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--no-tidy", action="store_true")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--measure", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        bib, gold_file = args.measure
        print(json.dumps(run_citekit(bib, json.loads(gold_file.read_text(encoding="utf-8")))))
        return
    if args.one:
        print(json.dumps(one(args.one, not args.no_tidy)))
        return
    for n in (int(s) for s in args.sizes.split(",")):
        cmd = [sys.executable, str(HERE), "--one", str(n)] + (["--no-tidy"] if args.no_tidy else [])
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(proc.stderr, file=sys.stderr)
            continue
        print(json.dumps(json.loads(proc.stdout), indent=2))


if __name__ == "__main__":
    main()
