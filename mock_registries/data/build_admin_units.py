"""Derives ``admin_units.tsv`` from the vietnam-provinces 0.6.0 wheel (GSO data of 2025-01-04).

Why a derived file and not the package: vietnam-provinces 2025.x carries the post-July-2025
two-level (34-province) units, while CCCD prefixes and the C06/DVCQG samples use the pre-2025
63-province, three-level codes. 0.6.0 is the last release with those; we ship a 300 KB extract of
it (codes and names only) instead of pinning a stale 7 MB wheel.

    pip download --no-deps vietnam-provinces==0.6.0 && unzip vietnam_provinces-0.6.0-*.whl
    python -m mock_registries.data.build_admin_units \
        vietnam_provinces/data/nested-divisions.json mock_registries/data/admin_units.tsv
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HEADER = (
    "# Đơn vị hành chính Việt Nam trước 01/07/2025 (63 tỉnh, 3 cấp), mã GSO.\n"
    "# Source: PyPI vietnam-provinces==0.6.0, data version 2025-01-04 (GSO danhmuchanhchinh).\n"
    "# Rows: P<TAB>province code<TAB>name | D<TAB>district code<TAB>province code<TAB>name |"
    " W<TAB>ward code<TAB>district code<TAB>name\n"
)


def convert(source: Path, target: Path) -> None:
    provinces = json.loads(source.read_text(encoding="utf-8"))
    lines = [HEADER]
    for province in provinces:
        lines.append(f"P\t{province['code']}\t{province['name']}\n")
        for district in province["districts"]:
            lines.append(f"D\t{district['code']}\t{province['code']}\t{district['name']}\n")
            for ward in district["wards"]:
                lines.append(f"W\t{ward['code']}\t{district['code']}\t{ward['name']}\n")
    target.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
