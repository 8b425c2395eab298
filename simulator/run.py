"""``ndxp-sim up``, ``serve`` and ``demo``: start components in this process and say where they
listen (with a progress bar for the demo's calls)."""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Sequence
from datetime import datetime

from simulator.cli_text import CLI
from simulator.i18n import Lang
from simulator.progress import count_bar
from simulator.settings import COMPONENTS, CONSOLE, GATEWAYS, SERVICES, StackSettings

__all__ = [
    "SERVING_GC_THRESHOLDS",
    "freeze_startup_heap",
    "listening_table",
    "run_demo_command",
    "run_up",
]

COMPONENT_TITLES = {
    "dan_cu": ("CSDLQG về dân cư (mock)", "Population registry (mock)"),
    "dkdn": ("CSDLQG về đăng ký doanh nghiệp (mock)", "Business registration (mock)"),
    "ho_tich": ("CSDL hộ tịch (mock)", "Civil status registry (mock)"),
    "gplx": ("CSDL giấy phép lái xe (mock)", "Driving licence registry (mock)"),
    "ndxp": ("NDXP — nền tảng quốc gia", "NDXP — national platform"),
    "lgsp": ("LGSP — nền tảng tỉnh", "LGSP — provincial platform"),
    CONSOLE: ("Bảng điều khiển kiểm thử (web)", "Tester console (web)"),
}


def _extra(name: str, url: str) -> str:
    if name == CONSOLE:
        return f"{url}/  {url}/metrics"
    if name in GATEWAYS:
        return f"{url}/metrics"
    return f"{url}/docs  {url}/metrics"


def listening_table(urls: dict[str, str], lang: Lang) -> str:
    head = f"{CLI('up.head', lang):<11} {CLI('up.what', lang):<40} {'url':<24} "
    lines = [head + CLI("up.extra", lang)]
    for name, url in urls.items():
        title = COMPONENT_TITLES[name][1 if lang == "en" else 0]
        lines.append(f"{name:<11} {title:<40} {url:<24} {_extra(name, url)}")
    return "\n".join(lines)


# The collector's thresholds once serving: a first generation of 10,000 new container objects
# instead of CPython's 700 (a standard server tuning). A request's objects — its dicts,
# coroutines, the world's memo entries of one look-up — then mostly die or settle before a
# collection, and the second generation is scanned ten times less often; memory grows by a few
# megabytes at most.
SERVING_GC_THRESHOLDS = (10_000, 10, 10)


def freeze_startup_heap() -> None:
    """Move everything built at start-up (modules, the world's tables, the apps) out of the
    collector's reach, as long-running Python servers do: a full collection then scans only
    what serving allocated since, not the start-up heap again and again. Called once the
    components are built, before the first request; from then on the collector runs with
    :data:`SERVING_GC_THRESHOLDS`."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*SERVING_GC_THRESHOLDS)


async def run_up(settings: StackSettings, only: Sequence[str] | None) -> int:
    from simulator.ledger_cli import open_ledger
    from simulator.stack import Stack

    lang = settings.lang
    components = tuple(only) if only is not None else COMPONENTS
    stack = Stack(settings, only=components, ledger=open_ledger(settings, components))
    stopping = stack.catch_signals()
    await stack.start()
    freeze_startup_heap()
    print(listening_table(stack.urls, lang), flush=True)
    scenario = settings.fault_settings().scenario or "-"
    if CONSOLE in stack.urls:
        print("\n" + CLI("up.open_console", lang, url=stack.urls[CONSOLE] + "/"), flush=True)
    if settings.exposes_demo_admin_token():
        print("\n" + CLI("up.demo_admin", lang, host=settings.host), flush=True)
    print(
        "\n"
        + CLI(
            "up.seeds", lang, data=settings.mocks.seed, faults=settings.faults.seed,
            scenario=scenario,
        ),
        flush=True,
    )  # fmt: skip
    assert stack.failed is not None
    try:
        # Until a signal, or until a component stops by itself: then the whole stack stops
        # (half a stack would have the gateways blame a hop that is merely gone) and says why.
        await asyncio.wait((stopping, stack.failed), return_when=asyncio.FIRST_COMPLETED)
    finally:
        await stack.stop()
    if not stopping.done():
        print(f"ndxp-sim: {stack.failed.result().message(lang)}", file=sys.stderr, flush=True)
        return 1
    print(CLI("up.stopped", lang, signal=stopping.result()), flush=True)
    return 0


async def run_demo_command(
    settings: StackSettings, rounds: int, *, seeded: bool = False, at: datetime | None = None
) -> int:
    """The demo: a seeded one (or one given ``at``) runs on a simulated clock standing still
    at a fixed moment, so windows, ramps and data are the same every run."""
    from mock_registries import Clock
    from simulator.demo import DEMO_MOMENT, format_summary, run_demo
    from simulator.ledger_cli import open_ledger
    from simulator.stack import Stack

    lang = settings.lang
    ledger = open_ledger(settings, SERVICES)
    moment = at or (DEMO_MOMENT if seeded else None)
    clock = Clock.frozen_at(moment) if moment is not None else None
    async with Stack(settings, only=SERVICES, free_ports=True, ledger=ledger, clock=clock) as stack:
        print(listening_table(stack.urls, lang), flush=True)
        if moment is not None:
            seed = settings.faults.seed
            print("\n" + CLI("demo.clock", lang, at=moment.isoformat(), seed=seed), flush=True)
        print("\n" + CLI("demo.sending", lang, n=rounds) + "\n", flush=True)
        with count_bar(CLI("demo.progress", lang), rounds) as advance:
            summaries = await run_demo(
                stack.urls["lgsp"], rounds=rounds, seed=settings.faults.seed,
                now=moment, progress=advance, world_seed=settings.mocks.seed,
            )  # fmt: skip
    print(format_summary(summaries, lang), flush=True)
    if ledger is not None:
        print("\n" + CLI("demo.ledger", lang, n=ledger.written, path=ledger.path))
    failed = sum(s.count - s.successes for s in summaries)
    if failed and settings.fault_settings().scenario is None:
        print("\n" + CLI("demo.broken", lang, n=failed))
        return 1
    return 0
