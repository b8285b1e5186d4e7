"""PDFs attached to a handout: which are taken, and a clear reason for the rest.

An attached PDF is printed inside our packet, one copy per member, so it must
be whole, meant to be combined, of a sensible size, and print the same on
every PC. `check_pdf` refuses, with a message for the user:

- a file that is not a PDF (no %PDF- header in its first 1,024 bytes);
- a damaged PDF: cut off (no %%EOF at its end, as a broken download or mail
  leaves it), or one whose pages use an object that cannot be read or
  decoded. The file is read leniently (pypdf, strict=False) as PDF viewers
  read it: strict mode also refuses files that every viewer opens, such as a
  cross-reference table a few bytes off, so damage is found by reading every
  object the pages use and listening to what pypdf had to give up on;
- an encrypted PDF, even one that opens without a password: its encryption
  carries the sender's permissions (often no changes, no assembly), and
  stamping it into an unprotected packet would silently drop them. Ask the
  sender for an unprotected copy;
- more than MAX_BYTES (20 MB) or MAX_PAGES (50 pages): a handout is a few
  pages, and every byte is kept in the plan file and copied to each packet;
- more than MAX_DECODED (100 MB) once its streams are decompressed: a deflate
  bomb (a small file that inflates to gigabytes) is refused while it is being
  inflated, a megabyte at a time, so that checking it takes little memory;
- a font that is not embedded (not even Helvetica): the packet embeds every
  font, and a PDF without its fonts prints with whatever the PC substitutes.
"""

from __future__ import annotations

import logging
import threading
import zlib
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Iterator

from pypdf import PdfReader
from pypdf.filters import ASCII85Decode, ASCIIHexDecode
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, StreamObject

from .meeting import PLAN_HANDOUT, MeetingError, handout_labels, has_report, normalize_handout_label, report_handout
from .model import PLACEMENTS, Attachment, Plan
from .money import format_megabytes

MAX_BYTES = 20 * 1024 * 1024
MAX_PAGES = 50
MAX_DECODED = 100 * 1024 * 1024  # all the streams of a PDF, decoded: a deflate bomb is refused on the way
_CHUNK = 1024 * 1024  # what is inflated at a time and dropped at once: the memory a check takes stays small
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_NOT_FOLLOWED = ("/Parent", "/P")  # links back up the page tree or to a page: not part of what this page prints


class AttachmentError(ValueError):
    """A PDF that cannot be attached, or a placement that cannot be; the message is for the user."""


class _TooBigDecoded(Exception):
    pass


class _Budget:
    """What may still be decoded of one PDF."""

    def __init__(self, limit: int = MAX_DECODED) -> None:
        self.left = limit

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise _TooBigDecoded


def _too_big(name: str, size: int) -> AttachmentError:
    return AttachmentError(f"「{name}」は {format_megabytes(size, 1)} あり、大きすぎるため綴じられません（{format_megabytes(MAX_BYTES)} まで）。"
                           "ページを分けるか、画像の解像度を下げた PDF にしてください。")


def read_pdf_file(path: Path) -> bytes:
    """The bytes of a file the user chose; its size is looked at before it is read."""
    name = path.name
    try:
        if path.is_dir():
            raise AttachmentError(f"「{path}」はフォルダーです。PDF ファイルを選んでください。")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _too_big(name, size)
        return path.read_bytes()
    except FileNotFoundError:
        raise AttachmentError(f"ファイル「{path}」が見つかりません。") from None
    except OSError as e:
        raise AttachmentError(f"ファイル「{path}」を読めません（{e.strerror or e}）。") from None


