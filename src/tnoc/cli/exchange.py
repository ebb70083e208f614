"""``tnoc export stix|misp|case-uco`` and ``tnoc import stix|misp``: sharing in the
formats partners use (thin: parse, call :mod:`tnoc.exchange`, print)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tnoc.cli.common import CaseOpt, ForceOpt, _open, console, service, share_limit
from tnoc.cli.recorded import recorded
from tnoc.errors import TnocError

SchemaOpt = Annotated[list[str] | None, typer.Option(
    "--schema", help="Export entities of this schema (repeatable; default: MalwareFamily, "
                     "NetworkIndicator, CryptoWallet, UserAccount).")]
EntityOpt = Annotated[list[str] | None, typer.Option(
    "--entity", help="Export this entity: an id, or a name borne by one entity "
                     "(repeatable).")]
SourceOpt = Annotated[list[str] | None, typer.Option(
    "--source", help="Export the entities of this source id (repeatable).")]
TlpOpt = Annotated[str, typer.Option(
    "--tlp", help="Most permissive handling code allowed out: values from sources marked "
                  "stricter are withheld (TLP:CLEAR, TLP:GREEN, TLP:AMBER, "
                  "TLP:AMBER+STRICT, TLP:RED).")]
PseudoOpt = Annotated[bool, typer.Option(
    "--pseudonymise", help="Replace people's names, identifiers, contact details and ids "
                           "with keyed HMAC pseudonyms (the key stays in the case).")]
LinkedOpt = Annotated[bool, typer.Option(
    "--linked/--no-linked", help="Also export the entities the chosen ones point to "
                                 "(a wallet's holder, an indicator's malware).")]
LimitOpt = Annotated[int | None, typer.Option(help="At most N chosen entities (id order).")]
ReasonOpt = Annotated[str | None, typer.Option(
    help="Why it is disclosed (the purpose of the 'exported' custody-ledger entry; the "
         "session's --purpose names the case's open purpose).")]
RecipientOpt = Annotated[str | None, typer.Option(
    help="To whom it is disclosed (recorded in the audit trail: LED art. 25).")]


def _export(fmt: str, out: Path, case: Path, schema: list[str] | None,
            entity: list[str] | None, source: list[str] | None, tlp: str,
            pseudonymise: bool, linked: bool, limit: int | None, purpose: str | None,
            recipient: str | None, force: bool) -> None:
    from tnoc.exchange.export import DEFAULT_SCHEMATA, export_case

    schemata = schema if schema else (() if entity or source else DEFAULT_SCHEMATA)
    opened = _open(case)
    # names and ids looked up within what the member may see: one they may not see is
    # answered as a missing entity, not withheld in silence
    chosen = service(case).resolve_names(entity or ())
    service(case).concern(entities=chosen, sources=source or (), recipient=recipient)
    tlp = share_limit(case, tlp)  # the member's clearance when stricter than --tlp
    result = export_case(opened, fmt, out, schemata, chosen, source or (), tlp,
                         pseudonymise, linked, limit, purpose=purpose, recipient=recipient,
                         force=force)
    console.print(f"wrote {result.path}: {result.entities:,} entities as {result.objects:,} "
                  f"{fmt.upper()} objects, marked {result.tlp}"
                  + (", pseudonymised" if result.pseudonymised else ""))
    if result.withheld_values:
        console.print(f"{result.withheld_values:,} values withheld: their sources are marked "
                      f"stricter than {tlp}")
    if result.valid is not None:
        warnings = [m for m in result.messages if m.startswith("warning")]
        console.print(f"stix2-validator 3.2.0: valid, {len(warnings):,} warnings")
    console.print(f"sha256 {result.sha256} (recorded as an 'exported' ledger entry)")


@recorded("export stix", event_type="exported", outputs=("out",))
def export_stix(
    out: Annotated[Path, typer.Argument(help="Bundle to write (.json).")],
    case: CaseOpt = Path("."), schema: SchemaOpt = None, entity: EntityOpt = None,
    force: ForceOpt = False,
    source: SourceOpt = None, tlp: TlpOpt = "TLP:AMBER", pseudonymise: PseudoOpt = False,
    linked: LinkedOpt = True, limit: LimitOpt = None, reason: ReasonOpt = None,
    recipient: RecipientOpt = None,
) -> None:
    """A STIX 2.1 bundle: indicators, malware, threat actors (people), intrusion sets
    (groups), wallets, accounts and their relationships, TLP-marked, validated with
    stix2-validator before it is written. See docs/exchange.md for what STIX cannot carry."""
    _export("stix", out, case, schema, entity, source, tlp, pseudonymise, linked, limit,
            reason, recipient, force)


@recorded("export misp", event_type="exported", outputs=("out",))
def export_misp(
    out: Annotated[Path, typer.Argument(help="MISP event to write (.json).")],
    case: CaseOpt = Path("."), schema: SchemaOpt = None, entity: EntityOpt = None,
    force: ForceOpt = False,
    source: SourceOpt = None, tlp: TlpOpt = "TLP:AMBER", pseudonymise: PseudoOpt = False,
    linked: LinkedOpt = True, limit: LimitOpt = None, reason: ReasonOpt = None,
    recipient: RecipientOpt = None,
) -> None:
    """A MISP event (JSON, importable in MISP's UI or API): one object per entity from
    MISP's own templates (url, domain-ip, malware, person, organization, coin-address,
    user-account), object references for relations, tlp: tags."""
    _export("misp", out, case, schema, entity, source, tlp, pseudonymise, linked, limit,
            reason, recipient, force)


@recorded("export case-uco", event_type="exported", outputs=("out",))
def export_case_uco(
    out: Annotated[Path, typer.Argument(help="JSON-LD file to write.")],
    case: CaseOpt = Path("."),
    force: ForceOpt = False,
    validate: Annotated[bool, typer.Option(help="Run case_validate (SHACL) on it.")] = True,
    recipient: RecipientOpt = None,
) -> None:
    """The custody record as CASE/UCO JSON-LD: exhibits as files with SHA-256, every
    ledger entry as an investigative action (who, when, where, with what tool, under what
    authority), validated with case-utils' case_validate before it is written."""
    from tnoc.exchange.caseuco import write_custody_record

    opened = _open(case)
    service(case).concern(recipient=recipient)
    digest, nodes = write_custody_record(opened, out, validate, force)
    if validate:
        console.print("case_validate: conforms")
    console.print(f"wrote {out}: {nodes:,} nodes; sha256 {digest} (recorded as an "
                  "'exported' ledger entry)")


