"""Binding the packet: the generated handouts and the attached PDFs, in one PDF or one PDF per handout.

Each generated part (次第, 資料１, 資料２) is set on its own by ReportLab, so its
page numbers and page references (（Ｐ６ 再掲）) count from its own first page.
pypdf then binds the parts with the attached PDFs where the user placed them:
an attached page is fitted to A4 in its own orientation, stamped with its
handout's label at the top right, and left without a page number (the
generated pages keep theirs, which the page references name). The outline,
the page labels (資料１-3, 資料２-添付1) and the metadata are written last.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from ..domain.findings import ERROR, WARNING, Finding
from ..domain.meeting import AGENDA_LABEL, handout_findings, packet_handouts
from ..domain.model import Attachment, Plan, Project
from ..files import disk_error_message, is_disk_full, write_temporary
from ..version import version
from . import agenda, report, shiryo1
from .document import LANDSCAPE, PORTRAIT, Built, Context, OutlineEntry, build, draw_label
from .fonts import Fonts
from .layout import Layout
from .styles import Styles

_FIT = 1.0  # points: a page this close to A4 is taken as A4

if TYPE_CHECKING:  # pypdf is imported where the parts are bound: `check` never needs it
    from pypdf import PageObject, PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject


@dataclass(frozen=True)
class HandoutPages:
    """Where a handout sits in a PDF: its label and its first and last page (1-based)."""

    label: str
    first: int
    last: int


@dataclass
class _Page:
    page: PageObject
    prefix: str  # its page label: prefix and number (資料１-3), or the prefix alone (次第)
    number: int | None = None

    @property
    def label(self) -> str:
        return self.prefix if self.number is None else f"{self.prefix}{self.number}"


@dataclass
class Handout:
    """One handout bound: its pages, outline and project pages counted from its own first page."""

    label: str
    title: str  # the title of its PDF
    heading: str  # its entry in the outline
    pages: list[_Page] = field(default_factory=list)
    outline: list[OutlineEntry] = field(default_factory=list)
    project_pages: dict[int, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class RenderResult:
    """A PDF as bound: the PDF and what the window and the command line need to know about it."""

    pdf: bytes
    page_count: int
    project_pages: dict[int, int]  # Project.id -> 1-based page number in this PDF where its block starts
    findings: list[Finding]  # where the layout had to give way, and what the packet lacks
    outline: list[OutlineEntry] = field(default_factory=list)  # the PDF's bookmarks: handouts, pillars, projects …
    handouts: list[HandoutPages] = field(default_factory=list)  # where each handout (次第, 資料１ …) starts and ends
    page_labels: list[str] = field(default_factory=list)  # each page as the PDF names it: 次第, 資料１-3, 資料２-添付1


class Binder:
    """Renders the parts of one plan and binds them; stamps are made once per label and page size."""

    def __init__(self, plan: Plan, layout: Layout, fonts: Fonts) -> None:
        self.plan, self.layout, self.fonts = plan, layout, fonts
        self._stamps: dict[tuple[str, float, float], PageObject] = {}

    def context(self) -> Context:
        return Context(self.layout, self.fonts, Styles(self.layout, self.fonts))

    # The generated parts ---------------------------------------------------------

    def build_part(self, name: str, *, summary: bool = True, measure_only: bool = False) -> Built:
        plan, ctx = self.plan, self.context()
        if name == "agenda":
            return build(lambda c: agenda.story(plan, c), ctx, measure_only=measure_only)
        if name == "shiryo1":
            return build(lambda c: shiryo1.story(plan, c), ctx, measure_only=measure_only)
        if name == "shiryo2":
            return build(lambda c: report.story(plan, c, summary=summary), ctx, measure_only=measure_only,
                         first_template=LANDSCAPE if report.starts_landscape(plan, summary) else PORTRAIT)
        raise ValueError(name)

    def findings(self, label: str, generated: str) -> list[Finding]:
        """What printing the handout would report, found without printing it: its layout measured, its attachments read."""
        attachments = [a for a in self.plan.attachments if a.handout == label]
        replaced = any(a.placement == "summary" for a in attachments)
        built = self.build_part(generated, summary=not replaced, measure_only=True)
        out = list(built.findings)
        for a in attachments:
            if a.placement == "after" and not (a.after_page is not None and 1 <= a.after_page <= built.page_count):
                out.append(_late(label, built.page_count, a))
        for a in attachments:
            try:
                _writer(a.data)  # as printing reads it
            except Exception:  # noqa: BLE001
                out.append(_unreadable(a))
        return out

    def page_counts(self) -> dict[str, int]:
        """The generated pages of each handout (without attachments): what "after page N" may name."""
        out = {}
        for handout in packet_handouts(self.plan):
            if handout.generated:
                out[handout.label] = self.build_part(handout.generated).page_count
        return out

    def agenda(self) -> Handout:
        built = self.build_part("agenda")
        out = Handout(AGENDA_LABEL, f"{self.plan.meeting.title}　次第", AGENDA_LABEL, findings=list(built.findings))
        out.pages = [_Page(p, AGENDA_LABEL) for p in _reader(built.pdf).pages]
        return out

    def handout(self, label: str, generated: str) -> Handout:
        """A handout with the attachments the user placed in it."""
        plan = self.plan
        attachments = [a for a in plan.attachments if a.handout == label]
        replaced = any(a.placement == "summary" for a in attachments)
        built = self.build_part(generated, summary=not replaced) if generated else None
        title = {"shiryo1": plan.title, "shiryo2": report.title(plan)}.get(generated, "") or label
        out = Handout(label, title, f"{label}　{title}" if title != label else label,
                      findings=list(built.findings) if built else [])
        count = built.page_count if built else 0
        after: dict[int, list[Attachment]] = {}
        late: list[Attachment] = []  # placed after a page the handout no longer has
        for a in attachments:
            if a.placement == "after":
                if built is not None and a.after_page is not None and 1 <= a.after_page <= count:
                    after.setdefault(a.after_page, []).append(a)
                else:
                    late.append(a)
                    if built is not None:
                        out.findings.append(_late(label, count, a))
        entries: list[OutlineEntry] = []
        attached = 0  # attached pages are counted apart: 資料２-添付1, 資料２-添付2

        def attach(group: Iterable[Attachment]) -> None:
            nonlocal attached
            for a in group:
                pages = self._attached_pages(a, out)
                if pages:
                    entries.append(OutlineEntry(f"添付：{a.file_name}", len(out.pages) + 1))
                for page in pages:
                    attached += 1
                    out.pages.append(_Page(page, f"{label}-添付", attached))

        attach(a for a in attachments if a.placement == "start")
        local: dict[int, int] = {}  # generated page → page in the handout
        if built is not None:
            for n, page in enumerate(_reader(built.pdf).pages, 1):
                out.pages.append(_Page(page, f"{label}-", n))
                local[n] = len(out.pages)
                attach(after.get(n, []))
        attach(a for a in attachments if a.placement == "summary")
        attach(late)
        attach(a for a in attachments if a.placement == "end")
        if built is not None:
            generated_outline = (shiryo1.outline(plan, built.anchors) if generated == "shiryo1"
                                 else report.outline(plan, built.anchors))
            entries += [_moved(e, local) for e in generated_outline]
            out.project_pages = {key.id: local[page] for key, page in built.anchors.items()
                                 if isinstance(key, Project) and key.id is not None}
        out.outline = sorted(entries, key=lambda e: e.page)
        return out

    def _attached_pages(self, attachment: Attachment, handout: Handout) -> list[PageObject]:
        from .clean_pdf import clean_page  # pypdf: only a packet with attachments reads one

        try:
            source = _writer(attachment.data)  # pypdf changes only pages held by a writer
            return [self._stamped(_fit_a4(source, clean_page(page)), attachment.handout) for page in list(source.pages)]
        except Exception:  # noqa: BLE001 - a file that cannot be read is left out, and said so
            handout.findings.append(_unreadable(attachment))
            return []

    def _stamped(self, page: PageObject, label: str) -> PageObject:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        key = (label, round(width, 1), round(height, 1))
        if key not in self._stamps:
            buffer = BytesIO()
            canv = Canvas(buffer, pagesize=(width, height), initialFontName=self.fonts.gothic, invariant=1)
            draw_label(canv, label, self.layout, self.fonts, background=True)
            canv.showPage()
            canv.save()
            self._stamps[key] = _reader(buffer.getvalue()).pages[0]
        page.merge_page(self._stamps[key])
        return page

    # All of it --------------------------------------------------------------------

    def packet(self) -> list[Handout]:
        handouts = [self.agenda()]
        handouts += [self.handout(h.label, h.generated) for h in packet_handouts(self.plan)]
        handouts[0].findings += handout_findings(self.plan)
        return handouts


def numbered_pages(pdf: bytes, prefix: str) -> list[_Page]:
    """The pages of a generated PDF, each labelled by the prefix and its number (新旧対照表-1 …)."""
    return [_Page(p, prefix, n) for n, p in enumerate(_reader(pdf).pages, 1)]


def _reader(data: bytes) -> PdfReader:
    from pypdf import PdfReader

    return PdfReader(BytesIO(data), strict=False)


def _writer(data: bytes) -> PdfWriter:
    from pypdf import PdfWriter

    return PdfWriter(clone_from=_reader(data))


def _moved(entry: OutlineEntry, local: dict[int, int]) -> OutlineEntry:
    return OutlineEntry(entry.title, local.get(entry.page, entry.page), tuple(_moved(c, local) for c in entry.children))


def _fit_a4(source: PdfWriter, page: PageObject) -> PageObject:
    """The page as seen, on an A4 sheet of its own orientation (scaled and centred when it is another size)."""
    page.transfer_rotation_to_content()
    box = page.cropbox
    x, y, w, h = float(box.left), float(box.bottom), float(box.width), float(box.height)
    sheet_w, sheet_h = A4 if h >= w else (A4[1], A4[0])
    if abs(w - sheet_w) <= _FIT and abs(h - sheet_h) <= _FIT and abs(x) <= _FIT and abs(y) <= _FIT:
        page.mediabox = page.cropbox  # what lies outside the crop box is never seen: the stamp goes by what is
        return page
    scale = min(sheet_w / w, sheet_h / h)
    sheet = source.add_blank_page(sheet_w, sheet_h)
    from pypdf import Transformation

    move = Transformation().translate(-x, -y).scale(scale, scale).translate((sheet_w - w * scale) / 2,
                                                                           (sheet_h - h * scale) / 2)
    sheet.merge_transformed_page(page, move)
    return sheet


def _pdf_date(now: dt.datetime) -> str:
    offset = now.strftime("%z") or "+0000"
    return now.strftime("D:%Y%m%d%H%M%S") + f"{offset[:3]}'{offset[3:]}'"


def write(handouts: list[Handout], *, title: str, author: str, subject: str) -> RenderResult:
    """One PDF of the handouts in order, with outline, page labels and metadata."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    outline: list[OutlineEntry] = []
    spans: list[HandoutPages] = []
    project_pages: dict[int, int] = {}
    findings: list[Finding] = []
    labels: list[str] = []
    for handout in handouts:
        first = len(writer.pages) + 1
        for page in handout.pages:
            writer.add_page(page.page)
            labels.append(page.label)
        if not handout.pages:
            continue
        spans.append(HandoutPages(handout.label, first, len(writer.pages)))
        shift = first - 1
        outline.append(OutlineEntry(handout.heading, first, tuple(_shifted(e, shift) for e in handout.outline)))
        project_pages.update({k: v + shift for k, v in handout.project_pages.items()})
        findings += [f for f in handout.findings if f not in findings]
    _unique_subset_tags(writer)
    _add_outline(writer, outline, None)
    _add_page_labels(writer, [p for h in handouts for p in h.pages])
    writer.page_mode = "/UseOutlines"
    stamp = _pdf_date(dt.datetime.now().astimezone())
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": subject, "/Creator": "Asahi Desk",
                         "/Producer": f"Asahi Desk {version()} (ReportLab, pypdf)", "/CreationDate": stamp, "/ModDate": stamp})
    buffer = BytesIO()
    writer.write(buffer)
    return RenderResult(buffer.getvalue(), len(writer.pages), project_pages, findings, outline, spans, labels)


