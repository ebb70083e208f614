"""Files a reporter uploads: limits, type from content, bombs and polyglots refused,
and a working copy without metadata.

* Limits: :data:`MAX_FILE_BYTES` per file, :data:`MAX_FILES` per submission,
  :data:`MAX_TOTAL_BYTES` in all (the portal also caps the request body).
* The type is sniffed from the content's signature (magic numbers), never taken from
  the name or the browser's Content-Type; only :data:`ACCEPTED` types are taken.
* A *polyglot* (a file that is validly two types, e.g. a JPEG with a ZIP appended, a
  PDF carrying an HTML page) is refused: each reader would see something else, and an
  analyst's viewer might run what the reporter's did not show.
* A ZIP is refused when it would expand beyond :data:`MAX_UNZIPPED_BYTES`, holds more
  than :data:`MAX_ZIP_ENTRIES` entries, expands an entry more than
  :data:`MAX_RATIO` times, declares more compressed bytes than the file has
  (overlapping entries, Fifield 2019's non-recursive zip bomb) or nests archives.
  Nothing is extracted.
* The original is kept unaltered (sealed, hashed: the exhibit); analysts work on a copy
  with its metadata removed: EXIF/GPS/XMP of images (re-encoded by Pillow after
  applying the EXIF orientation), the document information and XMP of PDFs (pypdf).
* A file name is kept only as a label: never a path (no folders, no control
  characters, at most 120 characters).
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

__all__ = ["ACCEPTED", "CheckedFile", "RefusedFile", "check_file", "check_files",
           "safe_name"]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10
MAX_TOTAL_BYTES = 60 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 1_000
MAX_RATIO = 100

ACCEPTED = {
    "image/jpeg": "JPEG image", "image/png": "PNG image", "image/gif": "GIF image",
    "image/webp": "WebP image", "application/pdf": "PDF document",
    "application/zip": "ZIP archive", "text/plain": "text",
}
"""The types a report may carry, by media type, with what the form calls them."""

_SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"), (b"PK\x05\x06", "application/zip"),
]
_EMBEDDED = [
    (b"PK\x03\x04", "a ZIP archive"), (b"PK\x05\x06", "a ZIP archive"),
    (b"%PDF-", "a PDF document"), (b"<script", "a script"), (b"<html", "a web page"),
    (b"<svg", "an SVG image"), (b"MZ\x90\x00", "a Windows program"),
    (b"\x7fELF", "a Linux program"),
]
"""What must not hide inside a file of another type (looked for in the whole file)."""


class RefusedFile(ValueError):
    """A file the intake does not take; the message says why, in the reporter's words."""


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed the checks."""

    name: str
    """A label from the name the reporter's browser sent (:func:`safe_name`)."""
    media_type: str
    size: int
    sha256: str
    """Of the original, as received: the hash the receipt lists and the ledger seals."""
    original: bytes
    working: bytes
    """The copy for analysts: metadata removed where the type has any to remove."""
    removed: list[str] = field(default_factory=list)
    """What the working copy lost ("EXIF (with GPS)", "document information")."""


def safe_name(name: str | None) -> str:
    """A file name fit to show and never to use as a path: the last part of any path,
    control and format characters removed, at most 120 characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    cleaned = "".join(ch for ch in unicodedata.normalize("NFC", base)
                      if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return cleaned[:120] or "file"


def sniff(data: bytes) -> str | None:
    """The media type ``data``'s content says it is (:data:`ACCEPTED`), or None."""
    for signature, media_type in _SIGNATURES:
        if data.startswith(signature):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if b"\x00" in data[:65_536]:
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text/plain"


