"""The top bar: the kiosk's title and hall, and the controls every screen shares.

One row holds the title, which is never cut (the hall's name may be), and few large controls: 结束办理 while
serving, 长辈版, 更多, and 语音 in the top right corner, where the spoken welcome says it is. 更多 opens a panel
inside the window, just below the row (the 适老化 rules want no pop-up windows), with the rest: 重听, stop, volume,
the other language and high contrast. Tapping 更多 again or one of its controls closes it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from kiosk.i18n import Text
from ui.assist_banner import AssistBanner
from ui.screens.base import UiContext, button, label

if TYPE_CHECKING:
    from kiosk.visit.machine import Visit
    from ui.modes import Modes

TITLE = Text("政务服务自助终端", "Government self-service kiosk")
OTHER_LANGUAGE = Text("English", "中文")
END = Text("结束办理", "End")
ELDER = Text("长辈版", "Elder")
CONTRAST = Text("高对比度", "High contrast")
MORE = Text("更多", "More")
CALL = Text("呼叫工作人员", "Call staff")


class TopBar(QFrame):
    def __init__(self, ctx: UiContext, hall: Text, *, on_language: Callable[[], None],
                 on_end: Callable[[], None], modes: Modes) -> None:
        super().__init__()
        self.ctx = ctx
        self.hall = hall
        self.setProperty("role", "topbar")
        column = QVBoxLayout(self)
        column.setContentsMargins(32, 12, 32, 12)
        self.row = QHBoxLayout()
        column.addLayout(self.row)
        self.title = label("", "title", wrap=False, plain=False)
        self.row.addWidget(self.title)
        self.row.addSpacing(12)
        self.hall_name = _Elided()
        self.row.addWidget(self.hall_name, 1)
        self.call_button = button("", "call-staff")  # on every screen; ui.call_overlay sends the call
        self.call_button.hide()  # until the kiosk is ready
        self.end_button = button("", "end-session")
        self.end_button.clicked.connect(on_end)
        self.elder_button = _toggle("toggle-elder", modes.toggle_elder)
        self.more_button = button("", "top-more")
        self.more_button.setCheckable(True)
        self.more_button.clicked.connect(lambda _c=False: self.show_more(self.more_button.isChecked()))
        for widget in (self.call_button, self.end_button, self.elder_button, self.more_button):
            self.row.addWidget(widget)

        self.more = QFrame()
        self.more.setObjectName("top-more-panel")
        self.more_row = QHBoxLayout(self.more)
        self.more_row.setContentsMargins(0, 12, 0, 0)
        self.more_row.addStretch(1)  # the panel's controls sit at the right, under 更多
        self.language_button = button("", "toggle-language")
        self.language_button.clicked.connect(on_language)
        self.contrast_button = _toggle("toggle-contrast", modes.toggle_contrast)
        self.add_to_more(self.language_button, self.contrast_button)
        self.more.hide()
        column.addWidget(self.more)
        self.banner = AssistBanner(ctx)  # while staff help this citizen
        column.addWidget(self.banner)
        self._visit: Visit | None = None

    def add_voice(self, toggle: QPushButton, more: Sequence[QPushButton], *, stays_open: QPushButton) -> None:
        """The voice's controls: on/off in the top right corner, the others first in 更多 (``stays_open``
        keeps the panel open, so the volume can be stepped up and read)."""
        self.row.addWidget(toggle)
        for index, widget in enumerate(more, start=1):
            self.more_row.insertWidget(index, widget)
            if widget is not stays_open:
                widget.clicked.connect(lambda _c=False: self.show_more(False))

    def add_to_more(self, *widgets: QPushButton) -> None:
        for widget in widgets:
            self.more_row.addWidget(widget)
            widget.clicked.connect(lambda _c=False: self.show_more(False))

    def show_more(self, shown: bool) -> None:
        self.more.setVisible(shown)
        self.more_button.setChecked(shown)

    def refresh(self) -> None:
        if self.ctx.desk is not None and self.ctx.visit is not self._visit:
            self._visit = self.ctx.visit  # the next citizen finds 更多 closed
            self.show_more(False)
        self.title.setText(self.ctx.tr(TITLE))
        self.hall_name.set_full(f"· {self.ctx.tr(self.hall)}")
        self.elder_button.setText(self.ctx.tr(ELDER))
        self.elder_button.setChecked(self.ctx.elder)
        self.more_button.setText(self.ctx.tr(MORE))
        self.language_button.setText(self.ctx.tr(OTHER_LANGUAGE))
        self.contrast_button.setText(self.ctx.tr(CONTRAST))
        self.contrast_button.setChecked(self.ctx.high_contrast)
        self.end_button.setText(self.ctx.tr(END))
        self.end_button.setVisible(self.ctx.serving)
        self.call_button.setText(self.ctx.tr(CALL))
        self.call_button.setVisible(self.ctx.desk is not None)
        self.banner.refresh()


class _Elided(QLabel):
    """As much of its text as fits, ending in …: a long hall name never widens the window."""

    def __init__(self) -> None:
        super().__init__()
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(1)
        self._full = ""

    def set_full(self, text: str) -> None:
        self._full = text
        self._fit()

    def _fit(self) -> None:
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.width()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # the elder mode's larger text
            self._fit()


def _toggle(name: str, toggled: Callable[[], None]) -> QPushButton:
    widget = button("", name)
    widget.setCheckable(True)
    widget.clicked.connect(lambda _checked=False: toggled())
    return widget
