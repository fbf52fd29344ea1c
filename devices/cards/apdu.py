"""ISO 7816-4 command APDUs and a channel that handles the 61xx and 6Cxx status words.

A Channel is a card connection for the length of one read. Transport problems on it raise
CardGone; the document session turns that into a ReadResult, so callers never see it. A Profile
reads one kind of document over a channel (sscard.py, emrtd/reader.py); the PC/SC reader tries each.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from devices.cards.base import ReadResult
from kiosk.mrz import MrzKey

SW_OK = 0x9000
_MAX_CHAINED_RESPONSES = 64  # a card that answers 61xx forever is broken, not a big file


class CardGone(Exception):
    """The card left the reader (or the reader or pcscd went away) during an exchange."""


class CardProtocolError(Exception):
    """The card answered something that no conforming card would."""


@dataclass(frozen=True)
class Response:
    data: bytes
    sw: int

    @property
    def ok(self) -> bool:
        return self.sw == SW_OK

    @property
    def sw1(self) -> int:
        return self.sw >> 8

    @property
    def sw2(self) -> int:
        return self.sw & 0xFF

    def __repr__(self) -> str:  # the data may be personal: show only its length
        return f"Response({len(self.data)} bytes, sw={self.sw:04X})"


def command(cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
    """A short APDU. ``le`` is the expected length, 1..256 (256 is encoded as 00)."""
    if len(data) > 255:
        raise ValueError("short APDUs carry at most 255 bytes")
    apdu = bytes((cla, ins, p1, p2))
    if data:
        apdu += bytes((len(data),)) + data
    if le is not None:
        if not 1 <= le <= 256:
            raise ValueError(f"Le {le} is not in 1..256")
        apdu += bytes((le % 256,))
    return apdu


class Channel(ABC):
    """A card connection. ``transmit`` hides the T=0 response chaining that some cards use."""

    @abstractmethod
    def exchange(self, apdu: bytes) -> Response:
        """One command and its response, as the card gave it. Raises CardGone."""

    def transmit(self, apdu: bytes) -> Response:
        """Send one command; follow 61xx with GET RESPONSE and resend after 6Cxx with the right Le."""
        response = self.exchange(apdu)
        if response.sw1 == 0x6C:
            response = self.exchange(_without_le(apdu) + bytes((response.sw2,)))
        data = bytearray(response.data)
        for _ in range(_MAX_CHAINED_RESPONSES):
            if response.sw1 != 0x61:
                return Response(bytes(data), response.sw)
            response = self.exchange(command(apdu[0] & 0x03, 0xC0, 0, 0, le=response.sw2 or 256))
            data += response.data
        raise CardProtocolError("the card kept answering 61xx")


# A document profile: given a channel on a card that has been recognised, read it; None if it is not its kind.
Profile = Callable[[Channel, bytes, MrzKey | None], ReadResult | None]


def _without_le(apdu: bytes) -> bytes:
    """The command without its Le byte (ISO 7816-3 cases 2 and 4 have one)."""
    if len(apdu) == 5:
        return apdu[:4]
    if len(apdu) > 5 and len(apdu) == 6 + apdu[4]:
        return apdu[:-1]
    return apdu
