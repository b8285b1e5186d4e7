"""Random text of up to 5,000 characters through the entrances the user has, then the packet and the workbook.

No exception but the documented refusals (empty name, over the limits of domain.text_limits); what was stored
is the text as typed less its control characters, and it is what the workbook holds and the PDF prints.
"""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from asahi_desk.domain.text_limits import clean_text
from asahi_desk.excel import export_workbook, origin_of
from asahi_desk.render import render
from asahi_desk.ui.plan_model import PlanTreeModel as M

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
REFUSALS = ("名称を入力してください", "が長すぎます")
pieces = st.one_of(
    st.text(max_size=200),  # any Unicode: control characters, surrogates excluded by hypothesis, emoji, RTL
    st.sampled_from(["\x0b", "\x0c", "\x00", "\t", "\r\n", "\u202e", "\u200d", "👨‍👩‍👧", "<b>", "</para>", "&amp;",
                     "<br/>", "&#x3000;", "مرحبا", "שלום", "区づくり", "\u3000", "　", "\n"]),
)
random_text = st.lists(pieces, max_size=60).map("".join).map(lambda t: t[:5000])
long_text = st.builds(lambda a, n: (a * n)[:5000], st.text(min_size=1, max_size=20), st.integers(1, 5000))
any_text = st.one_of(random_text, long_text)
same = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@same
@given(name=any_text, purpose=any_text, item_name=any_text, line=any_text)
def test_random_text_typed_into_the_window_is_stored_clean_or_refused_then_prints_and_exports(
        window, tmp_path, monkeypatch, name, purpose, item_name, line):
    from asahi_desk.ui import main_window

    monkeypatch.setattr(main_window, "warn", lambda _parent, _text: None)  # the message box; its text is kept below
    doc, model = window.doc, window.model
    project = doc.plan.project("Ⅰ-2")
    item = project.items[0]
    refused: list[str] = []
    model.inputRejected.connect(lambda _index, text: refused.append(text))
    doc.failed.connect(refused.append)

    for node, text in ((project, name), (item, item_name)):  # the table's name cell
        before = node.name
        if model.setData(model.index_of(node, M.COL_NAME), text):
            assert node.name == clean_text(text).strip() or (node.name == before and clean_text(text).strip() == before)
        else:
            assert node.name == before and any(r in refused[-1] for r in REFUSALS), refused
    detail = window.detail
    for page, node, values in ((detail.project_page, project, {"purpose": purpose}),
                               (detail.item_page, item, {"lines": line.split("\n")})):  # the detail panel
        field, value = next(iter(values.items()))
        before, failures = getattr(node, field), len(refused)
        page.edit(node, **values)
        if len(refused) > failures:
            assert "が長すぎます" in refused[-1] and getattr(node, field) == before
        else:
            assert getattr(node, field) == ([clean_text(v) for v in value] if field == "lines" else clean_text(value))

    result = render(doc.plan, "shiryo1")
    assert result.page_count >= 25
    out = tmp_path / "計画.xlsx"
    export_workbook(doc.plan, out, origin_of(doc.store))
    cells = {c.value for ws in openpyxl.load_workbook(out).worksheets for row in ws.iter_rows() for c in row}
    assert project.name in cells and item.name in cells


printable = st.text(alphabet=st.sampled_from(list("あいうえおかきくけこ区政推進課事業計画ABCxyz0123")), min_size=1,
                    max_size=90)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=printable)
def test_a_stored_name_is_what_the_packet_prints(store, tmp_path, name):
    project = store.plan.project("Ⅰ-2")
    store.update(project, name="◆" + name + "◆")
    pdf = tmp_path / "資料１.pdf"
    pdf.write_bytes(render(store.plan, "shiryo1").pdf)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "◆" + name + "◆" in "".join(text.split())