def _fonts(resources: object, seen: set[int]) -> Iterator[DictionaryObject]:
    from pypdf.generic import DictionaryObject

    """The font dictionaries used through a resource dictionary, its forms' and Type 0 fonts' included."""
    resources = resources.get_object() if resources is not None else None
    if not isinstance(resources, DictionaryObject):
        return
    for ref in (resources.get("/Font") or DictionaryObject()).get_object().values():
        font = ref.get_object()
        if id(font) in seen:
            continue
        seen.add(id(font))
        for descendant in font.get("/DescendantFonts") or []:
            yield descendant.get_object()
        yield font
    for ref in (resources.get("/XObject") or DictionaryObject()).get_object().values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            yield from _fonts(xobject.get("/Resources"), seen)


def _subset_tag(n: int) -> str:
    letters = ""
    for _ in range(6):
        n, r = divmod(n, 26)
        letters = chr(ord("A") + r) + letters
    return letters


def _unique_subset_tags(writer: PdfWriter) -> None:
    """Give each font subset its own tag: every part tags its first subset AAAAAA, and the PDF standard wants them told apart."""
    from pypdf.generic import NameObject

    seen: set[int] = set()
    fonts = [font for page in writer.pages for font in _fonts(page.get("/Resources"), seen)]
    names = [str(font.get("/BaseFont", ""))[1:] for font in fonts]
    subsets = [(font, name) for font, name in zip(fonts, names) if len(name) > 7 and name[6] == "+" and name[:6].isalpha()]
    owners: dict[str, int] = {}  # tag → the font that holds it
    renamed: dict[int, str] = {}
    taken = {name[:6] for _, name in subsets}
    counter = 0
    for font, name in subsets:
        descendants = [d.get_object() for d in font.get("/DescendantFonts") or []]
        if descendants:  # a Type 0 font follows its descendant (listed before it) when that was renamed
            if id(descendants[0]) not in renamed:
                continue
            tag = renamed[id(descendants[0])]
        elif owners.setdefault(name[:6], id(font)) == id(font):
            continue
        else:
            while _subset_tag(counter) in taken:
                counter += 1
            tag = _subset_tag(counter)
            taken.add(tag)
            owners[tag], renamed[id(font)] = id(font), tag
        if tag == name[:6]:
            continue
        font[NameObject("/BaseFont")] = NameObject(f"/{tag}+{name[7:]}")
        descriptor = font.get("/FontDescriptor")
        if descriptor is not None:
            descriptor.get_object()[NameObject("/FontName")] = NameObject(f"/{tag}+{name[7:]}")


