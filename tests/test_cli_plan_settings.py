"""asahi-desk plan: the plan's properties printed, changed with --set, refused in Japanese with nothing changed."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest

from asahi_desk.cli import main
from asahi_desk.store import PlanStore

def _png() -> bytes:
    """A real 2×2 PNG, made here."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = b"".join(b"\x00" + b"\xff\x80\x00" * 2 for _ in range(2))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(pixels)) + chunk(b"IEND", b""))


PNG = _png()


def _load(path: Path):  # noqa: ANN202
    store = PlanStore.open(path, readonly=True)
    plan = store.plan
    store.close()
    return plan


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan_prints_what_the_plan_is(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "plan", "--db", str(plan_path))
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert lines["区"].split() == ["区", "ward", "旭区"]
    assert "2024（令和６年度）" in lines["年度"]
    assert "区政推進課（PDF の作成者：旭区区政推進課）" in lines["資料を作る課"]
    assert "総務課、区政推進課、地域振興課" in lines["区の課"]
    assert "「ふるさと旭」の実現" in lines["スローガン"]
    assert lines["統合事務費.予算"].split() == ["統合事務費.予算", "24,195"]
    assert lines["区庁舎・区民利用施設管理費.前年度"].split() == ["区庁舎・区民利用施設管理費.前年度", "695,859"]
    assert lines["個性ある区づくり推進費.記載額"].split()[-1] == "876,702"
    assert "自主企画事業費.予算" not in lines  # a sum of projects, not a figure of its own


def test_set_changes_every_property_in_one_go(plan_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "マスコット.png"
    image.write_bytes(PNG)
    code, out, err = run(capsys, "plan", "--db", str(plan_path), "--set", "ward=青葉区", "--set", "fiscal-year=2019",
                         "--set", "label=令和元年度", "--set", "office=総務課", "--set", "slogan=みどりの\\nまち",
                         "--set", "mascot-caption=なしかちゃん", "--set", f"mascot-image={image}",
                         "--set", "統合事務費.予算=２５，０００", "--set", "統合事務費.前年度=▲0",
                         "--set", "個性ある区づくり推進費.記載額=", "--set", "rename-section=地域振興課=地域力推進課")
    assert code == 0, err
    assert "変更しました" in out
    plan = _load(plan_path)
    assert (plan.ward, plan.fiscal_year, plan.year_label, plan.office) == ("青葉区", 2019, "令和元年度", "総務課")
    assert plan.author == "青葉区総務課" and plan.slogan == "みどりの\nまち" and plan.mascot_caption == "なしかちゃん"
    assert plan.mascot_image == PNG
    lump = plan.category("統合事務費")
    assert (lump.amount, lump.last_year) == (25000, 0)
    assert plan.total_category.stated_amount is None
    assert plan.section("地域振興課") is None and plan.section("地域力推進課") in plan.project("Ⅱ-2").sections
    assert plan.category("青葉区で企画する主な区配事業") is not None  # the names carrying the ward follow it
    assert not any("旭区" in c.name for c in plan.walk_categories())


def test_a_new_year_drops_a_label_of_the_old_year(plan_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "plan", "--db", str(plan_path), "--set", "fiscal-year=2019", "--set", "label=令和元年度")[0] == 0
    assert run(capsys, "plan", "--db", str(plan_path), "--set", "fiscal-year=2020")[0] == 0
    plan = _load(plan_path)
    assert (plan.year_label_override, plan.year_label) == ("", "令和２年度")


def test_sections_are_added_reordered_and_removed_when_unused(plan_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    names = [s.name for s in _load(plan_path).sections]
    new = ["区政推進課", "総務課", *names[2:], "戸籍課"]
    assert run(capsys, "plan", "--db", str(plan_path), "--set", "sections=" + "、".join(new))[0] == 0
    assert [s.name for s in _load(plan_path).sections] == new
    assert run(capsys, "plan", "--db", str(plan_path), "--set", "sections=" + "、".join(new[:-1]))[0] == 0
    assert [s.name for s in _load(plan_path).sections] == new[:-1]


@pytest.mark.parametrize(("setting", "message"), [
    ("ward=", "区の名称を入力してください"),
    ("fiscal-year=二〇二五", "西暦の数字"),
    ("fiscal-year=2018", "2019 から"),
    ("label=令和２年度", "2024 年度（令和６年度）の表記ではありません"),
    ("label=R6", "元号・年・「年度」"),
    ("office=", "資料を作る課を入力してください"),
    ("統合事務費.予算=12.5", "小数"),
    ("統合事務費.予算=", "予算の額を入力してください"),
    ("自主企画事業費.予算=100", "事業の額の合計"),
    ("予算=100", "という設定はありません"),
    ("sections=総務課", "地域振興課」は 区分「区庁舎・区民利用施設管理費」"),
    ("sections=総務課、総務課", "二度指定"),
    ("rename-section=地域振興課=総務課", "すでにあります"),
    ("rename-section=戸籍課=住民課", "課「戸籍課」はありません"),
    ("mascot-image=nothing-here.png", "読めません"),
])
def test_a_refusal_names_the_setting_and_changes_nothing(plan_path: Path, capsys: pytest.CaptureFixture[str],
                                                         setting: str, message: str) -> None:
    before = plan_path.read_bytes()
    code, out, err = run(capsys, "plan", "--db", str(plan_path), "--set", "ward=青葉区", "--set", setting)
    assert code == 2
    assert message in err and "計画は変更していません" in err and "Traceback" not in err
    assert plan_path.read_bytes() == before


def test_a_picture_that_is_not_one_is_refused(plan_path: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "mascot.png"
    text.write_text("not a picture")
    before = plan_path.read_bytes()
    code, _, err = run(capsys, "plan", "--db", str(plan_path), "--set", f"mascot-image={text}")
    assert code == 2 and "JPEG・PNG の画像ではありません" in err
    assert plan_path.read_bytes() == before


def test_a_setting_without_a_value_is_refused_by_the_parser(plan_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "--db", str(plan_path), "--set", "ward"])
    assert exit_.value.code == 2
    assert "設定名=値 の形" in capsys.readouterr().err
