"""Masking of personal data (Nghị định 13/2023/NĐ-CP): CCCD, names, dates of birth.

Nothing that identifies a person may reach a log line, a metric label or the ledger unmasked.
``mask_identifier`` keeps what an operator needs to tell two records apart by eye (length,
province prefix, last two digits); ``pseudonymize`` gives a stable, salted, non-reversible key
so records of one subject can be correlated without storing who it is.
"""

from __future__ import annotations

import hashlib
import re

__all__ = [
    "CORRELATION_ID",
    "is_correlation_id",
    "mask_identifier",
    "mask_text",
    "pseudonymize",
    "stored_id",
]

# What a correlation id (X-Road-Id, a request key) may look like: UUIDs, ULIDs, base64,
# "tinh-2024/000123" — not free text. A name typed there has spaces or letters outside ASCII.
CORRELATION_ID = rb"[A-Za-z0-9._~:@+=/-]{1,128}"
_CORRELATION_ID = re.compile(CORRELATION_ID)


def is_correlation_id(value: bytes) -> bool:
    return _CORRELATION_ID.fullmatch(value) is not None


def stored_id(value: str) -> str:
    """A caller's correlation id as a record may keep it: as sent when it is one, masked as
    free text when it is not (a key header a registry mock journals, for instance)."""
    if value.isascii() and is_correlation_id(value.encode("ascii")):
        return value
    return mask_text(value)


def mask_identifier(value: str) -> str:
    """``001203004512`` → ``001*******12``; short values are masked entirely."""
    if len(value) <= 5:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 5) + value[-2:]


def mask_text(value: str, *, keep: int = 1, longest: int = 12) -> str:
    """Free text a client typed (a name, a path, an unknown service): its first character and
    one ``*`` per further character, at most ``longest`` of them — enough to tell two entries
    apart by length, never enough to read a name or a number back."""
    return value[:keep] + "*" * min(max(len(value) - keep, 0), longest)


def pseudonymize(value: str, *, salt: bytes) -> str:
    """A 16-hex-digit salted BLAKE2b digest of ``value``."""
    return hashlib.blake2b(value.encode("utf-8"), key=salt[:64], digest_size=8).hexdigest()
