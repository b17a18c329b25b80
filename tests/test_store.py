"""The store: lossless load and save, encodings, editing, broken entries."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import citekit
from citekit.errors import StoreError, UnknownKeyError
from tests.conftest import REFS, write

SAMPLE = """% a comment line
@string{ashgate = "Ashgate"}

@Book{tavares2016,
    author = {Tavares, Rodrigo},
    title  = "Paradiplomacy",
    year   = 2016,
}

junk between entries
@incollection{chen2005, author={Chen, Zhimin}, title={Coastal Provinces}, publisher = ashgate, pages={187--208}, year={2005}}
@misc{, title = {No key}}
"""


def test_unchanged_store_saves_nothing_and_renders_same_bytes(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    store = citekit.load_store([p])
    assert store.files[0].render() == p.read_bytes()
    assert store.save() == []


def test_entries_keep_file_line_type_and_raw_fields(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    store = citekit.load_store([p])
    keys = [e.key for e in store.entries]
    assert keys == ["tavares2016", "chen2005", None]
    t = store.get("tavares2016")
    assert (t.line, t.entry_type, t.type) == (4, "Book", "book")
    assert t.fields == {"author": "Tavares, Rodrigo", "title": "Paradiplomacy", "year": "2016"}
    assert t.field_line("year") == 7
    assert store.get("chen2005").text("publisher") == "Ashgate"  # @string expanded in the decoded view
    assert store.get("chen2005").fields["publisher"] == "ashgate"  # raw value stays as written


def test_set_field_rewrites_only_that_entry(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    store = citekit.load_store([p])
    store.set_field("chen2005", "urldate", "2026-11-28")
    assert store.save() == [p]
    text = p.read_text()
    before, _ = SAMPLE.split("@incollection")
    assert text.startswith(before)  # every byte before the changed entry is identical
    assert "urldate = {2026-11-28}" in text
    assert text.endswith("@misc{, title = {No key}}\n")
    again = citekit.load_store([p])
    assert again.get("chen2005").fields["urldate"] == "2026-11-28"
    assert again.get("chen2005").fields["pages"] == "187--208"


def test_remove_field_and_unknown_key(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    store = citekit.load_store([p])
    assert store.remove_field("tavares2016", "year") is True
    assert store.remove_field("tavares2016", "year") is False
    with pytest.raises(UnknownKeyError):
        store.set_field("nope", "title", "x")
    store.save()
    assert "year" not in citekit.load_store([p]).get("tavares2016").fields


def test_edited_entry_keeps_its_indent_and_field_order(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    store = citekit.load_store([p])
    store.set_field("tavares2016", "publisher", "Oxford University Press")
    store.save()
    block = p.read_text().split("@Book")[1].split("}\n\njunk")[0]
    assert block.splitlines()[1:5] == [
        "    author = {Tavares, Rodrigo},",
        '    title = "Paradiplomacy",',
        "    year = 2016,",
        "    publisher = {Oxford University Press}",
    ]


def test_get_is_case_insensitive_and_find_follows_ids(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", "@book{New2020, title={T}, ids={old2019, older}}\n")
    store = citekit.load_store([p])
    assert store.get("new2020").key == "New2020"
    assert store.find("older") is store.get("New2020")
    assert store.find("missing") is None
    assert "old2019" in store


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "gbk"])
def test_non_utf8_files_read_with_warning_and_written_back_in_their_encoding(tmp_path: Path, encoding: str) -> None:
    title = "Relações Café" if encoding != "gbk" else "中国城市外交"
    p = write(tmp_path / "x.bib", f"@book{{k, title={{{title}}}, year={{2001}}}}\n@book{{j, title={{J}}}}\n", encoding)
    store = citekit.load_store([p])
    assert [f.rule for f in store.findings] == ["encoding"]
    assert store.get("k").text("title") == title
    store.set_field("j", "year", "2002")
    store.save()
    data = p.read_bytes()
    assert data.decode(encoding).startswith(f"@book{{k, title={{{title}}}")
    assert "year={2002}" in data.decode(encoding)


def test_bom_and_crlf_are_kept(tmp_path: Path) -> None:
    text = "@book{a,\r\n  title = {A},\r\n}\r\n\r\n@book{b,\r\n  title = {B},\r\n}\r\n"
    p = tmp_path / "bom.bib"
    p.write_bytes(b"\xef\xbb\xbf" + text.encode())
    store = citekit.load_store([p])
    assert store.files[0].render() == p.read_bytes()
    store.set_field("b", "year", "2000")
    store.save()
    data = p.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf@book{a,\r\n  title = {A},\r\n}\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_save_refuses_when_file_changed_on_disk(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    store = citekit.load_store([p])
    store.set_field("chen2005", "note", "x")
    p.write_text(SAMPLE + "\n@book{late, title={L}}\n")
    with pytest.raises(StoreError, match="changed on disk"):
        store.save()
    assert "late" in p.read_text()


def test_save_to_other_target_leaves_source_untouched(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    out = tmp_path / "out.bib"
    store = citekit.load_store([p])
    store.set_field("chen2005", "note", "x")
    store.save({p: out})
    assert p.read_text() == SAMPLE
    assert "note = {x}" in out.read_text()


def test_write_is_atomic_and_keeps_mode(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    os.chmod(p, 0o640)
    store = citekit.load_store([p])
    store.set_field("chen2005", "note", "x")
    store.save()
    assert (p.stat().st_mode & 0o777) == 0o640
    assert [q.name for q in tmp_path.iterdir()] == ["a.bib"]  # no temporary file left behind


def test_remove_and_append_entries(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", SAMPLE)
    store = citekit.load_store([p])
    store.remove_entry(store.get("tavares2016"))
    assert [e.key for e in store.entries] == ["chen2005", None]
    store.save()
    assert "tavares2016" not in p.read_text() and "@string{ashgate" in p.read_text()


def test_broken_entry_is_still_an_entry_with_a_finding(tmp_path: Path) -> None:
    p = write(tmp_path / "a.bib", "@article{bad title={x}}\n@book{good, title={G}}\n")
    store = citekit.load_store([p])
    assert [(e.key, e.broken) for e in store.entries][-1] == ("good", False)
    assert store.entries[0].broken and store.entries[0].line == 1
    assert [(f.rule, f.location.line) for f in store.findings if f.location] == [("parse-error", 1)]
    assert store.files[0].render() == p.read_bytes()


def test_folder_store_loads_every_bib(tmp_path: Path) -> None:
    write(tmp_path / "a.bib", "@book{a, title={A}}\n")
    write(tmp_path / "b.bib", "@book{b, title={B}}\n")
    assert [e.key for e in citekit.load_store([tmp_path]).entries] == ["a", "b"]


def test_missing_store_is_an_environment_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        citekit.load_store([tmp_path / "absent.bib"])


def test_bundled_refs_hold_the_seed_posts_literature() -> None:
    store = citekit.load_store([REFS])
    keys = {e.key for e in store.entries}
    assert {"desa2013", "economist2014", "chen2005", "tavares2016", "acuto2016", "chinacelac2016",
            "reyesmatta2017", "ippolito2012", "flores2011", "mfa2008policy", "mfa2016policy"} <= keys
    assert store.get("reyesmatta2017").names().names[0].family == "Reyes Matta"
    assert store.get("desa2013").fields["shortauthor"] == "DESA"
    assert store.get("chen2005").fields["pages"] == "187--208"
    titles = [e.text("title") for e in store.entries if "CELAC" in (e.text("title") or "")]
    assert len(titles) == 1  # the post lists the CELAC document twice; the store holds it once
