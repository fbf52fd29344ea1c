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
    # The hall's people (帮办代办) and the services that need no card:
    STAFF_SIGN_IN = "staff_sign_in"  # staff number and PIN, or a staff card
    STAFF_MENU = "staff_menu"  # signed in: help a citizen (帮办), act for one (代办), enter an identity, sign out
    STAFF_AGENT = "staff_agent"  # 代办: the agent's document and authorisation
    STAFF_IDENTITY = "staff_identity"  # a citizen whose document cannot be read: staff type it
    ASSIST_CONSENT = "assist_consent"  # the citizen accepts (or refuses) the help, on screen
    LOOKUP = "lookup"  # an application's status by the receipt's QR code, or its number and code
    VERIFY = "verify"  # a certificate's or e-licence's QR code: genuine or not
    TICKET = "ticket"  # a number in the hall queue for a staffed window
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
