"""A case ingested under the id rule of earlier versions (``cdr-line--4915...``) and a
file ingested today (``cdr-line-4915...``) must not make one phone line two entities:
``tnoc ingest`` says so, names the older source and gives the fix (``--replace``).

Real data: the seized phone's call records of ``tests/data/cdr/calls.csv``; the older
case is made by ingesting with the id rule as it was (dashes kept, none trimmed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import tnoc.ingest.clean
import tnoc.ingest.pipeline
from tnoc.cli.main import app
from tnoc.errors import MappingError, TnocError
from tnoc.ingest.clean import lit, slug
from tnoc.ingest.mapping import load_mapping
from tnoc.ingest.pipeline import IngestOptions, ingest_file
from tnoc.store import Case

CDR = Path(__file__).parent / "data" / "cdr" / "calls.csv"
MARKETS = Path(__file__).parents[1] / "examples" / "data" / "markets"
OLD_UNSAFE_ID_CHARS = r"[^A-Za-z0-9._:-]+"  # the rule before ids became slugs


def _old_slug_sql(x: str) -> str:
    return f"regexp_replace({x}, {lit(OLD_UNSAFE_ID_CHARS)}, '-', 'g')"


@pytest.fixture
def old_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Case:
    """calls.csv taken in under the old id rule (its ``acquired`` entry naming none)."""
    case = Case.init(tmp_path / "case")
    with monkeypatch.context() as patched:
        patched.setattr(tnoc.ingest.clean, "slug_sql", _old_slug_sql)
        patched.setattr(tnoc.ingest.pipeline, "ID_RULE", None)
        ingest_file(case, "call_records", CDR)
    return case


def _lines(case: Case) -> list[str]:
    with case.connect(read_only=True) as con:
        return [str(r[0]) for r in con.execute(
            "SELECT DISTINCT entity_id FROM statement_store WHERE entity_id LIKE 'cdr-line%' "
            "ORDER BY 1").fetchall()]


def test_old_ids_are_found_and_the_fix_named(old_case: Case, tmp_path: Path) -> None:
    old_lines = _lines(old_case)
    assert "cdr-line--4915112223333" in old_lines  # what the older case holds
    # the next export of the same phone: the same lines, a new file
    header, *rows = CDR.read_text(encoding="utf-8").splitlines()
    later = tmp_path / "calls_later.csv"
    later.write_text("\n".join([header, *rows[10:]]) + "\n", encoding="utf-8")
    with pytest.raises(TnocError) as refused:
        ingest_file(old_case, "call_records", later)
    message = str(refused.value)
    assert "calls.csv (mapping call_records)" in message
    assert "'cdr-line--" in message and "two entities" in message
    assert "nothing was taken in" in message
    command = re.search(r"tnoc ingest call_records (\S+) --replace", message)
    assert command and Path(command.group(1)).is_file()  # the exhibit copy
    assert _lines(old_case) == old_lines  # nothing half-written
    # the same file again: nothing doubles, and the analyst is told the ids are stale
    again = ingest_file(old_case, "call_records", CDR)
    assert again.status == "already ingested"
    assert again.notes and "--replace" in again.notes[0] and "cdr-line--" in again.notes[0]
    # the fix: the older source again with --replace, from its exhibit copy; then the
    # later file makes the same entities
    replaced = ingest_file(old_case, "call_records", Path(command.group(1)),
                           IngestOptions(replace=True))
    assert replaced.status == "ingested" and not replaced.notes
    assert not [i for i in _lines(old_case) if "--" in i]
    before = _lines(old_case)
    ingest_file(old_case, "call_records", later)
    assert _lines(old_case) == before  # no line twice


def test_replace_goes_through_and_says_what_is_left(
        old_case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Older sources replaced one at a time: each replace goes through and names the
    sources still under the old rule (else none could be replaced first). ``--replace``
    on a file the case does not hold replaces nothing and is refused like any other (a
    review, helper-130: it let a new file make the lines twice with a note)."""
    header, *rows = CDR.read_text(encoding="utf-8").splitlines()
    other = tmp_path / "calls_other.csv"
    other.write_text("\n".join([header, *rows[5:]]) + "\n", encoding="utf-8")
    with monkeypatch.context() as patched:  # a second source of the old rule
        patched.setattr(tnoc.ingest.clean, "slug_sql", _old_slug_sql)
        patched.setattr(tnoc.ingest.pipeline, "ID_RULE", None)
        ingest_file(old_case, "call_records", other)
    later = tmp_path / "calls_later.csv"
    later.write_text("\n".join([header, *rows[10:]]) + "\n", encoding="utf-8")
    with pytest.raises(TnocError, match="nothing was taken in"):
        ingest_file(old_case, "call_records", later, IngestOptions(replace=True))
    exhibit = next(old_case.root.glob("exhibits/*/calls.csv"))
    done = ingest_file(old_case, "call_records", exhibit, IngestOptions(replace=True))
    assert done.status == "ingested"
    assert done.notes and "calls_other.csv (mapping call_records)" in done.notes[0]


