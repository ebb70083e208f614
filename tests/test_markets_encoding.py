"""The market crawls re-saved in legacy encodings (issue #24). The guess
(:mod:`tnoc.ingest.encoding`): the February 2014 Agora crawl in Windows-1252 had been
read as cp775 (its no-break spaces made lone letters 'Ā'); names in Japanese still read
right. ``--encoding`` on the ``tnoc markets`` commands: the files read in it, said on
standard error "as given"; an unknown name a usage error; bytes not valid in it an
error naming the file and line."""

from __future__ import annotations

import collections
import csv
import io
import json
import re
from pathlib import Path

import pytest

from tests.conftest import run_tnoc
from tnoc.ingest.alphabets import alphabet_fit
from tnoc.ingest.encoding import as_utf8, codec_name, detect, read_text, reads_western

MARKETS = Path(__file__).resolve().parents[1] / "examples" / "data" / "markets"
RECORD = re.compile(r'(?m)^(?="\d{4}-\d{2}-\d{2}__)')  # a listing's first line


def _feb_crawl(records: int) -> str:
    """The header and the first ``records`` listings of the February 2014 crawl that
    Windows-1252 can write (some titles have stars and arrows it has not)."""
    header, body = (MARKETS / "agora-products-2014-02-01.csv").read_text(
        encoding="utf-8").split("\n", 1)
    kept = [r for r in RECORD.split(body)[:records + 1]
            if r and r.encode("cp1252", errors="ignore").decode("cp1252") == r]
    return header + "\n" + "".join(kept)


@pytest.mark.parametrize("records", [100, 1000])
def test_the_february_crawl_in_cp1252_is_read_as_cp1252(tmp_path: Path, records: int) -> None:
    """100 listings have no-break spaces and 'µ' as their only high bytes, 1,000 also
    'Cocaïne', '£' and '€': cp775 reads the no-break spaces as 'Ā' (after "anon"), which
    must not count as letters of a language."""
    text = _feb_crawl(records)
    assert "\xa0" in text and "µ" in text
    path = tmp_path / "agora-feb.csv"
    path.write_bytes(text.encode("cp1252"))
    read = read_text(path)
    assert read.encoding == "cp1252"
    assert read.text == text
    if records == 1000:
        assert "Cocaïne" in read.text and "€" in read.text


def test_japanese_names_in_shift_jis_are_still_read_right(tmp_path: Path) -> None:
    """The seeds subset with its three busiest vendors given Japanese names, in
    Shift-JIS: read as cp932 (Microsoft's Shift-JIS, reading these bytes alike)."""
    lines = (MARKETS / "agora_2014_seeds.csv").read_text(encoding="utf-8").splitlines(True)
    text = "".join(lines[:300])
    rows = list(csv.reader(io.StringIO(text)))
    column = rows[0].index("vendor")
    busiest = [v for v, _ in collections.Counter(r[column] for r in rows[1:]).most_common(3)]
    for vendor, name in zip(busiest, ["山田太郎", "鈴木", "佐藤"], strict=True):
        text = text.replace(vendor, name)
    path = tmp_path / "seeds-ja.csv"
    path.write_bytes(text.encode("shift_jis"))
    assert detect(path).encoding in ("shift_jis", "cp932")
    assert read_text(path).text == text


def test_a_short_file_keeps_the_doubt_of_its_guess(tmp_path: Path) -> None:
    """Too short for a language, a Windows-1252 guess still says the candidates that
    scored alike and read it otherwise (it had said nothing when cp1252 was also
    charset-normalizer's own guess)."""
    path = tmp_path / "names.csv"
    path.write_bytes("id,name\n1,Peña,Señor\n".encode("cp1252"))
    guess = detect(path)
    assert guess.encoding == "cp1252"
    assert guess.doubt and "'Peña' / 'Peńa'" in guess.doubt


