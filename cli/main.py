"""The ``kiosk`` command: its arguments and their dispatch.

Every expected failure is one line and a non-zero exit, never a traceback. The commands for
technicians and staff import no Qt; ``run``, ``demo`` and ``tour`` load the interface when run.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cli.errors import SetupError
from kiosk import __version__
from kiosk.catalogue import CatalogueError
from kiosk.config import Config, ConfigError, load_config
from kiosk.documents import DocumentError
from kiosk.log import init_logging
from kiosk.paths import NotWritable
from kiosk.store import StoreError

EXIT_USAGE = 2


def has_display() -> bool:
    """Whether ``kiosk run`` can show a window (decided without loading Qt)."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform and platform.split(":")[0] not in ("xcb", "wayland", "offscreen"):
        return True  # eglfs, linuxfb, vnc…: the technician chose a platform that needs no X
    if platform.startswith("offscreen"):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="Government service hall self-service kiosk.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    parser.add_argument("--config", type=Path, help="config file (default: KIOSK_CONFIG, then the standard places)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = commands.add_parser("run", help="run the kiosk with the configured devices and platform")
    run.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    demo = commands.add_parser(
        "demo", help="simulated card and printer, a local platform; off screen: a scripted journey"
    )
    demo.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    demo.add_argument("--out", type=Path, default=Path("out/demo"), help="where screenshots and prints go")
    tour = commands.add_parser("tour", help="render every screen, in each language and mode, to PNG files")
    tour.add_argument("--out", type=Path, required=True)
    commands.add_parser("doctor", help="check this terminal's set-up and say what is wrong")
    enrol = commands.add_parser("enrol", help="enrol this terminal with the platform, with a one-time code")
    enrol.add_argument("--code", required=True, help="from `kiosk-central terminal add` on the platform")
    catalog = commands.add_parser(
        "catalog", help="build, check or install a catalogue bundle, or report what it saves citizens"
    )
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    check = catalog_commands.add_parser("check", help="list every problem in a bundle, with its JSON path")
    check.add_argument("file", type=Path)
    build = catalog_commands.add_parser("build", help="compile YAML sources into a bundle, listing every problem")
    build.add_argument("src", type=Path, help="a directory of sources, such as assets/catalog/src")
    build.add_argument("--out", type=Path, required=True, help="the bundle to write")
    install = catalog_commands.add_parser("install", help="make a checked bundle this terminal's catalogue")
    install.add_argument("file", type=Path)
    stats = catalog_commands.add_parser("stats", help="questions and materials per package, separate vs combined")
    stats.add_argument("file", type=Path, nargs="?", help="default: the configured catalogue")
    stats.add_argument("--json", action="store_true", help="a JSON list, one object per package")
    card = commands.add_parser("card", help="read identity documents")
    card_commands = card.add_subparsers(dest="card_command", required=True, metavar="ACTION")
    read = card_commands.add_parser("read", help="read one document and print it, masked unless --show")
    read.add_argument("--reader", help="a PC/SC reader, by (part of) its name; default: the configured readers")
    read.add_argument("--mrz", metavar="DOCNO,YYMMDD,YYMMDD",
                      help="document number, birth date and expiry date: opens a passport's or permit's chip")
    read.add_argument("--json", action="store_true", help="one JSON object")
    read.add_argument("--show", action="store_true", help="print personal data in full (it is never logged)")
    read.add_argument("--wait", type=float, default=10.0, metavar="SECONDS",
                      help="how long to wait for a document (default 10)")
    prints = commands.add_parser("prints", help="receipts whose last print failed or was not confirmed")
    prints.add_argument("--all", action="store_true", help="every recent print job instead")
    again = commands.add_parser("reprint", help="print an application's receipt again (for staff)")
    again.add_argument("number", help="the application number, as `kiosk prints` lists it")
    again.add_argument("--lang", choices=["zh", "en"], default="zh")
    test_page = commands.add_parser("print-test", help="print a test page on the configured printer")
    test_page.add_argument("--printer", metavar="QUEUE", help="a CUPS queue instead of the configured printer")
    documents = commands.add_parser("documents", help="render documents without printing them")
    document_commands = documents.add_subparsers(dest="documents_command", required=True, metavar="ACTION")
    sample = document_commands.add_parser("sample", help="a document from demo data, for review")
    # No argparse choices: the list lives in kiosk.documents.samples, which `kiosk run` need not import.
    sample.add_argument("--kind", required=True, help="receipt, receipt-80mm, certificate or licence")
    sample.add_argument("--out", type=Path, required=True, help="the PDF file to write")
    sample.add_argument("--type", dest="certificate_type", metavar="KIND",
                        help="the certificate's kind for --kind certificate (default birth_registration)")
    sample.add_argument("--lang", choices=["zh", "en"], default="zh")
    return parser


