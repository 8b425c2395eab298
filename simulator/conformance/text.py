"""The conformance report's words, Vietnamese first (``simulator.i18n``)."""

from __future__ import annotations

from simulator.i18n import Texts

__all__ = ["TEXTS"]

TEXTS = Texts(
    {
        # check titles
        "check.timeout_bounded": (
            "Đặt thời gian chờ và có giới hạn",
            "Client timeout set and bounded",
        ),
        "check.retries_bounded": ("Số lần thử lại có giới hạn", "Retries bounded"),
        "check.backoff_jitter": (
            "Thử lại giãn cách tăng dần, có ngẫu nhiên",
            "Retries back off, with jitter",
        ),
        "check.retry_after_honoured": (
            "Tôn trọng Retry-After và giờ bảo trì",
            "Retry-After and maintenance honoured",
        ),
        "check.no_storm": (
            "Không dồn dập khi gặp 503/429/ngắt mạch",
            "No storm on 503/429/circuit open",
        ),
        "check.idempotent_submissions": (
            "Không nộp lại hồ sơ khi thiếu khóa chống trùng",
            "No resubmission without an idempotency key",
        ),
        "check.polling_cadence": (
            "Tần suất hỏi trạng thái hồ sơ hợp lý",
            "Dossier-status polling cadence within bounds",
        ),
        "check.ids_unique": (
            "Gửi X-Road-Id/UserId, X-Road-Id không trùng",
            "X-Road-Id/UserId sent and unique",
        ),
        "check.stops_on_4xx": ("Dừng khi bị từ chối (4xx)", "Stops on 4xx"),
        # details
        "no_retries": (
            "Không có lần thử lại nào để chấm (không có lỗi nào được thử lại).",
            "No retries to grade (no failure was retried).",
        ),
        "retries_over": (
            "Có lệnh gọi thử tới {attempts} lần (giới hạn {limit}).",
            "A call was attempted {attempts} times (limit {limit}).",
        ),
        "retries_ok": (
            "{chains} chuỗi thử lại, nhiều nhất {attempts} lần (giới hạn {limit}).",
            "{chains} retry chains, at most {attempts} attempts (limit {limit}).",
        ),
        "backoff_short": (
            "Thử lại quá sớm hoặc khoảng chờ giảm dần (chờ ngắn nhất {min_gap} s, tối thiểu "
            "{limit} s).",
            "Retried too soon or with shrinking waits (shortest {min_gap} s, at least {limit} s).",
        ),
        "jitter_missing": (
            "Khoảng chờ giống hệt nhau (hệ số biến thiên {cv} < {cv_limit}): thiếu yếu tố ngẫu "
            "nhiên.",
            "Identical waits (coefficient of variation {cv} < {cv_limit}): no jitter.",
        ),
        "backoff_ok": (
            "Chờ ngắn nhất {min_gap} s (tối thiểu {limit} s), hệ số biến thiên {cv}.",
            "Shortest wait {min_gap} s (at least {limit} s), coefficient of variation {cv}.",
        ),
        "no_retry_after": (
            "Không có phản hồi 429/503 kèm Retry-After trong phiên.",
            "No 429/503 answer with Retry-After in the session.",
        ),
        "retry_after_early": (
            "{early}/{told} lần gọi lại trước thời điểm Retry-After cho phép.",
            "{early} of {told} calls came back before Retry-After allowed.",
        ),
        "retry_after_ok": (
            "Cả {told} lần nhận Retry-After đều được tôn trọng.",
            "All {told} Retry-After answers were honoured.",
        ),
        "no_refusals": (
            "Không có phản hồi 503/429 trong phiên.",
            "No 503/429 answer in the session.",
        ),
        "storm": (
            "{calls} lệnh gọi trong {window} s sau một phản hồi 503/429 (tối đa {limit}).",
            "{calls} calls within {window} s after a 503/429 (at most {limit}).",
        ),
        "storm_ok": (
            "Nhiều nhất {calls} lệnh gọi trong {window} s sau 503/429 (tối đa {limit}).",
            "At most {calls} calls within {window} s after a 503/429 (at most {limit}).",
        ),
        "no_failed_submissions": ("Không có lần nộp hồ sơ nào thất bại.", "No submission failed."),
        "submission_unsafe": (
            "{unsafe} lần nộp lại hồ sơ không cùng khóa chống trùng (MaYeuCau, maHoSo, "
            "Idempotency-Key).",
            "{unsafe} resubmissions without the same idempotency key (MaYeuCau, maHoSo, "
            "Idempotency-Key).",
        ),
        "submission_ok": (
            "{retried}/{failed} lần nộp thất bại được nộp lại cùng khóa chống trùng.",
            "{retried} of {failed} failed submissions were resubmitted with the same key.",
        ),
        "no_slow_calls": (
            "Không có lệnh gọi nào bị giữ quá {limit} s để chấm.",
            "No call was held past {limit} s to grade.",
        ),
        "waited_too_long": (
            "Bên gọi chờ tới {longest} s (giới hạn {limit} s): thiếu hoặc quá dài thời gian chờ.",
            "The client waited up to {longest} s (limit {limit} s): no or too long a timeout.",
        ),
        "timeout_ok": (
            "Bên gọi tự ngắt {gave_up} lần, không chờ quá {limit} s.",
            "The client gave up {gave_up} times, never waiting past {limit} s.",
        ),
        "no_polls": ("Không có lệnh hỏi trạng thái hồ sơ nào.", "No dossier-status polls."),
        "polls_fast": (
            "Hỏi trạng thái quá dày (khoảng ngắn nhất {shortest} s, tối thiểu {limit} s; nhiều "
            "nhất {most} lần/hồ sơ, tối đa {max_count}).",
            "Polling too fast (shortest {shortest} s, at least {limit} s; up to {most} polls "
            "per dossier, at most {max_count}).",
        ),
        "polls_ok": (
            "{dossiers} hồ sơ, khoảng ngắn nhất {shortest} s (tối thiểu {limit} s).",
            "{dossiers} dossiers, shortest interval {shortest} s (at least {limit} s).",
        ),
        "no_calls": ("Không có lệnh gọi nào trong sandbox.", "No calls in the sandbox."),
        "ids_bad": (
            "{reused} X-Road-Id bị dùng lại, {minted} lệnh gọi thiếu X-Road-Id, {no_user} "
            "thiếu X-Road-UserId (trên {calls}).",
            "{reused} X-Road-Ids reused, {minted} calls without X-Road-Id, {no_user} without "
            "X-Road-UserId (of {calls}).",
        ),
        "ids_ok": (
            "Cả {calls} lệnh gọi có X-Road-Id riêng và X-Road-UserId.",
            "All {calls} calls carry their own X-Road-Id and an X-Road-UserId.",
        ),
        "no_4xx": ("Không có phản hồi 4xx nào.", "No 4xx answer."),
        "repeats_4xx": (
            "{repeated}/{refused} yêu cầu bị từ chối vẫn được gửi lại nguyên vẹn.",
            "{repeated} of {refused} refused requests were sent again unchanged.",
        ),
        "stops_ok": (
            "Không gửi lại yêu cầu nào đã bị từ chối ({refused} lần 4xx).",
            "No refused request was sent again ({refused} 4xx answers).",
        ),
        # report frame
        "title": ("Chấm điểm tuân thủ của hệ thống gọi", "Client conformance"),
        "consumer": ("Bên gọi", "Consumer"),
        "plan": ("Kế hoạch", "Plan"),
        "sandbox": ("Sandbox", "Sandbox"),
        "calls": ("Số lệnh gọi", "Calls"),
        "phases": ("Các giai đoạn", "Phases"),
        "verdict.passed": ("ĐẠT", "PASSED"),
        "verdict.failed": ("KHÔNG ĐẠT", "FAILED"),
        "verdict.skipped": ("CHƯA KIỂM", "NOT EXERCISED"),
        "rows": ("Dòng Phụ lục V", "Phụ lục V rows"),
        "evidence": ("Bằng chứng", "Evidence"),
        "summary": (
            "{passed} đạt, {failed} không đạt, {skipped} chưa kiểm",
            "{passed} passed, {failed} failed, {skipped} not exercised",
        ),
    }
)
