"""Sessions of the DVC GPLX sync API: ``/mapi/login`` opens one, ``/mapi/g`` needs it.

A session expires :data:`SESSION_MINUTES` after its last use, on the simulated clock (so a test
advances the clock instead of sleeping). The store is bounded: past :data:`MAX_SESSIONS` the
least recently used session is dropped, so callers that never log out cannot grow memory.
Session ids are opaque and reproducible (a hash of the seed, the account and a counter).

The accounts are the simulator's demo accounts (the real ones are issued per province).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass

__all__ = ["ACCOUNTS", "MAX_SESSIONS", "SESSION_MINUTES", "SessionError", "Sessions"]

SESSION_MINUTES = 30
MAX_SESSIONS = 10_000
ACCOUNTS = {"H56.MCDT": "gplx-demo-secret", "H56.IOC": "gplx-demo-secret"}


class SessionError(Exception):
    """Why a session is refused: ``error_code`` −301 (missing), −302 (unknown), −304 (expired)."""

    def __init__(self, error_code: int, message: str) -> None:
        super().__init__(message)
        self.error_code = error_code
        self.message = message


@dataclass(slots=True)
class _Session:
    account: str
    last_used: float


class Sessions:
    def __init__(self, seed: int, *, minutes: int = SESSION_MINUTES) -> None:
        self.seed = seed
        self.lifetime = minutes * 60.0
        self._store: OrderedDict[str, _Session] = OrderedDict()
        self._opened = 0

    def login(self, username: str, password: str, now: float) -> str | None:
        if ACCOUNTS.get(username) != password:
            return None
        self._opened += 1
        raw = f"{self.seed}:{username}:{self._opened}".encode()
        session = hashlib.blake2b(raw, digest_size=16).hexdigest()
        self._store[session] = _Session(username, now)
        if len(self._store) > MAX_SESSIONS:
            self._store.popitem(last=False)
        return session

    def use(self, session: str | None, now: float) -> str:
        """The account of a live ``session`` (its life starts again), or :class:`SessionError`."""
        if not session:
            raise SessionError(-301, "Thiếu session (ApiKey rỗng hoặc null).")
        found = self._store.get(session)
        if found is None:
            raise SessionError(-302, "Session không đúng (ApiKey không đúng).")
        if now - found.last_used > self.lifetime:
            del self._store[session]
            raise SessionError(-304, "Session đã hết hạn, vui lòng đăng nhập lại (ApiKey lỗi).")
        found.last_used = now
        self._store.move_to_end(session)
        return found.account
