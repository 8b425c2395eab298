"""Well-formed sample identifiers for demos and load tests, derived deterministically from an
index (so a demo or a locust user can walk the national-scale synthetic population)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from mock_registries.data.identity import mst_check_digit

__all__ = ["SampleIds", "sample_identifiers"]

# Province codes of the CCCD (pre-2025 63-province codes), a spread across the country.
_PROVINCES = ("001", "031", "038", "040", "048", "056", "066", "074", "079", "092", "096", "022")


@dataclass(frozen=True, slots=True)
class SampleIds:
    cccd: str
    msdn: str
    gplx: str


def sample_identifiers(index: int) -> SampleIds:
    digest = hashlib.blake2b(f"sample:{index}".encode(), digest_size=16).digest()
    number = int.from_bytes(digest, "big")
    province = _PROVINCES[number % len(_PROVINCES)]
    birth_year = 1950 + (number >> 8) % 56
    century_gender = (0 if birth_year < 2000 else 2) + (number >> 16) % 2
    cccd = f"{province}{century_gender}{birth_year % 100:02d}{(number >> 24) % 1_000_000:06d}"
    prefix_seed = number >> 48
    while True:
        prefix = f"0{1 + prefix_seed % 9}{prefix_seed % 10_000_000:07d}"
        check = mst_check_digit(prefix)
        if check is not None:  # the prefix is 0[1-9]…: a tax-authority code, never 00
            break
        prefix_seed += 7919
    gplx = f"{province[1:]}{(number >> 80) % 10**10:010d}"
    return SampleIds(cccd=cccd, msdn=f"{prefix}{check}", gplx=gplx)
