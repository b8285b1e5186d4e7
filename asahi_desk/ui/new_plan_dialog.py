"""ファイル → 新しい計画… and ファイル → 次年度の計画を作る…: what the new plan is made from, then its file.

The new plan is always a new file with an identity of its own; the open plan
is never changed. After the plan file is written, the window opens it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..domain.model import Plan
from ..domain.money import FISCAL_YEARS, fiscal_year_label
from ..domain.new_plan import ListedProject, check_ward, empty_plan, plan_from_listing
from ..domain.rollover import RolloverOptions, next_year
from ..store import PlanFileError, write_new_plan
from .document import replacing, same_file
from .forms import plain_label, warn

if TYPE_CHECKING:
    from .host import Host

SAMPLE, EMPTY, LISTING, NEXT_YEAR = "sample", "empty", "listing", "next-year"
MAX_PROBLEMS_SHOWN = 15  # a listing with more bad cells says how many more


@dataclass
class NewPlanRequest:
    """What the user chose: the kind of new plan and what it needs."""

    kind: str
    ward: str = ""
    fiscal_year: int = 0
    listing: Path | None = None
    rows: list[ListedProject] = field(default_factory=list)
    options: RolloverOptions = field(default_factory=RolloverOptions)


def plan_for(request: NewPlanRequest, open_plan: Plan) -> Plan:
    """The new plan (not yet in a file); a ValueError says what is wrong in words for the user."""
    if request.kind == SAMPLE:
        from ..store.default_data import load_default_plan

        return load_default_plan()
    if request.kind == EMPTY:
        return empty_plan(request.ward, request.fiscal_year)
    if request.kind == LISTING:
        return plan_from_listing(request.ward, request.fiscal_year, request.rows)
    return next_year(open_plan, request.options)


class RolloverBox(QGroupBox):
    """What goes along to next year's plan besides the tree and its texts."""

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__("次年度に引き継ぐもの", parent)
        has_report = bool(plan.report.blocks or plan.report.panels)
        self.keep_report = QCheckBox(f"{plan.report.label or '資料２'}（報告）を引き継ぐ" if has_report
                                     else "資料２を引き継ぐ（この計画には資料２がありません）")
        self.keep_report.setEnabled(has_report)
        count = len(plan.attachments)
        self.keep_attachments = QCheckBox(f"綴じた PDF（{count} 件）を引き継ぐ" if count
                                          else "綴じた PDF を引き継ぐ（この計画には綴じた PDF がありません）")
        self.keep_attachments.setEnabled(bool(count))
        self.clear_overview = QCheckBox("予算のすがた・主な事業内容の数値を空にする（行は残します）")
        layout = QVBoxLayout(self)
        for box in (self.keep_report, self.keep_attachments, self.clear_overview):
            layout.addWidget(box)
        layout.addWidget(plain_label("事業・細事業・区分の額は、今年度の額が次年度の前年度になり、"
                                     "次年度の額も同じ額で始まります（点検が未更新の額を示します）。"))

    def options(self) -> RolloverOptions:
        return RolloverOptions(keep_report=self.keep_report.isChecked(),
                               keep_attachments=self.keep_attachments.isChecked(),
                               clear_overview=self.clear_overview.isChecked())


class NextYearDialog(QDialog):
    """ファイル → 次年度の計画を作る…: what goes along; the file is asked next."""

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("次年度の計画を作る")
        self.rollover = RolloverBox(plan)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("ファイルを選んで作る(&O)…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"{plan.year_label} {plan.ward}の計画から、{fiscal_year_label(plan.fiscal_year + 1)}"
                                     "の計画を新しいファイルに作ります。いま開いている計画は変わりません。"))
        layout.addWidget(self.rollover)
        layout.addWidget(buttons)

    def request(self) -> NewPlanRequest:
        return NewPlanRequest(NEXT_YEAR, options=self.rollover.options())


