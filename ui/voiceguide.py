"""What the kiosk says and when: each screen's prompt as the visit changes, errors, the field in focus, the idle
warning, and a welcome for someone who cannot see the screen. Its controls sit in the top bar: voice on/off in
the top right corner, 重听, stop and volume behind 更多 (ui.topbar). Speech stops on any touch and follows the screen's
language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from kiosk.i18n import Text
from kiosk.visit import speech
from kiosk.visit.states import Change, State
from ui import appfilters
from ui.screens.base import button
from ui.voice import DEFAULT_VOLUME, VOLUMES, Speaker, VoiceSettings
from ui.widgets.fields import FieldEditor

if TYPE_CHECKING:
    from kiosk.config import Config
    from kiosk.visit.desk import Desk
    from kiosk.visit.machine import Visit
    from ui.window import KioskWindow

VOICE_ON, VOICE_OFF = Text("语音：开", "Voice: on"), Text("语音：关", "Voice: off")
REPEAT, STOP = Text("重听", "Repeat"), Text("停止", "Stop")
VOLUME = Text("音量：{level}", "Volume: {level}")
LEVELS = (Text("小", "low"), Text("中", "medium"), Text("大", "high"))
_TOUCH = {QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin}
_LEFT_HOME = {State.IDENTIFIED, State.MRZ}  # a document was placed


class VoiceControls:
    """The voice's buttons; the top bar places them (``TopBar.add_voice``)."""

    def __init__(self, guide: VoiceGuide) -> None:
        self.toggle = button("", "voice-toggle")
        self.toggle.setCheckable(True)
        self.toggle.clicked.connect(lambda _c=False: guide.set_voice(not guide.ctx.voice))
        self.repeat = button("", "voice-repeat")
        self.repeat.clicked.connect(guide.screen)
        self.stop = button("", "voice-stop")
        self.stop.clicked.connect(guide.speaker.stop)
        self.volume = button("", "voice-volume")
        self.volume.clicked.connect(guide.louder)


