"""What every command shares: loading the store, report options, output, exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, TypeVar

import click

from citekit.errors import CitekitError
from citekit.model import Finding, Severity
from citekit.report import FORMATS, Report, render
from citekit.store import Store, load_store

F = TypeVar("F", bound=Callable[..., Any])
FAIL_ON = ("error", "warning", "info", "never")


class EnvironmentProblem(click.ClickException):
    """Usage, configuration or environment error: exit code 2."""

    exit_code = 2


def fail(message: str) -> EnvironmentProblem:
    return EnvironmentProblem(message)


def store_paths(ctx: click.Context, paths: Iterable[str]) -> list[str] | None:
    """PATH arguments, else `store` from [tool.citekit], else None (refs/)."""
    given = list(paths)
    if given:
        return given
    configured = (ctx.default_map or {}).get("store")
    if configured:
        return [configured] if isinstance(configured, str) else list(configured)
    return None


def open_store(ctx: click.Context, paths: Iterable[str]) -> Store:
    """Load the store or exit 2 with a message naming the file."""
    try:
        return load_store(store_paths(ctx, paths))
    except CitekitError as exc:
        raise fail(str(exc)) from exc


def paths_argument(fn: F) -> F:
    return click.argument("paths", nargs=-1, type=click.Path(path_type=str))(fn)


def format_option(choices: tuple[str, ...] = FORMATS, default: str = "text") -> Callable[[F], F]:
    return click.option("--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
                        help="Report format.")


def output_option(fn: F) -> F:
    return click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
                        help="Write the report to this file instead of stdout.")(fn)


def fail_on_option(fn: F) -> F:
    return click.option("--fail-on", type=click.Choice(FAIL_ON), default="error", show_default=True,
                        envvar="CITEKIT_FAIL_ON",
                        help="Exit 1 when a finding is at or above this severity.")(fn)


def select_options(fn: F) -> F:
    fn = click.option("--ignore", multiple=True, metavar="RULES", help="Rule ids to skip (comma-separated).")(fn)
    return click.option("--select", multiple=True, metavar="RULES",
                        help="Only these rule ids (comma-separated).")(fn)


def split_csv(values: Iterable[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def threshold(fail_on: str) -> Severity | None:
    return None if fail_on == "never" else Severity(fail_on)


def is_terminal(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty()


def emit(text: str, output: Path | None) -> None:
    """Write a report to stdout or a file."""
    if output is None:
        click.echo(text, nl=False)
    else:
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise fail(f"{output}: cannot write: {exc.strerror}") from exc


def emit_report(report: Report, fmt: str, output: Path | None) -> None:
    emit(render(report, fmt, color=is_terminal(output) and fmt == "text"), output)


def exit_for(findings: Iterable[Finding], fail_on: str) -> int:
    """0 when nothing is at or above --fail-on, else 1."""
    t = threshold(fail_on)
    return 1 if t is not None and any(f.severity.rank >= t.rank for f in findings) else 0
