"""The detail editor: every field becomes a named, undoable, stored change; photos are checked images."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from asahi_desk.store import open_store
from asahi_desk.ui.detail import DetailEditor, ImageError, read_image

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture
def editor(doc, qtbot):
    widget = DetailEditor(doc)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def reload(doc):
    store = open_store(doc.path, readonly=True)
    plan = store.plan
    store.close()
    return plan


def image_file(tmp_path, name="photo.png", fmt="PNG"):
    image = QImage(64, 48, QImage.Format.Format_RGB32)
    image.fill(QColor("#3a7d44"))
    path = tmp_path / name
    assert image.save(str(path), fmt)
    return path


def test_project_purpose_notes_and_sections_are_stored(editor, doc, qtbot):
    project = doc.plan.project("Ⅱ-3")
    editor.show_node(project)
    page = editor.project_page
    assert editor.currentWidget() is page
    assert page.heading.text().startswith("Ⅱ-３")

    page.purpose.setPlainText("地域の防犯力を高めます。")
    page.purpose.clearFocus()
    qtbot.waitUntil(lambda: project.purpose == "地域の防犯力を高めます。", timeout=3000)
    assert doc.undo_stack.undoText() == "目的の変更"

    sections = page.sections
    names = [sections.item(i).text() for i in range(sections.count())]
    sections.item(names.index("土木事務所")).setCheckState(Qt.CheckState.Checked)
    assert "土木事務所" in [s.name for s in project.sections]
    assert doc.undo_stack.undoText() == "課の変更"
    assert "土木事務所" in [s.name for s in reload(doc).project("Ⅱ-3").sections]

    doc.undo_stack.undo()
    assert "土木事務所" not in [s.name for s in project.sections]
    assert sections.item(names.index("土木事務所")).checkState() == Qt.CheckState.Unchecked


def test_indicators_are_added_and_edited(editor, doc):
    project = doc.plan.project("Ⅰ-1")
    editor.show_node(project)
    page = editor.project_page
    count = len(project.indicators)
    page.add_indicator()
    assert len(project.indicators) == count + 1
    assert page.indicators.rowCount() == count + 1
    page.indicators.item(count, 1).setText("120")
    assert project.indicators[-1].target == "120"
    assert doc.undo_stack.undoText() == "事業指標の変更"
    assert reload(doc).project("Ⅰ-1").indicators[-1].target == "120"


def test_bureau_amount_that_cannot_be_read_is_refused(editor, doc):
    project = next(p for p in doc.plan.projects() if p.bureau_projects)
    editor.show_node(project)
    page = editor.project_page
    before = project.bureau_projects[0].amount
    page.bureau.item(0, 2).setText("たくさん")
    assert "金額として読めません" in page.message.text()
    assert project.bureau_projects[0].amount == before


def test_photo_from_file_goes_into_the_plan_path(editor, doc, tmp_path):
    project = doc.plan.project("Ⅰ-1")
    editor.show_node(project)
    page = editor.project_page
    count = len(project.photos)
    path = image_file(tmp_path, "訓練.jpg", "JPEG")
    page.add_photo_files([path])
    assert len(project.photos) == count + 1
    photo = project.photos[-1]
    assert photo.media_type == "image/jpeg" and photo.image == path.read_bytes()
    assert page.photos.count() == count + 1 and not page.photos.item(count).icon().isNull()
    page.caption.setText("防災訓練の様子")
    page.caption.editingFinished.emit()
    assert photo.caption == "防災訓練の様子"
    stored = reload(doc).project("Ⅰ-1").photos[-1]
    assert stored.image == path.read_bytes() and stored.caption == "防災訓練の様子"
    assert doc.undo_stack.undoText() == "写真の説明の変更"


def test_a_file_that_is_not_an_image_is_refused(editor, doc, tmp_path):
    project = doc.plan.project("Ⅰ-1")
    editor.show_node(project)
    page = editor.project_page
    count = len(project.photos)
    fake = tmp_path / "写真.jpg"
    fake.write_text("これは画像ではありません", encoding="utf-8")
    page.add_photo_files([fake])
    assert len(project.photos) == count
    assert "「写真.jpg」は JPEG・PNG の画像ではありません" in page.photo_message.text()


def test_read_image_knows_png_and_refuses_gif(tmp_path):
    assert read_image(image_file(tmp_path).read_bytes()) == "image/png"
    gif = image_file(tmp_path, "a.gif", "GIF") if "gif" in _writable_formats() else None
    if gif is not None:
        with pytest.raises(ImageError):
            read_image(gif.read_bytes(), "a.gif")
    with pytest.raises(ImageError, match="壊れている"):
        read_image(image_file(tmp_path).read_bytes()[:60], "half.png")


def _writable_formats():
    from PySide6.QtGui import QImageWriter

    return [bytes(f.data()).decode() for f in QImageWriter.supportedImageFormats()]


def test_item_mark_lines_and_amount(editor, doc, qtbot):
    item = doc.plan.item("Ⅰ-1-2")
    editor.show_node(item)
    page = editor.item_page
    page.mark.setCurrentIndex(1)
    assert item.mark == "新"
    assert doc.undo_stack.undoText() == "印の変更"

    page.lines.setPlainText("防災訓練を行います\n\n（通年）")
    page.lines.clearFocus()
    qtbot.waitUntil(lambda: item.lines == ["防災訓練を行います", "（通年）"], timeout=3000)

    before = item.amount
    page.amount.setText("abc")
    page.amount.editingFinished.emit()
    assert "金額として読めません" in page.message.text()
    assert item.amount == before
    page.amount.setText("▲１２")
    page.amount.editingFinished.emit()
    assert item.amount == -12 and page.message.text() == ""
    assert page.amount.text() == "▲ 12"


def test_lump_sum_detail_edits_its_amount_and_adopts_the_computed_figures(editor, doc):
    lump = doc.plan.category("統合事務費")
    editor.show_node(lump)
    page = editor.node_page
    page.amount.setText("25,000")
    page.amount.editingFinished.emit()
    assert lump.amount == 25000
    parent = lump.parent
    editor.show_node(parent)
    assert "計算値" in page.stated.text() and page.adopt_button.isEnabled()
    page.adopt_button.click()
    assert parent.stated_amount == parent.current
    assert doc.plan.total_category.stated_amount == doc.plan.total_category.current
    assert not page.adopt_button.isEnabled()


def test_enter_in_a_computed_amount_stores_nothing(editor, doc, qtbot):
    """A read-only QLineEdit still sends editingFinished on Enter: a figure computed from below stays computed."""
    plan = doc.plan
    cases = [
        (plan.category("自主企画事業費"), editor.node_page, ("amount", "last_year")),
        (plan.pillars()[0], editor.node_page, ("amount", "last_year")),
        (plan.project("Ⅰ-1"), editor.project_page, ("amount",)),  # the sum of its 細事業
        (plan.project("Ⅴ-1"), editor.project_page, ("amount", "last_year")),  # 統合事業費: each 細事業 has its 前年度
        (plan.item("Ⅰ-1-1"), editor.item_page, ("last_year",)),  # only 統合事業費 items carry a 前年度
    ]
    for node, page, fields in cases:
        editor.show_node(node)
        for field in fields:
            edit = page.amount if field == "amount" else page.last_year
            assert edit.isReadOnly(), (node.name, field)
            edit.setFocus()
            qtbot.keyClick(edit, Qt.Key.Key_Return)
        assert doc.undo_stack.count() == 0, node.name
    stored = reload(doc)
    assert stored.category("自主企画事業費").amount is None and stored.category("自主企画事業費").last_year is None
    assert stored.project("Ⅰ-1").amount is None
    assert stored.project("Ⅴ-1").amount is None and stored.project("Ⅴ-1").last_year is None
    assert stored.item("Ⅰ-1-1").last_year is None


def test_the_detail_panel_and_the_tree_agree_on_which_amounts_are_typed(editor, doc, model):
    from asahi_desk.ui.plan_model import PlanTreeModel as M

    plan = doc.plan
    for node in [*plan.walk_categories(), *plan.pillars(), *plan.projects(), *plan.items()]:
        editor.show_node(node)
        page = editor.page
        for field, column in (("amount", M.COL_CURRENT), ("last_year", M.COL_LAST)):
            editable = bool(model.flags(model.index_of(node, column)) & Qt.ItemFlag.ItemIsEditable)
            edit = page.amount if field == "amount" else page.last_year
            assert edit.isReadOnly() is not editable, (node.name, field)


def test_photos_are_decoded_once_not_at_every_edit_of_the_project(editor, doc, tmp_path, monkeypatch):
    from asahi_desk.ui import detail

    decoded = []
    real = detail.thumbnail
    monkeypatch.setattr(detail, "thumbnail", lambda photo: decoded.append(photo) or real(photo))
    project = doc.plan.project("Ⅰ-1")
    photos = list(project.photos)
    editor.show_node(project)
    page = editor.project_page
    assert decoded == photos and page.photos.count() == len(photos) == 2
    for text in ("目的を直しました。", "目的をもう一度直しました。"):  # each stored edit shows the page again
        page.edit(project, purpose=text)
    page.edit(project, "課の変更", sections=project.sections[:1])
    editor.show_node(doc.plan.project("Ⅰ-2"))
    editor.show_node(project)
    assert decoded[:2] == photos and len(decoded) == 4  # Ⅰ-2's two photos, and no photo of Ⅰ-1 again
    assert all(not page.photos.item(n).icon().isNull() for n in range(len(photos)))

    new_image = image_file(tmp_path, "新しい写真.png").read_bytes()
    page.edit(photos[1], "写真の変更", image=new_image, media_type="image/png")
    assert decoded[4:] == [photos[1]]  # only the photo whose image changed
    doc.undo_stack.undo()
    assert decoded[5:] == [photos[1]] and len(decoded) == 6


def test_fields_filled_while_loading_are_not_taken_as_edits_even_when_nested(editor, doc):
    project = doc.plan.project("Ⅱ-3")
    name = project.name
    editor.show_node(project)
    page = editor.project_page
    with page.loading():
        page.refresh()  # a page shown again while another fill is under way
        page.name.setText("途中の名前")
        page.name.editingFinished.emit()
    assert project.name == name and doc.undo_stack.count() == 0
    page.name.setText("新しい名前")
    page.name.editingFinished.emit()
    assert project.name == "新しい名前" and doc.undo_stack.undoText() == "名称の変更"
