"""`citekit dedupe`: report works entered twice; with --merge, merge them (only when told where to write)."""

from __future__ import annotations

from pathlib import Path

import click

from citekit.cli import common
from citekit.dedupe import find_duplicates
from citekit.dedupe.merge import diff, merge_duplicates
from citekit.dedupe.report import findings, render_text
from citekit.errors import CitekitError
from citekit.report import Report, summarize
from citekit.store import Store
from citekit.textio import atomic_write


@click.command("dedupe")
@common.paths_argument
@common.format_option()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Without --merge: write the report here. With --merge: write the merged .bib here.")
@common.fail_on_option
@click.option("--merge", is_flag=True, help="Merge each cluster into its canonical entry.")
@click.option("--in-place", is_flag=True, help="With --merge: rewrite the input files (atomically).")
@click.option("--dry-run", is_flag=True, help="With --merge: print the unified diff, write nothing.")
@click.option("--include-review", is_flag=True, help="With --merge: merge 'review' clusters too, not only 'auto'.")
@click.pass_context
def dedupe(ctx: click.Context, paths: tuple[str, ...], fmt: str, output: Path | None, fail_on: str,
           merge: bool, in_place: bool, dry_run: bool, include_review: bool) -> None:
    """Find works entered more than once (same DOI, typo'd title, preprint and published version...).

    Editions, volumes, parts, errata and conference vs journal versions are reported as related and
    never merged. Exit 1 when a cluster is at or above --fail-on (auto = error, review = warning).

    \b
    Examples:
      citekit dedupe refs/
      citekit dedupe refs/ --format json
      citekit dedupe refs/library.bib --merge --dry-run
      citekit dedupe refs/library.bib --merge -o merged.bib
      citekit dedupe refs/ --merge --in-place       # merge log on stderr
    """
    if not merge and (in_place or dry_run or include_review):
        raise common.fail("--in-place, --dry-run and --include-review need --merge")
    store = common.open_store(ctx, paths)
    if merge:
        _merge(store, output, in_place, dry_run, include_review)
        return
    result = find_duplicates(store)
    found = findings(result)
    report = Report("citekit dedupe", found, summarize(found), payload=result.to_dict(),
                    text=render_text(result))
    common.emit_report(report, fmt, output)
    ctx.exit(common.exit_for(found, fail_on))


def _merge(store: Store, output: Path | None, in_place: bool, dry_run: bool, include_review: bool) -> None:
    if sum((in_place, dry_run, output is not None)) != 1:
        raise common.fail("--merge needs exactly one of --in-place, -o FILE or --dry-run")
    if output is not None and len(store.files) != 1:
        raise common.fail("-o FILE takes a single .bib input; use --in-place for several files")
    outcome = merge_duplicates(store, include_review)
    click.echo(outcome.plan.log() or "nothing to merge\n", err=True, nl=False)
    if dry_run:
        click.echo(diff(store), nl=False)
        return
    try:
        if output is None:
            store.save()
        elif store.changed_files():
            store.save({store.files[0].path: output})
        else:
            atomic_write(output, store.files[0].render())
    except CitekitError as exc:
        raise common.fail(str(exc)) from exc


COMMANDS = [dedupe]
