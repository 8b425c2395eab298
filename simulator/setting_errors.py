"""A setting the CLI could not read, said in the user's language.

pydantic words its errors in English; the CLI's line about a bad ``NDXP_…`` variable is
Vietnamese first, so the problem is named from pydantic's stable error ``type`` (and its
``ctx``), and an error type not listed here falls back to pydantic's English in parentheses.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from simulator.cli_text import CLI
from simulator.i18n import Lang

__all__ = ["setting_error"]

_PROBLEM_VI = {
    "missing": "thiếu giá trị bắt buộc",
    "extra_forbidden": "không phải thiết lập đã biết",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "float_parsing": "phải là số",
    "float_type": "phải là số",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "greater_than": "phải lớn hơn {gt}",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than": "phải nhỏ hơn {lt}",
    "less_than_equal": "không được lớn hơn {le}",
    "literal_error": "phải là một trong: {expected}",
    "enum": "phải là một trong: {expected}",
    "string_type": "phải là chuỗi ký tự",
    "json_invalid": "không phải JSON hợp lệ",
    "json_type": "phải là JSON",
    "url_parsing": "không phải địa chỉ URL hợp lệ",
    "url_scheme": "địa chỉ URL sai giao thức",
    "path_type": "phải là đường dẫn tệp",
    "dict_type": "phải là một đối tượng (JSON)",
    "list_type": "phải là một danh sách",
}


def _problem(error: Any, lang: Lang) -> str:
    if lang == "en":
        return str(error["msg"])
    template = _PROBLEM_VI.get(error["type"])
    if template is None:
        return f"không hợp lệ ({error['msg']})"
    context = dict(error.get("ctx") or {})
    if isinstance(context.get("expected"), str):  # pydantic joins the choices in English
        context["expected"] = context["expected"].replace("' or '", "' hoặc '")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return template.split(" {", 1)[0]


def setting_error(exc: ValidationError, lang: Lang) -> str:
    """The CLI's one line for the first setting pydantic refused."""
    first = exc.errors()[0]
    variable = "NDXP_" + "__".join(str(part).upper() for part in first["loc"])
    return CLI("error.setting", lang, variable=variable, value=first.get("input"),
               problem=_problem(first, lang))  # fmt: skip
