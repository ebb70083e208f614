"""``tnoc markets vendors``: vendor profiles across crawls, vendor continuity between
crawls, and accounts that are the same seller under another name (issue #24, items 2
and 3). Thin: read the files, call :mod:`tnoc.markets.vendors`, print. Every command
reads Agora listing CSVs (category subsets, product crawls, vendor pages); ``profiles``
and ``link`` also run on the Agora listings taken into a case (``--case``): through the
service's gate (operation ``assess``), their results kept in the case as statements
citing the run (:mod:`tnoc.markets.vendor_case`), recorded in its custody ledger.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tnoc.cli.common import (
    AllOpt,
    Column,
    CsvOpt,
    JsonOpt,
    Listing,
    _open,
    _progress,
    command_group,
    cut,
    keep_in_case,
    limit_option,
    note,
    output_format,
    print_listing,
    row_limit,
)
from tnoc.cli.markets import (
    EncodingOpt,
    MarketsCaseOpt,
    OptionalFilesArg,
    SourceOpt,
    crawl_files_or_case,
    markets_app,
    say_reading,
)
from tnoc.cli.recorded import recorded
from tnoc.errors import ArgumentError

if TYPE_CHECKING:
    from tnoc.markets.vendors import MarketListing

vendors_app = command_group(
    help="Market vendors: profiles across crawls, continuity between crawls, and "
         "accounts that are the same seller under another name.", no_args_is_help=True)
markets_app.add_typer(vendors_app, name="vendors")

FilesArg = Annotated[list[Path], typer.Argument(
    help="Agora listing CSVs (2014 category subsets, product crawls or vendor pages).",
    exists=True, dir_okay=False, readable=True)]


def _read(files: list[Path], encoding: str | None) -> list[MarketListing]:
    from tnoc.markets.crawl_files import ReadingNotes, named_once
    from tnoc.markets.vendors import read_listings

    for path in files:
        if not path.is_file():
            raise typer.BadParameter(f"{path} is not a readable file",
                                     param_hint="FILES")
    named_once(files)
    notes = ReadingNotes()
    listings = [row for path in files for row in read_listings(path, notes, encoding)]
    say_reading(notes)
    return listings


def _case_listings(case: Path, source: list[str] | None
                   ) -> tuple[list[MarketListing], list[str]]:
    """The case's Agora listings as the vendor analyses read them, and their sources
    (through the gate: :func:`_open`)."""
    from tnoc.markets.crawl_files import ReadingNotes
    from tnoc.markets.vendor_case import vendor_listings
    from tnoc.store.flagged import resolve_sources

    opened = _open(case)
    notes = ReadingNotes()
    with opened.connect(read_only=True) as con:
        found = vendor_listings(con, resolve_sources(con, source) if source else None,
                                notes)
    say_reading(notes)
    return found


def _kept(fmt: Any, kind: str, run: str | None) -> None:
    note(fmt, f"Kept in the case as analysis run {kind}-{run}." if run
         else "Research mode: nothing kept in the case.")


@vendors_app.command("profiles")
def vendors_profiles(
    files: OptionalFilesArg = None,
    case: MarketsCaseOpt = None,
    source: SourceOpt = None,
    vendor: Annotated[str | None, typer.Option(help="Only this vendor (exact name, "
                                                    "any case; as read or written with "
                                                    "URL escapes).")] = None,
    encoding: EncodingOpt = None,
    limit: Annotated[int | None, limit_option(30, "Vendors")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """One row per vendor across the files read: listings and distinct titles, main
    categories, median price (BTC; none for the binned subsets) and commonest price
    level (half-decade of BTC, or the subset's bin), where they ship from and to,
    feedback grades (count, mean of 5; each listing on its crawl with the most) and the
    first and last crawl date. The most listed vendors first. With --case: the case's
    Agora listings (each listing once per crawl date), the profiles kept in the case
    as VendorProfile statements (all vendors, whatever --vendor shows)."""
    in_case = crawl_files_or_case(bool(files), case, "listing file(s)", encoding)
    if in_case is not None:
        _profiles_in_case(in_case, source, vendor, limit, all_rows, as_json, as_csv)
        return
    assert files  # files_or_case refused neither
    listings = _read(files, encoding)
    _show_profiles(listings, [f.name for f in files], vendor, limit, all_rows, as_json,
                   as_csv, {})


@recorded("markets vendors profiles")
def _profiles_in_case(case: Path, source: list[str] | None, vendor: str | None,
                      limit: int | None, all_rows: bool, as_json: bool, as_csv: bool
                      ) -> None:
    from tnoc.markets.vendor_case import save_profiles
    from tnoc.markets.vendors import profiles

    listings, sources = _case_listings(case, source)
    rows = profiles(listings)
    run = keep_in_case(case, lambda con, root: save_profiles(con, root, sources, rows))
    _show_profiles(listings, sorted({x.source for x in listings}), vendor, limit, all_rows,
                   as_json, as_csv, {"sources": sources, "run_id": run,
                                     "counting": "each listing once per crawl date"})
    _kept(output_format(as_json, as_csv), "vendor-profiles", run)


def _show_profiles(listings: list[MarketListing], files: list[str], vendor: str | None,
                   limit: int | None, all_rows: bool, as_json: bool, as_csv: bool,
                   extra: dict[str, Any]) -> None:
    from tnoc.markets.vendors import profiles

    fmt = output_format(as_json, as_csv)
    rows = profiles(listings)
    if vendor is not None:
        from tnoc.markets.crawl_files import vendor_name

        # the name as read or as a product crawl writes it ("lsdaisy%21" is "lsdaisy!")
        wanted = {vendor.casefold(), vendor_name(vendor).casefold()}
        rows = [p for p in rows if p.vendor.casefold() in wanted]
    shown, total = cut(rows, row_limit(limit, all_rows, 30, fmt))
    note(fmt, f"{', '.join(files)}: {len(listings):,} listings"
               + (f"; {len(rows):,} vendor(s) named {vendor!r}." if vendor is not None
                  else f" of {len(rows):,} vendors."))
    columns = [Column("vendor", width=24), Column("listings", fmt=","),
               Column("titles", fmt=","), Column("categories", width=40),
               Column("median price BTC", "median_price_btc", fmt=".4f"),
               Column("price level", "price_level"),
               Column("ships from", "ships_from", width=24),
               Column("ships to", "ships_to", width=24),
               Column("feedback", fmt=","), Column("mean grade", "mean_grade", fmt=".2f"),
               Column("first seen", "first_seen"), Column("last seen", "last_seen"),
               Column("crawl months", "crawl_months", fmt=",")]
    data = [(p.vendor, p.listings, p.titles,
             "; ".join(f"{c} ({n:,})" for c, n in p.categories), p.median_price,
             p.price_level,
             _places(p.ships_from), _places(p.ships_to), p.feedback, p.mean_grade,
             p.first_seen, p.last_seen, p.crawls) for p in shown]
    print_listing(Listing(columns, data, total=total, what="vendors"), fmt,
                  {"files": files, "listings": len(listings), **extra})


def _vendor(account: str) -> str:
    """The vendor name of an account named ``vendor @ file``."""
    return account.rsplit(" @ ", 1)[0]


def _places(texts: tuple[str, ...] | list[str]) -> str:
    """A profile's places as the parser reads them (:func:`tnoc.markets.locations.
    parse_place`: "usa" -> "United States"), one name once; a text it cannot read is
    shown as typed."""
    from tnoc.markets.locations import parse_place

    names = [parse_place(text).name for text in texts]
    return ", ".join(dict.fromkeys(n.removeprefix("unparsed: ") for n in names))


@vendors_app.command("continuity")
def vendors_continuity(
    files: FilesArg,
    encoding: EncodingOpt = None,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Vendor turnover between consecutive crawl months: vendors seen, how many of the
    previous month's are seen again, new and gone, and the Jaccard overlap."""
    from tnoc.markets.vendors import continuity, crawl_kinds

    fmt = output_format(as_json, as_csv)
    listings = _read(files, encoding)
    # subsets of other categories pool (each month the same slices); a subset beside a
    # whole crawl or vendor pages does not
    if len(set(crawl_kinds(listings, slice_named=False).values())) > 1:
        found = "; ".join(f"{name}: {kind}"
                          for name, kind in sorted(crawl_kinds(listings).items()))
        raise ArgumentError("the files are crawls of different kinds, whose vendors are "
                            f"not one market's from month to month ({found}); give "
                            "crawls of one kind")
    rows = continuity(listings)
    columns = [Column("crawl month", "crawl"), Column("previous"),
               Column("vendors", fmt=","), Column("stayed", fmt=","),
               Column("new", fmt=","), Column("gone", fmt=","),
               Column("Jaccard", "jaccard", fmt=".3f")]
    data = [(c.crawl, c.previous, c.vendors, c.stayed, c.new, c.gone, c.jaccard)
            for c in rows]
    print_listing(Listing(columns, data, what="crawl months"), fmt,
                  {"files": [f.name for f in files]})


@vendors_app.command("link")
def vendors_link(
    files: OptionalFilesArg = None,
    case: MarketsCaseOpt = None,
    source: SourceOpt = None,
    renamed_only: Annotated[bool, typer.Option(
        "--renamed", help="Only the links between accounts of different names (the "
                          "leads: the same seller under another name).")] = False,
    encoding: EncodingOpt = None,
    limit: Annotated[int | None, limit_option(30, "Links")] = None,
    all_rows: AllOpt = False,
    as_json: JsonOpt = False,
    as_csv: CsvOpt = False,
) -> None:
    """Accounts that are the same seller: one account per vendor name and file (a
    market or crawl), linked by character n-grams, words and typography of their
    listing text, product mix, price level and shipping, weighted as learned from the
    accounts themselves, when each is the other's nearest account and the score stands
    out from what other sellers reach in the run: the p-value of the score among the
    run's best-impostor scores, links kept by Benjamini-Hochberg at a false discovery
    rate of 0.05 (no threshold fitted to the data), pairs of two names (the leads)
    tested apart from one name seen in two files, so the easy same-name pairs do not
    loosen the leads' cutoff. Each link with its evidence: the
    family that weighs most, the shared n-grams rarest in the run (each with how many
    of the run's accounts use it, "'b-973' 2/79": a link resting on n-grams most
    accounts use is a weak lead), the closest titles, the places both ship from or
    to (as the place parser reads them: "germany" and "german" are Germany; the
    shipping family compares them as written). With --case: the case's Agora
    listings (an account is a vendor in one crawl file taken in), the links kept in
    the case as VendorLink statements with their p-value, the false discovery rate
    and Benjamini-Hochberg cutoff they were kept at and the run's threshold.

    Links between different names (the leads) are listed first, then the same name
    seen in two files, each group by score. The score is not a 0-1 similarity: each
    family's similarity (a cosine, 0 to 1) weighted by the run's learned logistic
    weights and corrected for hubness (CSLS), so a log-odds-like number whose scale
    changes from run to run: compare links within one run, and read the margin (how far
    the pair beats each account's next candidate) as the link's strength."""
    in_case = crawl_files_or_case(bool(files), case, "listing file(s)", encoding)
    if in_case is not None:
        _link_in_case(in_case, source, renamed_only, limit, all_rows, as_json, as_csv)
        return
    assert files  # files_or_case refused neither
    _show_links(_read(files, encoding), [f.name for f in files], renamed_only, limit, all_rows,
                as_json, as_csv, None)


@recorded("markets vendors link")
def _link_in_case(case: Path, source: list[str] | None, renamed_only: bool,
                  limit: int | None, all_rows: bool, as_json: bool, as_csv: bool) -> None:
    from tnoc.markets.vendor_case import save_links

    listings, sources = _case_listings(case, source)

    def save(con: Any, root: Path, accounts: int, links: list[Any]) -> str:
        return save_links(con, root, sources, accounts, links)

    _show_links(listings, sorted({x.source for x in listings}), renamed_only, limit,
                all_rows, as_json, as_csv, (case, sources, save))


def _show_links(listings: list[MarketListing], files: list[str], renamed_only: bool,
                limit: int | None, all_rows: bool, as_json: bool, as_csv: bool,
                keep: Any) -> None:
    """Link the accounts of ``listings`` and print the links, the leads (different
    names) first; with ``keep`` (case, sources, save), keep every link in the case
    first."""
    from tnoc.markets.vendors import (
        FALSE_LINK_RATE,
        accounts_by_source,
        empirical_p_values,
        link_accounts,
    )

    fmt = output_format(as_json, as_csv)
    accounts = accounts_by_source(listings)
    with _progress() as progress:  # a spinner and the time taken, on a terminal only
        progress.add_task(f"linking {len(accounts):,} accounts", total=None)
        # a name seen in two files is tested apart from two names (link_accounts)
        links = link_accounts(accounts, family=lambda a, b: _vendor(a.name) == _vendor(
            b.name))
    extra: dict[str, Any] = {}
    if keep is not None:
        case, sources, save = keep
        run = keep_in_case(case, lambda con, root: save(con, root, len(accounts), links))
        extra = {"sources": sources, "run_id": run}

    def other_name(link: Any) -> bool:
        return _vendor(link.first) != _vendor(link.second)

    threshold = next((x.threshold for x in links if x.threshold is not None), None)
    cutoffs = {kind: next((x.p_cutoff for x in links if other_name(x) == renamed), None)
               for kind, renamed in (("different names", True), ("same name", False))}
    impostors = next((x.impostors for x in links if x.impostors is not None), None)
    links = sorted(links, key=lambda link: not other_name(link))  # stable: by score
    renamed = sum(1 for link in links if other_name(link))
    same_name = len(links) - renamed
    if renamed_only:
        links = [link for link in links if other_name(link)]
    shown, total = cut(links, row_limit(limit, all_rows, 30, fmt))
    one_file = len(set(files)) == 1
    note(fmt, f"{len(accounts):,} accounts (vendor and file) from {len(listings):,} "
               f"listings: " + (
                   f"{total:,} linked pairs within one file (two names of one crawl "
                   "each: candidates for one seller using two names; the same name "
                   "across crawls needs two files)." if one_file else
                   f"{renamed:,} linked pairs under different names"
                   + (" (listed first), " if renamed else ", ")
                   + f"{same_name:,} of the same name in two files"
                   + (" (not listed: --renamed)." if renamed_only else "."))
               + " Score: weighted family similarities corrected for hubness, compared "
               "within this run only (see --help).")
    if impostors is not None:
        need = math.ceil(2 / FALSE_LINK_RATE)
        note(fmt, f"p: how often one of the run's {impostors:,} best-impostor scores is "
                  "as high" + (" (empirical)." if empirical_p_values(impostors) else
                               f"; with fewer than {need} impostors, a Student-t "
                               "prediction from their mean and spread: a parametric "
                               "stand-in, to read as an order more than a probability."))
    columns = [Column("account", width=32), Column("linked account", "other", width=32),
               Column("score (this run)", "similarity", fmt=".3f"),
               Column("margin", fmt=".3f"),
               Column("p (run's impostors)", "p_value", fmt=".3g"),
               Column("p cutoff (BH)", "p_cutoff", fmt=".3g"),
               # every family, so the strongest one named is always shown beside it
               Column("text", fmt=".3f"), Column("words", fmt=".3f"),
               Column("style", fmt=".3f"),
               Column("product mix", "mix", fmt=".3f"),
               Column("price", fmt=".3f"), Column("shipping", fmt=".3f"),
               Column("strongest evidence", "strongest"),
               Column("shared n-grams", "ngrams", width=40),
               Column("closest titles", "titles", width=60),
               Column("shared places", "places", width=30)]
    data = [(x.first, x.second, x.similarity, x.margin, x.p_value, x.p_cutoff,
             x.families["text"], x.families["words"], x.families["style"],
             x.families["mix"], x.families["price"], x.families["shipping"], x.strongest,
             " | ".join(x.ngrams), " <> ".join(x.titles), _places(x.shipping))
            for x in shown]
    print_listing(Listing(columns, data, total=total, what="links"), fmt,
                  {"files": files, "accounts": len(accounts), "renamed": renamed,
                   "threshold": threshold, "false_link_rate": FALSE_LINK_RATE,
                   "p_value_cutoffs": cutoffs, "impostors": impostors, **extra})
    if keep is not None:
        _kept(fmt, "vendor-links", extra["run_id"])