class VoiceGuide(QObject):
    """Speaks the visit for the window; ``ctx.voice`` says whether this citizen wants it."""

    def __init__(self, window: KioskWindow, settings: VoiceSettings) -> None:
        super().__init__()
        self.window = window
        self.ctx = window.ctx
        self.speaker = Speaker(settings)
        self.said: list[str] = []  # what this screen has said, so new content adds only what is new
        self._visit: Visit | None = None
        self._state = State.HOME
        self._heard = (self.ctx.voice, self.ctx.lang)
        self._welcomed = False
        self.controls = controls = VoiceControls(self)
        window.bar.add_voice(controls.toggle, (controls.repeat, controls.stop, controls.volume),
                             stays_open=controls.volume)
        self.refresh()

    def attach(self, desk: Desk) -> None:
        """After the window's own: it starts each visit's modes over first."""
        self._visit = desk.visit
        desk.subscribe(self.on_change)
        self.ctx.announce = self.announce
        for clicked in (self.window.bar.language_button.clicked, self.window.bar.elder_button.clicked,
                        self.window.home.elder_requested):
            clicked.connect(self.follow)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            appfilters.install(self)
            app.focusChanged.connect(self._focused)

    def close(self) -> None:
        appfilters.remove(self)
        self.speaker.close()

    # -- what is said --------------------------------------------------------------------------------------

    def on_change(self, visit: Visit, change: Change) -> None:
        before, self._state = self._state, visit.state
        if visit is not self._visit:  # the next citizen: volume and welcome start over, nothing more is said
            self._visit, self._welcomed, self.said = visit, False, []
            self.speaker.stop()
            self.speaker.set_volume(DEFAULT_VOLUME)
            self._heard = (self.ctx.voice, self.ctx.lang)
        elif change is Change.IDLE:
            self.announce(speech.idle_tick(visit, self.ctx.lang), interrupt=False)
        elif change is Change.CONTENT or (before, visit.state) == (State.SUBMITTING, State.RECEIPT):
            self.announce([line for line in speech.screen(visit, self.ctx.lang) if line not in self.said],
                          interrupt=False)
        elif not self.ctx.voice and before is State.HOME and visit.state in _LEFT_HOME:
            self.welcome()
        else:
            self.said = []
            self.announce(speech.screen(visit, self.ctx.lang))
        self.refresh()

    def announce(self, lines: list[str], *, interrupt: bool = True) -> None:
        """Say ``lines`` if this citizen has the voice on (the form's errors come this way too)."""
        if self.ctx.voice and lines:
            self.said = (self.said if not interrupt else []) + lines
            self.speaker.say(lines, self.ctx.lang, interrupt=interrupt)

    def welcome(self) -> None:
        """Said even with the voice off, once a visit: how to turn it on without seeing the screen."""
        if not self._welcomed:
            self._welcomed = True
            self.speaker.say([speech.welcome(self.ctx.lang)], self.ctx.lang)

    def screen(self) -> None:
        """The screen's prompt from the start: 重听, or the voice just turned on."""
        if self._visit is not None:
            self.said = []
            self.announce(speech.screen(self._visit, self.ctx.lang))


    def _focused(self, _old: QWidget | None, now: QWidget | None) -> None:
        """A form field taken: its label and what it holds (after anything still being said)."""
        if not self.ctx.voice or not isinstance(now, QLineEdit | QComboBox):
            return
        parent: QObject | None = now
        while parent is not None and not isinstance(parent, FieldEditor):
            parent = parent.parent()
        if isinstance(parent, FieldEditor):
            self.announce([speech.field(parent.spec.label(self.ctx.lang), parent.spoken(now), self.ctx.lang)],
                          interrupt=False)

    # -- controls ------------------------------------------------------------------------------------------

    def set_voice(self, on: bool) -> None:
        self.ctx.voice = on
        self.follow()

    def follow(self) -> None:
        """The voice was switched, or the language: say the screen again as it now is, or be quiet."""
        heard = (self.ctx.voice, self.ctx.lang)
        if heard != self._heard:
            self._heard = heard
            if self.ctx.voice:
                self.screen()
            else:
                self.speaker.stop()
        self.refresh()

    def louder(self) -> None:
        index = VOLUMES.index(self.speaker.volume) if self.speaker.volume in VOLUMES else 0
        self.speaker.set_volume(VOLUMES[(index + 1) % len(VOLUMES)])
        self.refresh()

    def refresh(self) -> None:
        tr, controls = self.ctx.tr, self.controls
        controls.toggle.setText(tr(VOICE_ON if self.ctx.voice else VOICE_OFF))
        controls.toggle.setChecked(self.ctx.voice)
        controls.repeat.setText(tr(REPEAT))
        controls.stop.setText(tr(STOP))
        level = VOLUMES.index(self.speaker.volume) if self.speaker.volume in VOLUMES else 1
        controls.volume.setText(tr(VOLUME.format(level=tr(LEVELS[level]))))
        for each in (controls.repeat, controls.stop, controls.volume):
            each.setVisible(self.ctx.voice)

    # -- input ---------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _TOUCH:
            self.speaker.stop()  # speech stops on any touch
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and self._first_sight(watched):
            self._key(event)
        return False

    @staticmethod
    def _first_sight(watched: QObject) -> bool:
        """The widget a key goes to first (the focus, else the window), not the parents it climbs through."""
        focus = QApplication.focusWidget()
        return watched is focus if focus is not None else isinstance(watched, QWidget) and watched.isWindow()

    def _key(self, event: QKeyEvent) -> None:
        """A key on an attached keypad: with the voice off and no field to type in, a welcome, and the confirm
        key turns the voice on. A keyboard or scanner typing into a field is left alone."""
        if self.ctx.voice:
            self.speaker.stop()
        elif not isinstance(QApplication.focusWidget(), QLineEdit):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):  # the keypad's confirm key
                self.set_voice(True)
            else:
                self.welcome()


def settings_of(config: Config) -> VoiceSettings:
    voices = (("zh", config["voice.zh_voice"]), ("en", config["voice.en_voice"]))
    return VoiceSettings(engine=config["voice.engine"], voices=voices)
