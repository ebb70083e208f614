"""Darknet market vendors (issue #24, items 2 and 3): reading the Agora layouts, vendor
profiles and continuity, the account linker on the split-account test of a small real
subset (Agora 2014, synthetic cannabinoids), its refusal to link when no account is the
seller, and attribution of single listings."""

from __future__ import annotations

import csv
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import DATA, run_tnoc
from tnoc.errors import TnocError
from tnoc.markets.attribution import (
    attribute,
    attribution_task,
    macro_f1,
    pairwise_scores,
    split_accounts,
)
from tnoc.markets.crawl_files import ReadingNotes, vendor_name
from tnoc.markets.locations import read_crawl
from tnoc.markets.vendors import (
    FAMILIES,
    FEEDBACK_GRADE,
    Account,
    MarketListing,
    accounts_by_source,
    benjamini_hochberg,
    continuity,
    hubness_corrected,
    impostor_p_values,
    learn_weights,
    link_accounts,
    profiles,
    read_listings,
    title_shape,
)

SYNTH = DATA / "markets" / "agora_2014_synth.csv"


@pytest.fixture(scope="module")
def synth() -> list[MarketListing]:
    return read_listings(SYNTH)


def test_february_crawl_from_to_cell_is_split(tmp_path: Path) -> None:
    # the first records of the February 2014 product crawl, as shipped (its records
    # span lines: a cut record is an error, test_a_cut_or_repeated_row_is_said)
    with (DATA / "markets" / "agora-products-2014-02-01.csv").open(newline="") as handle:
        records = list(itertools.islice(csv.reader(handle), 30))
    sample = tmp_path / "feb.csv"
    with sample.open("w", newline="") as handle:
        csv.writer(handle).writerows(records)
    rows = {r.title: r for r in read_listings(sample)}
    steroid = rows["Test Enanthate 300mg x 10ml"]
    assert (steroid.vendor, steroid.ships_from, steroid.ships_to) == ("dgslabz", "usa", "usa")
    assert steroid.price == pytest.approx(0.06834845)
    assert steroid.price_level == "BTC 10^-1"


def test_a_cut_or_repeated_row_is_said_with_its_line(tmp_path: Path) -> None:
    """A row that is no listing (a record cut short, crawl files joined with their
    headers) is an error naming the file and line, not a listing or a vendor called
    "vendor"; every markets reader reads through the same file reader."""
    with SYNTH.open(newline="", encoding="utf-8") as handle:
        header, first, second = itertools.islice(csv.reader(handle), 3)
    # the lines: the header's, the first record's (lines 2-5: its places hold line
    # breaks), then the next record's
    for name, records, where in (
            ("cut.csv", [header, first, ["x", "2014-01-01", "v"]], "line 6: 3 fields"),
            ("joined.csv", [header, first, header, second], "line 6: the header again"),
            ("header.csv", [header], "no listings"),
            ("day.csv", [header, [("31/02/2014" if c == "date" else v)
                                  for c, v in zip(header, first, strict=True)]],
             "line 2, field 'date': date '31/02/2014' \\(expected a crawl day")):
        path = tmp_path / name
        with path.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(records)
        for read in (read_listings, lambda p: list(read_crawl(p))):
            with pytest.raises(TnocError, match=where):
                read(path)


def test_a_row_without_a_vendor_is_left_out_and_said(tmp_path: Path) -> None:
    with SYNTH.open(newline="", encoding="utf-8") as handle:
        header, first, second = itertools.islice(csv.reader(handle), 3)
    nameless = [("" if c == "vendor" else v) for c, v in zip(header, second, strict=True)]
    path = tmp_path / "nameless.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, first, nameless])
    notes = ReadingNotes()
    assert len(read_listings(path, notes)) == 1
    assert notes.left_out == ["nameless.csv line 6"]
    result = run_tnoc("markets", "vendors", "profiles", str(path))
    assert result.returncode == 0
    assert "1 rows without a vendor or a title left out (nameless.csv line 6)" in " ".join(
        result.stderr.split())


