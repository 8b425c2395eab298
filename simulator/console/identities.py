"""The identities the console's browser lists: the fixed test identities (documented in
``docs/test-identities.md``; a test keeps the two in step) and the generated samples the try
panel and the demo use (``mock_registries.sample_identifiers``)."""

from __future__ import annotations

from dataclasses import dataclass

from mock_registries import DEFAULT_SEED, sample_identifiers

__all__ = ["FIXED", "Identity", "samples"]


@dataclass(frozen=True, slots=True)
class Identity:
    registry: str
    value: str
    vi: str
    en: str


FIXED: tuple[Identity, ...] = (
    Identity("dan_cu", "001080012345", "Nguyễn Văn An, chủ hộ (Phúc Xá, Hà Nội), có vợ và hai con",
             "Nguyễn Văn An, head of household (Phúc Xá, Hà Nội), wife and two children"),
    Identity("dan_cu", "036183004567", "Trần Thị Bình, vợ ông An; chủ hộ kinh doanh 8012345677",
             "Trần Thị Bình, An's wife; owner of hộ kinh doanh 8012345677"),
    Identity("dan_cu", "001210000123", "Nguyễn Minh Châu, con (chưa thành niên)",
             "Nguyễn Minh Châu, son (a minor)"),
    Identity("dan_cu", "001315000456", "Nguyễn Thị Diệp, con", "Nguyễn Thị Diệp, daughter"),
    Identity("dan_cu", "079092123456", "Lê Hoàng Phúc, chủ hộ (Bến Nghé, TP HCM), chưa có con",
             "Lê Hoàng Phúc, head of household (Bến Nghé, HCMC), no children"),
    Identity("dan_cu", "079194654321", "Phạm Thị Hồng Nhung, vợ ông Phúc",
             "Phạm Thị Hồng Nhung, Phúc's wife"),
    Identity("dan_cu", "026092008262", "Đào Văn Tài, độc thân (mẫu CCCD công khai)",
             "Đào Văn Tài, single (the public CCCD sample)"),
    Identity("dkdn", "0109991239", "Công ty TNHH MTV Thương mại An Bình (đại diện: Nguyễn Văn An)",
             "An Bình trading LLC (legal representative: Nguyễn Văn An)"),
    Identity("dkdn", "8012345677", "Hộ kinh doanh Tạp hóa Bình (Trần Thị Bình)",
             "Household business Tạp hóa Bình (Trần Thị Bình)"),
    Identity("dkdn", "0308884584", "Hợp tác xã Nông nghiệp Phúc Lợi (Lê Hoàng Phúc)",
             "Phúc Lợi agricultural cooperative (Lê Hoàng Phúc)"),
    Identity("gplx", "010123456789", "GPLX hạng B của Nguyễn Văn An, còn hiệu lực",
             "Nguyễn Văn An's class B licence, valid"),
)  # fmt: skip


def samples(n: int = 8, seed: int = DEFAULT_SEED) -> list[dict[str, str]]:
    """The first ``n`` generated sample identifiers (what the try panel sends, in turn)."""
    out = []
    for index in range(n):
        ids = sample_identifiers(index, seed)
        out.append({"index": str(index), "cccd": ids.cccd, "msdn": ids.msdn, "gplx": ids.gplx})
    return out
