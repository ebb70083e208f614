"""``tnoc``: the command line. Thin: parse, call a module, print.

Every error meant for a person is a :class:`~tnoc.errors.TnocError`; it is printed in
red with the file, row and field it concerns, and the command exits non-zero.
"""

from __future__ import annotations

import json
import shlex
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from tnoc import __version__
from tnoc.cli.access import register as register_access
from tnoc.cli.assess import assess_app, report
from tnoc.cli.common import (
    SEE_ALL,
    AllOpt,
    CaseOpt,
    Column,
    CsvOpt,
    EngineName,
    EngineOpt,
    ForceOpt,
    Format,
    JsonOpt,
    KeptIn,
    Listing,
    SparkMasterOpt,
    _open,
    _progress,
    command_group,
    compartment_of,
    console,
    err,
    known_encoding,
    limit_option,
    notes_console,
    output_format,
    print_listing,
    row_limit,
    safe_markup,
    safe_text,
    say_unaudited,
    service,
    share_limit,
)
from tnoc.cli.evidence import register as register_evidence
from tnoc.cli.exchange import RecipientOpt
from tnoc.cli.exchange import register as register_exchange
from tnoc.cli.intake import register as register_intake
from tnoc.cli.malware import malware_app
from tnoc.cli.markets import register as register_markets
from tnoc.cli.money import money_app
from tnoc.cli.network import network_app
from tnoc.cli.portal import register as register_portal
from tnoc.cli.recorded import recorded
from tnoc.cli.retention import register as register_retention
from tnoc.cli.serve import register as register_serve
from tnoc.cli.trafficking import register as register_trafficking
from tnoc.errors import InputFileError, TnocError, Where

if TYPE_CHECKING:
    from pyspark.sql import SparkSession
    from rich.progress import Progress

    from tnoc.govern.dpia import DpiaRecord
    from tnoc.store import Case