def _shifted(entry: OutlineEntry, shift: int) -> OutlineEntry:
    return OutlineEntry(entry.title, entry.page + shift, tuple(_shifted(c, shift) for c in entry.children))


def _add_outline(writer: PdfWriter, entries: Iterable[OutlineEntry], parent: object) -> None:
    """Handouts open on their sections and pillars; a pillar's projects shown when it is opened."""
    for entry in entries:
        item = writer.add_outline_item(title=entry.title, page_number=entry.page - 1, parent=parent,
                                       is_open=parent is None)
        _add_outline(writer, entry.children, item)


def _add_page_labels(writer: PdfWriter, pages: list[_Page]) -> None:
    start = 0
    while start < len(pages):
        first = pages[start]
        end = start
        if first.number is not None:  # a run of numbered pages with one prefix
            while (end + 1 < len(pages) and pages[end + 1].prefix == first.prefix
                   and pages[end + 1].number == (pages[end].number or 0) + 1):
                end += 1
            writer.set_page_label(start, end, "/D", first.prefix, first.number)
        else:
            writer.set_page_label(start, end, None, first.prefix)
        start = end + 1


# One PDF per handout, for mailing --------------------------------------------------

_NOT_IN_FILE_NAMES = str.maketrans({c: "_" for c in '\\/:*?"<>|'})


