"""`citekit check`: lint the store offline (and with --links, check links too)."""

from __future__ import annotations

from pathlib import Path

import click

from citekit.checks import rule_ids, run_checks
from citekit.cli import common
from citekit.report import Report, summarize


@click.command("check")
@common.paths_argument
@common.format_option()
@common.output_option
@common.fail_on_option
@common.select_options
@click.option("--links", "network", is_flag=True, help="Also check URLs and DOIs over the network.")
@click.option("--list-rules", is_flag=True, help="List the rule ids and exit.")
@click.pass_context
def check(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str,
          select: tuple[str, ...], ignore: tuple[str, ...], network: bool, list_rules: bool) -> None:
    """Lint the store: parse errors, duplicate keys, missing fields, bad identifiers...

    Never modifies a file. PATH is a .bib file or a folder (default: refs/).

    \b
    Examples:
      citekit check
      citekit check refs/ --format github --fail-on warning
      citekit check --select duplicate-key,missing-field --format json
    """
    if list_rules:
        click.echo("\n".join(rule_ids()))
        return
    sel, ign = common.split_csv(select), common.split_csv(ignore)
    unknown = sorted(set(sel + ign) - set(rule_ids()))
    if unknown:
        raise common.fail(f"unknown rule id(s): {', '.join(unknown)} (see --list-rules)")
    store = common.open_store(ctx, paths)
    findings = run_checks(store, sel or None, ign, network=network)
    summary = summarize(findings)
    summary["entries"] = len(store)
    summary["files"] = len(store.files)
    common.emit_report(Report("citekit check", findings, summary), fmt, output)
    ctx.exit(common.exit_for(findings, fail_on))


COMMANDS = [check]
