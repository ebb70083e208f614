"""Text encoding detection and transcoding to UTF-8.

DuckDB's readers want UTF-8. Evidence arrives as UTF-8 (with or without a BOM),
UTF-16 from Windows tools and Excel, and Latin-1/CP-1252 from older systems. We trust
a BOM first, then strict UTF-8 over the whole file, then charset-normalizer's guess,
and transcode to a scratch file when needed; the registered source hash is always of
the bytes as received.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from tnoc.errors import InputFileError, Where

SAMPLE_BYTES = 256 * 1024
CHUNK = 4 * 1024 * 1024

BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


@dataclass(frozen=True)
class TextFile:
    """A text file ready for DuckDB: ``path`` is UTF-8 without BOM."""

    path: Path
    encoding: str
    transcoded: bool


def _is_utf8(path: Path) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(path: Path) -> str:
    """Best knowledge of the encoding of ``path``: BOM, strict UTF-8, then a guess."""
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE_BYTES)
    for bom, name in BOMS:
        if head.startswith(bom):
            return name
    if _is_utf8(path):
        return "utf-8"
    guess = from_bytes(head).best()
    if guess is None or guess.coherence == 0.0:
        # No language evidence (short or numeric text): Windows-1252, the most common
        # legacy encoding in Western evidence, if the bytes are valid in it.
        try:
            head.decode("cp1252")
            return "cp1252"
        except UnicodeDecodeError:
            pass
    if guess is None:
        raise InputFileError(
            "cannot determine the text encoding (binary data?)",
            Where(path),
            "a text file in UTF-8, UTF-16 or a single-byte encoding such as Latin-1",
        )
    return str(guess.encoding)


def as_utf8(path: Path, scratch: Path, encoding: str | None = None) -> TextFile:
    """Return ``path`` as UTF-8 text, transcoding into ``scratch`` if needed."""
    encoding = encoding or detect_encoding(path)
    if encoding in ("utf-8", "ascii", "utf_8"):
        return TextFile(path, "utf-8", False)
    scratch.mkdir(parents=True, exist_ok=True)
    target = scratch / f"utf8-{path.name}"
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    offset = 0
    with open(path, "rb") as src, open(target, "w", encoding="utf-8", newline="") as out:
        while chunk := src.read(CHUNK):
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                raise InputFileError(
                    f"byte {offset + exc.start} is not valid {encoding}",
                    Where(path),
                    f"text in one encoding throughout ({encoding} was detected)",
                ) from exc
            offset += len(chunk)
            out.write(text.lstrip("\ufeff") if offset == len(chunk) else text)
        out.write(decoder.decode(b"", final=True))
    return TextFile(target, encoding, True)
