"""Modern-slavery results in a case (issue #25 item 5): GLOTIP as taken into a case read
as the workbook is read (one reading for the command, the report and the map), the
corridors and an MSE estimate kept as statements citing their run, under the gate, in
the custody ledger, and shown in the threat assessment."""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from tests.conftest import DATA
from tnoc.assess.flows import victim_flows
from tnoc.cli.main import app
from tnoc.errors import TnocError
from tnoc.ingest.pipeline import ingest_file
from tnoc.store.case import Case
from tnoc.trafficking.flows import Bounds, case_glotip, domestic_shares, read_glotip, total

SUBSET = (Path(__file__).parent / "data" / "trafficking"
          / "unodc_glotip_2017-2018_six_countries.xlsx")
MSE_TABLE = DATA / "trafficking" / "mse_uk_2013_lists.csv"
CTDC = DATA / "trafficking" / "ctdc_victims_cleaned_subset.csv"


@pytest.fixture(scope="module")
def glotip_case(tmp_path_factory: pytest.TempPathFactory) -> Case:
    """207 real GLOTIP rows (tests/data/trafficking/README.md) taken into a case."""
    case = Case.init(tmp_path_factory.mktemp("glotip") / "case")
    ingest_file(case, "unodc_glotip", SUBSET)
    return case