def file_name(label: str) -> str:
    """次第.pdf, 資料１.pdf: the handout's label, made safe for Windows."""
    return (label.translate(_NOT_IN_FILE_NAMES).strip(" .") or "資料") + ".pdf"


class OutputError(OSError):
    """A folder the PDFs cannot be written to; the message is for the user."""


def save(pdfs: dict[str, bytes], folder: Path) -> list[Path]:
    """Write {label: pdf} as label.pdf into `folder` (made when missing): all of them, or none.

    Every PDF is first written to a temporary file beside its target. Then the
    files of the same name are moved aside, which fails, before anything is
    replaced, where a program holds one open; only then are the new files put
    in place. Should that still fail, the files already replaced are put back.
    """
    _make_folder(folder)
    targets = [folder / file_name(label) for label in pdfs]
    for target in targets:
        if target.is_dir():
            raise OutputError(f"「{folder}」の「{target.name}」はフォルダーのため、PDF で置き換えられません。何も書き出していません。"
                              "フォルダーの名前を変えるか、別のフォルダーを指定してください。")
    temps: list[Path] = []
    aside: list[tuple[Path, Path]] = []  # (target, its former file, moved aside)
    placed: list[Path] = []
    try:
        for pdf, target in zip(pdfs.values(), targets):
            temps.append(write_temporary(target, pdf))
        for target in targets:
            if target.exists():
                former = _aside(target)
                try:
                    os.replace(target, former)
                except OSError:
                    former.unlink(missing_ok=True)
                    raise
                aside.append((target, former))
        for temp, target in zip(temps, targets):
            os.replace(temp, target)
            placed.append(target)
    except OSError as e:
        kept = _put_back(placed, aside)
        for temp in temps:
            temp.unlink(missing_ok=True)
        message = (disk_error_message(e, f"「{folder}」の PDF") if is_disk_full(e) else
                   f"「{folder}」に書き込めません（{e.strerror or e}）。フォルダーの権限を確かめ、"
                   "同じ名前の PDF を開いているプログラムがあれば閉じてください。")
        if kept:
            raise OutputError(message + "元の PDF を戻せなかったため、" + "、".join(
                f"「{target.name}」を「{former.name}」として残しています" for target, former in kept) + "。") from None
        raise OutputError(message + "何も書き換えていません。") from None
    for _, former in aside:
        try:
            former.unlink()
        except OSError:
            pass  # a read-only file on Windows: the copy aside stays, hidden by its name
    return targets


