"""Benchmark: citekit.load_store against bibtexparser's bare parse_file on the same files.

Run: python tests/bench/bench_load.py [--entries 100000]
Each measurement runs in its own subprocess so peak memory (ru_maxrss) is its own.
Prints entries/s and peak RSS for both, and the ratio (target: citekit <= 1.3x the bare parse).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpora"
_KEY = re.compile(r"^(@\w+\s*[{(]\s*)([^,\s]+)", re.MULTILINE)

CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
t = time.perf_counter()
if mode == "bare":
    import bibtexparser
    lib = bibtexparser.parse_file(path)
    n = len(lib.entries)
else:
    import citekit
    store = citekit.load_store([path])
    n = len(store.entries)
dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "entries": n, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(mode: str, path: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def make_concat(target: int, dest: Path) -> Path:
    """Concatenate the UTF-8 corpus files, replicated with key suffixes until `target` entries."""
    chunks = []
    for p in sorted(CORPUS.glob("*/*.bib")):
        try:
            chunks.append(p.read_text(encoding="utf-8"))
        except UnicodeDecodeError:
            continue
    base = "\n".join(chunks)
    per_copy = len(_KEY.findall(base))
    with dest.open("w", encoding="utf-8") as fh:
        written, copy = 0, 0
        while written < target:
            fh.write(_KEY.sub(lambda m, n=copy: f"{m.group(1)}{m.group(2)}-r{n}", base) + "\n")
            written += per_copy
            copy += 1
    return dest


def row(label: str, path: Path) -> None:
    bare = measure("bare", path)
    ours = measure("citekit", path)
    ratio = ours["seconds"] / bare["seconds"]
    print(f"{label}: {path.stat().st_size / 1e6:.1f} MB")
    for name, m in (("bibtexparser.parse_file", bare), ("citekit.load_store", ours)):
        print(f"  {name:24} {m['entries']:>8,} entries  {m['seconds']:6.2f} s  "
              f"{m['entries'] / m['seconds']:>9,.0f} entries/s  peak {m['rss_mb']:6.0f} MB")
    print(f"  time ratio citekit/bare: {ratio:.2f}x (target <= 1.30x); "
          f"memory ratio {ours['rss_mb'] / bare['rss_mb']:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--entries", type=int, default=100_000)
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"corpora not found at {CORPUS}")
    largest = max(CORPUS.glob("*/*.bib"), key=lambda p: p.stat().st_size)
    row(f"largest corpus file {largest.name}", largest)
    with tempfile.TemporaryDirectory() as tmp:
        row(f"{args.entries:,}-entry concatenation", make_concat(args.entries, Path(tmp) / "concat.bib"))


if __name__ == "__main__":
    main()
