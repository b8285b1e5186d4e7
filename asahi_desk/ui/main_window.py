"""The main window: the tree with live totals, the detail editor, the meeting's papers, the findings,
the history, the preview; workbooks and the packet from the File menu."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..domain.checks import run_checks

from ..domain.findings import LEVEL_LABELS, Finding, count_by_level
from ..domain.meeting import part_labels
from ..domain.model import Category, Item, Pillar, Project, parent_of
from ..domain.money import format_table
from ..lock import LockOwner
from ..store import PlanFileError
from ..version import version
from .about import AboutDialog
from .commands import InsertCommand, MoveCommand, RemoveCommand, adopt_computed
from .detail import DetailEditor
from .document import PlanDocument, path_to
from .exchange import WorkbookExchange
from .findings import FindingsView, level_icons
from .follow import FileFollower
from .history import HistoryPanel
from .panes import Panes
from .forms import ask, message_box, plain_label, warn
from .meeting import MeetingEditor
from .new_plan_dialog import new_plan, next_year_plan
from .plan_settings_dialog import edit_plan_settings
from .paste_rows import paste_rows
from .plan_model import PlanTreeModel
from .packet_output import PacketOutput
from .preview import PreviewPane, Renderer, Renders
from .row_moves import ACROSS_KEYS, across_place, across_refusal, end_message, step_within
from .settings import AppSettings, SettingsDialog
from .tasks import Tasks
from .tree_view import PlanTreeView
from .versions import VersionsPane, follow_reload

NEW_PROJECT = "新しい事業"
NEW_ITEM = "新しい細事業"


class MainWindow(PacketOutput, QMainWindow):
    """One window over one plan file."""

    openRequested = Signal(object)  # a Path to open in a new window
    checked = Signal()  # the findings were brought up to date

    CHECK_DELAY_MS = 150  # consecutive edits are checked once

    def __init__(self, doc: PlanDocument, settings: AppSettings, *, lock_owner: LockOwner | None = None,
                 renderer: Renderer | None = None) -> None:
        super().__init__()
        self.doc = doc
        self.settings = settings
        self.lock_owner = lock_owner
        self.findings: list[Finding] = []
        doc.setParent(self)
        self.setWindowTitle(f"{doc.path.name}{'（読み取り専用）' if doc.readonly else ''} — Asahi Desk {version()}")

        icons = level_icons(self)
        self.model = PlanTreeModel(doc, icons)
        self.tree = PlanTreeView()
        self.tree.setModel(self.model)
        self.tree.setObjectName("planTree")
        self.model.inputRejected.connect(self._input_rejected)
        self.tree.delegate.rejected.connect(lambda _i, message: self.statusBar().showMessage(message, 8000))
        self.tree.typedOnFixed.connect(lambda index: self._input_rejected(index, self.model.why_fixed(index)))

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = plain_label()
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("QLabel { background: #fff2cc; color: #5c4400; border-bottom: 1px solid #d6b656;"
                                  " padding: 6px 10px; font-weight: bold; }")
        self.banner.setVisible(doc.readonly)
        self.banner.setText(self._readonly_text())
        layout.addWidget(self.banner)
        layout.addWidget(self.tree)
        self.setCentralWidget(central)

        self.detail = DetailEditor(doc)
        self.findings_view = FindingsView(icons)
        self.findings_view.jumpRequested.connect(self.select_node)
        self.findings_view.placeRequested.connect(self.show_finding_place)
        self.findings_view.adoptRequested.connect(lambda node: adopt_computed(self.doc, [node]))
        self.history = HistoryPanel(doc)
        self.undo_view = self.history.undo_view
        self.renders = Renders(doc.path, renderer, self)
        self.renders.fonts = (settings.mincho, settings.gothic)
        self.renders.labels = part_labels(doc.plan)
        self.preview = PreviewPane(self.renders)
        self.tasks = Tasks(self)  # workbooks and PDFs written or read away from the GUI thread
        self.tasks.failed.connect(self.show_message)
        self.exchange = WorkbookExchange(self)
        self.meeting = MeetingEditor(doc, self.tasks)
        self.versions = VersionsPane(doc, self.tasks, self.model)
        self.versions.jumpRequested.connect(self.select_node)
        self.versions.openRequested.connect(self.openRequested)
        self.history.versionActivated.connect(self.versions.reveal)

        self.detail_dock = self._dock("詳細", "detailDock", self.detail, Qt.DockWidgetArea.RightDockWidgetArea)
        self.meeting_dock = self._dock("会議資料", "meetingDock", self.meeting, Qt.DockWidgetArea.RightDockWidgetArea)
        self.preview_dock = self._dock("プレビュー", "previewDock", self.preview,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.preview_dock.visibilityChanged.connect(self.preview.follow_visibility)
        self.findings_dock = self._dock("点検", "findingsDock", self.findings_view,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.history_dock = self._dock("変更履歴", "historyDock", self.history,
                                       Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.detail_dock, self.meeting_dock)
        self.tabifyDockWidget(self.meeting_dock, self.preview_dock)
        self.versions_dock = self._dock("版", "versionsDock", self.versions, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.findings_dock, self.history_dock)
        self.tabifyDockWidget(self.history_dock, self.versions_dock)
        self.detail_dock.raise_()
        self.findings_dock.raise_()
        self.resizeDocks([self.detail_dock], [500], Qt.Orientation.Horizontal)

        self.total_label = plain_label()
        self.count_label = plain_label()
        self.saved_label = plain_label("読み取り専用" if doc.readonly else "変更はすべて保存されています")
        for label in (self.total_label, self.count_label, self.saved_label):
            self.statusBar().addPermanentWidget(label)

        self._build_actions()
        self.panes = Panes(self)  # F6 / Shift+F6 and Ctrl+1…6: the keyboard goes to every pane
        self._build_menus()
        self._build_toolbar()

        self.check_timer = QTimer(self, singleShot=True, interval=self.CHECK_DELAY_MS)
        self.check_timer.timeout.connect(self.run_checks)
        doc.modified.connect(self.check_timer.start)
        doc.modified.connect(self.preview.schedule)
        doc.modified.connect(self._update_totals)
        doc.failed.connect(self._failed)
        doc.undo_stack.indexChanged.connect(lambda _i: self._update_actions())
        self.tree.selectionModel().currentChanged.connect(self._current_changed)
        self.just_added: tuple[Any, Any, Any] = (None, None, None)  # a row added, its command, the row before
        self.tree.editCancelled.connect(self._edit_cancelled)
        follow_reload(self)
        doc.reloaded.connect(lambda: setattr(self.renders, "labels", part_labels(self.doc.plan)))

        self.tree.expandToDepth(2)
        self.tree.setCurrentIndex(self.model.index(0, 0))
        self.run_checks()
        self._update_totals()
        self._update_actions()
        self._restore_layout()
        self.follower = FileFollower(self)  # a read-only window reads the file again when another window changed it

    # Building ---------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, text: str, slot: Callable[[], Any], shortcut: Any = None, tip: str = "",
                tree_only: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text.split('(')[0]}　{tip}")
        action.triggered.connect(lambda _checked=False: slot())
        if tree_only:  # keys such as Delete belong to the tree, not to the text fields of the details
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.tree.addAction(action)
        return action

    def _build_actions(self) -> None:
        stack = self.doc.undo_stack
        self.undo_action = stack.createUndoAction(self, "元に戻す")
        self.undo_action.setShortcuts([QKeySequence(QKeySequence.StandardKey.Undo)])
        self.redo_action = stack.createRedoAction(self, "やり直す")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])

        self.new_action = self._action("新しい計画(&N)…", self.new_plan, None,
                                       "見本・空の計画・事業別一覧表・次年度から新しい計画ファイルを作ります")
        self.next_year_action = self._action("次年度の計画を作る(&Y)…", lambda: next_year_plan(self), None,
                                             "今年度の額を前年度にした次年度の計画ファイルを作ります（この計画は変わりません）")
        self.open_action = self._action("開く(&O)…", self.open_plan, QKeySequence.StandardKey.Open,
                                        "計画ファイルを開きます")
        self.copy_action = self._action("別名でコピーを保存(&A)…", self.save_copy, QKeySequence("Ctrl+Shift+S"),
                                        "この計画のコピーを別のファイルに保存します（写真も含みます）")
        self.backups_action = self._action("バックアップから復元(&B)…", self.restore_from_backup, None,
                                           "自動で作られたバックアップの一覧から、計画を戻すか新しいファイルにします")
        self.export_workbook_action = self._action(
            "ワークブックに書き出す(&W)…", self.exchange.export_workbook, None,
            "計画全体、または課ごとの事業を Excel ブックにします（課に記入してもらうブック）")
        self.import_workbook_action = self._action(
            "ワークブックを取り込む(&I)…", self.exchange.import_workbook, None,
            "課が記入したブックを点検し、計画との違いを確かめてから取り込みます")
        self.export_action = self._action("資料１を PDF に書き出す(&E)…", self.export_pdf, QKeySequence("Ctrl+E"),
                                          "資料１を PDF ファイルにします")
        self.print_action = self._action("資料１を印刷(&P)…", self.print_plan, QKeySequence.StandardKey.Print,
                                         "資料１を印刷します")
        self.export_packet_action = self._action("会議資料一式を PDF に書き出す(&G)…", self.export_packet,
                                                 QKeySequence("Ctrl+Shift+E"),
                                                 "次第・資料１・資料２（と添付した PDF）をひとつの PDF にします")
        self.export_handouts_action = self._action("資料ごとに PDF に書き出す(&D)…", self.export_handouts, None,
                                                   "次第.pdf・資料１.pdf・資料２.pdf … をフォルダーに書き出します（メール用）")
        self.print_packet_action = self._action("会議資料一式を印刷(&L)…", self.print_packet, QKeySequence("Ctrl+Shift+P"),
                                                "次第・資料１・資料２（と添付した PDF）を続けて印刷します")
        self.save_version_action = self._action("版を保存(&V)…", self.versions.ask_save, None,
                                                "いまの計画を版として残します（版タブで比べたり戻したりできます）")
        self.plan_settings_action = self._action("計画の設定(&M)…", lambda: edit_plan_settings(self.doc, self), None,
                                                 "区・年度・作成する課・スローガンとマスコット・区の課・総括表の額")
        self.settings_action = self._action("設定(&T)…", self.edit_settings, QKeySequence("Ctrl+,"),
                                            "PDF のフォント、増減率のお知らせ、文字の大きさ")
        self.close_action = self._action("閉じる(&C)", self.close, QKeySequence.StandardKey.Close)
        self.quit_action = self._action("終了(&X)", QApplication.closeAllWindows, QKeySequence("Ctrl+Q"))
        self.about_action = self._action("バージョン情報(&A)…", lambda: AboutDialog(self.doc, self).exec(), None,
                                         "バージョン、計画ファイル、データフォルダー（問い合わせのときに）")

        self.add_project_action = self._action("事業を追加(&J)", self.add_project, QKeySequence("Ctrl+Shift+N"),
                                               "選んだ行の下に事業を追加します")
        self.add_item_action = self._action("細事業を追加(&I)", self.add_item, [QKeySequence("Ctrl+N"),
                                                                              QKeySequence("Ctrl+Insert")],
                                            "選んだ行の下に細事業を追加します")
        self.paste_action = self._action("行を貼り付け(&V)", lambda: paste_rows(self), QKeySequence.StandardKey.Paste,
                                         "Excel でコピーした 名称・予算・前年度（・課）の行を、柱には事業、事業には細事業として貼り付けます",
                                         tree_only=True)
        self.delete_action = self._action("削除(&D)", self.delete_node, QKeySequence.StandardKey.Delete,
                                          "選んだ行を削除します", tree_only=True)
        self.up_action = self._action("上へ移動(&U)", lambda: self.move_node(-1), QKeySequence("Alt+Up"),
                                      "選んだ行をひとつ上へ", tree_only=True)
        self.down_action = self._action("下へ移動(&W)", lambda: self.move_node(+1), QKeySequence("Alt+Down"),
                                        "選んだ行をひとつ下へ", tree_only=True)
        self.up_across_action = self._action("前の柱（事業）へ移す(&B)", lambda: self.move_across(-1),
                                             QKeySequence(ACROSS_KEYS[0]),
                                             "事業を前の柱の最後へ、細事業を前の事業の最後へ移します", tree_only=True)
        self.down_across_action = self._action("次の柱（事業）へ移す(&N)", lambda: self.move_across(+1),
                                               QKeySequence(ACROSS_KEYS[1]),
                                               "事業を次の柱の最初へ、細事業を次の事業の最初へ移します", tree_only=True)
        self.adopt_action = self._action("計算値を記載額にする(&S)", self.adopt_selected, QKeySequence("Ctrl+Shift+K"),
                                         "選んだ行とその上の区分・柱の記載額を、いまの計算値に置き換えます")
        self.check_action = self._action("点検をやり直す(&K)", self.run_checks, QKeySequence("F9"))
        self.expand_action = self._action("すべて展開(&E)", self.tree.expandAll)
        self.collapse_action = self._action("事業まで表示(&C)", lambda: (self.tree.collapseAll(),
                                                                     self.tree.expandToDepth(2)))

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("ファイル(&F)")
        menu.addAction(self.new_action)
        menu.addAction(self.next_year_action)
        menu.addAction(self.open_action)
        self.recent_menu = menu.addMenu("最近使ったファイル(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        menu.addAction(self.copy_action)
        menu.addAction(self.save_version_action)
        menu.addAction(self.backups_action)
        menu.addSeparator()
        menu.addAction(self.export_workbook_action)
        menu.addAction(self.import_workbook_action)
        menu.addSeparator()
        menu.addAction(self.export_action)
        menu.addAction(self.print_action)
        menu.addSeparator()
        menu.addAction(self.export_packet_action)
        menu.addAction(self.export_handouts_action)
        menu.addAction(self.print_packet_action)
        menu.addSeparator()
        menu.addAction(self.plan_settings_action)
        menu.addAction(self.settings_action)
        menu.addSeparator()
        menu.addAction(self.close_action)
        menu.addAction(self.quit_action)

        menu = self.menuBar().addMenu("編集(&E)")
        menu.addAction(self.undo_action)
        menu.addAction(self.redo_action)
        menu.addSeparator()
        for action in (self.add_project_action, self.add_item_action, self.paste_action, self.delete_action, self.up_action,
                       self.down_action, self.up_across_action, self.down_across_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.adopt_action)
        menu.addAction(self.check_action)

        menu = self.menuBar().addMenu("表示(&V)")
        menu.addAction(self.expand_action)
        menu.addAction(self.collapse_action)
        menu.addSeparator()
        for dock in (self.detail_dock, self.meeting_dock, self.preview_dock, self.findings_dock, self.history_dock,
                     self.versions_dock):
            menu.addAction(dock.toggleViewAction())
        menu.addSeparator()
        self.panes.fill_menu(menu)

        menu = self.menuBar().addMenu("ヘルプ(&H)")
        menu.addAction(self.about_action)

    def _build_toolbar(self) -> None:
        bar = QToolBar("ツールバー", self)
        bar.setObjectName("mainToolBar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        bar.setMovable(False)
        for action in (self.undo_action, self.redo_action, None, self.add_project_action, self.add_item_action,
                       self.delete_action, self.up_action, self.down_action, None, self.adopt_action, None,
                       self.export_action, self.print_action):
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        # short labels, each with an Alt+letter of its own: none of the menu bar's (F E V H) nor of the 詳細 panel's
        for action, label in ((self.add_project_action, "事業を追加(&J)"), (self.add_item_action, "細事業を追加(&I)"),
                              (self.delete_action, "削除(&D)"), (self.up_action, "上へ移動(&U)"),
                              (self.down_action, "下へ移動(&W)"), (self.adopt_action, "計算値を記載額に(&K)"),
                              (self.export_action, "資料１を PDF に(&R)"), (self.print_action, "資料１を印刷(&P)")):
            action.setIconText(label)
        self.toolbar = bar
        self.addToolBar(bar)

    def _readonly_text(self) -> str:
        if self.doc.store.file.notice:
            return self.doc.store.file.notice
        if self.lock_owner is not None:
            return (f"このファイルは別のウィンドウ（{self.lock_owner.text}）で編集中のため、読み取り専用で開いています。"
                    "ここでの変更はできません。" + self.lock_owner.advice)
        return "このファイルは書き込めないため、読み取り専用で開いています。書き込める場所にコピーしてから開いてください。"

    # The selection ------------------------------------------------------------------------

    def current_node(self) -> Any:
        return self.model.node(self.tree.currentIndex())

    def select_node(self, node: Any) -> None:
        """Show a node: expand its path, select its row, show its details (a finding's double-click)."""
        tree_path = path_to(node)
        if not tree_path:
            self.statusBar().showMessage(f"「{getattr(node, 'label', '')}」は表にない項目です。", 6000)
            return
        target = tree_path[-1]
        for ancestor in tree_path[:-1]:
            self.tree.expand(self.model.index_of(ancestor))
        index = self.model.index_of(target)
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        self.tree.setFocus()

    def show_finding_place(self, finding: Finding) -> None:
        """A finding about the 次第 or a handout opens its page of the 会議資料 dock."""
        if self.meeting.show_finding(finding):
            self.meeting_dock.show()
            self.meeting_dock.raise_()

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = self.model.node(current)
        self.detail.show_node(node)
        project = node if isinstance(node, Project) else node.project if isinstance(node, Item) else None
        self.preview.show_project(project.id if project is not None else None)
        self._update_actions()

    def _update_actions(self) -> None:
        node = self.current_node()
        writable = not self.doc.readonly
        self.add_project_action.setEnabled(writable and isinstance(node, (Pillar, Project, Item)))
        self.add_item_action.setEnabled(writable and isinstance(node, (Project, Item)))
        movable = writable and isinstance(node, (Pillar, Project, Item))
        self.delete_action.setEnabled(movable)
        for action in (self.up_action, self.down_action):  # at an end they say so, and keep the key
            action.setEnabled(movable)
        for action in (self.up_across_action, self.down_across_action):
            action.setEnabled(writable and isinstance(node, (Project, Item)))
        self.adopt_action.setEnabled(writable and node is not None)
        self.import_workbook_action.setEnabled(writable)

    # Editing the structure -------------------------------------------------------------------

    def add_project(self) -> None:
        node = self.current_node()
        if isinstance(node, Item):
            node = node.project
        if isinstance(node, Project):
            pillar, index = node.pillar, node.pillar.projects.index(node) + 1  # type: ignore[union-attr]
        elif isinstance(node, Pillar):
            pillar, index = node, len(node.projects)
        else:
            return
        self._add(Project(NEW_PROJECT), pillar, index)

    def add_item(self) -> None:
        node = self.current_node()
        if isinstance(node, Item):
            project, index = node.project, node.project.items.index(node) + 1  # type: ignore[union-attr]
        elif isinstance(node, Project):
            project, index = node, len(node.items)
        else:
            return
        self._add(Item(NEW_ITEM, 0), project, index)

    def _add(self, node: Project | Item, parent: Any, index: int) -> None:
        """Insert a row, select it and open its name for typing (the placeholder selected, so typing replaces it)."""
        if self.tree.state() == PlanTreeView.State.EditingState:  # what was being typed is stored first
            self.tree.setFocus()
        before = self.current_node()
        command = InsertCommand(self.doc, node, parent, index)
        if not self.doc.run(command):
            return
        self.select_node(node)
        name = self.model.index_of(node, PlanTreeModel.COL_NAME)
        self.tree.setCurrentIndex(name)
        self.tree.edit(name)
        editor = self.tree.indexWidget(name) or self.tree.focusWidget()
        if isinstance(editor, QLineEdit):
            editor.selectAll()
        self.just_added = (node, command, before)

    def _edit_cancelled(self, index: QModelIndex) -> None:
        """Esc on a row just added and still unnamed takes the addition back."""
        node, command, before = self.just_added
        self.just_added = (None, None, None)
        stack = self.doc.undo_stack
        if (node is not None and self.model.node(index) is node and node.name in (NEW_PROJECT, NEW_ITEM)
                and stack.index() > 0 and stack.command(stack.index() - 1) is command):
            stack.undo()
            if before is not None and path_to(before):
                self.select_node(before)
            self.statusBar().showMessage(f"「{node.name}」の追加を取り消しました。", 6000)

    def confirm(self, question: str) -> bool:
        return ask(self, question)

    def delete_node(self) -> None:
        node = self.current_node()
        if not isinstance(node, (Pillar, Project, Item)):
            if isinstance(node, Category):
                self.statusBar().showMessage("区分は削除できません。", 6000)
            return
        children = self.model.children_of(node)
        if children:
            kind = "事業" if isinstance(node, Pillar) else "細事業"
            label = node.label if isinstance(node, Pillar) else f"{node.code}　{node.name}"
            if not self.confirm(f"「{label}」には{kind}が {len(children)} 件あります。まとめて削除しますか？\n"
                                "（元に戻す で取り消せます）"):
                return
        siblings = self.doc.store.siblings(node)
        position = siblings.index(node)
        parent = parent_of(node)
        if self.doc.run(RemoveCommand(self.doc, node)):
            rest = self.model.children_of(parent)
            self.select_node(rest[min(position, len(rest) - 1)] if rest else parent)

    def move_node(self, step: int) -> None:
        """Alt+↑/↓: within its own list only; at the end the row stays and the status bar says why."""
        node = self.current_node()
        if not isinstance(node, (Pillar, Project, Item)):
            return
        index = step_within(self.doc.store.siblings(node), node, step)
        if index is None:
            self.statusBar().showMessage(end_message(node, step), 10000)
            return
        self._move(node, parent_of(node), index)

    def move_across(self, step: int) -> None:
        """Alt+Shift+↑/↓: a 事業 into the neighbouring 柱, a 細事業 into the neighbouring 事業."""
        node = self.current_node()
        place = across_place(node, step) if isinstance(node, (Project, Item)) else None
        if place is None:
            self.statusBar().showMessage(across_refusal(node, step), 8000)
            return
        parent, index = place
        self.tree.expand(self.model.index_of(parent))
        self._move(node, parent, index)

    def _move(self, node: Any, parent: Any, index: int) -> None:
        column = self.tree.currentIndex().column()
        if self.doc.run(MoveCommand(self.doc, node, parent, index)):
            self.tree.setCurrentIndex(self.model.index_of(node, column))

    def adopt_selected(self) -> None:
        node = self.current_node()
        if node is not None and not adopt_computed(self.doc, list(reversed(path_to(node)))):
            self.statusBar().showMessage("記載額はすでに計算値と一致しています。", 6000)

    # Following changes ---------------------------------------------------------------------

    def run_checks(self) -> None:
        self.check_timer.stop()
        self.findings = run_checks(self.doc.plan, self.settings.check_settings)
        self.model.set_findings(self.findings)
        self.findings_view.set_findings(self.findings)
        counts = count_by_level(self.findings)
        self.count_label.setText("　".join(f"{LEVEL_LABELS[k]} {v}" for k, v in counts.items()))
        errors = counts.get("error", 0)
        self.findings_dock.setWindowTitle(f"点検（エラー {errors} 件）" if errors else "点検")
        self.checked.emit()

    def _update_totals(self) -> None:
        root = self.doc.plan.total_category
        if root is not None:
            self.total_label.setText(f"{root.name} {format_table(self.model.totals(root)[0])}千円")

    def _input_rejected(self, index: QModelIndex, message: str) -> None:
        self.tree.balloon.show_at(index, message)
        self.statusBar().showMessage(message, 8000)

    def _failed(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        warn(self, message)

    # Files -------------------------------------------------------------------------------

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = [p for p in self.settings.recent_files if p.exists()]
        if not files:
            self.recent_menu.addAction("（なし）").setEnabled(False)
        for n, path in enumerate(files, 1):
            action = self.recent_menu.addAction(f"&{n} {path.name}　{path.parent}")
            action.triggered.connect(lambda _c=False, p=path: self.openRequested.emit(p))

    def _folder(self) -> str:
        return str(self.doc.path.parent)

    def open_plan(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "計画ファイルを開く", self._folder(), "計画ファイル (*.sqlite)")
        if name:
            self.openRequested.emit(Path(name))

    def new_plan(self) -> None:
        new_plan(self)

    def restore_from_backup(self) -> None:
        from .backups_dialog import restore_from_backup

        restore_from_backup(self)

    def save_copy(self) -> None:
        suggestion = str(self.doc.path.with_name(f"{self.doc.path.stem}のコピー.sqlite"))
        name, _ = QFileDialog.getSaveFileName(self, "別名でコピーを保存", suggestion, "計画ファイル (*.sqlite)")
        if not name:
            return
        try:
            with self.busy("コピーを保存しています…"):
                self.doc.save_copy(Path(name))
        except PlanFileError as e:
            warn(self, str(e))
            return
        self.statusBar().showMessage(f"「{Path(name).name}」にコピーを保存しました。", 8000)

    @contextmanager
    def busy(self, text: str) -> Iterator[None]:
        """A wait cursor and a word in the status bar for what takes a moment."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        self.statusBar().showMessage(text)
        QApplication.processEvents()
        try:
            yield
        finally:
            QApplication.restoreOverrideCursor()
            self.statusBar().clearMessage()

    # Messages ----------------------------------------------------------------------------------

    def show_message(self, text: str, *, information: bool = False) -> QMessageBox:
        """A message box that does not stop the window (it is window-modal, shown with open())."""
        box = message_box(self, text, QMessageBox.Icon.Information if information else QMessageBox.Icon.Warning)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.statusBar().showMessage(text, 10000)
        return box

    # Settings and layout ----------------------------------------------------------------------

    def edit_settings(self) -> None:
        dialog = SettingsDialog(self.settings, self)
        if dialog.exec():
            self.apply_settings()

    def apply_settings(self) -> None:
        app = QApplication.instance()
        if app is not None:
            self.settings.apply_font(app)
        self.renders.fonts = (self.settings.mincho, self.settings.gothic)
        self.run_checks()
        self.preview.schedule()

    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 860)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        else:  # about eight findings in view at first; after that, the clerk's own height comes back
            self.resizeDocks([self.findings_dock], [10 * self.fontMetrics().height() + 60], Qt.Orientation.Vertical)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_value("window/geometry", self.saveGeometry())
        self.settings.set_value("window/state", self.saveState())
        self.check_timer.stop()
        self.preview.timer.stop()
        self.renders.wait()
        self.tasks.wait()
        super().closeEvent(event)
        self.doc.close()
