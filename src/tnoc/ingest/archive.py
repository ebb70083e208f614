"""Compressed inputs, opened with a limit on how far they may expand.

An analyst receives ``.gz``, ``.bz2``, ``.xz`` and ``.zip`` files; a hostile or broken
one can expand to many gigabytes (a "zip bomb"). We expand into the case's scratch
folder in chunks and stop with :class:`InputTooLargeError` as soon as the limit is
passed, so nothing is half-written into the store.
"""

from __future__ import annotations

import bz2
import gzip
import lzma
import os
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tnoc.errors import InputFileError, InputTooLargeError, Where
from tnoc.store.case import crash_point, fsync_dir

DEFAULT_MAX_EXPANDED_BYTES = 4 * 1024**3
CHUNK = 1024 * 1024
COMPRESSED_SUFFIXES = {".gz", ".bz2", ".xz", ".zip"}


def is_compressed(path: Path) -> bool:
    """True if the file name says it is compressed."""
    return path.suffix.lower() in COMPRESSED_SUFFIXES


def _open_member(path: Path) -> tuple[IO[bytes], str]:
    suffix = path.suffix.lower()
    if suffix == ".gz":
        return gzip.open(path, "rb"), path.stem  # type: ignore[return-value]
    if suffix == ".bz2":
        return bz2.open(path, "rb"), path.stem
    if suffix == ".xz":
        return lzma.open(path, "rb"), path.stem
    archive = zipfile.ZipFile(path)
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) != 1:
        names = [m.filename for m in members]
        raise InputFileError(
            f"zip archive holds {len(members)} files {names[:5]}",
            Where(path),
            "exactly one file per ingest; unzip and ingest each file",
        )
    return archive.open(members[0]), Path(members[0].filename).name


@contextmanager
def expanded(path: Path, scratch: Path, max_bytes: int) -> Iterator[Path]:
    """Yield a path to the uncompressed content of ``path`` (itself if not compressed).

    Raises :class:`InputTooLargeError` when the content exceeds ``max_bytes``.
    """
    if not is_compressed(path):
        yield path
        return
    scratch.mkdir(parents=True, exist_ok=True)
    try:
        source, member = _open_member(path)
    except (OSError, zipfile.BadZipFile, EOFError, lzma.LZMAError) as exc:
        raise InputFileError(f"cannot open compressed file: {exc}", Where(path)) from exc
    target = scratch / f"expanded-{member}"
    try:
        _expand(source, target, path, max_bytes)
        yield target
    finally:
        target.unlink(missing_ok=True)


def _expand(source: IO[bytes], target: Path, path: Path, max_bytes: int) -> None:
    written = 0
    try:
        with source, open(target, "wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise InputTooLargeError(
                        f"expands beyond the limit of {max_bytes:,} bytes "
                        f"(compressed size {path.stat().st_size:,} bytes)",
                        Where(path),
                        "a smaller file, or raise --max-expanded-bytes",
                    )
                out.write(chunk)
                crash_point("expanding")
    except (OSError, EOFError, lzma.LZMAError, zipfile.BadZipFile) as exc:
        raise InputFileError(
            f"compressed data is corrupt or truncated after {written:,} bytes: {exc}",
            Where(path),
        ) from exc


def copy_file(source: Path, target: Path) -> None:
    """Copy a file, creating the target folder; the copy and its folder entry are on disk
    when this returns (fsync), so that a store committed after it can rely on them."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(source, "rb") as src, open(target, "wb") as out:
        while chunk := src.read(CHUNK):
            out.write(chunk)
            crash_point("copying")
        out.flush()
        os.fsync(out.fileno())
    fsync_dir(target.parent)
    fsync_dir(target.parent.parent)
