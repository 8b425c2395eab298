"""Vietnamese first, English on request: message tables and the one lookup they share.

Each area (CLI, report, console) keeps its own small table of ``key → (vi, en)``; the language
comes from ``StackSettings.lang`` (``NDXP_LANG``) or ``--lang``. Identifiers and wire names
(``X-Road-Id``, ``MaLoi``, service codes) are never translated.

    TEXTS = Texts({"ledger.missing": ("không có sổ ledger {path}", "no ledger file {path}")})
    TEXTS("ledger.missing", "en", path="var/ledger.sqlite")
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, get_args

__all__ = ["LANGS", "Lang", "Texts", "pick_lang"]

Lang = Literal["vi", "en"]
LANGS: tuple[Lang, ...] = get_args(Lang)


def pick_lang(value: object, default: Lang = "vi") -> Lang:
    """``value`` if it names a language we speak, else ``default``."""
    if value == "en":
        return "en"
    if value == "vi":
        return "vi"
    return default


class Texts:
    """A message table; calling it formats one message in one language."""

    def __init__(self, table: Mapping[str, tuple[str, str]]) -> None:
        self._table = dict(table)

    def __call__(self, key: str, lang: Lang, /, **values: Any) -> str:
        vi, en = self._table[key]
        text = en if lang == "en" else vi
        return text.format(**values) if values else text

    def __contains__(self, key: object) -> bool:
        return key in self._table

    def keys(self) -> list[str]:
        return list(self._table)

    def bound(self, lang: Lang) -> Callable[..., str]:
        """``t("key", **values)`` in ``lang`` (what templates call)."""

        def translate(key: str, /, **values: Any) -> str:
            return self(key, lang, **values)

        return translate

    def merged(self, other: Texts) -> Texts:
        overlap = set(self._table) & set(other._table)
        if overlap:
            raise ValueError(f"message keys defined twice: {sorted(overlap)}")
        return Texts({**self._table, **other._table})
