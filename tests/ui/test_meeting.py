"""The 会議資料 dock of the real window: the 次第, 資料２ and the attached PDFs, each edit stored, undoable and
seen in the PDF; bad input refused beside its field with nothing stored."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from asahi_desk.store import open_store
from asahi_desk.ui.app import Desk
from asahi_desk.ui.settings import AppSettings
from tests.helpers import database_rows, make_pdf

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

WAIT = 60_000  # ms


@pytest.fixture(autouse=True)
def meeting_in_front(window):
    """The 会議資料 tab in front, as the user opens it."""
    window.meeting_dock.show()
    window.meeting_dock.raise_()


def stored(window):
    store = open_store(window.doc.path, readonly=True)
    try:
        return store.plan
    finally:
        store.close()


def type_line(qtbot, edit, text):
    """Type into a line edit as the input method delivers Japanese text, and press Enter."""
    edit.setFocus()
    edit.selectAll()
    edit.insert(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def preview_of(window, qtbot, part):
    """The preview showing a part of the packet, rendered."""
    with qtbot.waitSignal(window.renders.finished, timeout=WAIT,
                          check_params_cb=lambda rendered: rendered.part == part):
        window.preview_dock.show()
        window.preview_dock.raise_()
        window.preview.part_combo.setCurrentIndex(window.preview.part_combo.findData(part))
    return window.preview


def preview_text(preview):
    return "".join(preview.document.getAllText(p).text() for p in range(preview.document.pageCount())).replace("\n", "")


def rendered_again(window, qtbot, part):
    with qtbot.waitSignal(window.renders.finished, timeout=WAIT, check_params_cb=lambda r: r.part == part):
        pass
    return preview_text(window.preview)


# 次第 ---------------------------------------------------------------------------------------


def test_a_date_that_does_not_exist_is_refused_beside_the_field(window, qtbot, plan_path):
    page = window.meeting.meeting_page
    meeting = window.doc.plan.meeting
    before = database_rows(plan_path)
    assert page.edits["date"].text() == "令和６年６月11日"
    assert page.weekday.text() == "→ 令和６年６月11日（火）"

    type_line(qtbot, page.edits["date"], "令和６年２月30日")
    assert page.messages["date"].text() == "「令和６年２月30日」という日はありません。"
    assert page.messages["date"].isVisible()
    assert page.edits["date"].text() == "令和６年２月30日"  # what was typed stays, to be corrected
    assert page.weekday.text() == ""
    assert meeting.date == dt.date(2024, 6, 11)
    assert window.doc.undo_stack.count() == 0
    assert database_rows(plan_path) == before


def test_a_date_changes_the_weekday_shown_and_the_agenda_page(window, qtbot):
    page = window.meeting.meeting_page
    preview = preview_of(window, qtbot, "agenda")
    assert "令和６年６月11日（火）" in preview_text(preview)

    type_line(qtbot, page.edits["date"], "令和６年６月12日")
    assert page.weekday.text() == "→ 令和６年６月12日（水）" and page.messages["date"].text() == ""
    assert window.doc.plan.meeting.date == dt.date(2024, 6, 12)
    assert window.doc.undo_stack.undoText() == "会議の日付の変更"
    assert stored(window).meeting.date == dt.date(2024, 6, 12)
    text = rendered_again(window, qtbot, "agenda")
    assert "令和６年６月12日（水）" in text and "６月11日" not in text

    window.undo_action.trigger()
    assert page.edits["date"].text() == "令和６年６月11日" and page.weekday.text() == "→ 令和６年６月11日（火）"
    assert stored(window).meeting.date == dt.date(2024, 6, 11)


def test_session_time_and_name_are_read_as_typed(window, qtbot):
    page = window.meeting.meeting_page
    meeting = window.doc.plan.meeting
    session = meeting.session
    type_line(qtbot, page.edits["session"], "第３回")
    assert meeting.session == 3 and page.edits["session"].text() == "３"
    assert page.heading.text() == "令和６年第３回 区づくり推進横浜市会議員会議"
    type_line(qtbot, page.edits["start_time"], "１５時３０分")
    assert meeting.start_time == "15:30" and page.edits["start_time"].text() == "15:30"
    type_line(qtbot, page.edits["start_time"], "25:00")
    assert "という時刻はありません" in page.messages["start_time"].text() and meeting.start_time == "15:30"
    type_line(qtbot, page.edits["name"], "")
    assert "会議名を入力してください" in page.messages["name"].text()
    assert meeting.name == "区づくり推進横浜市会議員会議"
    stack = window.doc.undo_stack
    assert [stack.command(i).actionText() for i in range(stack.count())] == ["回の変更", "開始時刻の変更"]
    assert stack.text(0).endswith(f"次第 回 {session} → 3")  # 変更履歴 names the field and both values


def test_agenda_items_are_added_edited_moved_and_deleted(window, qtbot):
    page = window.meeting.meeting_page
    items = window.doc.plan.meeting.items
    titles = [i.title for i in items]
    page.agenda.setCurrentRow(4)  # 報告 (資料２)
    page.child(QPushButton, "addAgendaButton").click()
    new = items[5]
    assert new.title == "新しい議題" and page.agenda.currentRow() == 5
    assert window.doc.undo_stack.undoText() == "議題の追加"
    type_line(qtbot, page.agenda_title, "報告")
    page.agenda_lines.setPlainText("・区民まつりの開催について")
    page.agenda_lines.clearFocus()
    qtbot.waitUntil(lambda: new.lines == ["・区民まつりの開催について"], timeout=3000)
    type_line(qtbot, page.presenter, "【地域振興課長】")
    page.handout.setEditText("資料3")
    page.handout.lineEdit().editingFinished.emit()
    assert (new.title, new.presenter, new.handout) == ("報告", "地域振興課長", "資料３")
    assert page.agenda.item(5).text() == "６　報告　【地域振興課長】　〔資料３〕"
    # the 次第 now names a handout the packet lacks: the checks say so
    qtbot.waitUntil(lambda: any("資料３" in f.message and f.level == "error" for f in window.findings), timeout=5000)
    view = window.findings_view  # a double-click on it opens the 次第
    window.meeting.setCurrentWidget(window.meeting.report_page)
    view.itemActivated.emit(view.topLevelItem(next(i for i, f in enumerate(view.findings) if "資料３" in f.message)), 0)
    assert window.meeting.currentWidget() is page

    type_line(qtbot, page.agenda_title, "")
    assert page.agenda_message.text() == "議題名を入力してください。" and new.title == "報告"

    page.child(QPushButton, "upAgendaButton").click()
    assert items[4] is new and page.agenda.currentRow() == 4 and page.agenda_title.text() == "報告"
    page.child(QPushButton, "removeAgendaButton").click()
    assert new not in items and [i.title for i in items] == titles
    assert [i.title for i in stored(window).meeting.items] == titles
    window.undo_action.trigger()
    assert items[4] is new
    assert [(i.title, i.handout) for i in stored(window).meeting.items][4] == ("報告", "資料３")


# 資料２ --------------------------------------------------------------------------------------


def test_a_new_block_changes_the_report_pdf(window, qtbot):
    page = window.meeting.report_page
    window.meeting.setCurrentWidget(page)
    blocks = window.doc.plan.report.blocks
    preview = preview_of(window, qtbot, "shiryo2")
    assert "区民の声を聞く会" not in preview_text(preview)
    paragraph = max(i for i, b in enumerate(blocks) if b.kind == "paragraph")
    page.blocks.setCurrentItem(page.blocks.topLevelItem(paragraph))
    page.child(QPushButton, "addBlockButton").click()
    new = blocks[paragraph + 1]
    assert new.kind == "paragraph" and window.doc.undo_stack.undoText() == "資料２の項目の追加"
    page.block_text.setPlainText("令和６年度は、区民の声を聞く会を開いて運営に生かします。")
    page.block_text.clearFocus()
    qtbot.waitUntil(lambda: new.text.startswith("令和６年度は"), timeout=3000)
    assert page.blocks.topLevelItem(paragraph + 1).text(1).startswith("令和６年度は")
    text = rendered_again(window, qtbot, "shiryo2")
    assert "区民の声を聞く会" in text
    assert [b.text for b in stored(window).report.blocks][paragraph + 1].startswith("令和６年度は")


def test_block_kind_and_date_and_a_date_that_does_not_exist(window, qtbot, plan_path):
    page = window.meeting.report_page
    blocks = window.doc.plan.report.blocks
    dated = next(i for i, b in enumerate(blocks) if b.kind == "dated")
    page.blocks.setCurrentItem(page.blocks.topLevelItem(dated))
    assert page.block_date.isEnabled() and page.block_date.text() == "令和４年７月７日"
    before = database_rows(plan_path)
    type_line(qtbot, page.block_date, "令和４年２月30日")
    assert page.block_message.text() == "「令和４年２月30日」という日はありません。"
    assert blocks[dated].date == dt.date(2022, 7, 7) and database_rows(plan_path) == before
    type_line(qtbot, page.block_date, "令和４年７月８日")
    assert blocks[dated].date == dt.date(2022, 7, 8) and page.block_message.text() == ""
    assert page.blocks.topLevelItem(dated).text(1).startswith("・４年７月８日：")
    page.kind.setCurrentIndex(page.kind.findData("bullet"))
    page.kind.activated.emit(page.kind.currentIndex())
    assert blocks[dated].kind == "bullet" and not page.block_date.isEnabled()
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert (blocks[dated].kind, blocks[dated].date) == ("dated", dt.date(2022, 7, 7))


def test_summary_fields_and_panels(window, qtbot):
    page = window.meeting.report_page
    report = window.doc.plan.report
    type_line(qtbot, page.summary_byline, "2024年4月 株式会社Goldilocks")
    assert report.summary_byline == "2024年4月 株式会社Goldilocks"
    assert window.doc.undo_stack.undoText() == "概要版の作成者の変更"
    titles = [p.title for p in report.panels]
    page.panels.setCurrentRow(3)
    page.child(QPushButton, "upPanelButton").click()
    assert [p.title for p in report.panels] == [*titles[:2], titles[3], titles[2]]
    assert page.panels.item(2).text() == f"③　{titles[3]}" and page.panel_title.text() == titles[3]
    type_line(qtbot, page.panel_title, "運営の課題")
    assert report.panels[2].title == "運営の課題"
    assert [p.title for p in stored(window).report.panels] == [*titles[:2], "運営の課題", titles[2]]


# Attachments ---------------------------------------------------------------------------------


def pdf_files(tmp_path):
    good = make_pdf(["添付の参考資料です"])
    encrypted = PdfWriter(clone_from=PdfReader(BytesIO(good)))
    encrypted.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = BytesIO()
    encrypted.write(out)
    files = {"参考.pdf": good, "保護.pdf": out.getvalue(), "破損.pdf": good[: len(good) // 2]}
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


def table_rows(page):
    return [[page.table.item(r, c).text() for c in range(4)] for r in range(page.table.rowCount())]


def test_an_attached_pdf_is_listed_and_bound_where_it_was_placed(window, qtbot, tmp_path):
    page = window.meeting.attachments_page
    window.meeting.setCurrentWidget(page)
    files = pdf_files(tmp_path)
    page.add_handout.setCurrentText("資料１")
    page.add_files([files["参考.pdf"]])
    qtbot.waitUntil(lambda: len(window.doc.plan.attachments) == 1, timeout=WAIT)
    attachment = window.doc.plan.attachments[0]
    assert window.doc.undo_stack.undoText() == "添付 PDF の追加"
    assert table_rows(page) == [["資料１", "資料１の終わり", "参考.pdf", "1"]]
    assert stored(window).attachments[0].data == files["参考.pdf"].read_bytes()

    page.placement.setCurrentIndex(page.placement.findData("after"))
    page.placement.activated.emit(page.placement.currentIndex())
    page.after_page.setValue(3)
    assert (attachment.placement, attachment.after_page) == ("after", 3)
    assert table_rows(page) == [["資料１", "資料１の３ページの後", "参考.pdf", "1"]]
    assert window.doc.undo_stack.undoText() == "添付 PDF の位置の変更"
    assert window.doc.undo_stack.count() == 2  # choosing the place is one step

    preview = preview_of(window, qtbot, "packet")
    assert preview.document.pageCount() == 1 + 25 + 1 + 2
    page_five = preview.document.getAllText(4).text()  # 次第, 資料１ p.1–3, then the attachment
    assert "添付の参考資料です" in page_five and "資料１" in page_five  # stamped with its handout

    page.table.setCurrentCell(0, 0)
    page.child(QPushButton, "removeAttachmentButton").click()
    assert window.doc.plan.attachments == [] and page.table.rowCount() == 0
    window.undo_action.trigger()
    assert window.doc.plan.attachments == [attachment] and table_rows(page)[0][2] == "参考.pdf"


@pytest.mark.parametrize(("name", "words"), [("保護.pdf", "暗号化"), ("破損.pdf", "途中で切れています")])
def test_an_encrypted_or_damaged_pdf_is_refused_and_nothing_is_stored(window, qtbot, plan_path, tmp_path, name,
                                                                       words):
    page = window.meeting.attachments_page
    files = pdf_files(tmp_path)
    before = database_rows(plan_path)
    page.add_files([files[name]])
    qtbot.waitUntil(lambda: page.message.text() != "", timeout=WAIT)
    assert f"「{name}」" in page.message.text() and words in page.message.text()
    assert window.doc.plan.attachments == [] and page.table.rowCount() == 0
    assert window.doc.undo_stack.count() == 0
    assert database_rows(plan_path) == before


def test_a_read_only_window_edits_nothing(window, settings, plan_path, qtbot):
    second = Desk(AppSettings(settings)).open(plan_path)
    qtbot.addWidget(second)
    try:
        page = second.meeting.meeting_page
        assert second.doc.readonly and page.edits["date"].isReadOnly()
        assert not second.import_workbook_action.isEnabled()
        assert not second.meeting.attachments_page.child(QPushButton, "addPdfButton").isEnabled()
        assert not page.child(QPushButton, "addAgendaButton").isEnabled()
    finally:
        second.close()


def test_a_pdf_dropped_on_the_list_is_attached(window, qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QPoint, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    page = window.meeting.attachments_page
    window.meeting.setCurrentWidget(page)
    path = pdf_files(tmp_path)["参考.pdf"]
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    viewport = page.table.viewport()  # the drag comes in over the list, then the file is let go
    QApplication.sendEvent(viewport, QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, buttons, keys))
    QApplication.sendEvent(viewport, QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, buttons, keys))
    qtbot.waitUntil(lambda: page.table.rowCount() == 1, timeout=WAIT)
    assert table_rows(page) == [["資料２", "資料２の終わり", "参考.pdf", "1"]]  # 資料２ is offered first


def test_the_report_blocks_are_numbered_as_the_pdf_numbers_them(window):
    from asahi_desk.render.report import outline

    page = window.meeting.report_page
    blocks = window.doc.plan.report.blocks
    shown = [page.blocks.topLevelItem(n).text(1) for n in range(page.blocks.topLevelItemCount())]
    sections = [text for text, block in zip(shown, blocks) if block.kind == "section"]
    bookmarks = [entry.title for entry in outline(window.doc.plan, {b: 1 for b in blocks})]
    assert sections == bookmarks and len(sections) == 3 and sections[0].startswith("１　")
    subsections = [(text, block.text) for text, block in zip(shown, blocks) if block.kind == "subsection"]
    assert [text for text, _ in subsections[:2]] == [f"（1）{subsections[0][1]}", f"（2）{subsections[1][1]}"]
