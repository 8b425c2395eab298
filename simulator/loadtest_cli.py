"""ndxp-sim loadtest: the command line of the go-live load test (simulator/loadtest.py runs it).

ndxp-sim loadtest --scenario thanh-hoa --shape office-day --duration 2m --users 100
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from simulator.i18n import Lang, Texts
from simulator.loadtest import DAYS, SHAPES, LoadTestOptions, run_loadtest
from simulator.report_collect import NothingCollected
from simulator.settings import StackSettings
from simulator.timeparse import parse_duration

__all__ = ["add_loadtest_parser", "run_loadtest_command"]

HELP = Texts(
    {
        "command": (
            "kiểm thử tải trước vận hành: locust qua LGSP, ngưỡng SLO, kết luận sẵn sàng",
            "go-live load test: locust through the LGSP, SLO gates, readiness verdict",
        ),
        "target": (
            "địa chỉ LGSP của một hệ thống đang chạy (mặc định: tự khởi động một hệ thống)",
            "LGSP base URL of a running stack (default: start one)",
        ),
        "collect_from": (
            "với --target: lấy bản ghi của lần chạy từ URL này (lặp lại; mặc định: target và "
            "các thành phần theo NDXP_UPSTREAM_URLS__*)",
            "with --target: collect the run's records from this URL (repeat; default: the "
            "target and the components of NDXP_UPSTREAM_URLS__*)",
        ),
        "scenario": (
            "kịch bản lỗi Phụ lục V (cũng chọn bộ ngưỡng của nó)",
            "Phụ lục V fault scenario (also picks its gates)",
        ),
        "shape": ("dạng tải", "load shape"),
        "duration": ("thời lượng, ví dụ 90s, 2m", "how long, e.g. 90s, 2m"),
        "users": ("số người dùng đồng thời lúc đỉnh", "peak concurrent users"),
        "spawn_rate": ("số người dùng khởi động mỗi giây", "users started per second"),
        "processes": (
            "số tiến trình worker của locust (-1: mỗi lõi một tiến trình)",
            "locust worker processes (-1: one per core)",
        ),
        "day": ("thứ trong tuần của dạng office-day", "weekday of --shape office-day"),
        "out": ("thư mục kết quả (mặc định out/loadtest-<thời điểm>)", "output folder"),
        "gates": ("tệp YAML ngưỡng SLO (mặc định loadtests/gates.yaml)", "SLO gates YAML"),
        "mix_file": ("tệp YAML cơ cấu lời gọi (mặc định loadtests/mix.yaml)", "traffic mix YAML"),
        "mix_weights": ("đổi trọng số hồ sơ: ho_tich=5,gplx=0", "dossier weights: ho_tich=5"),
        "think_min": ("thời gian nghĩ tối thiểu (giây)", "think time min (s)"),
        "think_max": ("thời gian nghĩ tối đa (giây)", "think time max (s)"),
        "seed": (
            "seed của hồ sơ và X-Road-Id mà người dùng gửi (cùng seed: cùng lời gọi); dữ liệu "
            "giả lập theo NDXP_MOCKS__SEED",
            "seed of the users' dossiers and X-Road-Ids (same seed: same calls); the mock data "
            "follows NDXP_MOCKS__SEED",
        ),
        "host": ("địa chỉ lắng nghe của hệ thống nhúng", "listen address of the embedded stack"),
        "locust_args": ("sau --: tham số thêm cho locust", "after --: extra locust arguments"),
    }
)


def add_loadtest_parser(sub: Any, lang: Lang, common: argparse.ArgumentParser) -> None:
    def h(key: str) -> str:
        return HELP(key, lang)

    command = sub.add_parser(
        "loadtest", help=h("command"), description=h("command"), parents=[common]
    )
    add = command.add_argument
    add("--target", help=h("target"))
    add("--collect-from", action="append", default=[], metavar="URL", help=h("collect_from"))
    add("--scenario", help=h("scenario"))
    add("--shape", choices=SHAPES, default="steady", help=h("shape"))
    add("--duration", type=parse_duration, default=60.0, help=h("duration"))
    add("--users", type=int, default=50, help=h("users"))
    add("--spawn-rate", type=float, default=10.0, help=h("spawn_rate"))
    add("--processes", type=int, default=1, help=h("processes"))
    add("--day", choices=DAYS, default="mon", help=h("day"))
    add("--out", type=Path, help=h("out"))
    add("--gates", type=Path, help=h("gates"))
    add("--mix-file", type=Path, help=h("mix_file"))
    add("--mix-weights", help=h("mix_weights"))
    add("--think-min", type=float, help=h("think_min"))
    add("--think-max", type=float, help=h("think_max"))
    add("--seed", type=int, help=h("seed"))
    add("--host", help=h("host"))
    add("locust_args", nargs="*", help=h("locust_args"))


def run_loadtest_command(args: argparse.Namespace, settings: StackSettings) -> int:
    import uvloop

    options = LoadTestOptions(
        duration=args.duration,
        shape=args.shape,
        users=args.users,
        spawn_rate=args.spawn_rate,
        processes=args.processes,
        scenario=args.scenario,
        target=args.target,
        collect_from=list(args.collect_from),
        out_dir=args.out,
        gates_path=args.gates,
        mix_file=args.mix_file.resolve() if args.mix_file else None,
        mix_weights=args.mix_weights,
        think_min=args.think_min,
        think_max=args.think_max,
        day=args.day,
        seed=args.seed,
        world_seed=settings.mocks.seed,
        locust_args=list(args.locust_args),
        lang=settings.lang,
    )
    try:
        verdict = uvloop.run(run_loadtest(options, settings))
    except NothingCollected as exc:
        print("ndxp-sim: " + exc.text(settings.lang), file=sys.stderr)
        return 2
    print(verdict.to_text(), flush=True)
    (verdict.out_dir / "verdict.json").write_text(
        json.dumps(
            {"ready": verdict.ready, "reasons": verdict.reasons, "scenario": options.scenario},
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    return 0 if verdict.ready else 1
