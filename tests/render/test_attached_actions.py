"""An attached PDF is bound clean: no JavaScript, launch or other running action reaches the packet."""

from __future__ import annotations

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (ArrayObject, DictionaryObject, FloatObject, IndirectObject, NameObject, NumberObject,
                           TextStringObject)

from asahi_desk.domain.attachments import check_pdf, new_attachment
from asahi_desk.render import render
from tests.helpers import make_pdf

RUNNING = {"/JS", "/JavaScript", "/Launch", "/AA"}


def _dict(**entries) -> DictionaryObject:
    return DictionaryObject({NameObject("/" + k): v for k, v in entries.items()})


def _js(code: str) -> DictionaryObject:
    return _dict(S=NameObject("/JavaScript"), JS=TextStringObject(code))


def _link(writer: PdfWriter, action: DictionaryObject, x: float) -> IndirectObject:
    rect = ArrayObject([FloatObject(x), FloatObject(700), FloatObject(x + 80), FloatObject(740)])
    return writer._add_object(_dict(Type=NameObject("/Annot"), Subtype=NameObject("/Link"), Rect=rect,
                                    Border=ArrayObject([NumberObject(0)] * 3), A=action))


def hostile_pdf() -> bytes:
    """A PDF as an attacker would send it: page JavaScript, a Launch link, a JavaScript link, and a plain web link."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(make_pdf(["添付資料", "２ページ目"]))))
    page = writer.pages[0]
    page[NameObject("/AA")] = _dict(O=_js("app.alert('page opened')"), C=_js("app.alert('closed')"))
    web = _dict(S=NameObject("/URI"), URI=TextStringObject("https://www.city.yokohama.lg.jp/asahi/"))
    web[NameObject("/Next")] = _js("app.alert('after the link')")
    page[NameObject("/Annots")] = ArrayObject([
        _link(writer, _dict(S=NameObject("/Launch"), F=TextStringObject("C:\\Windows\\System32\\calc.exe")), 40),
        _link(writer, _js("this.print()"), 140),
        _link(writer, web, 240),
        _link(writer, _dict(S=NameObject("/GoTo"), D=ArrayObject([writer.pages[1].indirect_reference,
                                                                   NameObject("/Fit")])), 340),
    ])
    writer._root_object[NameObject("/OpenAction")] = _js("app.alert('opened')")
    scripts = ArrayObject([TextStringObject("init"), writer._add_object(_js("app.alert('document JavaScript')"))])
    writer._root_object[NameObject("/Names")] = _dict(JavaScript=_dict(Names=scripts))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _everything(pdf: bytes) -> tuple[set[str], list[DictionaryObject]]:
    """Every key and name in every object of the PDF, and its link annotations."""
    reader = PdfReader(BytesIO(pdf))
    names: set[str] = set()
    links: list[DictionaryObject] = []
    seen: set[int] = set()
    stack: list[object] = [reader.trailer]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            if obj.idnum in seen:
                continue
            seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            names.update(obj.keys())
            if obj.get("/Subtype") == "/Link":
                links.append(obj)
            for value in obj.values():
                if isinstance(value, NameObject):
                    names.add(str(value))
                else:
                    stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return names, links


def test_the_hostile_pdf_carries_what_it_should(plan) -> None:
    names, links = _everything(hostile_pdf())
    assert RUNNING <= names and len(links) == 4


def test_a_bound_pdf_keeps_its_page_and_web_links_and_nothing_that_runs(plan) -> None:
    data = hostile_pdf()
    assert check_pdf(data, "添付.pdf") == 2
    plan.attachments.append(new_attachment(plan, data, "添付.pdf", "資料２", "end"))
    packet = render(plan, "packet").pdf
    names, links = _everything(packet)
    assert not RUNNING & names, RUNNING & names
    actions = sorted(str(link["/A"].get_object()["/S"]) for link in links if "/A" in link)
    assert actions == ["/GoTo", "/URI"]
    uri = next(link["/A"].get_object() for link in links if link["/A"].get_object()["/S"] == "/URI")
    assert uri["/URI"] == "https://www.city.yokohama.lg.jp/asahi/" and "/Next" not in uri
