"""Bounded parsers: hostile documents are refused with a clear error naming the file, the
limit and where it was exceeded, before anything reaches the store; malformed parts of a
partner's file that can be kept are kept and flagged instead of crashing the import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tnoc.errors import InputFileError, InputTooLargeError
from tnoc.ingest import limits
from tnoc.ingest.pipeline import ingest_file
from tnoc.store import Case

from .conftest import DATA, run_tnoc, store_fingerprint

ACCOUNTS = """mapping: accounts
dataset: test
reader: {format: csv}
entities:
  - name: account
    schema: BankAccount
    id: "acct-{number}"
    properties:
      accountNumber: number
      country: country
"""


@pytest.fixture
def seeded(case: Case) -> Case:
    """A case holding real data, so that 'the store is unchanged' means something."""
    ingest_file(case, "feodotracker", DATA / "malware" / "feodotracker_ipblocklist_2021-12-20.csv")
    return case


def _refused(case: Case, mapping: str | Path, file: Path,
             error: type[Exception] = InputTooLargeError) -> str:
    before = store_fingerprint(case)
    with pytest.raises(error) as info:
        ingest_file(case, mapping, file)
    assert store_fingerprint(case) == before
    message = str(info.value)
    assert repr(str(file)) in message, message  # the file is named
    return message


def test_stix_bundle_nested_200000_deep_refused_through_the_cli(seeded: Case,
                                                                 tmp_path: Path) -> None:
    """Used to crash with RecursionError; now exit 2 naming file, limit and line."""
    deep = "[" * 200_000 + "]" * 200_000
    path = tmp_path / "deep-bundle.json"
    path.write_text('{"type": "bundle", "objects": [\n{"type": "x-deep", "id": "x-deep--1", '
                    f'"payload": {deep}}}]}}', encoding="utf-8")
    before = store_fingerprint(seeded)
    result = run_tnoc("import", "stix", str(path), "--case", str(seeded.root))
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert "deep-bundle.json" in output and "line 2" in output
    assert f"limit of {limits.MAX_NESTING} levels" in output
    assert "RecursionError" not in output and "Traceback" not in output
    assert store_fingerprint(seeded) == before
    message = _refused(seeded, "stix_bundle", path)
    assert f"deeper than the limit of {limits.MAX_NESTING}" in message


def test_misp_event_nested_too_deep_refused(seeded: Case, tmp_path: Path) -> None:
    path = tmp_path / "deep-event.json"
    path.write_text('{"Event": {"info": "x", "x_deep": ' + '{"a": ' * 10_000 + "1"
                    + "}" * 10_000 + "}}", encoding="utf-8")
    assert "line 1" in _refused(seeded, "misp_event", path)


def test_json_brackets_inside_strings_are_not_nesting(case: Case, tmp_path: Path) -> None:
    """Only structure counts: a value full of brackets is an ordinary value."""
    bundle = {"type": "bundle", "id": "bundle--1", "objects": [
        {"type": "threat-actor", "id": "threat-actor--1", "name": "[" * 500 + '"{' * 100}]}
    path = tmp_path / "brackets.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    assert ingest_file(case, "stix_bundle", path).records == 1


def test_stix_string_where_a_list_is_expected_is_one_value(case: Case,
                                                           tmp_path: Path) -> None:
    """``"aliases": "Ivan"`` used to become the four aliases I, v, a, n."""
    bundle = {"type": "bundle", "id": "bundle--2", "objects": [
        {"type": "threat-actor", "id": "threat-actor--2", "name": "Ivan Example",
         "aliases": "Ivan", "labels": None},
        {"type": "malware", "id": "malware--3", "name": "Emotet",
         "aliases": ["Geodo", "Heodo"], "malware_types": "trojan"}]}
    path = tmp_path / "aliases.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    ingest_file(case, "stix_bundle", path)
    with case.connect(read_only=True) as con:
        rows = con.execute("SELECT prop, value FROM statements WHERE prop IN "
                           "('alias', 'malwareType') ORDER BY value").fetchall()
    assert rows == [("alias", "Geodo"), ("alias", "Heodo"), ("alias", "Ivan"),
                    ("malwareType", "trojan")]


def test_misp_null_and_unknown_attributes_kept_and_flagged(case: Case,
                                                            tmp_path: Path) -> None:
    """pymisp raised on a null or unknown loose attribute and silently skipped a null
    object attribute; each is now kept, flagged, with its original text."""
    event = {"Event": {"info": "partner event", "Attribute": [
        {"type": "ip-dst", "value": "198.51.100.7", "uuid": "a0000000-0000-4000-8000-0"
                                                            "00000000001"},
        {"type": "ip-dst", "value": None, "uuid": "a0000000-0000-4000-8000-000000000002"},
        {"type": "vendor-thing", "value": "something MISP does not know"}],
        "Object": [{"name": "person", "uuid": "b0000000-0000-4000-8000-000000000001",
                    "Attribute": [
                        {"object_relation": "full-name", "type": "full-name",
                         "value": "Ivan Example"},
                        {"object_relation": "alias", "type": "text", "value": None}]}]}}
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event), encoding="utf-8")
    report = ingest_file(case, "misp_event", path)
    assert report.flagged == 3
    with case.connect(read_only=True) as con:
        rows = set(con.execute("SELECT schema, prop, value FROM statements "
                               "WHERE prop <> 'id'").fetchall())
    assert ("NetworkIndicator", "ipAddress", "198.51.100.7") in rows
    assert ("Person", "name", "Ivan Example") in rows
    assert ("misp:vendor-thing", "name", "something MISP does not know") in rows
    nulls = {r for r in rows if r[0] in ("misp:ip-dst", "misp:text")}
    assert len(nulls) == 2 and all('"value": null' in r[2] for r in nulls), nulls


def _billion_laughs(levels: int = 9) -> str:
    lines = ['title: "Laughs"', "currency: BTC", 'lol0: &lol0 ["lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    lines += ["tags:", "- address: 1Lud76Q98VRHCUiyK7XUs7AgFofrqXeP78",
              f"  label: *lol{levels}"]
    return "\n".join(lines) + "\n"


def test_tagpack_billion_laughs_refused_without_expanding(seeded: Case,
                                                          tmp_path: Path) -> None:
    """Nine levels of nine aliases would expand to 9**9 (387 million) values; it used
    to run to an ArrowCapacityError after 5.7 GB."""
    path = tmp_path / "laughs.yaml"
    path.write_text(_billion_laughs(), encoding="utf-8")
    message = _refused(seeded, "graphsense_tagpack", path)
    assert f"{limits.MAX_YAML_ALIAS_NODES:,}" in message and "aliases" in message
    assert "line " in message


def test_tagpack_with_modest_aliases_still_read(case: Case, tmp_path: Path) -> None:
    """Anchors are legitimate YAML: a real TagPack reusing a value stays readable."""
    real = (DATA / "tags" / "graphsense_ransomware.yaml").read_text(encoding="utf-8")
    path = tmp_path / "anchored.yaml"
    path.write_text(real.replace("abuse: ransomware", "abuse: &abuse ransomware")
                    + "- address: 1GaVKrVT17DN4dnWbTqGB9qG3rQrk1JBe9\n  label: *abuse\n",
                    encoding="utf-8")
    assert ingest_file(case, "graphsense_tagpack", path).records > 1


def test_yaml_nested_too_deep_refused(seeded: Case, tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("title: deep\ntags:\n- address: x\n  label: " + "[" * 10_000
                    + "]" * 10_000 + "\n", encoding="utf-8")
    assert f"limit of {limits.MAX_NESTING} levels" in _refused(
        seeded, "graphsense_tagpack", path)


def test_graphml_entity_declarations_refused(seeded: Case, tmp_path: Path) -> None:
    """The XML billion laughs: entity declarations are refused before expansion."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 9}">' for i in range(1, 10))
    path = tmp_path / "laughs.graphml"
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE graphml [{entities}]>\n'
                    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph '
                    'edgedefault="undirected"><node id="&lol9;"/></graph></graphml>\n',
                    encoding="utf-8")
    assert "entity 'lol0'" in _refused(seeded, "network_graphml", path, InputFileError)


