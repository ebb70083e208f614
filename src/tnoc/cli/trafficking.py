"""``tnoc trafficking``: hidden numbers, victim flows, indicator profiles and ad
templates of modern slavery (issue #25).

Thin: parse, call :mod:`tnoc.trafficking`, print. These commands read files named on
the command line (list-overlap counts, UNODC GLOTIP, the k-anonymised CTDC victim
file, advertisements or listings). With ``--case``, ``estimate`` keeps its result in
the case, ``flows``, ``profiles`` and ``templates`` read GLOTIP, CTDC's records and
the listings as taken into the case and keep the corridors, profiles and template
clusters: through the service's gate (operation ``assess``), as statements citing the
run (:mod:`tnoc.trafficking.case`, :mod:`tnoc.trafficking.template_case`), recorded
in the case's custody ledger; nothing is kept in research mode.
"""

from __future__ import annotations

import math
from collections import Counter
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from tnoc.cli.common import (
    AllOpt,
    Column,
    CsvOpt,
    Format,
    JsonOpt,
    Listing,
    _open,
    command_group,
    console,
    emit_json,
    files_or_case,
    keep_in_case,
    kept_note,
    limit_option,
    output_format,
    print_listing,
    row_limit,
)
from tnoc.cli.recorded import recorded
from tnoc.errors import TnocError

trafficking_app = command_group(
    help="Modern slavery and human trafficking: the dark figure behind overlapping "
         "lists of known victims (multiple systems estimation), victim flows from "
         "UNODC GLOTIP, indicator profiles from CTDC, template clusters in ads.",
    no_args_is_help=True)


def _whole(value: float | None) -> int | None:
    return None if value is None or not math.isfinite(value) else round(value)


KeepCaseOpt = Annotated[Path | None, typer.Option(
    "--case", "-c", help="Keep the result in this case (as analysis statements citing "
    "the run, with a custody record); given explicitly, never taken from TNOC_CASE.")]


@trafficking_app.command("estimate")
def estimate(
    file: Annotated[Path, typer.Argument(
        help="A list-overlap table (CSV): one row per observed capture history, a 0/1 "
             "column per list and a last column with the count, whatever the names.")],
    threshold: Annotated[float, typer.Option(
        help="The significance a pairwise term must reach to enter the chosen model "
             "(0.05 in the Home Office analysis, Silverman 2014).")] = 0.05,
    replicates: Annotated[int, typer.Option(
        help="Bootstrap replicates (each re-runs the model choice); 0 for none.")] = 200,
    seed: Annotated[int, typer.Option(help="The bootstrap's random seed.")] = 2014,
    case: KeepCaseOpt = None,
    as_json: JsonOpt = False, as_csv: CsvOpt = False,
) -> None:
    """Estimate how many victims there are, seen or not, from how the lists overlap:
    the chosen model's estimate and 95% profile interval, the models AIC and BIC
    choose, the Akaike-weighted average, the spread across candidate models and a
    bootstrap interval that re-runs the model choice. With --case: the result kept in
    the case, citing the table by name and SHA-256."""
    from tnoc.trafficking.mse import estimate_population, read_list_table

    if not 0 < threshold < 1:
        raise typer.BadParameter("expected a p-value between 0 and 1", param_hint="--threshold")
    if replicates < 0:
        raise typer.BadParameter("expected 0 or more", param_hint="--replicates")
    table = read_list_table(file)  # a bad table is refused before the case is opened
    if case is not None:
        _estimate_in_case(case, file, threshold, replicates, seed, as_json, as_csv)
        return
    _show_estimate(estimate_population(table, threshold, replicates, seed), as_json, as_csv,
                   {})


@recorded("trafficking estimate", reads=("file",))
def _estimate_in_case(case: Path, file: Path, threshold: float, replicates: int, seed: int,
                      as_json: bool, as_csv: bool) -> None:
    from tnoc.trafficking.case import file_sha256, save_estimate
    from tnoc.trafficking.mse import estimate_population, read_list_table

    _open(case)  # through the gate (operation assess); reads nothing of the case
    result = estimate_population(read_list_table(file), threshold, replicates, seed)
    run = keep_in_case(case, lambda con, root: save_estimate(con, root, file, result))
    _show_estimate(result, as_json, as_csv, {"run_id": run, "sha256": file_sha256(file)})
    kept_note(output_format(as_json, as_csv), "hidden-victims", run)


