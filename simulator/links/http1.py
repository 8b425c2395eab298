"""Just enough HTTP/1.1 for a link proxy: read one request (head and body) off a stream, set the
``Connection`` header of a head, and tag an answer's head with the faults the link applied.

Requests come from our own connectors (``Content-Length`` bodies; chunked ones are relayed as
they are, up to the terminating chunk), so this stays small; anything it cannot frame is
refused by closing the connection.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

__all__ = [
    "MAX_HEAD_BYTES",
    "FAULT_HEADER",
    "LinkRequest",
    "read_request",
    "split_head",
    "with_connection_close",
    "with_fault_tag",
]

MAX_HEAD_BYTES = 65_536
FAULT_HEADER = b"x-sim-fault"
_CRLF = b"\r\n"


@dataclass(frozen=True, slots=True)
class LinkRequest:
    """One request as read off the dialer's connection."""

    method: str
    target: str  # path and query, as sent
    headers: list[tuple[bytes, bytes]]  # names lower-cased
    head: bytes  # the request line and headers, CRLFCRLF included
    body: bytes  # the body as framed on the wire (chunked bodies keep their framing)

    @property
    def path(self) -> str:
        return self.target.split("?", 1)[0]

    def header(self, name: bytes) -> bytes | None:
        return next((v for k, v in self.headers if k == name), None)


def _parse_head(head: bytes) -> tuple[str, str, list[tuple[bytes, bytes]]]:
    lines = head[: -len(_CRLF * 2)].split(_CRLF)
    method, target, _version = lines[0].decode("latin-1").split(" ", 2)
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.strip().lower(), value.strip()))
    return method, target, headers


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size_line = await reader.readuntil(_CRLF)
        parts.append(size_line)
        size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            parts.append(await reader.readuntil(_CRLF))  # no trailers from our connectors
            return b"".join(parts)
        parts.append(await reader.readexactly(size + len(_CRLF)))


async def read_request(reader: asyncio.StreamReader) -> LinkRequest | None:
    """The next request on the connection, or ``None`` when the dialer closed it (or sent
    something this proxy cannot frame)."""
    try:
        head = await reader.readuntil(_CRLF * 2)
        method, target, headers = _parse_head(head)
        lengths = [v for k, v in headers if k == b"content-length"]
        chunked = any(k == b"transfer-encoding" and b"chunked" in v.lower() for k, v in headers)
        if chunked:
            body = await _read_chunked(reader)
        else:
            body = await reader.readexactly(int(lengths[0])) if lengths else b""
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError, ValueError):
        return None
    return LinkRequest(method, target, headers, head, body)


def split_head(data: bytes) -> tuple[bytes, bytes] | None:
    """(head with its CRLFCRLF, rest) once ``data`` holds a whole head, else ``None``."""
    end = data.find(_CRLF * 2)
    if end < 0:
        return None
    return data[: end + 4], data[end + 4 :]


def _replace_header(head: bytes, name: bytes, value: bytes | None) -> bytes:
    lines = head[: -len(_CRLF * 2)].split(_CRLF)
    kept = [lines[0]] + [
        line for line in lines[1:] if line.partition(b":")[0].strip().lower() != name
    ]
    if value is not None:
        kept.append(name + b": " + value)
    return _CRLF.join(kept) + _CRLF * 2


def with_connection_close(head: bytes) -> bytes:
    """The request head with ``Connection: close``: one request per connection."""
    return _replace_header(head, b"connection", b"close")


def with_fault_tag(head: bytes, label: str) -> bytes:
    """An answer's head with ``label`` added to its ``X-Sim-Fault`` list."""
    _, _, headers = _parse_head_lenient(head)
    current = next((v for k, v in headers if k == FAULT_HEADER), b"")
    value = current + b"," + label.encode() if current else label.encode()
    return _replace_header(head, FAULT_HEADER, value)


def _parse_head_lenient(head: bytes) -> tuple[bytes, bytes, list[tuple[bytes, bytes]]]:
    lines = head[: -len(_CRLF * 2)].split(_CRLF)
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers.append((name.strip().lower(), value.strip()))
    return lines[0], b"", headers
