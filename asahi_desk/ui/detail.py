"""The detail editor of the selected row: 区分・柱, 事業 or 細事業, laid out in forms/*.ui.

Every edit becomes a command run through the document; when the document
changes the node (an undo, an edit in the tree) the page shows it again.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator
from weakref import WeakKeyDictionary

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImageReader, QPixmap
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
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..domain.model import MARKS, BureauProject, Category, Indicator, Item, Photo, Pillar, Project
from ..domain.money import AmountError, format_table, jnum, parse_amount
from .commands import EditCommand, InsertCommand, RemoveCommand, adopt_computed
from .document import PlanDocument, path_to
from .forms import load_form, plain_label
from .plan_model import amount_editable, read_amount

IMAGE_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
MAX_IMAGE_BYTES = 20 * 1024 * 1024
THUMBNAIL = QSize(120, 90)


class ImageError(ValueError):
    """A file that cannot be a photo of the plan; the message is for the user."""


def read_image(data: bytes, name: str = "") -> str:
    """Check that `data` is a JPEG or PNG that opens; returns its media type."""
    label = f"「{name}」" if name else "このファイル"
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(f"{label}は大きすぎます（20MB まで）。縮小してから追加してください。")
    buffer = QBuffer()
    buffer.setData(QByteArray(data))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    kind = bytes(reader.format().data()).decode().lower()
    if kind not in IMAGE_TYPES:
        raise ImageError(f"{label}は JPEG・PNG の画像ではありません。")
    if reader.read().isNull():
        raise ImageError(f"{label}は壊れているため読めません（{reader.errorString()}）。")
    return IMAGE_TYPES[kind]


def thumbnail(photo: Photo) -> QIcon:
    """Decode a photo and scale it down (a tenth of a second for a 12-megapixel JPEG)."""
    pixmap = QPixmap()
    if photo.image:
        pixmap.loadFromData(photo.image)
    if pixmap.isNull():
        pixmap = QPixmap(THUMBNAIL)
        pixmap.fill(Qt.GlobalColor.lightGray)
    return QIcon(pixmap.scaled(THUMBNAIL, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation))


class Thumbnails:
    """The thumbnail of each photo, decoded once and again only when its image is replaced.

    The project page is shown again after every stored edit of its project (目的, a 課 …),
    which must not decode the photos on the GUI thread each time.
    """

    def __init__(self) -> None:
        self._icons: WeakKeyDictionary[Photo, tuple[bytes, QIcon]] = WeakKeyDictionary()

    def __call__(self, photo: Photo) -> QIcon:
        cached = self._icons.get(photo)
        if cached is None or cached[0] is not photo.image:  # an update stores a new bytes object
            cached = self._icons[photo] = (photo.image, thumbnail(photo))
        return cached[1]


class _FocusOut(QObject):
    """Calls back when a widget loses the focus (QPlainTextEdit has no editingFinished)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self.callback()
        return False