def _show_estimate(result: Any, as_json: bool, as_csv: bool, extra: dict[str, Any]) -> None:
    fmt = output_format(as_json, as_csv)
    rows = [[", ".join(c.terms) or "(main effects only)", c.exists, _whole(c.estimate),
             None if c.aic is None else round(c.aic, 2),
             None if c.bic is None else round(c.bic, 2),
             None if c.akaike_weight is None else round(c.akaike_weight, 4), c.problem]
            for c in result.candidates]
    columns: list[Column | str] = [  # fixed decimals: 163 read as 163.0, not rounded
        Column("model (pairwise terms)", "terms"), "exists", "estimate",
        Column("AIC", fmt=".2f"), Column("BIC", fmt=".2f"),
        Column("Akaike weight", "akaike_weight", fmt=".4f"), "problem"]
    facts: dict[str, Any] = {
        "lists": list(result.lists), "observed": result.observed,
        "estimate": _whole(result.estimate),
        "ci": [_whole(result.ci[0]), _whole(result.ci[1])],
        "model": list(result.model), "method": result.method,
        "threshold": result.pthresh,
        "aic_choice": {"model": list(result.aic_choice.terms),
                       "estimate": _whole(result.aic_choice.estimate)},
        "bic_choice": {"model": list(result.bic_choice.terms),
                       "estimate": _whole(result.bic_choice.estimate)},
        "model_average": _whole(result.model_average),
        "spread": {k: (int(v) if k == "models" else _whole(v))
                   for k, v in result.spread.items()},
        "bootstrap_ci": None if result.bootstrap_ci is None
        else [_whole(result.bootstrap_ci[0]), _whole(result.bootstrap_ci[1])],
        "bootstrap": {"replicates": result.bootstrap_replicates,
                      "failed": result.bootstrap_failed, "seed": result.seed},
        "empty_pairs": result.empty_pairs, **extra,
    }
    if fmt is Format.JSON:
        names = [c.name for c in Listing(columns, []).cols]
        emit_json({**facts, "candidates": [dict(zip(names, r, strict=True)) for r in rows]})
        return
    if fmt is Format.TABLE:
        say = console.print
        say(f"{result.observed:,} people on {len(result.lists)} lists "
            f"({', '.join(result.lists)})", markup=False, highlight=False)
        say(f"estimate {facts['estimate']:,}, 95% interval "
            f"{facts['ci'][0]:,} to {facts['ci'][1] or math.inf:,} (profile likelihood "
            f"of the chosen model)", markup=False, highlight=False)
        say(f"chosen model ({result.method}, threshold {result.pthresh}): main effects"
            + "".join(f" + {t}" for t in result.model), markup=False, highlight=False)
        say(f"AIC would choose {facts['aic_choice']['estimate']:,}, BIC "
            f"{facts['bic_choice']['estimate']:,}; Akaike-weighted average "
            f"{facts['model_average']:,}", markup=False, highlight=False)
        s = facts["spread"]
        say(f"spread over {s['models']:,} candidate models: {s['min']:,} to {s['max']:,} "
            f"(median {s['median']:,})", markup=False, highlight=False)
        if facts["bootstrap_ci"]:
            say(f"bootstrap 95% interval re-running the model choice "
                f"({result.bootstrap_replicates:,} replicates, seed {result.seed}): "
                f"{facts['bootstrap_ci'][0]:,} to {facts['bootstrap_ci'][1]:,}",
                markup=False, highlight=False)
        if result.empty_pairs:
            say("lists sharing no one (no model may pair them): "
                + ", ".join(result.empty_pairs), markup=False, highlight=False)
    print_listing(Listing(columns, rows, what="candidate models"), fmt)


YEAR = Column("year", fmt="d", count=False)
"""A year column: a date, not a count (never suppressed in research mode)."""
DATA = Path(__file__).resolve().parents[3] / "examples" / "data" / "trafficking"


