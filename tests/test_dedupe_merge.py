"""Merging duplicate clusters: canonical choice, unions, alternates, ids, and nothing ever lost."""

from __future__ import annotations

import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citekit import bibsyntax, load_store
from citekit.dedupe import Cluster, find_duplicates
from citekit.dedupe.merge import (
    ALT_PREFIX,
    LIST_FIELDS,
    apply_merge,
    diff,
    merge_duplicates,
    plan_merge,
    same_value,
)
from citekit.model import Location
from citekit.store import Store
from tests.conftest import DATA, write

PAIRS = DATA / "dedupe" / "pairs.bib"


def _copy(tmp_path: Path) -> Path:
    return Path(shutil.copy(PAIRS, tmp_path / "pairs.bib"))


def test_merge_keeps_old_keys_as_ids_and_fills_fields(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    store = load_store([path])
    outcome = merge_duplicates(store)
    store.save()
    again = load_store([path])
    for cluster in outcome.result.clusters:
        if cluster.confidence != "auto":
            continue
        for key in cluster.keys:
            found = again.find(key)
            assert found is not None and found.key == cluster.canonical
    merged = again.get("same_doiurl_a")
    assert merged.fields["ids"] == "same_doiurl_b"
    assert merged.fields["url"] == "https://doi.org/10.1111/1468-2346.12700"   # filled from the other copy


def test_conflicting_values_are_kept_as_alternates(tmp_path: Path) -> None:
    store = load_store([_copy(tmp_path)])
    outcome = merge_duplicates(store)
    typo = next(m for m in outcome.plan.merges if m.canonical.key == "same_typo_a")
    assert typo.writes["citekit-alt-title"] == "Coastal Provinces and China's Foriegn Policy Making"
    assert typo.writes["citekit-alt-booktitle"] == "China's Foreign Policy Making"  # the shorter form is kept too
    assert "pages" not in typo.writes and "citekit-alt-pages" not in typo.writes  # 187--208 == 187-208
    log = outcome.plan.log()
    assert "same_typo_b -> same_typo_a" in log and "citekit-alt-title" in log


def test_review_clusters_merge_only_when_asked(tmp_path: Path) -> None:
    store = load_store([_copy(tmp_path)])
    result = find_duplicates(store)
    review = [c for c in result.clusters if c.confidence == "review"]
    assert review
    assert plan_merge(store, review).merges == []
    assert len(plan_merge(store, review, include_review=True).merges) == len(review)


def test_entries_outside_clusters_stay_byte_identical(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    store = load_store([path])
    merge_duplicates(store)
    store.save()
    after = path.read_text(encoding="utf-8")
    for key in ("diff_edition_1", "diff_edition_2", "diff_conf", "diff_journal", "diff_people_b"):
        block = before[before.index("@", before.index("{" + key + ",") - 20):]
        block = block[: block.index("\n}\n") + 3]
        assert block in after


def test_list_fields_are_unioned(tmp_path: Path) -> None:
    path = write(tmp_path / "kw.bib",
                 "@article{a, title = {Sister Cities and Trade in the Pacific Rim}, author = {Doe, Jane},\n"
                 "  year = {2010}, keywords = {trade, cities}, ids = {old1}}\n\n"
                 "@article{b, title = {Sister Cities and Trade in the Pacific Rim}, author = {Doe, J.},\n"
                 "  year = {2010}, keywords = {Cities, twinning}, ids = {old2, old1}}\n")
    store = load_store([path])
    merge_duplicates(store)
    store.save()
    merged = load_store([path]).entries
    assert len(merged) == 1
    assert merged[0].fields["keywords"] == "trade, cities, twinning"
    assert merged[0].fields["ids"] == "old1, b, old2"


def test_diff_shows_the_change_without_writing(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_bytes()
    store = load_store([path])
    merge_duplicates(store)
    text = diff(store)
    assert text.startswith(f"--- {path} (as read)") and "-@article{same_doiurl_b," in text
    assert "+  ids = {same_doiurl_b}," in text or "+  ids = {same_doiurl_b}" in text
    assert path.read_bytes() == before


def test_same_value_rules() -> None:
    assert same_value("doi", "https://doi.org/10.1111/ABC.1", "10.1111/abc.1")
    assert same_value("pages", "12--34", "12-34")
    assert same_value("author", "Chen, Zhimin and Jian, Junbo", "Zhimin Chen and Junbo Jian")
    assert not same_value("author", "Chen, Zhimin", "Chen, Z.")
    assert same_value("title", "{China}'s Policy", "China's policy")


# ---- property: whatever the entries, merging loses no field value and no key ----

_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzé", min_size=1, max_size=6)
_value = st.lists(_word, min_size=1, max_size=4).map(" ".join) | st.lists(_word, min_size=1, max_size=3).map(", ".join)
_names = ["title", "author", "year", "pages", "note", "keywords", "ids", "journal", "doi", "volume", "x-extra"]
_fields = st.dictionaries(st.sampled_from(_names), _value, min_size=1, max_size=6)
_keys = st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=4), min_size=2, max_size=4)


def _bib(members: list[tuple[str, dict[str, str]]]) -> str:
    out = []
    for key, fields in members:
        body = ",\n".join(f"  {n} = {{{v}}}" for n, v in fields.items())
        out.append(f"@article{{{key},\n{body}\n}}\n")
    return "\n".join(out)


def _kept(store: Store, canon_key: str, name: str, value: str) -> bool:
    entry = store.get(canon_key)
    values = [bibsyntax.content(f.source) for f in entry.field_list
              if f.lname == name or f.lname.startswith(ALT_PREFIX + name)]
    if name in LIST_FIELDS:
        items = [i.strip() for v in values for i in v.split(LIST_FIELDS[name])]
        if name == "ids":
            items.append(canon_key)  # an alias equal to the key itself is the key
        return all(any(same_value(name, i, w.strip()) for i in items)
                   for w in value.split(LIST_FIELDS[name]) if w.strip())
    return any(same_value(name, v, value) for v in values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keys=_keys, data=st.data())
def test_merge_never_loses_a_value_or_a_key(tmp_path: Path, keys: list[str], data: st.DataObject) -> None:
    members = [(k, data.draw(_fields)) for k in keys]
    bystander = "@misc{zz_outside,\n  title   =  {Left   alone},\n  note = \"as {typed}\"\n}\n"
    path = tmp_path / "prop.bib"
    path.write_text(_bib(members) + "\n" + bystander, encoding="utf-8")
    store = load_store([path])
    entries = [e for e in store.entries if e.key != "zz_outside"]
    canon = entries[data.draw(st.integers(0, len(entries) - 1))]
    cluster = Cluster(tuple(e.key or "" for e in entries), canon.key or "", "auto", (),
                      tuple(Location(e.path, e.line) for e in entries))
    apply_merge(store, plan_merge(store, [cluster]))
    store.save()
    text = path.read_text(encoding="utf-8")
    assert bystander in text
    again = load_store([path])
    assert len(again.entries) == 2
    for key, fields in members:
        found = again.find(key)
        assert found is not None and found.key == canon.key
        for name, value in fields.items():
            assert _kept(again, canon.key or "", name, value), (key, name, value)


MACRO_PAIR = """@string{jacm = {Journal of the ACM}}

@article{mac_a,
  author = {Ada Lovelace and Charles Babbage},
  title = {Notes on the Analytical Engine and Its Programs},
  year = {1843},
  volume = {3},
  number = {2},
  pages = {666--731},
  publisher = {Richard and John E. Taylor},
  doi = {10.1000/engine.1843},
}

@article{mac_b,
  author = {Lovelace, Ada and Babbage, Charles},
  title = {Notes on the analytical engine and its programs},
  journal = jacm # { (series } # "A)",
  month = sep,
  year = 1843,
  doi = {10.1000/engine.1843},
}
"""


def test_a_filled_value_keeps_its_macros_when_they_mean_the_same_in_the_canonical_file(tmp_path: Path) -> None:
    path = write(tmp_path / "m.bib", MACRO_PAIR)
    store = load_store([path])
    outcome = merge_duplicates(store)
    assert [m.canonical.key for m in outcome.plan.merges] == ["mac_a"]
    store.save()
    text = path.read_text(encoding="utf-8")
    assert 'journal = jacm # { (series } # "A)"' in text and "month = sep" in text
    merged = load_store([path]).get("mac_a")
    assert merged.text("journal") == "Journal of the ACM (series A)" and merged.fields["month"] == "sep"


def test_a_macro_defined_differently_in_the_canonical_file_is_written_expanded(tmp_path: Path) -> None:
    canon = write(tmp_path / "a.bib", "@string{jacm = {J. ACM}}\n\n" + MACRO_PAIR.split("\n\n")[1] + "\n")
    other = write(tmp_path / "b.bib", MACRO_PAIR.split("\n\n")[0] + "\n\n" + MACRO_PAIR.split("\n\n")[2])
    store = load_store([canon, other])
    merge_duplicates(store)
    store.save()
    assert "journal = {Journal of the ACM (series A)}" in canon.read_text(encoding="utf-8")
    assert "mac_b" not in other.read_text(encoding="utf-8")


def test_citation_keys_in_ids_are_compared_exactly() -> None:
    # found by the property test: folding made `é` equal `e`, so the key `e` was never written to ids
    assert not same_value("ids", "é", "e")
    assert not same_value("ids", "Smith2001", "smith2001")
    assert same_value("ids", "smith2001", "smith2001")
