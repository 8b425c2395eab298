"""Ethnicity (dân tộc) and religion by province, drawn per paternal lineage.

Codes are the GSO list (QĐ 121-TCTK/PPCĐ: 01 Kinh, 02 Tày, 03 Thái, 04 Hoa, 05 Khơ-me…; the
numbering past 01 is [INF], formats note §8.5). Province shares follow world_model_facts §3:
sourced rows (H'Mông in Hà Giang, Điện Biên, Lào Cai, Sơn La; Khmer > 30 % of Sóc Trăng; the
Tuyên Quang and Lâm Đồng rows) and the [INF] table; what a row leaves over is Kinh. A child takes
the father's ethnicity (Luật Hộ tịch Điều 14 k2 lets parents agree; ≈70 % take the father's).

Religion (TonGiao, 2019 census, §4): Catholic 6.1 %, Buddhist 4.8 %, Hòa Hảo 1.0 %, Protestant
1.0 %, Cao Đài 0.6 %, Islam 0.07 %, none/folk 86 %, with the [INF] correlations of §4 (Khmer →
Theravada, Chăm → Islam or Bà-la-môn, Hòa Hảo → An Giang, Cao Đài → Tây Ninh, Catholics → Nam
Định, Ninh Bình, Đồng Nai, HCMC, Protestants → H'Mông and Central-Highlands groups). The C06
religion codes are not public: ``RELIGIONS`` is the world's own table [INF].
"""

from __future__ import annotations

__all__ = ["ETHNIC_NAMES", "RELIGIONS", "draw_ethnicity", "draw_religion"]

ETHNIC_NAMES: dict[str, str] = {
    f"{i:02d}": name
    for i, name in enumerate(
        (
            "Kinh",
            "Tày",
            "Thái",
            "Hoa",
            "Khơ-me",
            "Mường",
            "Nùng",
            "HMông",
            "Dao",
            "Gia-rai",
            "Ngái",
            "Ê-đê",
            "Ba-na",
            "Xơ-đăng",
            "Sán Chay",
            "Cơ-ho",
            "Chăm",
            "Sán Dìu",
            "Hrê",
            "Mnông",
            "Ra-glai",
            "Xtiêng",
            "Bru-Vân Kiều",
            "Thổ",
            "Giáy",
            "Cơ-tu",
            "Gié-Triêng",
            "Mạ",
            "Khơ-mú",
            "Co",
            "Tà-ôi",
            "Chơ-ro",
            "Kháng",
            "Xinh-mun",
            "Hà Nhì",
            "Chu-ru",
            "Lào",
            "La Chí",
            "La Ha",
            "Phù Lá",
            "La Hủ",
            "Lự",
            "Lô Lô",
            "Chứt",
            "Mảng",
            "Pà Thẻn",
            "Cơ Lao",
            "Cống",
            "Bố Y",
            "Si La",
            "Pu Péo",
            "Brâu",
            "Ơ Đu",
            "Rơ-măm",
        ),  # fmt: skip
        start=1,
    )
}
KINH, TAY, THAI, HOA, KHMER, MUONG, NUNG, HMONG, DAO, GIA_RAI = (
    "01", "02", "03", "04", "05", "06", "07", "08", "09", "10",
)  # fmt: skip
EDE, BA_NA, XO_DANG, SAN_CHAY, CO_HO, CHAM, SAN_DIU, HRE, MNONG, RA_GLAI = (
    "12", "13", "14", "15", "16", "17", "18", "19", "20", "21",
)  # fmt: skip
XTIENG, BRU, THO, GIAY, CO_TU, GIE_TRIENG, MA, KHO_MU, CO, TA_OI, CHO_RO = (
    "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32",
)  # fmt: skip
HA_NHI, CHU_RU, LAO, LA_CHI, PHU_LA, LA_HU, LU = "35", "36", "37", "38", "40", "41", "42"

