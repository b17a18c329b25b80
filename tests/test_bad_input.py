"""Malformed input: a finding with a line, the rest still read, nothing lost, nothing hangs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import citekit
from citekit.checks import run_checks

AFTER = "\n@book{after, title={Still read}, year={2000}}\n"


def _load(tmp_path: Path, data: bytes) -> citekit.Store:
    p = tmp_path / "bad.bib"
    p.write_bytes(data)
    store = citekit.load_store([p])
    assert store.files[0].render() == data  # whatever it was, it is written back as it was
    return store


def _garbage() -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(256) for _ in range(20000))


BAD = {
    "unbalanced": b"@article{a, title={Open {brace}, year=2000}\n",
    "binary": _garbage(),
    "invalid-utf8": "@book{c, title={Caf\xe9 \xff}}\n".encode("latin-1"),
    "huge-field": b"@book{big, title={" + b"x" * 10_000_000 + b"}}\n",
    "nested-braces": b"@book{n, title={" + b"{" * 10000 + b"x" + b"}" * 10000 + b"}}\n",
    "empty": b"",
    "truncated": b"@article{t1, author={A, B}, title={T}, year={2000}}\n@article{t2, author={C, D}, title={Anoth",
    "nul-bytes": b"@book{z, title={a\x00b}}\n",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_keeps_going(tmp_path: Path, name: str) -> None:
    data = BAD[name]
    store = _load(tmp_path, data + AFTER.encode())
    assert store.get("after").text("title") == "Still read"
    found = run_checks(store)
    for f in found:
        assert f.location is not None and f.location.line is not None, f


@pytest.mark.parametrize("name", ["unbalanced", "truncated", "binary", "nul-bytes"])
def test_broken_input_is_reported_with_a_line(tmp_path: Path, name: str) -> None:
    store = _load(tmp_path, BAD[name] + AFTER.encode())
    errors = [f for f in run_checks(store) if f.severity.value == "error"]
    assert errors and all(f.location and f.location.line for f in errors)


def test_truncated_entry_is_kept_as_a_broken_entry(tmp_path: Path) -> None:
    store = _load(tmp_path, BAD["truncated"])
    assert [(e.key, e.broken) for e in store.entries] == [("t1", False), ("t2", True)]


def test_every_shared_corpus_file_loads_and_round_trips(shared: Path) -> None:
    files = sorted(shared.glob("corpora/*/*.bib"))
    assert files
    identical = 0
    for p in files:
        store = citekit.load_store([p])
        run_checks(store)
        identical += store.files[0].render() == p.read_bytes()
    assert identical == len(files)


def test_huge_field_is_reported_not_fatal(tmp_path: Path) -> None:
    store = _load(tmp_path, BAD["huge-field"] + AFTER.encode())
    rules = {(f.rule, f.key) for f in run_checks(store)}
    assert ("field-too-large", "big") in rules