def _prints(args: argparse.Namespace) -> int:
    from cli.prints import list_prints

    return list_prints(_load(args), args.all)


def _reprint(args: argparse.Namespace) -> int:
    from cli.prints import reprint

    return reprint(_load(args), args.number, args.lang)


def _print_test(args: argparse.Namespace) -> int:
    from cli.prints import print_test

    return print_test(_load(args), args.printer)


def _documents(args: argparse.Namespace) -> int:
    from cli.prints import sample

    try:
        return sample(args.kind, args.out, args.lang, args.certificate_type)
    except ValueError as exc:
        raise SetupError(str(exc)) from None
    except OSError as exc:
        raise SetupError(f"cannot write {args.out} ({exc.strerror})") from None


def _card(args: argparse.Namespace) -> int:
    from cli.card import read_command

    return read_command(_load(args), args.reader, args.mrz, as_json_output=args.json, show=args.show,
                        wait_s=args.wait)


def _load(args: argparse.Namespace) -> Config:
    config = load_config(args.config)
    try:
        init_logging(config.state_dir / "logs", config["log.level"])
    except OSError as exc:
        raise SetupError(f"state directory {config.state_dir} is not writable ({exc.strerror})") from None
    return config


def _interface() -> None:
    """Load Qt for the commands that show screens, and route its messages to our log. Qt that cannot
    load (a missing system library) is one line for the technician; the other commands need no Qt."""
    try:
        from ui.qtlog import route_qt_messages
    except ImportError as exc:
        raise SetupError(f"the interface cannot start: {exc} (PySide6 and the libraries that "
                         "installer/install-deps.sh installs); `kiosk doctor` and the other commands need no Qt"
                         ) from None
    route_qt_messages()


def _run(args: argparse.Namespace) -> int:
    if not has_display():
        raise SetupError("no display: set DISPLAY (or QT_QPA_PLATFORM), or use `kiosk demo` off screen")
    config = _load(args)

    _interface()
    from devices.registry import production_devices
    from ui.root import launch, production_platform
    from ui.watchdog import start_watchdog

    fullscreen = config["ui.fullscreen"] and not args.windowed
    app, kiosk = launch(config, production_devices(config), production_platform(config), fullscreen=fullscreen)
    start_watchdog(kiosk.window)
    try:
        return app.exec()
    finally:
        kiosk.shutdown()


def _demo(args: argparse.Namespace) -> int:
    _interface()
    from cli.demo import run_demo

    config = load_config(args.config)
    return run_demo(config, args.out, windowed=args.windowed, on_screen=has_display())


def _tour(args: argparse.Namespace) -> int:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _interface()
    from ui.tour import SizeRulesBroken, run_tour

    config = load_config(args.config)
    try:
        written = run_tour(config, args.out)
    except SizeRulesBroken as broken:
        print(broken, file=sys.stderr)
        return 1
    print(f"kiosk tour: {len(written)} screens written to {args.out}")
    return 0


def _catalog(args: argparse.Namespace) -> int:
    from cli import catalog

    if args.catalog_command == "check":
        return catalog.check(args.file)
    if args.catalog_command == "build":
        return catalog.build(args.src, args.out)
    if args.catalog_command == "install":
        return catalog.install(args.file, load_config(args.config).state_dir)
    return catalog.stats(args.file or load_config(args.config).catalogue_path, args.json)


def _enrol(args: argparse.Namespace) -> int:
    from kiosk.sync.signing import EnrolError, enrol

    config = _load(args)
    try:
        credentials = enrol(config["platform.url"], config["terminal.id"], args.code, config.state_dir / "keys")
    except EnrolError as exc:
        raise SetupError(str(exc)) from None
    print(f"terminal {credentials.terminal_id} enrolled with {config['platform.url']}")
    return 0


def _doctor(args: argparse.Namespace) -> int:
    from cli.doctor import run_doctor

    return run_doctor(args.config, display=has_display())


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    handlers = {
        "run": _run, "demo": _demo, "tour": _tour, "doctor": _doctor, "catalog": _catalog, "enrol": _enrol,
        "card": _card, "prints": _prints, "reprint": _reprint, "print-test": _print_test, "documents": _documents,
    }
    try:
        return handlers[args.command](args)
    except (ConfigError, CatalogueError, StoreError, DocumentError, SetupError, NotWritable) as exc:
        print(f"kiosk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
