"""The store: every block of every .bib file with its place, cases and claims; lossless save."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bibtexparser import model as bm
from bibtexparser.entrypoint import parse_string as _parse_bibtex

from citekit.entry import Entry, Field
from citekit.errors import StoreError, UnknownKeyError
from citekit.gcpause import gc_paused
from citekit.model import Case, Claim, Finding, Location, Severity
from citekit.textio import DecodedText, atomic_write, decode_bytes, encode_text, file_digest

DEFAULT_STORE = Path("refs")
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)  # its failures become our findings
_FAILED_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s={}()]*)\s*(,)?", re.ASCII)
_SALVAGE_FIELD = re.compile(r"(\w[\w:.+-]*)\s*=\s*(\{(?:[^{}]|\{[^{}]*\})*\}|\"[^\"]*\"|[\w.:-]+)")
_ENTRY_TYPE = re.compile(r"\s*@\s*(\w+)")
_SPECIAL = {"string", "preamble", "comment"}


@dataclass(slots=True)
class Segment:
    """A block of a file: the text before it (whitespace), its raw text and, for entries, the Entry."""

    gap: str
    raw: str
    block: object
    entry: Entry | None = None
    removed: bool = False


@dataclass
class BibFile:
    """One .bib file as read: its segments in order plus how to write it back."""

    path: Path
    decoded: DecodedText
    segments: list[Segment] = field(default_factory=list)
    tail: str = ""
    strings: dict[str, str] = field(default_factory=dict)
    store: Store | None = None

    def store_strings(self) -> dict[str, str]:
        return self.store.strings if self.store is not None else self.strings

    def macro_cache(self) -> dict[str, str | None]:
        """Expanded @string values shared by the whole store."""
        return self.store.macro_cache if self.store is not None else {}

    @property
    def entries(self) -> Iterator[Entry]:
        for seg in self.segments:
            if seg.entry is not None and not seg.removed:
                yield seg.entry

    @property
    def changed(self) -> bool:
        return any(s.removed or (s.entry is not None and s.entry.dirty) for s in self.segments)

    def render_text(self) -> str:
        """The file's text: untouched blocks spliced back byte-for-byte, changed entries re-serialised."""
        nl = self.decoded.newline
        parts: list[str] = []
        for seg in self.segments:
            if seg.removed:
                continue
            parts.append(seg.gap)
            if seg.entry is not None and seg.entry.dirty:
                parts.append(seg.entry.serialize(nl))
            else:
                parts.append(seg.raw)
        parts.append(self.tail)
        return "".join(parts)

    def render(self) -> bytes:
        """The file's bytes in its own encoding, BOM and line endings."""
        try:
            return encode_text(self.render_text(), self.decoded.encoding, self.decoded.bom)
        except UnicodeEncodeError as exc:
            raise StoreError(f"a changed value cannot be written in {self.decoded.encoding}: {exc.reason}",
                             str(self.path)) from exc

    def append_entry(self, entry: Entry) -> None:
        """Add a new entry at the end of the file (written on save)."""
        entry.file = self
        entry.path = str(self.path)
        entry.dirty = True
        gap = self.decoded.newline * (2 if self.segments else 0)
        self.segments.append(Segment(gap=gap, raw="", block=None, entry=entry))


def _line(block: bm.Block | bm.Field) -> int | None:
    line = getattr(block, "start_line", None)
    return line + 1 if isinstance(line, int) else None


def _field_name(name: str) -> str:
    """A field name without the `% comment` lines biber allows before it."""
    return name.rsplit("\n", 1)[-1].strip() if "\n" in name else name


def _entry_from_block(block: bm.Entry, bib: BibFile, raw: str, line: int | None) -> Entry:
    fields = [Field(_field_name(f.key), f.value if isinstance(f.value, str) else str(f.value), _line(f))
              for f in block.fields]
    key = block.key.strip() or None
    head = _ENTRY_TYPE.match(raw)
    return Entry(key, head.group(1) if head else block.entry_type, fields, str(bib.path), line, raw, bib)


