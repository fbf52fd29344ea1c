"""PC/SC readers through pyscard's low-level ``smartcard.scard``, with a monitor loop of our own.

pyscard's CardMonitor and ReaderMonitor die silently when pcscd restarts and call observers
from threads of their own, so, as DigiDoc4's QPCSC does, this module keeps its own context:
each poll checks it, re-establishes it after pcscd comes back, and waits in
``SCardGetStatusChange`` with a timeout on the readers plus the PnP notification reader (so a
plugged-in reader is seen too). The first poll asks with SCARD_STATE_UNAWARE, which answers at
once, so a card already in a reader is seen. Every call runs on the cards' device thread.

Readers are chosen by configured name, never by index; the document profile is chosen by ATR
and by which application the card selects.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from smartcard import scard

from devices.cards.apdu import CardGone, CardProtocolError, Channel, Profile, Response
from devices.cards.base import CardReader, DocumentSession, ReaderInfo, ReadResult, ReadStatus
from kiosk.mrz import MrzKey

log = logging.getLogger("devices.cards")

PNP_READER = "\\\\?PnP?\\Notification"
POLL_TIMEOUT_MS = 250  # one poll's wait for a change; the card watcher polls again at once after it

# Status codes meaning the context is gone (pcscd stopped or restarted): make a new one.
_SERVICE_GONE = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_F_COMM_ERROR,
}
# Status codes meaning the card (or its reader) went away during an exchange.
_CARD_GONE = {
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_RESET_CARD,
    scard.SCARD_W_UNPOWERED_CARD,
    scard.SCARD_W_UNRESPONSIVE_CARD,
    scard.SCARD_E_NOT_TRANSACTED,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,
    scard.SCARD_F_COMM_ERROR,
}


def _error(hresult: int) -> str:
    """A technician's name for a PC/SC status, such as 'SCARD_E_NO_SERVICE'."""
    for name in dir(scard):
        if name.startswith(("SCARD_E_", "SCARD_W_", "SCARD_F_")) and getattr(scard, name) == hresult:
            return name
    return f"0x{hresult & 0xFFFFFFFF:08X}"


@dataclass(frozen=True)
class ReaderState:
    name: str
    flags: int  # dwEventState without the event counter
    events: int  # pcsc-lite's per-reader count of insertions and removals (the upper 16 bits)
    atr: bytes

    @property
    def has_card(self) -> bool:
        return bool(self.flags & scard.SCARD_STATE_PRESENT) and not self.flags & scard.SCARD_STATE_MUTE

    @property
    def label(self) -> str:
        if self.flags & (scard.SCARD_STATE_UNAVAILABLE | scard.SCARD_STATE_UNKNOWN):
            return "unavailable"
        if self.flags & scard.SCARD_STATE_MUTE:
            return "mute card"
        if self.flags & scard.SCARD_STATE_PRESENT:
            return "in use" if self.flags & scard.SCARD_STATE_EXCLUSIVE else "card"
        return "empty"


