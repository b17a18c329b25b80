"""`citekit links`: check every URL, DOI and arXiv link of the store; offer archived copies."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

from citekit.cli import common
from citekit.errors import CitekitError
from citekit.links import LinkOptions, LinkReport, Verdict, apply_archive_fixes, check_links
from citekit.links.options import DEFAULT_ARCHIVE_API, DEFAULT_DOI_API
from citekit.store import Store

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_fail_on(value: str) -> set[Verdict]:
    """`broken,timeout` -> verdicts; `never` -> none."""
    names = [v.strip() for v in value.split(",") if v.strip()]
    if names == ["never"]:
        return set()
    try:
        return {Verdict(n) for n in names}
    except ValueError as exc:
        choices = ", ".join(v.value for v in Verdict)
        raise common.fail(f"--fail-on: {exc}; choose from {choices} (comma-separated) or never") from exc


def parse_duration(value: str) -> float:
    """`3d`, `12h`, `30m`, `45s` or plain seconds."""
    m = _DURATION.match(value)
    if not m:
        raise common.fail(f"--dead-interval: {value!r} is not a duration like 3d, 12h, 30m or 45s")
    return float(m.group(1)) * _UNITS[m.group(2)]


class Progress:
    """A one-line progress bar on stderr (used only when stderr is a terminal)."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // max(total, 1)
        click.echo(f"\rchecking links [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", err=True, nl=False)
        self.shown = True

    def close(self) -> None:
        if self.shown:
            click.echo("", err=True)


def _write_fixes(store: Store, report: LinkReport, in_place: bool, output: Path | None) -> None:
    """Apply --fix to the store and save it (in place, or the one changed file to -o)."""
    changes = apply_archive_fixes(store, report)
    targets = None
    if not in_place:
        changed = store.changed_files()
        if len(changed) > 1:
            raise common.fail("-o takes one file, but archived copies go into several; use --in-place")
        targets = {changed[0].path: output} if changed and output else None
    try:
        written = store.save(targets)
    except CitekitError as exc:
        raise common.fail(str(exc)) from exc
    for change in changes:
        click.echo(f"fixed: {change.key}: {change.field} = {change.value}", err=True)
    for path in written:
        click.echo(f"wrote {path}", err=True)


@click.command("links")
@common.paths_argument
@common.format_option()
@common.output_option
@click.option("--fail-on", default="broken", show_default=True, metavar="VERDICTS",
              help="Exit 1 when a link has one of these verdicts (comma-separated, or 'never').")
@click.option("--exclude", multiple=True, metavar="REGEX", help="Skip URLs matching this regular expression.")
@click.option("--workers", type=click.IntRange(1, 512), default=64, show_default=True,
              help="Requests in flight at most.")
@click.option("--host-concurrency", type=click.IntRange(1, 64), default=4, show_default=True,
              help="Requests in flight per host at most.")
@click.option("--host-interval", type=click.FloatRange(0), default=0.0, show_default=True,
              help="Seconds between two requests to one host (grows after a 429).")
@click.option("--timeout", type=click.FloatRange(0.1), default=15.0, show_default=True,
              help="Seconds per request; a timeout is not retried.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True,
              help="Retries of a 5xx or 408 answer, with exponential back-off.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), envvar="CITEKIT_CACHE_DIR",
              help="Where the link cache lives (default: the user cache dir).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--allow-private", is_flag=True, envvar="CITEKIT_ALLOW_PRIVATE",
              help="Also check private, loopback and link-local addresses (local testing).")
@click.option("--doi-api", default=DEFAULT_DOI_API, show_default=True, envvar="CITEKIT_DOI_API",
              help="Base URL of the doi.org handle API.")
@click.option("--archive-api", default=DEFAULT_ARCHIVE_API, show_default=True, envvar="CITEKIT_ARCHIVE_API",
              help="Wayback availability API.")
@click.option("--no-archive", is_flag=True, help="Do not look up archived copies.")
@click.option("--doi-landing", is_flag=True, help="Also fetch the publisher page a DOI resolves to.")
@click.option("--dead-after", type=click.IntRange(1), default=1, show_default=True, metavar="N",
              help="Count a link as broken only after N failing runs (needs the cache).")
@click.option("--dead-interval", default="0", show_default=True, metavar="DURATION",
              help="Failing runs closer together than this count once (e.g. 3d, 12h).")
@click.option("--fix", is_flag=True, help="Write archived copies into the entries (archiveurl, urldate).")
@click.option("--in-place", is_flag=True, help="With --fix: rewrite the .bib files in place.")
@click.pass_context
def links(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str,
          exclude: tuple[str, ...], workers: int, host_concurrency: int, host_interval: float, timeout: float,
          retries: int, cache_dir: Path | None, no_cache: bool, allow_private: bool, doi_api: str,
          archive_api: str, no_archive: bool, doi_landing: bool, dead_after: int, dead_interval: str,
          fix: bool, in_place: bool) -> None:
    """Check every URL, DOI and arXiv link of the store, politely; offer archived copies.

    Verdicts: alive, moved, broken, timeout, rate-limited, blocked, restricted, suspicious, excluded.
    With --fix, -o names the fixed .bib file (the report then goes to stdout).

    \b
    Examples:
      citekit links
      citekit links refs/ --format json --fail-on broken,timeout
      citekit links refs/library.bib --fix --in-place
    """
    verdicts = parse_fail_on(fail_on)
    if fix and not (in_place or output):
        raise common.fail("--fix writes files only with --in-place or -o FILE")
    progress = Progress() if sys.stderr.isatty() else None
    options = LinkOptions(
        workers=workers, host_concurrency=host_concurrency, host_interval=host_interval, timeout=timeout,
        retries=retries, exclude=exclude, allow_private=allow_private, doi_api=doi_api, archive_api=archive_api,
        archive=not no_archive, doi_landing=doi_landing, use_cache=not no_cache, cache_dir=cache_dir,
        dead_after=dead_after, dead_interval=parse_duration(dead_interval), progress=progress)
    store = common.open_store(ctx, paths)
    try:
        report = check_links(store, options)
    except CitekitError as exc:
        raise common.fail(str(exc)) from exc
    finally:
        if progress:
            progress.close()
    if fix:
        _write_fixes(store, report, in_place, output)
    common.emit_report(report.to_report(verdicts), fmt, None if fix else output)
    ctx.exit(1 if report.failing(verdicts) else 0)


COMMANDS = [links]
