"""kiosk-central: serve the platform API; manage terminals, catalogues, calendars, decisions and hall staff
(central/staff_cli.py); migrate or seed the database.

Unusable input (catalogue, database URL, address) ends with one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import uvicorn
from alembic.util import CommandError
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from central import staff_cli
from central import terminals as terminals_api
from central.app import create_app
from central.migrate import migrate, upgrade
from kiosk.assets import DEMO_CATALOGUE
from kiosk.catalogue import CatalogueError, load_catalogue

PROG = "kiosk-central"
BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        print(f"{PROG}: {message} (see --help)", file=sys.stderr)
        raise SystemExit(BAD_INPUT)


class UnusableInput(Exception):
    """One line for the operator; the process exits with code 2."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0 to 65535, not {port}")
    return port


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog=PROG, description="The platform behind the kiosks: application intake and catalogue.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="migrate the database, then serve the HTTP API")
    serve.add_argument("--db", required=True, help="SQLAlchemy URL, e.g. sqlite:////var/lib/kiosk-central/central.db")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=_port, default=8700, help="0 picks a free port (printed when listening)")
    serve.add_argument("--catalogue", type=Path, help="publish this bundle (JSON) if its version is new; "
                       "an empty platform gets the demo catalogue")
    catalogue = commands.add_parser("catalogue", help="publish a catalogue bundle as the newest version")
    catalogue.add_argument("action", choices=("publish",))
    catalogue.add_argument("file", type=Path, help="the bundle (JSON); every problem is listed, any one refuses it")
    catalogue.add_argument("--db", required=True, help="SQLAlchemy URL")
    calendar = commands.add_parser("calendar", help="publish a year's official holidays and make-up workdays, or list "
                                   "the years published")
    calendar_actions = calendar.add_subparsers(dest="action", required=True)
    calendar_publish = calendar_actions.add_parser("publish", help="publish (or replace) one year's official calendar")
    calendar_publish.add_argument("file", type=Path, help="the year as TOML: year, holidays, workdays "
                                  "(see docs/operations.md)")
    calendar_list = calendar_actions.add_parser("list", help="the years published, and those the package knows")
    for sub in (calendar_publish, calendar_list):
        sub.add_argument("--db", required=True, help="SQLAlchemy URL")
    migrate_cmd = commands.add_parser("migrate", help="bring the database to the newest schema")
    migrate_cmd.add_argument("--db", required=True, help="SQLAlchemy URL")
    terminal = commands.add_parser("terminal", help="add, disable, command, configure or list kiosks")
    actions = terminal.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="add a kiosk (or renew its code), printing its one-time enrolment code")
    disable = actions.add_parser("disable", help="refuse the kiosk's requests from now on")
    command = actions.add_parser("command", help="queue a command for the kiosk's next heartbeat")
    config = actions.add_parser("config", help="set the config sent with heartbeat answers: numbers and true/false "
                                "are typed (JSON \"…\" keeps text), KEY= removes a key")
    listing = actions.add_parser("list", help="one line per kiosk: stale or fresh, health, last heartbeat, backlog")
    for sub in (add, disable, command, config):
        sub.add_argument("terminal_id", help="e.g. HN-CS-0001")
    add.add_argument("--hall", default="", help="the hall it stands in")
    command.add_argument("name", metavar="COMMAND", help=f"one of {', '.join(terminals_api.KNOWN_COMMANDS)}")
    command.add_argument("--arg", action="append", default=[], metavar="KEY=VALUE", help="an argument (repeatable)")
    config.add_argument("pairs", nargs="+", metavar="KEY=VALUE")
    for sub in (add, disable, command, config, listing):
        sub.add_argument("--db", required=True, help="SQLAlchemy URL")
    decide = commands.add_parser("decide", help="approve (issuing certificates) or reject an application")
    decide.add_argument("number", help="the application number")
    decide.add_argument("decision", choices=("approve", "reject"))
    decide.add_argument("--reason", default="", help="why; required to reject")
    staff_cli.add_parser(commands)
    seed = commands.add_parser("seed-demo", help="add the demo people's e-licences, shared data and applications")
    for sub in (decide, seed):
        sub.add_argument("--db", required=True, help="SQLAlchemy URL")
        sub.add_argument("--catalogue", type=Path, help="names items by this bundle, not the newest published one")
    return parser


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def _database_errors(exc: Exception) -> UnusableInput:
    return UnusableInput(f"cannot use the database: {_first_line(exc)}")


