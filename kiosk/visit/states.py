"""The visit's states and what the screens are told, in a module light enough for the first frame."""

from __future__ import annotations

from enum import Enum, StrEnum


class State(StrEnum):
    HOME = "home"  # waiting for a document
    MRZ = "mrz"  # a passport or permit: its chip needs the number and dates typed
    READING = "reading"  # reading the chip with what was typed
    IDENTIFIED = "identified"
    CHOOSING = "choosing"  # which package ("one thing")
    CONSENT = "consent"  # may shared data pre-fill the form?
    FORM = "form"  # one step of the combined form: ``Visit.step`` says which
    REVIEW = "review"
    SUBMITTING = "submitting"  # saved; waiting a little for the platform before printing the receipt
    RECEIPT = "receipt"
    APPLICATIONS = "applications"  # my applications and e-licences
    IDLE_WARNING = "idle_warning"  # "are you still there?" over the state in ``Visit.resumes``
    ENDED = "ended"  # everything wiped; the desk starts the next visit


# Someone is at the kiosk: the idle clock runs. A staff or technician session is a state set of its own.
ATTENDED = frozenset(State) - {State.HOME, State.IDLE_WARNING, State.ENDED}
# A card read is a new citizen only while no one is identified.
ACCEPTS_CARDS = frozenset({State.HOME, State.MRZ, State.READING})
# Only the chip read needs the document on the reader; elsewhere the citizen may take it back.
NEEDS_THE_CARD = frozenset({State.MRZ, State.READING})


class Change(Enum):
    SCREEN = "screen"  # the state changed: show the screen for it
    CONTENT = "content"  # same state, new content: render it again
    IDLE = "idle"  # the idle countdown moved


class Delivery(StrEnum):
    PENDING = "pending"
    DELIVERED = "delivered"
    QUEUED = "queued"
    ATTENTION = "attention"


class Rating(StrEnum):
    NONE = ""
    SENDING = "sending"
    THANKS = "thanks"
    ALREADY = "already"
    FAILED = "failed"
