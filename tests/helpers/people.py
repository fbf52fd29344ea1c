"""The fictional residents the tests identify at the kiosk.

ID numbers follow GB 11643: region 430102, the birth date, a sequence whose last digit gives the
sex (odd male, even female), and the check character computed here, so the numbers stay valid.
"""

from __future__ import annotations

import datetime as dt

from kiosk.identity import DocumentType, IdentityRecord, id_check_char


def resident_id(first17: str) -> str:
    """The 18-character number: the 17 digits and their GB 11643 check character."""
    return first17 + id_check_char(first17)


# The applicant: a woman from Changsha, born 7 March 1990.
NAME = "欧阳晓红"
BIRTH_DATE = dt.date(1990, 3, 7)
ID_NUMBER = resident_id("43010219900307122")
ADDRESS = "湖南省长沙市岳麓区麓山南路932号"
ADDRESS_ANSWER = {"division": "430104", "detail": "麓山南路932号"}  # the same, as an address field holds it

# The other parent (or spouse): a man born 12 May 1988.
OTHER_NAME = "李建国"
OTHER_BIRTH_DATE = dt.date(1988, 5, 12)
OTHER_ID = resident_id("43010219880512451")


def resident(
    *,
    id_number: str = ID_NUMBER,
    name: str = NAME,
    sex: str = "F",
    ethnicity: str = "汉",
    birth_date: dt.date = BIRTH_DATE,
    address: str = ADDRESS,
) -> IdentityRecord:
    """A resident ID card as the reader gives it: the applicant's unless a test says otherwise."""
    return IdentityRecord(
        document_type=DocumentType.RESIDENT_ID,
        id_number=id_number,
        name=name,
        sex=sex,
        ethnicity=ethnicity,
        birth_date=birth_date,
        address=address,
    )
