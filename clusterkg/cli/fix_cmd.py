"""``clusterkg fix``: an analyst's corrections (merge, rename, retype, reject, undo), their log, and
sharing them between stores (export / apply). Corrections live in the store and outlast re-ingests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from clusterkg.cli import app
from clusterkg.cli.common import Answer, fail, store_command
from graph import correcting
from graph.corrections import Correction, dump_corrections, load_corrections, ordered
from graph.lookup import pick_entity
from graph.model import RelationType
from graph.stores.writer_lock import writer_lock

fix_app = typer.Typer(help="Correct the graph; corrections stay through re-ingests.", no_args_is_help=True)
app.add_typer(fix_app, name="fix")

NoteOpt = Annotated[str, typer.Option("--note", help="Why: kept in the log with the correction.")]
ByOpt = Annotated[str | None, typer.Option("--by", help="Who makes it (default: $USER).")]

# Commands that change the store: the store options without --json, opened for writing.
changing = {"options": ("store", "neo4j", "sparql"), "read_only": False}


def _checked(opened):
    if not hasattr(opened, "load_corrections"):
        raise fail(f"the {opened.kind} store does not keep corrections")
    return opened


def _made(opened, correction: Correction) -> Answer:
    with writer_lock(opened):  # not while an ingest writes (another process, a remote store)
        outcome = correcting.perform(_checked(opened), correction)
    return Answer(None, [f"{correction.id}: {correction.summary()} ({outcome})"])


def _by(by: str | None) -> str:
    return by or correcting.default_user()


@store_command(fix_app, "merge", **changing)
def merge(
    opened,
    keep: Annotated[str, typer.Argument(help="The entity that stays (as you would type its name).")],
    other: Annotated[str, typer.Argument(help="The entity merged into it: its names become aliases.")],
    note: NoteOpt = "",
    by: ByOpt = None,
) -> Answer:
    """Merge OTHER into KEEP: names, relations, evidence and mentions move; new mentions of OTHER land on KEEP."""
    names = opened.entity_names()
    into, source = pick_entity(keep, names), pick_entity(other, names)
    if into.id == source.id:
        raise fail(f"{keep!r} and {other!r} are already one entity: «{into.name}»")
    return _made(opened, correcting.new_merge(_checked(opened), into.id, source.id, _by(by), note))


@store_command(fix_app, "rename", **changing)
def rename(
    opened,
    name: Annotated[str, typer.Argument(help="The entity, as you would type its name.")],
    new_name: Annotated[str, typer.Argument(help="Its right name (kept through later articles).")],
    note: NoteOpt = "",
    by: ByOpt = None,
) -> Answer:
    """Give an entity its right name; the id stays, the old name becomes an alias."""
    entity = pick_entity(name, opened.entity_names())
    return _made(opened, correcting.new_rename(_checked(opened), entity.id, new_name, _by(by), note))


@store_command(fix_app, "retype", **changing)
def retype(
    opened,
    name: Annotated[str, typer.Argument(help="The entity, as you would type its name.")],
    type_: Annotated[str, typer.Argument(metavar="TYPE", help="Company, University, Cluster, … (ANNOTATION.md).")],
    note: NoteOpt = "",
    by: ByOpt = None,
) -> Answer:
    """Give an entity its right type (kept whatever later articles say)."""
    entity = pick_entity(name, opened.entity_names())
    return _made(opened, correcting.new_retype(_checked(opened), entity.id, type_, _by(by), note))


def split_relation(words: list[str]) -> tuple[str, RelationType, str]:
    """``A PARTICIPATES_IN B`` (one argument or several) as (A, type, B)."""
    tokens = " ".join(words).split()
    types = {t.value for t in RelationType}
    at = [i for i, token in enumerate(tokens) if token.upper() in types]
    if len(at) != 1 or at[0] == 0 or at[0] == len(tokens) - 1:
        raise fail(f'write the relation as "A TYPE B" with TYPE one of {", ".join(sorted(types))}')
    i = at[0]
    return " ".join(tokens[:i]), RelationType(tokens[i].upper()), " ".join(tokens[i + 1 :])


@store_command(fix_app, "reject", **changing)
def reject(
    opened,
    relation: Annotated[list[str], typer.Argument(help='The relation as "A PARTICIPATES_IN B".')],
    note: NoteOpt = "",
    by: ByOpt = None,
) -> Answer:
    """Remove a wrong relation; its evidence never brings it back (new evidence from another article may)."""
    source_name, rtype, target_name = split_relation(relation)
    names = opened.entity_names()
    source, target = pick_entity(source_name, names), pick_entity(target_name, names)
    return _made(opened, correcting.new_reject(_checked(opened), source.id, rtype.value, target.id, _by(by), note))


@store_command(fix_app, "undo", **changing)
def undo(
    opened,
    correction_id: Annotated[str, typer.Argument(metavar="ID", help="The correction's id (see `fix log`).")],
    by: ByOpt = None,
) -> Answer:
    """Undo a correction: restore what it changed (it stays in the log, marked undone)."""
    with writer_lock(opened):
        correction = correcting.undo(_checked(opened), correction_id, _by(by))
    return Answer(None, [f"{correction.id}: undone ({correction.summary()})"])


def log_line(c: Correction) -> str:
    line = f"{c.id}  {c.at:%Y-%m-%d %H:%M}  {c.by or '?'}  {c.summary()}"
    if c.note:
        line += f"  — {c.note}"
    if c.undone:
        when = f" {c.undone_at:%Y-%m-%d %H:%M}" if c.undone_at else ""
        line += f"  [undone by {c.undone_by or '?'}{when}]"
    return line


@store_command(fix_app, "log")
def log(opened) -> Answer:
    """Every correction, oldest first: who, when, what, why."""
    corrections = ordered(_checked(opened).load_corrections())
    return Answer(corrections, [log_line(c) for c in corrections] or ["no corrections"])


@store_command(fix_app, "export", options=("store", "neo4j", "sparql"))
def export(opened, path: Annotated[Path, typer.Argument(metavar="FILE", help="JSON file to write.")]) -> Answer:
    """Write every correction to FILE, for `fix apply` on another store."""
    corrections = _checked(opened).load_corrections()
    try:
        path.write_text(dump_corrections(corrections) + "\n", encoding="utf-8")
    except OSError as exc:
        raise fail(f"cannot write {path}: {exc.strerror or exc}") from exc
    return Answer(None, [f"wrote {len(corrections)} corrections to {path}"])


@store_command(fix_app, "apply", **changing)
def apply(opened, path: Annotated[Path, typer.Argument(metavar="FILE", help="A file written by `fix export`.")]) -> Answer:
    """Make the corrections of FILE on this store (those already there are skipped)."""
    try:
        corrections = load_corrections(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise fail(f"cannot read {path}: {exc.strerror or exc}") from exc
    with writer_lock(opened):
        results = correcting.apply_all(_checked(opened), corrections)
    lines = [f"{correction.id}: {correction.summary()} ({outcome})" for correction, outcome in results]
    counts = {o: sum(1 for _, x in results if x == o) for o in ("applied", "recorded", "present")}
    return Answer(None, [*lines, ", ".join(f"{n} {o}" for o, n in counts.items())])