class _Problems(logging.Handler):
    """What pypdf reports while reading, from this thread only (a render may run beside it)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.thread = threading.get_ident()
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread:
            self.messages.append(record.getMessage())


@contextmanager
def _listening() -> Iterator[_Problems]:
    logger = logging.getLogger("pypdf")
    handler = _Problems()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _read_everything(reader: PdfReader) -> list[str]:
    """Read and decode every object the pages use; the names of the fonts that are not embedded."""
    budget = _Budget()
    seen: set[tuple[int, int]] = set()
    missing: list[str] = []
    stack: list[object] = [page.indirect_reference or page for page in reader.pages]
    while stack:
        obj = stack.pop()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            if key in seen:
                continue
            seen.add(key)
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            _decode(obj, budget)
        if isinstance(obj, DictionaryObject):
            if obj.get("/Type") == "/Font" or ("/BaseFont" in obj and "/Subtype" in obj):
                name = _unembedded(obj)
                if name and name not in missing:
                    missing.append(name)
            stack.extend(v for k, v in obj.items() if k not in _NOT_FOLLOWED)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)
    return missing


_FLATE = ("/FlateDecode", "/Fl")
_TEXT_CODECS = {"/ASCII85Decode": ASCII85Decode, "/A85": ASCII85Decode, "/ASCIIHexDecode": ASCIIHexDecode,
                "/AHx": ASCIIHexDecode}


def _decode(stream: StreamObject, budget: _Budget) -> None:
    """Decode a stream; compressed data is checked whole, with its checksum, and counted against the budget.

    pypdf recovers what it can from a broken deflate stream without a word, so
    deflate is run through zlib here (and pypdf is left the other filters).
    Image codecs (JPEG …) are left to the printer, as a viewer would.
    """
    filters = stream.get("/Filter")
    filters = [filters] if isinstance(filters, str) else list(filters or [])
    deflated = any(f in _FLATE for f in filters)
    if not (deflated and all(f in _FLATE or f in _TEXT_CODECS for f in filters)):
        budget.spend(len(stream.get_data()))  # what zlib does not check below (pypdf bounds each stream itself)
    if not deflated:
        return
    data = stream._data
    for n, name in enumerate(filters):
        if name in _FLATE:
            data = _inflate(data, budget, keep=n < len(filters) - 1)
        elif name in _TEXT_CODECS:
            data = _TEXT_CODECS[name].decode(data)
            budget.spend(len(data))
        else:
            return


def _inflate(data: bytes, budget: _Budget, keep: bool) -> bytes:
    """Inflate a chunk at a time, counting what comes out; kept only when another filter follows."""
    inflate = zlib.decompressobj()
    out: list[bytes] = []
    pending = data
    while True:
        chunk = inflate.decompress(pending, _CHUNK)
        budget.spend(len(chunk))
        if keep:
            out.append(chunk)
        pending = inflate.unconsumed_tail
        if inflate.eof or (not pending and not chunk):
            break
    if not inflate.eof:
        raise zlib.error("the compressed data ends too soon")
    return b"".join(out)


def _unembedded(font: DictionaryObject) -> str | None:
    """The font's name when it is not embedded; Type 0 fonts are judged by their descendants."""
    subtype = font.get("/Subtype")
    if subtype in ("/Type0", "/Type3"):
        return None
    descriptor = font.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    if isinstance(descriptor, DictionaryObject) and any(k in descriptor for k in _FONT_FILES):
        return None
    name = str(font.get("/BaseFont", NameObject("/?")))[1:]
    return name.split("+", 1)[1] if len(name) > 7 and name[6] == "+" else name