def test_a_file_is_decoded_as_the_intake_decodes_it(tmp_path: Path) -> None:
    """A BOM, or Windows-1252 bytes, read as the intake reads them, by every reader."""
    text = SYNTH.read_text(encoding="utf-8")
    for name, data in (("bom.csv", b"\xef\xbb\xbf" + text.encode("utf-8")),
                       ("cp1252.csv", text.replace("SusnaSmith", "Se\u00f1orSmith")
                        .encode("cp1252", errors="replace"))):
        path = tmp_path / name
        path.write_bytes(data)
        vendors = {r.vendor for r in read_listings(path)}
        assert vendors == {r.vendor for r in read_crawl(path)}
        assert ("Se\u00f1orSmith" if name == "cp1252.csv" else "SusnaSmith") in vendors


def test_a_latin1_crawl_is_read_as_western_text_and_the_guess_said(tmp_path: Path
                                                                   ) -> None:
    """Latin-1 "Peña," also decodes without a mess as Big5 (one CJK character for "ña"),
    charset-normalizer's best guess, in which it finds no language: the file is read as
    Windows-1252, and the doubt said compares two decodings (it had named Big5's
    own rival, "big5 over gb18030"): since session 51 the Latin code page that reads
    it as well ("Peńa" is Polish in Windows-1250), a likelier rival than Big5's
    reading in which no language is found; the file commands say a file not in UTF-8
    was read by a guess."""
    path = tmp_path / "latin1.csv"
    path.write_bytes(SYNTH.read_text(encoding="utf-8").replace("SusnaSmith", "Pe\u00f1a")
                     .encode("latin-1", errors="replace"))
    notes = ReadingNotes()
    assert "Pe\u00f1a" in {r.vendor for r in read_listings(path, notes)}
    assert len(notes.guessed) == 1
    assert "encoding guessed cp1252 over cp1250" in notes.guessed[0]
    assert "'Peña' / 'Peńa'" in notes.guessed[0]
    result = run_tnoc("markets", "vendors", "profiles", str(path), "--json")
    assert result.returncode == 0, result.stderr
    assert "latin1.csv: not UTF-8, read as cp1252 (a guess); encoding guessed cp1252 " \
           "over cp1250" in " ".join(result.stderr.split())


def test_a_percent_encoded_vendor_name_is_the_same_account(tmp_path: Path) -> None:
    """The January 2014 product crawl takes names from the vendor page's address
    (``lsdaisy%21``), its vendor pages write them (``lsdaisy!``): one vendor, and the
    commands say which names were decoded."""
    assert [vendor_name(t) for t in ("lsdaisy%21", "100%pure", "caf%C3%A9", "caf%E9",
                                     " NA ", "a  b", "%20axa", "a%0Ab", "x%E2%80%AEy",
                                     "%4E%41")] == [
        "lsdaisy!", "100%pure", "caf\u00e9", "caf%E9", "", "a b", "%20axa", "a%0Ab",
        "x%E2%80%AEy", ""]
    # the vendor pages write names as shown: a "%" there is the name's own
    assert vendor_name("lsdaisy%21", escaped=False) == "lsdaisy%21"
    notes = ReadingNotes()
    crawl = read_listings(DATA / "markets" / "agora-products-2014-01-01.csv", notes)
    pages = read_listings(DATA / "markets" / "agora_vendor_pages_2014-01.csv", notes)
    assert notes.decoded == {"lsdaisy%21": "lsdaisy!"} and "lsdaisy!" in notes.plain
    assert "lsdaisy!" in {r.vendor for r in crawl} & {r.vendor for r in pages}
    assert not any("%21" in r.vendor for r in read_crawl(
        DATA / "markets" / "agora-products-2014-01-01.csv"))
    result = run_tnoc("markets", "places", str(DATA / "markets" / "agora-products-2014-01-01.csv"),
                      "--json")
    assert result.returncode == 0, result.stderr
    assert "1 vendor name(s) written with URL escapes read decoded (lsdaisy%21 -> " \
           "lsdaisy!)" in " ".join(result.stderr.split())
    both = run_tnoc("markets", "vendors", "profiles", "--vendor", "lsdaisy%21", "--json",
                    *(str(DATA / "markets" / n) for n in (
                        "agora-products-2014-01-01.csv", "agora_vendor_pages_2014-01.csv")))
    assert both.returncode == 0, both.stderr
    assert [r["vendor"] for r in json.loads(both.stdout)["rows"]] == ["lsdaisy!"]
    assert "lsdaisy%21 -> lsdaisy! (also written so: one vendor)" in " ".join(
        both.stderr.split())


