"""The demo case: the bundled real data across the four domains, a summary, an
HTML case summary (sources with hashes, entities per schema, a sample entity with its
provenance) and the threat-assessment report (HTML and PDF) built from it."""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tnoc import __version__
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case
from tnoc.store.query import case_summary, has_entity, list_sources, show_entity

DATA = Path(__file__).resolve().parents[3] / "examples" / "data"

# (domain, mapping, file under examples/data, handling code)
DEMO_SOURCES: list[tuple[str, str, str, str]] = [
    ("drugs", "caviar", "networks/morselli_caviar.csv", "TLP:CLEAR"),
    *[("drugs", "caviar", f"networks/caviar_phases/phase{i}.csv", "TLP:CLEAR")
      for i in range(1, 12)],
    ("drugs", "agora_listings", "markets/agora-products-2014-01-01.csv", "TLP:CLEAR"),
    ("drugs", "unodc_drug_seizures", "drugs/unodc_wdr2024_drug_seizures_2018_2022.json",
     "TLP:CLEAR"),
    ("drugs", "cbp_drug_seizures", "drugs/cbp_drug_seizures_fy22_25.csv", "TLP:CLEAR"),
    ("drugs", "ndrangheta_summits", "networks/NDRANGHETAMAFIA_2M.csv", "TLP:CLEAR"),
    ("money and crypto", "ofac_sdn", "sanctions/ofac_sdn_2024-05-03.csv", "TLP:CLEAR"),
    ("money and crypto", "ofac_crypto_addresses",
     "sanctions/ofac_crypto_addresses/sanctioned_addresses_XBT.txt", "TLP:CLEAR"),
    ("money and crypto", "amlworld_patterns", "aml/amlworld_HI-Medium_Patterns.txt",
     "TLP:CLEAR"),
    ("money and crypto", "elliptic_classes", "crypto/elliptic_txs_classes_with_timestep.csv",
     "TLP:CLEAR"),
    ("money and crypto", "elliptic_edges", "crypto/elliptic_txs_edgelist.csv", "TLP:CLEAR"),
    ("money and crypto", "graphsense_tagpack", "tags/graphsense_ransomware.yaml", "TLP:CLEAR"),
    ("money and crypto", "ransomware_payments",
     "ransomware/huang2018_cerber_locky_payments.csv", "TLP:CLEAR"),
    ("modern slavery", "ctdc_victims", "trafficking/ctdc_victims_cleaned_subset.csv",
     "TLP:GREEN"),
    ("modern slavery", "unodc_glotip_totals",
     "trafficking/unodc_glotip_total_year_wise.csv", "TLP:CLEAR"),
    ("malware", "urlhaus", "malware/urlhaus_2025-04-21.csv", "TLP:CLEAR"),
    ("malware", "feodotracker", "malware/feodotracker_ipblocklist_2021-12-20.csv", "TLP:CLEAR"),
    ("malware", "ic3_counts", "trends/ic3_crime_type_counts_2015_2025.csv", "TLP:CLEAR"),
    ("malware", "ic3_losses", "trends/ic3_crime_type_losses_2015_2025.csv", "TLP:CLEAR"),
    ("malware", "ic3_totals", "trends/ic3_totals_2011_2025.csv", "TLP:CLEAR"),
    ("modern slavery", "unodc_glotip", "trafficking/unodc_glotip.xlsx", "TLP:CLEAR"),
]
SAMPLE_ENTITY = "ofac-sdn-25308"  # YAN Xiaobing, SDNTK, with BTC addresses


@dataclass
class DemoResult:
    """What the demo built."""

    case: Case
    html: Path
    rows: list[tuple[str, str, int, int, int]] = field(default_factory=list)
    report: Path | None = None
    verified: bool | None = None
    bundle: Path | None = None


DEMO_PURPOSE = "TNOC-DEMO"
"""The demo's purpose (:mod:`tnoc.govern.purposes`), opened by the demo itself."""
DEMO_JUSTIFICATION = "build the demo case from bundled public data"
DEMO_NAME = "TNOC demo case"


