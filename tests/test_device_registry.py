"""devices/registry.py: the readers and printers a configuration names, and a clear error for a name it does not."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from devices.cards.combined import CombinedReader
from devices.cards.pcsc import PcscReader
from devices.cards.simulated import SimulatedReader
from devices.printers.cups import CupsPrinter
from devices.printers.escpos import EscposPrinter
from devices.printers.pdf_file import PdfFilePrinter
from devices.registry import CARD_READERS, PRINTERS, card_reader, receipt_printer, simulator_in
from kiosk.config import SETTINGS, Config, ConfigError, load_config


def config(**environ: str) -> Config:
    return load_config(environ={f"KIOSK_{key.upper()}": value for key, value in environ.items()})


@pytest.mark.parametrize(("key", "registry"), [("cards.backend", CARD_READERS), ("printer.backend", PRINTERS)])
def test_each_backend_is_documented_with_its_setting(key: str, registry: Mapping[str, object]) -> None:
    (setting,) = [s for s in SETTINGS if s.key == key]
    assert set(re.findall(r"'(\w+)'", setting.expected)) == set(registry)


def test_an_unknown_card_backend_names_the_key_and_the_known_ones() -> None:
    with pytest.raises(ConfigError) as raised:
        card_reader(config(cards_backend="pcsc,nfc"))
    assert str(raised.value) == "'cards.backend': no backend 'nfc' (known: pcsc, vendor, simulated)"


def test_an_unknown_printer_backend_names_the_key_and_the_known_ones() -> None:
    with pytest.raises(ConfigError) as raised:
        receipt_printer(config(printer_backend="lpr"))
    assert str(raised.value) == "'printer.backend': no backend 'lpr' (known: pdf, cups, escpos)"


def test_a_new_backend_is_one_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    nfc = SimulatedReader(())
    monkeypatch.setitem(CARD_READERS, "nfc", lambda _config: nfc)
    assert card_reader(config(cards_backend="nfc")) is nfc


def test_several_card_backends_are_one_reader() -> None:
    reader = card_reader(config(cards_backend="pcsc, simulated", cards_readers="ACS,Identiv"))
    assert isinstance(reader, CombinedReader)
    pcsc, simulated = reader.readers
    assert isinstance(pcsc, PcscReader) and pcsc.monitor.names == ("ACS", "Identiv")
    assert simulator_in(reader) is simulated and isinstance(simulated, SimulatedReader)
    assert simulator_in(card_reader(config(cards_backend="pcsc"))) is None


def test_the_printer_is_the_one_configured(tmp_path: Path) -> None:
    pdf = receipt_printer(config(printer_backend="pdf", printer_paper="80mm", printer_pdf_dir=str(tmp_path)))
    assert isinstance(pdf, PdfFilePrinter) and (pdf.out_dir, pdf.paper) == (tmp_path, "80mm")
    cups = receipt_printer(config(printer_backend="cups", printer_queue="receipts"))
    assert isinstance(cups, CupsPrinter) and cups.name == "cups:receipts"
    escpos = receipt_printer(config(printer_backend="escpos", printer_escpos_device="tcp://192.0.2.7:9100"))
    assert isinstance(escpos, EscposPrinter) and escpos.name == "escpos:tcp://192.0.2.7:9100"


def test_a_bad_printer_device_names_its_key() -> None:
    with pytest.raises(ConfigError, match=r"^'printer.escpos_device': "):
        receipt_printer(config(printer_backend="escpos", printer_escpos_device="lpt1"))
