"""The click layer: parses options, calls one library function, picks a reporter, sets the exit code."""

from __future__ import annotations

import importlib
import sys

import click

from citekit import __version__
from citekit.config import default_map, find_pyproject, load_tool_config
from citekit.errors import CitekitError

# Each module defines `COMMANDS`, a list of click commands. Capabilities add theirs here.
COMMAND_MODULES: tuple[str, ...] = (
    "citekit.cli.check",
    "citekit.cli.dedupe",
    "citekit.cli.links",
    "citekit.cli.sources",
    "citekit.cli.audit",
    "citekit.cli.format",
)


class CitekitGroup(click.Group):
    """Reads [tool.citekit] once into click's default_map; config errors exit 2."""

    def make_context(self, info_name: str | None, args: list[str], parent: click.Context | None = None,
                     **extra: object) -> click.Context:
        try:
            extra.setdefault("default_map", default_map(load_tool_config(find_pyproject())))
        except CitekitError as exc:
            click.echo(f"citekit: config error: {exc}", err=True)
            sys.exit(2)
        return super().make_context(info_name, args, parent, **extra)


@click.group(cls=CitekitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="citekit")
def main() -> None:
    """citekit: keep a research field's BibTeX store clean, linked, cross-referenced and formatted.

    \b
    Examples:
      citekit check                              lint refs/ (exit 1 on errors)
      citekit dedupe --format json               works entered twice
      citekit links --fail-on broken             dead URLs and DOIs
      citekit sources --place "Entre Rios"       which sources support a case
      citekit audit draft.md                     a manuscript's citations against the store
      citekit format --style apa --to markdown   the reference list
    """


for _name in COMMAND_MODULES:
    for _cmd in importlib.import_module(_name).COMMANDS:
        main.add_command(_cmd)
