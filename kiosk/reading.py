"""What reading an identity document gives: a status with a reason, never an exception for a card problem.

Core types, so the visit (kiosk/visit) handles reads without knowing the device backends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from kiosk.i18n import Text
from kiosk.identity import IdentityRecord


class ReadStatus(StrEnum):
    OK = "ok"
    NO_CARD = "no_card"
    REMOVED = "removed"  # pulled out mid-read: nothing read is kept
    UNREADABLE = "unreadable"
    UNKNOWN_CARD = "unknown_card"  # a card, but not an identity document we read
    NEEDS_MRZ = "needs_mrz"  # an eMRTD: its chip opens only with the MRZ's document number and dates
    WRONG_MRZ = "wrong_mrz"  # Basic Access Control refused the MRZ data given
    BLOCKED = "blocked"
    NOT_AUTHENTIC = "not_authentic"  # the chip's data does not match its issuer's signature
    NO_READER = "no_reader"
    NO_SERVICE = "no_service"  # pcscd, or the vendor SDK, is not there
    STAFF_CARD = "staff_card"  # a hall staff member's card: ``ReadResult.staff`` has its signed challenge


REASONS: dict[ReadStatus, Text] = {
    ReadStatus.OK: Text("读取成功", "Read"),
    ReadStatus.NO_CARD: Text("读卡器上没有证件", "There is no document on the reader"),
    ReadStatus.REMOVED: Text("读取时证件被移开，请重新放置并保持不动", "The document was moved during the read. "
                             "Please place it again and keep it still."),
    ReadStatus.UNREADABLE: Text("证件无法读取，请重新放置；仍不行请到人工窗口", "The document could not be read. "
                                "Please place it again, or go to a staffed counter."),
    ReadStatus.UNKNOWN_CARD: Text("无法识别此卡，请使用身份证、社保卡、护照或通行证",
                                  "This card is not recognised. Please use an ID card, social security card, "
                                  "passport or travel permit."),
    ReadStatus.NEEDS_MRZ: Text("请输入证件号码、出生日期和有效期", "Please enter the document number, birth date "
                               "and expiry date"),
    ReadStatus.WRONG_MRZ: Text("证件号码或日期与芯片不符，请核对后重新输入", "The document number or dates do not "
                               "match the chip. Please check them and try again."),
    ReadStatus.BLOCKED: Text("此卡已锁定，请到人工窗口", "This card is blocked. Please go to a staffed counter."),
    ReadStatus.NOT_AUTHENTIC: Text("证件芯片数据校验未通过，请到人工窗口", "The document's chip failed its "
                                   "authenticity check. Please go to a staffed counter."),
    ReadStatus.NO_READER: Text("读卡器未连接", "The card reader is not connected"),
    ReadStatus.NO_SERVICE: Text("读卡服务未运行", "The card service is not running"),
    ReadStatus.STAFF_CARD: Text("工作人员卡", "A staff card"),
}


@dataclass(frozen=True)
class StaffCardProof:
    """What a staff card gave: its number, its public key, and its signature of a challenge the kiosk made
    fresh for this read. kiosk/staff checks it against the platform-signed staff list; the number alone
    proves nothing."""

    staff_number: str
    card_key: bytes  # raw Ed25519 public key, 32 bytes
    challenge: bytes  # b"hunan-kiosk-staff/<ISO time>/<uuid4>", made by the reader for this read
    signature: bytes  # Ed25519 over ``challenge``


@dataclass(frozen=True)
class PassiveAuth:
    """ICAO 9303 passive authentication of an eMRTD: are the data groups the ones its issuer signed?"""

    hashes_ok: bool  # every data group read matches its hash in the SOD
    signature: str  # "valid", "invalid" or "missing" (the SOD's signature by its document signer)
    chain: str  # "verified", "not_verified" (no CSCA master list configured) or "failed"
    checked_groups: tuple[int, ...] = ()
    failed_groups: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.hashes_ok and self.signature == "valid" and self.chain != "failed"

    def as_json(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "hashes_ok": self.hashes_ok,
            "signature": self.signature,
            "chain": self.chain,
            "checked_groups": list(self.checked_groups),
            "failed_groups": list(self.failed_groups),
        }


@dataclass(frozen=True)
class ReadResult:
    status: ReadStatus
    record: IdentityRecord | None = None
    detail: str = ""  # for technicians and logs; never personal data
    passive_auth: PassiveAuth | None = field(default=None, compare=False)
    staff: StaffCardProof | None = None  # with STAFF_CARD

    @property
    def ok(self) -> bool:
        return self.status is ReadStatus.OK and self.record is not None

    @property
    def reason(self) -> Text:
        return REASONS[self.status]