class FlowView(StrEnum):
    """What ``tnoc trafficking flows`` lists."""

    regions = "regions"
    corridors = "corridors"
    domestic = "domestic"
    reconcile = "reconcile"


def _share(value: float | None, fmt: Format) -> object:
    if value is None:
        return None
    return f"{value:.1%}" if fmt is Format.TABLE else round(value, 4)


@trafficking_app.command("flows")
def flows(
    year: Annotated[int | None, typer.Option(help="One year (default: every year).")] = None,
    view: Annotated[FlowView, typer.Option(
        help="regions: flows between UN regions; corridors: citizenship to country of "
             "detection; domestic: the share detected in their own country; reconcile: "
             "the breakdown against GLOTIP's published totals.")] = FlowView.regions,
    glotip: Annotated[Path | None, typer.Option(
        help="UNODC GLOTIP data (.xlsx; default: the example file); or --case.")] = None,
    totals: Annotated[Path, typer.Option(
        help="GLOTIP's country totals per year (.csv), for --view reconcile.")]
    = DATA / "unodc_glotip_total_year_wise.csv",
    case: Annotated[Path | None, typer.Option(
        "--case", "-c", help="Read GLOTIP as taken into this case (mapping unodc_glotip) "
        "instead of a file, and keep the corridors of --year in it; given explicitly, "
        "never taken from TNOC_CASE.")] = None,
    limit: Annotated[int | None, limit_option(30, "Rows")] = None,
    all_rows: AllOpt = False, as_json: JsonOpt = False, as_csv: CsvOpt = False,
) -> None:
    """Detected trafficking victims by citizenship and country of detection (UNODC
    GLOTIP). Suppressed cells ("<5") are carried as 1 to 4: every count is a low and
    a high bound, equal where nothing is suppressed. With --case: GLOTIP as the case
    holds it, the corridors (of --year, or all years) kept in the case."""
    from tnoc.trafficking.flows import read_glotip

    if case is not None:
        if glotip is not None:
            raise TnocError("give --glotip FILE or --case CASE, not both")
        _flows_in_case(case, year, view, totals if view is FlowView.reconcile else None,
                       limit, all_rows, as_json, as_csv)
        return
    _show_flows(read_glotip(glotip or DATA / "unodc_glotip.xlsx"), year, view, totals, limit,
                all_rows, as_json, as_csv, {})


@recorded("trafficking flows", reads=("totals",))
def _flows_in_case(case: Path, year: int | None, view: FlowView, totals: Path | None,
                   limit: int | None, all_rows: bool, as_json: bool, as_csv: bool) -> None:
    from tnoc.trafficking.case import save_corridors
    from tnoc.trafficking.flows import case_glotip, glotip_sources

    opened = _open(case)
    with opened.connect(read_only=True) as con:
        sources = glotip_sources(con)
        data = case_glotip(con, sources)
    if not data.corridors:
        raise TnocError("the case holds no GLOTIP victims by citizenship (take the "
                        "workbook in with 'tnoc ingest unodc_glotip FILE')")
    _check_year(data, year)
    run = keep_in_case(case, lambda con, root: save_corridors(con, root, data, sources, year))
    fmt = output_format(as_json, as_csv)
    _show_flows(data, year, view, totals, limit, all_rows, as_json, as_csv,
                {"sources": sources, "run_id": run})
    kept_note(fmt, "victim-corridors", run)


def _check_year(data: Any, year: int | None) -> None:
    """Refuse a year GLOTIP gives no victims by citizenship for (before anything is
    kept), naming the years it has."""
    if year is not None and year not in data.years():
        raise typer.BadParameter(
            f"GLOTIP has no victims by citizenship for {year} (years "
            f"{data.years()[0]}-{data.years()[-1]})", param_hint="--year")