def _listen(host: str, port: int) -> socket.socket:
    # IPPROTO_TCP, not 0: asyncio turns Nagle off only on sockets that say TCP, and with Nagle on every answer
    # on a kept-alive connection waited ~40 ms for the client's delayed ACK (sync.outbox_drain: 18/s).
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise UnusableInput(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
    return sock


class _Server(uvicorn.Server):
    """Says where it listens on stdout, once, when it is ready for requests."""

    def __init__(self, config: uvicorn.Config, announcement: str) -> None:
        super().__init__(config)
        self.announcement = announcement

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            print(self.announcement, flush=True)


def _serve(args: argparse.Namespace) -> None:
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sock = _listen(args.host, args.port)
    try:
        app = create_app(args.db, args.catalogue)
    except CatalogueError as exc:
        sock.close()
        raise UnusableInput(_first_line(exc)) from None
    except (SQLAlchemyError, CommandError, ImportError) as exc:
        sock.close()
        raise _database_errors(exc) from None
    port = sock.getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    config = uvicorn.Config(app, log_config=None, server_header=False, timeout_graceful_shutdown=10)
    _Server(config, f"{PROG} listening on http://{host}:{port}").run(sockets=[sock])


def _migrate(args: argparse.Namespace) -> None:
    try:
        migrate(args.db)
    except (SQLAlchemyError, CommandError, ImportError) as exc:
        raise _database_errors(exc) from None
    print(f"{PROG}: the database schema is up to date", flush=True)


def _terminal(args: argparse.Namespace) -> None:
    from central.auth import Terminals
    from central.db import make_engine
    from central.platform import utc_now

    try:
        engine = make_engine(args.db)
        upgrade(engine)
        terminals = Terminals(engine, utc_now)
        if args.action in ("command", "config", "list"):
            _heartbeat_admin(args, sessionmaker(engine), utc_now())
        elif args.action == "add":
            code = terminals.add(args.terminal_id, args.hall)
            print(f"terminal {args.terminal_id}: enrolment code {code} (valid 3 days, once)", flush=True)
        elif not terminals.disable(args.terminal_id):
            raise UnusableInput(f"no terminal {args.terminal_id}")
        else:
            print(f"terminal {args.terminal_id} disabled: its requests are refused from now on", flush=True)
    except (SQLAlchemyError, CommandError, ImportError) as exc:
        raise _database_errors(exc) from None


def _heartbeat_admin(args: argparse.Namespace, sessions: sessionmaker[Session], now: dt.datetime) -> None:
    """What a terminal's next heartbeat answer carries, and the list of terminals."""
    try:
        if args.action == "list":
            for state in terminals_api.all_terminals(sessions, now):
                print(terminals_api.one_line(state), flush=True)
        elif args.action == "command":
            arguments = terminals_api.pairs(args.arg, "--arg")  # text, as typed
            number = terminals_api.queue_command(sessions, args.terminal_id, args.name, arguments, now)
            print(f"command {number} ({args.name}) queued for terminal {args.terminal_id}", flush=True)
        else:
            config = terminals_api.set_config(sessions, args.terminal_id, terminals_api.pairs(args.pairs, "setting"))
            print(f"terminal {args.terminal_id} config: {json.dumps(config, ensure_ascii=False)}", flush=True)
    except ValueError as exc:
        raise UnusableInput(str(exc)) from None
    except terminals_api.NoSuchTerminal:
        raise UnusableInput(f"no terminal {args.terminal_id}") from None


def _catalogue(args: argparse.Namespace) -> None:
    from central.catalogue_versions import VersionConflict, check_bundle, publish
    from central.db import make_engine
    from central.platform import utc_now

    try:
        bundle, catalogue = check_bundle(args.file)
        engine = make_engine(args.db)
        upgrade(engine)
        published, new = publish(sessionmaker(engine, expire_on_commit=False), bundle, catalogue, utc_now())
    except VersionConflict as exc:
        raise UnusableInput(f"{args.file.name}: {exc}") from None
    except CatalogueError as exc:
        count = f"{len(exc.problems)} problem{'s' * (len(exc.problems) > 1)}"
        problems = [p.removeprefix(f"{args.file.name}: ") for p in exc.problems]
        raise UnusableInput("\n  ".join([f"{args.file}: not published, {count}:", *problems])) from None
    except (SQLAlchemyError, CommandError, ImportError) as exc:
        raise _database_errors(exc) from None
    state = "published: the newest version from now on" if new else "is already published: nothing to do"
    print(f"catalogue {published.version} {state}", flush=True)


def _calendar(args: argparse.Namespace) -> None:
    from central.calendars import Published, listing, publish, read_year
    from central.db import make_engine
    from central.platform import utc_now
    from kiosk.workdays import CalendarError, package_years

    try:
        year = read_year(args.file) if args.action == "publish" else None
        engine = make_engine(args.db)
        upgrade(engine)
        if year is None:
            with sessionmaker(engine)() as session:
                print("\n".join(listing(session)), flush=True)
            return
        outcome = publish(sessionmaker(engine), year, utc_now())
    except CalendarError as exc:
        raise UnusableInput(str(exc)) from None
    except (SQLAlchemyError, CommandError, ImportError) as exc:
        raise _database_errors(exc) from None
    said = {
        Published.NEW: "published: promised dates and kiosks use it from now on",
        Published.REPLACED: "replaced: promised dates and kiosks use the new one from now on",
        Published.UNCHANGED: "is already published as it is: nothing to do",
    }[outcome]
    instead = f" (in place of the chinese-calendar package's {year.year})" if year.year in package_years() else ""
    print(f"calendar {year.year} {said}{instead}", flush=True)


def _back_office(args: argparse.Namespace) -> None:
    """`decide` and `seed-demo`: one transaction each, against the catalogue in use."""
    from central.backoffice import DecisionError, decide
    from central.catalogue_versions import CatalogueVersions
    from central.db import make_engine
    from central.platform import utc_now
    from central.seed import SeedError, seed_demo

    if args.command == "decide" and args.decision == "reject" and not args.reason.strip():
        raise UnusableInput("a rejection needs --reason: the citizen is told why")
    try:
        engine = make_engine(args.db)
        upgrade(engine)
        versions = CatalogueVersions(engine)
        if args.catalogue is not None or versions.newest() is None:
            catalogue = load_catalogue(args.catalogue or DEMO_CATALOGUE)
        else:
            catalogue = versions.catalogue()
        with sessionmaker(engine).begin() as session:
            if args.command == "seed-demo":
                print(seed_demo(session, catalogue, utc_now()), flush=True)
                return
            decision = decide(session, catalogue, args.number, args.decision == "approve", args.reason.strip(),
                              utc_now().replace(microsecond=0))
        issued = f": certificates {', '.join(decision.serials)}" if decision.serials else ""
        print(f"application {decision.number} {decision.status}{issued}", flush=True)
    except (DecisionError, SeedError) as exc:
        raise UnusableInput(str(exc)) from None
    except CatalogueError as exc:
        raise UnusableInput(_first_line(exc)) from None
    except (SQLAlchemyError, CommandError, ImportError) as exc:
        raise _database_errors(exc) from None


def _staff(args: argparse.Namespace) -> None:
    try:
        staff_cli.run(args)
    except (SQLAlchemyError, CommandError, ImportError) as exc:
        raise _database_errors(exc) from None


def main(argv: Sequence[str] | None = None) -> int:
    commands = {"serve": _serve, "migrate": _migrate, "terminal": _terminal, "catalogue": _catalogue,
                "calendar": _calendar, "decide": _back_office, "seed-demo": _back_office, "staff": _staff}
    try:
        args = _parser().parse_args(argv)
        commands[args.command](args)
    except UnusableInput as exc:
        print(f"{PROG}: {exc}", file=sys.stderr, flush=True)
        return BAD_INPUT
    except staff_cli.Refused as exc:
        print(f"{PROG}: {exc}", file=sys.stderr, flush=True)
        return 1
    except SystemExit as exc:  # argparse: --help, or a bad option already reported
        return exc.code if isinstance(exc.code, int) else BAD_INPUT
    return 0
