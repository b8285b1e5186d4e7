"""The meeting's papers beside the plan: the 次第, 資料２ and the attached PDFs, in forms/*.ui.

They sit in one 「会議資料」 dock, a tab beside 詳細 and the preview, because
they belong to the meeting, not to a row of the tree. As in the detail
editor, every edit is a named command run through the document (stored at
once, undone with Ctrl+Z), and a page shows again what the document changed.
Text that cannot be taken (a date that does not exist) gets a message beside
its field and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from ..domain.meeting import (
    MeetingError,
    agenda_item_fields,
    block_numbers,
    handout_labels,
    meeting_fields,
    parse_meeting_date,
    report_handout,
)
from ..domain.model import AgendaItem, Attachment, Meeting, Report, ReportBlock, ReportPanel
from ..domain.money import format_date, jnum
from .commands import InsertCommand, MoveCommand, RemoveCommand
from .detail import FileDrop, Page
from .document import PlanDocument
from .tasks import Tasks

# The kinds of a 資料２ block (the renderer and the schema know the same names): in the list, in the form.
BLOCK_KINDS = {
    "title": ("表題", "表題（枠で囲む）"),
    "lead": ("前文", "前文（枠で囲む）"),
    "section": ("見出し", "見出し（１ ２ ３ と番号が付く）"),
    "subsection": ("小見出し", "小見出し（（1）（2）と番号が付く）"),
    "paragraph": ("段落", "段落"),
    "list_title": ("一覧の見出し", "一覧の見出し（＜主な経緯＞ など）"),
    "dated": ("経緯", "経緯（日付つきの行）"),
    "bullet": ("箇条書き", "箇条書き（・で始まる行）"),
    "note": ("注記", "注記（※で始まる行）"),
    "reference": ("参考資料", "参考資料（終わりに小さく）"),
}

CIRCLED = "①②③④⑤⑥⑦⑧⑨"
PLACEMENT_NAMES = {"start": "資料の初め", "after": "ページを指定", "summary": "概要版の代わり", "end": "資料の終わり"}


def current_row(widget: QListWidget | QTreeWidget | QTableWidget) -> int:
    if isinstance(widget, QTreeWidget):
        item = widget.currentItem()
        return widget.indexOfTopLevelItem(item) if item is not None else -1
    return widget.currentRow()


def selected(widget: QListWidget | QTreeWidget | QTableWidget, items: list[Any]) -> Any:
    """The node of the current row, or None."""
    row = current_row(widget)
    return items[row] if 0 <= row < len(items) else None


def select_row(widget: QListWidget | QTreeWidget | QTableWidget, row: int) -> None:
    if row < 0:
        return
    if isinstance(widget, QTreeWidget):
        item = widget.topLevelItem(row)
        if item is not None:
            widget.setCurrentItem(item)
    elif isinstance(widget, QTableWidget):
        widget.setCurrentCell(row, 0)
    else:
        widget.setCurrentRow(row)


def fill_rows(widget: QListWidget | QTreeWidget, rows: list[tuple[list[str], str]]) -> None:
    """Show the rows (texts, tooltip) keeping the current row, without signals: the caller shows the form below.

    Rows are replaced in place when their number is the same, so that a refresh
    after each stored keystroke does not rebuild the list under the user.
    """
    row = current_row(widget)
    blocked = widget.blockSignals(True)
    try:
        count = widget.topLevelItemCount() if isinstance(widget, QTreeWidget) else widget.count()
        if count != len(rows):
            widget.clear()
        for n, (texts, tip) in enumerate(rows):
            if isinstance(widget, QTreeWidget):
                item = widget.topLevelItem(n)
                if item is None:
                    item = QTreeWidgetItem()
                    widget.addTopLevelItem(item)
                for col, text in enumerate(texts):
                    item.setText(col, text)
                item.setToolTip(len(texts) - 1, tip)
            else:
                list_item = widget.item(n)
                if list_item is None:
                    list_item = QListWidgetItem()
                    widget.addItem(list_item)
                list_item.setText(texts[0])
                list_item.setToolTip(tip)
        if rows:
            select_row(widget, min(max(row, 0), len(rows) - 1))
    finally:
        widget.blockSignals(blocked)


def say(label: QLabel, text: str) -> None:
    """A message beside a field, taking no room while there is none."""
    label.setText(text)
    label.setVisible(bool(text))


class _ListPage(Page):
    """A page with lists edited by 追加・削除・上へ・下へ buttons; rows stay selected across refreshes."""

    def list_buttons(self, prefix: str, widget: Any, nodes: Callable[[], list[Any]],
                     new: Callable[[Any], Any], first_field: QWidget) -> None:
        """追加 (`new(selected node or None)` goes below the selection), 削除, 上へ, 下へ for a list of nodes."""

        def current() -> int:
            return current_row(widget)

        def add() -> None:
            row, items = current(), nodes()
            chosen = selected(widget, items)
            index = row + 1 if chosen is not None else len(items)
            if self.doc.run(InsertCommand(self.doc, new(chosen), None, index)):
                select_row(widget, index)
                first_field.setFocus()
                if isinstance(first_field, QLineEdit):
                    first_field.selectAll()

        def remove() -> None:
            row, items = current(), nodes()
            if 0 <= row < len(items):
                self.doc.run(RemoveCommand(self.doc, items[row]))
                select_row(widget, min(row, len(nodes()) - 1))

        def move(step: int) -> None:
            row, items = current(), nodes()
            if 0 <= row < len(items) and 0 <= row + step < len(items):
                self.doc.run(MoveCommand(self.doc, items[row], None, row + step))
                select_row(widget, row + step)

        buttons = {"add": add, "remove": remove, "up": lambda: move(-1), "down": lambda: move(+1)}
        for name, slot in buttons.items():
            button = self.child(QPushButton, f"{name}{prefix}Button")
            button.clicked.connect(lambda _c=False, s=slot: s())
            button.setEnabled(not self.doc.readonly)


class MeetingPage(_ListPage):
    """次第: 回, 会議名, 日付 (和暦, the weekday computed), 開始時刻, 会場, and the agenda items."""

    form_name = "meeting_editor"
    FIELDS = {"session": "回", "name": "会議名", "date": "会議の日付", "start_time": "開始時刻", "place": "会場"}

    def __init__(self, doc: PlanDocument) -> None:
        super().__init__(doc)
        self.edits = {"session": self.child(QLineEdit, "sessionEdit"), "name": self.child(QLineEdit, "nameEdit"),
                      "date": self.child(QLineEdit, "dateEdit"), "start_time": self.child(QLineEdit, "timeEdit"),
                      "place": self.child(QLineEdit, "placeEdit")}
        self.messages = {"session": self.child(QLabel, "sessionMessage"), "name": self.child(QLabel, "nameMessage"),
                         "date": self.child(QLabel, "dateMessage"), "start_time": self.child(QLabel, "timeMessage")}
        self.weekday = self.child(QLabel, "weekdayLabel")
        for field, edit in self.edits.items():
            self.bind_edit(edit, lambda text, f=field: self.commit_meeting(f, text))
        self.edits["date"].textChanged.connect(self._show_weekday)

        self.agenda = self.child(QListWidget, "agendaList")
        self.agenda_title = self.child(QLineEdit, "agendaTitleEdit")
        self.agenda_lines = self.child(QPlainTextEdit, "agendaLinesEdit")
        self.presenter = self.child(QLineEdit, "presenterEdit")
        self.handout = self.child(QComboBox, "handoutCombo")
        self.agenda_message = self.child(QLabel, "agendaMessage")
        self.agenda.currentRowChanged.connect(lambda _row: self.refresh_item())
        self.bind_edit(self.agenda_title, lambda text: self.commit_item("title", text))
        self.bind_plain(self.agenda_lines, lambda text: self.commit_item("lines", text))
        self.bind_edit(self.presenter, lambda text: self.commit_item("presenter", text))
        handout_edit = self.handout.lineEdit()
        assert handout_edit is not None
        handout_edit.editingFinished.connect(
            lambda: None if self._loading else self.commit_item("handout", self.handout.currentText()))
        self.handout.activated.connect(
            lambda _i: None if self._loading else self.commit_item("handout", self.handout.currentText()))
        self.handout.setEnabled(not doc.readonly)
        self.list_buttons("Agenda", self.agenda, lambda: self.node.items, lambda _selected: AgendaItem("新しい議題"),
                          self.agenda_title)

    def owns(self, node: Any) -> bool:
        return isinstance(node, (Meeting, AgendaItem))

    # The meeting -------------------------------------------------------------------

    def load(self) -> None:
        meeting: Meeting = self.node
        self.heading.setText(meeting.title)
        self.set_text(self.edits["session"], jnum(meeting.session))
        self.set_text(self.edits["name"], meeting.name)
        self.set_text(self.edits["date"], format_date(meeting.date))
        self.set_text(self.edits["start_time"], meeting.start_time)
        self.set_text(self.edits["place"], meeting.place)
        for label in self.messages.values():
            say(label, "")
        self._show_weekday()
        rows = []
        for n, item in enumerate(meeting.items, 1):
            text = f"{jnum(n)}　{item.title}"
            if item.presenter:
                text += f"　【{item.presenter}】"
            if item.handout:
                text += f"　〔{item.handout}〕"
            rows.append(([text], "\n".join(item.lines)))
        fill_rows(self.agenda, rows)
        self.refresh_item()

    def _show_weekday(self) -> None:
        """The date as the 次第 prints it, weekday computed, while it is typed."""
        try:
            day = parse_meeting_date(self.edits["date"].text())
        except MeetingError:
            self.weekday.setText("")
            return
        self.weekday.setText(f"→ {format_date(day, weekday=True)}")

    def meeting_texts(self) -> dict[str, str]:
        meeting: Meeting = self.node
        return {"session": str(meeting.session), "name": meeting.name, "date": format_date(meeting.date),
                "start_time": meeting.start_time, "place": meeting.place}

    def commit_meeting(self, field: str, text: str) -> None:
        """One field as typed; read with meeting_fields, the others as stored."""
        texts = self.meeting_texts()
        texts[field] = text
        try:
            values = meeting_fields(**texts)
        except MeetingError as e:
            say(self.messages.get(e.field, self.messages.get(field, self.agenda_message)), str(e))
            return  # what was typed stays, nothing is stored
        if field in self.messages:
            say(self.messages[field], "")
        meeting: Meeting = self.node
        changed = {k: v for k, v in values.items() if getattr(meeting, k) != v}
        if changed:
            self.edit(meeting, f"{self.FIELDS[field]}の変更", **changed)
        self.refresh()  # as stored: 第２回 → ２, 15時 → 15:00

    # The agenda items ----------------------------------------------------------------

    def current_item(self) -> AgendaItem | None:
        return selected(self.agenda, self.node.items) if self.node is not None else None

    def refresh_item(self) -> None:
        with self.loading():
            item = self.current_item()
            for widget in (self.agenda_title, self.agenda_lines, self.presenter, self.handout):
                widget.setEnabled(item is not None)
            labels = [""] + handout_labels(self.doc.plan)
            if [self.handout.itemText(i) for i in range(self.handout.count())] != labels:
                self.handout.clear()
                self.handout.addItems(labels)
            self.set_text(self.agenda_title, item.title if item else "")
            self.set_text(self.agenda_lines, "\n".join(item.lines) if item else "")
            self.set_text(self.presenter, item.presenter if item else "")
            self.handout.setEditText(item.handout if item else "")
            say(self.agenda_message, "")
        self.handout.setEnabled(item is not None and not self.doc.readonly)

    def commit_item(self, field: str, text: str) -> None:
        item = self.current_item()
        if item is None or self._loading:
            return
        texts = {"title": item.title, "lines": "\n".join(item.lines), "presenter": item.presenter,
                 "handout": item.handout}
        texts[field] = text
        try:
            values = agenda_item_fields(**texts)
        except MeetingError as e:
            say(self.agenda_message, str(e))
            return
        say(self.agenda_message, "")
        changed = {k: v for k, v in values.items() if getattr(item, k) != v}
        if changed:
            self.edit(item, "議題の変更", **changed)


class ReportPage(_ListPage):
    """資料２: its blocks (kind, text, the date of a dated line) and its 概要版 (title, byline, intro, panels)."""

    form_name = "report_editor"

    def __init__(self, doc: PlanDocument) -> None:
        super().__init__(doc)
        self.blocks = self.child(QTreeWidget, "blocksTree")
        self.blocks.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.blocks.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.kind = self.child(QComboBox, "kindCombo")
        for name, (_short, label) in BLOCK_KINDS.items():
            self.kind.addItem(label, name)
        self.kind.setEnabled(not doc.readonly)
        self.block_date = self.child(QLineEdit, "blockDateEdit")
        self.block_date_shown = self.child(QLabel, "blockDateShown")
        self.block_text = self.child(QPlainTextEdit, "blockTextEdit")
        self.block_message = self.child(QLabel, "blockMessage")
        self.blocks.currentItemChanged.connect(lambda *_: self.refresh_block())
        self.kind.activated.connect(lambda _i: self.commit_block(kind=self.kind.currentData()))
        self.bind_edit(self.block_date, self.commit_date)
        self.block_date.textChanged.connect(self._show_date)
        self.bind_plain(self.block_text, lambda text: self.commit_block(text=text))
        self.list_buttons("Block", self.blocks, lambda: self.node.blocks, self.new_block, self.block_text)

        self.summary_title = self.child(QLineEdit, "summaryTitleEdit")
        self.summary_byline = self.child(QLineEdit, "summaryBylineEdit")
        self.summary_intro = self.child(QPlainTextEdit, "summaryIntroEdit")
        self.bind_edit(self.summary_title, lambda text: self.edit(self.node, "概要版の表題の変更", summary_title=text.strip()))
        self.bind_edit(self.summary_byline,
                       lambda text: self.edit(self.node, "概要版の作成者の変更", summary_byline=text.strip()))
        self.bind_plain(self.summary_intro, lambda text: self.edit(self.node, "概要版の前文の変更", summary_intro=text))
        self.panels = self.child(QListWidget, "panelsList")
        self.panel_title = self.child(QLineEdit, "panelTitleEdit")
        self.panel_text = self.child(QPlainTextEdit, "panelTextEdit")
        self.panels.currentRowChanged.connect(lambda _row: self.refresh_panel())
        self.bind_edit(self.panel_title, lambda text: self.commit_panel(title=text.strip()))
        self.bind_plain(self.panel_text, lambda text: self.commit_panel(text=text))
        self.list_buttons("Panel", self.panels, lambda: self.node.panels, lambda _selected: ReportPanel("新しい枠"),
                          self.panel_title)

    def owns(self, node: Any) -> bool:
        return isinstance(node, (Report, ReportBlock, ReportPanel))

    def load(self) -> None:
        report: Report = self.node
        self.heading.setText(f"{report_handout(self.doc.plan)}（報告の資料）")
        rows = []
        for block, number in zip(report.blocks, block_numbers(report.blocks)):
            first = block.text.splitlines()[0] if block.text else ""
            shown = {"bullet": f"・{first}", "dated": f"・{format_date(block.date, era=False) if block.date else '（日付なし）'}："
                                                      f"{first}"}.get(block.kind, number + first)
            rows.append(([BLOCK_KINDS.get(block.kind, (block.kind,))[0], shown], block.text))
        fill_rows(self.blocks, rows)
        self.refresh_block()

        self.set_text(self.summary_title, report.summary_title)
        self.set_text(self.summary_byline, report.summary_byline)
        self.set_text(self.summary_intro, report.summary_intro)
        fill_rows(self.panels, [([f"{CIRCLED[n] if n < len(CIRCLED) else n + 1}　{panel.title}"], panel.text)
                                for n, panel in enumerate(report.panels)])
        self.refresh_panel()

    # Blocks -------------------------------------------------------------------------

    def current_block(self) -> ReportBlock | None:
        return selected(self.blocks, self.node.blocks) if self.node is not None else None

    def refresh_block(self) -> None:
        with self.loading():
            block = self.current_block()
            for widget in (self.kind, self.block_text):
                widget.setEnabled(block is not None and not (widget is self.kind and self.doc.readonly))
            self.kind.setCurrentIndex(self.kind.findData(block.kind) if block else -1)
            dated = block is not None and block.kind == "dated"
            self.block_date.setEnabled(dated)
            self.set_text(self.block_date, format_date(block.date) if block is not None and block.date else "")
            self.set_text(self.block_text, block.text if block else "")
            say(self.block_message, "")
        self._show_date()

    def _show_date(self) -> None:
        text = self.block_date.text().strip()
        try:
            day = parse_meeting_date(text) if text else None
        except MeetingError:
            day = None
        self.block_date_shown.setText(f"印刷：・{format_date(day, era=False)}：" if day else "")

    def commit_block(self, **values: Any) -> None:
        block = self.current_block()
        if block is None or self._loading:
            return
        text = "資料２の種類の変更" if "kind" in values else "資料２の文の変更"
        self.edit(block, text, **values)

    def commit_date(self, text: str) -> None:
        block = self.current_block()
        if block is None:
            return
        try:
            day: dt.date | None = parse_meeting_date(text) if text.strip() else None
        except MeetingError as e:
            say(self.block_message, str(e))
            return
        say(self.block_message, "")
        self.edit(block, "資料２の日付の変更", date=day)
        self.refresh_block()

    @staticmethod
    def new_block(selected: ReportBlock | None) -> ReportBlock:
        """A block of the selected one's kind (a paragraph after the title or the lead box)."""
        kind = selected.kind if selected is not None and selected.kind not in ("title", "lead") else "paragraph"
        return ReportBlock(kind, "")

    # 概要版 panels ----------------------------------------------------------------------

    def current_panel(self) -> ReportPanel | None:
        return selected(self.panels, self.node.panels) if self.node is not None else None

    def refresh_panel(self) -> None:
        with self.loading():
            panel = self.current_panel()
            for widget in (self.panel_title, self.panel_text):
                widget.setEnabled(panel is not None)
            self.set_text(self.panel_title, panel.title if panel else "")
            self.set_text(self.panel_text, panel.text if panel else "")

    def commit_panel(self, **values: Any) -> None:
        panel = self.current_panel()
        if panel is None or self._loading:
            return
        if values.get("title") == "":
            self.panel_title.setText(panel.title)  # a panel keeps its heading
            return
        self.edit(panel, "概要版の枠の変更", **values)