def _make_folder(folder: Path) -> None:
    try:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"「{folder}」はフォルダーではありません。PDF を書き出すフォルダーを指定してください。")
        folder.mkdir(exist_ok=True)
    except OutputError:
        raise
    except OSError as e:
        raise OutputError(f"フォルダー「{folder}」を作れません（{e.strerror or e}）。場所と書き込みの権限を確かめてください。") from None


def _aside(target: Path) -> Path:
    """A name beside `target` to move its former file to; not one of the temporaries cleaned up by later runs,
    since a former file that could not be put back stays there for the user."""
    handle, name = tempfile.mkstemp(prefix=".asahi-former-", suffix=target.suffix, dir=target.parent)
    os.close(handle)
    return Path(name)


def _put_back(placed: list[Path], aside: list[tuple[Path, Path]]) -> list[tuple[Path, Path]]:
    """Undo a save that failed half-way; returns the former files that could not be put back."""
    for target in placed:
        try:
            target.unlink()
        except OSError:
            pass  # put back below over it
    kept = []
    for target, former in reversed(aside):
        try:
            os.replace(former, target)
        except OSError:
            kept.append((target, former))
    return kept


def _late(label: str, count: int, attachment: Attachment) -> Finding:
    return Finding(WARNING, attachment.label, f"{label}は {count} ページのため、「{attachment.file_name}」は"
                   f"{label}の終わりに綴じています。綴じる位置を直してください。", "packet_attachment_place", attachment)


def _unreadable(attachment: Attachment) -> Finding:
    return Finding(ERROR, attachment.label, f"添付した「{attachment.file_name}」を読めないため、綴じていません。"
                   "添付し直してください。", "packet_attachment_unreadable", attachment)