def test_ingest_command_prints_the_note(old_case: Case) -> None:
    result = CliRunner().invoke(app, ["ingest", "call_records", str(CDR),
                                      "-c", str(old_case.root)])
    assert result.exit_code == 0, result.output
    assert "already ingested" in result.stdout
    assert "note:" in result.stderr and "--replace" in result.stderr


def _renamed_synth(folder: Path, names: dict[str, str], rows: slice) -> Path:
    """The synthetic-cannabinoid Agora subset, ``rows`` of it, vendors renamed."""
    import csv

    synth = MARKETS / "agora_2014_synth.csv"
    with synth.open(newline="", encoding="utf-8") as handle:
        header, *records = list(csv.reader(handle))
    column = header.index("vendor")
    path = folder / f"synth_{rows.start}.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *[
            [names.get(v, v) if i == column else v for i, v in enumerate(r)]
            for r in records[rows]]])
    return path


def _vendors(case: Case) -> dict[str, set[str]]:
    with case.connect(read_only=True) as con:
        found: dict[str, set[str]] = {}
        for entity, name in con.execute(
                "SELECT entity_id, value FROM statement_store WHERE schema = 'UserAccount' "
                "AND prop = 'username'").fetchall():
            found.setdefault(str(entity), set()).add(str(name))
        return found


NAMES = {"SusnaSmith": "王小明", "nawlins": "李大偉", "axa": "M\u00fcller",
         "Charlie_Bartlett": "M\u00f6ller"}


def test_ids_keep_the_letters_of_every_script(tmp_path: Path) -> None:
    """An id made of a name keeps its letters: three Chinese vendor names were all
    ``agora-vendor`` (one account of 212 listings, a review found), "Müller" and
    "Möller" both ``agora-vendor-M-ller``."""
    case = Case.init(tmp_path / "case")
    path = _renamed_synth(tmp_path, NAMES, slice(0, None))
    ingest_file(case, "agora_listings", path)
    vendors = _vendors(case)
    renamed = {e: n for e, n in vendors.items() if n & set(NAMES.values())}
    assert all(len(n) == 1 for n in vendors.values()), vendors
    assert sorted(next(iter(n)) for n in renamed.values()) == sorted(NAMES.values())
    assert "agora-vendor-M\u00fcller" in vendors and "agora-vendor-M\u00f6ller" in vendors


