"""What the ndxp-sim command line says, in Vietnamese and English (--lang, NDXP_LANG)."""

from __future__ import annotations

from simulator.i18n import Texts

__all__ = ["CLI"]

CLI = Texts(
    {
        # -- help ---------------------------------------------------------------------------
        "description": (
            "Mô phỏng trục kết nối LGSP → NDXP → CSDL quốc gia (dân cư, đăng ký doanh nghiệp, "
            "hộ tịch, GPLX) và các sự cố của Phụ lục V. Thiết lập qua biến môi trường NDXP_*.",
            "Simulator of the LGSP → NDXP → national registries path (dân cư, business "
            "registration, hộ tịch, GPLX) and the problems of Phụ lục V. Settings: NDXP_* "
            "environment variables.",
        ),
        "help.lang": ("ngôn ngữ: vi hoặc en (mặc định NDXP_LANG)", "language: vi or en"),
        "help.json": ("in JSON cho script", "print JSON for scripts"),
        "help.sandbox": (
            "sandbox riêng cho từng bên gọi: kịch bản lỗi, seed, đồng hồ mô phỏng",
            "per-consumer sandboxes: fault scenario, seed, simulated clock",
        ),
        "help.sandbox_create": ("tạo sandbox cho một bên gọi", "create a consumer's sandbox"),
        "help.sandbox_at": ("giờ mô phỏng ban đầu của sandbox", "the sandbox's starting sim time"),
        "help.sandbox_id": (
            "mã sandbox (mặc định: theo bên gọi)",
            "sandbox id (default: from the consumer)",
        ),
        "help.consumer": ("X-Road client id của bên gọi", "the consumer's X-Road client id"),
        "help.conformance": (
            "chấm điểm ứng xử của hệ thống tỉnh theo Phụ lục V",
            "grade the province's own client against Phụ lục V",
        ),
        "help.conformance_run": (
            "chạy các giai đoạn trên sandbox, rồi chấm từ sổ ledger",
            "run the phases on the sandbox, then grade from the ledger",
        ),
        "help.conformance_plan": ("in kế hoạch mặc định", "print the default plan"),
        "help.plan": (
            "tệp kế hoạch YAML (mặc định: Phụ lục V 2024)",
            "plan YAML (default: Phụ lục V 2024)",
        ),
        "conformance.start": (
            "Phiên kiểm tra {consumer} trên sandbox {sandbox}, khoảng {seconds} s: hãy cho hệ "
            "thống của tỉnh chạy như thường.",
            "Session for {consumer} on sandbox {sandbox}, about {seconds} s: let the "
            "province's system run as usual.",
        ),
        "conformance.phase": ("Giai đoạn {phase} ({seconds} s)", "Phase {phase} ({seconds} s)"),
        "conformance.written": (
            "Kết quả: {out}/conformance.{{xml,json,html}}",
            "Results: {out}/conformance.{{xml,json,html}}",
        ),
        "help.version": ("in phiên bản rồi thoát", "print the version and exit"),
        "help.up": ("chạy cả hệ thống đến khi Ctrl-C", "run the whole stack until Ctrl-C"),
        "help.demo": ("chạy thử ngắn rồi thoát", "run a short demo and exit"),
        "help.serve": (
            "chạy một thành phần (các dịch vụ docker-compose dùng lệnh này)",
            "run one component (docker-compose services use this)",
        ),
        "help.host": ("địa chỉ lắng nghe (mặc định 127.0.0.1)", "listen address (127.0.0.1)"),
        "help.seed": (
            "hạt giống của dữ liệu giả lập, lỗi và X-Road-Id (demo: đồng hồ giả lập đứng yên ở "
            "một thời điểm cố định, cùng seed cùng chuỗi lỗi)",
            "run seed of the mock data, faults and X-Road-Ids (demo: the simulated clock stands "
            "still at a fixed moment, same seed same fault sequence)",
        ),
        "help.demo_at": (
            "thời điểm giả lập của demo (ISO 8601, giờ Việt Nam), đồng hồ đứng yên ở đó",
            "the demo's simulated moment (ISO 8601, Vietnam time); the clock stands still there",
        ),
        "help.scenario": ("kịch bản lỗi Phụ lục V cần bật", "Phụ lục V fault scenario to enable"),
        "help.rounds": (
            "số hồ sơ của hệ thống một cửa (mỗi hồ sơ 1–5 lời gọi)",
            "dossiers of the one-stop system (1–5 calls each)",
        ),
        "help.component": ("thành phần cần chạy", "the component to run"),
        # -- up / demo ----------------------------------------------------------------------
        "up.head": ("thành phần", "component"),
        "up.what": ("là gì", "what"),
        "up.extra": ("tài liệu / số đo", "docs / metrics"),
        "up.console": ("Bảng điều khiển kiểm thử (web)", "Tester console (web)"),
        "up.seeds": (
            "seed dữ liệu={data}  seed lỗi={faults}  kịch bản={scenario}  (Ctrl-C để dừng)",
            "data seed={data}  fault seed={faults}  scenario={scenario}  (Ctrl-C to stop)",
        ),
        "up.open_console": ("Mở bảng điều khiển: {url}", "Open the console: {url}"),
        "up.demo_admin": (
            "Cảnh báo: đang nghe trên {host} với mã quản trị mặc định của bản demo; ai tới được "
            "máy này đều bật/tắt được lỗi mô phỏng và đọc sổ opmon. Đặt NDXP_ADMIN_TOKEN.",
            "Warning: listening on {host} with the demo's default admin credential; anyone who "
            "reaches this host can switch faults and read the opmon ledger. Set NDXP_ADMIN_TOKEN.",
        ),
        "up.stopped": ("đã dừng sạch khi nhận {signal}", "stopped cleanly on {signal}"),
        "help.workers": (
            "số tiến trình cùng phục vụ một cổng (mặc định NDXP_WORKERS hoặc 1)",
            "worker processes sharing the port (default NDXP_WORKERS or 1)",
        ),
        "serve.workers": (
            "{n} tiến trình (worker) cùng phục vụ {component} trên một cổng; mỗi tiến trình "
            "giữ 1/{n} hạn mức của mỗi bên gọi, bộ ngắt mạch riêng, ghi chung sổ ledger; mọi "
            "tiến trình theo cùng kịch bản lỗi và đồng hồ",
            "{n} worker processes serve {component} on one port; each holds 1/{n} of every "
            "consumer's quota and its own breakers, all write one ledger and follow one fault "
            "scenario and clock",
        ),
        "serve.workers_mock": (
            "{n} tiến trình (worker) cùng phục vụ {component} trên một cổng, từ cùng một thế "
            "giới quốc gia; mọi tiến trình theo cùng kịch bản lỗi và đồng hồ, chung một nhật ký "
            "lỗi; điều một lệnh gọi ghi (đăng ký khai sinh, nộp hồ sơ) ở lại tiến trình nhận nó",
            "{n} worker processes serve {component} on one port from the same national world; "
            "all follow one fault scenario and clock and keep one fault journal; what a call "
            "writes (a birth registered, a dossier submitted) stays in the worker that took it",
        ),
        "serve.workers_stopped": (
            "các tiến trình đã dừng (mã thoát {codes})",
            "workers stopped (exit codes {codes})",
        ),
        "serve.workers_stopped_clean": (
            "{n} tiến trình đã dừng gọn sau khi trả lời các lệnh gọi đang chạy",
            "{n} workers stopped cleanly after answering the calls in flight",
        ),
        "error.workers_console": (
            "bảng điều khiển chạy một tiến trình; bỏ --workers hoặc NDXP_WORKERS",
            "the console runs as one process; drop --workers or NDXP_WORKERS",
        ),
        "demo.sending": (
            "gửi {n} hồ sơ: hệ thống một cửa của tỉnh → LGSP → NDXP → CSDL ...",
            "sending {n} dossiers: the province's one-stop system → LGSP → NDXP → registry ...",
        ),
        "demo.clock": (
            "đồng hồ giả lập đứng yên ở {at} (seed {seed})",
            "simulated clock standing still at {at} (seed {seed})",
        ),
        "demo.progress": ("hồ sơ", "dossiers"),
        "demo.ledger": (
            "sổ ledger: {n} bản ghi chặng trong {path} (xem: ndxp-sim report)",
            "ledger: {n} hop records in {path} (ndxp-sim report)",
        ),
        "demo.broken": (
            "{n} yêu cầu lỗi khi không bật kịch bản lỗi nào: hệ thống hỏng.",
            "{n} request(s) failed with no fault scenario active: the stack is broken.",
        ),
        # -- one-line errors (exit 2) --------------------------------------------------------
        "error.port": (
            "{component}: không mở được cổng {host}:{port} ({why}); chọn cổng khác, ví dụ "
            "{variable}={suggestion}",
            "{component}: cannot listen on {host}:{port} ({why}); pick another port, e.g. "
            "{variable}={suggestion}",
        ),
        "error.catalog": (
            "không đọc được danh mục {path} ({why}); sửa tệp hoặc đặt "
            "NDXP_GATEWAY__CATALOG_PATH tới một danh mục hợp lệ",
            "cannot read the catalog {path} ({why}); fix it or point NDXP_GATEWAY__CATALOG_PATH "
            "at a valid catalog",
        ),
        "error.startup": (
            "{component} không khởi động được ({why}); đã dừng mọi thành phần khác",
            "{component} failed to start ({why}); every other component was stopped",
        ),
        "error.stopped": (
            "{component} đã dừng bất ngờ ({why}); đã dừng mọi thành phần khác",
            "{component} stopped unexpectedly ({why}); every other component was stopped",
        ),
        "error.setting": (
            "thiết lập không hợp lệ: {variable}={value!r}: {problem}",
            "invalid setting: {variable}={value!r}: {problem}",
        ),
        "error.no_scenario": (
            "không có kịch bản lỗi '{name}'; có: {known}",
            "no fault scenario '{name}'; known: {known}",
        ),
        "error.no_scenario_remote": (
            "không có kịch bản lỗi '{name}' (xem: ndxp-sim faults list)",
            "no fault scenario '{name}' (see: ndxp-sim faults list)",
        ),
        "error.ledger": (
            "không ghi được sổ ledger {path} ({why}); đặt NDXP_LEDGER_PATH tới một tệp ghi được",
            "cannot write the ledger {path} ({why}); point NDXP_LEDGER_PATH at a writable file",
        ),
        "error.no_ledger": (
            "không có sổ ledger {path}; chạy ndxp-sim up/demo trước hoặc chỉ --ledger",
            "no ledger file {path}; run ndxp-sim up/demo first or pass --ledger",
        ),
        "error.range": ("--to phải sau --from", "--to is before --from"),
        "error.unreachable": (
            "không kết nối được tới {url} ({why}): ndxp-sim up có đang chạy không?",
            "cannot reach {url} ({why}): is ndxp-sim up running?",
        ),
        "error.refused": ("bị từ chối: {code}: {message}", "refused: {code}: {message}"),
        "error.write": ("không ghi được {path} ({why})", "cannot write {path} ({why})"),
        # -- report / ledger ------------------------------------------------------------------
        "help.report": (
            "báo cáo một lần chạy từ sổ ledger (theo dòng Phụ lục V)",
            "report a run from the ledger (per Phụ lục V row)",
        ),
        "help.ledger_file": ("tệp ledger (mặc định NDXP_LEDGER_PATH)", "ledger file"),
        "help.since": (
            "chỉ các yêu cầu từ thời điểm này: ISO 8601, giây Unix hoặc khoảng lùi như 15m",
            "only requests from this moment: ISO 8601, Unix seconds, or e.g. 15m (ago)",
        ),
        "help.format": ("định dạng", "output format"),
        "help.output": ("ghi ra tệp này thay vì stdout", "write here instead of stdout"),
        "help.ledger": ("đọc sổ opmon theo chặng", "read the per-hop opmon ledger"),
        "help.export": ("xuất bản ghi ra CSV hoặc JSON", "export records as CSV or JSON"),
        "help.from": (
            "từ thời điểm (ISO 8601, giây Unix hoặc khoảng lùi như 1h)",
            "from this moment (ISO 8601, Unix seconds, or e.g. 1h ago)",
        ),
        "help.to": ("đến thời điểm (cùng cách viết)", "to this moment (same forms)"),
        "help.client": ("chỉ subsystem này (ví dụ SUB_MOTCUA)", "only this client subsystem"),
        "report.building": (
            "đang lập báo cáo từ {path} ...",
            "building the report from {path} ...",
        ),
        "report.written": ("đã ghi báo cáo vào {path}", "report written to {path}"),
        # -- faults ---------------------------------------------------------------------------
        "help.faults": (
            "điều khiển kịch bản lỗi của hệ thống đang chạy",
            "control fault scenarios of a running stack",
        ),
        "help.url": (
            "địa chỉ một mock CSDL (lặp lại được; mặc định: cả bốn mock theo thiết lập)",
            "a registry mock's base URL (repeatable; default: all four from the settings)",
        ),
        "help.list": ("seed, kịch bản đang bật và mọi kịch bản", "seed, active and all scenarios"),
        "help.show": ("các quy tắc của một kịch bản", "rules of one scenario"),
        "help.enable": ("bật một kịch bản", "enable a scenario"),
        "help.ttl": (
            "tự tắt sau khoảng này (90s, 10m, 1h); dời đồng hồ mô phỏng vẫn giữ thời gian còn lại",
            "switch off after this long (90s, 10m, 1h); moving the simulated clock keeps the rest",
        ),
        "help.disable": ("tắt kịch bản đang bật", "disable the active scenario"),
        "help.reset": ("tắt và xoá bộ đếm", "disable and reset counters"),
        "help.clock": ("xem hoặc dời đồng hồ mô phỏng", "show or move the simulated clock"),
        "help.clock_action": ("freeze, resume, advance hoặc set", "freeze, resume, advance or set"),
        "help.clock_value": (
            "với set: thời điểm (ISO 8601, giờ Việt Nam nếu không ghi múi); với advance: "
            "khoảng (90s, 1h)",
            "for set: a moment (ISO 8601, Vietnam time if no zone); for advance: a duration",
        ),
        "help.at": ("thời điểm cho set (như trên)", "moment for set (as above)"),
        "help.seconds": ("khoảng cho advance (như trên)", "duration for advance (as above)"),
        "faults.seed": ("Seed lỗi: {seed}", "Fault seed: {seed}"),
        "faults.clock": (
            "Đồng hồ mô phỏng: {now} ({state})",
            "Simulated clock: {now} ({state})",
        ),
        "faults.running": ("đang chạy", "running"),
        "faults.frozen": ("đang dừng", "frozen"),
        "faults.active": ("Kịch bản đang bật: {name}{ttl}", "Active scenario: {name}{ttl}"),
        "faults.none": ("Không bật kịch bản nào.", "No scenario active."),
        "faults.ttl_left": (" — còn {left}", " — {left} left"),
        "faults.scenarios": ("Các kịch bản ({n}):", "Scenarios ({n}):"),
        "faults.rows": ("dòng", "rows"),
        "faults.enabled": (
            "Đã bật kịch bản {name} ({title}; dòng Phụ lục V: {rows}){ttl}.",
            "Enabled scenario {name} ({title}; Phụ lục V rows: {rows}){ttl}.",
        ),
        "faults.enabled_ttl": (", tự tắt sau {left}", ", switches off in {left}"),
        "faults.disabled": ("Đã tắt kịch bản {name}.", "Disabled scenario {name}."),
        "faults.nothing": ("Không có kịch bản nào đang bật.", "No scenario was active."),
        "faults.reset": ("Đã tắt và xoá bộ đếm.", "Disabled and counters reset."),
        "faults.show_head": (
            "quy tắc|nơi phát sinh|CSDL|loại lỗi|xác suất|khung giờ|phương thức, đường dẫn",
            "rule|arises at|registry|kind|probability|window|method, route",
        ),
        "faults.partial": (
            "Cảnh báo: lệnh chỉ tới {reached}/{total} thành phần; không kết nối được: {names}. "
            "Các thành phần đó giữ nguyên kịch bản và đồng hồ.",
            "Warning: the command reached {reached} of {total} components; unreachable: "
            "{names}. Those kept their scenario and clock.",
        ),
        "clock.moved": ("Đồng hồ mô phỏng: {now} ({state}).", "Simulated clock: {now} ({state})."),
        "clock.kept": (
            "Kịch bản {name} vẫn bật: giữ nguyên {left} còn lại (thời hạn không bị dời theo "
            "đồng hồ).",
            "Scenario {name} stays on: its remaining {left} was kept (the TTL does not move "
            "with the clock).",
        ),
        "clock.frozen_ttl": (
            "Lưu ý: đồng hồ mô phỏng đang dừng, nên thời hạn của kịch bản cũng dừng theo.",
            "Note: the simulated clock is frozen, so the scenario's TTL is paused too.",
        ),
        "clock.needs_at": (
            "faults clock set cần một thời điểm, ví dụ: faults clock set 2024-06-04T09:00+07:00",
            "faults clock set needs a moment, e.g. faults clock set 2024-06-04T09:00+07:00",
        ),
        "clock.needs_seconds": (
            "faults clock advance cần một khoảng, ví dụ: faults clock advance 1h",
            "faults clock advance needs a duration, e.g. faults clock advance 1h",
        ),
        "help.status": (
            "đồng hồ, kịch bản và seed của từng thành phần; báo khi chúng lệch nhau",
            "each component's clock, scenario and seed; flags disagreement",
        ),
        "status.head": (
            "thành phần|đồng hồ mô phỏng|trạng thái|kịch bản|seed",
            "component|simulated clock|state|scenario|seed",
        ),
        "status.down": ("{name:<8} không trả lời: {why}", "{name:<8} no answer: {why}"),
        "status.no_connection": ("không kết nối được", "cannot connect"),
        "status.agree": (
            "Mọi thành phần chung một đồng hồ, một kịch bản và một seed.",
            "All components share one clock, one scenario and one seed.",
        ),
        "status.unreachable": ("có thành phần không trả lời", "a component did not answer"),
        "status.frozen": ("đồng hồ chỗ dừng chỗ chạy", "some clocks frozen, some running"),
        "status.clock": ("đồng hồ lệch nhau", "clocks apart"),
        "status.scenario": ("kịch bản khác nhau", "scenarios differ"),
        "status.seed": ("seed khác nhau", "seeds differ"),
        "status.disagree": (
            "CẢNH BÁO: các thành phần không thống nhất ({what}); chạy lại lệnh faults để đặt "
            "lại cho tất cả.",
            "WARNING: the components disagree ({what}); run the faults command again to set "
            "them all.",
        ),
        # -- load test ------------------------------------------------------------------------
        "loadtest.running": ("kiểm thử tải", "load test"),
        "loadtest.report": ("đang lập báo cáo ...", "building the report ..."),
        "loadtest.started": (
            "đã chạy hệ thống (kịch bản {scenario}, LGSP {host}); locust dạng {shape}, "
            "{users} người dùng, {seconds} s ...",
            "stack up (scenario={scenario}, LGSP {host}); locust {shape} shape, {users} users, "
            "{seconds} s ...",
        ),
        "loadtest.target": (
            "kiểm thử tải {host} (kịch bản {scenario}); locust dạng {shape}, {users} người dùng, "
            "{seconds} s ...",
            "load test of {host} (scenario={scenario}); locust {shape} shape, {users} users, "
            "{seconds} s ...",
        ),
        "loadtest.gate_failed": ("Ngưỡng SLO không đạt: {detail}", "SLO gate failed: {detail}"),
        "loadtest.gates_skipped": ("Ngưỡng SLO: chưa đánh giá", "SLO gates: not evaluated"),
        "loadtest.locust_failed": (
            "locust dừng với mã {code} (xem {log}); các dòng cuối:\n{tail}",
            "locust exited with {code} (see {log}); last lines:\n{tail}",
        ),
        "loadtest.output": ("kết quả", "output"),
        "loadtest.report_head": (
            "báo cáo lần chạy (các dòng Phụ lục V gặp phải, gateway đã hấp thụ, đến tay tỉnh)",
            "run report (Phụ lục V rows hit, absorbed by the gateway, reached the province)",
        ),
        "loadtest.report_full": ("đầy đủ", "full"),
        "loadtest.report_missing": (
            "báo cáo lần chạy: không có (thiếu {why})",
            "run report: unavailable (no {why})",
        ),
        "loadtest.report_failed": (
            "báo cáo lần chạy: không lập được ({why})",
            "run report: failed ({why})",
        ),
    }
)
