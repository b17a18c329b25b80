"""`citekit sources`, `citekit cases`, `citekit claims`: which sources support which claims and cases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from citekit import casebook, casebook_views
from citekit.cli import common
from citekit.errors import CitekitError
from citekit.model import Severity
from citekit.report import Report, render
from citekit.store import Store

VIEW_FORMATS = ("text", "markdown", "json")


def _warn_load_problems(store: Store) -> None:
    """Errors in cases.toml / claims.toml make answers incomplete: say so on stderr."""
    for f in store.findings:
        loc = f.location
        if f.severity is Severity.ERROR and loc is not None and loc.path.endswith(".toml"):
            click.echo(f"citekit: {loc}: {f.message} (answers may be incomplete)", err=True)


def _show(fmt: str, output: Path | None, text: Callable[[], str], markdown: Callable[[], str],
          payload: Callable[[], dict[str, Any]], tool: str) -> None:
    """Emit a view in the chosen format; JSON goes through the JSON reporter."""
    if fmt == "json":
        common.emit(render(Report(tool, [], payload=payload()), "json"), output)
    else:
        common.emit(markdown() if fmt == "markdown" else text(), output)


@click.command("sources")
@common.paths_argument
@click.option("--case", "case_id", metavar="ID", help="Sources for the claims about this case.")
@click.option("--place", metavar="NAME", help="A place or network name: aliases, accents folded, partners too.")
@click.option("--claim", "claim_id", metavar="ID", help="Sources for one claim.")
@click.option("--key", metavar="KEY", help="The claims one entry supports.")
@common.format_option(VIEW_FORMATS)
@click.option("--style", metavar="NAME", default=None, help="Format the references in a style (e.g. harvard).")
@common.output_option
@click.pass_context
def sources(ctx: click.Context, paths: tuple[str, ...], case_id: str | None, place: str | None,
            claim_id: str | None, key: str | None, fmt: str, style: str | None, output: Path | None) -> None:
    """List the references supporting a case, place, claim or key, with the claims and pages.

    With no selector, every claim of the store. Unsupported claims are listed after the sources.

    \b
    Examples:
      citekit sources --case biobio
      citekit sources --place "Jilin"            # also finds Entre Ríos, its partner
      citekit sources --case entre-rios --style harvard --format markdown
      citekit sources --key chen2005 --format json
    """
    store = common.open_store(ctx, paths)
    _warn_load_problems(store)
    try:
        result = casebook.sources_for(store, case=case_id, place=place, claim=claim_id, key=key, style=style,
                                      markup="markdown" if fmt == "markdown" else "text")
    except CitekitError as exc:
        raise common.fail(str(exc)) from exc
    if style is not None and result.style is None and result.sources:
        click.echo("citekit: the formatter (citekit.render) is not available; references are in plain form",
                   err=True)
    _show(fmt, output, lambda: casebook_views.sources_text(result),
          lambda: casebook_views.sources_markdown(result), result.to_dict, "citekit sources")


@click.command("cases")
@common.paths_argument
@common.format_option(VIEW_FORMATS)
@common.output_option
@click.pass_context
def cases(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Path | None) -> None:
    """Table of case studies with their counts of claims, supported claims and sources.

    \b
    Examples:
      citekit cases
      citekit cases --format markdown
    """
    store = common.open_store(ctx, paths)
    _warn_load_problems(store)
    rows = casebook.case_table(store)
    _show(fmt, output, lambda: casebook_views.cases_text(rows), lambda: casebook_views.cases_markdown(rows),
          lambda: casebook_views.cases_json(rows), "citekit cases")


@click.command("claims")
@common.paths_argument
@click.option("--case", "case_id", metavar="ID", help="Only the claims about this case.")
@click.option("--unsupported", is_flag=True, help="Only the claims with no source in the store.")
@common.format_option(VIEW_FORMATS)
@common.output_option
@click.pass_context
def claims(ctx: click.Context, paths: tuple[str, ...], case_id: str | None, unsupported: bool, fmt: str,
           output: Path | None) -> None:
    """List the claims with their cases and evidence.

    \b
    Examples:
      citekit claims --unsupported
      citekit claims --case biobio --format json
    """
    store = common.open_store(ctx, paths)
    _warn_load_problems(store)
    try:
        found = casebook.claims_for(store, case=case_id, unsupported=unsupported)
    except CitekitError as exc:
        raise common.fail(str(exc)) from exc
    _show(fmt, output, lambda: casebook_views.claims_text(store, found),
          lambda: casebook_views.claims_markdown(store, found),
          lambda: casebook_views.claims_json(store, found), "citekit claims")


COMMANDS = [sources, cases, claims]
