"""The heartbeat: every ``platform.heartbeat_s`` seconds, tell the platform how this terminal is,
and take the commands and config its answer carries.

What is reported comes from callables the composition root passes in (the catalogue in use,
the outbox backlog, each device's health), so this module knows nothing of devices or Qt. Report and
answer are wire models (kiosk/sync/wire.py); the answer's official calendar years go to ``on_calendar``
when they change (kiosk/sync/calendar.py).
Network trouble is logged, never raised: the next beat simply tries again. ``beat_once`` is
plain code that tests call without the thread.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from kiosk import __version__
from kiosk.sync.worker import Worker

if TYPE_CHECKING:
    from kiosk.sync.platform import Platform
    from kiosk.sync.wire import CalendarYearOut, DeviceHealth, HeartbeatAnswer, HeartbeatBody

log = logging.getLogger("kiosk.sync")

HEALTH_LEVELS = ("ok", "warning", "error", "unknown")
DETAIL_MAX = 200
SKEW_WARNING_S = 60.0  # signed requests are refused beyond 120 s: say so before it comes to that


class DeviceState(NamedTuple):
    health: str  # one of HEALTH_LEVELS
    detail: str = ""  # for technicians; never personal data


@dataclass(frozen=True)
class Command:
    id: int
    command: str  # update_catalogue, print_test_page, reload_config
    arguments: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Sources:
    """What each heartbeat reports, read when it is sent. Each is called on the heartbeat thread."""

    catalogue_version: Callable[[], str]
    outbox_pending: Callable[[], int]
    devices: Mapping[str, Callable[[], DeviceState]] = field(default_factory=dict)


def _device(name: str, provider: Callable[[], DeviceState]) -> DeviceHealth:
    from kiosk.sync.wire import DeviceHealth

    try:
        state = provider()
    except Exception as exc:  # a broken or busy driver is a health fact, not a reason to skip the beat
        log.warning("health of %s could not be read: %s", name, type(exc).__name__)
        state = DeviceState("unknown", f"health check failed: {type(exc).__name__}")
    health = state.health if state.health in HEALTH_LEVELS else "unknown"
    return DeviceHealth.model_validate({"health": health, "detail": _printable(state.detail)[:DETAIL_MAX]})


def _printable(text: str) -> str:
    return "".join(c for c in text if c.isprintable())


class Heartbeat(Worker):
    name = "heartbeat"

    def __init__(
        self,
        platform: Platform,
        sources: Sources,
        on_command: Callable[[Command], None],
        *,
        interval_s: float = 60.0,
        on_config: Callable[[dict[str, Any]], None] | None = None,
        on_calendar: Callable[[list[CalendarYearOut]], object] | None = None,
        clock: Callable[[], dt.datetime] | None = None,
        after_round: Callable[[], object] | None = None,
    ) -> None:
        """``after_round``: more work for this thread after each beat (the staff list's refresh)."""
        super().__init__()
        self.platform = platform
        self.sources = sources
        self.on_command = on_command
        self.on_config = on_config
        self.on_calendar = on_calendar
        self.interval_s = interval_s
        self.clock = clock or (lambda: dt.datetime.now(dt.UTC))
        self.after_round = after_round
        self.platform_config: dict[str, Any] | None = None  # the last config the platform sent
        self.platform_calendar: list[CalendarYearOut] | None = None  # the last years taken from the platform
        self.failures = 0  # heartbeats in a row without an answer
        self._beat_lock = threading.Lock()

    def report(self) -> HeartbeatBody:
        """The heartbeat's body."""
        from kiosk.sync.wire import HeartbeatBody

        try:
            pending = int(self.sources.outbox_pending())
        except Exception as exc:
            log.warning("outbox backlog could not be read: %s", type(exc).__name__)
            pending = 0
        try:
            version = str(self.sources.catalogue_version())
        except Exception as exc:
            log.warning("catalogue version could not be read: %s", type(exc).__name__)
            version = "unknown"
        return HeartbeatBody(
            software=__version__,
            catalogue_version=_printable(version)[:64],
            outbox_pending=max(0, pending),
            devices={name: _device(name, provider) for name, provider in self.sources.devices.items()},
            sent_at=self.clock(),
            interval_s=round(self.interval_s),
        )

    def beat_once(self) -> list[Command] | None:
        """Send one heartbeat and hand each command in the answer to ``on_command``, in order.

        Returns those commands, or None when the platform did not answer (already logged).
        """
        with self._beat_lock:
            answer: HeartbeatAnswer | None = None
            try:
                answer = self.platform.heartbeat(self.report())
            except Exception:  # the client should not raise, nor a report be ill-formed; the worker outlives both
                log.exception("heartbeat failed")
            if answer is None:
                self.failures += 1
                if self.failures == 1:
                    log.warning("the platform did not answer the heartbeat; trying again every %g s", self.interval_s)
                return None
            if self.failures:
                log.info("the platform answers heartbeats again, after %d without an answer", self.failures)
            self.failures = 0
            self._check_clock(answer.server_time)
            self._take_config(answer.config)
            self._take_calendar(answer.calendar)
            commands = [Command(c.id, c.command, dict(c.arguments)) for c in answer.commands]
            for command in commands:
                log.info("command %d from the platform: %s", command.id, command.command)
                try:
                    self.on_command(command)
                except Exception:
                    log.exception("command %d (%s) failed", command.id, command.command)
            return commands

    def _take_config(self, config: dict[str, Any]) -> None:
        if config == self.platform_config:
            return
        self.platform_config = config
        if self.on_config is not None:
            try:
                self.on_config(dict(config))
            except Exception:
                log.exception("the platform's config could not be taken")

    def _take_calendar(self, calendar: list[CalendarYearOut]) -> None:
        if self.on_calendar is None or calendar == self.platform_calendar:
            return
        try:
            self.on_calendar(calendar)
        except Exception:  # e.g. the store cannot be written: taken again with the next answer
            log.exception("the platform's calendar could not be taken")
            return
        self.platform_calendar = calendar

    def _check_clock(self, server_time: dt.datetime) -> None:
        try:
            skew = (server_time - self.clock()).total_seconds()
        except TypeError:  # a time without its offset says nothing
            return
        if abs(skew) > SKEW_WARNING_S:
            log.warning("this terminal's clock is %.0f s %s the platform's: signed requests may be refused",
                        abs(skew), "behind" if skew > 0 else "ahead of")

    def round(self) -> None:
        self.beat_once()
        if self.after_round is not None:
            self.after_round()

    def pause_s(self) -> float:
        return self.interval_s
