"""The report's sections beyond the per-row table — where failures arose along the path, why the
hops' own counts differ, and the classifier's recall and precision per class — as words and
table cells shared by the terminal, Markdown and HTML renderings (Vietnamese or English)."""

from __future__ import annotations

from simulator.i18n import Lang, Texts
from simulator.report.model import ClassScore, Report
from simulator.report.scoring import GATE_MIN_SAMPLES

__all__ = [
    "SECTION",
    "blame_cells",
    "blame_head",
    "hop_notes",
    "place",
    "score_cells",
    "score_head",
    "site",
]

SECTION = Texts(
    {
        "hops": ("Lỗi phát sinh tại đâu trên đường đi", "Where along the path failures arose"),
        "cut_at_stop": (
            "{n} yêu cầu còn đang chờ khi hệ thống dừng lúc kết thúc lần chạy (được trả "
            "ShuttingDown): không tính vào số lỗi, chặng gây lỗi hay độ chính xác{rows}.",
            "{n} requests were still waiting when the stack stopped at the end of the run "
            "(answered ShuttingDown): not counted as failures, against a hop or in the "
            "scores{rows}.",
        ),
        "cut_rows": (
            "; các dòng Phụ lục V chúng đã gặp: {rows}",
            "; the Phụ lục V rows they met: {rows}",
        ),
        "hops_note": (
            "Theo bản ghi của các chặng (kiểu lỗi X-Road), đặt cạnh nơi lỗi thực sự được tiêm — "
            "trả lời câu hỏi của các dòng 43, 44, 48, 49: lỗi hay phát sinh tại hệ thống nào.",
            "From the hops' records (the X-Road error types), beside where the faults were "
            "really injected — the answer to rows 43, 44, 48, 49: at which system errors arise.",
        ),
        "scores": ("Độ nhạy và độ chính xác theo lớp", "Recall and precision per class"),
        "scores_note": (
            "Mỗi lỗi tiêm có đúng một lớp triệu chứng mong đợi (không có lối thoát 'ok'); "
            f"ngưỡng 95 % áp cho lớp có từ {GATE_MIN_SAMPLES} mẫu.",
            "Each injected fault has exactly one expected symptom class (no 'ok' escape); the "
            f"95 % gate applies to classes with at least {GATE_MIN_SAMPLES} samples.",
        ),
        "contract_only": (
            "NDXP ghi lỗi {n} yêu cầu vì câu trả lời thiếu trường theo hợp đồng dịch vụ "
            "(contract_violation) — LGSP chuyển nguyên câu trả lời đó và ghi thành công.",
            "NDXP recorded {n} requests as failed for answers missing contract fields "
            "(contract_violation) — the LGSP relayed those answers and recorded success.",
        ),
        "not_reached": (
            "{n} yêu cầu không tới được NDXP (lỗi trên đường LGSP → NDXP): chỉ LGSP có bản ghi.",
            "{n} requests never reached the NDXP (failures on the LGSP → NDXP link): only the "
            "LGSP recorded them.",
        ),
        "hop_failed_differ": (
            "Vì vậy số lỗi của từng chặng khác nhau: LGSP {lgsp}, NDXP {ndxp}.",
            "That is why the hops' failure counts differ: LGSP {lgsp}, NDXP {ndxp}.",
        ),
        "gate.pass": ("đạt", "pass"),
        "gate.fail": ("KHÔNG ĐẠT", "FAIL"),
        "gate.few": ("ít mẫu", "few samples"),
    }
)

