"""`tnoc money` listings an analyst can trust (#18), through the real entry point with
standard output piped: footers say "showing N of M", --all gives every row, --json is one
document whose total, shown and rows agree, --csv - writes the detail table, accounts are
named ("account NUMBER (bank CODE)", or their holder) with their ids beside them, money
stays per currency, and a name with brackets is printed as written, never read as markup.

The payments are the real AMLworld HI-Medium attempts and the SAML-D sample; on top, one
analyst's FtM file (the only hand-made input) says who holds one AMLworld account (a
person named "Ali [/x] Baba", which crashes Rich when read as markup) and puts a sanction
on another, so the holder naming and exposure run on real payments."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from .conftest import DATA
from .test_cli_output import tnoc

AMLWORLD = DATA / "aml" / "amlworld_HI-Medium_Patterns.txt"
SAML_D = DATA / "aml" / "saml-d_sample_1k.csv"
ALI = "Ali [/x] Baba"
SOURCE = "aml-acct-00952-8139F54E0"
"""The first payer of AMLworld HI-Medium (a STACK attempt: line 2 pays 8062C56E0 at bank
0111632 USD 5,331.44)."""
FIRST_HOP = "aml-acct-0111632-8062C56E0"
FILES = r"(amlworld_HI-Medium_Patterns\.txt|saml-d_sample_1k\.csv)"
HUB = "aml-acct-000-800ED43D0"
"""A gather-scatter hub moving US dollars and euros."""
ANALYST_FILE = [
    {"id": "analyst-ali", "schema": "Person", "properties": {"name": [ALI]}},
    {"id": "analyst-own-1", "schema": "Ownership",
     "properties": {"owner": ["analyst-ali"], "asset": [SOURCE]}},
    {"id": "analyst-sanction-1", "schema": "Sanction",
     "properties": {"entity": [FIRST_HOP], "program": ["test listing"]}},
]


@pytest.fixture(scope="module")
def payments_case(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A case with the AMLworld and SAML-D payments and the analyst's FtM file."""
    folder = tmp_path_factory.mktemp("money-output")
    case = str(folder / "case")
    assert tnoc("case", "init", case).returncode == 0
    analyst = folder / "analyst.ftm.json"
    analyst.write_text("".join(json.dumps(e) + "\n" for e in ANALYST_FILE))
    for mapping, path in (("amlworld_patterns", AMLWORLD), ("saml_d", SAML_D),
                          ("ftm_entities", analyst)):
        done = tnoc("ingest", mapping, str(path), "-c", case)
        assert done.returncode == 0, done.stderr
    return case


def _document(*args: str, exit_code: int = 0) -> dict[str, object]:
    done = tnoc(*args, "--json")
    assert done.returncode == exit_code, done.stderr
    document = json.loads(done.stdout)  # one document: nothing else on standard output
    assert isinstance(document, dict)
    return document


def _rows(document: dict[str, object]) -> list[dict[str, object]]:
    rows = document["rows"]
    assert isinstance(rows, list)
    return rows


def _csv(*args: str, exit_code: int = 0) -> list[dict[str, str]]:
    done = tnoc(*args, "--csv", "-")
    assert done.returncode == exit_code, done.stderr
    return list(csv.DictReader(io.StringIO(done.stdout)))


def _table_rows(text: str, first_cell: str) -> list[str]:
    """Lines of a piped table whose first cell matches ``first_cell`` (a regex)."""
    return [line for line in text.splitlines() if re.match(rf"│ +{first_cell} +│", line)]


def test_check_lists_every_problem_with_names(payments_case: str) -> None:
    """AMLworld's self-transfers are named by account; the table says how many it left
    out; --all, --json and --csv - give every problem, in the same numbers."""
    document = _document("money", "check", "-c", payments_case, exit_code=1)
    rows = _rows(document)
    assert document["total"] == document["shown"] == len(rows)
    problems = document["problems"]
    assert isinstance(problems, dict) and sum(problems.values()) == len(rows)
    assert problems["self-transfer (payer = beneficiary)"] == 72  # measured on the file
    self_transfer = next(r for r in rows if str(r["problem"]).startswith("self-transfer"))
    number, bank = re.fullmatch(r"aml-acct-(\w+)-(\w+)", str(self_transfer["value"])).groups()  # type: ignore[union-attr]
    assert self_transfer["value_name"] == f"account {bank} (bank {number})"
    assert self_transfer["file"] == AMLWORLD.name and self_transfer["left_out"] is True

    table = tnoc("money", "check", "-c", payments_case)
    assert table.returncode == 1
    assert f"showing 20 of {len(rows):,} problems; --all (or --limit 0) to see all" \
        in table.stdout
    assert len(_table_rows(table.stdout, FILES)) == 20
    # its summary of problems does not send the analyst to the command just run
    assert "Input problems" in table.stdout and "see 'tnoc money check'" not in table.stdout
    every = tnoc("money", "check", "-c", payments_case, "--all")
    assert len(_table_rows(every.stdout, FILES)) == len(rows)
    assert "showing" not in every.stdout
    assert len(_csv("money", "check", "-c", payments_case, exit_code=1)) == len(rows)


