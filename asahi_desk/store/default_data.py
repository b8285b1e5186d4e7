"""The built-in plan (db/default/*.yaml) read into domain objects."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from ..domain.model import (
    AgendaItem,
    BureauProject,
    Category,
    Indicator,
    Item,
    ItemReference,
    Meeting,
    Overview,
    OverviewRow,
    Photo,
    Pillar,
    Plan,
    Project,
    Report,
    ReportBlock,
    ReportPanel,
    Section,
)
from ..paths import default_data_dir


class DefaultDataError(ValueError):
    pass


def _read(folder: Path, name: str) -> Any:
    with (folder / name).open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_default_plan(folder: Path | None = None) -> Plan:
    folder = folder or default_data_dir()
    data = _read(folder, "plan.yaml")
    sections = [Section(name) for name in data["sections"]]
    by_name = {s.name: s for s in sections}

    def pick(names: list[str] | None, where: str) -> list[Section]:
        out = []
        for name in names or []:
            if name not in by_name:
                raise DefaultDataError(f"{where}: 課「{name}」が plan.yaml の sections にありません")
            out.append(by_name[name])
        return out

    pending_references: list[tuple[ItemReference, str]] = []

    def project(d: dict[str, Any]) -> Project:
        stated = d.get("stated") or [None, None]
        p = Project(
            name=d["name"],
            purpose=d.get("purpose", ""),
            amount=d.get("amount"),
            last_year=d.get("last_year"),
            stated_amount=stated[0],
            stated_last_year=stated[1],
            notes=d.get("notes", ""),
            print_first=bool(d.get("print_first", False)),
            sections=pick(d.get("sections"), d["name"]),
            items=[
                Item(
                    name=i["name"],
                    amount=i["amount"],
                    mark=i.get("mark", ""),
                    lines=list(i.get("lines") or []),
                    last_year=i.get("last_year"),
                    sections=pick(i.get("sections"), i["name"]),
                )
                for i in d.get("items") or []
            ],
            indicators=[
                Indicator(x["name"], str(x.get("target", "")), x.get("unit", "")) for x in d.get("indicators") or []
            ],
            photos=[Photo(caption) for caption in d.get("photos") or []],
            bureau_projects=[
                BureauProject(x["name"], x.get("amount"), x.get("box", 1)) for x in d.get("related") or []
            ],
        )
        for r in d.get("references") or []:
            ref = ItemReference(None, list(r.get("lines") or []), project=p)
            p.references.append(ref)
            pending_references.append((ref, r["item"]))
        return p

    def pillar(file: str) -> Pillar:
        d = _read(folder, file)
        return Pillar(d["name"], [project(p) for p in d.get("projects") or []])

    def category(d: dict[str, Any]) -> Category:
        stated = d.get("stated") or [None, None]
        return Category(
            name=d["name"],
            qualifier=d.get("qualifier", ""),
            listing_label=d.get("listing_label", ""),
            caption=d.get("caption", ""),
            description=d.get("description"),
            footnote=d.get("footnote", ""),
            requires_indicators=bool(d.get("requires_indicators", False)),
            lists_items=bool(d.get("lists_items", False)),
            amount=d.get("amount"),
            last_year=d.get("last_year"),
            stated_amount=stated[0],
            stated_last_year=stated[1],
            sections=pick(d.get("sections"), d["name"]),
            children=[category(c) for c in d.get("children") or []],
            pillars=[pillar(f) for f in d.get("pillars") or []],
        )

    plan = Plan(
        ward=data["ward"],
        fiscal_year=int(data["fiscal_year"]),
        office=data.get("office", ""),
        slogan=data.get("slogan", ""),
        mascot_caption=data.get("mascot_caption", ""),
        sections=sections,
        categories=[category(c) for c in data["categories"]],
    )
    for ref, code in pending_references:
        ref.item = plan.item(code)
        if ref.item is None:
            raise DefaultDataError(f"＜参考＞の参照先「{code}」がありません")
    plan.overview = _overview(_read(folder, "overview.yaml"), plan)
    plan.meeting = _meeting(_read(folder, "agenda.yaml"))
    plan.report = _report(_read(folder, "shiryo2.yaml"))
    return plan


def _overview(d: dict[str, Any], plan: Plan) -> Overview:
    def row(r: dict[str, Any]) -> OverviewRow:
        category = None
        if r.get("category"):
            category = plan.category(r["category"])
            if category is None:
                raise DefaultDataError(f"overview.yaml: 区分「{r['category']}」がありません")
        return OverviewRow(
            name=r["name"],
            amount=r["amount"],
            city_million=r.get("city_million"),
            last_amount=r.get("last"),
            chart_label=r.get("chart", ""),
            description=r.get("description", ""),
            is_reference=bool(r.get("reference", False)),
            category=category,
            children=[row(c) for c in r.get("children") or []],
        )

    return Overview(
        population=d.get("population", 0),
        intro=d.get("intro", ""),
        features=d.get("features", ""),
        chart_note=d.get("chart_note", ""),
        table_notes=list(d.get("table_notes") or []),
        rows=[row(r) for r in d.get("rows") or []],
    )


def _meeting(d: dict[str, Any]) -> Meeting:
    date = d["date"]
    if not isinstance(date, dt.date):
        date = dt.date.fromisoformat(str(date))
    return Meeting(
        session=d.get("session", 1),
        name=d.get("name", ""),
        date=date,
        start_time=str(d.get("start", "")),
        place=d.get("place", ""),
        items=[
            AgendaItem(i["title"], list(i.get("lines") or []), i.get("presenter", ""), i.get("handout", ""))
            for i in d.get("items") or []
        ],
    )


def _report(d: dict[str, Any]) -> Report:
    summary = d.get("summary") or {}
    return Report(
        label=d.get("label", ""),
        blocks=[ReportBlock(b["kind"], b.get("text", ""), b.get("date")) for b in d.get("blocks") or []],
        summary_title=summary.get("title", ""),
        summary_byline=summary.get("byline", ""),
        summary_intro=summary.get("intro", ""),
        panels=[ReportPanel(p["title"], p.get("text", "")) for p in summary.get("panels") or []],
    )
