"""``ndxp-sim world check``: sample the national world and count every cross-registry invariant.

ndxp-sim world check --sample 10000
ndxp-sim world check --sample 500 --seed 7 --json

One line per invariant (checked, contradictions), Vietnamese unless --lang en; exit 1 on any
contradiction, 2 on bad input (one line on stderr). The seed defaults to the run seed of the
settings (NDXP_MOCKS__SEED), so the check covers the world the mocks serve.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

import orjson

from mock_registries import WorldSettings, check_world
from simulator.cli_text import CLI
from simulator.i18n import Lang, Texts
from simulator.settings import StackSettings

__all__ = ["add_world_parser", "run_world"]

MAX_SAMPLE = 5_000_000

# Invariant names as the world reports them (English, world_model_facts §10.2) → Vietnamese.
_VI: dict[str, str] = {
    "I1 CCCD matches sex, birth year and birth-registration province":
        "I1 số CCCD khớp giới tính, năm sinh, tỉnh đăng ký khai sinh",
    "I2 the living have exactly one thường trú": "I2 người còn sống có đúng một thường trú",
    "I3 death not before birth": "I3 ngày chết không trước ngày sinh",
    "I3 a death seen in dân cư has its khai tử record":
        "I3 người đã chết trong dân cư có bản ghi khai tử",
    "I3 nothing dated after death (licences)": "I3 không có GPLX cấp sau khi chết",
    "I4 birth record: same số định danh, name, date; registered after":
        "I4 khai sinh: cùng số định danh, họ tên, ngày sinh; đăng ký sau khi sinh",
    "I5 parents 15+ at the birth, mother ≤50, alive":
        "I5 cha mẹ ≥15 tuổi khi sinh con, mẹ ≤50, còn sống",
    "I6 at marriage: man ≥20, woman ≥18, opposite sex, alive":
        "I6 kết hôn: nam ≥20, nữ ≥18, khác giới, còn sống",
    "I7 spouses reference each other with one marriage":
        "I7 vợ chồng trỏ về nhau, một bản ghi kết hôn",
    "I8 marital status is one of 1–4": "I8 tình trạng hôn nhân thuộc 1–4",
    "I8 a widow's spouse is dead": "I8 người góa có vợ/chồng đã chết",
    "I8 married, divorced or widowed people have a marriage record":
        "I8 người đã kết hôn, ly hôn, góa có bản ghi kết hôn",
    "I9 licence holder old enough for the class": "I9 người có GPLX đủ tuổi theo hạng",
    "I10 expiry and classes by the law at issue": "I10 hạng và thời hạn theo luật khi cấp",
    "I10 issuer: Sở GTVT before 1/3/2025, police after":
        "I10 nơi cấp: Sở GTVT trước 1/3/2025, Công an từ đó",
    "I11 GPLX holder = dân cư person (name, birth)":
        "I11 người có GPLX = công dân (họ tên, ngày sinh)",
    "I11 ĐKDN members = dân cư people (same name)":
        "I11 thành viên doanh nghiệp = công dân (cùng họ tên)",
    "I12 member counts by legal form": "I12 số thành viên theo loại hình",
    "I13 every enterprise has a representative": "I13 doanh nghiệp nào cũng có người đại diện",
    "I13 representatives: living individuals ≥18 who exist":
        "I13 người đại diện: cá nhân ≥18 tuổi, còn sống, có trong dân cư",
    "I14 at most one DNTN and one HKD, never both":
        "I14 tối đa một DNTN và một hộ kinh doanh, không đồng thời",
    "I15 HTX ≥5 members": "I15 hợp tác xã ≥5 thành viên",
    "I16 codes pass the MST checksum": "I16 mã số thuế đúng chữ số kiểm tra",
    "I16 branches -001… in creation order": "I16 chi nhánh -001… theo thứ tự thành lập",
    "I17 registrations in office hours on working days":
        "I17 đăng ký trong giờ hành chính, ngày làm việc",
    "I17 registrations on working days": "I17 đăng ký vào ngày làm việc",
    "I18 khai sinh → dân cư → thường trú → BHYT handed over":
        "I18 khai sinh → dân cư → thường trú → chuyển BHYT",
    "I18 khai tử → dân cư (spouse widowed) → xóa thường trú → mai táng":
        "I18 khai tử → dân cư (vợ/chồng góa) → xóa thường trú → mai táng phí",
    "I19 no district-level registrar from 1/7/2025":
        "I19 không còn cơ quan đăng ký cấp huyện từ 1/7/2025",
    "GPLX number ↔ holder both ways": "số GPLX ↔ người có GPLX, hai chiều",
    "households agree from both ends (ChuHo ↔ members)":
        "hộ gia đình khớp hai chiều (chủ hộ ↔ thành viên)",
    "names fit the sex (no 'Nguyễn Thị Khoa')": "tên hợp giới tính",
    "no child under 15 heads a household": "không trẻ dưới 15 tuổi làm chủ hộ",
    "relatives named in dân cư exist there, same name":
        "người thân được nêu có trong dân cư, cùng họ tên",
    "CMND ↔ số định danh both ways": "CMND ↔ số định danh, hai chiều",
    "NgayCapCCCD from age 14, not in the future": "ngày cấp CCCD từ 14 tuổi, không ở tương lai",
    "ĐKDN dossiers name existing enterprises; approved ones amend them":
        "hồ sơ ĐKDN nêu doanh nghiệp có thật; hồ sơ đã chấp thuận ghi nhận thay đổi",
    "GPLX dossiers: licence and holder exist; approved renewals re-issue the card":
        "hồ sơ GPLX: giấy phép và người có thật; hồ sơ đã duyệt cấp lại thẻ",
}  # fmt: skip


def invariant_title(name: str, lang: Lang) -> str:
    """An invariant's title in ``lang`` (its English name when no translation is known)."""
    return name if lang == "en" else _VI.get(name, name)


