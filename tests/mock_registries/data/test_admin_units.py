from __future__ import annotations

import random

from mock_registries.data.admin_units import PROVINCES, random_address, ward_by_code


def test_pre_2025_three_level_units() -> None:
    assert len(PROVINCES) == 63
    assert (PROVINCES[0].code, PROVINCES[0].name) == (1, "Thành phố Hà Nội")
    assert PROVINCES[-1].code == 96
    ward = ward_by_code(9106)  # the real C06 sample: 26/252/09106
    assert (ward.district.code, ward.district.province.code) == (252, 26)


def test_addresses_stay_in_their_province_and_use_c06_codes() -> None:
    rng = random.Random(1)
    for province in PROVINCES:
        block = random_address(rng, province.code).as_c06()
        assert block["MaTinhThanh"] == f"{province.code:02d}"
        assert len(block["MaQuanHuyen"]) == 3 and len(block["MaPhuongXa"]) == 5
        assert block["ChiTiet"].isupper() and block["QuocGia"] == "VN"