def test_typology_alerts_named_per_currency_and_all_listed(payments_case: str) -> None:
    """Gather-scatter alerts: every alert in JSON with its focal account by name and id
    and its money per currency; the table cut at 3 says so and --all lists every one;
    --csv - is every alert's transfers, payer and beneficiary named."""
    args = ("money", "typologies", "-c", payments_case, "--typology", "GATHER-SCATTER",
            "--no-store")
    document = _document(*args)
    rows = _rows(document)
    assert document["total"] == document["shown"] == len(rows) == document["alerts"] \
        == document["by_typology"]["GATHER-SCATTER"] > 100  # type: ignore[index]
    hub = next(r for r in rows if r["focus_id"] == HUB)
    assert hub["focus"] == "account 800ED43D0 (bank 000)"
    assert hub["totals"] == [{"currency": "EUR", "amount": 4277.17, "transfers": 1},
                             {"currency": "USD", "amount": 629850106.73,
                              "transfers": hub["transfers"] - 1}]  # type: ignore[operator]

    cut = tnoc(*args, "--limit", "3")
    assert cut.returncode == 0, cut.stderr
    assert f"showing 3 of {len(rows):,} alerts; --all (or --limit 0) to see all" in cut.stdout
    assert len(_table_rows(cut.stdout, r"\d+")) == 3
    assert "EUR 4,277.17" in cut.stdout and "USD 629,850,106.73" in cut.stdout
    every = tnoc(*args, "--all")
    assert len(_table_rows(every.stdout, r"\d+")) == len(rows)

    transfers = _csv(*args)
    assert len(transfers) == sum(int(str(r["transfers"])) for r in rows)
    hub_alert = str(hub["alert"])
    assert {t["currency"] for t in transfers if t["alert"] == hub_alert} == {"EUR", "USD"}
    for t in transfers[:50]:
        number, bank = re.fullmatch(r"aml-acct-(\w+)-(\w+)", t["payer"]).groups()  # type: ignore[union-attr]
        assert t["payer_name"] in (f"account {bank} (bank {number})",
                                   f"{ALI} (account {bank}, bank {number})")


def test_trace_by_account_number_names_the_holder(payments_case: str) -> None:
    """The account is given by its number; the analyst's file names its holder, whose
    bracketed name is printed as written in the title; destinations are named, cut with
    a footer, every one with --all, and --csv - is every tainted transfer."""
    args = ("money", "trace", "8139F54E0", "-c", payments_case)
    held = f"{ALI} (account 8139F54E0, bank 00952)"
    document = _document(*args)
    rows = _rows(document)
    assert document["sources"] == [{"account": held, "account_id": SOURCE}]
    assert document["total"] == document["shown"] == len(rows) > 2
    first = next(r for r in rows if r["account_id"] == FIRST_HOP)
    assert first["account"] == "account 8062C56E0 (bank 0111632)" and first["hop"] == 1
    assert all(isinstance(r["tainted"], float) and r["currency"] for r in rows)

    table = tnoc(*args, "--limit", "2")
    assert table.returncode == 0, table.stderr
    assert f"haircut taint from {held}" in table.stdout  # the title, not markup
    assert f"showing 2 of {len(rows):,} destinations" in table.stdout
    assert re.search(r"USD [\d,]+\.\d\d", table.stdout)
    every = tnoc(*args, "--all")
    assert len(_table_rows(every.stdout, r"(account|Ali).*?")) == len(rows)

    flows = _csv(*args)
    assert len(flows) == document["tainted_transfers"]
    assert flows[0]["payer"] == SOURCE and flows[0]["payer_name"] == held
    assert flows[0]["file"] == AMLWORLD.name and flows[0]["row"] == "line 2"

    unknown = tnoc("money", "trace", "Nobody [/x] Known", "-c", payments_case)
    assert unknown.returncode != 0 and "Traceback" not in unknown.stderr
    assert "'Nobody [/x] Known'" in unknown.stderr


def test_exposure_per_currency_with_names(payments_case: str) -> None:
    """The analyst's sanction on 8062C56E0 exposes the accounts that paid it or were paid
    by it: one row per account and currency, named, amounts never added across
    currencies."""
    document = _document("money", "exposure", "-c", payments_case)
    rows = _rows(document)
    assert document["total"] == document["shown"] == len(rows) > 0
    source = [r for r in rows if r["account_id"] == SOURCE]
    assert source and source[0]["account"] == f"{ALI} (account 8139F54E0, bank 00952)"
    assert source[0]["share_out"] and source[0]["to_illicit"] >= 5331.44  # type: ignore[operator]
    assert len({(r["account_id"], r["currency"]) for r in rows}) == len(rows)
    table = tnoc("money", "exposure", "-c", payments_case, "--limit", "1")
    assert f"showing 1 of {len(rows):,} account currencies" in table.stdout
    as_csv = tnoc("money", "exposure", "-c", payments_case, "--csv")
    assert len(list(csv.DictReader(io.StringIO(as_csv.stdout)))) == len(rows)