def _salvage(raw: str, bib: BibFile, line: int | None, error: str) -> Entry | None:
    """Turn a failed block that starts like an entry into a broken Entry with what can be read."""
    m = _FAILED_HEAD.match(raw.lstrip())
    if not m or m.group(1).lower() in _SPECIAL:
        return None
    key = m.group(2) if m.group(3) and m.group(2) else None
    fields = [Field(fm.group(1), fm.group(2), line) for fm in _SALVAGE_FIELD.finditer(raw, m.end())]
    return Entry(key, m.group(1), fields, str(bib.path), line, raw, bib, broken=True, error=error)


def _error_text(block: bm.ParsingFailedBlock) -> str:
    err = getattr(block, "error", None)
    text = getattr(err, "abort_reason", None) or (str(err) if err else "") or "could not be parsed"
    return " ".join(text.split())


def _make_segment(block: bm.Block, bib: BibFile, raw: str, findings: list[Finding]) -> Segment:
    line = _line(block)
    seg = Segment(gap="", raw=raw, block=block)
    if isinstance(block, bm.Entry):
        seg.entry = _entry_from_block(block, bib, raw, line)
    elif isinstance(block, (bm.DuplicateBlockKeyBlock, bm.DuplicateFieldKeyBlock)):
        inner = block.ignore_error_block
        if isinstance(inner, bm.Entry):
            seg.entry = _entry_from_block(inner, bib, raw, line)
    elif isinstance(block, bm.ParsingFailedBlock):
        error = _error_text(block)
        seg.entry = _salvage(raw, bib, line, error)
        findings.append(Finding("parse-error", Severity.ERROR, f"block could not be parsed: {error}",
                                Location(str(bib.path), line),
                                seg.entry.key if seg.entry else None))
    elif isinstance(block, bm.String):
        bib.strings[block.key.lower()] = block.value if isinstance(block.value, str) else str(block.value)
    return seg


