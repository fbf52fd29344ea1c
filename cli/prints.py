"""Printing for staff and technicians: ``kiosk prints``, ``kiosk reprint``, ``kiosk print-test``, ``kiosk documents``.

Every print goes through the configured printer on its device thread and is recorded in the
store like the kiosk's own, so a reprint is itself listed until it succeeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from devices.io_thread import DeviceThread
from devices.printers.base import Printer, PrintResult, PrintState
from devices.registry import receipt_printer
from kiosk.config import Config
from kiosk.i18n import Language
from kiosk.store import Store

STATE_LABELS = {"printed": "printed", "sent": "sent, not confirmed", "failed": "FAILED"}


def _printer(config: Config, queue: str | None) -> Printer:
    if queue is not None:
        config = config.with_values(printer__backend="cups", printer__queue=queue)
    return receipt_printer(config)


def _run(printer: Printer, job: Callable[[], PrintResult]) -> PrintResult:
    thread = DeviceThread("printers")
    try:
        return thread.run(job)
    finally:
        thread.shutdown()


def _report(result: PrintResult, printer: Printer) -> int:
    line = f"{printer.name}: {STATE_LABELS[result.state.value]}"
    if result.reason:
        line += f" ({result.reason})"
    print(line)
    if result.message.zh:
        print(f"  {result.message.zh}\n  {result.message.en}")
    if result.output is not None:
        print(f"  written to {result.output}")
    elif result.job_ref is not None:
        print(f"  job {result.job_ref}")
    return 1 if result.state is PrintState.FAILED else 0


def list_prints(config: Config, every: bool) -> int:
    store = Store(config.state_dir)
    try:
        records = store.recent_prints() if every else store.reprints_due()
    finally:
        store.close()
    if not records:
        print("no print jobs" if every else "nothing to reprint: every receipt's last print was confirmed")
        return 0
    for r in records:
        at = r.created_at.astimezone().strftime("%Y-%m-%d %H:%M") if r.created_at else "?"
        reason = f" ({r.reason})" if r.reason else ""
        print(f"{at}  {r.number or '-':<28}  {r.kind:<8}  {STATE_LABELS.get(r.state, r.state)}{reason}  {r.printer}")
    if not every:
        print("reprint with: kiosk reprint NUMBER")
    return 0


def reprint(config: Config, number: str, lang: Language) -> int:
    """The receipt again, from what the store keeps of it (nothing personal), and the job recorded."""
    from kiosk.session import receipt_from_json

    store = Store(config.state_dir)
    try:
        stored = store.application_by_number(number)
        if stored is None:
            print(f"kiosk: no application {number} on this kiosk (see `kiosk prints --all`)")
            return 1
        receipt = receipt_from_json(stored.receipt)
        printer = _printer(config, None)
        result = _run(printer, lambda: printer.print_receipt(receipt, lang))
        store.record_print(stored.uuid, "receipt", printer.name, result.state.value, result.reason,
                           dt.datetime.now(dt.UTC))
    finally:
        store.close()
    return _report(result, printer)


def print_test(config: Config, queue: str | None) -> int:
    from kiosk.documents.test_page import render_test_page

    printer = _printer(config, queue)
    pdf = render_test_page(config["terminal.id"], printer.name, dt.datetime.now().astimezone(), printer.paper)
    return _report(_run(printer, lambda: printer.print_pdf(pdf, "print-test")), printer)


def sample(kind: str, out: Path, lang: Language, certificate_type: str | None = None) -> int:
    """A document from demo data, to look at: no printer, no platform."""
    from kiosk.documents.samples import sample_certificate, sample_document

    if certificate_type is not None and kind != "certificate":
        raise ValueError("--type goes with --kind certificate")
    pdf = sample_certificate(certificate_type, lang) if certificate_type else sample_document(kind, lang)
    out.write_bytes(pdf)
    print(f"{kind} written to {out}")
    return 0
