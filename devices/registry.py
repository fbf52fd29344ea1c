"""The readers and printers a configuration names, built by backend name: a new backend is one entry here.

Building opens nothing: the libraries (pyscard, the vendor SDK, CUPS) load on first use, on the device thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from devices.cards.base import CardReader
from devices.cards.simulated import SimulatedReader
from devices.printers.base import Printer
from devices.printers.pdf_file import PdfFilePrinter
from kiosk.config import Config, ConfigError, split_list

T = TypeVar("T")


@dataclass
class Devices:
    reader: CardReader
    printer: Printer


def _pcsc(config: Config) -> CardReader:
    from devices.cards.emrtd.passive_auth import load_csca
    from devices.cards.pcsc import PcscReader, default_profiles

    try:
        csca = load_csca(Path(config["cards.csca_path"]).expanduser()) if config["cards.csca_path"] else []
    except ValueError as exc:
        raise ConfigError(f"'cards.csca_path': {exc}") from None
    return PcscReader(split_list(config["cards.readers"]), default_profiles(csca))


def _vendor(config: Config) -> CardReader:
    from devices.cards.vendor_idcard import VendorIdCardReader

    workdir = config["cards.vendor_workdir"]
    return VendorIdCardReader(
        Path(config["cards.vendor_library"]).expanduser(), config["cards.vendor_family"],
        config["cards.vendor_port"], Path(workdir).expanduser() if workdir else None,
    )


def _simulated(_config: Config) -> CardReader:
    return SimulatedReader()


def _pdf(config: Config) -> Printer:
    printer = PdfFilePrinter(config.pdf_dir)
    printer.paper = config["printer.paper"]
    return printer


def _cups(config: Config) -> Printer:
    from devices.printers.cups import CupsPrinter

    return CupsPrinter(config["printer.queue"], paper=config["printer.paper"])


def _escpos(config: Config) -> Printer:
    from devices.printers.escpos import EscposPrinter

    try:
        return EscposPrinter(config["printer.escpos_device"], mode=config["printer.escpos_mode"])
    except ValueError as exc:
        raise ConfigError(f"'printer.escpos_device': {exc}") from None


# The names are the values of ``cards.backend`` and ``printer.backend`` (docs/configuration.md).
CARD_READERS: Mapping[str, Callable[[Config], CardReader]] = {
    "pcsc": _pcsc, "vendor": _vendor, "simulated": _simulated,
}
PRINTERS: Mapping[str, Callable[[Config], Printer]] = {"pdf": _pdf, "cups": _cups, "escpos": _escpos}


def _build(registry: Mapping[str, Callable[[Config], T]], key: str, name: str, config: Config) -> T:
    builder = registry.get(name)
    if builder is None:
        raise ConfigError(f"'{key}': no backend {name!r} (known: {', '.join(registry)})")
    return builder(config)


def card_reader(config: Config) -> CardReader:
    """The readers ``cards.backend`` names, as one."""
    readers = [_build(CARD_READERS, "cards.backend", name, config) for name in split_list(config["cards.backend"])]
    if len(readers) == 1:
        return readers[0]
    from devices.cards.combined import CombinedReader

    return CombinedReader(readers)


def receipt_printer(config: Config) -> Printer:
    """The printer ``printer.backend`` names."""
    return _build(PRINTERS, "printer.backend", config["printer.backend"], config)


def production_devices(config: Config) -> Devices:
    return Devices(card_reader(config), receipt_printer(config))


def demo_devices(config: Config) -> Devices:
    return Devices(SimulatedReader(), PdfFilePrinter(config.pdf_dir))


def simulator_in(reader: CardReader) -> SimulatedReader | None:
    """The simulator, alone or among combined readers: the demo panel and keys drive it."""
    if isinstance(reader, SimulatedReader):
        return reader
    from devices.cards.combined import CombinedReader

    candidates = reader.readers if isinstance(reader, CombinedReader) else (reader,)
    return next((r for r in candidates if isinstance(r, SimulatedReader)), None)