def _show_flows(data: Any, year: int | None, view: FlowView, totals: Path | None,
                limit: int | None, all_rows: bool, as_json: bool, as_csv: bool,
                extra: dict[str, Any]) -> None:
    from tnoc.trafficking.flows import (
        SUPPRESSED_BOUNDS,
        domestic_shares,
        read_totals,
        reconcile,
        regional_flows,
    )

    fmt = output_format(as_json, as_csv)
    _check_year(data, year)
    shown = row_limit(limit, all_rows, 30, fmt)
    columns: list[Column | str]
    rows: list[list[object]]
    if view is FlowView.regions:
        found = regional_flows(data, year)
        columns = [YEAR, Column("from (citizenship)", "origin"),
                   Column("to (detected in)", "destination"), Column("victims low", "low"),
                   Column("victims high", "high"), "corridors"]
        rows = [[f.year, f.origin, f.destination, f.victims.low, f.victims.high, f.corridors]
                for f in found]
        what = "regional flows"
    elif view is FlowView.corridors:
        found_c = sorted(data.in_year(year), key=lambda c: (c.year, -c.victims.high,
                                                            c.detected_in, c.citizenship))
        columns = [YEAR, "citizenship", Column("detected in", "detected_in"),
                   Column("victims low", "low"), Column("victims high", "high"),
                   "suppressed", "domestic"]
        rows = [[c.year, c.citizenship, c.detected_in, c.victims.low, c.victims.high,
                 not c.victims.exact, c.domestic] for c in found_c]
        what = "corridors"
    elif view is FlowView.domestic:
        shares = domestic_shares(data, year)
        columns = [YEAR, "country", Column("domestic low", "domestic_low"),
                   Column("domestic high", "domestic_high"),
                   Column("foreign low", "foreign_low"), Column("foreign high", "foreign_high"),
                   Column("not stated low", "not_stated_low"),
                   Column("not stated high", "not_stated_high"),
                   Column("share low", "share_low"), Column("share high", "share_high")]
        rows = [[d.year, d.country, d.domestic.low, d.domestic.high, d.foreign.low,
                 d.foreign.high, d.not_stated.low, d.not_stated.high,
                 _share(d.share_low, fmt), _share(d.share_high, fmt)] for d in shares]
        what = "countries"
    else:
        assert totals is not None
        recs = reconcile(data, read_totals(totals), year)
        columns = [YEAR, "country", Column("breakdown low", "breakdown_low"),
                   Column("breakdown high", "breakdown_high"),
                   Column("suppressed cells", "suppressed"),
                   Column("published total", "total"), "status"]
        rows = [[r.year, r.country, r.breakdown.low, r.breakdown.high, r.suppressed,
                 r.total, r.status] for r in recs]
        what = "country-years"
    facts = {"view": view.value, "year": year, "suppressed_as": list(SUPPRESSED_BOUNDS),
             "source": data.source, **extra}
    print_listing(Listing(columns, rows if shown is None else rows[:shown],
                          total=len(rows), what=what), fmt, extra=facts)


class ProfileView(StrEnum):
    """What ``tnoc trafficking profiles`` lists."""

    profiles = "profiles"
    associations = "associations"
    odds = "odds"


def _round(value: float, digits: int = 3) -> float | None:
    return round(value, digits) if math.isfinite(value) else None


@trafficking_app.command("profiles")
def victim_profiles(
    file: Annotated[Path, typer.Argument(
        help="A CTDC victim file (CSV, the cleaned release's columns).")]
    = DATA / "ctdc_victims_cleaned_subset.csv",
    view: Annotated[ProfileView, typer.Option(
        help="profiles: control x recruiter x exploitation x age x gender counts; "
             "associations: chi-square tests between the fields; odds: odds ratios "
             "with 95% intervals for each value pair.")] = ProfileView.profiles,
    case: Annotated[Path | None, typer.Option(
        "--case", "-c", help="Read the CTDC records taken into this case (mapping "
        "ctdc_victims) instead of a file, and keep the profiles in it; given "
        "explicitly, never taken from TNOC_CASE.")] = None,
    limit: Annotated[int | None, limit_option(30, "Rows")] = None,
    all_rows: AllOpt = False, as_json: JsonOpt = False, as_csv: CsvOpt = False,
) -> None:
    """Indicator profiles of identified victims (CTDC): the share unknown per field
    first, then the profiles, the associations between fields (chi-square with its
    degrees of freedom, Cramer's V) or the odds ratios with Wald and exact intervals.
    With --case: the records the case holds, the profiles kept in it."""
    from tnoc.trafficking.profiles import profile_report, read_victims

    if case is not None:
        _profiles_in_case(case, view, limit, all_rows, as_json, as_csv)
        return
    _show_profiles(profile_report(read_victims(file)), view, limit, all_rows, as_json,
                   as_csv, {})


