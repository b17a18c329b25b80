"""`citekit audit`: check a manuscript's in-text citations against the store."""

from __future__ import annotations

from pathlib import Path

import click

from citekit.audit import audit_path
from citekit.audit.places import claims_toml
from citekit.audit.report import findings, render_text, summary
from citekit.cli import common
from citekit.errors import CitekitError
from citekit.report import Report, summarize
from citekit.textio import atomic_write

FORMATS = ("text", "json", "github", "sarif", "markdown", "junit")


@click.command("audit")
@click.argument("manuscript", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--bib",
    "bibs",
    multiple=True,
    type=click.Path(path_type=str),
    metavar="PATH",
    help="A .bib file or store folder (repeatable; default: refs/).",
)
@common.format_option(FORMATS)
@common.output_option
@common.fail_on_option
@click.option(
    "--emit-claims",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="FILE",
    help="Write claims drafted from sentences naming a case (TOML, to curate into refs/claims.toml).",
)
@click.pass_context
def audit(
    ctx: click.Context,
    manuscript: Path,
    bibs: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str,
    emit_claims: Path | None,
) -> None:
    """Find the citations in MANUSCRIPT (.md, .txt, .tex), resolve them against the store, report defects.

    Author-date citations in prose (APA, Harvard, Chicago; English and Spanish), pandoc [@key] and
    LaTeX \\cite{key}. Never modifies the manuscript.

    \b
    Examples:
      citekit audit paper.md
      citekit audit paper.txt --bib refs/ --format json
      citekit audit paper.md --format github --fail-on warning
      citekit audit paper.md --emit-claims drafts.toml
    """
    store = common.open_store(ctx, bibs)
    try:
        result = audit_path(manuscript, store)
    except CitekitError as exc:
        raise common.fail(str(exc)) from exc
    found = findings(result, str(manuscript))
    report = Report(
        "citekit audit",
        found,
        summarize(found) | summary(result),
        payload=result.to_dict(),
        text=render_text(result, str(manuscript)),
    )
    common.emit_report(report, fmt, output)
    if emit_claims is not None:
        try:
            atomic_write(emit_claims, claims_toml(result.drafts).encode("utf-8"))
        except OSError as exc:
            raise common.fail(f"{emit_claims}: cannot write: {exc.strerror}") from exc
        click.echo(f"{len(result.drafts)} claim draft(s) written to {emit_claims}", err=True)
    ctx.exit(common.exit_for(found, fail_on))


COMMANDS = [audit]
