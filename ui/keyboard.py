"""The on-screen keyboard: Qt Virtual Keyboard's InputPanel, embedded at the bottom of the window.

Qt's own keyboard window does not work for a fullscreen widget app, so the panel lives in a
QQuickWidget under the screens, which shrink while it shows, and the field being edited is scrolled
into view. It takes no focus, so a tap on a key never takes it from the field.

Privacy: an input method may learn what people type. Qt's setting for where (``userDataPath``) points at
a temporary folder of the visit's own, wiped when the visit ends. The pinyin engine ignores that setting:
it keeps one user dictionary for the whole process, in memory and in
``$XDG_CONFIG_HOME/qtvirtualkeyboard/pinyin/usr_dict.dat``, and would offer one citizen's name to the next
(seen with Qt 6.12). A directory in that file's place makes the engine run without a user dictionary.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLoggingCategory, QObject, QStandardPaths, Qt, QTimer, QUrl
from PySide6.QtGui import QGuiApplication, QResizeEvent
from PySide6.QtQml import QQmlExpression
from PySide6.QtQuickWidgets import QQuickWidget
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QLineEdit, QScrollArea, QTextEdit, QWidget

from kiosk.catalogue.model import FieldType
from kiosk.i18n import Language
from ui.style import theme_for

if TYPE_CHECKING:
    from ui.screens.base import UiContext

LOCALES: dict[Language, str] = {"zh": "zh_CN", "en": "en_US"}
_HINT = Qt.InputMethodHint
# The keys a field needs: digits; an ID number's digits and its X (a key beside the panel, _EXTRA_KEY_FOR); a
# social credit code's digits and capitals, digits first.
_CODE_KEYS = _HINT.ImhPreferNumbers | _HINT.ImhPreferUppercase | _HINT.ImhLatinOnly | _HINT.ImhNoPredictiveText
_KEYS_FOR: dict[FieldType, Qt.InputMethodHint] = {
    FieldType.NUMBER: _HINT.ImhDigitsOnly,
    FieldType.MOBILE: _HINT.ImhDigitsOnly,
    FieldType.POSTAL_CODE: _HINT.ImhDigitsOnly,
    FieldType.RESIDENT_ID: _HINT.ImhDigitsOnly,
    FieldType.SOCIAL_CREDIT_CODE: _CODE_KEYS,
}
_EXTRA_KEY_FOR: dict[FieldType, str] = {FieldType.RESIDENT_ID: "X"}
_EXTRA_KEY = "keyboardExtraKey"  # the text field's dynamic property: the key the keyboard shows beside its panel
_QML = Path(__file__).with_name("keyboard.qml")
_SETTINGS = ("QtQuick.VirtualKeyboard.Settings", "VirtualKeyboardSettings")
# QtMultimedia, loaded for key sounds: "Couldn't load pipewire-0.3 library"; a QML type's override note.
_LOADER_NOISE = ("qt.multimedia.symbolsresolver", "qt.qml.propertyCache.append")
_PINYIN_USER_DICT = Path("qtvirtualkeyboard", "pinyin", "usr_dict.dat")  # under the generic config location


def mute_loader_threads() -> None:
    """Silence two harmless messages Qt logs from its QML loading thread while ``setSource`` waits on it.

    With a Python message handler installed (ours in ui.qtlog, pytest-qt's), the thread needs the GIL
    the waiting GUI thread holds: the window would hang at start-up.
    """
    QLoggingCategory.setFilterRules("\n".join(f"{category}=false" for category in _LOADER_NOISE))


def keep_pinyin_from_learning() -> None:
    """Put a directory where pinyin keeps its user dictionary: it cannot open it, so it learns nothing."""
    path = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation),
                _PINYIN_USER_DICT)
    if path.is_file() or path.is_symlink():
        path.unlink()
    path.mkdir(parents=True, exist_ok=True)


def fit_keys(edit: QLineEdit, field: FieldType) -> None:
    """Give ``edit`` the keys its field needs on the on-screen keyboard."""
    if field in _KEYS_FOR:
        edit.setInputMethodHints(_KEYS_FOR[field])
    edit.setProperty(_EXTRA_KEY, _EXTRA_KEY_FOR.get(field, ""))


def _editable(widget: QWidget | None) -> bool:
    if isinstance(widget, QLineEdit | QTextEdit):
        return not widget.isReadOnly() and widget.isEnabled()
    return isinstance(widget, QAbstractSpinBox) and not widget.isReadOnly()


class Keyboard(QQuickWidget):
    """Shown while the input method is visible; follows the screen's language."""

    def __init__(self, parent: QWidget | None, ctx: UiContext) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("keyboard")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setResizeMode(QQuickWidget.ResizeMode.SizeRootObjectToView)
        keep_pinyin_from_learning()  # before pinyin starts, at the first Chinese layout
        mute_loader_threads()
        self.setSource(QUrl.fromLocalFile(str(_QML)))  # before the settings: they need its style loaded
        settings = self.engine().singletonInstance(*_SETTINGS)
        assert isinstance(settings, QObject)
        self.settings = settings
        self._user_data: Path | None = None
        self.new_visit()
        self.settings.setProperty("activeLocales", list(LOCALES.values()))
        panel = self.rootObject()
        # Queued: resized while Qt Quick lays the panel out, the widget would render nothing (an empty frame).
        panel.implicitHeightChanged.connect(self._fit, Qt.ConnectionType.QueuedConnection)
        self._fit()
        self.hide()
        method = QGuiApplication.inputMethod()
        method.visibleChanged.connect(self._follow)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_moved)

    @property
    def user_data(self) -> Path:
        """This visit's folder for what input methods learn (Qt's ``userDataPath``)."""
        assert self._user_data is not None
        return self._user_data

    def new_visit(self) -> None:
        """Forget what the last citizen typed: nothing half-typed, a fresh folder for user data, the old one wiped."""
        QGuiApplication.inputMethod().reset()
        QGuiApplication.inputMethod().hide()
        old = self._user_data
        self._user_data = Path(tempfile.mkdtemp(prefix="kiosk-keyboard-"))
        self.settings.setProperty("userDataPath", str(self._user_data))
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def forget(self) -> None:
        """The window closes: nothing of the keyboard's stays on disk."""
        if self._user_data is not None:
            shutil.rmtree(self._user_data, ignore_errors=True)
            self._user_data = None

    def ready(self) -> bool:
        """The keys take taps: the layout for the field and its input method are loaded, the panel has slid in."""
        return self._run("inputContext.inputEngine.inputMethod !== null && !inputContext.animating") is True

    def type_keys(self, keys: str) -> None:
        """Type ``keys`` (lower-case letters, digits) as taps on the panel's keys would: the screen tour's typing."""
        for key in keys:
            self._run(f'inputContext.inputEngine.virtualKeyClick({ord(key.upper())}, "{key}", Qt.NoModifier)')

    def _run(self, script: str) -> object:
        root = self.rootObject()
        value, _undefined = QQmlExpression(self.engine().contextForObject(root), root, script).evaluate()
        return value

    def _fit(self) -> None:
        self.setFixedHeight(round(self.rootObject().implicitHeight()))

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        """A tap on a text field opens the keyboard (a programmatic focus alone would not); elsewhere it closes."""
        method = QGuiApplication.inputMethod()
        self._extra_key_for(new)
        if _editable(new):
            method.show()
        elif new is not None:
            method.hide()

    def _extra_key_for(self, widget: QWidget | None) -> None:
        """Show the key beside the panel that the field being edited asks for (fit_keys), or none."""
        extra = widget.property(_EXTRA_KEY) if widget is not None and _editable(widget) else None
        self.rootObject().setProperty("extraKey", extra if isinstance(extra, str) else "")

    def _follow(self) -> None:
        visible = QGuiApplication.inputMethod().isVisible()
        if visible:
            self.settings.setProperty("locale", LOCALES[self.ctx.lang])
            theme = theme_for(elder=self.ctx.elder, contrast=self.ctx.high_contrast)
            self.rootObject().setProperty("extraKeyColour", theme.accent)
            self.rootObject().setProperty("extraKeyText", theme.on_accent)
            self._extra_key_for(QApplication.focusWidget())
        self.setVisible(visible)
        if visible:
            QTimer.singleShot(0, self._reveal_focus)  # once the screens above have shrunk

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The panel grows to its height after it shows (the first time, or a layout with the candidate bar)."""
        super().resizeEvent(event)
        if self.isVisible():
            QTimer.singleShot(0, self._reveal_focus)

    def _reveal_focus(self) -> None:
        """Scroll the field being edited into view above the keyboard."""
        focus = QApplication.focusWidget()
        area = focus.parentWidget() if focus is not None else None
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if isinstance(area, QScrollArea) and focus is not None:
            area.ensureWidgetVisible(focus, 0, 48)