@recorded("trafficking profiles")
def _profiles_in_case(case: Path, view: ProfileView, limit: int | None, all_rows: bool,
                      as_json: bool, as_csv: bool) -> None:
    from tnoc.trafficking.case import save_profiles
    from tnoc.trafficking.profiles import case_victims, ctdc_sources, profile_report

    opened = _open(case)
    with opened.connect(read_only=True) as con:
        sources = ctdc_sources(con)
        victims = case_victims(con, sources) if sources else None
    if victims is None or not victims.rows:
        raise TnocError("the case holds no CTDC victim records (take the file in with "
                        "'tnoc ingest ctdc_victims FILE')")
    report = profile_report(victims)
    run = keep_in_case(case, lambda con, root: save_profiles(con, root, report, sources))
    _show_profiles(report, view, limit, all_rows, as_json, as_csv,
                   {"sources": sources, "run_id": run})
    kept_note(output_format(as_json, as_csv), "victim-profiles", run)


def _show_profiles(report: Any, view: ProfileView, limit: int | None, all_rows: bool,
                   as_json: bool, as_csv: bool, extra: dict[str, Any]) -> None:
    from tnoc.trafficking.profiles import PROFILE

    fmt = output_format(as_json, as_csv)
    shown = row_limit(limit, all_rows, 30, fmt)
    missing = [{"field": m.field, "column": m.column, "unknown": m.unknown,
                "share": round(m.share, 4)} for m in report.missing]
    tests: list[dict[str, Any]] = [
        {"fields": [a.first, a.second], "rows": a.rows, "chi2": round(a.chi2, 2),
         "dof": a.dof, "p_value": a.p_value, "cramers_v": round(a.cramers_v, 4),
         "small_expected_share": round(a.small_expected, 4)}
        for a in report.associations]
    columns: list[Column | str]
    rows: list[list[object]]
    if view is ProfileView.profiles:
        columns = [*PROFILE, Column("victims", fmt=","), "share"]
        rows = [[*combo, count, _share(count / report.rows, fmt)]
                for combo, count in report.profiles]
        what = "profiles"
    elif view is ProfileView.associations:
        columns = ["first", "second", Column("rows (both known)", "rows"), "chi2", "dof",
                   Column("p-value", "p_value"), Column("Cramer's V", "cramers_v"),
                   Column("expected < 5", "small_expected_share")]
        rows = [[t["fields"][0], t["fields"][1], t["rows"], t["chi2"], t["dof"],
                 f"{t['p_value']:.3g}" if fmt is Format.TABLE else t["p_value"],
                 t["cramers_v"], _share(t["small_expected_share"], fmt)] for t in tests]
        what = "field pairs"
    else:
        columns = ["first", Column("first value", "first_value"), "second",
                   Column("second value", "second_value"), Column("both", fmt=","),
                   Column("first only", "first_only"), Column("second only", "second_only"),
                   "neither", Column("odds ratio", "odds_ratio"),
                   Column("Wald low", "wald_low"), Column("Wald high", "wald_high"),
                   Column("exact low", "exact_low"), Column("exact high", "exact_high"),
                   Column("+0.5 (zero cell)", "corrected")]
        rows = [[o.first, o.first_value, o.second, o.second_value, *o.table,
                 _round(o.odds_ratio), _round(o.wald_ci[0]), _round(o.wald_ci[1]),
                 None if o.exact_ci is None else _round(o.exact_ci[0]),
                 None if o.exact_ci is None else _round(o.exact_ci[1]), o.corrected]
                for o in report.odds_ratios]
        what = "value pairs"
    if fmt is Format.TABLE:
        console.print(f"{report.rows:,} identified victims in {report.source}; unknown: "
                      + ", ".join(f"{m['field']} {m['share']:.1%}" for m in missing),
                      markup=False, highlight=False)
    facts = {"source": report.source, "victims": report.rows, "view": view.value,
             "missing": missing, "associations": tests, **extra}
    print_listing(Listing(columns, rows if shown is None else rows[:shown],
                          total=len(rows), what=what), fmt, extra=facts)


