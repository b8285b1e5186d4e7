"""Small tools shared by the tests."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from asahi_desk.domain.model import Category, Indicator, Item, Pillar, Plan, Project, Section
from asahi_desk.store import PlanStore


def database_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to show that a file did not change.

    The change log (変更履歴) is left out: it records an undo as a change of its own, and its own tests read it.
    """
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                  if r[0] != "change_log"]
        # sorted by value: a row put back by undo may get another rowid, not other content
        out = {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in tables}
        out["#user_version"] = conn.execute("PRAGMA user_version").fetchall()
        return out
    finally:
        conn.close()


def reopened(store: PlanStore) -> list[tuple[Any, ...]]:
    """The plan as read anew from its file, as plain values."""
    other = PlanStore.open(store.path, readonly=True)
    try:
        return plan_outline(other.plan)
    finally:
        other.close()


def plan_outline(plan: Plan) -> list[tuple[Any, ...]]:
    """The plan as plain values: what must survive a save and a load."""
    out: list[tuple[Any, ...]] = [("plan", plan.ward, plan.fiscal_year, plan.year_label_override, plan.office,
                                   plan.slogan, plan.mascot_caption, plan.mascot_image)]
    out += [("section", s.name) for s in plan.sections]
    for c in plan.walk_categories():
        out.append(("category", c.name, c.qualifier, c.listing_label, c.caption, c.description, c.footnote,
                    c.requires_indicators, c.amount, c.last_year, c.stated_amount, c.stated_last_year,
                    [s.name for s in c.sections], c.parent.name if c.parent else None))
    for pillar in plan.pillars():
        out.append(("pillar", pillar.numeral, pillar.name, pillar.category.name if pillar.category else None))
        for p in pillar.projects:
            out.append(("project", p.code, p.name, p.purpose, p.amount, p.last_year, p.stated_amount,
                        p.stated_last_year, p.notes, [s.name for s in p.sections]))
            out += [("item", i.code, i.mark, i.name, i.amount, i.last_year, list(i.lines), [s.name for s in i.sections])
                    for i in p.items]
            out += [("indicator", x.name, x.target, x.unit) for x in p.indicators]
            out += [("photo", x.caption, x.image, x.media_type) for x in p.photos]
            out += [("reference", x.item.code if x.item else None, list(x.lines)) for x in p.references]
            out += [("bureau", x.box, x.name, x.amount) for x in p.bureau_projects]
    o = plan.overview
    out.append(("overview", o.population, o.intro, o.features, o.chart_note, list(o.table_notes)))
    out += [("row", r.name, r.amount, r.city_million, r.chart_label, r.description, r.is_reference,
             r.category.name if r.category else None, r.parent.name if r.parent else None) for r in o.walk()]
    m = plan.meeting
    out.append(("meeting", m.session, m.name, m.date, m.start_time, m.place))
    out += [("agenda", a.title, list(a.lines), a.presenter, a.handout) for a in m.items]
    r = plan.report
    out.append(("report", r.label, r.summary_title, r.summary_byline, r.summary_intro))
    out += [("block", b.kind, b.text, b.date) for b in r.blocks]
    out += [("panel", p.title, p.text) for p in r.panels]
    out += [("attachment", a.handout, a.placement, a.after_page, a.file_name, a.data) for a in plan.attachments]
    return out


def small_plan() -> Plan:
    """A tiny plan with no finding at all: one 自主企画 pillar, a lump sum, a 区配事業."""
    office, welfare = Section("総務課"), Section("福祉保健課")
    project_a = Project(
        "防災事業", "目的", last_year=1000, stated_amount=1000, stated_last_year=1000, sections=[office],
        items=[Item("防災訓練", 600, lines=["・訓練の開催支援（６月～11月）"]),
               Item("防災講座", 400, mark="新", lines=["・講座を年８回開催する予定です"])],
        indicators=[Indicator("訓練の回数", "84", "回"), Indicator("参加者の割合", "35", "％")],
    )
    project_b = Project(
        "福祉事業", "目的", last_year=500, stated_amount=500, stated_last_year=500, sections=[welfare],
        items=[Item("見守り", 500, lines=["・地域の見守り活動を支援します"])],
        indicators=[Indicator("相談件数", "20", "件"), Indicator("満足度", "80", "％")],
    )
    self_planned = Category("自主企画事業費", requires_indicators=True, stated_amount=1500, stated_last_year=1500,
                            pillars=[Pillar("安全・安心", [project_a, project_b])])
    lump = Category("区庁舎・区民利用施設管理費", amount=2000, last_year=2000, sections=[office])
    total = Category("個性ある区づくり推進費", stated_amount=3500, stated_last_year=3500, children=[self_planned, lump])
    distributed = Category(
        "旭区で企画する主な区配事業", stated_amount=100, stated_last_year=100,
        pillars=[Pillar("区配事業", [Project("担い手事業", last_year=100, stated_amount=100, stated_last_year=100,
                                             sections=[welfare], items=[Item("塾", 100)])])],
    )
    return Plan("旭区", 2024, "区政推進課", sections=[office, welfare], categories=[total, distributed])


def make_pdf(texts: list[str], pagesize: tuple[float, float] | None = None) -> bytes:
    """A small PDF as someone else would send it: one page per text, its font embedded."""
    from io import BytesIO

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from asahi_desk.render.fonts import load_fonts

    fonts = load_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=pagesize or A4, initialFontName=fonts.gothic)
    width, height = pagesize or A4
    for text in texts:
        canvas.setFont(fonts.gothic, 28)
        canvas.drawCentredString(width / 2, height / 2, text)
        canvas.rect(36, 36, width - 72, height - 72)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def integrated_project_without_items(store: PlanStore) -> Project:
    """A 事業 added under 統合事業費 (whose 事業 list their 細事業 one by one) before it has any 細事業."""
    pillar = next(p for p in store.plan.pillars() if p.category is not None and p.category.lists_items)
    return store.insert(Project("新しい事業", amount=500, last_year=400), pillar)


def seed_summary_notes(seed: str) -> str:
    """The notes under the seed's 総括表, from (1) to the ※ note, without spaces and line breaks."""
    start = seed.index("(1) ")
    end = seed.index("\n", seed.index("(※１)"))
    return "".join(seed[start:end].split())


def deflate_bomb_pdf(inflated: int) -> bytes:
    """A small PDF whose page's content stream inflates to `inflated` bytes (blanks, which draw nothing)."""
    import zlib
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, StreamObject

    squeeze = zlib.compressobj(9)
    chunk = b" " * (16 * 1024 * 1024)
    parts = []
    for _ in range(inflated // len(chunk)):
        parts.append(squeeze.compress(chunk))
    parts.append(squeeze.compress(b" " * (inflated % len(chunk))))
    parts.append(squeeze.flush())
    writer = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf(["展開すると大きい PDF"]))))
    stream = StreamObject()
    stream._data = b"".join(parts)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    page = writer.pages[0]
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()