class NewPlanDialog(QDialog):
    """ファイル → 新しい計画…: the built-in sample, an empty plan, a plan from a listing, or next year's plan."""

    def __init__(self, plan: Plan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新しい計画")
        self.plan = plan
        self.rows: list[ListedProject] = []
        self.choices = {
            SAMPLE: QRadioButton("組み込みの見本（令和６年度 旭区）(&S)"),
            EMPTY: QRadioButton("空の計画（区と年度を指定、事業なし）(&E)"),
            LISTING: QRadioButton("事業別一覧表のブックから（柱・事業名・予算・前年度・課）(&L)"),
            NEXT_YEAR: QRadioButton(f"開いている計画（{plan.year_label} {plan.ward}）の次年度(&N)"),
        }
        self.group = QButtonGroup(self)
        for button in self.choices.values():
            self.group.addButton(button)
        self.ward = QLineEdit(plan.ward)
        self.ward.setPlaceholderText("例：青葉区")
        self.year = QSpinBox()
        self.year.setRange(*FISCAL_YEARS)
        self.year.setValue(plan.fiscal_year)
        self.year_label = plain_label()
        self.year.valueChanged.connect(self._show_year_label)
        self._show_year_label(self.year.value())
        self.listing = QLineEdit()
        self.listing.setPlaceholderText("一覧.xlsx")
        browse = QPushButton("参照(&B)…")
        browse.clicked.connect(self._choose_listing)
        self.rollover = RolloverBox(plan)

        self.details = QWidget()
        form = QFormLayout(self.details)
        form.addRow("区(&W)", self.ward)
        year_row = QHBoxLayout()
        year_row.addWidget(self.year)
        year_row.addWidget(self.year_label, 1)
        year_caption = QLabel("年度（西暦）(&Y)")
        year_caption.setBuddy(self.year)
        form.addRow(year_caption, year_row)
        self.listing_row = QWidget()
        listing_row = QHBoxLayout(self.listing_row)
        listing_row.setContentsMargins(0, 0, 0, 0)
        listing_row.addWidget(self.listing, 1)
        listing_row.addWidget(browse)
        form.addRow("一覧表のブック", self.listing_row)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("ファイルを選んで作る(&O)…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label("新しい計画ファイルを何から作りますか。いま開いている計画は変わりません。"))
        for button in self.choices.values():
            layout.addWidget(button)
        layout.addWidget(self.details)
        layout.addWidget(self.rollover)
        layout.addWidget(buttons)
        self.group.buttonToggled.connect(lambda _b, _on: self._follow_choice())
        self.choices[SAMPLE].setChecked(True)

    def choice(self) -> str:
        return next(kind for kind, button in self.choices.items() if button.isChecked())

    def choose(self, kind: str) -> None:
        self.choices[kind].setChecked(True)

    def _follow_choice(self) -> None:
        kind = self.choice()
        self.details.setEnabled(kind in (EMPTY, LISTING))
        self.listing_row.setEnabled(kind == LISTING)
        self.rollover.setEnabled(kind == NEXT_YEAR)

    def _show_year_label(self, year: int) -> None:
        self.year_label.setText(fiscal_year_label(year))

    def _choose_listing(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "事業別一覧表のブック", str(Path(self.listing.text()).parent),
                                              "Excel ブック (*.xlsx)")
        if name:
            self.listing.setText(name)

    def accept(self) -> None:
        """Close only on what can be made: the ward named, the listing read without a bad cell."""
        kind = self.choice()
        if kind in (EMPTY, LISTING):
            try:
                check_ward(self.ward.text())
            except ValueError as e:
                warn(self, str(e))
                self.ward.setFocus()
                return
        if kind == LISTING and not self._read_listing():
            return
        super().accept()

    def _read_listing(self) -> bool:
        from ..excel.listing import read_listing

        text = self.listing.text().strip()
        if not text:
            warn(self, "事業別一覧表のブック（.xlsx）を選んでください。")
            return False
        path = Path(text)
        if not path.is_file():
            warn(self, f"「{path.name}」が見つかりません。ブックの場所を確かめてください。")
            return False
        listing = read_listing(path)
        if not listing.ok:
            shown = [str(p) for p in listing.errors[:MAX_PROBLEMS_SHOWN]]
            more = len(listing.errors) - len(shown)
            warn(self, f"「{path.name}」から計画を作れません。次のセルを直してください。\n\n"
                 + "\n".join(shown) + (f"\nほか {more} 件" if more > 0 else ""))
            return False
        self.rows = listing.rows
        return True

    def request(self) -> NewPlanRequest:
        kind = self.choice()
        return NewPlanRequest(kind, ward=self.ward.text().strip(), fiscal_year=self.year.value(),
                              listing=Path(self.listing.text().strip()) if kind == LISTING else None,
                              rows=list(self.rows), options=self.rollover.options())


def new_plan(window: Host) -> None:
    """ファイル → 新しい計画…"""
    dialog = NewPlanDialog(window.doc.plan, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        make_plan_file(window, dialog.request())


def next_year_plan(window: Host) -> None:
    """ファイル → 次年度の計画を作る…"""
    dialog = NextYearDialog(window.doc.plan, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        make_plan_file(window, dialog.request())


def make_plan_file(window: Host, request: NewPlanRequest) -> Path | None:
    """Ask for the new file, write the plan there whole, and open it; None when nothing was made."""
    try:
        plan = plan_for(request, window.doc.plan)
    except ValueError as e:
        warn(window, str(e))
        return None
    suggestion = window.doc.path.with_name(f"{plan.year_label}_{plan.ward}.sqlite")
    name, _ = QFileDialog.getSaveFileName(window, "新しい計画ファイル", str(suggestion), "計画ファイル (*.sqlite)")
    if not name:
        return None
    path = Path(name) if name.endswith(".sqlite") else Path(name).with_suffix(".sqlite")
    if same_file(path, window.doc.path):
        warn(window, f"「{path.name}」はこのウィンドウで開いているため、新しい計画で置き換えられません。"
             "別の名前を選んでください。")
        return None
    if path.is_dir():
        warn(window, f"「{path.name}」はフォルダーです。計画ファイルの名前を選んでください。")
        return None
    try:
        with window.busy("新しい計画ファイルを作っています…"), replacing(path):
            write_new_plan(path, plan, overwrite=True)  # the save dialog asked before replacing a file
    except (PlanFileError, ValueError) as e:
        warn(window, str(e))
        return None
    window.openRequested.emit(path)
    return path
