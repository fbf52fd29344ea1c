"""The 办件凭证 PDF: Chinese text extractable, every font embedded, exact page sizes, a QR that decodes."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.documents import fonts
from kiosk.documents.fonts import FontFace, FontMissing
from kiosk.documents.receipt import Paper, Receipt, ReceiptItem, render_receipt
from kiosk.i18n import Language, Text
from tests.helpers.pdf import pdf_text, qr_of, run, tool

A4_PT = (595.28, 841.89)
WIDTH_80MM_PT = 226.77
QR_PAYLOAD = "https://zwfw.hunan.gov.cn/yjs/status?no=YJS-4301-20240513-000123&k=8f3a9c"


def sample_receipt(*, submitted: bool = True, items: int = 3) -> Receipt:
    names = ["出生医学证明", "户口登记（新生儿入户）", "城乡居民医疗保险参保登记", "社会保障卡申领"]
    return Receipt(
        terminal_id="HN-CS-WC-0007",
        hall=Text("望城区政务服务中心", "Wangcheng District Government Service Centre"),
        issued_at=datetime.datetime(2024, 5, 13, 14, 3),
        package_name=Text("新生儿出生一件事", "Birth of a child (one-stop)"),
        application_number="YJS-4301-20240513-000123",
        items=tuple(
            ReceiptItem(
                name=Text(names[n % len(names)], f"Item {n + 1}"),
                department=Text("望城区人力资源和社会保障局", "Wangcheng Human Resources and Social Security Bureau"),
                number=f"430112-RS-2024-{118203 + n:06d}",
                promised_date=datetime.date(2024, 5, 20) + datetime.timedelta(days=n),
            )
            for n in range(items)
        ),
        to_bring=(Text("父母双方户口簿原件", "Both parents' household registers (originals)"),),
        no_need_to_bring=(Text("父母居民身份证（电子证照）", "Parents' ID cards (e-licence)"),),
        qr_payload=QR_PAYLOAD,
        status_hint=Text("可拨打12345热线查询办理进度。", "Call the 12345 hotline to check progress."),
        submitted=submitted,
    )


def write(tmp_path: Path, pdf: bytes, name: str = "receipt.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(pdf)
    return path


def page_sizes(pdf: Path) -> list[tuple[float, float]]:
    info = run(tool("pdfinfo"), "-f", "1", "-l", "999", pdf)
    return [(float(w), float(h)) for w, h in re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)]


@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_chinese_text_is_extractable(tmp_path: Path, paper: Paper) -> None:
    text = pdf_text(write(tmp_path, render_receipt(sample_receipt(), "zh", paper)))
    flat = re.sub(r"\s+", "", text)
    for expected in ("办件凭证", "出生医学证明", "户口登记（新生儿入户）", "YJS-4301-20240513-000123",
                     "不收取任何费用", "望城区政务服务中心", "父母双方户口簿原件", "12345"):
        assert expected in flat, f"{expected!r} missing from the {paper} receipt"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_every_font_is_embedded(tmp_path: Path, lang: Language, paper: Paper) -> None:
    listing = run(tool("pdffonts"), write(tmp_path, render_receipt(sample_receipt(), lang, paper)))
    rows = listing.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        emb = row.split()[-5]  # columns: name type encoding emb sub uni object-id gen
        assert emb == "yes", f"font not embedded: {row}"


def test_a4_is_exactly_a4(tmp_path: Path) -> None:
    sizes = page_sizes(write(tmp_path, render_receipt(sample_receipt(), "zh", "a4")))
    assert sizes and all(size == pytest.approx(A4_PT, abs=0.01) for size in sizes)


@pytest.mark.parametrize("items", [1, 3, 25])
def test_80mm_is_one_page_80mm_wide(tmp_path: Path, items: int) -> None:
    sizes = page_sizes(write(tmp_path, render_receipt(sample_receipt(items=items), "zh", "80mm")))
    assert len(sizes) == 1, "the roll receipt must be one long page"
    width, height = sizes[0]
    assert width == pytest.approx(WIDTH_80MM_PT, abs=0.01)
    assert height > 2 * width


@pytest.mark.parametrize(("lang", "paper"), [("zh", "a4"), ("zh", "80mm"), ("en", "80mm")])
def test_qr_decodes_to_the_exact_payload(tmp_path: Path, lang: Language, paper: Paper) -> None:
    pdf = write(tmp_path, render_receipt(sample_receipt(), lang, paper))
    assert qr_of(pdf, tmp_path) == QR_PAYLOAD


def test_offline_receipt_says_it_will_be_sent_automatically(tmp_path: Path) -> None:
    def flat_text(receipt: Receipt) -> str:
        return re.sub(r"\s+", "", pdf_text(write(tmp_path, render_receipt(receipt, "zh"))))

    assert "恢复联网后将自动提交" in flat_text(sample_receipt(submitted=False))
    assert "已提交" in flat_text(sample_receipt(submitted=True))


def test_english_receipt_and_metadata(tmp_path: Path) -> None:
    pdf = write(tmp_path, render_receipt(sample_receipt(), "en", "a4"))
    text = " ".join(pdf_text(pdf).split())
    assert "Application receipt" in text and "No fees were charged" in text
    info = run(tool("pdfinfo"), pdf)
    assert re.search(r"^Author: +Hunan government service kiosk$", info, re.M)
    assert re.search(r"^Title: +Application receipt YJS-4301-20240513-000123$", info, re.M)
    assert re.search(r"^Subject: +Birth of a child \(one-stop\)$", info, re.M)
    assert re.search(r"^Creator: +hunan-kiosk ", info, re.M)


@pytest.mark.parametrize("paper", ["a4", "80mm"])
def test_empty_lists_say_none(tmp_path: Path, paper: Paper) -> None:
    receipt = dataclasses.replace(sample_receipt(items=0), to_bring=(), no_need_to_bring=())
    text = pdf_text(write(tmp_path, render_receipt(receipt, "zh", paper)))
    assert text.count("无\n") >= 2


def test_output_is_deterministic() -> None:
    receipt = sample_receipt()
    assert render_receipt(receipt, "zh", "80mm") == render_receipt(dataclasses.replace(receipt), "zh", "80mm")


@pytest.fixture
def fresh_font_lookup() -> Iterator[None]:
    """Forget the cached font before and after, so a faked lookup does not leak into other tests."""
    fonts.cjk_font_face.cache_clear()
    fonts.register_cjk_font.cache_clear()
    yield
    fonts.cjk_font_face.cache_clear()
    fonts.register_cjk_font.cache_clear()


@pytest.mark.usefixtures("fresh_font_lookup")
def test_missing_font_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "fontconfig_faces", list)
    with pytest.raises(FontMissing, match="fonts-wqy-microhei") as caught:
        render_receipt(sample_receipt(), "zh")
    assert "\n" not in str(caught.value)
    with pytest.raises(FontMissing):
        fonts.cjk_font_path()


@pytest.mark.usefixtures("fresh_font_lookup")
def test_cff_fonts_are_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    real = fonts.cjk_font_face()
    fonts.cjk_font_face.cache_clear()
    noto = tmp_path / "NotoSansCJK-Regular.ttc"
    noto.write_bytes(b"OTTO")
    cff = FontFace(noto, 0, "CFF", ("Noto Sans CJK SC",))
    monkeypatch.setattr(fonts, "fontconfig_faces", lambda: [cff, real])
    assert fonts.cjk_font_path() == real.path
    fonts.cjk_font_face.cache_clear()
    monkeypatch.setattr(fonts, "fontconfig_faces", lambda: [cff])
    with pytest.raises(FontMissing):
        fonts.cjk_font_path()