@trafficking_app.command("templates")
def templates(
    file: Annotated[Path | None, typer.Argument(
        help="Advertisements or listings (CSV with a header); or --case.",
        show_default=False)] = None,
    text: Annotated[list[str] | None, typer.Option(
        "--text", help="The column(s) holding the text, joined in order (repeat the "
                       "option); default: description. With --case: the listing "
                       "properties (description, title); default: the description, "
                       "else the title.")] = None,
    author: Annotated[str | None, typer.Option(
        help="The column naming who posted each one (a vendor, an account): clusters "
             "are then scored by their purity against it. With --case: always the "
             "listing's vendor.")] = None,
    setting: Annotated[str, typer.Option(
        help="precision: the MDL templates (InfoShield-fine); recall: the coarse "
             "groups of documents sharing distinctive phrases (each shown with its most "
             "linked document as template, no bits saved).")] = "precision",
    case: Annotated[Path | None, typer.Option(
        "--case", "-c", envvar="TNOC_CASE",
        help="Run on the listings taken into this case (darknet listings of any "
             "mapping, e.g. agora_listings, agora_vendor_pages) instead of a file, and "
             "keep the clusters in it, each pointing at its listings (TNOC_CASE is used "
             "only when no file is given).")] = None,
    source: Annotated[list[str] | None, typer.Option(
        "--source", help="With --case: only the listings of this source (source id or "
                         "file name; repeat).")] = None,
    limit: Annotated[int | None, limit_option(30, "Clusters")] = None,
    all_rows: AllOpt = False, as_json: JsonOpt = False, as_csv: CsvOpt = False,
) -> None:
    """Template clusters in advertisement or listing text, by minimum description
    length as InfoShield (Lee et al., ICDE 2021): documents written from one template
    with a few words changed. Identical texts by the same author count once. With
    --case: the listings the case holds, the clusters kept in it (a listing's dossier,
    'tnoc show', names its cluster and template)."""
    from tnoc.trafficking.templates import Setting, find_templates, read_listings

    try:
        chosen = Setting(setting)
    except ValueError:
        raise typer.BadParameter("expected precision or recall",
                                 param_hint="--setting") from None
    in_case = files_or_case(file is not None, case, "FILE")
    if in_case is not None:
        if author is not None:
            raise typer.BadParameter("with --case the author is the listing's vendor",
                                     param_hint="--author")
        _templates_in_case(in_case, text, chosen, source, limit, all_rows, as_json, as_csv)
        return
    if source:
        raise typer.BadParameter("--source chooses among a case's sources: give --case",
                                 param_hint="--source")
    assert file is not None  # files_or_case refused neither
    listings = read_listings(file, text or ["description"], author)
    _show_templates(listings, find_templates(listings, chosen), author, None,
                    limit, all_rows, as_json, as_csv, {})


@recorded("trafficking templates")
def _templates_in_case(case: Path, text: list[str] | None, setting: Any,
                       source: list[str] | None, limit: int | None, all_rows: bool,
                       as_json: bool, as_csv: bool) -> None:
    from tnoc.store.flagged import resolve_sources
    from tnoc.trafficking.template_case import (
        TEXT_PROPERTIES,
        case_texts,
        save_templates,
        text_sources,
    )
    from tnoc.trafficking.templates import find_templates

    wrong = [t for t in text or () if t not in TEXT_PROPERTIES]
    if wrong:
        raise typer.BadParameter(f"{', '.join(map(repr, wrong))} is not a text property "
                                 f"of a listing (expected {' or '.join(TEXT_PROPERTIES)})",
                                 param_hint="--text")
    opened = _open(case)
    with opened.connect(read_only=True) as con:
        sources = text_sources(con, resolve_sources(con, source) if source else None)
        if not sources:
            raise TnocError("the case holds no listings (take a crawl in with 'tnoc ingest "
                            "agora_listings FILE' or agora_vendor_pages)" + (
                                f"; --source named {', '.join(source)}" if source else ""))
        texts = case_texts(con, sources, text)
    found = find_templates(texts.listings, setting)
    run = keep_in_case(case, lambda con, root: save_templates(con, root, texts, found))
    _show_templates(texts.listings, found, "vendor", texts.entities, limit, all_rows, as_json,
                    as_csv, {"text": texts.text, "sources": sources, "run_id": run})
    kept_note(output_format(as_json, as_csv), "template-clusters", run)


