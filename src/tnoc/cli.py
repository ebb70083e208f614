"""``tnoc``: the command line. Thin: parse, call a module, print.

Every error meant for a person is a :class:`~tnoc.errors.TnocError`; it is printed in
red with the file, row and field it concerns, and the command exits non-zero.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from tnoc import __version__
from tnoc.cli_assess import assess_app, report
from tnoc.cli_common import CaseOpt, _open, _progress, console, err
from tnoc.cli_evidence import register as register_evidence
from tnoc.cli_exchange import register as register_exchange
from tnoc.cli_money import money_app
from tnoc.cli_network import network_app
from tnoc.errors import TnocError
from tnoc.store import Case

app = typer.Typer(
    help="TNOC: a provenance-tracked evidence base against cyber-enabled transnational "
    "organised crime.\n\nStart with 'tnoc case init CASE', take files in with "
    "'tnoc ingest MAPPING FILE --case CASE', look with 'sources', 'search' and 'show'. "
    "'tnoc demo' builds a whole case from the bundled real data.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
case_app = typer.Typer(help="Create and inspect cases (one directory per case).",
                       no_args_is_help=True)
export_app = typer.Typer(
    help="Share the evidence base: STIX 2.1, MISP, FollowTheMoney, CASE/UCO, Parquet. "
         "Exports honour handling codes (--tlp), can pseudonymise people (--pseudonymise) "
         "and are recorded in the custody ledger.", no_args_is_help=True)
import_app = typer.Typer(help="Take in what partners send (STIX, MISP) or another case "
                              "exported (Parquet).", no_args_is_help=True)
app.add_typer(case_app, name="case")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(network_app, name="network")
app.add_typer(money_app, name="money")
app.add_typer(assess_app, name="assess")
app.command("report")(report)
register_evidence(app)
register_exchange(export_app, import_app)


@app.callback()
def _version(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        console.print(f"tnoc {__version__}")
        raise typer.Exit()


@case_app.command("init")
def case_init(
    directory: Annotated[Path, typer.Argument(help="Directory to create the case in.")],
    name: Annotated[str | None, typer.Option(help="Case name (default: folder name).")] = None,
) -> None:
    """Create a case: DIRECTORY/case.duckdb plus exhibits/, ledger/, reports/."""
    case = Case.init(directory, name)
    console.print(f"Created case [bold]{case.name}[/] ({case.case_id}) in {directory}")


@case_app.command("summary")
def case_summary(case: CaseOpt = Path(".")) -> None:
    """Counts of sources, statements, flagged values and entities per schema."""
    from tnoc.store.query import case_summary as summarise

    with _open(case).connect(read_only=True) as con:
        summary = summarise(con)
    table = Table("schema", "entities", title=f"Case {case}")
    for schema, n in summary["entities_per_schema"].items():
        table.add_row(schema, f"{n:,}")
    console.print(table)
    console.print(f"{summary['sources']} sources, {summary['statements']:,} statements, "
                  f"{summary['flagged']:,} flagged values, {summary['custody_events']} "
                  "custody events")


@app.command()
def mappings() -> None:
    """List the mappings shipped with TNOC (use their name as MAPPING)."""
    from tnoc.ingest.mapping import load_mapping, shipped_mappings

    table = Table("mapping", "reader", "dataset", "description")
    for name in shipped_mappings():
        m = load_mapping(name)
        table.add_row(name, m.reader.format, m.dataset, " ".join(m.description.split())[:90])
    console.print(table)


@app.command()
def ingest(
    mapping: Annotated[str, typer.Argument(help="Shipped mapping name or a mapping YAML file.")],
    file: Annotated[Path, typer.Argument(help="File to take in (.gz/.bz2/.xz/.zip accepted).")],
    case: CaseOpt = Path("."),
    collector: Annotated[str | None, typer.Option(help="Who collected it.")] = None,
    collected_at: Annotated[str | None, typer.Option(help="When (ISO 8601).")] = None,
    legal_basis: Annotated[str | None, typer.Option(help="Warrant, order or licence.")] = None,
    tlp: Annotated[str, typer.Option(help="Handling code, e.g. TLP:AMBER.")] = "TLP:AMBER",
    replace: Annotated[bool, typer.Option(help="Take in again after a mapping change.")] = False,
    max_expanded_bytes: Annotated[int, typer.Option(
        help="Limit for a compressed file's expanded size.")] = 4 * 1024**3,
    region: Annotated[str | None, typer.Option(
        help="Country (ISO code, e.g. DE) of phone numbers written without their country "
             "code: '0170 1234567' and '0049 170 1234567' both become +491701234567. "
             "Overrides the mapping's region.")] = None,
) -> None:
    """Take FILE into the case through MAPPING, as one transaction.

    The file's sha256 is registered as the source and as its first custody event; every
    value becomes a statement citing the file and row. Invalid values are kept, flagged.
    Re-ingesting the same file through the same mapping changes nothing.
    """
    from tnoc.ingest.pipeline import IngestOptions, ingest_file

    options = IngestOptions(collector, collected_at, legal_basis, tlp, replace,
                            max_expanded_bytes, region)
    with _progress() as progress:
        task = progress.add_task(f"ingest {file.name}")
        report = ingest_file(_open(case), mapping, file, options,
                             lambda stage: progress.update(task,
                                                           description=f"{file.name}: {stage}"))
    if report.status == "already ingested":
        console.print(f"{file} already ingested as {report.source_id} "
                      f"({report.statements:,} statements); nothing to do.")
        return
    console.print(f"[green]Ingested[/] {file} as {report.source_id} (sha256 "
                  f"{report.sha256[:16]}…, encoding {report.encoding}): {report.records:,} "
                  f"records, {report.statements:,} statements, {report.flagged:,} flagged")
    table = Table("schema", "entities")
    for schema, n in report.entities.items():
        table.add_row(schema, f"{n:,}")
    console.print(table)
    for locator, prop, original, flag in report.flag_samples:
        console.print(f"  [yellow]flagged[/] {locator}, {prop}: {original!r}: {flag}")


@app.command()
def sources(case: CaseOpt = Path(".")) -> None:
    """List the sources taken in, with hashes and collection facts."""
    from tnoc.store.query import list_sources

    with _open(case).connect(read_only=True) as con:
        rows = list_sources(con)
    table = Table("source", "file", "sha256", "mapping", "records", "statements", "flagged",
                  "TLP", "collected by")
    for r in rows:
        table.add_row(r["source_id"], r["file_name"], r["sha256"][:16] + "…", r["mapping"],
                      f"{r['records']:,}", f"{r['statements']:,}", f"{r['flagged']:,}",
                      r["handling_code"], r["collector"])
    console.print(table)


@app.command()
def search(
    text: Annotated[str, typer.Argument(help="Text to look for in any value.")],
    case: CaseOpt = Path("."),
    limit: int = 50,
) -> None:
    """Find entities with a value containing TEXT (case-insensitive)."""
    from tnoc.store.query import search as run_search

    with _open(case).connect(read_only=True) as con:
        hits = run_search(con, text, limit)
    table = Table("id", "schema", "caption", "matched", "datasets")
    for h in hits:
        table.add_row(h["canonical_id"], h["schema"], h["caption"],
                      f"{h['prop']}: {h['value'][:60]}", ", ".join(h["datasets"]))
    console.print(table)
    console.print(f"{len(hits)} entities" + (" (limit reached)" if len(hits) == limit else ""))


@app.command()
def show(
    entity_id: Annotated[str, typer.Argument(help="Entity id (see 'tnoc search').")],
    case: CaseOpt = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """Show an entity: each value with its source file, locator, hash and dates."""
    from tnoc.store.query import show_entity

    with _open(case).connect(read_only=True) as con:
        view = show_entity(con, entity_id)
    if as_json:
        console.print_json(json.dumps(view.__dict__, default=str))
        return
    console.print(f"[bold]{view.caption}[/] ({view.schema}, {view.id})")
    table = Table("property", "value", "original", "flag", "source file", "locator", "sha256")
    for s in view.statements:
        table.add_row(s["prop"], str(s["value"])[:80], str(s["original_value"] or "")[:40],
                      s["flag"] or "", s["file_name"], s["locator"], s["sha256"][:12] + "…")
    console.print(table)
    if view.referenced_by:
        # grouped by how they refer (CommunicationLink.sender, GroupPriority.member...),
        # so an analysis result is not hidden behind hundreds of calls
        groups: dict[str, list[str]] = {}
        for r in view.referenced_by:
            groups.setdefault(f"{r['schema']}.{r['prop']}", []).append(str(r["entity"]))
        console.print("Referred to by:")
        for how, entities in sorted(groups.items()):
            more = f" and {len(entities) - 3:,} more" if len(entities) > 3 else ""
            console.print(f"  {how} ({len(entities):,}): {', '.join(entities[:3])}{more}")


@app.command()
def resolve(
    case: CaseOpt = Path("."),
    threshold: Annotated[float, typer.Option(
        help="Match probability a pair needs to become a candidate.")] = 0.5,
    seed: Annotated[int, typer.Option(
        help="Seed of the random pairs that measure how often fields agree by chance; "
             "the same seed and data give the same candidates.")] = 1,
    em: Annotated[bool, typer.Option(
        help="Refine the prior m probabilities by expectation maximisation (off: EM is "
             "misled by correlated fields on real lists; see docs/resolution.md).")] = False,
    max_block_pairs: Annotated[int, typer.Option(
        help="Pairs blocking may make: each rule takes its coarsest form within a "
             "quarter of this; a rule that cannot is left out and reported.")] = 20_000_000,
    probabilistic: Annotated[bool, typer.Option(
        help="Run the probabilistic model (else: shared strong identifiers only).")] = True,
    as_json: Annotated[bool, typer.Option(
        "--json", help="One JSON object: each group's counts, runs and fallbacks, and every "
                       "candidate pair with its probability and reason.")] = False,
) -> None:
    """Propose candidate links: a probabilistic model per group of schemata (people,
    organisations, vessels, aircraft, vehicles, accounts), then shared strong
    identifiers for everything else.

    Every name of an entity takes part (aliases, previous names; weak aliases weigh
    less), a rare name counts more than a common one, and only entities that can be one
    object are compared (never calls, messages or payments; never a person with a
    company). Nothing is merged: review the candidates with 'tnoc review' or 'tnoc
    merge'.
    """
    from tnoc.resolve.model import ModelOptions
    from tnoc.resolve.run import resolve_case

    options = ModelOptions(threshold=threshold, max_block_pairs=max_block_pairs, seed=seed,
                           em=em)
    with _progress() as progress:
        task = progress.add_task("resolve")
        summary = resolve_case(_open(case), options, probabilistic,
                               lambda m: progress.update(task, description=m))
    ids = summary.identifiers
    if as_json:
        from tnoc.resolve.review import batch_candidates

        with _open(case).connect(read_only=True) as con:
            candidates = batch_candidates(con, summary.batch)
        print(json.dumps({
            "batch": summary.batch,
            "groups": [{k: v for k, v in asdict(g).items() if k != "compared"}
                       for g in summary.groups],
            "identifiers": asdict(ids), "candidates": candidates}, default=str))
        return
    table = Table("group", "entities", "names", "candidate pairs", "notes",
                  title="Candidate links (nothing merged)")
    for g in summary.groups:
        if g.records == 0:
            continue
        notes = g.skipped or (f"{g.without_name:,} without a readable name: by "
                              "identifiers only" if g.without_name else "")
        table.add_row(g.group, f"{g.records:,}", f"{g.names:,}", f"{g.candidates:,}", notes)
    table.add_row("strong identifiers", "", "", f"{ids.candidates:,}",
                  "pairs the model did not compare")
    console.print(table)
    runs = [f"{g.group} {g.run_id}" for g in summary.groups if g.run_id]
    console.print("runs: " + ", ".join([*runs, f"identifiers {ids.run_id}"]), soft_wrap=True)
    for g in summary.groups:
        for fallback in g.fallbacks:
            console.print(f"  [yellow]{g.group}: fell back[/]: {fallback}", soft_wrap=True)
    for kind, value, n in ids.too_common[:10]:
        console.print(f"  [yellow]not linked[/]: {kind} {value!r} is shared by {n} entities")
    if len(ids.too_common) > 10:
        console.print(f"  and {len(ids.too_common) - 10} more identifiers shared too widely")
    total = sum(g.candidates for g in summary.groups) + ids.candidates
    if total:
        console.print(f"Review the {total:,} candidates, most uncertain first: tnoc review")


@app.command()
def review(
    case: CaseOpt = Path("."),
    limit: Annotated[int, typer.Option(min=1, help="Pairs to show at most.")] = 50,
    author: Annotated[str | None, typer.Option(help="Your name for the record.")] = None,
) -> None:
    """Judge the latest 'tnoc resolve' candidates, most uncertain first: \\[a]ccept,
    \\[r]eject, \\[u]nsure, \\[s]kip, \\[q]uit. Each answer is a judgement recorded with
    your name and the time (see 'tnoc judgements'; 'tnoc undo' takes one back)."""
    from tnoc.resolve.judgements import IncompatibleSchemata, MergeConflict, judge
    from tnoc.resolve.review import evidence, queue_size, review_queue

    verdicts = {"a": "positive", "r": "negative", "u": "unsure"}
    handle = _open(case)
    with handle.connect() as con:
        queue = review_queue(con, limit)
        waiting = queue_size(con)
    if not queue:
        console.print("Nothing to review: run 'tnoc resolve' first, or all pairs are judged.")
        return
    if waiting > len(queue):
        console.print(f"{waiting:,} pairs wait for a judgement; the {len(queue):,} most "
                      "uncertain follow (--limit for more).")
    done = 0
    for number, pair in enumerate(queue, start=1):
        with handle.connect() as con:
            left, right = evidence(con, pair.left_id), evidence(con, pair.right_id)
        probability = 1.0 if pair.match_probability is None else pair.match_probability
        table = Table("property", pair.left_id, pair.right_id,
                      title=f"{number} of {len(queue)}: p={probability:.3f}")
        props = sorted({r["prop"] for r in left} | {r["prop"] for r in right})
        for prop in props:
            cell = [", ".join(f"{r['value']} [{r['file_name']} {r['locator']}]"
                              for r in side if r["prop"] == prop)[:300] for side in (left, right)]
            table.add_row(prop, *cell)
        console.print(table)
        console.print(f"why: {pair.reason}", soft_wrap=True, highlight=False)
        answer = ""
        while answer not in ("a", "r", "u", "s", "q"):
            if answer:
                console.print("answer a, r, u, s or q")
            answer = typer.prompt("[a]ccept / [r]eject / [u]nsure / [s]kip / [q]uit",
                                  default="s").strip().lower()[:1] or "?"
        if answer == "q":
            break
        if answer == "s":
            continue
        try:
            with handle.transaction() as con:
                judge(con, pair.left_id, pair.right_id, verdicts[answer], author)
            done += 1
        except (MergeConflict, IncompatibleSchemata) as exc:
            err.print(f"[red]not merged:[/] {exc}")
    console.print(f"{done} judgements recorded")


@app.command()
def judgements(
    case: CaseOpt = Path("."),
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """The judgements in force (merges, rejections, unsure), oldest first, with who made
    them and why; take one back with 'tnoc undo JUDGEMENT'."""
    from tnoc.resolve.judgements import active_judgements

    with _open(case).connect(read_only=True) as con:
        active = active_judgements(con)
        notes = dict(con.execute("SELECT judgement_id, note FROM judgements").fetchall()) \
            if active else {}
    if as_json:
        for j in active:
            print(json.dumps({**asdict(j), "note": notes.get(j.judgement_id)}, default=str))
        return
    if not active:
        console.print("No judgements in force.")
        return
    table = Table("judgement", "verdict", "left", "right", "by", "when", "note",
                  title=f"{len(active)} judgements in force")
    for j in active:
        table.add_row(j.judgement_id, j.verdict, j.left_id, j.right_id, j.author,
                      f"{j.created_at:%Y-%m-%d %H:%M}", notes.get(j.judgement_id) or "")
    console.print(table)


@app.command()
def undo(
    judgement: Annotated[str, typer.Argument(help="Judgement id (see 'tnoc judgements').")],
    case: CaseOpt = Path("."),
    author: Annotated[str | None, typer.Option(help="Your name for the record.")] = None,
    note: Annotated[str | None, typer.Option("--reason", help="Why.")] = None,
) -> None:
    """Take a judgement back (recorded as an 'undo' judgement; nothing is deleted). A
    rejected pair can then be merged; a merge undone splits the entities again."""
    from tnoc.resolve.judgements import undo as run_undo

    with _open(case).transaction() as con:
        record = run_undo(con, judgement, author, note)
    console.print(f"undid {judgement} ({record})")


@app.command()
def merge(
    left: Annotated[str, typer.Argument(help="Entity id.")],
    right: Annotated[str, typer.Argument(help="Entity id judged the same.")],
    case: CaseOpt = Path("."),
    author: Annotated[str | None, typer.Option(help="Your name for the record.")] = None,
    note: Annotated[str | None, typer.Option(
        "--reason", "--note", help="Why; recorded with the judgement.")] = None,
    force: Annotated[bool, typer.Option(
        help="Merge even entities whose schemata cannot be one object (a Person and an "
             "Organization); needs --reason.")] = False,
) -> None:
    """Judge two entities the same (a positive judgement); undo with 'tnoc split'.

    Entities that cannot be one object (FtM's schemata have no common schema, e.g. a
    Person and an Organization) are refused and nothing changes, unless --force is given
    with a --reason.
    """
    from tnoc.resolve.judgements import judge

    with _open(case).transaction() as con:
        judgement = judge(con, left, right, "positive", author, note, force=force)
        canonical = con.execute("SELECT canonical_id FROM canonical_map WHERE entity_id IN "
                                "(?, ?) LIMIT 1", [left, right]).fetchone()
    console.print(f"merged {left} and {right} as {canonical[0] if canonical else left} "
                  f"({judgement})")


@app.command()
def split(
    entity_id: Annotated[str, typer.Argument(help="Entity to take out of its merge.")],
    case: CaseOpt = Path("."),
    author: Annotated[str | None, typer.Option(help="Your name for the record.")] = None,
) -> None:
    """Undo every merge of ENTITY_ID (recorded as 'undo' judgements; nothing is deleted)."""
    from tnoc.resolve.judgements import split as run_split

    with _open(case).transaction() as con:
        undone = run_split(con, entity_id, author)
    console.print(f"undid {len(undone)} judgements: {', '.join(undone)}")


@app.command()
def screen(
    case: CaseOpt = Path("."),
    lists: Annotated[list[str] | None, typer.Option(
        "--list", help="Dataset to screen against (repeatable); default: the sanctions "
                       "and address lists the case holds.")] = None,
    min_similarity: Annotated[float, typer.Option(
        min=0.5, max=1.0, help="Jaro-Winkler at which two words of a name count as the "
                               "same word.")] = 0.9,
    show: Annotated[int, typer.Option(min=1, help="Hits to print.")] = 30,
) -> None:
    """Screen the case's entities against sanctions and watch lists in the store: every
    name and alias, transliterated, in any word order; crypto addresses in any spelling.
    A case with no list is refused (0 hits would read as clean)."""
    from tnoc.resolve.screening import screen as run_screen

    with _open(case).transaction() as con:
        result = run_screen(con, tuple(lists) if lists else None, min_similarity)
        hits = con.execute(
            "SELECT subject_id, list_entity_id, list_dataset, score, reason FROM "
            "screening_hits WHERE run_id = ? ORDER BY score DESC, subject_id LIMIT ?",
            [result.run_id, show]).fetchall()
    shown = f", the first {len(hits)} shown (--show for more)" if result.hits > len(hits) \
        else ""
    table = Table("subject", "listed entity", "list", "score", "reason",
                  title=f"{result.hits:,} hits for {result.subjects:,} subjects{shown}")
    for row in hits:
        table.add_row(row[0], row[1], row[2], f"{row[3]:.2f}", row[4])
    console.print(table)
    console.print(f"run {result.run_id}")


@export_app.command("ftm")
def export_ftm(
    out: Annotated[Path, typer.Argument(help="Output .ftm.json file, or - for stdout.")],
    case: CaseOpt = Path("."),
    schema: Annotated[list[str] | None, typer.Option(
        "--schema", help="Only this schema, with linked entities (repeatable).")] = None,
    tlp: Annotated[str | None, typer.Option(
        "--tlp", help="Share: withhold values from sources stricter than this code.")] = None,
    pseudonymise: Annotated[bool, typer.Option(
        "--pseudonymise", help="Share: keyed HMAC pseudonyms for people.")] = False,
) -> None:
    """Entities as FollowTheMoney JSON lines (valid values only). With no option: the
    whole case, for another TNOC case or Aleph of the same unit; with --schema, --tlp or
    --pseudonymise: a shareable selection under handling rules, recorded in the ledger."""
    if schema or tlp or pseudonymise:
        from tnoc.exchange.export import export_case

        if str(out) == "-":
            raise TnocError("a shared export is written to a file (it is hashed and "
                            "recorded); give a file name")
        result = export_case(_open(case), "ftm", out, schemata=schema or (),
                             sources=() if schema else _all_sources(case),
                             max_tlp=tlp or "TLP:AMBER", pseudonymise=pseudonymise)
        err.print(f"{result.entities:,} entities written, marked {result.tlp}; "
                  f"{result.withheld_values:,} values withheld by handling")
        return
    from tnoc.exchange.ftm import export_ftm as run

    with _open(case).connect(read_only=True) as con:
        count, left_out = run(con, sys.stdout if str(out) == "-" else out)
    err.print(f"{count:,} entities written; {left_out:,} flagged values left out")


def _all_sources(case: Path) -> list[str]:
    with _open(case).connect(read_only=True) as con:
        return [str(r[0]) for r in con.execute("SELECT source_id FROM sources").fetchall()]


@export_app.command("parquet")
def export_parquet(
    folder: Annotated[Path, typer.Argument(help="Folder for statements/sources.parquet.")],
    case: CaseOpt = Path("."),
) -> None:
    """Statements and sources as Parquet (for Spark, notebooks, another case)."""
    from tnoc.store.parquet import export_parquet as run

    with _open(case).connect(read_only=True) as con:
        counts = run(con, folder)
    console.print(f"wrote {counts['statements']:,} statements, {counts['sources']} sources "
                  f"to {folder}")


@import_app.command("parquet")
def import_parquet(
    folder: Annotated[Path, typer.Argument(help="Folder written by 'tnoc export parquet'.")],
    case: CaseOpt = Path("."),
) -> None:
    """Add statements exported from another case (idempotent)."""
    from tnoc.store.parquet import import_parquet as run

    with _open(case).transaction() as con:
        counts = run(con, folder)
    console.print(f"imported {counts['statements']:,} new statements")


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Where to build the demo case.")] = Path(
        "demo-case"),
    fresh: Annotated[bool, typer.Option(help="Delete an existing demo case first.")] = False,
) -> None:
    """Build the demo case from the bundled real data (all four domains) and write
    reports/case-summary.html and the threat assessment (reports/threat-assessment.html
    and .pdf)."""
    from tnoc.demo import build_demo

    with _progress() as progress:
        task = progress.add_task("demo")
        try:
            result = build_demo(directory, fresh,
                                lambda msg: progress.update(task, description=msg))
        except TnocError as exc:
            raise TnocError(f"{exc}\n(to rebuild the demo case from scratch: "
                            f"tnoc demo {directory} --fresh)") from exc
    table = Table("domain", "file", "records", "statements", "flagged", title="Demo case")
    for domain, rel, records, statements, flagged in result.rows:
        table.add_row(domain, rel, f"{records:,}", f"{statements:,}", f"{flagged:,}")
    console.print(table)
    from tnoc.store.query import case_summary as summarise

    with result.case.connect(read_only=True) as con:
        summary = summarise(con)
    per_schema = ", ".join(f"{k} {v:,}" for k, v in summary["entities_per_schema"].items())
    console.print(f"{summary['sources']} sources, {summary['statements']:,} statements, "
                  f"{summary['entities']:,} entities ({per_schema}); "
                  f"{summary['flagged']:,} values flagged invalid and kept; "
                  f"{summary['custody_events']} custody events")
    if result.verified is not None:
        console.print("verification of exhibits and custody ledger: "
                      + ("[green]PASSED[/]" if result.verified else "[red]FAILED[/] "
                         f"(see 'tnoc verify {directory}')")
                      + f"; court bundle: {result.bundle} (check it with "
                        "'python3 verify_bundle.py' inside it)")
    console.print(f"[green]Demo case ready[/] in {directory}; summary: {result.html}"
                  + (f"; threat assessment: {result.report}" if result.report else ""))


def main() -> None:
    """Entry point: run the app, turning TnocError into a message and exit code."""
    try:
        app()
    except TnocError as exc:
        err.print(f"[red]error:[/] {exc}", highlight=False, soft_wrap=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