class FileDrop(QObject):
    """Takes files dropped on a widget (photos on the photo list, PDFs on the list of attachments)."""

    def __init__(self, widget: QWidget, add: Callable[[list[Path]], None]) -> None:
        super().__init__(widget)
        self.add = add
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop) and event.mimeData().hasUrls():
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.add([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
            return True
        return False


class Page(QScrollArea):
    """A page of the detail editor over one form."""

    form_name = ""

    def __init__(self, doc: PlanDocument) -> None:
        super().__init__()
        self.doc = doc
        self.node: Any = None
        self.form = load_form(self.form_name, self)
        self.setWidget(self.form)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.heading = self.child(QLabel, "heading")
        self._loading = False
        self._amounts: list[tuple[QLineEdit, str]] = []  # amount fields and what they store
        for button in self.form.findChildren(QPushButton):
            button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def child(self, kind: type, name: str) -> Any:
        widget = self.form.findChild(kind, name)
        assert widget is not None, name
        return widget

    def show_node(self, node: Any) -> None:
        self.node = node
        self.refresh()

    def refresh(self) -> None:
        with self.loading():
            self.load()
            for edit, field in self._amounts:
                edit.setReadOnly(not self.can_type(field))

    @contextmanager
    def loading(self) -> Iterator[None]:
        """Fill the fields from the stored values without taking the signals that follow as edits (nests)."""
        was, self._loading = self._loading, True
        try:
            yield
        finally:
            self._loading = was

    def load(self) -> None:
        raise NotImplementedError

    def owns(self, node: Any) -> bool:
        """Whether a change of `node` shows on this page."""
        return node is self.node

    def edit(self, node: Any, text: str | None = None, /, **values: Any) -> bool:
        if self._loading or node is None:
            return False
        if all(getattr(node, k) == v for k, v in values.items()):
            return True
        return self.doc.run(EditCommand(self.doc, node, text, **values))

    # Shared parts of the forms ----------------------------------------------------------

    def bind_edit(self, edit: QLineEdit, commit: Callable[[str], None]) -> None:
        """Commit a line when it is left or Enter is pressed."""
        edit.editingFinished.connect(lambda: None if self._loading or self.node is None else commit(edit.text()))
        edit.setReadOnly(self.doc.readonly)

    def bind_plain(self, edit: QPlainTextEdit, commit: Callable[[str], None]) -> None:
        """Commit a text after a pause in typing and on leaving it; consecutive commits of one field merge."""
        timer = QTimer(edit, singleShot=True, interval=800)

        def done() -> None:
            timer.stop()
            if self.node is not None and not self._loading:
                commit(edit.toPlainText())

        edit.textChanged.connect(lambda: None if self._loading else timer.start())
        timer.timeout.connect(done)
        _FocusOut(edit, done)
        edit.setReadOnly(self.doc.readonly)

    def bind_line(self, edit: QLineEdit, field: str) -> None:
        def commit(text: str) -> None:
            value = text.strip()
            if field == "name" and not value:
                edit.setText(self.node.name)
                return
            self.edit(self.node, **{field: value})

        self.bind_edit(edit, commit)

    def bind_text(self, edit: QPlainTextEdit, field: str, as_lines: bool = False) -> None:
        def value(text: str) -> Any:
            return [line for line in text.split("\n") if line.strip()] if as_lines else text

        self.bind_plain(edit, lambda text: self.edit(self.node, **{field: value(text)}))

    def bind_amount(self, edit: QLineEdit, field: str, message: QLabel) -> None:
        """Store a typed amount when it is left or Enter is pressed, where the amount is typed, not computed."""
        def commit() -> None:
            if self._loading or self.node is None or not self.can_type(field):
                return  # a read-only field sends editingFinished on Enter too
            try:
                value = read_amount(self.node, field, edit.text())
            except AmountError as e:
                message.setText(str(e))  # what was typed stays, nothing is stored
                return
            message.setText("")
            if value != getattr(self.node, field):
                self.edit(self.node, "金額の変更" if field == "amount" else "前年度額の変更", **{field: value})
            self.refresh()

        edit.editingFinished.connect(commit)
        self._amounts.append((edit, field))

    def can_type(self, field: str) -> bool:
        """Whether the amount `field` of the node shown is typed here (not computed, not read-only)."""
        return not self.doc.readonly and amount_editable(self.node, field)

    @staticmethod
    def set_text(edit: QLineEdit | QPlainTextEdit, text: str) -> None:
        current = edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText()
        if current != text:  # keep the cursor where it is when nothing changed
            if isinstance(edit, QLineEdit):
                edit.setText(text)
            else:
                edit.setPlainText(text)

    @staticmethod
    def amount_text(value: int | None) -> str:
        return "" if value is None else format_table(value)

    def bind_sections(self, widget: QListWidget) -> None:
        def changed(_item: QListWidgetItem) -> None:
            if self._loading or self.node is None:
                return
            chosen = [s for i, s in enumerate(self.doc.plan.sections)
                      if widget.item(i).checkState() == Qt.CheckState.Checked]
            self.edit(self.node, **{"sections": chosen})

        widget.itemChanged.connect(changed)

    def load_sections(self, widget: QListWidget, chosen: list[Any], enabled: bool = True) -> None:
        widget.setWrapping(True)
        widget.setResizeMode(QListWidget.ResizeMode.Adjust)
        widget.clear()
        for section in self.doc.plan.sections:
            item = QListWidgetItem(section.name)
            flags = Qt.ItemFlag.ItemIsEnabled
            if enabled and not self.doc.readonly:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(Qt.CheckState.Checked if section in chosen else Qt.CheckState.Unchecked)
            widget.addItem(item)
        widget.setEnabled(enabled)

    def load_stated(self, label: QLabel, button: QPushButton, node: Any) -> None:
        parts, differs = [], False
        for what, stated, computed in (("今年度", node.stated_amount, node.current),
                                       ("前年度", node.stated_last_year, node.last)):
            if stated is None:
                continue
            if stated == computed:
                parts.append(f"{what} {format_table(stated)}")
            else:
                differs = True
                parts.append(f"{what} {format_table(stated)}（計算値 {format_table(computed)}）")
        label.setText("　".join(parts) if parts else "（なし：計算値をそのまま印刷します）")
        label.setStyleSheet("color: #c00000;" if differs else "")
        button.setEnabled(differs and not self.doc.readonly)

    def adopt(self) -> None:
        if self.node is not None:
            adopt_computed(self.doc, list(reversed(path_to(self.node))))


class NodePage(Page):
    """区分 and 柱: the name, the stated figures; a lump sum's own amount and 課."""

    form_name = "node_detail"

    def __init__(self, doc: PlanDocument) -> None:
        super().__init__(doc)
        self.name = self.child(QLineEdit, "nameEdit")
        self.amount = self.child(QLineEdit, "amountEdit")
        self.last_year = self.child(QLineEdit, "lastYearEdit")
        self.message = self.child(QLabel, "amountMessage")
        self.sections = self.child(QListWidget, "sectionsList")
        self.stated = self.child(QLabel, "statedLabel")
        self.adopt_button = self.child(QPushButton, "adoptButton")
        self.bind_line(self.name, "name")
        self.bind_amount(self.amount, "amount", self.message)
        self.bind_amount(self.last_year, "last_year", self.message)
        self.bind_sections(self.sections)
        self.adopt_button.clicked.connect(self.adopt)

    def owns(self, node: Any) -> bool:
        return node is self.node or (isinstance(self.node, (Category, Pillar)) and self.node in path_to(node))

    def load(self) -> None:
        node = self.node
        lump = isinstance(node, Category) and node.is_lump_sum
        self.heading.setText(node.label if isinstance(node, Pillar) else node.display_name)
        self.set_text(self.name, node.name)
        self.set_text(self.amount, format_table(node.current))
        self.set_text(self.last_year, format_table(node.last))
        self.load_sections(self.sections, getattr(node, "sections", []), enabled=lump)
        self.sections.setVisible(lump)
        self.child(QLabel, "sectionsLabel").setVisible(lump)
        self.load_stated(self.stated, self.adopt_button, node)


class ItemPage(Page):
    """細事業: mark, name, amount, 課 and the bullet lines."""

    form_name = "item_detail"

    def __init__(self, doc: PlanDocument) -> None:
        super().__init__(doc)
        self.mark = self.child(QComboBox, "markCombo")
        self.name = self.child(QLineEdit, "nameEdit")
        self.amount = self.child(QLineEdit, "amountEdit")
        self.last_year = self.child(QLineEdit, "lastYearEdit")
        self.message = self.child(QLabel, "amountMessage")
        self.sections = self.child(QListWidget, "sectionsList")
        self.lines = self.child(QPlainTextEdit, "linesEdit")
        self.bind_line(self.name, "name")
        self.bind_amount(self.amount, "amount", self.message)
        self.bind_amount(self.last_year, "last_year", self.message)
        self.bind_sections(self.sections)
        self.bind_text(self.lines, "lines", as_lines=True)
        self.mark.currentIndexChanged.connect(lambda i: self.edit(self.node, mark=MARKS[i]))
        self.mark.setEnabled(not doc.readonly)

    def load(self) -> None:
        item: Item = self.node
        assert item.project is not None
        self.heading.setText(f"{item.project.code} 細事業{jnum(item.number)}　{item.name}")
        self.mark.setCurrentIndex(MARKS.index(item.mark))
        self.set_text(self.name, item.name)
        self.set_text(self.amount, self.amount_text(item.amount))
        self.set_text(self.last_year, self.amount_text(item.last_year) if item.project.lists_items else "")
        self.load_sections(self.sections, item.sections)
        self.set_text(self.lines, "\n".join(item.lines))


class ProjectPage(Page):
    """事業: purpose, 課, amount, stated figures, 事業指標, photos, ＜関連する局事業＞, notes."""

    form_name = "project_detail"

    def __init__(self, doc: PlanDocument) -> None:
        super().__init__(doc)
        self.name = self.child(QLineEdit, "nameEdit")
        self.purpose = self.child(QPlainTextEdit, "purposeEdit")
        self.sections = self.child(QListWidget, "sectionsList")
        self.amount = self.child(QLineEdit, "amountEdit")
        self.last_year = self.child(QLineEdit, "lastYearEdit")
        self.message = self.child(QLabel, "amountMessage")
        self.stated = self.child(QLabel, "statedLabel")
        self.adopt_button = self.child(QPushButton, "adoptButton")
        self.indicators = self.child(QTableWidget, "indicatorsTable")
        self.photos = self.child(QListWidget, "photosList")
        self.caption = self.child(QLineEdit, "captionEdit")
        self.photo_message = self.child(QLabel, "photoMessage")
        self.bureau = self.child(QTableWidget, "bureauTable")
        self.notes = self.child(QPlainTextEdit, "notesEdit")

        self.bind_line(self.name, "name")
        self.bind_text(self.purpose, "purpose")
        self.bind_text(self.notes, "notes")
        self.bind_sections(self.sections)
        self.bind_amount(self.amount, "amount", self.message)
        self.bind_amount(self.last_year, "last_year", self.message)
        self.adopt_button.clicked.connect(self.adopt)

        for table in (self.indicators, self.bureau):
            table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            table.verticalHeader().setVisible(False)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            if doc.readonly:
                table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.bureau.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.indicators.itemChanged.connect(self._indicator_changed)
        self.bureau.itemChanged.connect(self._bureau_changed)
        self.child(QPushButton, "addIndicatorButton").clicked.connect(self.add_indicator)
        self.child(QPushButton, "removeIndicatorButton").clicked.connect(
            lambda: self._remove_row(self.indicators, lambda: self.node.indicators))
        self.child(QPushButton, "addBureauButton").clicked.connect(self.add_bureau_project)
        self.child(QPushButton, "removeBureauButton").clicked.connect(
            lambda: self._remove_row(self.bureau, lambda: self.node.bureau_projects))

        self.photos.setIconSize(THUMBNAIL)
        self.thumbnails = Thumbnails()
        self.photos.currentRowChanged.connect(self._photo_selected)
        self.caption.editingFinished.connect(self._caption_changed)
        self.child(QPushButton, "addPhotoButton").clicked.connect(self.choose_photos)
        self.child(QPushButton, "removePhotoButton").clicked.connect(
            lambda: self._remove_row(self.photos, lambda: self.node.photos))
        if not doc.readonly:
            FileDrop(self.photos.viewport(), self.add_photo_files)
        for name in ("addIndicatorButton", "removeIndicatorButton", "addBureauButton", "removeBureauButton",
                     "addPhotoButton", "removePhotoButton"):
            self.child(QPushButton, name).setEnabled(not doc.readonly)
        self.caption.setReadOnly(doc.readonly)

    def owns(self, node: Any) -> bool:
        if node is self.node:
            return True
        if isinstance(node, (Indicator, Photo, BureauProject)):
            return node.project is self.node
        return isinstance(node, Item) and node.project is self.node

    def load(self) -> None:
        project: Project = self.node
        self.heading.setText(f"{project.code}　{project.name}")
        self.set_text(self.name, project.name)
        self.set_text(self.purpose, project.purpose)
        self.set_text(self.notes, project.notes)
        self.load_sections(self.sections, project.sections)
        typed = amount_editable(project, "amount")
        self.set_text(self.amount, self.amount_text(project.amount) if typed else format_table(project.current))
        self.amount.setToolTip("" if typed else "細事業の合計です（細事業の金額を変えてください）")
        typed = amount_editable(project, "last_year")
        self.set_text(self.last_year, self.amount_text(project.last_year) if typed else format_table(project.last))
        self.load_stated(self.stated, self.adopt_button, project)

        self.indicators.setRowCount(len(project.indicators))
        for row, indicator in enumerate(project.indicators):
            for col, value in enumerate((indicator.name, indicator.target, indicator.unit)):
                self.indicators.setItem(row, col, QTableWidgetItem(value))

        self.bureau.setRowCount(len(project.bureau_projects))
        for row, bp in enumerate(project.bureau_projects):
            for col, value in enumerate((str(bp.box), bp.name, self.amount_text(bp.amount))):
                cell = QTableWidgetItem(value)
                if col in (0, 2):
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.bureau.setItem(row, col, cell)

        current = self.photos.currentRow()
        self.photos.clear()
        for photo in project.photos:
            self.photos.addItem(QListWidgetItem(self.thumbnails(photo), photo.caption or "（説明なし）"))
        if project.photos:
            self.photos.setCurrentRow(min(max(current, 0), len(project.photos) - 1))
        self._photo_selected(self.photos.currentRow())

    # 事業指標 and 局事業 -----------------------------------------------------------------

    def _indicator_changed(self, cell: QTableWidgetItem) -> None:
        if self._loading:
            return
        indicator = self.node.indicators[cell.row()]
        field = ("name", "target", "unit")[cell.column()]
        self.edit(indicator, "事業指標の変更", **{field: cell.text().strip()})

    def add_indicator(self) -> None:
        project: Project = self.node
        self.doc.run(InsertCommand(self.doc, Indicator("新しい指標"), project, len(project.indicators)))
        self.indicators.setCurrentCell(len(project.indicators) - 1, 0)
        self.indicators.editItem(self.indicators.currentItem())

    def _bureau_changed(self, cell: QTableWidgetItem) -> None:
        if self._loading:
            return
        bp = self.node.bureau_projects[cell.row()]
        text = cell.text().strip()
        try:
            if cell.column() == 0:
                box = int(parse_amount(text))
                if box < 1:
                    raise AmountError("枠は 1 以上の番号で入力してください。")
                values: dict[str, Any] = {"box": box}
            elif cell.column() == 1:
                values = {"name": text}
            else:
                values = {"amount": parse_amount(text) if text else None}
        except AmountError as e:
            self.photo_message.setText("")
            self.message.setText(f"局事業：{e}")
            self.refresh()
            return
        self.message.setText("")
        self.edit(bp, "局事業の変更", **values)

    def add_bureau_project(self) -> None:
        project: Project = self.node
        box = project.bureau_projects[-1].box if project.bureau_projects else 1
        self.doc.run(InsertCommand(self.doc, BureauProject("新しい局事業", None, box), project,
                                   len(project.bureau_projects)))

    def _remove_row(self, widget: QTableWidget | QListWidget, nodes: Callable[[], list[Any]]) -> None:
        row = widget.currentRow()
        items = nodes()
        if 0 <= row < len(items):
            self.doc.run(RemoveCommand(self.doc, items[row]))

    # Photos -----------------------------------------------------------------------------

    def _photo_selected(self, row: int) -> None:
        photos = self.node.photos if self.node is not None else []
        with self.loading():
            self.caption.setText(photos[row].caption if 0 <= row < len(photos) else "")
        self.caption.setEnabled(0 <= row < len(photos))

    def _caption_changed(self) -> None:
        row = self.photos.currentRow()
        if 0 <= row < len(self.node.photos):
            self.edit(self.node.photos[row], caption=self.caption.text().strip())

    def choose_photos(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "写真を追加", "", "写真 (*.jpg *.jpeg *.png)")
        self.add_photo_files([Path(f) for f in files])

    def add_photo_files(self, files: list[Path]) -> None:
        """Add JPEG/PNG files as photos of the project; the bytes go into the plan file."""
        messages = []
        for path in files:
            try:
                data = path.read_bytes()
                media_type = read_image(data, path.name)
            except OSError as e:
                messages.append(f"「{path.name}」を読めません（{e.strerror}）。")
                continue
            except ImageError as e:
                messages.append(str(e))
                continue
            project: Project = self.node
            self.doc.run(InsertCommand(self.doc, Photo("", data, media_type), project, len(project.photos)))
            self.photos.setCurrentRow(len(project.photos) - 1)
        self.photo_message.setText("\n".join(messages))


class DetailEditor(QStackedWidget):
    """Shows the page for the selected node and keeps it up to date."""

    def __init__(self, doc: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        empty = plain_label("表の行を選ぶと、ここで詳細を編集できます。")
        empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty.setWordWrap(True)
        self.empty = empty
        self.node_page = NodePage(doc)
        self.project_page = ProjectPage(doc)
        self.item_page = ItemPage(doc)
        for page in (empty, self.node_page, self.project_page, self.item_page):
            self.addWidget(page)
        doc.changed.connect(self._changed)
        doc.inserted.connect(self._structure)
        doc.removed.connect(self._structure)
        doc.moved.connect(self._structure)

    @property
    def page(self) -> Page | None:
        widget = self.currentWidget()
        return widget if isinstance(widget, Page) else None

    def show_node(self, node: Any) -> None:
        page: Page | None
        if isinstance(node, Project):
            page = self.project_page
        elif isinstance(node, Item):
            page = self.item_page
        elif isinstance(node, (Category, Pillar)):
            page = self.node_page
        else:
            page = None
        if page is None:
            self.setCurrentWidget(self.empty)
            return
        page.show_node(node)
        self.setCurrentWidget(page)

    def _changed(self, node: Any, _fields: list[str]) -> None:
        page = self.page
        if page is not None and page.node is not None and (page.owns(node) or node in path_to(page.node)):
            page.refresh()

    def _structure(self, node: Any) -> None:
        page = self.page
        if page is None or page.node is None:
            return
        if not _in_plan(page.node):
            self.setCurrentWidget(self.empty)
            page.node = None
        else:
            page.refresh()


def _in_plan(node: Any) -> bool:
    chain = path_to(node)
    root = chain[0] if chain else None
    return isinstance(root, Category) and root.owner is not None and root in root.owner.categories and all(
        child in (parent.items if isinstance(parent, Project) else parent.projects if isinstance(parent, Pillar)
                  else [*parent.children, *parent.pillars])
        for parent, child in zip(chain, chain[1:])
    )
