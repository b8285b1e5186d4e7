"""The meeting as the clerk types it: 回, date in 和暦, time, agenda items, and the handouts they name.

Each reader takes text as typed and gives back the value to store, or raises
MeetingError with a message for the user and the field it is about, so that a
form can show it beside the field. Nothing here writes to the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .findings import ERROR, WARNING, Finding
from .model import Plan, ReportBlock
from .money import era_of, format_date, jnum, parse_wareki_date, to_halfwidth

PLAN_HANDOUT = "資料１"  # the execution plan (資料１), always part of the packet
REPORT_HANDOUT = "資料２"  # the report, when the plan does not name its label
AGENDA_LABEL = "次第"  # the agenda in the packet: its page label, its bookmark, its file name
PACKET_LABEL = "会議資料一式"  # the whole packet
MAX_LABEL = 10  # characters: the label is set in a small box at the top right of a page


class MeetingError(ValueError):
    """Input the meeting cannot take; `field` names the attribute it was meant for."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def parse_meeting_date(text: str) -> dt.date:
    """令和６年６月11日 / 2024-06-11 → a date; refuse a day that does not exist or an era it was not in."""
    try:
        day = parse_wareki_date(text)
    except ValueError as e:
        raise MeetingError(str(e), "date") from None
    written = re.match(r"(令和|平成|昭和)", to_halfwidth(text).strip())
    if written and era_of(day)[0] != written.group(1):
        raise MeetingError(f"「{text.strip()}」という日はありません（その日は{format_date(day)}です）。", "date")
    return day


_TIME = (
    re.compile(r"(?P<h>\d{1,2})[:：](?P<m>\d{2})"),
    re.compile(r"(?P<h>\d{1,2})時(?:(?P<m>\d{1,2})分)?"),
)


def parse_start_time(text: str) -> str:
    """15:00 / １５：００ / 15時 / 15時30分から → "15:00" (HH:MM); empty text means no time."""
    s = to_halfwidth(text or "").strip().removesuffix("から").strip()
    if not s:
        return ""
    for pattern in _TIME:
        m = pattern.fullmatch(s)
        if m:
            hours, minutes = int(m.group("h")), int(m.group("m") or 0)
            if hours > 23 or minutes > 59:
                raise MeetingError(f"「{text.strip()}」という時刻はありません（0:00～23:59）。", "start_time")
            return f"{hours:02d}:{minutes:02d}"
    raise MeetingError(f"「{text.strip()}」は時刻として読めません（例：15:00、15時30分）。", "start_time")


def parse_session(text: str) -> int:
    """第２回 / ２ / 2 → 2."""
    s = to_halfwidth(text or "").strip().removeprefix("第").removesuffix("回").strip()
    if not s.isdigit() or not 1 <= int(s) <= 99:
        raise MeetingError(f"「{(text or '').strip()}」は回として読めません（例：第２回、2）。", "session")
    return int(s)


def normalize_handout_label(text: str) -> str:
    """資料1 / 資料 １ / 1 → 資料１ (numbers as in running text); empty for no handout."""
    s = re.sub(r"\s+", "", to_halfwidth(text or ""))
    if not s:
        return ""
    if s.isdigit():
        s = "資料" + s
    s = re.sub(r"\d+", lambda m: jnum(int(m.group())), s)
    if len(s) > MAX_LABEL:
        raise MeetingError(f"資料名「{s}」は長すぎます（{MAX_LABEL}文字まで）。", "handout")
    return s


def meeting_fields(*, session: str, name: str, date: str, start_time: str, place: str) -> dict[str, Any]:
    """The meeting's stored fields read from the form, for PlanStore.update(plan.meeting, **fields)."""
    name = name.strip()
    if not name:
        raise MeetingError("会議名を入力してください（例：区づくり推進横浜市会議員会議）。", "name")
    return {"session": parse_session(session), "name": name, "date": parse_meeting_date(date),
            "start_time": parse_start_time(start_time), "place": place.strip()}


