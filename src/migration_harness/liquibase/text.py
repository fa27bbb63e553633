"""Reading changelogs and specs as UTF-8, the way Liquibase 4.28 does by default (``--file-encoding``).

Liquibase's Java reader replaces a byte that is not UTF-8 with U+FFFD and carries on, so a Latin-1 ``é``
would reach the database (and the checksum) as ``�``. The harness refuses such a file instead, naming
the line and the byte, because a migration tested with different text than production runs proves nothing.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import HarnessError


def undecodable(data: bytes, exc: UnicodeDecodeError) -> tuple[int, str]:
    """The 1-based line of the first bad byte and that byte as ``0xE9``."""
    return data.count(b"\n", 0, exc.start) + 1, f"0x{data[exc.start]:02X}"


def decode_utf8(path: Path, data: bytes, what: str = "file") -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, byte = undecodable(data, exc)
        raise HarnessError(
            f"{path}:{line}: {what} is not UTF-8: byte {byte} (Latin-1/Windows-1252 text?); "
            "save it as UTF-8, e.g. `iconv -f latin1 -t utf-8`"
        ) from None


def read_utf8(path: Path, what: str = "file") -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise HarnessError(f"{path}: cannot read {what}: {exc.strerror}") from None
    return decode_utf8(path, data, what)