def check_pdf(data: bytes, name: str) -> int:
    """The page count of a PDF fit to attach; AttachmentError says why it is not."""
    damaged = AttachmentError(f"「{name}」は壊れているため綴じられません。送り主にもう一度送ってもらうか、元のファイルから PDF を作り直してください。")
    if not data:
        raise AttachmentError(f"「{name}」は空のファイルです。")
    if len(data) > MAX_BYTES:
        raise _too_big(name, len(data))
    if b"%PDF-" not in data[:1024]:
        raise AttachmentError(f"「{name}」は PDF ではありません。PDF に保存してから添付してください。")
    if b"%%EOF" not in data[-1024:]:
        raise AttachmentError(f"「{name}」は途中で切れています（ファイルの終わりがありません）。送り主にもう一度送ってもらってください。")
    with _listening() as problems:
        try:
            reader = PdfReader(BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise AttachmentError(
                    f"「{name}」は暗号化（パスワードや印刷・変更の制限）されているため綴じられません。"
                    "送り主に保護のない PDF をもらってください。")
            count = len(reader.pages)
        except AttachmentError:
            raise
        except Exception:  # noqa: BLE001 - pypdf raises many kinds for a broken file
            raise damaged from None
        if count == 0:
            raise AttachmentError(f"「{name}」にはページがありません。")
        if count > MAX_PAGES:
            raise AttachmentError(f"「{name}」は {count} ページあり、多すぎるため綴じられません（{MAX_PAGES} ページまで）。"
                                  "必要なページだけの PDF にしてください。")
        problems.messages.clear()  # a repaired cross-reference table is what every viewer does too
        try:
            missing = _read_everything(reader)
        except _TooBigDecoded:
            raise AttachmentError(
                f"「{name}」は圧縮された中身を展開すると {format_megabytes(MAX_DECODED)} を超え、大きすぎるため綴じられません"
                f"（展開した大きさで {format_megabytes(MAX_DECODED)} まで）。送り主に作り直した PDF をもらってください。") from None
        except Exception:  # noqa: BLE001
            raise damaged from None
        if problems.messages:
            raise damaged
    if missing:
        fonts = "、".join(missing[:3]) + (" など" if len(missing) > 3 else "")
        raise AttachmentError(
            f"「{name}」には埋め込まれていないフォント（{fonts}）があり、印刷する PC によって文字が置き換わるため綴じられません。"
            "送り主にフォントを埋め込んだ PDF をもらうか、PDF を開いて「Microsoft Print to PDF」で印刷し直したものを添付してください。")
    return count


def check_placement(plan: Plan, handout: str, placement: str, after_page: int | None = None,
                    page_counts: dict[str, int] | None = None) -> tuple[str, str, int | None]:
    """(handout label, placement, after_page) as stored; `page_counts` of the generated handouts when known."""
    try:
        label = normalize_handout_label(handout)
    except MeetingError as e:
        raise AttachmentError(str(e)) from None
    labels = handout_labels(plan)
    if label not in labels:
        raise AttachmentError(f"「{label or handout}」という資料はありません。{'、'.join(labels)} のどれかを指定してください"
                              "（次第の議題に資料名を書くと、その資料にも綴じられます）。")
    if placement not in PLACEMENTS:
        raise AttachmentError(f"綴じる位置「{placement}」はありません（{'、'.join(PLACEMENTS)}）。")
    generated = label == PLAN_HANDOUT or (label == report_handout(plan) and has_report(plan))
    if placement == "summary" and not (label == report_handout(plan) and plan.report.panels):
        raise AttachmentError(f"概要版の代わりに綴じられるのは、概要版のある{report_handout(plan)}だけです。")
    if placement != "after":
        return label, placement, None
    if not generated:
        raise AttachmentError(f"{label}は添付した PDF だけの資料のため、初めか終わりに綴じてください。")
    if isinstance(after_page, bool) or not isinstance(after_page, int) or after_page < 1:
        raise AttachmentError("何ページの後に綴じるかを、1 以上の数で指定してください。")
    pages = (page_counts or {}).get(label)
    if pages is not None and after_page > pages:
        raise AttachmentError(f"{label}は {pages} ページです。{pages} ページまでのどれかの後を指定してください。")
    return label, placement, after_page


def new_attachment(plan: Plan, data: bytes, file_name: str, handout: str, placement: str = "end",
                   after_page: int | None = None, page_counts: dict[str, int] | None = None) -> Attachment:
    """A checked attachment, ready for PlanStore.insert(attachment, None, index); nothing is stored here."""
    file_name = Path(file_name).name or "添付.pdf"
    label, placement, after_page = check_placement(plan, handout, placement, after_page, page_counts)
    count = check_pdf(data, file_name)
    attachment = Attachment(label, file_name, data, placement, after_page)
    attachment._counted = (data, count)
    return attachment
