"""Recognise binary files passed as text (PDF, images, archives) by their magic numbers."""

from __future__ import annotations

_MAGIC = (
    (b"%PDF", "PDF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/XLSX/EPUB)"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "Windows executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "MS Office document"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def binary_kind(head: bytes) -> str | None:
    """Name of the binary format ``head`` starts with, or None when it may be text.

    >>> binary_kind(b"%PDF-1.7 ...")
    'PDF document'
    >>> binary_kind("Томск".encode()) is None
    True
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if magic == b"MZ" and b"\x00" not in head[:64]:
                continue  # plain text that happens to start with "MZ"
            return kind
    if head[:4] in (b"RIFF",) and head[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media"
    if any(head.startswith(bom) for bom in _UTF16_BOMS):
        return None
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None
