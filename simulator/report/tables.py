"""The words and table cells of the report, shared by the terminal, Markdown and HTML renderings,
in Vietnamese (default) or English. Row texts come whole from the Phụ lục V catalog."""

from __future__ import annotations

from simulator.i18n import Lang, Texts
from simulator.report.catalog import RowInfo, load_rows
from simulator.report.model import Report, RowStats
from simulator.report.sections import place, site

__all__ = [
    "WORDS",
    "acc_cells",
    "acc_head",
    "hop_label",
    "ms",
    "pct",
    "row_cells",
    "row_head",
    "row_title",
    "top",
]

WORDS = Texts(
    {
        "title": ("Báo cáo lần chạy ndxp-sim", "ndxp-sim run report"),
        "summary": (
            "yêu cầu: {n}  lỗi: {failed} ({rate})  p50 {p50} ms  p95 {p95} ms  p99 {p99} ms",
            "requests: {n}  failed: {failed} ({rate})  p50 {p50} ms  p95 {p95} ms  p99 {p99} ms",
        ),
        "hop": (
            "chặng {hop}: {n} bản ghi, {failed} lỗi, p95 {p95} ms, thời gian riêng của chặng "
            "p95 {own} ms",
            "hop {hop}: {n} records, {failed} failed, p95 {p95} ms, own overhead p95 {own} ms",
        ),
        "no_catalog": (
            "(không tìm thấy danh mục Phụ lục V: chỉ hiện số dòng)",
            "(Phụ lục V catalog not found: rows shown by number only)",
        ),
        "per_row": ("Theo dòng Phụ lục V", "Per Phụ lục V row"),
        "per_row_note": (
            "Theo dòng Phụ lục V (lỗi tiêm thấy trên câu trả lời hoặc trong nhật ký lỗi):",
            "Per Phụ lục V row (fault tag seen on the answer or in the fault journal):",
        ),
        "rows_text": ("Nội dung các dòng:", "What the rows are:"),
        "accuracy": ("Độ chính xác phát hiện", "Detection accuracy"),
        "accuracy_note": (
            "Độ chính xác phát hiện (triệu chứng gateway tự thấy so với loại lỗi tiêm):",
            "Detection accuracy (gateway's own symptom vs injected kind):",
        ),
        "no_faults": ("(không thấy lỗi tiêm nào)", "(no injected faults seen)"),
        # The registry's own "no such record": the truth the empty_data class is scored on.
        "kind.no_record": (
            "no_record (CSDL không có bản ghi, không phải lỗi tiêm)",
            "no_record (the registry has no such record; not an injected fault)",
        ),
        "invisible": (
            "không áp dụng (không thấy được trên đường truyền)",
            "n/a (invisible on the wire)",
        ),
        "not_ok": ("khác ok", "not ok"),
        "row.-": ("không gặp lỗi tiêm nào", "no fault met"),
        "row.protection": (
            "bị lớp bảo vệ của gateway từ chối (breaker/bulkhead/ngân sách thử lại) sau các lỗi "
            "ở trên",
            "rejected by the gateway's protection (breaker/bulkhead/retry budget) after the "
            "faults above",
        ),
        "cards.requests": ("yêu cầu", "requests"),
        "cards.failed": ("lỗi", "failed"),
        "cards.rows": ("dòng Phụ lục V gặp phải", "Phụ lục V rows hit"),
        "plot.timeline": ("Độ trễ trong suốt lần chạy", "Latency over the run"),
        "plot.per_row": ("Độ trễ theo dòng Phụ lục V", "Latency per Phụ lục V row"),
        "plot.confusion": (
            "Phát hiện: lỗi tiêm so với điều gateway thấy",
            "Detection: injected fault vs what the gateway saw",
        ),
        "axis.since": ("giây kể từ yêu cầu đầu tiên", "seconds since the first request"),
        "axis.latency": ("độ trễ đầu-cuối (ms)", "end-to-end latency (ms)"),
        "axis.per_row": (
            "độ trễ đầu-cuối (ms, thang log; nét đứt = hạn 30 s của CSDL)",
            "end-to-end latency (ms, log; dashed = 30 s registry timeout)",
        ),
        "axis.detected": (
            "triệu chứng gateway phát hiện (✓ = đúng)",
            "symptom the gateway detected (✓ = correct)",
        ),
        "axis.injected": ("loại lỗi tiêm", "injected fault kind"),
        "legend.answered": ("có trả lời", "answered"),
        "legend.failed": ("lỗi", "failed"),
        "row_label": ("dòng {row} · {rate} lỗi", "row {row} · {rate} failed"),
    }
)

