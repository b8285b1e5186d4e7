"""Reading the meeting as the clerk types it, and the handouts the 次第 names."""

from __future__ import annotations

import datetime as dt

import pytest

from asahi_desk.domain.checks import run_checks
from asahi_desk.domain.meeting import (
    MeetingError,
    agenda_item_fields,
    block_numbers,
    handout_findings,
    meeting_fields,
    normalize_handout_label,
    packet_handouts,
    parse_meeting_date,
    parse_session,
    parse_start_time,
)
from asahi_desk.domain.model import AgendaItem, Attachment, Plan, ReportBlock
from asahi_desk.domain.money import format_date
from asahi_desk.store import PlanStore
from tests.helpers import database_rows


@pytest.mark.parametrize("text, day", [
    ("令和６年６月11日", dt.date(2024, 6, 11)),
    ("令和6年6月11日", dt.date(2024, 6, 11)),
    (" 2024-06-11 ", dt.date(2024, 6, 11)),
    ("令和元年５月１日", dt.date(2019, 5, 1)),
    ("平成31年４月30日", dt.date(2019, 4, 30)),
    ("令和６年２月29日", dt.date(2024, 2, 29)),
])
def test_dates_as_typed(text: str, day: dt.date) -> None:
    assert parse_meeting_date(text) == day


def test_the_weekday_is_computed() -> None:
    assert format_date(parse_meeting_date("令和６年６月11日"), weekday=True) == "令和６年６月11日（火）"


@pytest.mark.parametrize("text, message", [
    ("令和６年２月30日", "「令和６年２月30日」という日はありません"),
    ("令和５年２月29日", "という日はありません"),
    ("令和元年４月30日", "「令和元年４月30日」という日はありません（その日は平成31年４月30日です）"),
    ("平成32年１月６日", "その日は令和２年１月６日です"),
    ("６月11日", "日付として読めません"),
    ("", "日付として読めません"),
])
def test_a_date_that_does_not_exist_is_refused(text: str, message: str) -> None:
    with pytest.raises(MeetingError, match=message) as refused:
        parse_meeting_date(text)
    assert refused.value.field == "date"


@pytest.mark.parametrize("text, value", [
    ("15:00", "15:00"), ("１５：００", "15:00"), ("9:05", "09:05"), ("15時", "15:00"),
    ("15時30分から", "15:30"), ("", ""), ("  ", ""),
])
def test_times(text: str, value: str) -> None:
    assert parse_start_time(text) == value


@pytest.mark.parametrize("text, message", [
    ("25:00", "という時刻はありません"), ("15:60", "という時刻はありません"), ("午後３時", "時刻として読めません"),
    ("15.00", "時刻として読めません"),
])
def test_a_time_that_does_not_exist_is_refused(text: str, message: str) -> None:
    with pytest.raises(MeetingError, match=message) as refused:
        parse_start_time(text)
    assert refused.value.field == "start_time"


def test_session_and_labels() -> None:
    assert parse_session("第２回") == 2 and parse_session("3") == 3
    with pytest.raises(MeetingError, match="回として読めません"):
        parse_session("第〇回")
    assert normalize_handout_label("資料1") == "資料１"
    assert normalize_handout_label(" 資料 １ ") == "資料１"
    assert normalize_handout_label("2") == "資料２"
    assert normalize_handout_label("資料10") == "資料10"
    assert normalize_handout_label("") == ""
    with pytest.raises(MeetingError, match="長すぎます"):
        normalize_handout_label("運営事業者から受け取った参考資料")


def test_meeting_fields_are_stored_or_nothing_is(store: PlanStore) -> None:
    meeting = store.plan.meeting
    before = database_rows(store.path)
    with pytest.raises(MeetingError, match="という日はありません") as refused:
        store.update(meeting, **meeting_fields(session="第２回", name="区づくり推進横浜市会議員会議",
                                               date="令和６年２月30日", start_time="15:00", place="大会議室"))
    assert refused.value.field == "date"
    assert meeting.date == dt.date(2024, 6, 11)
    assert database_rows(store.path) == before
    store.update(meeting, **meeting_fields(session="第３回", name=" 区づくり推進横浜市会議員会議 ",
                                           date="令和６年11月５日", start_time="10時", place="旭区役所"))
    assert (meeting.session, meeting.date, meeting.start_time) == (3, dt.date(2024, 11, 5), "10:00")
    assert meeting.title == "令和６年第３回 区づくり推進横浜市会議員会議"
    with pytest.raises(MeetingError) as refused:
        meeting_fields(session="2", name=" ", date="令和６年６月11日", start_time="", place="")
    assert refused.value.field == "name"


def test_agenda_item_fields() -> None:
    fields = agenda_item_fields(title=" 議題 ", lines="・令和６年度の執行計画について\n\n", presenter="【副区長】",
                                handout="資料1")
    assert fields == {"title": "議題", "lines": ["・令和６年度の執行計画について"], "presenter": "副区長",
                      "handout": "資料１"}
    with pytest.raises(MeetingError, match="議題名を入力") as refused:
        agenda_item_fields(title="　", lines="")
    assert refused.value.field == "title"


def test_the_packet_follows_the_agenda(plan: Plan) -> None:
    assert [(h.label, h.generated) for h in packet_handouts(plan)] == [("資料１", "shiryo1"), ("資料２", "shiryo2")]
    assert handout_findings(plan) == []
    plan.meeting.items.append(AgendaItem("その他", handout="資料３"))
    (missing,) = handout_findings(plan)
    assert missing.level == "error" and "次第に「資料３」とありますが、資料３がありません" in missing.message
    assert missing in run_checks(plan)  # asahi-desk check and the window show it before printing
    plan.attachments.append(Attachment("資料３", "参考.pdf", b"%PDF-"))
    assert [h.label for h in packet_handouts(plan)] == ["資料１", "資料２", "資料３"]
    assert handout_findings(plan) == []
    plan.meeting.items.pop()
    (unnamed,) = handout_findings(plan)
    assert unnamed.level == "warning" and "資料３は次第のどの議題にもありません" in unnamed.message


def test_report_sections_and_subsections_are_numbered_in_order() -> None:
    kinds = ["title", "section", "subsection", "paragraph", "subsection", "section", "paragraph", "subsection", "note"]
    numbers = block_numbers([ReportBlock(kind, "") for kind in kinds])
    assert numbers == ["", "１　", "（1）", "", "（2）", "２　", "", "（1）", ""]