def test_an_older_case_with_ids_without_those_letters_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case taken in before ids kept letters beyond A-Z holds ``agora-vendor-M-ller``;
    a later crawl of the same vendors would make ``agora-vendor-Müller`` beside it: the
    ingest refuses and names the older source and the fix, as for the dashed ids."""
    case = Case.init(tmp_path / "case")
    first = _renamed_synth(tmp_path, NAMES, slice(0, 400))
    with monkeypatch.context() as patched:  # (before names were kept apart, too)
        _before_exact_ids(patched)
        patched.setattr(tnoc.ingest.clean, "slug_sql", tnoc.ingest.clean.ascii_slug_sql)
        ingest_file(case, "agora_listings", first)
    older = _vendors(case)
    assert "agora-vendor-M-ller" in older
    later = _renamed_synth(tmp_path, NAMES, slice(400, None))
    with pytest.raises(TnocError) as refused:
        ingest_file(case, "agora_listings", later)
    message = str(refused.value)
    assert f"{first.name} (mapping agora_listings)" in message
    assert "without the letters beyond A-Z" in message and "--replace" in message
    assert _vendors(case) == older  # nothing half-written


def _before_exact_ids(patched: pytest.MonkeyPatch) -> None:
    """Ingest as tnoc did before ``id_slug: exact``: every template a plain slug, and
    the ``acquired`` entry naming no id rule."""
    patched.setattr(tnoc.ingest.clean, "exact_slug_sql",
                    lambda x: tnoc.ingest.clean.slug_sql(x))  # (as patched, if it is)
    patched.setattr(tnoc.ingest.pipeline, "ID_RULE", None)


def _pages(folder: Path, name: str, keep: slice | str, renamed: str | None = None,
           extra: tuple[str, str] | None = None) -> Path:
    """The real January 2014 vendor pages: the rows of ``keep`` (a slice, or the vendor
    whose rows are kept), and with ``renamed`` those rows again as that vendor's (with
    ``extra`` (vendor, name): that vendor's rows as the name's)."""
    import csv

    with (MARKETS / "agora_vendor_pages_2014-01.csv").open(newline="",
                                                           encoding="utf-8") as handle:
        header, *records = list(csv.reader(handle))
    column = header.index("vendor")
    kept = records[keep] if isinstance(keep, slice) else [
        r for r in records if r[column] == keep]
    copies = [[renamed if i == column else v for i, v in enumerate(r)]
              for r in kept if renamed and r[column] == "lsdaisy!"]
    if extra:
        copies += [[extra[1] if i == column else v for i, v in enumerate(r)]
                   for r in records if r[column] == extra[0]]
    path = folder / name
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([header, *kept, *copies])
    return path


def _listings_by_vendor(case: Case) -> dict[str, int]:
    with case.connect(read_only=True) as con:
        return {str(v): int(n) for v, n in con.execute(
            "SELECT value, count(DISTINCT entity_id) FROM statement_store "
            "WHERE schema = 'DarknetListing' AND prop = 'vendor' GROUP BY 1").fetchall()}


def test_names_that_differ_only_in_symbols_stay_two_vendors(tmp_path: Path) -> None:
    """Issue #24: the real vendor pages' ``lsdaisy!`` and a vendor ``lsdaisy`` (the same
    rows, renamed) were one entity, ``agora-vendor-lsdaisy``, their listings merged.
    ``id_slug: exact`` keeps them two, every listing with its own seller; a name the
    slug leaves as it is keeps the id it had."""
    case = Case.init(tmp_path / "case")
    path = _pages(tmp_path, "pages.csv", slice(0, None), renamed="lsdaisy")
    ingest_file(case, "agora_vendor_pages", path)
    vendors = _vendors(case)
    assert all(len(n) == 1 for n in vendors.values()), vendors  # no two names in one
    by_name = {next(iter(n)): e for e, n in vendors.items()}
    assert by_name["lsdaisy"] == "agora-vendor-lsdaisy"
    assert by_name["lsdaisy!"] == "agora-vendor-lsdaisy-055ec157d3"
    assert by_name["lsdaisy!"] == slug("agora-vendor-lsdaisy!", "exact")
    listings = _listings_by_vendor(case)
    assert listings["agora-vendor-lsdaisy"] == listings["agora-vendor-lsdaisy-055ec157d3"] > 0
    for name, entity in by_name.items():  # the names the slug keeps: ids as before
        made = slug(f"agora-vendor-{name}")
        assert entity == made if made == f"agora-vendor-{name}" else entity != made, name
        assert not entity.startswith("-") and "--" not in entity and not entity.endswith("-")


def test_phone_ids_still_join_their_separators() -> None:
    """Where separators are meant to be one (phone lines, the default ``id_slug``), ids
    are as before; ``exact`` is what a mapping asks for, per template."""
    assert slug("tel-+49 170 1234567") == "tel-49-170-1234567"
    assert slug("tel-+49-170-1234567") == slug("tel-(+49) 170 1234567") == "tel-49-170-1234567"
    assert slug("tel-+49 170 1234567", "exact").startswith("tel-49-170-1234567-")
    cdr = load_mapping("call_records")
    assert {e.id_slug for e in cdr.entities} == {"separators"}


def test_an_older_case_with_symbols_dropped_from_names_is_found(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case taken in before names were kept apart holds ``agora-vendor-lsdaisy`` for
    ``lsdaisy!``; a later file would make ``agora-vendor-lsdaisy-055ec157d3`` beside it:
    refused, nothing taken in, the older source and the command that fixes it named.
    After the fix the two files make one entity of ``lsdaisy!``, apart from ``lsdaisy``."""
    case = Case.init(tmp_path / "case")
    first = _pages(tmp_path, "pages_old.csv", slice(0, 3000))
    assert "lsdaisy!" in first.read_text(encoding="utf-8")
    with monkeypatch.context() as patched:
        _before_exact_ids(patched)
        ingest_file(case, "agora_vendor_pages", first)
    older = _vendors(case)
    assert older["agora-vendor-lsdaisy"] == {"lsdaisy!"}
    later = _pages(tmp_path, "pages_later.csv", "lsdaisy!", renamed="lsdaisy")
    with pytest.raises(TnocError) as refused:
        ingest_file(case, "agora_vendor_pages", later)
    message = str(refused.value)
    assert f"{first.name} (mapping agora_vendor_pages)" in message
    assert "'agora-vendor-lsdaisy' there is 'agora-vendor-lsdaisy-055ec157d3' here" in message
    assert "symbols of a name dropped" in message and "nothing was taken in" in message
    assert _vendors(case) == older  # nothing half-written
    command = re.search(r"tnoc ingest agora_vendor_pages (\S+) --replace", message)
    assert command and Path(command.group(1)).is_file()  # the exhibit copy
    replaced = ingest_file(case, "agora_vendor_pages", Path(command.group(1)),
                           IngestOptions(replace=True))
    assert replaced.status == "ingested" and not replaced.notes
    ingest_file(case, "agora_vendor_pages", later)
    vendors = _vendors(case)
    assert vendors["agora-vendor-lsdaisy-055ec157d3"] == {"lsdaisy!"}
    assert vendors["agora-vendor-lsdaisy"] == {"lsdaisy"}
    assert not [e for e, n in vendors.items() if len(n) > 1]


