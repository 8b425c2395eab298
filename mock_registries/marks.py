"""What a registry mock adds to its answers for the simulator, around the registry app.

* :class:`SimulatedDate` — every answer's ``Date`` is the registry's simulated time, in HTTP's
  IMF-fixdate form (RFC 9110 §5.6.7: always ``GMT``, never a local offset). A real registry's
  ``Date`` is its clock; the gateway reads it to judge whether a dossier's due date
  has passed, so against the mocks it judges on the simulated clock with no coupling at all.
  (Serve the mocks with uvicorn's own ``date_header`` off.)
* :class:`NoRecordMark` — an answer in which the registry's *own data* has no such record
  (a not-found look-up, an empty day of dossiers) says so in ``X-Sim-Fault: -:no_record``.
  That is no fault (row ``-``): it is the ground truth of an empty answer, so an empty answer
  the gateway reports is judged against what really happened, not only against injected
  ``empty_result`` faults. It sits inside the fault middleware and sees the registry's real
  answer.
"""

from __future__ import annotations

from datetime import UTC
from email.utils import format_datetime

from mock_registries.asgi import ASGIApp, Message, Receive, Scope, Send
from mock_registries.clock import Clock

__all__ = ["NO_RECORD_TAG", "NoRecordMark", "SimulatedDate", "had_no_record"]

NO_RECORD_TAG = b"-:no_record"
_NOT_FOUND = (b"KHONG_TIM_THAY", b"RECORD_NOT_FOUND", "Không tìm thấy".encode())
_NOTHING_LISTED = (
    b'"DataCount":0,', b'"total":0,', b"<SoCongDan>0<", b'"SoCongDan":0,', b'"value":[]',
)  # fmt: skip


def had_no_record(status: int, body: bytes) -> bool:
    """The registry's own not-found or empty-list answer, in the mocks' spelling."""
    if status not in (200, 404):
        return False
    if any(marker in body for marker in _NOT_FOUND):
        return True
    if b'"MaLoi"' in body:
        return False  # another refusal (a bad date, a wrong check digit)
    return status == 200 and any(marker in body for marker in _NOTHING_LISTED)


class SimulatedDate:
    """``Date: <simulated now>`` on every answer of ``app``."""

    def __init__(self, app: ASGIApp, clock: Clock) -> None:
        self.app = app
        self.clock = clock
        self.route_template = getattr(app, "route_template", None)
        self.fastapi = getattr(app, "fastapi", None) or getattr(
            getattr(app, "app", None), "fastapi", None
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def dated(message: Message) -> None:
            if message["type"] == "http.response.start":
                stamp = format_datetime(self.clock.now().astimezone(UTC), usegmt=True).encode()
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"date"]
                message = {**message, "headers": [*headers, (b"date", stamp)]}
            await send(message)

        await self.app(scope, receive, dated)


class NoRecordMark:
    """``X-Sim-Fault: -:no_record`` on the registry's own no-record answers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.route_template = getattr(app, "route_template", None)
        self.fastapi = getattr(app, "fastapi", None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                held.append(message)
                return
            if held:
                start = held.pop()
                if not message.get("more_body") and had_no_record(
                    int(start["status"]), message.get("body", b"")
                ):
                    headers = [*start.get("headers", []), (b"x-sim-fault", NO_RECORD_TAG)]
                    start = {**start, "headers": headers}
                await send(start)
            await send(message)

        await self.app(scope, receive, marked)
