"""Card rows, over pcscd with vpcd and the tests' virtual cards (`make bench` starts pcscd).

- cards.sscard_read: open, read and close a social security card with the kiosk's PC/SC backend.
  Floor: the same APDUs, with the same answers, sent raw through ``SCardTransmit`` on a
  connection that is already open (a card that replays the recorded answers).
- cards.emrtd_read: BAC, secure messaging, EF.COM, DG1, DG11 and the SOD, with passive
  authentication. Floor: the same number of APDUs of the same sizes, replayed raw.
- cards.insert_detect: from the virtual card's connect to the kiosk reader's ``insertion()``
  seeing it. Floor: a bare ``SCardGetStatusChange`` with an infinite timeout waiting for the same.

vpcd's virtual cards answer in microseconds, so the floors are pcscd's and vpcd's own cost; a
real reader adds its transport time (T=0 at 9,600 baud, or ISO 14443) to both.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator

from smartcard import scard

from bench.rows import Row, row_ratio
from devices.cards.apdu import Channel
from devices.cards.base import read_and_close
from devices.cards.pcsc import PcscChannel, PcscReader, default_profiles
from tests.helpers.emrtd_card import EmrtdApplet
from tests.helpers.emrtd_documents import build_document
from tests.helpers.sscard_card import ATR as SSCARD_ATR
from tests.helpers.sscard_card import SscardApplet
from tests.helpers.vcard import VirtualCard, reader_name

PORT = int(os.environ.get("KIOSK_TEST_VPCD_PORT", "35963"))
EMRTD_ATR = bytes.fromhex("3B888001000000000000000009")
READS = 15
INSERTIONS = 10
SETTLE_S = 10.0


def _settle(reader: PcscReader) -> None:
    """Wait until the slot is empty and pcscd has counted the removal (its event counter is even)."""
    deadline = time.monotonic() + SETTLE_S
    while time.monotonic() < deadline:
        reader.insertion()
        state = reader.monitor.states.get(reader_name(PORT))
        if state is not None and not state.has_card and state.events % 2 == 0:
            return
    raise RuntimeError("pcscd did not see the card leave")


def _arrive(reader: PcscReader) -> None:
    deadline = time.monotonic() + SETTLE_S
    while reader.insertion() is None:
        if time.monotonic() > deadline:
            raise RuntimeError("pcscd did not see the card arrive")


def _replay_floor(reader: PcscReader, transcript: list[tuple[bytes, bytes]], atr: bytes) -> float:
    """The median time to send ``transcript``'s commands raw, to a card that answers them from it."""
    answers: Iterator[bytes] = iter(())

    def replay(_apdu: bytes) -> bytes:
        return next(answers)

    context = reader.monitor.context
    assert context is not None
    samples = []
    with VirtualCard(atr, replay, PORT):
        _arrive(reader)
        hresult, card, protocol = scard.SCardConnect(context, reader_name(PORT), scard.SCARD_SHARE_SHARED,
                                                     scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        assert hresult == scard.SCARD_S_SUCCESS, hresult
        channel: Channel = PcscChannel(card, protocol)
        try:
            for _ in range(READS + 1):
                answers = iter([response for _cmd, response in transcript])
                start = time.perf_counter()
                for command, _response in transcript:
                    channel.exchange(command)
                samples.append((time.perf_counter() - start) * 1000)
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
    _settle(reader)
    return statistics.median(samples[1:])


def _read_rows(reader: PcscReader) -> list[Row]:
    sscard = SscardApplet()
    document = build_document()
    emrtd = EmrtdApplet(document.files, document.mrz_key)
    rows = []
    for name, atr, applet, mrz in (
        ("cards.sscard_read", SSCARD_ATR, sscard, None),
        ("cards.emrtd_read", EMRTD_ATR, emrtd, document.mrz_key),
    ):
        samples = []
        with VirtualCard(atr, applet, PORT) as card:
            _arrive(reader)
            for _ in range(READS + 1):
                card.transcript.clear()
                start = time.perf_counter()
                result = read_and_close(reader.open(mrz))
                samples.append((time.perf_counter() - start) * 1000)
                if not result.ok:
                    raise RuntimeError(f"{name}: the read failed: {result.status} {result.detail}")
            transcript = list(card.transcript)
        _settle(reader)
        floor = _replay_floor(reader, transcript, atr)
        rows.append(row_ratio(name, statistics.median(samples[1:]), floor))
    return rows


def _detect(reader: PcscReader, wait: Callable[[], None]) -> float:
    card = VirtualCard(SSCARD_ATR, SscardApplet(), PORT)
    start = time.perf_counter()
    card.insert()
    try:
        wait()
        return (time.perf_counter() - start) * 1000
    finally:
        card.remove()
        _settle(reader)


def _bare_wait(context: int) -> None:
    """A bare pyscard wait for a card in the slot, with an infinite timeout."""
    states = [(reader_name(PORT), scard.SCARD_STATE_UNAWARE)]
    while True:
        _hresult, answers = scard.SCardGetStatusChange(context, scard.INFINITE, states)
        if answers[0][1] & scard.SCARD_STATE_PRESENT:
            return
        states = [(name, state & ~scard.SCARD_STATE_CHANGED) for name, state, _atr in answers]


def _insert_row(reader: PcscReader) -> Row:
    kiosk, bare = [], []
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert hresult == scard.SCARD_S_SUCCESS
    try:
        for _ in range(INSERTIONS):  # alternate, so drift on the machine hits both alike
            bare.append(_detect(reader, lambda: _bare_wait(context)))
            kiosk.append(_detect(reader, lambda: _arrive(reader)))
    finally:
        scard.SCardReleaseContext(context)
    return row_ratio("cards.insert_detect", statistics.median(kiosk), statistics.median(bare))


def card_rows() -> list[Row]:
    reader = PcscReader([reader_name(PORT)], default_profiles(read_face=False))  # the row: no DG2
    try:
        if not reader.available():
            raise RuntimeError("pcscd is not running: run `make bench`, which starts it")
        _settle(reader)
        return [*_read_rows(reader), _insert_row(reader)]
    finally:
        reader.close()