_BLAME_HEAD = {
    "vi": ("nơi lỗi (theo bản ghi)", "yêu cầu lỗi", "lỗi được tiêm tại", "hết hạn chờ"),
    "en": (
        "where it failed (records)",
        "failed requests",
        "faults injected at",
        "deadline ran out",
    ),
}
_SCORE_HEAD = {
    "vi": (
        "lớp",
        "lỗi tiêm",
        "phát hiện",
        "độ nhạy",
        "gateway báo",
        "đúng",
        "độ chính xác",
        "ngưỡng",
    ),
    "en": ("class", "faults", "found", "recall", "reported", "right", "precision", "gate"),
}
_REGISTRY = {
    "dan_cu": ("CSDL dân cư", "dân cư registry"),
    "dkdn": ("CSDL ĐKDN", "ĐKDN registry"),
    "ho_tich": ("CSDL hộ tịch", "hộ tịch registry"),
    "gplx": ("CSDL GPLX", "GPLX registry"),
}
_PLACES = {
    "client": ("hệ thống của tỉnh (yêu cầu không hợp lệ)", "the province's system (invalid call)"),
    "lgsp": ("LGSP", "LGSP"),
    "lgsp-ndxp": (
        "đường LGSP → NDXP (kết nối, lớp web trước NDXP)",
        "LGSP → NDXP link (connection, NDXP's web front)",
    ),
    "ndxp": ("NDXP", "NDXP"),
}
_SITES = {
    "registry": ("CSDL", "registry"),
    "ndxp-registry": ("đường NDXP → CSDL", "NDXP → registry link"),
    "ndxp": ("NDXP", "NDXP"),
    "lgsp-ndxp": ("đường LGSP → NDXP", "LGSP → NDXP link"),
    "lgsp": ("LGSP", "LGSP"),
    "-": ("không thấy lỗi tiêm", "no injected fault found"),
}


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[1] if lang == "en" else pair[0]


def place(where: str, lang: Lang) -> str:
    """A location of ``attribution`` in words: ``ndxp-registry:dkdn`` → NDXP → CSDL ĐKDN."""
    kind, _, registry = where.partition(":")
    name = _pick(_REGISTRY[registry], lang) if registry in _REGISTRY else registry
    if kind == "registry":
        return name
    if kind == "ndxp-registry":
        return f"{'đường' if lang != 'en' else 'link'} NDXP → {name}"
    return _pick(_PLACES[kind], lang) if kind in _PLACES else where


def site(name: str, lang: Lang) -> str:
    return _pick(_SITES[name], lang) if name in _SITES else name


def _counts(counts: dict[str, int], lang: Lang) -> str:
    return ", ".join(f"{site(k, lang)}×{v}" for k, v in counts.items()) or "-"


def blame_head(lang: Lang) -> tuple[str, ...]:
    return _BLAME_HEAD[lang]


def blame_cells(report: Report, lang: Lang) -> list[tuple[str, ...]]:
    return [
        (place(b.where, lang), str(b.failed), _counts(b.injected_at, lang), str(b.gave_up))
        for b in report.blame
    ]


def hop_notes(report: Report, lang: Lang) -> list[str]:
    """What the counts leave out and why the hops' summaries differ, with this run's numbers."""
    notes = []
    if report.cut_at_stop:
        rows = ", ".join(f"{row}×{n}" for row, n in report.cut_rows.items())
        met = SECTION("cut_rows", lang, rows=rows) if rows else ""
        notes.append(SECTION("cut_at_stop", lang, n=report.cut_at_stop, rows=met))
    ndxp = next((h for h in report.hops if h.hop == "ndxp"), None)
    lgsp = next((h for h in report.hops if h.hop == "lgsp"), None)
    if ndxp is None or lgsp is None:
        return notes
    if ndxp.contract_only:
        notes.append(SECTION("contract_only", lang, n=ndxp.contract_only))
    if ndxp.not_reached:
        notes.append(SECTION("not_reached", lang, n=ndxp.not_reached))
    if ndxp.contract_only or ndxp.not_reached:
        notes.append(SECTION("hop_failed_differ", lang, lgsp=lgsp.failed, ndxp=ndxp.failed))
    return notes


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.1f}%"


def _gate(score: ClassScore, lang: Lang) -> str:
    judged = [
        v
        for n, v in ((score.faults, score.recall), (score.reported, score.precision))
        if n >= GATE_MIN_SAMPLES and v is not None
    ]
    if not judged:
        return SECTION("gate.few", lang)
    return SECTION("gate.pass" if min(judged) >= 0.95 else "gate.fail", lang)


def score_head(lang: Lang) -> tuple[str, ...]:
    return _SCORE_HEAD[lang]


def score_cells(report: Report, lang: Lang) -> list[tuple[str, ...]]:
    return [
        (
            s.cls, str(s.faults), str(s.found), _ratio(s.recall), str(s.reported),
            str(s.right), _ratio(s.precision), _gate(s, lang),
        )
        for s in report.scores
    ]  # fmt: skip
