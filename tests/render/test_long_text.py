"""Text longer than a page can set, kept by an older version: render and check cut it and say where; no traceback."""

from __future__ import annotations

import openpyxl
import pytest

from asahi_desk.cli import main
from asahi_desk.store import PlanStore, open_store


def _older_version_kept(path, **texts) -> None:
    """Write straight into the file, as a version without the limits did."""
    store = open_store(path)
    project, item = store.plan.project("Ⅰ-1"), store.plan.project("Ⅰ-1").items[0]
    conn = store.file.conn
    if "name" in texts or "purpose" in texts:
        conn.execute("UPDATE projects SET name = coalesce(?, name), purpose = coalesce(?, purpose) WHERE id = ?",
                     (texts.get("name"), texts.get("purpose"), project.id))
    if "item" in texts or "line" in texts:
        conn.execute("UPDATE items SET name = coalesce(?, name), body = coalesce(?, body) WHERE id = ?",
                     (texts.get("item"), texts.get("line"), item.id))
    store.close()


@pytest.mark.parametrize("field, chars, label", [("name", 400, "事業名"), ("item", 1700, "細事業名"),
                                                 ("purpose", 1600, "事業目的"), ("line", 1600, "細事業の内容（１行）")])
def test_render_and_check_cut_a_text_too_long_and_name_the_project_the_field_and_the_remedy(
        plan_path, tmp_path, capsys, field, chars, label):
    _older_version_kept(plan_path, **{field: "長" * chars})
    assert main(["check", "--db", str(plan_path)]) in (0, 1)
    out = capsys.readouterr().out
    node = "Ⅰ-１" if field in ("name", "purpose") else "Ⅰ-１ 細事業１"
    assert f"{node}: {label}が長すぎるため（{chars:,} 字）" in out and "字以内に縮めてください" in out
    assert main(["render", "--db", str(plan_path), "--part", "packet", "--out", str(tmp_path / "p.pdf")]) == 0
    assert f"{label}が長すぎるため" in capsys.readouterr().out
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF")


def test_many_long_lines_of_one_item_go_on_over_the_pages(store: PlanStore) -> None:
    from asahi_desk.render import render

    item = store.plan.project("Ⅰ-1").items[0]
    store.update(item, lines=[f"第{n}行" + "あいうえおかきくけこ" * 9 for n in range(40)])
    result = render(store.plan, "shiryo1")
    assert result.page_count > 25
    assert any("（続き）" in f.message for f in result.findings)


def test_a_control_character_kept_by_an_older_version_does_not_stop_the_workbook(plan_path, tmp_path, capsys):
    store = open_store(plan_path)
    project = store.plan.project("Ⅰ-1")
    store.file.conn.execute("UPDATE projects SET name = ? WHERE id = ?", ("区民\x0b活動", project.id))
    store.close()
    out = tmp_path / "計画.xlsx"
    assert main(["export-xlsx", "--db", str(plan_path), "--out", str(out)]) == 0
    cells = {c.value for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows() for c in row}
    assert "区民活動" in cells


def test_a_vertical_tab_pasted_into_a_name_is_removed_and_a_name_too_long_is_refused(store: PlanStore) -> None:
    project = store.plan.project("Ⅰ-1")
    store.update(project, name="区民\x0b活動\x00推進")
    assert project.name == "区民活動推進"
    with pytest.raises(ValueError, match=r"事業名が長すぎます（101 字）。100 字以内"):
        store.update(project, name="あ" * 101)
    assert project.name == "区民活動推進"


def test_an_import_refuses_a_text_over_its_limit_at_its_cell_and_removes_control_characters(plan_path, tmp_path,
                                                                                            capsys):
    out = tmp_path / "計画.xlsx"
    assert main(["export-xlsx", "--db", str(plan_path), "--out", str(out)]) == 0
    store = open_store(plan_path, readonly=True)
    project = store.plan.project("Ⅰ-1")
    store.close()
    wb = openpyxl.load_workbook(out)
    ws = wb["Ⅰ-１"]
    name_cell = next(c for row in ws.iter_rows() for c in row if c.value == project.name)
    purpose_cell = next(c for row in ws.iter_rows() for c in row if c.value == project.purpose)
    name_cell.value = "あ" * 101
    wb.save(out)
    capsys.readouterr()
    assert main(["import-xlsx", "--db", str(plan_path), str(out), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert f"セル {name_cell.coordinate}" in err and "事業名が長すぎます（101 字）" in err

    name_cell.value = project.name
    purpose_cell.value = "目的を\t書き直しました。\r\n２行目"  # a workbook cannot hold a vertical tab; a tab it can
    wb.save(out)
    assert main(["import-xlsx", "--db", str(plan_path), str(out), "--yes"]) == 0
    store = open_store(plan_path, readonly=True)
    assert store.plan.project("Ⅰ-1").purpose == "目的を 書き直しました。\n２行目"
    store.close()