_SHARES: dict[int, tuple[tuple[str, float], ...]] = {
    2: ((HMONG, 32), (TAY, 23), (DAO, 15), (NUNG, 9), (GIAY, 3), (LA_CHI, 2), (PHU_LA, 2)),
    4: ((TAY, 41), (NUNG, 31), (HMONG, 12), (DAO, 10), (SAN_CHAY, 1)),
    6: ((TAY, 52), (DAO, 17), (NUNG, 10), (HMONG, 7), (SAN_CHAY, 2)),
    8: ((TAY, 25), (DAO, 13), (SAN_CHAY, 8), (HMONG, 2.5), (SAN_DIU, 1.5), (NUNG, 1)),
    10: ((HMONG, 24), (TAY, 15), (DAO, 14), (GIAY, 5), (NUNG, 4), (HA_NHI, 2), (PHU_LA, 2)),
    11: ((HMONG, 35), (THAI, 34), (KHO_MU, 3), (HA_NHI, 1.5), (DAO, 1.5), (LAO, 1)),
    12: ((THAI, 32), (HMONG, 24), (DAO, 13), (HA_NHI, 4), (GIAY, 3), (LA_HU, 2.5), (LU, 1.5)),
    14: ((THAI, 54), (HMONG, 15), (MUONG, 7), (DAO, 2), (KHO_MU, 1.5)),
    15: ((TAY, 19), (HMONG, 13), (DAO, 11), (THAI, 6), (MUONG, 2)),
    17: ((MUONG, 64), (THAI, 4), (DAO, 2), (TAY, 2)),
    19: ((TAY, 11), (NUNG, 6), (SAN_DIU, 3), (SAN_CHAY, 3), (DAO, 2), (HMONG, 1)),
    20: ((NUNG, 42), (TAY, 36), (DAO, 4), (SAN_CHAY, 1), (HOA, 1)),
    22: ((DAO, 4), (TAY, 2), (SAN_DIU, 1.5), (SAN_CHAY, 1)),
    24: ((NUNG, 4.5), (TAY, 2.5), (SAN_CHAY, 2), (SAN_DIU, 1.5)),
    25: ((MUONG, 14), (DAO, 1), (SAN_CHAY, 0.5)),
    26: ((SAN_DIU, 1.5),),
    1: ((MUONG, 0.8), (TAY, 0.3)),
    37: ((MUONG, 2),),
    38: ((MUONG, 11), (THAI, 6), (HMONG, 0.5), (THO, 0.3)),
    40: ((THAI, 9), (THO, 2), (KHO_MU, 1), (HMONG, 1)),
    44: ((BRU, 2),),
    45: ((BRU, 10), (TA_OI, 1)),
    46: ((TA_OI, 1.5), (CO_TU, 0.5)),
    49: ((CO_TU, 3), (XO_DANG, 1), (GIE_TRIENG, 1)),
    51: ((HRE, 10), (CO, 2)),
    52: ((BA_NA, 1), (HRE, 0.5)),
    54: ((EDE, 2), (CHAM, 2), (BA_NA, 0.5)),
    56: ((RA_GLAI, 4), (CO_HO, 0.5)),
    58: ((CHAM, 12), (RA_GLAI, 12)),
    60: ((CHAM, 2.5), (RA_GLAI, 1)),
    62: ((XO_DANG, 24), (BA_NA, 12), (GIE_TRIENG, 9), (GIA_RAI, 4), (HRE, 1)),
    64: ((GIA_RAI, 31), (BA_NA, 11), (TAY, 1), (NUNG, 1)),
    66: ((EDE, 18), (NUNG, 4), (TAY, 3), (MNONG, 2), (THAI, 1), (GIA_RAI, 1)),
    67: ((MNONG, 10), (NUNG, 6), (HMONG, 6), (TAY, 5), (EDE, 1.5), (MA, 1)),
    68: ((CO_HO, 12), (MA, 3), (CHU_RU, 2), (TAY, 2), (NUNG, 2), (HOA, 1)),
    70: ((XTIENG, 9), (NUNG, 3), (TAY, 2), (KHMER, 1.5)),
    72: ((KHMER, 0.5), (CHAM, 0.3)),
    74: ((HOA, 1), (KHMER, 0.5)),
    75: ((HOA, 3), (NUNG, 1), (CHO_RO, 0.5)),
    77: ((CHO_RO, 0.8), (HOA, 0.8)),
    79: ((HOA, 4.5), (KHMER, 0.5)),
    84: ((KHMER, 31), (HOA, 1)),
    89: ((KHMER, 4), (CHAM, 1)),
    91: ((KHMER, 12), (HOA, 2)),
    92: ((KHMER, 1.5), (HOA, 1)),
    93: ((KHMER, 1.5),),
    94: ((KHMER, 31), (HOA, 5)),
    95: ((KHMER, 8), (HOA, 2)),
    96: ((KHMER, 1.5), (HOA, 0.5)),
}


def draw_ethnicity(draw: float, province: int) -> str:
    """The ethnicity of a lineage rooted in ``province`` (``draw``: uniform in [0, 1))."""
    draw *= 100
    for code, share in _SHARES.get(province, ()):
        if draw < share:
            return code
        draw -= share
    return KINH


RELIGIONS: dict[str, str] = {
    "00": "Không", "01": "Phật giáo", "02": "Công giáo", "03": "Tin lành", "04": "Cao Đài",
    "05": "Phật giáo Hòa Hảo", "06": "Hồi giáo", "07": "Khác",
}  # fmt: skip
_BY_ETHNICITY = {
    KHMER: (("01", 90.0),),
    CHAM: (("06", 30.0), ("07", 45.0)),
    HMONG: (("03", 25.0),),
    EDE: (("03", 40.0), ("02", 10.0)),
    GIA_RAI: (("03", 30.0), ("02", 15.0)),
    MNONG: (("03", 35.0),),
    CO_HO: (("03", 30.0), ("02", 25.0)),
    BA_NA: (("02", 30.0),),
    XO_DANG: (("02", 30.0),),
    HOA: (("01", 30.0),),
}
_KINH_BY_PROVINCE = {
    89: (("05", 35.0), ("01", 5.0)),
    72: (("04", 30.0), ("01", 5.0)),
    36: (("02", 15.0),),
    37: (("02", 15.0),),
    75: (("02", 30.0), ("01", 6.0)),
    79: (("02", 8.0), ("01", 8.0), ("04", 1.0)),
}
_KINH_DEFAULT = (("02", 5.0), ("01", 5.0), ("05", 0.3), ("04", 0.3), ("03", 0.3))


def draw_religion(draw: float, ethnicity: str, province: int) -> str:
    """The religion of a lineage (mostly "00" Không, as in C06 answers; ``draw`` in [0, 1))."""
    table = _BY_ETHNICITY.get(ethnicity)
    if table is None:
        table = _KINH_BY_PROVINCE.get(province, _KINH_DEFAULT) if ethnicity == KINH else ()
    draw *= 100
    for code, share in table:
        if draw < share:
            return code
        draw -= share
    return "00"
