"""Formatting speed: 10,000 entries in each built-in style (target: at most 3 s per style).

    python tests/bench/bench_format.py [--entries 10000] [--oracle]

Builds a .bib file of N entries from the real corpora in ../shared/corpora/real/ (keys made unique; the
synthetic tests/data/render_cases.bib is repeated when ../shared is absent), loads it once, then times
`citekit.render.format_entries` per style (BibTeX -> CSL item -> sort -> suffixes -> text). With --oracle
(and node, npm, pandoc present) it also times the reference renderer on the same file.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

from citekit.render import format_entries
from citekit.store import load_store

STYLES = ("harvard", "apa", "chicago-author-date")
SKIP = {"10_biber__full-dot.bib"}
# pandoc's reader (the oracle's first step) rejects these whole files; left out with --oracle
PANDOC_FAILS = {"05_biber__crossrefs.bib", "06_biber__encoding1.bib", "16_python-bibtexparser__gbk_test.bib",
                "20_jabref__bibWithUserComments.bib", "22_jabref__encoding-windows-1252-with-header.bib",
                "24_jabref__CitaviXmlImporterTest2.bib", "37_bibtex-tidy__example1.bib", "40_peacesciencer__refs.bib",
                "27_zotero-better-bibtex__Some_bibtex_entries_quietly_discarded_on_import_from_bib_file_873.bib",
                "28_zotero-better-bibtex__web_page_and_other_mendeley_idiocy.bib",
                "34_zotero-better-bibtex__Issues_with_round_instead_of_curly_braces_do_not_import_correctly_871.bib"}
_HEAD = re.compile(r"^(@\w+\s*[{(]\s*)([^,\s]+)", re.MULTILINE)


def build_file(n: int, target: Path, skip: set[str] = SKIP) -> int:
    """Write n entries (raw BibTeX, unique keys) to target; return how many were written."""
    sources = sorted((SHARED / "corpora" / "real").glob("*.bib")) if SHARED.is_dir() else []
    sources = [p for p in sources if p.name not in skip] or [ROOT / "tests" / "data" / "render_cases.bib"]
    raws: list[str] = []
    strings: list[str] = []
    for path in sources:
        store = load_store([path])
        strings.extend(f"@string{{{k} = {{{v}}}}}" for k, v in store.strings.items() if "{" not in v)
        raws.extend(e.raw for e in store.entries if e.key and not e.broken and e.type != "xdata"
                    and "\n%" not in e.raw)  # a body commented out line by line confuses pandoc
    out, i = [], 0
    while len(out) < n:
        raw, suffix = raws[i % len(raws)], f"-{i}"
        out.append(_HEAD.sub(lambda m, s=suffix: f"{m.group(1)}{m.group(2)}{s}", raw, count=1))
        i += 1
    target.write_text("\n".join(dict.fromkeys(strings)) + "\n\n" + "\n\n".join(out) + "\n", encoding="utf-8")
    return len(out)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--oracle", action="store_true", help="also time ../shared/tools/csl-oracle/render")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.bib"
        n = build_file(args.entries, path, SKIP | PANDOC_FAILS if args.oracle else SKIP)
        t0 = time.perf_counter()
        store = load_store([path])
        print(f"{n} entries, {path.stat().st_size / 1e6:.1f} MB; load_store {time.perf_counter() - t0:.2f} s")
        for style in STYLES:
            t0 = time.perf_counter()
            result = format_entries(store, store.entries, style)
            took = time.perf_counter() - t0
            line = (f"{style:22s} citekit {took:6.2f} s  ({len(result.entries)} rendered, "
                    f"{len(result.findings)} reported)  {'OK' if took <= 3.0 else 'OVER 3 s'}")
            oracle = SHARED / "tools" / "csl-oracle" / "render"
            if args.oracle and oracle.exists():
                t0 = time.perf_counter()
                proc = subprocess.run(check=False, args=[str(oracle), style, str(path)], capture_output=True,
                                      text=True)
                if proc.returncode:
                    line += f"   oracle failed: {proc.stderr.strip()[-200:]}"
                line += f"   oracle {time.perf_counter() - t0:6.1f} s ({len(proc.stdout.splitlines())} rendered)"
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