class AttachmentsPage(_ListPage):
    """The PDFs bound into the handouts: which handout, where, the file and its pages; add, move, remove."""

    form_name = "attachments_editor"

    def __init__(self, doc: PlanDocument, tasks: Tasks) -> None:
        super().__init__(doc)
        self.tasks = tasks
        self.table = self.child(QTableWidget, "attachmentsTable")
        header = self.table.horizontalHeader()
        for col, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.ResizeToContents,
                                    QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(col, mode)
        self.table.verticalHeader().setVisible(False)
        self.add_handout = self.child(QComboBox, "addHandoutCombo")
        self.handout = self.child(QComboBox, "handoutCombo")
        self.placement = self.child(QComboBox, "placementCombo")
        for name, label in PLACEMENT_NAMES.items():
            self.placement.addItem(label, name)
        self.after_page = self.child(QSpinBox, "afterPageSpin")
        self.message = self.child(QLabel, "attachmentMessage")
        say(self.message, "")
        self.place_box = self.child(QWidget, "placeBox")
        self.table.currentCellChanged.connect(lambda *_: self.refresh_place())
        self.handout.activated.connect(lambda _i: self.commit_place())
        self.placement.activated.connect(lambda _i: self.commit_place())
        self.after_page.valueChanged.connect(lambda _v: self.commit_place())
        add_button = self.child(QPushButton, "addPdfButton")
        add_button.clicked.connect(self.choose_files)
        add_button.setEnabled(not doc.readonly)
        for name in ("upAttachmentButton", "downAttachmentButton", "removeAttachmentButton"):
            self.child(QPushButton, name).setEnabled(not doc.readonly)
        self.child(QPushButton, "upAttachmentButton").clicked.connect(lambda: self.move(-1))
        self.child(QPushButton, "downAttachmentButton").clicked.connect(lambda: self.move(+1))
        self.child(QPushButton, "removeAttachmentButton").clicked.connect(self.remove)
        if not doc.readonly:
            FileDrop(self.table.viewport(), self.add_files)

    def owns(self, node: Any) -> bool:
        return isinstance(node, (Attachment, AgendaItem, Report))  # the 次第 and 資料２ name the handouts

    def load(self) -> None:
        attachments = self.doc.plan.attachments
        row = self.table.currentRow()
        self.table.setRowCount(len(attachments))
        for n, attachment in enumerate(attachments):
            texts = (attachment.handout, attachment.where, attachment.file_name, f"{attachment.page_count}")
            for col, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                if col == 3:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                cell.setToolTip(attachment.where)
                self.table.setItem(n, col, cell)
        if attachments:
            self.table.setCurrentCell(min(max(row, 0), len(attachments) - 1), 0)
        labels = handout_labels(self.doc.plan)
        for combo in (self.add_handout, self.handout):
            if [combo.itemText(i) for i in range(combo.count())] != labels:
                chosen = combo.currentText()
                combo.clear()
                combo.addItems(labels)
                if chosen in labels:
                    combo.setCurrentText(chosen)
                elif combo is self.add_handout:
                    combo.setCurrentText(report_handout(self.doc.plan))
        self.refresh_place()

    def current(self) -> Attachment | None:
        return selected(self.table, self.doc.plan.attachments)

    def refresh_place(self) -> None:
        with self.loading():
            attachment = self.current()
            self.place_box.setEnabled(attachment is not None and not self.doc.readonly)
            if attachment is not None:
                self.handout.setCurrentText(attachment.handout)
                self.placement.setCurrentIndex(self.placement.findData(attachment.placement))
                self.after_page.setValue(attachment.after_page or 1)
            self.after_page.setEnabled(attachment is not None and attachment.placement == "after")

    def commit_place(self) -> None:
        """The handout and place chosen below the list, checked before they are stored."""
        from ..domain.attachments import AttachmentError, check_placement

        attachment = self.current()
        if attachment is None or self._loading:
            return
        placement = self.placement.currentData()
        after = self.after_page.value() if placement == "after" else None
        try:
            handout, placement, after = check_placement(self.doc.plan, self.handout.currentText(), placement, after)
        except AttachmentError as e:
            say(self.message, str(e))
            self.refresh_place()
            return
        say(self.message, "")
        self.edit(attachment, "添付 PDF の位置の変更", handout=handout, placement=placement, after_page=after)

    def move(self, step: int) -> None:
        row, attachments = self.table.currentRow(), self.doc.plan.attachments
        if 0 <= row < len(attachments) and 0 <= row + step < len(attachments):
            self.doc.run(MoveCommand(self.doc, attachments[row], None, row + step, "添付 PDF の移動"))
            self.table.setCurrentCell(row + step, 0)

    def remove(self) -> None:
        attachment = self.current()
        if attachment is not None:
            row = self.table.currentRow()
            self.doc.run(RemoveCommand(self.doc, attachment, "添付 PDF の削除"))
            select_row(self.table, min(row, len(self.doc.plan.attachments) - 1))

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, f"{self.add_handout.currentText()}に綴じる PDF", "", "PDF (*.pdf)")
        if files:
            self.add_files([Path(f) for f in files])

    def add_files(self, files: list[Path]) -> None:
        """Check the PDFs in a pool thread; each good one becomes an undoable 「添付 PDF の追加」 at the handout's end."""
        from ..domain.attachments import AttachmentError, new_attachment, read_pdf_file

        plan, handout = self.doc.plan, self.add_handout.currentText()

        def check() -> list[Attachment | str]:
            out: list[Attachment | str] = []
            for path in files:
                try:
                    out.append(new_attachment(plan, read_pdf_file(path), path.name, handout, "end"))
                except AttachmentError as e:
                    out.append(str(e))
            return out

        def done(checked: list[Attachment | str]) -> None:
            messages = [c for c in checked if isinstance(c, str)]
            for attachment in (c for c in checked if isinstance(c, Attachment)):
                attachments = self.doc.plan.attachments
                if self.doc.run(InsertCommand(self.doc, attachment, None, len(attachments), "添付 PDF の追加")):
                    self.table.setCurrentCell(len(attachments) - 1, 0)
            say(self.message, "\n".join(messages))

        say(self.message, "")
        names = "、".join(f"「{p.name}」" for p in files)
        self.tasks.run(f"{names}を確かめています…", check, done, what="PDF の確認")


