"""Template clusters in listing text (issue #25, item 4): InfoShield-style coarse and
MDL stages on real Agora listings, the vendor as author."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tnoc.cli.main import app
from tnoc.errors import InputFileError
from tnoc.trafficking.templates import (
    Listing,
    Listings,
    Setting,
    find_templates,
    log_star,
    read_listings,
)

from .conftest import DATA

PAGES = DATA / "markets" / "agora_vendor_pages_2014-01.csv"
runner = CliRunner()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 400 records of the January 2014 vendor pages (real listings)."""
    path = tmp_path_factory.mktemp("agora") / "pages.csv"
    with PAGES.open(newline="") as source, path.open("w", newline="") as out:
        reader = csv.reader(source)
        writer = csv.writer(out)
        for number, record in enumerate(reader):
            if number > 400:
                break
            writer.writerow(record)
    return path


@pytest.fixture(scope="module")
def listings(sample: Path) -> Listings:
    return read_listings(sample, ["description"], "vendor")


def test_repeats_by_the_same_vendor_count_once(sample: Path, listings: Listings) -> None:
    with sample.open(newline="") as handle:
        records = list(csv.DictReader(handle))
    distinct = {(r["vendor"], r["description"].strip()) for r in records}
    assert len(listings.items) == len(distinct)
    assert listings.duplicates == len(records) - len(distinct) > 0


def test_precision_clusters_are_pure_and_disjoint(listings: Listings) -> None:
    found = find_templates(listings, Setting.precision)
    members = [m for c in found.clusters for m in c.members]
    assert len(members) == len(set(members)) == found.clustered
    assert all(len(c.members) > 1 and c.template in c.members and c.bits_saved > 0
               for c in found.clusters)
    purity = found.purity()
    assert purity is not None and purity >= 0.9
    assert 0.3 < found.coverage < 1


def test_recall_covers_more_and_is_less_pure(listings: Listings) -> None:
    precise = find_templates(listings, Setting.precision)
    broad = find_templates(listings, Setting.recall)
    assert broad.coverage >= precise.coverage
    assert (broad.purity() or 0) <= (precise.purity() or 0)


def test_a_template_with_its_slots_filled_is_found() -> None:
    """One real listing with its quantity and price changed is one cluster; another
    vendor's unrelated listings stay out of it."""
    with PAGES.open(newline="") as handle:
        records = list(csv.DictReader(handle))
    base = next(r for r in records if r["vendor"] == "3dames")["description"]
    others = [r for r in records if r["vendor"] == "passman"][:6]
    items = [Listing(k, "3dames", base.replace("50", quantity))
             for k, quantity in enumerate(["50", "20", "100", "30", "60"])]
    items += [Listing(10 + k, "passman", r["description"]) for k, r in enumerate(others)]
    found = find_templates(Listings("made", items, 0), Setting.precision)
    first = next(c for c in found.clusters if 0 in c.members)
    assert first.members == [0, 1, 2, 3, 4]


def test_universal_code_grows_with_n() -> None:
    assert log_star(1) == pytest.approx(1.5186, abs=1e-4)
    assert log_star(16) == pytest.approx(1.5186 + 4 + 2 + 1, abs=1e-4)
    assert log_star(1000) > log_star(100) > log_star(10)


def test_command_json_and_refusals(sample: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["trafficking", "templates", str(sample), "--author",
                                 "vendor", "--all", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["cluster_purity"] >= 0.9 and doc["setting"] == "precision"
    assert sum(r["listings"] for r in doc["rows"]) == doc["clustered"]
    assert all(r["template_row"] in r["member_rows"] for r in doc["rows"])
    with pytest.raises(InputFileError, match="'body'"):
        read_listings(sample, ["body"])
    bad = runner.invoke(app, ["trafficking", "templates", str(sample), "--setting", "x"])
    assert bad.exit_code != 0