def _check_deletable(directory: Path) -> None:
    """``--fresh`` deletes a folder only when it is a demo case without members: never
    another case (its evidence and ledger), never a governed one."""
    import json

    from tnoc.errors import CaseError

    meta = directory / "case.json"
    if not meta.exists() and not any(directory.iterdir()):
        return
    try:
        name = json.loads(meta.read_text(encoding="utf-8")).get("name")
    except (OSError, ValueError):
        name = None
    if name != DEMO_NAME:
        raise CaseError(f"{directory} is not a TNOC demo case (its case.json names "
                        f"{name!r}): --fresh deletes only a demo case; choose another folder")
    with Case.open(directory).connect(read_only=True) as con:
        from tnoc.govern.members import is_governed

        if is_governed(con):
            raise CaseError(f"{directory} is a governed case (it has members): --fresh "
                            "will not delete it; choose another folder")


def build_demo(directory: Path, fresh: bool = False,
               progress: Callable[[str], None] | None = None,
               assessment: bool = True, gated: bool = True) -> DemoResult:
    """Build (or complete) the demo case in ``directory``; idempotent. ``assessment``
    also writes the threat assessment (reports/threat-assessment.html and .pdf), then
    verifies the case (exhibits and custody ledger) and writes the court bundle of
    every exhibit with the report (reports/court-bundle.zip; each run records its own
    ``copied`` and ``exported`` entries, as any bundle does).

    Each step goes through the gate (:mod:`tnoc.service`): decided for the acting user
    and recorded in the audit trail with the demo's purpose; ``gated=False`` skips it
    (only for ``benchmarks/governance.py``, which measures what the gate costs)."""
    say = progress or (lambda _m: None)
    directory = Path(directory)
    if fresh and directory.exists():
        _check_deletable(directory)
        shutil.rmtree(directory)
    case = Case.open(directory) if (directory / "case.duckdb").exists() else Case.init(
        directory, DEMO_NAME)

    def authorise(operation: str) -> None:
        if gated:
            from tnoc.ledger.keys import operator
            from tnoc.service import CaseService, Session

            CaseService(case, Session(operator(), DEMO_PURPOSE, via="tnoc demo")
                        ).authorise(operation)

    if gated:  # the demo's purpose, opened once, as a supervisor opens an operation's
        from tnoc.govern.purposes import find_purpose
        from tnoc.ledger.keys import operator
        from tnoc.service import CaseService, Session

        with case.connect(read_only=True) as con:
            known = find_purpose(con, DEMO_PURPOSE)
        if known is None or not known.is_open():
            CaseService(case, Session(operator(), DEMO_PURPOSE, via="tnoc demo")
                        ).open_purpose(DEMO_PURPOSE, DEMO_JUSTIFICATION)

    rows = []
    for domain, mapping, rel, tlp in DEMO_SOURCES:
        say(f"{domain}: {rel}")
        authorise("ingest")
        report = ingest_file(case, mapping, DATA / rel, IngestOptions(
            collector="TNOC demo", legal_basis="public open data (see examples/data/SOURCES.md)",
            handling_code=tlp, collected_at="2026-11-01T00:00:00+00:00"))
        rows.append((domain, rel, report.records, report.statements, report.flagged))
    say("resolution and screening")
    authorise("resolve")
    authorise("screen")
    _resolve_once(case)
    say("laundering typologies")
    authorise("money")
    _typologies_once(case)
    out = write_case_summary(case)
    report_html = None
    if assessment:
        from tnoc.assess.report import write_report

        say("threat assessment")
        authorise("report")
        report_html = write_report(case, progress=say).html
        from tnoc.evidence.bundle import write_bundle
        from tnoc.evidence.verify import verify_case

        say("verifying exhibits and custody ledger")
        authorise("verify")
        from tnoc.service import governance_problems

        verified = verify_case(case, progress=say, extra=(governance_problems,)).ok
        say("court bundle")
        authorise("bundle")
        bundle = write_bundle(case, case.reports / "court-bundle.zip",
                              purpose="demo court bundle", progress=say).path
        return DemoResult(case, out, rows, report_html, verified, bundle)
    return DemoResult(case, out, rows, report_html)


def _typologies_once(case: Case) -> None:
    """The laundering-typology rules over the case's payments (AMLworld's attempts), kept
    as alerts the threat assessment profiles as laundering networks; run once."""
    from tnoc.assess.laundering import latest_typology_run
    from tnoc.money.alerts import save_alerts
    from tnoc.money.transfers import build_transfers
    from tnoc.money.typologies import detect

    with case.transaction() as con:
        if latest_typology_run(con) is not None:
            return
        transfers = build_transfers(con)
        if transfers.payments == 0:
            return
        run = detect(con, transfers)
        if run.alerts:
            save_alerts(con, case.root, run)


