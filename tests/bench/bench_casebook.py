"""Benchmark: casebook queries and claim rules on a generated store.

Run: python tests/bench/bench_casebook.py [ENTRIES] [CASES] [CLAIMS]   (defaults 2000 300 6000)
Prints seconds for loading, `citekit check` claim rules, the case table and per-case source queries.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from citekit import load_store
from citekit.checks import run_checks
from citekit.claims import case_table, sources_for

T = TypeVar("T")
CLAIM_RULES = ["unknown-key", "locator-out-of-range", "claim-year-mismatch", "unsupported-claim",
               "unsupported-case", "unused-source", "unknown-case", "duplicate-id"]


def generate(folder: Path, entries: int, cases: int, claims: int, seed: int = 5) -> None:
    rnd = random.Random(seed)
    bib = [f"@incollection{{k{i},\n  author = {{Author{i}, Given}},\n  title = {{Work {i}}},\n"
           f"  booktitle = {{Book}},\n  year = {{{1990 + i % 30}}},\n  pages = {{{i % 50 + 1}--{i % 50 + 30}}},\n}}\n"
           for i in range(entries)]
    (folder / "library.bib").write_text("\n".join(bib), encoding="utf-8")
    toml = [f'[[case]]\nid = "c{i}"\nname = "Ciudad {i} Río"\nkind = "city"\ncountry = "Country {i % 20}"\n'
            f'aliases = ["Ciudad {i} Rio", "City {i}"]\npartners = ["c{(i + 1) % cases}"]\n' for i in range(cases)]
    (folder / "cases.toml").write_text("\n".join(toml), encoding="utf-8")
    rows = []
    for i in range(claims):
        cs = ", ".join(f'"c{rnd.randrange(cases)}"' for _ in range(rnd.randint(1, 3)))
        ev = ", ".join(f'{{ key = "k{rnd.randrange(entries + 50)}", locator = "{rnd.randint(1, 90)}" }}'
                       for _ in range(rnd.randint(0, 2)))
        rows.append(f'[[claim]]\nid = "cl{i}"\ntext = "Author{i % entries} (2001) says claim {i}."\n'
                    f"cases = [{cs}]\nevidence = [{ev}]\n")
    (folder / "claims.toml").write_text("\n".join(rows), encoding="utf-8")


def timed(label: str, fn: Callable[[], T]) -> T:
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:<40} {time.perf_counter() - t0:8.3f} s")
    return out


def main() -> None:
    given = sys.argv[1:4]
    entries, cases, claims = (int(a) for a in given + ["2000", "300", "6000"][len(given):])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate(folder, entries, cases, claims)
        print(f"store: {entries} entries, {cases} cases, {claims} claims")
        store = timed("load_store", lambda: load_store([folder]))
        found = timed("check (claim rules)", lambda: run_checks(store, select=CLAIM_RULES))
        print(f"{'':<40} {len(found)} findings")
        timed("case_table", lambda: case_table(store))
        timed(f"sources_for(case=...) x {min(cases, 100)}",
              lambda: [sources_for(store, case=f"c{i}") for i in range(min(cases, 100))])
        timed("sources_for(place=...) x 100",
              lambda: [sources_for(store, place=f"ciudad {i} rio") for i in range(min(cases, 100))])


if __name__ == "__main__":
    main()
