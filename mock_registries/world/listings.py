"""A province's businesses as the register lists them (ĐKDN ``danhSachDoanhNghiep`` and
``danhSachHoKinhDoanh``; Phụ lục V rows 1, 17, 77).

The register is never stored, so a listing walks codes in a fixed order and keeps those whose
enterprise exists on the day with its head office in the province: the fixed test enterprises
first, then doanh nghiệp / HTX codes under the province's tax prefix, or legacy hộ kinh doanh
codes of owners registered there. Every item is the enterprise ``companies.enterprise`` builds
for its code, so a listing and a look-up always agree, and a page is the same run after run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from mock_registries.data import fixtures
from mock_registries.data.identity import digest_int
from mock_registries.world.business import Enterprise
from mock_registries.world.companies import Companies
from mock_registries.world.ownership import company_code_in, legacy_hkd_code_in

__all__ = ["SCAN_LIMIT", "listed_total", "province_listing"]

SCAN_LIMIT = 20_000  # codes looked at for one listing, at most


def _codes(seed: int, province: int, household: bool) -> Iterator[str]:
    yield from sorted(fixtures.ENTERPRISES)
    make = legacy_hkd_code_in if household else company_code_in
    for index in range(SCAN_LIMIT):
        code = make(province, digest_int(seed, f"listing:{province}:{household}", str(index)))
        if code is not None:
            yield code


def province_listing(
    companies: Companies, province: int, kinds: tuple[str, ...], count: int, at: datetime
) -> list[Enterprise]:
    """The first ``count`` enterprises of ``kinds`` headquartered in ``province`` on ``at``."""
    found: list[Enterprise] = []
    seen: set[str] = set()
    for code in _codes(companies.seed, province, "HKD" in kinds):
        if len(found) >= count:
            break
        item = companies.enterprise(code, at) if code not in seen else None
        seen.add(code)
        if (
            item is not None
            and item.kind in kinds
            and item.address.ward.district.province.code == province
        ):
            found.append(item)
    return found


def listed_total(seed: int, province: int, kinds: tuple[str, ...]) -> int:
    """The register's count for the province (``DataCount``): more than a caller can page."""
    return 2_000 + digest_int(seed, f"count:{province}:{kinds}", "") % 38_000