def test_profiles_and_continuity_of_the_synth_subset(synth: list[MarketListing]) -> None:
    by_name = {p.vendor: p for p in profiles(synth)}
    susna = by_name["SusnaSmith"]
    assert (susna.titles, susna.first_seen, susna.last_seen) == (12, "2014-01-09",
                                                                 "2014-12-02")
    assert susna.ships_from == ("usa",) and susna.median_price is None
    assert susna.price_level == "[1.00e-07,1.49e+00)"
    assert 0 < susna.feedback < sum(len(r.grades) for r in synth if r.vendor == "SusnaSmith")
    assert susna.mean_grade is not None and 4.5 < susna.mean_grade <= 5
    months = continuity(synth)
    assert [m.crawl for m in months][:2] == ["2014-01", "2014-02"]
    for before, after in zip(months, months[1:], strict=False):
        assert after.stayed + after.gone == before.vendors
        assert after.stayed + after.new == after.vendors


def test_split_accounts_are_relinked_and_explained(synth: list[MarketListing]) -> None:
    test = split_accounts(synth, seed=24)
    assert test.vendors == 7 and test.halved == 2 and len(test.pairs) == 5
    titles = [{x.title for x in a.listings} for a in test.accounts]
    for pair in test.pairs:
        first, second = sorted(pair)
        assert not titles[first] & titles[second]  # the halves share no title
    assert all(x.vendor == "" and "SusnaSmith" not in x.title
               for a in test.accounts for x in a.listings)
    index = {a.name: n for n, a in enumerate(test.accounts)}
    links = link_accounts(test.accounts)
    scores = pairwise_scores({frozenset((index[x.first], index[x.second])) for x in links},
                             test.pairs)
    assert scores["precision"] == 1.0 and scores["recall"] == 1.0
    for link in links:
        assert link.ngrams and link.margin > 0 and link.strongest in FAMILIES
        assert link.p_value is not None and 0 < link.p_value <= 0.05
        assert link.threshold is None or link.similarity > link.threshold
        # the evidence names how many of the run's accounts use each n-gram: never all
        used = [int(gram.rsplit(" ", 1)[1].split("/")[0]) for gram in link.ngrams]
        assert all(2 <= n < len(test.accounts) for n in used)
        assert link.titles[0] in titles[index[link.first]]
        assert link.titles[1] in titles[index[link.second]]


@pytest.mark.xfail(strict=True, reason=(
    "known defect (#24): among a handful of accounts none of which has a partner, two "
    "sellers of one place, category and price level are linked (here 2 of 7, text "
    "similarity 0.07, strongest evidence shipping). It was there before the split kept "
    "listings whole (session 43): the synth subset's lone accounts got false links at "
    "seeds 2, 4, 5, 7 of 24, 1-7 then, at 24, 2, 6, 7 now; seed 24 passed by luck"))
def test_no_link_when_no_account_is_the_seller(synth: list[MarketListing]) -> None:
    test = split_accounts(synth, seed=24)
    one_each: dict[int, Account] = {}
    for pair in test.pairs:
        keep = min(pair)
        one_each[keep] = test.accounts[keep]
    lonely = [a for n, a in enumerate(test.accounts)
              if n in one_each or not any(n in p for p in test.pairs)]
    assert len(lonely) == 7  # one account per vendor: nobody's partner is here
    assert link_accounts(lonely) == []


