"""Masking of personal data (Nghị định 13/2023/NĐ-CP): CCCD, names, dates of birth.

Nothing that identifies a person may reach a log line, a metric label or the ledger unmasked.
``mask_identifier`` keeps what an operator needs to tell two records apart by eye (length,
province prefix, last two digits); ``pseudonymize`` gives a stable, salted, non-reversible key
so records of one subject can be correlated without storing who it is.
"""

from __future__ import annotations

import hashlib

__all__ = ["mask_identifier", "mask_text", "pseudonymize"]


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
