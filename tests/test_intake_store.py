"""The citizens' report intake (issue #23): typed identifiers checked, files checked
and stripped, the intake store sealing what reporters said, receipts that open only
with their passphrase."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from tnoc.errors import TnocError
from tnoc.intake.files import RefusedFile, check_file, check_files, safe_name
from tnoc.intake.forms import Form, check_report
from tnoc.intake.identifiers import InvalidIdentifier, check_identifier
from tnoc.intake.sealing import intake_key
from tnoc.intake.store import MAX_FAILURES, IntakeStore

from .conftest import DATA

# the first address of the bundled OFAC crypto list (Lazarus Group's wallet, SDN)
OFAC_WALLETS = DATA / "sanctions" / "ofac_crypto_addresses"


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (32, 16), (30, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


@pytest.mark.parametrize(("kind", "typed", "detail", "value"), [
    ("phone", "+49 157 7000 0001", None, "+4915770000001"),
    ("phone", "030 5550 0101", "DE", "+493055500101"),
    ("iban", "gb82 west 1234 5698 7654 32", None, "GB82WEST12345698765432"),
    ("wallet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", None,
     "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"),
    ("wallet", "0x52908400098527886E0F7030069857D2E4169EE7", "ETH",
     "0x52908400098527886e0f7030069857d2e4169ee7"),
    ("email", "Erika.Beispiel@Example.ORG", None, "Erika.Beispiel@example.org"),
    ("url", "Example.org/offer?id=3", None, "https://example.org/offer?id=3"),
    ("handle", "@Crypto_Guru", "Telegram", "crypto_guru"),
    ("txhash", "A" * 64, None, "a" * 64),
])
def test_identifiers_are_normalised_as_typed(kind: str, typed: str, detail: str | None,
                                             value: str) -> None:
    assert check_identifier(kind, typed, detail).value == value


@pytest.mark.parametrize(("kind", "typed", "detail", "expected"), [
    ("iban", "GB82 WEST 1234 5698 7654 33", None, "checksum"),
    ("wallet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", None, "checksum"),
    ("wallet", "0x52908400098527886E0F7030069857D2E4169Ee7", "ETH", "EIP-55"),
    ("phone", "+49 123", None, "numbering plan"),
    ("handle", "someone", None, "platform"),
    ("txhash", "abc", None, "64 hexadecimal"),
    ("url", "javascript:alert(1)", None, "http or https"),
])
def test_a_wrong_identifier_says_what_was_expected(kind: str, typed: str,
                                                   detail: str | None, expected: str) -> None:
    with pytest.raises(InvalidIdentifier, match=expected):
        check_identifier(kind, typed, detail)


def test_a_photo_loses_its_gps_in_the_working_copy_and_the_original_is_kept() -> None:
    data = _jpeg_with_gps()
    checked = check_file("C:\\Users\\victim\\..\\..\\evil/IMG_0001.jpg", data)
    assert checked.name == "IMG_0001.jpg"
    assert checked.original == data and checked.removed == ["EXIF (with GPS)"]
    assert not Image.open(io.BytesIO(checked.working)).getexif()
    assert Image.open(io.BytesIO(checked.working)).size == (32, 16)


def test_a_pdf_loses_its_author_in_the_working_copy() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_metadata({"/Author": "Erika Beispiel", "/Title": "Kontoauszug"})
    out = io.BytesIO()
    writer.write(out)
    checked = check_file("statement.pdf", out.getvalue())
    assert "Author" in checked.removed[0]
    assert b"Erika Beispiel" in checked.original
    assert b"Erika Beispiel" not in checked.working
    assert not PdfReader(io.BytesIO(checked.working)).metadata


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(("name", "data", "why"), [
    ("bomb.zip", _zip({"zeros.txt": b"\0" * 20_000_000}), "archive bomb"),
    ("nested.zip", _zip({"inner.zip": _zip({"a.txt": b"hello"})}), "another archive"),
    ("photo.jpg", _jpeg_with_gps() + _zip({"a.txt": b"hello"}), "also carries a ZIP"),
    ("invoice.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>", "also carries"),
    ("program.exe", b"MZ\x90\x00" + b"\0" * 200, "not one of the file types"),
    ("empty.txt", b"", "is empty"),
])
def test_bombs_polyglots_and_unknown_types_are_refused(name: str, data: bytes,
                                                       why: str) -> None:
    with pytest.raises(RefusedFile, match=why):
        check_file(name, data)


def test_the_count_and_size_limits_hold() -> None:
    with pytest.raises(RefusedFile, match="at most 10 per report"):
        check_files([(f"{n}.txt", b"note") for n in range(11)])
    with pytest.raises(RefusedFile, match="at most 20 MB per file"):
        check_file("big.txt", b"a" * (20 * 1024 * 1024 + 1))
    assert safe_name("../../../etc/passwd") == "passwd"
    assert safe_name("..\u202egnp.exe") == "gnp.exe"  # right-to-left override removed


def _form(**fields: str) -> Form:
    base = {"kind": "fraud", "narrative": "A broker on Telegram took my savings.",
            "happened_on": "2026-03-02", "loss_amount": "12500", "loss_currency": "EUR",
            "payment_method": "cryptocurrency", "contact_email": "erika@example.org"}
    return Form({**base, **fields}, [("wallet", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4",
                                      ""), ("phone", "+4915770000001", "")])


def test_a_form_with_problems_names_each_field() -> None:
    submission, problems = check_report(Form(
        {"kind": "fraud", "narrative": "", "happened_on": "2999-01-01",
         "loss_amount": "12,5x", "loss_currency": ""},
        [("iban", "GB82 WEST 1234 5698 7654 33", "")]), [], "en")
    assert submission is None
    assert set(problems) == {"narrative", "happened_on", "loss_amount", "loss_currency",
                             "identifier-0"}
    # a problem names the form's row, blank rows counted (row 0 left blank here)
    _, problems = check_report(Form({"kind": "fraud", "narrative": "x"}, [
        ("phone", "", ""), ("iban", "GB82 WEST 1234 5698 7654 33", "")]), [], "en")
    assert set(problems) == {"identifier-1"}
    _, refused = check_report(_form(kind="csam"), [], "en")
    assert "hotline" in refused["kind"]


def test_the_store_seals_what_the_reporter_said_and_the_receipt_opens_it(
        tmp_path: Path) -> None:
    key = intake_key(tmp_path / "keys")
    store = IntakeStore(tmp_path / "portal", key.public)
    photo = check_file("IMG_0001.jpg", _jpeg_with_gps())
    submission, problems = check_report(_form(), [photo], "de")
    assert submission is not None and not problems
    report_id, receipt = store.submit(submission)
    written = b"".join(p.read_bytes() for p in (tmp_path / "portal").rglob("*")
                       if p.is_file())
    for said in (b"Telegram took my savings", b"erika@example.org", b"15770000001",
                 b"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", receipt.code.encode(),
                 receipt.passphrase.encode(), b"Camera maker"):
        assert said not in written, said
    seen = store.report(receipt.code_grouped, receipt.passphrase)
    assert seen.report_id == report_id and seen.files[0].sha256 == photo.sha256
    clear, sealed, _ = store.sealed_report(report_id)
    assert clear["urgency"] == "normal"
    assert b"Telegram took my savings" in key.open(sealed)
    original = key.open(store.sealed_file(report_id, seen.files[0].file_id, "original"))
    assert original == photo.original
    store.reply(report_id, "Thank you: we are looking at the wallet you named.")
    added = store.add(receipt.code, receipt.passphrase, {"narrative": "He wrote again."},
                      [])
    assert [m["author"] for m in added.messages] == ["analyst", "reporter"]
    assert added.messages[1]["body"] is None  # the reporter's addition stays sealed


def test_a_receipt_locks_after_wrong_passphrases(tmp_path: Path) -> None:
    store = IntakeStore(tmp_path / "portal", intake_key(tmp_path / "keys").public)
    submission, _ = check_report(_form(), [], "en")
    assert submission is not None
    _, receipt = store.submit(submission)
    with pytest.raises(TnocError, match="no report opens"):
        store.report("1234 5678 9012 3456", receipt.passphrase)
    for _ in range(MAX_FAILURES):
        with pytest.raises(TnocError, match="no report opens"):
            store.report(receipt.code, "wrong-pass-word-here")
    with pytest.raises(TnocError, match="locked"):
        store.report(receipt.code, receipt.passphrase)


def test_passphrases_have_112_bits_a_salted_sha256_and_argon2id_receipts_still_open(
) -> None:
    """NIST SP 800-63B §5.1.2.2: a look-up secret of at least 112 bits may be kept as an
    approved one-way hash; receipts given before (Argon2id, OWASP's minimum) open."""
    from argon2 import PasswordHasher

    from tnoc.intake.receipts import (
        PASSPHRASE_ALPHABET,
        PASSPHRASE_BITS,
        hash_passphrase,
        new_receipt,
        passphrase_ok,
    )

    passphrase = new_receipt().passphrase
    assert PASSPHRASE_BITS >= 112 and len(passphrase.replace("-", "")) == 24
    assert set(passphrase.replace("-", "")) <= set(PASSPHRASE_ALPHABET)
    stored = hash_passphrase(passphrase)
    assert stored.startswith("sha256$") and passphrase not in stored
    assert stored != hash_passphrase(passphrase)  # salted
    assert passphrase_ok(stored, f" {passphrase.upper()} ")
    other_last = next(c for c in PASSPHRASE_ALPHABET if c != passphrase[-1])
    assert not passphrase_ok(stored, passphrase[:-1] + other_last)  # one character off
    assert not passphrase_ok("sha256$not-hex$00", passphrase)
    earlier = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
    assert passphrase_ok(earlier.hash("abcd-efgh-jkmn-pqrs"), "ABCD-efgh-jkmn-pqrs ")
    assert not passphrase_ok(earlier.hash("abcd-efgh-jkmn-pqrs"), "abcd-efgh-jkmn-pqrz")


def test_an_addition_refused_leaves_no_sealed_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import tnoc.intake.store as store_module

    store = IntakeStore(tmp_path / "portal", intake_key(tmp_path / "keys").public)
    submission, _ = check_report(_form(), [check_file("a.txt", b"notes\n")], "en")
    assert submission is not None
    _, receipt = store.submit(submission)
    before = sorted((tmp_path / "portal" / "sealed").iterdir())
    assert len(before) == 1  # a text file's working copy is its original, sealed once
    monkeypatch.setattr(store_module, "MAX_ADDITIONS_PER_DAY", 0)
    with pytest.raises(TnocError, match="additions a day"):
        store.add(receipt.code, receipt.passphrase, {"narrative": "more"},
                  [check_file("b.txt", b"more notes\n")])
    assert sorted((tmp_path / "portal" / "sealed").iterdir()) == before
    assert len(store.report(receipt.code, receipt.passphrase).files) == 1


def test_a_text_files_working_copy_is_its_original_sealed_once_a_photos_is_not(
        tmp_path: Path) -> None:
    """A text file has no metadata to remove: its working copy is served from its one
    sealed original (half the sealing and the disk); a photo's stripped copy is sealed
    on its own and differs from the original."""
    key = intake_key(tmp_path / "keys")
    store = IntakeStore(tmp_path / "portal", key.public)
    text = (DATA / "sanctions" / "ofac_sdn_2024-05-03.csv").read_bytes()[:20_000]
    listing, photo = check_file("sdn.csv", text), check_file("p.jpg", _jpeg_with_gps())
    submission, _ = check_report(_form(), [listing, photo], "en")
    assert submission is not None
    report_id, receipt = store.submit(submission)
    assert len(list((tmp_path / "portal" / "sealed").iterdir())) == 3
    by_name = {f.label: f.file_id for f in store.report(receipt.code,
                                                        receipt.passphrase).files}
    for label, checked in (("sdn.csv", listing), ("p.jpg", photo)):
        opened = {part: key.open(store.sealed_file(report_id, by_name[label], part))
                  for part in ("original", "working")}
        assert opened == {"original": checked.original, "working": checked.working}
    assert listing.working == text and photo.working != photo.original
    with pytest.raises(TnocError, match="no file"):
        store.sealed_file(report_id, "0123456789abcdef", "working")
