"""BAC and secure messaging: the Doc 9303 Part 11 worked example, then round trips with a virtual chip."""

from __future__ import annotations

import random as stdlib_random
from collections.abc import Callable, Iterator

import pytest

from devices.cards.apdu import CardGone, CardProtocolError, Channel, Response
from devices.cards.emrtd.bac import (
    SELECT_EMRTD_AID,
    AccessDenied,
    adjust_parity,
    authenticate,
    bac_keys,
    key_seed,
    mutual_auth_data,
    select_application,
    session_from_response,
)
from devices.cards.emrtd.des import pad, retail_mac, unpad
from devices.cards.emrtd.secure_messaging import SecureChannel, SecureMessagingError, read_file
from kiosk.mrz import MrzKey
from tests.helpers.emrtd_card import EmrtdApplet, HandlerChannel

h = bytes.fromhex

# -- ICAO Doc 9303 Part 11, Appendix D: the worked example -------------------------------------

SPECIMEN = MrzKey("L898902C", "690806", "940623")
KENC = h("AB94FDECF2674FDFB9B391F85D7F76F2")
KMAC = h("7962D9ECE03D1ACD4C76089DCE131543")
RND_IC = h("4608F91988702212")
RND_IFD = h("781723860C06C226")
K_IFD = h("0B795240CB7049B01C19B33E32804F0B")
E_IFD = h("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2")
M_IFD = h("5F1448EEA8AD90A7")
CARD_ANSWER = h("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
KS_ENC = h("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = h("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226
HANDSHAKE = [
    (h("0084000008"), RND_IC + h("9000")),
    (h("0082000028") + E_IFD + M_IFD + h("28"), CARD_ANSWER + h("9000")),
]

# (plain command, protected command, protected answer, plain answer data)
SM_STEPS = [
    (
        "00A4020C02011E",
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
        "990290008E08FA855A5D4C50A8ED9000",
        "",
    ),
    (
        "00B0000004",
        "0CB000000D9701048E08ED6705417E96BA5500",
        "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000",
        "60145F01",
    ),
    (
        "00B0000412",
        "0CB000040D9701128E082EA28A70F3C7B53500",
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
        "04303130365F36063034303030305C026175",
    ),
]


class ScriptedChannel(Channel):
    """A card that expects exactly the given commands and gives the given answers (data ‖ SW)."""

    def __init__(self, script: list[tuple[bytes, bytes]]) -> None:
        self.script = list(script)

    def exchange(self, apdu: bytes) -> Response:
        expected, answer = self.script.pop(0)
        assert apdu.hex().upper() == expected.hex().upper()
        return Response(answer[:-2], int.from_bytes(answer[-2:], "big"))


def fixed_random(*values: bytes) -> Callable[[int], bytes]:
    queue: Iterator[bytes] = iter(values)

    def take(size: int) -> bytes:
        value = next(queue)
        assert len(value) == size
        return value

    return take


def test_keys_from_the_mrz() -> None:
    assert SPECIMEN.seed_text() == "L898902C<369080619406236"
    assert key_seed(SPECIMEN) == h("239AB9CB282DAF66231DC5A4DF6BFBAE")
    assert bac_keys(SPECIMEN) == (KENC, KMAC)


def test_adjust_parity_gives_every_byte_odd_parity_changing_only_the_low_bit() -> None:
    raw = bytes(range(256))
    adjusted = adjust_parity(raw)
    assert all(b.bit_count() % 2 == 1 for b in adjusted)
    assert all(a & 0xFE == b & 0xFE for a, b in zip(raw, adjusted, strict=True))
    assert adjust_parity(h("0003FE")) == h("0102FE")


def test_padding_method_2() -> None:
    assert pad(b"") == h("8000000000000000")
    assert pad(h("01020304050607")) == h("0102030405060780")
    assert pad(bytes(8)) == bytes(8) + h("8000000000000000")
    for size in range(20):
        data = bytes(range(1, size + 1))
        assert unpad(pad(data)) == data
    for bad in (b"", h("0102030405060708"), h("0102030405060700"), bytes(7) + h("80") + bytes(8)):
        with pytest.raises(ValueError):
            unpad(bad)


def test_mutual_authenticate_data_of_the_worked_example() -> None:
    assert mutual_auth_data(KENC, KMAC, RND_IC, RND_IFD, K_IFD) == E_IFD + M_IFD
    assert retail_mac(KMAC, E_IFD) == M_IFD


def test_session_keys_of_the_worked_example() -> None:
    session = session_from_response(KENC, KMAC, CARD_ANSWER, RND_IC, RND_IFD, K_IFD)
    assert (session.ks_enc, session.ks_mac, session.ssc) == (KS_ENC, KS_MAC, SSC.to_bytes(8, "big"))


def test_a_card_answer_with_a_bad_mac_or_the_wrong_challenge_is_access_denied() -> None:
    bad_mac = CARD_ANSWER[:-1] + bytes((CARD_ANSWER[-1] ^ 1,))
    with pytest.raises(AccessDenied):
        session_from_response(KENC, KMAC, bad_mac, RND_IC, RND_IFD, K_IFD)
    with pytest.raises(AccessDenied):  # the MAC is right but RND.IFD is not ours
        session_from_response(KENC, KMAC, CARD_ANSWER, RND_IC, h("781723860C06C227"), K_IFD)
    with pytest.raises(CardProtocolError):
        session_from_response(KENC, KMAC, CARD_ANSWER[:32], RND_IC, RND_IFD, K_IFD)


def test_secure_messaging_of_the_worked_example_step_by_step() -> None:
    channel = SecureChannel(ScriptedChannel([]), KS_ENC, KS_MAC, SSC)
    for step, (plain, protected, answer, data) in enumerate(SM_STEPS):
        assert channel.protect(h(plain)) == h(protected)
        assert channel.ssc == SSC + 2 * step + 1
        assert channel.unprotect(h(answer)) == Response(h(data), 0x9000)
        assert channel.ssc == SSC + 2 * step + 2


def test_authenticate_then_read_ef_com_as_in_the_worked_example() -> None:
    script = HANDSHAKE + [(h(protected), h(answer)) for _, protected, answer, _ in SM_STEPS]
    card = ScriptedChannel(script)
    channel = authenticate(card, SPECIMEN, random=fixed_random(RND_IFD, K_IFD))
    assert channel.ssc == SSC
    assert channel.exchange(h("00A4020C02011E")) == Response(b"", 0x9000)
    assert channel.transmit(h("00B0000004")).data == h("60145F01")
    assert channel.transmit(h("00B0000412")).data == h("04303130365F36063034303030305C026175")
    assert card.script == []


def test_a_tampered_or_missing_mac_in_an_answer_is_a_secure_messaging_error() -> None:
    plain, _, answer, _ = SM_STEPS[0]
    channel = SecureChannel(ScriptedChannel([]), KS_ENC, KS_MAC, SSC)
    channel.protect(h(plain))
    tampered = bytearray(h(answer))
    tampered[-3] ^= 0x01
    with pytest.raises(SecureMessagingError):
        channel.unprotect(bytes(tampered))
    with pytest.raises(SecureMessagingError):
        SecureChannel(ScriptedChannel([]), KS_ENC, KS_MAC, SSC).unprotect(h("9000"))
    with pytest.raises(SecureMessagingError):  # the status object alone, with no MAC
        SecureChannel(ScriptedChannel([]), KS_ENC, KS_MAC, SSC).unprotect(h("990290009000"))


def test_an_error_in_plain_is_returned_as_it_is() -> None:
    _, protected, _, _ = SM_STEPS[0]
    channel = SecureChannel(ScriptedChannel([(h(protected), h("6A82"))]), KS_ENC, KS_MAC, SSC)
    assert channel.exchange(h("00A4020C02011E")) == Response(b"", 0x6A82)


@pytest.mark.parametrize(("step", "sw"), [(0, 0x6985), (1, 0x6300), (1, 0x6988)])
def test_a_refusal_during_the_handshake_is_access_denied(step: int, sw: int) -> None:
    script = list(HANDSHAKE)
    script[step] = (script[step][0], sw.to_bytes(2, "big"))
    with pytest.raises(AccessDenied) as raised:
        authenticate(ScriptedChannel(script[: step + 1]), SPECIMEN, random=fixed_random(RND_IFD, K_IFD))
    assert "L898902C" not in str(raised.value)


def test_a_broken_card_during_the_handshake_is_a_protocol_error_not_access_denied() -> None:
    with pytest.raises(CardProtocolError):
        authenticate(ScriptedChannel([(h("0084000008"), h("6F00"))]), SPECIMEN)
    with pytest.raises(CardProtocolError):
        authenticate(ScriptedChannel([(h("0084000008"), h("0102039000"))]), SPECIMEN)


# -- round trips with the virtual chip ----------------------------------------------------------

HOLDER = MrzKey("XA0012345", "850101", "300101")  # a made-up document
EF_COM = h("60145F0104303130365F36063034303030305C026175")


def body(size: int, seed: int) -> bytes:
    return bytes((i * 7 + seed) % 256 for i in range(size))


FILES = {
    0x011E: EF_COM,
    0x0101: h("615B5F1F58") + body(88, 1),  # DG1: short-form length
    0x011D: h("7781C8") + body(200, 2),  # SOD: 81 form
    0x010B: h("6B82029D") + body(0xDF * 3, 3),  # DG11: exactly three whole chunks after the first 4 bytes
    0x0102: h("75821388") + body(5000, 4),  # DG2: 82 form, well over 1 KB
    0x010C: h("6C00"),  # DG12: empty, shorter than the first READ BINARY asks for
}


def seeded(seed: int) -> Callable[[int], bytes]:
    return stdlib_random.Random(seed).randbytes


def opened(applet: EmrtdApplet, key: MrzKey = HOLDER) -> tuple[HandlerChannel, SecureChannel]:
    plain = HandlerChannel(applet)
    assert select_application(plain)
    return plain, authenticate(plain, key, random=seeded(2))


def test_bac_then_read_every_file_in_chunks_of_at_most_0xdf_bytes() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    plain, channel = opened(applet)
    assert applet.authenticated
    sent_before = len(plain.sent)
    for fid, content in FILES.items():
        applet.reads.clear()
        assert read_file(channel, fid) == content
        offsets = [offset for offset, _ in applet.reads]
        assert offsets[0] == 0 and all(le <= 0xDF for _, le in applet.reads[1:])
        assert offsets[1:2] == ([4] if len(content) > 4 else [])
        assert all(offset + le == next_ for (offset, le), next_ in zip(applet.reads[1:-1], offsets[2:], strict=True))
    assert all(apdu[0] == 0x0C for apdu in plain.sent[sent_before:])  # nothing went in plain after BAC


def test_dg2_takes_the_expected_number_of_reads() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    _, channel = opened(applet)
    assert read_file(channel, 0x0102) == FILES[0x0102]
    assert applet.reads[:2] == [(0, 4), (4, 0xDF)]
    assert len(applet.reads) == 1 + 23  # 5000 bytes after the first four: 22 whole chunks and 94 bytes
    assert applet.reads[-1] == (4 + 22 * 0xDF, 5000 - 22 * 0xDF)


def test_reads_stop_where_the_offset_no_longer_fits_in_15_bits() -> None:
    last_offset = 4 + (0x7FFF - 4) // 0xDF * 0xDF  # the last chunk start that is still addressable
    largest = last_offset + 0xDF
    files = {0x0102: h("7582") + (largest - 4).to_bytes(2, "big") + body(largest - 4, 5)}
    files[0x0103] = h("7582") + (largest - 3).to_bytes(2, "big") + body(largest - 3, 6)
    applet = EmrtdApplet(files, HOLDER, random=seeded(1))
    _, channel = opened(applet)
    assert read_file(channel, 0x0102) == files[0x0102]
    assert applet.reads[-1][0] == last_offset <= 0x7FFF
    applet.reads.clear()
    with pytest.raises(CardProtocolError):
        read_file(channel, 0x0103)
    assert applet.reads == [(0, 4)]  # it gave up before reading what it could not finish


def test_a_missing_file_is_none_and_the_session_goes_on() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    _, channel = opened(applet)
    assert read_file(channel, 0x0103) is None
    assert read_file(channel, 0x011E) == EF_COM


def test_the_wrong_mrz_is_access_denied_and_opens_nothing() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    plain = HandlerChannel(applet)
    assert select_application(plain)
    with pytest.raises(AccessDenied) as raised:
        authenticate(plain, MrzKey("XA0012345", "850102", "300101"))
    assert "XA0012345" not in str(raised.value) and "850102" not in str(raised.value)
    assert not applet.authenticated
    assert plain.transmit(h("0084000008")).ok  # the chip still answers
    with pytest.raises(CardProtocolError, match="6982"):
        read_file(plain, 0x011E)
    assert applet.reads == []
    assert read_file(authenticate(plain, HOLDER), 0x011E) == EF_COM  # the right MRZ still opens it


def test_files_are_not_readable_in_plain_before_bac() -> None:
    applet = EmrtdApplet(FILES, HOLDER)
    plain = HandlerChannel(applet)
    assert select_application(plain)
    assert plain.transmit(h("00A4020C02011E")).sw == 0x6982
    assert plain.transmit(h("00B0000004")).sw == 0x6982
    assert applet.reads == []


def test_an_unprotected_read_after_bac_is_refused_and_ends_the_session() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    plain, channel = opened(applet)
    assert read_file(channel, 0x011E) == EF_COM
    assert plain.transmit(h("00B0000004")) == Response(b"", 0x6982)
    assert not applet.authenticated
    with pytest.raises(CardProtocolError):
        read_file(channel, 0x011E)


def test_a_command_with_a_bad_mac_is_refused_with_6988() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    _, channel = opened(applet)
    protected = bytearray(channel.protect(h("00A4020C02011E")))
    protected[-2] ^= 0x01  # the last byte of the MAC, before Le
    assert applet(bytes(protected)) == h("6988")
    assert not applet.authenticated


def test_a_tampered_answer_mac_is_a_secure_messaging_error() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))

    def tampering(apdu: bytes) -> bytes:
        answer = bytearray(applet(apdu))
        if apdu[:2] == h("0CB0") and len(applet.reads) == 3:
            answer[-3] ^= 0x01  # the last byte of DO8E
        return bytes(answer)

    plain = HandlerChannel(tampering)
    assert select_application(plain)
    channel = authenticate(plain, HOLDER)
    with pytest.raises(SecureMessagingError):
        read_file(channel, 0x0102)