def test_graphml_nested_too_deep_refused(seeded: Case, tmp_path: Path) -> None:
    path = tmp_path / "deep.graphml"
    path.write_text('<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
                    + "<data>" * 10_000 + "</data>" * 10_000 + "</graphml>\n",
                    encoding="utf-8")
    message = _refused(seeded, "network_graphml", path)
    assert f"limit of {limits.MAX_NESTING} elements" in message and "line 2" in message


def test_csv_overlong_line_names_file_line_limit_and_length(
        seeded: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """It used to say only 'CSV Error on Line: 3' (and quote the whole line)."""
    monkeypatch.setattr(limits, "MAX_CSV_LINE_BYTES", 1024 * 1024)  # a small file suffices
    mapping = tmp_path / "accounts.yaml"
    mapping.write_text(ACCOUNTS, encoding="utf-8")
    long_line = "DE-2," + "x" * (2 * 1024 * 1024)
    path = tmp_path / "accounts.csv"
    path.write_text(f"number,country\nDE-1,de\n{long_line}\nDE-3,de\n", encoding="utf-8")
    message = _refused(seeded, mapping, path, InputFileError)
    assert "line 3" in message
    assert "limit of 1,048,576 bytes" in message
    assert f"line of {len(long_line):,} bytes" in message
    assert "xxxxxxxx" not in message and len(message) < 500


def test_mapping_file_with_alias_bomb_refused(tmp_path: Path) -> None:
    """A mapping is YAML from anyone too: the same bound applies before it is read."""
    from tnoc.ingest.mapping import load_mapping

    path = tmp_path / "laughs-mapping.yaml"
    path.write_text("mapping: laughs\n" + _billion_laughs(), encoding="utf-8")
    with pytest.raises(InputTooLargeError, match="laughs-mapping.yaml.*aliases"):
        load_mapping(path)


def test_json_nesting_limit_is_exact(tmp_path: Path) -> None:
    """MAX_NESTING levels are read; one more is refused, at its line and column."""
    path = tmp_path / "edge.json"
    fits = "[" * limits.MAX_NESTING + "]" * limits.MAX_NESTING
    path.write_text(fits, encoding="utf-8")
    assert limits.load_json(path, path) is not None
    path.write_text(f"\n[{fits}]", encoding="utf-8")
    with pytest.raises(InputTooLargeError,
                       match=f"edge.json', line 2: .*at column {limits.MAX_NESTING + 1}\\)"):
        limits.load_json(path, path)