def test_family_weights_are_learned_from_the_accounts_alone(
        synth: list[MarketListing]) -> None:
    test = split_accounts(synth, seed=24)
    weights = learn_weights(test.accounts)
    assert set(weights) == {*FAMILIES, "bias"} and weights["bias"] < 0
    assert all(weights[f] >= 0 for f in FAMILIES) and weights["text"] > 0
    # one category in the whole subset: the product mix separates nobody, counts nothing
    assert len({x.category for x in synth}) == 1 and weights["mix"] < 0.01 * weights["text"]
    assert learn_weights(test.accounts) == weights  # seeded: the same run, the same links


def test_feedback_grades_are_the_buyers_grades_not_their_ratings() -> None:
    """A feedback opens with the buyer's grade and ends with the buyer's own rating
    ("anon ~5/5, 1~2 deals"); a grade may also be written in the text. Only the first
    is a grade: a real prescription listing's one feedback, "0/5 Required FE then
    became non-responsive ... anon ~5/5", had counted two grades, mean 2.5 (a review,
    helper-132)."""
    listings = read_listings(DATA / "markets" / "agora_2014_prescription.csv")
    (one,) = [x for x in listings if x.listing_id == "tfglPMcERM" and x.date == "2014-04-06"]
    assert one.grades == (0,)
    text = (" Feedbacks: 5/5 5/5, A+++ Vendor 2 days ago anon ~5/5, 1~2 deals 4/5 10/5 "
            "for all 3 days ago anon 4.98/5, 40~55 deals 3/5 ok 1 days ago b...3 [0 deals] ")
    assert FEEDBACK_GRADE.findall(text) == ["5", "4", "3"]
    assert FEEDBACK_GRADE.findall("\n    Feedbacks:\n        \n            2/5\n") == ["2"]


def test_pooled_category_subsets_do_not_learn_the_file_as_a_seller_trait() -> None:
    """Each category subset is one category, so the two halves of every account share
    it and halves of accounts of other files do not: compared across files, product mix
    was learned as the strongest evidence (weight 5.4 on the four shipped subsets
    pooled) and every one of 21 links joined two names of one file on it, none a name
    seen in two subsets (a review, helper-132). Halves are now compared within a file."""
    files = ["seeds", "shaketrim", "synth", "prescription"]
    accounts = accounts_by_source([row for name in files for row in read_listings(
        DATA / "markets" / f"agora_2014_{name}.csv")])
    weights = learn_weights(accounts)
    assert weights["mix"] < 0.01 * weights["text"]
    links = link_accounts(accounts)
    assert links and not [x for x in links if x.strongest == "mix"]
    assert any(x.first.rsplit(" @ ", 1)[0] == x.second.rsplit(" @ ", 1)[0] for x in links)


def test_benjamini_hochberg_keeps_the_smallest_p_values_up_to_the_last_passing() -> None:
    # m = 5 at rate 0.05: the bounds are 0.01, 0.02, 0.03, 0.04, 0.05
    p = np.array([0.5, 0.011, 0.001, 0.035, 0.2])
    # ranked: 0.001 <= 0.01, 0.011 <= 0.02, 0.035 > 0.03, 0.2 > 0.04, 0.5 > 0.05
    assert benjamini_hochberg(p).tolist() == [False, True, True, False, False]
    # the step-up: 0.02 is above its bound (0.05 / 3) but kept, as 0.045 <= 0.05 passes
    assert benjamini_hochberg(np.array([0.04, 0.02, 0.045])).tolist() == [True] * 3
    assert not benjamini_hochberg(np.array([0.2, 0.9])).any()
    assert benjamini_hochberg(np.array([])).size == 0