class PcscMonitor:
    """The reader states, kept current by ``poll``. Not thread-safe: call it from the device thread."""

    def __init__(self, names: Sequence[str] = ()) -> None:
        self.names = tuple(names)  # configured reader names (a name matches if it is contained); empty: all
        self.context: int | None = None
        self.generation = 0  # bumped with every new context, so insertions are never confused across restarts
        self.service = False
        self._states: dict[str, ReaderState] = {}
        self._pnp_state = scard.SCARD_STATE_UNAWARE

    @property
    def states(self) -> dict[str, ReaderState]:
        return dict(self._states)

    def _wanted(self, reader: str) -> bool:
        return not self.names or any(name in reader for name in self.names)

    def _drop_context(self, why: str) -> None:
        if self.context is not None:
            log.info("PC/SC context lost (%s); re-establishing", why)
            scard.SCardReleaseContext(self.context)
        self.context = None
        self.service = False
        self._states.clear()
        self._pnp_state = scard.SCARD_STATE_UNAWARE

    def _ensure_context(self) -> bool:
        if self.context is not None and scard.SCardIsValidContext(self.context) == scard.SCARD_S_SUCCESS:
            return True
        if self.context is not None:
            self._drop_context("invalid context")
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            return False
        self.context = context
        self.generation += 1
        self.service = True
        log.info("PC/SC context established")
        return True

    def _list_readers(self) -> list[str]:
        assert self.context is not None
        hresult, readers = scard.SCardListReaders(self.context, [])
        if hresult in _SERVICE_GONE:
            self._drop_context(_error(hresult))
            return []
        if hresult != scard.SCARD_S_SUCCESS:  # SCARD_E_NO_READERS_AVAILABLE and the like
            return []
        return [r for r in readers if self._wanted(r)]

    def poll(self, timeout_ms: int = POLL_TIMEOUT_MS) -> dict[str, ReaderState]:
        """Wait up to ``timeout_ms`` for a change, then give every wanted reader's state.

        Returns at once on the first poll, after a reader list change or without pcscd.
        """
        if not self._ensure_context():
            self.service = False
            return {}
        readers = self._list_readers()
        if self.context is None:
            return {}
        for gone in set(self._states) - set(readers):
            del self._states[gone]
        fresh = any(r not in self._states for r in readers)
        query: list[tuple[str, int]] = [(PNP_READER, self._pnp_state)]
        query += [(r, self._current(r)) for r in readers]
        hresult, answers = scard.SCardGetStatusChange(self.context, 0 if fresh else timeout_ms, query)
        if hresult in _SERVICE_GONE:
            self._drop_context(_error(hresult))
            return {}
        if hresult not in (scard.SCARD_S_SUCCESS, scard.SCARD_E_TIMEOUT):
            # SCARD_E_UNKNOWN_READER: a reader went between the list and the wait; list again next time.
            log.debug("SCardGetStatusChange: %s", _error(hresult))
            return self.states
        for name, event_state, atr in answers:
            flags = event_state & 0xFFFF & ~scard.SCARD_STATE_CHANGED
            if name == PNP_READER:
                self._pnp_state = event_state & ~scard.SCARD_STATE_CHANGED
                continue
            if flags & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_IGNORE):
                self._states.pop(name, None)
                continue
            self._states[name] = ReaderState(name, flags, event_state >> 16, bytes(atr))
        return self.states

    def _current(self, reader: str) -> int:
        state = self._states.get(reader)
        return scard.SCARD_STATE_UNAWARE if state is None else state.flags | (state.events << 16)

    def close(self) -> None:
        if self.context is not None:
            scard.SCardReleaseContext(self.context)
        self.context = None
        self._states.clear()