def test_a_new_select_of_the_application_ends_the_session() -> None:
    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    plain, channel = opened(applet)
    assert plain.transmit(SELECT_EMRTD_AID[:3] + b"\x00" + SELECT_EMRTD_AID[4:]).ok  # P2 00 is fine too
    assert not applet.authenticated
    with pytest.raises(CardProtocolError, match="6982"):
        read_file(channel, 0x011E)


def test_another_application_is_not_selected() -> None:
    applet = EmrtdApplet(FILES, HOLDER)
    plain = HandlerChannel(applet)
    assert plain.transmit(h("00A4040C07A0000002471002")).sw == 0x6A82
    assert not select_application(HandlerChannel(lambda apdu: h("6A82")))
    assert plain.transmit(h("0084000008")).sw == 0x6985  # no challenge before the application is selected


def test_pulling_the_card_mid_read_raises_card_gone() -> None:
    def pull_on_the_fifth_read(apdu: bytes) -> None:
        if apdu[:2] == h("0CB0") and len(applet.reads) == 4:
            raise CardGone

    applet = EmrtdApplet(FILES, HOLDER, random=seeded(1))
    _, channel = opened(applet)
    applet.before_command = pull_on_the_fifth_read
    served = applet.commands
    with pytest.raises(CardGone):
        read_file(channel, 0x0102)
    assert applet.commands == served + 1 + 4  # SELECT and four reads were served, the fifth never was


def test_the_chip_is_deterministic_with_seeded_randomness() -> None:
    transcripts = []
    for _ in range(2):
        applet = EmrtdApplet(FILES, HOLDER, random=seeded(9))
        plain, channel = opened(applet)
        assert read_file(channel, 0x0101) == FILES[0x0101]
        transcripts.append(plain.sent)
    assert transcripts[0] == transcripts[1]
