"""Speed of `citekit audit` on a long manuscript against a large store (synthetic, reproducible).

Run: python tests/bench/bench_audit.py [ENTRIES] [CITATIONS]     (defaults: 2000 entries, 600 citations)
Prints the time to load the store and to audit the manuscript, and how many citations were found and linked.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from citekit.audit import audit_text
from citekit.store import load_store

SYLLABLES = [
    "ta",
    "va",
    "res",
    "cu",
    "to",
    "mor",
    "is",
    "se",
    "chan",
    "lef",
    "fel",
    "ip",
    "po",
    "li",
    "ca",
    "brol",
    "flo",
    "re",
    "zer",
    "aou",
    "kea",
    "ting",
    "le",
    "cours",
    "cor",
    "na",
    "go",
    "sas",
    "sen",
]


def surname(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def make_store(folder: Path, n: int, rng: random.Random) -> list[tuple[str, int, int]]:
    """Write `n` entries; return (surname, year, authors) of each."""
    works, lines = [], []
    for i in range(n):
        names = [surname(rng) for _ in range(rng.choice([1, 1, 1, 2, 3, 4]))]
        year = rng.randint(1985, 2024)
        authors = " and ".join(f"{s}, {surname(rng)}" for s in names)
        lines.append(
            f"@book{{w{i},\n  author = {{{authors}}},\n  title = {{Work number {i} on cities}},\n"
            f"  year = {{{year}}},\n  pages = {{1--{rng.randint(20, 400)}}},\n}}\n"
        )
        works.append((names[0], year, len(names)))
    (folder / "library.bib").write_text("\n".join(lines), encoding="utf-8")
    return works


def make_text(works: list[tuple[str, int, int]], m: int, rng: random.Random) -> str:
    parts = []
    for i in range(m):
        name, year, count = rng.choice(works)
        who = f"{name} et al." if count > 2 else name
        form = rng.choice(
            [f"({who}, {year}, p. {rng.randint(1, 30)})", f"{who} ({year})", f"({who} {year}: 4)"]
        )
        parts.append(f"Cities and regions act abroad in sentence {i}, as shown {form}.")
        if i % 8 == 7:
            parts.append("\n\n")
    return " ".join(parts)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    m = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        works = make_store(Path(tmp), n, rng)
        text = make_text(works, m, rng)
        t0 = time.perf_counter()
        store = load_store([tmp])
        t1 = time.perf_counter()
        result = audit_text(text, store, doc="bench.txt")
        t2 = time.perf_counter()
    linked = sum(1 for c in result.citations if c.key)
    print(f"entries {n}  citations written {m}  found {len(result.citations)}  linked {linked}")
    print(
        f"load store {t1 - t0:.3f} s  audit {t2 - t1:.3f} s  ({(t2 - t1) / max(1, m) * 1000:.2f} ms/citation)"
    )


if __name__ == "__main__":
    main()