def _polyglot(data: bytes, media_type: str) -> str | None:
    """What else ``data`` is, besides ``media_type``, if anything: a program or an
    archive or document signature anywhere in it, and, in a binary file, markup a
    browser would run. A text file may quote markup: it is only ever shown as text.
    The lower-cased copy markup is looked for in (case-insensitively) is made only for
    a binary file: a text file, most of what reporters send, is scanned in place."""
    lowered: bytes | None = None
    for signature, what in _EMBEDDED:
        markup = signature.startswith(b"<")
        if (media_type == "application/zip" and signature.startswith(b"PK")) or \
                (media_type == "application/pdf" and signature == b"%PDF-") or \
                (media_type == "text/plain" and markup):
            continue
        if markup and lowered is None:
            lowered = data.lower()
        if signature in (lowered if markup and lowered is not None else data):
            return what
    return None


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as bad:
        raise RefusedFile(f"the ZIP archive cannot be read ({bad})") from bad
    if len(infos) > MAX_ZIP_ENTRIES:
        raise RefusedFile(f"the archive holds {len(infos):,} files (at most "
                          f"{MAX_ZIP_ENTRIES:,})")
    expanded = sum(i.file_size for i in infos)
    if expanded > MAX_UNZIPPED_BYTES:
        raise RefusedFile(f"the archive would expand to {expanded:,} bytes (at most "
                          f"{MAX_UNZIPPED_BYTES:,}): refused as a possible archive bomb")
    if sum(i.compress_size for i in infos) > len(data):
        raise RefusedFile("the archive's entries overlap (more compressed bytes than "
                          "the file holds): refused as an archive bomb")
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
            ratio = info.file_size // info.compress_size
            raise RefusedFile(f"an entry of the archive expands {ratio:,} "
                              f"times (at most {MAX_RATIO}): refused as an archive bomb")
        if info.filename.lower().endswith((".zip", ".gz", ".7z", ".rar", ".tar", ".bz2",
                                           ".xz")):
            raise RefusedFile("the archive holds another archive: send the files inside")


def _strip_image(data: bytes, media_type: str) -> tuple[bytes, list[str]]:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            exif = image.getexif()
            removed = []
            if exif:
                removed.append("EXIF (with GPS)" if 0x8825 in exif else "EXIF")
            if "xmp" in image.info or "XML:com.adobe.xmp" in image.info:
                removed.append("XMP")
            if image.info.get("comment") or any(k in image.info for k in ("Comment",
                                                                           "Author")):
                removed.append("comments")
            upright = ImageOps.exif_transpose(image)
            clean = Image.frombytes(upright.mode, upright.size, upright.tobytes())
            if upright.mode == "P" and upright.getpalette():
                clean.putpalette(upright.getpalette() or [])
            out = io.BytesIO()
            clean.save(out, format=image.format or media_type.split("/")[1].upper())
            return out.getvalue(), removed
    except (UnidentifiedImageError, OSError, ValueError) as bad:
        raise RefusedFile(f"the image cannot be read ({bad})") from bad


def _strip_pdf(data: bytes) -> tuple[bytes, list[str]]:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        removed = []
        if reader.metadata:
            removed.append("document information (" + ", ".join(
                sorted(str(k).lstrip("/") for k in reader.metadata)) + ")")
        if reader.xmp_metadata is not None:
            removed.append("XMP")
        writer = PdfWriter(clone_from=reader)
        writer.metadata = None
        if "/Metadata" in writer.root_object:
            del writer.root_object["/Metadata"]
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), removed
    except (PdfReadError, ValueError, KeyError, OSError) as bad:
        raise RefusedFile(f"the PDF cannot be read ({bad})") from bad


def check_file(name: str | None, data: bytes) -> CheckedFile:
    """``data`` uploaded as ``name``, checked (see the module); :class:`RefusedFile`
    saying why otherwise."""
    label = safe_name(name)
    if not data:
        raise RefusedFile(f"{label} is empty")
    if len(data) > MAX_FILE_BYTES:
        raise RefusedFile(f"{label} has {len(data):,} bytes (at most "
                          f"{MAX_FILE_BYTES // (1024 * 1024)} MB per file)")
    media_type = sniff(data)
    if media_type is None:
        raise RefusedFile(f"{label} is not one of the file types taken: "
                          + ", ".join(ACCEPTED.values()))
    other = _polyglot(data, media_type)
    if other is not None:
        raise RefusedFile(f"{label} is a {ACCEPTED[media_type]} that also carries "
                          f"{other}: refused (send the parts separately)")
    working: bytes = data
    removed: list[str] = []
    if media_type == "application/zip":
        _check_zip(data)
    elif media_type.startswith("image/"):
        working, removed = _strip_image(data, media_type)
    elif media_type == "application/pdf":
        working, removed = _strip_pdf(data)
    return CheckedFile(label, media_type, len(data), hashlib.sha256(data).hexdigest(),
                       data, working, removed)


def check_files(files: list[tuple[str | None, bytes]]) -> list[CheckedFile]:
    """Every upload of one submission checked, with the count and total limits."""
    files = [(n, d) for n, d in files if d]
    if len(files) > MAX_FILES:
        raise RefusedFile(f"{len(files)} files sent (at most {MAX_FILES} per report; "
                          "add more with your receipt)")
    total = sum(len(d) for _, d in files)
    if total > MAX_TOTAL_BYTES:
        raise RefusedFile(f"the files have {total:,} bytes in all (at most "
                          f"{MAX_TOTAL_BYTES // (1024 * 1024)} MB per report)")
    return [check_file(n, d) for n, d in files]
