"""`kiosk demo` off screen and `kiosk tour`: the two ways people look at the product."""

from __future__ import annotations

import re
from pathlib import Path

from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import load_catalogue
from tests.helpers.pdf import pdf_text, qr_of
from tests.helpers.screens import blank_screens
from tests.test_cli import run
from ui.demo import DEMO_PACKAGE

CATALOGUE = load_catalogue(DEMO_CATALOGUE)

SCREENS = [
    "home",
    "mrz",
    "mrz-wrong",
    "status-certificates",
    "identity-expired",
    "identity",
    "identity-more",  # the top bar's 更多 panel, open
    "packages",
    "form-errors",
    "form-applicant",
    "form-contact",
    "form-child",
    "form-other_parent",
    "form-bank",
    "form-confirm",
    "review",
    "receipt",
    "receipt-offline-print-failed",
    "idle-warning",
    "status",
    "status-looking",
    "consent",
    "keyboard-pinyin",  # the on-screen keyboard, its candidates showing
    "keyboard-digits",
    "keyboard-id",
    "keyboard-date",  # the date's year list, open
    # the hall's people and the no-card services (ui/tour_staff.py)
    "staff-sign-in",
    "staff-menu",
    "staff-identity",  # a wrong check digit, said plainly
    "staff-agent",
    "assist-consent",
    "identity-assisted",  # the assisted banner
    "call-staff",
    "lookup-qr",
    "verify",
    "ticket-choose",
    "ticket",
]


def test_demo_journey_off_screen(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = run(["demo", "--out", str(out)], env={"QT_QPA_PLATFORM": "", "WAYLAND_DISPLAY": ""})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    match = re.search(r"application number: (\S+)", result.stdout)
    assert match, result.stdout
    number = match.group(1)
    assert "platform:  delivered" in result.stdout
    assert (out / "state" / "kiosk.db").exists() and "Traceback" not in (out / "central.log").read_text()
    shots = sorted(p.name for p in out.glob("*.png"))
    assert [re.sub(r"^\d\d-", "", s) for s in shots] == [
        "home.png",
        "identity.png",
        "packages.png",
        "form-applicant.png",
        "form-contact.png",
        "form-child.png",
        "form-other_parent.png",
        "form-bank.png",
        "form-confirm.png",
        "review.png",
        "receipt.png",
        "status.png",
    ]
    assert blank_screens(sorted(out.glob("*.png"))) == []
    receipt = out / f"receipt-{number}.pdf"
    text = pdf_text(receipt)
    assert "办件凭证" in text and number in text and "新生儿出生一件事" in text
    code = re.search(r"查询码\s*([A-Z0-9]{6})\s*Verification code", text)
    assert code is not None, text
    assert qr_of(receipt, tmp_path).endswith(f"/v1/status/{number}/{code.group(1)}")


def test_tour_renders_every_screen_in_each_language_and_mode(tmp_path: Path) -> None:
    """Each mode of each language; the tour fails if a widget breaks the size rules (ui.sizes)."""
    result = run(["tour", "--out", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    names = {p.name for p in tmp_path.glob("*.png")}
    screens = SCREENS + [f"packages-{s}" for s in ("enterprise", "project", "popular", "livelihood", "search")]
    others = [p.code for p in CATALOGUE.packages.values() if p.fully_modelled and p.code != DEMO_PACKAGE]
    screens += [f"package-{code}-review" for code in others]
    for lang, mode in ((lang, mode) for lang in ("zh", "en") for mode in ("standard", "elder", "contrast")):
        assert {f"{screen}.{lang}.{mode}.png" for screen in screens} <= names
        for code in others:  # every step of every fully modelled package
            steps = [n for n in names if n.startswith(f"package-{code}-") and n.endswith(f".{lang}.{mode}.png")]
            assert len(steps) >= 3, code
    assert all((tmp_path / name).stat().st_size > 10_000 for name in names)
    assert blank_screens(sorted(tmp_path.glob("*.png"))) == []


def test_a_screen_with_nothing_below_its_top_bar_is_blank(tmp_path: Path) -> None:
    from PIL import Image, ImageDraw

    screen = Image.new("RGB", (1920, 1080), "white")
    drawing = ImageDraw.Draw(screen)
    drawing.rectangle((0, 0, 1919, 82), fill=(178, 34, 34))
    drawing.text((40, 30), "top bar", fill="white")
    screen.save(tmp_path / "blank.png")
    drawing.rectangle((60, 150, 1860, 300), fill=(240, 238, 234))  # a panel with a line of text
    for row in range(10):
        drawing.text((80, 170 + row * 12), "My applications: HN-DEMO-01-20261203-0001 " * 8, fill="black")
    screen.save(tmp_path / "shown.png")
    assert blank_screens([tmp_path / "blank.png", tmp_path / "shown.png"]) == ["blank.png"]