def test_a_vendor_without_symbols_beside_a_case_of_today_is_not_refused(
        tmp_path: Path) -> None:
    """Sources taken in under today's rule hold ``agora-vendor-lsdaisy`` only for a
    vendor named ``lsdaisy``: a later ``lsdaisy!`` is another vendor, taken in."""
    case = Case.init(tmp_path / "case")
    ingest_file(case, "agora_vendor_pages", _pages(tmp_path, "a.csv", "lsdaisy!", "lsdaisy"))
    report = ingest_file(case, "agora_vendor_pages", _pages(tmp_path, "b.csv", "lsdaisy!"))
    assert report.status == "ingested" and not report.notes


def test_an_exact_template_must_be_id_text(tmp_path: Path) -> None:
    """``id_slug: exact`` on a template whose own text the slug changes (every id would
    carry a digest) or on a property that is no entity reference is a mapping error."""
    def mapping(entity: str, prop: str) -> Path:
        path = tmp_path / "m.yaml"
        path.write_text(f"""mapping: m
dataset: d
reader: {{format: csv}}
entities:
  - name: person
    schema: Person
    {entity}
    properties:
      {prop}
""", encoding="utf-8")
        return path

    data = tmp_path / "d.csv"
    data.write_text("name\nx!\n", encoding="utf-8")
    case = Case.init(tmp_path / "case")
    with pytest.raises(MappingError, match="own text"):
        ingest_file(case, mapping('id: "person {name}"\n    id_slug: exact', "name: name"),
                    data)
    with pytest.raises(MappingError, match="entity references"):
        ingest_file(case, mapping('id: "p-{name}"', "name: {column: name, id_slug: exact}"),
                    data)
    done = ingest_file(case, mapping('id: "p-{name}"\n    id_slug: exact', "name: name"), data)
    with case.connect(read_only=True) as con:
        ids = {r[0] for r in con.execute(
            "SELECT entity_id FROM statement_store WHERE source_id = ?",
            [done.source_id]).fetchall()}
    assert ids == {slug("p-x!", "exact")} and slug("p-x!", "exact") != "p-x"


