"""`citekit format` (reference lists in a style) and `citekit export` (CSL-JSON, BibTeX)."""

from __future__ import annotations

from pathlib import Path

import click

from citekit.cli import common
from citekit.errors import CitekitError
from citekit.report import Report


def _styles_help() -> str:
    from citekit.render import available_styles

    return ", ".join(available_styles())


@click.command("format")
@common.paths_argument
@click.option("--style", "style", default="harvard", show_default=True, metavar="NAME|FILE",
              help="Style name from styles/ (harvard, apa, chicago-author-date, plain, unsrt, alpha) or a "
                   "style file (.py); with the csl extra also a .csl file or a CSL repository style name (ieee, nature).")
@click.option("--to", "markup", type=click.Choice(("text", "markdown", "html", "latex", "rtf")),
              default="text", show_default=True, help="Markup of the references.")
@click.option("--keys", multiple=True, metavar="K1,K2", help="Only these keys (comma-separated).")
@click.option("--case", "case", default=None, metavar="ID", help="Only the sources of this case.")
@click.option("--cited-in", "cited_in", default=None, type=click.Path(dir_okay=False, path_type=Path),
              metavar="MANUSCRIPT", help="Only the works this manuscript cites.")
@common.format_option(("text", "json"))
@common.output_option
@common.fail_on_option
@click.option("--list-styles", is_flag=True, help="List the available styles and exit.")
@click.pass_context
def format_cmd(ctx: click.Context, paths: tuple[str, ...], style: str, markup: str, keys: tuple[str, ...],
               case: str | None, cited_in: Path | None, fmt: str, output: Path | None, fail_on: str,
               list_styles: bool) -> None:
    """Format the reference list in a citation style.

    One reference per line, in the style's order. PATH is a .bib file or a folder (default: refs/).

    \b
    Examples:
      citekit format --style apa
      citekit format --style chicago-author-date --to html -o refs.html
      citekit format --keys chen2005,tavares2016 --format json
      citekit format --case entre-rios --style harvard
      citekit format --cited-in paper.md --to markdown
      citekit format --style ieee           # a CSL repository style (pip install "citekit[csl]")
    """
    from citekit.render import StyleError, available_styles
    from citekit.render.backends import document
    from citekit.render.select import format_store

    if list_styles:
        click.echo("\n".join(available_styles()))
        return
    store = common.open_store(ctx, paths)
    try:
        result = format_store(store, style, markup, common.split_csv(keys), case, cited_in)
    except StyleError as exc:
        raise common.fail(str(exc)) from exc
    except CitekitError as exc:
        raise common.fail(str(exc)) from exc
    for f in result.findings:
        click.echo(f"citekit format: {f.location or ''}{': ' if f.location else ''}{f.message}", err=True)
    text = document([r.text for r in result.entries], markup)
    common.emit_report(Report("citekit format", result.findings, payload=result.to_dict(), text=text),
                       fmt, output)
    ctx.exit(common.exit_for(result.findings, fail_on))


@click.command("export")
@common.paths_argument
@click.option("--to", "to", type=click.Choice(("csl-json", "bibtex")), default="csl-json", show_default=True,
              help="Output format.")
@click.option("--keys", multiple=True, metavar="K1,K2", help="Only these keys (comma-separated).")
@common.output_option
@click.pass_context
def export_cmd(ctx: click.Context, paths: tuple[str, ...], to: str, keys: tuple[str, ...],
               output: Path | None) -> None:
    """Export the store as CSL-JSON (for pandoc, Quarto, Zotero) or BibTeX.

    CSL-JSON uses the field mapping of pandoc's BibTeX reader: English titles in sentence case
    (braced words kept), biblatex types, urldate as accessed, institution as publisher.

    \b
    Examples:
      citekit export --to csl-json -o refs.json
      citekit export --to bibtex --keys chen2005
    """
    from citekit.render.select import export_store

    store = common.open_store(ctx, paths)
    text, findings = export_store(store, to, common.split_csv(keys))
    for f in findings:
        click.echo(f"citekit export: {f.message}", err=True)
    common.emit(text, output)
    ctx.exit(1 if findings else 0)


COMMANDS = [format_cmd, export_cmd]