class MeetingEditor(QTabWidget):
    """The 「会議資料」 dock: tabs 次第, 資料２ and 添付 PDF, following the document's changes."""

    def __init__(self, doc: PlanDocument, tasks: Tasks, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.meeting_page = MeetingPage(doc)
        self.report_page = ReportPage(doc)
        self.attachments_page = AttachmentsPage(doc, tasks)
        self.addTab(self.meeting_page, "次第")
        self.addTab(self.report_page, report_handout(doc.plan))
        self.addTab(self.attachments_page, "添付 PDF")
        self.meeting_page.show_node(doc.plan.meeting)
        self.report_page.show_node(doc.plan.report)
        self.attachments_page.show_node(doc.plan)
        doc.changed.connect(lambda node, _fields: self._follow(node))
        for signal in (doc.inserted, doc.removed, doc.moved):
            signal.connect(self._follow)
        doc.reloaded.connect(self._show_plan)

    def _show_plan(self) -> None:
        """The plan was read anew (a version restored): every page shows its part of it."""
        plan = self.doc.plan
        self.meeting_page.show_node(plan.meeting)
        self.report_page.show_node(plan.report)
        self.attachments_page.show_node(plan)
        self.setTabText(self.indexOf(self.report_page), report_handout(plan))

    def show_finding(self, finding: Any) -> bool:
        """Open the page a finding of the packet is about: the 次第, or the attachments of a handout."""
        if not finding.check.startswith("packet_"):
            return False
        unnamed = finding.check == "packet_unnamed_handout"
        self.setCurrentWidget(self.attachments_page if unnamed else self.meeting_page)
        return True

    @property
    def pages(self) -> list[Page]:
        return [self.meeting_page, self.report_page, self.attachments_page]

    def _follow(self, node: Any) -> None:
        for page in self.pages:
            if page.owns(node):
                page.refresh()