def agenda_item_fields(*, title: str, lines: str, presenter: str = "", handout: str = "") -> dict[str, Any]:
    """An agenda item's stored fields read from the form (lines one a line; 【】 round the presenter optional)."""
    title = title.strip()
    if not title:
        raise MeetingError("議題名を入力してください。", "title")
    body = [line.rstrip() for line in (lines or "").splitlines()]
    while body and not body[-1]:
        body.pop()
    presenter = presenter.strip().removeprefix("【").removesuffix("】").strip()
    return {"title": title, "lines": body, "presenter": presenter, "handout": normalize_handout_label(handout)}


# 資料２ ----------------------------------------------------------------------------


def block_numbers(blocks: list[ReportBlock]) -> list[str]:
    """What is set before each block of 資料２: "１　" "２　" … before the sections, "（1）" "（2）" … before the
    subsections of each section, nothing before the other blocks (the PDF and the window number alike)."""
    numbers: list[str] = []
    section = subsection = 0
    for block in blocks:
        if block.kind == "section":
            section, subsection = section + 1, 0
            numbers.append(f"{jnum(section)}　")
        elif block.kind == "subsection":
            subsection += 1
            numbers.append(f"（{subsection}）")
        else:
            numbers.append("")
    return numbers


# The handouts of the packet ------------------------------------------------------


def report_handout(plan: Plan) -> str:
    return plan.report.label or REPORT_HANDOUT


def part_labels(plan: Plan) -> dict[str, str]:
    """The parts the packet is rendered in (render's part names), as the user calls them, in the window's order."""
    return {"shiryo1": PLAN_HANDOUT, "agenda": AGENDA_LABEL, "shiryo2": report_handout(plan), "packet": PACKET_LABEL}


def has_report(plan: Plan) -> bool:
    return bool(plan.report.blocks or plan.report.panels)


def handout_labels(plan: Plan) -> list[str]:
    """The handouts a PDF may be attached to, in packet order: 資料１, 資料２, then others the 次第 names."""
    labels = [PLAN_HANDOUT, report_handout(plan)]
    for item in plan.meeting.items:
        if item.handout and item.handout not in labels:
            labels.append(item.handout)
    return labels


@dataclass(frozen=True)
class Handout:
    label: str
    generated: str  # "shiryo1", "shiryo2", or "" for a handout made of attachments only


def packet_handouts(plan: Plan) -> list[Handout]:
    """The handouts printed after the 次第, in order; those named nowhere but attached to come last."""
    labels = handout_labels(plan)
    labels += [a.handout for a in plan.attachments if a.handout not in labels]
    labels = list(dict.fromkeys(labels))
    out = []
    for label in labels:
        generated = "shiryo1" if label == PLAN_HANDOUT else "shiryo2" if label == report_handout(plan) and has_report(plan) else ""
        if generated or any(a.handout == label for a in plan.attachments):
            out.append(Handout(label, generated))
    return out


def handout_findings(plan: Plan) -> list[Finding]:
    """The 次第 and the packet disagree: a handout named but empty, one printed but never named."""
    findings = []
    printed = [h.label for h in packet_handouts(plan)]
    named: dict[str, int] = {}
    for item in plan.meeting.items:
        if item.handout:
            named[item.handout] = named.get(item.handout, 0) + 1
    for label, count in named.items():
        if label not in printed:
            findings.append(Finding(ERROR, "次第", f"次第に「{label}」とありますが、{label}がありません。PDF を添付するか、次第を直してください。",
                                    "packet_missing_handout"))
        elif count > 1:
            findings.append(Finding(WARNING, "次第", f"「{label}」が次第の{count}つの議題にあります。", "packet_repeated_handout"))
    for label in printed:
        if named and label not in named:  # once the 次第 names handouts, it should name them all
            findings.append(Finding(WARNING, label, f"{label}は次第のどの議題にもありません。次第に加えるか、添付を外してください。",
                                    "packet_unnamed_handout"))
    return findings
