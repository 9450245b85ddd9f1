"""Bytes on disk to text: a regular file within the size limit, UTF-8 (with or without a byte
order mark), not UTF-16/32 and not binary; otherwise the engine findings that say why not."""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path

from healthlint.core.families import declared
from healthlint.core.findings import Finding
from healthlint.parse.model import file_finding

DEFAULT_MAX_BYTES = 2_000_000
# Byte order marks of the encodings a text editor may save instead of UTF-8 (UTF-32 first: its
# little-endian mark starts with UTF-16's).
OTHER_UNICODE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)

UNREADABLE = declared("HL001")
BINARY = declared("HL002")
EMPTY = declared("HL003")
TOO_LARGE = declared("HL004")


def read_bytes(path: Path, name: str, max_bytes: int) -> tuple[bytes | None, list[Finding]]:
    """The bytes of a regular file of at most ``max_bytes``; else None and why not."""
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer (the file is checked to be
        # a regular file before anything is read from it)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            info = os.fstat(fd)
        except OSError:
            os.close(fd)
            raise
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            return None, [file_finding(name, UNREADABLE, f"not a regular file "
                                       f"({file_kind(info.st_mode)}); not checked")]
        with os.fdopen(fd, "rb") as handle:
            if info.st_size > max_bytes:
                return None, [file_finding(name, TOO_LARGE, f"file is {info.st_size:,} bytes, "
                                           f"over the {max_bytes:,}-byte limit (max-file-size);"
                                           " not checked")]
            data = handle.read(max_bytes + 1)  # a file that grew since fstat: no more
        if len(data) > max_bytes:
            return None, [file_finding(name, TOO_LARGE, f"file grew past the {max_bytes:,}-byte "
                                       "limit (max-file-size) while it was read; not checked")]
    except OSError as exc:
        return None, [file_finding(name, UNREADABLE, f"cannot read file: {exc.strerror or exc}")]
    return data, []


def file_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def other_unicode(data: bytes) -> str | None:
    """The encoding of UTF-16 or UTF-32 text (by its byte order mark, or the NUL byte of every
    other byte that ASCII text has in UTF-16), or None."""
    for bom, encoding in OTHER_UNICODE_BOMS:
        if data.startswith(bom):
            return encoding
    sample = data[:4096]
    sample = sample[:len(sample) - len(sample) % 2]
    if len(sample) >= 4:
        high, low = sample[1::2], sample[0::2]
        for zeros, text in ((high, low), (low, high)):
            if zeros.count(0) >= 0.9 * len(zeros) and 0 not in text:
                return "UTF-16"
    return None


def decode(data: bytes, name: str) -> tuple[str | None, list[Finding]]:
    """The text of a file's bytes (a UTF-8 byte order mark dropped); else None and why not."""
    encoding = other_unicode(data)
    if encoding is not None:
        return None, [file_finding(name, UNREADABLE, f"file is {encoding} text, not UTF-8; "
                                   "save the file as UTF-8 (with or without a byte order "
                                   "mark); not checked")]
    if b"\x00" in data[:65536]:
        return None, [file_finding(name, BINARY, "file contains NUL bytes: it is binary, not "
                                   "Markdown text; not checked")]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = exc.start
        line = data.count(b"\n", 0, bad) + 1
        col = bad - (data.rfind(b"\n", 0, bad) + 1) + 1
        return None, [file_finding(name, UNREADABLE, f"not valid UTF-8: byte 0x{data[bad]:02x} "
                                   f"at line {line}, column {col}; save the file as UTF-8",
                                   line, col)]
    if not text.strip():
        return None, [file_finding(name, EMPTY, "file is empty")]
    return text, []