def _import(mapping: str, path: Path, case: Path, tlp: str | None) -> None:
    from tnoc.exchange.intake import received_tlp, register_readers
    from tnoc.ingest.pipeline import IngestOptions, ingest_file

    register_readers()
    code, marked = received_tlp(mapping, path, tlp)
    report = ingest_file(_open(case), mapping, path, IngestOptions(handling_code=code))
    service(case).concern(sources=[report.source_id])
    for note in report.notes:  # markings found, claims on our entities (candidates)
        console.print(f"note: {note}", markup=False, highlight=False)
    console.print(f"{report.status}: {path} as {report.source_id}: {report.records:,} "
                  f"objects, {report.statements:,} statements, {report.flagged:,} flagged "
                  f"(kept); handled as {code}"
                  + (f" (the file's strictest marking: {marked})" if marked else ""))


ReceivedTlpOpt = Annotated[str | None, typer.Option(
    "--tlp", help="Handling code of what you received. Default: the strictest TLP marking "
                  "in the file (TLP:AMBER when it has none); a code looser than the file's "
                  "own marking is refused.")]


def import_stix(
    path: Annotated[Path, typer.Argument(help="STIX 2.1 bundle (.json).")],
    case: CaseOpt = Path("."),
    tlp: ReceivedTlpOpt = None,
) -> None:
    """Take a STIX 2.1 bundle in as a source (hashed, preserved, recorded): indicators,
    malware, actors, groups, wallets and relationships become entities; objects TNOC has
    no schema for are kept, flagged. TLP 2.0 and TLP 1.0 markings are read. Same as
    'tnoc ingest stix_bundle FILE'."""
    _import("stix_bundle", path, case, tlp)


def import_misp(
    path: Annotated[Path, typer.Argument(help="MISP event (.json, {\"Event\": ...}).")],
    case: CaseOpt = Path("."),
    tlp: ReceivedTlpOpt = None,
) -> None:
    """Take a MISP event in as a source: objects and attributes become entities, object
    references relations; tlp: tags set the handling code. Same as 'tnoc ingest
    misp_event FILE'."""
    _import("misp_event", path, case, tlp)


def import_graph(
    path: Annotated[Path, typer.Argument(help="A .gexf or .graphml file.")],
    case: CaseOpt = Path("."),
    tlp: Annotated[str, typer.Option(help="Handling code of what you received.")
                   ] = "TLP:AMBER",
) -> None:
    """Take a network drawn in Gephi, Cytoscape or yEd (or a 'tnoc network export'
    coming back) in as a source: nodes become entities, edges ties with their weights
    (directed graphs as CommunicationLinks, undirected as NetworkTies), other attributes
    notes. Then 'tnoc network ... --source FILE' analyses it. Same as 'tnoc ingest
    network_gexf|network_graphml FILE'."""
    suffix = path.suffix.lower()
    if suffix not in (".gexf", ".graphml"):
        raise TnocError(f"{path}: expected a .gexf or .graphml file, not "
                        f"{suffix or 'a file without suffix'}")
    _import(f"network_{suffix[1:]}", path, case, tlp)


def import_case_uco(
    path: Annotated[Path, typer.Argument(help="CASE/UCO custody record (.jsonld / .json).")],
    case: CaseOpt = Path("."),
    tlp: Annotated[str, typer.Option(help="Handling code of what you received.")
                   ] = "TLP:AMBER",
) -> None:
    """Take in the custody record that came with exhibits from a partner (or a 'tnoc
    export case-uco' coming back): the file is hashed and preserved, its files become
    Documents (name, size, SHA-256), and its investigative actions are added to this
    case's ledger, oldest first, each marked as taken from the record (with the sender's
    own entry hash and signature when it is a TNOC record). One transaction."""
    from tnoc.exchange.caseuco import import_custody_record

    report, actions = import_custody_record(_open(case), path, tlp)
    console.print(f"{report.status}: {path} as {report.source_id}: {report.records:,} "
                  f"files, {report.statements:,} statements; {actions:,} custody actions "
                  "added to the ledger")


def register(export_app: typer.Typer, import_app: typer.Typer) -> None:
    """Add the exchange formats to 'tnoc export' and 'tnoc import'."""
    export_app.command("stix")(export_stix)
    export_app.command("misp")(export_misp)
    export_app.command("case-uco")(export_case_uco)
    import_app.command("stix")(import_stix)
    import_app.command("misp")(import_misp)
    import_app.command("graph")(import_graph)
    import_app.command("case-uco")(import_case_uco)