def _run(case: Case, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(app, ["trafficking", *args, "-c", str(case.root), "--json"])
    assert result.exit_code == 0, (result.output, result.exception)
    document: dict[str, object] = json.loads(result.stdout)
    return document


def _corridor_key(c: object) -> tuple[object, ...]:
    return tuple(getattr(c, a) for a in ("year", "citizenship", "detected_in", "iso3",
                                          "region", "victims", "row", "domestic"))


def test_the_case_reads_glotip_as_the_workbook_is_read(glotip_case: Case) -> None:
    """Every corridor, with its bounds, row, region and ISO3 code, as the workbook
    gives it; "<5" is [1, 4] from the value kept as published."""
    with glotip_case.connect(read_only=True) as con:
        from_case = case_glotip(con)
    from_file = read_glotip(SUBSET)
    assert len(from_case.corridors) == 207
    assert sorted(map(_corridor_key, from_case.corridors)) == sorted(
        map(_corridor_key, from_file.corridors))
    assert from_case.regions == from_file.regions
    germany = [c for c in from_case.in_year(2018) if c.detected_in == "Germany"]
    assert total(c.victims for c in germany) == Bounds(458, 488)  # ten "<5" cells


def test_nationals_in_spanish_are_domestic() -> None:
    """Bolivia writes its own citizens "Ciudadanos de su país" (its "í" lost in the
    published file): domestic, as "Nationals" is for Nigeria; not a foreign country."""
    shares = {d.country: d for d in domestic_shares(read_glotip(SUBSET), 2018)}
    bolivia = shares["Bolivia"]  # one name: "Bolivia (Plurinational State of)" in GLOTIP
    assert bolivia.domestic.low > 0 and bolivia.share_low is not None
    assert shares["Nigeria"].domestic == Bounds(1099, 1099)


def test_map_victim_flows_carry_the_same_bounds(glotip_case: Case) -> None:
    """The map's and report's victim flows (tnoc.assess.flows) sum the same corridors:
    every 2018 corridor is in a flow or, its citizenship not read as a country, counted
    as unresolved; the flows' low and high bounds add up to the workbook's, "<5" cells
    carried as a high bound, never dropped."""
    with glotip_case.connect(read_only=True) as con:
        matrix = victim_flows(con, since=2018, until=2018)
    corridors = read_glotip(SUBSET).in_year(2018)
    unplaced = [c for c in corridors if c.citizenship in matrix.unresolved]
    low = sum(f.weight for f in matrix.flows)
    high = sum(f.high if f.high is not None else f.weight for f in matrix.flows)
    assert low + total(c.victims for c in unplaced).low == total(
        c.victims for c in corridors).low
    assert high + total(c.victims for c in unplaced).high == total(
        c.victims for c in corridors).high
    assert high > low  # Germany's "<5" cells
    assert sum(matrix.unresolved.values()) == len(unplaced)
    assert matrix.parameters["suppressed"] == sum(not c.victims.exact for c in corridors)
    bolivia = next(f for f in matrix.flows if (f.origin, f.destination) == ("BO", "BO"))
    assert bolivia.weight > 0  # "Ciudadanos de su pa\ufffds": nationals, not unresolved


def test_flows_on_the_case_kept_with_bounds_and_custody(glotip_case: Case) -> None:
    """``flows --case --view domestic`` prints what the workbook gives and keeps a
    VictimCorridors result (TLP:AMBER floor, an 'analysed' entry naming the source)."""
    document = _run(glotip_case, "flows", "--year", "2018", "--view", "domestic")
    on_file = CliRunner().invoke(app, ["trafficking", "flows", "--glotip", str(SUBSET),
                                       "--year", "2018", "--view", "domestic", "--json"])
    assert document["rows"] == json.loads(on_file.stdout)["rows"]
    run = f"analysis-victim-corridors-{document['run_id']}"
    with glotip_case.connect(read_only=True) as con:
        code, = con.execute("SELECT handling_code FROM sources WHERE source_id = ?",
                            [run]).fetchone() or (None,)
        stated = dict(con.execute(
            "SELECT prop, value FROM statements WHERE source_id = ? AND prop IN "
            "('suppressed', 'victimsLow', 'victimsHigh', 'domesticLow', 'year')",
            [run]).fetchall())
        entry = con.execute("SELECT method, details FROM custody_events WHERE item_id = ? "
                            "AND event_type = 'analysed'", [run]).fetchone()
    corridors = read_glotip(SUBSET).in_year(2018)
    everyone = total(c.victims for c in corridors)
    assert code == "TLP:AMBER"
    assert stated == {"year": "2018", "suppressed": str(sum(not c.victims.exact
                                                            for c in corridors)),
                      "victimsLow": str(everyone.low), "victimsHigh": str(everyone.high),
                      "domesticLow": str(sum(c.victims.low for c in corridors
                                             if c.domestic))}
    assert entry is not None and entry[0] == "tnoc trafficking flows"
    assert json.loads(entry[1])["sources"] == document["sources"]


def test_a_view_of_a_kept_result_keeps_no_new_run(glotip_case: Case) -> None:
    """Review item 25: the corridors of 2018 kept once (by this test or an earlier
    one); shown again in other views (reconcile, regions, corridors) the same result
    from the same source is not kept again: the command names the run that holds it
    and says nothing new was kept."""
    def runs() -> int:
        with glotip_case.connect(read_only=True) as con:
            found = con.execute("SELECT count(*) FROM sources WHERE source_id LIKE "
                                "'analysis-victim-corridors-%'").fetchone()
        return int(found[0]) if found else -1

    def flows(view: str) -> str:
        result = CliRunner().invoke(app, ["trafficking", "flows", "--year", "2018",
                                          "--view", view, "-c", str(glotip_case.root)])
        assert result.exit_code == 0, (result.output, result.exception)
        return " ".join(result.output.split())

    first = flows("corridors")
    kept = re.search(r"[Kk]ept in the case as analysis run (victim-corridors-[0-9a-f]+)",
                     first)
    assert kept is not None and runs() >= 1
    held = runs()
    for view in ("reconcile", "regions", "corridors"):
        again = flows(view)
        assert f"Already kept in the case as analysis run {kept.group(1)} (the same " \
               "result from the same sources): nothing new kept." in again, again
    assert runs() == held


def test_estimate_kept_citing_the_table_by_sha256(glotip_case: Case) -> None:
    """The MSE result kept with the table's name and SHA-256, the chosen model, its
    interval and the spread; the report's modern-slavery section shows both kept runs
    with footnotes citing them."""
    from tnoc.assess.report import assess, render_html

    document = _run(glotip_case, "estimate", str(MSE_TABLE), "--replicates", "0")
    digest = hashlib.sha256(MSE_TABLE.read_bytes()).hexdigest()
    assert document["sha256"] == digest and document["estimate"] == 11418
    run = f"analysis-hidden-victims-{document['run_id']}"
    with glotip_case.connect(read_only=True) as con:
        stated = dict(con.execute("SELECT prop, value FROM statements WHERE source_id = ? "
                                  "AND prop NOT IN ('id', 'name')", [run]).fetchall())
        entry = con.execute("SELECT method, details FROM custody_events WHERE item_id = ? "
                            "AND event_type = 'analysed'", [run]).fetchone()
    assert stated["listTableSha256"] == digest and stated["estimate"] == "11418"
    assert (stated["ciLow"], stated["ciHigh"]) == ("9982", "13182")
    assert (stated["spreadLow"], stated["spreadHigh"]) == ("10897", "16133")
    assert stated["model"].startswith("main effects + LA×NG")
    assert entry is not None and entry[0] == "tnoc trafficking estimate"
    assert digest in entry[1]
    _run(glotip_case, "flows", "--year", "2018", "--view", "corridors")
    a = assess(glotip_case)
    estimate, = a.hidden_victims
    assert (estimate["estimate"], estimate["low"], estimate["high"]) == (11418, 9982, 13182)
    latest = a.victim_corridors[0]
    assert latest["year"] == "2018" and latest["suppressed"] == stated_suppressed()
    assert a.footnotes[int(str(estimate["note"])) - 1].sources == [run]
    page = render_html(a)
    assert "Modern slavery: hidden victims and corridors" in page
    assert "9,982 to 13,182" in page and "10,897 to 16,133" in page
    # review 2026-12-01: the victim flows say which years they add together (item 7)
    # and name countries, not codes (item 13); the largest corridors are a numbered
    # list, not one crammed cell (item 21)
    flows = next(m for m in a.flows if m.unit == "victims")
    years = sorted({c.year for c in read_glotip(SUBSET).corridors if c.year >= 2018})
    assert a.flow_years[flows.title] == (f"{years[0]}–{years[-1]}" if len(years) > 1
                                         else str(years[0]))
    assert f"victims, {a.flow_years[flows.title]} summed</th>" in page
    assert not re.findall(r"<td>[A-Z]{2}</td>", page)
    first = str(latest["largest"][0]).split(". ", 1)[1]  # type: ignore[index]
    assert f'<ol class="corridors"><li>{html.escape(first)}</li>' in page


def stated_suppressed() -> float:
    return float(sum(not c.victims.exact for c in read_glotip(SUBSET).in_year(2018)))


def _ctdc_slice(folder: Path) -> Path:
    """The header and the first 600 records of the CTDC subset, as a file of the same
    name (real records; the whole file takes ten seconds to take in)."""
    lines = CTDC.read_text(encoding="utf-8").splitlines()
    out = folder / CTDC.name
    out.write_text("\n".join(lines[:601]) + "\n", encoding="utf-8")
    return out


def test_profiles_on_the_case_equal_the_file_and_are_kept(glotip_case: Case,
                                                          tmp_path: Path) -> None:
    """CTDC records taken into the case read back as the file reads them (labels the
    intake lower-cased aside: gender, country codes), the same missingness and
    chi-square tests, kept as VictimProfiles with a custody entry and shown in the
    report."""
    from tnoc.assess.report import assess
    from tnoc.trafficking.profiles import case_victims, ctdc_sources, read_victims

    sliced = _ctdc_slice(tmp_path)
    ingest_file(glotip_case, "ctdc_victims", sliced)
    with glotip_case.connect(read_only=True) as con:
        sources = ctdc_sources(con)
        from_case = case_victims(con, sources)
    from_file = read_victims(sliced)

    def folded(rows: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
        return [{k: v.casefold() if v else v for k, v in row.items()} for row in rows]

    assert len(from_case.rows) == 600 and folded(from_case.rows) == folded(from_file.rows)
    document = _run(glotip_case, "profiles", "--view", "associations")
    on_file = json.loads(CliRunner().invoke(app, ["trafficking", "profiles", str(sliced),
                                                  "--view", "associations", "--json"]
                                            ).stdout)
    assert document["missing"] == on_file["missing"]
    assert document["rows"] == on_file["rows"]
    run = f"analysis-victim-profiles-{document['run_id']}"
    with glotip_case.connect(read_only=True) as con:
        missing = [v for v, in con.execute("SELECT value FROM statements WHERE "
                                            "source_id = ? AND prop = 'missing'",
                                            [run]).fetchall()]
        entry = con.execute("SELECT method, details FROM custody_events WHERE item_id = ? "
                            "AND event_type = 'analysed'", [run]).fetchone()
    citizenship = next(m for m in on_file["missing"] if m["field"] == "citizenship")
    assert f"citizenship: {citizenship['unknown']:,} of 600 " in " ".join(missing)
    assert entry is not None and entry[0] == "tnoc trafficking profiles"
    assert json.loads(entry[1])["sources"] == sources
    kept, = assess(glotip_case).victim_profiles
    assert kept["name"] == "Indicator profiles of 600 identified victims (CTDC)"


def test_bad_use_is_refused_and_nothing_kept(glotip_case: Case, case: Case,
                                            tmp_path: Path) -> None:
    runner = CliRunner()
    both = runner.invoke(app, ["trafficking", "flows", "--glotip", str(SUBSET), "-c",
                               str(glotip_case.root)])
    assert both.exit_code != 0 and "not both" in str(both.exception)
    empty = runner.invoke(app, ["trafficking", "flows", "-c", str(case.root)])
    assert isinstance(empty.exception, TnocError)
    assert "no GLOTIP victims by citizenship" in str(empty.exception)
    bad = tmp_path / "lists.csv"
    bad.write_text("A,B,count\n1,0,5\n1,2,3\n", encoding="utf-8")
    refused = runner.invoke(app, ["trafficking", "estimate", str(bad), "-c", str(case.root)])
    assert refused.exit_code != 0 and "line 3" in refused.output + str(refused.exception)
    with case.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM sources").fetchone() == (0,)


def test_the_gate_decides_on_glotip_read(tmp_path: Path) -> None:
    """In a governed case (operation ``assess``): an analyst cleared to TLP:AMBER is
    refused the corridors of a TLP:RED GLOTIP source and nothing is kept; the estimate
    (reading no source of the case) runs; a researcher's run keeps nothing."""
    from tnoc.govern.audit import audit_records
    from tnoc.ingest.pipeline import IngestOptions
    from tnoc.ledger.keys import operator, signer
    from tnoc.service import AccessDenied, CaseService, Session

    case = Case.init(tmp_path / "case")
    ingest_file(case, "unodc_glotip", SUBSET, IngestOptions(handling_code="TLP:RED"))
    admin = CaseService(case, Session(operator()))
    for user, role, clearance in (("alice", "analyst", "TLP:AMBER"),
                                  ("bob", "supervisor", "TLP:RED"),
                                  ("rita", "researcher", "TLP:RED")):
        admin.add_member(user, role, clearance, signer(user).public_raw.hex())
    CaseService(case, Session("bob")).open_purpose("OP-25", "Modern slavery")

    def run(user: str, *args: str) -> Result:
        return CliRunner().invoke(app, ["trafficking", *args, "-c", str(case.root), "--as",
                                        user, "--purpose", "OP-25"])

    def kept() -> int:
        with case.connect(read_only=True) as con:
            found = con.execute("SELECT count(*) FROM sources WHERE dataset = 'analysis'"
                                ).fetchone()
        return int(found[0]) if found else -1

    refused = run("alice", "flows", "--year", "2018")
    assert isinstance(refused.exception, AccessDenied) and kept() == 0
    allowed = run("alice", "estimate", str(MSE_TABLE), "--replicates", "0")
    assert allowed.exit_code == 0, allowed.output
    assert kept() == 1
    researched = run("rita", "flows", "--year", "2018")
    assert researched.exit_code == 0, researched.output
    assert "Research mode: nothing kept" in researched.output and kept() == 1
    with case.connect(read_only=True) as con:
        trail = [(r.actor, r.operation, r.outcome) for r in audit_records(con)][-3:]
    assert trail == [("alice", "assess", "denied"), ("alice", "assess", "allowed"),
                     ("rita", "assess", "allowed")]
