"""What every part of the API shares: the database, the catalogue, the terminals and the clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from central.auth import Terminals
from kiosk.catalogue import Catalogue


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Platform:
    engine: Engine
    current_catalogue: Callable[[], Catalogue]  # the newest published one, followed as it changes
    terminals: Terminals
    clock: Callable[[], dt.datetime] = utc_now
    sessions: sessionmaker[Session] = field(init=False)

    def __post_init__(self) -> None:
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def catalogue(self) -> Catalogue:
        return self.current_catalogue()