@pytest.fixture(scope="module")
def feb_cp1252(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 listings of the February 2014 crawl in Windows-1252, the busiest vendor
    ("fake") renamed "Peña–Smith" (a letter and a dash that are no ASCII)."""
    path = tmp_path_factory.mktemp("feb") / "feb-cp1252.csv"
    path.write_bytes(_feb_crawl(1000).replace('"fake"', '"Peña–Smith"').encode("cp1252"))
    return path


def _vendors(stdout: str) -> set[str]:
    """The vendors of ``markets vendors profiles --json`` (stdout must be JSON only)."""
    return {row["vendor"] for row in json.loads(stdout)["rows"]}


def test_encoding_given_is_read_and_said_as_given(feb_cp1252: Path) -> None:
    """The names read in the encoding given, not guessed (cp1250 reads 'ñ' as 'ń': the
    option is obeyed), the note on standard error, standard output JSON only."""
    done = run_tnoc("markets", "vendors", "profiles", str(feb_cp1252), "--encoding",
                    "cp1252", "--json", "--all")
    assert done.returncode == 0, done.stderr
    assert "Peña–Smith" in _vendors(done.stdout)
    said = " ".join(done.stderr.split())
    assert "feb-cp1252.csv: read as cp1252 (as given)" in said and "guess" not in said
    other = run_tnoc("markets", "vendors", "profiles", str(feb_cp1252), "--encoding",
                     "windows-1250", "--json", "--all")
    assert other.returncode == 0, other.stderr
    assert "Peńa–Smith" in _vendors(other.stdout)
    assert "read as cp1250 (as given)" in " ".join(other.stderr.split())


def test_without_encoding_the_guess_names_the_option(feb_cp1252: Path) -> None:
    """A guess with a doubt tells how to choose: --encoding (or save as UTF-8)."""
    done = run_tnoc("markets", "places", str(feb_cp1252), "--json")
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)
    said = " ".join(done.stderr.split())
    assert "read as cp1252 (a guess)" in said
    # the example is the encoding to try, never the one the file was read in
    example = re.search(r"--encoding (\S+)\)", said)
    assert example and example.group(1) != "cp1252"


@pytest.mark.parametrize("command", [
    ["places", "FILE"], ["flows", "FILE"], ["dynamics"],
    ["vendors", "profiles", "FILE"], ["vendors", "continuity", "FILE"],
    ["vendors", "link", "FILE"]])
def test_an_unknown_encoding_is_a_usage_error(feb_cp1252: Path, command: list[str]
                                              ) -> None:
    """Every command reading files has --encoding, checked before any file is read."""
    args = [str(feb_cp1252) if arg == "FILE" else arg for arg in command]
    done = run_tnoc("markets", *args, "--encoding", "nosuch")
    assert done.returncode == 2
    said = " ".join(done.stderr.split())
    assert "--encoding" in said and "unknown text encoding 'nosuch'" in said
    assert "cp1252" in said and "gb18030" in said


def test_bytes_not_valid_in_the_encoding_given_are_an_error(feb_cp1252: Path) -> None:
    """UTF-8 given for a Windows-1252 file: the file and the line of the first byte
    that is no UTF-8, nothing on standard output."""
    done = run_tnoc("markets", "flows", str(feb_cp1252), "--encoding", "utf-8", "--json")
    assert done.returncode == 2
    assert done.stdout == ""
    said = " ".join(done.stderr.split())
    assert "feb-cp1252.csv" in said and "is not valid utf-8" in said
    first = feb_cp1252.read_bytes()
    line = first[:next(i for i, byte in enumerate(first) if byte > 127)].count(b"\n") + 1
    assert f"line {line}:" in said
    assert "the encoding given" in said


def test_encoding_is_refused_with_a_case(tmp_path: Path) -> None:
    """A case's listings were decoded when taken in: --encoding there is an error."""
    done = run_tnoc("markets", "flows", "--case", str(tmp_path), "--encoding", "cp1252")
    assert done.returncode == 2
    assert "tnoc ingest --encoding" in " ".join(done.stderr.split())


@pytest.mark.parametrize(("text", "encoding"), [
    ("id,nombre,nota\n1,Pérez,uno ó dos\n2,García,vale\n", "cp1252"),
    ("date,vendor,note\n2014-01-01,anon,à vendre\n2014-01-02,bob,prêt à partir\n",
     "cp1252"),
    ("id,nome,nota\n1,Silva,o café é bom\n2,Costa,a casa é grande\n", "cp1252"),
    ("id,name,price\n1,Müller – 5µg,€12 ’n’ more\n", "cp1252"),
    ("id,name\n1,Дмитрий Иванов\n2,Сергей Петров\n", "cp1251"),
    ("id,name\n1,Łukasz Wąsik\n2,Kraków Gdańsk\n", "cp1250"),
    ("id,name\n1,Γιώργος Νίκος\n2,Αθήνα οδός\n", "cp1253"),
])
def test_western_text_is_read_as_windows_1252_and_other_scripts_are_not(
        tmp_path: Path, text: str, encoding: str) -> None:
    """A review's fuzz (session 50) found charset-normalizer's ranking reading short
    Western files as cp857, cp1257, mac_roman or cp775 ("uno ó dos" as "uno ¾ dos"),
    mostly without a doubt: text that reads as Western European in Windows-1252 is read
    so (:func:`reads_western`); Cyrillic, Polish and Greek files still are not."""
    path = tmp_path / "names.csv"
    path.write_bytes(text.encode(encoding))
    guess = detect(path)
    assert path.read_bytes().decode(guess.encoding) == text or guess.doubt, guess
    if encoding == "cp1252":
        assert guess.encoding == "cp1252"
    else:
        assert guess.encoding != "cp1252" or guess.doubt, guess


def test_what_reads_as_western_text() -> None:
    assert reads_western("Müller, Peña, déjà vu, été, à Paris, 5µg, l’eau, €12, –")
    assert not reads_western("ascii only")  # nothing to judge by
    assert not reads_western("Äìèòðèé Èâàíîâ")  # Cyrillic in cp1252: no ASCII letter
    assert not reads_western("£ukasz W¹sik")  # Polish: a sign inside and before words
    assert not reads_western("a\x00b\x00")  # UTF-16 without a byte-order mark
    assert not reads_western("Ãéþñãïò")  # Greek


@pytest.mark.parametrize(("text", "encoding"), [
    ("id,name,note\n1,Antonín Dvořák,Přibyl\n2,Černý,Plzeň\n", "cp1250"),
    ("id,name,note\n1,Erdős Szőke,Győr\n2,Kovács,tűz\n", "cp1250"),
    ("id,name,note\n1,Jurčić Marić,Čakovec\n2,Kovačević,Šimić\n", "cp1250"),
    ("id,name,note\n1,Łukasz Wąsik,Wrocław\n2,Zieliński,Gdańsk\n", "cp1250"),
    ("id,name,note\n1,Şükrü Öztürk,İstanbul\n2,Çelik,Ağrı\n", "cp1254"),
    ("id,name,note\n1,Søren Jørgensen,København\n2,Guðmundsdóttir,Þór\n", "cp1252"),
    ("id,name,note\n1,José Peña,Málaga\n2,François Lefèvre,Côté\n3,Jürgen Müller,"
     "Köln\n4,Niccolò,città\n", "cp1252"),
])
def test_latin_script_files_are_read_in_the_code_page_whose_words_a_language_writes(
        tmp_path: Path, text: str, encoding: str) -> None:
    """Session 50 read every file whose Windows-1252 reading looked Western as
    Windows-1252: Czech "Dvoøák", Croatian "Jurèiæ", Hungarian "Erdõs", Turkish
    "Þükrü", and Polish "W¹sik" without a doubt. The Latin code pages are now compared
    by the words their readings write (:func:`alphabet_fit`): read right, and a
    multilingual Western list stays Windows-1252."""
    path = tmp_path / "names.csv"
    path.write_bytes(text.encode(encoding))
    guess = detect(path)
    assert path.read_bytes().decode(guess.encoding) == text, guess


@pytest.mark.parametrize("text", [
    "id,name,note\n1,Jyväskylä Mäkinen,5€ katu\n2,Pöyhönen price,Šostakovitš 12€\n",
    "id,name,note\n1,Tõnu Pärnu,Žukovski 5€\n2,Võru,šokolaad\n",
    "id,name,note\n1,bœuf,cœur 5€\n2,Noël,Œuvre\n",
    "id,name,note\n1,shipping price,price Sääksjärvi ±\n2,balance °,received Hämeenlinna "
    "order account\n3,Mäkinen sample,note\n",
])
def test_iso_8859_15_files_are_read_with_their_euro_sign(tmp_path: Path, text: str) -> None:
    """Finnish, Estonian and French lists in ISO-8859-15 (Latin-9): charset-normalizer
    guesses Windows-1257, Windows-1250 or HP Roman-8 for them ("Jyvðskylð",
    "Hyv—nen"), and Windows-1252 reads "5€" as "5¤". ISO-8859-15 is among the Latin
    pages compared, "¤" is no sign of text, and a Latin page reading the file as well as
    a single-byte guess no language is listed for is preferred to it."""
    path = tmp_path / "names.csv"
    path.write_bytes(text.encode("iso8859_15"))
    guess = detect(path)
    assert path.read_bytes().decode(guess.encoding) == text, guess
    assert alphabet_fit("5¤ katu", "cp1252").impossible == 1


def _read_right_or_said(folder: Path, text: str, encoding: str) -> None:
    """``text`` written in ``encoding`` is read right, or the guess says its doubt and
    names a rival that reads it right."""
    path = folder / "names.csv"
    path.write_bytes(text.encode(encoding))
    guess = detect(path)
    data = path.read_bytes()
    assert data.decode(guess.encoding) == text or (
        guess.doubt and data.decode(str(guess.rival)) == text), guess


@pytest.mark.parametrize(("text", "encoding"), [
    ("id,name,note\n1,Одеса transfer,alpha\n", "cp1251"),
    ("id,name,note\n1,account sample,Коваленко stealth\n", "cp1251"),
    ("id,name,note\n1,street with,Αικατερίνη from stealth Χρήστος payment\n", "iso8859_7"),
    ("id,name,note\n1,Київ,Коваленко\n2,Їжак,Ґанок\n", "koi8_u"),
])
def test_short_cyrillic_and_greek_lists_are_not_read_as_japanese_silently(
        tmp_path: Path, text: str, encoding: str) -> None:
    """charset-normalizer offered one reading of these, Shift-JIS ("ﾎ蒟坍" for "Одеса"),
    taken without a doubt (a review's generated files, helper-128). When the best
    reading is in another script than Latin, the Cyrillic, Greek, Hebrew and Arabic
    pages are read too: read right, or the guess is said with a rival that reads it
    right."""
    _read_right_or_said(tmp_path, text, encoding)


@pytest.mark.parametrize(("text", "encoding"), [
    ("id,name\n1,สวัสดี\n2,ภูเก็ต เชียงใหม่\n", "cp874"),
    ("id,name\n1,שָׁלוֹם\n2,דָּוִד כֹּהֵן\n", "cp1255"),
    ("id,name\n1,發送 MDMA药丸\n2,K粉 高雄\n", "gb18030"),
    ("id,name\n1,発送ﾒｰﾙ ｺｰﾋｰ豆\n2,Tシャツ 在庫\n", "cp932"),
])
def test_marks_and_latin_beside_cjk_are_words(tmp_path: Path, text: str,
                                              encoding: str) -> None:
    """A review (helper-131) found right readings taken for impossible ones: Thai
    vowels, Hebrew points (marks between letters) and Latin letters or half-width
    katakana joined to CJK ("MDMA药丸", "発送ﾒｰﾙ") are words; a CJK character between
    Latin letters ("Bia造stok", a CJK reading of Polish) is not."""
    assert alphabet_fit(text.split("\n", 1)[1]).impossible == 0
    assert alphabet_fit("Bia造stok").impossible == 1
    _read_right_or_said(tmp_path, text, encoding)


@pytest.mark.parametrize("names", ["山田太郎,東京", "鈴木,佐藤,大阪", "山田太郎,発送"])
def test_a_short_list_of_japanese_names_is_not_read_as_rare_korean(
        tmp_path: Path, names: str) -> None:
    """Shift-JIS decodes without mess as cp949 too, into Hangul syllables outside the
    Korean standard set ("랹밹뫞쁚" for "山田太郎"), which charset-normalizer had ranked
    first for 21 of 30 generated Japanese files: a reading mostly outside the national
    standard sets comes last (:func:`tnoc.ingest.east_asian.mostly_rare`), while a
    Chinese list with rare given-name characters is still read as GB18030."""
    from tnoc.ingest.east_asian import mostly_rare

    text = "id,name\n" + "".join(f"{n},{name}\n" for n, name in enumerate(names.split(",")))
    path = tmp_path / "names.csv"
    path.write_bytes(text.encode("shift_jis"))
    guess = detect(path)
    assert path.read_bytes().decode(guess.encoding) == text, guess
    assert mostly_rare("山田太郎".encode("shift_jis").decode("cp949"))
    assert not mostly_rare("王喆 李堃 张玥 刘昇")  # two of eight outside GB 2312
    chinese = "id,name\n1,王喆\n2,李堃\n3,张玥\n4,陈赟\n5,杨洺\n"
    path.write_bytes(chinese.encode("gb18030"))
    assert read_text(path).text == chinese


def test_which_words_a_language_writes() -> None:
    """Impossible: letters no one alphabet of the page's languages holds ("Èerný": è and
    ý, in Windows-1252's Western languages; "Äìèòðèé"), a sign inside a word ("W¹sik"),
    scripts mixed in a word ("chargesЦwhich"), a C1 control (what
    an ISO page makes of Windows-1252's signs); a dash or an ellipsis set without
    spaces and an apostrophe are not. Languages: how few explain the words of two
    letters or more."""
    assert alphabet_fit("Dvořák Černý", "cp1250") == alphabet_fit("Dvořák") == (0, 1)
    assert alphabet_fit("Èerný", "cp1252").impossible == 1
    assert alphabet_fit("Dvořák", "cp1252").impossible == 1  # ř is no Western letter
    assert alphabet_fit("Sørvágur", "cp1252").impossible == 0  # Faroese
    assert alphabet_fit("Nguyễn Văn", "cp1252").impossible == 2  # Vietnamese: cp1258's
    assert alphabet_fit("Nguye\u0302\u0303n Văn", "cp1258") == (0, 1)  # tones composed
    assert alphabet_fit("W¹sik £ukasz").impossible == 1
    assert alphabet_fit("Äìèòðèé").impossible == 1  # Cyrillic as cp1252: no alphabet
    assert alphabet_fit("Żółć", "cp1250").impossible == 0  # all accented, and Polish
    assert alphabet_fit("chargesЦwhich").impossible == 1
    assert alphabet_fit("l\x92eau").impossible == 1
    assert alphabet_fit("charges—which wait…what l’eau col·lecció").impossible == 0
    assert alphabet_fit("Erdõs tûz", "cp1252") == (0, 2)  # Portuguese/Estonian, French
    assert alphabet_fit("Erdős tűz", "cp1250") == (0, 1)  # Hungarian
    assert alphabet_fit("à ö å").languages == 0  # lone letters name no language


@pytest.mark.parametrize(("text", "encoding"), [
    ("id,name,by\n1,Søren Jørgensen,Tórshavn\n2,Jógvan Hansen,Fuglafjørður\n", "cp1252"),
    ("time,from,text\n10:00,user8,transfer price £5 shipping…payment\n", "cp1252"),
    ("id,note\n1,wait…what\n", "cp1252"),
    ("id,name\n1,Dušek\n2,Dvořák\n3,Šťastný\n", "iso8859_2"),
    ("id,name\n1,Nguyễn Văn An,Hà Nội\n2,Trần Thị Bình,Đà Nẵng\n", "cp1258"),
    ("id,name\n1,Žydrūnas Žukauskas,“VIP”\n", "iso8859_13"),
])
def test_a_review_s_misreads_are_read_right_or_said(tmp_path: Path, text: str,
                                                     encoding: str) -> None:
    """A review (helper-128) of the first version of the page comparison found silent
    misreads: a Faroese name made a Danish list Lithuanian (cp1257), an ellipsis between
    words made a chat cp775, ISO-8859-2 and -13 were no candidates, cp1258's Vietnamese
    tones (combining marks) counted as signs inside words. Each is now read right or
    said to be a guess."""
    import unicodedata

    def cp1258(ch: str) -> bytes:  # a letter as cp1258 writes it: base, then its tone
        try:
            return ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tone))
            return (base + tone).encode("cp1258")

    path = tmp_path / "list.csv"
    data = b"".join(map(cp1258, text)) if encoding == "cp1258" else text.encode(encoding)
    path.write_bytes(data)
    guess = detect(path)
    read = unicodedata.normalize("NFC", data.decode(guess.encoding, errors="replace"))
    assert read == text or guess.doubt, guess


