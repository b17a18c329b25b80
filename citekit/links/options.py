"""Settings of a link check; defaults follow the issue (15 s timeout, 4 per host, 64 KiB read)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import requests

from citekit.links.guard import Resolver

DEFAULT_DOI_API = "https://doi.org/api/handles/"
DEFAULT_ARCHIVE_API = "https://archive.org/wayback/available"
DAY = 86400.0
ENV = {"allow_private": "CITEKIT_ALLOW_PRIVATE", "cache_dir": "CITEKIT_CACHE_DIR",
       "doi_api": "CITEKIT_DOI_API", "archive_api": "CITEKIT_ARCHIVE_API"}


@dataclass
class LinkOptions:
    """How to check links. Times are seconds."""

    workers: int = 64
    host_concurrency: int = 4
    host_interval: float = 0.0          # minimum spacing of requests to one host (grows after a 429)
    timeout: float = 15.0               # per request, read and connect, and a wall-clock bound on the body
    retries: int = 3                    # for 5xx and 408, with exponential back-off
    backoff: float = 1.0                # first back-off; doubled on each retry
    connect_retries: int = 1
    rate_limit_retries: int = 5         # 429 answers honoured before the verdict is rate-limited
    max_retry_after: float = 60.0       # a longer Retry-After gives rate-limited at once
    max_redirects: int = 20
    max_bytes: int = 64 * 1024
    exclude: tuple[str, ...] = ()       # regular expressions matched against the URL
    allow_private: bool = False
    allow_networks: tuple[str, ...] = ()  # networks exempt from the private-address guard
    doi_api: str = DEFAULT_DOI_API
    archive_api: str = DEFAULT_ARCHIVE_API
    archive: bool = True                # look up archived copies for broken, suspicious and moved URLs
    doi_landing: bool = False           # also fetch the publisher page a DOI points to
    use_cache: bool = True
    cache_dir: Path | None = None
    dead_after: int = 1                 # failing runs needed before `broken` counts as confirmed
    dead_interval: float = 0.0          # minimum time between two counted failing runs
    resolver: Resolver | None = None
    session: requests.Session | None = None
    progress: Callable[[int, int], None] | None = None
    clock: Callable[[], float] = field(default=time.time)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> LinkOptions:
        """Defaults, then CITEKIT_* environment variables, then `overrides`."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        if env.get(ENV["allow_private"], "").strip().lower() in ("1", "true", "yes", "on"):
            values["allow_private"] = True
        if env.get(ENV["cache_dir"]):
            values["cache_dir"] = Path(env[ENV["cache_dir"]])
        for name in ("doi_api", "archive_api"):
            if env.get(ENV[name]):
                values[name] = env[ENV[name]]
        values.update({k: v for k, v in overrides.items() if v is not None})
        return replace(cls(), **values)