def test_impostor_p_values_empirical_with_enough_impostors_else_a_t_prediction() -> None:
    impostors = np.arange(100, dtype=float)  # 100 impostors: 2 / 0.05 = 40 are enough
    p = impostor_p_values(np.array([99.5, 49.5, -1.0]), impostors)
    assert p.tolist() == pytest.approx([1 / 101, 51 / 101, 1.0])
    # 5 impostors: mean 2, sd sqrt(2.5); one more score's prediction scale
    # sqrt(2.5) * sqrt(1 + 1/5) = sqrt(3); 4 degrees of freedom, whose one-sided tail at
    # t = 2.132 is 0.05 (tables of Student's t)
    few = np.array([0.0, 1.0, 2.0, 3.0, 4.0])
    small = impostor_p_values(np.array([2.0, 2.0 + 2.132 * np.sqrt(3.0)]), few)
    assert small[0] == pytest.approx(0.5) and small[1] == pytest.approx(0.05, abs=1e-4)
    # a handful of impostors leaves doubt about their spread: a score 12.5 of their
    # MAD-units above them had p = 4e-36 in the normal tail used before (and a link
    # among 4 accounts 1e-221), here 5e-4 on 3 degrees of freedom
    assert impostor_p_values(np.array([2.0]), np.array([0.0, 0.1, 0.2, 0.3]))[0] > 1e-4
    assert impostor_p_values(np.array([5.0]), np.array([1.0]))[0] == 1.0


def test_hubness_correction_returns_the_partner() -> None:
    # account 2 is close to everyone (a generic seller); 0 and 1 are one seller
    similarity = np.array([[1.0, 0.5, 0.6, 0.1, 0.1],
                           [0.5, 1.0, 0.6, 0.1, 0.1],
                           [0.6, 0.6, 1.0, 0.6, 0.6],
                           [0.1, 0.1, 0.6, 1.0, 0.1],
                           [0.1, 0.1, 0.6, 0.1, 1.0]])
    raw = similarity - 2 * np.eye(5)
    assert int(np.argmax(raw[0])) == 2  # the hub hides the partner
    corrected = hubness_corrected(similarity)
    assert int(np.argmax(corrected[0])) == 1 and int(np.argmax(corrected[1])) == 0
    assert np.isneginf(np.diag(corrected)).all()


def test_title_shape_keeps_the_habits_not_the_words() -> None:
    account = Account("a", tuple(MarketListing("f", "", "", "", title, "", None, "", "",
                                               "", "")
                                 for title in ("100x 1mg XANAX!", "5 x 2mg Valium")))
    assert title_shape(account) == "9a 9a A! \n 9 a 9a Aa"


def test_attribution_of_single_listings(synth: list[MarketListing]) -> None:
    task = attribution_task(synth, seed=24)
    assert not {x.title for x in task.train} & {x.title for x in task.test}
    predicted = attribute(task.train, task.train_vendors, task.test)
    assert set(predicted) <= set(task.train_vendors)
    assert macro_f1(task.test_vendors, predicted) > 0.9


def test_not_a_listing_file(tmp_path: Path) -> None:
    bad = tmp_path / "calls.csv"
    bad.write_text("caller,callee\n1,2\n")
    with pytest.raises(TnocError, match="expected the columns date, price, product, vendor"):
        read_listings(bad)
    result = run_tnoc("markets", "vendors", "profiles", str(bad))
    assert result.returncode != 0 and "expected the columns" in result.stderr