def test_the_vendor_pages_in_cp1252_are_read_as_cp1252(tmp_path: Path) -> None:
    """The January 2014 vendor pages saved as Windows-1252 had been read as cp1125
    (Cyrillic): English dashes set without spaces ("charges—which") and a name the
    crawl itself holds as mojibake ("RÅ«zbihÄn") failed the Western reading. A
    dash between letters is English typography, and a Windows-1252 reading with fewer
    impossible words than a Cyrillic one ("chargesЦwhich") is read."""
    text = (MARKETS / "agora_vendor_pages_2014-01.csv").read_text(encoding="utf-8")
    text = text.encode("cp1252", errors="replace").decode("cp1252")
    assert "charges—which" in text and "RÅ«zbihÄn" in text
    path = tmp_path / "pages.csv"
    path.write_bytes(text.encode("cp1252"))
    assert read_text(path).text == text


def test_utf16_without_a_mark_is_not_taken_for_western_text(tmp_path: Path) -> None:
    path = tmp_path / "names.csv"
    text = "id,name\n1,Müller\n2,Peña\n"
    path.write_bytes(text.encode("utf-16-le"))
    guess = detect(path)
    assert path.read_bytes().decode(guess.encoding) == text


def test_utf8_given_for_a_file_that_is_not_is_an_error_naming_the_line(tmp_path: Path
                                                                        ) -> None:
    """``--encoding utf-8`` (or a mapping's) was taken on trust, the file handed to
    DuckDB untranscoded, and a Windows-1252 byte gave a traceback: checked now."""
    from tnoc.errors import InputFileError

    path = tmp_path / "names.csv"
    path.write_bytes("id,name\n1,José Peña\n".encode("cp1252"))
    with pytest.raises(InputFileError, match=r"line 2.*byte 13 is not valid utf-8"):
        as_utf8(path, tmp_path / "scratch", "utf-8")
    done = run_tnoc("ingest", "ofac_sdn", str(path), "-c", str(tmp_path / "case"),
                    "--encoding", "utf-8")
    assert done.returncode != 0 and "Traceback" not in done.stderr