def read_bib(path: Path, findings: list[Finding]) -> BibFile:
    """Read one .bib file into segments; problems become findings, never exceptions."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"cannot read: {exc.strerror}", str(path)) from exc
    decoded = decode_bytes(data)
    bib = BibFile(path=path, decoded=decoded)
    if decoded.guessed:
        findings.append(Finding("encoding", Severity.WARNING,
                                f"file is not UTF-8; read as {decoded.encoding} and will be written back so",
                                Location(str(path), 1)))
    if "\x00" in decoded.text:
        findings.append(Finding("parse-error", Severity.ERROR, "file contains NUL bytes (binary data?)",
                                Location(str(path), decoded.text[: decoded.text.index("\x00")].count("\n") + 1)))
    library = _parse_bibtex(decoded.text, parse_stack=[])
    pos = 0
    text = decoded.text
    for block in library.blocks:
        raw = block.raw or ""
        at = text.find(raw, pos) if raw else -1
        if at < 0:
            findings.append(Finding("parse-error", Severity.ERROR, "internal: block text not found; file kept as read",
                                    Location(str(path), _line(block))))
            continue
        seg = _make_segment(block, bib, raw, findings)
        seg.gap = text[pos:at]
        bib.segments.append(seg)
        pos = at + len(raw)
    bib.tail = text[pos:]
    return bib


def _expand_paths(paths: Iterable[str | Path] | None) -> tuple[list[Path], list[Path]]:
    """Split PATH arguments into .bib files and folders holding cases/claims TOML."""
    items = [Path(p) for p in (paths or [DEFAULT_STORE])]
    bibs: list[Path] = []
    folders: list[Path] = []
    for p in items:
        if p.is_dir():
            bibs.extend(sorted(p.glob("*.bib")))
            folders.append(p)
        elif p.exists():
            bibs.append(p)
        else:
            raise StoreError("no such file or folder", str(p))
    return bibs, folders


class Store:
    """Every entry of the store in file order, the @string macros, cases and claims."""

    def __init__(self, files: list[BibFile], findings: list[Finding] | None = None,
                 cases: list[Case] | None = None, claims: list[Claim] | None = None,
                 folders: list[Path] | None = None) -> None:
        self.files = files
        self.findings: list[Finding] = findings or []
        self.cases: list[Case] = cases or []
        self.claims: list[Claim] = claims or []
        self.folders: list[Path] = folders or []
        self.strings: dict[str, str] = {}
        self.macro_cache: dict[str, str | None] = {}
        for bib in files:
            bib.store = self
            self.strings.update(bib.strings)
        self._index: dict[str, Entry] | None = None

    @property
    def entries(self) -> list[Entry]:
        """Every entry in file order, broken ones (key None) included."""
        return [e for bib in self.files for e in bib.entries]

    def _keys(self) -> dict[str, Entry]:
        if self._index is None:
            idx: dict[str, Entry] = {}
            for e in self.entries:
                if e.key is not None:
                    idx.setdefault(e.key, e)
                    idx.setdefault(e.key.lower(), e)
            self._index = idx
        return self._index

    def get(self, key: str) -> Entry:
        """The entry with this key (exact, then case-insensitive); UnknownKeyError otherwise."""
        idx = self._keys()
        entry = idx.get(key) or idx.get(key.lower())
        if entry is None:
            raise UnknownKeyError(f"no entry with key {key!r}")
        return entry

    def find(self, key: str) -> Entry | None:
        """Like get, but also follows biblatex `ids` aliases; None when nothing matches."""
        try:
            return self.get(key)
        except UnknownKeyError:
            low = key.lower()
            for e in self.entries:
                ids = e.fields.get("ids", "")
                if low in {i.strip().lower() for i in ids.split(",")}:
                    return e
            return None

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.find(key) is not None

    def __len__(self) -> int:
        return sum(1 for _ in self.entries)

    def set_field(self, key: str, name: str, raw_value: str) -> None:
        """Set field `name` of entry `key` to `raw_value` (BibTeX content, written in braces)."""
        self.get(key).set(name, raw_value)

    def remove_field(self, key: str, name: str) -> bool:
        """Remove field `name` from entry `key`; True when it was there."""
        return self.get(key).remove(name)

    def remove_entry(self, entry: Entry) -> None:
        """Drop an entry from its file (written on save)."""
        for bib in self.files:
            for seg in bib.segments:
                if seg.entry is entry:
                    seg.removed = True
                    self._index = None
                    return
        raise UnknownKeyError(f"entry {entry.key!r} is not in this store")

    def sources_for(self, **query: Any) -> Any:
        """The sources supporting a case, place, claim or key: see `citekit.casebook.sources_for`."""
        from citekit.casebook import sources_for

        return sources_for(self, **query)

    def changed_files(self) -> list[BibFile]:
        return [bib for bib in self.files if bib.changed]

    def save(self, outputs: dict[Path, Path] | None = None) -> list[Path]:
        """Write the changed files atomically (to `outputs[path]` when given); return what was written.

        Refuses to overwrite a file that changed on disk since it was read.
        """
        written: list[Path] = []
        for bib in self.changed_files():
            target = (outputs or {}).get(bib.path, bib.path)
            data = bib.render()
            if target == bib.path and bib.path.exists() and file_digest(bib.path) != bib.decoded.digest:
                raise StoreError("file changed on disk since it was read; not overwritten", str(bib.path))
            _verify_inventory(bib, data)
            atomic_write(target, data)
            written.append(target)
        return written


def _verify_inventory(bib: BibFile, data: bytes) -> None:
    """Re-parse what is about to be written; refuse if an entry went missing."""
    text = decode_bytes(data).text
    again = _parse_bibtex(text, parse_stack=[])
    keys_after = {b.key for b in again.blocks if isinstance(b, bm.Entry)}
    keys_after |= {b.ignore_error_block.key for b in again.blocks
                   if isinstance(b, (bm.DuplicateBlockKeyBlock, bm.DuplicateFieldKeyBlock))
                   and isinstance(b.ignore_error_block, bm.Entry)}
    expected = {e.key for e in bib.entries if e.key and not e.broken}
    lost = expected - keys_after
    if lost:
        raise StoreError(f"refusing to write: entries would be lost on re-read: {sorted(lost)[:5]}",
                         str(bib.path))


def load_store(paths: Iterable[str | Path] | None = None) -> Store:
    """Load `.bib` files and folders (default `refs/`); a folder also gives cases.toml and claims.toml."""
    from citekit import claims as claims_mod

    bibs, folders = _expand_paths(paths)
    findings: list[Finding] = []
    with gc_paused():
        files = [read_bib(p, findings) for p in bibs]
    cases: list[Case] = []
    claims: list[Claim] = []
    for folder in folders:
        c, k = claims_mod.load_folder(folder, findings)
        cases.extend(c)
        claims.extend(k)
    return Store(files, findings, cases, claims, folders)