_ROW_HEAD = {
    "vi": ("dòng", "tỉnh", "loại lỗi", "yêu cầu", "lỗi", "p50 ms", "p95 ms", "p99 ms",
           "phục hồi nhờ thử lại", "bị từ chối", "chậm (≥ ngưỡng của gateway) · hết hạn chờ",
           "lỗi tại", "lỗi được tiêm tại", "vấn đề"),
    "en": ("row", "province", "kinds", "requests", "failed", "p50 ms", "p95 ms", "p99 ms",
           "retry-recovered", "rejected", "slow (≥ gateway threshold) · gave up", "failed at",
           "injected at", "what it is"),
}  # fmt: skip
_ACC_HEAD = {
    "vi": ("loại lỗi tiêm", "số lần", "khớp", "độ chính xác", "mong đợi", "gateway thấy"),
    "en": ("injected kind", "seen", "matched", "accuracy", "expected", "gateway saw"),
}
_REGISTRIES = {
    "dan_cu": ("CSDL dân cư", "dân cư registry"),
    "dkdn": ("CSDL ĐKDN", "ĐKDN registry"),
    "ho_tich": ("CSDL hộ tịch", "hộ tịch registry"),
    "gplx": ("CSDL GPLX", "GPLX registry"),
}


def ms(value: float | None) -> str:
    return "-" if value is None else f"{value:,.0f}"


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def top(counts: dict[str, int], n: int = 3) -> str:
    return ", ".join(f"{k}×{v}" for k, v in list(counts.items())[:n]) or "-"


def hop_label(answered_by: str, lang: Lang) -> str:
    """``registry:ho_tich`` → ``CSDL hộ tịch``; gateways keep their names."""
    if answered_by.startswith("registry:"):
        names = _REGISTRIES.get(answered_by.split(":", 1)[1])
        if names is not None:
            return names[1] if lang == "en" else names[0]
    return answered_by.upper() if answered_by in ("lgsp", "ndxp") else answered_by


def row_head(lang: Lang) -> tuple[str, ...]:
    return _ROW_HEAD[lang]


def acc_head(lang: Lang) -> tuple[str, ...]:
    return _ACC_HEAD[lang]


def _info(row: RowStats, catalog: dict[int, RowInfo]) -> RowInfo | None:
    return catalog.get(int(row.row)) if row.row.isdigit() else None


def row_title(row: RowStats, lang: Lang, catalog: dict[int, RowInfo]) -> tuple[str, str]:
    """(province, full text) of a row, in ``lang``."""
    info = _info(row, catalog)
    if info is not None:
        return info.province, info.title(lang)
    key = f"row.{row.row}"
    return "", WORDS(key, lang) if key in WORDS else row.title


def _slow(row: RowStats, lang: Lang) -> str:
    """Answers after more than 30 s, then which hops gave up waiting: ``4 · NDXP×2``."""
    gave_up = top({hop_label(k, lang): v for k, v in row.gave_up.items()})
    return f"{row.slow_answers} · {gave_up}"


def row_cells(report: Report, lang: Lang) -> list[tuple[str, ...]]:
    catalog = load_rows()
    out: list[tuple[str, ...]] = []
    for r in report.rows:
        province, text = row_title(r, lang, catalog)
        failed_at = {place(k, lang): v for k, v in r.failed_at.items()}
        injected = {site(k, lang): v for k, v in r.injected_at.items()}
        out.append(
            (
                r.row, province, ",".join(r.kinds) or "-", str(r.requests),
                f"{r.failed} ({pct(r.failure_rate)})", ms(r.latency.p50_ms),
                ms(r.latency.p95_ms), ms(r.latency.p99_ms), str(r.recovered_by_retry),
                str(r.breaker_rejections), _slow(r, lang), top(failed_at), top(injected), text,
            )
        )  # fmt: skip
    return out


def acc_cells(report: Report, lang: Lang) -> list[tuple[str, ...]]:
    return [
        (
            WORDS("kind.no_record", lang) if a.kind == "no_record" else a.kind,
            str(a.total),
            str(a.matched),
            pct(a.accuracy) if a.detectable else WORDS("invisible", lang),
            ",".join(a.expected) or "-",
            top(a.observed, 4),
        )
        for a in report.accuracy
    ]