def test_a_byte_order_mark_against_the_encoding_given_is_an_error(tmp_path: Path) -> None:
    """A UTF-8 file with its mark read as cp1252 gave "FranÃ§ois" silently: a mark of
    another encoding than the one given is refused, naming both; the mark's own
    encoding given is read with the mark left out."""
    from tnoc.errors import InputFileError

    path = tmp_path / "names.csv"
    path.write_bytes(b"\xef\xbb\xbfid,name\n1,Fran\xc3\xa7ois\n")
    with pytest.raises(InputFileError, match="utf-8 byte-order mark.*given is cp1252"):
        read_text(path, "cp1252")
    assert read_text(path, "utf-8").text == "id,name\n1,François\n"
    path.write_bytes("id,name\n1,François\n".encode("utf-16"))
    assert read_text(path, "utf-16").text == "id,name\n1,François\n"
    with pytest.raises(InputFileError, match="utf-16-.. byte-order mark"):
        read_text(path, "latin-1")


@pytest.mark.parametrize("name", ["undefined", "unicode_escape", "raw_unicode_escape",
                                  "idna", "base64", "rot13", ""])
def test_codecs_that_decode_no_file_text_are_refused(name: str) -> None:
    from tnoc.ingest.encoding import UnknownEncoding

    with pytest.raises(UnknownEncoding):
        codec_name(name)
    assert codec_name("latin1") == "iso8859-1" and codec_name("cp500") == "cp500"