def test_cli_link_json() -> None:
    result = run_tnoc("markets", "vendors", "link", str(SYNTH), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["accounts"] == 21
    for row in document["rows"]:
        assert row["account"].endswith("@ agora_2014_synth.csv") and row["ngrams"]
        assert row["strongest"] in FAMILIES


def test_cli_says_when_p_values_are_a_parametric_tail() -> None:
    """Two small category subsets (seeds, shake/trim: 35 accounts) are linked with
    p-values from a Student-t prediction of 35 impostor scores, fewer than the 40 an
    empirical p-value of 0.025 needs: the output says so, and how many there were."""
    files = [str(DATA / "markets" / f"agora_2014_{n}.csv") for n in ("seeds", "shaketrim")]
    shown = run_tnoc("markets", "vendors", "link", *files)
    assert shown.returncode == 0, shown.stderr
    assert "35 best-impostor scores" in shown.stderr + shown.stdout
    assert "fewer than 40 impostors" in shown.stderr + shown.stdout
    document = json.loads(run_tnoc("markets", "vendors", "link", *files, "--json").stdout)
    assert document["impostors"] == 35 and document["rows"]


def test_cli_link_lists_cross_name_leads_first() -> None:
    """The four shipped category subsets pooled: the links between two names come
    first (the leads), then the vendor of the same name in two subsets; --renamed lists
    only the leads; the score column says it is this run's. (The synthetic-cannabinoid
    subset split at July 2014 served here until halves were compared within a file
    only: its one lead no longer passes.)"""
    import csv

    files = [str(DATA / "markets" / f"agora_2014_{name}.csv")
             for name in ("seeds", "shaketrim", "synth", "prescription")]
    result = run_tnoc("markets", "vendors", "link", *files, "--json")
    assert result.returncode == 0, result.stderr
    links = json.loads(result.stdout)["rows"]

    def renamed(row: dict[str, str]) -> bool:
        return row["account"].split(" @ ")[0] != row["other"].split(" @ ")[0]

    flags = [renamed(r) for r in links]
    # the shared places as the place parser reads them ("usa" -> United States), as the
    # profiles show them
    places = {p for row in links for p in row["places"].split(", ")}
    assert "United States" in places and not {"usa", "us"} & places
    assert any(flags) and not all(flags)
    assert flags == sorted(flags, reverse=True)  # the leads first
    assert "under different names (listed first)" in result.stderr
    only = run_tnoc("markets", "vendors", "link", *files, "--renamed", "--csv")
    table = list(csv.DictReader(only.stdout.splitlines()))
    assert [(r["account"], r["other"]) for r in table] == [
        (r["account"], r["other"]) for r in links if renamed(r)]
    assert "not listed: --renamed" in only.stderr


def test_cli_link_on_one_file_says_what_a_link_is() -> None:
    """On one file every link joins two names of one crawl: the headline says so, and
    does not count them "under different names" as if that told something."""
    result = run_tnoc("markets", "vendors", "link", str(SYNTH))
    assert result.returncode == 0, result.stderr
    assert "within one file" in result.stdout and "under different names" not in result.stdout


def test_cli_profiles_show_places_as_read() -> None:
    """Ships-from and ships-to as the place parser reads them ("usa" -> United States)."""
    result = run_tnoc("markets", "vendors", "profiles", str(SYNTH), "--vendor",
                      "SusnaSmith", "--json")
    assert result.returncode == 0, result.stderr
    susna = json.loads(result.stdout)["rows"][0]
    assert susna["ships_from"] == "United States" and susna["ships_to"] == "worldwide"


def test_the_diagnosis_bounds_recall_by_the_mutual_nearest_pairs() -> None:
    """``benchmarks/markets.py --diagnose`` on the prescription subset (seed 1, the
    run furthest below the recall target): its mutual-nearest share is the share of
    true pairs among the linker's own candidates, recall stays under it, and weights
    fitted on the answers themselves do not lift it to the target (0.774 and 0.839 with
    the split keeping listings whole: benchmarks/RESULTS.md, session 43)."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from markets import recall_ceiling

    from tnoc.markets.vendors import account_similarity, candidates

    test = split_accounts(read_listings(DATA / "markets" / "agora_2014_prescription.csv"),
                          seed=1)
    found = recall_ceiling(test)
    linked = {frozenset(p) for p in candidates(account_similarity(test.accounts).scores).pairs}
    assert found["true_pairs"] == len(test.pairs) == 31
    assert found["mutual_nearest_share"] == round(len(linked & test.pairs) / 31, 4) == 0.7742
    assert found["oracle_weights_mutual_share"] < 0.95
    index = {a.name: n for n, a in enumerate(test.accounts)}
    links = {frozenset((index[x.first], index[x.second])) for x in link_accounts(test.accounts)}
    assert pairwise_scores(links, test.pairs)["recall"] <= found["mutual_nearest_share"]
    assert 0 < found["pairs_without_shared_text"] < 31


def test_the_split_shares_no_listing_between_the_halves() -> None:
    """A listing renamed between crawls keeps its old and new titles in one half: on
    the prescription subset (two or more crawls per listing) the title split alone put
    them in both halves of 12-13 of the 32 true pairs, which then shared the listing's
    description, price and shipping (found by a helper, session 43)."""
    from tnoc.markets.vendors import title_units

    listings = read_listings(DATA / "markets" / "agora_2014_prescription.csv")
    renamed = [u for u in title_units(listings) if len(u) > 1]
    assert renamed  # the subset has listings that changed title between crawls
    for seed in (24, 1):
        test = split_accounts(listings, seed=seed)
        for pair in test.pairs:
            first, second = ({x.listing_id for x in test.accounts[i].listings} for i in pair)
            assert not first & second
            titles = [{x.title for x in test.accounts[i].listings} for i in pair]
            assert not titles[0] & titles[1]
        task = attribution_task(listings, seed=seed)
        trained = {(v, x.listing_id) for v, x in zip(task.train_vendors, task.train,
                                                      strict=True)}
        assert not trained & {(v, x.listing_id) for v, x in zip(task.test_vendors, task.test,
                                                               strict=True)}


def test_a_file_name_given_twice_is_refused(tmp_path: Path) -> None:
    """Accounts are "vendor @ file" by the file's name: the same file twice, or two
    files of one name in two folders, had been read as one file with its listings
    twice (a review, helper-133). Both are usage errors."""
    from typer.testing import CliRunner

    from tnoc.cli.main import app
    from tnoc.errors import ArgumentError

    copy = tmp_path / SYNTH.name
    copy.write_bytes(SYNTH.read_bytes())
    for second, said in ((SYNTH, "is given twice"), (copy, "have one name")):
        for command in (["vendors", "link"], ["flows"]):
            done = CliRunner().invoke(app, ["markets", *command, str(SYNTH), str(second)])
            assert isinstance(done.exception, ArgumentError), done.output
            assert said in str(done.exception)


def test_continuity_refuses_a_subset_beside_a_whole_crawl() -> None:
    """A category subset is a slice of the market: beside the January product crawl it
    made February look like 1 vendor and 261 gone. Two subsets pool."""
    crawl = DATA / "markets" / "agora-products-2014-01-01.csv"
    seeds = DATA / "markets" / "agora_2014_seeds.csv"
    mixed = run_tnoc("markets", "vendors", "continuity", str(crawl), str(seeds))
    assert mixed.returncode == 2  # a usage error: files that do not go together
    assert "crawls of different kinds" in mixed.stderr and "product crawl" in mixed.stderr
    pooled = run_tnoc("markets", "vendors", "continuity", str(seeds), str(SYNTH), "--json")
    assert pooled.returncode == 0 and json.loads(pooled.stdout)["rows"]


@pytest.mark.slow
def test_the_leads_are_tested_apart_from_the_same_name_pairs() -> None:
    """On the January and February 2014 product crawls the 229 same-name pairs, near
    certain, would raise a pooled Benjamini-Hochberg cutoff to 0.049 and let 9 leads
    (pairs of two names, p 0.011-0.041) through; tested in their own family, none
    passes, and the same-name pairs keep theirs. (Before halves were compared within a
    file only, 5 pooled and 3 apart.)"""
    files = [DATA / "markets" / f"agora-products-2014-0{m}-01.csv" for m in (1, 2)]
    accounts = accounts_by_source([r for f in files for r in read_listings(f)])

    def vendor(name: str) -> str:
        return name.rsplit(" @ ", 1)[0]

    pooled = link_accounts(accounts)
    apart = link_accounts(accounts, family=lambda a, b: vendor(a.name) == vendor(b.name))
    leads = [x for x in apart if vendor(x.first) != vendor(x.second)]
    assert len([x for x in pooled if vendor(x.first) != vendor(x.second)]) == 9
    assert leads == []
    assert all(x.p_value is not None and x.p_cutoff is not None and x.p_value <= x.p_cutoff
               for x in apart)
    assert {(x.first, x.second) for x in apart} - {(x.first, x.second) for x in leads} == {
        (x.first, x.second) for x in pooled if vendor(x.first) == vendor(x.second)}
