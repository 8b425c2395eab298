"""What the console says, in Vietnamese and English (``?lang=en``, remembered in a cookie)."""

from __future__ import annotations

from simulator.i18n import Texts

__all__ = ["HOP_NAMES", "TEXT", "hop_name"]

TEXT = Texts(
    {
        "title": ("Bảng điều khiển kiểm thử ndxp-sim", "ndxp-sim tester console"),
        "nav.monitor": ("Giám sát", "Monitor"),
        "nav.scenarios": ("Kịch bản & đồng hồ", "Scenarios & clock"),
        "nav.scoreboard": ("Bảng Phụ lục V", "Phụ lục V scoreboard"),
        "nav.report": ("Báo cáo", "Report"),
        "nav.identities": ("Danh tính thử", "Test identities"),
        "lang.switch": ("English", "Tiếng Việt"),
        # status bar
        "status.clock": ("Đồng hồ mô phỏng", "Simulated clock"),
        "status.running": ("đang chạy", "running"),
        "status.frozen": ("đang dừng", "frozen"),
        "status.active": ("Kịch bản đang bật", "Active scenario"),
        "status.none": ("không có (mọi CSDL trả lời bình thường)", "none (registries behave)"),
        "status.ttl": ("tự tắt sau", "switches off in"),
        "status.no_ttl": ("không hẹn giờ tắt", "no expiry"),
        "status.seed": ("seed lỗi", "fault seed"),
        "status.unreachable": (
            "Không liên lạc được với các mock CSDL ({why}).",
            "Cannot reach the registry mocks ({why}).",
        ),
        "status.feed_error": (
            "Không đọc được bản ghi opmon của {hop}: {why}",
            "Cannot read the opmon records of {hop}: {why}",
        ),
        "status.live": ("trực tiếp", "live"),
        "status.offline": ("mất kết nối, đang nối lại…", "disconnected, reconnecting…"),
        # monitor
        "monitor.title": (
            "Các lời gọi qua LGSP → NDXP → CSDL",
            "Calls through LGSP → NDXP → registry",
        ),
        "monitor.intro": (
            "Mỗi dòng là một lời gọi của hệ thống tỉnh (theo X-Road-Id), cập nhật trực tiếp. "
            "Bấm vào một dòng để xem bản ghi của từng chặng.",
            "Each line is one province call (by X-Road-Id), updated live. Click a line for "
            "every hop's record.",
        ),
        "monitor.empty": (
            "Chưa có lời gọi nào kể từ khi mở bảng điều khiển. Hãy thử một lời gọi bên dưới.",
            "No calls since the console opened. Try one below.",
        ),
        "col.time": ("Thời điểm", "Time"),
        "col.consumer": ("Bên gọi", "Consumer"),
        "col.service": ("Dịch vụ", "Service"),
        "col.status": ("Kết quả", "Status"),
        "col.timings": (
            "Thời gian (ms): tổng · LGSP · NDXP · CSDL",
            "Time (ms): total · LGSP · NDXP · registry",
        ),
        "col.fault": ("Lỗi được tiêm", "Injected fault"),
        "col.symptom": ("Triệu chứng phát hiện", "Detected symptom"),
        "col.failed_at": ("Lỗi tại chặng", "Failed at"),
        "col.id": ("X-Road-Id", "X-Road-Id"),
        "ok": ("thành công", "ok"),
        "failed": ("lỗi", "failed"),
        # try a call
        "try.title": ("Thử một lời gọi", "Try a call"),
        "try.intro": (
            "Gửi một lời gọi qua LGSP với tư cách hệ thống một cửa thử nghiệm ({client}).",
            "Send a call through the LGSP as the demo one-stop system ({client}).",
        ),
        "try.registry": ("CSDL", "Registry"),
        "try.send": ("Gửi", "Send"),
        "try.result": ("Kết quả: HTTP {status} sau {ms} ms", "Result: HTTP {status} in {ms} ms"),
        "try.failed": ("Không nhận được trả lời: {why}", "No answer: {why}"),
        "try.unknown": (
            "Không có CSDL này; chọn một trong: {registries}.",
            "Unknown registry; choose one of: {registries}.",
        ),
        "action.unknown": (
            "Bảng điều khiển không có thao tác này.",
            "The console has no such action.",
        ),
        # registries and hops
        "reg.dan_cu": ("CSDLQG về dân cư", "Population (dân cư)"),
        "reg.dkdn": ("CSDLQG về đăng ký doanh nghiệp", "Business registration (ĐKDN)"),
        "reg.ho_tich": ("CSDL hộ tịch", "Civil status (hộ tịch)"),
        "reg.gplx": ("CSDL giấy phép lái xe", "Driving licences (GPLX)"),
        # exchange detail
        "exchange.title": ("Lời gọi {id}", "Call {id}"),
        "exchange.hop": ("Chặng {hop}", "Hop {hop}"),
        "exchange.missing": (
            "Không tìm thấy lời gọi này trong những gì bảng điều khiển đã theo dõi.",
            "This call is not among those the console has followed.",
        ),
        "exchange.back": ("← Quay lại giám sát", "← Back to the monitor"),
        "exchange.field": ("Trường", "Field"),
        "exchange.value": ("Giá trị", "Value"),
        # scenarios
        "scen.title": ("Kịch bản lỗi Phụ lục V", "Phụ lục V fault scenarios"),
        "scen.intro": (
            "Bật một kịch bản để các CSDL giả lập gặp sự cố như các tỉnh đã báo cáo năm 2024. "
            "Thời hạn (TTL) tính theo đồng hồ thật: dời đồng hồ mô phỏng không làm kịch bản tắt "
            "sớm hay kéo dài.",
            "Enable a scenario to make the registry mocks fail the way provinces reported in "
            "2024. The TTL is wall-clock time: moving the simulated clock neither ends nor "
            "stretches the scenario.",
        ),
        "scen.name": ("Kịch bản", "Scenario"),
        "scen.rows": ("Dòng Phụ lục V", "Phụ lục V rows"),
        "scen.ttl": (
            "Tự tắt sau (vd 10m, 1h; để trống = không hẹn)",
            "Switch off after (e.g. 10m, 1h; empty = never)",
        ),
        "scen.enable": ("Bật", "Enable"),
        "scen.many_rows": ("{n} dòng Phụ lục V", "{n} Phụ lục V rows"),
        "scen.disable": ("Tắt kịch bản đang bật", "Disable the active scenario"),
        "scen.enabled": ("Đã bật kịch bản {name}.", "Scenario {name} enabled."),
        "scen.disabled": ("Đã tắt kịch bản.", "Scenario disabled."),
        "scen.bad_ttl": ("Thời hạn không hợp lệ: {why}", "Bad TTL: {why}"),
        "scen.refused": ("Bị từ chối: {code}: {message}", "Refused: {code}: {message}"),
        "clock.title": ("Đồng hồ mô phỏng", "Simulated clock"),
        "clock.intro": (
            "Các cửa sổ bảo trì (dòng 62), đường dốc lỗi và trạng thái hồ sơ chạy theo đồng hồ "
            "mô phỏng (giờ Việt Nam).",
            "Maintenance windows (row 62), error ramps and dossier statuses run on the "
            "simulated clock (Vietnam time).",
        ),
        "clock.set": ("Đặt thời điểm", "Set to"),
        "clock.advance": ("Tiến thêm", "Advance by"),
        "clock.freeze": ("Dừng đồng hồ", "Freeze"),
        "clock.resume": ("Chạy tiếp", "Resume"),
        "clock.moved": ("Đồng hồ mô phỏng: {now}.", "Simulated clock: {now}."),
        "clock.kept": (
            "Kịch bản {name} vẫn bật, giữ nguyên {left} còn lại.",
            "Scenario {name} stays on with its remaining {left}.",
        ),
        "clock.frozen_ttl": (
            "Đồng hồ mô phỏng đang dừng nên thời hạn của kịch bản cũng dừng.",
            "The simulated clock is frozen, so the scenario's TTL is paused.",
        ),
        "clock.bad": ("Thời điểm hoặc khoảng không hợp lệ: {why}", "Bad moment or duration: {why}"),
        "clock.disagree": (
            "Cảnh báo: đọc lại từng thành phần, chúng chưa thống nhất ({what}; xem ndxp-sim "
            "faults status).",
            "Warning: read back from each component, they disagree ({what}; see ndxp-sim "
            "faults status).",
        ),
        "clock.office": ("Thứ Ba 09:00 (cửa sổ bảo trì dòng 62)", "Tuesday 09:00 (row 62 window)"),
        # scoreboard
        "score.title": ("Bảng Phụ lục V", "Phụ lục V scoreboard"),
        "score.intro": (
            "Các dòng Phụ lục V mà lời gọi đã gặp kể từ {since}: số lời gọi, số lỗi, triệu "
            "chứng gateway tự phát hiện, số lần tự phục hồi nhờ thử lại, và chặng gây lỗi.",
            "Phụ lục V rows the calls met since {since}: calls, failures, the symptoms the "
            "gateway detected itself, recoveries by retry, and the failing hop.",
        ),
        "score.row": ("Dòng", "Row"),
        "score.province": ("Tỉnh", "Province"),
        "score.what": ("Vấn đề", "Problem"),
        "score.calls": ("Lời gọi", "Calls"),
        "score.failed": ("Lỗi", "Failed"),
        "score.symptoms": ("Triệu chứng", "Symptoms"),
        "score.recovered": ("Phục hồi nhờ thử lại", "Recovered by retry"),
        "score.failing_hop": ("Chặng gây lỗi", "Failing hop"),
        "score.active": ("trong kịch bản đang bật", "in the active scenario"),
        "score.none": ("Chưa có lời gọi nào.", "No calls yet."),
        "score.no_fault": ("không gặp lỗi tiêm nào", "met no injected fault"),
        "score.protection": (
            "bị lớp bảo vệ của gateway từ chối (breaker/bulkhead) sau các lỗi trên",
            "turned away by the gateway's protection (breaker/bulkhead) after the faults above",
        ),
        "score.original": ("Nguyên văn Phụ lục V", "Phụ lục V, original wording"),
        "score.proposal": ("Đề xuất", "Proposal"),
        "score.reset": ("Bắt đầu đếm lại từ bây giờ", "Start counting again from now"),
        # report
        "report.title": ("Báo cáo lần chạy", "Run report"),
        "report.intro": (
            "Báo cáo đầy đủ (biểu đồ, bảng theo dòng Phụ lục V, độ chính xác phát hiện) của các "
            "lời gọi bảng điều khiển đã theo dõi. Bản độc lập: {link}",
            "The full report (plots, per-row table, detection accuracy) of the calls the "
            "console followed. Standalone copy: {link}",
        ),
        # identities
        "id.title": ("Danh tính thử", "Test identities"),
        "id.intro": (
            'Các danh tính cố định: giống nhau với mọi seed và không bao giờ "không tìm thấy". '
            "Mọi mã hợp lệ khác cũng trả về một bản ghi tổng hợp ổn định. Toàn bộ là dữ liệu "
            "giả lập.",
            'Fixed identities: the same under every seed and never "not found". Any other '
            "well-formed identifier resolves to a stable synthetic record too. All data is "
            "synthetic.",
        ),
        "id.registry": ("CSDL", "Registry"),
        "id.value": ("Mã", "Identifier"),
        "id.who": ("Là ai / là gì", "Who / what"),
        "id.samples": ("Mã mẫu do trình thử dùng", "Sample identifiers the try panel uses"),
        "id.cccd": ("Số định danh (CCCD)", "Personal ID (CCCD)"),
        "id.msdn": ("Mã số doanh nghiệp", "Enterprise code"),
        "id.gplx": ("Số GPLX", "Licence number"),
        "id.example": ("Ví dụ gọi bằng curl", "Example call with curl"),
    }
)

HOP_NAMES = {"lgsp": "LGSP", "ndxp": "NDXP"}


def hop_name(answered_by: str | None, lang: str) -> str:
    """``registry:ho_tich`` → ``CSDL hộ tịch``; ``lgsp`` → ``LGSP``."""
    if not answered_by:
        return "-"
    if answered_by.startswith("registry:"):
        name = answered_by.split(":", 1)[1]
        key = f"reg.{name}"
        return TEXT(key, "en" if lang == "en" else "vi") if key in TEXT else answered_by
    if answered_by in HOP_NAMES:
        return HOP_NAMES[answered_by]
    from simulator.report.sections import place  # a location of the report (link, hop)

    return place(answered_by, "en" if lang == "en" else "vi")
