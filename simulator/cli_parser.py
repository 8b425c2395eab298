"""argparse speaking the CLI's language: its own refusals (a missing or unknown option, a bad
choice, a value of the wrong type) in Vietnamese unless ``--lang en``, and its headings too.

argparse writes these through ``gettext`` with no catalogue of ours to hook, so the parser class
translates what it is about to print: :meth:`LangParser.error` rewrites argparse's messages by
the patterns below (anything else, such as a ``type=`` function's own Vietnamese refusal, passes
unchanged) and prints ``ndxp-sim …: lỗi: …``, exit status 2 as argparse does.

    parser = parser_class("vi")(prog="ndxp-sim", …)   # sub-parsers inherit the class
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

from simulator.i18n import Lang

__all__ = ["LangParser", "parser_class", "translate_error"]

# argparse 3.11's messages (argparse.py), in the order they nest: an "argument X:" prefix first.
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), vietnamese)
    for pattern, vietnamese in (
        (r"^argument (?P<arg>[^:]+): (?P<rest>.*)$", r"tham số \g<arg>: \g<rest>"),
        (
            r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)$",
            r"lựa chọn không hợp lệ: \g<value> (chọn một trong \g<choices>)",
        ),
        (
            r"invalid (?P<type>\w+) value: (?P<value>.*)$",
            r"giá trị \g<type> không hợp lệ: \g<value>",
        ),
        (
            r"^the following arguments are required: (?P<args>.*)$",
            r"thiếu tham số bắt buộc: \g<args>",
        ),
        (r"^unrecognized arguments: (?P<args>.*)$", r"tham số không nhận ra: \g<args>"),
        (r"expected one argument$", "cần một giá trị"),
        (r"expected at most one argument$", "cần nhiều nhất một giá trị"),
        (r"expected at least one argument$", "cần ít nhất một giá trị"),
        (r"expected (?P<n>\d+) arguments?$", r"cần \g<n> giá trị"),
        (r"not allowed with argument (?P<arg>.*)$", r"không dùng cùng được với \g<arg>"),
        (r"^one of the arguments (?P<args>.*) is required$", r"cần một trong các tham số \g<args>"),
        (
            r"^ambiguous option: (?P<opt>\S+) could match (?P<matches>.*)$",
            r"tùy chọn mơ hồ: \g<opt> có thể là \g<matches>",
        ),
        (r"ignored explicit argument (?P<value>.*)$", r"giá trị bị bỏ qua: \g<value>"),
    )
)

_HEADINGS = {
    "\npositional arguments:\n": "\ntham số vị trí:\n",
    "\noptions:\n": "\ntùy chọn:\n",
    "show this help message and exit": "in trợ giúp này rồi thoát",
}


def translate_error(message: str, lang: Lang) -> str:
    """argparse's ``message`` in ``lang`` (English: unchanged)."""
    if lang == "en":
        return message
    for pattern, vietnamese in _PATTERNS:
        message = pattern.sub(vietnamese, message)
    return message


class LangParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose refusals and help headings are in :attr:`lang`."""

    lang: Lang = "vi"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        word = "error" if self.lang == "en" else "lỗi"
        self.exit(2, f"{self.prog}: {word}: {translate_error(message, self.lang)}\n")

    def format_usage(self) -> str:
        return self._localised(super().format_usage())

    def format_help(self) -> str:
        return self._localised(super().format_help())

    def _localised(self, text: str) -> str:
        if self.lang == "en":
            return text
        if text.startswith("usage: "):
            text = "cách dùng: " + text.removeprefix("usage: ")
        for english, vietnamese in _HEADINGS.items():
            text = text.replace(english, vietnamese)
        return text


def parser_class(lang: Lang) -> type[LangParser]:
    """The parser class for ``lang``; pass it as the root parser, sub-parsers take it over."""
    return type(f"LangParser_{lang}", (LangParser,), {"lang": lang})