def test_dynamics_reads_the_files_given_in_the_encoding_given(tmp_path: Path) -> None:
    """``dynamics`` said nothing of how it read its files and applied --encoding to the
    shipped defaults: now the note, and --encoding without a file is refused."""
    counts = tmp_path / "counts.csv"
    counts.write_bytes((MARKETS / "agora_crawl_counts_2014-2015.csv").read_bytes())
    done = run_tnoc("markets", "dynamics", "--counts", str(counts), "--encoding", "cp1252",
                    "--json")
    assert done.returncode == 0, done.stderr
    json.loads(done.stdout)
    assert "counts.csv: read as cp1252 (as given)" in " ".join(done.stderr.split())
    alone = run_tnoc("markets", "dynamics", "--encoding", "cp1252")
    assert alone.returncode == 2
    assert "--counts and --uptime" in " ".join(alone.stderr.split())


def test_a_file_whose_first_accented_line_comes_late_is_read_by_its_accents(
        tmp_path: Path) -> None:
    """The guess read the first 256 KB: a long list all ASCII there was guessed
    "ascii", and the whole file failed at its first accented byte (a fresh try of the
    seeds subset in Windows-1252: "byte 700073 is not valid ascii"). The guess now
    reads the lines holding bytes beyond ASCII."""
    path = tmp_path / "late.csv"
    rows = "".join(f"{n},vendor{n},plain note\n" for n in range(20_000))
    text = "id,name,note\n" + rows + "20001,Peña,café à emporter\n"
    path.write_bytes(text.encode("cp1252"))
    assert path.stat().st_size > 300_000
    assert detect(path).encoding == "cp1252"
    assert read_text(path).text == text
