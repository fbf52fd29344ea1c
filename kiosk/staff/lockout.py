"""The PIN lockout rule, shared by kiosk sign-in and the /staff/ page through one counter per account.

Five wrong PINs are free; the fifth locks the account for 30 s, each further one doubles the lock, and the
tenth locks it until an administrator unlocks it (VotingWorks' rule, scaled for a staffed hall).
"""

from __future__ import annotations

from dataclasses import dataclass

FREE_TRIES = 5
FIRST_LOCK_S = 30
HARD_LOCK_AT = 10


@dataclass(frozen=True)
class Lock:
    seconds: float | None  # how long the account is locked; None: no timed lock
    hard: bool = False  # locked until an administrator unlocks it


def lock_after(failures: int) -> Lock:
    """The lock that ``failures`` wrong PINs in a row earn."""
    if failures >= HARD_LOCK_AT:
        return Lock(None, hard=True)
    if failures < FREE_TRIES:
        return Lock(None)
    return Lock(float(FIRST_LOCK_S * 2 ** (failures - FREE_TRIES)))


def attempts_left(failures: int) -> int:
    """Wrong PINs still free before the first lock."""
    return max(FREE_TRIES - failures, 0)