def _show_templates(listings: Any, found: Any, authored: str | None,
                    entities: list[tuple[str, ...]] | None, limit: int | None,
                    all_rows: bool, as_json: bool, as_csv: bool,
                    extra: dict[str, Any]) -> None:
    """The clusters: per cluster its size, authors, template and (JSON) members, the
    file's rows or (``entities``) the case's listing entities; ``authored`` names who
    the author is (a column, the vendor), None when none is known."""
    from tnoc.trafficking.templates import Setting

    fmt = output_format(as_json, as_csv)
    shown = row_limit(limit, all_rows, 30, fmt)
    items = listings.items
    rows: list[list[object]] = []
    for number, cluster in enumerate(found.clusters, start=1):
        authors = Counter(items[m].author or "(none)" for m in cluster.members)
        top, top_count = authors.most_common(1)[0]
        if entities is None:
            where: object = items[cluster.template].row
            members: object = [items[m].row for m in cluster.members]
        else:
            where = entities[cluster.template][0]
            members = sorted({e for m in cluster.members for e in entities[m]})
        rows.append([number, len(cluster.members), len(authors) if authored else None,
                     top if authored else None,
                     _share(top_count / len(cluster.members), fmt) if authored else None,
                     top_count if authored else None, where, items[cluster.template].text,
                     round(cluster.bits_saved, 1) if found.setting is Setting.precision
                     else None, members if fmt is Format.JSON else None])
    place = ("template row", "template_row", "member rows", "member_rows") \
        if entities is None else \
        ("template listing", "template_listing", "member listings", "member_listings")
    columns: list[Column | str] = [
        Column("cluster", fmt="d", count=False), Column("listings", fmt=","), "authors",
        Column("main author", "main_author"),
        # in research mode a share of a suppressed count gives the count back (3 of 4
        # listings), and so does the member list's length: each is suppressed with it
        Column("main author share", "main_share", count=False,
               counts_from=("listings", "main_listings")),
        Column("main author listings", "main_listings", hidden=True),
        Column(place[0], place[1], fmt="d" if entities is None else "", count=False),
        Column("template", width=70), Column("bits saved", "bits_saved"),
        Column(place[2], place[3], width=1, counts_from=("listings",))]
    purity = found.purity()
    facts = {"source": listings.source, "setting": found.setting.value,
             "listings": len(items), "duplicates_dropped": listings.duplicates,
             "clustered": found.clustered, "coverage": round(found.coverage, 4),
             "cluster_purity": None if purity is None else round(purity, 4),
             "clusters": len(found.clusters), "coarse_groups": found.coarse, **extra}
    if fmt is Format.TABLE:
        console.print(
            f"{len(items):,} listings in {listings.source} ({listings.duplicates:,} "
            f"repeated by the same author dropped); {len(found.clusters):,} template "
            f"clusters ({found.setting.value}) hold {found.clustered:,} "
            f"({found.coverage:.1%})"
            + ("" if purity is None else f"; purity against {authored}: {purity:.1%}"),
            markup=False, highlight=False)
        columns = columns[:-1]
        rows = [r[:-1] for r in rows]
    print_listing(Listing(columns, rows if shown is None else rows[:shown],
                          total=len(rows), what="clusters"), fmt, extra=facts)


def register(app: typer.Typer) -> None:
    """Add ``tnoc trafficking`` to the program."""
    app.add_typer(trafficking_app, name="trafficking")