class PcscChannel(Channel):
    """One connected card. Every transport failure becomes CardGone."""

    def __init__(self, card: int, protocol: int) -> None:
        self.card = card
        self.protocol = protocol
        self._pci = scard.SCARD_PCI_T1 if protocol == scard.SCARD_PROTOCOL_T1 else scard.SCARD_PCI_T0

    def exchange(self, apdu: bytes) -> Response:
        hresult, response = scard.SCardTransmit(self.card, self._pci, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            raise CardGone(_error(hresult))
        if len(response) < 2:
            # No status word: the exchange never finished. vpcd answers so when the card leaves
            # mid-command, before pcscd has noticed the removal; the citizen is told to place it again.
            raise CardGone(f"a {len(response)}-byte response: the card stopped answering")
        return Response(bytes(response[:-2]), (response[-2] << 8) | response[-1])


class PcscSession(DocumentSession):
    def __init__(self, channel: PcscChannel, atr: bytes, mrz: MrzKey | None, profiles: Sequence[Profile]) -> None:
        self.channel = channel
        self.atr = atr
        self.mrz = mrz
        self.profiles = profiles

    def read(self) -> ReadResult:
        """Try each profile in turn; the first that recognises the card reads it."""
        try:
            for profile in self.profiles:
                result = profile(self.channel, self.atr, self.mrz)
                if result is not None:
                    return result
        except CardGone as exc:
            return ReadResult(ReadStatus.REMOVED, detail=f"card gone during the read: {exc}")
        except (CardProtocolError, ValueError) as exc:
            return ReadResult(ReadStatus.UNREADABLE, detail=f"{type(exc).__name__}: {exc}")
        return ReadResult(ReadStatus.UNKNOWN_CARD, detail=f"no profile recognises ATR {self.atr.hex()}")

    def close(self) -> None:
        # A reset drops the eMRTD's secure-messaging state; the next read starts clean.
        scard.SCardEndTransaction(self.channel.card, scard.SCARD_LEAVE_CARD)
        scard.SCardDisconnect(self.channel.card, scard.SCARD_RESET_CARD)


class PcscReader(CardReader):
    """Every wanted PC/SC reader; the card inserted last is the one read."""

    name = "pcsc"

    def __init__(self, names: Sequence[str] = (), profiles: Sequence[Profile] | None = None) -> None:
        self.monitor = PcscMonitor(names)
        self.profiles: Sequence[Profile] = profiles if profiles is not None else default_profiles()
        self._arrivals: dict[str, tuple[int, int]] = {}  # reader → (generation, events) of its card, oldest first
        self.wait_ms = POLL_TIMEOUT_MS

    def available(self) -> bool:
        self.monitor.poll(0)
        return self.monitor.service

    def enumerate(self) -> list[ReaderInfo]:
        states = self.monitor.poll(0)
        if not self.monitor.service:
            return []
        return [ReaderInfo(s.name, s.label, s.atr.hex().upper() if s.has_card else "") for s in states.values()]

    def _update(self) -> dict[str, ReaderState]:
        states = self.monitor.poll(self.wait_ms)
        with_card = {name: s for name, s in states.items() if s.has_card}
        for name in list(self._arrivals):
            if name not in with_card or self._arrivals[name] != (self.monitor.generation, with_card[name].events):
                del self._arrivals[name]
        for name, state in with_card.items():
            if name not in self._arrivals:
                self._arrivals[name] = (self.monitor.generation, state.events)
        return states

    def card_present(self) -> bool:
        self._update()
        return bool(self._arrivals)

    def insertion(self) -> object | None:
        self._update()
        if not self._arrivals:
            return None
        reader = next(reversed(self._arrivals))
        return (reader, *self._arrivals[reader])

    def open(self, mrz: MrzKey | None = None, reader: str | None = None) -> DocumentSession | ReadResult:
        """A session on the newest card, or on ``reader``'s card when named."""
        if not self.monitor.service and not self.available():
            return ReadResult(ReadStatus.NO_SERVICE, detail="pcscd is not running")
        states = self.monitor.states
        if reader is None:
            if not self._arrivals:
                return ReadResult(ReadStatus.NO_CARD if states else ReadStatus.NO_READER)
            reader = next(reversed(self._arrivals))
        elif reader not in states:
            return ReadResult(ReadStatus.NO_READER, detail=f"no reader named {reader!r}")
        return self._connect(reader, mrz, states[reader].atr)

    def _connect(self, reader: str, mrz: MrzKey | None, atr: bytes) -> DocumentSession | ReadResult:
        assert self.monitor.context is not None
        card, protocol = 0, 0
        for protocols in (scard.SCARD_PROTOCOL_T1 | scard.SCARD_PROTOCOL_T0, scard.SCARD_PROTOCOL_T0):
            hresult, card, protocol = scard.SCardConnect(
                self.monitor.context, reader, scard.SCARD_SHARE_SHARED, protocols
            )
            if hresult != scard.SCARD_E_PROTO_MISMATCH:
                break
        if hresult in (scard.SCARD_E_NO_SMARTCARD, scard.SCARD_W_REMOVED_CARD):
            return ReadResult(ReadStatus.REMOVED if atr else ReadStatus.NO_CARD, detail=_error(hresult))
        if hresult in (scard.SCARD_W_UNRESPONSIVE_CARD, scard.SCARD_W_UNPOWERED_CARD):
            return ReadResult(ReadStatus.UNREADABLE, detail=_error(hresult))
        if hresult != scard.SCARD_S_SUCCESS:
            return ReadResult(ReadStatus.NO_READER, detail=f"SCardConnect: {_error(hresult)}")
        hresult = scard.SCardBeginTransaction(card)
        if hresult != scard.SCARD_S_SUCCESS:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            return ReadResult(ReadStatus.REMOVED, detail=f"SCardBeginTransaction: {_error(hresult)}")
        return PcscSession(PcscChannel(card, protocol), atr, mrz, self.profiles)

    def close(self) -> None:
        self.monitor.close()


def is_contactless(atr: bytes) -> bool:
    """A contactless card as a PC/SC reader presents it (PC/SC part 3: 3B 8n 80 01 ...)."""
    return len(atr) >= 4 and atr[0] == 0x3B and atr[1] & 0xF0 == 0x80 and atr[2:4] == b"\x80\x01"


def default_profiles(csca: Sequence[Any] = (), read_face: bool = True) -> list[Profile]:
    """For contact cards the staff card (one SELECT that fails fast), then the social security card;
    the eMRTD first for contactless ones."""
    from devices.cards.emrtd.reader import emrtd_profile
    from devices.cards.sscard import sscard_profile
    from devices.cards.staffcard import staff_card_profile

    emrtd = emrtd_profile(csca, read_face)
    contact, contactless = (staff_card_profile, sscard_profile, emrtd), (emrtd, sscard_profile)

    def by_atr(channel: Channel, atr: bytes, mrz: MrzKey | None) -> ReadResult | None:
        order = contactless if is_contactless(atr) else contact
        for profile in order:
            result = profile(channel, atr, mrz)
            if result is not None:
                return result
        return None

    return [by_atr]
