"""The link cache and history: SQLite under the user cache dir, one row per checked URL or DOI."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from citekit.errors import ConfigError
from citekit.links.options import DAY
from citekit.links.verdict import Outcome, Verdict

# How long a verdict is trusted; 0 means re-checked on every run.
TTL: dict[Verdict, float] = {
    Verdict.ALIVE: 7 * DAY, Verdict.MOVED: 7 * DAY, Verdict.RESTRICTED: 7 * DAY,
    Verdict.BLOCKED: 1 * DAY, Verdict.SUSPICIOUS: 1 * DAY,
}
ARCHIVE_TTL = 30 * DAY
_SCHEMA = """
CREATE TABLE IF NOT EXISTS checks (
  key TEXT PRIMARY KEY, verdict TEXT NOT NULL, status INTEGER, final_url TEXT, detail TEXT,
  checked_at REAL NOT NULL, fail_count INTEGER NOT NULL DEFAULT 0, first_failed_at REAL, last_counted_at REAL);
CREATE TABLE IF NOT EXISTS archives (
  url TEXT NOT NULL, stamp TEXT NOT NULL, archive_url TEXT, checked_at REAL NOT NULL, PRIMARY KEY (url, stamp));
"""


@dataclass(frozen=True, slots=True)
class Record:
    """A cached check with its failure history."""

    outcome: Outcome
    checked_at: float
    fail_count: int = 0
    first_failed_at: float | None = None
    last_counted_at: float | None = None


def default_dir() -> Path:
    return Path(platformdirs.user_cache_dir("citekit"))


class LinkCache:
    """Verdicts by URL or DOI key, with TTLs per verdict, and archive look-ups by URL and date."""

    def __init__(self, folder: Path | None = None, memory: bool = False) -> None:
        if memory:
            self.path: Path | None = None
            self.db = sqlite3.connect(":memory:")
        else:
            folder = folder or default_dir()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                self.path = folder / "links.sqlite"
                self.db = sqlite3.connect(self.path, timeout=10)
                self.db.executescript(_SCHEMA)
            except (OSError, sqlite3.Error) as exc:
                raise ConfigError(f"link cache unusable: {exc}", str(folder)) from exc
            return
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def get(self, key: str) -> Record | None:
        row = self.db.execute("SELECT verdict, status, final_url, detail, checked_at, fail_count, first_failed_at, "
                              "last_counted_at FROM checks WHERE key = ?", (key,)).fetchone()
        if row is None:
            return None
        try:
            verdict = Verdict(row[0])
        except ValueError:
            return None
        return Record(Outcome(verdict, row[1], row[2], row[3] or ""), row[4], row[5], row[6], row[7])

    def fresh(self, key: str, now: float) -> Record | None:
        """The cached record when its verdict's TTL has not run out."""
        rec = self.get(key)
        if rec is None or now - rec.checked_at >= TTL.get(rec.outcome.verdict, 0.0):
            return None
        return rec

    def record(self, key: str, outcome: Outcome, now: float, interval: float = 0.0) -> Record:
        """Store a new verdict and update the history; returns the row as written."""
        old = self.get(key)
        count = old.fail_count if old else 0
        first = old.first_failed_at if old else None
        counted = old.last_counted_at if old else None
        if outcome.verdict.failed:
            if count == 0 or counted is None:
                count, first, counted = 1, now, now
            elif now - counted >= interval:
                count, counted = count + 1, now
        elif outcome.verdict in (Verdict.ALIVE, Verdict.MOVED, Verdict.RESTRICTED, Verdict.SUSPICIOUS):
            count, first, counted = 0, None, None
        rec = Record(outcome, now, count, first, counted)
        if outcome.verdict is not Verdict.EXCLUDED:
            self.db.execute("INSERT OR REPLACE INTO checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            (key, outcome.verdict.value, outcome.status, outcome.final_url, outcome.detail,
                             now, count, first, counted))
        return rec

    def archive(self, url: str, stamp: str, now: float) -> tuple[bool, str | None]:
        """(known, archive_url) of a recent archive look-up."""
        row = self.db.execute("SELECT archive_url, checked_at FROM archives WHERE url = ? AND stamp = ?",
                              (url, stamp)).fetchone()
        if row is None or now - row[1] >= ARCHIVE_TTL:
            return False, None
        return True, row[0]

    def store_archive(self, url: str, stamp: str, archive_url: str | None, now: float) -> None:
        self.db.execute("INSERT OR REPLACE INTO archives VALUES (?, ?, ?, ?)", (url, stamp, archive_url, now))