def _resolve_once(case: Case) -> None:
    """Candidate links and screening, the first time the demo case is built."""
    from tnoc.resolve.review import resolved_before
    from tnoc.resolve.run import resolve_case
    from tnoc.resolve.screening import screen

    with case.connect() as con:
        done = resolved_before(con)
    if done:
        return
    resolve_case(case)
    with case.transaction() as con:
        screen(con)


def _resolution_html(con: object) -> str:
    """Counts of candidate links by method and the top screening hits."""
    import duckdb

    from tnoc.resolve.review import resolution_overview

    assert isinstance(con, duckdb.DuckDBPyConnection)
    e = html.escape
    overview = resolution_overview(con, 15)
    if overview is None:
        return ""
    links, hits = overview.candidates_by_method, overview.strongest_hits
    rows = "".join(f"<tr><td>{e(str(a))}</td><td>{e(str(b))}</td><td>{e(str(c))}</td>"
                   f"<td class=n>{d:.2f}</td><td>{e(str(r))}</td></tr>"
                   for a, b, c, d, r in hits)
    counts = ", ".join(f"{n:,} from {e(m)}" for m, n in links)
    return (f"<h2>Resolution and screening</h2><p>Candidate links (not merged until "
            f"judged): {counts or 'none'}. Screening hits: {overview.hits:,}."
            "</p><table><tr><th>subject</th><th>listed entity</th><th>list</th>"
            f"<th>score</th><th>reason</th></tr>{rows}</table>")


def write_case_summary(case: Case) -> Path:
    """reports/case-summary.html: sources with hashes, entities per schema, a sample."""
    with case.connect(read_only=True) as con:
        summary = case_summary(con)
        sources = list_sources(con)
        sample = show_entity(con, SAMPLE_ENTITY) if has_entity(con, SAMPLE_ENTITY) else None
        resolution = _resolution_html(con)
    e = html.escape
    rows = "".join(
        f"<tr><td>{e(s['file_name'])}</td><td><code>{e(s['sha256'])}</code></td>"
        f"<td>{e(s['mapping'])}</td><td class=n>{s['records']:,}</td>"
        f"<td class=n>{s['statements']:,}</td><td class=n>{s['flagged']:,}</td>"
        f"<td>{e(s['handling_code'])}</td></tr>" for s in sources)
    schemata = "".join(f"<tr><td>{e(k)}</td><td class=n>{v:,}</td></tr>"
                       for k, v in summary["entities_per_schema"].items())
    sample_html = ""
    if sample:
        sample_rows = "".join(
            f"<tr><td>{e(s['prop'])}</td><td>{e(str(s['value']))}</td>"
            f"<td>{e(str(s['original_value'] or ''))}</td><td>{e(s['flag'] or '')}</td>"
            f"<td>{e(s['file_name'])}</td><td>{e(s['locator'])}</td>"
            f"<td><code>{e(s['sha256'][:16])}…</code></td></tr>" for s in sample.statements)
        sample_html = (
            f"<h2>Sample entity: {e(sample.caption)} <small>({e(sample.schema)}, "
            f"{e(sample.id)})</small></h2><p>Every value with the file, the row and the hash of "
            "the file it came from.</p><table><tr><th>property</th><th>value</th>"
            "<th>original</th><th>flag</th><th>file</th><th>locator</th><th>sha256</th></tr>"
            f"{sample_rows}</table>")
    page = f"""<!doctype html><html lang=en><meta charset=utf-8>
<title>TNOC case summary: {e(case.name)}</title>
<style>body{{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:1200px}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #bbb;padding:3px 6px;
text-align:left;vertical-align:top}}td.n{{text-align:right}}code{{font-size:12px}}</style>
<h1>Case summary: {e(case.name)}</h1>
<p>Case {e(case.case_id)} · generated {datetime.now(UTC).isoformat(timespec='seconds')} by
tnoc {__version__} · {summary['sources']} sources · {summary['statements']:,} statements ·
{summary['entities']:,} entities · {summary['flagged']:,} values flagged as invalid (kept) ·
{summary['custody_events']} custody events</p>
<h2>Sources</h2><table><tr><th>file</th><th>sha256</th><th>mapping</th><th>records</th>
<th>statements</th><th>flagged</th><th>handling</th></tr>{rows}</table>
<h2>Entities per schema</h2><table><tr><th>schema</th><th>entities</th></tr>{schemata}</table>
{sample_html}
{resolution}
</html>"""
    case.reports.mkdir(exist_ok=True)
    out = case.reports / "case-summary.html"
    out.write_text(page, encoding="utf-8")
    return out