app = command_group(
    help="TNOC: a provenance-tracked evidence base against cyber-enabled transnational "
    "organised crime.\n\nStart with 'tnoc case init CASE', take files in with "
    "'tnoc ingest MAPPING FILE --case CASE', look with 'sources', 'search' and 'show'. "
    "'tnoc demo' builds a whole case from the bundled real data.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
case_app = command_group(help="Create and inspect cases (one directory per case).",
                       no_args_is_help=True)
export_app = command_group(
    help="Share the evidence base: STIX 2.1, MISP, FollowTheMoney, CASE/UCO, Parquet. "
         "Exports honour handling codes (--tlp), can pseudonymise people (--pseudonymise) "
         "and are recorded in the custody ledger.", no_args_is_help=True)
import_app = command_group(help="Take in what partners send (STIX, MISP) or another case "
                              "exported (Parquet).", no_args_is_help=True)
app.add_typer(case_app, name="case")
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")
app.add_typer(network_app, name="network")
app.add_typer(money_app, name="money")
app.add_typer(assess_app, name="assess")
app.add_typer(malware_app, name="malware")
app.command("report")(report)
register_evidence(app)
register_access(app)
register_exchange(export_app, import_app)
register_retention(app)
register_serve(app)
register_intake(app)
register_trafficking(app)
register_markets(app)
register_portal(app)


def _print_version(value: bool) -> None:
    if value:
        console.print(f"tnoc {__version__}")
        raise typer.Exit()


@app.callback()
def _version(
    version: Annotated[bool, typer.Option(
        "--version", help="Print the version and exit.", is_eager=True,
        callback=_print_version)] = False,
) -> None:
    """Options of ``tnoc`` itself (the version)."""


@case_app.command("init")
def case_init(
    directory: Annotated[Path, typer.Argument(help="Directory to create the case in.")],
    name: Annotated[str | None, typer.Option(help="Case name (default: folder name).")] = None,
    dpia: Annotated[Path | None, typer.Option(
        "--dpia", help="The data-protection impact assessment (any document: PDF, DOCX, "
        "Markdown) to keep in the case and record in its ledger (see 'tnoc case dpia').")
    ] = None,
) -> None:
    """Create a case: DIRECTORY/case.duckdb plus exhibits/, ledger/, reports/."""
    from tnoc.govern.dpia import check_document, record_dpia
    from tnoc.store import Case

    if dpia is not None:
        check_document(dpia)  # before the case exists: a bad path creates nothing
    case = Case.init(directory, name)
    console.print(f"Created case [bold]{safe_markup(case.name)}[/] ({case.case_id}) in "
                  f"{safe_markup(directory)}", markup=True)
    if dpia is not None:
        _print_dpia(record_dpia(case, dpia))


def _print_dpia(record: DpiaRecord) -> None:
    console.print(f"Recorded DPIA version {record.version}: {record.name} (sha256 "
                  f"{record.sha256[:12]}…, {record.size_bytes:,} bytes), kept as "
                  f"{record.kept_file}, ledger entry {record.ledger_seq}",
                  markup=False, highlight=False)


@case_app.command("dpia")
def case_dpia(
    document: Annotated[Path | None, typer.Argument(
        help="A (newer) version of the assessment to record; none lists those recorded.")
    ] = None,
    case: CaseOpt = Path("."),
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The case's data-protection impact assessment (GDPR Art. 35, LED 2016/680 Art. 27).

    'tnoc case dpia -c CASE FILE' keeps a copy of FILE in CASE/govern/dpia/ and records
    it in the custody ledger (who, when, sha256); 'tnoc case dpia -c CASE' lists the
    recorded versions, the last being the one in force. 'tnoc verify' re-hashes them.
    """
    from tnoc.govern.dpia import record_dpia, recorded_dpias

    if document is not None:
        _print_dpia(record_dpia(_open(case), document))
        return
    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        found = recorded_dpias(con)
    print_listing(Listing(["version", "document", "sha256", "bytes", "recorded_by",
                           "recorded_at", "ledger_entry", "kept_file"],
                          [(r.version, r.name, r.sha256, r.size_bytes, r.recorded_by,
                            r.recorded_at, r.ledger_seq, r.kept_file) for r in found],
                          title="DPIA versions" if fmt is Format.TABLE else None,
                          what="DPIA versions"), fmt)
    if fmt is Format.TABLE and not found:
        console.print("no DPIA recorded: 'tnoc case dpia -c CASE FILE' records one",
                      markup=False, highlight=False)


@case_app.command("summary")
def case_summary(case: CaseOpt = Path("."), as_json: JsonOpt = False,
                 as_csv: CsvOpt = False) -> None:
    """Counts of sources, statements, flagged values and entities per schema, and where
    custody stands: the ledger's head, its last verification (result, by whom, entries
    recorded since) and its last signed checkpoint."""
    from tnoc.store.query import case_summary as summarise

    fmt = output_format(as_json, as_csv)
    from tnoc.govern.dpia import recorded_dpias

    with _open(case).connect(read_only=True) as con:
        summary = summarise(con)
        dpias = recorded_dpias(con)
    counts: dict[str, object] = {
        k: summary[k] for k in ("sources", "statements", "flagged", "custody_events")}
    counts["custody"] = summary["custody"].as_dict()
    counts["dpia"] = ({"version": dpias[-1].version, "document": dpias[-1].name,
                       "sha256": dpias[-1].sha256, "recorded_at": dpias[-1].recorded_at}
                      if dpias else None)
    print_listing(Listing(["schema", "entities"], list(summary["entities_per_schema"].items()),
                          title=f"Case {case}" if fmt is Format.TABLE else None,
                          what="schemata"), fmt, extra=counts)
    if fmt is Format.TABLE:
        console.print(f"{summary['sources']} sources, {summary['statements']:,} statements, "
                      f"{summary['flagged']:,} flagged values (see 'tnoc flagged'), "
                      f"{summary['custody_events']} custody events")
        console.print(summary["custody"].sentence(), markup=False, highlight=False)
        console.print(f"DPIA: version {dpias[-1].version}, {dpias[-1].name}, recorded "
                      f"{dpias[-1].recorded_at} by {dpias[-1].recorded_by}" if dpias else
                      "DPIA: none recorded ('tnoc case dpia -c CASE FILE')",
                      markup=False, highlight=False)


@case_app.command("lake")
@recorded("case lake")
def case_lake(case: CaseOpt = Path("."), engine: EngineOpt = EngineName.duckdb,
              spark_master: SparkMasterOpt = "local[2]") -> None:
    """Lake mode (big cases): write the large tables (statements, entities, edges, stored
    transfers) as hive-partitioned Parquet under CASE/lake/, statements by source,
    the others by a hash bucket, for Spark or a notebook to read. CASE/lake/manifest.json
    lists each file's sha256 and rows and each table's content hash (over its sorted
    rows: the same whatever the file layout); its sha256 is sealed in the custody
    ledger, and 'tnoc verify' checks the lake against it. An earlier lake is replaced;
    written whole or not at all (docs/scale.md, "Lake mode"). The transfers are
    written when the case keeps them current ('tnoc money typologies' on DuckDB leaves
    them so); none are built here: 'tnoc money typologies --engine spark' builds its own on
    Spark from the lake's statements. --engine spark: DuckDB copies out what only the
    store holds, and Spark computes the entities and edges from the lake's statements
    and every table's content hash (the same hashes as on DuckDB), for a case whose
    entities outgrow one machine.

    Example: tnoc case lake -c CASE --engine spark --spark-master spark://127.0.0.1:7077"""
    from tnoc.money.transfers import write_lake_with_current_transfers
    from tnoc.store.lookup import holds_statements

    opened = _open(case)
    with _progress() as progress:  # on a terminal: each table, with the time elapsed
        task = progress.add_task("lake", total=None)
        written = write_lake_with_current_transfers(
            opened, engine.value, spark_master,
            progress=lambda step: progress.update(task, description=step))
    for name, part in written.manifest["tables"].items():
        if part.get("part_of"):  # the held sources' columns and merges, said below
            continue
        held = part.get("held", [])
        copied = sum(f["rows"] for f in part["files"])
        files = f"{len(part['files']):,} file{'' if len(part['files']) == 1 else 's'}"
        in_place = (f": {copied:,} in {files}, partitioned by {part['partition_by']}, "
                    f"and {part['rows'] - copied:,} read in place from {len(held):,} "
                    "held file(s) under held/ (not copied)" if held
                    else f" in {files}, partitioned by {part['partition_by']}")
        console.print(f"{name}: {part['rows']:,} rows{in_place}; content sha256 "
                      f"{part['content_sha256']}", markup=False, highlight=False)
    if "transfers" not in written.manifest["tables"]:
        with opened.connect(read_only=True) as con:
            payments = holds_statements(con, "Payment")
        if payments:
            console.print("transfers: not written (the case keeps no current build of "
                          "them, as 'tnoc money typologies' on DuckDB leaves one; 'tnoc "
                          "money typologies --engine spark' needs none)", markup=False,
                          highlight=False)
    console.print(f"wrote {written.folder}; manifest sha256 {written.manifest_sha256} "
                  "sealed in the custody ledger", markup=False, highlight=False)


@app.command()
def mappings(as_json: JsonOpt = False, as_csv: CsvOpt = False) -> None:
    """List the mappings shipped with TNOC (use their name as MAPPING)."""
    from tnoc.ingest.mapping import load_mapping, shipped_mappings

    fmt = output_format(as_json, as_csv)
    rows = []
    for name in shipped_mappings():
        m = load_mapping(name)
        rows.append((name, m.reader.format, m.dataset, " ".join(m.description.split())))
    print_listing(Listing(["mapping", "reader", "dataset", Column("description", width=90)],
                          rows, what="mappings"), fmt)


@app.command()
def schema(
    name: Annotated[str | None, typer.Argument(
        help="Schema to describe, e.g. Call, Person, DarknetListing; none lists them all.")
    ] = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The data model: the schemata, or one schema's properties (what a mapping writes).

    'tnoc schema' lists every schema (FtM's and TNOC's own) and what it extends;
    'tnoc schema Call' lists the properties of a call: name (as in a mapping), label,
    value type (phone, country, date... decide how values are cleaned), the schema an
    entity reference points at, and the schema each property comes from.
    """
    from tnoc.model.describe import describe_schema, list_schemata

    fmt = output_format(as_json, as_csv)
    if name is None:
        rows = [(s.name, s.label, ", ".join(s.extends), s.origin, s.abstract)
                for s in list_schemata()]
        print_listing(Listing(["schema", "label", "extends", "origin", "abstract"], rows,
                              what="schemata"), fmt)
        return
    info = describe_schema(name)
    props = [(p.name, p.label, p.type, p.entity_reference, p.reference or "", p.declared_in,
              p.reverse) for p in info.properties]
    title = f"{info.name} ({info.label}), extends {', '.join(info.extends) or 'nothing'}"
    print_listing(Listing(["property", "label", "type", "entity reference", "range",
                           "from schema", "reverse"], props, what="properties",
                          title=title if fmt is Format.TABLE else None), fmt,
                  extra={"schema": info.name, "label": info.label,
                         "extends": list(info.extends), "origin": info.origin,
                         "abstract": info.abstract, "description": info.description})


@contextmanager
def _ingest_spark(engine: EngineName, master: str, case: Case, progress: Progress
                  ) -> Iterator[Callable[[], SparkSession] | None]:
    """What starts the Spark session ``tnoc ingest --engine spark`` maps the file on,
    once the intake has read and checked the file (so a file already taken in, or not
    readable as the mapping says, is said without waiting for Spark), stopped after
    the intake; or None."""
    if engine is not EngineName.spark:
        yield None
        return
    from tnoc.store.case_engine import start_spark
    from tnoc.store.spark_interrupt import spark_interrupts, stop_session

    started: list[SparkSession] = []

    def session() -> SparkSession:
        if not started:
            task = progress.add_task(f"starting spark on {master}")
            started.append(start_spark(master, case.scratch))
            progress.remove_task(task)
        return started[0]

    with spark_interrupts():  # Ctrl-C: exit 130, the intake rolled back, as on DuckDB
        try:
            yield session
        finally:
            for running in started:
                with suppress(Exception):  # a JVM that died must not hide the intake's error
                    stop_session(running)


@app.command()
def ingest(
    mapping: Annotated[str, typer.Argument(
        help="Shipped mapping name (listed with 'tnoc mappings') or a mapping YAML file.")],
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
    encoding: Annotated[str | None, typer.Option(
        metavar="NAME", callback=known_encoding,
        help="The file's text encoding (e.g. cp1252, latin-1, cp1250), when the guess is "
             "wrong or flagged as doubtful. Overrides the mapping's reader.encoding.")
    ] = None,
    engine: Annotated[EngineName, typer.Option(
        "--engine", help="Where the file is mapped and its values cleaned: 'duckdb' (the "
                         "case's store) or 'spark' (the same statements; the file is "
                         "still read and checked here; see docs/scale.md).",
        show_default=True)] = EngineName.duckdb,
    spark_master: SparkMasterOpt = "local[2]",
    statements: Annotated[KeptIn, typer.Option(
        "--statements", help="Where the source's statements are kept: 'store' (the "
                             "case's DuckDB file) or 'parquet' (the Parquet files the "
                             "engine wrote, under CASE/held/SOURCE/, read through the "
                             "store's views by every command: for a source too big for "
                             "one machine's store; docs/scale.md).",
        show_default=True)] = KeptIn.store,
) -> None:
    """Take FILE into the case through MAPPING, as one transaction.

    The file's sha256 is registered as the source and as its first custody event; every
    value becomes a statement citing the file and row. Invalid values are kept, flagged.
    Re-ingesting the same file through the same mapping changes nothing, except that
    a preserved copy found missing is restored from it (same sha256, recorded). A
    killed ingest is finished or undone by the next command that writes to the case.

    --engine spark maps the file on Spark (--spark-master local[N] or a cluster) and
    records that in the custody entry; the statements are the same as on DuckDB.
    --statements parquet keeps them as the Parquet files the engine wrote (each listed
    with its sha256; 'tnoc verify' re-hashes them), not in the DuckDB file.

    Example: tnoc ingest saml_d payments.csv -c CASE --engine spark --spark-master local[4]
    --statements parquet
    """
    from tnoc.exchange.intake import register_readers
    from tnoc.ingest.pipeline import IngestOptions, ingest_file
    from tnoc.store.held import HELD_DIR

    register_readers()  # partners' formats (STIX, MISP, CASE/UCO, GEXF, GraphML)
    options = IngestOptions(collector, collected_at, legal_basis, tlp, replace,
                            statements is KeptIn.parquet, max_expanded_bytes, region,
                            encoding)
    opened = _open(case)
    if engine is EngineName.spark and not file.is_file():  # said before Spark starts
        raise InputFileError("no such file", Where(file))
    with _progress() as progress, _ingest_spark(engine, spark_master, opened,
                                                progress) as spark:
        task = progress.add_task(f"ingest {file.name}")
        report = ingest_file(opened, mapping, file, options,
                             lambda stage: progress.update(task,
                                                           description=f"{file.name}: {stage}"),
                             spark=spark)
    service(case).concern(sources=[report.source_id])
    for note in report.notes:  # e.g. ids under the old id rule: what to re-ingest
        err.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)
    if report.status.startswith("already ingested"):  # or "(under the id of earlier ...)"
        console.print(f"{file} {report.status} as {report.source_id} "
                      f"({report.statements:,} statements); nothing to do.")
        return
    if report.status == "exhibit restored":  # source committed, preserved copy was gone
        console.print(f"{safe_markup(file)} already ingested as {report.source_id} "
                      f"({report.statements:,} statements); its missing exhibit was "
                      "restored from this file (same sha256).")
        return
    # a reader of a binary format (a workbook, Parquet) has no text encoding to say
    encoding = "" if report.encoding is None else f", encoding {report.encoding}"
    console.print(f"[green]Ingested[/] {safe_markup(file)} as {report.source_id} (sha256 "
                  f"{report.sha256}{encoding}): {report.records:,} "
                  f"records, {report.statements:,} statements, {report.flagged:,} flagged",
                  markup=True)
    if report.held_files:
        console.print(f"statements held as {report.held_files:,} Parquet file(s), their "
                      "seal's digests in one more and their references ordered by value "
                      "(for lookups) in another, under "
                      f"{safe_text(str(opened.root / HELD_DIR / report.source_id))} "
                      "(not in the DuckDB file)", markup=False, highlight=False)
    table = Table("schema", "entities")
    for schema, n in report.entities.items():
        table.add_row(schema, f"{n:,}")
    console.print(table)
    for locator, prop, original, flag in report.flag_samples:
        # the value as written, never read as Rich markup (a file may hold '[red]')
        console.print(Text.assemble(("  flagged ", "yellow"),
                                    safe_text(f"{locator}, {prop}: {original!r}: {flag}")))
    if report.flagged:
        shown = len(report.flag_samples)
        console.print(f"{report.flagged:,} values flagged"
                      + (f" ({shown} shown above)" if shown < report.flagged else "")
                      + f"; 'tnoc flagged -c {shlex.quote(str(case))} --source "
                        f"{shlex.quote(file.name)}' lists them all",
                      highlight=False)


@app.command()
def sources(case: CaseOpt = Path("."), as_json: JsonOpt = False,
            as_csv: CsvOpt = False) -> None:
    """List the sources taken in, with hashes and collection facts, in intake order,
    and where each one's statements are kept: 'store' (the case's DuckDB file) or
    'held' (Parquet under CASE/held/, 'tnoc ingest --statements parquet').

    The table elides the sha256 on a terminal; a pipe, --json and --csv give it whole
    (--json and --csv also give size, encoding, legal basis and times)."""
    fmt = output_format(as_json, as_csv)
    opened = service(case)
    rows = opened.sources()
    say_unaudited(opened)
    if fmt is not Format.TABLE:  # the same columns for a case with no source yet
        from tnoc.store.query import SOURCE_KEYS

        keys = list(rows[0]) if rows else SOURCE_KEYS
        print_listing(Listing(keys, [list(r.values()) for r in rows], what="sources"), fmt)
        return
    print_listing(Listing(
        ["source", "file", Column("sha256", width=17), "mapping", "records", "statements",
         "flagged", "kept in", "TLP", "collected by"],
        [[r["source_id"], r["file_name"], r["sha256"], r["mapping"], r["records"],
          r["statements"], r["flagged"], r["kept_in"], r["handling_code"], r["collector"]]
         for r in rows],
        what="sources"), fmt)


@app.command()
def flagged(
    case: CaseOpt = Path("."),
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="Only this source id or file name (repeatable).")] = None,
    prop: Annotated[list[str] | None, typer.Option(
        "--property", "--prop", help="Only this property, e.g. birthDate or "
                                     "Person.birthDate (repeatable).")] = None,
    reason: Annotated[str | None, typer.Option(
        help="Only flags whose reason contains this text, e.g. 'country'.")] = None,
    limit: Annotated[int | None, limit_option(100, "Flagged values")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Every value an ingest flagged as invalid and kept: the source file and row, the
    entity and property it was meant for, the value as written and why it was flagged,
    in intake order and by row.

    Examples: tnoc flagged -c CASE --source ofac_sdn_2024-05-03.csv;
    tnoc flagged -c CASE --property birthDate --csv > dates.csv"""
    from tnoc.store.flagged import flagged_values

    fmt = output_format(as_json, as_csv)
    with _open(case).connect(read_only=True) as con:
        read = compartment_of(case)  # the sources within the member's clearance
        values, total = flagged_values(con, read.sources if read else source or (),
                                       prop or (), reason,
                                       row_limit(limit, all_rows, 100, fmt)) \
            if read is None or read.sources else ([], 0)
    if read is not None and read.left_out and read.handling_code:
        notes_console(fmt).print(f"handling: {read.handling_code} (the strictest code of "
                                 f"the {len(read.sources):,} source(s) read)",
                                 highlight=False, markup=False)
    if not total and fmt is Format.TABLE:
        console.print("No flagged values" + (" match" if source or prop or reason
                                             else " in this case") + ".")
        return
    print_listing(Listing(
        ["file", "row", "entity", "schema", "property",
         Column("value as written", "original_value"), "reason",
         Column("source", "source_id")],
        [(v.file_name, v.locator, v.entity_id, v.schema, v.prop, v.original_value, v.reason,
          v.source_id) for v in values],
        total=total, what="flagged values"), fmt)


@app.command()
def search(
    text: Annotated[str, typer.Argument(
        help="Words (all must match, in any order, in any script, with a typo or two), "
             "an identifier, \"a phrase\", OR between alternatives, -word to exclude.")],
    case: CaseOpt = Path("."),
    limit: Annotated[int | None, limit_option(50, "Entities per page", "--limit")] = None,
    page: Annotated[int, typer.Option(min=1, help="Page of hits to show (1: the best).")] = 1,
    offset: Annotated[int | None, typer.Option(
        min=0, help="Hits to skip (instead of --page).")] = None,
    all_rows: AllOpt = False,
    as_json: Annotated[bool, typer.Option(
        "--json", help="One JSON document: total, offset, facets, dates and the hits "
                       "(rows).")] = False,
    as_csv: CsvOpt = False,
) -> None:
    """Find entities by name (any script, typos, phonetics), identifier or text, best
    first, with the total and counts per schema, source, country, handling code, list
    program and year (from the case's search index, 'tnoc index'; without one, a scan
    for values containing TEXT)."""
    fmt = output_format(as_json, as_csv)
    shown = row_limit(limit, all_rows, 50, fmt)
    size = 2**62 if shown is None else shown
    skip = offset if offset is not None else (page - 1) * (shown or 0)
    found = service(case).find(text, size, skip)
    hits = found.hits
    notes = notes_console(fmt)
    if found.notice:
        notes.print(found.notice, style="yellow", markup=False, highlight=False)
    listing = Listing(
        ["id", "schema", "caption", Column("matched", "matched_property"),
         Column("value", "matched_value", width=60), "datasets"],
        [(h["canonical_id"], h["schema"], h["caption"], h["prop"], h["value"],
          h.get("datasets")) for h in hits],
        # on a terminal the paging line below says how many and which page, once
        total=None if fmt is Format.TABLE else found.total, what="entities")
    print_listing(listing, fmt, extra={
        "offset": skip, "engine": found.engine, "facets": found.facets,
        "dates": found.dates} if fmt is Format.JSON else None)
    if fmt is Format.TABLE:
        last = skip + len(hits)
        console.print(f"{found.total:,} {'entity' if found.total == 1 else 'entities'}" + (
            f"; showing {skip + 1:,}-{last:,}" if hits and (skip or last < found.total)
            else "") + (f" (next: --page {page + 1})" if offset is None and shown
                        and last < found.total else ""), markup=False, highlight=False)
        for facet, buckets in found.facets.items():
            if buckets:
                console.print(f"{FACET_TITLES[facet]}: " + ", ".join(
                    f"{b['label']} {b['count']:,}" for b in buckets), markup=False,
                    highlight=False)
        if found.dates.get("first"):
            console.print(f"dated facts: {found.dates['first']} to {found.dates['last']}",
                          markup=False, highlight=False)


FACET_TITLES = {"schema": "schema", "dataset": "dataset", "source": "source", "country": "country",
                "code": "handling code", "program": "list program", "year": "year"}


@app.command("index")
def index_command(case: CaseOpt = Path(".")) -> None:
    """Rebuild the case's search index (CASE/index/: names in every script,
    identifiers, addresses, text, facets); recorded in the custody ledger. Searching
    rebuilds a stale index by itself; this builds the first one."""
    with _progress() as progress:
        task = progress.add_task("index")
        built = service(case).build_index(
            lambda done, total: progress.update(task, completed=done, total=total))
    console.print(f"indexed {built.entities:,} entities ({built.documents:,} documents) "
                  f"in {built.seconds:.1f} s", markup=False, highlight=False)


@app.command()
def show(
    entity_id: Annotated[str, typer.Argument(
        metavar="ENTITY", help="Entity id, or a name, alias or identifier borne by one "
                               "entity (see 'tnoc search').")],
    case: CaseOpt = Path("."),
    as_json: Annotated[bool, typer.Option(
        "--json", help="The whole dossier as one JSON document (each section with its "
                       "total).")] = False,
    as_csv: Annotated[bool, typer.Option(
        "--csv", help="The values with their sources as CSV with a header.")] = False,
    html: Annotated[Path | None, typer.Option(
        "--html", help="Also write the dossier to this HTML file (recorded in the custody "
                       "ledger as a disclosure).")] = None,
    pdf: Annotated[Path | None, typer.Option(
        "--pdf", help="Also write the dossier to this PDF file (recorded likewise).")] = None,
    force: ForceOpt = False,
    limit: Annotated[int | None, limit_option(10, "Rows of each kind of link and of the "
                                                  "timeline")] = None,
    all_rows: AllOpt = False,
) -> None:
    """Show an entity's dossier: each value with its source file, locator, handling code
    and hash (conflicting values side by side); links in and out by kind with the
    counterpart's name; the analysis results that mention it; a timeline of its dated
    facts; candidate duplicates and judgements.

    ENTITY is an id or a name: 'tnoc show "KALASHNIKOV CONCERN"'; a name several
    entities bear lists them with their ids."""
    from tnoc.cli.dossier import print_dossier

    fmt = output_format(as_json, as_csv)
    each = row_limit(limit, all_rows, 10, fmt)
    gate = service(case)
    found = gate.dossier(entity_id, each)
    # written before printing: a refused or failed export prints no dossier either
    written = [gate.dossier_export(found, out, kind, force)
               for out, kind in ((html, "html"), (pdf, "pdf")) if out is not None]
    print_dossier(found, fmt)
    for done in written:
        notes_console(fmt).print(f"dossier written to {done.path} (sha256 "
                                 f"{done.sha256[:12]}…), recorded in the custody ledger",
                                 highlight=False)


@app.command()
@recorded("resolve")
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
    engine: Annotated[EngineName, typer.Option(
        "--engine", help="Where the records are built and the probabilistic model "
                         "estimated and applied: 'duckdb' (this machine, from the case's "
                         "store) or 'spark' (from the case's lake: the records built, the "
                         "names normalised, the pairs compared and scored on Spark's "
                         "executors, with Splink's SparkAPI; needs pyspark, Java 17 and a "
                         "lake as the case is now: 'tnoc case lake'). Only the candidates "
                         "come back to this process; the case is closed while Spark runs "
                         "(other commands may open it meanwhile; an intake, judgement or "
                         "destruction meanwhile is refused, nothing saved).",
                         show_default=True)] = EngineName.duckdb,
    spark_master: SparkMasterOpt = "local[2]",
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

    --engine spark runs the same records and model on Spark (local threads, or a
    cluster with --spark-master spark://HOST:PORT), read from the case's lake; the
    run's ledger entry names the engine and the lake's sealed manifest.

    Example: tnoc case lake -c CASE && tnoc resolve -c CASE --engine spark
    --spark-master spark://127.0.0.1:7077
    """
    from tnoc.resolve.model import ModelOptions
    from tnoc.resolve.run import resolve_case

    options = ModelOptions(threshold=threshold, max_block_pairs=max_block_pairs, seed=seed,
                           em=em)
    with _progress() as progress:
        task = progress.add_task("resolve")
        summary = resolve_case(_open(case), options, probabilistic,
                               lambda m: progress.update(task, description=m),
                               engine=engine.value, master=spark_master)
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
            console.print(f"  [yellow]{safe_markup(g.group)}: fell back[/]: "
                          f"{safe_markup(fallback)}", soft_wrap=True, markup=True)
    for kind, value, n in ids.too_common[:10]:
        console.print(f"  [yellow]not linked[/]: {safe_markup(kind)} {safe_markup(repr(value))}"
                      f" is shared by {n} entities", markup=True)
    if len(ids.too_common) > 10:
        console.print(f"  and {len(ids.too_common) - 10} more identifiers shared too widely")
    total = sum(g.candidates for g in summary.groups) + ids.candidates
    if total:
        console.print(f"Review the {total:,} candidates, most uncertain first: tnoc review")


@app.command()
def review(
    case: CaseOpt = Path("."),
    limit: Annotated[int | None, limit_option(50, "Pairs", "--limit")] = None,
    all_rows: AllOpt = False,
    author: Annotated[str | None, typer.Option(help="Your name for the record.")] = None,
) -> None:
    """Judge the latest 'tnoc resolve' candidates, most uncertain first: \\[a]ccept,
    \\[r]eject, \\[u]nsure, \\[s]kip, \\[q]uit. Each answer is a judgement recorded with
    your name and the time (see 'tnoc judgements'; 'tnoc undo' takes one back).
    'tnoc candidates' lists the pairs waiting without asking."""
    from tnoc.resolve.judgements import IncompatibleSchemata, MergeConflict, judge
    from tnoc.resolve.review import evidence, queue_size, review_queue
    from tnoc.store.lookup import captions

    verdicts = {"a": "positive", "r": "negative", "u": "unsure"}
    handle = _open(case)
    shown = row_limit(limit, all_rows, 50, Format.TABLE)
    from tnoc.govern.compartments import withheld_entities

    with handle.connect() as con:
        queue = review_queue(con, 2**62 if shown is None else shown)
        waiting = queue_size(con)
        # a citizen reporter's values are withheld whatever the clearance, from all but
        # the member a release in force was granted to; such a side named by its id
        withheld = frozenset(withheld_entities(con, service(case).session.user))
    if not queue:
        console.print("Nothing to review: run 'tnoc resolve' first, or all pairs are judged.")
        return
    console.print(f"{waiting:,} pairs wait for a judgement, most uncertain first"
                  + (f"; showing {len(queue):,} of {waiting:,}; {SEE_ALL}"
                     if waiting > len(queue) else "") + ".", highlight=False)
    done = 0
    for number, pair in enumerate(queue, start=1):
        with handle.connect() as con:
            left, right = (evidence(con, pair.left_id, withheld),
                           evidence(con, pair.right_id, withheld))
            names = {e: n for e, n in captions(con, [pair.left_id, pair.right_id]).items()
                     if e not in withheld}
        score = ("claimed by a received file, not scored" if pair.probability is None
                 else f"p={pair.probability:.3f}")
        table = Table("property", title=f"pair {number:,} of {len(queue):,}"
                      + (f" shown ({waiting:,} waiting)" if waiting > len(queue) else "")
                      + f": {score}")
        for entity in (pair.left_id, pair.right_id):  # Text: a name is not markup
            table.add_column(Text(safe_text(f"{names.get(entity, entity)} ({entity})")))
        props = sorted({r["prop"] for r in left} | {r["prop"] for r in right})
        for prop in props:
            cell = [Text(safe_text(", ".join(f"{r['value']} [{r['file_name']} {r['locator']}]"
                                             for r in side if r["prop"] == prop)))
                    for side in (left, right)]  # Text: '[file row]' is not markup
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
            err.print(f"[red]not merged:[/] {safe_markup(exc)}", markup=True)
    console.print(f"{done} judgements recorded")


@app.command()
def candidates(
    case: CaseOpt = Path("."),
    limit: Annotated[int | None, limit_option(50, "Pairs")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The review queue without questions: the latest 'tnoc resolve' candidate pairs
    that wait for a judgement, most uncertain first, by name and id, with the match
    probability and why they were proposed. Judge them with 'tnoc review'."""
    from tnoc.resolve.review import queue_size, review_queue
    from tnoc.store.lookup import captions

    fmt = output_format(as_json, as_csv)
    shown = row_limit(limit, all_rows, 50, fmt)
    with _open(case).connect() as con:  # not read-only: the queue's tables are made
        queue = review_queue(con, 2**62 if shown is None else shown)  # on first use
        waiting = queue_size(con)
        names = captions(con, sorted({i for p in queue for i in (p.left_id, p.right_id)}))
    if not waiting and fmt is Format.TABLE:
        console.print("No pairs wait for a judgement: run 'tnoc resolve' first, or all "
                      "pairs are judged.")
        return
    print_listing(Listing(
        [Column("left", "left_name"), "left id", Column("right", "right_name"), "right id",
         Column("p", "match_probability", fmt=".3f"), "method", "reason"],
        [(names.get(p.left_id, p.left_id), p.left_id, names.get(p.right_id, p.right_id),
          p.right_id, p.probability, p.method, p.reason) for p in queue],
        total=waiting, what="pairs waiting"), fmt)


@app.command()
def judgements(
    case: CaseOpt = Path("."),
    limit: Annotated[int | None, limit_option(50, "Judgements (the newest)", "--limit",
                                              "--last")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """The judgements in force (merges, rejections, unsure), oldest first, the two
    entities by name and id, with who made them, when and why; the newest 50 unless
    --limit or --all says otherwise. Take one back with 'tnoc undo JUDGEMENT'."""
    from tnoc.resolve.judgements import active_judgements, judgement_notes
    from tnoc.store.lookup import captions

    fmt = output_format(as_json, as_csv)
    with _open(case).connect() as con:  # not read-only: the judgement tables are made on
        active = active_judgements(con)  # first use
        notes = judgement_notes(con) if active else {}
        limit = row_limit(limit, all_rows, 50, fmt)
        shown = active if limit is None else active[len(active) - limit:]
        names = captions(con, sorted({i for j in shown for i in (j.left_id, j.right_id)}),
                         merged=False)
    if not active and fmt is Format.TABLE:
        console.print("No judgements in force.")
        return
    print_listing(Listing(
        ["judgement", "verdict", Column("left", "left_name"), "left id",
         Column("right", "right_name"), "right id", Column("by", "author"),
         Column("when", "created_at"), "note"],
        [(j.judgement_id, j.verdict, names.get(j.left_id, j.left_id), j.left_id,
          names.get(j.right_id, j.right_id), j.right_id, j.author, j.created_at,
          notes.get(j.judgement_id)) for j in shown],
        total=len(active),
        title=f"{len(active):,} judgement{'' if len(active) == 1 else 's'} in force",
        what="judgements (the newest)" if len(shown) < len(active) else "judgements"),
        fmt)


@app.command()
@recorded("undo")
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
@recorded("merge")
def merge(
    left: Annotated[str, typer.Argument(help="Entity id, or a name borne by one entity.")],
    right: Annotated[str, typer.Argument(help="Entity judged the same (id or name).")],
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
    from tnoc.cli.dossier import named
    from tnoc.resolve.judgements import judge, merged_as

    opened = service(case)
    with _open(case).transaction() as con:
        left, right = opened.resolve_names([left, right], con, as_given=True)
        # each as the analyst judged it (named from its own statements), before merging
        judged = opened.names_shown(con, [left, right], merged=False)
        judgement = judge(con, left, right, "positive", author, note, force=force)
        canonical = merged_as(con, left, right)
        now = opened.names_shown(con, [canonical])[canonical]
    console.print(f"merged {named(judged[left], left)} and {named(judged[right], right)}: "
                  f"one entity now, {named(now, canonical)}; judgement {judgement} "
                  f"('tnoc undo {judgement}' undoes it)", markup=False, highlight=False)



@app.command()
@recorded("split")
def split(
    entity_id: Annotated[str, typer.Argument(
        help="Entity to take out of its merge (id, or a name borne by one entity).")],
    case: CaseOpt = Path("."),
    author: Annotated[str | None, typer.Option(help="Your name for the record.")] = None,
    note: Annotated[str | None, typer.Option(
        "--reason", "--note", help="Why; recorded with each undo.")] = None,
) -> None:
    """Undo every merge of ENTITY_ID (recorded as 'undo' judgements; nothing is deleted):
    the entities it was merged with are apart again.

    Example: tnoc split "Jana Novak" -c CASE --reason 'two numbers, two people'"""
    from tnoc.cli.dossier import named
    from tnoc.resolve.judgements import split as run_split

    opened = service(case)
    with _open(case).transaction() as con:
        (entity,) = opened.resolve_names([entity_id], con, as_given=True)
        undone = run_split(con, entity, author, note)
        names = opened.names_shown(
            con, sorted({x for j in undone for x in (j.left_id, j.right_id)}), merged=False)
    count = f"{len(undone)} judgement{'' if len(undone) == 1 else 's'}"
    console.print(f"undid {count}; apart again: " + "; ".join(
        f"{named(names[j.left_id], j.left_id)} and {named(names[j.right_id], j.right_id)}"
        f", judgement {j.judgement_id}" for j in undone), markup=False, highlight=False)


@app.command()
@recorded("screen")
def screen(
    case: CaseOpt = Path("."),
    lists: Annotated[list[str] | None, typer.Option(
        "--list", help="Dataset to screen against (repeatable); default: every list the "
                       "case holds (datasets stating sanctions or risk attributions: OFAC, "
                       "address and tag lists).")] = None,
    min_similarity: Annotated[float, typer.Option(
        min=0.5, max=1.0, help="Jaro-Winkler at which two words of a name count as the "
                               "same word.")] = 0.9,
    show: Annotated[int | None, limit_option(30, "Hits", "--limit", "--show")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Screen the case's entities against sanctions and watch lists in the store: every
    name and alias, transliterated, in any word order; crypto addresses in any spelling.
    Subjects are the parties the case's own material states (people, companies,
    vessels, accounts, wallets); list entries are never screened, so nothing is a hit on
    itself. A case with no list is refused (0 hits would read as clean). Hits are listed
    strongest first."""
    from tnoc.resolve.screening import run_hits
    from tnoc.resolve.screening import screen as run_screen
    from tnoc.store.lookup import captions

    fmt = output_format(as_json, as_csv)
    shown = row_limit(show, all_rows, 30, fmt)
    with _open(case).transaction() as con:
        result = run_screen(con, tuple(lists) if lists else None, min_similarity)
        found = run_hits(con, result.run_id, shown)
        names = captions(con, sorted({x for h in found
                                     for x in (h.subject_id, h.list_entity_id)}))
    hits = [(names[h.subject_id], h.subject_id, names[h.list_entity_id], *h[1:])
            for h in found]
    print_listing(Listing(
        [Column("subject"), Column("subject id", "subject_id"), Column("listed as"),
         Column("listed entity", "list_entity_id"), Column("list", "list_dataset"),
         Column("score", fmt=".2f"), "reason"], hits,
        total=result.hits, what="hits",
        title=f"{result.hits:,} hits for {result.subjects:,} subjects screened against "
              f"{', '.join(result.lists)}"), fmt,
        extra={"run": result.run_id, "subjects": result.subjects,
               "subjects_by_schema": result.subjects_by_schema, "lists": list(result.lists),
               "datasets": [asdict(d) for d in result.decisions],
               "left_out": result.left_out})
    if fmt is Format.TABLE:
        console.print("subjects (parties from the case's own material; list entries, links "
                      "and events are not screened): " + (", ".join(
                          f"{n:,} {schema}" for schema, n in result.subjects_by_schema.items())
                          or "none"), markup=False)
        for d in result.decisions:  # which datasets are lists, and why: never silent
            console.print(
                f"{d.dataset}: a list ({d.why}); {d.left_out:,} of its parties not screened"
                if d.is_list else f"{d.dataset}: states listings but screened ({d.why})",
                markup=False)
        console.print(f"{result.left_out:,} parties left out of the subjects: only lists "
                      "state them")
        console.print(f"run {result.run_id}")


@export_app.command("ftm")
@recorded("export ftm", writes=("out",), event_type="exported")
def export_ftm(
    out: Annotated[Path, typer.Argument(help="Output .ftm.json file, or - for stdout.")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    schema: Annotated[list[str] | None, typer.Option(
        "--schema", help="Only this schema, with linked entities (repeatable).")] = None,
    tlp: Annotated[str | None, typer.Option(
        "--tlp", help="Share: withhold values from sources stricter than this code.")] = None,
    pseudonymise: Annotated[bool, typer.Option(
        "--pseudonymise", help="Share: keyed HMAC pseudonyms for people.")] = False,
    recipient: RecipientOpt = None,
) -> None:
    """Entities as FollowTheMoney JSON lines (valid values only) that stock FtM tools
    (Aleph, yente) load: TNOC's extension schemata are written as the closest FtM schema
    (ties as UnknownLink, crypto transactions as Payment, the rest as Note), their other
    values as 'Label: value' lines in notes or summary (docs/exchange.md). With no
    option: the whole case; with --schema, --tlp or --pseudonymise: a shareable
    selection under handling rules, recorded in the ledger. For another TNOC case use
    'tnoc export parquet', which keeps everything."""
    opened = _open(case)
    service(case).concern(recipient=recipient)
    if schema or tlp or pseudonymise:
        from tnoc.exchange.export import export_case

        if str(out) == "-":
            raise TnocError("a shared export is written to a file (it is hashed and "
                            "recorded); give a file name")
        result = export_case(opened, "ftm", out, schemata=schema or (),
                             sources=() if schema else _all_sources(case),
                             max_tlp=share_limit(case, tlp or "TLP:AMBER"),
                             pseudonymise=pseudonymise,
                             force=force)
        err.print(f"{result.entities:,} entities written, marked {result.tlp}; "
                  f"{result.withheld_values:,} values withheld by handling")
        return
    from tnoc.exchange.ftm import export_ftm as run
    from tnoc.safe_write import atomic_output

    with opened.connect(read_only=True) as con:
        if str(out) == "-":
            count, left_out = run(con, sys.stdout)
        else:  # checked by @recorded; written whole or not at all
            with atomic_output(out) as partial:
                count, left_out = run(con, partial)
    err.print(f"{count:,} entities written; {left_out:,} flagged values left out")


def _all_sources(case: Path) -> list[str]:
    from tnoc.store.query import source_ids

    with _open(case).connect(read_only=True) as con:
        return source_ids(con)


@export_app.command("parquet")
@recorded("export parquet", writes=("folder",), event_type="exported")
def export_parquet(
    folder: Annotated[Path, typer.Argument(help="Folder for statements/sources.parquet.")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    recipient: RecipientOpt = None,
) -> None:
    """Statements and sources as Parquet (for Spark, notebooks, another case)."""
    from tnoc.store.parquet import export_parquet as run

    opened = _open(case)
    service(case).concern(recipient=recipient)
    with opened.connect(read_only=True) as con:
        counts = run(con, folder, force)
    console.print(f"wrote {counts['statements']:,} statements, {counts['sources']} sources "
                  f"to {folder}")


@import_app.command("parquet")
@recorded("import parquet", reads=("folder",), event_type="acquired")
def import_parquet(
    folder: Annotated[Path, typer.Argument(help="Folder written by 'tnoc export parquet'.")],
    case: CaseOpt = Path("."),
) -> None:
    """Add statements exported from another case (idempotent)."""
    from tnoc.ingest.id_rules import imported_old_ids
    from tnoc.store.parquet import import_parquet as run

    opened = _open(case)
    with opened.transaction() as con:
        counts = run(con, folder)
        notes = imported_old_ids(con, opened.root, counts["new"])
    console.print(f"imported {counts['statements']:,} new statements of "
                  f"{counts['sources']:,} new sources, each sealed by an intake entry in the "
                  "ledger (the source files stay with the case that exported them)")
    for held in counts["held"]:  # this case's own intake of the same file stays as sealed
        differ = held["differing_statements"]
        console.print(f"{held['file_name']} ({held['source_id']}): already held, kept as "
                      "this case took it in" + (f"; {differ:,} statements differ from the "
                      "export's (another mapping version, --encoding or --region?), not "
                      "imported" if differ else ""), highlight=False)
    for note in notes:
        err.print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)


@app.command()
def demo(
    directory: Annotated[Path, typer.Argument(help="Where to build the demo case.")] = Path(
        "demo-case"),
    fresh: Annotated[bool, typer.Option(help="Delete an existing demo case first.")] = False,
) -> None:
    """Build the demo case from the bundled real data (all four domains) and write
    reports/case-summary.html and the threat assessment (reports/threat-assessment.html
    and .pdf)."""
    from tnoc.cli.demo import build_demo

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
                         f"(see 'tnoc verify {safe_markup(directory)}')")
                      + f"; court bundle: {safe_markup(result.bundle)} (check it with "
                        "'python3 verify_bundle.py' inside it)", markup=True)
    console.print(f"[green]Demo case ready[/] in {safe_markup(directory)}; summary: "
                  f"{safe_markup(result.html)}"
                  + (f"; threat assessment: {safe_markup(result.report)}"
                     if result.report else ""), markup=True)
    console.print(f"In a browser: add a member with a password, then 'tnoc serve "
                  f"{safe_markup(directory)}' (README, \"Web workspace\")", markup=True,
                  highlight=False)


INTERRUPTED = 130
"""The exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it):
Typer's for a ``KeyboardInterrupt``, on either engine."""


def main() -> None:
    """Entry point: run the app, turning TnocError into a message and exit code, and
    Ctrl-C (exit 130) into one short line: each command writes in transactions, so an
    interrupted one leaves nothing half-written."""
    try:
        app()
    except TnocError as exc:
        # the message may quote a name like "Ali [/x] Baba", or a value holding ESC
        err.print(f"[red]error:[/] {safe_markup(exc)}", highlight=False, soft_wrap=True,
                  markup=True)
        sys.exit(exc.exit_code)
    except SystemExit as done:
        if done.code == INTERRUPTED:
            err.print("interrupted (Ctrl-C): what the command had not committed was rolled "
                      "back",
                      highlight=False, markup=False)
        raise


if __name__ == "__main__":
    main()
