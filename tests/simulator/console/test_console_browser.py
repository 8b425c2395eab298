"""The console in a real browser: Debian's headless Chromium driven by Playwright (the async API,
so it shares pytest-asyncio's loop; no ``playwright install`` — the system browser is used).

A first-time user enables row 62 (Ninh Thuận: maintenance in office hours) from the console,
moves the simulated clock into the window, sends a call, watches it fail with maintenance, sees
calls of the province's own system arrive live and the scoreboard change, and reads the row in
Vietnamese — without the CLI. Set ``NDXP_CONSOLE_SCREENSHOTS=docs/console`` to refresh the
screenshots of docs/console.md from this run.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, async_playwright, expect

from simulator.ledger_cli import open_ledger
from simulator.settings import COMPONENTS, ConsoleSettings, StackSettings
from simulator.stack import Stack
from tests.gateway.identities import MCDT, MCDT_SECRET, basic
from tests.simulator.scaled import scaled_settings
from tests.stack_process import sample_call
from tests.system_tools import system_tool

pytestmark = [pytest.mark.external, pytest.mark.slow]

CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-dev-shm-usage",
    "--disable-background-networking",  # offline workplace: no update or telemetry calls
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture
def settings(tmp_path: Path) -> StackSettings:
    return StackSettings.model_validate(
        {"ledger_path": str(tmp_path / "ledger.sqlite"), "console": {"poll_interval_seconds": 0.3}}
    )


@pytest.fixture
async def stack(settings: StackSettings) -> AsyncIterator[Stack]:
    async with Stack(
        settings, free_ports=True, ledger=open_ledger(settings, COMPONENTS)
    ) as running:
        yield running


async def _province_call(stack: Stack, index: int) -> int:
    """A call of the province's own system (not the browser's), through the LGSP."""
    call = sample_call(index)
    async with httpx.AsyncClient(timeout=30, trust_env=False) as http:
        answer = await http.request(
            call.method,
            stack.urls["lgsp"] + call.path,
            content=call.body,
            headers={"Authorization": basic(MCDT, MCDT_SECRET), "Content-Type": "application/json"},
        )
    return answer.status_code


async def _shot(page: Page, name: str, tmp_path: Path) -> None:
    await page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    wanted = os.environ.get("NDXP_CONSOLE_SCREENSHOTS")
    if wanted:
        Path(wanted).mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp_path / f"{name}.png", Path(wanted) / f"{name}.png")


async def _enable_row_62(page: Page, base: str) -> None:
    await page.goto(base + "/")
    await page.click("[data-nav=scenarios]")
    await page.fill("#scenario-ninh-thuan input[name=ttl]", "10m")
    await page.click("[data-enable=ninh-thuan]")
    await expect(page.locator("#flash")).to_contain_text("Đã bật kịch bản ninh-thuan")
    # The status bar follows the mocks over the live stream, not a page reload.
    await expect(page.locator("#active-scenario")).to_have_attribute("data-name", "ninh-thuan")
    await expect(page.locator(".countdown")).to_contain_text(":")
    await page.click("#clock-office")  # the coming Tuesday 09:00: row 62's window is open
    await expect(page.locator("#flash")).to_contain_text("Kịch bản ninh-thuan vẫn bật")
    await expect(page.locator("#sim-clock")).to_contain_text("09:0")


async def test_a_first_time_user_watches_row_62_fail_a_call_live(
    stack: Stack, tmp_path: Path
) -> None:
    base = stack.urls["console"]
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=system_tool("chromium", "chromium"), args=CHROMIUM_ARGS
        )
        context = await browser.new_context(
            locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh", viewport={"width": 1400, "height": 900}
        )
        page = await context.new_page()
        try:
            await _enable_row_62(page, base)
            await _shot(page, "scenarios", tmp_path)

            await page.click("[data-nav=monitor]")
            await expect(page.locator("#live-state")).to_have_class("live on")
            await page.select_option("#try-registry", "ho_tich")
            await page.click("#try-send")
            await expect(page.locator("#try-result")).to_contain_text("HTTP 503")
            await expect(page.locator("#try-result")).to_contain_text("x-sim-fault: 62:maintenance")
            failed = page.locator("#exchanges tr.bad", has_text="62:maintenance")
            await expect(failed).to_have_count(1)
            await expect(failed).to_contain_text("bảo trì")  # the symptom the gateway detected
            await expect(failed).to_contain_text("CSDL hộ tịch")  # the failing hop
            # The province's own calls appear too, without a reload.
            assert await _province_call(stack, 0) == 200  # dân cư, outside the window
            await expect(page.locator("#exchanges tr.ok")).to_have_count(1)
            await _shot(page, "monitor", tmp_path)

            await page.click("[data-nav=scoreboard]")
            row = page.locator("#row-62")
            await expect(row).to_have_attribute("data-failed", "1")
            await expect(row).to_contain_text(
                "Cập nhật, nâng cấp hệ thống trong giờ hành chính gây mất kết nối."
            )
            await expect(row).to_contain_text("Ninh Thuận")
            assert await _province_call(stack, 2) == 503  # hộ tịch again, from outside
            await expect(row).to_have_attribute("data-failed", "2")  # pushed live
            await _shot(page, "scoreboard", tmp_path)

            await page.click(".lang")
            await expect(page.locator("h1")).to_have_text("Phụ lục V scoreboard")
            await expect(row).to_contain_text("Upgrades during office hours drop connections")
            await page.click("[data-nav=report]")
            frame = page.frame_locator("#report-frame")
            await expect(frame.locator("h1")).to_have_text("ndxp-sim run report")
            await expect(frame.locator("img")).to_have_count(3)
            await page.goto(base + "/identities?lang=vi")
            await expect(page.locator("table.identities").first).to_contain_text("Nguyễn Văn An")
        finally:
            await context.close()
            await browser.close()


async def _dkdn_calls(lgsp: str, ids: list[str]) -> list[httpx.Response]:
    path = "/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn=0109991239"
    headers = {"Authorization": basic(MCDT, MCDT_SECRET)}
    async with httpx.AsyncClient(timeout=60, trust_env=False) as http:
        return list(
            await asyncio.gather(
                *(http.get(lgsp + path, headers={**headers, "X-Road-Id": i}) for i in ids)
            )
        )


async def test_an_unanswered_call_shows_the_fault_only_the_mocks_journal_names(
    tmp_path: Path,
) -> None:
    # Row 20 (Thanh Hóa): ĐKDN often never answers. The answer the province gets is the gateway's
    # 504, which names no fault — only the mock's fault journal knows; the monitor shows it.
    settings = scaled_settings(tmp_path, "thanh-hoa", seed=6).model_copy(
        update={"console": ConsoleSettings(poll_interval_seconds=0.3)}
    )
    ledger = open_ledger(settings, COMPONENTS)
    async with Stack(settings, free_ports=True, ledger=ledger) as stack, async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=system_tool("chromium", "chromium"), args=CHROMIUM_ARGS
        )
        page = await browser.new_page(viewport={"width": 1400, "height": 900})
        try:
            await page.goto(stack.urls["console"] + "/")
            await expect(page.locator("#live-state")).to_have_class("live on")
            ids = [f"hang-probe-{n}" for n in range(16)]
            answers = await _dkdn_calls(stack.urls["lgsp"], ids)
            hung = [
                i
                for i, a in zip(ids, answers, strict=True)
                if a.status_code == 504 and "x-sim-fault" not in a.headers
            ]
            assert hung, [(a.status_code, a.headers.get("x-sim-fault")) for a in answers]
            row = page.locator("#exchanges tr", has=page.locator(f"a:text-is('{hung[0]}')"))
            # A hang, or a delay past the deadline: either way row 20, from the journal alone.
            await expect(row.locator("td.fault")).to_have_text(re.compile(r"^20:(hang|latency)$"))
        finally:
            await browser.close()
