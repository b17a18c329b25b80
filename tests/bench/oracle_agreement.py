"""How often citekit's reference lists are identical to citeproc-js's, on real BibTeX files.

    python tests/bench/oracle_agreement.py [--styles harvard,apa,chicago-author-date] [--diffs DIR]

Renders every file of ../shared/corpora/real/ (and dedup/) with citekit and with the reference renderer
(`../shared/tools/csl-oracle/render`, citeproc-js fed by pandoc), compares entry by entry (same key,
whitespace-normalised, NFC; pandoc's dotless-i accent `ı́` read as `í`), and prints the agreement per style.
Also counts entries citekit dropped (reported as findings) or crashed on. Oracle outputs are cached in
~/.cache/citekit-oracle-agreement (keyed by file hash and style). Needs node, npm and pandoc.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
ORACLE = SHARED / "tools" / "csl-oracle" / "render"
CACHE = Path.home() / ".cache" / "citekit-oracle-agreement"
sys.path.insert(0, str(ROOT))

from citekit.render import format_entries
from citekit.store import load_store


def norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("ı\u0301", "í"))
    return " ".join(text.split())


def oracle(style: str, path: Path) -> dict[str, str] | None:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    cached = CACHE / f"{digest}.{style}.txt"
    failed = cached.with_suffix(".failed")
    if failed.exists():
        return None
    if not cached.exists():
        proc = subprocess.Popen([str(ORACLE), style, str(path)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                text=True, start_new_session=True)
        try:
            stdout, _ = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:  # pandoc can loop on odd input: end its whole process group
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            print(f"oracle timed out on {path.name}; file skipped", file=sys.stderr)
            CACHE.mkdir(parents=True, exist_ok=True)
            failed.write_text("timeout\n", encoding="utf-8")
            return None
        if proc.returncode != 0:
            return None
        CACHE.mkdir(parents=True, exist_ok=True)
        cached.write_text(stdout, encoding="utf-8")
    out: dict[str, str] = {}
    for line in cached.read_text(encoding="utf-8").splitlines():
        key, _, text = line.partition("\t")
        if text:
            out.setdefault(key, text)
    return out


TIMEOUT = 180
# Left out: files over 1,500 entries (the oracle needs minutes each) and one on which pandoc's
# reader runs away with all memory.
SKIP = {"10_biber__full-dot.bib"}
MAX_ENTRIES = 1500


def corpus_files() -> list[Path]:
    files = sorted((SHARED / "corpora" / "real").glob("*.bib"))
    out = []
    for f in files:
        text = f.read_bytes()
        if f.name in SKIP or not text.strip() or text.count(b"\n@") + text.count(b"\n  @") > MAX_ENTRIES:
            continue
        out.append(f)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--styles", default="harvard,apa,chicago-author-date")
    ap.add_argument("--diffs", type=Path, default=None, help="write the differing entries here, one file per style")
    args = ap.parse_args()
    if not ORACLE.exists():
        print("../shared/tools/csl-oracle is not here; nothing to compare", file=sys.stderr)
        return 2
    for style in args.styles.split(","):
        same = compared = dropped = crashed = 0
        diffs: list[str] = []
        t_mine = 0.0
        for path in corpus_files():
            ref = oracle(style, path)
            store = load_store([path])
            t0 = time.perf_counter()
            try:
                result = format_entries(store, store.entries, style)
            except Exception as exc:  # noqa: BLE001 - a crash is what this counts
                crashed += len(store.entries)
                print(f"CRASH {path.name}: {exc}", file=sys.stderr)
                continue
            t_mine += time.perf_counter() - t0
            dropped += sum(1 for f in result.findings if f.rule == "render-error")
            if ref is None:
                continue
            mine = {r.key: r.text for r in result.entries}
            for key, want in ref.items():
                got = mine.get(key)
                if got is None:
                    continue
                compared += 1
                if norm(got) == norm(want):
                    same += 1
                else:
                    diffs.append(f"{path.name}\t{key}\n  mine: {norm(got)}\n  js:   {norm(want)}\n")
        pct = 100.0 * same / compared if compared else 0.0
        print(f"{style:22s} identical {same}/{compared} = {pct:.1f}%   citekit dropped {dropped}, "
              f"crashed {crashed}, render time {t_mine:.2f} s")
        if args.diffs:
            args.diffs.mkdir(parents=True, exist_ok=True)
            (args.diffs / f"{style}.txt").write_text("".join(diffs), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