TEXT = Texts(
    {
        "help.world": ("kiểm tra thế giới quốc gia chung", "check the national world"),
        "help.check": (
            "lấy mẫu định danh, đếm mâu thuẫn theo từng bất biến",
            "sample identifiers, count contradictions per invariant",
        ),
        "help.sample": ("số người lấy mẫu (mặc định 10000)", "people to sample (10000)"),
        "help.seed": (
            "seed của thế giới (mặc định NDXP_MOCKS__SEED)",
            "world seed (default NDXP_MOCKS__SEED)",
        ),
        "help.sample_seed": ("seed của việc lấy mẫu", "seed of the sampling"),
        "bad_number": (
            "{option} phải là số nguyên từ 1 đến {max}, không phải {value!r}",
            "{option} must be a whole number from 1 to {max}, not {value!r}",
        ),
        "title": (
            "Kiểm tra thế giới: seed {seed}, {sample} mẫu, {seconds:.1f} s",
            "World check: seed {seed}, {sample} samples, {seconds:.1f} s",
        ),
        "columns": ("  đã kiểm  mâu thuẫn  bất biến", "  checked  contradictions  invariant"),
        "clean": ("Không có mâu thuẫn.", "No contradiction."),
        "dirty": ("Có {n} mâu thuẫn.", "{n} contradictions."),
    }
)


def add_world_parser(sub: Any, lang: Lang, common: argparse.ArgumentParser) -> None:
    world = sub.add_parser("world", help=TEXT("help.world", lang), parents=[common])
    actions = world.add_subparsers(dest="world_command", required=True)
    check = actions.add_parser("check", help=TEXT("help.check", lang), parents=[common])
    # Parsed here, not by argparse: a bad value is one line, like every other error.
    check.add_argument("--sample", default="10000", help=TEXT("help.sample", lang))
    check.add_argument("--seed", type=int, help=TEXT("help.seed", lang))
    check.add_argument("--sample-seed", default="1", help=TEXT("help.sample_seed", lang))
    check.add_argument("--json", action="store_true", help=CLI("help.json", lang))


def _whole(value: str) -> int | None:
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_SAMPLE:
        return None
    return int(text)


def run_world(args: argparse.Namespace, settings: StackSettings) -> int:
    lang = settings.lang
    sample, sample_seed = _whole(args.sample), _whole(args.sample_seed)
    for option, value, parsed in (
        ("--sample", args.sample, sample),
        ("--sample-seed", args.sample_seed, sample_seed),
    ):
        if parsed is None:
            message = TEXT("bad_number", lang, option=option, max=MAX_SAMPLE, value=value)
            print(f"ndxp-sim: {message}", file=sys.stderr)
            return 2
    assert sample is not None and sample_seed is not None
    seed = settings.mocks.seed if args.seed is None else args.seed
    world: WorldSettings = settings.mocks.world
    started = time.perf_counter()
    counts = check_world(seed, sample, sample_seed=sample_seed, settings=world)
    seconds = time.perf_counter() - started
    total = sum(c.contradictions for c in counts.values())
    if args.json:
        rows = [
            {"invariant": name, "ten": invariant_title(name, "vi"), "checked": c.checked,
             "contradictions": c.contradictions, "examples": c.examples}
            for name, c in counts.items()
        ]  # fmt: skip
        document = {"seed": seed, "sample": sample, "seconds": round(seconds, 2),
                    "contradictions": total, "invariants": rows}  # fmt: skip
        sys.stdout.write(orjson.dumps(document, option=orjson.OPT_INDENT_2).decode() + "\n")
        return 0 if total == 0 else 1
    print(TEXT("title", lang, seed=seed, sample=sample, seconds=seconds))
    print(TEXT("columns", lang))
    for name, count in counts.items():
        print(f"{count.checked:>9} {count.contradictions:>10}  {invariant_title(name, lang)}")
        for example in count.examples:
            print(f"{'':>21}  ↳ {example}")
    print(TEXT("clean", lang) if total == 0 else TEXT("dirty", lang, n=total))
    return 0 if total == 0 else 1
