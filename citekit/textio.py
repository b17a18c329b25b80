"""Reading and writing files as their owners wrote them: encoding, BOM, line endings, atomic replace."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

_JABREF_HEADER = re.compile(rb"^%\s*Encoding:\s*([\w.-]+)", re.MULTILINE | re.IGNORECASE)
_EMACS_HEADER = re.compile(rb"-\*-.*?coding:\s*([\w.-]+?)(?:-unix|-dos|-mac)?\s*(?:;|-\*-)", re.IGNORECASE)
_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]


@dataclass(frozen=True, slots=True)
class DecodedText:
    """A file's text with what is needed to write it back as it was."""

    text: str
    encoding: str
    bom: bytes
    newline: str
    digest: str
    guessed: bool  # True when the encoding was not UTF-8 and had to be detected


def _declared_encoding(data: bytes) -> str | None:
    """An encoding named in a JabRef `% Encoding:` or an Emacs `-*- coding: -*-` header."""
    for pattern in (_JABREF_HEADER, _EMACS_HEADER):
        header = pattern.search(data[:4096])
        if not header:
            continue
        name = header.group(1).decode("ascii", "replace")
        for candidate in (name, name.replace("-", ""), name.replace("-", "_")):
            try:
                codecs.lookup(candidate)
                data.decode(candidate)
                return candidate
            except (LookupError, UnicodeDecodeError):
                continue
    return None


def _looks_gb2312(data: bytes) -> bool:
    """True when every non-ASCII byte pairs up in the GB2312 range (0xA1-0xFE) and reads as Chinese."""
    pairs = 0
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b < 0x80:
            i += 1
            continue
        if not (0xA1 <= b <= 0xF7 and i + 1 < n and 0xA1 <= data[i + 1] <= 0xFE):
            return False
        pairs += 1
        i += 2
    if pairs < 2:
        return False
    text = data.decode("gb18030", errors="replace")
    wide = [ch for ch in text if ord(ch) > 0x7F]
    return sum(1 for ch in wide if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef") >= 0.9 * len(wide)


def _guess_encoding(data: bytes) -> str:
    """Declared header, else GB18030 when it reads as Chinese, else cp1252, else latin-1."""
    declared = _declared_encoding(data)
    if declared:
        return declared
    if _looks_gb2312(data):
        return "gb18030"
    try:
        data.decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def detect_newline(text: str) -> str:
    """The dominant line ending of `text` ('\\n' when there is none)."""
    crlf = text.count("\r\n")
    lf = text.count("\n") - crlf
    return "\r\n" if crlf > lf else "\n"


def decode_bytes(data: bytes) -> DecodedText:
    """Decode a file's bytes: BOM first, then UTF-8, then a declared or detected 8-bit encoding."""
    digest = hashlib.sha256(data).hexdigest()
    for bom, enc in _BOMS:
        if data.startswith(bom):
            body = data[len(bom):]
            try:
                text = body.decode(enc)
                return DecodedText(text, enc, bom, detect_newline(text), digest, False)
            except UnicodeDecodeError:
                break
    try:
        text = data.decode("utf-8")
        return DecodedText(text, "utf-8", b"", detect_newline(text), digest, False)
    except UnicodeDecodeError:
        pass
    enc = _guess_encoding(data)
    text = data.decode(enc, errors="surrogateescape")
    return DecodedText(text, enc, b"", detect_newline(text), digest, True)


def encode_text(text: str, encoding: str, bom: bytes) -> bytes:
    """Encode back; undecodable bytes kept by surrogateescape come back unchanged."""
    errors = "surrogateescape" if encoding.replace("_", "-").lower() not in ("utf-16-le", "utf-16-be") else "strict"
    return bom + text.encode(encoding, errors=errors)


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then os.replace; keep the file's mode."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    mode = path.stat().st_mode & 0o7777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)