def test_a_case_of_the_first_rule_is_found_for_digested_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The oldest cases (dashes kept) hold ``agora-vendor-lsdaisy-`` for ``lsdaisy!``;
    today's ``agora-vendor-lsdaisy-055ec157d3`` is the same vendor: refused, not split
    silently (a review found the two rules' checks did not meet)."""
    case = Case.init(tmp_path / "case")
    first = _pages(tmp_path, "pages_old.csv", slice(0, 3000))
    with monkeypatch.context() as patched:
        _before_exact_ids(patched)
        patched.setattr(tnoc.ingest.clean, "slug_sql", _old_slug_sql)
        ingest_file(case, "agora_vendor_pages", first)
    older = _vendors(case)
    assert older["agora-vendor-lsdaisy-"] == {"lsdaisy!"}
    with pytest.raises(TnocError) as refused:
        ingest_file(case, "agora_vendor_pages", _pages(tmp_path, "later.csv", "lsdaisy!"))
    assert ("'agora-vendor-lsdaisy-' there is 'agora-vendor-lsdaisy-055ec157d3' here"
            in str(refused.value))
    assert _vendors(case) == older


def test_a_name_ending_like_a_digest_is_not_taken_for_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A vendor named ``lsdaisy-2014030101`` keeps its name as its id (the slug changes
    nothing, so no digest is added): beside an older case's vendor ``lsdaisy`` it is
    another vendor, taken in, though its id ends in a dash and ten hex digits."""
    case = Case.init(tmp_path / "case")
    with monkeypatch.context() as patched:
        _before_exact_ids(patched)
        ingest_file(case, "agora_vendor_pages",
                    _pages(tmp_path, "a.csv", "lsdaisy!", renamed="lsdaisy"))
    assert "agora-vendor-lsdaisy" in _vendors(case)
    report = ingest_file(case, "agora_vendor_pages", _pages(
        tmp_path, "b.csv", slice(0, 0), renamed=None, extra=("lsdaisy!", "lsdaisy-2014030101")))
    assert report.status == "ingested" and not report.notes
    assert _vendors(case)["agora-vendor-lsdaisy-2014030101"] == {"lsdaisy-2014030101"}


def test_sources_of_todays_rule_are_not_read_as_older(tmp_path: Path) -> None:
    """``M-ller`` taken in under today's rule is a vendor of that name, not "Müller"
    without its letter: a later "Müller" is another vendor (before, such a case refused
    every later file naming one)."""
    case = Case.init(tmp_path / "case")
    for name in ("M-ller", "M\u00fcller"):
        report = ingest_file(case, "agora_vendor_pages", _pages(
            tmp_path, f"{len(name)}{name.encode().hex()}.csv", slice(0, 0),
            extra=("lsdaisy!", name)))
        assert report.status == "ingested" and not report.notes
    vendors = _vendors(case)
    assert vendors["agora-vendor-M-ller"] == {"M-ller"}
    assert vendors["agora-vendor-M\u00fcller"] == {"M\u00fcller"}


def _older_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The vendor pages of ``lsdaisy!`` taken in before names were kept apart (case
    ``old``), exported to ``pq`` (``tnoc export parquet``)."""
    from tnoc.store.parquet import export_parquet

    old = Case.init(tmp_path / "old")
    with monkeypatch.context() as patched:
        _before_exact_ids(patched)
        ingest_file(old, "agora_vendor_pages", _pages(tmp_path, "old.csv", "lsdaisy!"))
    with old.connect(read_only=True) as con:
        export_parquet(con, tmp_path / "pq")
    return tmp_path / "pq"


def test_an_imported_source_of_an_older_case_is_named_not_fatal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A source imported from another case's export (``tnoc import parquet``) holds no
    file here (before, the check crashed on its empty exhibit path) and may be of any
    rule: ingesting beside it goes through, with a note naming it and what to do."""
    from tnoc.store.parquet import import_parquet

    _older_export(tmp_path, monkeypatch)
    case = Case.init(tmp_path / "case")
    with case.transaction() as con:
        import_parquet(con, tmp_path / "pq")
    later = _pages(tmp_path, "new.csv", "lsdaisy!", extra=("lsdaisy!", "lsdaisy_2"))
    report = ingest_file(case, "agora_vendor_pages", later)
    assert report.status == "ingested"
    assert len(report.notes) == 1 and "imported sources" in report.notes[0]
    assert "old.csv (mapping agora_vendor_pages)" in report.notes[0]
    assert "'agora-vendor-lsdaisy' there is 'agora-vendor-lsdaisy-055ec157d3'" in (
        report.notes[0])


def test_an_import_of_an_older_case_beside_todays_sources_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A case of today's rule imports the export of a case taken in before names were
    kept apart: ``lsdaisy!`` is ``agora-vendor-lsdaisy`` there and
    ``agora-vendor-lsdaisy-055ec157d3`` here. The import cannot be refused for it (which
    rule the other case used is not known here) but says so, where before it made the
    vendor two entities without a word (a review, helper-130); an import of an older
    case's export into an empty case says nothing."""
    from tnoc.ingest.id_rules import imported_old_ids
    from tnoc.store.parquet import import_parquet

    _older_export(tmp_path, monkeypatch)
    case = Case.init(tmp_path / "case")
    ingest_file(case, "agora_vendor_pages",
                _pages(tmp_path, "new.csv", "lsdaisy!", extra=("lsdaisy!", "lsdaisy_2")))
    with case.transaction() as con:
        counts = import_parquet(con, tmp_path / "pq")
        notes = imported_old_ids(con, case.root, counts["new"])
    assert len(notes) == 1 and "the import holds entities of this case's sources" in notes[0]
    assert ("old.csv (mapping agora_vendor_pages): 1 entity, e.g. 'agora-vendor-lsdaisy' "
            "there is 'agora-vendor-lsdaisy-055ec157d3' here") in notes[0]
    empty = Case.init(tmp_path / "empty")
    with empty.transaction() as con:
        assert imported_old_ids(con, empty.root, import_parquet(con, tmp_path / "pq")["new"]) \
            == []
    result = CliRunner().invoke(app, ["import", "parquet", str(tmp_path / "pq"),
                                      "-c", str(tmp_path / "case")])
    assert result.exit_code == 0, result.output  # already held: nothing new, no note
    assert "note:" not in result.stderr


def test_an_import_beside_older_sources_of_the_case_names_the_fix(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The other way round: the case took ``lsdaisy!`` in before names were kept apart,
    the import holds it under today's id; the note names the case's own older source and
    the command that gives it today's ids."""
    first = _pages(tmp_path, "old.csv", "lsdaisy!")
    case = Case.init(tmp_path / "case")
    with monkeypatch.context() as patched:
        _before_exact_ids(patched)
        ingest_file(case, "agora_vendor_pages", first)
    other = Case.init(tmp_path / "other")
    ingest_file(other, "agora_vendor_pages",
                _pages(tmp_path, "new.csv", "lsdaisy!", extra=("lsdaisy!", "lsdaisy_2")))
    with other.connect(read_only=True) as con:
        from tnoc.store.parquet import export_parquet

        export_parquet(con, tmp_path / "pq")
    result = CliRunner().invoke(app, ["import", "parquet", str(tmp_path / "pq"),
                                      "-c", str(case.root)])
    assert result.exit_code == 0, result.output
    assert "note: this case's older sources hold entities of the import" in result.stderr
    assert "tnoc ingest agora_vendor_pages" in result.stderr and "--replace" in result.stderr
