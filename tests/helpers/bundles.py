"""A small, complete catalogue bundle built in code, for tests that must not depend on the demo's content."""

from __future__ import annotations

import copy
import json
from typing import Any

T = dict[str, str]


def text(zh: str, en: str) -> T:
    return {"zh": zh, "en": en}


SMALL: dict[str, Any] = {
    "format": 1,
    "version": "test-1",
    "groups": [
        {"key": "applicant", "title": text("申请人", "Applicant")},
        {"key": "child", "title": text("子女", "Children")},
        {"key": "docs", "title": text("材料", "Documents")},
    ],
    "columns": [
        {"key": "special", "name": text("一件事", "One thing")},
        {
            "key": "popular",
            "name": text("热门", "Popular"),
            "children": [{"key": "transport", "name": text("交通", "Transport")}],
        },
    ],
    "fields": {
        "applicant.name": {"type": "text", "label": text("姓名", "Name"), "prefill": "document.name"},
        "applicant.id_number": {
            "type": "resident_id",
            "label": text("身份证号", "ID"),
            "prefill": "document.id_number",
        },
        "applicant.birth_date": {"type": "date", "label": text("出生日期", "Born"), "prefill": "document.birth_date"},
        "applicant.age": {
            "type": "number",
            "label": text("年龄", "Age"),
            "calculate": {"years_since": [{"var": "applicant.birth_date"}]},
        },
        "applicant.address": {"type": "address", "label": text("地址", "Address"), "prefill": "document.address"},
        "applicant.phone": {"type": "mobile", "label": text("手机", "Mobile")},
        "applicant.has_children": {"type": "yes_no", "label": text("有子女", "Children?")},
        "child.list": {
            "type": "repeat",
            "label": text("子女", "Children"),
            "min": 1,
            "max": 3,
            "visible_if": {"var": "applicant.has_children"},
            "fields": {
                "name": {"type": "text", "label": text("姓名", "Name")},
                "birth_date": {"type": "date", "label": text("出生日期", "Born"), "past_only": True},
                "id_number": {"type": "resident_id", "label": text("身份证号", "ID"), "required": False},
            },
        },
        "docs.scan": {"type": "file", "label": text("户口簿扫描", "Household register scan")},
        "docs.member": {
            "type": "choice",
            "label": text("家庭成员", "Member"),
            "options_from": "shared.household_members",
        },
    },
    "certificates": {"household_certificate": {"registered_address": ["applicant.address"]}},
    "items": [
        {
            "code": "000000000001",
            "name": text("事项一", "Item one"),
            "department": text("公安局", "Police"),
            "legal_days": 20,
            "promised_days": 5,
            "fields": ["applicant.name", "applicant.id_number", "applicant.phone", "applicant.has_children"],
            "materials": [
                {"code": "ID", "name": text("身份证", "ID card"), "source": "e_licence", "paper": False},
                {"code": "PHOTO", "name": text("照片", "Photo"), "source": "citizen"},
            ],
        },
        {
            "code": "000000000002",
            "name": text("事项二", "Item two"),
            "department": text("民政局", "Civil affairs"),
            "fields": [
                "applicant.name",
                "applicant.birth_date",
                "applicant.age",
                "applicant.address",
                "applicant.has_children",
                "child.list",
                "docs.scan",
            ],
            "materials": [
                {"code": "FORM", "name": text("申请表", "Form"), "source": "on_site", "paper": False},
                {"code": "PHOTO", "name": text("照片", "Photo"), "source": "citizen"},
                {
                    "code": "CERT",
                    "name": text("证明", "Certificate"),
                    "source": "citizen",
                    "when": {"var": "applicant.has_children"},
                },
            ],
        },
        {
            "code": "000000000003",
            "name": text("违章查询", "Traffic fines"),
            "department": text("交警", "Traffic police"),
            "fields": ["applicant.id_number"],
            "columns": ["popular.transport"],
            "keywords": ["罚单"],
        },
    ],
    "packages": [
        {
            "code": "P1",
            "name": text("测试一件事", "Test thing"),
            "audience": "individual",
            "event": text("测试", "Test"),
            "columns": ["special"],
            "keywords": ["试试"],
            "fully_modelled": True,
            "items": [{"code": "000000000001"}, {"code": "000000000002", "when": {"var": "applicant.has_children"}}],
        },
    ],
}


def small(edit: Any = None) -> dict[str, Any]:
    """A fresh copy of the small bundle, optionally changed in place by ``edit``."""
    data = copy.deepcopy(SMALL)
    if edit is not None:
        edit(data)
    return data


def encode(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode()
